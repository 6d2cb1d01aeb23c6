/* aliases.c — names confirmed once by a person; see aliases.h. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "aliases.h"
#include "dvhc.h"
#include "names.h"

#define ALIASES_MAX_BYTES (1u << 20)

void cx_aliases_free(cx_aliases *a)
{
    if (!a) return;
    for (size_t i = 0; i < a->n; i++) {
        free(a->a[i].from_key);
        free(a->a[i].to_name);
        free(a->a[i].to_key);
    }
    free(a->a);
    free(a);
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t') s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r')) s[--n] = 0;
    return s;
}

static int is_code(const char *s)
{
    if (strlen(s) != 5) return 0;
    for (int i = 0; i < 5; i++) if (s[i] < '0' || s[i] > '9') return 0;
    return 1;
}

cx_aliases *cx_aliases_parse(const char *text, size_t len, const char *path, cx_diag *d)
{
    cx_aliases *out = calloc(1, sizeof *out);
    char *buf = malloc(len + 1);
    if (!out || !buf) { free(out); free(buf); cx_fail(d, CX_ERR_NOMEM, "out of memory"); return NULL; }
    memcpy(buf, text, len);
    buf[len] = 0;
    size_t cap = 0;
    long lineno = 0;
    char *p = buf;
    if ((unsigned char)p[0] == 0xEF && (unsigned char)p[1] == 0xBB && (unsigned char)p[2] == 0xBF) p += 3;
    while (p && *p) {
        char *nl = strchr(p, '\n');
        if (nl) *nl = 0;
        lineno++;
        char *line = p;
        p = nl ? nl + 1 : NULL;
        char *hash = strchr(line, '#');
        if (hash) *hash = 0;
        line = trim(line);
        if (!*line) continue;
        char *eq = strchr(line, '=');
        if (!eq) {
            cx_fail(d, CX_ERR_USAGE, "%s:%ld: expected 'NAME IN THE FILE = UNIT' (a name or a 5-digit code)", path, lineno);
            goto bad;
        }
        *eq = 0;
        char *from = trim(line), *to = trim(eq + 1);
        if (!*from || !*to) {
            cx_fail(d, CX_ERR_USAGE, "%s:%ld: a name is missing on one side of '='", path, lineno);
            goto bad;
        }
        cx_name fn = {0};
        if (cx_name_clean(from, strlen(from), &fn) != 0 || !fn.key || !*fn.key) {
            cx_name_free(&fn);
            cx_fail(d, CX_ERR_USAGE, "%s:%ld: cannot read the name '%s' (not UTF-8?)", path, lineno, from);
            goto bad;
        }
        if (out->n == cap) {
            cap = cap ? cap * 2 : 16;
            cx_alias *na = realloc(out->a, cap * sizeof *na);
            if (!na) { cx_name_free(&fn); cx_fail(d, CX_ERR_NOMEM, "out of memory"); goto bad; }
            out->a = na;
        }
        cx_alias *al = &out->a[out->n];
        memset(al, 0, sizeof *al);
        al->from_key = fn.key;
        fn.key = NULL;
        cx_name_free(&fn);
        out->n++;
        if (is_code(to)) {
            memcpy(al->code, to, 6);
        } else {
            cx_name tn = {0};
            if (cx_name_clean(to, strlen(to), &tn) != 0 || !tn.key || !*tn.key) {
                cx_name_free(&tn);
                cx_fail(d, CX_ERR_USAGE, "%s:%ld: cannot read the name '%s' (not UTF-8?)", path, lineno, to);
                goto bad;
            }
            al->to_name = tn.name;
            al->to_key = tn.key;
            tn.name = tn.key = NULL;
            cx_name_free(&tn);
        }
    }
    free(buf);
    return out;
bad:
    free(buf);
    cx_aliases_free(out);
    return NULL;
}

cx_aliases *cx_aliases_load(const char *path, cx_diag *d)
{
    FILE *f = fopen(path, "rb");
    if (!f) { cx_fail(d, CX_ERR_USAGE, "%s: cannot open the aliases file: %s", path, strerror(errno)); return NULL; }
    char *buf = malloc(ALIASES_MAX_BYTES + 1);
    size_t n = buf ? fread(buf, 1, ALIASES_MAX_BYTES + 1, f) : 0;
    int rerr = ferror(f);
    fclose(f);
    cx_aliases *a = NULL;
    if (!buf) cx_fail(d, CX_ERR_NOMEM, "out of memory");
    else if (rerr) cx_fail(d, CX_ERR_USAGE, "%s: cannot read the aliases file (is it a directory?)", path);
    else if (n > ALIASES_MAX_BYTES) cx_fail(d, CX_ERR_USAGE, "%s: too large for an aliases file (over 1 MB)", path);
    else a = cx_aliases_parse(buf, n, path, d);
    free(buf);
    return a;
}

/* One alias applied to u; returns 1 when it gave a code (the end of a chain), 0 for a
 * rename, -1 when out of memory. */
static int apply_one(const cx_alias *al, cx_unit *u)
{
    if (al->code[0]) {
        /* the code, and the matching key of the unit the national list gives that code, so
         * matching finds it exactly; the display name stays the file's */
        char *c = strdup(al->code);
        if (!c) return -1;
        free(u->code);
        u->code = c;
        cx_dvhc_unit du;
        if (cx_dvhc_find_code(al->code, &du) == 0 && du.name) {
            cx_name n = {0};
            if (cx_name_clean(du.name, strlen(du.name), &n) == 0 && n.key && *n.key) {
                free(u->key);
                u->key = n.key;
                n.key = NULL;
            }
            cx_name_free(&n);
        }
        return 1;
    }
    char *nm = strdup(al->to_name), *ky = strdup(al->to_key);
    if (!nm || !ky) { free(nm); free(ky); return -1; }
    free(u->name);
    free(u->key);
    u->name = nm;
    u->key = ky;
    return 0;
}

long cx_aliases_apply(const cx_aliases *a, cx_snapshot *s)
{
    long changed = 0;
    if (!a || !a->n) return 0;
    for (size_t i = 0; i < s->nunits; i++) {
        cx_unit *u = &s->units[i];
        if (u->kind == CX_KIND_TONG || !u->key) continue;
        /* aliases chain (PHU HUNG = Phú Hùng, Phú Hùng = 30451), a few steps at most */
        for (int hop = 0; hop < 8; hop++) {
            size_t k = 0;
            while (k < a->n && strcmp(a->a[k].from_key, u->key) != 0) k++;
            if (k == a->n) break;
            if (a->a[k].to_key && strcmp(a->a[k].to_key, u->key) == 0) break;   /* X = X */
            int r = apply_one(&a->a[k], u);
            if (r < 0) return -1;
            if (hop == 0) changed++;
            if (r == 1) break;
        }
    }
    return changed;
}
