#include "pipeline.h"
#include "aliases.h"

#include "table.h"

#include <stdlib.h>
#include <string.h>
#include "reader.h"
#include "encoding.h"
#include "normalize.h"
#include "period.h"
#include "dvhc.h"
#include "shapes.h"

void cx_loaded_free(cx_loaded *l)
{
    if (!l) return;
    for (size_t i = 0; i < l->n; i++) cx_snapshot_free(l->snaps[i]);
    free(l->snaps);
    l->snaps = NULL;
    l->n = 0;
}

cx_error cx_loaded_append(cx_loaded *dst, cx_loaded *src)
{
    if (src->n == 0) return CX_OK;
    cx_snapshot **ns = realloc(dst->snaps, (dst->n + src->n) * sizeof *ns);
    if (!ns) return CX_ERR_NOMEM;
    dst->snaps = ns;
    memcpy(ns + dst->n, src->snaps, src->n * sizeof *ns);
    dst->n += src->n;
    free(src->snaps);
    src->snaps = NULL;
    src->n = 0;
    return CX_OK;
}

static int replace_str(char **dst, const char *src)
{
    char *c = strdup(src);
    if (!c) return -1;
    free(*dst);
    *dst = c;
    return 0;
}

static cx_error apply_units(cx_snapshot *s, cx_scope *scopep, int have_scope, const char *path, const chiso_options *o,
                            cx_diag *d);

/* Options override what the file says; the file name fills what nothing else told. */
static cx_error apply_options(cx_snapshot *s, const char *path, const chiso_options *o, cx_diag *d)
{
    if (o->title && replace_str(&s->title, o->title)) return CX_ERR_NOMEM;
    if (o->period) {
        cx_period p = {0};
        cx_period_parse(o->period, &p);
        /* An explicit period replaces the one read from the file, keeping the cutoff unless given. */
        char cutoff[11];
        memcpy(cutoff, s->period.cutoff, sizeof cutoff);
        cx_period_clear(&s->period);
        s->period = p;
        memcpy(s->period.cutoff, cutoff, sizeof cutoff);
        if (replace_str(&s->period.label, o->period)) return CX_ERR_NOMEM;
    }
    if (o->cutoff) {
        memcpy(s->period.cutoff, o->cutoff, 10);
        s->period.cutoff[10] = 0;
    }
    cx_period fp = {0};
    if (cx_period_parse_filename(path, &fp)) cx_period_merge(&s->period, &fp);
    if (!s->period.label) s->period.label = cx_period_make_label(&s->period);

    cx_scope scope = {0};
    cx_error se = o->scope ? cx_scope_parse(o->scope, &scope) : s->title ? cx_scope_from_title(s->title, &scope) : CX_OK;
    if (se != CX_OK) { cx_scope_free(&scope); return se; }
    int have_scope = cx_scope_given(&scope);
    if (!have_scope && !o->to_2025 && !o->aliases) { cx_scope_free(&scope); return CX_OK; }
    /* Matching changes the units: a parked snapshot comes back, and goes out rewritten. */
    cx_error ae = cx_snapshot_acquire(s, d);
    if (ae != CX_OK) { cx_scope_free(&scope); return ae; }
    if (o->aliases) {   /* names confirmed once, before periods are joined and the list consulted */
        cx_aliases *al = cx_aliases_load(o->aliases, d);
        if (!al) ae = d->err ? d->err : CX_ERR_NOMEM;
        else if (cx_aliases_apply(al, s) < 0) ae = cx_fail(d, CX_ERR_NOMEM, "out of memory");
        cx_aliases_free(al);
    }
    if (ae == CX_OK) ae = apply_units(s, &scope, have_scope, path, o, d);
    cx_scope_free(&scope);
    cx_error re = cx_snapshot_release(s, 1, d);
    return ae != CX_OK ? ae : re;
}

/* The part of apply_options that reads and changes the units (national list, --to-2025). */
static cx_error apply_units(cx_snapshot *s, cx_scope *scopep, int have_scope, const char *path, const chiso_options *o,
                            cx_diag *d)
{
    cx_scope scope = *scopep;
    if (have_scope) {
        const char *sname = scope.district ? scope.district : scope.province;
        if (sname && (!s->scope || o->scope) && replace_str(&s->scope, sname)) return CX_ERR_NOMEM;
        cx_error e = cx_dvhc_match(s, &scope, path, d);
        if (e != CX_OK) return e;
    }
    if (o->to_2025) {
        cx_error e = cx_dvhc_to_2025(s, d);
        if (e != CX_OK) return e;
    }
    return CX_OK;
}

/* The normalizer's sink with a row count in front, for the progress callback (which may
 * stop the reader). Used only when the front end asked for progress. */
typedef struct counting {
    cx_sink        sink;
    const cx_sink *inner;
    const cx_pipe *p;
    const char    *path;
    size_t         rows;
    cx_diag       *d;
} counting;

static int c_sheet_begin(void *ud, const char *name, uint32_t index)
{
    counting *c = ud;
    return c->inner->sheet_begin ? c->inner->sheet_begin(c->inner->ud, name, index) : 0;
}

static int c_row(void *ud, uint32_t row, const cx_cell *cells, uint32_t ncells)
{
    counting *c = ud;
    if ((++c->rows & 1023u) == 0) {
        chiso_progress pr = {.stage = CHISO_STAGE_READ, .file = c->path, .rows = c->rows};
        if (c->p->o->on_progress(c->p->o->user_data, &pr)) {
            cx_fail(c->d, CX_ERR_ABORTED, "%s: stopped", c->path);
            return 1;
        }
    }
    return c->inner->row ? c->inner->row(c->inner->ud, row, cells, ncells) : 0;
}

static int c_merge(void *ud, uint32_t r1, uint32_t c1, uint32_t r2, uint32_t c2)
{
    counting *c = ud;
    return c->inner->merge ? c->inner->merge(c->inner->ud, r1, c1, r2, c2) : 0;
}

static int c_sheet_end(void *ud)
{
    counting *c = ud;
    return c->inner->sheet_end ? c->inner->sheet_end(c->inner->ud) : 0;
}

cx_error cx_load(const cx_input *in, const cx_pipe *pp, cx_loaded *out, FILE *inspect_out, cx_diag *d)
{
    const chiso_options *o = pp->o;
    const char *path = in->path;
    memset(out, 0, sizeof *out);
    if (o->on_progress) {
        chiso_progress pr = {.stage = CHISO_STAGE_READ, .file = path};
        if (o->on_progress(o->user_data, &pr)) return cx_fail(d, CX_ERR_ABORTED, "%s: stopped", path);
    }
    cx_norm_opts no = {0};
    no.source_path = path;
    no.sheets = pp->sheets;
    no.keep_order = o->keep_order;
    no.spool = pp->spool;
    cx_normalizer *n = cx_normalizer_new(&no, d);
    if (!n) return cx_fail(d, CX_ERR_NOMEM, "out of memory");
    cx_normalizer_set_indicator(n, o->indicator);
    cx_read_opts ro = {.path = path, .encoding = o->encoding};
    cx_read_info info;
    memset(&info, 0, sizeof info);
    const cx_sink *sink = cx_normalizer_sink(n);
    counting cnt = {{NULL, c_sheet_begin, c_row, c_merge, c_sheet_end}, sink, pp, path, 0, d};
    if (o->on_progress) {
        cnt.sink.ud = &cnt;
        sink = &cnt.sink;
    }
    cx_error err = in->bytes || !path ? cx_read_buffer(in->bytes, in->len, &ro, sink, &info, d)
                                      : cx_read_file(path, &ro, sink, &info, d);
    if (err == CX_OK) {
        cx_normalizer_set_source(n, cx_format_name(info.format),
                                 info.encoding[0] ? info.encoding : NULL, info.encoding_confidence);
        if (inspect_out) {
            fprintf(inspect_out, "%s\n  format: %s\n", path, cx_format_name(info.format));
            if (info.encoding[0])
                fprintf(inspect_out, "  encoding: %s (confidence %.2f)\n", info.encoding, info.encoding_confidence);
            if (info.delimiter)
                fprintf(inspect_out, "  delimiter: %s\n", info.delimiter == '\t' ? "tab" :
                        info.delimiter == ';' ? "';'" : info.delimiter == ',' ? "','" : "other");
            cx_normalizer_report(n, inspect_out);
        }
        err = cx_normalizer_finish(n, &out->snaps, &out->n);
    }
    cx_normalizer_free(n);
    chiso_options picked = *o;   /* shapes.h: --period on a file of many periods picks, not relabels */
    if (err == CX_OK && o->period && out->n > 1) {
        size_t had = out->n;
        out->n = cx_shape_pick_period(out->snaps, out->n, o->period);
        picked.period = NULL;
        if (!out->n)
            err = cx_fail(d, CX_ERR_NO_TABLE, "%s: none of its %zu periods is '%s' (see `chiso inspect %s`)", path,
                          had, o->period, path);
    }
    for (size_t i = 0; err == CX_OK && i < out->n; i++)
        err = apply_options(out->snaps[i], path, &picked, d);
    if (err != CX_OK) {
        if (err == CX_ERR_NOMEM && !d->errmsg[0]) cx_fail(d, err, "%s: out of memory", path);
        cx_loaded_free(out);
    }
    return err;
}
