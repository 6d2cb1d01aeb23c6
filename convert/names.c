/* names.c — STUB: trims and lower-cases ASCII only; replaced by the Vietnamese text work. */
#include "names.h"
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
int cx_name_clean(const char *raw, size_t len, cx_name *out)
{
    memset(out, 0, sizeof *out);
    out->name = strndup(raw, len);
    out->key = strndup(raw, len);
    if (!out->name || !out->key) { cx_name_free(out); return -1; }
    for (char *p = out->key; *p; p++) *p = (char)tolower((unsigned char)*p);
    return 0;
}
void cx_name_free(cx_name *n) { if (!n) return; free(n->name); free(n->key); free(n->scope); memset(n, 0, sizeof *n); }
int cx_name_is_total(const char *raw) { (void)raw; return 0; }
char *cx_key_fold(const char *key) { return strdup(key); }
char *cx_vi_lower(const char *s) { return strdup(s); }
char *cx_vi_title(const char *s) { return strdup(s); }
char *cx_vi_tone_style(const char *s) { return strdup(s); }
