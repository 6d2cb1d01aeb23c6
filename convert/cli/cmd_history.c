/*
 * cmd_history.c — `chiso history FILE... -o lich-su.xlsx|.csv|.json [--strict]`.
 *
 * A folder stands for the files in it. Every input goes through the same pipeline as `convert` (cx_load) and each of its
 * snapshots joins one history (history.h). A file that fails is reported and skipped;
 * --strict stops at the first one (exit 2, no output). A progress line goes to stderr
 * only when stderr is a terminal; a final count line always (unless -q).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <dirent.h>
#include <sys/stat.h>
#include "cli.h"
#include "pipeline.h"
#include "history.h"
#include "history_write.h"
#include "output.h"
#include "guard.h"
#include "rules.h"

/* "\r[3/12] file.csv" shortened to the terminal's usual width, then cleared at the end. */
static void progress(size_t done, size_t total, const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    char shown[61];
    size_t n = 0;
    for (; base[n] && n < 60; n++) shown[n] = (unsigned char)base[n] < 0x20 || base[n] == 0x7f ? '?' : base[n];
    shown[n] = 0;
    fprintf(stderr, "\r\033[K[%zu/%zu] %s", done, total, shown);
    fflush(stderr);
}

/* The inputs with each directory replaced by its files (not recursive, hidden files
 * skipped, in name order: weekly files are usually named so that this is time order,
 * though the history sorts by period anyway). */
typedef struct paths { char **v; size_t n, cap; } paths;

static int paths_add(paths *p, const char *s, size_t len)
{
    if (p->n == p->cap) {
        size_t nc = p->cap ? p->cap * 2 : 64;
        char **nv = realloc(p->v, nc * sizeof *nv);
        if (!nv) return -1;
        p->v = nv;
        p->cap = nc;
    }
    if (!(p->v[p->n] = strndup(s, len))) return -1;
    p->n++;
    return 0;
}

static void paths_free(paths *p)
{
    for (size_t i = 0; i < p->n; i++) free(p->v[i]);
    free(p->v);
}

static int skip_hidden(const struct dirent *e) { return e->d_name[0] != '.'; }

static cx_error expand_inputs(const cx_cli *cli, paths *out, cx_diag *d)
{
    for (size_t i = 0; i < cli->ninputs; i++) {
        const char *in = cli->inputs[i];
        struct stat st;
        if (stat(in, &st) != 0 || !S_ISDIR(st.st_mode)) {
            if (paths_add(out, in, strlen(in))) return cx_fail(d, CX_ERR_NOMEM, "out of memory");
            continue;
        }
        struct dirent **list = NULL;
        int n = scandir(in, &list, skip_hidden, alphasort);
        if (n < 0) return cx_fail(d, CX_ERR_IO, "%s: cannot list the folder", in);
        cx_error err = CX_OK;
        size_t before = out->n;
        for (int k = 0; k < n; k++) {
            if (err == CX_OK) {
                size_t len = strlen(in) + strlen(list[k]->d_name) + 2;
                char *full = malloc(len);
                if (!full) err = cx_fail(d, CX_ERR_NOMEM, "out of memory");
                else {
                    snprintf(full, len, "%s%s%s", in, in[strlen(in) - 1] == '/' ? "" : "/", list[k]->d_name);
                    struct stat fs;
                    if (stat(full, &fs) == 0 && S_ISREG(fs.st_mode) && paths_add(out, full, strlen(full)))
                        err = cx_fail(d, CX_ERR_NOMEM, "out of memory");
                    free(full);
                }
            }
            free(list[k]);
        }
        free(list);
        if (err != CX_OK) return err;
        if (out->n == before) cx_info(d, 1, "%s: the folder holds no files", in);
    }
    return CX_OK;
}

int cx_cmd_history(const cx_cli *cli, cx_diag *d)
{
    cx_error err = CX_OK;
    cx_history *h = NULL;
    cx_rules *rules = NULL;
    cx_output out = {0};
    paths in = {0};
    size_t failed = 0, nsnaps_read = 0;
    const char *fmt = cx_cli_output_format(cli, "csv", d);
    int to_stdout = !cli->out || strcmp(cli->out, "-") == 0;
    int tty = isatty(STDERR_FILENO) && cli->verbosity > 0;
    if (!fmt) { err = CX_ERR_USAGE; goto done; }
    if (strcmp(fmt, "xlsx") == 0 && to_stdout) {
        err = cx_fail(d, CX_ERR_USAGE, "history: an xlsx needs a file name; give -o lich-su.xlsx");
        goto done;
    }
    if ((err = cx_guard_output(cli, d)) != CX_OK) goto done;   /* before anything is read */
    rules = cli->rules ? cx_rules_load(cli->rules, d) : cx_rules_default();
    if (!rules) { err = d->err ? d->err : cx_fail(d, CX_ERR_NOMEM, "out of memory"); goto done; }
    if (!(h = cx_history_new())) { err = cx_fail(d, CX_ERR_NOMEM, "out of memory"); goto done; }
    if ((err = expand_inputs(cli, &in, d)) != CX_OK) goto done;

    for (size_t i = 0; i < in.n; i++) {
        const char *path = in.v[i];
        if (tty) progress(i, in.n, path);
        cx_loaded one;
        d->errmsg[0] = 0;
        cx_error e = cx_load(path, cli, &one, NULL, d);
        if (e == CX_ERR_NOMEM) { err = e; goto done; }
        if (e != CX_OK) {
            failed++;
            if (tty) fputs("\r\033[K", stderr);
            cx_guard_explain(e, d);
            fprintf(stderr, "chiso: %s%s\n", d->errmsg[0] ? d->errmsg : cx_strerror(e),
                    cli->strict ? "" : " (skipped)");
            if (cli->strict) { err = e; goto done; }
            continue;
        }
        nsnaps_read += one.n;
        for (size_t k = 0; k < one.n; k++) {
            cx_snapshot *s = one.snaps[k];
            one.snaps[k] = NULL;
            if ((e = cx_history_add(h, s, d)) != CX_OK) {
                for (size_t j = k + 1; j < one.n; j++) cx_snapshot_free(one.snaps[j]);
                one.n = 0;
                cx_loaded_free(&one);
                err = e;
                goto done;
            }
        }
        one.n = 0;
        cx_loaded_free(&one);
    }
    if (tty) fputs("\r\033[K", stderr);
    if (cx_history_nsnaps(h) == 0) {
        err = cx_fail(d, CX_ERR_NO_TABLE, "history: no file could be read (%zu given)", in.n);
        goto done;
    }
    if ((err = cx_history_finish(h, d)) != CX_OK) goto done;

    int is_xlsx = strcmp(fmt, "xlsx") == 0;
    /* Never overwrite an input (a batch can be longer than output.h's list). */
    for (size_t i = 0; !to_stdout && i < in.n; i++)
        if (cx_same_file(in.v[i], cli->out)) {
            err = cx_fail(d, CX_ERR_USAGE, "%s: the output would overwrite an input", cli->out);
            goto done;
        }
    if ((err = cx_output_open(&out, to_stdout ? NULL : cli->out, !is_xlsx, NULL, 0, d)) != CX_OK) goto done;
    if (is_xlsx) err = cx_history_write_xlsx(h, rules, out.tmp_path, d);
    else if (strcmp(fmt, "json") == 0) err = cx_history_write_json(h, out.fp, d);
    else err = cx_history_write_csv(h, cli->no_bom, out.fp, d);
    if (err == CX_OK) err = cx_output_commit(&out, d);
    if (err == CX_OK && cli->verbosity > 0) {
        size_t nunits = 0;
        for (size_t u = 0; u < cx_history_nunits(h); u++) nunits += cx_history_unit(h, u)->kind != CX_KIND_TONG;
        cx_info(d, 1, "history: %zu files (%zu failed), %zu snapshots (%zu read), %zu units, %zu values, %zu warnings%s%s",
                in.n, failed, cx_history_nsnaps(h), nsnaps_read, nunits, cx_history_nvalues(h), d->n,
                to_stdout ? "" : " -> ", to_stdout ? "" : cli->out);
    }

done:
    if (err != CX_OK) {
        cx_output_explain_failure(&out, d);
        cx_output_abort(&out);
        cx_guard_explain(err, d);
        if (!(cli->strict && failed))   /* the failing file was already reported */
            fprintf(stderr, "chiso: %s\n", d->errmsg[0] ? d->errmsg : cx_strerror(err));
    }
    cx_history_free(h);
    cx_rules_free(rules);
    paths_free(&in);
    return cx_exit_code(err);
}
