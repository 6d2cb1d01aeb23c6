/*
 * cmd_history.c — `chiso history FILE... -o lich-su.xlsx|.csv|.json [--strict]`.
 *
 * A folder stands for the files in it. Every input goes through the same pipeline as
 * `convert` (a history job of chiso.h: each input's snapshots join one history). A file that fails is reported and skipped;
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
#include "i18n.h"
#include "output.h"
#include "guard.h"

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

static cx_error expand_inputs(const cx_cli *cli, paths *out, cx_cli_err *d)
{
    for (size_t i = 0; i < cli->ninputs; i++) {
        const char *in = cli->inputs[i];
        struct stat st;
        if (stat(in, &st) != 0 || !S_ISDIR(st.st_mode)) {
            if (paths_add(out, in, strlen(in))) return cx_cli_fail(d, CX_ERR_NOMEM, "out of memory");
            continue;
        }
        struct dirent **list = NULL;
        int n = scandir(in, &list, skip_hidden, alphasort);
        if (n < 0) return cx_cli_fail(d, CX_ERR_IO, "%s: cannot list the folder", in);
        cx_error err = CX_OK;
        size_t before = out->n;
        for (int k = 0; k < n; k++) {
            if (err == CX_OK) {
                size_t len = strlen(in) + strlen(list[k]->d_name) + 2;
                char *full = malloc(len);
                if (!full) err = cx_cli_fail(d, CX_ERR_NOMEM, "out of memory");
                else {
                    snprintf(full, len, "%s%s%s", in, in[strlen(in) - 1] == '/' ? "" : "/", list[k]->d_name);
                    struct stat fs;
                    if (stat(full, &fs) == 0 && S_ISREG(fs.st_mode) && paths_add(out, full, strlen(full)))
                        err = cx_cli_fail(d, CX_ERR_NOMEM, "out of memory");
                    free(full);
                }
            }
            free(list[k]);
        }
        free(list);
        if (err != CX_OK) return err;
        if (out->n == before && cli->verbosity >= 1) cli_say("%s: the folder holds no files", in);
    }
    return CX_OK;
}

int cx_cmd_history(const cx_cli *cli)
{
    cx_error err = CX_OK;
    cx_cli_err ce = {0};
    chiso_job *job = NULL;
    cx_output out = {0};
    paths in = {0};
    size_t failed = 0;
    int rc = 0, told = 0;   /* told: the final error line was already shown */
    const char *fmt = cx_cli_output_format(cli, "csv", &ce);
    int to_stdout = !cli->out || strcmp(cli->out, "-") == 0;
    int tty = isatty(STDERR_FILENO) && cli->verbosity > 0;
    if (!fmt) { err = CX_ERR_USAGE; goto done; }
    if (strcmp(fmt, "xlsx") == 0 && to_stdout) {
        err = cx_cli_fail(&ce, CX_ERR_USAGE, "history: an xlsx needs a file name; give -o lich-su.xlsx");
        goto done;
    }
    if ((err = cx_guard_output(cli, &ce)) != CX_OK) goto done;   /* before anything is read */
    if (!(job = cli_job_new(cli, 1, 1, &rc))) return rc;
    if ((err = expand_inputs(cli, &in, &ce)) != CX_OK) goto done;

    for (size_t i = 0; i < in.n; i++) {
        const char *path = in.v[i];
        if (tty) progress(i, in.n, path);
        chiso_job_clear_error(job);
        cx_error e = chiso_job_read_file(job, path);
        if (e == CX_ERR_NOMEM) { err = e; goto done; }
        if (e != CX_OK) {
            const char *msg = NULL;
            failed++;
            if (tty) fputs("\r\033[K", stderr);
            chiso_job_error(job, &msg);
            fprintf(stderr, "chiso: %s%s\n", msg, cli->strict ? "" : " (skipped)");
            if (cli->strict) { err = e; told = 1; goto done; }
            continue;
        }
    }
    if (tty) fputs("\r\033[K", stderr);
    if ((err = chiso_job_history_finish(job)) != CX_OK) goto done;

    int is_xlsx = strcmp(fmt, "xlsx") == 0;
    /* Never overwrite an input (a batch can be longer than output.h's list). */
    for (size_t i = 0; !to_stdout && i < in.n; i++)
        if (cx_same_file(in.v[i], cli->out)) {
            err = cx_cli_fail(&ce, CX_ERR_USAGE, "%s: the output would overwrite an input", cli->out);
            goto done;
        }
    if ((err = cx_output_open(&out, to_stdout ? NULL : cli->out, !is_xlsx, NULL, 0, &ce)) != CX_OK) goto done;
    if (is_xlsx) err = chiso_job_write_file(job, CHISO_XLSX, out.tmp_path);
    else err = chiso_job_write_stream(job, cx_cli_format(fmt), out.fp);
    if (err == CX_OK) err = cx_output_commit(&out, &ce);
    if (err == CX_OK && cli->verbosity > 0) {
        chiso_history_stats st;
        size_t nwarn = 0;
        chiso_job_history_stats(job, &st);
        chiso_job_warnings(job, NULL, &nwarn);
        char joined[64] = "";
        if (st.joined) snprintf(joined, sizeof joined, _(", %zu group files joined"), st.joined);
        cli_say("history: %zu files (%zu failed), %zu tables read (%zu kept%s, %zu duplicates left out), "
                "%zu units, %zu values, %zu warnings%s%s",
                in.n, failed, st.snapshots_read, st.snapshots, joined, st.dropped, st.units, st.values, nwarn,
                to_stdout ? "" : " -> ", to_stdout ? "" : cli->out);
    }

done:
    if (err != CX_OK) {
        if (told) { cx_output_abort(&out); rc = cx_exit_code(err); }   /* the failing file was already reported */
        else rc = cli_output_fail(job, &out, &ce, err);
    }
    chiso_job_free(job);
    paths_free(&in);
    return err != CX_OK ? rc : 0;
}
