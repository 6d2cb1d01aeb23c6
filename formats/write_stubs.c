/* write_stubs.c — STUB writers, replaced by csv_write.c, xlsx_write.c. */
#include "writer.h"
cx_error cx_write_csv(cx_snapshot *const *snaps, size_t n, const cx_write_opts *o, FILE *out, cx_diag *d)
{ (void)snaps; (void)n; (void)o; (void)out; return cx_fail(d, CX_ERR_WRITE, "CSV output is not implemented yet"); }
cx_error cx_write_xlsx(cx_snapshot *const *snaps, size_t n, const cx_write_opts *o, const char *path, cx_diag *d)
{ (void)snaps; (void)n; (void)o; (void)path; return cx_fail(d, CX_ERR_WRITE, "xlsx output is not implemented yet"); }
