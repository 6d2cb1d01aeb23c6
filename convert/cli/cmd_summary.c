/* cmd_summary.c — `chiso summary INPUT [--previous P] [--format text|markdown|json]`:
 * the report's lists as Vietnamese sentences on stdout, ready to paste. */
#include <stdio.h>
#include <string.h>
#include "cli.h"

int cx_cmd_summary(const cx_cli *cli)
{
    chiso_summary_format fmt = CHISO_SUMMARY_TEXT;
    if (cli->format && strcmp(cli->format, "markdown") == 0) fmt = CHISO_SUMMARY_MARKDOWN;
    else if (cli->format && strcmp(cli->format, "json") == 0) fmt = CHISO_SUMMARY_JSON;
    int rc = 0;
    chiso_job *job = cli_job_new(cli, 0, 1, &rc);
    if (!job) return rc;
    cx_error err = chiso_job_read_file(job, cli->inputs[0]);
    if (err == CX_OK && cli->previous) err = chiso_job_read_previous_file(job, cli->previous);
    size_t n = 0;
    if (err == CX_OK) chiso_job_snapshot_count(job, &n);
    /* One summary per snapshot (a file with several periods gives several), blank line between. */
    int array = fmt == CHISO_SUMMARY_JSON && n > 1;   /* several periods: one JSON array */
    if (array) fputs("[\n", stdout);
    for (size_t i = 0; err == CX_OK && i < n; i++) {
        if (i > 0) fputs(array ? ",\n" : "\n", stdout);
        err = chiso_job_summary(job, i, fmt, stdout);
    }
    if (err == CX_OK && array) fputs("]\n", stdout);
    if (err != CX_OK) rc = cli_job_fail(job, err);
    chiso_job_free(job);
    return rc;
}
