/* fold.c — Vietnamese text folded to lower-case ASCII (see fold.h). */
#include "fold.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

char *cx_fold_ascii(const char *s)
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
    char *f = cx_fold_ascii(s);
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
