/*
 * dvhc.h — the national list of administrative units (before and after 1 July 2025),
 * compiled into the binary from convert/dvhc/ (CSV) (see NOTES.md).
 */
#ifndef CHISO_DVHC_H
#define CHISO_DVHC_H

#include <stddef.h>
#include "model.h"
#include "diag.h"

typedef struct cx_dvhc_unit {
    const char *code;          /* 5-digit national code */
    const char *name;          /* official name with prefix ("Xã Phú Hưng") */
    const char *province;      /* "Tỉnh An Giang" */
    const char *district;      /* "Huyện Phú Tân"; NULL in the 2025 list */
    cx_kind     kind;
} cx_dvhc_unit;

/* A scope: a district and/or province, resolved from "--scope 'Phú Tân, An Giang'" or a title. */
typedef struct cx_scope {
    char *district;   /* "Phú Tân" or NULL */
    char *province;   /* "An Giang" or NULL */
} cx_scope;

/* Parse "Phú Tân, An Giang", "huyện Phú Tân", "Huyện Phú Tân - tỉnh An Giang". CX_OK, with
 * out empty (cx_scope_given 0) when the text names no place; CX_ERR_NOMEM. */
cx_error cx_scope_parse(const char *text, cx_scope *out);
void cx_scope_free(cx_scope *s);
/* Does the scope name a district or a province? */
int  cx_scope_given(const cx_scope *s);

/* Find the scope mentioned in a title ("UBND HUYỆN PHÚ TÂN", "huyện Chợ Mới"): CX_OK, out
 * empty when the title names none; CX_ERR_NOMEM. */
cx_error cx_scope_from_title(const char *title, cx_scope *out);

/*
 * Match every non-total unit of the snapshot against the list within the scope, as the list
 * was at the snapshot's date (its cutoff, else the end of its period, else the latest state):
 * sets kind, code, official_name; warns on spelling differences, near matches
 * (single candidate only) and units left unmatched. Never matches across scopes.
 * Ambiguous scope (two districts of one name, no province) is a warning, no match.
 */
cx_error cx_dvhc_match(cx_snapshot *s, const cx_scope *scope, const char *source, cx_diag *d);

/* --to-2025: fill each matched unit's newunits from the old-to-new map; a unit merged away
 * before March 2025 is followed to the unit that took its name (unit_followed), when one did. */
cx_error cx_dvhc_to_2025(cx_snapshot *s, cx_diag *d);

/* The unit of the list before 2025 with this 5-digit code (its latest name); 0 found, -1 not. The strings
 * point into the compiled-in list (never freed). */
int cx_dvhc_find_code(const char *code, cx_dvhc_unit *out);

/* `chiso units SEARCH`: print matching entries to out (name, kind, district, province, code, new unit).
 * SEARCH is a name ("Phú Hưng", any case, marks optional), optionally followed by places it must be in
 * ("Phú Hưng, An Giang"); "huyện X" / "tỉnh X" lists every unit there; digits look up a code.
 * Returns the number of entries printed (0: nothing matched), -1 on no memory. */
cx_error cx_dvhc_search_print(const char *search, void *file /* FILE* */, size_t *found);
/* The same in the list as it was at a date "YYYY-MM-DD" (its state on or before it; NULL: the latest). */
cx_error cx_dvhc_search_print_at(const char *search, const char *at, void *file /* FILE* */, size_t *found);

#endif
