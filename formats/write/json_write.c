/*
 * json_write.c — canonical JSON, exactly as ../shared/spec/canonical-model.md.
 *
 * A small streaming emitter: every unit is written as soon as it is formatted, so
 * memory does not grow with the table (a later performance issue relies on it).
 * Layout: one key per line at the top level, one unit / warning / source per line,
 * so diffs of two outputs read well; consumers must not depend on whitespace.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "writer.h"
#include "number.h"
#include "write_util.h"

static void json_num(FILE *f, double v)
{
    char buf[32];
    fputs(cx_format_number(v, buf), f);
}

static void json_int_or_null(FILE *f, long v)
{
    if (v) fprintf(f, "%ld", v);
    else fputs("null", f);
}

/* The values object: present indicators in model order. A non-finite number cannot
 * be JSON; it is treated as missing (readers never produce one). */
static void write_values(FILE *f, const cx_unit *u)
{
    int first = 1;
    putc('{', f);
    for (int i = 0; i < CX_IND_COUNT; i++) {
        if (!cx_unit_has(u, (cx_indicator)i) || !isfinite(u->v[i])) continue;
        if (i == CX_IND_XEP_LOAI) {
            const char *id = cx_label_id((cx_label)(int)u->v[i]);
            if (!id) continue;
            fprintf(f, "%s\"%s\": ", first ? "" : ", ", cx_indicators[i].id);
            cx_json_str(f, id);
        } else {
            fprintf(f, "%s\"%s\": ", first ? "" : ", ", cx_indicators[i].id);
            json_num(f, u->v[i]);
        }
        first = 0;
    }
    putc('}', f);
}

static void write_unit(FILE *f, const cx_unit *u)
{
    fputs("{\"name\": ", f);
    cx_json_str(f, u->name);
    fputs(", \"key\": ", f);
    cx_json_str(f, u->key);
    fputs(", \"kind\": ", f);
    cx_json_str(f, cx_kind_id(u->kind));
    fputs(", \"code\": ", f);
    cx_json_str(f, u->code);
    /* The spec's example: a row without a printed number (the total row) has no stt. */
    if (u->stt >= 0) fprintf(f, ", \"stt\": %ld", u->stt);
    fputs(", \"values\": ", f);
    write_values(f, u);
    if (u->nnewunits > 0) {
        /* --to-2025: the post-2025 units this one went into. */
        fputs(", \"new_units\": [", f);
        for (size_t i = 0; i < u->nnewunits; i++) {
            const cx_newunit *nu = &u->newunits[i];
            fputs(i ? ", {\"code\": " : "{\"code\": ", f);
            cx_json_str(f, nu->code);
            fputs(", \"name\": ", f);
            cx_json_str(f, nu->name);
            fputs(", \"part\": ", f);
            cx_json_str(f, nu->full ? "full" : "partial");
            putc('}', f);
        }
        putc(']', f);
    }
    putc('}', f);
}

static void write_warning(FILE *f, const cx_warning *w)
{
    char col[8];
    fputs("{\"code\": ", f);
    cx_json_str(f, w->code);
    fputs(", \"message\": ", f);
    cx_json_str(f, w->message);
    fputs(", \"source\": ", f);
    cx_json_str(f, w->source);
    fputs(", \"sheet\": ", f);
    cx_json_str(f, w->sheet);
    fputs(", \"row\": ", f);
    json_int_or_null(f, w->row > 0 ? w->row : 0);
    fputs(", \"column\": ", f);
    cx_json_str(f, w->col >= 0 ? cx_col_name(w->col, col) : NULL);
    putc('}', f);
}

/* Does warning w belong to snapshot s? With several snapshots a warning goes with
 * the snapshot(s) read from its source; one without a source (about the options,
 * the rules, ...) concerns every snapshot and is repeated in each. */
static int warning_belongs(const cx_warning *w, const cx_snapshot *s, size_t nsnaps)
{
    if (nsnaps <= 1 || !w->source) return 1;
    for (size_t i = 0; i < s->nsources; i++)
        if (s->sources[i].path && strcmp(s->sources[i].path, w->source) == 0) return 1;
    return 0;
}

static void write_snapshot(FILE *f, const cx_snapshot *s, size_t nsnaps, const cx_write_opts *o)
{
    fputs("{\n\"schema\": \"chiso/1\",\n\"sources\": [", f);
    for (size_t i = 0; i < s->nsources; i++) {
        const cx_source *src = &s->sources[i];
        fputs(i ? ",\n  {\"path\": " : "\n  {\"path\": ", f);
        cx_json_str(f, src->path);
        fputs(", \"format\": ", f);
        cx_json_str(f, src->format);
        fputs(", \"encoding\": ", f);
        cx_json_str(f, src->encoding);
        fputs(", \"sheets\": [", f);
        for (size_t j = 0; j < src->nsheets; j++) {
            if (j) fputs(", ", f);
            cx_json_str(f, src->sheets[j]);
        }
        fputs("]}", f);
    }
    fputs(s->nsources ? "\n],\n\"scope\": " : "],\n\"scope\": ", f);
    cx_json_str(f, s->scope);
    fputs(",\n\"period\": {\"label\": ", f);
    cx_json_str(f, s->period.label);
    fputs(", \"granularity\": ", f);
    cx_json_str(f, cx_granularity_id(cx_period_granularity(&s->period)));
    fputs(", \"year\": ", f);
    json_int_or_null(f, s->period.year);
    fputs(", \"quarter\": ", f);
    json_int_or_null(f, s->period.quarter);
    fputs(", \"month\": ", f);
    json_int_or_null(f, s->period.month);
    fputs(", \"week\": ", f);
    json_int_or_null(f, s->period.week);
    fputs(", \"cutoff\": ", f);
    cx_json_str(f, s->period.cutoff[0] ? s->period.cutoff : NULL);
    fputs("},\n\"units\": [", f);
    for (size_t i = 0; i < s->nunits; i++) {
        fputs(i ? ",\n  " : "\n  ", f);
        write_unit(f, &s->units[i]);
    }
    fputs(s->nunits ? "\n],\n\"warnings\": [" : "],\n\"warnings\": [", f);
    size_t nw = 0;
    const cx_diag *dg = o ? o->diag : NULL;
    for (size_t i = 0; dg && i < dg->n; i++) {
        if (!warning_belongs(&dg->items[i], s, nsnaps)) continue;
        fputs(nw++ ? ",\n  " : "\n  ", f);
        write_warning(f, &dg->items[i]);
    }
    fputs(nw ? "\n]\n}" : "]\n}", f);
}

cx_error cx_write_json(cx_snapshot *const *snaps, size_t n, const cx_write_opts *o, FILE *out, cx_diag *d)
{
    if (n == 0) return cx_fail(d, CX_ERR_NO_TABLE, "nothing to write: no table was read");
    if (n > 1) fputs("[\n", out);
    for (size_t i = 0; i < n; i++) {
        if (i) fputs(",\n", out);
        cx_error e = cx_snapshot_acquire(snaps[i], d);
        if (e != CX_OK) return e;
        write_snapshot(out, snaps[i], n, o);
        if ((e = cx_snapshot_release(snaps[i], 0, d)) != CX_OK) return e;
        if (ferror(out)) break;
    }
    fputs(n > 1 ? "\n]\n" : "\n", out);
    if (fflush(out) != 0 || ferror(out))
        return cx_fail(d, CX_ERR_WRITE, "cannot write the JSON output: %s", strerror(errno));
    return CX_OK;
}
