/*
 * history_write.h — the history table (history.h) written as CSV, JSON or xlsx.
 *
 * CSV and JSON are streamed one row at a time (no table is built in memory), columns
 * as ../shared/spec/canonical-model.md "The history table" fixes them:
 *   period, year, month, week, cutoff, scope, key, name, kind, code, indicator, value,
 *   source, sheet, cell
 * The xlsx holds that table on its first sheet, then one sheet per indicator (units
 * as rows, periods as columns in time order, a colour scale and the failing rules'
 * formats) and a line chart of the district's total and the units failing most often.
 */
#ifndef CHISO_HISTORY_WRITE_H
#define CHISO_HISTORY_WRITE_H

#include <stdio.h>
#include "history.h"
#include "rules.h"
#include "diag.h"

/* UTF-8 CSV (with a BOM unless no_bom, so Excel opens it right). Text cells starting
 * with = + - @ get a leading ' (they would run as formulas in a spreadsheet). */
cx_error cx_history_write_csv(const cx_history *h, int no_bom, FILE *out, cx_diag *d);
/* A JSON array of objects with the same fields; unknown fields are null. */
cx_error cx_history_write_json(const cx_history *h, FILE *out, cx_diag *d);
/* The workbook, written to path (a temporary path from output.h). rules may be NULL. */
/* source_date_epoch: the creation date when > 0 (cx_xlsx_created); tmpdir: libxlsxwriter's
 * temporary files (NULL: its default). */
cx_error cx_history_write_xlsx(const cx_history *h, const cx_rules *rules, long long source_date_epoch,
                               const char *tmpdir, const char *path, cx_diag *d);

#endif
