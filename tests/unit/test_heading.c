/* Unit tests for heading.c: every heading of the references, the portal codes, periods, thresholds. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <ctype.h>
#include <stdio.h>
#include <utf8proc.h>
#include "heading.h"

#define IND CX_COL_INDICATOR
typedef struct { const char *group, *sub; int seen; cx_col_role role; cx_indicator ind; double th; } hcase;

static const hcase cases[] = {
    /* reference 001 (Phú Tân), two-level header */
    {NULL, "STT", 0, CX_COL_STT, CX_IND_NONE, -1},
    {NULL, "ĐƠN VỊ", 0, CX_COL_NAME, CX_IND_NONE, -1},
    {"ĐIỂM TỔNG HỢP", "THÁNG 5 -TUẦN 01", 0, IND, CX_IND_DIEM_TONG_HOP, -1},
    {"ĐIỂM TỔNG HỢP", "XẾP LOẠI", 1, IND, CX_IND_XEP_LOAI, -1},
    {"ĐIỂM TỔNG HỢP", "THÁNG 4", 1, IND, CX_IND_DIEM_KY_TRUOC, -1},
    {"ĐIỂM TỔNG HỢP", "ĐIỂM (TĂNG/GIẢM)", 1, IND, CX_IND_TANG_GIAM, -1},
    {NULL, "CÔNG KHAI, MINH BẠCH (%)", 1, IND, CX_IND_CONG_KHAI_MINH_BACH, -1},
    {NULL, "TIỀN ĐỘ GIẢI QUYẾT (%)", 1, IND, CX_IND_TIEN_DO_GIAI_QUYET, -1},
    {NULL, "TIẾN ĐỘ GIẢI QUYẾT (%)", 1, IND, CX_IND_TIEN_DO_GIAI_QUYET, -1},
    {"DỊCH VỤ CÔNG TT", "DVCTT", 1, IND, CX_IND_DVC_TRUC_TUYEN, -1},
    {"DỊCH VỤ CÔNG TT", "THANH TOÁN TT", 1, IND, CX_IND_THANH_TOAN_TRUC_TUYEN, -1},
    {"SỐ HÓA HỒ SƠ (80%)", "SỐ HÓA HỒ SƠ", 1, IND, CX_IND_SO_HOA_HO_SO, 80},
    {"SỐ HÓA HỒ SƠ (80%)", "TÁI SỬ DỤNG (%)", 1, IND, CX_IND_TAI_SU_DUNG, -1},
    {"SỐ HÓA HỒ SƠ (80%)", "CHỨNG THỰC ĐT", 1, IND, CX_IND_CHUNG_THUC_DIEN_TU, -1},
    /* reference 002 (Chợ Mới): one-level score columns with line breaks, thresholds */
    {NULL, "ĐIỂM\nTỔNG\nHỢP\n(TUẦN\n01/12)", 0, IND, CX_IND_DIEM_TONG_HOP, -1},
    {NULL, "XẾP\nLOẠI", 1, IND, CX_IND_XEP_LOAI, -1},
    {NULL, "ĐIỂM\nTỔNG\nHỢP\n(TUẦN\n04/11)", 1, IND, CX_IND_DIEM_KY_TRUOC, -1},
    {NULL, "TĂNG/\nGIẢM\nSO VỚI\nTUẦN\nTRƯỚC", 1, IND, CX_IND_TANG_GIAM, -1},
    {NULL, "CÔNG\nKHAI,\nMINH\nBẠCH\n(%)", 1, IND, CX_IND_CONG_KHAI_MINH_BACH, -1},
    {NULL, "TIẾN\nĐỘ\nGIẢI\nQUYẾT\n(%)", 1, IND, CX_IND_TIEN_DO_GIAI_QUYET, -1},
    {"DỊCH VỤ TRỰC TUYẾN", "DVCTT\n(Chỉ tiêu\ntrên\n50%)", 1, IND, CX_IND_DVC_TRUC_TUYEN, 50},
    {"DỊCH VỤ TRỰC TUYẾN", "THANH\nTOÁN\nTRỰC\nTUYẾN (Chỉ\ntiêu trên\n30%)", 1, IND, CX_IND_THANH_TOAN_TRUC_TUYEN, 30},
    {"SỐ HÓA", "SỐ\nHÓA\n(Từ\n80%\ntrở\nlên)", 1, IND, CX_IND_SO_HOA_HO_SO, 80},
    {"SỐ HÓA", "CHỨNG\nTHỰC\nĐIỆN\nTỬ", 1, IND, CX_IND_CHUNG_THUC_DIEN_TU, -1},
    {"SỐ HÓA", "CHỨNG\nTHỰC\nĐIỆN TỬ\n(Lũy kế)", 1, IND, CX_IND_CHUNG_THUC_DIEN_TU_LUY_KE, -1},
    {NULL, "CHỨNG THỰC ĐIỆN TỬ (Lũy kế)", 1, IND, CX_IND_CHUNG_THUC_DIEN_TU_LUY_KE, -1},
    {"CHỨNG THỰC ĐIỆN TỬ", "Lũy kế", 1, IND, CX_IND_CHUNG_THUC_DIEN_TU_LUY_KE, -1},
    /* reference 003 (Khoái Châu) */
    {NULL, "Đơn vị", 0, CX_COL_NAME, CX_IND_NONE, -1},
    {NULL, "Kết quả xử lý hồ sơ (%)", 0, IND, CX_IND_TIEN_DO_GIAI_QUYET, -1},
    {NULL, "Tỷ lệ mức độ hài lòng (%)", 0, IND, CX_IND_MUC_DO_HAI_LONG, -1},
    {NULL, "Tỷ lệ hồ sơ thanh toán trực tuyến (%)", 0, IND, CX_IND_THANH_TOAN_TRUC_TUYEN, -1},
    {NULL, "Điểm tổng hợp %", 0, IND, CX_IND_DIEM_TONG_HOP, -1},
    {NULL, "Kết quả tỷ lệ số hoá %", 0, IND, CX_IND_SO_HOA_HO_SO, -1},
    {NULL, "Kết quả cấp bản sao điện tử", 0, IND, CX_IND_CHUNG_THUC_DIEN_TU, -1},
    /* spec table and others */
    {NULL, "Tổng điểm", 0, IND, CX_IND_DIEM_TONG_HOP, -1},
    {NULL, "XẾP HẠNG", 0, IND, CX_IND_XEP_HANG, -1},
    {"ĐIỂM TỔNG HỢP", "Kỳ trước", 0, IND, CX_IND_DIEM_KY_TRUOC, -1},
    {NULL, "Kỳ trước", 0, IND, CX_IND_DIEM_KY_TRUOC, -1},
    {NULL, "Dịch vụ công trực tuyến", 0, IND, CX_IND_DVC_TRUC_TUYEN, -1},
    {NULL, "SỐ HÓA (Từ 80% trở lên)", 0, IND, CX_IND_SO_HOA_HO_SO, 80},
    {NULL, "DVCTT (Chỉ tiêu trên 50%)", 0, IND, CX_IND_DVC_TRUC_TUYEN, 50},
    {NULL, "Công khai, minh bạch (18 điểm)", 0, IND, CX_IND_CONG_KHAI_MINH_BACH_DIEM, -1},
    {NULL, "Tiến độ giải quyết (20 điểm)", 0, IND, CX_IND_TIEN_DO_GIAI_QUYET_DIEM, -1},
    {NULL, "  cong   khai,minh bach  ", 0, IND, CX_IND_CONG_KHAI_MINH_BACH, -1},
    {NULL, "Xã, phường", 0, CX_COL_NAME, CX_IND_NONE, -1},
    {NULL, "Tên đơn vị", 0, CX_COL_NAME, CX_IND_NONE, -1},
    {NULL, "TT", 0, CX_COL_STT, CX_IND_NONE, -1},
    {NULL, "Ghi chú", 0, CX_COL_IGNORED, CX_IND_NONE, -1},
    /* portal field codes and the new service's names */
    {NULL, "ID", 0, CX_COL_IGNORED, CX_IND_NONE, -1},
    {NULL, "CAPDONVIID", 0, CX_COL_IGNORED, CX_IND_NONE, -1},
    {NULL, "TEN", 0, CX_COL_NAME, CX_IND_NONE, -1},
    {NULL, "TEN_COQUAN", 0, CX_COL_NAME, CX_IND_NONE, -1},
    {NULL, "MA_COQUAN", 0, CX_COL_CODE, CX_IND_NONE, -1},
    {NULL, "LOAI_COQUAN", 0, CX_COL_KIND, CX_IND_NONE, -1},
    {NULL, "ROW_STT", 0, CX_COL_STT, CX_IND_NONE, -1},
    {NULL, "CKMB", 0, IND, CX_IND_CONG_KHAI_MINH_BACH_DIEM, -1},
    {NULL, "TDGQ", 0, IND, CX_IND_TIEN_DO_GIAI_QUYET_DIEM, -1},
    {NULL, "CLGQ", 0, IND, CX_IND_DVC_TRUC_TUYEN_DIEM, -1},
    {NULL, "TTTT", 0, IND, CX_IND_THANH_TOAN_TRUC_TUYEN_DIEM, -1},
    {NULL, "MDHL", 0, IND, CX_IND_MUC_DO_HAI_LONG_DIEM, -1},
    {NULL, "MDSH", 0, IND, CX_IND_SO_HOA_HO_SO_DIEM, -1},
    {NULL, "TONG_SCORE", 0, IND, CX_IND_DIEM_TONG_HOP, -1},
    {NULL, "departmentName", 0, CX_COL_NAME, CX_IND_NONE, -1},
    {NULL, "departmentCode", 0, CX_COL_CODE, CX_IND_NONE, -1},
    {NULL, "totalScore", 0, IND, CX_IND_DIEM_TONG_HOP, -1},
    {NULL, "scoreDelta", 0, IND, CX_IND_TANG_GIAM, -1},
    /* long-table period columns */
    {NULL, "Kỳ", 0, CX_COL_PERIOD, CX_IND_NONE, -1},
    {NULL, "Kỳ báo cáo", 0, CX_COL_PERIOD, CX_IND_NONE, -1},
    {NULL, "Thời gian", 0, CX_COL_PERIOD, CX_IND_NONE, -1},
    {NULL, "Tuần", 0, CX_COL_PERIOD, CX_IND_NONE, -1},
    {NULL, "Tháng", 0, CX_COL_PERIOD, CX_IND_NONE, -1},
    {NULL, "Năm", 0, CX_COL_PERIOD, CX_IND_NONE, -1},
    {NULL, "Quý", 0, CX_COL_PERIOD, CX_IND_NONE, -1},
    /* typos: lower confidence but found */
    {NULL, "CÔNG KHAI MINH BẠC", 0, IND, CX_IND_CONG_KHAI_MINH_BACH, -1},
    {NULL, "TIẾN ĐỘ GIẢI QUYẾTT", 0, IND, CX_IND_TIEN_DO_GIAI_QUYET, -1},
    /* never a random word */
    {NULL, "Biểu đồ", 0, CX_COL_UNKNOWN, CX_IND_NONE, -1},
    {NULL, "abc", 0, CX_COL_UNKNOWN, CX_IND_NONE, -1},
    {NULL, "Người ký", 0, CX_COL_UNKNOWN, CX_IND_NONE, -1},
    {NULL, "", 0, CX_COL_UNKNOWN, CX_IND_NONE, -1},
    {NULL, "%", 0, CX_COL_UNKNOWN, CX_IND_NONE, -1},
    {NULL, "12", 0, CX_COL_UNKNOWN, CX_IND_NONE, -1},
    {NULL, "\xff\xfe", 0, CX_COL_UNKNOWN, CX_IND_NONE, -1},
    {"DỊCH VỤ CÔNG TT", "Ghi nhận", 0, CX_COL_UNKNOWN, CX_IND_NONE, -1},
};

static void test_headings(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const hcase *c = &cases[i];
        cx_heading_match m = cx_match_heading(c->group, c->sub, c->seen);
        if (m.role != c->role || m.indicator != c->ind || m.threshold != c->th)
            fail_msg("case %zu [%s | %s]: role %d ind %d th %g, expected role %d ind %d th %g", i,
                     c->group ? c->group : "-", c->sub, m.role, m.indicator, m.threshold, c->role, c->ind, c->th);
    }
}

static void test_confidence_and_parts(void **state)
{
    (void)state;
    assert_int_equal(cx_match_heading(NULL, "DVCTT", 0).confidence, 100);
    cx_heading_match m = cx_match_heading(NULL, "CÔNG KHAI MINH BẠC", 0);
    assert_true(m.confidence > 0 && m.confidence < 100);
    assert_int_equal(cx_match_heading(NULL, "Tuần", 0).period_part, 'w');
    assert_int_equal(cx_match_heading(NULL, "Tháng", 0).period_part, 'm');
    assert_int_equal(cx_match_heading(NULL, "Năm", 0).period_part, 'y');
    assert_int_equal(cx_match_heading(NULL, "Quý", 0).period_part, 'q');
    assert_int_equal(cx_match_heading(NULL, "Kỳ báo cáo", 0).period_part, 'p');
    /* group spanning both rows, passed as group with an empty sub */
    assert_int_equal(cx_match_heading("XẾP LOẠI", "", 0).indicator, CX_IND_XEP_LOAI);
    assert_int_equal(cx_match_heading("XẾP LOẠI", NULL, 0).indicator, CX_IND_XEP_LOAI);
}

static void test_fold(void **state)
{
    (void)state;
    static const struct { const char *in, *out; } t[] = {
        {"TIẾN ĐỘ GIẢI QUYẾT (%)", "tien do giai quyet"}, {"TIỀN ĐỘ", "tien do"},
        {"  Đơn\n vị ", "don vi"}, {"THÁNG 5 -TUẦN 01", "thang 5 tuan 01"}, {"", ""},
        {"Hoà", "hoa"}, {"TEN_COQUAN", "ten coquan"},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        char *f = cx_fold_heading(t[i].in);
        assert_non_null(f);
        assert_string_equal(f, t[i].out);
        free(f);
    }
    assert_null(cx_fold_heading(NULL));
}

static void test_is_period(void **state)
{
    (void)state;
    assert_true(cx_heading_is_period("THÁNG 4"));
    assert_true(cx_heading_is_period("TUẦN 04/11"));
    assert_true(cx_heading_is_period("Kỳ trước"));
    assert_true(cx_heading_is_period("THÁNG 5 -TUẦN 01"));
    assert_false(cx_heading_is_period("XẾP LOẠI"));
    assert_false(cx_heading_is_period("Tháng"));
    assert_false(cx_heading_is_period(""));
}

/* ---- the letter-by-letter fold of Vietnamese text equals utf8proc's ---- */

static void put_cp(char *b, size_t *n, int32_t c)
{
    *n += (size_t)utf8proc_encode_char(c, (utf8proc_uint8_t *)b + *n);
}

static void check_fold(const char *s)
{
    char *a = cx_fold_heading(s), *b = cx_fold_heading_full(s);
    if (!a || !b || strcmp(a, b)) fail_msg("'%s': '%s' vs '%s'", s, a ? a : "(null)", b ? b : "(null)");
    free(a);
    free(b);
}

static void test_fold_quick(void **state)
{
    (void)state;
    char b[128];
    size_t n;
    /* every code point below U+0250 and in U+1E00..U+1EFF, alone and among ASCII */
    for (int32_t c = 1; c < 0x1F00; c++) {
        if (c == 0x250) c = 0x1E00;
        n = 0;
        put_cp(b, &n, c);
        b[n] = 0;
        check_fold(b);
        n = 0;
        b[n++] = 'X';
        put_cp(b, &n, c);
        b[n++] = '-';
        put_cp(b, &n, c);
        b[n++] = 'y';
        b[n] = 0;
        check_fold(b);
    }
    /* random strings of ASCII, Vietnamese letters and a few others (marks, NBSP, dashes) */
    static const int32_t other[] = {0x110, 0x111, 0x300, 0x301, 0x303, 0x309, 0x323, 0xA0, 0xC6, 0xDF, 0x2013, 0x102, 0x1B0, 0x1EF9};
    unsigned long long x = 88172645463325252ull;
    for (int it = 0; it < 200000; it++) {
        n = 0;
        x ^= x << 13; x ^= x >> 7; x ^= x << 17;
        for (int k = (int)(x % 16); k > 0; k--) {
            x ^= x << 13; x ^= x >> 7; x ^= x << 17;
            unsigned r = (unsigned)(x % 10);
            int32_t c = r < 5 ? (int32_t)(32 + (x >> 8) % 95)
                      : r < 9 ? (int32_t)(0x1EA0 + (x >> 8) % 90)
                              : other[(x >> 8) % (sizeof other / sizeof other[0])];
            put_cp(b, &n, c);
        }
        b[n] = 0;
        check_fold(b);
    }
    check_fold("UBND xã Phú Hưng \xff (Đông)");   /* a bad byte: the utf8proc path */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_headings),
        cmocka_unit_test(test_confidence_and_parts),
        cmocka_unit_test(test_fold),
        cmocka_unit_test(test_is_period),
        cmocka_unit_test(test_fold_quick),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
