/* encoding.c — STUB: UTF-8 only until the encodings work lands. */
#include "encoding.h"
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
    for (int i = 1; i < CX_ENC_COUNT; i++)
        if (name && strcasecmp(name, cx_encoding_name((cx_encoding)i)) == 0) return (cx_encoding)i;
    return CX_ENC_UNKNOWN;
}
int cx_utf8_valid(const uint8_t *buf, size_t len)
{
    size_t i = 0;
    while (i < len) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate(buf + i, (utf8proc_ssize_t)(len - i), &cp);
        if (n <= 0) return 0;
        i += (size_t)n;
    }
    return 1;
}
cx_encoding cx_detect_encoding(const uint8_t *buf, size_t len, double *confidence, size_t *bom_len)
{
    *bom_len = 0;
    *confidence = 1.0;
    if (len >= 3 && buf[0] == 0xEF && buf[1] == 0xBB && buf[2] == 0xBF) *bom_len = 3;
    return CX_ENC_UTF8;
}
char *cx_nfc(const char *s, size_t len)
{
    utf8proc_uint8_t *out = NULL;
    utf8proc_ssize_t r = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &out,
                                      UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    if (r < 0) return NULL;
    return (char *)out;
}
cx_error cx_decode(cx_encoding enc, const uint8_t *buf, size_t len, char **out, size_t *outlen, size_t *nbad)
{
    (void)enc;
    if (nbad) *nbad = 0;
    *out = cx_nfc((const char *)buf, len);
    if (!*out) return CX_ERR_ENCODING;
    *outlen = strlen(*out);
    return CX_OK;
}
cx_encoding cx_detect_font_encoding(const char *const *cells, size_t n, double *confidence)
{
    (void)cells; (void)n;
    *confidence = 1.0;
    return CX_ENC_UNKNOWN;
}
char *cx_fontenc_to_unicode(cx_encoding enc, const char *s) { (void)enc; return strdup(s); }
