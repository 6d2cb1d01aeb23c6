/*
 * html.c — HTML tables (portal and web exports, often saved with an .xls name).
 *
 * The bytes are decoded to UTF-8 first with our own decoders (convert/text/encoding.h:
 * the charset of <meta>, else detection), because libxml2 knows neither TCVN3 nor
 * VNI; then libxml2's SAX HTML parser, which copes with the broken HTML real
 * exports are made of (unclosed <td>, stray tags) and decodes every entity.
 * HTML_PARSE_IGNORE_ENC keeps it from re-decoding after a <meta charset>.
 *
 * Each <table> is laid out on a grid as browsers do (colspan/rowspan occupy the
 * cells they cover; covered cells stay empty and the span is reported as a merge),
 * then pushed as one sheet when the document is done. Nested tables are tables of
 * their own; a layout table keeps only its own cells' text. When some table has a
 * heading the normalizer recognizes, only such tables become sheets.
 */
#include "reader.h"
#include "i18n.h"
#include "encoding.h"
#include "heading.h"

#include <libxml/HTMLparser.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define HTML_MAX_SPAN       1000u        /* colspan cap of the HTML standard */
#define HTML_MAX_ROWSPAN    65534u       /* rowspan cap of the HTML standard */
#define HTML_MAX_TABLES     1024u
#define HTML_MAX_GRID       (16u << 20)  /* cell slots per table */
#define HTML_BR             '\x01'       /* a <br> until whitespace is collapsed */

/* A row keeps only the cells that hold text, with their columns (a colspan that pushes
 * one cell to column 4095 costs one entry, not 4,096 slots, in each of 40,000 rows). */
typedef struct hent { uint32_t col; char *s; } hent;
typedef struct hrow {
    hent    *cells;     /* columns increasing */
    uint32_t n, cap;
    uint32_t width;     /* last column + 1 */
} hrow;

typedef struct hmerge { uint32_t r1, c1, r2, c2; } hmerge;

typedef struct htable {
    size_t    order;     /* document order of <table> */
    hrow     *rows;
    uint32_t  nrows, caprows;
    uint32_t *span_left; /* per column: rows still covered by a rowspan above */
    uint8_t  *busy;      /* per column: covered in the current row */
    uint32_t  width;     /* columns of span_left/busy */
    int       in_row, in_cell;
    uint32_t  col;       /* next free column in the current row */
    uint32_t  cell_col;
    char     *text;      /* current cell's text */
    size_t    tlen, tcap;
    char     *caption;
    size_t    caplen, capcap;
    int       in_caption;
    hmerge   *merges;
    size_t    nmerges, capmerges;
    uint64_t  slots;
} htable;

typedef struct hctx {
    const char *path;
    cx_diag    *d;
    cx_error    err;
    htmlParserCtxtPtr ctxt;
    htable    **stack;   /* open tables, innermost last */
    size_t      nstack, capstack;
    htable    **done;    /* finished tables */
    size_t      ndone, capdone;
    size_t      ntables;
    int         skip;    /* inside <script>/<style>/<template> */
    int         frames;  /* a <frameset>: Excel's multi-sheet "Web Page" */
} hctx;

static void hfail(hctx *h, cx_error err, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void hfail(hctx *h, cx_error err, const char *fmt, ...)
{
    if (h->err) return;
    char msg[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, _(fmt), ap);
    va_end(ap);
    cx_fail(h->d, err, "%s: %s", h->path, msg);
    h->err = err;
    if (h->ctxt) xmlStopParser(h->ctxt);
}

static void htable_free(htable *t)
{
    if (!t) return;
    for (uint32_t i = 0; i < t->nrows; i++) {
        for (uint32_t j = 0; j < t->rows[i].n; j++) free(t->rows[i].cells[j].s);
        free(t->rows[i].cells);
    }
    free(t->rows);
    free(t->span_left);
    free(t->busy);
    free(t->text);
    free(t->caption);
    free(t->merges);
    free(t);
}

static int append(char **buf, size_t *len, size_t *cap, const char *s, size_t n)
{
    if (*len + n + 1 > *cap) {
        size_t c = *cap ? *cap : 64;
        while (c < *len + n + 1) c *= 2;
        char *p = realloc(*buf, c);
        if (!p) return -1;
        *buf = p;
        *cap = c;
    }
    memcpy(*buf + *len, s, n);
    *len += n;
    (*buf)[*len] = '\0';
    return 0;
}

/* Collapse whitespace as a browser shows it: runs of spaces/tabs/newlines/nbsp to one
 * space, <br> to a line break without spaces around it, trimmed. In place. */
static void collapse(char *s)
{
    char *w = s;
    int pend_space = 0;
    for (const unsigned char *r = (const unsigned char *)s; *r;) {
        if (*r == ' ' || *r == '\t' || *r == '\n' || *r == '\r' || *r == '\f' || *r == '\v') {
            pend_space = 1;
            r++;
        } else if (r[0] == 0xC2 && r[1] == 0xA0) {   /* &nbsp; */
            pend_space = 1;
            r += 2;
        } else if (*r == (unsigned char)HTML_BR) {
            while (w > s && w[-1] == ' ') w--;
            *w++ = '\n';
            pend_space = 0;
            r++;
            while (*r == ' ' || *r == '\t' || *r == '\n' || *r == '\r') r++;
        } else if (*r < 0x20) {
            r++;                                      /* other control characters: dropped */
        } else {
            if (pend_space && w > s && w[-1] != '\n') *w++ = ' ';
            pend_space = 0;
            *w++ = (char)*r++;
        }
    }
    while (w > s && (w[-1] == ' ' || w[-1] == '\n')) w--;
    *w = '\0';
    /* leading line breaks */
    size_t lead = 0;
    while (s[lead] == '\n') lead++;
    if (lead) memmove(s, s + lead, strlen(s + lead) + 1);
}

static htable *top(hctx *h) { return h->nstack ? h->stack[h->nstack - 1] : NULL; }

static cx_error ensure_width(hctx *h, htable *t, uint32_t w)
{
    if (w <= t->width) return CX_OK;
    if (w > CX_MAX_COLUMNS) {
        hfail(h, CX_ERR_LIMIT, "table %zu: more than %u columns", t->order + 1, CX_MAX_COLUMNS);
        return h->err;
    }
    uint32_t nw = t->width ? t->width : 16;
    while (nw < w) nw *= 2;
    if (nw > CX_MAX_COLUMNS) nw = CX_MAX_COLUMNS;
    uint32_t *sl = realloc(t->span_left, nw * sizeof *sl);
    if (!sl) { hfail(h, CX_ERR_NOMEM, "out of memory"); return h->err; }
    t->span_left = sl;
    uint8_t *b = realloc(t->busy, nw);
    if (!b) { hfail(h, CX_ERR_NOMEM, "out of memory"); return h->err; }
    t->busy = b;
    memset(t->span_left + t->width, 0, (nw - t->width) * sizeof *sl);
    memset(t->busy + t->width, 0, nw - t->width);
    t->width = nw;
    return CX_OK;
}

static cx_error set_cell(hctx *h, htable *t, uint32_t r, uint32_t c, char *s)
{
    hrow *row = &t->rows[r];
    if (c < row->width)   /* cells come left to right; a column again replaces its text */
        for (uint32_t i = 0; i < row->n; i++)
            if (row->cells[i].col == c) { free(row->cells[i].s); row->cells[i].s = s; return CX_OK; }
    if (row->n == row->cap) {
        uint32_t nc = row->cap ? 2 * row->cap : 8;
        t->slots += nc - row->cap;
        if (t->slots > HTML_MAX_GRID) {
            hfail(h, CX_ERR_LIMIT, "table %zu: more than %u cells", t->order + 1, HTML_MAX_GRID);
            return h->err;
        }
        hent *p = realloc(row->cells, nc * sizeof *p);
        if (!p) { hfail(h, CX_ERR_NOMEM, "out of memory"); return h->err; }
        row->cells = p;
        row->cap = nc;
    }
    uint32_t i = row->n++;
    while (i > 0 && row->cells[i - 1].col > c) { row->cells[i] = row->cells[i - 1]; i--; }
    row->cells[i] = (hent){c, s};
    if (c + 1 > row->width) row->width = c + 1;
    return CX_OK;
}

static void end_cell(hctx *h, htable *t)
{
    if (!t->in_cell) return;
    t->in_cell = 0;
    if (!t->text) return;
    collapse(t->text);
    if (t->text[0]) {
        if (set_cell(h, t, t->nrows - 1, t->cell_col, t->text)) return;
        t->text = NULL;
        t->tcap = 0;
    }
    t->tlen = 0;
}

static void end_row(hctx *h, htable *t)
{
    end_cell(h, t);
    t->in_row = 0;
}

static void begin_row(hctx *h, htable *t)
{
    end_row(h, t);
    if (t->nrows >= CX_MAX_ROWS) { hfail(h, CX_ERR_LIMIT, "more than %u rows", CX_MAX_ROWS); return; }
    if (t->nrows == t->caprows) {
        uint32_t nc = t->caprows ? 2 * t->caprows : 32;
        hrow *r = realloc(t->rows, nc * sizeof *r);
        if (!r) { hfail(h, CX_ERR_NOMEM, "out of memory"); return; }
        t->rows = r;
        t->caprows = nc;
    }
    memset(&t->rows[t->nrows], 0, sizeof t->rows[0]);
    t->nrows++;
    /* columns covered by rowspans from above */
    for (uint32_t c = 0; c < t->width; c++) {
        t->busy[c] = t->span_left[c] > 0;
        if (t->span_left[c]) t->span_left[c]--;
    }
    t->in_row = 1;
    t->col = 0;
}

static uint32_t span_attr(const xmlChar **atts, const char *name, uint32_t dflt, uint32_t max)
{
    for (size_t i = 0; atts && atts[i]; i += 2) {
        if (strcasecmp((const char *)atts[i], name) != 0 || !atts[i + 1]) continue;
        const char *v = (const char *)atts[i + 1];
        while (*v == ' ') v++;
        unsigned long n = 0;
        int digits = 0;
        for (; *v >= '0' && *v <= '9'; v++, digits++) {
            n = n * 10 + (unsigned long)(*v - '0');
            if (n > max) n = max;
        }
        if (!digits) return dflt;
        if (n == 0) return name[0] == 'r' ? max : dflt;   /* rowspan=0: to the end of the table */
        return (uint32_t)n;
    }
    return dflt;
}

static void begin_cell(hctx *h, htable *t, const xmlChar **atts)
{
    if (!t->in_row) begin_row(h, t);
    else end_cell(h, t);
    if (h->err) return;
    uint32_t c = t->col;
    while (c < t->width && t->busy[c]) c++;
    uint32_t cs = span_attr(atts, "colspan", 1, HTML_MAX_SPAN);
    uint32_t rs = span_attr(atts, "rowspan", 1, HTML_MAX_ROWSPAN);
    if (c >= CX_MAX_COLUMNS) { hfail(h, CX_ERR_LIMIT, "table %zu: more than %u columns", t->order + 1, CX_MAX_COLUMNS); return; }
    if (cs > CX_MAX_COLUMNS - c) cs = CX_MAX_COLUMNS - c;
    if (ensure_width(h, t, c + cs)) return;
    for (uint32_t k = c; k < c + cs; k++) {
        t->busy[k] = 1;
        if (rs - 1 > t->span_left[k]) t->span_left[k] = rs - 1;
    }
    if (cs > 1 || rs > 1) {
        if (t->nmerges == t->capmerges) {
            size_t nc = t->capmerges ? 2 * t->capmerges : 16;
            hmerge *m = realloc(t->merges, nc * sizeof *m);
            if (!m) { hfail(h, CX_ERR_NOMEM, "out of memory"); return; }
            t->merges = m;
            t->capmerges = nc;
        }
        uint32_t r = t->nrows - 1;
        t->merges[t->nmerges++] = (hmerge){r, c, r + rs - 1, c + cs - 1};
    }
    t->cell_col = c;
    t->col = c + cs;
    t->in_cell = 1;
    t->tlen = 0;
    if (t->text) t->text[0] = '\0';
}

static void end_table(hctx *h)
{
    htable *t = top(h);
    if (!t) return;
    end_row(h, t);
    h->nstack--;
    /* the layout state is done with: only the cells stay until the page ends */
    free(t->span_left);
    free(t->busy);
    free(t->text);
    t->span_left = NULL;
    t->busy = NULL;
    t->text = NULL;
    t->width = 0;
    t->tcap = t->tlen = 0;
    if (h->ndone == h->capdone) {
        size_t nc = h->capdone ? 2 * h->capdone : 8;
        htable **p = realloc(h->done, nc * sizeof *p);
        if (!p) { htable_free(t); hfail(h, CX_ERR_NOMEM, "out of memory"); return; }
        h->done = p;
        h->capdone = nc;
    }
    h->done[h->ndone++] = t;
}

static void XMLCALL on_start(void *ud, const xmlChar *name, const xmlChar **atts)
{
    hctx *h = ud;
    if (h->err) return;
    const char *n = (const char *)name;
    htable *t = top(h);
    if (!strcasecmp(n, "script") || !strcasecmp(n, "style") || !strcasecmp(n, "template")) {
        h->skip++;
    } else if (!strcasecmp(n, "frameset") || !strcasecmp(n, "frame")) {
        h->frames = 1;
    } else if (!strcasecmp(n, "table")) {
        if (h->ntables >= HTML_MAX_TABLES) { hfail(h, CX_ERR_LIMIT, "more than %u tables", HTML_MAX_TABLES); return; }
        if (t) end_cell(h, t) /* text before a nested table stays in its cell */;
        htable *nt = calloc(1, sizeof *nt);
        if (!nt) { hfail(h, CX_ERR_NOMEM, "out of memory"); return; }
        nt->order = h->ntables++;
        if (h->nstack == h->capstack) {
            size_t nc = h->capstack ? 2 * h->capstack : 8;
            htable **p = realloc(h->stack, nc * sizeof *p);
            if (!p) { free(nt); hfail(h, CX_ERR_NOMEM, "out of memory"); return; }
            h->stack = p;
            h->capstack = nc;
        }
        h->stack[h->nstack++] = nt;
    } else if (!t) {
        return;
    } else if (!strcasecmp(n, "tr")) {
        begin_row(h, t);
    } else if (!strcasecmp(n, "td") || !strcasecmp(n, "th")) {
        begin_cell(h, t, atts);
    } else if (!strcasecmp(n, "caption")) {
        t->in_caption = 1;
    } else if (!strcasecmp(n, "br")) {
        char br = HTML_BR;
        if (t->in_cell && append(&t->text, &t->tlen, &t->tcap, &br, 1)) hfail(h, CX_ERR_NOMEM, "out of memory");
    } else if (t->in_cell && t->tlen && (!strcasecmp(n, "p") || !strcasecmp(n, "div") || !strcasecmp(n, "li"))) {
        char br = HTML_BR;   /* a block inside a cell starts a new line */
        if (append(&t->text, &t->tlen, &t->tcap, &br, 1)) hfail(h, CX_ERR_NOMEM, "out of memory");
    }
}

static void XMLCALL on_end(void *ud, const xmlChar *name)
{
    hctx *h = ud;
    if (h->err) return;
    const char *n = (const char *)name;
    htable *t = top(h);
    if (!strcasecmp(n, "script") || !strcasecmp(n, "style") || !strcasecmp(n, "template")) {
        if (h->skip) h->skip--;
    } else if (!t) {
        return;
    } else if (!strcasecmp(n, "table")) {
        end_table(h);
    } else if (!strcasecmp(n, "tr")) {
        end_row(h, t);
    } else if (!strcasecmp(n, "td") || !strcasecmp(n, "th")) {
        end_cell(h, t);
    } else if (!strcasecmp(n, "caption")) {
        t->in_caption = 0;
    }
}

static void XMLCALL on_chars(void *ud, const xmlChar *s, int len)
{
    hctx *h = ud;
    htable *t = top(h);
    if (h->err || h->skip || !t || len <= 0) return;
    if (t->in_caption) {
        if (t->caplen + (size_t)len <= 1024 && append(&t->caption, &t->caplen, &t->capcap, (const char *)s, (size_t)len))
            hfail(h, CX_ERR_NOMEM, "out of memory");
        return;
    }
    if (!t->in_cell) return;
    if (t->tlen + (size_t)len > CX_MAX_CELL_BYTES) {
        char cn[24];
        hfail(h, CX_ERR_LIMIT, "table %zu, cell %s: a text longer than %u bytes", t->order + 1,
              cx_cell_name((int)t->cell_col, (long)t->nrows, cn), CX_MAX_CELL_BYTES);
        return;
    }
    if (append(&t->text, &t->tlen, &t->tcap, (const char *)s, (size_t)len)) hfail(h, CX_ERR_NOMEM, "out of memory");
}

static void XMLCALL on_cdata(void *ud, const xmlChar *s, int len) { (void)ud; (void)s; (void)len; }

/* libxml2 reports parse errors through these; real exports are full of them, so they are quiet. */
static void XMLCALL on_error(void *ud, const char *msg, ...) { (void)ud; (void)msg; }

/* Does the table hold something a normalizer would call a heading? */
static int has_heading(const htable *t)
{
    /* headings sit in the first rows and columns, and are short */
    for (uint32_t r = 0; r < t->nrows && r < 30; r++)
        for (uint32_t i = 0; i < t->rows[r].n && t->rows[r].cells[i].col < 64; i++) {
            const char *s = t->rows[r].cells[i].s;
            if (!s || strlen(s) > 200) continue;
            cx_heading_match m = cx_match_heading(NULL, s, 0);
            if (m.role == CX_COL_NAME || m.role == CX_COL_INDICATOR) return 1;
        }
    return 0;
}

static int nonempty_cells(const htable *t)
{
    int n = 0;
    for (uint32_t r = 0; r < t->nrows; r++)
        for (uint32_t i = 0; i < t->rows[r].n; i++) n += t->rows[r].cells[i].s != NULL;
    return n;
}

static int cmp_order(const void *a, const void *b)
{
    const htable *x = *(htable *const *)a, *y = *(htable *const *)b;
    return x->order < y->order ? -1 : x->order > y->order;
}

static cx_error sink_failed(hctx *h)
{
    if (h->d->err) return h->d->err;
    return cx_fail(h->d, CX_ERR_ABORTED, "%s: stopped", h->path);
}

static cx_error push_table(hctx *h, const htable *t, const char *name, uint32_t index, const cx_sink *sink)
{
    if (sink->sheet_begin && sink->sheet_begin(sink->ud, name, index)) return sink_failed(h);
    uint32_t w = 0;
    for (uint32_t r = 0; r < t->nrows; r++)
        if (t->rows[r].width > w) w = t->rows[r].width;
    cx_cell *cells = calloc(w ? w : 1, sizeof *cells);
    if (!cells) return cx_fail(h->d, CX_ERR_NOMEM, "%s: out of memory", h->path);
    for (uint32_t r = 0; r < t->nrows; r++) {
        const hrow *row = &t->rows[r];
        if (!row->n) continue;   /* an empty row is a missing row */
        uint32_t n = row->cells[row->n - 1].col + 1;
        memset(cells, 0, n * sizeof *cells);
        for (uint32_t i = 0; i < row->n; i++) {
            const char *s = row->cells[i].s;
            cells[row->cells[i].col] = (cx_cell){CX_CELL_TEXT, 0, 0, s, strlen(s)};
        }
        if (sink->row && sink->row(sink->ud, r, cells, n)) { free(cells); return sink_failed(h); }
    }
    free(cells);
    for (size_t i = 0; i < t->nmerges; i++) {
        hmerge m = t->merges[i];
        if (m.r2 >= t->nrows) m.r2 = t->nrows - 1;   /* a rowspan stops at the table's end */
        if (m.r1 == m.r2 && m.c1 == m.c2) continue;
        if (sink->merge && sink->merge(sink->ud, m.r1, m.c1, m.r2, m.c2)) return sink_failed(h);
    }
    if (sink->sheet_end && sink->sheet_end(sink->ud)) return sink_failed(h);
    return CX_OK;
}

/* The charset a <meta> declares in the first 64 KiB ("utf-8", "windows-1258"), or "". */
static void meta_charset(const uint8_t *b, size_t len, char *out, size_t outsz)
{
    out[0] = '\0';
    if (len > 65536) len = 65536;
    for (size_t i = 0; i + 5 < len; i++) {
        if (b[i] != '<' || strncasecmp((const char *)b + i, "<meta", 5) != 0) continue;
        size_t end = i;
        while (end < len && b[end] != '>') end++;
        for (size_t j = i; j + 7 < end; j++) {
            if (strncasecmp((const char *)b + j, "charset", 7) != 0) continue;
            size_t k = j + 7;
            while (k < end && (b[k] == ' ' || b[k] == '\t')) k++;
            if (k >= end || b[k] != '=') continue;
            k++;
            while (k < end && (b[k] == ' ' || b[k] == '"' || b[k] == '\'')) k++;
            size_t o = 0;
            while (k < end && o + 1 < outsz && b[k] != '"' && b[k] != '\'' && b[k] != ';' && b[k] != ' ' &&
                   b[k] != '/' && b[k] != '>')
                out[o++] = (char)b[k++];
            out[o] = '\0';
            if (o) return;
        }
    }
}

static int has_high(const uint8_t *b, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (b[i] >= 0x80) return 1;
    return 0;
}

/* Charset names of the web mapped to ours (cx_encoding_from_name knows its own aliases). */
static cx_encoding charset_encoding(const char *cs)
{
    if (!cs[0]) return CX_ENC_UNKNOWN;
    if (!strcasecmp(cs, "utf8") || !strcasecmp(cs, "utf-8")) return CX_ENC_UTF8;
    if (!strcasecmp(cs, "utf-16") || !strcasecmp(cs, "utf-16le") || !strcasecmp(cs, "unicode")) return CX_ENC_UTF16LE;
    if (!strcasecmp(cs, "utf-16be")) return CX_ENC_UTF16BE;
    if (!strcasecmp(cs, "windows-1258") || !strcasecmp(cs, "cp1258")) return CX_ENC_CP1258;
    if (!strcasecmp(cs, "windows-1252") || !strcasecmp(cs, "iso-8859-1") || !strcasecmp(cs, "latin1") ||
        !strcasecmp(cs, "us-ascii"))
        return CX_ENC_CP1252;
    return cx_encoding_from_name(cs);
}

cx_error cx_read_html(const uint8_t *buf, size_t len, const cx_read_opts *opts,
                      const cx_sink *sink, cx_read_info *info, cx_diag *d)
{
    static const cx_sink no_sink = {0};
    if (!sink) sink = &no_sink;
    hctx h;
    memset(&h, 0, sizeof h);
    h.path = opts && opts->path ? opts->path : "<input>";
    h.d = d;
    if (info) info->format = CX_FMT_HTML;

    /* 1. the encoding: --encoding, a BOM, <meta charset>, else detection */
    cx_encoding enc = CX_ENC_UNKNOWN;
    double conf = 1.0;
    size_t skip = 0;
    if (opts && opts->encoding && opts->encoding[0]) {
        enc = charset_encoding(opts->encoding);
        if (!enc) return cx_fail(d, CX_ERR_USAGE, "%s: unknown encoding '%s'", h.path, opts->encoding);
    } else if (len >= 3 && buf[0] == 0xEF && buf[1] == 0xBB && buf[2] == 0xBF) {
        enc = CX_ENC_UTF8;
        skip = 3;
    } else if (len >= 2 && buf[0] == 0xFF && buf[1] == 0xFE) {
        enc = CX_ENC_UTF16LE;
        skip = 2;
    } else if (len >= 2 && buf[0] == 0xFE && buf[1] == 0xFF) {
        enc = CX_ENC_UTF16BE;
        skip = 2;
    } else {
        char cs[40];
        meta_charset(buf, len, cs, sizeof cs);
        enc = charset_encoding(cs);
        if (enc == CX_ENC_UTF8 && !cx_utf8_valid(buf, len)) {
            cx_warn(d, "charset_mismatch", h.path, NULL, 0, -1,
                    "the page says charset=%s but is not valid UTF-8; the encoding is detected instead", cs);
            enc = CX_ENC_UNKNOWN;
        } else if (enc && enc != CX_ENC_UTF8 && enc != CX_ENC_UTF16LE && enc != CX_ENC_UTF16BE &&
                   has_high(buf, len) && cx_utf8_valid(buf, len)) {
            /* the bytes are the evidence: legacy text is almost never valid multi-byte UTF-8 */
            cx_warn(d, "charset_mismatch", h.path, NULL, 0, -1,
                    "the page says charset=%s but its text is valid UTF-8: read as UTF-8 "
                    "(give --encoding %s to read it as the page says)", cs, cs);
            enc = CX_ENC_UTF8;
        } else if (!enc && cs[0]) {
            cx_warn(d, "unknown_charset", h.path, NULL, 0, -1,
                    "unknown charset '%s'; the encoding is detected instead (--encoding NAME tells it)", cs);
        }
        if (!enc) {
            size_t bom = 0;
            enc = cx_detect_encoding(buf, len, &conf, &bom);
            skip = bom;
            if (!enc) enc = CX_ENC_UTF8;
        }
    }
    char *text = NULL;
    size_t tlen = 0, nbad = 0;
    cx_error err = cx_decode(enc, buf + skip, len - skip, &text, &tlen, &nbad);
    if (err) {
        free(text);
        return cx_fail(d, err, "%s: cannot decode the page as %s", h.path, cx_encoding_name(enc));
    }
    if (nbad)
        cx_warn(d, "bad_bytes", h.path, NULL, 0, -1, "%zu byte sequences are not valid %s and became U+FFFD", nbad,
                cx_encoding_name(enc));
    if (info) {
        snprintf(info->encoding, sizeof info->encoding, "%s", cx_encoding_name(enc));
        info->encoding_confidence = conf;
    }
    if (tlen > (size_t)INT32_MAX) {
        free(text);
        return cx_fail(d, CX_ERR_LIMIT, "%s: the page is larger than 2 GiB", h.path);
    }

    /* 2. parse (SAX: no tree is built) */
    htmlSAXHandler sax;
    memset(&sax, 0, sizeof sax);
    sax.startElement = on_start;
    sax.endElement = on_end;
    sax.characters = on_chars;
    sax.ignorableWhitespace = on_chars;
    sax.cdataBlock = on_cdata;
    sax.error = on_error;
    sax.warning = on_error;
    h.ctxt = htmlCreatePushParserCtxt(&sax, &h, NULL, 0, NULL, XML_CHAR_ENCODING_UTF8);
    if (!h.ctxt) {
        free(text);
        return cx_fail(d, CX_ERR_NOMEM, "%s: out of memory", h.path);
    }
    htmlCtxtUseOptions(h.ctxt, HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
                                   HTML_PARSE_IGNORE_ENC | HTML_PARSE_COMPACT);
    /* feed in chunks so no single call sees more than 1 MiB */
    for (size_t off = 0; off < tlen && !h.err;) {
        size_t n = tlen - off > (1u << 20) ? (1u << 20) : tlen - off;
        htmlParseChunk(h.ctxt, text + off, (int)n, 0);
        off += n;
    }
    if (!h.err) htmlParseChunk(h.ctxt, NULL, 0, 1);
    htmlFreeParserCtxt(h.ctxt);
    h.ctxt = NULL;
    free(text);
    /* unclosed tables at the end of a truncated page still count */
    while (!h.err && h.nstack) end_table(&h);
    if (h.err) { err = h.err; goto done; }

    /* 3. which tables are sheets, in document order */
    if (h.ndone > 1) qsort(h.done, h.ndone, sizeof *h.done, cmp_order);
    int any_heading = 0;
    unsigned char *keep = calloc(h.ndone ? h.ndone : 1, 1);
    if (!keep) { err = cx_fail(d, CX_ERR_NOMEM, "%s: out of memory", h.path); goto done; }
    for (size_t i = 0; i < h.ndone; i++) {
        const htable *t = h.done[i];
        keep[i] = nonempty_cells(t) >= 2 && t->nrows >= 1;
        if (keep[i] && has_heading(t)) { keep[i] = 2; any_heading = 1; }
    }
    uint32_t nsheets = 0;
    for (size_t i = 0; i < h.ndone; i++) {
        if (!keep[i] || (any_heading && keep[i] != 2)) {
            if (keep[i]) cx_info(d, 2, "%s: table %zu has no recognizable heading; skipped", h.path, h.done[i]->order + 1);
            continue;
        }
        if (nsheets >= CX_MAX_SHEETS) { err = cx_fail(d, CX_ERR_LIMIT, "%s: more than %u tables", h.path, CX_MAX_SHEETS); break; }
        char name[128];
        htable *t = h.done[i];
        if (t->caption) collapse(t->caption);
        if (t->caption && t->caption[0]) {
            snprintf(name, sizeof name, "%s", t->caption);
            /* never cut a UTF-8 sequence in half */
            size_t nl = strlen(name);
            if (nl == sizeof name - 1) {
                while (nl && ((unsigned char)name[nl - 1] & 0xC0) == 0x80) nl--;
                if (nl && (unsigned char)name[nl - 1] >= 0xC0) nl--;
                name[nl] = '\0';
            }
            for (char *p = name; *p; p++) if (*p == '\n') *p = ' ';
        } else {
            snprintf(name, sizeof name, "Bảng %u", nsheets + 1);
        }
        err = push_table(&h, t, name, nsheets, sink);
        if (err) break;
        nsheets++;
    }
    free(keep);
    if (!err && nsheets == 0) {
        if (h.ndone)
            err = cx_fail(d, CX_ERR_NO_TABLE, "%s: an HTML page whose tables hold no data", h.path);
        else if (h.frames)
            err = cx_fail(d, CX_ERR_NO_TABLE,
                          "%s: an HTML page with no table, only frames (Excel's \"Web Page\" of several sheets "
                          "keeps each sheet in its own file, sheet001.htm... in the _files folder: convert those)",
                          h.path);
        else
            err = cx_fail(d, CX_ERR_NO_TABLE, "%s: an HTML page with no table", h.path);
    }
    if (info) info->nsheets = nsheets;
done:
    for (size_t i = 0; i < h.nstack; i++) htable_free(h.stack[i]);
    for (size_t i = 0; i < h.ndone; i++) htable_free(h.done[i]);
    free(h.stack);
    free(h.done);
    return err;
}
