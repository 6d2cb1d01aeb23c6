/* Unit tests for period.c: every title, cutoff, heading, file-name and long-table form
 * the references and issues show; what cannot be told stays 0. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "period.h"

typedef struct { const char *text; int found, year, month, week, quarter; } pcase;

static void check(const pcase *c, const cx_period *p, int found)
{
    if (found != c->found || p->year != c->year || p->month != c->month || p->week != c->week ||
        p->quarter != c->quarter) {
        print_error("'%s': got found=%d y=%d m=%d w=%d q=%d, want found=%d y=%d m=%d w=%d q=%d\n", c->text,
                    found, p->year, p->month, p->week, p->quarter, c->found, c->year, c->month, c->week, c->quarter);
        fail();
    }
}

static void test_titles(void **state)
{
    (void)state;
    static const pcase cases[] = {
        {"THÁNG 5 (Tuần 01)", 1, 0, 5, 1, 0},
        {"BỘ CHỈ SỐ PHỤC VỤ NGƯỜI DÂN, DOANH NGHIỆP TRONG THỰC HIỆN TTHC, CUNG CẤP DỊCH VỤ CÔNG - THÁNG 5 (Tuần 01)", 1, 0, 5, 1, 0},
        {"Kết quả xếp loại các đơn vị theo Bộ Chỉ số phục vụ người dân, doanh nghiệp (Quyết định số 766/QĐ-TTg) Tháng 5 – Tuần 01", 1, 0, 5, 1, 0},
        {"Tháng 12 – Tuần 1", 1, 0, 12, 1, 0},
        {"Tuần 1 của tháng 12 năm 2023", 1, 2023, 12, 1, 0},
        {"tháng 02/2024", 1, 2024, 2, 0, 0},
        {"UBND các xã, thị trấn tháng 2/2024", 1, 2024, 2, 0, 0},
        {"Tháng 3 - Tuần 01 năm 2025", 1, 2025, 3, 1, 0},
        {"trong tháng 3 - Tuần 01 năm 2025 như", 1, 2025, 3, 1, 0},
        {"cung cấp dịch vụ công tháng 12/2024 và năm 2024", 1, 2024, 12, 0, 0},
        {"TUẦN 01/12", 1, 0, 12, 1, 0},
        {"ĐIỂM TỔNG HỢP (TUẦN\n04/11)", 1, 0, 11, 4, 0},
        {"THÁNG 4", 1, 0, 4, 0, 0},
        {"THÁNG 5 -TUẦN 01", 1, 0, 5, 1, 0},
        {"thang 5 tuan 1", 1, 0, 5, 1, 0},
        {"THANG5-TUAN01", 1, 0, 5, 1, 0},
        /* long-table values */
        {"Tuần 01/2023", 1, 2023, 0, 1, 0},
        {"Tuần 1 - Tháng 12/2023", 1, 2023, 12, 1, 0},
        {"T5/2024", 1, 2024, 5, 0, 0},
        {"05/2024", 1, 2024, 5, 0, 0},
        {"Quý 3/2025", 1, 2025, 0, 0, 3},
        {"QUÝ 3 năm 2025", 1, 2025, 0, 0, 3},
        {"2024", 1, 2024, 0, 0, 0},
        {"Năm 2024", 1, 2024, 0, 0, 0},
        /* nothing to tell, never a guess */
        {"BỘ CHỈ SỐ PHỤC VỤ NGƯỜI DÂN, DOANH NHIỆP TRONG THỰC HIỆN TTHC, CUNG CẤP DỊCH VỤ CỘNG", 0, 0, 0, 0, 0},
        {"Quyết định số 766/QĐ-TTg", 0, 0, 0, 0, 0},
        {"Phụ lục 1", 0, 0, 0, 0, 0},
        {"Tháng 13", 0, 0, 0, 0, 0},
        {"Tuần 99", 0, 0, 0, 0, 0},
        {"", 0, 0, 0, 0, 0},
        /* a date is the cutoff's, not the period */
        {"(Thời gian chốt số liệu: Ngày 06/5/2024)", 0, 0, 0, 0, 0},
        {"(Thời gian chốt số liệu: Ngày 04/12/2023 -Tuần 1)", 1, 0, 0, 1, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        cx_period p = {0};
        int found = cx_period_parse(cases[i].text, &p);
        check(&cases[i], &p, found);
        assert_null(p.label);
    }
    assert_int_equal(cx_period_parse(NULL, NULL), 0);
}

static void test_long_text(void **state)
{
    (void)state;
    /* A long title (many words before the period) is read to its end. */
    size_t n = 2000;
    char *t = malloc(n * 4 + 64);
    t[0] = 0;
    for (size_t i = 0; i < n; i++) strcat(t, "xã ");
    strcat(t, "THÁNG 5 (Tuần 01)");
    cx_period p = {0};
    assert_int_equal(cx_period_parse(t, &p), 1);
    assert_int_equal(p.month, 5);
    assert_int_equal(p.week, 1);
    free(t);
}

static void test_fills_only_blanks(void **state)
{
    (void)state;
    cx_period p = {0};
    p.month = 4;
    assert_int_equal(cx_period_parse("Tháng 5 - Tuần 02 năm 2024", &p), 1);
    assert_int_equal(p.month, 4);
    assert_int_equal(p.week, 2);
    assert_int_equal(p.year, 2024);
}

typedef struct { const char *text; int found; const char *cutoff; int year, month, week; } ccase;

static void test_cutoff(void **state)
{
    (void)state;
    static const ccase cases[] = {
        {"Thời gian chốt số liệu: Ngày 06/5/2024", 1, "2024-05-06", 2024, 0, 0},
        {"(Thời gian chốt số liệu: Ngày 06/5/2024)", 1, "2024-05-06", 2024, 0, 0},
        {"(Thời gian chốt số liệu: Ngày 04/12/2023 -Tuần 1)", 1, "2023-12-04", 2023, 12, 1},
        {"THỜI GIAN CHỐT SỐ LIỆU: NGÀY 04/12/2023 - TUẦN 1", 1, "2023-12-04", 2023, 12, 1},
        {"Thời gian chốt số liệu: ngày 06 tháng 5 năm 2024", 1, "2024-05-06", 2024, 0, 0},
        {"chốt số liệu 2024-05-06", 1, "2024-05-06", 2024, 0, 0},
        /* a whole title line: its period words count too */
        {"BỘ CHỈ SỐ ... - THÁNG 5 (Tuần 01) (Thời gian chốt số liệu: Ngày 06/5/2024)", 1, "2024-05-06", 2024, 5, 1},
        {"Phú Tân, ngày 06 tháng 5 năm 2024 ... chốt số liệu: Ngày 03/5/2024", 1, "2024-05-03", 2024, 0, 0},
        /* no date: nothing */
        {"BỘ CHỈ SỐ PHỤC VỤ NGƯỜI DÂN - THÁNG 5 (Tuần 01)", 0, "", 0, 0, 0},
        {"Thời gian chốt số liệu: Ngày 31/2/2024", 0, "", 0, 0, 0},
        {"", 0, "", 0, 0, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        cx_period p = {0};
        int found = cx_period_parse_cutoff(cases[i].text, &p);
        if (found != cases[i].found || strcmp(p.cutoff, cases[i].cutoff) || p.year != cases[i].year ||
            p.month != cases[i].month || p.week != cases[i].week) {
            print_error("'%s': got %d '%s' y=%d m=%d w=%d\n", cases[i].text, found, p.cutoff, p.year, p.month, p.week);
            fail();
        }
    }
}

static void test_title_then_cutoff(void **state)
{
    (void)state;
    /* The inference rule: month from the title, year from the cutoff. */
    cx_period p = {0};
    cx_period_parse("CUNG CẤP DỊCH VỤ CÔNG - THÁNG 5 (Tuần 01)", &p);
    cx_period_parse_cutoff("(Thời gian chốt số liệu: Ngày 06/5/2024)", &p);
    assert_int_equal(p.year, 2024);
    assert_int_equal(p.month, 5);
    assert_int_equal(p.week, 1);
    assert_string_equal(p.cutoff, "2024-05-06");
    /* A monthly report cut off in the next month keeps its own month. */
    cx_period q = {0};
    cx_period_parse("tháng 2", &q);
    cx_period_parse_cutoff("Thời gian chốt số liệu: Ngày 01/3/2024", &q);
    assert_int_equal(q.month, 2);
    assert_int_equal(q.year, 2024);
    /* Without a week or a month in the title, the cutoff's month is not a period. */
    cx_period r = {0};
    cx_period_parse_cutoff("Thời gian chốt số liệu: Ngày 01/3/2024", &r);
    assert_int_equal(r.month, 0);
    assert_int_equal(r.year, 2024);
}

static void test_filenames(void **state)
{
    (void)state;
    static const pcase cases[] = {
        {"phu-tan-2024-t5-w1.xls", 1, 2024, 5, 1, 0},
        {"/data/in/phu-tan-2024-t5-w1.csv", 1, 2024, 5, 1, 0},
        {"ket-qua-2024-05.xlsx", 1, 2024, 5, 0, 0},
        {"2024-05", 1, 2024, 5, 0, 0},
        {"thang-5-2024.xls", 1, 2024, 5, 0, 0},
        {"Tháng 5 năm 2024.xlsx", 1, 2024, 5, 0, 0},
        {"cho-moi-2023-t12-w1.csv", 1, 2023, 12, 1, 0},
        {"tuan-3-thang-4-2024.csv", 1, 2024, 4, 3, 0},
        {"quy-3-2025.xlsx", 1, 2025, 0, 0, 3},
        {"bao-cao.xls", 0, 0, 0, 0, 0},
        {"phu-tan.xls", 0, 0, 0, 0, 0},
        {"2024/bao-cao.xls", 0, 0, 0, 0, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        cx_period p = {0};
        int found = cx_period_parse_filename(cases[i].text, &p);
        check(&cases[i], &p, found);
    }
}

static void test_labels(void **state)
{
    (void)state;
    static const struct { cx_period p; const char *label, *heading; } cases[] = {
        {{.year = 2024, .month = 5, .week = 1}, "Tháng 5 - Tuần 01", "Tháng 5 - Tuần 01"},
        {{.year = 2024, .month = 4}, "Tháng 4/2024", "Tháng 4"},
        {{.month = 4}, "Tháng 4", "Tháng 4"},
        {{.year = 2025, .quarter = 3}, "Quý 3/2025", "Quý 3/2025"},
        {{.year = 2023, .week = 1}, "Tuần 01/2023", "Tuần 01/2023"},
        {{.year = 2024}, "Năm 2024", "Năm 2024"},
        {{.cutoff = "2024-05-06"}, NULL, NULL},
        {{0}, NULL, NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *l = cx_period_make_label(&cases[i].p);
        char *h = cx_period_heading(&cases[i].p);
        if (cases[i].label) assert_string_equal(l, cases[i].label); else assert_null(l);
        if (cases[i].heading) assert_string_equal(h, cases[i].heading); else assert_null(h);
        free(l);
        free(h);
    }
}

static void test_order(void **state)
{
    (void)state;
    /* In time order. */
    static const cx_period seq[] = {
        {.year = 0},
        {.year = 2023, .month = 12, .week = 1},
        {.year = 2023, .month = 12, .week = 2},
        {.year = 2023, .month = 12},               /* the whole month after its weeks */
        {.year = 2023, .quarter = 4},
        {.year = 2024, .month = 1, .week = 1, .cutoff = "2024-01-08"},
        {.year = 2024, .month = 1, .week = 1, .cutoff = "2024-01-09"},
        {.year = 2024, .month = 5, .week = 1},
        {.year = 2025, .quarter = 3},
        {.year = 2025, .month = 10},
    };
    size_t n = sizeof seq / sizeof seq[0];
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            int c = cx_period_cmp(&seq[i], &seq[j]);
            int want = i < j ? -1 : i > j ? 1 : 0;
            if ((c < 0 ? -1 : c > 0 ? 1 : 0) != want) {
                print_error("cmp(%zu, %zu) = %d\n", i, j, c);
                fail();
            }
        }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_titles),
        cmocka_unit_test(test_long_text),
        cmocka_unit_test(test_fills_only_blanks),
        cmocka_unit_test(test_cutoff),
        cmocka_unit_test(test_title_then_cutoff),
        cmocka_unit_test(test_filenames),
        cmocka_unit_test(test_labels),
        cmocka_unit_test(test_order),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
