/* Unit tests for json_write.c: the canonical JSON of the spec, from a hand-built
 * snapshot of reference 001, parsed back with jansson. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <jansson.h>
#include "writer.h"
#include "fixture_phu_tan.h"

static char *write_json(cx_snapshot *const *snaps, size_t n, const cx_diag *warnings)
{
    fx_mem m;
    cx_diag d;
    cx_diag_init(&d);
    cx_write_opts o = {.diag = warnings};
    assert_non_null(fx_mem_open(&m));
    assert_int_equal(cx_write_json(snaps, n, &o, m.f, &d), CX_OK);
    fx_mem_close(&m);
    cx_diag_clear(&d);
    return m.buf;
}

static json_t *parse(const char *text)
{
    json_error_t e;
    json_t *j = json_loads(text, 0, &e);
    if (!j) fail_msg("invalid JSON at line %d: %s\n%s", e.line, e.text, text);
    return j;
}

static void test_spec_shape(void **state)
{
    (void)state;
    cx_snapshot *s = fx_build_phu_tan();
    cx_diag w;
    cx_diag_init(&w);
    cx_warn(&w, "xep_loai_mismatch", "phu-tan-2024-t5-w1.csv", "phu-tan-2024-t5-w1", 12, 3, "printed %s", "TỐT");
    char *text = write_json(&s, 1, &w);
    json_t *j = parse(text);
    assert_true(json_is_object(j));
    assert_string_equal(json_string_value(json_object_get(j, "schema")), "chiso/1");
    json_t *src = json_array_get(json_object_get(j, "sources"), 0);
    assert_string_equal(json_string_value(json_object_get(src, "path")), "phu-tan-2024-t5-w1.csv");
    assert_string_equal(json_string_value(json_object_get(src, "format")), "csv");
    assert_string_equal(json_string_value(json_object_get(src, "encoding")), "utf-8");
    assert_string_equal(json_string_value(json_array_get(json_object_get(src, "sheets"), 0)), "phu-tan-2024-t5-w1");
    assert_string_equal(json_string_value(json_object_get(j, "scope")), "Phú Tân");
    json_t *p = json_object_get(j, "period");
    assert_string_equal(json_string_value(json_object_get(p, "label")), "Tháng 5 - Tuần 01");
    assert_int_equal(json_integer_value(json_object_get(p, "year")), 2024);
    assert_int_equal(json_integer_value(json_object_get(p, "month")), 5);
    assert_int_equal(json_integer_value(json_object_get(p, "week")), 1);
    assert_string_equal(json_string_value(json_object_get(p, "cutoff")), "2024-05-06");

    json_t *units = json_object_get(j, "units");
    assert_int_equal(json_array_size(units), FX_NROWS);
    /* Source order, total row in place, without stt. */
    json_t *tot = json_array_get(units, 0);
    assert_string_equal(json_string_value(json_object_get(tot, "name")), "Toàn huyện");
    assert_string_equal(json_string_value(json_object_get(tot, "kind")), "tong");
    assert_null(json_object_get(tot, "stt"));
    assert_true(json_is_null(json_object_get(tot, "code")));
    json_t *u1 = json_array_get(units, 1);
    assert_string_equal(json_string_value(json_object_get(u1, "key")), "phú hùng");
    assert_int_equal(json_integer_value(json_object_get(u1, "stt")), 1);
    json_t *v = json_object_get(u1, "values");
    assert_string_equal(json_string_value(json_object_get(v, "xep_loai")), "tot");
    assert_true(json_real_value(json_object_get(v, "diem_tong_hop")) == 89.21);
    /* Whole numbers are written as integers: 100, not 100.0. */
    assert_true(json_is_integer(json_object_get(v, "cong_khai_minh_bach")));
    assert_int_equal(json_integer_value(json_object_get(v, "cong_khai_minh_bach")), 100);
    /* Every unit: every present value round-trips exactly. */
    for (size_t r = 0; r < FX_NROWS; r++) {
        json_t *vv = json_object_get(json_array_get(units, r), "values");
        assert_true(json_number_value(json_object_get(vv, "tang_giam")) == fx_phu_tan[r].tang_giam);
        assert_true(json_number_value(json_object_get(vv, "so_hoa_ho_so")) == fx_phu_tan[r].shhs);
        assert_null(json_object_get(vv, "muc_do_hai_long"));   /* missing: absent */
    }
    assert_string_equal(json_string_value(json_object_get(json_object_get(json_array_get(units, 18), "values"), "xep_loai")), "trung_binh");
    /* Printed shortest: the text has 89.21, not 89.209999999999994. */
    assert_non_null(strstr(text, "\"diem_tong_hop\": 89.21,"));
    assert_non_null(strstr(text, "\"tang_giam\": -0.02,"));

    json_t *ws = json_object_get(j, "warnings");
    assert_int_equal(json_array_size(ws), 1);
    json_t *w0 = json_array_get(ws, 0);
    assert_string_equal(json_string_value(json_object_get(w0, "code")), "xep_loai_mismatch");
    assert_string_equal(json_string_value(json_object_get(w0, "message")), "printed TỐT");
    assert_string_equal(json_string_value(json_object_get(w0, "sheet")), "phu-tan-2024-t5-w1");
    assert_int_equal(json_integer_value(json_object_get(w0, "row")), 12);
    assert_string_equal(json_string_value(json_object_get(w0, "column")), "D");
    json_decref(j);
    free(text);
    cx_diag_clear(&w);
    cx_snapshot_free(s);
}

static void test_unknowns_are_null(void **state)
{
    (void)state;
    cx_snapshot *s = cx_snapshot_new();
    cx_unit *u = cx_snapshot_add_unit(s);
    u->name = strdup("Xã Lạ");
    u->key = strdup("xã lạ");
    cx_diag w;
    cx_diag_init(&w);
    cx_warn(&w, "no_period", NULL, NULL, 0, -1, "no period");
    char *text = write_json(&s, 1, &w);
    json_t *j = parse(text);
    assert_int_equal(json_array_size(json_object_get(j, "sources")), 0);
    assert_true(json_is_null(json_object_get(j, "scope")));
    json_t *p = json_object_get(j, "period");
    const char *fields[] = {"label", "year", "month", "week", "cutoff"};
    for (size_t i = 0; i < 5; i++) {
        assert_non_null(json_object_get(p, fields[i]));
        assert_true(json_is_null(json_object_get(p, fields[i])));
    }
    json_t *u0 = json_array_get(json_object_get(j, "units"), 0);
    assert_true(json_is_null(json_object_get(u0, "kind")));
    assert_true(json_is_null(json_object_get(u0, "code")));
    assert_int_equal(json_object_size(json_object_get(u0, "values")), 0);
    json_t *w0 = json_array_get(json_object_get(j, "warnings"), 0);
    assert_true(json_is_null(json_object_get(w0, "source")));
    assert_true(json_is_null(json_object_get(w0, "row")));
    assert_true(json_is_null(json_object_get(w0, "column")));
    json_decref(j);
    free(text);
    cx_diag_clear(&w);
    cx_snapshot_free(s);
}

/* Table-driven: names that need escaping survive the round trip. */
static void test_escaping(void **state)
{
    (void)state;
    static const struct { const char *in, *want; } cases[] = {
        {"Phú \"Hùng\"", "Phú \"Hùng\""},
        {"a\\b", "a\\b"},
        {"line\nbreak\ttab\r", "line\nbreak\ttab\r"},
        {"\x01\x1f", "\x01\x1f"},
        {"Đông Thái – ấp 3 😀", "Đông Thái – ấp 3 😀"},
        {"bad \xff byte", "bad \xef\xbf\xbd byte"},          /* invalid UTF-8 -> U+FFFD */
        {"cut \xe1\xbb", "cut \xef\xbf\xbd\xef\xbf\xbd"},     /* truncated sequence */
        {"surrogate \xed\xa0\x80", "surrogate \xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        cx_snapshot *s = cx_snapshot_new();
        cx_unit *u = cx_snapshot_add_unit(s);
        u->name = strdup(cases[i].in);
        u->key = strdup("k");
        char *text = write_json(&s, 1, NULL);
        json_t *j = parse(text);
        const char *got = json_string_value(json_object_get(json_array_get(json_object_get(j, "units"), 0), "name"));
        assert_non_null(got);
        assert_string_equal(got, cases[i].want);
        json_decref(j);
        free(text);
        cx_snapshot_free(s);
    }
}

static void test_several_snapshots(void **state)
{
    (void)state;
    cx_snapshot *a = fx_build_phu_tan();
    cx_snapshot *b = fx_build_phu_tan();
    free(b->sources[0].path);
    b->sources[0].path = strdup("other.csv");
    cx_diag w;
    cx_diag_init(&w);
    cx_warn(&w, "x", "phu-tan-2024-t5-w1.csv", NULL, 3, -1, "for a");
    cx_warn(&w, "y", "other.csv", NULL, 4, 1, "for b");
    cx_warn(&w, "z", NULL, NULL, 0, -1, "for both");
    cx_snapshot *snaps[] = {a, b};
    char *text = write_json(snaps, 2, &w);
    json_t *j = parse(text);
    assert_true(json_is_array(j));
    assert_int_equal(json_array_size(j), 2);
    json_t *wa = json_object_get(json_array_get(j, 0), "warnings");
    json_t *wb = json_object_get(json_array_get(j, 1), "warnings");
    assert_int_equal(json_array_size(wa), 2);
    assert_int_equal(json_array_size(wb), 2);
    assert_string_equal(json_string_value(json_object_get(json_array_get(wa, 0), "code")), "x");
    assert_string_equal(json_string_value(json_object_get(json_array_get(wb, 0), "code")), "y");
    assert_string_equal(json_string_value(json_object_get(json_array_get(wb, 1), "code")), "z");
    json_decref(j);
    free(text);
    cx_diag_clear(&w);
    cx_snapshot_free(a);
    cx_snapshot_free(b);
}

static void test_new_units(void **state)
{
    (void)state;
    cx_snapshot *s = fx_build_phu_tan();
    cx_unit *u = &s->units[1];
    u->newunits = calloc(2, sizeof *u->newunits);
    u->nnewunits = 2;
    u->newunits[0].code = strdup("30280");
    u->newunits[0].name = strdup("Phú Tân");
    u->newunits[0].full = 1;
    u->newunits[1].code = NULL;
    u->newunits[1].name = strdup("Chợ Vàm");
    u->newunits[1].full = 0;
    char *text = write_json(&s, 1, NULL);
    json_t *j = parse(text);
    json_t *units = json_object_get(j, "units");
    json_t *nu = json_object_get(json_array_get(units, 1), "new_units");
    assert_int_equal(json_array_size(nu), 2);
    assert_string_equal(json_string_value(json_object_get(json_array_get(nu, 0), "code")), "30280");
    assert_string_equal(json_string_value(json_object_get(json_array_get(nu, 0), "part")), "full");
    assert_true(json_is_null(json_object_get(json_array_get(nu, 1), "code")));
    assert_string_equal(json_string_value(json_object_get(json_array_get(nu, 1), "part")), "partial");
    assert_null(json_object_get(json_array_get(units, 2), "new_units"));
    json_decref(j);
    free(text);
    cx_snapshot_free(s);
}

static void test_nothing_and_write_error(void **state)
{
    (void)state;
    cx_diag d;
    cx_diag_init(&d);
    cx_write_opts o = {0};
    assert_int_equal(cx_write_json(NULL, 0, &o, stdout, &d), CX_ERR_NO_TABLE);
    cx_snapshot *s = fx_build_phu_tan();
    FILE *full = fopen("/dev/full", "w");
    if (full) {
        assert_int_equal(cx_write_json(&s, 1, &o, full, &d), CX_ERR_WRITE);
        assert_non_null(strstr(d.errmsg, "JSON"));
        fclose(full);
    }
    cx_snapshot_free(s);
    cx_diag_clear(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_spec_shape),
        cmocka_unit_test(test_unknowns_are_null),
        cmocka_unit_test(test_escaping),
        cmocka_unit_test(test_several_snapshots),
        cmocka_unit_test(test_new_units),
        cmocka_unit_test(test_nothing_and_write_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
