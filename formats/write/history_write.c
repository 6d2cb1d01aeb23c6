/* history_write.c — the history table as CSV, JSON and xlsx (see history_write.h). */
#include "history_write.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>
#include "write_util.h"

static const char *const columns[] = {
    "period", "year", "quarter", "month", "week", "cutoff", "scope", "key", "name", "kind", "code",
    "indicator", "value", "source", "sheet", "cell"};
#define NCOLS (sizeof columns / sizeof columns[0])

/* Shortest text that reads back as the same double ("86.59", not "86.590000000000003"). */
static void fmt_number(double v, char *buf, size_t size)
{
    if (v == 0) v = 0;   /* no "-0" */
    if (v == (double)(long long)v && v > -1e15 && v < 1e15) {   /* 80, not "8e+01" */
        snprintf(buf, size, "%lld", (long long)v);
        return;
    }
    for (int p = 1; p <= 17; p++) {
        snprintf(buf, size, "%.*g", p, v);
        if (strtod(buf, NULL) == v) return;
    }
}

/* The value cell: the label id for xep_loai, else the number. */
static const char *value_text(const cx_history_row *r, char *buf, size_t size)
{
    if (r->ind == CX_IND_XEP_LOAI) {
        const char *id = cx_label_id((cx_label)(int)r->value);
        return id ? id : "";
    }
    fmt_number(r->value, buf, size);
    return buf;
}

/* ---- CSV ---- */

typedef struct csv_ctx { FILE *out; } csv_ctx;

static void csv_text(FILE *out, const char *s, int guard)
{
    if (!s) return;
    int quote = strpbrk(s, ",\"\r\n") != NULL || (s[0] == ' ') || (s[0] && s[strlen(s) - 1] == ' ');
    int g = guard && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r');
    if (quote || g) fputc('"', out);
    if (g) fputc('\'', out);
    for (; *s; s++) {
        if (*s == '"') fputc('"', out);
        fputc(*s, out);
    }
    if (quote || g) fputc('"', out);
}

static void csv_int(FILE *out, int v) { if (v) fprintf(out, "%d", v); }

static int csv_row(const cx_history_row *r, void *ctx)
{
    FILE *out = ((csv_ctx *)ctx)->out;
    const cx_period *p = &r->snap->period;
    char num[40];
    csv_text(out, p->label, 1); fputc(',', out);
    csv_int(out, p->year); fputc(',', out);
    csv_int(out, p->quarter); fputc(',', out);
    csv_int(out, p->month); fputc(',', out);
    csv_int(out, p->week); fputc(',', out);
    csv_text(out, p->cutoff, 0); fputc(',', out);
    csv_text(out, r->snap->scope, 1); fputc(',', out);
    csv_text(out, r->unit->key, 1); fputc(',', out);
    csv_text(out, r->unit->name, 1); fputc(',', out);
    csv_text(out, cx_kind_id(r->unit->kind), 0); fputc(',', out);
    csv_text(out, r->unit->code, 1); fputc(',', out);
    csv_text(out, cx_indicators[r->ind].id, 0); fputc(',', out);
    csv_text(out, value_text(r, num, sizeof num), 0); fputc(',', out);
    csv_text(out, r->source, 1); fputc(',', out);
    csv_text(out, r->sheet, 1); fputc(',', out);
    csv_text(out, r->cell, 0);
    fputs("\r\n", out);
    return ferror(out) ? 1 : 0;
}

cx_error cx_history_write_csv(const cx_history *h, int no_bom, FILE *out, cx_diag *d)
{
    if (!no_bom) fputs("\xEF\xBB\xBF", out);
    for (size_t i = 0; i < NCOLS; i++) fprintf(out, "%s%s", i ? "," : "", columns[i]);
    fputs("\r\n", out);
    csv_ctx c = {out};
    cx_error e = cx_history_each(h, csv_row, &c, d);
    if (e != CX_OK || fflush(out) != 0 || ferror(out))
        return cx_fail(d, CX_ERR_WRITE, "cannot write the history table");
    return CX_OK;
}

/* ---- JSON ---- */

typedef struct json_ctx { FILE *out; size_t n; int nomem; } json_ctx;

/* Written directly, a row at a time: building a jansson object per value cost three times
 * the CSV writer. The bytes are the ones jansson's compact dump gave (NOTES.md). */
static void jstr(FILE *f, const char *s) { if (s && s[0]) cx_json_str(f, s); else fputs("null", f); }
static void jint(FILE *f, int v) { if (v) fprintf(f, "%d", v); else fputs("null", f); }

/* A non-integer as jansson's JSON_REAL_PRECISION(15) writes it: %.15g, a ".0" when that
 * looks like an integer, no '+' and no leading zeros in the exponent. */
static void jreal(FILE *f, double v)
{
    char b[64];
    int n = snprintf(b, sizeof b - 3, "%.15g", v);
    if (n < 0 || (size_t)n >= sizeof b - 3) { fputs("null", f); return; }
    size_t len = (size_t)n;
    if (!strchr(b, '.') && !strchr(b, 'e')) { memcpy(b + len, ".0", 3); len += 2; }
    char *start = strchr(b, 'e');
    if (start) {
        start++;
        char *end = start + 1;
        if (*start == '-') start++;
        while (*end == '0') end++;
        if (end != start) { memmove(start, end, len - (size_t)(end - b) + 1); len -= (size_t)(end - start); }
    }
    fwrite(b, 1, len, f);
}

static int json_row(const cx_history_row *r, void *ctx)
{
    json_ctx *c = ctx;
    FILE *f = c->out;
    const cx_period *p = &r->snap->period;
    fputs(c->n++ ? ",\n  {\"period\":" : "\n  {\"period\":", f);
    jstr(f, p->label);
    fputs(",\"year\":", f);
    jint(f, p->year);
    fputs(",\"quarter\":", f);
    jint(f, p->quarter);
    fputs(",\"month\":", f);
    jint(f, p->month);
    fputs(",\"week\":", f);
    jint(f, p->week);
    fputs(",\"cutoff\":", f);
    jstr(f, p->cutoff);
    fputs(",\"scope\":", f);
    jstr(f, r->snap->scope);
    fputs(",\"key\":", f);
    jstr(f, r->unit->key);
    fputs(",\"name\":", f);
    jstr(f, r->unit->name);
    fputs(",\"kind\":", f);
    jstr(f, cx_kind_id(r->unit->kind));
    fputs(",\"code\":", f);
    jstr(f, r->unit->code);
    fputs(",\"indicator\":", f);
    cx_json_str(f, cx_indicators[r->ind].id);
    fputs(",\"value\":", f);
    if (r->ind == CX_IND_XEP_LOAI) {
        jstr(f, cx_label_id((cx_label)(int)r->value));
    } else {
        double v = r->value == 0 ? 0 : r->value;
        if (!isfinite(v)) fputs("null", f);
        else if (v == floor(v) && fabs(v) < 1e15) fprintf(f, "%lld", (long long)v);
        else jreal(f, v);
    }
    fputs(",\"source\":", f);
    jstr(f, r->source);
    fputs(",\"sheet\":", f);
    jstr(f, r->sheet);
    fputs(",\"cell\":", f);
    jstr(f, r->cell);
    putc('}', f);
    return ferror(f) != 0;
}

cx_error cx_history_write_json(const cx_history *h, FILE *out, cx_diag *d)
{
    json_ctx c = {out, 0, 0};
    fputc('[', out);
    cx_error e = cx_history_each(h, json_row, &c, d);
    fputs(c.n ? "\n]\n" : "]\n", out);
    if (c.nomem) return cx_fail(d, CX_ERR_NOMEM, "out of memory");
    if (e != CX_OK || fflush(out) != 0 || ferror(out))
        return cx_fail(d, CX_ERR_WRITE, "cannot write the history table");
    return CX_OK;
}

/* ---- xlsx ---- */

#define XLSX_MAX_ROWS 1048576u

typedef struct xctx {
    lxw_worksheet *ws;
    lxw_format    *num, *text;
    lxw_row_t      row;
    lxw_error      err;
} xctx;

#define XW(call) do { lxw_error e_ = (call); if (e_ != LXW_NO_ERROR) { c->err = e_; return 1; } } while (0)

static int xlsx_row(const cx_history_row *r, void *ctx)
{
    xctx *c = ctx;
    const cx_period *p = &r->snap->period;
    lxw_worksheet *ws = c->ws;
    lxw_row_t row = ++c->row;
    if (row >= XLSX_MAX_ROWS) { c->err = LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE; return 1; }
    if (p->label) XW(cx_xlsx_str(ws, row, 0, p->label, c->text));
    if (p->year) XW(worksheet_write_number(ws, row, 1, p->year, NULL));
    if (p->quarter) XW(worksheet_write_number(ws, row, 2, p->quarter, NULL));
    if (p->month) XW(worksheet_write_number(ws, row, 3, p->month, NULL));
    if (p->week) XW(worksheet_write_number(ws, row, 4, p->week, NULL));
    if (p->cutoff[0]) XW(cx_xlsx_str(ws, row, 5, p->cutoff, c->text));
    if (r->snap->scope) XW(cx_xlsx_str(ws, row, 6, r->snap->scope, c->text));
    if (r->unit->key) XW(cx_xlsx_str(ws, row, 7, r->unit->key, c->text));
    if (r->unit->name) XW(cx_xlsx_str(ws, row, 8, r->unit->name, c->text));
    if (cx_kind_id(r->unit->kind)) XW(cx_xlsx_str(ws, row, 9, cx_kind_id(r->unit->kind), c->text));
    if (r->unit->code) XW(cx_xlsx_str(ws, row, 10, r->unit->code, c->text));
    XW(cx_xlsx_str(ws, row, 11, cx_indicators[r->ind].id, c->text));
    if (r->ind == CX_IND_XEP_LOAI) {
        const char *id = cx_label_id((cx_label)(int)r->value);
        if (id) XW(cx_xlsx_str(ws, row, 12, id, c->text));
    } else {
        XW(worksheet_write_number(ws, row, 12, r->value == 0 ? 0 : r->value, c->num));
    }
    if (r->source) XW(cx_xlsx_str(ws, row, 13, r->source, c->text));
    if (r->sheet) XW(cx_xlsx_str(ws, row, 14, r->sheet, c->text));
    if (r->cell[0]) XW(cx_xlsx_str(ws, row, 15, r->cell, c->text));
    return 0;
}
#undef XW

#define CK(call) do { lxw_error e_ = (call); if (e_ != LXW_NO_ERROR) { \
    err = cx_fail(d, CX_ERR_WRITE, "%s: cannot write the workbook: %s", path, lxw_strerror(e_)); goto done; } } while (0)
#define NN(ptr) do { if (!(ptr)) { err = cx_fail(d, CX_ERR_NOMEM, "%s: cannot build the workbook (out of memory)", path); goto done; } } while (0)

/* The units whose values fail any rule most often over all periods (not the totals). */
static size_t worst_units(const cx_history *h, const cx_rules *rules, size_t *out, size_t max)
{
    size_t nu = cx_history_nunits(h), ns = cx_history_nsnaps(h), n = 0;
    size_t *fails = calloc(nu ? nu : 1, sizeof *fails);
    if (!fails || !rules) { free(fails); return 0; }
    for (size_t u = 0; u < nu; u++) {
        if (cx_history_unit(h, u)->kind == CX_KIND_TONG) continue;
        for (size_t i = 0; i < ns; i++) {
            const cx_unit *x = cx_history_at(h, u, i);
            for (size_t r = 0; x && r < rules->n; r++) fails[u] += (size_t)(cx_rule_fails(&rules->items[r], x) != 0);
        }
    }
    while (n < max) {
        size_t best = nu;
        for (size_t u = 0; u < nu; u++)
            if (fails[u] && (best == nu || fails[u] > fails[best])) best = u;
        if (best == nu) break;
        out[n++] = best;
        fails[best] = 0;
    }
    free(fails);
    return n;
}

/* The i-th snapshot's cutoff, in time order (the creation date's rule, write_util.h). */
static const char *hist_cutoff(size_t i, const void *ctx)
{
    return cx_history_snap((const cx_history *)ctx, i)->period.cutoff;
}

cx_error cx_history_write_xlsx(const cx_history *h, const cx_rules *rules, long long source_date_epoch,
                               const char *tmpdir, const char *path, cx_diag *d)
{
    cx_error err = CX_OK;
    size_t ns = cx_history_nsnaps(h), nu = cx_history_nunits(h), nc = cx_history_ncols(h);
    if (cx_history_nvalues(h) + 1 >= XLSX_MAX_ROWS)
        return cx_fail(d, CX_ERR_LIMIT, "%s: %zu values do not fit in one xlsx sheet (1,048,576 rows); write --to csv",
                       path, cx_history_nvalues(h));
    if (nc + 2 > 16384)
        return cx_fail(d, CX_ERR_LIMIT, "%s: %zu periods do not fit as xlsx columns (16,384); write --to csv", path, nc);
    /* The matrices read any unit of any period: every snapshot resident (the row limit
     * above keeps this to about 100,000 units). */
    if ((err = cx_history_acquire_all(h, d)) != CX_OK) return err;
    /* constant_memory: rows are flushed as they are written, so the tidy sheet of a
     * hundred thousand values does not sit in memory (rows must be written in order). */
    lxw_workbook_options wo = {.constant_memory = LXW_TRUE, .tmpdir = (char *)(tmpdir && *tmpdir ? tmpdir : NULL),
                                .use_zip64 = LXW_TRUE};
    lxw_workbook *wb = workbook_new_opt(path, &wo);
    char **heads = NULL;
    if (!wb) return cx_fail(d, CX_ERR_WRITE, "%s: cannot create the workbook", path);
    /* The creation date by the writers' one rule, never the clock: same input, same bytes. */
    lxw_doc_properties props = {.created = cx_xlsx_created(source_date_epoch, hist_cutoff, h, ns)};
    CK(workbook_set_properties(wb, &props));
    lxw_format *bold = workbook_add_format(wb), *num = workbook_add_format(wb), *text = workbook_add_format(wb);
    lxw_format *title = workbook_add_format(wb), *bad = workbook_add_format(wb), *head = workbook_add_format(wb);
    NN(bold); NN(num); NN(text); NN(title); NN(bad); NN(head);
    format_set_bold(bold);
    format_set_num_format(num, "General");
    format_set_bold(title);
    format_set_font_size(title, 13);
    format_set_bold(head);
    format_set_text_wrap(head);
    format_set_align(head, LXW_ALIGN_CENTER);
    format_set_align(head, LXW_ALIGN_VERTICAL_CENTER);
    format_set_border(head, LXW_BORDER_THIN);
    format_set_bg_color(head, 0xDDEBF7);
    /* Failing values as the Phụ lục marks them: red, bold, underlined. */
    format_set_font_color(bad, LXW_COLOR_RED);
    format_set_bold(bad);
    format_set_underline(bad, LXW_UNDERLINE_SINGLE);

    /* 1. The tidy table. */
    lxw_worksheet *ws = workbook_add_worksheet(wb, "Dữ liệu");
    NN(ws);
    for (size_t i = 0; i < NCOLS; i++) CK(cx_xlsx_str(ws, 0, (lxw_col_t)i, columns[i], bold));
    static const double widths[NCOLS] = {20, 6, 6, 6, 6, 11, 14, 18, 20, 9, 9, 24, 9, 28, 14, 6};
    for (size_t i = 0; i < NCOLS; i++) CK(worksheet_set_column(ws, (lxw_col_t)i, (lxw_col_t)i, widths[i], NULL));
    worksheet_freeze_panes(ws, 1, 0);
    worksheet_set_paper(ws, 9);
    worksheet_set_landscape(ws);
    worksheet_fit_to_pages(ws, 1, 0);
    CK(worksheet_repeat_rows(ws, 0, 0));
    /* Text cells get NULL, the default format: `text` has no property of its own, so it
     * equals the default and libxlsxwriter would hash it on every cell (see NOTES.md). */
    xctx c = {ws, num, NULL, 0, LXW_NO_ERROR};
    if (cx_history_each(h, xlsx_row, &c, d) != CX_OK) {
        err = cx_fail(d, CX_ERR_WRITE, "%s: cannot write the workbook: %s", path, lxw_strerror(c.err));
        goto done;
    }
    CK(worksheet_autofilter(ws, 0, 0, c.row, NCOLS - 1));

    /* 2. One sheet per indicator present anywhere. */
    cx_indmask present = 0;
    for (size_t i = 0; i < ns; i++) {
        const cx_snapshot *s = cx_history_snap(h, i);
        for (size_t u = 0; u < s->nunits; u++) present |= s->units[u].present;
    }
    heads = calloc(nc ? nc : 1, sizeof *heads);
    NN(heads);
    for (size_t k = 0; k < nc; k++) NN(heads[k] = cx_history_col_heading(h, k));
    int several_scopes = 0;
    for (size_t u = 1; u < nu; u++) {
        const char *a = cx_history_unit_scope(h, 0), *b = cx_history_unit_scope(h, u);
        if ((a == NULL) != (b == NULL) || (a && strcmp(a, b))) several_scopes = 1;
    }
    for (int ind = 0; ind < CX_IND_COUNT; ind++) {
        if (!(present & CX_BIT(ind))) continue;
        const cx_indicator_info *info = &cx_indicators[ind];
        lxw_worksheet *m = workbook_add_worksheet(wb, info->id);
        NN(m);
        char t[256];
        snprintf(t, sizeof t, "%s (%s)", info->name_vi, info->id);
        CK(cx_xlsx_str(m, 0, 0, t, title));
        CK(worksheet_set_row(m, 1, 45, NULL));
        CK(cx_xlsx_str(m, 1, 0, "Đơn vị", head));
        CK(cx_xlsx_str(m, 1, 1, "Mã", head));
        for (size_t k = 0; k < nc; k++) CK(cx_xlsx_str(m, 1, (lxw_col_t)(2 + k), heads[k], head));
        CK(worksheet_set_column(m, 0, 0, 24, NULL));
        CK(worksheet_set_column(m, 1, 1, 9, NULL));
        if (nc) CK(worksheet_set_column(m, 2, (lxw_col_t)(1 + nc), 11, NULL));
        worksheet_freeze_panes(m, 2, 2);
        /* Printable: A4 landscape, one page wide, names and headings on every page. */
        worksheet_set_paper(m, 9);
        worksheet_set_landscape(m);
        worksheet_fit_to_pages(m, 1, 0);
        CK(worksheet_repeat_rows(m, 1, 1));
        CK(worksheet_repeat_columns(m, 0, 1));
        for (size_t u = 0; u < nu; u++) {
            const cx_unit *x = cx_history_unit(h, u);
            lxw_row_t row = (lxw_row_t)(2 + u);
            char nm[320];
            const char *sc = cx_history_unit_scope(h, u);
            snprintf(nm, sizeof nm, several_scopes && sc ? "%s (%s)" : "%s", x->name ? x->name : "", sc ? sc : "");
            CK(cx_xlsx_str(m, row, 0, nm, x->kind == CX_KIND_TONG ? bold : NULL));
            if (x->code) CK(cx_xlsx_str(m, row, 1, x->code, NULL));
            for (size_t k = 0; k < nc; k++) {
                const cx_unit *v = cx_history_at_col(h, u, k);
                if (!v || !cx_unit_has(v, (cx_indicator)ind)) continue;
                if (ind == CX_IND_XEP_LOAI)
                    CK(cx_xlsx_str(m, row, (lxw_col_t)(2 + k), cx_label_display((cx_label)(int)v->v[ind]), NULL));
                else
                    CK(worksheet_write_number(m, row, (lxw_col_t)(2 + k), v->v[ind], NULL));
            }
        }
        if (nu && nc && ind != CX_IND_XEP_LOAI) {
            lxw_row_t r1 = 2, r2 = (lxw_row_t)(1 + nu);
            lxw_col_t c1 = 2, c2 = (lxw_col_t)(1 + nc);
            /* Failing values first and stop there, so the colour scale does not hide them. */
            const cx_rule *rule = rules ? cx_rules_find(rules, (cx_indicator)ind) : NULL;
            if (rule && rule->op != CX_OP_IN) {
                lxw_conditional_format cf = {0};
                cf.type = LXW_CONDITIONAL_TYPE_CELL;
                cf.criteria = rule->op == CX_OP_LT ? LXW_CONDITIONAL_CRITERIA_LESS_THAN :
                              rule->op == CX_OP_LE ? LXW_CONDITIONAL_CRITERIA_LESS_THAN_OR_EQUAL_TO :
                              rule->op == CX_OP_GT ? LXW_CONDITIONAL_CRITERIA_GREATER_THAN :
                                                     LXW_CONDITIONAL_CRITERIA_GREATER_THAN_OR_EQUAL_TO;
                cf.value = rule->value;
                cf.format = bad;
                CK(worksheet_conditional_format_range(m, r1, c1, r2, c2, &cf));
            }
            lxw_conditional_format cs = {0};
            cs.type = LXW_CONDITIONAL_3_COLOR_SCALE;
            cs.min_color = 0xF8696B;
            cs.mid_color = 0xFFEB84;
            cs.max_color = 0x63BE7B;
            CK(worksheet_conditional_format_range(m, r1, c1, r2, c2, &cs));
        }
        /* 3. The line chart: the district's total and the units failing most often. */
        if (ind == CX_IND_DIEM_TONG_HOP && nu && nc) {
            lxw_chart *ch = workbook_add_chart(wb, LXW_CHART_LINE);
            NN(ch);
            chart_title_set_name(ch, "Điểm tổng hợp theo kỳ");
            chart_axis_set_min(ch->y_axis, 0);
            chart_axis_set_max(ch->y_axis, 100);
            size_t picks[8], np = 0;
            for (size_t u = 0; u < nu && np < 3; u++)
                if (cx_history_unit(h, u)->kind == CX_KIND_TONG) picks[np++] = u;
            np += worst_units(h, rules, picks + np, 5);
            for (size_t k = 0; k < np; k++) {
                lxw_chart_series *se = chart_add_series(ch, NULL, NULL);
                NN(se);
                lxw_row_t row = (lxw_row_t)(2 + picks[k]);
                chart_series_set_categories(se, info->id, 1, 2, 1, (lxw_col_t)(1 + nc));
                chart_series_set_values(se, info->id, row, 2, row, (lxw_col_t)(1 + nc));
                chart_series_set_name_range(se, info->id, row, 0);
                chart_series_set_marker_type(se, LXW_CHART_MARKER_CIRCLE);
            }
            if (np) {
                lxw_chart_options co = {.x_offset = 10, .y_offset = 10, .x_scale = 1.6, .y_scale = 1.3};
                CK(worksheet_insert_chart_opt(m, (lxw_row_t)(3 + nu), 0, ch, &co));
            }
        }
    }
done:
    if (heads) for (size_t k = 0; k < nc; k++) free(heads[k]);
    free(heads);
    lxw_error ce = cx_workbook_close(wb);
    if (err == CX_OK && ce != LXW_NO_ERROR)
        err = cx_fail(d, CX_ERR_WRITE, "%s: cannot write the workbook: %s", path, lxw_strerror(ce));
    return err;
}
