/*
 * spool.h — parking the units of very large inputs in a temporary file, so that peak
 * memory stays flat in the number of rows (issue 6: under 64 MB at 1,000,000 rows).
 *
 * A long table of 500 weeks x 2,000 communes is 1,000,000 units; held in memory that is
 * ~700 MB. Only the snapshots' metadata (period, sources, title, scope) stays resident;
 * the units of a parked snapshot live in the job's spool file (a cx_spool: created on first
 * use in the job's temporary folder, unlinked at once, so nothing is left behind even on a
 * crash; two jobs in two threads have two spools)
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

typedef struct cx_spool cx_spool;

/* A job's spool: its file goes in tmpdir (NULL: /tmp); budget is how many units a producer
 * may keep resident before it parks (0: 8,192, ~6 MB: four weeks of a 2,000-commune
 * province; the command line sets it from CHISO_SPOOL_UNITS, so tests force parking on
 * small files). NULL on no memory. Free it after every snapshot that parked in it. */
cx_spool *cx_spool_new(const char *tmpdir, size_t budget);
void cx_spool_free(cx_spool *sp);   /* accepts NULL; closes (and so frees) the file */
/* The budget; SIZE_MAX for no spool (never park). */
size_t cx_spool_budget(const cx_spool *sp);

/* Append the resident units of s to the spool and free them (s->nunits becomes 0).
 * CX_OK, or CX_ERR_IO/CX_ERR_NOMEM with a message in d. Without a spool (NULL) it does
 * nothing: the units stay resident. */
cx_error cx_snapshot_park(cx_snapshot *s, cx_spool *sp, cx_diag *d);

/* Is (some of) s on disk? */
static inline int cx_snapshot_parked(const cx_snapshot *s) { return s && s->spill != NULL; }

/* Are all of s's units in s->units now (never parked, or acquired)? */
int cx_snapshot_resident(const cx_snapshot *s);

/* Frees the bookkeeping of a snapshot's parked units (cx_snapshot_free calls it). */
void cx_spill_free(struct cx_spill *sp);

/* Bytes written to the spool so far (for NOTES/bench; 0 when never used). */
uint64_t cx_spool_bytes(const cx_spool *sp);

#endif
