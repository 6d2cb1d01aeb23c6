/*
 * xlsx_read.c — the OOXML workbook reader (libzip + expat), from memory.
 *
 * Order of work: workbook.xml and its rels (sheet names and parts), the shared
 * strings, styles.xml (which cell styles are percentages or dates), then each
 * worksheet streamed through expat in chunks straight from zip_fread, so a sheet's
 * XML never sits in memory whole. Rows are pushed to the sink as each </row>
 * closes; merged ranges (which follow sheetData) when they are seen.
 *
 * Every input is hostile: entry counts and uncompressed sizes are capped (the
 * bytes actually inflated are counted, not only what the header claims), DTDs
 * are refused (no entity expansion at all), cell references are parsed with
 * bounds, and every shared-string index is checked.
 */
#include "reader.h"
#include "strmap.h"
#include "i18n.h"

#include <errno.h>
#include <expat.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <ctype.h>
#include <zip.h>

#define XLSX_MAX_ENTRIES   100000u        /* zip entries in one workbook */
#define XLSX_MAX_STYLES    200000u        /* cellXfs entries */
#define XLSX_MAX_STRINGS   50000000u      /* shared strings */
#define XLSX_CHUNK         65536u
#define XLSX_MAX_ROW       1048576u       /* Excel's own limits */
#define XLSX_MAX_COL       16384u
#define XLSX_MAX_TOTAL     (1024ull << 20) /* all parts together, unpacked */
#define XLSX_MAX_DEPTH     256u           /* elements open at once: real parts nest < 20 */

/* ---- small growable buffer ------------------------------------------- */

typedef struct xbuf {
    char  *p;
    size_t n, cap;
} xbuf;

static int xbuf_add(xbuf *b, const char *s, size_t n)
{
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 64;
        while (cap < b->n + n + 1) cap *= 2;
        char *p = realloc(b->p, cap);
        if (!p) return -1;
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = '\0';
    return 0;
}

/* ---- the reader's state ------------------------------------------------ */

typedef struct xsheet {
    char *name;
    char *rid;
    char *part;   /* resolved zip path */
} xsheet;

typedef struct xrel {
    char *id, *type, *target;
} xrel;

typedef struct xcell {
    uint32_t col;
    cx_cell  cell;
    size_t   off;        /* text offset in the row's text buffer, or (size_t)-1 */
} xcell;

typedef struct xlsx {
    const char    *path;     /* for messages */
    const cx_sink *sink;
    cx_diag       *d;
    zip_t         *zip;
    cx_error       err;      /* set once; stops everything */

    /* workbook */
    xsheet *sheets;
    size_t  nsheets, capsheets;
    xrel   *rels;
    size_t  nrels, caprels;
    int     date1904;

    /* shared strings: one arena, offsets into it */
    int      have_sst;
    xbuf     sst;
    uint32_t *sst_off;   /* 4 bytes a string: the arena stays under 4 GiB (parts are under 512 MiB) */
    size_t   nsst, capsst;

    /* styles: flags per cellXfs index (resolved when styles.xml ends: the number
     * formats are looked up by id in a sorted array, not searched per xf) */
    unsigned char *xf;
    unsigned      *xf_fid;   /* each xf's numFmtId until resolved */
    size_t         nxf, capxf;
    struct { unsigned id; unsigned char flags; } *fmts;
    size_t nfmts, capfmts;

    /* parse state (shared by all parts; reset per part) */
    XML_Parser  xp;
    const char *part;        /* part being parsed, for messages */
    const char *sheet;       /* sheet being parsed, or NULL */
    int         depth_skip;  /* inside <rPh> (phonetic runs: not cell text) */
    int         in_text;     /* collecting character data */
    xbuf        text;        /* current text being collected */
    int         in_si, in_cellxfs, in_sheetdata, in_c, in_is, in_v, has_f;

    /* worksheet row state */
    long        row;         /* current row, 0-based; -1 before the first */
    long        last_row;    /* last row emitted, -1 none */
    uint32_t    next_col;    /* column of a cell with no r= */
    uint32_t    row_maxcol;  /* rightmost column stored in this row */
    xcell      *cells;
    size_t      ncells, capcells;
    xbuf        rowtext;
    /* current cell */
    uint32_t    c_col;
    char        c_type[12];
    long        c_style;
    uint64_t    nrows;

    /* element nesting: handlers are called through depth_start/depth_end */
    unsigned    depth;
    uint64_t    unzipped;    /* bytes unpacked from all parts so far */
    XML_StartElementHandler h_start;
    XML_EndElementHandler   h_end;

    /* SpreadsheetML 2003 */
    cx_strmap  *ssty_map;    /* style id -> index + 1 into ssty */
    struct { char *id; unsigned char flags; } *ssty;
    size_t      nssty, capssty;
    int         in_style, in_data, nsheets_seen;
    unsigned char c_flags;
    char       *sheet_name;
} xlsx;

static const char *local_name(const char *name)
{
    const char *c = strrchr(name, ':');
    return c ? c + 1 : name;
}

static const char *attr(const char **atts, const char *want)
{
    for (size_t i = 0; atts[i]; i += 2)
        if (strcmp(local_name(atts[i]), want) == 0) return atts[i + 1];
    return NULL;
}

/* Record the first error and stop the parser. */
static void xfail(xlsx *x, cx_error err, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void xfail(xlsx *x, cx_error err, const char *fmt, ...)
{
    if (x->err) return;
    char msg[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, _(fmt), ap);
    va_end(ap);
    if (x->sheet)
        cx_fail(x->d, err, "%s: sheet '%s': %s", x->path, x->sheet, msg);
    else
        cx_fail(x->d, err, "%s: %s", x->path, msg);
    x->err = err;
    if (x->xp) XML_StopParser(x->xp, XML_FALSE);
}

static void nomem(xlsx *x) { xfail(x, CX_ERR_NOMEM, "out of memory"); }

/* Collected text, with the 1 MiB cell cap. */
static void XMLCALL on_text(void *ud, const XML_Char *s, int len)
{
    xlsx *x = ud;
    if (!x->in_text || x->depth_skip || x->err) return;
    if (x->text.n + (size_t)len > CX_MAX_CELL_BYTES) {
        xfail(x, CX_ERR_LIMIT, "%s, line %lu: a text longer than %u bytes", x->part,
              (unsigned long)XML_GetCurrentLineNumber(x->xp), CX_MAX_CELL_BYTES);
        return;
    }
    if (xbuf_add(&x->text, s, (size_t)len)) nomem(x);
}

/* A DTD in a workbook part is never legitimate; refusing it rules out entity tricks. */
static void XMLCALL on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
                               const XML_Char *pubid, int has_internal)
{
    (void)name; (void)sysid; (void)pubid; (void)has_internal;
    xlsx *x = ud;
    xfail(x, CX_ERR_FORMAT, "%s: a DTD inside a workbook part is not allowed", x->part);
}

/* ---- reading zip parts -------------------------------------------------- */

static zip_int64_t find_part(xlsx *x, const char *name)
{
    if (!name) return -1;
    return zip_name_locate(x->zip, name, ZIP_FL_NOCASE);
}

/* Every parser's handlers go through these: nesting deeper than XLSX_MAX_DEPTH is refused
 * (20 million nested elements would otherwise grow expat's stack to gigabytes). */
static void XMLCALL depth_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    xlsx *x = ud;
    if (++x->depth > XLSX_MAX_DEPTH) {
        if (!x->err)
            xfail(x, CX_ERR_LIMIT, "%s, line %lu: elements nested more than %u deep", x->part,
                  (unsigned long)XML_GetCurrentLineNumber(x->xp), XLSX_MAX_DEPTH);
        return;
    }
    x->h_start(ud, name, atts);
}

static void XMLCALL depth_end(void *ud, const XML_Char *name)
{
    xlsx *x = ud;
    if (x->depth) x->depth--;
    x->h_end(ud, name);
}

static void set_handlers(xlsx *x, XML_Parser p, XML_StartElementHandler start, XML_EndElementHandler end)
{
    x->h_start = start;
    x->h_end = end;
    x->depth = 0;
    XML_SetElementHandler(p, depth_start, depth_end);
}

/*
 * Stream one part through a fresh expat parser with the given handlers.
 * missing_ok: return 1 (without error) when the part does not exist.
 */
static int parse_part(xlsx *x, const char *name, XML_StartElementHandler start,
                      XML_EndElementHandler end, int missing_ok)
{
    zip_int64_t idx = find_part(x, name);
    if (idx < 0) {
        if (missing_ok) return 1;
        xfail(x, CX_ERR_FORMAT, "the workbook has no part %s (damaged or not an Excel file)", name);
        return -1;
    }
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(x->zip, (zip_uint64_t)idx, 0, &st) == 0 && (st.valid & ZIP_STAT_SIZE) &&
        st.size > CX_MAX_UNZIPPED) {
        xfail(x, CX_ERR_LIMIT, "%s unpacks to %llu bytes, more than the %u MiB limit", name,
              (unsigned long long)st.size, CX_MAX_UNZIPPED >> 20);
        return -1;
    }
    zip_file_t *zf = zip_fopen_index(x->zip, (zip_uint64_t)idx, 0);
    if (!zf) {
        zip_error_t *ze = zip_get_error(x->zip);
        int code = zip_error_code_zip(ze);
        if (code == ZIP_ER_NOPASSWD || code == ZIP_ER_WRONGPASSWD || code == ZIP_ER_ENCRNOTSUPP)
            xfail(x, CX_ERR_ENCRYPTED, "%s is encrypted (password-protected workbook)", name);
        else
            xfail(x, CX_ERR_FORMAT, "cannot open %s: %s", name, zip_error_strerror(ze));
        return -1;
    }
    XML_Parser p = XML_ParserCreate(NULL);   /* parts may be UTF-8 or UTF-16: expat reads the declaration */
    char *buf = malloc(XLSX_CHUNK);
    if (!p || !buf) {
        if (p) XML_ParserFree(p);
        free(buf);
        zip_fclose(zf);
        nomem(x);
        return -1;
    }
    XML_SetUserData(p, x);
    set_handlers(x, p, start, end);
    XML_SetCharacterDataHandler(p, on_text);
    XML_SetStartDoctypeDeclHandler(p, on_doctype);
    x->xp = p;
    x->part = name;
    x->in_text = 0;
    x->depth_skip = 0;
    x->text.n = 0;
    uint64_t total = 0;
    int rc = 0;
    for (;;) {
        zip_int64_t n = zip_fread(zf, buf, XLSX_CHUNK);
        if (n < 0) {
            xfail(x, CX_ERR_FORMAT, "%s is damaged: %s", name, zip_error_strerror(zip_file_get_error(zf)));
            rc = -1;
            break;
        }
        total += (uint64_t)n;
        x->unzipped += (uint64_t)n;
        if (x->unzipped > XLSX_MAX_TOTAL) {   /* many parts, each under the limit */
            xfail(x, CX_ERR_LIMIT, "the workbook's parts unpack to more than %u MiB in all (zip bomb?)",
                  (unsigned)(XLSX_MAX_TOTAL >> 20));
            rc = -1;
            break;
        }
        if (total > CX_MAX_UNZIPPED) {   /* the header may lie: count what really comes out */
            xfail(x, CX_ERR_LIMIT, "%s unpacks to more than the %u MiB limit (zip bomb?)", name,
                  CX_MAX_UNZIPPED >> 20);
            rc = -1;
            break;
        }
        if (XML_Parse(p, buf, (int)n, n == 0) == XML_STATUS_ERROR) {
            if (!x->err)
                xfail(x, CX_ERR_FORMAT, "%s, line %lu, column %lu: bad XML: %s", name,
                      (unsigned long)XML_GetCurrentLineNumber(p),
                      (unsigned long)XML_GetCurrentColumnNumber(p) + 1,
                      XML_ErrorString(XML_GetErrorCode(p)));
            rc = -1;
            break;
        }
        if (x->err) { rc = -1; break; }
        if (n == 0) break;
    }
    x->xp = NULL;
    XML_ParserFree(p);
    free(buf);
    zip_fclose(zf);
    return x->err ? -1 : rc;
}

/* ---- rels and workbook --------------------------------------------------- */

static void XMLCALL rels_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    xlsx *x = ud;
    if (strcmp(local_name(name), "Relationship") != 0) return;
    const char *id = attr(atts, "Id"), *type = attr(atts, "Type"), *target = attr(atts, "Target");
    const char *mode = attr(atts, "TargetMode");
    if (!id || !target || (mode && strcasecmp(mode, "External") == 0)) return;
    if (x->nrels == x->caprels) {
        if (x->nrels >= XLSX_MAX_ENTRIES) { xfail(x, CX_ERR_LIMIT, "too many relationships"); return; }
        size_t cap = x->caprels ? 2 * x->caprels : 16;
        xrel *r = realloc(x->rels, cap * sizeof *r);
        if (!r) { nomem(x); return; }
        x->rels = r;
        x->caprels = cap;
    }
    xrel *r = &x->rels[x->nrels];
    r->id = strdup(id);
    r->type = strdup(type ? type : "");
    r->target = strdup(target);
    if (!r->id || !r->type || !r->target) {
        free(r->id); free(r->type); free(r->target);
        nomem(x);
        return;
    }
    x->nrels++;
}

static void XMLCALL ignore_end(void *ud, const XML_Char *name) { (void)ud; (void)name; }

static void XMLCALL wb_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    xlsx *x = ud;
    const char *ln = local_name(name);
    if (strcmp(ln, "workbookPr") == 0) {
        const char *v = attr(atts, "date1904");
        x->date1904 = v && (strcmp(v, "1") == 0 || strcasecmp(v, "true") == 0);
        return;
    }
    if (strcmp(ln, "sheet") != 0) return;
    const char *nm = attr(atts, "name"), *rid = attr(atts, "id");
    if (!rid) return;
    if (x->nsheets >= CX_MAX_SHEETS) {
        xfail(x, CX_ERR_LIMIT, "the workbook has more than %u sheets", CX_MAX_SHEETS);
        return;
    }
    if (x->nsheets == x->capsheets) {
        size_t cap = x->capsheets ? 2 * x->capsheets : 8;
        xsheet *s = realloc(x->sheets, cap * sizeof *s);
        if (!s) { nomem(x); return; }
        x->sheets = s;
        x->capsheets = cap;
    }
    xsheet *s = &x->sheets[x->nsheets];
    s->name = strdup(nm ? nm : "");
    s->rid = strdup(rid);
    s->part = NULL;
    if (!s->name || !s->rid) { free(s->name); free(s->rid); nomem(x); return; }
    x->nsheets++;
}

/* Resolve a relationship target against the xl/ folder: "worksheets/sheet1.xml",
 * "/xl/worksheets/sheet1.xml", "../xl/x.xml". Caller frees; NULL on nonsense. */
static char *resolve_target(const char *target)
{
    char path[1024];
    if (target[0] == '/') snprintf(path, sizeof path, "%s", target + 1);
    else snprintf(path, sizeof path, "xl/%s", target);
    /* collapse "." and ".." segments */
    char *segs[128];
    size_t n = 0;
    char *save = NULL;
    for (char *t = strtok_r(path, "/\\", &save); t; t = strtok_r(NULL, "/\\", &save)) {
        if (strcmp(t, ".") == 0) continue;
        if (strcmp(t, "..") == 0) { if (n) n--; continue; }
        if (n == 128) return NULL;
        segs[n++] = t;
    }
    if (!n) return NULL;
    xbuf b = {0};
    for (size_t i = 0; i < n; i++)
        if ((i && xbuf_add(&b, "/", 1)) || xbuf_add(&b, segs[i], strlen(segs[i]))) { free(b.p); return NULL; }
    return b.p;
}

static const xrel *rel_by_type(const xlsx *x, const char *suffix)
{
    size_t sl = strlen(suffix);
    for (size_t i = 0; i < x->nrels; i++) {
        size_t tl = strlen(x->rels[i].type);
        if (tl >= sl && strcmp(x->rels[i].type + tl - sl, suffix) == 0) return &x->rels[i];
    }
    return NULL;
}

/* OOXML escapes characters XML cannot hold as _xHHHH_ ("_x000D_" for a carriage
 * return, "_x005F_" for a literal underscore). Decoded in place (never longer);
 * NUL is dropped so texts stay C strings. Returns the new length. */
static size_t ooxml_unescape(char *s, size_t n)
{
    if (!memchr(s, '_', n)) return n;
    size_t w = 0;
    for (size_t r = 0; r < n;) {
        unsigned cp = 0;
        int ok = r + 7 <= n && s[r] == '_' && s[r + 1] == 'x' && s[r + 6] == '_';
        for (size_t k = 2; ok && k < 6; k++) {
            char c = s[r + k];
            unsigned v = c >= '0' && c <= '9' ? (unsigned)(c - '0')
                       : c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10)
                       : c >= 'A' && c <= 'F' ? (unsigned)(c - 'A' + 10) : 16u;
            if (v == 16) ok = 0;
            cp = cp * 16 + v;
        }
        if (!ok) { s[w++] = s[r++]; continue; }
        r += 7;
        if (cp == 0) continue;
        if (cp >= 0xD800 && cp <= 0xDFFF) cp = 0xFFFD;   /* a lone half of a pair */
        if (cp < 0x80) s[w++] = (char)cp;
        else if (cp < 0x800) { s[w++] = (char)(0xC0 | (cp >> 6)); s[w++] = (char)(0x80 | (cp & 0x3F)); }
        else {
            s[w++] = (char)(0xE0 | (cp >> 12));
            s[w++] = (char)(0x80 | ((cp >> 6) & 0x3F));
            s[w++] = (char)(0x80 | (cp & 0x3F));
        }
    }
    s[w] = '\0';
    return w;
}

/* ---- shared strings ------------------------------------------------------- */

static void XMLCALL sst_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    (void)atts;
    xlsx *x = ud;
    const char *ln = local_name(name);
    if (strcmp(ln, "si") == 0) {
        x->in_si = 1;
        x->text.n = 0;
        if (x->text.p) x->text.p[0] = '\0';
    } else if (strcmp(ln, "rPh") == 0) {
        x->depth_skip++;
    } else if (strcmp(ln, "t") == 0 && x->in_si) {
        x->in_text = 1;   /* rich-text runs: every <t> of the item, concatenated */
    }
}

static void XMLCALL sst_end(void *ud, const XML_Char *name)
{
    xlsx *x = ud;
    const char *ln = local_name(name);
    if (strcmp(ln, "t") == 0) {
        x->in_text = 0;
    } else if (strcmp(ln, "rPh") == 0) {
        if (x->depth_skip) x->depth_skip--;
    } else if (strcmp(ln, "si") == 0 && x->in_si) {
        x->in_si = 0;
        if (x->nsst >= XLSX_MAX_STRINGS) { xfail(x, CX_ERR_LIMIT, "%s: too many shared strings", x->part); return; }
        if (x->nsst == x->capsst) {
            size_t cap = x->capsst ? 2 * x->capsst : 256;
            uint32_t *o = realloc(x->sst_off, cap * sizeof *o);
            if (!o) { nomem(x); return; }
            x->sst_off = o;
            x->capsst = cap;
        }
        x->sst_off[x->nsst++] = (uint32_t)x->sst.n;
        if (x->text.p) x->text.n = ooxml_unescape(x->text.p, x->text.n);
        /* keep the NUL: each string is read in place */
        if (xbuf_add(&x->sst, x->text.p ? x->text.p : "", x->text.n) || xbuf_add(&x->sst, "", 1)) nomem(x);
        x->text.n = 0;
    }
}

/* ---- styles ---------------------------------------------------------------- */

/* What a number format code says: percent, date/time, or neither.
 * Quoted text, escaped characters, [colors] and [conditions] do not count:
 * `0.00 "m/s"` is a plain number. */
static unsigned char classify_format(const char *code)
{
    int pct = 0, date = 0;
    for (const char *p = code; *p; p++) {
        char c = *p;
        if (c == '"') {
            p++;
            while (*p && *p != '"') p++;
            if (!*p) break;
        } else if (c == '\\' || c == '_' || c == '*') {
            if (!p[1]) break;
            p++;
        } else if (c == '[') {
            /* [h], [mm], [ss] are elapsed time; other brackets are colors/locales/conditions */
            const char *q = p + 1;
            if (*q == 'h' || *q == 'H' || *q == 'm' || *q == 'M' || *q == 's' || *q == 'S') {
                const char *r = q;
                while (*r == *q) r++;
                if (*r == ']') date = 1;
            }
            while (*p && *p != ']') p++;
            if (!*p) break;
        } else if (c == ';') {
            break;   /* the first section decides */
        } else if (c == '%') {
            pct = 1;
        } else if (strchr("dDmMyYhHsS", c)) {
            date = 1;
        } else if ((c == 'G' || c == 'g') && strncasecmp(p, "general", 7) == 0) {
            p += 6;
        } else if ((c == 'E' || c == 'e') && (p[1] == '+' || p[1] == '-')) {
            p++;
        } else if ((c == 'A' || c == 'a') && (strncasecmp(p, "am/pm", 5) == 0 || strncasecmp(p, "a/p", 3) == 0)) {
            date = 1;
            p += (strncasecmp(p, "am/pm", 5) == 0) ? 4 : 2;
        }
    }
    if (pct) return CX_CF_PERCENT;
    if (date) return CX_CF_DATE;
    return 0;
}

static unsigned char builtin_format(unsigned id)
{
    if (id == 9 || id == 10) return CX_CF_PERCENT;
    if ((id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) || (id >= 50 && id <= 58))
        return CX_CF_DATE;
    return 0;
}

static void XMLCALL sty_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    xlsx *x = ud;
    const char *ln = local_name(name);
    if (strcmp(ln, "numFmt") == 0) {
        const char *id = attr(atts, "numFmtId"), *code = attr(atts, "formatCode");
        if (!id || !code) return;
        if (x->nfmts >= XLSX_MAX_STYLES) { xfail(x, CX_ERR_LIMIT, "%s: too many number formats", x->part); return; }
        if (x->nfmts == x->capfmts) {
            size_t cap = x->capfmts ? 2 * x->capfmts : 16;
            void *f = realloc(x->fmts, cap * sizeof *x->fmts);
            if (!f) { nomem(x); return; }
            x->fmts = f;
            x->capfmts = cap;
        }
        x->fmts[x->nfmts].id = (unsigned)strtoul(id, NULL, 10);
        x->fmts[x->nfmts].flags = classify_format(code);
        x->nfmts++;
    } else if (strcmp(ln, "cellXfs") == 0) {
        x->in_cellxfs = 1;
    } else if (strcmp(ln, "xf") == 0 && x->in_cellxfs) {
        const char *id = attr(atts, "numFmtId");
        unsigned fid = id ? (unsigned)strtoul(id, NULL, 10) : 0;
        if (x->nxf >= XLSX_MAX_STYLES) { xfail(x, CX_ERR_LIMIT, "%s: too many cell styles", x->part); return; }
        if (x->nxf == x->capxf) {
            size_t cap = x->capxf ? 2 * x->capxf : 64;
            unsigned char *f = realloc(x->xf, cap);
            if (!f) { nomem(x); return; }
            x->xf = f;
            unsigned *fi = realloc(x->xf_fid, cap * sizeof *fi);
            if (!fi) { nomem(x); return; }
            x->xf_fid = fi;
            x->capxf = cap;
        }
        x->xf_fid[x->nxf] = fid;
        x->xf[x->nxf++] = 0;
    }
}

typedef struct fmt_tagged { unsigned id; unsigned pos; unsigned char flags; } fmt_tagged;

static int fmt_cmp_tagged(const void *a, const void *b)
{
    const fmt_tagged *fa = a, *fb = b;
    if (fa->id != fb->id) return fa->id < fb->id ? -1 : 1;
    return fa->pos < fb->pos ? -1 : fa->pos > fb->pos;
}

/* Each xf's flags from its numFmtId: custom formats by binary search (the first of equal
 * ids wins, as the linear search did), else the built-in ones. O((F + X) log F). */
static void resolve_styles(xlsx *x)
{
    if (x->nfmts > 1) {
        /* a stable sort keeps the first of equal ids first: tag with the position */
        fmt_tagged *t = malloc(x->nfmts * sizeof *t);
        if (!t) { nomem(x); return; }
        for (size_t i = 0; i < x->nfmts; i++) t[i] = (fmt_tagged){x->fmts[i].id, (unsigned)i, x->fmts[i].flags};
        qsort(t, x->nfmts, sizeof *t, fmt_cmp_tagged);
        for (size_t i = 0; i < x->nfmts; i++) { x->fmts[i].id = t[i].id; x->fmts[i].flags = t[i].flags; }
        free(t);
    }
    for (size_t k = 0; k < x->nxf; k++) {
        unsigned fid = x->xf_fid[k];
        unsigned char fl = builtin_format(fid);
        size_t lo = 0, hi = x->nfmts;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (x->fmts[mid].id < fid) lo = mid + 1; else hi = mid;
        }
        if (lo < x->nfmts && x->fmts[lo].id == fid) fl = x->fmts[lo].flags;
        x->xf[k] = fl;
    }
}

static void XMLCALL sty_end(void *ud, const XML_Char *name)
{
    xlsx *x = ud;
    if (strcmp(local_name(name), "cellXfs") == 0) x->in_cellxfs = 0;
}

/* ---- worksheets ------------------------------------------------------------ */

/* "C7" -> col 2, row 6 (0-based). Returns 0 ok, -1 malformed, -2 out of Excel's range.
 * The row part may be absent (row_out untouched). */
static int parse_ref(const char *s, uint32_t *col_out, long *row_out)
{
    uint32_t col = 0;
    size_t i = 0;
    while (s[i] == '$') i++;
    size_t start = i;
    for (; (s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z'); i++) {
        if (i - start >= 3) return -2;   /* XFD is the last column: huge letters are refused, no overflow */
        col = col * 26 + (uint32_t)((s[i] | 0x20) - 'a' + 1);
    }
    if (i == start) return -1;
    if (col > XLSX_MAX_COL) return -2;
    while (s[i] == '$') i++;
    if (s[i]) {
        unsigned long r = 0;
        size_t ds = i;
        for (; s[i] >= '0' && s[i] <= '9'; i++) {
            r = r * 10 + (unsigned long)(s[i] - '0');
            if (r > XLSX_MAX_ROW) return -2;
        }
        if (s[i] || i == ds || r == 0) return -1;
        if (row_out) *row_out = (long)r - 1;
    }
    *col_out = col - 1;
    return 0;
}

static cx_error sheet_cb_failed(xlsx *x)
{
    if (x->d->err) x->err = x->d->err;
    else {
        cx_fail(x->d, CX_ERR_ABORTED, "%s: stopped", x->path);
        x->err = CX_ERR_ABORTED;
    }
    if (x->xp) XML_StopParser(x->xp, XML_FALSE);
    return x->err;
}

/* Push the buffered row (dense, trailing empties dropped). */
static cx_error flush_row(xlsx *x)
{
    if (x->row < 0) return CX_OK;
    uint32_t width = 0;
    for (size_t i = 0; i < x->ncells; i++)
        if (x->cells[i].cell.type != CX_CELL_EMPTY && x->cells[i].col + 1 > width) width = x->cells[i].col + 1;
    long r = x->row;
    x->row = -1;
    if (!width) { x->ncells = 0; x->rowtext.n = 0; return CX_OK; }
    cx_cell *dense = calloc(width, sizeof *dense);
    if (!dense) { nomem(x); return x->err; }
    for (size_t i = 0; i < x->ncells; i++) {
        xcell *c = &x->cells[i];
        if (c->cell.type == CX_CELL_EMPTY) continue;
        dense[c->col] = c->cell;
        if (c->off != (size_t)-1) dense[c->col].text = x->rowtext.p + c->off;
    }
    int rc = x->sink->row ? x->sink->row(x->sink->ud, (uint32_t)r, dense, width) : 0;
    free(dense);
    x->ncells = 0;
    x->rowtext.n = 0;
    x->last_row = r;
    if (rc) return sheet_cb_failed(x);
    return CX_OK;
}

static void begin_row_at(xlsx *x, const char **atts, const char *index_attr)
{
    const char *rs = attr(atts, index_attr);
    long r = x->last_row + 1;
    if (rs) {
        char *end;
        errno = 0;
        long v = strtol(rs, &end, 10);
        if (*rs < '0' || *rs > '9' || *end || errno || v < 1 || v > (long)XLSX_MAX_ROW) {
            xfail(x, CX_ERR_FORMAT, "%s, line %lu: bad row number '%.20s'", x->part,
                  (unsigned long)XML_GetCurrentLineNumber(x->xp), rs);
            return;
        }
        r = v - 1;
    }
    if (r <= x->last_row) {
        /* rows must increase; keep the data rather than drop it, and say so */
        cx_warn(x->d, "xlsx_row_order", x->path, x->sheet, r + 1, -1,
                "row %ld comes after row %ld; read as row %ld", r + 1, x->last_row + 1, x->last_row + 2);
        r = x->last_row + 1;
    }
    if (++x->nrows > CX_MAX_ROWS) { xfail(x, CX_ERR_LIMIT, "more than %u rows", CX_MAX_ROWS); return; }
    x->row = r;
    x->next_col = 0;
    x->ncells = 0;
    x->rowtext.n = 0;
}

/* An ISO 8601 date (t="d": Strict OOXML, some writers) as a 1900-system serial:
 * "2024-05-06" -> 45418, with the time as a fraction. Returns 0 ok, -1 not a date. */
static int iso_to_serial(const char *s, double *out)
{
    int y, m, d, hh = 0, mm = 0, n = 0;
    double ss = 0;
    if (sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 || y < 1 || m < 1 || m > 12 || d < 1 || d > 31) return -1;
    if (s[n] == 'T' && sscanf(s + n + 1, "%2d:%2d:%lf", &hh, &mm, &ss) < 2) return -1;
    if (hh < 0 || hh > 24 || mm < 0 || mm > 59 || !(ss >= 0 && ss < 61)) return -1;
    /* days from civil (H. Hinnant), then from 1899-12-30 */
    long yy = y - (m <= 2);
    long era = (yy >= 0 ? yy : yy - 399) / 400;
    long yoe = yy - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    long days = era * 146097 + doe - 719468;   /* since 1970-01-01 */
    *out = (double)(days + 25569) + (hh * 3600 + mm * 60 + ss) / 86400.0;
    return 0;
}

static void begin_row(xlsx *x, const char **atts) { begin_row_at(x, atts, "r"); }

static void begin_cell(xlsx *x, const char **atts)
{
    const char *ref = attr(atts, "r"), *t = attr(atts, "t"), *s = attr(atts, "s");
    if (x->row < 0) {   /* a <c> outside <row>: treat as its own row */
        const char *none[] = {NULL};
        begin_row(x, none);
        if (x->err) return;
    }
    uint32_t col = x->next_col;
    if (ref) {
        long r = x->row;
        int rc = parse_ref(ref, &col, &r);
        if (rc == -1) {
            xfail(x, CX_ERR_FORMAT, "%s, line %lu: bad cell reference '%.20s'", x->part,
                  (unsigned long)XML_GetCurrentLineNumber(x->xp), ref);
            return;
        }
        if (rc == -2) col = UINT32_MAX;   /* out of range: an error only if the cell holds something */
    }
    x->c_col = col;
    x->next_col = col == UINT32_MAX ? UINT32_MAX : col + 1;
    snprintf(x->c_type, sizeof x->c_type, "%s", t ? t : "n");
    x->c_style = s ? strtol(s, NULL, 10) : 0;
    x->in_c = 1;
    x->has_f = 0;
    x->text.n = 0;
    if (x->text.p) x->text.p[0] = '\0';
}

static void store_cell(xlsx *x, cx_cell c, const char *txt, size_t tlen);

/* A number cell's text (xlsx <v>, 2003 XML Data ss:Type="Number") into c->num; 0, with
 * a warning naming the cell, when it is not a number (the caller keeps it as text). */
static int number_cell(xlsx *x, const char *val, cx_cell *c)
{
    char *end;
    double v = strtod(val, &end);
    while (*end == ' ') end++;
    if (end == val || *end || !isfinite(v)) {
        cx_warn(x->d, "xlsx_bad_number", x->path, x->sheet, x->row + 1, (int)x->c_col,
                "'%.40s' in a number cell is not a number; read as text", val);
        return 0;
    }
    c->type = CX_CELL_NUMBER;
    c->num = v;
    return 1;
}

static void end_cell(xlsx *x)
{
    x->in_c = 0;
    char cname[24];
    const char *t = x->c_type;
    const char *val = x->text.p ? x->text.p : "";
    size_t vlen = x->text.n;
    cx_cell c = {0};
    const char *txt = NULL;
    size_t tlen = 0;
    if (vlen == 0) {
        if (x->has_f && strcmp(t, "str") != 0)
            cx_warn(x->d, "formula_no_value", x->path, x->sheet, x->row + 1, x->c_col == UINT32_MAX ? -1 : (int)x->c_col,
                    "a formula without a saved value (save the file in Excel or LibreOffice first); read as empty");
        return;   /* empty (maybe only styled) */
    }
    if (x->c_col == UINT32_MAX || x->c_col >= CX_MAX_COLUMNS) {
        if (x->c_col == UINT32_MAX)
            xfail(x, CX_ERR_LIMIT, "row %ld: a cell beyond Excel's last column (XFD)", x->row + 1);
        else
            xfail(x, CX_ERR_LIMIT, "cell %s: more than %u columns", cx_cell_name((int)x->c_col, x->row + 1, cname),
                  CX_MAX_COLUMNS);
        return;
    }
    cx_cell_name((int)x->c_col, x->row + 1, cname);
    if (x->has_f) c.flags |= CX_CF_FORMULA;
    if (strcmp(t, "s") == 0) {
        char *end;
        errno = 0;
        unsigned long long i = strtoull(val, &end, 10);
        if (!x->have_sst) {
            xfail(x, CX_ERR_FORMAT, "cell %s refers to shared string %.20s, but the workbook has no shared strings part (xl/sharedStrings.xml)",
                  cname, val);
            return;
        }
        if (end == val || *end || errno || i >= x->nsst) {
            cx_warn(x->d, "xlsx_bad_string_index", x->path, x->sheet, x->row + 1, (int)x->c_col,
                    "shared string %.20s does not exist (the workbook has %zu); read as empty", val, x->nsst);
            return;
        }
        txt = x->sst.p + x->sst_off[i];
        tlen = strlen(txt);
        c.type = CX_CELL_TEXT;
    } else if (strcmp(t, "d") == 0 && iso_to_serial(val, &c.num) == 0) {
        c.type = CX_CELL_NUMBER;
        c.flags |= CX_CF_DATE;
        txt = val;
        tlen = vlen;
    } else if (strcmp(t, "inlineStr") == 0 || strcmp(t, "str") == 0 || strcmp(t, "d") == 0) {
        txt = val;
        tlen = ooxml_unescape(x->text.p, vlen);
        c.type = CX_CELL_TEXT;
    } else if (strcmp(t, "b") == 0) {
        c.type = CX_CELL_BOOL;
        c.num = (val[0] == '1' || strcasecmp(val, "true") == 0) ? 1 : 0;
        txt = c.num ? "TRUE" : "FALSE";
        tlen = strlen(txt);
    } else if (strcmp(t, "e") == 0) {
        c.type = CX_CELL_ERROR;
        txt = val;
        tlen = vlen;
    } else {
        if (!number_cell(x, val, &c)) {
            c.type = CX_CELL_TEXT;
        } else {
            if (x->c_style > 0 && (size_t)x->c_style < x->nxf) c.flags |= x->xf[x->c_style];
            else if (x->c_style == 0 && x->nxf) c.flags |= x->xf[0];
            if ((c.flags & CX_CF_DATE) && x->date1904) c.num += 1462;   /* to the 1900 system */
        }
        txt = val;
        tlen = vlen;
    }
    if (c.type == CX_CELL_TEXT && tlen == 0) return;   /* "" is an empty cell */
    store_cell(x, c, txt, tlen);
}

/* Keep cell c at column x->c_col of the current row; its text goes into the row's
 * buffer (cells refer to it by offset, since the buffer moves as it grows). */
static void store_cell(xlsx *x, cx_cell c, const char *txt, size_t tlen)
{
    if (x->ncells == x->capcells) {
        if (x->ncells >= CX_MAX_COLUMNS * 2u) { xfail(x, CX_ERR_LIMIT, "row %ld: too many cells", x->row + 1); return; }
        size_t cap = x->capcells ? 2 * x->capcells : 32;
        xcell *nc = realloc(x->cells, cap * sizeof *nc);
        if (!nc) { nomem(x); return; }
        x->cells = nc;
        x->capcells = cap;
    }
    xcell *xc = &x->cells[x->ncells];
    /* a repeated column overwrites the earlier cell; cells normally come left to right,
     * so the search (quadratic on a hostile row) only runs when one goes backwards */
    if (x->ncells && x->c_col <= x->row_maxcol)
        for (size_t i = 0; i < x->ncells; i++)
            if (x->cells[i].col == x->c_col) { xc = &x->cells[i]; break; }
    if (!x->ncells || x->c_col > x->row_maxcol) x->row_maxcol = x->c_col;
    if (xc == &x->cells[x->ncells]) x->ncells++;
    xc->col = x->c_col;
    xc->off = (size_t)-1;
    if (txt) {
        /* one shared string can be referred to by every cell of a row: the row's text is
         * bounded, not the product of the two */
        if (x->rowtext.n + tlen > CX_MAX_ROW_TEXT) {
            xfail(x, CX_ERR_LIMIT, "row %ld: more than %u MiB of text in one row", x->row + 1, CX_MAX_ROW_TEXT >> 20);
            return;
        }
        xc->off = x->rowtext.n;
        if (xbuf_add(&x->rowtext, txt, tlen) || xbuf_add(&x->rowtext, "", 1)) { nomem(x); return; }
        c.len = tlen;
    }
    c.text = NULL;
    xc->cell = c;
}

static void merge_cell(xlsx *x, const char *ref)
{
    const char *colon = ref ? strchr(ref, ':') : NULL;
    if (!colon || colon - ref > 15) return;
    char a[16];
    memcpy(a, ref, (size_t)(colon - ref));
    a[colon - ref] = '\0';
    uint32_t c1, c2;
    long r1 = -1, r2 = -1;
    if (parse_ref(a, &c1, &r1) || parse_ref(colon + 1, &c2, &r2) || r1 < 0 || r2 < 0) {
        cx_warn(x->d, "xlsx_bad_merge", x->path, x->sheet, 0, -1, "merged range '%.40s' is not a range; ignored", ref);
        return;
    }
    if (c2 < c1) { uint32_t t = c1; c1 = c2; c2 = t; }
    if (r2 < r1) { long t = r1; r1 = r2; r2 = t; }
    if (c1 >= CX_MAX_COLUMNS) return;
    if (c2 >= CX_MAX_COLUMNS) c2 = CX_MAX_COLUMNS - 1;   /* downstream never sees a column it cannot hold */
    if (r1 == r2 && c1 == c2) return;
    if (x->sink->merge && x->sink->merge(x->sink->ud, (uint32_t)r1, c1, (uint32_t)r2, c2)) sheet_cb_failed(x);
}

static void XMLCALL ws_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    xlsx *x = ud;
    if (x->err) return;
    const char *ln = local_name(name);
    if (strcmp(ln, "sheetData") == 0) {
        x->in_sheetdata = 1;
    } else if (!x->in_sheetdata) {
        if (strcmp(ln, "mergeCell") == 0) merge_cell(x, attr(atts, "ref"));
    } else if (strcmp(ln, "row") == 0) {
        if (x->row >= 0 && flush_row(x)) return;
        begin_row(x, atts);
    } else if (strcmp(ln, "c") == 0) {
        begin_cell(x, atts);
    } else if (!x->in_c) {
        return;
    } else if (strcmp(ln, "v") == 0) {
        x->in_v = 1;
        x->in_text = 1;
    } else if (strcmp(ln, "f") == 0) {
        x->has_f = 1;
    } else if (strcmp(ln, "is") == 0) {
        x->in_is = 1;
    } else if (strcmp(ln, "rPh") == 0) {
        x->depth_skip++;
    } else if (strcmp(ln, "t") == 0 && x->in_is) {
        x->in_text = 1;
    }
}

static void XMLCALL ws_end(void *ud, const XML_Char *name)
{
    xlsx *x = ud;
    if (x->err) return;
    const char *ln = local_name(name);
    if (!x->in_sheetdata) return;
    if (strcmp(ln, "sheetData") == 0) {
        if (x->row >= 0) flush_row(x);
        x->in_sheetdata = 0;
    } else if (strcmp(ln, "row") == 0) {
        flush_row(x);
    } else if (strcmp(ln, "c") == 0) {
        if (x->in_c) end_cell(x);
    } else if (strcmp(ln, "v") == 0) {
        x->in_v = 0;
        x->in_text = 0;
    } else if (strcmp(ln, "is") == 0) {
        x->in_is = 0;
    } else if (strcmp(ln, "rPh") == 0) {
        if (x->depth_skip) x->depth_skip--;
    } else if (strcmp(ln, "t") == 0) {
        if (x->in_is) x->in_text = 0;
    }
}

static void read_sheet(xlsx *x, size_t i)
{
    xsheet *s = &x->sheets[i];
    x->sheet = s->name;
    x->row = -1;
    x->last_row = -1;
    x->ncells = 0;
    x->nrows = 0;
    x->in_sheetdata = x->in_c = x->in_is = x->in_v = 0;
    if (x->sink->sheet_begin && x->sink->sheet_begin(x->sink->ud, s->name, (uint32_t)i)) {
        sheet_cb_failed(x);
        return;
    }
    if (parse_part(x, s->part, ws_start, ws_end, 0) < 0) return;
    if (x->row >= 0 && flush_row(x)) return;
    if (x->sink->sheet_end && x->sink->sheet_end(x->sink->ud)) sheet_cb_failed(x);
    x->sheet = NULL;
}

/* ---- SpreadsheetML 2003 ("XML Spreadsheet", what older web apps export as .xls) ----
 * <Workbook><Styles><Style ss:ID><NumberFormat ss:Format/></Style></Styles>
 * <Worksheet ss:Name><Table><Row ss:Index><Cell ss:Index ss:MergeAcross ss:MergeDown
 * ss:StyleID><Data ss:Type="String|Number|Boolean|DateTime|Error">. Indexes are 1-based;
 * a cell after a MergeAcross starts right of the merge. Streamed like a worksheet part. */

static unsigned char ssml_format(const char *f)
{
    static const char *const dates[] = {"General Date", "Long Date", "Medium Date", "Short Date",
                                        "Long Time", "Medium Time", "Short Time"};
    if (!strcasecmp(f, "Percent")) return CX_CF_PERCENT;
    for (size_t i = 0; i < sizeof dates / sizeof dates[0]; i++)
        if (!strcasecmp(f, dates[i])) return CX_CF_DATE;
    if (!strcasecmp(f, "General") || !strcasecmp(f, "General Number") || !strcasecmp(f, "Fixed") ||
        !strcasecmp(f, "Standard") || !strcasecmp(f, "Scientific") || !strcasecmp(f, "Currency") ||
        !strcasecmp(f, "Euro Currency") || !strcasecmp(f, "Yes/No") || !strcasecmp(f, "True/False") ||
        !strcasecmp(f, "On/Off") || !strcasecmp(f, "@"))
        return 0;
    return classify_format(f);
}

/* A style's flags by its id: a hash lookup (199,000 styles looked up by every cell
 * would be quadratic). The first style of an id wins. */
static unsigned char ssml_style(const xlsx *x, const char *id)
{
    if (!id || !x->ssty_map) return 0;
    uintptr_t k = (uintptr_t)cx_strmap_get(x->ssty_map, id, strlen(id));
    return k ? x->ssty[k - 1].flags : 0;
}

static long ssml_index(xlsx *x, const char *v, long max, const char *what)
{
    if (!v) return 0;
    char *end;
    errno = 0;
    long n = strtol(v, &end, 10);
    if (end == v || *end || errno || n < 1 || n > max) {
        xfail(x, CX_ERR_FORMAT, "line %lu: bad %s '%.20s'", (unsigned long)XML_GetCurrentLineNumber(x->xp), what, v);
        return -1;
    }
    return n;
}

static void XMLCALL ssml_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    xlsx *x = ud;
    if (x->err) return;
    const char *ln = local_name(name);
    if (!strcmp(ln, "Style")) {
        const char *id = attr(atts, "ID");
        if (!id) return;
        if (x->nssty >= XLSX_MAX_STYLES) { xfail(x, CX_ERR_LIMIT, "too many styles"); return; }
        if (x->nssty == x->capssty) {
            size_t cap = x->capssty ? 2 * x->capssty : 16;
            void *p = realloc(x->ssty, cap * sizeof *x->ssty);
            if (!p) { nomem(x); return; }
            x->ssty = p;
            x->capssty = cap;
        }
        if (!(x->ssty[x->nssty].id = strdup(id))) { nomem(x); return; }
        x->ssty[x->nssty++].flags = 0;
        if (!x->ssty_map && !(x->ssty_map = cx_strmap_new(0))) { nomem(x); return; }
        if (!cx_strmap_get(x->ssty_map, id, strlen(id)) &&
            cx_strmap_put(x->ssty_map, id, strlen(id), (void *)(uintptr_t)x->nssty) != CX_STRMAP_OK) { nomem(x); return; }
        x->in_style = 1;
    } else if (!strcmp(ln, "NumberFormat") && x->in_style) {
        const char *f = attr(atts, "Format");
        if (f) x->ssty[x->nssty - 1].flags = ssml_format(f);
    } else if (!strcmp(ln, "Worksheet")) {
        if (x->in_sheetdata) return;   /* a worksheet inside a worksheet: not a new sheet */
        if (x->nsheets_seen >= (int)CX_MAX_SHEETS) { xfail(x, CX_ERR_LIMIT, "the workbook has more than %u sheets", CX_MAX_SHEETS); return; }
        const char *nm = attr(atts, "Name");
        char def[32];
        snprintf(def, sizeof def, "Sheet%d", x->nsheets_seen + 1);
        free(x->sheet_name);
        if (!(x->sheet_name = strdup(nm ? nm : def))) { nomem(x); return; }
        x->sheet = x->sheet_name;
        x->row = -1;
        x->last_row = -1;
        x->ncells = 0;
        x->nrows = 0;
        x->in_sheetdata = 1;
        if (x->sink->sheet_begin && x->sink->sheet_begin(x->sink->ud, x->sheet, (uint32_t)x->nsheets_seen)) {
            sheet_cb_failed(x);
            return;
        }
        x->nsheets_seen++;
    } else if (!x->in_sheetdata) {
        return;
    } else if (!strcmp(ln, "Row")) {
        if (x->row >= 0 && flush_row(x)) return;
        begin_row_at(x, atts, "Index");
    } else if (!strcmp(ln, "Cell")) {
        if (x->row < 0) {
            const char *none[] = {NULL};
            begin_row_at(x, none, "Index");
            if (x->err) return;
        }
        long idx = ssml_index(x, attr(atts, "Index"), XLSX_MAX_COL, "cell index");
        long across = ssml_index(x, attr(atts, "MergeAcross"), XLSX_MAX_COL, "MergeAcross");
        long down = ssml_index(x, attr(atts, "MergeDown"), XLSX_MAX_ROW, "MergeDown");
        if (idx < 0 || across < 0 || down < 0) return;
        uint32_t col = idx ? (uint32_t)idx - 1 : x->next_col;
        x->c_col = col;
        x->next_col = col + 1 + (uint32_t)across;
        x->c_flags = ssml_style(x, attr(atts, "StyleID"));
        x->has_f = attr(atts, "Formula") != NULL;
        x->c_type[0] = '\0';
        x->in_c = 1;
        x->text.n = 0;
        if (x->text.p) x->text.p[0] = '\0';
        if ((across || down) && col < CX_MAX_COLUMNS && x->sink->merge) {
            uint32_t c2 = col + (uint32_t)across;
            if (c2 >= CX_MAX_COLUMNS) c2 = CX_MAX_COLUMNS - 1;
            if (x->sink->merge(x->sink->ud, (uint32_t)x->row, col, (uint32_t)(x->row + down), c2)) sheet_cb_failed(x);
        }
    } else if (!strcmp(ln, "Data") && x->in_c) {
        const char *t = attr(atts, "Type");
        snprintf(x->c_type, sizeof x->c_type, "%s", t ? t : "String");
        x->in_data = 1;
        x->in_text = 1;   /* rich text (<B>, <Font>) inside Data: its characters count */
    }
}

static void ssml_end_cell(xlsx *x)
{
    x->in_c = 0;
    const char *t = x->c_type;
    const char *val = x->text.p ? x->text.p : "";
    size_t vlen = x->text.n;
    if (!t[0] || vlen == 0) return;
    if (x->c_col >= CX_MAX_COLUMNS) {
        char cname[24];
        xfail(x, CX_ERR_LIMIT, "cell %s: more than %u columns", cx_cell_name((int)x->c_col, x->row + 1, cname), CX_MAX_COLUMNS);
        return;
    }
    cx_cell c = {0};
    if (x->has_f) c.flags |= CX_CF_FORMULA;
    if (!strcmp(t, "Number")) {
        if (!number_cell(x, val, &c)) {
            c.type = CX_CELL_TEXT;
        } else {
            c.flags |= x->c_flags;
        }
    } else if (!strcmp(t, "DateTime") && iso_to_serial(val, &c.num) == 0) {
        c.type = CX_CELL_NUMBER;
        c.flags |= CX_CF_DATE;
    } else if (!strcmp(t, "Boolean")) {
        c.type = CX_CELL_BOOL;
        c.num = val[0] == '1' || !strcasecmp(val, "true");
        val = c.num ? "TRUE" : "FALSE";
        vlen = strlen(val);
    } else if (!strcmp(t, "Error")) {
        c.type = CX_CELL_ERROR;
    } else {
        c.type = CX_CELL_TEXT;
    }
    store_cell(x, c, val, vlen);
}

static void XMLCALL ssml_end(void *ud, const XML_Char *name)
{
    xlsx *x = ud;
    if (x->err) return;
    const char *ln = local_name(name);
    if (!strcmp(ln, "Style")) {
        x->in_style = 0;
    } else if (!x->in_sheetdata) {
        return;
    } else if (!strcmp(ln, "Data")) {
        x->in_data = 0;
        x->in_text = 0;
    } else if (!strcmp(ln, "Cell")) {
        if (x->in_c) ssml_end_cell(x);
    } else if (!strcmp(ln, "Row")) {
        flush_row(x);
    } else if (!strcmp(ln, "Worksheet")) {
        if (x->row >= 0 && flush_row(x)) return;
        x->in_sheetdata = 0;
        if (x->sink->sheet_end && x->sink->sheet_end(x->sink->ud)) { sheet_cb_failed(x); return; }
        x->sheet = NULL;
    }
}

/* Is this an XML Spreadsheet 2003 document (not a zip)? */
static int is_ssml(const uint8_t *b, size_t len)
{
    size_t n = len < 4096 ? len : 4096;
    const char *urn = "urn:schemas-microsoft-com:office:spreadsheet";
    size_t ul = strlen(urn);
    for (size_t i = 0; i + ul <= n; i++)
        if (memcmp(b + i, urn, ul) == 0) return 1;
    return 0;
}

static cx_error read_ssml(xlsx *x, const uint8_t *buf, size_t len, cx_read_info *info)
{
    XML_Parser p = XML_ParserCreate(NULL);
    if (!p) return cx_fail(x->d, CX_ERR_NOMEM, "%s: out of memory", x->path);
    XML_SetUserData(p, x);
    set_handlers(x, p, ssml_start, ssml_end);
    XML_SetCharacterDataHandler(p, on_text);
    XML_SetStartDoctypeDeclHandler(p, on_doctype);
    x->xp = p;
    x->part = "the XML spreadsheet";
    for (size_t off = 0;;) {
        size_t n = len - off > XLSX_CHUNK ? XLSX_CHUNK : len - off;
        int final = off + n == len;
        if (XML_Parse(p, (const char *)buf + off, (int)n, final) == XML_STATUS_ERROR) {
            if (!x->err)
                xfail(x, CX_ERR_FORMAT, "line %lu, column %lu: bad XML: %s", (unsigned long)XML_GetCurrentLineNumber(p),
                      (unsigned long)XML_GetCurrentColumnNumber(p) + 1, XML_ErrorString(XML_GetErrorCode(p)));
            break;
        }
        if (x->err || final) break;
        off += n;
    }
    x->xp = NULL;
    XML_ParserFree(p);
    if (!x->err && x->nsheets_seen == 0) xfail(x, CX_ERR_NO_TABLE, "an XML spreadsheet with no worksheet");
    if (info) info->nsheets = (uint32_t)x->nsheets_seen;
    return x->err;
}

static void xlsx_free(xlsx *x)
{
    for (size_t i = 0; i < x->nsheets; i++) {
        free(x->sheets[i].name);
        free(x->sheets[i].rid);
        free(x->sheets[i].part);
    }
    free(x->sheets);
    for (size_t i = 0; i < x->nrels; i++) {
        free(x->rels[i].id);
        free(x->rels[i].type);
        free(x->rels[i].target);
    }
    free(x->rels);
    free(x->sst.p);
    free(x->sst_off);
    free(x->xf);
    free(x->xf_fid);
    free(x->fmts);
    cx_strmap_free(x->ssty_map, NULL);
    free(x->text.p);
    free(x->cells);
    free(x->rowtext.p);
    for (size_t i = 0; i < x->nssty; i++) free(x->ssty[i].id);
    free(x->ssty);
    free(x->sheet_name);
    if (x->zip) zip_discard(x->zip);
}

cx_error cx_read_xlsx(const uint8_t *buf, size_t len, const cx_read_opts *opts,
                      const cx_sink *sink, cx_read_info *info, cx_diag *d)
{
    static const cx_sink no_sink = {0};
    xlsx x;
    memset(&x, 0, sizeof x);
    x.path = opts && opts->path ? opts->path : "<input>";
    x.sink = sink ? sink : &no_sink;
    x.d = d;
    x.row = -1;
    x.last_row = -1;
    if (info) {
        info->format = CX_FMT_XLSX;
        snprintf(info->encoding, sizeof info->encoding, "utf-8");
        info->encoding_confidence = 1.0;
    }

    if (!(len >= 2 && buf[0] == 'P' && buf[1] == 'K') && is_ssml(buf, len)) {
        cx_error e = read_ssml(&x, buf, len, info);
        xlsx_free(&x);
        return e;
    }

    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(buf, len, 0, &ze);
    if (!src) {
        zip_error_fini(&ze);
        return cx_fail(d, CX_ERR_NOMEM, "%s: out of memory", x.path);
    }
    x.zip = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
    if (!x.zip) {
        /* ZIP_CHECKCONS is strict; some writers leave harmless slack: retry without it */
        zip_error_fini(&ze);
        zip_error_init(&ze);
        x.zip = zip_open_from_source(src, ZIP_RDONLY, &ze);
    }
    if (!x.zip) {
        cx_error e = cx_fail(d, CX_ERR_FORMAT, "%s: not a readable xlsx (damaged or truncated zip: %s)", x.path,
                             zip_error_strerror(&ze));
        zip_source_free(src);
        zip_error_fini(&ze);
        return e;
    }
    zip_error_fini(&ze);

    zip_int64_t nent = zip_get_num_entries(x.zip, 0);
    if (nent < 0 || (zip_uint64_t)nent > XLSX_MAX_ENTRIES) {
        xlsx_free(&x);
        return cx_fail(d, CX_ERR_LIMIT, "%s: the zip holds %lld entries, more than the %u allowed", x.path,
                       (long long)nent, XLSX_MAX_ENTRIES);
    }

    /* Two entries of one name: a reader would see the first, another program the second.
     * Names are compared without case, as parts are looked up. */
    {
        cx_strmap *names = cx_strmap_new(0);
        if (!names) { nomem(&x); goto done; }
        for (zip_int64_t i = 0; i < nent && !x.err; i++) {
            const char *nm = zip_get_name(x.zip, (zip_uint64_t)i, ZIP_FL_ENC_RAW);
            if (!nm) continue;
            size_t nl = strlen(nm);
            char *low = malloc(nl + 1);
            if (!low) { nomem(&x); break; }
            for (size_t k = 0; k <= nl; k++) low[k] = (char)tolower((unsigned char)nm[k]);
            if (cx_strmap_get(names, low, nl))
                xfail(&x, CX_ERR_FORMAT, "the zip holds two entries named '%.200s' (a damaged or altered file)", nm);
            else if (cx_strmap_put(names, low, nl, (void *)1) != CX_STRMAP_OK)
                nomem(&x);
            free(low);
        }
        cx_strmap_free(names, NULL);
        if (x.err) goto done;
    }
    if (parse_part(&x, "xl/workbook.xml", wb_start, ignore_end, 0) < 0) goto done;
    if (parse_part(&x, "xl/_rels/workbook.xml.rels", rels_start, ignore_end, 0) < 0) goto done;

    /* shared strings and styles: from the rels, else the usual names */
    const xrel *r = rel_by_type(&x, "/sharedStrings");
    char *sst_part = resolve_target(r ? r->target : "sharedStrings.xml");
    if (!sst_part) { nomem(&x); goto done; }
    int rc = parse_part(&x, sst_part, sst_start, sst_end, 1);
    free(sst_part);
    if (rc < 0) goto done;
    x.have_sst = rc == 0;
    r = rel_by_type(&x, "/styles");
    char *sty_part = resolve_target(r ? r->target : "styles.xml");
    if (!sty_part) { nomem(&x); goto done; }
    rc = parse_part(&x, sty_part, sty_start, sty_end, 1);
    free(sty_part);
    if (rc < 0) goto done;
    resolve_styles(&x);
    if (x.err) goto done;

    /* sheets: only worksheets (chartsheets and dialog sheets hold no table) */
    size_t kept = 0;
    for (size_t i = 0; i < x.nsheets; i++) {
        const xrel *sr = NULL;
        for (size_t j = 0; j < x.nrels; j++)
            if (strcmp(x.rels[j].id, x.sheets[i].rid) == 0) { sr = &x.rels[j]; break; }
        size_t tl = sr ? strlen(sr->type) : 0;
        if (!sr || tl < 10 || strcmp(sr->type + tl - 10, "/worksheet") != 0) {
            cx_info(d, 2, "%s: sheet '%s' is not a worksheet (a chart or dialog); skipped", x.path, x.sheets[i].name);
            free(x.sheets[i].name);
            free(x.sheets[i].rid);
            continue;
        }
        x.sheets[kept] = x.sheets[i];
        x.sheets[kept].part = resolve_target(sr->target);
        if (!x.sheets[kept].part) {
            kept++;
            nomem(&x);
            x.nsheets = kept;
            goto done;
        }
        kept++;
    }
    x.nsheets = kept;
    /* sheets whose relationships point at one part: read once (a part read again for each
     * of 256 sheets would multiply the time and memory by 256) */
    kept = 0;
    for (size_t i = 0; i < x.nsheets; i++) {
        size_t j = 0;
        while (j < kept && strcasecmp(x.sheets[j].part, x.sheets[i].part) != 0) j++;
        if (j < kept) {
            cx_warn(d, "xlsx_same_part", x.path, x.sheets[i].name, 0, -1,
                    "the sheet is the same part as sheet '%s' (%s); read once", x.sheets[j].name, x.sheets[i].part);
            free(x.sheets[i].name);
            free(x.sheets[i].rid);
            free(x.sheets[i].part);
            continue;
        }
        x.sheets[kept++] = x.sheets[i];
    }
    x.nsheets = kept;
    if (!x.nsheets) {
        xfail(&x, CX_ERR_NO_TABLE, "the workbook has no worksheet");
        goto done;
    }
    if (info) info->nsheets = (uint32_t)x.nsheets;
    for (size_t i = 0; i < x.nsheets && !x.err; i++) read_sheet(&x, i);

done:;
    cx_error err = x.err;
    xlsx_free(&x);
    return err;
}
