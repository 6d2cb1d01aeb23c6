/* Unit tests for shapes.c: period headings, the indicator named by a title, --period
 * matching, and whole sheets (long table, periods as columns) fed to the normalizer's
 * sink, checked for one snapshot per period with every value's cell. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "normalize.h"
#include "period.h"
#include "shapes.h"

#define END NULL
typedef const char *const trow[16];

static void feed_sheet(const cx_sink *k, const char *name, const trow *rows, size_t nrows, size_t chunk)
{
    assert_int_equal(k->sheet_begin(k->ud, name, 0), 0);
    for (size_t r = 0; r < nrows; r++) {
        cx_cell cells[16];
        uint32_t n = 0;
        for (; n < 16 && rows[r][n]; n++) {
            const char *t = rows[r][n];
            cells[n] = (cx_cell){*t ? CX_CELL_TEXT : CX_CELL_EMPTY, 0, 0, *t ? t : NULL, strlen(t)};
        }
        assert_int_equal(k->row(k->ud, (uint32_t)r, cells, n), 0);
        (void)chunk;
    }
    assert_int_equal(k->sheet_end(k->ud), 0);
}

static void free_snaps(cx_snapshot **v, size_t n)
{
    for (size_t i = 0; i < n; i++) cx_snapshot_free(v[i]);
    free(v);
}

/* The unit whose name as written is raw. */
static const cx_unit *unit_key(const cx_snapshot *s, const char *raw)
{
    for (size_t i = 0; i < s->nunits; i++)
        if (!strcmp(s->units[i].raw_name, raw)) return &s->units[i];
    return NULL;
}

/* ---- small functions, table-driven --------------------------------------------- */

static void test_period_heading(void **state)
{
    (void)state;
    static const struct { const char *h; int want; } t[] = {
        {"Tháng 1", 1}, {"THÁNG 12", 1}, {"T8/2025", 1}, {"t9/2025", 1}, {"08/2025", 1},
        {"Quý 3/2025", 1}, {"Tuần 01/2023", 1}, {"Tuần 1 - Tháng 12/2023", 1},
        {"Đơn vị", 0}, {"Phường 5", 0}, {"2024", 0}, {"Điểm tổng hợp", 0}, {"STT", 0},
        {"Xã Phú Tân", 0}, {"", 0}, {NULL, 0}, {"Tổ 5", 0},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        if (cx_shape_is_period_heading(t[i].h) != t[i].want) fail_msg("'%s': expected %d", t[i].h ? t[i].h : "(null)", t[i].want);
}

static void test_indicator_in_text(void **state)
{
    (void)state;
    static const struct { const char *text; cx_indicator want; } t[] = {
        {"BẢNG ĐIỂM TỔNG HỢP CÁC XÃ NĂM 2025", CX_IND_DIEM_TONG_HOP},
        {"Tiến độ giải quyết hồ sơ theo tháng năm 2024", CX_IND_TIEN_DO_GIAI_QUYET},
        {"MỨC ĐỘ HÀI LÒNG (%) - 2025", CX_IND_MUC_DO_HAI_LONG},
        {"Công khai, minh bạch (18 điểm)", CX_IND_CONG_KHAI_MINH_BACH_DIEM},
        {"Thanh toán trực tuyến", CX_IND_THANH_TOAN_TRUC_TUYEN},
        {"so_hoa_ho_so", CX_IND_SO_HOA_HO_SO},
        {"BỘ CHỈ SỐ PHỤC VỤ NGƯỜI DÂN, DOANH NGHIỆP NĂM 2025", CX_IND_NONE},
        {"Sheet1", CX_IND_NONE}, {NULL, CX_IND_NONE},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        cx_indicator got = cx_shape_indicator_in_text(t[i].text);
        if (got != t[i].want) fail_msg("'%s': got %d, expected %d", t[i].text ? t[i].text : "(null)", got, t[i].want);
    }
}

static void test_period_matches(void **state)
{
    (void)state;
    cx_period p = {0};
    p.label = "Tuần 1 - Tháng 3/2024";
    p.year = 2024; p.month = 3; p.week = 1;
    assert_true(cx_shape_period_matches(&p, "Tuần 1 - Tháng 3/2024"));
    assert_true(cx_shape_period_matches(&p, "TUẦN 1 - THÁNG 3/2024"));   /* as written, any case */
    assert_true(cx_shape_period_matches(&p, "Tháng 3/2024 - Tuần 1"));   /* the same parsed period */
    assert_true(cx_shape_period_matches(&p, "Tháng 3 - Tuần 01"));       /* no year: any year */
    assert_false(cx_shape_period_matches(&p, "Tháng 3/2024 - Tuần 2"));
    assert_false(cx_shape_period_matches(&p, "Tháng 3/2023 - Tuần 1"));
    assert_false(cx_shape_period_matches(&p, "Tháng 3/2024"));          /* a month is not its week */
    assert_false(cx_shape_period_matches(&p, "sắp tới"));
}

/* ---- whole sheets ---------------------------------------------------------------- */

static const trow long_rows[] = {
    {"KẾT QUẢ THEO TUẦN NĂM 2024", END},
    {"STT", "Đơn vị", "Kỳ báo cáo", "Điểm tổng hợp", "Tiến độ giải quyết (%)", END},
    {"1", "Huyện Phú Tân", "Tuần 1 - Tháng 3/2024", "80,5", "90", END},
    {"2", "Huyện Chợ Mới", "Tuần 1 - Tháng 3/2024", "70", "60,25", END},
    {"1", "Huyện Phú Tân", "Tuần 2 - Tháng 3/2024", "81", "91", END},
    {"2", "Huyện Chợ Mới", "Tuần 2 - Tháng 3/2024", "71", "", END},
    {"3", "Huyện An Phú", "chưa rõ", "50", "50", END},          /* no period: warned, left out */
    {"2", "Huyện Chợ Mới", "Tuần 2 - Tháng 3/2024", "72", "", END}, /* twice in one period: warned */
};

static void test_long_table(void **state)
{
    (void)state;
    cx_diag d; cx_diag_init(&d);
    cx_norm_opts o = {"long.csv", NULL, 0, NULL};
    cx_normalizer *n = cx_normalizer_new(&o, &d);
    feed_sheet(cx_normalizer_sink(n), NULL, long_rows, sizeof long_rows / sizeof long_rows[0], 1);
    cx_normalizer_set_source(n, "csv", "utf-8", 1.0);
    char *rep = NULL; size_t replen = 0;
    FILE *f = open_memstream(&rep, &replen);
    cx_normalizer_report(n, f);
    fclose(f);
    assert_non_null(strstr(rep, "shape: long table (period column C 'Kỳ báo cáo', 2 periods)"));
    free(rep);
    cx_snapshot **s; size_t ns;
    assert_int_equal(cx_normalizer_finish(n, &s, &ns), CX_OK);
    assert_int_equal(ns, 2);
    /* newest first, labels as written */
    assert_string_equal(s[0]->period.label, "Tuần 2 - Tháng 3/2024");
    assert_int_equal(s[0]->period.week, 2);
    assert_int_equal(s[0]->period.month, 3);
    assert_int_equal(s[0]->period.year, 2024);
    assert_string_equal(s[1]->period.label, "Tuần 1 - Tháng 3/2024");
    assert_int_equal(s[1]->nunits, 2);
    assert_int_equal(s[0]->nunits, 3);   /* Chợ Mới twice, both kept with a warning */
    const cx_unit *u = unit_key(s[1], "Huyện Chợ Mới");
    assert_non_null(u);
    assert_true(cx_unit_has(u, CX_IND_TIEN_DO_GIAI_QUYET));
    assert_true(u->v[CX_IND_TIEN_DO_GIAI_QUYET] == 60.25);
    assert_int_equal(u->ref[CX_IND_TIEN_DO_GIAI_QUYET].row, 4);
    assert_int_equal(u->ref[CX_IND_TIEN_DO_GIAI_QUYET].col, 4);
    assert_int_equal(u->ref[CX_IND_TIEN_DO_GIAI_QUYET].source, 0);
    assert_string_equal(s[1]->sources[0].path, "long.csv");
    u = unit_key(s[0], "Huyện Chợ Mới");
    assert_false(cx_unit_has(u, CX_IND_TIEN_DO_GIAI_QUYET));
    int bad = 0, dup = 0;
    for (size_t i = 0; i < d.n; i++) {
        if (!strcmp(d.items[i].code, "bad_period") && d.items[i].row == 7 && d.items[i].col == 2) bad++;
        if (!strcmp(d.items[i].code, "duplicate_unit") && d.items[i].row == 8) dup++;
    }
    assert_int_equal(bad, 1);
    assert_int_equal(dup, 1);
    free_snaps(s, ns);
    cx_normalizer_free(n);
    cx_diag_clear(&d);
}

static const trow thang_nam[] = {
    {"Đơn vị", "Tháng", "Năm", "Điểm tổng hợp", END},
    {"Xã A", "1", "2024", "80", END},
    {"Xã B", "1", "2024", "70", END},
    {"Xã A", "2", "2024", "81", END},
    {"Xã A", "12", "2023", "79", END},
};

static void test_month_year_columns(void **state)
{
    (void)state;
    cx_diag d; cx_diag_init(&d);
    cx_norm_opts o = {"tn.csv", NULL, 0, NULL};
    cx_normalizer *n = cx_normalizer_new(&o, &d);
    feed_sheet(cx_normalizer_sink(n), NULL, thang_nam, sizeof thang_nam / sizeof thang_nam[0], 1);
    cx_snapshot **s; size_t ns;
    assert_int_equal(cx_normalizer_finish(n, &s, &ns), CX_OK);
    assert_int_equal(ns, 3);
    assert_int_equal(s[0]->period.month, 2);
    assert_int_equal(s[1]->period.month, 1);
    assert_int_equal(s[1]->nunits, 2);
    assert_int_equal(s[2]->period.year, 2023);
    assert_int_equal(s[2]->period.month, 12);
    assert_non_null(s[2]->period.label);
    free_snaps(s, ns);
    cx_normalizer_free(n);
    cx_diag_clear(&d);
}

static const trow wide_rows[] = {
    {"TIẾN ĐỘ GIẢI QUYẾT HỒ SƠ NĂM 2025", END},
    {"", END},
    {"STT", "Đơn vị", "T8/2025", "T9/2025", "T10/2025", "Ghi chú", END},
    {"1", "Xã A", "90,5", "91", "", "", END},
    {"2", "Xã B", "", "", "88", "", END},        /* only October: still a unit */
    {"3", "Xã C", "", "", "", "nghỉ", END},       /* nothing: warned, left out */
};

static void test_wide(void **state)
{
    (void)state;
    cx_diag d; cx_diag_init(&d);
    cx_norm_opts o = {"wide.xlsx", NULL, 0, NULL};
    cx_normalizer *n = cx_normalizer_new(&o, &d);
    feed_sheet(cx_normalizer_sink(n), "Sheet1", wide_rows, sizeof wide_rows / sizeof wide_rows[0], 1);
    cx_normalizer_set_source(n, "xlsx", NULL, 1.0);
    char *rep = NULL; size_t replen = 0;
    FILE *f = open_memstream(&rep, &replen);
    cx_normalizer_report(n, f);
    fclose(f);
    assert_non_null(strstr(rep, "shape: periods as columns (3 periods, indicator tien_do_giai_quyet from the title)"));
    free(rep);
    cx_snapshot **s; size_t ns;
    assert_int_equal(cx_normalizer_finish(n, &s, &ns), CX_OK);
    assert_int_equal(ns, 3);
    assert_string_equal(s[0]->period.label, "T10/2025");
    assert_int_equal(s[0]->nunits, 1);
    assert_int_equal(s[2]->nunits, 1);
    const cx_unit *u = unit_key(s[0], "Xã B");
    assert_non_null(u);
    assert_true(u->v[CX_IND_TIEN_DO_GIAI_QUYET] == 88);
    assert_int_equal(u->ref[CX_IND_TIEN_DO_GIAI_QUYET].row, 5);
    assert_int_equal(u->ref[CX_IND_TIEN_DO_GIAI_QUYET].col, 4);
    assert_int_equal(u->ref[CX_IND_TIEN_DO_GIAI_QUYET].sheet, 0);
    assert_string_equal(s[0]->sources[0].sheets[0], "Sheet1");
    u = unit_key(s[2], "Xã A");
    assert_true(u->v[CX_IND_TIEN_DO_GIAI_QUYET] == 90.5);
    assert_int_equal(u->ref[CX_IND_TIEN_DO_GIAI_QUYET].col, 2);
    assert_int_equal(s[2]->columns, CX_BIT(CX_IND_TIEN_DO_GIAI_QUYET));
    free_snaps(s, ns);
    cx_normalizer_free(n);
    cx_diag_clear(&d);
}

/* No indicator anywhere: no table, and the reason names --indicator; with it, read. */
static void test_wide_needs_indicator(void **state)
{
    (void)state;
    static const trow rows[] = {
        {"Đơn vị", "Tháng 1", "Tháng 2", "Tháng 3", END},
        {"Xã A", "80", "81", "82", END},
    };
    cx_diag d; cx_diag_init(&d);
    cx_norm_opts o = {"x.csv", NULL, 0, NULL};
    cx_normalizer *n = cx_normalizer_new(&o, &d);
    feed_sheet(cx_normalizer_sink(n), NULL, rows, 2, 1);
    cx_snapshot **s; size_t ns;
    assert_int_equal(cx_normalizer_finish(n, &s, &ns), CX_ERR_NO_TABLE);
    assert_non_null(strstr(d.errmsg, "x.csv"));
    assert_non_null(strstr(d.errmsg, "--indicator"));
    cx_normalizer_free(n);
    cx_diag_clear(&d);

    cx_diag_init(&d);
    cx_norm_opts o2 = {"x.csv", NULL, 0, NULL};
    n = cx_normalizer_new(&o2, &d);
    cx_normalizer_set_indicator(n, "muc_do_hai_long");
    feed_sheet(cx_normalizer_sink(n), NULL, rows, 2, 1);
    assert_int_equal(cx_normalizer_finish(n, &s, &ns), CX_OK);
    assert_int_equal(ns, 3);
    assert_true(s[0]->units[0].v[CX_IND_MUC_DO_HAI_LONG] == 82);
    free_snaps(s, ns);
    cx_normalizer_free(n);
    cx_diag_clear(&d);
}

/* Reference 001's two period columns (current, previous) stay one period. */
static void test_appendix_is_one_period(void **state)
{
    (void)state;
    static const trow rows[] = {
        {"STT", "ĐƠN VỊ", "ĐIỂM TỔNG HỢP", "", "", "", END},
        {"", "", "THÁNG 5 -TUẦN 01", "XẾP LOẠI", "THÁNG 4", "ĐIỂM (TĂNG/GIẢM)", END},
        {"1", "PHÚ HÙNG", "89.21", "TỐT", "77.38", "11.83", END},
    };
    cx_diag d; cx_diag_init(&d);
    cx_norm_opts o = {"a.csv", NULL, 0, NULL};
    cx_normalizer *n = cx_normalizer_new(&o, &d);
    feed_sheet(cx_normalizer_sink(n), NULL, rows, 3, 1);
    cx_snapshot **s; size_t ns;
    assert_int_equal(cx_normalizer_finish(n, &s, &ns), CX_OK);
    assert_int_equal(ns, 1);
    assert_true(cx_unit_has(&s[0]->units[0], CX_IND_DIEM_KY_TRUOC));
    free_snaps(s, ns);
    cx_normalizer_free(n);
    cx_diag_clear(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_period_heading),
        cmocka_unit_test(test_indicator_in_text),
        cmocka_unit_test(test_period_matches),
        cmocka_unit_test(test_long_table),
        cmocka_unit_test(test_month_year_columns),
        cmocka_unit_test(test_wide),
        cmocka_unit_test(test_wide_needs_indicator),
        cmocka_unit_test(test_appendix_is_one_period),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
