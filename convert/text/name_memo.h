/*
 * name_memo.h — unit-name work done once per distinct text.
 *
 * A long table writes each unit's name once per period (2,000 communes x 50 weeks:
 * 100,000 names, 2,000 distinct), and a history of 1,000 weekly files repeats the
 * same 18. NFC, cleaning (names.h) and the total-row test cost tens of thousands of
 * instructions per name; looking a name up costs a hash. The memo keeps the results
 * per distinct text, bounded (CX_NAME_MEMO_MAX entries, then it computes uncached).
 *
 * Ownership: everything returned belongs to the memo and stays valid until
 * cx_name_memo_free, except results returned after the memo is full, which are valid
 * until the next call. Callers that keep a string copy it (units own their strings).
 */
#ifndef CHISO_NAME_MEMO_H
#define CHISO_NAME_MEMO_H

#include <stddef.h>
#include "model.h"

#define CX_NAME_MEMO_MAX 65536u

typedef struct cx_name_memo cx_name_memo;

typedef struct cx_name_info {
    const char *name;    /* cx_name_clean: display name */
    const char *key;     /* matching key */
    const char *scope;   /* trailing "- tỉnh X" -> "X", or NULL */
    cx_kind     kind;    /* from the prefix */
    int         is_total;/* cx_name_is_total(raw) */
    const char *fold;    /* cx_fold_heading(raw) (the header repeated on a new page), or NULL */
    int         ok;      /* 0 when cx_name_clean failed (name/key/scope are NULL then) */
} cx_name_info;

cx_name_memo *cx_name_memo_new(void);
void cx_name_memo_free(cx_name_memo *m);   /* accepts NULL */

/* cx_name_clean + cx_name_is_total of raw[0..len) (raw must be NUL-terminated at len).
 * NULL on no memory. */
const cx_name_info *cx_name_memo_get(cx_name_memo *m, const char *raw, size_t len);

/* cx_nfc of s[0..len), interned. NULL on no memory or invalid UTF-8 (as cx_nfc). */
const char *cx_name_memo_nfc(cx_name_memo *m, const char *s, size_t len);

#endif
