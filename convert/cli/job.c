/* job.c — the command line's side of a job: options from argv and the environment,
 * warnings and information lines on stderr, the one final error line. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "output.h"
#include "guard.h"
#include "i18n.h"

/* Control characters (a file name holding a newline could forge a line, an escape sequence
 * drive the terminal) shown as \xNN, as the library does in its messages. */
void cli_say(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = NULL;
    int r = vasprintf(&msg, _(fmt), ap);
    va_end(ap);
    if (r < 0) return;
    fputs("chiso: ", stderr);
    for (const unsigned char *p = (const unsigned char *)msg; *p; p++) {
        if (*p < 0x20 || *p == 0x7f) fprintf(stderr, "\\x%02x", *p);
        else fputc(*p, stderr);
    }
    fputc('\n', stderr);
    free(msg);
}

int cli_output_fail(chiso_job *job, cx_output *out, cx_cli_err *ce, cx_error err)
{
    if (!ce->errmsg[0]) {
        const char *m = NULL;
        if (job) chiso_job_error(job, &m);
        snprintf(ce->errmsg, sizeof ce->errmsg, "%s", m && *m ? m : cx_strerror(err));
    }
    ce->err = err;
    cx_guard_explain(err, ce->errmsg, sizeof ce->errmsg);
    cx_output_explain_failure(out, ce);
    cx_output_abort(out);
    cli_say("%s", ce->errmsg);
    return cx_exit_code(err);
}

/* Each warning on stderr as it is raised (unless -q). */
static void show_warning(void *ud, const chiso_warning *w)
{
    const cx_cli *cli = ud;
    if (cli->verbosity < 1) return;
    char *line = NULL;
    if (chiso_warning_line(w, &line) == CX_OK) {
        fprintf(stderr, _("chiso: warning: %s\n"), line);
        chiso_free(line);
    }
}

static void show_info(void *ud, int level, const char *line)
{
    (void)ud;
    (void)level;   /* the job asks only up to the verbosity given */
    fprintf(stderr, "chiso: %s\n", line);
}

/* A number from the environment, or 0 when unset or not a whole number >= 1. */
static size_t env_count(const char *name)
{
    const char *e = getenv(name);
    if (!e || !*e) return 0;
    char *end;
    unsigned long v = strtoul(e, &end, 10);
    return *end == 0 && v >= 1 ? (size_t)v : 0;
}

void cli_job_options(const cx_cli *cli, chiso_options *o)
{
    chiso_options_init(o);
    o->title = cli->title;
    o->period = cli->period;
    o->cutoff = cli->cutoff;
    o->scope = cli->scope;
    o->encoding = cli->encoding;
    o->indicator = cli->indicator;
    o->sheets = cli->sheets;
    o->nsheets = cli->nsheets;
    o->keep_order = cli->keep_order;
    o->to_2025 = cli->to_2025;
    o->aliases = cli->aliases;
    o->no_bom = cli->no_bom;
    o->force = cli->force;
    o->caption = cli->caption;
    o->attached_to = cli->attached_to;
    o->add_classification = cli->add_classification;
    o->names_as_source = cli->names_as_source;
    /* The environment's knobs (the library reads none). */
    o->tmpdir = getenv("TMPDIR");
    o->spool_units = env_count("CHISO_SPOOL_UNITS");   /* tests force parking on small files */
    const char *t = getenv("CHISO_THREADS");          /* tests compare one thread with two */
    if (t && *t) {
        int n = atoi(t);
        o->threads = n < 1 ? 1 : n > 2 ? 2 : n;
    }
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    if (sde && *sde) {
        char *end = NULL;
        errno = 0;
        long long v = strtoll(sde, &end, 10);
        if (errno == 0 && end && *end == 0 && v > 0 && v < 253402300800LL) o->source_date_epoch = v;
    }
    o->verbosity = cli->verbosity;
    o->on_warning = show_warning;
    o->on_info = show_info;
    o->user_data = (void *)cli;
}

int cli_job_fail(chiso_job *job, cx_error err)
{
    const char *msg = NULL;
    if (job) chiso_job_error(job, &msg);
    char buf[1024];
    snprintf(buf, sizeof buf, "%s", msg && *msg ? msg : cx_strerror(err));
    cx_guard_explain(err, buf, sizeof buf);
    cli_say("%s", buf);
    return cx_exit_code(err);
}

chiso_job *cli_job_new(const cx_cli *cli, int history, int with_rules, int *rc)
{
    chiso_options o;
    cli_job_options(cli, &o);
    o.history = history;
    chiso_job *job = NULL;
    cx_error e = chiso_job_new(&o, &job);
    if (e != CX_OK) { *rc = cli_job_fail(NULL, e); return NULL; }
    if (with_rules && cli->rules && (e = chiso_job_set_rules_file(job, cli->rules)) != CX_OK) {
        *rc = cli_job_fail(job, e);
        chiso_job_free(job);
        return NULL;
    }
    return job;
}
