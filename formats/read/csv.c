/*
 * csv.c — delimited text (CSV with ',' ';' or tab, Excel "Unicode text") to rows.
 *
 * A libcsv-style push parser (csv.h) does the quoting; cx_read_csv decides the
 * encoding (encoding.h: UTF-8 parsed in place, anything else decoded to UTF-8
 * first), sniffs the delimiter, and pushes each record to the sink as one row of
 * one sheet named NULL. Every byte is treated as hostile: NULs are dropped with a
 * warning, invalid UTF-8 becomes U+FFFD with a warning naming the cell, and a cell
 * or a row over the limits of table.h stops with CX_ERR_LIMIT naming the cell.
 */
#include "csv.h"
#include "reader.h"
#include "encoding.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the push parser ------------------------------------------------------- */

enum { S_START, S_FIELD, S_QUOTED, S_QUOTE_IN_QUOTED, S_AFTER_CR };

struct cx_csv_parser {
    char delim;
    int state;
    int quoted;           /* current field began with a quote */
    int row_has_field;    /* a field was started in this record */
    char *buf;            /* current field */
    size_t len, cap;
    size_t nuls;
    size_t records;
    size_t quote_record;  /* record where the open quote began (0-based) */
    cx_csv_field_cb field_cb;
    cx_csv_row_cb row_cb;
    void *ud;
    unsigned char stop[2][256]; /* bytes that end a plain run: [0] in a plain field, [1] quoted */
    int direct;           /* cx_read_csv's own parser: a plain field lying whole in the input
                           * is passed as it lies there, not copied, and not NUL-terminated
                           * (its on_field reads len bytes and copies them itself) */
};

cx_csv_parser *cx_csv_new(char delim, cx_csv_field_cb field_cb, cx_csv_row_cb row_cb, void *ud)
{
    cx_csv_parser *p = calloc(1, sizeof *p);
    if (!p) return NULL;
    p->delim = delim;
    p->field_cb = field_cb;
    p->row_cb = row_cb;
    p->ud = ud;
    p->cap = 256;
    p->buf = malloc(p->cap);
    if (!p->buf) { free(p); return NULL; }
    p->state = S_START;
    for (int q = 0; q < 2; q++) {
        p->stop[q][0] = p->stop[q]['"'] = 1;
        if (!q) p->stop[q][(unsigned char)delim] = p->stop[q]['\r'] = p->stop[q]['\n'] = 1;
    }
    return p;
}

void cx_csv_free(cx_csv_parser *p)
{
    if (!p) return;
    free(p->buf);
    free(p);
}

size_t cx_csv_nuls(const cx_csv_parser *p) { return p->nuls; }
size_t cx_csv_records(const cx_csv_parser *p) { return p->records; }
int cx_csv_unterminated(const cx_csv_parser *p, size_t *record)
{
    int u = p->state == S_QUOTED;
    if (u && record) *record = p->quote_record + 1;
    return u;
}

static int append(cx_csv_parser *p, const char *s, size_t n)
{
    if (n == 0) return CX_CSV_OK;
    if (p->len + n > CX_MAX_CELL_BYTES) return CX_CSV_ETOOBIG;
    if (p->len + n + 1 > p->cap) {
        size_t nc = p->cap;
        while (p->len + n + 1 > nc) nc *= 2;
        char *nb = realloc(p->buf, nc);
        if (!nb) return CX_CSV_ENOMEM;
        p->buf = nb;
        p->cap = nc;
    }
    memcpy(p->buf + p->len, s, n);
    p->len += n;
    return CX_CSV_OK;
}

static int end_field(cx_csv_parser *p)
{
    p->buf[p->len] = 0;
    int r = p->field_cb ? p->field_cb(p->ud, p->buf, p->len, p->quoted) : 0;
    p->len = 0;
    p->quoted = 0;
    p->row_has_field = 1;
    return r;
}

static int end_row(cx_csv_parser *p)
{
    int r = p->row_cb ? p->row_cb(p->ud) : 0;
    p->row_has_field = 0;
    p->records++;
    return r;
}

/* Is c a byte that ends a plain run in state st (NUL, a quote; outside quotes also the
 * delimiter, CR, LF)? */
static inline int special(const cx_csv_parser *p, int st, unsigned char c)
{
    return p->stop[st == S_QUOTED][c];
}

int cx_csv_feed(cx_csv_parser *p, const char *buf, size_t len)
{
    size_t i = 0;
    int r;
    while (i < len) {
        unsigned char c = (unsigned char)buf[i];
        if (c == 0) { p->nuls++; i++; continue; }
        switch (p->state) {
        case S_AFTER_CR:
            p->state = S_START;
            if (c == '\n') { i++; continue; }
            __attribute__((fallthrough));
        case S_START:
            if (c == '"') { p->state = S_QUOTED; p->quoted = 1; p->quote_record = p->records; i++; continue; }
            if (c == (unsigned char)p->delim) { if ((r = end_field(p))) return r; i++; continue; }
            if (c == '\r' || c == '\n') {
                /* a field ended by a delimiter leaves one more (empty) field before the line end */
                if (p->row_has_field && (r = end_field(p))) return r;
                if ((r = end_row(p))) return r;
                p->state = c == '\r' ? S_AFTER_CR : S_START;
                i++;
                continue;
            }
            p->state = S_FIELD;
            continue;   /* re-read c in S_FIELD */
        case S_FIELD: {
            size_t j = i;
            while (j < len && !special(p, S_FIELD, (unsigned char)buf[j])) j++;
            while (p->direct && p->len == 0 && j < len && buf[j] != 0 && buf[j] != '"') {
                /* the whole field is buf[i..j), ended by a delimiter or a line end */
                if (j - i > CX_MAX_CELL_BYTES) return CX_CSV_ETOOBIG;
                r = p->field_cb ? p->field_cb(p->ud, buf + i, j - i, p->quoted) : 0;
                p->quoted = 0;
                p->row_has_field = 1;
                if (r) return r;
                c = (unsigned char)buf[j];
                i = j + 1;
                if (c != (unsigned char)p->delim) {
                    if ((r = end_row(p))) return r;
                    p->state = c == '\r' ? S_AFTER_CR : S_START;
                    goto next_byte;
                }
                /* a next plain field is read here at once; an empty or quoted one, a line
                 * end or a NUL by S_START */
                if (i >= len || special(p, S_FIELD, (unsigned char)buf[i])) { p->state = S_START; goto next_byte; }
                j = i;
                while (j < len && !special(p, S_FIELD, (unsigned char)buf[j])) j++;
            }
            if ((r = append(p, buf + i, j - i))) return r;
            i = j;
            if (i >= len) break;
            c = (unsigned char)buf[i];
            if (c == 0) continue;
            if (c == '"') { if ((r = append(p, "\"", 1))) return r; i++; continue; }  /* lenient: a quote inside a plain field */
            if ((r = end_field(p))) return r;
            if (c == (unsigned char)p->delim) { p->state = S_START; i++; continue; }
            if ((r = end_row(p))) return r;
            p->state = c == '\r' ? S_AFTER_CR : S_START;
            i++;
            continue;
        }
        case S_QUOTED: {
            size_t j = i;
            while (j < len && !special(p, S_QUOTED, (unsigned char)buf[j])) j++;
            if ((r = append(p, buf + i, j - i))) return r;
            i = j;
            if (i >= len) break;
            if (buf[i] == '"') { p->state = S_QUOTE_IN_QUOTED; i++; }
            continue;
        }
        case S_QUOTE_IN_QUOTED:
            if (c == '"') { if ((r = append(p, "\"", 1))) return r; p->state = S_QUOTED; i++; continue; }
            if (c == (unsigned char)p->delim) { if ((r = end_field(p))) return r; p->state = S_START; i++; continue; }
            if (c == '\r' || c == '\n') {
                if ((r = end_field(p))) return r;
                if ((r = end_row(p))) return r;
                p->state = c == '\r' ? S_AFTER_CR : S_START;
                i++;
                continue;
            }
            /* lenient: text after the closing quote ("abc"def) stays in the field */
            p->state = S_FIELD;
            continue;
        }
    next_byte:;
    }
    return CX_CSV_OK;
}

int cx_csv_finish(cx_csv_parser *p)
{
    int r;
    switch (p->state) {
    case S_FIELD: case S_QUOTED: case S_QUOTE_IN_QUOTED:
        if ((r = end_field(p))) return r;
        if ((r = end_row(p))) return r;
        break;
    case S_START:
        if (p->row_has_field) {   /* "a,b," at the very end: the trailing empty field */
            if ((r = end_field(p))) return r;
            if ((r = end_row(p))) return r;
        }
        break;
    default:
        break;
    }
    if (p->state != S_QUOTED) p->state = S_START;
    return CX_CSV_OK;
}

/* ---- delimiter sniffing ---------------------------------------------------- */

char cx_csv_sniff(const char *buf, size_t len)
{
    static const char cands[] = {',', ';', '\t'};
    enum { MAXREC = 64 };
    double score[3] = {0, 0, 0};
    unsigned modes[3] = {0, 0, 0};
    if (len > (1u << 20)) len = 1u << 20;
    for (size_t ci = 0; ci < sizeof cands; ci++) {
        char dl = cands[ci];
        unsigned counts[MAXREC];
        size_t nrec = 0, i = 0;
        unsigned fields = 1;
        int inq = 0, blank = 1;
        while (i < len && nrec < MAXREC) {
            char c = buf[i++];
            if (inq) { if (c == '"') { if (i < len && buf[i] == '"') i++; else inq = 0; } continue; }
            if (c == '"') { inq = 1; blank = 0; continue; }
            if (c == dl) { fields++; blank = 0; continue; }
            if (c == '\r' || c == '\n') {
                if (c == '\r' && i < len && buf[i] == '\n') i++;
                if (!blank) counts[nrec++] = fields;
                fields = 1;
                blank = 1;
                continue;
            }
            if (c != ' ') blank = 0;
        }
        if (!blank && nrec < MAXREC && i >= len) counts[nrec++] = fields;
        if (nrec == 0) continue;
        /* the most frequent field count above 1, and the share of records that have it */
        unsigned mode = 0;
        size_t mode_n = 0;
        for (size_t a = 0; a < nrec; a++) {
            if (counts[a] < 2) continue;
            size_t n = 0;
            for (size_t b = 0; b < nrec; b++) n += counts[b] == counts[a];
            if (n > mode_n || (n == mode_n && counts[a] > mode)) { mode = counts[a]; mode_n = n; }
        }
        if (mode < 2) continue;
        score[ci] = (double)mode_n / (double)nrec;
        modes[ci] = mode;
    }
    /* Best consistency wins; ';' and tab win ties over ',' because decimal commas
     * ("78,7") make ',' split numbers, while ';' and tab seldom occur in text. */
    int best = -1;
    for (int ci = 0; ci < 3; ci++)
        if (modes[ci] >= 2 && (best < 0 || score[ci] > score[best] + 1e-9)) best = ci;
    if (best < 0) return ',';
    for (int ci = 2; ci >= 1; ci--)
        if (modes[ci] >= 2 && score[ci] >= score[best] - 0.05) return cands[ci];
    return cands[best];
}

/* ---- cx_read_csv ----------------------------------------------------------- */

typedef struct {
    const cx_sink *sink;
    cx_diag *d;
    const char *path;
    char *row;            /* the current record's fields, each NUL-terminated */
    size_t rlen, rcap;
    size_t *off;          /* offsets of fields in row */
    size_t *flen;
    uint32_t nf, fcap;
    cx_cell *cells;
    uint32_t ccap;
    uint32_t rowi;        /* 0-based record index */
    size_t nbad_utf8;     /* cells with invalid UTF-8 */
    int valid;            /* every byte fed so far is valid UTF-8: no cell needs checking */
    cx_error err;         /* set when a callback stops the parser */
} rctx;

/* Copy s into dst replacing invalid UTF-8 by U+FFFD; returns the new length. dst has 3*n+1. */
static size_t fix_utf8(const char *s, size_t n, char *dst)
{
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        size_t k = 0;
        if (c < 0x80) k = 1;
        else if (c >= 0xC2 && c <= 0xDF) k = 2;
        else if (c >= 0xE0 && c <= 0xEF) k = 3;
        else if (c >= 0xF0 && c <= 0xF4) k = 4;
        int ok = k > 0 && i + k <= n;
        for (size_t j = 1; ok && j < k; j++) ok = ((unsigned char)s[i + j] & 0xC0) == 0x80;
        if (ok && k == 3) {
            unsigned char c1 = (unsigned char)s[i + 1];
            if ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 >= 0xA0)) ok = 0;   /* overlong, surrogate */
        }
        if (ok && k == 4) {
            unsigned char c1 = (unsigned char)s[i + 1];
            if ((c == 0xF0 && c1 < 0x90) || (c == 0xF4 && c1 >= 0x90)) ok = 0;
        }
        if (ok) { memcpy(dst + o, s + i, k); o += k; i += k; }
        else { memcpy(dst + o, "\xEF\xBF\xBD", 3); o += 3; i++; }
    }
    dst[o] = 0;
    return o;
}

/* The first invalid bytes of s, escaped ("\\xC3\\x28 ..."), for a warning. */
static void bad_bytes(const char *s, size_t n, char *out, size_t outsz)
{
    size_t o = 0, shown = 0;
    out[0] = 0;
    for (size_t i = 0; i < n && shown < 8;) {
        size_t k = 0;
        const uint8_t *u = (const uint8_t *)s + i;
        if (u[0] < 0x80) { i++; continue; }
        if (u[0] >= 0xC2 && u[0] <= 0xDF) k = 2;
        else if (u[0] >= 0xE0 && u[0] <= 0xEF) k = 3;
        else if (u[0] >= 0xF0 && u[0] <= 0xF4) k = 4;
        if (k && i + k <= n && cx_utf8_valid(u, k)) { i += k; continue; }
        if (o + 5 >= outsz) break;
        o += (size_t)snprintf(out + o, outsz - o, "\\x%02X", u[0]);
        shown++;
        i++;
    }
    if (shown == 8 && o + 4 < outsz) snprintf(out + o, outsz - o, "...");
    if (!o) snprintf(out, outsz, "?");
}

/* Mostly valid UTF-8 with a few bad bytes: a UTF-8 file damaged in places (not a
 * legacy encoding). Decoding it as cp1258 would garble every correct letter. */
static int mostly_utf8(const uint8_t *b, size_t len)
{
    size_t good = 0, bad = 0;
    if (len > (1u << 20)) len = 1u << 20;
    for (size_t i = 0; i < len;) {
        if (b[i] < 0x80) { i++; continue; }
        size_t k = b[i] >= 0xC2 && b[i] <= 0xDF ? 2 : b[i] >= 0xE0 && b[i] <= 0xEF ? 3 : b[i] >= 0xF0 && b[i] <= 0xF4 ? 4 : 0;
        int ok = k && i + k <= len;
        for (size_t j = 1; ok && j < k; j++) ok = (b[i + j] & 0xC0) == 0x80;
        if (ok) { good++; i += k; } else { bad++; i++; }
    }
    return good >= 4 && bad * 8 <= good;
}

static int on_field(void *ud, const char *text, size_t len, int quoted)
{
    rctx *c = ud;
    (void)quoted;
    if (c->nf >= CX_MAX_COLUMNS) {
        c->err = cx_fail(c->d, CX_ERR_LIMIT, "%s: row %lu has more than %u columns", c->path,
                         (unsigned long)c->rowi + 1, CX_MAX_COLUMNS);
        return 1;
    }
    if (c->nf == c->fcap) {
        uint32_t nc = c->fcap ? c->fcap * 2 : 32;
        size_t *no = realloc(c->off, nc * sizeof *no);
        if (!no) goto nomem;
        c->off = no;
        size_t *nl = realloc(c->flen, nc * sizeof *nl);
        if (!nl) goto nomem;
        c->flen = nl;
        c->fcap = nc;
    }
    size_t need = c->rlen + len * 3 + 1;
    if (need > c->rcap) {
        size_t nc = c->rcap ? c->rcap : 1024;
        while (nc < need) nc *= 2;
        char *nr = realloc(c->row, nc);
        if (!nr) goto nomem;
        c->row = nr;
        c->rcap = nc;
    }
    c->off[c->nf] = c->rlen;
    /* a field is its slices' bytes less some ASCII (quotes, NULs): valid when they are */
    if (c->valid || cx_utf8_valid((const uint8_t *)text, len)) {
        memcpy(c->row + c->rlen, text, len);
        c->row[c->rlen + len] = 0;
        c->flen[c->nf] = len;
    } else {
        size_t n = fix_utf8(text, len, c->row + c->rlen);
        c->flen[c->nf] = n;
        if (c->nbad_utf8++ < 20) {
            char shown[64];
            bad_bytes(text, len, shown, sizeof shown);
            cx_warn(c->d, "invalid_utf8", c->path, NULL, (long)c->rowi + 1, (int)c->nf,
                    "the cell is not valid UTF-8 (%s); bad bytes replaced by U+FFFD", shown);
        }
    }
    c->rlen += c->flen[c->nf] + 1;
    c->nf++;
    return 0;
nomem:
    c->err = cx_fail(c->d, CX_ERR_NOMEM, "%s: out of memory", c->path);
    return 1;
}

static int on_row(void *ud)
{
    rctx *c = ud;
    if (c->rowi >= CX_MAX_ROWS) {
        c->err = cx_fail(c->d, CX_ERR_LIMIT, "%s: more than %u rows", c->path, CX_MAX_ROWS);
        return 1;
    }
    if (c->nf > c->ccap) {
        cx_cell *nc = realloc(c->cells, c->nf * sizeof *nc);
        if (!nc) {
            c->err = cx_fail(c->d, CX_ERR_NOMEM, "%s: out of memory", c->path);
            return 1;
        }
        c->cells = nc;
        c->ccap = c->nf;
    }
    for (uint32_t i = 0; i < c->nf; i++)
        c->cells[i] = c->flen[i] ? (cx_cell){CX_CELL_TEXT, 0, 0, c->row + c->off[i], c->flen[i]}
                                 : (cx_cell){CX_CELL_EMPTY, 0, 0, NULL, 0};
    int r = c->sink && c->sink->row ? c->sink->row(c->sink->ud, c->rowi, c->cells, c->nf) : 0;
    c->rowi++;
    c->nf = 0;
    c->rlen = 0;
    if (r) { c->err = CX_ERR_ABORTED; return r; }
    return 0;
}

cx_error cx_read_csv(const uint8_t *buf, size_t len, const cx_read_opts *opts,
                     const cx_sink *sink, cx_read_info *info, cx_diag *d)
{
    return cx_read_csv_released(buf, len, opts, NULL, NULL, sink, info, d);
}

cx_error cx_read_csv_released(const uint8_t *buf, size_t len, const cx_read_opts *opts,
                              void (*release)(void *release_ud, size_t n), void *rud,
                              const cx_sink *sink, cx_read_info *info, cx_diag *d)
{
    const char *path = opts && opts->path ? opts->path : "<input>";
    cx_read_info local;
    if (!info) { info = &local; memset(info, 0, sizeof *info); }
    cx_error err = CX_OK;
    char *decoded = NULL;
    cx_csv_parser *p = NULL;
    rctx c;
    memset(&c, 0, sizeof c);
    c.sink = sink;
    c.d = d;
    c.path = path;

    /* Encoding: as told, else detected. UTF-8 is parsed in place. A mapped input is given
     * back as it is consumed (release), so a big file never sits resident: the detector's
     * whole-file UTF-8 check releases behind itself, and so does the parse. */
    double conf = 1.0;
    size_t bom = 0;
    cx_encoding enc;
    int whole_valid = 0;   /* the detector checked all of buf: valid UTF-8 */
    if (opts && opts->encoding) {
        enc = cx_encoding_from_name(opts->encoding);
        if (enc == CX_ENC_UNKNOWN) {
            err = cx_fail(d, CX_ERR_USAGE, "%s: unknown encoding '%s' (try utf-8, utf-16le, cp1258, tcvn3, vni, viscii)",
                          path, opts->encoding);
            goto done;
        }
        double ignore;
        cx_detect_encoding_ex(buf, len, &ignore, &bom, &whole_valid, release, rud);   /* for the BOM's length */
        if (enc != CX_ENC_UTF8 && enc != CX_ENC_UTF16LE && enc != CX_ENC_UTF16BE) bom = 0;
    } else {
        enc = cx_detect_encoding_ex(buf, len, &conf, &bom, &whole_valid, release, rud);
        if (enc == CX_ENC_UNKNOWN) enc = CX_ENC_UTF8;
        if (enc != CX_ENC_UTF8 && enc != CX_ENC_UTF16LE && enc != CX_ENC_UTF16BE && mostly_utf8(buf, len)) {
            enc = CX_ENC_UTF8;     /* bad bytes become U+FFFD with a warning per cell */
            conf = 0.9;
        }
    }
    if (bom > len) bom = len;
    const char *text = (const char *)buf + bom;
    size_t tlen = len - bom;
    if (enc != CX_ENC_UTF8) {
        size_t dlen = 0, nbad = 0;
        char *nonul = NULL;
        if (enc != CX_ENC_UTF16LE && enc != CX_ENC_UTF16BE && memchr(text, 0, tlen)) {
            /* an 8-bit text never holds NUL: drop them before decoding (a decoder would stop there) */
            nonul = malloc(tlen ? tlen : 1);
            if (!nonul) { err = cx_fail(d, CX_ERR_NOMEM, "%s: out of memory", path); goto done; }
            size_t o = 0, nn = 0;
            for (size_t i = 0; i < tlen; i++) { if (text[i]) nonul[o++] = text[i]; else nn++; }
            cx_warn(d, "nul_bytes", path, NULL, 0, -1, "%zu NUL bytes in the text were ignored", nn);
            text = nonul;
            tlen = o;
        }
        err = cx_decode(enc, (const uint8_t *)text, tlen, &decoded, &dlen, &nbad);
        free(nonul);
        if (err != CX_OK) {
            if (!d->errmsg[0] || d->err != err)
                err = cx_fail(d, err, "%s: cannot decode the text as %s", path, cx_encoding_name(enc));
            goto done;
        }
        if (nbad)
            cx_warn(d, "invalid_text", path, NULL, 0, -1, "%zu byte sequences are not valid %s and became U+FFFD",
                    nbad, cx_encoding_name(enc));
        text = decoded;
        tlen = dlen;
        if (release) release(rud, len);   /* the input is no longer read */
    }
    /* whole_valid means no BOM was found (that answers first): text is buf itself */
    int in_place = enc == CX_ENC_UTF8;
    if (!in_place) whole_valid = 0;
    if (!info->format) info->format = CX_FMT_CSV;
    snprintf(info->encoding, sizeof info->encoding, "%s", cx_encoding_name(enc));
    info->encoding_confidence = conf;
    /* A guessed legacy encoding can be wrong: say so, and how to override it. */
    if (!(opts && opts->encoding) && conf < 0.6)
        cx_warn(d, "encoding_guess", path, NULL, 0, -1,
                "the text encoding is uncertain: read as %s (confidence %.2f); check the names, "
                "or give --encoding utf-8|cp1258|tcvn3|vni|viscii", cx_encoding_name(enc), conf);
    info->delimiter = cx_csv_sniff(text, tlen);
    info->nsheets = 1;

    p = cx_csv_new(info->delimiter, on_field, on_row, &c);
    if (!p) { err = cx_fail(d, CX_ERR_NOMEM, "%s: out of memory", path); goto done; }
    p->direct = 1;   /* on_field copies the field itself */
    if (sink && sink->sheet_begin && sink->sheet_begin(sink->ud, NULL, 0)) { err = CX_ERR_ABORTED; goto done; }
    /* Feed in slices so a huge file streams through the same code the tests exercise.
     * Each slice ends where a UTF-8 sequence starts and, unless the detector already
     * checked the whole text, is checked whole: while all of them are valid, so is every
     * field, and on_field need not check each one. */
    c.valid = 1;
    for (size_t off = 0; off < tlen;) {
        size_t n = tlen - off < (1u << 20) ? tlen - off : (1u << 20);
        int at_start = 1;
        if (off + n < tlen) {
            for (int k = 0; k < 3 && ((unsigned char)text[off + n] & 0xC0) == 0x80; k++) n--;
            at_start = ((unsigned char)text[off + n] & 0xC0) != 0x80;
        }
        if (c.valid && !whole_valid && !(at_start && cx_utf8_valid((const uint8_t *)text + off, n))) c.valid = 0;
        int r = cx_csv_feed(p, text + off, n);
        if (r == CX_CSV_ETOOBIG) {
            char cell[24];
            err = cx_fail(d, CX_ERR_LIMIT, "%s: cell %s is longer than %u bytes", path,
                          cx_cell_name((int)c.nf, (long)c.rowi + 1, cell), CX_MAX_CELL_BYTES);
            goto done;
        }
        if (r == CX_CSV_ENOMEM) { err = cx_fail(d, CX_ERR_NOMEM, "%s: out of memory", path); goto done; }
        if (r) { err = c.err ? c.err : CX_ERR_ABORTED; goto done; }
        off += n;
        if (release && in_place) release(rud, bom + off);   /* the parser keeps no pointer into it */
    }
    size_t qrec = 0;
    int unterminated = cx_csv_unterminated(p, &qrec);
    int r = cx_csv_finish(p);
    if (r) { err = c.err ? c.err : CX_ERR_ABORTED; goto done; }
    if (unterminated)
        cx_warn(d, "unterminated_quote", path, NULL, (long)qrec, -1,
                "a quoted cell opened in row %zu is never closed: the rest of the file was read as that one cell", qrec);
    if (cx_csv_nuls(p))
        cx_warn(d, "nul_bytes", path, NULL, 0, -1, "%zu NUL bytes in the text were ignored", cx_csv_nuls(p));
    if (c.nbad_utf8 > 20)
        cx_warn(d, "invalid_utf8", path, NULL, 0, -1, "%zu cells in all had invalid UTF-8", c.nbad_utf8);
    if (sink && sink->sheet_end && sink->sheet_end(sink->ud)) { err = CX_ERR_ABORTED; goto done; }

done:
    cx_csv_free(p);
    free(decoded);
    free(c.row);
    free(c.off);
    free(c.flen);
    free(c.cells);
    return err;
}
