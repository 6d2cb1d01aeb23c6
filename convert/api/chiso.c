/* chiso.c — the library's public face (chiso.h): a job holds the options, the snapshots
 * (or a history), the rules, the diagnostics and the spool of one conversion. */
#include "chiso.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "pipeline.h"
#include "reader.h"
#include "compare.h"
#include "groups.h"
#include "dvhc.h"
#include "encoding.h"
#include "history.h"
#include "history_write.h"
#include "rules.h"
#include "summary.h"
#include "writer.h"

_Static_assert(CX_LABEL_COUNT == 6, "chiso_summary.counts has 6 places");
_Static_assert(CX_ERR_COUNT == 11, "a new cx_error: add it to chiso.h and cx_strerror");

struct chiso_job {
    chiso_options   o;
    const char    **sheets;     /* o.sheets NULL-terminated (the normalizer's filter) */
    cx_pipe         pipe;
    cx_spool       *spool;
    cx_diag         d;
    cx_error        err;        /* the last failure, CX_OK when none */
    cx_loaded       all;        /* the snapshots read */
    cx_rules       *rules;      /* NULL until set (defaults at first use) */
    cx_history     *h;          /* a history job's history */
    size_t          inputs, snaps_read;
    cx_loaded       groups;     /* a history job's group files, joined at the end (groups.h) */
    size_t          joined;     /* group files joined into another table */
    int             groups_done;/* a convert job's group files joined */
    chiso_warning  *view;       /* chiso_job_warnings' array */
    size_t          nview;
};

/* ---- callbacks: the diagnostics' events to the front end's ---- */

static void view_of(const cx_warning *w, chiso_warning *v)
{
    v->code = w->code;
    v->file = w->source;
    v->sheet = w->sheet;
    v->row = w->row;
    v->column = w->col;
    v->msgid = w->msgid;
    v->args = (const char *const *)w->args;
    v->nargs = w->nargs;
    v->message = w->message;
}

static void on_warning(void *ud, const cx_warning *w)
{
    chiso_job *j = ud;
    chiso_warning v;
    view_of(w, &v);
    j->o.on_warning(j->o.user_data, &v);
}

static void on_info(void *ud, int level, const char *line)
{
    chiso_job *j = ud;
    j->o.on_info(j->o.user_data, level, line);
}

/* Every public call ends here: the job remembers its last failure. */
static cx_error done(chiso_job *j, cx_error e)
{
    if (e != CX_OK) j->err = e;
    return e;
}

/* ---- the job ---- */

cx_error chiso_options_init(chiso_options *o)
{
    if (!o) return CX_ERR_USAGE;
    memset(o, 0, sizeof *o);
    o->verbosity = 1;
    return CX_OK;
}

cx_error chiso_job_new(const chiso_options *o, chiso_job **out)
{
    if (!out) return CX_ERR_USAGE;
    *out = NULL;
    chiso_job *j = calloc(1, sizeof *j);
    if (!j) return CX_ERR_NOMEM;
    if (o) j->o = *o;
    else chiso_options_init(&j->o);
    cx_diag_init(&j->d);
    j->d.verbosity = j->o.verbosity;
    j->d.cb_ud = j;
    if (j->o.on_warning) j->d.on_warning = on_warning;
    if (j->o.on_info) j->d.on_info = on_info;
    if (j->o.nsheets) {
        if (!(j->sheets = calloc(j->o.nsheets + 1, sizeof *j->sheets))) { chiso_job_free(j); return CX_ERR_NOMEM; }
        for (size_t i = 0; i < j->o.nsheets; i++) j->sheets[i] = j->o.sheets[i];
    }
    if (!(j->spool = cx_spool_new(j->o.tmpdir, j->o.spool_units))) { chiso_job_free(j); return CX_ERR_NOMEM; }
    if (j->o.history && !(j->h = cx_history_new())) { chiso_job_free(j); return CX_ERR_NOMEM; }
    j->pipe = (cx_pipe){&j->o, j->sheets, j->spool};
    *out = j;
    return CX_OK;
}

void chiso_job_free(chiso_job *j)
{
    if (!j) return;
    cx_loaded_free(&j->all);
    cx_loaded_free(&j->groups);
    cx_history_free(j->h);
    cx_rules_free(j->rules);
    cx_spool_free(j->spool);   /* after every snapshot that may have parked in it */
    cx_diag_clear(&j->d);
    free(j->sheets);
    free(j->view);
    free(j);
}

cx_error chiso_job_set_rules_file(chiso_job *j, const char *path)
{
    cx_rules *r = cx_rules_load(path, &j->d);
    if (!r) return done(j, j->d.err ? j->d.err : CX_ERR_NOMEM);
    cx_rules_free(j->rules);
    j->rules = r;
    return CX_OK;
}

cx_error chiso_job_set_rules_text(chiso_job *j, const char *name, const char *text, size_t len)
{
    cx_rules *r = cx_rules_parse(text, len, name, &j->d);
    if (!r) return done(j, j->d.err ? j->d.err : CX_ERR_NOMEM);
    cx_rules_free(j->rules);
    j->rules = r;
    return CX_OK;
}

static cx_error need_rules(chiso_job *j)
{
    if (j->rules) return CX_OK;
    if (!(j->rules = cx_rules_default())) return cx_fail(&j->d, CX_ERR_NOMEM, "out of memory");
    return CX_OK;
}

/* ---- reading ---- */

/* A group file of the portal waits for the others of its province and period (groups.h). */
static cx_error hold_group(chiso_job *j, cx_snapshot *s)
{
    cx_snapshot **one = malloc(sizeof *one);
    if (!one) { cx_snapshot_free(s); return cx_fail(&j->d, CX_ERR_NOMEM, "out of memory"); }
    one[0] = s;
    cx_loaded l = {one, 1};
    cx_error e = cx_loaded_append(&j->groups, &l);
    if (e != CX_OK) { free(one); cx_snapshot_free(s); return cx_fail(&j->d, e, "out of memory"); }
    return CX_OK;
}

/* A convert job's group files of one province and period, joined into one table (once). */
static cx_error join_groups(chiso_job *j)
{
    if (j->groups_done) return CX_OK;
    j->groups_done = 1;
    size_t before = j->all.n;
    cx_error e = cx_groups_join(j->all.snaps, &j->all.n, 1, &j->d);
    j->joined = before - j->all.n;
    return e;
}

/* A history job moves each snapshot into the history as it comes (group files at the end). */
static cx_error to_history(chiso_job *j, cx_loaded *one)
{
    j->snaps_read += one->n;
    for (size_t k = 0; k < one->n; k++) {
        cx_snapshot *s = one->snaps[k];
        one->snaps[k] = NULL;
        cx_error e = cx_group_file_of(s) != CX_IND_NONE ? hold_group(j, s) : cx_history_add(j->h, s, &j->d);
        if (e != CX_OK) {
            for (size_t m = k + 1; m < one->n; m++) cx_snapshot_free(one->snaps[m]);
            one->n = 0;
            cx_loaded_free(one);
            return e;
        }
    }
    one->n = 0;
    cx_loaded_free(one);
    return CX_OK;
}

static cx_error read_one(chiso_job *j, const cx_input *in, FILE *report)
{
    cx_loaded one;
    j->inputs++;
    cx_error err = cx_load(in, &j->pipe, &one, report, &j->d);
    if (err != CX_OK) return done(j, err);
    if (j->h) return done(j, to_history(j, &one));
    err = cx_loaded_append(&j->all, &one);
    if (err != CX_OK) cx_loaded_free(&one);
    return done(j, err);
}

cx_error chiso_job_read_file(chiso_job *j, const char *path)
{
    cx_input in = {path, NULL, 0};
    return read_one(j, &in, NULL);
}

cx_error chiso_job_inspect_file(chiso_job *j, const char *path, FILE *report)
{
    cx_input in = {path, NULL, 0};
    return read_one(j, &in, report);
}

cx_error chiso_job_read_memory(chiso_job *j, const char *name, const void *bytes, size_t len)
{
    cx_input in = {name ? name : "<input>", bytes ? bytes : (const void *)"", len};
    return read_one(j, &in, NULL);
}

static cx_error read_previous(chiso_job *j, const cx_input *in)
{
    cx_loaded prev;
    cx_error err = join_groups(j);
    if (err != CX_OK) return done(j, err);
    err = cx_load(in, &j->pipe, &prev, NULL, &j->d);
    if (err != CX_OK) return done(j, err);
    /* A previous file may hold several periods (a long table): each current snapshot is
     * compared with the latest earlier one of the same district. */
    for (size_t i = 0; err == CX_OK && i < j->all.n && prev.n > 0; i++) {
        const cx_snapshot *p = cx_pick_previous(prev.snaps, prev.n, j->all.snaps[i]);
        if (p) err = cx_compare_previous_force(j->all.snaps[i], p, j->o.force, &j->d);
    }
    cx_loaded_free(&prev);
    return done(j, err);
}

cx_error chiso_job_read_previous_file(chiso_job *j, const char *path)
{
    cx_input in = {path, NULL, 0};
    return read_previous(j, &in);
}

cx_error chiso_job_read_previous_memory(chiso_job *j, const char *name, const void *bytes, size_t len)
{
    cx_input in = {name ? name : "<input>", bytes ? bytes : (const void *)"", len};
    return read_previous(j, &in);
}

/* ---- errors and warnings ---- */

cx_error chiso_job_error(const chiso_job *j, const char **message)
{
    if (message) *message = j->err == CX_OK ? "" : cx_diag_message(&j->d, j->err);
    return j->err;
}

cx_error chiso_job_clear_error(chiso_job *j)
{
    j->err = CX_OK;
    j->d.err = CX_OK;
    j->d.errmsg[0] = 0;
    return CX_OK;
}

cx_error chiso_job_warnings(chiso_job *j, const chiso_warning **items, size_t *n)
{
    if (j->nview < j->d.n) {
        chiso_warning *v = realloc(j->view, j->d.n * sizeof *v);
        if (!v) return CX_ERR_NOMEM;
        j->view = v;
        for (size_t i = j->nview; i < j->d.n; i++) view_of(&j->d.items[i], &v[i]);
        j->nview = j->d.n;
    }
    if (items) *items = j->view;
    if (n) *n = j->d.n;
    return CX_OK;
}

cx_error chiso_warning_line(const chiso_warning *w, char **line)
{
    cx_warning x = {(char *)w->code, (char *)w->message, (char *)w->file, (char *)w->sheet, w->row, w->column,
                    (char *)w->msgid, (char **)w->args, w->nargs};
    *line = cx_warning_format(&x);
    return *line ? CX_OK : CX_ERR_NOMEM;
}

/* ---- results ---- */

static cx_snapshot *snap_at(const chiso_job *j, size_t i)
{
    if (j->h) return i < cx_history_nsnaps(j->h) ? (cx_snapshot *)cx_history_snap(j->h, i) : NULL;
    return i < j->all.n ? j->all.snaps[i] : NULL;
}

cx_error chiso_job_snapshot_count(const chiso_job *j, size_t *n)
{
    *n = j->h ? cx_history_nsnaps(j->h) : j->all.n;
    return CX_OK;
}

cx_error chiso_job_snapshot(const chiso_job *j, size_t i, chiso_snapshot_info *info)
{
    const cx_snapshot *s = snap_at(j, i);
    if (!s) return CX_ERR_USAGE;
    memset(info, 0, sizeof *info);
    info->title = s->title;
    info->scope = s->scope;
    info->period = s->period.label;
    info->cutoff = s->period.cutoff;
    info->year = s->period.year;
    info->month = s->period.month;
    info->week = s->period.week;
    info->quarter = s->period.quarter;
    info->nunits = cx_snapshot_count(s);
    if (s->nsources) {
        info->source = s->sources[0].path;
        info->format = s->sources[0].format;
        info->encoding = s->sources[0].encoding;
    }
    return CX_OK;
}

static void unit_view(const cx_unit *u, chiso_unit *v, unsigned char *has)
{
    v->name = u->name;
    v->key = u->key;
    v->raw_name = u->raw_name;
    v->kind = cx_kind_id(u->kind);
    v->code = u->code;
    v->official_name = u->official_name;
    v->stt = u->stt;
    v->nvalues = CX_IND_COUNT;
    v->value = u->v;
    for (int k = 0; k < CX_IND_COUNT; k++) has[k] = (unsigned char)cx_unit_has(u, (cx_indicator)k);
    v->has = has;
}

/* The units of snapshot i, brought back for fn (all of them, or only the total row). */
static cx_error each_unit(chiso_job *j, size_t i, int only_total, chiso_unit_fn fn, void *ud, int *found)
{
    cx_snapshot *s = snap_at(j, i);
    if (!s) return CX_ERR_USAGE;
    cx_error e = cx_snapshot_acquire(s, &j->d);
    if (e != CX_OK) return done(j, e);
    unsigned char has[CX_IND_COUNT];
    long t = only_total ? cx_snapshot_total(s) : -1;
    if (found) *found = t >= 0;
    for (size_t k = 0; e == CX_OK && k < s->nunits; k++) {
        if (only_total && (long)k != t) continue;
        chiso_unit v;
        unit_view(&s->units[k], &v, has);
        if (fn(ud, &v)) e = CX_ERR_ABORTED;
    }
    cx_error r = cx_snapshot_release(s, 0, &j->d);
    return done(j, e != CX_OK ? e : r);
}

cx_error chiso_job_units(chiso_job *j, size_t i, chiso_unit_fn fn, void *ud)
{
    return each_unit(j, i, 0, fn, ud, NULL);
}

cx_error chiso_job_total(chiso_job *j, size_t i, chiso_unit_fn fn, void *ud, int *found)
{
    int f = 0;
    cx_error e = each_unit(j, i, 1, fn, ud, &f);
    if (found) *found = f;
    return e;
}

cx_error chiso_indicator_count(size_t *n)
{
    *n = CX_IND_COUNT;
    return CX_OK;
}

cx_error chiso_indicator_id(size_t i, const char **id)
{
    if (i >= CX_IND_COUNT) return CX_ERR_USAGE;
    *id = cx_indicators[i].id;
    return CX_OK;
}

cx_error chiso_indicator_find(const char *id, size_t *i)
{
    cx_indicator ind = id ? cx_indicator_from_id(id) : CX_IND_NONE;
    if (ind == CX_IND_NONE) return CX_ERR_USAGE;
    if (i) *i = (size_t)ind;
    return CX_OK;
}

static cx_summary_format summary_format(chiso_summary_format f)
{
    return f == CHISO_SUMMARY_MARKDOWN ? CX_SUMMARY_MARKDOWN : f == CHISO_SUMMARY_JSON ? CX_SUMMARY_JSON : CX_SUMMARY_TEXT;
}

cx_error chiso_job_summary(chiso_job *j, size_t i, chiso_summary_format fmt, FILE *out)
{
    cx_snapshot *s = snap_at(j, i);
    if (!s || !out) return CX_ERR_USAGE;
    cx_error e = need_rules(j);
    if (e == CX_OK) e = cx_snapshot_acquire(s, &j->d);
    if (e != CX_OK) return done(j, e);
    if (cx_summary_print(s, j->rules, summary_format(fmt), out) != 0)
        e = cx_fail(&j->d, CX_ERR_WRITE, "cannot write the summary to standard output");
    cx_error r = cx_snapshot_release(s, 0, &j->d);
    return done(j, e != CX_OK ? e : r);
}

cx_error chiso_job_summary_memory(chiso_job *j, size_t i, chiso_summary_format fmt, char **text, size_t *len)
{
    *text = NULL;
    size_t n = 0;
    FILE *f = open_memstream(text, &n);
    if (!f) return done(j, cx_fail(&j->d, CX_ERR_NOMEM, "out of memory"));
    cx_error e = chiso_job_summary(j, i, fmt, f);
    if (fclose(f) != 0 && e == CX_OK) e = done(j, cx_fail(&j->d, CX_ERR_NOMEM, "out of memory"));
    if (e != CX_OK) { free(*text); *text = NULL; n = 0; }
    if (len) *len = n;
    return e;
}

/* One list of the summary as the public view: names and values side by side. */
static int list_view(const cx_summary_item *items, size_t n, const char *ind, const char *title,
                     chiso_summary_list *v, const char ***names, double **values)
{
    *names = calloc(n ? n : 1, sizeof **names);
    *values = calloc(n ? n : 1, sizeof **values);
    if (!*names || !*values) return -1;
    for (size_t k = 0; k < n; k++) {
        (*names)[k] = items[k].unit->name;
        (*values)[k] = items[k].value;
    }
    *v = (chiso_summary_list){ind, title, n, *names, *values};
    return 0;
}

cx_error chiso_job_summary_data(chiso_job *j, size_t i, chiso_summary_fn fn, void *ud)
{
    cx_snapshot *s = snap_at(j, i);
    if (!s || !fn) return CX_ERR_USAGE;
    cx_error e = need_rules(j);
    if (e == CX_OK) e = cx_snapshot_acquire(s, &j->d);
    if (e != CX_OK) return done(j, e);
    cx_summary *sm = cx_summary_build(s, j->rules);
    size_t nl = sm ? sm->nlists : 0;
    chiso_summary_list *lists = calloc(nl + 1, sizeof *lists);
    const char ***names = calloc(nl + 1, sizeof *names);
    double **values = calloc(nl + 1, sizeof *values);
    chiso_summary out = {0};
    int bad = !sm || !lists || !names || !values;
    for (size_t k = 0; !bad && k < nl; k++)
        bad = list_view(sm->lists[k].items, sm->lists[k].n, cx_indicators[sm->lists[k].rule->indicator].id,
                        sm->lists[k].title, &lists[k], &names[k], &values[k]) != 0;
    if (!bad) bad = list_view(sm->fell, sm->nfell, "tang_giam", "", &out.fell, &names[nl], &values[nl]) != 0;
    if (bad) e = cx_fail(&j->d, CX_ERR_NOMEM, "out of memory");
    else {
        out.nunits = sm->nunits;
        for (int k = 0; k < CX_LABEL_COUNT && k < 6; k++) out.counts[k] = sm->counts[k];
        out.lists = lists;
        out.nlists = nl;
        if (fn(ud, &out)) e = CX_ERR_ABORTED;
    }
    for (size_t k = 0; names && values && k <= nl; k++) { free(names[k]); free(values[k]); }
    free(names);
    free(values);
    free(lists);
    cx_summary_free(sm);
    cx_error r = cx_snapshot_release(s, 0, &j->d);
    return done(j, e != CX_OK ? e : r);
}

/* ---- writing ---- */

static cx_error write_progress(chiso_job *j, const char *target)
{
    if (!j->o.on_progress) return CX_OK;
    size_t n = 0;
    chiso_job_snapshot_count(j, &n);
    chiso_progress pr = {.stage = CHISO_STAGE_WRITE, .file = target, .done = 0, .total = n};
    if (j->o.on_progress(j->o.user_data, &pr)) return cx_fail(&j->d, CX_ERR_ABORTED, "stopped");
    return CX_OK;
}

static cx_error write_to(chiso_job *j, chiso_format fmt, const char *path, FILE *fp)
{
    cx_error e = need_rules(j);
    if (e == CX_OK) e = write_progress(j, path);
    if (e != CX_OK) return e;
    if (j->h) {
        if (fmt == CHISO_XLSX) return cx_history_write_xlsx(j->h, j->rules, j->o.source_date_epoch, j->o.tmpdir, path, &j->d);
        if (fmt == CHISO_JSON) return cx_history_write_json(j->h, fp, &j->d);
        return cx_history_write_csv(j->h, j->o.no_bom, fp, &j->d);
    }
    if ((e = join_groups(j)) != CX_OK) return e;
    cx_write_opts wo = {.title = j->o.title, .keep_order = j->o.keep_order, .no_bom = j->o.no_bom,
                        .rules = j->rules, .diag = &j->d, .summary_sheet = 1, .threads = j->o.threads,
                        .tmpdir = j->o.tmpdir, .source_date_epoch = j->o.source_date_epoch, .caption = j->o.caption,
                        .attached_to = j->o.attached_to, .add_classification = j->o.add_classification,
                        .names_as_source = j->o.names_as_source};
    if (fmt == CHISO_XLSX) return cx_write_xlsx(j->all.snaps, j->all.n, &wo, path, &j->d);
    if (fmt == CHISO_JSON) return cx_write_json(j->all.snaps, j->all.n, &wo, fp, &j->d);
    return cx_write_csv(j->all.snaps, j->all.n, &wo, fp, &j->d);
}

cx_error chiso_job_write_file(chiso_job *j, chiso_format fmt, const char *path)
{
    if (fmt == CHISO_XLSX) return done(j, write_to(j, fmt, path, NULL));
    FILE *f = fopen(path, "wb");
    if (!f) return done(j, cx_fail(&j->d, CX_ERR_IO, "%s: cannot write: %s", path, strerror(errno)));
    cx_error e = write_to(j, fmt, NULL, f);
    if (fclose(f) != 0 && e == CX_OK) e = cx_fail(&j->d, CX_ERR_WRITE, "%s: writing failed: %s", path, strerror(errno));
    return done(j, e);
}

/* libxlsxwriter (1.1.4) writes only to a path: a temporary file in tmpdir, then its bytes. */
static cx_error xlsx_via_temp(chiso_job *j, FILE *to, void **bytes, size_t *len)
{
    char tmpl[600];
    snprintf(tmpl, sizeof tmpl, "%s/chiso-XXXXXX.xlsx", j->o.tmpdir && *j->o.tmpdir ? j->o.tmpdir : "/tmp");
    int fd = mkstemps(tmpl, 5);
    if (fd < 0) return cx_fail(&j->d, CX_ERR_IO, "cannot create a temporary file");
    close(fd);
    cx_error e = write_to(j, CHISO_XLSX, tmpl, NULL);
    FILE *f = e == CX_OK ? fopen(tmpl, "rb") : NULL;
    if (e == CX_OK && !f) e = cx_fail(&j->d, CX_ERR_WRITE, "cannot reopen the temporary output");
    if (f && to) {
        char buf[65536];
        size_t n;
        while ((n = fread(buf, 1, sizeof buf, f)) > 0)
            if (fwrite(buf, 1, n, to) != n) { e = cx_fail(&j->d, CX_ERR_WRITE, "cannot write to standard output"); break; }
    } else if (f) {
        char *mem = NULL;
        size_t mlen = 0;
        FILE *m = open_memstream(&mem, &mlen);
        char buf[65536];
        size_t n;
        int bad = !m;
        while (!bad && (n = fread(buf, 1, sizeof buf, f)) > 0)
            if (fwrite(buf, 1, n, m) != n) bad = 1;
        if (m && fclose(m) != 0) bad = 1;
        if (bad || ferror(f)) { free(mem); e = cx_fail(&j->d, CX_ERR_NOMEM, "out of memory"); }
        else { *bytes = mem; *len = mlen; }
    }
    if (f) fclose(f);
    unlink(tmpl);
    return e;
}

cx_error chiso_job_write_stream(chiso_job *j, chiso_format fmt, FILE *out)
{
    if (fmt == CHISO_XLSX) return done(j, xlsx_via_temp(j, out, NULL, NULL));
    return done(j, write_to(j, fmt, NULL, out));
}

cx_error chiso_job_write_memory(chiso_job *j, chiso_format fmt, void **bytes, size_t *len)
{
    *bytes = NULL;
    *len = 0;
    if (fmt == CHISO_XLSX) return done(j, xlsx_via_temp(j, NULL, bytes, len));
    char *mem = NULL;
    size_t n = 0;
    FILE *m = open_memstream(&mem, &n);
    if (!m) return done(j, cx_fail(&j->d, CX_ERR_NOMEM, "out of memory"));
    cx_error e = write_to(j, fmt, NULL, m);
    if (fclose(m) != 0 && e == CX_OK) e = cx_fail(&j->d, CX_ERR_NOMEM, "out of memory");
    if (e != CX_OK) { free(mem); return done(j, e); }
    *bytes = mem;
    *len = n;
    return CX_OK;
}

/* ---- history ---- */

cx_error chiso_job_history_finish(chiso_job *j)
{
    if (!j->h) return done(j, cx_fail(&j->d, CX_ERR_USAGE, "not a history job"));
    size_t ng = j->groups.n;
    cx_error ge = cx_groups_join(j->groups.snaps, &j->groups.n, 0, &j->d);
    j->joined = ng - j->groups.n;
    for (size_t k = 0; ge == CX_OK && k < j->groups.n; k++) {
        cx_snapshot *s = j->groups.snaps[k];
        /* the joined table against the service results of its month, read earlier; the
         * history's snapshots are only read here (acquire/release park them again) */
        for (size_t m = 0; ge == CX_OK && m < cx_history_nsnaps(j->h); m++)
            ge = cx_groups_check(s, (cx_snapshot *)cx_history_snap(j->h, m), &j->d);
        j->groups.snaps[k] = NULL;
        if (ge == CX_OK) ge = cx_history_add(j->h, s, &j->d);
        else cx_snapshot_free(s);
    }
    cx_loaded_free(&j->groups);
    if (ge != CX_OK) return done(j, ge);
    if (cx_history_nsnaps(j->h) == 0)
        return done(j, cx_fail(&j->d, CX_ERR_NO_TABLE, "history: no file could be read (%zu given)", j->inputs));
    return done(j, cx_history_finish(j->h, &j->d));
}

cx_error chiso_job_history_stats(const chiso_job *j, chiso_history_stats *st)
{
    memset(st, 0, sizeof *st);
    st->inputs = j->inputs;
    st->snapshots_read = j->snaps_read;
    if (!j->h) return CX_OK;
    st->snapshots = cx_history_nsnaps(j->h);
    st->dropped = cx_history_ndropped(j->h);
    st->joined = j->joined;
    for (size_t u = 0; u < cx_history_nunits(j->h); u++) st->units += cx_history_unit(j->h, u)->kind != CX_KIND_TONG;
    st->values = cx_history_nvalues(j->h);
    return CX_OK;
}

/* ---- the national list ---- */

cx_error chiso_units_search(const char *query, const char *at, FILE *out, size_t *found)
{
    if (found) *found = 0;
    if (!query || !out) return CX_ERR_USAGE;
    if (!cx_utf8_valid((const uint8_t *)query, strlen(query))) return CX_ERR_ENCODING;
    size_t n = 0;
    cx_error e = cx_dvhc_search_print_at(query, at, out, &n);
    if (found) *found = n;
    return e;
}

int chiso_input_fault(const void *addr, const char **path)
{
    if (!cx_read_fault_in_input(addr)) return 0;
    if (path) *path = cx_read_fault_path();
    return 1;
}

void chiso_free(void *p) { free(p); }
