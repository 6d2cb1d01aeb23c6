/*
 * normalize.h — from a reader's rows (table.h) to snapshots (model.h).
 *
 * The normalizer is a cx_sink. For each sheet it finds the title rows (title,
 * period, cutoff "Thời gian chốt số liệu: Ngày 06/5/2024"), the header (one or
 * two rows, group headings filled right across empty merged cells), the data
 * rows (units, the total row apart), and notes after the table (skipped with a
 * warning). Numbers are parsed by what each column means; classification labels
 * checked against the score bands; every doubt a warning with file/sheet/cell.
 *
 * Sheets describing the same units are merged by key into one snapshot; sheets
 * describing different units stay separate snapshots (see NOTES.md for the rule).
 */
#ifndef CHISO_NORMALIZE_H
#define CHISO_NORMALIZE_H

#include <stdio.h>
#include "table.h"
#include "model.h"
#include "diag.h"

typedef struct cx_normalizer cx_normalizer;

typedef struct cx_norm_opts {
    const char  *source_path;   /* for warnings and sources[].path */
    const char *const *sheets;  /* --sheet filter (NULL-terminated), or NULL for all */
    int          keep_order;    /* not used by normalize; writers sort */
    struct cx_spool *spool;     /* the job's spool (spool.h): where a long table parks its
                                 * periods; NULL keeps every unit in memory */
} cx_norm_opts;

/* New normalizer; caller frees with cx_normalizer_free (accepts NULL). */
cx_normalizer *cx_normalizer_new(const cx_norm_opts *opts, cx_diag *d);
/* The sink to hand to a reader. Valid while the normalizer lives. */
const cx_sink *cx_normalizer_sink(cx_normalizer *n);

/* --indicator ID: the indicator of a periods-as-columns sheet (shapes.h). Before reading;
 * the string must outlive the normalizer. */
void cx_normalizer_set_indicator(cx_normalizer *n, const char *indicator);

/* After the reader returns, tell what it found (sources[].format/encoding). */
void cx_normalizer_set_source(cx_normalizer *n, const char *format, const char *encoding, double confidence);

/*
 * After the reader returns: take the snapshots (caller owns them and the array;
 * free each with cx_snapshot_free and the array with free). Returns CX_ERR_NO_TABLE
 * with a message when no sheet held a recognizable table.
 */
cx_error cx_normalizer_finish(cx_normalizer *n, cx_snapshot ***out, size_t *nout);
void cx_normalizer_free(cx_normalizer *n);

/* What `inspect` prints: per sheet, the header rows found, each column's role and
 * indicator (or why it was ignored), rows read / units / rows skipped. */
void cx_normalizer_report(const cx_normalizer *n, FILE *out);

#endif
