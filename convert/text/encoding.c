/*
 * encoding.c — text encodings: detection and decoding to UTF-8 NFC.
 *
 * Decoding: glibc iconv for CP1258, TCVN5712-1 (a superset of the TCVN3/ABC bytes the
 * .VnTime fonts use), VISCII, UTF-16, CP1252. VNI-Windows has no iconv module, and
 * librecode's VNI swaps the capitals Ằ/Ắ (tested, see NOTES.md), so it is a table here.
 *
 * Detection: off-the-shelf detectors guess these wrong, so every candidate decoding is
 * scored by the share of its non-ASCII words that are valid Vietnamese syllables.
 */
#include "encoding.h"
#include "nfc_quick.h"
#include "names.h"
#include <errno.h>
#include <iconv.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

const char *cx_encoding_name(cx_encoding e)
{
    static const char *const n[CX_ENC_COUNT] = {"unknown", "utf-8", "utf-16le", "utf-16be", "cp1258",
                                                "tcvn3", "vni", "viscii", "cp1252"};
    return (unsigned)e < CX_ENC_COUNT ? n[e] : "unknown";
}

cx_encoding cx_encoding_from_name(const char *name)
{
    static const struct { const char *alias; cx_encoding e; } aliases[] = {
        {"utf-8", CX_ENC_UTF8}, {"utf8", CX_ENC_UTF8}, {"unicode", CX_ENC_UTF8},
        {"utf-16", CX_ENC_UTF16LE}, {"utf16", CX_ENC_UTF16LE}, {"utf-16le", CX_ENC_UTF16LE},
        {"utf16le", CX_ENC_UTF16LE}, {"ucs-2", CX_ENC_UTF16LE}, {"utf-16be", CX_ENC_UTF16BE},
        {"utf16be", CX_ENC_UTF16BE}, {"cp1258", CX_ENC_CP1258}, {"windows-1258", CX_ENC_CP1258},
        {"windows1258", CX_ENC_CP1258}, {"win1258", CX_ENC_CP1258}, {"tcvn3", CX_ENC_TCVN3},
        {"tcvn", CX_ENC_TCVN3}, {"abc", CX_ENC_TCVN3}, {"tcvn5712", CX_ENC_TCVN3},
        {"tcvn5712-1", CX_ENC_TCVN3}, {"vntime", CX_ENC_TCVN3}, {"vni", CX_ENC_VNI},
        {"vni-windows", CX_ENC_VNI}, {"vniwin", CX_ENC_VNI}, {"viscii", CX_ENC_VISCII},
        {"cp1252", CX_ENC_CP1252}, {"windows-1252", CX_ENC_CP1252}, {"latin1", CX_ENC_CP1252},
        {"iso-8859-1", CX_ENC_CP1252},
    };
    if (!name) return CX_ENC_UNKNOWN;
    for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
        if (strcasecmp(name, aliases[i].alias) == 0) return aliases[i].e;
    return CX_ENC_UNKNOWN;
}

/* Strict UTF-8, exactly what utf8proc_iterate accepts (no overlong forms, surrogates or
 * code points past U+10FFFF; checked against it in tests/unit/test_encoding.c), written
 * out because it runs over every byte of every input: ASCII is skipped eight bytes at a
 * time. */
int cx_utf8_valid(const uint8_t *buf, size_t len)
{
    size_t i = 0;
    while (i < len) {
        while (i + 8 <= len) {
            uint64_t w;
            memcpy(&w, buf + i, 8);
            uint64_t hi = w & 0x8080808080808080ull;
            if (hi) {
                /* skip the ASCII before the first high byte (the word is little-endian
                 * on the machines this runs on; on others the byte loop below does it) */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
                i += (size_t)__builtin_ctzll(hi) / 8;
#endif
                break;
            }
            i += 8;
        }
        if (i >= len) break;
        unsigned c = buf[i];
        if (c < 0x80) { i++; continue; }
        if (c < 0xC2 || c > 0xF4) return 0;
        if (c < 0xE0) {
            if (len - i < 2 || (buf[i + 1] & 0xC0) != 0x80) return 0;
            i += 2;
            continue;
        }
        if (c < 0xF0) {
            if (len - i < 3 || (buf[i + 1] & 0xC0) != 0x80 || (buf[i + 2] & 0xC0) != 0x80) return 0;
            if ((c == 0xE0 && buf[i + 1] < 0xA0) || (c == 0xED && buf[i + 1] > 0x9F)) return 0;
            i += 3;
            continue;
        }
        if (len - i < 4 || (buf[i + 1] & 0xC0) != 0x80 || (buf[i + 2] & 0xC0) != 0x80 || (buf[i + 3] & 0xC0) != 0x80)
            return 0;
        if ((c == 0xF0 && buf[i + 1] < 0x90) || (c == 0xF4 && buf[i + 1] > 0x8F)) return 0;
        i += 4;
    }
    return 1;
}

char *cx_nfc(const char *s, size_t len)
{
    if (cx_nfc_quick(s, len)) {   /* ASCII or precomposed Vietnamese: NFC is the text itself */
        char *c = malloc(len + 1);
        if (c) { memcpy(c, s, len); c[len] = 0; }
        return c;
    }
    utf8proc_uint8_t *out = NULL;
    utf8proc_ssize_t r = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &out,
                                      UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    if (r < 0) return NULL;
    return (char *)out;
}

/* ---- a growing UTF-8 buffer ---- */

typedef struct obuf { char *p; size_t n, cap; int oom; } obuf;

static void ob_reserve(obuf *b, size_t more)
{
    if (b->oom || b->n + more + 1 <= b->cap) return;
    size_t nc = b->cap ? b->cap : 256;
    while (nc < b->n + more + 1) nc *= 2;
    char *np = realloc(b->p, nc);
    if (!np) { b->oom = 1; return; }
    b->p = np; b->cap = nc;
}
static void ob_cp(obuf *b, int32_t cp)
{
    ob_reserve(b, 4);
    if (b->oom) return;
    b->n += (size_t)utf8proc_encode_char(cp, (utf8proc_uint8_t *)b->p + b->n);
}

/* ---- Windows-1252: bytes 0x80..0x9F; also the inverse for font-encoded cells ---- */

static const uint16_t cp1252_hi[32] = {
    0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
    0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
};
static int32_t cp1252_to_cp(uint8_t b) { return b >= 0x80 && b < 0xA0 ? cp1252_hi[b - 0x80] : b; }
/* code point -> the byte a legacy font sees, or -1 when the code point is genuine Unicode */
static int cp_to_byte1252(int32_t cp)
{
    if (cp < 0x80 || (cp >= 0xA0 && cp <= 0xFF)) return cp;
    for (int i = 0; i < 32; i++)
        if (cp1252_hi[i] == cp) return 0x80 + i;
    if (cp >= 0x80 && cp < 0xA0) return cp;   /* C1 controls as they come from some readers */
    return -1;
}

/* ---- VNI-Windows: a base letter followed by a mark byte ---- */

/* mark byte -> modifier (0 none, 1 circumflex, 2 breve) and tone (0..5); lower and upper forms */
typedef struct vni_mark { uint8_t lo, up, mod, tone; } vni_mark;
static const vni_mark vni_marks[] = {
    {0xF8, 0xD8, 0, 1}, {0xF9, 0xD9, 0, 2}, {0xFB, 0xDB, 0, 3}, {0xF5, 0xD5, 0, 4}, {0xEF, 0xCF, 0, 5},
    {0xE2, 0xC2, 1, 0}, {0xE0, 0xC0, 1, 1}, {0xE1, 0xC1, 1, 2}, {0xE5, 0xC5, 1, 3}, {0xE3, 0xC3, 1, 4}, {0xE4, 0xC4, 1, 5},
    {0xEA, 0xCA, 2, 0}, {0xE8, 0xC8, 2, 1}, {0xE9, 0xC9, 2, 2}, {0xFA, 0xDA, 2, 3}, {0xFC, 0xDC, 2, 4}, {0xEB, 0xCB, 2, 5},
};
/* letters that stand alone: ơ ư đ, i with tones, ỵ (vowel, tone, upper; vowel -1 = đ) */
typedef struct vni_single { uint8_t b; int8_t vowel, tone, upper; } vni_single;
static const vni_single vni_singles[] = {
    {0xF4, 8, 0, 0}, {0xD4, 8, 0, 1}, {0xF6, 10, 0, 0}, {0xD6, 10, 0, 1}, {0xF1, -1, 0, 0}, {0xD1, -1, 0, 1},
    {0xEC, 5, 1, 0}, {0xED, 5, 2, 0}, {0xE6, 5, 3, 0}, {0xF3, 5, 4, 0}, {0xF2, 5, 5, 0},
    {0xCC, 5, 1, 1}, {0xCD, 5, 2, 1}, {0xC6, 5, 3, 1}, {0xD3, 5, 4, 1}, {0xD2, 5, 5, 1},
    {0xEE, 11, 5, 0}, {0xCE, 11, 5, 1},
};

static const vni_mark *vni_mark_of(uint8_t b)
{
    for (size_t i = 0; i < sizeof vni_marks / sizeof vni_marks[0]; i++)
        if (vni_marks[i].lo == b || vni_marks[i].up == b) return &vni_marks[i];
    return NULL;
}

/* ASCII vowel -> vowel index of names.h (a=0, e=3, i=5, o=6, u=9, y=11), else -1 */
static int ascii_vowel(uint8_t c)
{
    switch (c | 0x20) {
    case 'a': return 0; case 'e': return 3; case 'i': return 5;
    case 'o': return 6; case 'u': return 9; case 'y': return 11;
    default: return -1;
    }
}

/* Decode VNI bytes: a vowel and the mark byte after it make one letter; other high bytes read
 * as cp1252. A mark byte with no vowel before it is not text: U+FFFD, counted. */
static void vni_decode(const uint8_t *s, size_t len, obuf *b, size_t *nbad)
{
    size_t i = 0;
    while (i < len) {
        uint8_t c = s[i];
        int vowel = -1, tone = 0, upper = 0, single = 0;
        if (c < 0x80) {
            vowel = ascii_vowel(c);
            upper = c >= 'A' && c <= 'Z';
            if (vowel < 0) { ob_cp(b, c); i++; continue; }
        } else {
            for (size_t k = 0; k < sizeof vni_singles / sizeof vni_singles[0]; k++)
                if (vni_singles[k].b == c) {
                    vowel = vni_singles[k].vowel; tone = vni_singles[k].tone; upper = vni_singles[k].upper;
                    single = 1;
                    break;
                }
            if (!single) {
                if (vni_mark_of(c)) { ob_cp(b, 0xFFFD); if (nbad) (*nbad)++; }
                else ob_cp(b, cp1252_to_cp(c));
                i++;
                continue;
            }
            if (vowel < 0) { ob_cp(b, upper ? 0x0110 : 0x0111); i++; continue; }
        }
        i++;
        /* a following mark byte completes the letter */
        if (i < len && tone == 0) {
            const vni_mark *m = vni_mark_of(s[i]);
            if (m) {
                int nv = vowel;
                if (m->mod == 1 && (vowel == 0 || vowel == 3 || vowel == 6)) nv = vowel + 1 + (vowel == 0);
                else if (m->mod == 2 && vowel == 0) nv = 1;
                else if (m->mod != 0) nv = -1;
                if (nv >= 0 && !(vowel == 5 && m->mod)) {
                    vowel = nv; tone = m->tone; i++;
                }
            }
        }
        ob_cp(b, cx_vi_vowel_cp(vowel, tone, upper));
    }
}

/* ---- iconv ---- */

static const char *iconv_name(cx_encoding e)
{
    switch (e) {
    case CX_ENC_UTF16LE: return "UTF-16LE";
    case CX_ENC_UTF16BE: return "UTF-16BE";
    case CX_ENC_CP1258: return "CP1258";
    case CX_ENC_TCVN3: return "TCVN5712-1";
    case CX_ENC_VISCII: return "VISCII";
    case CX_ENC_CP1252: return "CP1252";
    default: return NULL;
    }
}

/* The converters of this thread (see iconv_decode), closed when the thread ends (a key's
 * destructor: a library used by many threads must not keep a thread's converters after it). */
typedef struct iconv_cache {
    iconv_t       cd[CX_ENC_COUNT];
    unsigned char made[CX_ENC_COUNT];
} iconv_cache;
static pthread_key_t iconv_key;
static pthread_once_t iconv_key_once = PTHREAD_ONCE_INIT;
static _Thread_local iconv_cache *iconv_mine;

static void iconv_cache_free(void *p)
{
    iconv_cache *c = p;
    for (int i = 0; i < CX_ENC_COUNT; i++)
        if (c->made[i] && c->cd[i] != (iconv_t)-1) iconv_close(c->cd[i]);
    free(c);
    iconv_mine = NULL;
}

static void iconv_key_make(void) { pthread_key_create(&iconv_key, iconv_cache_free); }

static iconv_cache *iconv_cache_get(void)
{
    if (iconv_mine) return iconv_mine;
    pthread_once(&iconv_key_once, iconv_key_make);
    iconv_cache *c = calloc(1, sizeof *c);
    if (!c) return NULL;
    if (pthread_setspecific(iconv_key, c) != 0) { free(c); return NULL; }
    return iconv_mine = c;
}

/* Convert with iconv; an invalid sequence becomes U+FFFD (counted) and decoding goes on. */
/* CX_OK; CX_ERR_ENCODING when there is no converter for e; CX_ERR_NOMEM (b->oom). */
static cx_error iconv_decode(cx_encoding e, const uint8_t *s, size_t len, obuf *b, size_t *nbad)
{
    /* iconv_open dlopen()s a converter module and iconv_close unloads it: detection tries
     * five code pages per file, so keep one converter per thread and encoding (as biff.c
     * does). Measured: the CSV fuzz harness ran ~60 inputs/s before, mostly in dlopen. */
    if ((unsigned)e >= CX_ENC_COUNT) return CX_ERR_ENCODING;
    iconv_cache *c = iconv_cache_get();
    if (!c) return CX_ERR_NOMEM;
    if (!c->made[e]) {
        c->cd[e] = iconv_open("UTF-8", iconv_name(e));
        c->made[e] = 1;
    }
    iconv_t cd = c->cd[e];
    if (cd == (iconv_t)-1) return CX_ERR_ENCODING;
    iconv(cd, NULL, NULL, NULL, NULL);   /* a fresh shift state (CP1258 combines across calls) */
    size_t unit = (e == CX_ENC_UTF16LE || e == CX_ENC_UTF16BE) ? 2 : 1;
    char *in = (char *)s;
    size_t inleft = len;
    while (inleft > 0) {
        ob_reserve(b, inleft * 4 + 64);
        if (b->oom) break;
        char *out = b->p + b->n;
        size_t outleft = b->cap - b->n - 1;
        size_t r = iconv(cd, &in, &inleft, &out, &outleft);
        b->n = (size_t)(out - b->p);
        if (r != (size_t)-1 || errno == E2BIG) continue;
        /* EILSEQ, or EINVAL for a sequence cut at the end: replace one unit and go on */
        size_t skip = inleft < unit ? inleft : unit;
        in += skip; inleft -= skip;
        ob_cp(b, 0xFFFD);
        if (nbad) (*nbad)++;
    }
    /* stateful modules (CP1258 keeps the last base letter to combine) flush here */
    while (!b->oom) {
        ob_reserve(b, 64);
        if (b->oom) break;
        char *out = b->p + b->n;
        size_t outleft = b->cap - b->n - 1;
        size_t r = iconv(cd, NULL, NULL, &out, &outleft);
        b->n = (size_t)(out - b->p);
        if (r == (size_t)-1 && errno == E2BIG) continue;
        break;
    }
    return b->oom ? CX_ERR_NOMEM : CX_OK;
}

/* UTF-8 with invalid sequences replaced by U+FFFD */
static void utf8_decode(const uint8_t *s, size_t len, obuf *b, size_t *nbad)
{
    size_t i = 0;
    while (i < len && !b->oom) {
        if (s[i] < 0x80) { ob_reserve(b, 1); if (!b->oom) b->p[b->n++] = (char)s[i]; i++; continue; }
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate(s + i, (utf8proc_ssize_t)(len - i), &cp);
        if (k <= 0) { ob_cp(b, 0xFFFD); if (nbad) (*nbad)++; i++; continue; }
        ob_cp(b, cp);
        i += (size_t)k;
    }
}

/* ---- the .VnTimeH convention: TCVN3 has no capitals with tone marks, so upper-case text
 * was typed with the lower-case codes and shown with an upper-case font ("PHó HïNG").
 * A word with two or more capitals and no lower-case ASCII letter is upper case; a word
 * with one capital ("Vụ") is when a neighbouring word in the same field is. ---- */

/* field separators; a line break is not one (cells of many lines: "ĐỘ⏎GIẢI⏎QUYẾT") */
static int is_sep(int32_t c) { return (c < 0x20 && c != '\n' && c != '\r') || c == ',' || c == ';' || c == '"' || c == '|'; }
static int is_wordch(int32_t c)
{
    utf8proc_category_t cat = utf8proc_category(c);
    return cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_ME;
}

typedef struct wspan { size_t a, b; int caps, asciilow, vilow, sepbefore, nlbefore; } wspan;

static void vntimeh_upper(int32_t *v, size_t n)
{
    wspan *w = malloc((n / 2 + 2) * sizeof *w);
    if (!w) return;   /* case repair is cosmetic; without memory the text stays as decoded */
    size_t nw = 0, i = 0;
    int sep = 1, nl = 0;
    while (i < n) {
        if (!is_wordch(v[i])) {
            if (is_sep(v[i])) sep = 1;
            else if (v[i] == '\n' || v[i] == '\r') nl = 1;
            i++;
            continue;
        }
        wspan x = {i, i, 0, 0, 0, sep, nl};
        sep = nl = 0;
        while (i < n && is_wordch(v[i])) {
            utf8proc_category_t cat = utf8proc_category(v[i]);
            if (v[i] >= 'a' && v[i] <= 'z') x.asciilow++;
            else if (cat == UTF8PROC_CATEGORY_LU) x.caps++;
            else if (cat == UTF8PROC_CATEGORY_LL) x.vilow++;
            i++;
        }
        x.b = i;
        w[nw++] = x;
    }
    /* strong words first, then their one-capital neighbours in the same field */
    unsigned char *up = calloc(nw + 1, 1);
    if (!up) { free(w); return; }
    for (size_t k = 0; k < nw; k++)
        up[k] = w[k].caps >= 2 && !w[k].asciilow;
    for (size_t k = 0; k < nw; k++) {
        if (up[k] || w[k].caps != 1 || w[k].asciilow || !w[k].vilow) continue;
        /* neighbours on the same line decide; else those on the lines around it in the cell */
        for (int sameline = 1; sameline >= 0; sameline--) {
            int hasl = k > 0 && !w[k].sepbefore && (!sameline || !w[k].nlbefore);
            int hasr = k + 1 < nw && !w[k + 1].sepbefore && (!sameline || !w[k + 1].nlbefore);
            if (!hasl && !hasr) continue;
            int strong = (hasl && up[k - 1] == 1) || (hasr && up[k + 1] == 1);
            int lower = (hasl && w[k - 1].asciilow) || (hasr && w[k + 1].asciilow);
            if (strong && !lower) up[k] = 2;   /* "DỊCH Vụ CÔNG" -> "DỊCH VỤ CÔNG"; "(Từ 80% trở lên)" stays */
            break;
        }
    }
    for (size_t k = 0; k < nw; k++)
        if (up[k])
            for (size_t j = w[k].a; j < w[k].b; j++)
                if (utf8proc_category(v[j]) == UTF8PROC_CATEGORY_LL) v[j] = utf8proc_toupper(v[j]);
    free(up);
    free(w);
}

/* UTF-8 -> code points (valid input only) */
static int32_t *to_cps(const char *s, size_t len, size_t *n)
{
    int32_t *v = malloc((len + 1) * sizeof *v);
    if (!v) return NULL;
    size_t i = 0, o = 0;
    while (i < len) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &cp);
        if (k <= 0) { cp = 0xFFFD; k = 1; }
        v[o++] = cp;
        i += (size_t)k;
    }
    *n = o;
    return v;
}

/* NFC, drop a leading BOM, TCVN3 case repair; takes ownership of raw. Lengths are kept
 * explicitly: the text may hold NUL characters (the readers report them). */
static char *finish(cx_encoding enc, char *raw, size_t rawlen, size_t *outlen)
{
    utf8proc_uint8_t *nfc = NULL;
    utf8proc_ssize_t r = utf8proc_map((const utf8proc_uint8_t *)raw, (utf8proc_ssize_t)rawlen, &nfc,
                                      UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    free(raw);
    if (r < 0) return NULL;
    size_t n = (size_t)r;
    if (n >= 3 && nfc[0] == 0xEF && nfc[1] == 0xBB && nfc[2] == 0xBF) {
        memmove(nfc, nfc + 3, n - 2);
        n -= 3;
    }
    if (enc == CX_ENC_TCVN3) {
        size_t m;
        int32_t *v = to_cps((const char *)nfc, n, &m);
        if (!v) { free(nfc); return NULL; }
        vntimeh_upper(v, m);
        free(nfc);
        obuf o = {0};
        ob_reserve(&o, m * 4);
        for (size_t i = 0; i < m; i++) ob_cp(&o, v[i]);
        free(v);
        if (o.oom) { free(o.p); return NULL; }
        o.p[o.n] = 0;
        if (outlen) *outlen = o.n;
        return o.p;
    }
    if (outlen) *outlen = n;
    return (char *)nfc;
}

cx_error cx_decode(cx_encoding enc, const uint8_t *buf, size_t len, char **out, size_t *outlen,
                   size_t *nbad)
{
    obuf b = {0};
    size_t bad = 0;
    *out = NULL;
    if (outlen) *outlen = 0;
    if (nbad) *nbad = 0;
    switch (enc) {
    case CX_ENC_UNKNOWN:
    case CX_ENC_UTF8:
        utf8_decode(buf, len, &b, &bad);
        break;
    case CX_ENC_VNI:
        vni_decode(buf, len, &b, &bad);
        break;
    case CX_ENC_UTF16LE:
    case CX_ENC_UTF16BE:
        /* a BOM in the data is dropped by finish(); skip it here so iconv does not see it twice */
        if (len >= 2 && ((enc == CX_ENC_UTF16LE && buf[0] == 0xFF && buf[1] == 0xFE) ||
                         (enc == CX_ENC_UTF16BE && buf[0] == 0xFE && buf[1] == 0xFF))) {
            buf += 2; len -= 2;
        }
        /* fall through */
    default: {
        cx_error ie = iconv_decode(enc, buf, len, &b, &bad);
        if (ie != CX_OK) { free(b.p); return ie; }
        break;
    }
    }
    if (b.oom) { free(b.p); return CX_ERR_NOMEM; }
    ob_reserve(&b, 1);
    if (b.oom) { free(b.p); return CX_ERR_NOMEM; }
    b.p[b.n] = 0;
    /* A NUL in the text (UTF-16 "\0\0", a stray byte in a legacy file) would cut the
     * NUL-terminated result short and silently drop everything after it: drop it, and
     * count it with the bad sequences so the caller warns. */
    size_t kept = 0;
    for (size_t i = 0; i < b.n; i++) {
        if (b.p[i]) b.p[kept++] = b.p[i];
        else bad++;
    }
    b.n = kept;
    b.p[b.n] = 0;
    char *s = finish(enc, b.p, b.n, outlen);
    if (!s) return CX_ERR_NOMEM;
    *out = s;
    if (nbad) *nbad = bad;
    return CX_OK;
}

/* ---- Vietnamese syllables ---- */

static const char *const onsets[] = {
    "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "th", "tr", "qu",
    "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x",
};

/* rhymes without tone (NFC). Closed ones ending in c/ch/p/t take only sắc or nặng. */
static const char *const rhymes[] = {
    "a", "ai", "ao", "au", "ay", "âu", "ây", "e", "eo", "ê", "êu", "i", "ia", "iu", "o", "oa", "oai",
    "oay", "oao", "oe", "oeo", "oi", "ô", "ôi", "ơ", "ơi", "u", "ua", "uê", "ui", "uơ", "uôi", "uy",
    "uya", "uyu", "ư", "ưa", "ưi", "ưu", "ươi", "ươu", "iêu", "yêu", "y", "uây",
    "ac", "ach", "am", "an", "ang", "anh", "ap", "at", "ăc", "ăm", "ăn", "ăng", "ăp", "ăt",
    "âc", "âm", "ân", "âng", "âp", "ât", "ec", "em", "en", "eng", "ep", "et", "êch", "êm", "ên",
    "ênh", "êp", "êt", "ich", "im", "in", "inh", "ip", "it", "oc", "om", "on", "ong", "op", "ot",
    "ooc", "oong", "ôc", "ôm", "ôn", "ông", "ôp", "ôt", "ơm", "ơn", "ơp", "ơt", "uc", "um", "un",
    "ung", "up", "ut", "ưc", "ưm", "ưn", "ưng", "ưt", "iêc", "iêm", "iên", "iêng", "iêp", "iêt",
    "yêm", "yên", "yêt", "oac", "oach", "oam", "oan", "oang", "oanh", "oap", "oat", "oăc", "oăm",
    "oăn", "oăng", "oăt", "oen", "oet", "uân", "uâng", "uât", "uêch", "uênh", "uôc", "uôm", "uôn",
    "uông", "uôt", "ươc", "ươm", "ươn", "ương", "ươp", "ươt", "uych", "uynh", "uyt", "uyn",
    "uyên", "uyêt", "ynh", "ych", "yt",
};

static int cps_eq(const int32_t *v, size_t n, const char *s, size_t *used)
{
    /* does v start with s? *used = code points of s */
    size_t i = 0;
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    while (*p) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate(p, -1, &cp);
        if (i >= n || v[i] != cp) return 0;
        i++; p += k;
    }
    *used = i;
    return 1;
}

static int rhyme_ok(const int32_t *r, size_t n, int tone)
{
    if (n == 0) return 0;
    for (size_t i = 0; i < sizeof rhymes / sizeof rhymes[0]; i++) {
        size_t used;
        if (cps_eq(r, n, rhymes[i], &used) && used == n) {
            int32_t last = r[n - 1];
            int stop = last == 'c' || last == 'p' || last == 't' || (last == 'h' && n >= 2 && r[n - 2] == 'c');
            if (stop && tone != 0 && tone != 2 && tone != 5) return 0;
            return 1;
        }
    }
    return 0;
}

static int front_vowel(int32_t c) { return c == 'e' || c == 0xEA || c == 'i' || c == 'y'; }

/* Is the (lower-case, NFC) word one Vietnamese syllable? */
static int syllable_ok(const int32_t *w, size_t n)
{
    int32_t v[32];
    if (n == 0 || n > 8) return 0;
    int tone = 0, ntoned = 0;
    for (size_t i = 0; i < n; i++) {
        int vw, t, up;
        if (cx_vi_vowel(w[i], &vw, &t, &up)) {
            if (up) return 0;
            if (t) { tone = t; ntoned++; }
            v[i] = cx_vi_vowel_cp(vw, 0, 0);
        } else if ((w[i] >= 'a' && w[i] <= 'z') || w[i] == 0x0111) {
            v[i] = w[i];
        } else {
            return 0;
        }
    }
    if (ntoned > 1) return 0;
    /* onsets, longest first; "gi" only before a vowel */
    size_t on = 0;
    for (size_t k = 0; k < sizeof onsets / sizeof onsets[0]; k++) {
        size_t used;
        if (cps_eq(v, n, onsets[k], &used) && used < n) {
            if (onsets[k][0] == 'g' && onsets[k][1] == 'i' && !cx_vi_vowel(v[used], NULL, NULL, NULL)) continue;
            on = used;
            break;
        }
    }
    if (on == 0 && !cx_vi_vowel(v[0], NULL, NULL, NULL)) return 0;
    const int32_t *r = v + on;
    size_t rn = n - on;
    /* spelling rules: k, gh, ngh only before e ê i y; c never there */
    if (on > 0) {
        int front = front_vowel(r[0]);
        if (((v[0] == 'k' && on == 1) || (on == 2 && v[0] == 'g' && v[1] == 'h') || on == 3) && !front) return 0;
        if (v[0] == 'c' && on == 1 && front) return 0;
    }
    /* y alone follows only a few onsets (hy, kỳ, lý, mỹ, sỹ, tý, thy, vỹ, quý) */
    if (rn == 1 && r[0] == 'y' && on > 0) {
        static const char *const yon[] = {"h", "k", "l", "m", "n", "s", "t", "th", "v", "qu", "đ"};
        int okon = 0;
        for (size_t k = 0; k < sizeof yon / sizeof yon[0]; k++) {
            size_t used;
            if (cps_eq(v, on, yon[k], &used) && used == on) okon = 1;
        }
        if (!okon) return 0;
    }
    if (rhyme_ok(r, rn, tone)) return 1;
    /* "giếng", "giêng": the i of gi- is also the rhyme's */
    if (on == 2 && v[0] == 'g' && v[1] == 'i' && rn < 31) {
        int32_t tmp[32];
        tmp[0] = 'i';
        memcpy(tmp + 1, r, rn * sizeof *r);
        if (rhyme_ok(tmp, rn + 1, tone)) return 1;
    }
    return 0;
}

int cx_vi_word_valid(const char *word)
{
    if (!word) return 0;
    size_t len = strlen(word);
    if (!cx_utf8_valid((const uint8_t *)word, len)) return 0;
    char *nfc = cx_nfc(word, len);
    if (!nfc) return 0;
    size_t n;
    int32_t *v = to_cps(nfc, strlen(nfc), &n);
    free(nfc);
    if (!v) return 0;
    for (size_t i = 0; i < n; i++) v[i] = v[i] == 0x0110 ? 0x0111 : utf8proc_tolower(v[i]);
    int ok = syllable_ok(v, n);
    free(v);
    return ok;
}

/* Plausibility of decoded text: counts of non-ASCII words and of those that are syllables,
 * and of characters no Vietnamese text has (controls, U+FFFD, letters of other scripts). */
typedef struct vscore { size_t words, valid, odd, chars; } vscore;

static void score_cps(const int32_t *v, size_t n, vscore *sc)
{
    size_t i = 0;
    while (i < n) {
        int32_t c = v[i];
        sc->chars++;
        if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0xFFFD || (c >= 0x7F && c < 0xA0))
            sc->odd++;
        utf8proc_category_t cat = utf8proc_category(c);
        int letter = cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO;
        if (!letter) { i++; continue; }
        size_t j = i;
        int nonascii = 0;
        while (j < n) {
            utf8proc_category_t cj = utf8proc_category(v[j]);
            if (!(cj >= UTF8PROC_CATEGORY_LU && cj <= UTF8PROC_CATEGORY_ME)) break;
            if (v[j] >= 0x80) nonascii = 1;
            j++;
        }
        if (nonascii) {
            int32_t w[16];
            size_t m = j - i;
            sc->words++;
            if (m <= 16) {
                for (size_t k = 0; k < m; k++) w[k] = v[i + k] == 0x0110 ? 0x0111 : utf8proc_tolower(v[i + k]);
                if (syllable_ok(w, m)) sc->valid++;
            }
        }
        sc->chars += j - i - 1;
        i = j;
    }
}

static double score_value(const vscore *sc)
{
    if (sc->chars == 0) return 0;
    double s = sc->words ? (double)sc->valid / (double)sc->words : 0.0;
    double odd = (double)sc->odd / (double)sc->chars;
    s -= odd * 10.0;
    return s < 0 ? 0 : s;
}

static int score_utf8(const char *s, size_t len, vscore *sc)
{
    size_t n;
    int32_t *v = to_cps(s, len, &n);
    if (!v) return -1;
    score_cps(v, n, sc);
    free(v);
    return 0;
}

/* Turn the best and second-best scores into a confidence: a clear win over the others on
 * enough words is near 1; a close race or a handful of words is lower. */
static double confidence_of(double best, double second, size_t words)
{
    double margin = best - second;
    double c = best * (margin >= 0.3 ? 1.0 : 0.55 + 1.5 * margin);
    if (words < 3) c *= 0.6;
    else if (words < 10) c *= 0.85;
    if (c > 1) c = 1;
    if (c < 0) c = 0;
    return c;
}

#define DETECT_SAMPLE (256u * 1024u)

/* Valid multi-byte UTF-8 sequences and invalid bytes in buf (reliability: mostly-UTF-8 files). */
static void utf8_tally(const uint8_t *buf, size_t len, size_t *good_mb, size_t *bad)
{
    size_t i = 0;
    while (i < len) {
        if (buf[i] < 0x80) { i++; continue; }
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate(buf + i, (utf8proc_ssize_t)(len - i), &cp);
        if (k > 1) { (*good_mb)++; i += (size_t)k; }
        else { (*bad)++; i++; }
    }
}

/* Lines (LF or CR ended) with multi-byte UTF-8 and no invalid sequence (*good), and lines
 * with an invalid sequence (*bad). */
static void utf8_lines(const uint8_t *buf, size_t len, size_t *good, size_t *bad)
{
    size_t i = 0;
    int mb = 0, inv = 0;
    while (i < len) {
        uint8_t c = buf[i];
        if (c == '\n' || c == '\r') {
            if (inv) (*bad)++;
            else if (mb) (*good)++;
            mb = inv = 0;
            i++;
            continue;
        }
        if (c < 0x80) { i++; continue; }
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate(buf + i, (utf8proc_ssize_t)(len - i), &cp);
        if (k > 1) { mb = 1; i += (size_t)k; }
        else { inv = 1; i++; }
    }
    if (inv) (*bad)++;
    else if (mb) (*good)++;
}

/* cx_utf8_valid(buf, len) in slices of a few MiB, each ending where a sequence starts (a
 * split there leaves the answer unchanged: valid text splits into valid halves, and valid
 * halves join into valid text), telling release after each. */
static int utf8_valid_released(const uint8_t *buf, size_t len, void (*release)(void *, size_t), void *ud)
{
    if (!release) return cx_utf8_valid(buf, len);
    enum { SLICE = 4u << 20 };
    int ok = 1;
    for (size_t off = 0; off < len && ok;) {
        size_t n = len - off < SLICE ? len - off : SLICE;
        if (off + n < len) {
            for (int k = 0; k < 3 && (buf[off + n] & 0xC0) == 0x80; k++) n--;
            if ((buf[off + n] & 0xC0) == 0x80) n = len - off;   /* no sequence starts here: invalid anyway */
        }
        ok = cx_utf8_valid(buf + off, n);
        off += n;
        release(ud, off);
    }
    return ok;
}

cx_encoding cx_detect_encoding(const uint8_t *buf, size_t len, double *confidence, size_t *bom_len)
{
    return cx_detect_encoding_ex(buf, len, confidence, bom_len, NULL, NULL, NULL);
}

cx_encoding cx_detect_encoding_ex(const uint8_t *buf, size_t len, double *confidence, size_t *bom_len,
                                  int *utf8_valid, void (*release)(void *ud, size_t done), void *release_ud)
{
    double dummy;
    size_t dbom;
    int dvalid;
    if (!confidence) confidence = &dummy;
    if (!bom_len) bom_len = &dbom;
    if (!utf8_valid) utf8_valid = &dvalid;
    *bom_len = 0;
    *confidence = 1.0;
    *utf8_valid = 0;
    if (!buf || len == 0) return CX_ENC_UTF8;
    if (len >= 3 && buf[0] == 0xEF && buf[1] == 0xBB && buf[2] == 0xBF) { *bom_len = 3; return CX_ENC_UTF8; }
    if (len >= 2 && buf[0] == 0xFF && buf[1] == 0xFE) { *bom_len = 2; return CX_ENC_UTF16LE; }
    if (len >= 2 && buf[0] == 0xFE && buf[1] == 0xFF) { *bom_len = 2; return CX_ENC_UTF16BE; }
    size_t n = len < DETECT_SAMPLE ? len : DETECT_SAMPLE;
    /* UTF-16 without a BOM: text of mostly ASCII/Latin has a zero in every other byte */
    if (n >= 4) {
        size_t z[2] = {0, 0};
        for (size_t i = 0; i + 1 < n; i += 2) { z[0] += buf[i] == 0; z[1] += buf[i + 1] == 0; }
        size_t pairs = n / 2;
        if (z[1] * 10 > pairs * 3 && z[0] * 20 < pairs) { *confidence = 0.9; return CX_ENC_UTF16LE; }
        if (z[0] * 10 > pairs * 3 && z[1] * 20 < pairs) { *confidence = 0.9; return CX_ENC_UTF16BE; }
    }
    /* valid UTF-8: the whole buffer (cheap), so that a legacy byte far down a big file counts */
    if (utf8_valid_released(buf, len, release, release_ud)) { *utf8_valid = 1; return CX_ENC_UTF8; }
    /* UTF-8 with a few damaged bytes (a bad copy-paste, a cut download) is still UTF-8:
     * decoding it as a legacy code page would turn every Vietnamese letter into mojibake
     * and lose the headings. Legacy text seldom forms valid multi-byte sequences. */
    size_t good = 0, bad = 0;
    utf8_tally(buf, len, &good, &bad);
    if ((good > 0 && bad * 10 <= good) || (good >= 8 && good >= 4 * bad)) {
        *confidence = 0.8 * (double)good / (double)(good + bad);
        return CX_ENC_UTF8;
    }
    /* Evidence line by line, over the whole file: a line that holds multi-byte UTF-8 and
     * nothing invalid is UTF-8 (legacy text almost never forms such a line); a line with an
     * invalid sequence is damaged UTF-8 or legacy text. A few junk lines among many good
     * ones do not make the whole file a legacy encoding: they are read as UTF-8 and the
     * reader warns about those cells (their bad bytes become U+FFFD). */
    {
        size_t vlines = 0, blines = 0;
        utf8_lines(buf, len, &vlines, &blines);
        if (vlines >= 2 && vlines >= 2 * blines) {
            *confidence = 0.6 + 0.3 * (double)vlines / (double)(vlines + blines);
            return CX_ENC_UTF8;
        }
    }
    /* the legacy candidates are scored on a window that starts at the line of the first
     * non-ASCII byte: a long ASCII preamble would leave nothing to judge by */
    size_t start = 0;
    while (start < len && buf[start] < 0x80) start++;
    size_t back = start > 4096 ? start - 4096 : 0;
    while (start > back && buf[start - 1] != '\n') start--;
    n = len - start < DETECT_SAMPLE ? len - start : DETECT_SAMPLE;
    buf += start;

    static const cx_encoding cand[] = {CX_ENC_CP1258, CX_ENC_TCVN3, CX_ENC_VNI, CX_ENC_VISCII, CX_ENC_CP1252};
    double best = -1, second = -1;
    size_t bestwords = 0;
    cx_encoding be = CX_ENC_CP1252;
    for (size_t k = 0; k < sizeof cand / sizeof cand[0]; k++) {
        char *s = NULL;
        size_t sl = 0, nb = 0;
        if (cx_decode(cand[k], buf, n, &s, &sl, &nb) != CX_OK) continue;
        vscore sc = {0};
        sc.odd = nb;
        int r = score_utf8(s, sl, &sc);
        free(s);
        if (r < 0) continue;
        double v = score_value(&sc);
        if (cand[k] == CX_ENC_CP1252) v -= 0.05;   /* Latin text: only when no Vietnamese reading is better */
        if (v > best) { second = best; best = v; be = cand[k]; bestwords = sc.words; }
        else if (v > second) second = v;
    }
    if (second < 0) second = 0;
    if (best < 0.2) {
        /* nothing reads as Vietnamese in any legacy encoding. A handful of stray bytes, or
         * bytes that are more UTF-8 than not: keep them as (damaged) UTF-8, so what cannot be
         * read shows as U+FFFD rather than as wrong letters. Otherwise the best reading,
         * with the low confidence it earned (a warning for the reader). */
        if (good + bad < 8 || good > bad) {
            *confidence = good > bad ? 0.5 : 0.2;
            return CX_ENC_UTF8;
        }
        *confidence = best > 0 ? best : 0.0;
        return be;
    }
    *confidence = confidence_of(best, second, bestwords);
    return be;
}

/* ---- font-encoded text inside spreadsheets ---- */

/* The bytes a legacy font sees in a cell, or NULL when the cell holds genuine Unicode
 * (a code point no 8-bit font can have). *hi counts bytes >= 0x80. */
static uint8_t *cell_bytes(const char *s, size_t *len, size_t *hi)
{
    size_t sl = strlen(s);
    uint8_t *b = malloc(sl + 1);
    if (!b) return NULL;
    size_t i = 0, o = 0;
    *hi = 0;
    while (i < sl) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(sl - i), &cp);
        if (k <= 0) { free(b); return NULL; }
        int byte = cp_to_byte1252(cp);
        if (byte < 0) { free(b); return NULL; }
        if (byte >= 0x80) (*hi)++;
        b[o++] = (uint8_t)byte;
        i += (size_t)k;
    }
    *len = o;
    return b;
}

cx_encoding cx_detect_font_encoding(const char *const *cells, size_t n, double *confidence)
{
    double dummy;
    if (!confidence) confidence = &dummy;
    *confidence = 0;
    size_t unicode = 0, legacy = 0;
    vscore asis = {0}, tc = {0}, vn = {0};
    for (size_t i = 0; i < n; i++) {
        if (!cells[i] || !cells[i][0]) continue;
        size_t bl, hi;
        uint8_t *b = cell_bytes(cells[i], &bl, &hi);
        if (!b) { unicode++; continue; }
        if (hi == 0) { free(b); continue; }   /* plain ASCII says nothing */
        legacy++;
        char *s;
        size_t sl;
        score_utf8(cells[i], strlen(cells[i]), &asis);
        if (cx_decode(CX_ENC_TCVN3, b, bl, &s, &sl, NULL) == CX_OK) { score_utf8(s, sl, &tc); free(s); }
        if (cx_decode(CX_ENC_VNI, b, bl, &s, &sl, NULL) == CX_OK) { score_utf8(s, sl, &vn); free(s); }
        free(b);
    }
    /* genuine Unicode Vietnamese nearly always has a letter beyond Latin-1 (ư, ơ, đ, ạ ...) */
    if (legacy == 0 || unicode > legacy) { *confidence = 1.0; return CX_ENC_UNKNOWN; }
    double sa = score_value(&asis), st = score_value(&tc), sv = score_value(&vn);
    cx_encoding e = st >= sv ? CX_ENC_TCVN3 : CX_ENC_VNI;
    double best = st >= sv ? st : sv, other = st >= sv ? sv : st;
    size_t words = st >= sv ? tc.words : vn.words;
    if (best < 0.6 || best < sa + 0.2) { *confidence = 1.0 - best; return CX_ENC_UNKNOWN; }
    *confidence = confidence_of(best, other > sa ? other : sa, words);
    return e;
}

char *cx_fontenc_to_unicode(cx_encoding enc, const char *s)
{
    if (!s) return NULL;
    if (enc != CX_ENC_TCVN3 && enc != CX_ENC_VNI) return strdup(s);
    size_t bl, hi;
    uint8_t *b = cell_bytes(s, &bl, &hi);
    if (!b) return strdup(s);   /* genuine Unicode: nothing to convert */
    char *out = NULL;
    size_t ol;
    cx_error e = cx_decode(enc, b, bl, &out, &ol, NULL);
    free(b);
    return e == CX_OK ? out : NULL;
}

char *cx_nfc_collapse(const char *t, size_t len)
{
    if (!t) return NULL;
    char *n = cx_nfc(t, len);
    if (!n) n = strndup(t, len);
    if (!n) return NULL;
    size_t o = 0;
    int sp = 1;
    for (size_t i = 0; n[i]; i++) {
        unsigned char ch = (unsigned char)n[i];
        if (ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n') { if (!sp) { n[o++] = ' '; sp = 1; } continue; }
        n[o++] = (char)ch;
        sp = 0;
    }
    if (o && n[o - 1] == ' ') o--;
    n[o] = 0;
    if (!o) { free(n); return NULL; }
    return n;
}
