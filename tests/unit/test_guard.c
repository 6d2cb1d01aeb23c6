/* test_guard.c — inputs read safely (issue 15): a CSV cut short while it is read ends with
 * "the file changed while it was being read; try again" and exit 2 under the command line's
 * SIGBUS handler (never a bare SIGBUS), and a file that changes without faulting is caught
 * by the size/time check after the read. The truncation happens from the sink, on the first
 * row: deterministic, no timing. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "reader.h"
/* the command line's guard (not part of libchiso) */
#include "../../convert/cli/guard.c"
#include "../../convert/cli/output.c"
#include "../../convert/cli/cli.c"   /* cx_cli_fail */

static char path[64];
static int mode;   /* 0 truncate, 1 append */

static int on_row(void *ud, uint32_t row, const cx_cell *cells, uint32_t n)
{
    static int done;
    if (done++) return 0;
    if (mode == 0) { if (truncate(path, 4096) != 0) abort(); }
    else { FILE *f = fopen(path, "ab"); fputs("x,1\n", f); fclose(f); }
    return 0;
}

static void make_big(void)
{
    strcpy(path, "/tmp/chiso-guard-XXXXXX");
    const char *td = getenv("TMPDIR");
    if (td && *td && strlen(td) < 40) snprintf(path, sizeof path, "%s/cg-XXXXXX", td);
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    for (int i = 0; i < 400000; i++) fprintf(f, "unit %d,%d\n", i, i % 100);   /* ~5 MiB */
    fclose(f);
}

static void test_shrink_is_a_message(void **state)
{
    make_big();
    mode = 0;
    int pfd[2];
    assert_int_equal(pipe(pfd), 0);
    pid_t pid = fork();
    if (pid == 0) {
        dup2(pfd[1], 2);
        cx_guard_signals();
        cx_diag d;
        cx_diag_init(&d);
        cx_sink s = {.row = on_row};
        cx_error e = cx_read_file(path, NULL, &s, NULL, &d);
        _exit(e == CX_OK ? 0 : 3);
    }
    close(pfd[1]);
    char buf[512] = "";
    size_t got = 0;
    ssize_t n;
    while (got < sizeof buf - 1 && (n = read(pfd[0], buf + got, sizeof buf - 1 - got)) > 0) got += (size_t)n;
    buf[got] = 0;
    close(pfd[0]);
    int st;
    waitpid(pid, &st, 0);
    unlink(path);
    assert_true(WIFEXITED(st));
    assert_int_equal(WEXITSTATUS(st), 2);
    assert_non_null(strstr(buf, "the file changed while it was being read; try again"));
}

static void test_growth_is_seen(void **state)
{
    make_big();
    mode = 1;
    cx_diag d;
    cx_diag_init(&d);
    cx_sink s = {.row = on_row};
    cx_error e = cx_read_file(path, NULL, &s, NULL, &d);
    unlink(path);
    assert_int_equal(e, CX_ERR_IO);
    assert_non_null(strstr(d.errmsg, "changed while it was being read"));
    cx_diag_clear(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shrink_is_a_message),
        cmocka_unit_test(test_growth_is_seen),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
