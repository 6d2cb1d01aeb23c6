/* Unit tests for csv_write.c: header, rows, RFC 4180 quoting, BOM, formula-injection
 * guard, several snapshots; the output is parsed back with Python's csv module. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "writer.h"
#include "fixture_phu_tan.h"

static char *write_csv(cx_snapshot *const *snaps, size_t n, int no_bom)
{
    fx_mem m;
    cx_diag d;
    cx_diag_init(&d);
    cx_write_opts o = {.no_bom = no_bom};
    assert_non_null(fx_mem_open(&m));
    assert_int_equal(cx_write_csv(snaps, n, &o, m.f, &d), CX_OK);
    fx_mem_close(&m);
    cx_diag_clear(&d);
    return m.buf;
}

/* Line i (0-based) of text, without its CRLF, into buf. */
static const char *line_of(const char *text, int i, char *buf, size_t cap)
{
    const char *p = text;
    for (int k = 0; k < i; k++) {
        p = strstr(p, "\r\n");
        assert_non_null(p);
        p += 2;
    }
    const char *e = strstr(p, "\r\n");
    assert_non_null(e);
    size_t n = (size_t)(e - p) < cap - 1 ? (size_t)(e - p) : cap - 1;
    memcpy(buf, p, n);
    buf[n] = 0;
    return buf;
}

static void test_phu_tan(void **state)
{
    (void)state;
    cx_snapshot *s = fx_build_phu_tan();
    char *text = write_csv(&s, 1, 0);
    char buf[512];
    assert_memory_equal(text, "\xef\xbb\xbf", 3);
    assert_string_equal(line_of(text + 3, 0, buf, sizeof buf),
        "stt,name,key,kind,diem_tong_hop,xep_loai,diem_ky_truoc,tang_giam,cong_khai_minh_bach,"
        "tien_do_giai_quyet,dvc_truc_tuyen,thanh_toan_truc_tuyen,so_hoa_ho_so,tai_su_dung,chung_thuc_dien_tu");
    assert_string_equal(line_of(text + 3, 1, buf, sizeof buf),
        ",Toàn huyện,toàn huyện,tong,86.59,tot,80.53,6.06,100,98.88,74.6,49.95,72.3,0,0");
    assert_string_equal(line_of(text + 3, 2, buf, sizeof buf),
        "1,Phú Hùng,phú hùng,xa,89.21,tot,77.38,11.83,100,100,100,98.41,82.1,0,0");
    /* Negative numbers are numbers: not guarded. */
    assert_string_equal(line_of(text + 3, 19, buf, sizeof buf),
        "18,Phú Long,phú long,xa,55.87,trung_binh,82.29,-26.42,29.4,41.67,100,100,82,0,0");
    /* 1 header + 19 units, each ending CRLF. */
    size_t lines = 0;
    for (const char *p = text; (p = strstr(p, "\r\n")); p += 2) lines++;
    assert_int_equal(lines, 20);
    free(text);
    text = write_csv(&s, 1, 1);
    assert_memory_equal(text, "stt,", 4);
    free(text);
    cx_snapshot_free(s);
}

static void test_quoting_and_guard(void **state)
{
    (void)state;
    static const struct { const char *name, *field; } cases[] = {
        {"Phú Hùng", "Phú Hùng"},
        {"Tân Hòa, ấp 1", "\"Tân Hòa, ấp 1\""},
        {"say \"hi\"", "\"say \"\"hi\"\"\""},
        {"two\nlines", "\"two\nlines\""},
        {"=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\""},
        {"=1+2", "'=1+2"},
        {"+84", "'+84"},
        {"-x", "'-x"},
        {"@SUM(A1)", "'@SUM(A1)"},
        {"\tcmd", "'\tcmd"},
        {"\rcmd", "\"'\rcmd\""},
        {"a=b", "a=b"},
        {"bad \xff", "bad \xef\xbf\xbd"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        cx_snapshot *s = cx_snapshot_new();
        cx_unit *u = cx_snapshot_add_unit(s);
        u->name = strdup(cases[i].name);
        u->key = strdup("k");
        char *text = write_csv(&s, 1, 1);
        char want[256];
        snprintf(want, sizeof want, "stt,name,key,kind\r\n,%s,k,\r\n", cases[i].field);
        if (strcmp(text, want) != 0) fail_msg("case %zu: got [%s] want [%s]", i, text, want);
        free(text);
        cx_snapshot_free(s);
    }
}

static void test_several_snapshots(void **state)
{
    (void)state;
    cx_snapshot *a = fx_build_phu_tan();
    cx_snapshot *b = cx_snapshot_new();
    b->period.label = strdup("Tháng 12, Tuần 1");
    b->scope = strdup("Chợ Mới");
    cx_unit *u = cx_snapshot_add_unit(b);
    u->name = strdup("Kiến An");
    u->key = strdup("kiến an");
    u->kind = CX_KIND_XA;
    u->stt = 3;
    cx_unit_set(u, CX_IND_MUC_DO_HAI_LONG, 97.5);
    cx_snapshot *snaps[] = {a, b};
    char *text = write_csv(snaps, 2, 1);
    char buf[512];
    assert_string_equal(line_of(text, 0, buf, sizeof buf),
        "period,scope,stt,name,key,kind,diem_tong_hop,xep_loai,diem_ky_truoc,tang_giam,cong_khai_minh_bach,"
        "tien_do_giai_quyet,dvc_truc_tuyen,thanh_toan_truc_tuyen,muc_do_hai_long,so_hoa_ho_so,tai_su_dung,chung_thuc_dien_tu");
    assert_string_equal(line_of(text, 1, buf, sizeof buf),
        "Tháng 5 - Tuần 01,Phú Tân,,Toàn huyện,toàn huyện,tong,86.59,tot,80.53,6.06,100,98.88,74.6,49.95,,72.3,0,0");
    assert_string_equal(line_of(text, 20, buf, sizeof buf),
        "\"Tháng 12, Tuần 1\",Chợ Mới,3,Kiến An,kiến an,xa,,,,,,,,,97.5,,,");
    free(text);
    cx_snapshot_free(a);
    cx_snapshot_free(b);
}

static void test_python_reads_it(void **state)
{
    (void)state;
    /* The independent check: Python's csv module reads back what we meant. */
    cx_snapshot *s = fx_build_phu_tan();
    free(s->units[3].name);
    s->units[3].name = strdup("Tân \"Hòa\",\nmới");
    char path[] = "/tmp/chiso-csvtest-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    cx_diag d;
    cx_diag_init(&d);
    cx_write_opts o = {0};
    assert_int_equal(cx_write_csv(&s, 1, &o, f, &d), CX_OK);
    fclose(f);
    char cmd[512];
    snprintf(cmd, sizeof cmd,
             "/usr/bin/python3 -c \"import csv,sys; r=list(csv.DictReader(open(sys.argv[1],encoding='utf-8-sig',newline='')));"
             "assert len(r)==19, len(r); assert r[3]['name']=='Tân \\\"Hòa\\\",\\nmới', r[3]['name'];"
             "assert r[18]['tang_giam']=='-26.42'; assert r[0]['stt']=='' and r[0]['kind']=='tong'\" %s", path);
    int rc = system(cmd);
    unlink(path);
    assert_int_equal(rc, 0);
    cx_diag_clear(&d);
    cx_snapshot_free(s);
}

static void test_write_error(void **state)
{
    (void)state;
    cx_diag d;
    cx_diag_init(&d);
    cx_write_opts o = {0};
    assert_int_equal(cx_write_csv(NULL, 0, &o, stdout, &d), CX_ERR_NO_TABLE);
    cx_snapshot *s = fx_build_phu_tan();
    FILE *full = fopen("/dev/full", "w");
    if (full) {
        assert_int_equal(cx_write_csv(&s, 1, &o, full, &d), CX_ERR_WRITE);
        fclose(full);
    }
    cx_snapshot_free(s);
    cx_diag_clear(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_phu_tan),
        cmocka_unit_test(test_quoting_and_guard),
        cmocka_unit_test(test_several_snapshots),
        cmocka_unit_test(test_python_reads_it),
        cmocka_unit_test(test_write_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
