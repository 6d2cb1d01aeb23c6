/*
 * aliases.h — names confirmed once by a person (`--aliases FILE`, and the page of
 * `chiso serve`, which downloads the same file). One line per alias, UTF-8:
 *
 *     # comment
 *     PHU HUNG = Phú Hùng      the unit written "PHU HUNG" is the unit "Phú Hùng"
 *     Phú Hùng = 30451         the unit written "Phú Hùng" is national unit 30451
 *
 * The left side is compared by matching key (case, spaces, prefixes such as "Xã" and the
 * tone style do not matter; accents do). A name on the right renames the unit (its
 * display name and key) before periods are joined and before the national list is
 * consulted; a 5-digit code on the right gives the unit that code and the matching key of
 * the national list's unit of that code (its display name stays the file's), so the list
 * matches it exactly, without a near-match warning.
 */
#ifndef CHISO_ALIASES_H
#define CHISO_ALIASES_H

#include <stddef.h>
#include "diag.h"
#include "model.h"

typedef struct cx_alias {
    char *from_key;    /* matching key of the name in the file */
    char *to_name;     /* display name to use, or NULL */
    char *to_key;      /* its key, or NULL */
    char  code[6];     /* national code to give, or "" */
} cx_alias;

typedef struct cx_aliases {
    cx_alias *a;
    size_t    n;
} cx_aliases;

/* Reads an aliases file; NULL with d's error set (CX_ERR_USAGE naming FILE:LINE). */
cx_aliases *cx_aliases_load(const char *path, cx_diag *d);
/* Parses aliases text (path only names it in messages). */
cx_aliases *cx_aliases_parse(const char *text, size_t len, const char *path, cx_diag *d);
void cx_aliases_free(cx_aliases *a);

/* Applies the aliases to the snapshot's units (not the total row). Returns how many units
 * changed, or -1 when out of memory. */
long cx_aliases_apply(const cx_aliases *a, cx_snapshot *s);

#endif
