/* cmd_summary.c — `chiso summary INPUT [--previous P] [--format text|markdown|json]`:
 * the report's lists as Vietnamese sentences on stdout, ready to paste. */
#include <stdio.h>
#include <string.h>
#include "cli.h"
#include "guard.h"
#include "pipeline.h"
#include "compare.h"
#include "rules.h"
#include "summary.h"

int cx_cmd_summary(const cx_cli *cli, cx_diag *d)
{
    cx_loaded cur = {0}, prev = {0};
    cx_rules *rules = NULL;
    cx_error err = CX_OK;
    cx_summary_format fmt = CX_SUMMARY_TEXT;
    if (cli->format && strcmp(cli->format, "markdown") == 0) fmt = CX_SUMMARY_MARKDOWN;
    else if (cli->format && strcmp(cli->format, "json") == 0) fmt = CX_SUMMARY_JSON;

    rules = cli->rules ? cx_rules_load(cli->rules, d) : cx_rules_default();
    if (!rules) { err = d->err ? d->err : cx_fail(d, CX_ERR_NOMEM, "out of memory"); goto done; }
    if ((err = cx_load(cli->inputs[0], cli, &cur, NULL, d)) != CX_OK) goto done;
    if (cli->previous) {
        if ((err = cx_load(cli->previous, cli, &prev, NULL, d)) != CX_OK) goto done;
        for (size_t i = 0; i < cur.n && prev.n > 0; i++)
            if ((err = cx_compare_previous(cur.snaps[i], cx_pick_previous(prev.snaps, prev.n, cur.snaps[i]), d)) != CX_OK)
                goto done;
    }
    /* One summary per snapshot (a file with several periods gives several), blank line between. */
    int array = fmt == CX_SUMMARY_JSON && cur.n > 1;   /* several periods: one JSON array */
    if (array) fputs("[\n", stdout);
    for (size_t i = 0; i < cur.n; i++) {
        if (i > 0) fputs(array ? ",\n" : "\n", stdout);
        if ((err = cx_snapshot_acquire(cur.snaps[i], d)) != CX_OK) goto done;
        if (cx_summary_print(cur.snaps[i], rules, fmt, stdout) != 0) {
            err = cx_fail(d, CX_ERR_WRITE, "cannot write the summary to standard output");
            goto done;
        }
        if ((err = cx_snapshot_release(cur.snaps[i], 0, d)) != CX_OK) goto done;
    }
    if (array) fputs("]\n", stdout);
done:
    if (err != CX_OK) cx_guard_explain(err, d);
    if (err != CX_OK) fprintf(stderr, "chiso: %s\n", d->errmsg[0] ? d->errmsg : cx_strerror(err));
    cx_rules_free(rules);
    cx_loaded_free(&cur);
    cx_loaded_free(&prev);
    return cx_exit_code(err);
}
