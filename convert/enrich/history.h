/*
 * history.h — many snapshots, one dataset: `chiso history`.
 *
 * The history owns the snapshots given to it and never copies a value: the tidy
 * rows (one per period, unit, indicator; ../shared/spec/canonical-model.md, "The
 * history table") are produced on the fly from the snapshots by cx_history_each, so
 * writers can stream them one at a time. A long table with a period column (issue 8)
 * is just a file that gives many snapshots.
 *
 * Rules:
 * - two snapshots of the same period and scope: the later cutoff wins (equal or
 *   unknown cutoffs: the file given later), the other is dropped with a warning
 *   "duplicate_period" naming both sources;
 * - a unit is the same unit over time when its national/portal code is the same,
 *   else when its key is the same (within one scope); a unit that gains a code
 *   keeps the series it had by key;
 * - snapshots are in time order (cx_period_cmp), ties in the order given.
 */
#ifndef CHISO_HISTORY_H
#define CHISO_HISTORY_H

#include <stddef.h>
#include "model.h"
#include "diag.h"

typedef struct cx_history cx_history;

cx_history *cx_history_new(void);
void cx_history_free(cx_history *h);   /* frees every snapshot it holds; accepts NULL */

/* Take ownership of s (also on error). Resolves a duplicate period at once. */
cx_error cx_history_add(cx_history *h, cx_snapshot *s, cx_diag *d);
/* Sort by time and join units over time. Call once, after the last add. */
cx_error cx_history_finish(cx_history *h, cx_diag *d);

size_t cx_history_nsnaps(const cx_history *h);
/* Tables left out as real duplicates (same period, scope, granularity and units). */
size_t cx_history_ndropped(const cx_history *h);
const cx_snapshot *cx_history_snap(const cx_history *h, size_t i);   /* time order */
/* Units over time: totals first, then in order of first appearance. */
size_t cx_history_nunits(const cx_history *h);
/* The unit as the newest snapshot holding it writes it (name, key, kind, code). */
const cx_unit *cx_history_unit(const cx_history *h, size_t u);
/* Scope of that unit's series, or NULL. */
const char *cx_history_unit_scope(const cx_history *h, size_t u);
/* Unit u in snapshot i, or NULL. Valid while snapshot i is resident (see acquire_all). */
const cx_unit *cx_history_at(const cx_history *h, size_t u, size_t i);
size_t cx_history_nvalues(const cx_history *h);
/* A column heading for snapshot i: its label, with the year added when another
 * snapshot has the same label ("Tháng 5 - Tuần 01 (2024)"). Caller frees. */
char *cx_history_heading(const cx_history *h, size_t i);

/* Columns of the per-indicator matrices: one per distinct period, in time order
 * (snapshots of several scopes for the same period share a column). */
size_t cx_history_ncols(const cx_history *h);
size_t cx_history_col(const cx_history *h, size_t i);           /* snapshot -> column */
const cx_unit *cx_history_at_col(const cx_history *h, size_t u, size_t c);
char *cx_history_col_heading(const cx_history *h, size_t c);    /* caller frees */

/* One tidy row. Pointers are valid during the callback only. */
typedef struct cx_history_row {
    const cx_snapshot *snap;
    const cx_unit     *unit;
    cx_indicator       ind;
    double             value;
    const char        *source;   /* file the value was read from (the snapshot's file if computed) */
    const char        *sheet;    /* or NULL */
    char               cell[24]; /* "C7", or "" for a computed value */
} cx_history_row;

/* Calls fn for every row in order: time, then units in source order, then indicators
 * in the spec's order. fn returns 0 to go on; anything else stops with CX_ERR_ABORTED.
 * A snapshot parked on disk (spool.h) is read back for its rows and freed after, so the
 * walk holds one period at a time; d gets a read error. */
typedef int (*cx_history_row_fn)(const cx_history_row *row, void *ctx);
cx_error cx_history_each(const cx_history *h, cx_history_row_fn fn, void *ctx, cx_diag *d);

/* Every snapshot's units resident, for writers that need random access (cx_history_at,
 * cx_history_at_col: the xlsx matrices, which Excel's row limit keeps small). */
cx_error cx_history_acquire_all(const cx_history *h, cx_diag *d);

#endif
