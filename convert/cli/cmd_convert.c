/* cmd_convert.c — `chiso convert` and `chiso inspect`, over chiso.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include "cli.h"
#include "output.h"
#include "guard.h"

/* `chiso convert bao-cao.xls` typed at a terminal, without -o: the JSON would pour onto the
 * screen, and an office worker wants the Phụ lục. It is written beside the first input as
 * bao-cao-phu-luc.xlsx (README: "Hướng dẫn nhanh"). Caller frees. */
static char *beside_input(const char *input)
{
    const char *slash = strrchr(input, '/');
    const char *base = slash ? slash + 1 : input;
    const char *dot = strrchr(base, '.');
    size_t stem = dot && dot > base ? (size_t)(dot - input) : strlen(input);
    char *out = NULL;
    if (asprintf(&out, "%.*s-phu-luc.xlsx", (int)stem, input) < 0) return NULL;
    return out;
}

static int convert(const cx_cli *cli);

int cx_cmd_convert(const cx_cli *cli)
{
    if (cli->out || cli->to || cli->ninputs == 0 || strcmp(cli->inputs[0], "-") == 0 || !isatty(STDOUT_FILENO))
        return convert(cli);
    char *beside = beside_input(cli->inputs[0]);
    if (!beside) { cli_say("%s", cx_strerror(CX_ERR_NOMEM)); return cx_exit_code(CX_ERR_NOMEM); }
    cx_cli at_terminal = *cli;
    at_terminal.out = beside;
    if (cli->verbosity >= 1) cli_say("no -o given: the Phụ lục is written beside the input as %s", beside);
    int rc = convert(&at_terminal);
    free(beside);
    return rc;
}

static int convert(const cx_cli *cli)
{
    cx_cli_err ce = {0};
    const char *fmt = cx_cli_output_format(cli, "json", &ce);
    if (!fmt) { cli_say("%s", ce.errmsg); return cx_exit_code(CX_ERR_USAGE); }
    int to_stdout = !cli->out || strcmp(cli->out, "-") == 0;
    int is_xlsx = strcmp(fmt, "xlsx") == 0;
    if (is_xlsx && to_stdout && isatty(STDOUT_FILENO)) {
        cli_say("an xlsx is not written to a terminal; give -o FILE.xlsx");
        return cx_exit_code(CX_ERR_USAGE);
    }
    cx_error err = cx_guard_output(cli, &ce);   /* before anything is read */
    if (err != CX_OK) { cli_say("%s", ce.errmsg); return cx_exit_code(err); }
    int rc = 0;
    chiso_job *job = cli_job_new(cli, 0, 1, &rc);
    if (!job) return rc;
    cx_output out = {0};
    for (size_t i = 0; err == CX_OK && i < cli->ninputs; i++) err = chiso_job_read_file(job, cli->inputs[i]);
    if (err == CX_OK && cli->previous) err = chiso_job_read_previous_file(job, cli->previous);
    if (err != CX_OK) goto done;

    const char *target = to_stdout ? NULL : cli->out;
    if ((err = cx_output_open(&out, target, !is_xlsx, NULL, 0, &ce)) != CX_OK) goto done;
    if (is_xlsx) err = chiso_job_write_file(job, CHISO_XLSX, out.tmp_path);
    else err = chiso_job_write_stream(job, cx_cli_format(fmt), out.fp);
    if (err == CX_OK) err = cx_output_commit(&out, &ce);
    if (err == CX_OK && target && cli->verbosity >= 1) cli_say("wrote %s", target);

done:
    if (err != CX_OK) rc = cli_output_fail(job, &out, &ce, err);
    chiso_job_free(job);
    return err != CX_OK ? rc : 0;
}

int cx_cmd_inspect(const cx_cli *cli)
{
    int worst = 0;
    for (size_t i = 0; i < cli->ninputs; i++) {
        int rc = 0;
        chiso_job *job = cli_job_new(cli, 0, 0, &rc);   /* one job per input: its memory goes after it */
        if (!job) return rc;
        cx_error err = chiso_job_inspect_file(job, cli->inputs[i], stdout);
        if (err != CX_OK) {
            rc = cli_job_fail(job, err);
            if (rc > worst) worst = rc;
            chiso_job_free(job);
            continue;
        }
        size_t n = 0, nwarn = 0;
        chiso_job_snapshot_count(job, &n);
        for (size_t s = 0; s < n; s++) {
            chiso_snapshot_info sn;
            chiso_job_snapshot(job, s, &sn);
            printf("  snapshot %zu: %zu units", s + 1, sn.nunits);
            if (sn.scope) printf(", scope %s", sn.scope);
            if (sn.period) printf(", period %s", sn.period);
            if (sn.cutoff && sn.cutoff[0]) printf(", cutoff %s", sn.cutoff);
            printf("\n");
        }
        chiso_job_warnings(job, NULL, &nwarn);
        printf("  warnings: %zu\n", nwarn);
        chiso_job_free(job);
    }
    return worst;
}
