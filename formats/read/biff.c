/*
 * biff.c — the Workbook-stream walker (see biff.h for why).
 *
 * Two layers, each treating the input as hostile:
 *   1. CFBF (the compound-file container): header, DIFAT, FAT, MiniFAT,
 *      directory; copy one stream out into a contiguous buffer. Every sector
 *      id is checked against the file, every chain is bounded in length (no
 *      loops), a stream may not claim more bytes than the file has.
 *   2. BIFF5/BIFF8 records: 4-byte header + payload; each payload read is
 *      checked against its record length.
 * Format reference: [MS-CFB], [MS-XLS] (record layouts quoted by name).
 */
#include "biff.h"
#include "i18n.h"
#include "table.h"

#include <errno.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdio.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define ENDOFCHAIN   0xFFFFFFFEu
#define FREESECT     0xFFFFFFFFu
#define MAX_CELLS    (4u << 20)   /* per workbook: 4 Mi cells, ~128 MiB here and in freexl */
#define MAX_MERGES   65536u       /* per sheet */
#define MAX_COLS     256u         /* BIFF5/BIFF8 sheets end at column IV */
#define MAX_XF       65536u

/* BIFF record types used here */
enum {
    R_FORMULA = 0x0006, R_EOF = 0x000A, R_DATEMODE = 0x0022, R_FILEPASS = 0x002F,
    R_CONTINUE = 0x003C, R_CODEPAGE = 0x0042, R_BOUNDSHEET = 0x0085, R_MULRK = 0x00BD,
    R_LABELSST = 0x00FD, R_RSTRING = 0x00D6, R_XF = 0x00E0, R_MERGEDCELLS = 0x00E5,
    R_NUMBER = 0x0203, R_LABEL = 0x0204, R_BOOLERR = 0x0205, R_STRING = 0x0207,
    R_RK = 0x027E, R_FORMAT = 0x041E, R_BOF = 0x0809, R_DIMENSIONS = 0x0200, R_SST = 0x00FC,
    R_BOF2 = 0x0009, R_BOF3 = 0x0209, R_BOF4 = 0x0409
};

static uint16_t rd16(const uint8_t *p) { return (uint16_t)(p[0] | (p[1] << 8)); }
static uint32_t rd32(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}
static double rddbl(const uint8_t *p)
{
    uint64_t u = (uint64_t)rd32(p) | ((uint64_t)rd32(p + 4) << 32);
    double d;
    memcpy(&d, &u, sizeof d);
    return d;
}

typedef struct ctx {
    char   *why;
    size_t  whylen;
} ctx;

static cx_biff_status fail(ctx *c, cx_biff_status st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static cx_biff_status fail(ctx *c, cx_biff_status st, const char *fmt, ...)
{
    if (c->why && c->whylen && !c->why[0]) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(c->why, c->whylen, _(fmt), ap);
        va_end(ap);
    }
    return st;
}

/* ------------------------------------------------------------------ CFBF */

typedef struct cfb {
    ctx           *c;
    const uint8_t *buf;
    size_t         len;
    uint32_t       ssz;     /* sector size: 512 or 4096 */
    uint32_t       nsec;    /* sectors wholly inside the file */
    uint32_t      *fat;
    uint32_t       nfat;
    int            major;
} cfb;

static const uint8_t *sector(const cfb *f, uint32_t id)
{
    if (id >= f->nsec) return NULL;
    return f->buf + ((size_t)id + 1) * f->ssz;
}

/* Read a chain of regular sectors. want == SIZE_MAX: up to the chain's end.
 * The result is never larger than the file (a chain cannot revisit a sector
 * without being a loop, which the step bound catches). */
static cx_biff_status read_chain(cfb *f, uint32_t start, size_t want, uint8_t **out, size_t *outlen,
                                 const char *what_en)
{
    const char *what = _(what_en);
    *out = NULL;
    *outlen = 0;
    if (want != SIZE_MAX && want > f->len)
        return fail(f->c, CX_BIFF_TRUNCATED, "the %s claims %zu bytes, more than the whole file", what, want);
    size_t cap = want == SIZE_MAX ? (size_t)f->ssz * 4 : (want ? want : 1);
    uint8_t *b = malloc(cap);
    if (!b) return CX_BIFF_NOMEM;
    size_t n = 0;
    uint32_t id = start, steps = 0;
    while (want == SIZE_MAX ? id != ENDOFCHAIN : n < want) {
        if (id == ENDOFCHAIN || id == FREESECT) {
            free(b);
            if (want == SIZE_MAX)
                return fail(f->c, CX_BIFF_DAMAGED, "the %s's sector chain runs into a free sector", what);
            return fail(f->c, CX_BIFF_TRUNCATED, "the %s ends after %zu of its %zu bytes", what, n, want);
        }
        const uint8_t *s = sector(f, id);
        if (!s || id >= f->nfat) {
            free(b);
            if (id >= 0xFFFFFFFAu || (s && id >= f->nfat))
                return fail(f->c, CX_BIFF_DAMAGED, "the %s's sector chain holds an invalid entry (%u)", what, id);
            return fail(f->c, CX_BIFF_TRUNCATED, "the %s continues in sector %u, which lies past the end of the file",
                        what, id);
        }
        if (++steps > f->nsec) {
            free(b);
            return fail(f->c, CX_BIFF_DAMAGED, "the %s's sector chain loops", what);
        }
        size_t take = f->ssz;
        if (want != SIZE_MAX && want - n < take) take = want - n;
        if (n + take > cap) {
            size_t nc = cap * 2;
            uint8_t *nb = realloc(b, nc);
            if (!nb) { free(b); return CX_BIFF_NOMEM; }
            b = nb;
            cap = nc;
        }
        memcpy(b + n, s, take);
        n += take;
        id = f->fat[id];
    }
    *out = b;
    *outlen = n;
    return CX_BIFF_OK;
}

/* Read a stream kept in the mini stream (64-byte sectors). */
static cx_biff_status read_mini(cfb *f, const uint8_t *mini, size_t minilen, const uint32_t *mfat,
                                uint32_t nmfat, uint32_t start, size_t want, uint8_t **out)
{
    *out = NULL;
    if (want > minilen)
        return fail(f->c, CX_BIFF_TRUNCATED, "the workbook stream claims more bytes than the mini stream holds");
    uint8_t *b = malloc(want ? want : 1);
    if (!b) return CX_BIFF_NOMEM;
    size_t n = 0;
    uint32_t id = start, steps = 0;
    while (n < want) {
        if (id >= nmfat || (size_t)id * 64 + 64 > minilen || ++steps > nmfat) {
            free(b);
            return fail(f->c, CX_BIFF_DAMAGED, "the workbook stream's mini-sector chain is broken");
        }
        size_t take = want - n < 64 ? want - n : 64;
        memcpy(b + n, mini + (size_t)id * 64, take);
        n += take;
        id = mfat[id];
    }
    *out = b;
    return CX_BIFF_OK;
}

static int dir_name_is(const uint8_t *e, const char *name)
{
    unsigned nlen = rd16(e + 64);
    if (nlen < 2 || nlen > 64 || nlen % 2) return 0;
    size_t chars = nlen / 2 - 1;
    if (chars != strlen(name)) return 0;
    for (size_t i = 0; i < chars; i++) {
        uint16_t u = rd16(e + 2 * i);
        if (u > 0x7F) return 0;
        char a = (char)u, b = name[i];
        if (a >= 'A' && a <= 'Z') a = (char)(a - 'A' + 'a');
        if (b >= 'A' && b <= 'Z') b = (char)(b - 'A' + 'a');
        if (a != b) return 0;
    }
    return 1;
}

/* Find and copy out the Workbook (or BIFF5 "Book") stream. */
static cx_biff_status cfb_workbook(ctx *c, const uint8_t *buf, size_t len, uint8_t **out, size_t *outlen)
{
    static const uint8_t sig[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
    cfb f = {.c = c, .buf = buf, .len = len};
    uint8_t *dir = NULL, *mini = NULL, *mfatb = NULL;
    uint32_t *difat = NULL;
    size_t dirlen = 0, minilen = 0, mfatlen = 0;
    cx_biff_status st = CX_BIFF_OK;
    *out = NULL;
    *outlen = 0;

    if (len < 512 || memcmp(buf, sig, 8) != 0)
        return fail(c, CX_BIFF_NOT_CFBF, len < 512 && len >= 8 && !memcmp(buf, sig, 8)
                    ? "the file ends inside its 512-byte header" : "no compound-file signature");
    unsigned shift = rd16(buf + 0x1E);
    f.major = rd16(buf + 0x1A);
    if (rd16(buf + 0x1C) != 0xFFFE || (shift != 9 && shift != 12) || rd16(buf + 0x20) != 6)
        return fail(c, CX_BIFF_NOT_CFBF, "the compound-file header is invalid (sector size 2^%u)", shift);
    f.ssz = 1u << shift;
    if (len < f.ssz)
        return fail(c, CX_BIFF_TRUNCATED, "the file ends inside its header");
    uint8_t *padded = NULL;
    if ((len - f.ssz) % f.ssz) {
        /* some writers end the file with the used part of the last sector:
         * read it as if zero-padded, as Excel and olefile do */
        size_t plen = len + (f.ssz - (len - f.ssz) % f.ssz);
        padded = calloc(plen, 1);
        if (!padded) return CX_BIFF_NOMEM;
        memcpy(padded, buf, len);
        f.buf = buf = padded;
        f.len = len = plen;
    }
    f.nsec = (uint32_t)((len - f.ssz) / f.ssz > 0xFFFFFFF0u ? 0xFFFFFFF0u : (len - f.ssz) / f.ssz);

    /* FAT sector ids: 109 in the header, the rest in the DIFAT chain. */
    uint32_t nfatsec = rd32(buf + 0x2C);
    if (nfatsec == 0 || nfatsec > f.nsec) {
        st = fail(c, nfatsec ? CX_BIFF_TRUNCATED : CX_BIFF_DAMAGED,
                  "the header lists %u FAT sectors, the file holds only %u sectors", nfatsec, f.nsec);
        goto done;
    }
    difat = malloc((size_t)nfatsec * sizeof *difat);
    if (!difat) { st = CX_BIFF_NOMEM; goto done; }
    uint32_t have = 0;
    for (unsigned i = 0; i < 109 && have < nfatsec; i++)
        difat[have++] = rd32(buf + 0x4C + 4 * i);
    uint32_t did = rd32(buf + 0x44), dsteps = 0, per = f.ssz / 4 - 1;
    while (have < nfatsec) {
        const uint8_t *s = sector(&f, did);
        if (!s) { st = fail(c, CX_BIFF_TRUNCATED, "the FAT's index (DIFAT sector %u) lies past the end of the file", did); goto done; }
        if (++dsteps > f.nsec) { st = fail(c, CX_BIFF_DAMAGED, "the DIFAT chain loops"); goto done; }
        for (uint32_t i = 0; i < per && have < nfatsec; i++)
            difat[have++] = rd32(s + 4 * i);
        did = rd32(s + 4 * per);
    }
    f.nfat = nfatsec * (f.ssz / 4);
    f.fat = malloc((size_t)f.nfat * sizeof *f.fat);
    if (!f.fat) { st = CX_BIFF_NOMEM; goto done; }
    for (uint32_t i = 0; i < nfatsec; i++) {
        const uint8_t *s = sector(&f, difat[i]);
        if (!s) { st = fail(c, CX_BIFF_TRUNCATED, "FAT sector %u lies past the end of the file", difat[i]); goto done; }
        for (uint32_t k = 0; k < f.ssz / 4; k++)
            f.fat[(size_t)i * (f.ssz / 4) + k] = rd32(s + 4 * k);
    }

    st = read_chain(&f, rd32(buf + 0x30), SIZE_MAX, &dir, &dirlen, N_("directory"));
    if (st) goto done;
    if (dirlen < 128) { st = fail(c, CX_BIFF_DAMAGED, "the directory is empty"); goto done; }
    const uint8_t *root = dir;
    if (root[66] != 5) { st = fail(c, CX_BIFF_DAMAGED, "the directory has no root entry"); goto done; }

    const uint8_t *wb = NULL;
    int encrypted = 0, other = 0;
    for (size_t off = 0; off + 128 <= dirlen; off += 128) {
        const uint8_t *e = dir + off;
        if (e[66] != 2) continue;          /* streams only */
        if (!wb && (dir_name_is(e, "Workbook") || dir_name_is(e, "Book"))) wb = e;
        if (dir_name_is(e, "EncryptedPackage")) encrypted = 1;
        if (dir_name_is(e, "WordDocument") || dir_name_is(e, "PowerPoint Document")) other = 1;
    }
    if (!wb && encrypted) { st = fail(c, CX_BIFF_ENCRYPTED, "an encrypted workbook package"); goto done; }
    if (!wb) {
        st = fail(c, CX_BIFF_NO_WORKBOOK, other ? "a Word or PowerPoint document, not an Excel workbook"
                                                 : "a compound file without a workbook stream");
        goto done;
    }
    uint64_t size = rd32(wb + 120);
    if (f.major == 4) size |= (uint64_t)rd32(wb + 124) << 32;
    if (size > len) { st = fail(c, CX_BIFF_TRUNCATED, "the workbook stream claims %llu bytes, the file has %zu",
                                (unsigned long long)size, len); goto done; }
    uint32_t start = rd32(wb + 116);
    if (size < rd32(buf + 0x38)) {
        /* small stream: lives in the mini stream (the root entry's data) */
        uint64_t rsize = rd32(root + 120);
        if (rsize > len) { st = fail(c, CX_BIFF_TRUNCATED, "the mini stream claims more bytes than the file has"); goto done; }
        st = read_chain(&f, rd32(root + 116), (size_t)rsize, &mini, &minilen, N_("mini stream"));
        if (st) goto done;
        uint32_t nmsec = rd32(buf + 0x40);
        if (nmsec > f.nsec) { st = fail(c, CX_BIFF_TRUNCATED, "the mini FAT claims more sectors than the file has"); goto done; }
        st = read_chain(&f, rd32(buf + 0x3C), (size_t)nmsec * f.ssz, &mfatb, &mfatlen, N_("mini FAT"));
        if (st) goto done;
        uint32_t nmfat = (uint32_t)(mfatlen / 4);
        uint32_t *mfat = malloc((nmfat ? nmfat : 1) * sizeof *mfat);
        if (!mfat) { st = CX_BIFF_NOMEM; goto done; }
        for (uint32_t i = 0; i < nmfat; i++) mfat[i] = rd32(mfatb + 4 * i);
        st = read_mini(&f, mini, minilen, mfat, nmfat, start, (size_t)size, out);
        free(mfat);
        if (st) goto done;
        *outlen = (size_t)size;
    } else {
        st = read_chain(&f, start, (size_t)size, out, outlen, N_("workbook stream"));
    }
done:
    free(padded);
    free(difat);
    free(f.fat);
    free(dir);
    free(mini);
    free(mfatb);
    return st;
}

/* ------------------------------------------------------------ strings */

typedef struct sbuf { char *s; size_t n, cap; int err; } sbuf;

static void sb_put(sbuf *b, const char *p, size_t n)
{
    if (b->err) return;
    if (b->n + n + 1 > CX_MAX_CELL_BYTES) { b->err = 2; return; }
    if (b->n + n + 1 > b->cap) {
        size_t nc = b->cap ? b->cap * 2 : 64;
        while (nc < b->n + n + 1) nc *= 2;
        char *ns = realloc(b->s, nc);
        if (!ns) { b->err = 1; return; }
        b->s = ns;
        b->cap = nc;
    }
    memcpy(b->s + b->n, p, n);
    b->n += n;
    b->s[b->n] = 0;
}

static void sb_cp(sbuf *b, uint32_t cp)
{
    char u[4];
    size_t n;
    if (cp >= 0xD800 && cp <= 0xDFFF) cp = 0xFFFD;
    if (cp < 0x80) { u[0] = (char)cp; n = 1; }
    else if (cp < 0x800) { u[0] = (char)(0xC0 | (cp >> 6)); u[1] = (char)(0x80 | (cp & 0x3F)); n = 2; }
    else if (cp < 0x10000) {
        u[0] = (char)(0xE0 | (cp >> 12)); u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[2] = (char)(0x80 | (cp & 0x3F)); n = 3;
    } else {
        u[0] = (char)(0xF0 | (cp >> 18)); u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        u[2] = (char)(0x80 | ((cp >> 6) & 0x3F)); u[3] = (char)(0x80 | (cp & 0x3F)); n = 4;
    }
    sb_put(b, u, n);
}

/* UTF-16 code units with a pending high surrogate carried across chunks. */
typedef struct u16dec { sbuf *b; uint32_t hi; } u16dec;

static void u16_unit(u16dec *d, uint32_t u)
{
    if (d->hi) {
        if (u >= 0xDC00 && u <= 0xDFFF) {
            sb_cp(d->b, 0x10000 + ((d->hi - 0xD800) << 10) + (u - 0xDC00));
            d->hi = 0;
            return;
        }
        sb_cp(d->b, 0xFFFD);
        d->hi = 0;
    }
    if (u >= 0xD800 && u <= 0xDBFF) d->hi = u;
    else sb_cp(d->b, u);
}

static void u16_end(u16dec *d)
{
    if (d->hi) sb_cp(d->b, 0xFFFD);
    d->hi = 0;
}

static const char *iconv_name(uint16_t cp)
{
    switch (cp) {
    case 367: return "ASCII";
    case 1200: return "UTF-16LE";
    case 10000: case 32768: return "MACINTOSH";
    case 32769: return "CP1252";
    default: return NULL;
    }
}

/* BIFF5 byte string in the workbook's code page -> UTF-8 (Latin-1 when the
 * code page is unknown to iconv, so nothing is lost silently as a crash). */
/* This thread's converter (sb_bytes), closed by a key's destructor when the thread ends. */
typedef struct cp_cache { iconv_t cd; uint16_t cp; int bad; } cp_cache;
static pthread_key_t cp_key;
static pthread_once_t cp_key_once = PTHREAD_ONCE_INIT;
static _Thread_local cp_cache *cp_mine;

static void cp_cache_free(void *p)
{
    cp_cache *c = p;
    if (c->cd != (iconv_t)-1) iconv_close(c->cd);
    free(c);
    cp_mine = NULL;
}

static void cp_key_make(void) { pthread_key_create(&cp_key, cp_cache_free); }

static cp_cache *cp_cache_get(void)
{
    if (cp_mine) return cp_mine;
    pthread_once(&cp_key_once, cp_key_make);
    cp_cache *c = calloc(1, sizeof *c);
    if (!c) return NULL;
    c->cd = (iconv_t)-1;
    if (pthread_setspecific(cp_key, c) != 0) { free(c); return NULL; }
    return cp_mine = c;
}

static void sb_bytes(sbuf *b, const uint8_t *p, size_t n, uint16_t codepage)
{
    if (codepage == 1200) {
        /* Gnumeric writes BIFF5 with code page 1200: a string of plain ASCII
         * as bytes, any other as UTF-16LE, its length counting bytes */
        int ascii = 1;
        for (size_t i = 0; i < n && ascii; i++)
            if (p[i] < 0x20 ? !p[i] || !strchr("\t\r\n", p[i]) : p[i] > 0x7E) ascii = 0;
        if (ascii || n % 2) codepage = 1252;
    }
    /* iconv_open loads a converter module: keep one per thread, per code page (closed
     * when the thread ends: cp_cache_get) */
    cp_cache *cc = cp_cache_get();
    if (cc && (codepage != cc->cp || (cc->cd == (iconv_t)-1 && !cc->bad))) {
        char name[16];
        const char *cs = iconv_name(codepage);
        if (!cs) { snprintf(name, sizeof name, "CP%u", (unsigned)codepage); cs = name; }
        if (cc->cd != (iconv_t)-1) iconv_close(cc->cd);
        cc->cd = codepage ? iconv_open("UTF-8", cs) : (iconv_t)-1;
        cc->cp = codepage;
        cc->bad = cc->cd == (iconv_t)-1;
    }
    iconv_t cd = cc ? cc->cd : (iconv_t)-1;
    if (cd != (iconv_t)-1) {
        iconv(cd, NULL, NULL, NULL, NULL);   /* a fresh shift state */
        char tmp[512];
        char *in = (char *)(uintptr_t)p;
        size_t inleft = n;
        while (inleft > 0 && !b->err) {
            char *o = tmp;
            size_t oleft = sizeof tmp;
            size_t r = iconv(cd, &in, &inleft, &o, &oleft);
            sb_put(b, tmp, (size_t)(o - tmp));
            if (r == (size_t)-1 && errno != E2BIG) {
                /* an undefined byte: keep it visible, go on */
                sb_cp(b, 0xFFFD);
                in++;
                inleft--;
            }
        }
        char *o = tmp;
        size_t oleft = sizeof tmp;
        iconv(cd, NULL, NULL, &o, &oleft); /* flush CP1258's pending base letter */
        sb_put(b, tmp, (size_t)(o - tmp));
        return;
    }
    for (size_t i = 0; i < n; i++) sb_cp(b, p[i]);
}

/* ------------------------------------------------------------ records */

typedef struct rdr {
    const uint8_t *p;
    size_t         len, pos;
} rdr;

/* 1 record, 0 clean end, -1 a record runs past the end */
static int next_rec(rdr *r, uint16_t *type, const uint8_t **data, uint16_t *rlen)
{
    if (r->pos + 4 > r->len) return 0;
    *type = rd16(r->p + r->pos);
    *rlen = rd16(r->p + r->pos + 2);
    if (r->pos + 4 + *rlen > r->len) return -1;
    *data = r->p + r->pos + 4;
    r->pos += 4 + (size_t)*rlen;
    return 1;
}

static int peek_type(const rdr *r)
{
    if (r->pos + 4 > r->len) return -1;
    return rd16(r->p + r->pos);
}

/* A string inside one record: BIFF8 has a flags byte (bit 0: 2-byte chars),
 * BIFF5 plain bytes in the code page. Returns malloc'd UTF-8 or NULL. */
static char *str_in_record(const uint8_t *p, size_t avail, size_t cch, int biff8, uint16_t codepage, int *nomem)
{
    sbuf b = {0};
    sb_put(&b, "", 0);
    if (biff8) {
        if (avail < 1) { free(b.s); return NULL; }
        int high = p[0] & 1;
        p++;
        avail--;
        size_t k = high ? avail / 2 : avail;
        if (cch < k) k = cch;
        u16dec d = {&b, 0};
        for (size_t i = 0; i < k; i++) u16_unit(&d, high ? rd16(p + 2 * i) : p[i]);
        u16_end(&d);
    } else {
        sb_bytes(&b, p, cch < avail ? cch : avail, codepage);
    }
    if (b.err == 1) { free(b.s); *nomem = 1; return NULL; }
    return b.s;
}

/* STRING record (a formula's text result), following CONTINUE records. */
static char *read_string_rec(rdr *r, const uint8_t *d, uint16_t n, int biff8, uint16_t codepage, int *nomem)
{
    sbuf b = {0};
    sb_put(&b, "", 0);
    if (n < 2) goto out;
    size_t cch = rd16(d), pos = 2;
    if (!biff8) {
        size_t take = n - pos;
        sbuf raw = {0};
        sb_put(&raw, "", 0);
        if (take > cch) take = cch;
        sb_put(&raw, (const char *)d + pos, take);
        cch -= take;
        while (cch > 0 && peek_type(r) == R_CONTINUE) {
            uint16_t t, cn;
            const uint8_t *cd;
            if (next_rec(r, &t, &cd, &cn) != 1) break;
            take = cn < cch ? cn : cch;
            sb_put(&raw, (const char *)cd, take);
            cch -= take;
        }
        if (raw.err == 1) { free(raw.s); free(b.s); *nomem = 1; return NULL; }
        sb_bytes(&b, (const uint8_t *)raw.s, raw.n, codepage);
        free(raw.s);
        goto out;
    }
    if (pos >= n) goto out;
    uint8_t flags = d[pos++];
    if (flags & 0x08) pos += 2;   /* rich text: cRun */
    if (flags & 0x04) pos += 4;   /* phonetic: cbExtRst */
    int high = flags & 1;
    u16dec dec = {&b, 0};
    const uint8_t *p = d;
    size_t plen = n;
    for (;;) {
        if (pos > plen) pos = plen;
        size_t avail = plen - pos;
        size_t k = high ? avail / 2 : avail;
        if (k > cch) k = cch;
        for (size_t i = 0; i < k; i++) u16_unit(&dec, high ? rd16(p + pos + 2 * i) : p[pos + i]);
        cch -= k;
        if (cch == 0 || b.err) break;
        /* the rest continues in a CONTINUE record that starts with a new flags byte */
        if (peek_type(r) != R_CONTINUE) break;
        uint16_t t, cn;
        const uint8_t *cd;
        if (next_rec(r, &t, &cd, &cn) != 1 || cn < 1) break;
        high = cd[0] & 1;
        p = cd;
        plen = cn;
        pos = 1;
    }
    u16_end(&dec);
out:
    if (b.err == 1) { free(b.s); *nomem = 1; return NULL; }
    return b.s;
}

/* ------------------------------------------------------------ SST */

/* The shared-string table spans an SST record and its CONTINUE records. A
 * string's characters may break at a record boundary, where the next record
 * starts with a fresh flags byte (compressed or UTF-16); the rich-text runs
 * and phonetic data after the characters break without one. */
typedef struct seg { const uint8_t *p; size_t n; } seg;
typedef struct segcur { const seg *s; size_t ns, si, pos; } segcur;

static size_t sc_avail(segcur *c)
{
    while (c->si < c->ns && c->pos >= c->s[c->si].n) { c->si++; c->pos = 0; }
    return c->si < c->ns ? c->s[c->si].n - c->pos : 0;
}

static int sc_bytes(segcur *c, uint8_t *out, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (!sc_avail(c)) return -1;
        uint8_t v = c->s[c->si].p[c->pos++];
        if (out) out[i] = v;
    }
    return 0;
}

static int sc_skip(segcur *c, size_t n)
{
    while (n > 0) {
        size_t a = sc_avail(c);
        if (!a) return -1;
        size_t k = a < n ? a : n;
        c->pos += k;
        n -= k;
    }
    return 0;
}

/* One XLUnicodeRichExtendedString; NULL at the end of the data. */
static char *sst_string(segcur *c, int *nomem)
{
    uint8_t h[4];
    if (sc_bytes(c, h, 3)) return NULL;
    size_t cch = rd16(h);
    uint8_t flags = h[2];
    size_t runs = 0, ext = 0;
    if (flags & 0x08) { if (sc_bytes(c, h, 2)) return NULL; runs = rd16(h); }
    if (flags & 0x04) { if (sc_bytes(c, h, 4)) return NULL; ext = rd32(h); }
    int high = flags & 1;
    sbuf b = {0};
    sb_put(&b, "", 0);
    u16dec dec = {&b, 0};
    size_t seg_at = c->si;
    while (cch > 0 && !b.err) {
        size_t a = sc_avail(c);
        if (!a) break;
        if (c->si != seg_at) {
            /* characters continue in the next record: new flags byte */
            seg_at = c->si;
            high = c->s[c->si].p[c->pos++] & 1;
            continue;
        }
        const uint8_t *p = c->s[c->si].p + c->pos;
        size_t k = high ? a / 2 : a;
        if (k > cch) k = cch;
        if (k == 0) { c->pos += a; continue; }   /* half a UTF-16 unit: damage, skip it */
        for (size_t i = 0; i < k; i++) u16_unit(&dec, high ? rd16(p + 2 * i) : p[i]);
        c->pos += high ? 2 * k : k;
        cch -= k;
    }
    u16_end(&dec);
    if (b.err == 1) { free(b.s); *nomem = 1; return NULL; }
    if (cch > 0) { free(b.s); return NULL; }
    sc_skip(c, 4 * runs);
    sc_skip(c, ext);
    return b.s;
}

/* ------------------------------------------------------------ formats */

cx_biff_fmt cx_biff_classify_format(const char *code)
{
    if (!code) return CX_BIFF_FMT_GENERAL;
    int percent = 0, date = 0;
    for (const char *p = code; *p; p++) {
        char ch = *p;
        if (ch == ';') break;                     /* the first (positive) section decides */
        if (ch == '"') { p++; while (*p && *p != '"') p++; if (!*p) break; continue; }
        if (ch == '\\' || ch == '_' || ch == '*') { if (p[1]) p++; continue; }
        if (ch == '[') {
            /* [h] [mm] [ss]: elapsed time; [Red], [$-42A], [>=100]: not a date */
            const char *q = p + 1;
            int elapsed = *q != 0;
            for (; *q && *q != ']'; q++)
                if (!strchr("hHmMsS", *q)) elapsed = 0;
            if (elapsed) date = 1;
            if (!*q) break;
            p = q;
            continue;
        }
        if (ch == '%') percent = 1;
        if (strchr("yYdDhHsSmM", ch)) date = 1;
        /* "General" has none of those letters; "E+" in 0.00E+00 is not a date */
    }
    if (date) return CX_BIFF_FMT_DATE;
    if (percent) return CX_BIFF_FMT_PERCENT;
    return CX_BIFF_FMT_GENERAL;
}

static cx_biff_fmt builtin_fmt(unsigned id)
{
    if (id == 9 || id == 10) return CX_BIFF_FMT_PERCENT;
    if ((id >= 14 && id <= 22) || (id >= 45 && id <= 47) || (id >= 27 && id <= 36) || (id >= 50 && id <= 58))
        return CX_BIFF_FMT_DATE;
    return CX_BIFF_FMT_GENERAL;
}

const char *cx_biff_error_text(uint8_t code)
{
    switch (code) {
    case 0x00: return "#NULL!";
    case 0x07: return "#DIV/0!";
    case 0x0F: return "#VALUE!";
    case 0x17: return "#REF!";
    case 0x1D: return "#NAME?";
    case 0x24: return "#NUM!";
    case 0x2A: return "#N/A";
    case 0x2B: return "#GETTING_DATA";
    default:   return "#ERROR!";
    }
}

const char *cx_biff_codepage_name(uint16_t cp)
{
    switch (cp) {
    case 367: return "ascii";
    case 437: return "cp437";
    case 850: return "cp850";
    case 852: return "cp852";
    case 874: return "cp874";
    case 932: return "cp932";
    case 936: return "cp936";
    case 949: return "cp949";
    case 950: return "cp950";
    case 1200: return "utf-16le";
    case 1250: return "cp1250";
    case 1251: return "cp1251";
    case 1252: case 32769: return "cp1252";
    case 1253: return "cp1253";
    case 1254: return "cp1254";
    case 1255: return "cp1255";
    case 1256: return "cp1256";
    case 1257: return "cp1257";
    case 1258: return "cp1258";
    case 10000: case 32768: return "macintosh";
    default: return "unknown";
    }
}

/* ------------------------------------------------------------ the walk */

typedef struct book_ctx {
    ctx          *c;
    cx_biff_book *bk;
    uint8_t      *fmtclass;   /* [65536]: 0 = not defined by a FORMAT record, else 1 + class */
    uint16_t     *xf;         /* XF -> format id */
    size_t        nxf, capxf;
    size_t        total_cells;
    size_t        capsst;
} book_ctx;

static double rk_value(uint32_t rk)
{
    double v;
    if (rk & 2) {
        v = (double)((int32_t)rk >> 2);
    } else {
        uint64_t u = (uint64_t)(rk & 0xFFFFFFFCu) << 32;
        memcpy(&v, &u, sizeof v);
    }
    return (rk & 1) ? v / 100.0 : v;
}

static cx_biff_fmt xf_class(const book_ctx *b, unsigned xf)
{
    if (xf >= b->nxf) return CX_BIFF_FMT_GENERAL;
    unsigned id = b->xf[xf];
    if (b->fmtclass[id]) return (cx_biff_fmt)(b->fmtclass[id] - 1);
    return builtin_fmt(id);
}

typedef struct cellvec { cx_biff_cell *v; size_t n, cap; } cellvec;

static cx_biff_cell *push_cell(book_ctx *b, cellvec *cv, uint32_t row, uint32_t col, uint8_t kind, unsigned xf,
                               cx_biff_status *st)
{
    if (col >= MAX_COLS) {
        *st = fail(b->c, CX_BIFF_DAMAGED, "a cell record names column %u, beyond the 256 of an .xls sheet", col);
        return NULL;
    }
    if (++b->total_cells > MAX_CELLS) {
        *st = fail(b->c, CX_BIFF_LIMIT, "the workbook holds more than %u cells", MAX_CELLS);
        return NULL;
    }
    if (cv->n == cv->cap) {
        size_t nc = cv->cap ? cv->cap * 2 : 256;
        cx_biff_cell *nv = realloc(cv->v, nc * sizeof *nv);
        if (!nv) { *st = CX_BIFF_NOMEM; return NULL; }
        cv->v = nv;
        cv->cap = nc;
    }
    cx_biff_cell *cl = &cv->v[cv->n++];
    memset(cl, 0, sizeof *cl);
    cl->row = row;
    cl->col = (uint16_t)col;
    cl->kind = kind;
    cl->fmt = (uint8_t)xf_class(b, xf);
    if (kind != CX_BIFF_NUMBER) cl->fmt = CX_BIFF_FMT_GENERAL;
    return cl;
}

static int cell_cmp(const void *a, const void *b)
{
    const cx_biff_cell *x = *(cx_biff_cell *const *)a, *y = *(cx_biff_cell *const *)b;
    if (x->row != y->row) return x->row < y->row ? -1 : 1;
    if (x->col != y->col) return x->col < y->col ? -1 : 1;
    return x < y ? -1 : x > y;   /* record order: the later record wins below */
}

/* Sort by (row, col); when a cell appears twice the later record is kept. */
static cx_biff_status finish_cells(cx_biff_sheet *s, cellvec *cv)
{
    s->cells = cv->v;
    s->ncells = cv->n;
    if (cv->n < 2) goto dims;
    int sorted = 1;
    for (size_t i = 1; i < cv->n && sorted; i++) {
        const cx_biff_cell *a = &cv->v[i - 1], *b = &cv->v[i];
        if (a->row > b->row || (a->row == b->row && a->col >= b->col)) sorted = 0;
    }
    if (!sorted) {
        cx_biff_cell **idx = malloc(cv->n * sizeof *idx);
        cx_biff_cell *nv = malloc(cv->n * sizeof *nv);
        if (!idx || !nv) { free(idx); free(nv); return CX_BIFF_NOMEM; }
        for (size_t i = 0; i < cv->n; i++) idx[i] = &cv->v[i];
        qsort(idx, cv->n, sizeof *idx, cell_cmp);
        size_t m = 0;
        for (size_t i = 0; i < cv->n; i++) {
            if (m && nv[m - 1].row == idx[i]->row && nv[m - 1].col == idx[i]->col) {
                if (!nv[m - 1].shared) free(nv[m - 1].str);
                m--;
            }
            nv[m++] = *idx[i];
        }
        free(idx);
        free(cv->v);
        s->cells = nv;
        s->ncells = m;
    }
dims:
    for (size_t i = 0; i < s->ncells; i++) {
        if (s->cells[i].row + 1 > s->nrows) s->nrows = s->cells[i].row + 1;
        if ((uint32_t)s->cells[i].col + 1 > s->ncols) s->ncols = (uint32_t)s->cells[i].col + 1;
    }
    cv->v = NULL;
    cv->n = cv->cap = 0;
    return CX_BIFF_OK;
}

static cx_biff_status walk_sheet(book_ctx *b, const uint8_t *stream, size_t slen, cx_biff_sheet *s)
{
    ctx *c = b->c;
    int biff8 = b->bk->biff == 8;
    rdr r = {stream, slen, s->offset};
    uint16_t type, n;
    const uint8_t *d;
    cellvec cv = {0};
    cx_biff_status st = CX_BIFF_OK;
    size_t capm = 0;
    long pending = -1;      /* index of a FORMULA cell waiting for its STRING record */
    int ndims = 0;

    if (s->offset >= slen || next_rec(&r, &type, &d, &n) != 1)
        return fail(c, CX_BIFF_TRUNCATED, "sheet '%s' starts past the end of the workbook stream", s->name);
    if (type != R_BOF || n < 4)
        return fail(c, CX_BIFF_DAMAGED, "sheet '%s' does not start with a BOF record", s->name);
    if (rd16(d + 2) != 0x0010) return CX_BIFF_OK;   /* chart, macro or module sheet: no cells */
    int depth = 1;
    while (depth > 0) {
        int k = next_rec(&r, &type, &d, &n);
        if (k <= 0) { st = fail(c, CX_BIFF_TRUNCATED, "sheet '%s' ends before its EOF record", s->name); goto done; }
        if (type == R_BOF) { depth++; continue; }
        if (type == R_EOF) { depth--; continue; }
        if (depth != 1) continue;      /* an embedded chart's records */
        cx_biff_cell *cl = NULL;
        switch (type) {
        case R_NUMBER:
            if (n < 14) goto short_rec;
            pending = -1;
            if (!(cl = push_cell(b, &cv, rd16(d), rd16(d + 2), CX_BIFF_NUMBER, rd16(d + 4), &st))) goto done;
            cl->num = rddbl(d + 6);
            break;
        case R_RK:
            if (n < 10) goto short_rec;
            pending = -1;
            if (!(cl = push_cell(b, &cv, rd16(d), rd16(d + 2), CX_BIFF_NUMBER, rd16(d + 4), &st))) goto done;
            cl->num = rk_value(rd32(d + 6));
            break;
        case R_MULRK: {
            if (n < 6 || (n - 6) % 6) goto short_rec;
            pending = -1;
            unsigned row = rd16(d), col = rd16(d + 2), cnt = (n - 6) / 6;
            for (unsigned i = 0; i < cnt; i++) {
                const uint8_t *e = d + 4 + 6 * i;
                if (!(cl = push_cell(b, &cv, row, col + i, CX_BIFF_NUMBER, rd16(e), &st))) goto done;
                cl->num = rk_value(rd32(e + 2));
            }
            break;
        }
        case R_BOOLERR:
            if (n < 8) goto short_rec;
            pending = -1;
            if (!(cl = push_cell(b, &cv, rd16(d), rd16(d + 2), d[7] ? CX_BIFF_ERROR : CX_BIFF_BOOL, rd16(d + 4), &st)))
                goto done;
            if (d[7]) cl->err = d[6];
            else cl->num = d[6] ? 1 : 0;
            break;
        case R_FORMULA: {
            if (n < 16) goto short_rec;
            pending = -1;
            const uint8_t *res = d + 6;
            uint8_t kind = CX_BIFF_NUMBER;
            if (res[6] == 0xFF && res[7] == 0xFF) {
                switch (res[0]) {
                case 0: case 3: kind = CX_BIFF_STRING; break;
                case 1: kind = CX_BIFF_BOOL; break;
                case 2: kind = CX_BIFF_ERROR; break;
                default: kind = CX_BIFF_STRING; break;   /* unknown: treat as an empty result */
                }
            }
            if (!(cl = push_cell(b, &cv, rd16(d), rd16(d + 2), kind, rd16(d + 4), &st))) goto done;
            cl->formula = 1;
            if (kind == CX_BIFF_NUMBER) cl->num = rddbl(res);
            else if (kind == CX_BIFF_BOOL) cl->num = res[2] ? 1 : 0;
            else if (kind == CX_BIFF_ERROR) cl->err = res[2];
            else if (res[0] == 0) pending = (long)(cv.n - 1);
            break;
        }
        case R_STRING:
            if (pending >= 0) {
                int nomem = 0;
                char *t = read_string_rec(&r, d, n, biff8, b->bk->codepage, &nomem);
                if (nomem) { st = CX_BIFF_NOMEM; goto done; }
                free(cv.v[pending].str);
                cv.v[pending].str = t;
                pending = -1;
            }
            break;
        case R_LABELSST: {
            if (n < 10) goto short_rec;
            pending = -1;
            if (!(cl = push_cell(b, &cv, rd16(d), rd16(d + 2), CX_BIFF_TEXT, rd16(d + 4), &st))) goto done;
            uint32_t isst = rd32(d + 6);
            if (isst < b->bk->nsst) {
                cl->str = b->bk->sst[isst];
                cl->shared = 1;
            }
            break;
        }
        case R_LABEL: case R_RSTRING: {
            /* inline text (BIFF5's only kind): decoded here too, so a workbook
             * freexl cannot list (Gnumeric's BIFF5 in code page 1200) still reads */
            if (n < 8) goto short_rec;
            pending = -1;
            if (!(cl = push_cell(b, &cv, rd16(d), rd16(d + 2), CX_BIFF_TEXT, rd16(d + 4), &st))) goto done;
            int nomem = 0;
            cl->str = str_in_record(d + 8, n - 8u, rd16(d + 6), biff8, b->bk->codepage, &nomem);
            if (nomem) { st = CX_BIFF_NOMEM; goto done; }
            break;
        }
        case R_DIMENSIONS:
            /* every writer puts one per sheet; a second one is a damaged
             * record (a cell record with a flipped type byte, the mutation
             * that made freexl 1.0.6 SEGV): say so rather than lose a cell */
            if (++ndims > 1) {
                st = fail(c, CX_BIFF_DAMAGED, "sheet '%s' declares its size twice", s->name);
                goto done;
            }
            break;
        case R_MERGEDCELLS: {
            if (n < 2) goto short_rec;
            unsigned cnt = rd16(d);
            if (2 + 8 * (size_t)cnt > n) cnt = (n - 2) / 8;
            for (unsigned i = 0; i < cnt; i++) {
                const uint8_t *e = d + 2 + 8 * i;
                cx_biff_range g = {rd16(e), rd16(e + 4), rd16(e + 2), rd16(e + 6)};
                if (g.r1 > g.r2 || g.c1 > g.c2) continue;    /* nonsense range: ignore */
                if (s->nmerges == capm) {
                    if (capm >= MAX_MERGES) { st = fail(c, CX_BIFF_LIMIT, "sheet '%s' has more than %u merged ranges", s->name, MAX_MERGES); goto done; }
                    size_t nc = capm ? capm * 2 : 16;
                    cx_biff_range *nm = realloc(s->merges, nc * sizeof *nm);
                    if (!nm) { st = CX_BIFF_NOMEM; goto done; }
                    s->merges = nm;
                    capm = nc;
                }
                s->merges[s->nmerges++] = g;
            }
            break;
        }
        default:
            break;
        }
        continue;
short_rec:
        st = fail(c, CX_BIFF_DAMAGED, "sheet '%s': record 0x%04X is too short (%u bytes)", s->name, type, n);
        goto done;
    }
done:
    if (st == CX_BIFF_OK) {
        st = finish_cells(s, &cv);
        if (st == CX_BIFF_OK) return st;
    }
    for (size_t i = 0; i < cv.n; i++)
        if (!cv.v[i].shared) free(cv.v[i].str);
    free(cv.v);
    return st;
}

static cx_biff_status walk_globals(book_ctx *b, const uint8_t *stream, size_t slen)
{
    ctx *c = b->c;
    cx_biff_book *bk = b->bk;
    rdr r = {stream, slen, 0};
    uint16_t type, n;
    const uint8_t *d;
    size_t capsh = 0;

    if (next_rec(&r, &type, &d, &n) != 1)
        return fail(c, CX_BIFF_TRUNCATED, "the workbook stream is empty");
    if (type == R_BOF2 || type == R_BOF3 || type == R_BOF4)
        return fail(c, CX_BIFF_OLD_VERSION, "an Excel 2.x-4.x file (BIFF2-4)");
    if (type != R_BOF || n < 4)
        return fail(c, CX_BIFF_DAMAGED, "the workbook stream does not start with a BOF record");
    unsigned vers = rd16(d);
    bk->biff = vers == 0x0600 ? 8 : vers == 0x0500 ? 5 : (n >= 16 ? 8 : 5);
    bk->codepage = bk->biff == 8 ? 1200 : 1252;
    if (rd16(d + 2) != 0x0005)
        return fail(c, CX_BIFF_DAMAGED, "the workbook stream does not start with the workbook globals");
    int biff8 = bk->biff == 8;
    for (;;) {
        int k = next_rec(&r, &type, &d, &n);
        if (k <= 0) return fail(c, CX_BIFF_TRUNCATED, "the workbook globals end before their EOF record");
        switch (type) {
        case R_EOF:
            return CX_BIFF_OK;
        case R_FILEPASS:
            return fail(c, CX_BIFF_ENCRYPTED, "the workbook is encrypted (FILEPASS)");
        case R_CODEPAGE:
            if (n >= 2) bk->codepage = rd16(d);
            break;
        case R_DATEMODE:
            if (n >= 2) bk->date1904 = rd16(d) == 1;
            break;
        case R_FORMAT: {
            if (n < 3) break;
            unsigned id = rd16(d);
            size_t cch = biff8 ? (n >= 4 ? rd16(d + 2) : 0) : d[2];
            size_t off = biff8 ? 4 : 3;
            if (off > n) break;
            int nomem = 0;
            char *code = str_in_record(d + off, n - off, cch, biff8, bk->codepage, &nomem);
            if (nomem) return CX_BIFF_NOMEM;
            b->fmtclass[id] = (uint8_t)(1 + cx_biff_classify_format(code));
            free(code);
            break;
        }
        case R_XF:
            if (n < 4) break;
            if (b->nxf == b->capxf) {
                if (b->capxf >= MAX_XF) break;
                size_t nc = b->capxf ? b->capxf * 2 : 64;
                uint16_t *nx = realloc(b->xf, nc * sizeof *nx);
                if (!nx) return CX_BIFF_NOMEM;
                b->xf = nx;
                b->capxf = nc;
            }
            b->xf[b->nxf++] = rd16(d + 2);
            break;
        case R_SST: {
            if (n < 8 || bk->sst) break;
            seg segs_local[64], *segs = segs_local;
            size_t ns = 0, capseg = 64;
            segs[ns++] = (seg){d + 8, (size_t)n - 8};
            cx_biff_status sst_st = CX_BIFF_OK;
            while (peek_type(&r) == R_CONTINUE) {
                uint16_t t2, n2;
                const uint8_t *d2;
                if (next_rec(&r, &t2, &d2, &n2) != 1) break;
                if (ns == capseg) {
                    seg *bigger = malloc(2 * capseg * sizeof *bigger);
                    if (!bigger) { sst_st = CX_BIFF_NOMEM; break; }
                    memcpy(bigger, segs, ns * sizeof *segs);
                    if (segs != segs_local) free(segs);
                    segs = bigger;
                    capseg *= 2;
                }
                segs[ns++] = (seg){d2, n2};
            }
            size_t total = 0;
            for (size_t i = 0; i < ns; i++) total += segs[i].n;
            size_t want = rd32(d + 4);          /* cstUnique; each string takes >= 3 bytes */
            if (want > total / 3) want = total / 3;
            segcur cur = {segs, ns, 0, 0};
            while (sst_st == CX_BIFF_OK && bk->nsst < want) {
                int nomem = 0;
                char *str = sst_string(&cur, &nomem);
                if (nomem) sst_st = CX_BIFF_NOMEM;
                if (!str) break;                   /* fewer strings than announced: cells that
                                                    * refer past the end are reported unread */
                if (bk->nsst == b->capsst) {
                    size_t nc = b->capsst ? b->capsst * 2 : 64;
                    char **nv = realloc(bk->sst, nc * sizeof *nv);
                    if (!nv) { free(str); sst_st = CX_BIFF_NOMEM; break; }
                    bk->sst = nv;
                    b->capsst = nc;
                }
                bk->sst[bk->nsst++] = str;
            }
            if (segs != segs_local) free(segs);
            if (sst_st) return sst_st;
            break;
        }
        case R_BOUNDSHEET: {
            if (n < 7) return fail(c, CX_BIFF_DAMAGED, "a sheet entry (BOUNDSHEET) is too short");
            if (bk->nsheets == capsh) {
                if (capsh >= CX_MAX_SHEETS) return fail(c, CX_BIFF_LIMIT, "the workbook has more than %u sheets", CX_MAX_SHEETS);
                size_t nc = capsh ? capsh * 2 : 8;
                cx_biff_sheet *ns = realloc(bk->sheets, nc * sizeof *ns);
                if (!ns) return CX_BIFF_NOMEM;
                bk->sheets = ns;
                capsh = nc;
            }
            cx_biff_sheet *s = &bk->sheets[bk->nsheets];
            memset(s, 0, sizeof *s);
            s->offset = rd32(d);
            s->hidden = d[4] & 3;
            s->type = d[5];
            int nomem = 0;
            s->name = str_in_record(d + 7, n - 7, d[6], biff8, bk->codepage, &nomem);
            if (!s->name) return nomem ? CX_BIFF_NOMEM : fail(c, CX_BIFF_DAMAGED, "a sheet name is cut short");
            bk->nsheets++;
            break;
        }
        default:
            break;
        }
    }
}

cx_biff_status cx_biff_parse(const uint8_t *buf, size_t len, cx_biff_book **out, char *why, size_t whylen)
{
    ctx c = {why, whylen};
    if (why && whylen) why[0] = 0;
    *out = NULL;
    uint8_t *stream = NULL;
    size_t slen = 0;
    book_ctx b = {.c = &c};
    cx_biff_status st = cfb_workbook(&c, buf, len, &stream, &slen);
    if (st) {
        if (st == CX_BIFF_NOMEM) fail(&c, st, "out of memory");
        return st;
    }
    b.bk = calloc(1, sizeof *b.bk);
    b.fmtclass = calloc(65536, 1);
    if (!b.bk || !b.fmtclass) { st = CX_BIFF_NOMEM; goto done; }
    st = walk_globals(&b, stream, slen);
    if (st) goto done;
    for (size_t i = 0; i < b.bk->nsheets; i++) {
        cx_biff_sheet *s = &b.bk->sheets[i];
        if (s->type != 0) continue;
        for (size_t k = 0; k < i && !s->same_as; k++)
            if (b.bk->sheets[k].type == 0 && !b.bk->sheets[k].same_as && b.bk->sheets[k].offset == s->offset)
                s->same_as = (uint32_t)k + 1;
        if (s->same_as) continue;
        st = walk_sheet(&b, stream, slen, s);
        if (st) goto done;
        if (b.bk->date1904)
            for (size_t k = 0; k < s->ncells; k++)
                if (s->cells[k].kind == CX_BIFF_NUMBER && s->cells[k].fmt == CX_BIFF_FMT_DATE) s->cells[k].num += 1462;
    }
done:
    if (st == CX_BIFF_NOMEM) fail(&c, st, "out of memory");
    free(stream);
    free(b.fmtclass);
    free(b.xf);
    if (st) {
        cx_biff_free(b.bk);
        return st;
    }
    *out = b.bk;
    return CX_BIFF_OK;
}

void cx_biff_free(cx_biff_book *bk)
{
    if (!bk) return;
    for (size_t i = 0; i < bk->nsheets; i++) {
        cx_biff_sheet *s = &bk->sheets[i];
        free(s->name);
        for (size_t k = 0; k < s->ncells; k++)
            if (!s->cells[k].shared) free(s->cells[k].str);
        free(s->cells);
        free(s->merges);
    }
    free(bk->sheets);
    for (size_t i = 0; i < bk->nsst; i++) free(bk->sst[i]);
    free(bk->sst);
    free(bk);
}

const cx_biff_cell *cx_biff_find(const cx_biff_sheet *s, uint32_t row, uint32_t col)
{
    size_t lo = 0, hi = s->ncells;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const cx_biff_cell *m = &s->cells[mid];
        if (m->row < row || (m->row == row && m->col < col)) lo = mid + 1;
        else hi = mid;
    }
    if (lo < s->ncells && s->cells[lo].row == row && s->cells[lo].col == col) return &s->cells[lo];
    return NULL;
}
