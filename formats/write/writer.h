/*
 * writer.h — the writers: the Phụ lục xlsx, canonical JSON and CSV, and the history table.
 *
 * Writers read only the canonical model. JSON and CSV write to a FILE* sink (stdout,
 * a file, or open_memstream in tests). The xlsx writer writes to a path (libxlsxwriter
 * needs one); the caller (output.h) hands it a temporary path and renames on success.
 */
#ifndef CHISO_WRITER_H
#define CHISO_WRITER_H

#include <stdio.h>
#include "model.h"
#include "rules.h"
#include "diag.h"

typedef struct cx_write_opts {
    const char     *title;        /* --title, overrides the snapshot's */
    int             keep_order;   /* --keep-order: source order instead of by score */
    int             no_bom;       /* --no-bom for CSV */
    const cx_rules *rules;        /* failing rules (conditional formats, legend) */
    const cx_diag  *diag;         /* warnings to include in JSON */
    int             summary_sheet;/* add the "Tổng hợp" sheet */
    int             threads;      /* xlsx: writer threads (1 or 2), 0 = by size */
    const char     *tmpdir;       /* xlsx: libxlsxwriter's temporary files (NULL: its default) */
    long long       source_date_epoch; /* xlsx: the document's creation time when > 0
                                  * (else the data cutoff, else a fixed date) */
    /* The Phụ lục (see README, "Phụ lục như bản gốc"): */
    const char     *caption;      /* --caption "Phụ lục 1": a line above the title, or NULL */
    const char     *attached_to;  /* --attached-to "Kèm theo Báo cáo số ...": under the title, or NULL */
    int             add_classification; /* --add-classification: a XẾP LOẠI column computed from the score
                                           when the source has none */
    int             names_as_source;    /* --names-as-source: unit names as the source writes them */
} cx_write_opts;

/* JSON exactly as ../shared/spec/canonical-model.md: one object for one snapshot,
 * an array of objects for several. */
cx_error cx_write_json(cx_snapshot *const *snaps, size_t n, const cx_write_opts *o, FILE *out, cx_diag *d);

/* CSV: one row per unit, UTF-8 with BOM unless no_bom, columns stt,name,key,kind then
 * the indicator ids present. Text cells starting with = + - @ are guarded (NOTES.md). */
cx_error cx_write_csv(cx_snapshot *const *snaps, size_t n, const cx_write_opts *o, FILE *out, cx_diag *d);

/* The print-ready Phụ lục: one sheet per snapshot. */
cx_error cx_write_xlsx(cx_snapshot *const *snaps, size_t n, const cx_write_opts *o, const char *path, cx_diag *d);

#endif
