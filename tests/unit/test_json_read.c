/* Unit tests for the portal JSON reader: the old service's rows (under data, bare),
 * the new service's evaluation (groupScores as object and as array), the period
 * title from request fields, and bad input. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "reader.h"
#include "rec_sink.h"

static cx_error read_json(const char *js, rec *r, cx_diag *d)
{
    cx_sink s;
    rec_init(r, &s);
    cx_diag_init(d);
    cx_read_opts o = {"p.json", NULL};
    cx_read_info info;
    if (js[0] != '[' || js[1] != '[') assert_int_equal(cx_sniff((const uint8_t *)js, strlen(js)), CX_FMT_JSON);
    cx_error e = cx_read_json((const uint8_t *)js, strlen(js), &o, &s, &info, d);
    assert_int_equal(r->violations, 0);
    if (!e) {
        assert_int_equal(info.format, CX_FMT_JSON);
        assert_int_equal(info.nsheets, 1);
    }
    return e;
}

/* Column index of a header name in row `hdr`, -1 if absent. */
static int col_of(const rec *r, uint32_t hdr, const char *name)
{
    for (uint32_t c = 0; c < 64; c++)
        if (strcmp(rec_text(r, 0, hdr, c), name) == 0) return (int)c;
    return -1;
}

static void test_old_under_data(void **state)
{
    (void)state;
    const char *js = "{\"p_nam\": \"2024\", \"p_thang\": 5, \"data\": ["
                     "{\"ID\": 1, \"TEN_COQUAN\": \"UBND xã Đông Thái - tỉnh An Giang\", \"MA_COQUAN\": \"H01.301\","
                     " \"CKMB\": \"18.00\", \"TDGQ\": \"19.05\", \"TONG_SCORE\": \"97.05\", \"ROW_STT\": 1},"
                     "{\"ID\": 2, \"TEN_COQUAN\": \"Sở Du lịch - tỉnh An Giang\", \"CKMB\": 17.5, \"TONG_SCORE\": null}]}";
    rec r;
    cx_diag d;
    assert_int_equal(read_json(js, &r, &d), CX_OK);
    assert_null(r.sheets[0]);
    assert_string_equal(rec_text(&r, 0, 0, 0), "Tháng 5/2024");
    int name = col_of(&r, 1, "TEN_COQUAN"), ckmb = col_of(&r, 1, "CKMB"), tong = col_of(&r, 1, "TONG_SCORE");
    int id = col_of(&r, 1, "ID [portal]"), stt = col_of(&r, 1, "ROW_STT");
    assert_true(name >= 0 && ckmb >= 0 && tong >= 0 && id >= 0 && stt >= 0);
    assert_string_equal(rec_text(&r, 0, 2, (uint32_t)name), "UBND xã Đông Thái - tỉnh An Giang");
    const rec_cell *c = rec_at(&r, 0, 2, (uint32_t)ckmb);
    assert_int_equal(c->type, CX_CELL_TEXT);          /* strings stay text: "18.00" */
    assert_string_equal(c->text, "18.00");
    c = rec_at(&r, 0, 3, (uint32_t)ckmb);
    assert_true(c->type == CX_CELL_NUMBER && c->num == 17.5);
    assert_null(rec_at(&r, 0, 3, (uint32_t)tong));    /* null is a missing value */
    assert_null(rec_at(&r, 0, 3, (uint32_t)col_of(&r, 1, "MA_COQUAN")));
    rec_free(&r);
    cx_diag_clear(&d);
}

static void test_old_bare_array(void **state)
{
    (void)state;
    const char *js = "[{\"TEN\": \"UBND t\\u1EC9nh B\\u1EAFc Ninh\", \"TONG_SCORE\": \"88.1\"}, 42]";
    rec r;
    cx_diag d;
    assert_int_equal(read_json(js, &r, &d), CX_OK);
    assert_string_equal(rec_text(&r, 0, 0, 0), "TEN");   /* no period: the header comes first */
    assert_string_equal(rec_text(&r, 0, 1, 0), "UBND tỉnh Bắc Ninh");
    assert_int_equal(d.n, 1);   /* the 42 is not a row: said, not dropped silently */
    assert_string_equal(d.items[0].code, "json_not_a_row");
    rec_free(&r);
    cx_diag_clear(&d);
}

static const struct {
    const char *what, *json, *title;
} new_cases[] = {
    {"groupScores object",
     "{\"year\": 2025, \"month\": 8, \"timeType\": \"MONTH\", \"evaluation\": [{\"departmentName\": \"UBND tỉnh Bắc Ninh\","
     " \"departmentCode\": \"H27\", \"totalScore\": 92.7, \"scoreDelta\": -1.25, \"groupScores\": {\"CKMB\": 17.5, \"MDSH\": 18.6}}]}",
     "Tháng 8/2025"},
    {"groupScores array, quarter",
     "{\"request\": {\"year\": \"2025\", \"quarter\": 3, \"timeType\": \"QUARTER\"}, \"result\": {\"evaluation\": ["
     "{\"departmentName\": \"UBND tỉnh Bắc Ninh\", \"departmentCode\": \"H27\", \"totalScore\": 92.7, \"scoreDelta\": -1.25,"
     " \"groupScores\": [{\"code\": \"CKMB\", \"score\": 17.5}, {\"code\": \"MDSH\", \"score\": 18.6}, {\"score\": 1}]}]}}",
     "Quý 3/2025"},
    {"year only", "{\"p_nam\": 2024, \"timeType\": \"YEAR\", \"evaluation\": [{\"departmentName\": \"UBND tỉnh Bắc Ninh\","
     " \"departmentCode\": \"H27\", \"totalScore\": 92.7, \"scoreDelta\": -1.25, \"groupScores\": {\"CKMB\": 17.5, \"MDSH\": 18.6}}]}",
     "Năm 2024"},
    {"double-encoded", "{\"d\": \"{\\\"year\\\": 2025, \\\"month\\\": 8, \\\"evaluation\\\": [{\\\"departmentName\\\": \\\"UBND tỉnh Bắc Ninh\\\","
     " \\\"departmentCode\\\": \\\"H27\\\", \\\"totalScore\\\": 92.7, \\\"scoreDelta\\\": -1.25, \\\"groupScores\\\": {\\\"CKMB\\\": 17.5, \\\"MDSH\\\": 18.6}}]}\"}",
     "Tháng 8/2025"},
};

static void test_new_service(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof new_cases / sizeof new_cases[0]; i++) {
        rec r;
        cx_diag d;
        if (read_json(new_cases[i].json, &r, &d) != CX_OK) fail_msg("%s: %s", new_cases[i].what, d.errmsg);
        assert_string_equal(rec_text(&r, 0, 0, 0), new_cases[i].title);
        int name = col_of(&r, 1, "departmentName [name]"), code = col_of(&r, 1, "departmentCode [code]");
        int tot = col_of(&r, 1, "totalScore [diem_tong_hop]"), delta = col_of(&r, 1, "scoreDelta [tang_giam]");
        int ckmb = col_of(&r, 1, "CKMB"), mdsh = col_of(&r, 1, "MDSH");
        if (name < 0 || code < 0 || tot < 0 || delta < 0 || ckmb < 0 || mdsh < 0) fail_msg("%s: a column is missing", new_cases[i].what);
        assert_int_equal(col_of(&r, 1, "groupScores"), -1);
        assert_string_equal(rec_text(&r, 0, 2, (uint32_t)name), "UBND tỉnh Bắc Ninh");
        assert_string_equal(rec_text(&r, 0, 2, (uint32_t)code), "H27");
        assert_true(rec_at(&r, 0, 2, (uint32_t)tot)->num == 92.7);
        assert_true(rec_at(&r, 0, 2, (uint32_t)delta)->num == -1.25);
        assert_true(rec_at(&r, 0, 2, (uint32_t)ckmb)->num == 17.5);
        assert_true(rec_at(&r, 0, 2, (uint32_t)mdsh)->num == 18.6);
        rec_free(&r);
        cx_diag_clear(&d);
    }
}

static void test_bad_json(void **state)
{
    (void)state;
    rec r;
    cx_diag d;
    assert_int_equal(read_json("{\"data\": [\n{\"TEN\": \"x\",}\n]}", &r, &d), CX_ERR_FORMAT);
    assert_non_null(strstr(d.errmsg, "p.json, line 2, column"));
    assert_non_null(strstr(d.errmsg, "invalid JSON"));
    rec_free(&r);
    cx_diag_clear(&d);
    assert_int_equal(read_json("{\"status\": \"ok\", \"data\": []}", &r, &d), CX_ERR_NO_TABLE);
    assert_non_null(strstr(d.errmsg, "p.json: JSON without the portal's rows"));
    rec_free(&r);
    cx_diag_clear(&d);
    /* a period field that is a huge real (found by fuzz_json: a cast to long was UB) */
    assert_int_equal(read_json("{\"year\": 2E025, \"month\": 1e300, \"data\": [{\"TEN\": \"x\"}]}", &r, &d), CX_OK);
    assert_string_equal(rec_text(&r, 0, 0, 0), "TEN");
    rec_free(&r);
    cx_diag_clear(&d);
    /* deep nesting is refused by jansson's depth limit, never a stack overflow */
    size_t n = 100000;
    char *deep = malloc(2 * n + 16);
    memset(deep, '[', n);
    strcpy(deep + n, "{\"a\":1}");
    memset(deep + n + 7, ']', n);
    deep[2 * n + 7] = '\0';
    assert_int_equal(read_json(deep, &r, &d), CX_ERR_FORMAT);
    rec_free(&r);
    cx_diag_clear(&d);
    free(deep);
}

static void test_files(void **state)
{
    (void)state;
    static const char *const files[] = {"tests/data/json/portal-old-data.json", "tests/data/json/portal-old-bare.json",
                                        "tests/data/json/portal-new-evaluation.json",
                                        "tests/data/json/portal-new-groups-array.json"};
    static const uint32_t units[] = {4, 4, 3, 3};
    for (size_t i = 0; i < 4; i++) {
        size_t len;
        uint8_t *b = rec_slurp(files[i], &len);
        assert_non_null(b);
        rec r;
        cx_sink s;
        rec_init(&r, &s);
        cx_diag d;
        cx_diag_init(&d);
        cx_read_opts o = {files[i], NULL};
        cx_read_info info;
        assert_int_equal(cx_read_buffer(b, len, &o, &s, &info, &d), CX_OK);
        assert_int_equal(info.format, CX_FMT_JSON);
        uint32_t hdr = i == 1 ? 0 : 1;
        assert_int_equal(r.rows[0], hdr + 1 + units[i]);
        int ckmb = col_of(&r, hdr, "CKMB");
        assert_true(ckmb >= 0);
        assert_non_null(rec_at(&r, 0, hdr + 1, (uint32_t)ckmb));
        rec_free(&r);
        cx_diag_clear(&d);
        free(b);
    }
}

/* fromDate/toDate spanning exactly a month, a quarter or a year is that period, else a range;
 * a group file (maximum 20) gives the group's columns, never diem_tong_hop. */
static void test_dates_and_groups(void **state)
{
    (void)state;
    static const struct { const char *from, *to, *title; } cases[] = {
        {"2026-08-01", "2026-08-31", "Tháng 8/2026"},
        {"2026-07-01T00:00:00", "2026-09-30T23:59:59", "Quý 3/2026"},
        {"01/01/2026", "31/12/2026", "Năm 2026"},
        {"2024-02-01", "2024-02-29", "Tháng 2/2024"},
        {"2026-08-01", "2026-08-15", "Từ ngày 01/08/2026 đến ngày 15/08/2026"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char js[512];
        snprintf(js, sizeof js, "{\"request\": {\"fromDate\": \"%s\", \"toDate\": \"%s\"}, \"data\": {\"parent\": "
                 "{\"departmentName\": \"UBND tỉnh Phú Thọ\", \"totalScore\": 15.68, \"totalMaxScore\": 20, \"ratio\": 78.38}, "
                 "\"children\": [{\"departmentName\": \"UBND xã Chí Đám\", \"score\": 20, \"maxScore\": 20, \"ratio\": 100, "
                 "\"totalReceived\": 12, \"level\": \"COMMUNE\"}]}, \"code\": 200, \"message\": \"\"}", cases[i].from, cases[i].to);
        rec r;
        cx_diag d;
        if (read_json(js, &r, &d) != CX_OK) fail_msg("%s: %s", cases[i].title, d.errmsg);
        assert_string_equal(rec_text(&r, 0, 0, 0), cases[i].title);
        assert_true(col_of(&r, 1, "totalScore [tien_do_giai_quyet_diem]") >= 0);
        assert_true(col_of(&r, 1, "ratio [tien_do_giai_quyet]") >= 0);
        assert_true(col_of(&r, 1, "totalReceived [ho_so_tiep_nhan]") >= 0);
        assert_true(col_of(&r, 1, "maxScore [portal]") >= 0);
        int kind = col_of(&r, 1, "kind [kind]");
        assert_true(kind >= 0);
        assert_string_equal(rec_text(&r, 0, 2, (uint32_t)kind), "tong");   /* the parent first, a total row */
        assert_int_equal(d.n, 0);
        rec_free(&r);
        cx_diag_clear(&d);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_old_under_data),
        cmocka_unit_test(test_old_bare_array),
        cmocka_unit_test(test_new_service),
        cmocka_unit_test(test_bad_json),
        cmocka_unit_test(test_files),
        cmocka_unit_test(test_dates_and_groups),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
