/* Unit tests for normalize.c: rows fed straight into the normalizer's sink, snapshots
 * and warnings (with their cells) checked. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "normalize.h"
#include "names.h"

/* A table: rows of cells, NULL-terminated per row; "" is an empty cell. */
#define END NULL
typedef const char *const trow[20];

static void feed_sheet(const cx_sink *k, const char *name, uint32_t idx, const trow *rows, size_t nrows)
{
    assert_int_equal(k->sheet_begin(k->ud, name, idx), 0);
    for (size_t r = 0; r < nrows; r++) {
        cx_cell cells[20];
        uint32_t n = 0;
        for (; n < 20 && rows[r][n]; n++) {
            const char *t = rows[r][n];
            cells[n] = (cx_cell){*t ? CX_CELL_TEXT : CX_CELL_EMPTY, 0, 0, *t ? t : NULL, strlen(t)};
        }
        assert_int_equal(k->row(k->ud, (uint32_t)r, cells, n), 0);
    }
    assert_int_equal(k->sheet_end(k->ud), 0);
}

static const cx_warning *find_warning(const cx_diag *d, const char *code, long row, int col)
{
    for (size_t i = 0; i < d->n; i++)
        if (!strcmp(d->items[i].code, code) && (row < 0 || d->items[i].row == row) && (col < -1 || d->items[i].col == col))
            return &d->items[i];
    return NULL;
}

static const cx_unit *unit_named(const cx_snapshot *s, const char *raw)
{
    for (size_t i = 0; i < s->nunits; i++)
        if (!strcmp(s->units[i].raw_name, raw)) return &s->units[i];
    return NULL;
}

static void free_snaps(cx_snapshot **v, size_t n)
{
    for (size_t i = 0; i < n; i++) cx_snapshot_free(v[i]);
    free(v);
}

/* Reference 001's shape: titles, cutoff, blank, two header rows with groups, notes after. */
static const trow phu_tan[] = {
    {"BỘ CHỈ SỐ ... - THÁNG 5 (Tuần 01)", "", "", END},
    {"(Thời gian chốt số liệu: Ngày 06/5/2024)", "", END},
    {"", "", "", END},
    {"STT", "ĐƠN VỊ", "ĐIỂM TỔNG HỢP", "", "", "", "CÔNG KHAI, MINH BẠCH (%)", "DỊCH VỤ CÔNG TT", "", "SỐ HÓA HỒ SƠ (80%)", "", "Biểu đồ", END},
    {"", "", "THÁNG 5 -TUẦN 01", "XẾP LOẠI", "THÁNG 4", "ĐIỂM (TĂNG/GIẢM)", "", "DVCTT", "THANH TOÁN TT", "SỐ HÓA HỒ SƠ", "CHỨNG THỰC ĐT", "", END},
    {"", "TOÀN HUYỆN", "86.59", "TỐT", "80.53", "6.06", "100", "74.6", "49.95", "72.3", "1.000", "", END},
    {"1", "PHÚ HÙNG", "89.21", "TỐT", "77.38", "11.83", "100", "100", "98.41", "82.1", "400", "x", END},
    {"2", "PHÚ\nBÌNH", "89.12", "KHÁ", "88.97", "0.15", "abc", "100", "100", "82,1", "500", "", END},
    {"3", "Xã Long Hòa", "55.87", "TB", "82.29", "-26.42", "29.4", "-", "N/A", "250", "1.100", "", END},
    {"", "", "", END},
    {"Ghi chú: số liệu trích xuất từ Cổng DVC", "", "", END},
    {"", "Người lập biểu", "", END},
};

static void test_two_level(void **state)
{
    (void)state;
    cx_diag d; cx_diag_init(&d);
    cx_norm_opts o = {.source_path = "phu-tan.csv", .sheets = NULL};
    cx_normalizer *n = cx_normalizer_new(&o, &d);
    assert_non_null(n);
    feed_sheet(cx_normalizer_sink(n), NULL, 0, phu_tan, sizeof phu_tan / sizeof phu_tan[0]);
    cx_normalizer_set_source(n, "csv", "utf-8", 1.0);
    char *rep = NULL; size_t replen = 0;
    FILE *f = open_memstream(&rep, &replen);
    cx_normalizer_report(n, f);
    fclose(f);
    assert_non_null(strstr(rep, "header: rows 4-5"));
    assert_non_null(strstr(rep, "-> diem_ky_truoc"));
    assert_non_null(strstr(rep, "ignored: unknown heading"));
    assert_non_null(strstr(rep, "rows: 6 read = 4 units + 2 skipped"));
    free(rep);

    cx_snapshot **v; size_t nv;
    assert_int_equal(cx_normalizer_finish(n, &v, &nv), CX_OK);
    assert_int_equal(nv, 1);
    cx_snapshot *s = v[0];
    assert_int_equal(s->nunits, 4);
    assert_string_equal(s->title, "BỘ CHỈ SỐ ... - THÁNG 5 (Tuần 01)");
    assert_string_equal(s->prev_label, "THÁNG 4");
    assert_int_equal(s->nsources, 1);
    assert_string_equal(s->sources[0].path, "phu-tan.csv");
    assert_string_equal(s->sources[0].format, "csv");
    assert_string_equal(s->sources[0].encoding, "utf-8");
    cx_indmask want = CX_BIT(CX_IND_DIEM_TONG_HOP) | CX_BIT(CX_IND_XEP_LOAI) | CX_BIT(CX_IND_DIEM_KY_TRUOC) |
                    CX_BIT(CX_IND_TANG_GIAM) | CX_BIT(CX_IND_CONG_KHAI_MINH_BACH) | CX_BIT(CX_IND_DVC_TRUC_TUYEN) |
                    CX_BIT(CX_IND_THANH_TOAN_TRUC_TUYEN) | CX_BIT(CX_IND_SO_HOA_HO_SO) | CX_BIT(CX_IND_CHUNG_THUC_DIEN_TU);
    assert_int_equal(s->columns, want);

    const cx_unit *t = &s->units[0];
    assert_string_equal(t->raw_name, "TOÀN HUYỆN");
    assert_int_equal(t->stt, -1);
    assert_true(t->v[CX_IND_DIEM_TONG_HOP] == 86.59);
    assert_true(t->v[CX_IND_CHUNG_THUC_DIEN_TU] == 1000);
    if (cx_name_is_total("TOÀN HUYỆN")) assert_int_equal(t->kind, CX_KIND_TONG);

    const cx_unit *u = &s->units[1];
    assert_int_equal(u->stt, 1);
    assert_true(u->v[CX_IND_TANG_GIAM] == 11.83);
    assert_int_equal((int)u->v[CX_IND_XEP_LOAI], CX_LABEL_TOT);
    assert_int_equal(u->ref[CX_IND_DIEM_TONG_HOP].row, 7);
    assert_int_equal(u->ref[CX_IND_DIEM_TONG_HOP].col, 2);
    assert_int_equal(u->ref[CX_IND_DIEM_TONG_HOP].source, 0);
    assert_int_equal(u->ref[CX_IND_DIEM_TONG_HOP].sheet, -1);
    assert_int_equal(u->name_ref.row, 7);

    u = &s->units[2];
    assert_string_equal(u->raw_name, "PHÚ\nBÌNH");
    assert_false(cx_unit_has(u, CX_IND_CONG_KHAI_MINH_BACH));          /* "abc" */
    assert_true(u->v[CX_IND_SO_HOA_HO_SO] == 82.1);                     /* decimal comma */
    assert_non_null(find_warning(&d, "bad_number", 8, 6));
    assert_non_null(find_warning(&d, "xep_loai_mismatch", 8, 3));       /* 89.12 printed KHÁ */

    u = &s->units[3];
    assert_int_equal((int)u->v[CX_IND_XEP_LOAI], CX_LABEL_TRUNG_BINH);
    assert_true(u->v[CX_IND_TANG_GIAM] == -26.42);
    assert_false(cx_unit_has(u, CX_IND_DVC_TRUC_TUYEN));               /* "-" */
    assert_false(cx_unit_has(u, CX_IND_THANH_TOAN_TRUC_TUYEN));        /* "N/A" */
    assert_true(u->v[CX_IND_CHUNG_THUC_DIEN_TU] == 1100);              /* dot thousands */
    assert_true(u->v[CX_IND_SO_HOA_HO_SO] == 250);
    assert_non_null(find_warning(&d, "out_of_range", 9, 9));

    assert_non_null(find_warning(&d, "unknown_column", -1, 11));
    assert_non_null(find_warning(&d, "skipped_row", 11, -2));
    assert_non_null(find_warning(&d, "skipped_row", 12, -2));
    if (cx_name_is_total("TOÀN HUYỆN")) assert_non_null(find_warning(&d, "total_mismatch", 6, 10));
    /* no warning for the blank rows or the well-formed units */
    assert_null(find_warning(&d, "skipped_row", 10, -2));
    assert_null(find_warning(&d, "bad_number", 7, -2));
    free_snaps(v, nv);
    cx_normalizer_free(n);
    cx_diag_clear(&d);
}

/* Reference 002's shape: one-level score columns, thresholds, TRUNGB ÌNH, no label column computed. */
static const trow cho_moi[] = {
    {"STT", "ĐƠN VỊ", "ĐIỂM\nTỔNG\nHỢP\n(TUẦN\n01/12)", "ĐIỂM\nTỔNG\nHỢP\n(TUẦN\n04/11)", "DỊCH VỤ TRỰC TUYẾN", "", "CHỨNG\nTHỰC\nĐIỆN TỬ\n(Lũy kế)", END},
    {"", "", "", "", "DVCTT\n(Chỉ tiêu\ntrên\n50%)", "THANH\nTOÁN (Chỉ tiêu trên 30%)", "", END},
    {"1", "CHỢ MỚI", "65.79", "65.41", "20.1", "28.19", "323", END},
    {"2", "BÌNH\nPHƯỚC\nXUÂN", "63.82", "63.47", "13,2", "21.15", "1.503", END},
    {"3", "CHỢ MỚI", "49.18", "49.03", "5.40", "7.56", "2", END},
};

static void test_one_level_and_bands(void **state)
{
    (void)state;
    cx_diag d; cx_diag_init(&d);
    cx_norm_opts o = {.source_path = "cho-moi.csv", .sheets = NULL};
    cx_normalizer *n = cx_normalizer_new(&o, &d);
    feed_sheet(cx_normalizer_sink(n), NULL, 0, cho_moi, sizeof cho_moi / sizeof cho_moi[0]);
    cx_snapshot **v; size_t nv;
    assert_int_equal(cx_normalizer_finish(n, &v, &nv), CX_OK);
    cx_snapshot *s = v[0];
    assert_int_equal(s->nunits, 3);
    assert_string_equal(s->prev_label, "ĐIỂM TỔNG HỢP (TUẦN 04/11)");   /* line breaks collapsed */
    const cx_unit *u = unit_named(s, "BÌNH\nPHƯỚC\nXUÂN");
    assert_non_null(u);
    assert_true(u->v[CX_IND_DIEM_TONG_HOP] == 63.82);
    assert_true(u->v[CX_IND_DIEM_KY_TRUOC] == 63.47);
    assert_true(u->v[CX_IND_DVC_TRUC_TUYEN] == 13.2);
    assert_true(u->v[CX_IND_CHUNG_THUC_DIEN_TU_LUY_KE] == 1503);
    /* label computed from the bands, marked as not read */
    assert_int_equal((int)u->v[CX_IND_XEP_LOAI], CX_LABEL_TRUNG_BINH);
    assert_int_equal(u->ref[CX_IND_XEP_LOAI].source, -1);
    assert_int_equal((int)s->units[2].v[CX_IND_XEP_LOAI], CX_LABEL_YEU);
    assert_false(s->columns & CX_BIT(CX_IND_XEP_LOAI));
    /* the same unit twice: both kept, a warning names the second row */
    assert_int_equal(s->nunits, 3);
    assert_non_null(find_warning(&d, "duplicate_unit", 5, -2));
    free_snaps(v, nv);
    cx_normalizer_free(n);
    cx_diag_clear(&d);
}

/* Typed cells from xls/xlsx: numbers used directly, percent-formatted fractions scaled, errors missing. */
static void test_typed_cells(void **state)
{
    (void)state;
    cx_diag d; cx_diag_init(&d);
    cx_norm_opts o = {.source_path = "a.xlsx", .sheets = NULL};
    cx_normalizer *n = cx_normalizer_new(&o, &d);
    const cx_sink *k = cx_normalizer_sink(n);
    assert_int_equal(k->sheet_begin(k->ud, "Phụ lục 1", 0), 0);
    cx_cell h[4] = {{CX_CELL_TEXT, 0, 0, "Đơn vị", strlen("Đơn vị")}, {CX_CELL_TEXT, 0, 0, "Điểm tổng hợp", strlen("Điểm tổng hợp")},
                    {CX_CELL_TEXT, 0, 0, "Kết quả tỷ lệ số hoá %", strlen("Kết quả tỷ lệ số hoá %")},
                    {CX_CELL_TEXT, 0, 0, "Kết quả cấp bản sao điện tử", strlen("Kết quả cấp bản sao điện tử")}};
    assert_int_equal(k->row(k->ud, 2, h, 4), 0);
    cx_cell r[4] = {{CX_CELL_TEXT, 0, 0, "An Vỹ", strlen("An Vỹ")}, {CX_CELL_NUMBER, 0, 82.86, NULL, 0},
                    {CX_CELL_NUMBER, CX_CF_PERCENT, 0.823, NULL, 0}, {CX_CELL_ERROR, 0, 0, "#DIV/0!", 7}};
    assert_int_equal(k->row(k->ud, 3, r, 4), 0);
    assert_int_equal(k->sheet_end(k->ud), 0);
    cx_snapshot **v; size_t nv;
    assert_int_equal(cx_normalizer_finish(n, &v, &nv), CX_OK);
    const cx_unit *u = &v[0]->units[0];
    assert_true(u->v[CX_IND_DIEM_TONG_HOP] == 82.86);
    assert_true(u->v[CX_IND_SO_HOA_HO_SO] == 82.3);
    assert_false(cx_unit_has(u, CX_IND_CHUNG_THUC_DIEN_TU));
    assert_non_null(find_warning(&d, "cell_error", 4, 3));
    assert_int_equal(u->ref[CX_IND_DIEM_TONG_HOP].row, 4);
    assert_int_equal(u->ref[CX_IND_DIEM_TONG_HOP].sheet, 0);
    assert_string_equal(v[0]->sources[0].sheets[0], "Phụ lục 1");
    free_snaps(v, nv);
    cx_normalizer_free(n);
    cx_diag_clear(&d);
}

static void test_no_table(void **state)
{
    (void)state;
    static const trow notes[] = {{"Báo cáo tuần", "", END}, {"Nội dung", "khác", END}};
    static const trow only_header[] = {{"STT", "Đơn vị", "Điểm tổng hợp", END}, {"", "", "", END}};
    cx_diag d; cx_diag_init(&d);
    cx_norm_opts o = {.source_path = "x.csv", .sheets = NULL};
    cx_normalizer *n = cx_normalizer_new(&o, &d);
    feed_sheet(cx_normalizer_sink(n), NULL, 0, notes, 2);
    cx_snapshot **v; size_t nv;
    assert_int_equal(cx_normalizer_finish(n, &v, &nv), CX_ERR_NO_TABLE);
    assert_non_null(strstr(d.errmsg, "x.csv"));
    assert_non_null(strstr(d.errmsg, "no indicator heading"));
    cx_normalizer_free(n);
    n = cx_normalizer_new(&o, &d);
    feed_sheet(cx_normalizer_sink(n), NULL, 0, only_header, 2);
    assert_int_equal(cx_normalizer_finish(n, &v, &nv), CX_ERR_NO_TABLE);
    assert_non_null(strstr(d.errmsg, "no unit rows"));
    cx_normalizer_free(n);
    n = cx_normalizer_new(&o, &d);
    assert_int_equal(cx_normalizer_finish(n, &v, &nv), CX_ERR_NO_TABLE);
    cx_normalizer_free(n);
    cx_normalizer_free(NULL);
    cx_diag_clear(&d);
}

/* Reference 003: two sheets about the same communes merge; a sheet of other units stays apart. */
static const trow pl1[] = {
    {"Phụ lục 1", END},
    {"STT", "Đơn vị", "Kết quả xử lý hồ sơ (%)", "Tỷ lệ mức độ hài lòng (%)", END},
    {"1", "Thị trấn Khoái Châu", "100", "100", END},
    {"2", "An Vỹ", "99.32", "100", END},
    {"3", "Bình Kiều", "100", "100", END},
};
static const trow pl2[] = {
    {"STT", "Đơn vị", "Điểm tổng hợp %", "Kết quả tỷ lệ số hoá %", "Tỷ lệ mức độ hài lòng (%)", END},
    {"1", "Thị trấn Khoái Châu", "81.34", "82.3", "100", END},
    {"2", "An Vỹ", "82.86", "82.3", "99", END},
    {"3", "Bình Kiều", "69.31", "82.1", "100", END},
    {"4", "Bình Minh", "82.71", "82.2", "100", END},
};
static const trow other[] = {
    {"TT", "Tên đơn vị", "Điểm tổng hợp", END},
    {"1", "Sở Tư pháp", "90", END},
    {"2", "Sở Y tế", "80", END},
};
static const trow chart[] = {{"Tháng", "Giá trị", END}, {"1", "2", END}};

static void test_sheets(void **state)
{
    (void)state;
    cx_diag d; cx_diag_init(&d);
    cx_norm_opts o = {.source_path = "khoai-chau.xlsx", .sheets = NULL};
    cx_normalizer *n = cx_normalizer_new(&o, &d);
    const cx_sink *k = cx_normalizer_sink(n);
    feed_sheet(k, "Phụ lục 1", 0, pl1, 5);
    feed_sheet(k, "Biểu đồ", 1, chart, 2);
    feed_sheet(k, "Phụ lục 2", 2, pl2, 5);
    feed_sheet(k, "Sở ngành", 3, other, 3);
    cx_normalizer_set_source(n, "xlsx", NULL, 1);
    char *rep = NULL; size_t replen = 0;
    FILE *f = open_memstream(&rep, &replen);
    cx_normalizer_report(n, f);
    fclose(f);
    assert_non_null(strstr(rep, "sheet 'Biểu đồ'"));
    assert_non_null(strstr(rep, "skipped: no indicator heading"));
    free(rep);
    cx_snapshot **v; size_t nv;
    assert_int_equal(cx_normalizer_finish(n, &v, &nv), CX_OK);
    assert_int_equal(nv, 2);
    cx_snapshot *s = v[0];
    assert_int_equal(s->nunits, 4);
    assert_int_equal(s->sources[0].nsheets, 2);
    assert_string_equal(s->sources[0].sheets[1], "Phụ lục 2");
    const cx_unit *u = unit_named(s, "An Vỹ");
    assert_true(u->v[CX_IND_TIEN_DO_GIAI_QUYET] == 99.32);
    assert_true(u->v[CX_IND_DIEM_TONG_HOP] == 82.86);
    assert_int_equal(u->ref[CX_IND_TIEN_DO_GIAI_QUYET].sheet, 0);
    assert_int_equal(u->ref[CX_IND_DIEM_TONG_HOP].sheet, 1);
    assert_true(u->v[CX_IND_MUC_DO_HAI_LONG] == 100);   /* the first sheet's value kept */
    const cx_warning *w = find_warning(&d, "conflicting_value", 3, 4);
    assert_non_null(w);
    if (!strstr(w->message, "D4")) fail_msg("%s", w->message);   /* names both cells */
    assert_non_null(strstr(w->message, "E3"));
    assert_int_equal(v[1]->nunits, 2);
    assert_string_equal(v[1]->sources[0].sheets[0], "Sở ngành");
    free_snaps(v, nv);
    cx_normalizer_free(n);

    /* --sheet picks sheets by name */
    const char *const pick[] = {"Sở ngành", NULL};
    cx_norm_opts o2 = {.source_path = "khoai-chau.xlsx", .sheets = pick};
    n = cx_normalizer_new(&o2, &d);
    k = cx_normalizer_sink(n);
    feed_sheet(k, "Phụ lục 1", 0, pl1, 5);
    feed_sheet(k, "Sở ngành", 1, other, 3);
    assert_int_equal(cx_normalizer_finish(n, &v, &nv), CX_OK);
    assert_int_equal(nv, 1);
    assert_int_equal(v[0]->nunits, 2);
    free_snaps(v, nv);
    cx_normalizer_free(n);
    cx_diag_clear(&d);
}

/* Portal field codes: TEN_COQUAN preferred over TEN, codes, group scores as text. */
static const trow portal[] = {
    {"ID", "TEN", "TEN_COQUAN", "MA_COQUAN", "CKMB", "TDGQ", "CLGQ", "TTTT", "MDHL", "MDSH", "TONG_SCORE", "ROW_STT", "CAPDONVIID", END},
    {"11", "Đông Thái", "UBND xã Đông Thái - tỉnh An Giang", "H01.187", "18", "19.05", "7.2", "8.1", "18", "16.9", "87.25", "1", "3", END},
    {"12", "Sở Du lịch", "Sở Du lịch - tỉnh An Giang", "H01.20", "17", "20", "12", "10", "18", "22", "99", "2", "2", END},
};

static void test_portal(void **state)
{
    (void)state;
    cx_diag d; cx_diag_init(&d);
    cx_norm_opts o = {.source_path = "portal.csv", .sheets = NULL};
    cx_normalizer *n = cx_normalizer_new(&o, &d);
    feed_sheet(cx_normalizer_sink(n), NULL, 0, portal, 3);
    cx_snapshot **v; size_t nv;
    assert_int_equal(cx_normalizer_finish(n, &v, &nv), CX_OK);
    cx_snapshot *s = v[0];
    assert_int_equal(s->nunits, 2);
    const cx_unit *u = &s->units[0];
    assert_string_equal(u->raw_name, "UBND xã Đông Thái - tỉnh An Giang");
    assert_string_equal(u->code, "H01.187");
    assert_int_equal(u->stt, 1);
    assert_true(u->v[CX_IND_TIEN_DO_GIAI_QUYET_DIEM] == 19.05);
    assert_true(u->v[CX_IND_DIEM_TONG_HOP] == 87.25);
    assert_true(u->v[CX_IND_SO_HOA_HO_SO_DIEM] == 16.9);
    assert_int_equal(d.n, 0);
    free_snaps(v, nv);
    cx_normalizer_free(n);
    cx_diag_clear(&d);
}

/* Merged ranges from the reader say where a group ends. */
static void test_merges_and_numbers_row(void **state)
{
    (void)state;
    static const trow t[] = {
        {"STT", "ĐƠN VỊ", "ĐIỂM TỔNG HỢP", "", "Ghi chú", END},
        {"", "", "THÁNG 5", "THÁNG 4", "", END},
        {"(1)", "(2)", "(3)", "(4)", "(5)", END},
        {"1", "PHÚ HÙNG", "89.21", "77.38", "tốt", END},
    };
    cx_diag d; cx_diag_init(&d);
    cx_norm_opts o = {.source_path = "m.xlsx", .sheets = NULL};
    cx_normalizer *n = cx_normalizer_new(&o, &d);
    const cx_sink *k = cx_normalizer_sink(n);
    assert_int_equal(k->sheet_begin(k->ud, "S", 0), 0);
    k->merge(k->ud, 0, 2, 0, 3);
    k->merge(k->ud, 0, 4, 1, 4);
    for (size_t r = 0; r < 4; r++) {
        cx_cell cells[8]; uint32_t m = 0;
        for (; t[r][m]; m++) cells[m] = (cx_cell){*t[r][m] ? CX_CELL_TEXT : CX_CELL_EMPTY, 0, 0, *t[r][m] ? t[r][m] : NULL, strlen(t[r][m])};
        assert_int_equal(k->row(k->ud, (uint32_t)r, cells, m), 0);
    }
    assert_int_equal(k->sheet_end(k->ud), 0);
    cx_snapshot **v; size_t nv;
    assert_int_equal(cx_normalizer_finish(n, &v, &nv), CX_OK);
    assert_int_equal(v[0]->nunits, 1);
    assert_true(v[0]->units[0].v[CX_IND_DIEM_KY_TRUOC] == 77.38);
    assert_null(find_warning(&d, "skipped_row", -1, -2));
    free_snaps(v, nv);
    cx_normalizer_free(n);
    cx_diag_clear(&d);
}

/* Cells covered by a merged range are empty whatever they store (LibreOffice keeps text there). */
static void test_covered_cells(void **state)
{
    (void)state;
    cx_diag d; cx_diag_init(&d);
    cx_norm_opts o = {.source_path = "c.xls", .sheets = NULL};
    cx_normalizer *n = cx_normalizer_new(&o, &d);
    const cx_sink *k = cx_normalizer_sink(n);
    assert_int_equal(k->sheet_begin(k->ud, "S", 0), 0);
#define T(s) {CX_CELL_TEXT, 0, 0, s, sizeof s - 1}
#define TM(s) {CX_CELL_TEXT, CX_CF_MERGED, 0, s, sizeof s - 1}
    cx_cell h1[4] = {T("STT"), T("ĐƠN VỊ"), T("ĐIỂM TỔNG HỢP"), TM("stale")};
    cx_cell h2[4] = {TM("STT"), TM("ĐƠN VỊ"), T("THÁNG 5"), T("THÁNG 4")};
    cx_cell r1[4] = {T("1"), T("PHÚ HÙNG"), T("89.21"), T("77.38")};
#undef T
#undef TM
    assert_int_equal(k->row(k->ud, 0, h1, 4), 0);
    assert_int_equal(k->row(k->ud, 1, h2, 4), 0);
    assert_int_equal(k->row(k->ud, 2, r1, 4), 0);
    assert_int_equal(k->sheet_end(k->ud), 0);
    cx_snapshot **v; size_t nv;
    assert_int_equal(cx_normalizer_finish(n, &v, &nv), CX_OK);
    assert_int_equal(v[0]->nunits, 1);
    assert_true(v[0]->units[0].v[CX_IND_DIEM_TONG_HOP] == 89.21);
    assert_true(v[0]->units[0].v[CX_IND_DIEM_KY_TRUOC] == 77.38);
    assert_int_equal(d.n, 0);
    free_snaps(v, nv);
    cx_normalizer_free(n);
    cx_diag_clear(&d);
}

/* Many rows stream through: units kept, raw rows not. */
static void test_many_rows(void **state)
{
    (void)state;
    cx_diag d; cx_diag_init(&d);
    cx_norm_opts o = {.source_path = "big.csv", .sheets = NULL};
    cx_normalizer *n = cx_normalizer_new(&o, &d);
    const cx_sink *k = cx_normalizer_sink(n);
    assert_int_equal(k->sheet_begin(k->ud, NULL, 0), 0);
    cx_cell h[3] = {{CX_CELL_TEXT, 0, 0, "STT", 3}, {CX_CELL_TEXT, 0, 0, "Đơn vị", strlen("Đơn vị")}, {CX_CELL_TEXT, 0, 0, "DVCTT", 5}};
    assert_int_equal(k->row(k->ud, 0, h, 3), 0);
    for (uint32_t r = 1; r <= 50000; r++) {
        char a[16], b[32], c[16];
        snprintf(a, sizeof a, "%u", r);
        snprintf(b, sizeof b, "Xã %u", r);
        snprintf(c, sizeof c, "%u,5", r % 100);
        cx_cell cells[3] = {{CX_CELL_TEXT, 0, 0, a, strlen(a)}, {CX_CELL_TEXT, 0, 0, b, strlen(b)}, {CX_CELL_TEXT, 0, 0, c, strlen(c)}};
        assert_int_equal(k->row(k->ud, r, cells, 3), 0);
    }
    assert_int_equal(k->sheet_end(k->ud), 0);
    cx_snapshot **v; size_t nv;
    assert_int_equal(cx_normalizer_finish(n, &v, &nv), CX_OK);
    assert_int_equal(v[0]->nunits, 50000);
    assert_true(v[0]->units[49999].v[CX_IND_DVC_TRUC_TUYEN] == 0.5);
    free_snaps(v, nv);
    cx_normalizer_free(n);
    cx_diag_clear(&d);
}

/* Reference 003 pasted into one sheet: two tables one under the other, a header repeated
 * on a new page, notes at the end. */
static const trow stacked[] = {
    {"Phụ lục 1", "", "", END},
    {"STT", "Đơn vị", "Kết quả xử lý hồ sơ (%)", "Tỷ lệ mức độ hài lòng (%)", END},
    {"1", "Thị trấn Khoái Châu", "100", "100", END},
    {"2", "An Vỹ", "99.32", "100", END},
    {"STT", "Đơn vị", "Kết quả xử lý hồ sơ (%)", "Tỷ lệ mức độ hài lòng (%)", END},
    {"3", "Bình Kiều", "100", "100", END},
    {"", "", "", END},
    {"Phụ lục 2", "", "", END},
    {"Các chỉ tiêu chỉ phát sinh của UBND các xã, thị trấn tháng 2/2024", "", "", END},
    {"STT", "Đơn vị", "Điểm tổng hợp %", "Kết quả cấp bản sao điện tử", END},
    {"1", "Thị trấn Khoái Châu", "81.34", "1405", END},
    {"2", "An Vỹ", "82.86", "1419", END},
    {"3", "Bình Kiều", "69.31", "354", END},
    {"Người lập biểu", "", "", END},
};

static void test_stacked_tables(void **state)
{
    (void)state;
    cx_diag d; cx_diag_init(&d);
    cx_norm_opts o = {.source_path = "khoai-chau.csv", .sheets = NULL};
    cx_normalizer *n = cx_normalizer_new(&o, &d);
    feed_sheet(cx_normalizer_sink(n), NULL, 0, stacked, sizeof stacked / sizeof stacked[0]);
    char *rep = NULL; size_t replen = 0;
    FILE *f = open_memstream(&rep, &replen);
    cx_normalizer_report(n, f);
    fclose(f);
    if (!strstr(rep, "table 2")) fail_msg("%s", rep);
    assert_non_null(strstr(rep, "rows: 3 read = 3 units + 0 skipped (besides 1 title, 2 header, 1 blank rows)"));
    assert_non_null(strstr(rep, "rows: 4 read = 3 units + 1 skipped (besides 2 title, 1 header, 0 blank rows)"));
    free(rep);
    cx_snapshot **v; size_t nv;
    assert_int_equal(cx_normalizer_finish(n, &v, &nv), CX_OK);
    assert_int_equal(nv, 1);
    assert_int_equal(v[0]->nunits, 3);
    const cx_unit *u = unit_named(v[0], "An Vỹ");
    assert_true(u->v[CX_IND_TIEN_DO_GIAI_QUYET] == 99.32);
    assert_true(u->v[CX_IND_CHUNG_THUC_DIEN_TU] == 1419);
    assert_int_equal(u->ref[CX_IND_CHUNG_THUC_DIEN_TU].row, 12);
    /* only the signature row is skipped with a warning */
    int skipped = 0;
    for (size_t i = 0; i < d.n; i++) skipped += !strcmp(d.items[i].code, "skipped_row");
    assert_int_equal(skipped, 1);
    assert_non_null(find_warning(&d, "skipped_row", 14, -2));
    free_snaps(v, nv);
    cx_normalizer_free(n);
    cx_diag_clear(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_two_level),
        cmocka_unit_test(test_one_level_and_bands),
        cmocka_unit_test(test_typed_cells),
        cmocka_unit_test(test_no_table),
        cmocka_unit_test(test_sheets),
        cmocka_unit_test(test_portal),
        cmocka_unit_test(test_merges_and_numbers_row),
        cmocka_unit_test(test_many_rows),
        cmocka_unit_test(test_stacked_tables),
        cmocka_unit_test(test_covered_cells),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
