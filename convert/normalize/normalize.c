/*
 * normalize.c — a reader's rows to canonical snapshots (see normalize.h).
 *
 * Per sheet, in three phases:
 *   1. search: rows are copied into a small buffer (at most SEARCH_ROWS) until a
 *      header row is found and a few rows after it are seen;
 *   2. header: title rows above it (title, period, cutoff), one or two header rows
 *      (groups filled right across merged/empty cells), each column's role;
 *   3. data: the buffered rows after the header, then every further row as it
 *      arrives, become units at once: a million-row file never sits in memory as
 *      raw rows, only as units.
 * At the sheet's end the counts are checked (total row against the sum of units,
 * duplicate keys) and the report for `inspect` is written. cx_normalizer_finish
 * then merges sheets that describe the same units (rule in NOTES.md).
 */
#include "normalize.h"
#include "i18n.h"
#include "strmap.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "encoding.h"
#include "nfc_quick.h"
#include "heading.h"
#include "label.h"
#include "names.h"
#include "number.h"
#include "period.h"
#include "name_memo.h"
#include "shapes.h"
#include "norm_int.h"

/* ---- small helpers ------------------------------------------------------------ */


/* A failure below the normalizer is out of memory unless the layer that failed already
 * said what it was (the spool, shapes.c parking a long table: no space left in $TMPDIR). */
static cx_error fail_nomem(cx_normalizer *n)
{
    if (n->d->err != CX_OK && n->d->errmsg[0]) return n->d->err;
    return cx_fail(n->d, CX_ERR_NOMEM, "%s: out of memory", n->path);
}

static void rrow_free(rrow *r)
{
    if (r->borrowed != 1)
        for (uint32_t i = 0; i < r->n; i++) if (r->cells[i].owned) free(r->cells[i].text);
    if (!r->borrowed) free(r->cells);
    r->cells = NULL;
    r->n = 0;
    r->borrowed = 0;
}

/* Make a borrowed row the caller's own (cells and texts copied). 0 ok, -1 no memory (the
 * row is then still consistent for rrow_free). */
static int rrow_own(rrow *r)
{
    if (!r->borrowed) return 0;
    rcell *c = NULL;
    if (r->n) {
        if (!(c = malloc(r->n * sizeof *c))) return -1;
        memcpy(c, r->cells, r->n * sizeof *c);
    }
    r->cells = c;
    r->borrowed = 0;
    for (uint32_t i = 0; i < r->n; i++) {
        if (!c[i].text || c[i].owned) continue;
        char *t = malloc(c[i].len + 1);
        if (!t) return -1;
        memcpy(t, c[i].text, c[i].len);
        t[c[i].len] = 0;
        c[i].text = t;
        c[i].owned = 1;
    }
    return 0;
}

/* Replace a text cell's text by u (malloc'd), freeing the old one when it was ours. */
void rcell_set_text(rcell *c, char *u)
{
    if (c->owned) free(c->text);
    c->text = u;
    c->len = strlen(u);
    c->owned = 1;
}

static void sheet_free(sheet *s)
{
    if (!s) return;
    free(s->name);
    for (size_t i = 0; i < s->nbuf; i++) rrow_free(&s->buf[i]);
    free(s->buf);
    free(s->merges);
    for (uint32_t i = 0; i < s->ncols; i++) { free(s->cols[i].group); free(s->cols[i].sub); }
    free(s->cols);
    free(s->name_heading_fold);
    free(s->hdr_sig);
    for (size_t i = 0; i < s->npend; i++) rrow_free(&s->pend[i]);
    free(s->scope);
    free(s->title);
    cx_period_clear(&s->period);
    free(s->overview_scope);
    cx_snapshot_free(s->snap);
    cx_shape_free(s->shape);
    free(s);
}

const char *sheet_label(const sheet *s, char *buf, size_t cap)
{
    if (s->name) snprintf(buf, cap, "sheet '%s'", s->name);
    else snprintf(buf, cap, "the table");
    return buf;
}

/* Trimmed text of a cell (NULL for empty/whitespace-only). Numbers are printed. */

int row_blank(const rcell *cells, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) if (!cell_blank(&cells[i])) return 0;
    return 1;
}

/* NFC text of a cell with whitespace runs collapsed to one space and trimmed; caller frees. */
char *cell_text(const rcell *c)
{
    char tmp[64];
    const char *t = NULL;
    if (c->type == CX_CELL_TEXT || c->type == CX_CELL_ERROR) t = c->text;
    else if (c->type == CX_CELL_NUMBER) t = c->text && c->len ? c->text : cx_format_number(c->num, tmp);
    return t ? cx_nfc_collapse(t, strlen(t)) : NULL;
}

/* Would cell_text give this TEXT cell's text unchanged? NFC already (cx_nfc_quick: ASCII,
 * Latin, precomposed Vietnamese; no NUL), no tab/CR/LF, no space at either end or twice. */
int text_is_clean(const char *t, size_t len)
{
    if (!len || t[0] == ' ' || t[len - 1] == ' ') return 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)t[i];
        if (ch > ' ') continue;
        if (ch == '\t' || ch == '\r' || ch == '\n' || (ch == ' ' && t[i + 1] == ' ')) return 0;   /* t[len-1] != ' ' */
    }
    return cx_nfc_quick(t, len);
}

int is_number_cell(const rcell *c)
{
    if (c->type == CX_CELL_NUMBER) return 1;
    if (c->type != CX_CELL_TEXT) return 0;
    double v;
    return cx_parse_number(c->text, c->len, CX_MEASURE_POINTS, &v) == CX_NUM_OK;
}

static int copy_cells(const cx_cell *in, uint32_t n, rcell **out)
{
    *out = NULL;
    if (n == 0) return 0;
    rcell *c = calloc(n, sizeof *c);
    if (!c) return -1;
    for (uint32_t i = 0; i < n; i++) {
        c[i].flags = in[i].flags;
        /* A cell covered by a merged range shows nothing in Excel, whatever it stores:
         * the range's top-left cell speaks for it (group headings spread from there). */
        if (in[i].flags & CX_CF_MERGED) continue;
        c[i].type = in[i].type;
        c[i].num = in[i].num;
        if (in[i].text) {
            c[i].text = strndup(in[i].text, in[i].len);
            if (!c[i].text) {
                for (uint32_t j = 0; j < i; j++) free(c[j].text);
                free(c);
                return -1;
            }
            c[i].len = in[i].len;
            c[i].owned = 1;
        }
    }
    *out = c;
    return 0;
}

/* The same cells, borrowed: in the scratch array, texts not copied. -1 no memory. */
static int borrow_cells(cx_normalizer *n, const cx_cell *in, uint32_t nc, rrow *r, uint32_t row)
{
    if (nc > n->scratchcap) {
        rcell *ns = realloc(n->scratch, nc * sizeof *ns);
        if (!ns) return -1;
        n->scratch = ns;
        n->scratchcap = nc;
    }
    for (uint32_t i = 0; i < nc; i++) {
        rcell *c = &n->scratch[i];
        if (in[i].flags & CX_CF_MERGED) { *c = (rcell){CX_CELL_EMPTY, in[i].flags, 0, NULL, 0, 0}; continue; }
        *c = (rcell){in[i].type, in[i].flags, in[i].num, NULL, 0, 0};
        if (in[i].text) {
            c->text = (char *)in[i].text;   /* only read, and only during the reader's callback */
            c->len = in[i].len;
        }
    }
    *r = (rrow){row, nc ? n->scratch : NULL, nc, 1};
    return 0;
}

/* ---- unit keys: a strmap index so a million units stay linear ----------------- */

typedef struct {
    cx_strmap *m;     /* key -> unit index + 1 */
} keyidx;

/* Index every unit of s by key (the first unit of a key wins). -1 on no memory. */
static int keyidx_build(keyidx *ki, const cx_snapshot *s)
{
    if (!(ki->m = cx_strmap_new(0))) return -1;
    for (size_t i = 0; i < s->nunits; i++) {
        const char *k = s->units[i].key;
        if (!k) continue;
        size_t len = strlen(k);
        if (cx_strmap_get(ki->m, k, len)) continue;
        if (cx_strmap_put(ki->m, k, len, (void *)(uintptr_t)(i + 1)) != CX_STRMAP_OK) {
            cx_strmap_free(ki->m, NULL);
            ki->m = NULL;
            return -1;
        }
    }
    return 0;
}

static long keyidx_find(const keyidx *ki, const cx_snapshot *s, const char *k)
{
    (void)s;
    if (!k || !ki->m) return -1;
    void *v = cx_strmap_get(ki->m, k, strlen(k));
    return v ? (long)(uintptr_t)v - 1 : -1;
}

static void keyidx_free(keyidx *ki) { cx_strmap_free(ki->m, NULL); ki->m = NULL; }
/* ---- warnings ----------------------------------------------------------------- */


static int end_table(cx_normalizer *n, sheet *s);
/* ---- sink callbacks ----------------------------------------------------------- */

static int want_sheet(const cx_normalizer *n, const char *name)
{
    if (!n->filter || !name) return 1;
    for (const char *const *f = n->filter; *f; f++) if (!strcmp(*f, name)) return 1;
    return 0;
}

static int on_sheet_begin(void *ud, const char *name, uint32_t index)
{
    cx_normalizer *n = ud;
    if (n->nsheets >= CX_MAX_SHEETS) {
        cx_fail(n->d, CX_ERR_LIMIT, "%s: more than %u sheets", n->path, CX_MAX_SHEETS);
        return 1;
    }
    if (n->nsheets == n->capsheets) {
        size_t nc = n->capsheets ? n->capsheets * 2 : 4;
        sheet **ns = realloc(n->sheets, nc * sizeof *ns);
        if (!ns) goto nomem;
        n->sheets = ns;
        n->capsheets = nc;
    }
    sheet *s = calloc(1, sizeof *s);
    if (!s) goto nomem;
    s->index = index;
    s->table_no = 1;
    s->cand = -1;
    s->fontenc = CX_ENC_UNKNOWN;
    s->name = name ? (cx_nfc(name, strlen(name))) : NULL;
    if (name && !s->name) s->name = strdup(name);
    s->snap = cx_snapshot_new();
    n->sheets[n->nsheets++] = s;
    n->cur = s;
    if (!s->snap || (name && !s->name)) goto nomem;
    s->skipped_by_filter = !want_sheet(n, s->name);
    if (s->skipped_by_filter) { s->phase = 2; snprintf(s->why, sizeof s->why, _("not chosen by --sheet")); }
    return 0;
nomem:
    fail_nomem(n);
    return 1;
}

static int process_buffer(cx_normalizer *n, sheet *s);

/* The first words of the legend under chiso's own Phụ lục (formats/write/xlsx_write.c) and
 * of its Tổng hợp sheet's title (xlsx_summary.c): read back, neither is warned about. */
#define OWN_LEGEND "Ghi chú: các chỉ số chưa đạt"
#define OWN_SUMMARY_TITLE "TỔNG HỢP KẾT QUẢ BỘ CHỈ SỐ"

/* Warn the held-back rows as skipped: no table followed them. */
static void flush_pending(cx_normalizer *n, sheet *s)
{
    char rt[160];
    for (size_t i = 0; i < s->npend; i++) {
        rrow *r = &s->pend[i];
        s->skipped++;
        /* A Phụ lục that chiso wrote, given back as input: its legend under the table
         * ("Ghi chú: các chỉ số chưa đạt...", then one "- rule" a line) is no mistake. */
        const char *t0 = NULL;
        for (uint32_t c = 0; c < r->n && !t0; c++)
            if (r->cells[c].type == CX_CELL_TEXT && r->cells[c].text && r->cells[c].text[0]) t0 = r->cells[c].text;
        if (t0 && strncmp(t0, OWN_LEGEND, strlen(OWN_LEGEND)) == 0) s->own_legend = 1;
        if (s->own_legend && t0 &&
            (strncmp(t0, OWN_LEGEND, strlen(OWN_LEGEND)) == 0 || strncmp(t0, "- ", 2) == 0)) {
            rrow_free(r);
            continue;
        }
        if (s->pend_noname[i])
            WARN(n, s, "skipped_row", r->row + 1, -1, "values but no unit name; skipped: %s",
                 row_text(r->cells, r->n, rt, sizeof rt));
        else
            WARN(n, s, "skipped_row", r->row + 1, -1, "not a unit of the table; skipped: %s",
                 row_text(r->cells, r->n, rt, sizeof rt));
        rrow_free(r);
    }
    s->npend = 0;
}

static void hold_row(cx_normalizer *n, sheet *s, rrow *r, int noname)
{
    if (s->npend == PEND_MAX) {
        /* the oldest can no longer be a title: warn it now */
        size_t keep = s->npend;
        s->npend = 1;
        flush_pending(n, s);
        memmove(&s->pend[0], &s->pend[1], (keep - 1) * sizeof s->pend[0]);
        memmove(&s->pend_noname[0], &s->pend_noname[1], (keep - 1) * sizeof s->pend_noname[0]);
        s->npend = keep - 1;
    }
    s->pend[s->npend] = *r;
    s->pend_noname[s->npend] = noname;
    s->npend++;
    *r = (rrow){0, NULL, 0, 0};
}

/* One row under the header; takes ownership of r. Returns 0, -1 no memory, or 5 when
 * the row is the header of another table (r is then left to the caller). */
static int feed_data(cx_normalizer *n, sheet *s, rrow *r, int allow_new_table)
{
    if (s->fontenc != CX_ENC_UNKNOWN) {
        if (r->borrowed) r->borrowed = 2;   /* texts converted here and in data_row are ours */
        for (uint32_t i = 0; i < r->n; i++) {
            rcell *c = &r->cells[i];
            if (c->type != CX_CELL_TEXT || (c->flags & CX_CF_FONTENC) || !c->text) continue;
            char *u = cx_fontenc_to_unicode(s->fontenc, c->text);
            if (!u) continue;
            rcell_set_text(c, u);
            c->flags |= CX_CF_FONTENC;
        }
    }
    if (!row_blank(r->cells, r->n)) {
        int inds, has_name;
        if (s->skip_sub) {
            s->skip_sub = 0;
            int num = 0;
            for (uint32_t i = 0; i < r->n; i++) num |= is_number_cell(&r->cells[i]);
            if (!num && (s->name_col < 0 || cell_blank(cell_at(r, (uint32_t)s->name_col)))) {
                s->header_rows++;
                rrow_free(r);
                return 0;
            }
        }
        heading_score(n, r, &inds, &has_name);
        if ((has_name && inds >= 1) || inds >= 2) {
            char *sig = row_signature(r);
            int same = sig && s->hdr_sig && !strcmp(sig, s->hdr_sig);
            free(sig);
            if (same) {
                /* the header repeated on a new printed page: not data, nothing lost */
                flush_pending(n, s);
                s->header_rows++;
                s->skip_sub = s->hrow2 != 0;
                rrow_free(r);
                return 0;
            }
            if (allow_new_table) {
                if (rrow_own(r)) { rrow_free(r); return -1; }   /* it becomes the next table's header */
                return 5;
            }
        }
    }
    long before = s->units;
    int e = data_row(n, s, r->row, r->cells, r->n);
    if (e == 3 || e == 4) {
        if (rrow_own(r)) { rrow_free(r); return -1; }   /* held back past the reader's callback */
        hold_row(n, s, r, e == 4);
        return 0;
    }
    if (s->units > before) flush_pending(n, s);
    rrow_free(r);
    return e ? -1 : 0;
}

/* A second table under the first in the same sheet: close the first, start the next
 * with the held-back rows as its title rows and r as its header. */
static int start_next_table(cx_normalizer *n, sheet *s, rrow *r)
{
    sheet *s2 = calloc(1, sizeof *s2);
    if (!s2) return -1;
    if (n->nsheets == n->capsheets) {
        size_t nc = n->capsheets * 2;
        sheet **ns = realloc(n->sheets, nc * sizeof *ns);
        if (!ns) { free(s2); return -1; }
        n->sheets = ns;
        n->capsheets = nc;
    }
    s2->name = xstrdup(s->name);
    s2->index = s->index;
    s2->table_no = s->table_no + 1;
    s2->fontenc = s->fontenc;
    s2->cand = -1;
    s2->snap = cx_snapshot_new();
    size_t need = s->npend + 1 + 16;
    s2->buf = calloc(need, sizeof *s2->buf);
    n->sheets[n->nsheets++] = s2;
    if (!s2->snap || !s2->buf || (s->name && !s2->name)) return -1;
    s2->capbuf = need;
    s->rows_read -= (long)s->npend;
    for (size_t i = 0; i < s->npend; i++) s2->buf[s2->nbuf++] = s->pend[i];
    s->npend = 0;
    s2->cand = (long)s2->nbuf;
    s2->buf[s2->nbuf++] = *r;
    *r = (rrow){0, NULL, 0, 0};
    n->cur = s2;
    return end_table(n, s);
}

static int on_row(void *ud, uint32_t row, const cx_cell *cells, uint32_t ncells)
{
    cx_normalizer *n = ud;
    sheet *s = n->cur;
    if (!s) return 0;
    if (s->phase == 2) { s->after_rows++; return 0; }
    if (s->phase == 1) {
        rrow r;
        if (borrow_cells(n, cells, ncells, &r, row)) goto nomem;
        int e = feed_data(n, s, &r, 1);
        if (e == 5) {
            if (start_next_table(n, s, &r)) { rrow_free(&r); goto nomem; }
            return 0;
        }
        if (e) goto nomem;
        return 0;
    }
    /* search phase: buffer */
    if (s->nbuf == s->capbuf) {
        size_t nc = s->capbuf ? s->capbuf * 2 : 16;
        rrow *nb = realloc(s->buf, nc * sizeof *nb);
        if (!nb) goto nomem;
        s->buf = nb;
        s->capbuf = nc;
    }
    rrow *r = &s->buf[s->nbuf];
    if (copy_cells(cells, ncells, &r->cells)) goto nomem;
    r->row = row;
    r->n = ncells;
    r->borrowed = 0;
    s->nbuf++;
    if (s->nbuf == 1 && s->name && strncmp(s->name, "Tổng hợp", strlen("Tổng hợp")) == 0 && r->n &&
        r->cells[0].type == CX_CELL_TEXT && r->cells[0].text &&
        strncmp(r->cells[0].text, OWN_SUMMARY_TITLE, strlen(OWN_SUMMARY_TITLE)) == 0) {
        /* chiso's own Tổng hợp sheet beside a Phụ lục given back as input: no table of units */
        s->phase = 2;
        snprintf(s->why, sizeof s->why, _("the summary sheet chiso writes beside a Phụ lục"));
        return 0;
    }
    if (s->cand < 0 && !row_blank(r->cells, r->n)) {
        int inds, has_name;
        heading_score(n, r, &inds, &has_name);
        if ((has_name && inds >= 1) || inds >= 2) s->cand = (long)s->nbuf - 1;
    }
    if ((s->cand >= 0 && s->nbuf >= (size_t)s->cand + 1 + AFTER_HEADER) || s->nbuf >= SEARCH_ROWS) {
        if (process_buffer(n, s)) goto nomem;
    }
    return 0;
nomem:
    fail_nomem(n);
    return 1;
}

static int on_merge(void *ud, uint32_t r1, uint32_t c1, uint32_t r2, uint32_t c2)
{
    cx_normalizer *n = ud;
    sheet *s = n->cur;
    if (!s || s->nmerges >= MAX_MERGES || r2 < r1 || c2 < c1) return 0;
    if (!s->merges) {
        s->merges = malloc(MAX_MERGES * sizeof *s->merges);
        if (!s->merges) return 0;   /* merges only refine group spans: not fatal */
    }
    s->merges[s->nmerges++] = (mrange){r1, c1, r2, c2};
    return 0;
}

/* Header decided (or not) from the buffer; then the buffered data rows. */
static int process_buffer(cx_normalizer *n, sheet *s)
{
    if (s->phase != 0) return 0;
    detect_fontenc(n, s);
    /* After a font conversion the headings read differently: look for the header again. */
    if (s->cand < 0 || s->fontenc != CX_ENC_UNKNOWN) s->cand = find_candidate(n, s);
    if (s->cand < 0) {
        s->phase = 2;
        snprintf(s->why, sizeof s->why, _("no indicator heading recognized in the first %zu rows"), s->nbuf);
        for (size_t i = 0; i < s->nbuf; i++) if (!row_blank(s->buf[i].cells, s->buf[i].n)) s->after_rows++;
        goto drop;
    }
    if (read_titles(n, s, s->cand)) return -1;
    if (build_header(n, s)) return -1;
    if (s->shape_refused) { s->phase = 2; goto drop; }   /* shapes hook: why is set */
    if (s->name_col < 0 && cx_shape_kind_of(s->shape) != CX_SHAPE_LONG) {   /* shapes hook: a Xu hướng sheet has none */
        s->phase = 2;
        snprintf(s->why, sizeof s->why, _("a header at row %ld but no column of unit names"), s->hrow1);
        goto drop;
    }
    int any = 0;
    for (int i = 0; i < CX_IND_COUNT; i++) any |= s->col_of[i] >= 0;
    if (!any) {
        s->phase = 2;
        snprintf(s->why, sizeof s->why, _("a header at row %ld but no indicator column"), s->hrow1);
        goto drop;
    }
    s->had_table = 1;
    s->phase = 1;
    for (size_t i = (size_t)s->cand + (size_t)s->header_rows; i < s->nbuf; i++) {
        rrow *r = &s->buf[i];
        if (is_column_numbers(r) && s->units == 0 && s->rows_read == 0) { s->header_rows++; continue; }
        rrow own = *r;
        *r = (rrow){0, NULL, 0, 0};
        if (feed_data(n, s, &own, 0)) return -1;
    }
drop:
    for (size_t i = 0; i < s->nbuf; i++) rrow_free(&s->buf[i]);
    free(s->buf);
    s->buf = NULL;
    s->nbuf = s->capbuf = 0;
    return 0;
}

static int on_sheet_end(void *ud)
{
    cx_normalizer *n = ud;
    sheet *s = n->cur;
    if (!s) return 0;
    if (s->phase == 0 && process_buffer(n, s)) {
        fail_nomem(n);
        return 1;
    }
    flush_pending(n, s);
    n->cur = NULL;
    return end_table(n, s);
}

/* The checks and the snapshot's header fields once a table is complete. */
static int end_table(cx_normalizer *n, sheet *s)
{
    if (s->had_table && s->units == 0) {
        s->had_table = 0;
        snprintf(s->why, sizeof s->why, _("a header at row %ld but no unit rows under it"), s->hrow1);
    }
    if (s->had_table) {
        cx_snapshot *sn = s->snap;
        /* Count columns: the total row against the sum of the units. */
        long ti = cx_snapshot_total(sn);
        for (int i = 0; ti >= 0 && i < CX_IND_COUNT; i++) {
            if (s->col_of[i] < 0 || cx_indicators[i].measure != CX_MEASURE_COUNT) continue;
            const cx_unit *t = &sn->units[ti];
            if (!cx_unit_has(t, (cx_indicator)i)) continue;
            double sum = 0;
            size_t cnt = 0;
            for (size_t k = 0; k < sn->nunits; k++)
                if (sn->units[k].kind != CX_KIND_TONG && cx_unit_has(&sn->units[k], (cx_indicator)i)) {
                    sum += sn->units[k].v[i];
                    cnt++;
                }
            if (cnt && fabs(sum - t->v[i]) > 0.5) {
                char a[32], b[32];
                WARN(n, s, "total_mismatch", t->ref[i].row, s->col_of[i],
                     "the total row says %s for %s but the units add up to %s",
                     cx_format_number(t->v[i], a),
                     cx_indicators[i].id, cx_format_number(sum, b));
            }
        }
        /* Duplicate keys: both rows kept, the later one named with the first. */
        keyidx ki;
        if (keyidx_build(&ki, sn)) { fail_nomem(n); return 1; }
        for (size_t k = 1; k < sn->nunits; k++) {
            long j = keyidx_find(&ki, sn, sn->units[k].key);
            if (j >= 0 && (size_t)j != k)
                WARN(n, s, "duplicate_unit", sn->units[k].name_ref.row, sn->units[k].name_ref.col,
                     "'%s' in row %u is the same unit as in row %u; both rows are kept", sn->units[k].name,
                     sn->units[k].name_ref.row, sn->units[j].name_ref.row);
        }
        keyidx_free(&ki);
        if (s->scope_state == 1) { sn->scope = s->scope; s->scope = NULL; }
        else if (s->overview_scope) { sn->scope = s->overview_scope; s->overview_scope = NULL; }
        central_cities(sn);
        for (int i = 0; i < CX_IND_COUNT; i++) if (s->col_of[i] >= 0) sn->columns |= CX_BIT(i);
        for (int i = 0; i < CX_IND_COUNT; i++) {   /* the source's headings, for the Phụ lục */
            if (s->col_of[i] < 0) continue;
            const colinfo *ci = &s->cols[s->col_of[i]];
            sn->src_heading[i] = xstrdup(ci->sub ? ci->sub : ci->group);
            sn->src_group[i] = ci->sub ? xstrdup(ci->group) : NULL;
        }
        if (s->col_of[CX_IND_DIEM_KY_TRUOC] >= 0) {
            const colinfo *ci = &s->cols[s->col_of[CX_IND_DIEM_KY_TRUOC]];
            sn->prev_label = xstrdup(ci->sub ? ci->sub : ci->group);
        }
        sn->title = xstrdup(s->title);
        if (s->name) cx_period_parse(s->name, &s->period);   /* "Tuần 1 T5" as a sheet name */
        cx_period_copy(&sn->period, &s->period);
        if (cx_shape_sheet_end(s->shape, sn)) {   /* shapes hook */
            fail_nomem(n);
            return 1;
        }
    }
    return 0;
}

/* ---- public ------------------------------------------------------------------- */

cx_normalizer *cx_normalizer_new(const cx_norm_opts *opts, cx_diag *d)
{
    cx_normalizer *n = calloc(1, sizeof *n);
    if (!n) return NULL;
    n->sink = (cx_sink){n, on_sheet_begin, on_row, on_merge, on_sheet_end};
    n->d = d;
    n->memo = cx_name_memo_new();
    if (!n->memo) { free(n); return NULL; }
    n->path = strdup(opts && opts->source_path ? opts->source_path : "<input>");
    n->filter = opts ? opts->sheets : NULL;
    n->spool = opts ? opts->spool : NULL;
    if (!n->path) { free(n); return NULL; }
    return n;
}

const cx_sink *cx_normalizer_sink(cx_normalizer *n) { return &n->sink; }

void cx_normalizer_set_indicator(cx_normalizer *n, const char *indicator) { n->indicator = indicator; }   /* shapes */

void cx_normalizer_set_source(cx_normalizer *n, const char *format, const char *encoding, double confidence)
{
    free(n->format);
    free(n->encoding);
    n->format = xstrdup(format);
    n->encoding = xstrdup(encoding);
    n->confidence = confidence;
}

/* Share of the smaller sheet's unit keys (total row aside) found in the other. */
static double key_share(const cx_snapshot *a, const cx_snapshot *b)
{
    size_t na = 0, nb = 0, shared = 0;
    for (size_t i = 0; i < a->nunits; i++) na += a->units[i].kind != CX_KIND_TONG;
    for (size_t i = 0; i < b->nunits; i++) nb += b->units[i].kind != CX_KIND_TONG;
    const cx_snapshot *small = na <= nb ? a : b, *big = na <= nb ? b : a;
    size_t ns = na <= nb ? na : nb;
    if (!ns) return 0;
    keyidx ki;
    if (keyidx_build(&ki, big)) return 0;
    for (size_t i = 0; i < small->nunits; i++)
        if (small->units[i].kind != CX_KIND_TONG && keyidx_find(&ki, big, small->units[i].key) >= 0) shared++;
    keyidx_free(&ki);
    return (double)shared / (double)ns;
}

static int popcount(cx_indmask x) { return __builtin_popcountll(x); }

/* Should sheet b be merged into the group whose snapshot is a? */
static int same_units(const cx_snapshot *a, const cx_snapshot *b)
{
    if (key_share(a, b) < MERGE_SHARE) return 0;
    /* Two sheets with the same indicators are two periods (or two copies), not two halves. */
    cx_indmask both = a->columns & b->columns;
    int na = popcount(a->columns), nb = popcount(b->columns);
    int smaller = na < nb ? na : nb;
    if (smaller && popcount(both) * 2 > smaller) return 0;
    /* Periods that are both known and differ mean different snapshots. */
    if (a->period.month && b->period.month && a->period.month != b->period.month) return 0;
    if (a->period.week && b->period.week && a->period.week != b->period.week) return 0;
    if (a->period.quarter && b->period.quarter && a->period.quarter != b->period.quarter) return 0;
    if (a->period.gran && b->period.gran && a->period.gran != b->period.gran) return 0;   /* a year, a quarter */
    return 1;
}

/* Move sheet src's units into dst (same units). Values given twice must agree. */
static int merge_into(cx_normalizer *n, cx_snapshot *dst, const sheet *ds, sheet *src, int dst_sheet_idx,
                      int src_sheet_idx)
{
    cx_snapshot *s = src->snap;
    keyidx ki;
    if (keyidx_build(&ki, dst)) return -1;   /* units appended below are new keys: not looked up again */
    for (size_t k = 0; k < s->nunits; k++) {
        cx_unit *u = &s->units[k];
        long j = keyidx_find(&ki, dst, u->key);
        if (j < 0) {
            cx_unit *nu = cx_snapshot_add_unit(dst);
            if (!nu) { keyidx_free(&ki); return -1; }
            *nu = *u;
            memset(u, 0, sizeof *u);
            for (int i = 0; i < CX_IND_COUNT; i++) if (cx_unit_has(nu, (cx_indicator)i)) nu->ref[i].sheet = src_sheet_idx;
            nu->name_ref.sheet = src_sheet_idx;
            continue;
        }
        cx_unit *t = &dst->units[j];
        if (!t->code && u->code) { t->code = u->code; u->code = NULL; }
        if (t->stt < 0) t->stt = u->stt;
        if (t->kind == CX_KIND_NULL) t->kind = u->kind;
        for (int i = 0; i < CX_IND_COUNT; i++) {
            if (!cx_unit_has(u, (cx_indicator)i)) continue;
            if (!cx_unit_has(t, (cx_indicator)i)) {
                cx_unit_set(t, (cx_indicator)i, u->v[i]);
                t->ref[i] = u->ref[i];
                t->ref[i].sheet = src_sheet_idx;
                continue;
            }
            if (fabs(t->v[i] - u->v[i]) > 1e-9) {
                char c1[24], c2[24], a[32], b[32];
                const char *dn = ds->name ? ds->name : "";
                cx_warn(n->d, "conflicting_value", n->path, src->name, (long)u->ref[i].row, (int)u->ref[i].col,
                        "%s of %s is %s in sheet '%s' cell %s but %s in sheet '%s' cell %s; the first is kept",
                        cx_indicators[i].id, t->name, cx_format_number(t->v[i], a), dn,
                        cx_cell_name((int)t->ref[i].col, (long)t->ref[i].row, c1), cx_format_number(u->v[i], b),
                        src->name ? src->name : "", cx_cell_name((int)u->ref[i].col, (long)u->ref[i].row, c2));
            }
        }
    }
    keyidx_free(&ki);
    (void)dst_sheet_idx;
    dst->columns |= s->columns;
    if (!dst->title && s->title) { dst->title = s->title; s->title = NULL; }
    if (!dst->prev_label && s->prev_label) { dst->prev_label = s->prev_label; s->prev_label = NULL; }
    for (int i = 0; i < CX_IND_COUNT; i++)
        if (!dst->src_heading[i] && s->src_heading[i]) {
            dst->src_heading[i] = s->src_heading[i];
            dst->src_group[i] = s->src_group[i];
            s->src_heading[i] = s->src_group[i] = NULL;
        }
    cx_period_merge(&dst->period, &s->period);
    if (dst->scope && (!s->scope || strcmp(dst->scope, s->scope) != 0)) { free(dst->scope); dst->scope = NULL; }
    return 0;
}

cx_error cx_normalizer_finish(cx_normalizer *n, cx_snapshot ***out, size_t *nout)
{
    *out = NULL;
    *nout = 0;
    size_t ntab = 0;
    for (size_t i = 0; i < n->nsheets; i++)   /* shapes hook: a shape's sheet gives one snapshot per period */
        ntab += n->sheets[i]->had_table && n->sheets[i]->shape ? cx_shape_count(n->sheets[i]->shape)
                                                                : (size_t)n->sheets[i]->had_table;
    if (!ntab) {
        if (n->nsheets == 0)
            return cx_fail(n->d, CX_ERR_NO_TABLE, "%s: no indicator table found: the file has no rows", n->path);
        /* Say what was looked for: an office worker has attached some other spreadsheet. */
        const char *expected = _("chiso looks for a header row with the units' names (ĐƠN VỊ) and the indicators "
                                 "(ĐIỂM TỔNG HỢP, CÔNG KHAI, MINH BẠCH, TIẾN ĐỘ GIẢI QUYẾT, DỊCH VỤ CÔNG TRỰC TUYẾN, "
                                 "SỐ HÓA HỒ SƠ...), as in the results downloaded from the Cổng Dịch vụ công");
        if (n->nsheets == 1 && n->sheets[0]->name)
            return cx_fail(n->d, CX_ERR_NO_TABLE, "%s: no indicator table found in its sheet '%s': %s. %s", n->path,
                           n->sheets[0]->name, n->sheets[0]->why, expected);
        if (n->nsheets == 1)
            return cx_fail(n->d, CX_ERR_NO_TABLE, "%s: no indicator table found: %s. %s", n->path, n->sheets[0]->why,
                           expected);
        char msg[768];
        size_t o = 0;
        msg[0] = 0;
        for (size_t i = 0; i < n->nsheets && o + 8 < sizeof msg; i++) {
            int w = snprintf(msg + o, sizeof msg - o, "%s'%s': %s", i ? "; " : "",
                             n->sheets[i]->name ? n->sheets[i]->name : "?", n->sheets[i]->why);
            if (w < 0) break;
            o += (size_t)w;
        }
        return cx_fail(n->d, CX_ERR_NO_TABLE, "%s: no indicator table found in any of its %zu sheets (%s). %s", n->path,
                       n->nsheets, msg, expected);
    }
    cx_snapshot **res = calloc(ntab, sizeof *res);
    sheet **first = calloc(ntab, sizeof *first);     /* the first sheet of each snapshot */
    if (!res || !first) goto nomem;
    size_t nres = 0;
    for (size_t i = 0; i < n->nsheets; i++) {
        sheet *s = n->sheets[i];
        if (!s->had_table) continue;
        if (s->shape) {   /* shapes hook: period snapshots, newest first, each with its source */
            cx_snapshot **ps;
            size_t np;
            if (cx_shape_take(s->shape, &ps, &np)) goto nomem;
            for (size_t k = 0; k < np; k++) {
                if (cx_shape_attach(ps[k], n->path, n->format ? n->format : "csv", n->encoding, n->confidence, s->name)) {
                    for (size_t j = k; j < np; j++) cx_snapshot_free(ps[j]);
                    free(ps);
                    goto nomem;
                }
                first[nres] = s;
                res[nres++] = ps[k];
            }
            free(ps);
            continue;
        }
        size_t g = nres;
        for (size_t k = 0; k < nres; k++)
            if (same_units(res[k], s->snap)) { g = k; break; }
        if (g == nres) {
            /* a new snapshot: the sheet's own, with its source */
            cx_snapshot *sn = s->snap;
            s->snap = NULL;
            int si = cx_snapshot_add_source(sn, n->path, n->format ? n->format : "csv", n->encoding);
            if (si < 0) { cx_snapshot_free(sn); goto nomem; }
            sn->sources[si].encoding_confidence = n->confidence;
            int shi = -1;
            if (s->name && (shi = cx_source_add_sheet(sn, si, s->name)) < 0) { cx_snapshot_free(sn); goto nomem; }
            for (size_t k = 0; k < sn->nunits; k++) {
                cx_unit *u = &sn->units[k];
                u->name_ref.source = si;
                u->name_ref.sheet = shi;
                for (int j = 0; j < CX_IND_COUNT; j++) if (cx_unit_has(u, (cx_indicator)j)) { u->ref[j].source = si; u->ref[j].sheet = shi; }
            }
            res[nres] = sn;
            first[nres] = s;
            nres++;
        } else {
            int shi = -1;
            if (s->name) {
                for (size_t q = 0; q < res[g]->sources[0].nsheets; q++)
                    if (!strcmp(res[g]->sources[0].sheets[q], s->name)) shi = (int)q;
                if (shi < 0 && (shi = cx_source_add_sheet(res[g], 0, s->name)) < 0) goto nomem;
            }
            cx_info(n->d, 2, "%s: sheet '%s' describes the same units as sheet '%s': merged", n->path,
                    s->name ? s->name : "", first[g]->name ? first[g]->name : "");
            if (merge_into(n, res[g], first[g], s, 0, shi)) goto nomem;
        }
    }
    /* Classification from the score bands when the source has no such column (a long
     * table's units got it when routed, shapes.c finish_unit: this is a no-op for them). */
    for (size_t k = 0; k < nres; k++) {
        cx_snapshot *sn = res[k];
        for (size_t i = 0; i < sn->nunits; i++) cx_unit_label_from_score(&sn->units[i]);
    }
    free(first);
    *out = res;
    *nout = nres;
    n->finished = 1;
    return CX_OK;
nomem:
    if (res) for (size_t k = 0; k < ntab; k++) cx_snapshot_free(res[k]);
    free(res);
    free(first);
    return fail_nomem(n);
}

void cx_normalizer_free(cx_normalizer *n)
{
    if (!n) return;
    cx_name_memo_free(n->memo);
    for (size_t i = 0; i < n->nsheets; i++) sheet_free(n->sheets[i]);
    free(n->sheets);
    free(n->path);
    free(n->format);
    free(n->encoding);
    free(n->shcells);
    free(n->scratch);
    heading_memo_free(n);
    free(n);
}
