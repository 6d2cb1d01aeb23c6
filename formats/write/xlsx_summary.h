/*
 * xlsx_summary.h — the "Tổng hợp" sheet of the Phụ lục (the report's lists and a chart).
 * The Phụ lục writer adds every sheet first (cx_xlsx_summary_add, after the snapshot
 * sheets) and fills each one when its snapshot is in memory (cx_xlsx_summary_write):
 * rows are written in increasing order, as libxlsxwriter's constant_memory mode needs.
 */
#ifndef CHISO_XLSX_SUMMARY_H
#define CHISO_XLSX_SUMMARY_H

#include <xlsxwriter.h>
#include "model.h"
#include "writer.h"
#include "diag.h"

/* Add the "Tổng hợp" sheet for snapshot s to wb. sheet_name is the Phụ lục sheet of s
 * (for chart ranges); first_row/last_row are its 0-based unit rows (for formulas/charts). */
cx_error cx_xlsx_summary_sheet(lxw_workbook *wb, const cx_snapshot *s, const char *sheet_name,
                               int first_row, int last_row, const cx_write_opts *o, cx_diag *d);

/* The same with the Phụ lục's column of unit names and of diem_tong_hop (0-based) for the
 * chart; cx_xlsx_summary_sheet assumes reference 001's layout (names in B, score in C). */
cx_error cx_xlsx_summary_sheet_cols(lxw_workbook *wb, const cx_snapshot *s, const char *sheet_name,
                                    int first_row, int last_row, int name_col, int score_col,
                                    const cx_write_opts *o, cx_diag *d);

/* The sheet's formats, made once per workbook: libxlsxwriter hashes every copy of an
 * equal format again on each cell that uses it. */
typedef struct cx_xlsx_summary_fmts {
    lxw_format *title, *bold, *text, *th, *td, *tdn, *note;
} cx_xlsx_summary_fmts;
int cx_xlsx_summary_formats(lxw_workbook *wb, cx_xlsx_summary_fmts *f);   /* 0, -1 no memory */

/* Adds the empty sheet "Tổng hợp" ("Tổng hợp (2)", ... when taken); NULL on failure. */
lxw_worksheet *cx_xlsx_summary_add(lxw_workbook *wb);

/* Writes snapshot s's summary into ws (added by cx_xlsx_summary_add), with the Phụ lục
 * sheet's name, unit rows and columns as for cx_xlsx_summary_sheet_cols. */
cx_error cx_xlsx_summary_write(lxw_workbook *wb, lxw_worksheet *ws, const cx_xlsx_summary_fmts *f,
                               const cx_snapshot *s, const char *sheet_name,
                               int first_row, int last_row, int name_col, int score_col,
                               const cx_write_opts *o, cx_diag *d);

#endif
