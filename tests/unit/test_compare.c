/* Unit tests for compare.c on hand-built snapshots: reference 001 joined with its
 * previous month written differently (Xã Hoà Lạc, PHU HUNG, Thị trấn Chợ Vàm). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <cmocka.h>
#include "compare.h"
#include "fold.h"
#include "ref001.h"

/* The previous month: names as another office would type them, keys as names.c makes
 * them (prefix gone, tone style unified, lower case; "PHU HUNG" keeps no marks). */
static cx_snapshot *prev_month(int drop_last)
{
    cx_snapshot *p = cx_snapshot_new();
    cx_snapshot_add_source(p, "phu-tan-2024-t4.csv", "csv", "utf-8");
    p->period = (cx_period){.label = strdup("THÁNG 4"), .year = 2024, .month = 4};
    for (size_t i = 0; i < REF001_N - (drop_last ? 1 : 0); i++) {
        cx_unit *u = cx_snapshot_add_unit(p);
        const char *raw = ref001[i].name, *key = ref001[i].key;
        if (strcmp(key, "hòa lạc") == 0) raw = "Xã Hoà Lạc";
        if (strcmp(key, "phú hùng") == 0) { raw = "PHU HUNG"; key = "phu hung"; }
        if (strcmp(key, "chợ vàm") == 0) raw = "Thị trấn Chợ Vàm";
        u->raw_name = strdup(raw);
        u->name = strdup(raw);
        u->key = strdup(key);
        u->kind = i == 0 ? CX_KIND_TONG : CX_KIND_XA;
        u->name_ref = (cx_cellref){0, -1, (uint32_t)(5 + i), 1};
        cx_unit_set(u, CX_IND_DIEM_TONG_HOP, ref001[i].prev);
    }
    return p;
}

static size_t count_code(const cx_diag *d, const char *code)
{
    size_t n = 0;
    for (size_t i = 0; i < d->n; i++) n += strcmp(d->items[i].code, code) == 0;
    return n;
}

static void test_fills_previous(void **state)
{
    (void)state;
    cx_snapshot *cur = ref001_snapshot(0);
    cx_snapshot *prev = prev_month(0);
    cx_diag d;
    cx_diag_init(&d);
    assert_int_equal(cx_compare_previous(cur, prev, &d), CX_OK);
    for (size_t i = 0; i < REF001_N; i++) {
        const cx_unit *u = &cur->units[i];
        assert_true(cx_unit_has(u, CX_IND_DIEM_KY_TRUOC));
        assert_true(cx_unit_has(u, CX_IND_TANG_GIAM));
        assert_true(fabs(u->v[CX_IND_DIEM_KY_TRUOC] - ref001[i].prev) < 1e-9);
        if (fabs(u->v[CX_IND_TANG_GIAM] - ref001[i].delta) > 1e-9) {
            print_error("%s: change %.2f, printed %.2f\n", u->name, u->v[CX_IND_TANG_GIAM], ref001[i].delta);
            fail();
        }
        assert_int_equal(u->ref[CX_IND_TANG_GIAM].source, -1);
        assert_int_equal(u->ref[CX_IND_DIEM_KY_TRUOC].source, -1);
    }
    assert_true(cur->columns & CX_BIT(CX_IND_TANG_GIAM));
    assert_string_equal(cur->prev_label, "Tháng 4");
    assert_int_equal(cur->prev_period.month, 4);
    /* PHU HUNG matched without accents: one warning, nothing else. */
    assert_int_equal(count_code(&d, "unit_fuzzy_match"), 1);
    assert_int_equal(d.n, 1);
    cx_diag_clear(&d);
    cx_snapshot_free(cur);
    cx_snapshot_free(prev);
}

static void test_checks_printed(void **state)
{
    (void)state;
    cx_snapshot *cur = ref001_snapshot(1);
    cx_snapshot *prev = prev_month(0);
    /* One printed value off by a typo. */
    cur->units[3].v[CX_IND_DIEM_KY_TRUOC] = 89.60;
    cx_diag d;
    cx_diag_init(&d);
    assert_int_equal(cx_compare_previous(cur, prev, &d), CX_OK);
    assert_int_equal(count_code(&d, "previous_mismatch"), 1);
    for (size_t i = 0; i < d.n; i++)
        if (strcmp(d.items[i].code, "previous_mismatch") == 0) {
            assert_non_null(strstr(d.items[i].message, "Tân Hòa"));
            assert_non_null(strstr(d.items[i].message, "E9"));
            assert_int_equal(d.items[i].row, 9);
            assert_int_equal(d.items[i].col, 4);
        }
    /* The printed value is kept, not silently replaced. */
    assert_true(fabs(cur->units[3].v[CX_IND_DIEM_KY_TRUOC] - 89.60) < 1e-9);
    cx_diag_clear(&d);
    cx_snapshot_free(cur);
    cx_snapshot_free(prev);
}

static void test_only_in_one(void **state)
{
    (void)state;
    cx_snapshot *cur = ref001_snapshot(0);
    cx_snapshot *prev = prev_month(1);   /* Phú Long missing */
    cx_unit *x = cx_snapshot_add_unit(prev);
    x->name = strdup("Tân Bình"); x->key = strdup("tân bình"); x->kind = CX_KIND_XA;
    cx_unit_set(x, CX_IND_DIEM_TONG_HOP, 70);
    cx_diag d;
    cx_diag_init(&d);
    assert_int_equal(cx_compare_previous(cur, prev, &d), CX_OK);
    assert_int_equal(count_code(&d, "unit_only_current"), 1);
    assert_int_equal(count_code(&d, "unit_only_previous"), 1);
    for (size_t i = 0; i < d.n; i++) {
        if (strcmp(d.items[i].code, "unit_only_current") == 0) assert_non_null(strstr(d.items[i].message, "Phú Long"));
        if (strcmp(d.items[i].code, "unit_only_previous") == 0) assert_non_null(strstr(d.items[i].message, "Tân Bình"));
    }
    assert_false(cx_unit_has(&cur->units[REF001_N - 1], CX_IND_TANG_GIAM));
    cx_diag_clear(&d);
    cx_snapshot_free(cur);
    cx_snapshot_free(prev);
}

static void test_never_guesses(void **state)
{
    (void)state;
    /* "PHU THANH" folds like both Phú Thành and Phú Thạnh: it must match neither. */
    cx_snapshot *cur = ref001_snapshot(0);
    cx_snapshot *prev = cx_snapshot_new();
    cx_snapshot_add_source(prev, "p.csv", "csv", "utf-8");
    cx_unit *u = cx_snapshot_add_unit(prev);
    u->name = strdup("PHU THANH"); u->key = strdup("phu thanh"); u->kind = CX_KIND_XA;
    cx_unit_set(u, CX_IND_DIEM_TONG_HOP, 50);
    int fuzzy = 5;
    assert_int_equal(cx_match_unit(prev, &cur->units[4], &fuzzy), 0);   /* single candidate the other way */
    assert_int_equal(fuzzy, 1);
    cx_diag d;
    cx_diag_init(&d);
    assert_int_equal(cx_compare_previous(cur, prev, &d), CX_OK);
    assert_false(cx_unit_has(&cur->units[4], CX_IND_DIEM_KY_TRUOC));
    assert_false(cx_unit_has(&cur->units[11], CX_IND_DIEM_KY_TRUOC));
    assert_int_equal(count_code(&d, "unit_only_previous"), 1);
    cx_diag_clear(&d);
    /* Codes decide when both carry one, whatever the names say. */
    free(cur->units[5].code); cur->units[5].code = strdup("30424");
    u->code = strdup("30424");
    assert_int_equal(cx_match_unit(prev, &cur->units[5], &fuzzy), 0);
    assert_int_equal(fuzzy, 0);
    cx_snapshot_free(cur);
    cx_snapshot_free(prev);
}

static void test_pick_previous(void **state)
{
    (void)state;
    cx_snapshot *cur = ref001_snapshot(0);   /* Tháng 5 - Tuần 01 2024, Phú Tân */
    cx_snapshot *s[4];
    static const int months[4] = {3, 4, 5, 4};
    for (int i = 0; i < 4; i++) {
        s[i] = cx_snapshot_new();
        s[i]->period = (cx_period){.year = 2024, .month = months[i], .week = i == 2 ? 2 : 0};
        s[i]->scope = strdup(i == 3 ? "Chợ Mới" : "PHÚ TÂN");
    }
    assert_ptr_equal(cx_pick_previous(s, 4, cur), s[1]);   /* April, same district; not May w2 */
    assert_ptr_equal(cx_pick_previous(s, 1, cur), s[0]);
    assert_null(cx_pick_previous(s, 0, cur));
    for (int i = 0; i < 4; i++) cx_snapshot_free(s[i]);
    cx_snapshot_free(cur);
    /* The folded names the fallback compares. */
    static const struct { const char *in, *out; } f[] = {
        {"Xã Hoà Lạc", "hoa lac"}, {"PHU HUNG", "phu hung"}, {"Thị trấn Chợ Vàm", "cho vam"},
        {"UBND xã Phú Mỹ", "phu mi"}, {"TT. Phú Mỹ", "phu mi"}, {"Bình  Thạnh\nĐông", "binh thanh dong"},
    };
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
        char *o = cx_fold_name(f[i].in);
        assert_string_equal(o, f[i].out);
        free(o);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fills_previous),
        cmocka_unit_test(test_checks_printed),
        cmocka_unit_test(test_only_in_one),
        cmocka_unit_test(test_never_guesses),
        cmocka_unit_test(test_pick_previous),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
