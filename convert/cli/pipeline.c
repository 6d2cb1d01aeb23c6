#include "pipeline.h"
#include "aliases.h"

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

static cx_error apply_units(cx_snapshot *s, cx_scope *scopep, int have_scope, const char *path, const cx_cli *cli,
                            cx_diag *d);

/* Options override what the file says; the file name fills what nothing else told. */
static cx_error apply_options(cx_snapshot *s, const char *path, const cx_cli *cli, cx_diag *d)
{
    if (cli->title && replace_str(&s->title, cli->title)) return CX_ERR_NOMEM;
    if (cli->period) {
        cx_period p = {0};
        cx_period_parse(cli->period, &p);
        /* An explicit period replaces the one read from the file, keeping the cutoff unless given. */
        char cutoff[11];
        memcpy(cutoff, s->period.cutoff, sizeof cutoff);
        cx_period_clear(&s->period);
        s->period = p;
        memcpy(s->period.cutoff, cutoff, sizeof cutoff);
        if (replace_str(&s->period.label, cli->period)) return CX_ERR_NOMEM;
    }
    if (cli->cutoff) {
        memcpy(s->period.cutoff, cli->cutoff, 10);
        s->period.cutoff[10] = 0;
    }
    cx_period fp = {0};
    if (cx_period_parse_filename(path, &fp)) cx_period_merge(&s->period, &fp);
    if (!s->period.label) s->period.label = cx_period_make_label(&s->period);

    cx_scope scope = {0};
    int have_scope = 0;
    if (cli->scope) have_scope = cx_scope_parse(cli->scope, &scope) == 0;
    else if (s->title) have_scope = cx_scope_from_title(s->title, &scope) == 0;
    if (!have_scope && !cli->to_2025 && !cli->aliases) { cx_scope_free(&scope); return CX_OK; }
    /* Matching changes the units: a parked snapshot comes back, and goes out rewritten. */
    cx_error ae = cx_snapshot_acquire(s, d);
    if (ae != CX_OK) { cx_scope_free(&scope); return ae; }
    if (cli->aliases) {   /* names confirmed once, before periods are joined and the list consulted */
        cx_aliases *al = cx_aliases_load(cli->aliases, d);
        if (!al) ae = d->err ? d->err : CX_ERR_NOMEM;
        else if (cx_aliases_apply(al, s) < 0) ae = cx_fail(d, CX_ERR_NOMEM, "out of memory");
        cx_aliases_free(al);
    }
    if (ae == CX_OK) ae = apply_units(s, &scope, have_scope, path, cli, d);
    cx_scope_free(&scope);
    cx_error re = cx_snapshot_release(s, 1, d);
    return ae != CX_OK ? ae : re;
}

/* The part of apply_options that reads and changes the units (national list, --to-2025). */
static cx_error apply_units(cx_snapshot *s, cx_scope *scopep, int have_scope, const char *path, const cx_cli *cli,
                            cx_diag *d)
{
    cx_scope scope = *scopep;
    if (have_scope) {
        const char *sname = scope.district ? scope.district : scope.province;
        if (sname && (!s->scope || cli->scope) && replace_str(&s->scope, sname)) return CX_ERR_NOMEM;
        cx_error e = cx_dvhc_match(s, &scope, path, d);
        if (e != CX_OK) return e;
    }
    if (cli->to_2025) {
        cx_error e = cx_dvhc_to_2025(s, d);
        if (e != CX_OK) return e;
    }
    return CX_OK;
}

cx_error cx_load(const char *path, const cx_cli *cli, cx_loaded *out, FILE *inspect_out, cx_diag *d)
{
    memset(out, 0, sizeof *out);
    cx_norm_opts no = {0};
    no.source_path = path;
    no.sheets = cli->nsheets ? cli->sheets : NULL;
    no.keep_order = cli->keep_order;
    cx_normalizer *n = cx_normalizer_new(&no, d);
    if (!n) return cx_fail(d, CX_ERR_NOMEM, "out of memory");
    cx_normalizer_set_indicator(n, cli->indicator);
    cx_read_opts ro = {.path = path, .encoding = cli->encoding};
    cx_read_info info;
    memset(&info, 0, sizeof info);
    cx_error err = cx_read_file(path, &ro, cx_normalizer_sink(n), &info, d);
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
    cx_cli picked = *cli;   /* shapes.h: --period on a file of many periods picks, not relabels */
    if (err == CX_OK && cli->period && out->n > 1) {
        size_t had = out->n;
        out->n = cx_shape_pick_period(out->snaps, out->n, cli->period);
        picked.period = NULL;
        if (!out->n)
            err = cx_fail(d, CX_ERR_NO_TABLE, "%s: none of its %zu periods is '%s' (see `chiso inspect %s`)", path,
                          had, cli->period, path);
    }
    for (size_t i = 0; err == CX_OK && i < out->n; i++)
        err = apply_options(out->snaps[i], path, &picked, d);
    if (err != CX_OK) {
        if (err == CX_ERR_NOMEM && !d->errmsg[0]) cx_fail(d, err, "%s: out of memory", path);
        cx_loaded_free(out);
    }
    return err;
}
