/* write_util.c — see write_util.h. */
#include "write_util.h"

#include <stdio.h>
#include "nfc_quick.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

size_t cx_utf8_seq_len(const unsigned char *p, size_t avail)
{
    if (avail == 0) return 0;
    unsigned c = p[0];
    if (c < 0x80) return 1;
    size_t n;
    if (c >= 0xc2 && c <= 0xdf) n = 2;
    else if (c >= 0xe0 && c <= 0xef) n = 3;
    else if (c >= 0xf0 && c <= 0xf4) n = 4;
    else return 0;
    if (avail < n) return 0;
    for (size_t i = 1; i < n; i++)
        if ((p[i] & 0xc0) != 0x80) return 0;
    if (c == 0xe0 && p[1] < 0xa0) return 0;   /* overlong */
    if (c == 0xed && p[1] >= 0xa0) return 0;  /* surrogate */
    if (c == 0xf0 && p[1] < 0x90) return 0;   /* overlong */
    if (c == 0xf4 && p[1] >= 0x90) return 0;  /* over U+10FFFF */
    return n;
}

int cx_utf8_is_clean(const char *s)
{
    /* One pass over what cx_nfc_quick accepts (ASCII, C2..CB xx, E1 B8..BB xx: all
     * valid UTF-8, none of them U+FFFE/U+FFFF), refusing the control characters that
     * cx_utf8_clean_nfc would replace. Anything else is "not known": clean it. */
    if (!s) return 1;
    const unsigned char *p = (const unsigned char *)s;
    for (;;) {
        unsigned c = *p;
        if (c >= 0x20 && c < 0x7f) { p++; continue; }
        if (c == 0) return 1;
        if (c < 0x80) {
            if (c != '\t' && c != '\n') return 0;   /* CR and the other controls, DEL */
            p++;
        } else if (c >= 0xC2 && c <= 0xCB) {
            if ((p[1] & 0xC0) != 0x80) return 0;
            p += 2;
        } else if (c == 0xE1) {
            if (p[1] < 0xB8 || p[1] > 0xBB || (p[2] & 0xC0) != 0x80) return 0;
            p += 3;
        } else {
            return 0;
        }
    }
}

char *cx_utf8_clean_nfc(const char *s)
{
    if (!s) s = "";
    size_t len = strlen(s);
    /* Worst case: every byte becomes the 3-byte U+FFFD. */
    char *tmp = malloc(len * 3 + 1);
    if (!tmp) return NULL;
    const unsigned char *p = (const unsigned char *)s, *e = p + len;
    size_t o = 0;
    while (p < e) {
        size_t n = cx_utf8_seq_len(p, (size_t)(e - p));
        if (n == 0) { memcpy(tmp + o, "\xef\xbf\xbd", 3); o += 3; p++; continue; }
        if (n == 1) {
            unsigned char c = *p++;
            if (c == '\r') { tmp[o++] = '\n'; if (p < e && *p == '\n') p++; }
            else if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f) tmp[o++] = ' ';
            else tmp[o++] = (char)c;
            continue;
        }
        /* U+FFFE/U+FFFF are not XML characters either. */
        if (n == 3 && p[0] == 0xef && p[1] == 0xbf && (p[2] == 0xbe || p[2] == 0xbf)) {
            memcpy(tmp + o, "\xef\xbf\xbd", 3); o += 3; p += 3; continue;
        }
        memcpy(tmp + o, p, n);
        o += n;
        p += n;
    }
    tmp[o] = 0;
    if (cx_nfc_quick(tmp, o)) return tmp;   /* NFC would not change it: skip utf8proc */
    char *nfc = (char *)utf8proc_NFC((const utf8proc_uint8_t *)tmp);
    free(tmp);
    return nfc;
}

lxw_error cx_xlsx_str(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *s, lxw_format *f)
{
    if (cx_utf8_is_clean(s)) return worksheet_write_string(ws, r, c, s ? s : "", f);
    char *t = cx_utf8_clean_nfc(s);
    if (!t) return LXW_ERROR_MEMORY_MALLOC_FAILED;
    lxw_error e = worksheet_write_string(ws, r, c, t, f);
    free(t);
    return e;
}

lxw_error cx_xlsx_merge(lxw_worksheet *ws, lxw_row_t r1, lxw_col_t c1, lxw_row_t r2, lxw_col_t c2,
                        const char *s, lxw_format *f)
{
    if (cx_utf8_is_clean(s)) return worksheet_merge_range(ws, r1, c1, r2, c2, s ? s : "", f);
    char *t = cx_utf8_clean_nfc(s);
    if (!t) return LXW_ERROR_MEMORY_MALLOC_FAILED;
    lxw_error e = worksheet_merge_range(ws, r1, c1, r2, c2, t, f);
    free(t);
    return e;
}

/* Write s as a JSON string. Control characters are escaped; valid UTF-8 passes
 * through unchanged; an invalid byte (should not reach a writer, but the output must
 * stay valid JSON whatever happens upstream) becomes U+FFFD. */
void cx_json_str(FILE *f, const char *s)
{
    if (!s) { fputs("null", f); return; }
    const unsigned char *p = (const unsigned char *)s;
    putc('"', f);
    while (*p) {
        unsigned c = *p;
        if (c < 0x80) {
            switch (c) {
            case '"':  fputs("\\\"", f); break;
            case '\\': fputs("\\\\", f); break;
            case '\n': fputs("\\n", f); break;
            case '\r': fputs("\\r", f); break;
            case '\t': fputs("\\t", f); break;
            case '\b': fputs("\\b", f); break;
            case '\f': fputs("\\f", f); break;
            default:
                if (c < 0x20 || c == 0x7f) fprintf(f, "\\u%04x", c);
                else putc((int)c, f);
            }
            p++;
            continue;
        }
        /* 4 is safe: the terminating NUL is not a continuation byte, so the
         * check stops there before reading past it. */
        size_t n = cx_utf8_seq_len(p, 4);
        if (n > 0) { fwrite(p, 1, n, f); p += n; }
        else { fputs("\xef\xbf\xbd", f); p++; }
    }
    putc('"', f);
}

static pthread_mutex_t close_lock = PTHREAD_MUTEX_INITIALIZER;

lxw_error cx_workbook_close(lxw_workbook *wb)
{
    pthread_mutex_lock(&close_lock);
    lxw_error e = workbook_close(wb);
    pthread_mutex_unlock(&close_lock);
    return e;
}

time_t cx_xlsx_created(long long source_date_epoch, cx_cutoff_at_fn cutoff, const void *ctx, size_t n)
{
    if (source_date_epoch > 0 && source_date_epoch < 253402300800LL) return (time_t)source_date_epoch;
    for (size_t i = 0; i < n; i++) {
        const char *c = cutoff(i, ctx);
        struct tm tm = {0};
        int y, m, dd;
        if (c && c[0] && sscanf(c, "%4d-%2d-%2d", &y, &m, &dd) == 3 &&
            y >= 1980 && m >= 1 && m <= 12 && dd >= 1 && dd <= 31) {
            tm.tm_year = y - 1900;
            tm.tm_mon = m - 1;
            tm.tm_mday = dd;
            return timegm(&tm);
        }
    }
    return (time_t)CX_XLSX_FALLBACK_EPOCH;
}
