/* fold.c — every way chiso folds text for comparison (see fold.h): one module, one
 * function per purpose. */
#include "fold.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include "names.h"

char *cx_fold_words(const char *s)
{
    if (!s) return NULL;
    size_t len = strlen(s);
    /* Every output byte comes from at least one input byte: len + 1 is enough. */
    char *out = malloc(len + 1);
    if (!out) return NULL;
    size_t o = 0;
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    utf8proc_ssize_t left = (utf8proc_ssize_t)len;
    while (left > 0) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate(p, left, &cp);
        if (n <= 0) { out[o++] = ' '; p++; left--; continue; }
        p += n;
        left -= n;
        if (cp < 0x80) { out[o++] = (char)tolower(cp); continue; }
        if (cp == 0x0110 || cp == 0x0111) { out[o++] = 'd'; continue; }
        if ((cp >= 0x2010 && cp <= 0x2015) || cp == 0x2212) { out[o++] = '-'; continue; }
        /* Decompose and keep the base letter when it is ASCII (á -> a, Ầ -> a). */
        utf8proc_int32_t buf[8];
        int last = 0;
        utf8proc_ssize_t k = utf8proc_decompose_char(cp, buf, 8, UTF8PROC_DECOMPOSE | UTF8PROC_CASEFOLD, &last);
        if (k > 0 && k <= 8 && buf[0] < 0x80) out[o++] = (char)tolower(buf[0]);
        else out[o++] = ' ';
    }
    out[o] = 0;
    return out;
}

static const char *const prefixes[] = {
    "ui ban nhan dan ", "ubnd ", "thi tran ", "thi xa ", "thanh pho ", "phuong ", "xa ",
    "huyen ", "tt. ", "tt ", "x. ", "p. ", NULL
};

char *cx_fold_name(const char *s)
{
    char *f = cx_fold_words(s);
    if (!f) return NULL;
    /* Collapse everything that is not a letter or digit into single spaces. */
    size_t o = 0;
    int space = 1;
    for (size_t i = 0; f[i]; i++) {
        char c = f[i];
        if (c == 'y') c = 'i';
        if (isalnum((unsigned char)c) || c == '.') { f[o++] = c; space = 0; }
        else if (!space) { f[o++] = ' '; space = 1; }
    }
    while (o > 0 && f[o - 1] == ' ') o--;
    f[o] = 0;
    /* Administrative prefixes, possibly stacked ("ubnd xa ..."). */
    for (int again = 1; again;) {
        again = 0;
        for (int i = 0; prefixes[i]; i++) {
            size_t n = strlen(prefixes[i]);
            if (strncmp(f, prefixes[i], n) == 0 && f[n]) {
                memmove(f, f + n, strlen(f + n) + 1);
                again = 1;
            }
        }
    }
    /* Dots only mattered for "tt." / "x."; drop the rest. */
    o = 0;
    for (size_t i = 0; f[i]; i++) if (f[i] != '.') f[o++] = f[i];
    f[o] = 0;
    return f;
}

/* ---- headings ---------------------------------------------------------------- */

/* The fold of text made only of ASCII, the 144 Vietnamese vowel letters and Đ/đ (what
 * names and headings are written in): utf8proc decomposes, strips the marks and case
 * folds each such letter to one ASCII letter on its own ("Ắ" -> "a", "ư" -> "u"; "đ" stays
 * and becomes "d" below), so the result is computed letter by letter without it. 1 with
 * *out set (NULL when out of memory), 0 when the text holds anything else. Checked
 * against the utf8proc path for every such letter and for random strings
 * (tests/unit/test_heading.c). */
static int fold_vi_quick(const char *s, size_t len, char **out)
{
    static const char base[12] = {'a', 'a', 'a', 'e', 'e', 'i', 'o', 'o', 'o', 'u', 'u', 'y'};
    const unsigned char *p = (const unsigned char *)s, *e = p + len;
    /* first pass: only such letters? */
    for (const unsigned char *q = p; q < e;) {
        unsigned c = *q;
        if (c < 0x80) { q++; continue; }
        int32_t cp;
        if (c >= 0xC2 && c <= 0xDF && e - q >= 2 && (q[1] & 0xC0) == 0x80) { cp = (int32_t)(((c & 0x1F) << 6) | (q[1] & 0x3F)); q += 2; }
        else if (c == 0xE1 && e - q >= 3 && (q[1] & 0xC0) == 0x80 && (q[2] & 0xC0) == 0x80) {
            cp = (int32_t)(((c & 0x0F) << 12) | ((unsigned)(q[1] & 0x3F) << 6) | (q[2] & 0x3F));
            q += 3;
        } else return 0;
        if (cp != 0x110 && cp != 0x111 && !cx_vi_vowel(cp, NULL, NULL, NULL)) return 0;
    }
    char *o = malloc(len + 1);
    *out = o;
    if (!o) return 1;
    size_t n = 0;
    int space = 1;   /* suppress leading spaces */
    while (p < e) {
        unsigned c = *p;
        int ch;
        if (c < 0x80) {
            ch = c >= 'A' && c <= 'Z' ? (int)c + 32 : (int)c;   /* case folding of ASCII */
            p++;
            if (!isalnum(ch)) {
                if (!space) { o[n++] = ' '; space = 1; }
                continue;
            }
        } else {
            int32_t cp;
            if (c < 0xE0) { cp = (int32_t)(((c & 0x1F) << 6) | (p[1] & 0x3F)); p += 2; }
            else { cp = (int32_t)(((c & 0x0F) << 12) | ((unsigned)(p[1] & 0x3F) << 6) | (p[2] & 0x3F)); p += 3; }
            int v = 0;
            if (cp == 0x110 || cp == 0x111) ch = 'd';
            else { cx_vi_vowel(cp, &v, NULL, NULL); ch = base[v]; }
        }
        o[n++] = (char)ch;
        space = 0;
    }
    if (n > 0 && o[n - 1] == ' ') n--;
    o[n] = 0;
    return 1;
}

char *cx_fold_heading(const char *s)
{
    if (!s) return NULL;
    char *quick;
    if (fold_vi_quick(s, strlen(s), &quick)) return quick;
    return cx_fold_heading_full(s);
}

char *cx_fold_heading_full(const char *s)
{
    if (!s) return NULL;
    size_t len = strlen(s);
    /* utf8proc refuses invalid UTF-8: replace bad bytes first (a heading must still fold). */
    char *clean = malloc(len + 1);
    if (!clean) return NULL;
    size_t ci = 0;
    for (size_t i = 0; i < len;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &cp);
        if (k <= 0) { clean[ci++] = ' '; i++; continue; }
        memcpy(clean + ci, s + i, (size_t)k);
        ci += (size_t)k;
        i += (size_t)k;
    }
    clean[ci] = 0;
    utf8proc_uint8_t *m = NULL;
    utf8proc_ssize_t r = utf8proc_map((const utf8proc_uint8_t *)clean, 0, &m,
                                      UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_DECOMPOSE |
                                      UTF8PROC_COMPAT | UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD);
    free(clean);
    if (r < 0) return NULL;
    char *out = malloc((size_t)r + 1);
    if (!out) { free(m); return NULL; }
    size_t o = 0;
    int space = 1;   /* suppress leading spaces */
    for (utf8proc_ssize_t i = 0; i < r;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate(m + i, r - i, &cp);
        if (k <= 0) { i++; continue; }
        if (cp == 0x111 || cp == 0x110) cp = 'd';
        int keep;
        if (cp < 0x80) keep = isalnum(cp) != 0;
        else {
            utf8proc_category_t c = utf8proc_category(cp);
            keep = c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LL || c == UTF8PROC_CATEGORY_LO ||
                   c == UTF8PROC_CATEGORY_ND;
        }
        if (keep) {
            if (cp < 0x80) out[o++] = (char)cp;
            else { memcpy(out + o, m + i, (size_t)k); o += (size_t)k; }
            space = 0;
        } else if (!space) {
            out[o++] = ' ';
            space = 1;
        }
        i += k;
    }
    if (o > 0 && out[o - 1] == ' ') o--;
    out[o] = 0;
    free(m);
    return out;
}

/* ---- matching keys ---------------------------------------------------------------- */

char *cx_fold_key(const char *key)
{
    if (!key) return NULL;
    utf8proc_uint8_t *nfd = NULL;
    utf8proc_ssize_t r = utf8proc_map((const utf8proc_uint8_t *)key, 0, &nfd,
                                      UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_DECOMPOSE |
                                          UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD);
    if (r < 0) return NULL;
    /* đ has no decomposition: fold it by hand; y and i are one sound in names (An Vỹ / An Vĩ) */
    char *out = malloc((size_t)r + 1);
    if (!out) { free(nfd); return NULL; }
    size_t o = 0;
    for (utf8proc_ssize_t i = 0; i < r;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate(nfd + i, r - i, &cp);
        if (k <= 0) break;
        if (cp == 0x0111 || cp == 0x0110 || cp == 0x00F0 || cp == 0x00D0) cp = 'd';
        else if (cp == 'y') cp = 'i';
        o += (size_t)utf8proc_encode_char(cp, (utf8proc_uint8_t *)out + o);
        i += k;
    }
    out[o] = 0;
    free(nfd);
    return out;
}
