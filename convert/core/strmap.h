/*
 * strmap.h — a string -> pointer hash map, for interning and memoizing work done on
 * the same strings again and again (a long table repeats each unit's name once per
 * period: cleaning it once instead of 50 times is most of the normalizer's cost).
 *
 * Open addressing, keys copied into chunked storage owned by the map (no malloc per
 * key), at most `cap_entries` entries so a hostile file with a million distinct
 * names cannot make it grow without bound: past the cap, lookups still work and
 * inserts report CX_STRMAP_FULL (the caller then just does the work uncached).
 */
#ifndef CHISO_STRMAP_H
#define CHISO_STRMAP_H

#include <stddef.h>
#include <stdint.h>

typedef struct cx_strmap cx_strmap;

/* New map holding at most cap_entries keys (0 = no cap). Caller frees with cx_strmap_free. */
cx_strmap *cx_strmap_new(size_t cap_entries);
/* The map's hash of len bytes at s (well mixed in all bits), for other tables keyed by text. */
uint64_t cx_strmap_hash(const char *s, size_t len);
/* Frees the map and its keys; calls free_value (if not NULL) on every non-NULL value.
 * Accepts NULL. */
void cx_strmap_free(cx_strmap *m, void (*free_value)(void *));

/* The value stored for key[0..len), or NULL when absent. */
void *cx_strmap_get(const cx_strmap *m, const char *key, size_t len);

enum { CX_STRMAP_OK = 0, CX_STRMAP_FULL = 1, CX_STRMAP_NOMEM = -1 };
/* Store value for key (copied). Replaces an existing value without freeing it.
 * Returns CX_STRMAP_OK, CX_STRMAP_FULL (cap reached; nothing stored) or CX_STRMAP_NOMEM. */
int cx_strmap_put(cx_strmap *m, const char *key, size_t len, void *value);

/* The stored copy of key (NUL-terminated, valid while the map lives), or NULL when absent:
 * interning. */
const char *cx_strmap_key(const cx_strmap *m, const char *key, size_t len);

size_t cx_strmap_count(const cx_strmap *m);

#endif
