/* Unit tests for spool.c: units parked on disk come back exactly (strings, NULLs, values,
 * references, --to-2025 units), in order across several chunks and a resident tail;
 * a rewrite after a change replaces the old copy; counts and present bits stay right. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "model.h"
#include "spool.h"

static void add(cx_snapshot *s, int i)
{
    cx_unit *u = cx_snapshot_add_unit(s);
    char buf[64];
    snprintf(buf, sizeof buf, "Xã Phú Thạnh %d", i);
    u->name = strdup(buf);
    u->key = strdup(buf + 4);
    u->raw_name = i % 3 ? strdup(buf) : NULL;            /* a NULL string survives */
    u->code = i % 2 ? strdup("30292") : NULL;
    u->official_name = i == 4 ? strdup("") : NULL;       /* an empty one too */
    u->kind = i == 0 ? CX_KIND_TONG : CX_KIND_XA;
    u->stt = i == 0 ? -1 : i;
    u->name_ref = (cx_cellref){0, 0, (uint32_t)(7 + i), 1};
    cx_unit_set(u, CX_IND_DIEM_TONG_HOP, 80.0 + i / 7.0);
    u->ref[CX_IND_DIEM_TONG_HOP] = (cx_cellref){0, 0, (uint32_t)(7 + i), 2};
    if (i % 2) {
        cx_unit_set(u, CX_IND_CHUNG_THUC_DIEN_TU, 1746);
        u->ref[CX_IND_CHUNG_THUC_DIEN_TU] = (cx_cellref){0, 0, (uint32_t)(7 + i), 9};
    }
    if (i == 5) {
        u->newunits = calloc(2, sizeof *u->newunits);
        u->newunits[0] = (cx_newunit){strdup("30301"), strdup("Phú Lâm"), 1};
        u->newunits[1] = (cx_newunit){NULL, strdup("Phú Hiệp"), 0};
        u->nnewunits = 2;
    }
}

static void check(const cx_snapshot *s, size_t n)
{
    assert_int_equal(s->nunits, n);
    for (size_t i = 0; i < n; i++) {
        const cx_unit *u = &s->units[i];
        char buf[64];
        snprintf(buf, sizeof buf, "Xã Phú Thạnh %zu", i);
        assert_string_equal(u->name, buf);
        assert_string_equal(u->key, buf + 4);
        if (i % 3) assert_string_equal(u->raw_name, buf); else assert_null(u->raw_name);
        if (i % 2) assert_string_equal(u->code, "30292"); else assert_null(u->code);
        if (i == 4) assert_string_equal(u->official_name, ""); else assert_null(u->official_name);
        assert_int_equal(u->kind, i == 0 ? CX_KIND_TONG : CX_KIND_XA);
        assert_int_equal(u->stt, i == 0 ? -1 : (long)i);
        assert_int_equal(u->name_ref.row, 7 + i);
        assert_true(u->v[CX_IND_DIEM_TONG_HOP] == 80.0 + (double)i / 7.0);   /* bit for bit */
        assert_int_equal(u->ref[CX_IND_DIEM_TONG_HOP].col, 2);
        assert_int_equal(cx_unit_has(u, CX_IND_CHUNG_THUC_DIEN_TU), i % 2);
        assert_int_equal(u->ref[CX_IND_XEP_LOAI].source, -1);                 /* untouched refs stay empty */
        assert_int_equal(u->ref[CX_IND_XEP_LOAI].row, 0);
        if (i == 5) {
            assert_int_equal(u->nnewunits, 2);
            assert_string_equal(u->newunits[0].code, "30301");
            assert_int_equal(u->newunits[0].full, 1);
            assert_null(u->newunits[1].code);
            assert_string_equal(u->newunits[1].name, "Phú Hiệp");
        } else {
            assert_int_equal(u->nnewunits, 0);
        }
    }
}

static void test_round_trip(void **state)
{
    (void)state;
    cx_diag d;
    cx_diag_init(&d);
    cx_spool *sp = cx_spool_new(NULL, 0);
    assert_non_null(sp);
    cx_snapshot *s = cx_snapshot_new();
    for (int i = 0; i < 4; i++) add(s, i);
    assert_false(cx_snapshot_parked(s));
    assert_int_equal(cx_snapshot_release(s, 0, &d), CX_OK);   /* never parked: nothing happens */
    assert_int_equal(s->nunits, 4);
    assert_int_equal(cx_snapshot_park(s, sp, &d), CX_OK);
    assert_true(cx_snapshot_parked(s));
    assert_int_equal(s->nunits, 0);
    assert_int_equal(cx_snapshot_count(s), 4);
    assert_false(cx_snapshot_resident(s));
    for (int i = 4; i < 7; i++) add(s, i);                    /* routed after parking: a tail */
    assert_int_equal(cx_snapshot_count(s), 7);
    assert_int_equal(cx_snapshot_park(s, sp, &d), CX_OK);         /* a second chunk */
    add(s, 7);
    assert_int_equal(cx_snapshot_present(s), CX_BIT(CX_IND_DIEM_TONG_HOP) | CX_BIT(CX_IND_CHUNG_THUC_DIEN_TU));
    assert_int_equal(cx_snapshot_acquire(s, &d), CX_OK);
    assert_true(cx_snapshot_resident(s));
    check(s, 8);
    assert_int_equal(cx_snapshot_acquire(s, &d), CX_OK);      /* twice is once */
    check(s, 8);
    /* Unchanged: the units go, the tail is written; back again, the same. */
    assert_int_equal(cx_snapshot_release(s, 0, &d), CX_OK);
    assert_int_equal(s->nunits, 0);
    assert_int_equal(cx_snapshot_count(s), 8);
    assert_int_equal(cx_snapshot_acquire(s, &d), CX_OK);
    check(s, 8);
    /* Changed: the new values replace the parked copy. */
    s->units[3].v[CX_IND_DIEM_TONG_HOP] = 12.5;
    free(s->units[3].code);
    s->units[3].code = strdup("99999");
    assert_int_equal(cx_snapshot_release(s, 1, &d), CX_OK);
    assert_int_equal(cx_snapshot_count(s), 8);
    assert_int_equal(cx_snapshot_acquire(s, &d), CX_OK);
    assert_int_equal(s->nunits, 8);
    assert_true(s->units[3].v[CX_IND_DIEM_TONG_HOP] == 12.5);
    assert_string_equal(s->units[3].code, "99999");
    assert_string_equal(s->units[7].name, "Xã Phú Thạnh 7");
    cx_snapshot_free(s);                                      /* resident and parked: no leak */
    cx_snapshot *t = cx_snapshot_new();
    add(t, 0);
    assert_int_equal(cx_snapshot_park(t, sp, &d), CX_OK);
    cx_snapshot_free(t);                                      /* parked, never acquired */
    assert_int_equal(d.n, 0);
    assert_true(cx_spool_bytes(sp) > 0);
    cx_spool_free(sp);
    cx_diag_clear(&d);
}

static void test_budget(void **state)
{
    (void)state;
    cx_spool *sp = cx_spool_new("/tmp", 7);
    assert_int_equal(cx_spool_budget(sp), 7);
    cx_spool_free(sp);
    sp = cx_spool_new(NULL, 0);
    assert_int_equal(cx_spool_budget(sp), 8192);
    assert_int_equal(cx_spool_bytes(sp), 0);   /* no file until a snapshot parks */
    cx_spool_free(sp);
    assert_true(cx_spool_budget(NULL) == SIZE_MAX);   /* no spool: never park */
    cx_diag diag;
    cx_diag_init(&diag);
    cx_snapshot *s = cx_snapshot_new();
    add(s, 0);
    assert_int_equal(cx_snapshot_park(s, NULL, &diag), CX_OK);
    assert_false(cx_snapshot_parked(s));
    assert_int_equal(s->nunits, 1);
    cx_snapshot_free(s);
    cx_diag_clear(&diag);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_budget),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
