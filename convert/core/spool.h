/*
 * spool.h — parking the units of very large inputs in a temporary file, so that peak
 * memory stays flat in the number of rows (issue 6: under 64 MB at 1,000,000 rows).
 *
 * A long table of 500 weeks x 2,000 communes is 1,000,000 units; held in memory that is
 * ~700 MB. Only the snapshots' metadata (period, sources, title, scope) stays resident;
 * the units of a parked snapshot live in one process-wide spool file (created on first
 * use in $TMPDIR or /tmp, unlinked at once, so nothing is left behind even on a crash)
 * and come back one snapshot at a time through cx_snapshot_acquire (model.h) when a
 * stage needs them: matching, comparing, writing. Small inputs never touch the disk:
 * only a producer that holds too many units (the long-table router, shapes.c) parks.
 *
 * On disk a snapshot is a list of chunks, in unit order; the units still in memory
 * (s->units) come after the parked ones. The file only grows (a rewritten snapshot
 * leaves its old chunks as garbage): it is bounded by a few times the input.
 */
#ifndef CHISO_SPOOL_H
#define CHISO_SPOOL_H

#include <stddef.h>
#include <stdint.h>
#include "model.h"
#include "diag.h"

/* How many units a producer may keep resident before it parks: CHISO_SPOOL_UNITS when set
 * (tests force parking on small files with it), else 8,192 (~6 MB: four weeks of a 2,000-commune province). */
size_t cx_spool_budget(void);

/* Append the resident units of s to the spool and free them (s->nunits becomes 0).
 * CX_OK, or CX_ERR_IO/CX_ERR_NOMEM with a message in d. */
cx_error cx_snapshot_park(cx_snapshot *s, cx_diag *d);

/* Is (some of) s on disk? */
static inline int cx_snapshot_parked(const cx_snapshot *s) { return s && s->spill != NULL; }

/* Are all of s's units in s->units now (never parked, or acquired)? */
int cx_snapshot_resident(const cx_snapshot *s);

/* Frees the bookkeeping of a snapshot's parked units (cx_snapshot_free calls it). */
void cx_spill_free(struct cx_spill *sp);

/* Bytes written to the spool so far (for NOTES/bench; 0 when never used). */
uint64_t cx_spool_bytes(void);

#endif
