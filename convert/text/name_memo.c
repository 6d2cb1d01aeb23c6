/* name_memo.c — see name_memo.h. */
#include "name_memo.h"

#include <stdlib.h>
#include <string.h>
#include "encoding.h"
#include "names.h"
#include "heading.h"
#include "strmap.h"

/* One allocation per distinct name: the info followed by its three strings. */
typedef struct memo_entry {
    cx_name_info info;
    char strings[];
} memo_entry;

struct cx_name_memo {
    cx_strmap  *names;    /* raw -> memo_entry* */
    cx_strmap  *nfc;      /* text -> char* (NFC, malloc'd) */
    memo_entry *scratch;  /* result when the map is full */
    char       *scratch_nfc;
};

cx_name_memo *cx_name_memo_new(void)
{
    cx_name_memo *m = calloc(1, sizeof *m);
    if (!m) return NULL;
    m->names = cx_strmap_new(CX_NAME_MEMO_MAX);
    m->nfc = cx_strmap_new(CX_NAME_MEMO_MAX);
    if (!m->names || !m->nfc) { cx_name_memo_free(m); return NULL; }
    return m;
}

void cx_name_memo_free(cx_name_memo *m)
{
    if (!m) return;
    cx_strmap_free(m->names, free);
    cx_strmap_free(m->nfc, free);
    free(m->scratch);
    free(m->scratch_nfc);
    free(m);
}

static size_t slen(const char *s) { return s ? strlen(s) + 1 : 0; }

static char *put(char **p, const char *s)
{
    if (!s) return NULL;
    char *d = *p;
    size_t n = strlen(s) + 1;
    memcpy(d, s, n);
    *p += n;
    return d;
}

static memo_entry *compute(const char *raw, size_t len)
{
    cx_name nm;
    memset(&nm, 0, sizeof nm);
    int total = 0;
    int whole = strlen(raw) == len;   /* cx_name_is_total reads up to the NUL */
    /* Not a name (invalid UTF-8) is an answer to keep; no memory is not. */
    cx_error ce = cx_name_clean_total(raw, len, &nm, whole ? &total : NULL);
    if (ce == CX_ERR_NOMEM) return NULL;
    int ok = ce == CX_OK;
    char *fold = cx_fold_heading(raw);
    memo_entry *e = malloc(sizeof *e + (ok ? slen(nm.name) + slen(nm.key) + slen(nm.scope) : 0) + slen(fold));
    if (!e) { cx_name_free(&nm); free(fold); return NULL; }
    memset(&e->info, 0, sizeof e->info);
    e->info.ok = ok;
    e->info.is_total = whole ? total : cx_name_is_total(raw);
    if (ok) {
        char *p = e->strings;
        e->info.name = put(&p, nm.name);
        e->info.key = put(&p, nm.key);
        e->info.scope = put(&p, nm.scope);
        e->info.kind = nm.kind;
        cx_name_free(&nm);
    }
    char *p = e->strings + (ok ? slen(e->info.name) + slen(e->info.key) + slen(e->info.scope) : 0);
    e->info.fold = put(&p, fold);
    free(fold);
    return e;
}

const cx_name_info *cx_name_memo_get(cx_name_memo *m, const char *raw, size_t len)
{
    if (!m || !raw) return NULL;
    memo_entry *e = cx_strmap_get(m->names, raw, len);
    if (e) return &e->info;
    if (!(e = compute(raw, len))) return NULL;
    int r = cx_strmap_put(m->names, raw, len, e);
    if (r == CX_STRMAP_OK) return &e->info;
    free(m->scratch);
    m->scratch = NULL;
    if (r == CX_STRMAP_NOMEM) { free(e); return NULL; }
    m->scratch = e;
    return &e->info;
}

const char *cx_name_memo_nfc(cx_name_memo *m, const char *s, size_t len)
{
    if (!m || !s) return NULL;
    char *v = cx_strmap_get(m->nfc, s, len);
    if (v) return v;
    if (!(v = cx_nfc(s, len))) return NULL;
    int r = cx_strmap_put(m->nfc, s, len, v);
    if (r == CX_STRMAP_OK) return v;
    free(m->scratch_nfc);
    m->scratch_nfc = NULL;
    if (r == CX_STRMAP_NOMEM) { free(v); return NULL; }
    m->scratch_nfc = v;
    return v;
}
