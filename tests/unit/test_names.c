/* Unit tests for names.c: every name form of the reference reports, prefixes, case, tone style, keys. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "names.h"

typedef struct ncase {
    const char *raw, *name, *key;
    cx_kind kind;
    const char *scope;
} ncase;

static const ncase cases[] = {
    /* 001 Phú Tân: upper-case names, total row */
    {"TOÀN HUYỆN", "Toàn huyện", "toàn huyện", CX_KIND_TONG, NULL},
    {"PHÚ HÙNG", "Phú Hùng", "phú hùng", CX_KIND_NULL, NULL},
    {"Phú Hùng", "Phú Hùng", "phú hùng", CX_KIND_NULL, NULL},
    {"Xã Phú Hùng", "Phú Hùng", "phú hùng", CX_KIND_XA, NULL},
    {"xã Phú Hùng", "Phú Hùng", "phú hùng", CX_KIND_XA, NULL},
    {"UBND xã Phú Hùng", "Phú Hùng", "phú hùng", CX_KIND_XA, NULL},
    {"X. Phú Hùng", "Phú Hùng", "phú hùng", CX_KIND_XA, NULL},
    {"X.Phú Hùng", "Phú Hùng", "phú hùng", CX_KIND_XA, NULL},
    {"BÌNH THẠNH ĐÔNG", "Bình Thạnh Đông", "bình thạnh đông", CX_KIND_NULL, NULL},
    {"PHÚ THÀNH", "Phú Thành", "phú thành", CX_KIND_NULL, NULL},
    {"PHÚ THẠNH", "Phú Thạnh", "phú thạnh", CX_KIND_NULL, NULL},
    {"TÂN HÒA", "Tân Hòa", "tân hòa", CX_KIND_NULL, NULL},
    {"HÒA LẠC", "Hòa Lạc", "hòa lạc", CX_KIND_NULL, NULL},
    {"Hoà Lạc", "Hòa Lạc", "hòa lạc", CX_KIND_NULL, NULL},
    {"HOÀ LẠC", "Hòa Lạc", "hòa lạc", CX_KIND_NULL, NULL},
    {"LONG HÒA", "Long Hòa", "long hòa", CX_KIND_NULL, NULL},
    {"CHỢ VÀM", "Chợ Vàm", "chợ vàm", CX_KIND_NULL, NULL},
    {"TT. Chợ Vàm", "Chợ Vàm", "chợ vàm", CX_KIND_THI_TRAN, NULL},
    {"TT.Chợ Vàm", "Chợ Vàm", "chợ vàm", CX_KIND_THI_TRAN, NULL},
    {"TT Phú Mỹ", "Phú Mỹ", "phú mỹ", CX_KIND_THI_TRAN, NULL},
    {"Thị trấn Phú Mỹ", "Phú Mỹ", "phú mỹ", CX_KIND_THI_TRAN, NULL},
    {"UBND thị trấn Chợ Vàm", "Chợ Vàm", "chợ vàm", CX_KIND_THI_TRAN, NULL},
    {"Ủy ban nhân dân xã Tân Trung", "Tân Trung", "tân trung", CX_KIND_XA, NULL},
    {"Uỷ ban nhân dân xã Tân Trung", "Tân Trung", "tân trung", CX_KIND_XA, NULL},
    /* 002 Chợ Mới: names broken over lines, letters as the last word */
    {"BÌNH\nPHƯỚC\nXUÂN", "Bình Phước Xuân", "bình phước xuân", CX_KIND_NULL, NULL},
    {"LONG\nĐIỀN A", "Long Điền A", "long điền a", CX_KIND_NULL, NULL},
    {"LONG\r\nĐIỀN  B", "Long Điền B", "long điền b", CX_KIND_NULL, NULL},
    {"AN THẠNH\nTRUNG", "An Thạnh Trung", "an thạnh trung", CX_KIND_NULL, NULL},
    {"MỸ HỘI\nĐÔNG", "Mỹ Hội Đông", "mỹ hội đông", CX_KIND_NULL, NULL},
    {"NHƠN MỸ", "Nhơn Mỹ", "nhơn mỹ", CX_KIND_NULL, NULL},
    {" CHỢ MỚI ", "Chợ Mới", "chợ mới", CX_KIND_NULL, NULL},
    /* 003 Khoái Châu: old tone placement, trailing space, Thị trấn */
    {"Thị trấn Khoái Châu", "Khoái Châu", "khoái châu", CX_KIND_THI_TRAN, NULL},
    {"Việt Hoà", "Việt Hòa", "việt hòa", CX_KIND_NULL, NULL},
    {"Hàm Tử ", "Hàm Tử", "hàm tử", CX_KIND_NULL, NULL},
    {"An Vỹ", "An Vỹ", "an vỹ", CX_KIND_NULL, NULL},
    {"Ông Đình", "Ông Đình", "ông đình", CX_KIND_NULL, NULL},
    {"Nhuế Dương", "Nhuế Dương", "nhuế dương", CX_KIND_NULL, NULL},
    {"Phùng Hưng", "Phùng Hưng", "phùng hưng", CX_KIND_NULL, NULL},
    /* portal names */
    {"UBND xã Đông Thái - tỉnh An Giang", "Đông Thái", "đông thái", CX_KIND_XA, "An Giang"},
    {"UBND xã Đông Thái - Tỉnh An Giang", "Đông Thái", "đông thái", CX_KIND_XA, "An Giang"},
    {"UBND xã Đông Thái – tỉnh An Giang", "Đông Thái", "đông thái", CX_KIND_XA, "An Giang"},
    {"UBND phường Mỹ Bình - thành phố Hà Nội", "Mỹ Bình", "mỹ bình", CX_KIND_PHUONG, "Hà Nội"},
    {"Sở Du lịch - tỉnh An Giang", "Sở Du lịch", "sở du lịch", CX_KIND_SO_NGANH, "An Giang"},
    {"Văn phòng UBND tỉnh", "Văn phòng UBND tỉnh", "văn phòng ubnd tỉnh", CX_KIND_SO_NGANH, NULL},
    {"Công an tỉnh An Giang", "Công an tỉnh An Giang", "công an tỉnh an giang", CX_KIND_SO_NGANH, NULL},
    {"Ban Quản lý Khu kinh tế", "Ban Quản lý Khu kinh tế", "ban quản lý khu kinh tế", CX_KIND_SO_NGANH, NULL},
    {"UBND tỉnh Bắc Ninh", "Bắc Ninh", "bắc ninh", CX_KIND_TINH, NULL},
    {"UBND huyện Phú Tân", "Phú Tân", "phú tân", CX_KIND_HUYEN, NULL},
    {"UBND HUYỆN PHÚ TÂN", "Phú Tân", "phú tân", CX_KIND_HUYEN, NULL},
    {"UBND thành phố Long Xuyên", "Long Xuyên", "long xuyên", CX_KIND_THANH_PHO, NULL},
    {"TP. Châu Đốc", "Châu Đốc", "châu đốc", CX_KIND_THANH_PHO, NULL},
    {"Thị xã Tân Châu", "Tân Châu", "tân châu", CX_KIND_THI_XA, NULL},
    {"Ban Công", "Ban Công", "ban công", CX_KIND_NULL, NULL},   /* a commune, not an agency */
    {"Cộng Hòa", "Cộng Hòa", "cộng hòa", CX_KIND_NULL, NULL},   /* a commune, not a total */
    /* number names keep their prefix word */
    {"phường 1", "Phường 1", "phường 1", CX_KIND_PHUONG, NULL},
    {"P.01", "Phường 01", "phường 1", CX_KIND_PHUONG, NULL},
    {"PHƯỜNG 10", "Phường 10", "phường 10", CX_KIND_PHUONG, NULL},
    {"PHƯỜNG III", "Phường III", "phường iii", CX_KIND_PHUONG, NULL},
    {"XÃ TAM XUÂN II", "Tam Xuân II", "tam xuân ii", CX_KIND_XA, NULL},
    {"Hòa Tú II", "Hòa Tú II", "hòa tú ii", CX_KIND_NULL, NULL},
    /* totals */
    {"Toàn tỉnh", "Toàn tỉnh", "toàn tỉnh", CX_KIND_TONG, NULL},
    {"TOÀN THỊ XÃ", "Toàn thị xã", "toàn thị xã", CX_KIND_TONG, NULL},
    {"Toàn thành phố", "Toàn thành phố", "toàn thành phố", CX_KIND_TONG, NULL},
    {"TỔNG CỘNG", "Tổng cộng", "tổng cộng", CX_KIND_TONG, NULL},
    {"Tổng:", "Tổng", "tổng", CX_KIND_TONG, NULL},
    {"Cộng", "Cộng", "cộng", CX_KIND_TONG, NULL},
    /* tone placement: open oa/oe/uy on the first vowel, with a final consonant on the second */
    {"Thuỷ", "Thủy", "thủy", CX_KIND_NULL, NULL},
    {"THUỶ", "Thủy", "thủy", CX_KIND_NULL, NULL},
    {"Khoẻ", "Khỏe", "khỏe", CX_KIND_NULL, NULL},
    {"Hoá An", "Hóa An", "hóa an", CX_KIND_NULL, NULL},
    {"Hoả", "Hỏa", "hỏa", CX_KIND_NULL, NULL},
    {"Thoã", "Thõa", "thõa", CX_KIND_NULL, NULL},
    {"Xoạ", "Xọa", "xọa", CX_KIND_NULL, NULL},
    {"Xoè", "Xòe", "xòe", CX_KIND_NULL, NULL},
    {"Tuỳ", "Tùy", "tùy", CX_KIND_NULL, NULL},
    {"Thuý", "Thúy", "thúy", CX_KIND_NULL, NULL},
    {"Luỹ", "Lũy", "lũy", CX_KIND_NULL, NULL},
    {"Luỵ", "Lụy", "lụy", CX_KIND_NULL, NULL},
    {"Hòang Mai", "Hoàng Mai", "hoàng mai", CX_KIND_NULL, NULL},
    {"Hoàng Mai", "Hoàng Mai", "hoàng mai", CX_KIND_NULL, NULL},
    {"Huỳnh Hữu Nghĩa", "Huỳnh Hữu Nghĩa", "huỳnh hữu nghĩa", CX_KIND_NULL, NULL},
    {"Quý Sơn", "Quý Sơn", "quý sơn", CX_KIND_NULL, NULL},
    {"QUỲNH LƯU", "Quỳnh Lưu", "quỳnh lưu", CX_KIND_NULL, NULL},
    {"Thuyết", "Thuyết", "thuyết", CX_KIND_NULL, NULL},
    {"Ngoài", "Ngoài", "ngoài", CX_KIND_NULL, NULL},
    {"Giữa", "Giữa", "giữa", CX_KIND_NULL, NULL},
    /* highland names keep their own capitals; NFD input comes out NFC */
    {"Xã Ea H'leo", "Ea H'leo", "ea h'leo", CX_KIND_XA, NULL},
    {"Thị trấn M'Đrắk", "M'Đrắk", "m'đrắk", CX_KIND_THI_TRAN, NULL},
    {"Pha\xcc\x81 Hu\xcc\x80ng", "Phá Hùng", "phá hùng", CX_KIND_NULL, NULL},
    {"\xc3\x90\xc3\xb4ng Th\xc3\xa1i", "Đông Thái", "đông thái", CX_KIND_NULL, NULL},   /* Ð (eth) for Đ */
    {"Phú\xc2\xa0Hùng", "Phú Hùng", "phú hùng", CX_KIND_NULL, NULL},
    {"Phú\xe2\x80\x8bHùng", "PhúHùng", "phúhùng", CX_KIND_NULL, NULL},
};

static void test_clean_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const ncase *c = &cases[i];
        cx_name n;
        int r = cx_name_clean(c->raw, strlen(c->raw), &n);
        if (r != 0) fail_msg("case %zu '%s': returned %d", i, c->raw, r);
        if (strcmp(n.name, c->name) != 0) fail_msg("case %zu '%s': name '%s', want '%s'", i, c->raw, n.name, c->name);
        if (strcmp(n.key, c->key) != 0) fail_msg("case %zu '%s': key '%s', want '%s'", i, c->raw, n.key, c->key);
        if (n.kind != c->kind) fail_msg("case %zu '%s': kind %d, want %d", i, c->raw, n.kind, c->kind);
        if (c->scope == NULL ? n.scope != NULL : (n.scope == NULL || strcmp(n.scope, c->scope) != 0))
            fail_msg("case %zu '%s': scope '%s', want '%s'", i, c->raw, n.scope ? n.scope : "(null)",
                     c->scope ? c->scope : "(null)");
        cx_name_free(&n);
    }
}

static void test_total(void **state)
{
    (void)state;
    static const char *const yes[] = {"TOÀN HUYỆN", "Toàn huyện", "Toàn tỉnh", "Toàn thị xã",
                                      "Toàn thành phố", "Tổng cộng", "Tổng", "Cộng", " TỔNG CỘNG: "};
    static const char *const no[] = {"Phú Hùng", "Huyện Phú Tân", "Cộng Hòa", "Toàn Sơn", "Bảo Toàn", "", "Tổng Cọt"};
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
        if (!cx_name_is_total(yes[i])) fail_msg("'%s' should be a total", yes[i]);
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
        if (cx_name_is_total(no[i])) fail_msg("'%s' is not a total", no[i]);
    assert_int_equal(cx_name_is_total(NULL), 0);
    assert_int_equal(cx_name_is_total("\xff"), 0);
    /* cx_name_clean_total says the same as cx_name_is_total, and cleans as cx_name_clean
     * (a trailing ',' or ';' is cut from the name but keeps cx_name_is_total's no) */
    static const char *const any[] = {"TOÀN HUYỆN", " TỔNG CỘNG: ", "Tổng cộng,", "TOÀN HUYỆN;", "Tổng:,",
                                      "Cộng ; ", "tổng số.*", "Tổng *", "Phú Hùng,", "Toàn Sơn", "", "Hoà Bình:",
                                      "UBND xã Phú Hùng - tỉnh An Giang;", "\xff", "Tổ\xcc\x82ng", "toàn  tỉnh ..."};
    for (size_t i = 0; i < sizeof any / sizeof any[0]; i++) {
        cx_name a, b;
        int tot = -1;
        int ra = cx_name_clean_total(any[i], strlen(any[i]), &a, &tot);
        int rb = cx_name_clean(any[i], strlen(any[i]), &b);
        if (tot != cx_name_is_total(any[i])) fail_msg("'%s': is_total %d", any[i], tot);
        assert_int_equal(ra, rb);
        if (ra == 0) {
            assert_string_equal(a.name, b.name);
            assert_string_equal(a.key, b.key);
            assert_int_equal(a.kind, b.kind);
        }
        cx_name_free(&a);
        cx_name_free(&b);
    }
}

static void test_invalid(void **state)
{
    (void)state;
    cx_name n;
    assert_int_equal(cx_name_clean("Ph\xff", 3, &n), CX_ERR_ENCODING);
    assert_null(n.name);
    cx_name_free(&n);
    assert_int_equal(cx_name_clean("Ph\xc3", 3, &n), CX_ERR_ENCODING);
    assert_int_equal(cx_name_clean("\xed\xa0\x80", 3, &n), CX_ERR_ENCODING);   /* surrogate */
    /* an empty name is not an error */
    assert_int_equal(cx_name_clean("", 0, &n), CX_OK);
    assert_string_equal(n.name, "");
    cx_name_free(&n);
    /* length is honoured: no read past len */
    assert_int_equal(cx_name_clean("Phú Hùng XYZ", strlen("Phú Hùng"), &n), CX_OK);
    assert_string_equal(n.name, "Phú Hùng");
    cx_name_free(&n);
    cx_name_free(NULL);
}

static void test_fold_and_helpers(void **state)
{
    (void)state;
    static const char *const f[][2] = {
        {"bình thạnh đông", "binh thanh dong"}, {"an vỹ", "an vi"}, {"an vĩ", "an vi"},
        {"phú hùng", "phu hung"}, {"phú hưng", "phu hung"}, {"đông thái", "dong thai"},
        {"hòa lạc", "hoa lac"}, {"ĐÔNG", "dong"},
    };
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
        char *s = cx_fold_key(f[i][0]);
        assert_non_null(s);
        assert_string_equal(s, f[i][1]);
        free(s);
    }
    char *s = cx_vi_lower("ĐIỀN ĐÔNG Ă");
    assert_string_equal(s, "điền đông ă");
    free(s);
    s = cx_vi_title("long điền a");
    assert_string_equal(s, "Long Điền A");
    free(s);
    s = cx_vi_tone_style("Hoà Thuỷ Hoàng Quý Khoẻ");
    assert_string_equal(s, "Hòa Thủy Hoàng Quý Khỏe");
    free(s);
    assert_null(cx_vi_lower("\xff"));
}

/* every one of the 134 Vietnamese letters with marks (and the 12 bare vowels) maps back */
static void test_vowel_table(void **state)
{
    (void)state;
    int n = 0;
    for (int u = 0; u < 2; u++)
        for (int v = 0; v < 12; v++)
            for (int t = 0; t < 6; t++) {
                int32_t cp = cx_vi_vowel_cp(v, t, u);
                int vv, tt, uu;
                assert_true(cx_vi_vowel(cp, &vv, &tt, &uu));
                assert_int_equal(vv, v);
                assert_int_equal(tt, t);
                assert_int_equal(uu, u);
                n++;
            }
    assert_int_equal(n, 144);
    assert_false(cx_vi_vowel('b', NULL, NULL, NULL));
    assert_false(cx_vi_vowel(0x0111, NULL, NULL, NULL));
    assert_int_equal(cx_vi_vowel_cp(12, 0, 0), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_clean_table), cmocka_unit_test(test_total), cmocka_unit_test(test_invalid),
        cmocka_unit_test(test_fold_and_helpers), cmocka_unit_test(test_vowel_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
