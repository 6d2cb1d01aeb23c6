/* html.c — STUB: to be replaced by the reader's owner. */
#include "reader.h"
cx_error cx_read_html(const uint8_t *buf, size_t len, const cx_read_opts *opts,
                     const cx_sink *sink, cx_read_info *info, cx_diag *d)
{
    (void)buf; (void)len; (void)sink; (void)info;
    return cx_fail(d, CX_ERR_FORMAT, "%s: reading HTML files is not implemented yet", opts && opts->path ? opts->path : "<input>");
}
