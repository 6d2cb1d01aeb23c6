/* cmd_convert.c — `chiso convert` and `chiso inspect`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include "cli.h"
#include "pipeline.h"
#include "compare.h"
#include "rules.h"
#include "output.h"
#include "writer.h"

/* Copy a finished temporary xlsx to stdout (xlsx to a pipe). */
static cx_error copy_to_stdout(const char *path, cx_diag *d)
{
    FILE *f = fopen(path, "rb");
    if (!f) return cx_fail(d, CX_ERR_WRITE, "cannot reopen the temporary output");
    char buf[65536];
    size_t n;
    cx_error err = CX_OK;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        if (fwrite(buf, 1, n, stdout) != n) { err = cx_fail(d, CX_ERR_WRITE, "cannot write to standard output"); break; }
    fclose(f);
    return err;
}

int cx_load_all(const cx_cli *cli, cx_loaded *all, FILE *inspect_out, cx_diag *d);
int cx_load_all(const cx_cli *cli, cx_loaded *all, FILE *inspect_out, cx_diag *d)
{
    memset(all, 0, sizeof *all);
    for (size_t i = 0; i < cli->ninputs; i++) {
        cx_loaded one;
        cx_error err = cx_load(cli->inputs[i], cli, &one, inspect_out, d);
        if (err == CX_OK) err = cx_loaded_append(all, &one);
        if (err != CX_OK) {
            cx_loaded_free(&one);
            return err;
        }
    }
    return CX_OK;
}

int cx_cmd_convert(const cx_cli *cli, cx_diag *d)
{
    const char *fmt = cx_cli_output_format(cli, "json", d);
    cx_loaded all = {0}, prev = {0};
    cx_rules *rules = NULL;
    cx_output out = {0};
    cx_error err = CX_OK;
    if (!fmt) { err = CX_ERR_USAGE; goto done; }
    int to_stdout = !cli->out || strcmp(cli->out, "-") == 0;
    if (strcmp(fmt, "xlsx") == 0 && to_stdout && isatty(STDOUT_FILENO)) {
        err = cx_fail(d, CX_ERR_USAGE, "an xlsx is not written to a terminal; give -o FILE.xlsx");
        goto done;
    }
    rules = cli->rules ? cx_rules_load(cli->rules, d) : cx_rules_default();
    if (!rules) { err = d->err ? d->err : CX_ERR_NOMEM; goto done; }

    if ((err = cx_load_all(cli, &all, NULL, d)) != CX_OK) goto done;
    if (cli->previous) {
        if ((err = cx_load(cli->previous, cli, &prev, NULL, d)) != CX_OK) goto done;
        /* A previous file may hold several periods (a long table): each current snapshot
         * is compared with the latest earlier one of the same district. */
        for (size_t i = 0; i < all.n && prev.n > 0; i++) {
            const cx_snapshot *p = cx_pick_previous(prev.snaps, prev.n, all.snaps[i]);
            if (p && (err = cx_compare_previous(all.snaps[i], p, d)) != CX_OK) goto done;
        }
    }

    cx_write_opts wo = {.title = cli->title, .keep_order = cli->keep_order, .no_bom = cli->no_bom,
                        .rules = rules, .diag = d, .summary_sheet = 1, .caption = cli->caption,
                        .attached_to = cli->attached_to, .add_classification = cli->add_classification,
                        .names_as_source = cli->names_as_source};
    int is_xlsx = strcmp(fmt, "xlsx") == 0;
    const char *target = to_stdout ? NULL : cli->out;
    if (is_xlsx && to_stdout) {
        /* libxlsxwriter needs a path: write a temporary file, then stream it out. */
        char tmpl[] = "/tmp/chiso-XXXXXX.xlsx";
        int fd = mkstemps(tmpl, 5);
        if (fd < 0) { err = cx_fail(d, CX_ERR_IO, "cannot create a temporary file"); goto done; }
        close(fd);
        err = cx_write_xlsx(all.snaps, all.n, &wo, tmpl, d);
        if (err == CX_OK) err = copy_to_stdout(tmpl, d);
        unlink(tmpl);
        goto done;
    }
    const char *inputs_for_check[2 + CX_MAX_SHEET_OPTS];
    size_t nin = 0;
    for (size_t i = 0; i < cli->ninputs && nin < CX_MAX_SHEET_OPTS; i++) inputs_for_check[nin++] = cli->inputs[i];
    if (cli->previous) inputs_for_check[nin++] = cli->previous;
    if (cli->rules) inputs_for_check[nin++] = cli->rules;
    if ((err = cx_output_open(&out, target, !is_xlsx, inputs_for_check, nin, d)) != CX_OK) goto done;
    if (is_xlsx) err = cx_write_xlsx(all.snaps, all.n, &wo, out.tmp_path, d);
    else if (strcmp(fmt, "json") == 0) err = cx_write_json(all.snaps, all.n, &wo, out.fp, d);
    else err = cx_write_csv(all.snaps, all.n, &wo, out.fp, d);
    if (err == CX_OK) err = cx_output_commit(&out, d);
    if (err == CX_OK && target) cx_info(d, 1, "wrote %s", target);

done:
    if (err != CX_OK) {
        cx_output_abort(&out);
        fprintf(stderr, "chiso: %s\n", d->errmsg[0] ? d->errmsg : cx_strerror(err));
    }
    cx_rules_free(rules);
    cx_loaded_free(&all);
    cx_loaded_free(&prev);
    return cx_exit_code(err);
}

int cx_cmd_inspect(const cx_cli *cli, cx_diag *d)
{
    int worst = 0;
    for (size_t i = 0; i < cli->ninputs; i++) {
        cx_loaded one;
        size_t before = d->n;
        cx_error err = cx_load(cli->inputs[i], cli, &one, stdout, d);
        if (err != CX_OK) {
            fprintf(stderr, "chiso: %s\n", d->errmsg[0] ? d->errmsg : cx_strerror(err));
            if (cx_exit_code(err) > worst) worst = cx_exit_code(err);
            continue;
        }
        for (size_t s = 0; s < one.n; s++) {
            const cx_snapshot *sn = one.snaps[s];
            printf("  snapshot %zu: %zu units", s + 1, cx_snapshot_count(sn));
            if (sn->scope) printf(", scope %s", sn->scope);
            if (sn->period.label) printf(", period %s", sn->period.label);
            if (sn->period.cutoff[0]) printf(", cutoff %s", sn->period.cutoff);
            printf("\n");
        }
        printf("  warnings: %zu\n", d->n - before);
        cx_loaded_free(&one);
    }
    return worst;
}
