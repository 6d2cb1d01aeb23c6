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

/* Where the Phụ lục sheet put its cells, as the Phụ lục writer returns them (xlsx_write.c,
 * write_sheet): the Tổng hợp's chart reads the units' names and scores from there, so the
 * chart follows the columns the sheet chose by what is present. Rows and columns 0-based;
 * -1 when absent (no unit row, no column for that indicator). */
typedef struct cx_phu_luc_layout {
    int first_unit_row, last_unit_row;
    int name_col;
    int ind_col[CX_IND_COUNT];
} cx_phu_luc_layout;
void cx_phu_luc_layout_none(cx_phu_luc_layout *l);   /* everything absent */

/* Add the "Tổng hợp" sheet for snapshot s to wb. sheet_name is the Phụ lục sheet of s and
 * lay its layout (for the chart; NULL or no diem_tong_hop column: no chart). */
cx_error cx_xlsx_summary_sheet(lxw_workbook *wb, const cx_snapshot *s, const char *sheet_name,
                               const cx_phu_luc_layout *lay, const cx_write_opts *o, cx_diag *d);

/* The sheet's formats, made once per workbook: libxlsxwriter hashes every copy of an
 * equal format again on each cell that uses it. */
typedef struct cx_xlsx_summary_fmts {
    lxw_format *title, *bold, *text, *th, *td, *tdn, *note;
} cx_xlsx_summary_fmts;
int cx_xlsx_summary_formats(lxw_workbook *wb, cx_xlsx_summary_fmts *f);   /* 0, -1 no memory */

/* Adds the empty sheet "Tổng hợp" ("Tổng hợp (2)", ... when taken); NULL on failure. */
lxw_worksheet *cx_xlsx_summary_add(lxw_workbook *wb);
/* The Tổng hợp sheet of one period among several, named after its Phụ lục sheet
 * ("Tổng hợp Tháng 5 - Tuần 01"); cx_xlsx_summary_add's name when that is taken. */
lxw_worksheet *cx_xlsx_summary_add_for(lxw_workbook *wb, const char *phu_luc_sheet);

/* Writes snapshot s's summary into ws (added by cx_xlsx_summary_add), with the Phụ lục
 * sheet's name and layout as for cx_xlsx_summary_sheet. */
cx_error cx_xlsx_summary_write(lxw_workbook *wb, lxw_worksheet *ws, const cx_xlsx_summary_fmts *f,
                               const cx_snapshot *s, const char *sheet_name,
                               const cx_phu_luc_layout *lay, const cx_write_opts *o, cx_diag *d);

#endif
