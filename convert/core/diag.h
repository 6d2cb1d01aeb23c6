/*
 * diag.h — errors and warnings.
 *
 * One error enum for the whole program (cx_strerror gives its words), and a
 * diagnostics collector that keeps every warning with where it was seen
 * (file, sheet, row, column), in the order they were raised.
 *
 * Ownership: cx_diag owns copies of every string passed to it.
 */
#ifndef CHISO_DIAG_H
#define CHISO_DIAG_H

#include <stddef.h>
#include <stdint.h>
#include <stdarg.h>

/* BEGIN cx_error — kept identical to convert/api/chiso.h (tests/api/check-header.sh) */
#ifndef CX_ERROR_DEFINED
#define CX_ERROR_DEFINED
typedef enum {
    CX_OK = 0,
    CX_ERR_NOMEM,       /* out of memory */
    CX_ERR_USAGE,       /* bad command line (exit 1) */
    CX_ERR_IO,          /* cannot open/read/write a file */
    CX_ERR_FORMAT,      /* damaged or unrecognized input */
    CX_ERR_ENCRYPTED,   /* password-protected workbook */
    CX_ERR_LIMIT,       /* input exceeds a safety limit (cells, sizes, zip bomb) */
    CX_ERR_NO_TABLE,    /* no recognizable indicator table */
    CX_ERR_ENCODING,    /* text in an encoding that cannot be decoded */
    CX_ERR_WRITE,       /* writing the output failed */
    CX_ERR_ABORTED,     /* a callback asked to stop */
    CX_ERR_COUNT
} cx_error;
#endif
/* END cx_error */

/* Static English/Vietnamese-neutral words for an error code. Never NULL. */
const char *cx_strerror(cx_error err);

/* Exit status for an error: 0 ok, 1 usage, 2 everything else. */
int cx_exit_code(cx_error err);

typedef struct cx_warning {
    char *code;     /* stable machine code: "unknown_column", "xep_loai_mismatch", ... */
    char *message;  /* human sentence, Vietnamese names kept as written */
    char *source;   /* input path, or NULL */
    char *sheet;    /* sheet name, or NULL */
    long  row;      /* 1-based row as a spreadsheet shows it, 0 = none */
    int   col;      /* 0-based column, -1 = none */
    char *msgid;    /* the untranslated printf format the message was made from */
    char **args;    /* each conversion of msgid rendered alone, in order (nargs of them) */
    size_t nargs;
} cx_warning;

/* What a front end hears while a job runs (chiso.h): each warning as it is recorded, and
 * informational lines up to `verbosity`. The library never prints; without these
 * callbacks nothing is shown (the warnings are still kept in items). */
typedef void (*cx_warning_cb)(void *ud, const cx_warning *w);
typedef void (*cx_info_cb)(void *ud, int level, const char *line);

typedef struct cx_diag {
    cx_warning *items;
    size_t      n, cap;
    int         verbosity;   /* 0 quiet, 1 warnings (default), 2 info, 3 debug */
    cx_warning_cb on_warning;/* called for each warning recorded, or NULL */
    cx_info_cb  on_info;     /* called for each cx_info line of level <= verbosity, or NULL */
    void       *cb_ud;
    char        errmsg[1024];/* the last error, already in words, with file/sheet/cell */
    cx_error    err;
} cx_diag;

void cx_diag_init(cx_diag *d);
void cx_diag_clear(cx_diag *d);            /* frees items; safe on a zeroed struct */

/* Record a warning. row 1-based (0 none), col 0-based (-1 none). Returns CX_OK or CX_ERR_NOMEM. */
cx_error cx_warn(cx_diag *d, const char *code, const char *source, const char *sheet,
                 long row, int col, const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));

/* Record a copy of a warning made elsewhere (another thread's cx_diag), msgid and
 * arguments included. CX_OK or CX_ERR_NOMEM. */
cx_error cx_diag_add(cx_diag *d, const cx_warning *w);

/* The final error line of a job: the message of the last cx_fail, else cx_strerror(err).
 * The one place it is chosen; front ends print it once. */
const char *cx_diag_message(const cx_diag *d, cx_error err);

/* Record the error that ends processing of an input; returns err for `return cx_fail(...)`.
 * The message should name file, sheet and cell where they apply. */
cx_error cx_fail(cx_diag *d, cx_error err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Informational line for the front end (d->on_info) when verbosity >= level. */
void cx_info(const cx_diag *d, int level, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* "A", "B", ... "Z", "AA" for a 0-based column; buf >= 8 bytes. */
char *cx_col_name(int col, char *buf);
/* "C7" for 0-based col and 1-based row; buf >= 24 bytes. */
char *cx_cell_name(int col, long row, char *buf);

/* Format one warning as the single stderr line users see:
 * "file: sheet 'S', cell C7: message [code]". Caller frees. */
char *cx_warning_format(const cx_warning *w);

#endif
