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

/* The mapping being read by this thread, for the command line's SIGBUS handler (a file
 * cut short while mapped faults instead of reading short). Read by a signal handler:
 * plain stores, set before the mapping is touched and cleared after it is unmapped. */
static _Thread_local struct {
    const volatile uint8_t *base;
    size_t len;
    char path[512];
} fault;

int cx_read_fault_in_input(const void *addr)
{
    const uint8_t *a = addr;
    return fault.base && a >= (const uint8_t *)fault.base && a < (const uint8_t *)fault.base + fault.len;
}

const char *cx_read_fault_path(void) { return fault.path; }

static void fault_set(const void *base, size_t len, const char *path)
{
    /* the path as messages show it: control characters escaped */
    size_t o = 0;
    for (const unsigned char *p = (const unsigned char *)path; *p && o + 5 < sizeof fault.path; p++) {
        if (*p < 0x20 || *p == 0x7f) o += (size_t)snprintf(fault.path + o, sizeof fault.path - o, "\\x%02x", *p);
        else fault.path[o++] = (char)*p;
    }
    fault.path[o] = 0;
    fault.len = len;
    fault.base = base;
}

static void fault_clear(void) { fault.base = NULL; fault.len = 0; }

static cx_error changed(const char *path, cx_diag *d)
{
    return cx_fail(d, CX_ERR_IO, "%s: the file changed while it was being read; try again", path);
}

/* Read all of fd (len bytes by fstat) into a new buffer: a file cut short while read
 * gives a short read, never a signal. */
static cx_error read_whole(int fd, size_t len, const char *path, uint8_t **out, cx_diag *d)
{
    uint8_t *b = malloc(len + 1);
    if (!b) return cx_fail(d, CX_ERR_NOMEM, "%s: out of memory (the file is %zu bytes)", path, len);
    size_t got = 0;
    while (got < len) {
        ssize_t r = pread(fd, b + got, len - got, (off_t)got);
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) { int e = errno; free(b); return cx_fail(d, CX_ERR_IO, "%s: cannot read: %s", path, strerror(e)); }
        if (r == 0) { free(b); return changed(path, d); }
        got += (size_t)r;
    }
    uint8_t extra;
    if (pread(fd, &extra, 1, (off_t)len) > 0) { free(b); return changed(path, d); }   /* it grew */
    *out = b;
    return CX_OK;
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
    /* The first bytes (and a zip's directory at the end) tell the format: read them. */
    enum { HEAD = 64 * 1024 };
    cx_format fmt;
    {
        uint8_t *b = NULL;
        if (len <= HEAD * 2) {
            cx_error e = read_whole(fd, len, path, &b, d);
            if (e != CX_OK) { close(fd); return e; }
            fmt = cx_sniff(b, len);
            if (fmt != CX_FMT_CSV && fmt != CX_FMT_UTF16) {
                cx_error err = read_buffer(b, len, &o, NULL, NULL, sink, info, d);
                free(b);
                close(fd);
                return err;
            }
            free(b);
        } else {
            /* CSV streams from a mapping; anything else is read whole into memory */
            uint8_t *h = malloc(HEAD);
            if (!h) { close(fd); return cx_fail(d, CX_ERR_NOMEM, "%s: out of memory", path); }
            ssize_t a = pread(fd, h, HEAD, 0);
            if (a != HEAD) { free(h); close(fd); return a < 0 ? cx_fail(d, CX_ERR_IO, "%s: cannot read: %s", path, strerror(errno)) : changed(path, d); }
            fmt = cx_sniff(h, HEAD);   /* a zip shows itself by its first bytes, the rest by the start */
            free(h);
            if (fmt != CX_FMT_CSV && fmt != CX_FMT_UTF16) {
                cx_error e = read_whole(fd, len, path, &b, d);
                if (e != CX_OK) { close(fd); return e; }
                cx_error err = read_buffer(b, len, &o, NULL, NULL, sink, info, d);
                free(b);
                close(fd);
                return err;
            }
        }
    }
    /* Delimited text streams from a read-only mapping, given back as it is consumed. A file
     * cut short meanwhile faults inside the mapping: the command line's SIGBUS handler
     * (cx_read_fault_in_input) turns that into a message; a change that does not fault is
     * seen by comparing the file's size and time before and after. */
    void *map = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
    if (map == MAP_FAILED) {
        int e = errno;
        close(fd);
        return cx_fail(d, CX_ERR_IO, "%s: cannot read: %s", path, strerror(e));
    }
    fault_set(map, len, path);
    madvise(map, len, MADV_SEQUENTIAL);
    long pg = sysconf(_SC_PAGESIZE);
    mapped m = {map, len, 0, 0, pg > 0 ? (size_t)pg : 4096};
    cx_error err = read_buffer(map, len, &o, release_mapped, &m, sink, info, d);
    munmap(map, len);
    fault_clear();
    struct stat st2;
    if (err == CX_OK && (fstat(fd, &st2) != 0 || st2.st_size != st.st_size ||
                         st2.st_mtim.tv_sec != st.st_mtim.tv_sec || st2.st_mtim.tv_nsec != st.st_mtim.tv_nsec))
        err = changed(path, d);
    close(fd);
    return err;
}
