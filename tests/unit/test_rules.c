/* Unit tests for rules.c: defaults, the rules file (good and bad lines, table-driven),
 * which units fail, and the Vietnamese descriptions. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "rules.h"
#include "fixture_phu_tan.h"

static void test_defaults_are_the_spec(void **state)
{
    (void)state;
    cx_rules *r = cx_rules_default();
    assert_non_null(r);
    static const struct { cx_indicator ind; cx_op op; double v; const char *desc; } want[] = {
        {CX_IND_DIEM_TONG_HOP, CX_OP_LT, 70, "Điểm tổng hợp dưới 70 điểm"},
        {CX_IND_TANG_GIAM, CX_OP_LT, 0, "Điểm giảm so với kỳ trước"},
        {CX_IND_CONG_KHAI_MINH_BACH, CX_OP_LT, 70, "Công khai, minh bạch dưới 70%"},
        {CX_IND_TIEN_DO_GIAI_QUYET, CX_OP_LT, 90, "Tiến độ giải quyết dưới 90%"},
        {CX_IND_DVC_TRUC_TUYEN, CX_OP_LT, 50, "Dịch vụ công trực tuyến dưới 50%"},
        {CX_IND_THANH_TOAN_TRUC_TUYEN, CX_OP_LT, 30, "Thanh toán trực tuyến dưới 30%"},
        {CX_IND_SO_HOA_HO_SO, CX_OP_LT, 80, "Số hóa hồ sơ dưới 80%"},
        {CX_IND_MUC_DO_HAI_LONG, CX_OP_LT, 90, "Mức độ hài lòng dưới 90%"},
    };
    assert_int_equal(r->n, 9);
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        const cx_rule *x = cx_rules_find(r, want[i].ind);
        assert_non_null(x);
        assert_int_equal(x->op, want[i].op);
        assert_true(x->value == want[i].v);
        char *desc = cx_rule_describe(x);
        assert_string_equal(desc, want[i].desc);
        free(desc);
    }
    const cx_rule *xl = cx_rules_find(r, CX_IND_XEP_LOAI);
    assert_int_equal(xl->op, CX_OP_IN);
    assert_int_equal(xl->labels, (1u << CX_LABEL_TRUNG_BINH) | (1u << CX_LABEL_YEU));
    assert_null(cx_rules_find(r, CX_IND_CHUNG_THUC_DIEN_TU));
    cx_rules_free(r);
    cx_rules_free(NULL);
}

/* What 001 underlines is what the defaults mark (the evidence column of the spec). */
static void test_defaults_mark_what_001_underlines(void **state)
{
    (void)state;
    cx_rules *r = cx_rules_default();
    cx_snapshot *s = fx_build_phu_tan();
    static const struct { const char *key; cx_indicator ind; int fails; } cases[] = {
        {"phú long", CX_IND_DIEM_TONG_HOP, 1},        /* 55.87 TB */
        {"bình thạnh đông", CX_IND_DIEM_TONG_HOP, 0}, /* 74.81 Khá */
        {"phú long", CX_IND_XEP_LOAI, 1},
        {"hòa lạc", CX_IND_XEP_LOAI, 0},
        {"chợ vàm", CX_IND_CONG_KHAI_MINH_BACH, 1},   /* 60 */
        {"long hòa", CX_IND_CONG_KHAI_MINH_BACH, 1},  /* 60.7 */
        {"phú thạnh", CX_IND_CONG_KHAI_MINH_BACH, 0}, /* 76.2 */
        {"phú long", CX_IND_TIEN_DO_GIAI_QUYET, 1},   /* 41.67 */
        {"tân trung", CX_IND_TIEN_DO_GIAI_QUYET, 0},  /* 94.74 */
        {"phú thọ", CX_IND_DVC_TRUC_TUYEN, 1},        /* 39 */
        {"tân hòa", CX_IND_DVC_TRUC_TUYEN, 0},        /* 85.3 */
        {"tân hòa", CX_IND_TANG_GIAM, 1},             /* -0.02 */
        {"phú lâm", CX_IND_TANG_GIAM, 0},             /* 0 */
        {"phú hùng", CX_IND_MUC_DO_HAI_LONG, 0},      /* missing: never fails */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        long u = cx_snapshot_find_key(s, cases[i].key);
        assert_true(u >= 0);
        const cx_rule *x = cx_rules_find(r, cases[i].ind);
        assert_non_null(x);
        if (cx_rule_fails(x, &s->units[u]) != cases[i].fails)
            fail_msg("%s %s: expected %d", cases[i].key, cx_indicators[cases[i].ind].id, cases[i].fails);
    }
    cx_snapshot_free(s);
    cx_rules_free(r);
}

static void test_parse_good(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        size_t n;
        cx_indicator ind;   /* of the first rule */
        cx_op op;
        double v;
        unsigned labels;
        const char *desc;
    } cases[] = {
        {"dvc_truc_tuyen < 50", 1, CX_IND_DVC_TRUC_TUYEN, CX_OP_LT, 50, 0, "Dịch vụ công trực tuyến dưới 50%"},
        {"dvc_truc_tuyen<50", 1, CX_IND_DVC_TRUC_TUYEN, CX_OP_LT, 50, 0, "Dịch vụ công trực tuyến dưới 50%"},
        {"  so_hoa_ho_so <= 79.5   # comment", 1, CX_IND_SO_HOA_HO_SO, CX_OP_LE, 79.5, 0, "Số hóa hồ sơ từ 79,5% trở xuống"},
        {"so_hoa_ho_so >= 80,5", 1, CX_IND_SO_HOA_HO_SO, CX_OP_GE, 80.5, 0, "Số hóa hồ sơ từ 80,5% trở lên"},
        {"diem_tong_hop > 95", 1, CX_IND_DIEM_TONG_HOP, CX_OP_GT, 95, 0, "Điểm tổng hợp trên 95 điểm"},
        {"tang_giam < -5", 1, CX_IND_TANG_GIAM, CX_OP_LT, -5, 0, "Tăng/giảm dưới -5 điểm"},
        {"tang_giam < 0", 1, CX_IND_TANG_GIAM, CX_OP_LT, 0, 0, "Điểm giảm so với kỳ trước"},
        {"cong_khai_minh_bach < 70%", 1, CX_IND_CONG_KHAI_MINH_BACH, CX_OP_LT, 70, 0, "Công khai, minh bạch dưới 70%"},
        {"DVC_TRUC_TUYEN < 50", 1, CX_IND_DVC_TRUC_TUYEN, CX_OP_LT, 50, 0, "Dịch vụ công trực tuyến dưới 50%"},
        {"xep_loai in trung_binh,yeu", 1, CX_IND_XEP_LOAI, CX_OP_IN, 0,
         (1u << CX_LABEL_TRUNG_BINH) | (1u << CX_LABEL_YEU), "Xếp loại Trung bình hoặc Yếu"},
        {"xep_loai in kha, trung_binh , yeu", 1, CX_IND_XEP_LOAI, CX_OP_IN, 0,
         (1u << CX_LABEL_KHA) | (1u << CX_LABEL_TRUNG_BINH) | (1u << CX_LABEL_YEU), "Xếp loại Khá, Trung bình hoặc Yếu"},
        {"xep_loai IN yeu", 1, CX_IND_XEP_LOAI, CX_OP_IN, 0, 1u << CX_LABEL_YEU, "Xếp loại Yếu"},
        {"dvc_truc_tuyen < 50 | DVCTT chưa đạt 50%", 1, CX_IND_DVC_TRUC_TUYEN, CX_OP_LT, 50, 0, "DVCTT chưa đạt 50%"},
        /* Decomposed description (NFD "ạ") becomes NFC. */
        {"dvc_truc_tuyen < 50 | Cha\xcc\xa3m", 1, CX_IND_DVC_TRUC_TUYEN, CX_OP_LT, 50, 0, "Chạm"},
        {"\xef\xbb\xbf# BOM, comments, blank lines, CRLF\r\n\r\n\tdvc_truc_tuyen < 50\r\nso_hoa_ho_so < 80\r\n", 2,
         CX_IND_DVC_TRUC_TUYEN, CX_OP_LT, 50, 0, "Dịch vụ công trực tuyến dưới 50%"},
        {"# nothing but comments\n\n", 0, CX_IND_NONE, CX_OP_LT, 0, 0, NULL},
        {"chung_thuc_dien_tu < 1", 1, CX_IND_CHUNG_THUC_DIEN_TU, CX_OP_LT, 1, 0, "Chứng thực điện tử dưới 1"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        cx_diag d;
        cx_diag_init(&d);
        cx_rules *r = cx_rules_parse(cases[i].text, strlen(cases[i].text), "r.rules", &d);
        if (!r) fail_msg("case %zu: %s", i, d.errmsg);
        assert_int_equal(r->n, cases[i].n);
        if (cases[i].n) {
            const cx_rule *x = &r->items[0];
            assert_int_equal(x->indicator, cases[i].ind);
            assert_int_equal(x->op, cases[i].op);
            assert_true(x->value == cases[i].v);
            assert_int_equal(x->labels, cases[i].labels);
            assert_string_equal(x->desc, cases[i].desc);
        }
        cx_rules_free(r);
        cx_diag_clear(&d);
    }
}

static void test_parse_errors(void **state)
{
    (void)state;
    static const struct { const char *text, *msg; } cases[] = {
        {"dvc < 50", "r.rules:1: unknown indicator 'dvc' (did you mean 'dvc_truc_tuyen'?)"},
        {"# ok\n\nfoo < 1", "r.rules:3: unknown indicator 'foo'"},
        {"dvc_truc_tuyen = 50", "r.rules:1: expected <, <=, >, >= or 'in' after 'dvc_truc_tuyen'"},
        {"dvc_truc_tuyen <", "r.rules:1: a number is missing after the operator for 'dvc_truc_tuyen'"},
        {"dvc_truc_tuyen < năm mươi", "r.rules:1: 'năm mươi' is not a number"},
        {"dvc_truc_tuyen < 50 60", "r.rules:1: '50 60' is not a number"},
        {"dvc_truc_tuyen < 1.2.3", "r.rules:1: '1.2.3' is not a number"},
        {"dvc_truc_tuyen in yeu", "r.rules:1: 'in' is for xep_loai only"},
        {"xep_loai < 3", "r.rules:1: xep_loai takes labels"},
        {"xep_loai in tb", "r.rules:1: unknown label 'tb'"},
        {"xep_loai in", "r.rules:1: 'in' needs at least one label"},
        {"dvc_truc_tuyen < 50\ndvc_truc_tuyen < 40", "r.rules:2: a second rule for 'dvc_truc_tuyen'"},
        {"< 50", "r.rules:1: expected an indicator id"},
        {"dvc_truc_tuyen < 50 | bad \xff", "r.rules:1: not UTF-8 text"},
        {"ok_line\n", "r.rules:1: unknown indicator 'ok_line'"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        cx_diag d;
        cx_diag_init(&d);
        cx_rules *r = cx_rules_parse(cases[i].text, strlen(cases[i].text), "r.rules", &d);
        assert_null(r);
        assert_int_equal(d.err, CX_ERR_USAGE);
        if (strncmp(d.errmsg, cases[i].msg, strlen(cases[i].msg)) != 0)
            fail_msg("case %zu: got '%s', want '%s...'", i, d.errmsg, cases[i].msg);
        cx_diag_clear(&d);
    }
}

static void test_load_sample_and_files(void **state)
{
    (void)state;
    cx_diag d;
    cx_diag_init(&d);
    /* The sample file is the defaults written out: same rules, same words. */
    cx_rules *r = cx_rules_load("samples/quy-tac-mac-dinh.rules", &d);
    if (!r) fail_msg("%s", d.errmsg);
    cx_rules *def = cx_rules_default();
    assert_int_equal(r->n, def->n);
    for (size_t i = 0; i < r->n; i++) {
        assert_int_equal(r->items[i].indicator, def->items[i].indicator);
        assert_int_equal(r->items[i].op, def->items[i].op);
        assert_true(r->items[i].value == def->items[i].value);
        assert_int_equal(r->items[i].labels, def->items[i].labels);
        assert_string_equal(r->items[i].desc, def->items[i].desc);
    }
    cx_rules_free(r);
    cx_rules_free(def);
    assert_null(cx_rules_load("/nonexistent/x.rules", &d));
    assert_int_equal(d.err, CX_ERR_USAGE);
    assert_non_null(strstr(d.errmsg, "/nonexistent/x.rules: cannot open"));
    assert_null(cx_rules_load("samples", &d));
    assert_int_equal(d.err, CX_ERR_USAGE);
    cx_diag_clear(&d);
}

static void test_describe_and_ops(void **state)
{
    (void)state;
    cx_rule r = {.indicator = CX_IND_CONG_KHAI_MINH_BACH_DIEM, .op = CX_OP_LT, .value = 12.5};
    char *s = cx_rule_describe(&r);
    assert_string_equal(s, "Công khai, minh bạch dưới 12,5 điểm");
    free(s);
    assert_string_equal(cx_op_symbol(CX_OP_LE), "<=");
    assert_string_equal(cx_op_symbol(CX_OP_IN), "in");
    cx_unit u = {0};
    assert_int_equal(cx_rule_fails(&r, &u), 0);
    cx_unit_set(&u, CX_IND_CONG_KHAI_MINH_BACH_DIEM, 12.5);
    assert_int_equal(cx_rule_fails(&r, &u), 0);
    r.op = CX_OP_LE;
    assert_int_equal(cx_rule_fails(&r, &u), 1);
    r.op = CX_OP_GE;
    assert_int_equal(cx_rule_fails(&r, &u), 1);
    r.op = CX_OP_GT;
    assert_int_equal(cx_rule_fails(&r, &u), 0);
}

int main(void)
{
    /* Tests read samples/: run from the repository root whatever the caller's cwd. */
    if (access("samples/quy-tac-mac-dinh.rules", R_OK) != 0 && access("../../samples", R_OK) == 0)
        if (chdir("../..") != 0) return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults_are_the_spec),
        cmocka_unit_test(test_defaults_mark_what_001_underlines),
        cmocka_unit_test(test_parse_good),
        cmocka_unit_test(test_parse_errors),
        cmocka_unit_test(test_load_sample_and_files),
        cmocka_unit_test(test_describe_and_ops),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
