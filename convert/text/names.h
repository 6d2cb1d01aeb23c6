/*
 * names.h — unit names: display name, matching key, kind from the prefix.
 *
 * Rules (spec): NFC; line breaks and runs of spaces collapsed; administrative
 * prefix removed (Xã, Phường, Thị trấn, UBND xã, Ủy ban nhân dân xã, X., P., TT.,
 * and a trailing "- tỉnh An Giang"); Vietnamese title case ("LONG ĐIỀN A" ->
 * "Long Điền A"; "phường 1" -> "Phường 1" where the name is a number); one
 * tone-placement style, the national list's (Hoà -> Hòa, Thuỷ -> Thủy).
 * The key is the name lower-cased with marks kept.
 */
#ifndef CHISO_NAMES_H
#define CHISO_NAMES_H

#include "fold.h"   /* cx_fold_key: keys without marks */
#include <stddef.h>
#include <stdint.h>
#include "model.h"
#include "diag.h"

typedef struct cx_name {
    char   *name;    /* display name, caller frees */
    char   *key;     /* matching key, caller frees */
    cx_kind kind;    /* from the prefix, or CX_KIND_NULL */
    char   *scope;   /* trailing "- tỉnh An Giang" -> "An Giang", or NULL; caller frees */
} cx_name;

/* Clean a raw unit name (UTF-8). CX_OK; CX_ERR_ENCODING when raw is not valid UTF-8 (or
 * NULL); CX_ERR_NOMEM. On failure *out is zeroed. */
cx_error cx_name_clean(const char *raw, size_t len, cx_name *out);
void cx_name_free(cx_name *n);   /* frees the strings, accepts a zeroed struct */

/* Is this the total row's name ("TOÀN HUYỆN", "Toàn tỉnh", "Tổng cộng", "Tổng")? */
int cx_name_is_total(const char *raw);

/* cx_name_clean, and *is_total (when not NULL) set to what cx_name_is_total would say of
 * raw[0..len) (0 when the name cannot be read), from the same decoding. */
cx_error cx_name_clean_total(const char *raw, size_t len, cx_name *out, int *is_total);

/* A key without marks: cx_fold_key (fold.h). */

/* Vietnamese lower case / title case / tone-style on UTF-8. Caller frees. */
char *cx_vi_lower(const char *s);
char *cx_vi_title(const char *s);
char *cx_vi_tone_style(const char *s);

/* Vietnamese vowels as (vowel, tone, case): vowel 0..11 = a ă â e ê i o ô ơ u ư y,
 * tone 0..5 = none, huyền, sắc, hỏi, ngã, nặng. cx_vi_vowel returns 1 when cp is one of
 * the 144 vowel letters (any out pointer may be NULL); cx_vi_vowel_cp is its inverse (-1 if out of range). */
int     cx_vi_vowel(int32_t cp, int *vowel, int *tone, int *upper);
int32_t cx_vi_vowel_cp(int vowel, int tone, int upper);

#endif
