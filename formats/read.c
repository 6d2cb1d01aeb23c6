/* read.c — open an input and hand it to the reader its bytes call for. */
#include "reader.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

cx_error cx_read_buffer(const uint8_t *buf, size_t len, const cx_read_opts *opts,
                        const cx_sink *sink, cx_read_info *info, cx_diag *d)
{
    const char *path = opts && opts->path ? opts->path : "<input>";
    cx_read_info local;
    if (!info) info = &local;
    memset(info, 0, sizeof *info);
    if (len == 0) return cx_fail(d, CX_ERR_NO_TABLE, "%s: the file is empty", path);
    info->format = cx_sniff(buf, len);
    switch (info->format) {
    case CX_FMT_XLS:   return cx_read_xls(buf, len, opts, sink, info, d);
    case CX_FMT_XLSX:  return cx_read_xlsx(buf, len, opts, sink, info, d);
    case CX_FMT_HTML:  return cx_read_html(buf, len, opts, sink, info, d);
    case CX_FMT_JSON:  return cx_read_json(buf, len, opts, sink, info, d);
    case CX_FMT_UTF16:
    case CX_FMT_CSV:   return cx_read_csv(buf, len, opts, sink, info, d);
    case CX_FMT_ZIP_OTHER:
        return cx_fail(d, CX_ERR_FORMAT, "%s: a zip archive that is not an Excel workbook (no xl/workbook.xml)", path);
    default:
        return cx_fail(d, CX_ERR_FORMAT, "%s: not a spreadsheet, an HTML table or a text file (binary data); check that the right file was attached", path);
    }
}

cx_error cx_read_file(const char *path, const cx_read_opts *opts,
                      const cx_sink *sink, cx_read_info *info, cx_diag *d)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return cx_fail(d, CX_ERR_IO, "%s: cannot open: %s", path, strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0) {
        int e = errno;
        close(fd);
        return cx_fail(d, CX_ERR_IO, "%s: cannot read: %s", path, strerror(e));
    }
    if (S_ISDIR(st.st_mode)) {
        close(fd);
        return cx_fail(d, CX_ERR_IO, "%s: is a directory, not a file", path);
    }
    if (!S_ISREG(st.st_mode)) {
        close(fd);
        return cx_fail(d, CX_ERR_IO, "%s: not a regular file", path);
    }
    cx_read_opts o = opts ? *opts : (cx_read_opts){0};
    if (!o.path) o.path = path;
    size_t len = (size_t)st.st_size;
    if (len == 0) {
        close(fd);
        return cx_fail(d, CX_ERR_NO_TABLE, "%s: the file is empty", path);
    }
    /* Map read-only: the input is never opened for writing. */
    void *map = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (map == MAP_FAILED)
        return cx_fail(d, CX_ERR_IO, "%s: cannot read: %s", path, strerror(errno));
    madvise(map, len, MADV_SEQUENTIAL);
    cx_error err = cx_read_buffer(map, len, &o, sink, info, d);
    munmap(map, len);
    return err;
}
