/* chiso — command-line entry point. Only data on stdout; diagnostics on stderr. */
#include <malloc.h>
#include <stdio.h>
#include <string.h>
#include "cli.h"
#include "i18n.h"
#include "lang.h"
#include "serve.h"
#include "version.h"
#include "guard.h"

int main(int argc, char **argv)
{
    /* A fixed mmap threshold: glibc's sliding one rises after the first large free (the
     * spool frees many), and then libxlsxwriter's 128 KiB zeroed per-sheet arrays would
     * come from the heap, cleared and resident, instead of untouched from mmap (a Phụ
     * lục of 500 weeks has 1,000 sheets; see xlsx_write.c, add_sheets). */
    mallopt(M_MMAP_THRESHOLD, 64 * 1024);
    cx_lang_init(argc, argv);
    /* `chiso serve`: the web front end (convert/serve/), which runs this same binary's
     * ordinary commands in child processes. */
    if (argc > 1 && strcmp(argv[1], "serve") == 0) return chiso_serve_main(argc - 1, argv + 1);
    cx_cli_err e = {0};
    cx_cli cli;
    int help = 0, version = 0;
    cx_error err = cx_cli_parse(argc, argv, &cli, &help, &version, &e);
    int rc;
    if (help) {
        cx_cli_help(stdout, cli.command);
        rc = 0;
    } else if (version) {
        printf("chiso %s\n", CHISO_VERSION);
        rc = 0;
    } else if (err != CX_OK) {
        cli_say("%s", e.errmsg[0] ? e.errmsg : cx_strerror(err));
        rc = cx_exit_code(err);
    } else {
        cx_guard_signals();
        if (cx_guard_memory(&cli, &e) != CX_OK) {
            cli_say("%s", e.errmsg);
            cx_cli_free(&cli);
            return 1;
        }
        if (strcmp(cli.command, "convert") == 0) rc = cx_cmd_convert(&cli);
        else if (strcmp(cli.command, "inspect") == 0) rc = cx_cmd_inspect(&cli);
        else if (strcmp(cli.command, "summary") == 0) rc = cx_cmd_summary(&cli);
        else if (strcmp(cli.command, "history") == 0) rc = cx_cmd_history(&cli);
        else rc = cx_cmd_units(&cli);
    }
    cx_cli_free(&cli);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "chiso: %s\n", _("cannot write to standard output"));
        if (rc == 0) rc = 2;
    }
    return rc;
}
