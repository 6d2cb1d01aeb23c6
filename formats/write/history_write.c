/* history_write.c — the history table as CSV, JSON and xlsx (see history_write.h). */
#include "history_write.h"

#include <math.h>
#include <stdint.h>
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

/* The workbook is for people (issue 16): it opens on an overview (the chart of the total
 * score, the units that failed most often), then one sheet per indicator under its
 * Vietnamese name, then the tidy table last, headed in Vietnamese with the spec's ids in a
 * second header row (the CSV and JSON keep the ids alone). A unit has one name on every
 * sheet: the history's (its latest spelling), never a period's own. */

#define XLSX_MAX_ROWS 1048576u
#define OVERVIEW "Tổng quan"
#define TIDY "Dữ liệu"

static const char *const columns_vi[NCOLS] = {
    "Kỳ báo cáo", "Năm", "Quý", "Tháng", "Tuần", "Ngày chốt số liệu", "Địa bàn", "Khóa", "Đơn vị", "Loại",
    "Mã đơn vị", "Chỉ số", "Giá trị", "Tệp nguồn", "Trang tính", "Ô"};

/* A period's unit -> the history's unit (for its one name): sorted by address. */
typedef struct { const cx_unit *at; size_t u; } unit_of;

static int unit_of_cmp(const void *a, const void *b)
{
    uintptr_t x = (uintptr_t)((const unit_of *)a)->at, y = (uintptr_t)((const unit_of *)b)->at;
    return x < y ? -1 : x > y;
}

typedef struct xctx {
    lxw_worksheet *ws;
    lxw_format    *num, *text;
    lxw_row_t      row;
    lxw_error      err;
    const cx_history *h;
    unit_of       *map;
    size_t         nmap;
} xctx;

#define XW(call) do { lxw_error e_ = (call); if (e_ != LXW_NO_ERROR) { c->err = e_; return 1; } } while (0)

static const char *one_name(const xctx *c, const cx_unit *x)
{
    unit_of key = {x, 0};
    const unit_of *f = c->map ? bsearch(&key, c->map, c->nmap, sizeof *c->map, unit_of_cmp) : NULL;
    const cx_unit *hu = f ? cx_history_unit(c->h, f->u) : NULL;
    return hu && hu->name ? hu->name : x->name;
}

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
    const char *name = one_name(c, r->unit);
    if (name) XW(cx_xlsx_str(ws, row, 8, name, c->text));
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

/* Per unit (not the totals): the periods in which any rule fails, and per indicator the
 * periods in which its rule fails. */
typedef struct { size_t u, periods, total; } fail_count;

static int fail_cmp(const void *a, const void *b)
{
    const fail_count *x = a, *y = b;
    if (x->periods != y->periods) return x->periods > y->periods ? -1 : 1;
    if (x->total != y->total) return x->total > y->total ? -1 : 1;
    return x->u < y->u ? -1 : x->u > y->u;
}

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

/* A sheet name from the indicator's Vietnamese name: at most 31 characters (not bytes),
 * none of []:*?/\, unique in the workbook ("(điểm)" for a group's points). */
static void sheet_name(char names[][96], int ind, char *out, size_t size)
{
    const cx_indicator_info *info = &cx_indicators[ind];
    const char *base = info->name_vi ? info->name_vi : info->id;
    char buf[96];
    snprintf(buf, sizeof buf, "%s%s", base, info->measure == CX_MEASURE_GROUP && !strstr(base, "điểm") ? " (điểm)" : "");
    size_t o = 0, chars = 0;
    for (const char *p = buf; *p && o + 4 < size; p++) {
        unsigned char ch = (unsigned char)*p;
        if ((ch & 0xC0) != 0x80) { if (chars == 31) break; chars++; }
        out[o++] = strchr("[]:*?/\\", ch) ? '-' : (char)ch;
    }
    out[o] = 0;
    for (int k = 0; k < ind; k++)
        if (names[k][0] && strcmp(names[k], out) == 0) { snprintf(out, size, "%.28s", info->id); break; }
}

/* Printable like the Phụ lục: A4 landscape, one page wide, page numbers at the foot. */
static lxw_error page_setup(lxw_worksheet *ws)
{
    worksheet_set_paper(ws, 9);
    worksheet_set_landscape(ws);
    worksheet_fit_to_pages(ws, 1, 0);
    worksheet_set_margins(ws, 0.4, 0.4, 0.5, 0.6);
    worksheet_center_horizontally(ws);
    return worksheet_set_footer(ws, "&C&\"Times New Roman\"&11Trang &P/&N");
}

cx_error cx_history_write_xlsx(const cx_history *h, const cx_rules *rules, long long source_date_epoch,
                               const char *tmpdir, const char *path, cx_diag *d)
{
    cx_error err = CX_OK;
    size_t ns = cx_history_nsnaps(h), nu = cx_history_nunits(h), nc = cx_history_ncols(h);
    if (cx_history_nvalues(h) + 2 >= XLSX_MAX_ROWS)
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
    unit_of *map = NULL;
    fail_count *fc = NULL;
    size_t *indfail = NULL;
    char names[CX_IND_COUNT][96];
    memset(names, 0, sizeof names);
    if (!wb) return cx_fail(d, CX_ERR_WRITE, "%s: cannot create the workbook", path);
    /* The creation date by the writers' one rule, never the clock: same input, same bytes. */
    lxw_doc_properties props = {.created = cx_xlsx_created(source_date_epoch, hist_cutoff, h, ns)};
    CK(workbook_set_properties(wb, &props));
    lxw_format *bold = workbook_add_format(wb), *num = workbook_add_format(wb), *text = workbook_add_format(wb);
    lxw_format *title = workbook_add_format(wb), *bad = workbook_add_format(wb), *head = workbook_add_format(wb);
    lxw_format *ids = workbook_add_format(wb), *badtext = workbook_add_format(wb), *cell = workbook_add_format(wb);
    lxw_format *dec = workbook_add_format(wb), *note = workbook_add_format(wb);
    NN(bold); NN(num); NN(text); NN(title); NN(bad); NN(head); NN(ids); NN(badtext); NN(cell); NN(dec); NN(note);
    format_set_bold(bold);
    format_set_num_format(num, "General");
    format_set_num_format(dec, "0.00");
    format_set_bold(title);
    format_set_font_size(title, 13);
    format_set_bold(head);
    format_set_text_wrap(head);
    format_set_align(head, LXW_ALIGN_CENTER);
    format_set_align(head, LXW_ALIGN_VERTICAL_CENTER);
    format_set_border(head, LXW_BORDER_THIN);
    format_set_bg_color(head, 0xDDEBF7);
    format_set_italic(ids);
    format_set_font_color(ids, 0x595959);
    format_set_border(ids, LXW_BORDER_THIN);
    format_set_border(cell, LXW_BORDER_THIN);
    format_set_text_wrap(cell);
    format_set_italic(note);
    /* Failing values as the Phụ lục marks them: red, bold, underlined. */
    format_set_font_color(bad, LXW_COLOR_RED);
    format_set_bold(bad);
    format_set_underline(bad, LXW_UNDERLINE_SINGLE);
    format_set_font_color(badtext, LXW_COLOR_RED);
    format_set_bold(badtext);
    format_set_underline(badtext, LXW_UNDERLINE_SINGLE);

    /* What the sheets need first: the indicators present, their sheet names, the columns. */
    cx_indmask present = 0;
    for (size_t i = 0; i < ns; i++) {
        const cx_snapshot *s = cx_history_snap(h, i);
        for (size_t u = 0; u < s->nunits; u++) present |= s->units[u].present;
    }
    for (int ind = 0; ind < CX_IND_COUNT; ind++)
        if (present & CX_BIT(ind)) sheet_name(names, ind, names[ind], sizeof names[ind]);
    heads = calloc(nc ? nc : 1, sizeof *heads);
    NN(heads);
    for (size_t k = 0; k < nc; k++) NN(heads[k] = cx_history_col_heading(h, k));
    int several_scopes = 0;
    for (size_t u = 1; u < nu; u++) {
        const char *a = cx_history_unit_scope(h, 0), *b = cx_history_unit_scope(h, u);
        if ((a == NULL) != (b == NULL) || (a && strcmp(a, b))) several_scopes = 1;
    }

    /* 1. The overview: what the history says, on the sheet the workbook opens on. */
    lxw_worksheet *ov = workbook_add_worksheet(wb, OVERVIEW);
    NN(ov);
    CK(page_setup(ov));
    worksheet_fit_to_pages(ov, 1, 1);
    CK(worksheet_set_column(ov, 0, 0, 6, NULL));
    CK(worksheet_set_column(ov, 1, 1, 26, NULL));
    CK(worksheet_set_column(ov, 2, 3, 12, NULL));
    CK(worksheet_set_column(ov, 4, 4, 60, NULL));
    CK(cx_xlsx_str(ov, 0, 0, "THEO DÕI BỘ CHỈ SỐ PHỤC VỤ NGƯỜI DÂN, DOANH NGHIỆP", title));
    {
        char line[512];
        const char *sc = nu ? cx_history_unit_scope(h, 0) : NULL;
        char *first = ns ? cx_history_heading(h, 0) : NULL, *last = ns ? cx_history_heading(h, ns - 1) : NULL;
        snprintf(line, sizeof line, "%s%s%s%zu kỳ báo cáo%s%s%s%s", !several_scopes && sc ? "Địa bàn: " : "",
                 !several_scopes && sc ? sc : "", !several_scopes && sc ? ". " : "", nc,
                 first ? ", từ " : "", first ? first : "", last && ns > 1 ? " đến " : "", last && ns > 1 ? last : "");
        free(first);
        free(last);
        CK(cx_xlsx_str(ov, 1, 0, line, NULL));
    }
    lxw_row_t orow = 3;
    int has_total_sheet = (present & CX_BIT(CX_IND_DIEM_TONG_HOP)) && nu && nc;
    if (has_total_sheet) {
        /* The line chart of the total score: the district's total and the units failing most often. */
        lxw_chart *ch = workbook_add_chart(wb, LXW_CHART_LINE);
        NN(ch);
        chart_title_set_name(ch, "Điểm tổng hợp theo kỳ");
        chart_axis_set_min(ch->y_axis, 0);
        chart_axis_set_max(ch->y_axis, 100);
        chart_legend_set_position(ch, LXW_CHART_LEGEND_BOTTOM);
        size_t picks[8], np = 0;
        for (size_t u = 0; u < nu && np < 3; u++)
            if (cx_history_unit(h, u)->kind == CX_KIND_TONG) picks[np++] = u;
        np += worst_units(h, rules, picks + np, 5);
        const char *sn = names[CX_IND_DIEM_TONG_HOP];
        for (size_t k = 0; k < np; k++) {
            lxw_chart_series *se = chart_add_series(ch, NULL, NULL);
            NN(se);
            lxw_row_t row = (lxw_row_t)(2 + picks[k]);
            chart_series_set_categories(se, sn, 1, 2, 1, (lxw_col_t)(1 + nc));
            chart_series_set_values(se, sn, row, 2, row, (lxw_col_t)(1 + nc));
            chart_series_set_name_range(se, sn, row, 0);
            chart_series_set_marker_type(se, LXW_CHART_MARKER_CIRCLE);
        }
        if (np) {
            lxw_chart_options co = {.x_offset = 4, .y_offset = 4, .x_scale = 1.9, .y_scale = 1.2};
            CK(worksheet_insert_chart_opt(ov, orow, 0, ch, &co));
            orow += 19;
        }
    }
    /* The units that failed most often: periods with any failing value, and which indicators. */
    CK(cx_xlsx_str(ov, orow++, 0, "Các đơn vị chưa đạt nhiều kỳ nhất", bold));
    size_t nf = 0;
    if (rules && nu) {
        fc = calloc(nu, sizeof *fc);
        indfail = calloc(nu * (size_t)CX_IND_COUNT, sizeof *indfail);
        NN(fc); NN(indfail);
        for (size_t u = 0; u < nu; u++) {
            if (cx_history_unit(h, u)->kind == CX_KIND_TONG) continue;
            size_t periods = 0, total = 0;
            for (size_t i = 0; i < ns; i++) {
                const cx_unit *x = cx_history_at(h, u, i);
                int any = 0;
                for (size_t r = 0; x && r < rules->n; r++)
                    if (cx_rule_fails(&rules->items[r], x)) { any = 1; total++; indfail[u * CX_IND_COUNT + rules->items[r].indicator]++; }
                periods += (size_t)any;
            }
            if (periods) fc[nf++] = (fail_count){u, periods, total};
        }
        qsort(fc, nf, sizeof *fc, fail_cmp);
    }
    if (!nf) {
        CK(cx_xlsx_str(ov, orow++, 0, rules ? "Không có đơn vị nào chưa đạt trong các kỳ." : "Chưa có quy tắc chưa đạt.", note));
    } else {
        static const char *const oh[] = {"STT", "Đơn vị", "Số kỳ chưa đạt", "Trên tổng số kỳ", "Chỉ số chưa đạt (số kỳ)"};
        for (int k = 0; k < 5; k++) CK(cx_xlsx_str(ov, orow, (lxw_col_t)k, oh[k], head));
        orow++;
        for (size_t k = 0; k < nf && k < 15; k++, orow++) {
            size_t u = fc[k].u;
            const cx_unit *x = cx_history_unit(h, u);
            char which[512] = "";
            size_t o = 0;
            for (size_t r = 0; rules && r < rules->n && o + 80 < sizeof which; r++) {
                cx_indicator ind = rules->items[r].indicator;
                size_t n = indfail[u * CX_IND_COUNT + ind];
                if (!n) continue;
                indfail[u * CX_IND_COUNT + ind] = 0;   /* one rule per indicator, but say it once */
                o += (size_t)snprintf(which + o, sizeof which - o, "%s%s (%zu)", o ? ", " : "",
                                      cx_indicators[ind].name_vi ? cx_indicators[ind].name_vi : cx_indicators[ind].id, n);
            }
            CK(worksheet_write_number(ov, orow, 0, (double)(k + 1), cell));
            CK(cx_xlsx_str(ov, orow, 1, x->name ? x->name : "", cell));
            CK(worksheet_write_number(ov, orow, 2, (double)fc[k].periods, cell));
            CK(worksheet_write_number(ov, orow, 3, (double)nc, cell));
            CK(cx_xlsx_str(ov, orow, 4, which, cell));
        }
    }
    orow++;
    CK(cx_xlsx_str(ov, orow++, 0, "Mỗi chỉ số một trang tính (mỗi kỳ một cột; giá trị chưa đạt in chữ đỏ); "
                   "trang tính \"" TIDY "\" ở cuối là bảng đầy đủ để lọc và tính toán.", note));
    worksheet_activate(ov);

    /* 2. One sheet per indicator present anywhere, under its Vietnamese name. */
    for (int ind = 0; ind < CX_IND_COUNT; ind++) {
        if (!(present & CX_BIT(ind))) continue;
        const cx_indicator_info *info = &cx_indicators[ind];
        lxw_worksheet *m = workbook_add_worksheet(wb, names[ind]);
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
        CK(page_setup(m));
        CK(worksheet_repeat_rows(m, 1, 1));
        CK(worksheet_repeat_columns(m, 0, 1));
        const cx_rule *rule = rules ? cx_rules_find(rules, (cx_indicator)ind) : NULL;
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
                if (ind == CX_IND_XEP_LOAI)   /* TRUNG BÌNH, YẾU marked as the rule says */
                    CK(cx_xlsx_str(m, row, (lxw_col_t)(2 + k), cx_label_display((cx_label)(int)v->v[ind]),
                                   rule && cx_rule_fails(rule, v) ? badtext : NULL));
                else
                    CK(worksheet_write_number(m, row, (lxw_col_t)(2 + k), v->v[ind], NULL));
            }
        }
        if (nu && nc && ind != CX_IND_XEP_LOAI) {
            lxw_row_t r1 = 2, r2 = (lxw_row_t)(1 + nu);
            lxw_col_t c1 = 2, c2 = (lxw_col_t)(1 + nc);
            /* Failing values first and stop there, so the colour scale does not hide them. */
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
            /* The colour scale anchored on fixed numbers, never on the values' min/median/max
             * (a 100% must be green, a passing 80.2 must not be red): the total score on the
             * bands (Yếu 50, Trung bình 70, Xuất sắc 90), a percentage or a group's points on
             * its failing line (when lower values fail) and its maximum. Counts and days get none. */
            double lo = -1, mid = -1, hi = -1;
            if (ind == CX_IND_DIEM_TONG_HOP || ind == CX_IND_DIEM_KY_TRUOC) {
                lo = 50; mid = rule && rule->op != CX_OP_IN && rule->value > 50 && rule->value < 90 ? rule->value : 70; hi = 90;
            } else if ((info->measure == CX_MEASURE_PERCENT || info->measure == CX_MEASURE_GROUP) && info->max > 0) {
                hi = info->max;
                lo = rule && (rule->op == CX_OP_LT || rule->op == CX_OP_LE) && rule->value > 0 && rule->value < hi ? rule->value : 0;
                mid = (lo + hi) / 2;
            }
            if (hi > 0) {
                lxw_conditional_format cs = {0};
                cs.type = LXW_CONDITIONAL_3_COLOR_SCALE;
                cs.min_rule_type = LXW_CONDITIONAL_RULE_TYPE_NUMBER;
                cs.mid_rule_type = LXW_CONDITIONAL_RULE_TYPE_NUMBER;
                cs.max_rule_type = LXW_CONDITIONAL_RULE_TYPE_NUMBER;
                cs.min_value = lo;
                cs.mid_value = mid;
                cs.max_value = hi;
                cs.min_color = 0xF8696B;
                cs.mid_color = 0xFFEB84;
                cs.max_color = 0x63BE7B;
                CK(worksheet_conditional_format_range(m, r1, c1, r2, c2, &cs));
            }
        }
    }

    /* 3. The tidy table last: Vietnamese headings, the spec's ids under them. */
    lxw_worksheet *ws = workbook_add_worksheet(wb, TIDY);
    NN(ws);
    for (size_t i = 0; i < NCOLS; i++) CK(cx_xlsx_str(ws, 0, (lxw_col_t)i, columns_vi[i], head));
    for (size_t i = 0; i < NCOLS; i++) CK(cx_xlsx_str(ws, 1, (lxw_col_t)i, columns[i], ids));
    static const double widths[NCOLS] = {20, 6, 6, 6, 6, 11, 14, 18, 20, 9, 9, 24, 9, 28, 14, 6};
    for (size_t i = 0; i < NCOLS; i++) CK(worksheet_set_column(ws, (lxw_col_t)i, (lxw_col_t)i, widths[i], NULL));
    worksheet_freeze_panes(ws, 2, 0);
    CK(page_setup(ws));
    CK(worksheet_repeat_rows(ws, 0, 1));
    /* One name per unit: a period's unit -> the history's. */
    size_t nmap = 0;
    map = malloc((nu && ns ? nu * ns : 1) * sizeof *map);
    NN(map);
    for (size_t u = 0; u < nu; u++)
        for (size_t i = 0; i < ns; i++) {
            const cx_unit *x = cx_history_at(h, u, i);
            if (x) map[nmap++] = (unit_of){x, u};
        }
    qsort(map, nmap, sizeof *map, unit_of_cmp);
    /* Text cells get NULL, the default format: `text` has no property of its own, so it
     * equals the default and libxlsxwriter would hash it on every cell (see NOTES.md). */
    xctx c = {ws, num, NULL, 1, LXW_NO_ERROR, h, map, nmap};
    if (cx_history_each(h, xlsx_row, &c, d) != CX_OK) {
        err = cx_fail(d, CX_ERR_WRITE, "%s: cannot write the workbook: %s", path, lxw_strerror(c.err));
        goto done;
    }
    CK(worksheet_autofilter(ws, 1, 0, c.row, NCOLS - 1));
done:
    if (heads) for (size_t k = 0; k < nc; k++) free(heads[k]);
    free(heads);
    free(map);
    free(fc);
    free(indfail);
    lxw_error ce = cx_workbook_close(wb);
    if (err == CX_OK && ce != LXW_NO_ERROR)
        err = cx_fail(d, CX_ERR_WRITE, "%s: cannot write the workbook: %s", path, lxw_strerror(ce));
    return err;
}
