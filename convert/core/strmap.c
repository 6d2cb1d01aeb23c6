/* strmap.c — see strmap.h. */
#include "strmap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK_BYTES 65536u

typedef struct entry {
    const char *key;     /* NULL = empty slot */
    size_t      len;
    uint64_t    hash;
    void       *value;
} entry;

typedef struct chunk {
    struct chunk *next;
    size_t used, cap;
    char data[];
} chunk;

struct cx_strmap {
    entry  *slots;
    size_t  nslots;      /* power of two */
    size_t  count;
    size_t  cap_entries; /* 0 = unbounded */
    chunk  *chunks;
};

/* Eight bytes at a time, each word multiplied in and its high bits folded down (slots
 * are picked by the low bits), then a final mix. Five lookups a row of a long table
 * (names, periods, unit keys) made byte-at-a-time FNV-1a a visible cost. */
uint64_t cx_strmap_hash(const char *s, size_t len)
{
    const uint64_t k = 0x9E3779B97F4A7C15ull;
    uint64_t h = 0xcbf29ce484222325ull ^ ((uint64_t)len * k);
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        h = (h ^ w) * k;
        h ^= h >> 29;
    }
    if (i < len) {
        uint64_t w = 0;
        memcpy(&w, s + i, len - i);
        h = (h ^ w) * k;
        h ^= h >> 29;
    }
    h ^= h >> 32;
    h *= 0xD6E8FEB86659FD93ull;
    h ^= h >> 32;
    return h;
}

cx_strmap *cx_strmap_new(size_t cap_entries)
{
    cx_strmap *m = calloc(1, sizeof *m);
    if (!m) return NULL;
    m->nslots = 64;
    m->slots = calloc(m->nslots, sizeof *m->slots);
    if (!m->slots) { free(m); return NULL; }
    m->cap_entries = cap_entries;
    return m;
}

void cx_strmap_free(cx_strmap *m, void (*free_value)(void *))
{
    if (!m) return;
    if (free_value)
        for (size_t i = 0; i < m->nslots; i++)
            if (m->slots[i].key && m->slots[i].value) free_value(m->slots[i].value);
    free(m->slots);
    for (chunk *c = m->chunks, *n; c; c = n) { n = c->next; free(c); }
    free(m);
}

static entry *find(const cx_strmap *m, const char *key, size_t len, uint64_t h)
{
    size_t mask = m->nslots - 1;
    for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
        entry *e = &m->slots[i];
        if (!e->key) return e;
        if (e->hash == h && e->len == len && memcmp(e->key, key, len) == 0) return e;
    }
}

void *cx_strmap_get(const cx_strmap *m, const char *key, size_t len)
{
    if (!m || !key) return NULL;
    entry *e = find(m, key, len, cx_strmap_hash(key, len));
    return e->key ? e->value : NULL;
}

const char *cx_strmap_key(const cx_strmap *m, const char *key, size_t len)
{
    if (!m || !key) return NULL;
    entry *e = find(m, key, len, cx_strmap_hash(key, len));
    return e->key;
}

size_t cx_strmap_count(const cx_strmap *m) { return m ? m->count : 0; }

static char *store_key(cx_strmap *m, const char *key, size_t len)
{
    chunk *c = m->chunks;
    if (!c || c->cap - c->used < len + 1) {
        size_t cap = len + 1 > CHUNK_BYTES ? len + 1 : CHUNK_BYTES;
        chunk *n = malloc(sizeof *n + cap);
        if (!n) return NULL;
        n->next = m->chunks;
        n->used = 0;
        n->cap = cap;
        m->chunks = c = n;
    }
    char *s = c->data + c->used;
    memcpy(s, key, len);
    s[len] = 0;
    c->used += len + 1;
    return s;
}

static int grow(cx_strmap *m)
{
    size_t nn = m->nslots * 2;
    entry *ns = calloc(nn, sizeof *ns);
    if (!ns) return -1;
    for (size_t i = 0; i < m->nslots; i++) {
        entry *e = &m->slots[i];
        if (!e->key) continue;
        size_t j = (size_t)e->hash & (nn - 1);
        while (ns[j].key) j = (j + 1) & (nn - 1);
        ns[j] = *e;
    }
    free(m->slots);
    m->slots = ns;
    m->nslots = nn;
    return 0;
}

int cx_strmap_put(cx_strmap *m, const char *key, size_t len, void *value)
{
    if (!m || !key) return CX_STRMAP_NOMEM;
    uint64_t h = cx_strmap_hash(key, len);
    entry *e = find(m, key, len, h);
    if (e->key) { e->value = value; return CX_STRMAP_OK; }
    if (m->cap_entries && m->count >= m->cap_entries) return CX_STRMAP_FULL;
    if ((m->count + 1) * 4 > m->nslots * 3) {   /* load factor 3/4 */
        if (grow(m)) return CX_STRMAP_NOMEM;
        e = find(m, key, len, h);
    }
    char *k = store_key(m, key, len);
    if (!k) return CX_STRMAP_NOMEM;
    *e = (entry){k, len, h, value};
    m->count++;
    return CX_STRMAP_OK;
}
