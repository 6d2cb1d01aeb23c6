/*
 * reader.h — the readers: sniffing the format from the bytes, and one entry
 * point per format. Every reader takes its input from memory (so fuzzers and
 * tests can feed it directly) and pushes rows to a cx_sink (table.h).
 */
#ifndef CHISO_READER_H
#define CHISO_READER_H

#include <stddef.h>
#include <stdint.h>
#include "table.h"
#include "diag.h"

typedef enum {
    CX_FMT_UNKNOWN = 0,
    CX_FMT_CSV,      /* delimited text, any 8-bit encoding or UTF-8 */
    CX_FMT_UTF16,    /* UTF-16 text with a BOM (Excel "Unicode text"), read as delimited text */
    CX_FMT_XLS,      /* BIFF in a CFBF container */
    CX_FMT_XLSX,     /* OOXML zip */
    CX_FMT_HTML,     /* HTML table, often saved as .xls */
    CX_FMT_JSON,     /* the portal's JSON */
    CX_FMT_ZIP_OTHER /* a zip that is not a workbook (error) */
} cx_format;

/* The `format` string the JSON writes in sources[].format: "csv", "xls", "xlsx", "html", "json". */
const char *cx_format_name(cx_format f);

/* Decide the format from the first bytes (and, for zip, the central directory). */
cx_format cx_sniff(const uint8_t *buf, size_t len);

/* Files people attach by mistake, told from their bytes: a PDF, a photo, a Word or
 * PowerPoint document, an OpenDocument sheet, a zip of several files, a zip (an .xlsx)
 * cut short by a download. Records the error that says what the file is and what to
 * do, in the user's language, and returns it; CX_OK when the bytes are none of these. */
cx_error cx_explain_input(const uint8_t *buf, size_t len, const char *path, cx_diag *d);

/* What a reader tells about the input besides its rows. */
typedef struct cx_read_info {
    cx_format format;
    char      encoding[32];        /* "utf-8", "utf-16le", "cp1258", "tcvn3", "vni", "viscii", "cp1252" */
    double    encoding_confidence; /* 0..1 */
    char      delimiter;           /* for delimited text */
    uint32_t  nsheets;
} cx_read_info;

typedef struct cx_read_opts {
    const char *path;       /* for messages ("phu-tan.xls: sheet 'X', cell C7: ..."), may be NULL */
    const char *encoding;   /* --encoding override, or NULL to detect */
} cx_read_opts;

/* Read any supported input from memory: sniffs, then calls the right reader. */
cx_error cx_read_buffer(const uint8_t *buf, size_t len, const cx_read_opts *opts,
                        const cx_sink *sink, cx_read_info *info, cx_diag *d);

/* Read a file: opens, maps or reads it, and calls cx_read_buffer.
 * Never opens the file for writing. A directory or missing file is CX_ERR_IO with a message. */
cx_error cx_read_file(const char *path, const cx_read_opts *opts,
                      const cx_sink *sink, cx_read_info *info, cx_diag *d);

/* For the command line's SIGBUS handler (async-signal-safe): is addr inside the input this
 * thread has mapped (delimited text streams from a mapping), and that input's name with
 * control characters escaped. A file cut short while mapped faults there. */
int cx_read_fault_in_input(const void *addr);
const char *cx_read_fault_path(void);

/* The individual readers (all from memory). */
cx_error cx_read_csv(const uint8_t *buf, size_t len, const cx_read_opts *opts,
                     const cx_sink *sink, cx_read_info *info, cx_diag *d);   /* also UTF-16 text */
/* cx_read_csv for a buffer its owner takes back as it is consumed: release(release_ud, n)
 * is called (n growing, from 0 again for each pass over the input) once buf[0..n) will not
 * be read again in that pass. cx_read_file's mapping uses it so a big file does not stay
 * resident; reading released bytes again must still work (they come back from the file). */
cx_error cx_read_csv_released(const uint8_t *buf, size_t len, const cx_read_opts *opts,
                              void (*release)(void *release_ud, size_t n), void *release_ud,
                              const cx_sink *sink, cx_read_info *info, cx_diag *d);
cx_error cx_read_xls(const uint8_t *buf, size_t len, const cx_read_opts *opts,
                     const cx_sink *sink, cx_read_info *info, cx_diag *d);
cx_error cx_read_xlsx(const uint8_t *buf, size_t len, const cx_read_opts *opts,
                      const cx_sink *sink, cx_read_info *info, cx_diag *d);
cx_error cx_read_html(const uint8_t *buf, size_t len, const cx_read_opts *opts,
                      const cx_sink *sink, cx_read_info *info, cx_diag *d);
cx_error cx_read_json(const uint8_t *buf, size_t len, const cx_read_opts *opts,
                      const cx_sink *sink, cx_read_info *info, cx_diag *d);

#endif
