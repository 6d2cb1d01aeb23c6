/*
 * compare.h — joining a snapshot with the previous period's (--previous): fills
 * diem_ky_truoc and tang_giam, checks them when present, warns on units in only one.
 */
#ifndef CHISO_COMPARE_H
#define CHISO_COMPARE_H

#include "model.h"
#include "diag.h"

/* Join units by key (tolerant: prefixes, case, tone placement, i/y, national codes). */
cx_error cx_compare_previous(cx_snapshot *cur, const cx_snapshot *prev, cx_diag *d);
/* The same; without force, a previous file that is plainly the wrong one is refused
 * (CX_ERR_USAGE): its period is after cur's (the files swapped), or fewer than half the
 * units of the smaller file match (another district's report). cx_compare_previous is
 * cx_compare_previous_force(..., 0, ...). */
cx_error cx_compare_previous_force(cx_snapshot *cur, const cx_snapshot *prev, int force, cx_diag *d);

/* Find the unit of s matching u (by code, key, folded key if single). -1 if none. */
long cx_match_unit(const cx_snapshot *s, const cx_unit *u, int *fuzzy);

/* Which of the previous file's snapshots to compare cur with (a long table gives many):
 * the latest one whose period is before cur's and whose scope is cur's; when periods are
 * not known, the first of the same scope, else snaps[0]. NULL when n is 0. */
const cx_snapshot *cx_pick_previous(cx_snapshot *const *snaps, size_t n, const cx_snapshot *cur);

#endif
