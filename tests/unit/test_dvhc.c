/* Unit tests for dvhc.c: scopes, matching the reference districts (Phú Tân, Chợ Mới, Khoái Châu)
 * including their near matches, --to-2025, and the units search. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "dvhc.h"
#include "names.h"

static cx_snapshot *snap(const char *const *raw, size_t n)
{
    cx_snapshot *s = cx_snapshot_new();
    assert_non_null(s);
    assert_int_equal(cx_snapshot_add_source(s, "phu-tan.csv", "csv", "utf-8"), 0);
    for (size_t i = 0; i < n; i++) {
        cx_unit *u = cx_snapshot_add_unit(s);
        assert_non_null(u);
        cx_name nm;
        assert_int_equal(cx_name_clean(raw[i], strlen(raw[i]), &nm), 0);
        u->name = nm.name;
        u->key = nm.key;
        u->kind = nm.kind;
        u->raw_name = strdup(raw[i]);
        u->name_ref.source = 0;
        u->name_ref.row = (uint32_t)(6 + i);
        u->name_ref.col = 1;
        free(nm.scope);
    }
    return s;
}

static size_t count_code(const cx_diag *d, const char *code)
{
    size_t n = 0;
    for (size_t i = 0; i < d->n; i++) n += strcmp(d->items[i].code, code) == 0;
    return n;
}

static const cx_warning *find_warning(const cx_diag *d, const char *code, const char *needle)
{
    for (size_t i = 0; i < d->n; i++)
        if (strcmp(d->items[i].code, code) == 0 && strstr(d->items[i].message, needle)) return &d->items[i];
    return NULL;
}

static const cx_unit *unit_by_name(const cx_snapshot *s, const char *name)
{
    for (size_t i = 0; i < s->nunits; i++)
        if (strcmp(s->units[i].name, name) == 0) return &s->units[i];
    fail_msg("no unit '%s'", name);
    return NULL;
}

/* reference 001: the 18 communes of Phú Tân (An Giang), as the appendix writes them */
static const char *const phu_tan[] = {
    "TOÀN HUYỆN", "PHÚ HÙNG", "PHÚ BÌNH", "TÂN HÒA", "PHÚ THÀNH", "PHÚ HIỆP", "HIỆP XƯƠNG", "PHÚ MỸ",
    "PHÚ XUÂN", "PHÚ THỌ", "TÂN TRUNG", "PHÚ THẠNH", "PHÚ AN", "CHỢ VÀM", "PHÚ LÂM", "LONG HÒA",
    "HÒA LẠC", "BÌNH THẠNH ĐÔNG", "PHÚ LONG",
};
static const struct { const char *name, *code; cx_kind kind; const char *official; } phu_tan_want[] = {
    {"Phú Hùng", "30451", CX_KIND_XA, "Phú Hưng"}, {"Phú Bình", "30445", CX_KIND_XA, "Phú Bình"},
    {"Tân Hòa", "30457", CX_KIND_XA, "Tân Hòa"}, {"Phú Thành", "30433", CX_KIND_XA, "Phú Thành"},
    {"Phú Hiệp", "30424", CX_KIND_XA, "Phú Hiệp"}, {"Hiệp Xương", "30442", CX_KIND_XA, "Hiệp Xương"},
    {"Phú Mỹ", "30406", CX_KIND_THI_TRAN, "Phú Mỹ"}, {"Phú Xuân", "30439", CX_KIND_XA, "Phú Xuân"},
    {"Phú Thọ", "30448", CX_KIND_XA, "Phú Thọ"}, {"Tân Trung", "30460", CX_KIND_XA, "Tân Trung"},
    {"Phú Thạnh", "30427", CX_KIND_XA, "Phú Thạnh"}, {"Phú An", "30436", CX_KIND_XA, "Phú An"},
    {"Chợ Vàm", "30409", CX_KIND_THI_TRAN, "Chợ Vàm"}, {"Phú Lâm", "30421", CX_KIND_XA, "Phú Lâm"},
    {"Long Hòa", "30415", CX_KIND_XA, "Long Hoà"}, {"Hòa Lạc", "30430", CX_KIND_XA, "Hoà Lạc"},
    {"Bình Thạnh Đông", "30454", CX_KIND_XA, "Bình Thạnh Đông"}, {"Phú Long", "30418", CX_KIND_XA, "Phú Long"},
};

static void check_phu_tan(const cx_snapshot *s, const cx_diag *d)
{
    for (size_t i = 0; i < sizeof phu_tan_want / sizeof phu_tan_want[0]; i++) {
        const cx_unit *u = unit_by_name(s, phu_tan_want[i].name);
        if (!u->code || strcmp(u->code, phu_tan_want[i].code) != 0)
            fail_msg("%s: code %s, want %s", u->name, u->code ? u->code : "(null)", phu_tan_want[i].code);
        if (u->kind != phu_tan_want[i].kind) fail_msg("%s: kind %d, want %d", u->name, u->kind, phu_tan_want[i].kind);
        assert_non_null(u->official_name);
        assert_string_equal(u->official_name, phu_tan_want[i].official);
    }
    /* the total row is left alone */
    assert_int_equal(s->units[0].kind, CX_KIND_TONG);
    assert_null(s->units[0].code);
    /* PHÚ HÙNG / Xã Phú Hưng: the one near match, with its warning, on its row */
    assert_int_equal(count_code(d, "near_match"), 1);
    const cx_warning *w = find_warning(d, "near_match", "Phú Hùng");
    assert_non_null(w);
    assert_non_null(strstr(w->message, "Xã Phú Hưng"));
    assert_int_equal(w->row, 7);
    assert_string_equal(w->source, "phu-tan.csv");
    assert_int_equal(count_code(d, "unmatched_unit"), 0);
}

static void test_phu_tan_with_province(void **state)
{
    (void)state;
    cx_snapshot *s = snap(phu_tan, sizeof phu_tan / sizeof phu_tan[0]);
    cx_diag d;
    cx_diag_init(&d);
    cx_scope sc;
    assert_int_equal(cx_scope_parse("Phú Tân, An Giang", &sc), 0);
    assert_string_equal(sc.district, "Phú Tân");
    assert_string_equal(sc.province, "An Giang");
    assert_int_equal(cx_dvhc_match(s, &sc, "phu-tan.csv", &d), CX_OK);
    check_phu_tan(s, &d);
    assert_int_equal(count_code(&d, "scope_ambiguous"), 0);
    assert_string_equal(s->scope, "Phú Tân");
    /* --to-2025 */
    assert_int_equal(cx_dvhc_to_2025(s, &d), CX_OK);
    const cx_unit *u = unit_by_name(s, "Phú Hùng");
    assert_int_equal(u->nnewunits, 1);
    assert_string_equal(u->newunits[0].code, "30406");
    assert_string_equal(u->newunits[0].name, "Xã Phú Tân");
    assert_int_equal(u->newunits[0].full, 1);
    assert_int_equal(s->units[0].nnewunits, 0);   /* not for the total */
    cx_scope_free(&sc);
    cx_diag_clear(&d);
    cx_snapshot_free(s);
}

/* "huyện Phú Tân" alone: Phú Tân is in An Giang and in Cà Mau; the units say An Giang, with a warning */
static void test_phu_tan_district_only(void **state)
{
    (void)state;
    cx_snapshot *s = snap(phu_tan, sizeof phu_tan / sizeof phu_tan[0]);
    cx_diag d;
    cx_diag_init(&d);
    cx_scope sc;
    assert_int_equal(cx_scope_parse("huyện Phú Tân", &sc), 0);
    assert_string_equal(sc.district, "Phú Tân");
    assert_null(sc.province);
    assert_int_equal(cx_dvhc_match(s, &sc, "phu-tan.csv", &d), CX_OK);
    assert_int_equal(count_code(&d, "scope_ambiguous"), 1);
    assert_non_null(find_warning(&d, "scope_ambiguous", "Cà Mau"));
    check_phu_tan(s, &d);
    cx_scope_free(&sc);
    cx_diag_clear(&d);
    cx_snapshot_free(s);

    /* a few units that do not tell: no match at all, a warning */
    static const char *const few[] = {"Phú Mỹ", "Tân Hải"};   /* Phú Mỹ is in both, Tân Hải in Cà Mau */
    s = snap(few, 2);
    cx_diag_init(&d);
    assert_int_equal(cx_scope_parse("Phú Tân", &sc), 0);
    assert_int_equal(cx_dvhc_match(s, &sc, "x.csv", &d), CX_OK);
    assert_int_equal(count_code(&d, "scope_ambiguous"), 1);
    assert_null(s->units[0].code);
    assert_null(s->units[1].code);
    cx_scope_free(&sc);
    cx_diag_clear(&d);
    cx_snapshot_free(s);
}

/* the scope from the title, as reference 001 prints it */
static void test_scope_from_title(void **state)
{
    (void)state;
    cx_scope sc;
    assert_int_equal(cx_scope_from_title("UBND HUYỆN PHÚ TÂN VĂN PHÒNG Số: 865/BC-VP", &sc), 0);
    assert_string_equal(sc.district, "Phú Tân");
    assert_null(sc.province);
    cx_scope_free(&sc);
    assert_int_equal(cx_scope_from_title("trên địa bàn huyện Chợ Mới./.", &sc), 0);
    assert_string_equal(sc.district, "Chợ Mới");
    cx_scope_free(&sc);
    assert_int_equal(cx_scope_from_title("Công văn số 124/UBND-TH của UBND tỉnh An Giang; UBND huyện Phú Tân", &sc), 0);
    assert_string_equal(sc.district, "Phú Tân");
    assert_string_equal(sc.province, "An Giang");
    cx_scope_free(&sc);
    assert_int_equal(cx_scope_from_title("BỘ CHỈ SỐ PHỤC VỤ NGƯỜI DÂN - THÁNG 5 (Tuần 01)", &sc), CX_OK);
    assert_false(cx_scope_given(&sc));
    assert_null(sc.district);
    assert_int_equal(cx_scope_from_title(NULL, &sc), CX_OK);
    assert_false(cx_scope_given(&sc));

    /* parse forms */
    assert_int_equal(cx_scope_parse("Huyện Phú Tân - tỉnh An Giang", &sc), 0);
    assert_string_equal(sc.district, "Phú Tân");
    assert_string_equal(sc.province, "An Giang");
    cx_scope_free(&sc);
    assert_int_equal(cx_scope_parse("tỉnh An Giang", &sc), 0);
    assert_null(sc.district);
    assert_string_equal(sc.province, "An Giang");
    cx_scope_free(&sc);
    assert_int_equal(cx_scope_parse("An Giang", &sc), 0);   /* no district of that name: a province */
    assert_string_equal(sc.province, "An Giang");
    cx_scope_free(&sc);
    assert_int_equal(cx_scope_parse("", &sc), CX_OK);
    assert_false(cx_scope_given(&sc));
    assert_int_equal(cx_scope_parse("\xff", &sc), CX_OK);
    assert_false(cx_scope_given(&sc));
    cx_scope_free(&sc);

    /* matching with no scope given takes the snapshot's title */
    cx_snapshot *s = snap(phu_tan, sizeof phu_tan / sizeof phu_tan[0]);
    s->title = strdup("UBND HUYỆN PHÚ TÂN - TỈNH AN GIANG");
    cx_diag d;
    cx_diag_init(&d);
    assert_int_equal(cx_dvhc_match(s, NULL, "phu-tan.csv", &d), CX_OK);
    check_phu_tan(s, &d);
    cx_diag_clear(&d);
    cx_snapshot_free(s);
    /* and with nothing at all: a warning, nothing matched */
    s = snap(phu_tan, 3);
    cx_diag_init(&d);
    assert_int_equal(cx_dvhc_match(s, NULL, "phu-tan.csv", &d), CX_OK);
    assert_int_equal(count_code(&d, "no_scope"), 1);
    assert_null(s->units[1].code);
    cx_diag_clear(&d);
    cx_snapshot_free(s);
}

/* reference 002: Chợ Mới is a district of Bắc Kạn and of An Giang; names broken over lines */
static void test_cho_moi(void **state)
{
    (void)state;
    static const char *const raw[] = {
        "TOÀN HUYỆN", "CHỢ MỚI", "NHƠN MỸ", "BÌNH\nPHƯỚC\nXUÂN", "LONG\nĐIỀN A", "TẤN MỸ", "LONG\nĐIỀN B",
        "LONG\nKIẾN", "MỸ\nLUÔNG", "HÒA AN", "KIẾN\nTHÀNH", "AN THẠNH\nTRUNG", "HÒA BÌNH", "HỘI AN",
        "LONG\nGIANG", "MỸ AN", "MỸ HIỆP", "MỸ HỘI\nĐÔNG", "KIẾN AN",
    };
    cx_snapshot *s = snap(raw, sizeof raw / sizeof raw[0]);
    cx_diag d;
    cx_diag_init(&d);
    cx_scope sc;
    assert_int_equal(cx_scope_parse("Chợ Mới", &sc), 0);
    assert_int_equal(cx_dvhc_match(s, &sc, "cho-moi.csv", &d), CX_OK);
    assert_int_equal(count_code(&d, "scope_ambiguous"), 1);   /* Bắc Kạn or An Giang: the units say An Giang */
    assert_non_null(find_warning(&d, "scope_ambiguous", "Bắc Kạn"));
    assert_int_equal(count_code(&d, "unmatched_unit"), 0);
    assert_int_equal(count_code(&d, "near_match"), 0);
    for (size_t i = 1; i < s->nunits; i++) {
        assert_non_null(s->units[i].code);
        assert_memory_equal(s->units[i].code, "306", 3);   /* An Giang's Chợ Mới: 30628..30679 */
    }
    assert_string_equal(unit_by_name(s, "Chợ Mới")->code, "30628");
    assert_int_equal(unit_by_name(s, "Chợ Mới")->kind, CX_KIND_THI_TRAN);
    assert_int_equal(unit_by_name(s, "Hội An")->kind, CX_KIND_THI_TRAN);
    assert_string_equal(unit_by_name(s, "Long Điền A")->code, "30640");
    assert_string_equal(unit_by_name(s, "Bình Phước Xuân")->code, "30667");
    cx_scope_free(&sc);
    cx_diag_clear(&d);
    cx_snapshot_free(s);
}

/* reference 003: Khoái Châu (Hưng Yên), 25 units of Feb 2024; some merged before March 2025 */
static const char *const khoai_chau[] = {
    "Thị trấn Khoái Châu", "An Vỹ", "Bình Kiều", "Bình Minh", "Chí Tân", "Dân Tiến", "Dạ Trạch", "Hàm Tử ",
    "Hồng Tiến", "Liên Khê", "Nhuế Dương", "Phùng Hưng", "Thuần Hưng", "Thành Công", "Tân Châu", "Tân Dân",
    "Tứ Dân", "Việt Hoà", "Ông Đình", "Đông Kết", "Đông Ninh", "Đông Tảo", "Đại Hưng", "Đại Tập", "Đồng Tiến",
};
#define N_KHOAI_CHAU (sizeof khoai_chau / sizeof khoai_chau[0])
/* merged away in late 2024 (last in the list's state of 2024-11-01) */
static const char *const kc_gone[] = {"Bình Kiều", "Chí Tân", "Dạ Trạch", "Hàm Tử", "Nhuế Dương", "Thành Công", "Đại Hưng"};

/* With no date, the latest state (March 2025): the units merged away are found in the earlier
 * states, each with a warning; Hồng Tiến's code went to the Đồng Tiến of 2025, named exactly. */
static void test_khoai_chau(void **state)
{
    (void)state;
    cx_snapshot *s = snap(khoai_chau, N_KHOAI_CHAU);
    cx_diag d;
    cx_diag_init(&d);
    cx_scope sc;
    assert_int_equal(cx_scope_parse("Khoái Châu, Hưng Yên", &sc), 0);
    assert_int_equal(cx_dvhc_match(s, &sc, "khoai-chau.txt", &d), CX_OK);
    const cx_unit *u = unit_by_name(s, "Khoái Châu");
    assert_string_equal(u->code, "12205");
    assert_int_equal(u->kind, CX_KIND_THI_TRAN);
    u = unit_by_name(s, "An Vỹ");   /* near match: y/i */
    assert_string_equal(u->code, "12229");
    assert_string_equal(u->official_name, "An Vĩ");
    assert_non_null(find_warning(&d, "near_match", "An Vỹ"));
    u = unit_by_name(s, "Việt Hòa");   /* old tone placement: an exact key */
    assert_string_equal(u->code, "12256");
    assert_string_equal(unit_by_name(s, "Hàm Tử")->name, "Hàm Tử");
    /* in March 2025 Đồng Tiến is 12244 (Hồng Tiến renamed): a code is never given twice */
    assert_string_equal(unit_by_name(s, "Đồng Tiến")->code, "12244");
    assert_null(unit_by_name(s, "Hồng Tiến")->code);
    assert_non_null(find_warning(&d, "unmatched_unit", "Hồng Tiến"));
    assert_non_null(find_warning(&d, "unmatched_unit", "--cutoff"));
    for (size_t i = 0; i < sizeof kc_gone / sizeof kc_gone[0]; i++) {
        if (!unit_by_name(s, kc_gone[i])->code) fail_msg("%s not matched", kc_gone[i]);
        if (!find_warning(&d, "unit_other_state", kc_gone[i])) fail_msg("no unit_other_state for %s", kc_gone[i]);
    }
    assert_non_null(find_warning(&d, "unit_other_state", "until its state of 2024-11-01"));
    assert_int_equal(count_code(&d, "unit_other_state"), 7);
    assert_int_equal(count_code(&d, "near_match"), 1);
    /* nothing matched outside Khoái Châu */
    for (size_t i = 0; i < s->nunits; i++)
        if (s->units[i].code) assert_memory_equal(s->units[i].code, "122", 3);
    /* --to-2025 warns for the unit without a code */
    size_t before = d.n;
    assert_int_equal(cx_dvhc_to_2025(s, &d), CX_OK);
    assert_true(d.n > before);
    assert_non_null(find_warning(&d, "no_2025_unit", "Hồng Tiến"));
    cx_scope_free(&sc);
    cx_diag_clear(&d);
    cx_snapshot_free(s);
}

/* Dated February 2024 (the period, or a cutoff): the list of 2024-02-01, every unit with its
 * code, Đồng Tiến and Hồng Tiến their own; --to-2025 follows them through the merges of 2025. */
static void test_khoai_chau_2024(void **state)
{
    (void)state;
    for (int by_cutoff = 0; by_cutoff < 2; by_cutoff++) {
        cx_snapshot *s = snap(khoai_chau, N_KHOAI_CHAU);
        if (by_cutoff) memcpy(s->period.cutoff, "2024-03-05", 11);
        else { s->period.year = 2024; s->period.month = 2; }
        cx_diag d;
        cx_diag_init(&d);
        cx_scope sc;
        assert_int_equal(cx_scope_parse("Khoái Châu, Hưng Yên", &sc), 0);
        assert_int_equal(cx_dvhc_match(s, &sc, "khoai-chau.txt", &d), CX_OK);
        for (size_t i = 0; i < s->nunits; i++) {
            if (!s->units[i].code) fail_msg("%s not matched", s->units[i].name);
            assert_memory_equal(s->units[i].code, "122", 3);
        }
        assert_int_equal(count_code(&d, "unmatched_unit"), 0);
        assert_int_equal(count_code(&d, "unit_other_state"), 0);
        assert_int_equal(count_code(&d, "near_match"), 1);   /* An Vỹ */
        assert_non_null(find_warning(&d, "near_match", "at 2024-02-01"));
        assert_string_equal(unit_by_name(s, "Đồng Tiến")->code, "12241");
        assert_string_equal(unit_by_name(s, "Hồng Tiến")->code, "12244");
        assert_string_equal(unit_by_name(s, "Bình Kiều")->code, "12235");
        assert_string_equal(unit_by_name(s, "Dạ Trạch")->code, "12214");
        assert_int_equal(cx_dvhc_to_2025(s, &d), CX_OK);
        /* renamed (same code): its own links; merged into the unit that took its name: followed */
        const cx_unit *u = unit_by_name(s, "Dạ Trạch");
        assert_int_equal(u->nnewunits, 1);
        assert_string_equal(u->newunits[0].code, "12223");
        u = unit_by_name(s, "Đồng Tiến");
        assert_int_equal(u->nnewunits, 1);
        assert_string_equal(u->newunits[0].code, "12238");
        assert_non_null(find_warning(&d, "unit_followed", "Đồng Tiến"));
        /* merged into a unit the list does not name */
        assert_int_equal(unit_by_name(s, "Bình Kiều")->nnewunits, 0);
        assert_non_null(find_warning(&d, "no_2025_unit", "Bình Kiều"));
        cx_scope_free(&sc);
        cx_diag_clear(&d);
        cx_snapshot_free(s);
    }
}

/* marks-only differences with two candidates: never a guess */
static void test_no_guess(void **state)
{
    (void)state;
    static const char *const raw[] = {"PHU THANH", "Xã Phú Thanh", "Phú Thàn"};
    cx_snapshot *s = snap(raw, 2);
    cx_diag d;
    cx_diag_init(&d);
    cx_scope sc = {strdup("Phú Tân"), strdup("An Giang")};
    assert_int_equal(cx_dvhc_match(s, &sc, "x.csv", &d), CX_OK);
    for (size_t i = 0; i < 2; i++) assert_null(s->units[i].code);   /* Phú Thành and Phú Thạnh both fit */
    assert_int_equal(count_code(&d, "unmatched_unit"), 2);
    assert_int_equal(count_code(&d, "near_match"), 0);
    cx_diag_clear(&d);
    cx_snapshot_free(s);
    /* one letter from Phú Thành only (Phú Thạnh is two away): taken, with a warning */
    s = snap(raw + 2, 1);
    cx_diag_init(&d);
    assert_int_equal(cx_dvhc_match(s, &sc, "x.csv", &d), CX_OK);
    assert_string_equal(s->units[0].code, "30433");
    assert_int_equal(count_code(&d, "near_match"), 1);
    cx_scope_free(&sc);
    cx_diag_clear(&d);
    cx_snapshot_free(s);
    /* an unknown district: a warning, nothing matched */
    s = snap(raw, 1);
    cx_diag_init(&d);
    cx_scope bad = {strdup("Không Có"), NULL};
    assert_int_equal(cx_dvhc_match(s, &bad, "x.csv", &d), CX_OK);
    assert_int_equal(count_code(&d, "scope_unknown"), 1);
    cx_scope_free(&bad);
    cx_diag_clear(&d);
    cx_snapshot_free(s);
    assert_int_equal(cx_dvhc_match(NULL, NULL, NULL, NULL), CX_OK);
}

/* a district's own row and a commune of the district's name (Cà Mau's Phú Tân has Xã Phú Tân) */
static void test_district_row(void **state)
{
    (void)state;
    static const char *const raw[] = {"UBND huyện Phú Tân", "PHÚ TÂN", "Cái Đôi Vàm"};
    cx_snapshot *s = snap(raw, 3);
    cx_diag d;
    cx_diag_init(&d);
    cx_scope sc = {strdup("Phú Tân"), strdup("Cà Mau")};
    assert_int_equal(cx_dvhc_match(s, &sc, "x.csv", &d), CX_OK);
    assert_string_equal(s->units[0].code, "972");
    assert_int_equal(s->units[0].kind, CX_KIND_HUYEN);
    assert_string_equal(s->units[1].code, "32218");
    assert_int_equal(s->units[1].kind, CX_KIND_XA);
    assert_string_equal(s->units[2].code, "32212");
    assert_int_equal(d.n, 0);
    cx_scope_free(&sc);
    cx_diag_clear(&d);
    cx_snapshot_free(s);
}

/* a province scope: portal names "UBND xã Đông Thái - tỉnh An Giang" and district rows */
static void test_province_scope(void **state)
{
    (void)state;
    static const char *const raw[] = {"UBND xã Đông Thái - tỉnh Kiên Giang", "UBND huyện An Minh - tỉnh Kiên Giang",
                                      "Sở Du lịch - tỉnh Kiên Giang"};
    cx_snapshot *s = snap(raw, 3);
    cx_diag d;
    cx_diag_init(&d);
    cx_scope sc = {NULL, strdup("Kiên Giang")};
    assert_int_equal(cx_dvhc_match(s, &sc, "portal.xlsx", &d), CX_OK);
    assert_non_null(s->units[0].code);
    assert_int_equal(s->units[0].kind, CX_KIND_XA);
    assert_non_null(s->units[1].code);
    assert_int_equal(strlen(s->units[1].code), 3);   /* a district code */
    assert_null(s->units[2].code);                   /* a department is not in the list, and not warned about */
    assert_int_equal(count_code(&d, "unmatched_unit"), 0);
    cx_scope_free(&sc);
    cx_diag_clear(&d);
    cx_snapshot_free(s);
}

static void test_search(void **state)
{
    (void)state;
    char *buf = NULL;
    size_t len = 0, nf = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_int_equal(cx_dvhc_search_print("phu hung, an giang", f, &nf), CX_OK);
    assert_int_equal(nf, 1);
    fclose(f);
    assert_non_null(strstr(buf, "Xã Phú Hưng"));
    assert_non_null(strstr(buf, "30451"));
    assert_non_null(strstr(buf, "Huyện Phú Tân"));
    assert_non_null(strstr(buf, "30406 Xã Phú Tân (toàn bộ)"));
    free(buf);
    f = open_memstream(&buf, &len);
    assert_int_equal(cx_dvhc_search_print("huyện Phú Tân, An Giang", f, &nf), CX_OK);
    assert_int_equal(nf, 18);
    assert_int_equal(cx_dvhc_search_print("30409", f, &nf), CX_OK);
    assert_int_equal(nf, 1);
    assert_int_equal(cx_dvhc_search_print("không có xã này", f, &nf), CX_OK);
    assert_int_equal(nf, 0);
    assert_int_equal(cx_dvhc_search_print("", f, &nf), CX_OK);
    assert_int_equal(nf, 0);
    fclose(f);
    free(buf);
    cx_dvhc_unit u;
    assert_int_equal(cx_dvhc_find_code("30409", &u), 0);
    assert_string_equal(u.name, "Thị trấn Chợ Vàm");
    assert_int_equal(u.kind, CX_KIND_THI_TRAN);
    assert_string_equal(u.district, "Huyện Phú Tân");
    assert_string_equal(u.province, "Tỉnh An Giang");
    assert_int_equal(cx_dvhc_find_code("99999", &u), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_phu_tan_with_province), cmocka_unit_test(test_phu_tan_district_only),
        cmocka_unit_test(test_scope_from_title), cmocka_unit_test(test_cho_moi),
        cmocka_unit_test(test_khoai_chau), cmocka_unit_test(test_khoai_chau_2024),
        cmocka_unit_test(test_no_guess),
        cmocka_unit_test(test_district_row), cmocka_unit_test(test_province_scope), cmocka_unit_test(test_search),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
