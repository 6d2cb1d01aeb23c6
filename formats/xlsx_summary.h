/*
 * xlsx_summary.h — the "Tổng hợp" sheet of the Phụ lục (the report's lists and a chart).
 * Called by the Phụ lục writer after the snapshot sheets.
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

#endif
