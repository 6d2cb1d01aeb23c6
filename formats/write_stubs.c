/* write_stubs.c — STUB writers, replaced by xlsx_write.c. */
#include "writer.h"
cx_error cx_write_xlsx(cx_snapshot *const *snaps, size_t n, const cx_write_opts *o, const char *path, cx_diag *d)
{ (void)snaps; (void)n; (void)o; (void)path; return cx_fail(d, CX_ERR_WRITE, "xlsx output is not implemented yet"); }
