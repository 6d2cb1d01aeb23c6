/* xlsx_summary.c — STUB: the Tổng hợp sheet (periods work replaces it). */
#include "xlsx_summary.h"
cx_error cx_xlsx_summary_sheet(lxw_workbook *wb, const cx_snapshot *s, const char *sheet_name,
                               int first_row, int last_row, const cx_write_opts *o, cx_diag *d)
{
    (void)wb; (void)s; (void)sheet_name; (void)first_row; (void)last_row; (void)o; (void)d;
    return CX_OK;
}
