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

/* cx_read_buffer, with the owner's release hook for the readers that stream (CSV). */
static cx_error read_buffer(const uint8_t *buf, size_t len, const cx_read_opts *opts,
                            void (*release)(void *, size_t), void *release_ud,
                            const cx_sink *sink, cx_read_info *info, cx_diag *d)
{
    const char *path = opts && opts->path ? opts->path : "<input>";
    cx_read_info local;
    if (!info) info = &local;
    memset(info, 0, sizeof *info);
    if (len == 0) return cx_fail(d, CX_ERR_NO_TABLE, "%s: the file is empty", path);
    cx_error why = cx_explain_input(buf, len, path, d);   /* a PDF, a photo, a Word file... */
    if (why != CX_OK) return why;
    info->format = cx_sniff(buf, len);
    switch (info->format) {
    case CX_FMT_XLS:   return cx_read_xls(buf, len, opts, sink, info, d);
    case CX_FMT_XLSX:  return cx_read_xlsx(buf, len, opts, sink, info, d);
    case CX_FMT_HTML:  return cx_read_html(buf, len, opts, sink, info, d);
    case CX_FMT_JSON:  return cx_read_json(buf, len, opts, sink, info, d);
    case CX_FMT_UTF16:
    case CX_FMT_CSV:   return cx_read_csv_released(buf, len, opts, release, release_ud, sink, info, d);
    case CX_FMT_ZIP_OTHER:
        return cx_fail(d, CX_ERR_FORMAT, "%s: a zip archive that is not an Excel workbook (no xl/workbook.xml)", path);
    default:
        return cx_fail(d, CX_ERR_FORMAT, "%s: not a spreadsheet, an HTML table or a text file (binary data); check that the right file was attached", path);
    }
}

cx_error cx_read_buffer(const uint8_t *buf, size_t len, const cx_read_opts *opts,
                        const cx_sink *sink, cx_read_info *info, cx_diag *d)
{
    return read_buffer(buf, len, opts, NULL, NULL, sink, info, d);
}

/* The consumed part of a mapped input, given back every RELEASE_STEP bytes: the mapping
 * is private and never written, so MADV_DONTNEED only drops our copy of the pages (they
 * are read from the file again if touched again), and their pages stop counting in the
 * resident set. */
#define RELEASE_STEP (4u << 20)

typedef struct {
    uint8_t *map;
    size_t len;
    size_t done;        /* bytes released in this pass (a multiple of the page size) */
    size_t last;        /* the last n given: a smaller one starts a new pass over the input */
    size_t page;
} mapped;

static void release_mapped(void *ud, size_t n)
{
    mapped *m = ud;
    if (n > m->len) n = m->len;
    if (n < m->last) m->done = 0;   /* read again from the start (detection, then parsing) */
    m->last = n;
    if (n == m->len) {   /* done with all of it: whatever was touched since goes too */
        size_t all = (m->len + m->page - 1) / m->page * m->page;
        if (madvise(m->map, all, MADV_DONTNEED) == 0) m->done = all;
        return;
    }
    size_t upto = n / m->page * m->page;
    if (upto <= m->done || upto - m->done < RELEASE_STEP) return;
    if (madvise(m->map + m->done, upto - m->done, MADV_DONTNEED) == 0) m->done = upto;
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
    long pg = sysconf(_SC_PAGESIZE);
    mapped m = {map, len, 0, 0, pg > 0 ? (size_t)pg : 4096};
    cx_error err = read_buffer(map, len, &o, release_mapped, &m, sink, info, d);
    munmap(map, len);
    return err;
}
