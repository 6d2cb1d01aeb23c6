/*
 * shapes.h — historical tables that hold many periods in one sheet.
 *
 *   long table:          one row per unit and period, the period in a column (`Kỳ`,
 *                        `Thời gian`, `Tuần`, `Tháng` + `Năm`, `month` + `year`, ...);
 *   periods as columns:  units as rows, one column per period (`Tháng 1`, `T8/2025`)
 *                        for one indicator (from --indicator, the title or the sheet name).
 *
 * The normalizer (normalize.c) keeps its header detection and row parsing; through a few
 * hooks it hands each finished unit to the sheet's cx_shape, which routes it (long) or
 * copies it with each column's value (periods as columns) into one snapshot per period.
 * Nothing is buffered but the units themselves: a 100,000-row long CSV streams.
 *
 * Ownership: a cx_shape owns its period snapshots until cx_shape_take moves them out;
 * cx_shape_free accepts NULL and half-built shapes.
 */
#ifndef CHISO_SHAPES_H
#define CHISO_SHAPES_H

#include <stdint.h>
#include <stdio.h>
#include "diag.h"
#include "heading.h"
#include "model.h"
#include "table.h"

typedef enum { CX_SHAPE_ONE = 0, CX_SHAPE_LONG, CX_SHAPE_WIDE } cx_shape_kind;

typedef struct cx_shape cx_shape;

/* One header column as the normalizer saw it: its heading text (sub-heading, else group;
 * NULL when none), the group heading above it (or NULL) and what cx_match_heading said. */
typedef struct cx_shape_col {
    const char      *heading;
    const char      *group;
    cx_heading_match m;
} cx_shape_col;

typedef struct cx_shape_ctx {
    const char      *path;          /* for warnings */
    const char      *sheet;         /* sheet name or NULL (CSV) */
    const char      *title;         /* title rows joined, or NULL */
    const cx_period *title_period;  /* the period read from the title rows (year used) */
    const char      *indicator;     /* --indicator ID, or NULL */
    cx_diag         *diag;
    struct cx_spool *spool;         /* the job's spool (spool.h), NULL: never park */
} cx_shape_ctx;

enum { CX_SHAPE_NONE = 0, CX_SHAPE_FOUND = 1, CX_SHAPE_REFUSED = 2, CX_SHAPE_NOMEM = -1 };

/*
 * Look at a header. Returns CX_SHAPE_NONE (one period: *out NULL), CX_SHAPE_FOUND (*out set;
 * for periods as columns *ind and *first_col tell the normalizer which column to read the
 * row's first value from), CX_SHAPE_REFUSED (periods as columns but no indicator: why says
 * so, naming --indicator) or CX_SHAPE_NOMEM.
 */
int cx_shape_detect(const cx_shape_col *cols, uint32_t ncols, const cx_shape_ctx *ctx, cx_shape **out,
                    cx_indicator *ind, int *first_col, char *why, size_t whycap);

/* Is column c one of the shape's own columns (a period column or a per-period value column)? */
int cx_shape_owns_col(const cx_shape *sh, uint32_t c);
cx_shape_kind cx_shape_kind_of(const cx_shape *sh);

/* Periods as columns: how many of the row's per-period value cells are not blank (a unit
 * with no January value but later values is still a unit). 0 for a long table. */
int cx_shape_row_values(const cx_shape *sh, const cx_cell *cells, uint32_t nc);

/*
 * The unit just built for row `row` (0-based) is the last unit of `from`: move it to the
 * snapshot of its period (long), or copy it into every period's snapshot with that
 * column's value (periods as columns). `from` loses the unit either way.
 * Returns 0 routed, 1 skipped with a warning (no readable period in the row), -1 no memory.
 */
int cx_shape_route(cx_shape *sh, cx_snapshot *from, const cx_cell *cells, uint32_t nc, uint32_t row);

/* At the sheet's end: give every period snapshot the sheet's title, scope, columns and the
 * title's year where the period lacks one; check duplicate units per period. */
int cx_shape_sheet_end(cx_shape *sh, const cx_snapshot *sheet_snap);

/* Number of period snapshots held. */
size_t cx_shape_count(const cx_shape *sh);
/* Move the period snapshots out, newest first (caller owns them; the array is malloc'd). */
int cx_shape_take(cx_shape *sh, cx_snapshot ***out, size_t *n);

/* One line for `inspect`: "    shape: long table (period column C 'Kỳ', 12 periods)". */
void cx_shape_report(const cx_shape *sh, const char *format, FILE *out);

/* Give a period snapshot its source (path, format, encoding, sheet) and point every
 * unit's cell references at it, as the normalizer does for a one-period sheet. 0 ok, -1 no memory. */
int cx_shape_attach(cx_snapshot *sn, const char *path, const char *format, const char *encoding, double confidence,
                    const char *sheet);

void cx_shape_free(cx_shape *sh);

/* Indicator named by free text (a title or a sheet name): the longest indicator name,
 * heading or id found in it; CX_IND_NONE when none. Exposed for tests. */
cx_indicator cx_shape_indicator_in_text(const char *text);

/* A heading that is a period on its own: what cx_heading_is_period says ("Tháng 1", "Tuần 01/12")
 * plus the short forms "T8/2025", "08/2025", "Q3/2025". */
int cx_shape_is_period_heading(const char *h);

/* The unit of a long table with no name column (a dashboard's "Xu hướng" sheet: month,
 * year, score of the dashboard's own scope): its total row. */
extern const char *const cx_shape_total_name;

/* Snapshots newest first (the order `convert` writes Phụ lục sheets for many periods). */
void cx_shape_sort_newest_first(cx_snapshot **snaps, size_t n);
/* Does a snapshot's period answer --period LABEL (label as written, or the same parsed period)? */
int cx_shape_period_matches(const cx_period *p, const char *label);
/* --period LABEL on a file of many periods: keep the snapshots it matches (moved to the
 * front, order kept), free the others; returns how many were kept. */
size_t cx_shape_pick_period(cx_snapshot **snaps, size_t n, const char *label);

#endif
