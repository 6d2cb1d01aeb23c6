/* Unit tests for xlsx_write.c: the Phụ lục of reference 001 from a hand-built snapshot,
 * checked by tests/e2e/check_phu_luc.py (openpyxl); byte-identical output; errors. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <dirent.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <cmocka.h>
#include "writer.h"
#include "fixture_phu_tan.h"

static char tmpdir[64];

static int setup(void **state)
{
    (void)state;
    strcpy(tmpdir, "/tmp/chiso-xlsxtest-XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    if (getenv("CHISO_KEEP_XLSX")) { fprintf(stderr, "outputs kept in %s\n", tmpdir); return 0; }
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

static cx_error write_xlsx(cx_snapshot *const *snaps, size_t n, const cx_write_opts *o, const char *name, char *path, cx_diag *d)
{
    snprintf(path, 256, "%s/%s", tmpdir, name);
    return cx_write_xlsx(snaps, n, o, path, d);
}

/* Canonical JSON of the same snapshots, for the checker's --json. */
static void write_json_file(cx_snapshot *const *snaps, size_t n, const char *path)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    cx_diag d;
    cx_diag_init(&d);
    cx_write_opts o = {0};
    assert_int_equal(cx_write_json(snaps, n, &o, f, &d), CX_OK);
    fclose(f);
    cx_diag_clear(&d);
}

static int run_checker(const char *xlsx, const char *args)
{
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "/usr/bin/python3 tests/e2e/check_phu_luc.py '%s' %s", xlsx, args);
    int rc = system(cmd);
    return rc;
}

static void test_phu_tan_appendix(void **state)
{
    (void)state;
    cx_snapshot *s = fx_build_phu_tan();
    cx_rules *rules = cx_rules_default();
    cx_diag d;
    cx_diag_init(&d);
    cx_write_opts o = {.rules = rules};
    char path[256], json[256], args[1024];
    if (write_xlsx(&s, 1, &o, "phu-tan.xlsx", path, &d) != CX_OK) fail_msg("%s", d.errmsg);
    snprintf(json, sizeof json, "%s/phu-tan.json", tmpdir);
    write_json_file(&s, 1, json);
    /* What reference 001 underlines (plus the falls of tang_giam, a default from 002). */
    snprintf(args, sizeof args,
             "--json '%s' --sheets 1 --title 'THÁNG 5 (Tuần 01)' "
             "--expect-marked 'Phú Thọ:dvc_truc_tuyen' --expect-marked 'Chợ Vàm:cong_khai_minh_bach' "
             "--expect-marked 'Long Hòa:cong_khai_minh_bach' --expect-marked 'Hòa Lạc:cong_khai_minh_bach' "
             "--expect-marked 'Bình Thạnh Đông:cong_khai_minh_bach' --expect-marked 'Phú Long:cong_khai_minh_bach' "
             "--expect-marked 'Phú Long:tien_do_giai_quyet' --expect-marked 'Phú Long:diem_tong_hop' "
             "--expect-marked 'Phú Long:xep_loai' --expect-marked 'Tân Hòa:tang_giam' "
             "--expect-marked-count 15", json);
    assert_int_equal(run_checker(path, args), 0);
    const char *keep = getenv("CHISO_KEEP_XLSX");
    if (keep) { char cmd[512]; snprintf(cmd, sizeof cmd, "cp '%s' '%s'", path, keep); assert_int_equal(system(cmd), 0); }
    cx_diag_clear(&d);
    cx_rules_free(rules);
    cx_snapshot_free(s);
}

static void test_keep_order_and_custom_rules(void **state)
{
    (void)state;
    cx_snapshot *s = fx_build_phu_tan();
    cx_diag d;
    cx_diag_init(&d);
    const char *text = "so_hoa_ho_so <= 81.2\nxep_loai in kha\ndiem_ky_truoc >= 89\n";
    cx_rules *rules = cx_rules_parse(text, strlen(text), "t.rules", &d);
    assert_non_null(rules);
    cx_write_opts o = {.rules = rules, .keep_order = 1, .title = "Phụ lục kết quả"};
    char path[256], json[256], rpath[256], args[1024];
    if (write_xlsx(&s, 1, &o, "keep.xlsx", path, &d) != CX_OK) fail_msg("%s", d.errmsg);
    snprintf(json, sizeof json, "%s/keep.json", tmpdir);
    write_json_file(&s, 1, json);
    snprintf(rpath, sizeof rpath, "%s/t.rules", tmpdir);
    FILE *f = fopen(rpath, "w");
    fputs(text, f);
    fclose(f);
    snprintf(args, sizeof args,
             "--json '%s' --keep-order --rules '%s' --title 'Phụ lục kết quả - THÁNG 5 - TUẦN 01' "
             "--expect-marked 'Tân Hòa:so_hoa_ho_so' --expect-marked 'Long Hòa:so_hoa_ho_so' "
             "--expect-marked 'Hòa Lạc:xep_loai' --expect-marked 'Phú Xuân:diem_ky_truoc' "
             "--expect-marked-count 7", json, rpath);
    assert_int_equal(run_checker(path, args), 0);
    cx_diag_clear(&d);
    cx_rules_free(rules);
    cx_snapshot_free(s);
}

/* Several snapshots, a sparse one (missing values, no total, a unit without score). */
static void test_several_and_sparse(void **state)
{
    (void)state;
    cx_snapshot *a = fx_build_phu_tan();
    cx_snapshot *b = cx_snapshot_new();
    b->period.label = strdup("THÁNG 5 - TUẦN 01");  /* same label but for case: the names must differ */
    b->title = strdup("Bảng [thử]: *điểm*?");
    static const struct { const char *name; double score, dvc; int has_score, has_dvc; } rows[] = {
        {"Mỹ Hội Đông", 71.5, 45, 1, 1}, {"Nhơn Mỹ", 0, 80, 0, 1}, {"Kiến An", 92.25, 0, 1, 0},
        {"=cmd|' /C calc'!A0", 50, 10, 1, 1}, {"Bad \xff UTF-8 \x01", 60, 60, 1, 1},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        cx_unit *u = cx_snapshot_add_unit(b);
        u->name = strdup(rows[i].name);
        u->key = strdup(rows[i].name);
        u->kind = CX_KIND_XA;
        if (rows[i].has_score) cx_unit_set(u, CX_IND_DIEM_TONG_HOP, rows[i].score);
        if (rows[i].has_dvc) cx_unit_set(u, CX_IND_DVC_TRUC_TUYEN, rows[i].dvc);
    }
    cx_snapshot *snaps[] = {a, b};
    cx_rules *rules = cx_rules_default();
    cx_diag d;
    cx_diag_init(&d);
    cx_write_opts o = {.rules = rules, .summary_sheet = 1};
    char path[256];
    if (write_xlsx(snaps, 2, &o, "two.xlsx", path, &d) != CX_OK) fail_msg("%s", d.errmsg);
    /* Values checked without --json (b's names were cleaned); structure and rules checked. */
    assert_int_equal(run_checker(path, "--sheets 2"), 0);
    char cmd[1024];
    snprintf(cmd, sizeof cmd,
             "/usr/bin/python3 -c \"import openpyxl,sys; wb=openpyxl.load_workbook(sys.argv[1]);"
             "n=[w.title for w in wb.worksheets]; assert n[0::2][:2]==['Tháng 5 - Tuần 01','THÁNG 5 - TUẦN 01 (2)'], n;"
             "assert n[1]=='Tổng hợp Tháng 5 - Tuần 01', n;"
             "ws=wb.worksheets[2]; names=[ws.cell(r,2).value for r in range(6,11)];"
             "assert names==['Kiến An','Mỹ Hội Đông','Bad \\ufffd UTF-8  ','=cmd|\\' /C calc\\'!A0','Nhơn Mỹ'], names;"
             "assert ws.cell(9,2).data_type=='s';"
             "assert ws.cell(6,4).value is None and ws.cell(10,3).value is None\" '%s'", path);
    assert_int_equal(system(cmd), 0);
    cx_diag_clear(&d);
    cx_rules_free(rules);
    cx_snapshot_free(a);
    cx_snapshot_free(b);
}

static int same_file(const char *a, const char *b)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "cmp -s '%s' '%s'", a, b);
    return system(cmd) == 0;
}

static void test_deterministic(void **state)
{
    (void)state;
    cx_snapshot *s = fx_build_phu_tan();
    cx_rules *rules = cx_rules_default();
    cx_diag d;
    cx_diag_init(&d);
    cx_write_opts o = {.rules = rules};
    char p1[256], p2[256], p3[256];
    assert_int_equal(write_xlsx(&s, 1, &o, "a.xlsx", p1, &d), CX_OK);
    sleep(1);   /* a clock-based timestamp would differ now */
    assert_int_equal(write_xlsx(&s, 1, &o, "b.xlsx", p2, &d), CX_OK);
    assert_true(same_file(p1, p2));
    /* The cutoff gives the creation date; source_date_epoch (the CLI's SOURCE_DATE_EPOCH) overrides it. */
    char cmd[600];
    snprintf(cmd, sizeof cmd, "unzip -p '%s' docProps/core.xml | grep -q '2024-05-06T00:00:00Z'", p1);
    assert_int_equal(system(cmd), 0);
    o.source_date_epoch = 1700000000;
    assert_int_equal(write_xlsx(&s, 1, &o, "c.xlsx", p3, &d), CX_OK);
    o.source_date_epoch = 0;
    assert_false(same_file(p1, p3));
    snprintf(cmd, sizeof cmd, "unzip -p '%s' docProps/core.xml | grep -q '2023-11-14T22:13:20Z'", p3);
    assert_int_equal(system(cmd), 0);
    cx_diag_clear(&d);
    cx_rules_free(rules);
    cx_snapshot_free(s);
}

static void test_errors(void **state)
{
    (void)state;
    cx_snapshot *s = fx_build_phu_tan();
    cx_diag d;
    cx_diag_init(&d);
    cx_write_opts o = {0};   /* no rules given: the defaults */
    assert_int_equal(cx_write_xlsx(NULL, 0, &o, "/tmp/x.xlsx", &d), CX_ERR_NO_TABLE);
    assert_int_equal(cx_write_xlsx(&s, 1, &o, "/nonexistent-dir/x.xlsx", &d), CX_ERR_WRITE);
    assert_non_null(strstr(d.errmsg, "/nonexistent-dir/x.xlsx"));
    struct stat st;
    assert_int_not_equal(stat("/nonexistent-dir/x.xlsx", &st), 0);
    /* An empty snapshot still gives a valid (empty) table. */
    cx_snapshot *e = cx_snapshot_new();
    char path[256];
    assert_int_equal(write_xlsx(&e, 1, &o, "empty.xlsx", path, &d), CX_OK);
    cx_snapshot_free(e);
    cx_diag_clear(&d);
    cx_snapshot_free(s);
}

static int open_fds(void)
{
    int n = 0;
    DIR *dir = opendir("/proc/self/fd");
    if (!dir) return -1;
    while (readdir(dir)) n++;
    closedir(dir);
    return n;
}

/* A failure half-way (a name over Excel's 32,767 characters, in the second of two
 * snapshots) is reported, writes nothing and leaves no sheet's temporary file open. */
static void test_error_midway(void **state)
{
    (void)state;
    cx_snapshot *s[2] = {fx_build_phu_tan(), fx_build_phu_tan()};
    size_t big = 33000;
    char *name = malloc(big + 1);
    assert_non_null(name);
    memset(name, 'x', big);
    name[big] = 0;
    free(s[1]->units[3].name);
    s[1]->units[3].name = name;
    cx_diag d;
    cx_diag_init(&d);
    cx_write_opts o = {.summary_sheet = 1};
    char path[256];
    int before = open_fds();
    assert_int_equal(write_xlsx(s, 2, &o, "midway.xlsx", path, &d), CX_ERR_WRITE);
    assert_non_null(strstr(d.errmsg, "unit name"));
    assert_int_equal(open_fds(), before);
    struct stat st;
    assert_int_not_equal(stat(path, &st), 0);
    cx_diag_clear(&d);
    cx_snapshot_free(s[0]);
    cx_snapshot_free(s[1]);
}

/* Every sheet keeps a file open until the end: a soft limit too low is raised, a hard
 * limit too low is a clear error. Run in a child: the limits are the process's. */
static int write_under_limit(rlim_t soft, rlim_t hard, const char *name, const char *expect)
{
    pid_t pid = fork();
    if (pid < 0) return -1;
    if (pid == 0) {
        struct rlimit rl = {.rlim_cur = soft, .rlim_max = hard};
        if (setrlimit(RLIMIT_NOFILE, &rl) != 0) _exit(3);
        cx_snapshot *s[3] = {fx_build_phu_tan(), fx_build_phu_tan(), fx_build_phu_tan()};
        cx_diag d;
        cx_diag_init(&d);
        cx_write_opts o = {.summary_sheet = 1};
        char path[256];
        cx_error e = write_xlsx(s, 3, &o, name, path, &d);
        if (expect) _exit(e == CX_ERR_WRITE && strstr(d.errmsg, expect) ? 0 : 1);
        _exit(e == CX_OK ? 0 : 2);
    }
    int status = 0;
    if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status)) return -1;
    return WEXITSTATUS(status);
}

static void test_open_file_limit(void **state)
{
    (void)state;
    struct rlimit rl;
    assert_int_equal(getrlimit(RLIMIT_NOFILE, &rl), 0);
    if (rl.rlim_max != RLIM_INFINITY && rl.rlim_max < 200) skip();
    assert_int_equal(write_under_limit(20, rl.rlim_max, "raised.xlsx", NULL), 0);
    assert_int_equal(write_under_limit(20, 40, "refused.xlsx", "a Phụ lục of 6 sheets"), 0);
    char path[300];
    struct stat st;
    snprintf(path, sizeof path, "%s/refused.xlsx", tmpdir);
    assert_int_not_equal(stat(path, &st), 0);
}

int main(void)
{
    if (access("tests/e2e/check_phu_luc.py", R_OK) != 0 && access("../../tests/e2e/check_phu_luc.py", R_OK) == 0)
        if (chdir("../..") != 0) return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_phu_tan_appendix),
        cmocka_unit_test(test_keep_order_and_custom_rules),
        cmocka_unit_test(test_several_and_sparse),
        cmocka_unit_test(test_deterministic),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_error_midway),
        cmocka_unit_test(test_open_file_limit),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
