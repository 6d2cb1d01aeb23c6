/*
 * table.h — what every reader produces: rows of cells, pushed to a sink.
 *
 * Readers never build snapshots; they push each sheet's rows, in order, to a
 * cx_sink (libcsv-style push interface). normalize.h turns those rows into the
 * canonical model. Keeping readers to this one interface lets them stream (a
 * million-row CSV never has to sit in memory) and lets tests feed a reader
 * directly into a recording sink.
 *
 * Ownership: cells and their text are only valid during the callback; a sink
 * that keeps them copies them.
 */
#ifndef CHISO_TABLE_H
#define CHISO_TABLE_H

#include <stddef.h>
#include <stdint.h>

typedef enum {
    CX_CELL_EMPTY = 0,
    CX_CELL_TEXT,      /* text: UTF-8, NFC not guaranteed (normalize does it) */
    CX_CELL_NUMBER,    /* num holds the value; text may hold the printed form or be NULL */
    CX_CELL_BOOL,      /* num is 0 or 1 */
    CX_CELL_ERROR      /* text holds "#DIV/0!" etc. */
} cx_cell_type;

enum {
    CX_CF_PERCENT = 1u << 0, /* number formatted as a percentage: num is a fraction (0.898 -> 89.8%) */
    CX_CF_DATE    = 1u << 1, /* number formatted as a date (serial days since 1899-12-30) */
    CX_CF_FORMULA = 1u << 2, /* value is a formula's cached result */
    CX_CF_MERGED  = 1u << 3, /* cell is covered by a merged range and is not its top-left */
    CX_CF_FONTENC = 1u << 4  /* text was converted from a legacy font encoding (TCVN3/VNI) */
};

typedef struct cx_cell {
    cx_cell_type type;
    unsigned     flags;
    double       num;
    const char  *text;    /* NUL-terminated; NULL for EMPTY */
    size_t       len;     /* strlen(text) */
} cx_cell;

/*
 * A sink receives, for each sheet: sheet_begin, rows in increasing row order
 * (rows may be skipped: a missing row is empty), merges (any time before
 * sheet_end), sheet_end. A CSV or text file is one sheet named NULL.
 * Any callback returning non-zero stops the reader, which then returns CX_ERR_ABORTED
 * (or the error already set in the diag).
 */
typedef struct cx_sink {
    void *ud;
    int (*sheet_begin)(void *ud, const char *name, uint32_t index);
    /* row: 0-based row index; cells[0..ncells) are columns 0..ncells-1 (dense). */
    int (*row)(void *ud, uint32_t row, const cx_cell *cells, uint32_t ncells);
    /* merged range, 0-based inclusive */
    int (*merge)(void *ud, uint32_t r1, uint32_t c1, uint32_t r2, uint32_t c2);
    int (*sheet_end)(void *ud);
} cx_sink;

/* Limits on what a file can make chiso allocate (reliability issue). */
#define CX_MAX_COLUMNS     4096u          /* columns kept per row; more is a CX_ERR_LIMIT */
#define CX_MAX_CELL_BYTES  (1u << 20)     /* one cell's text: 1 MiB */
#define CX_MAX_ROW_TEXT    (16u << 20)    /* all of one row's cell text: 16 MiB */
#define CX_MAX_SHEETS      256u
#define CX_MAX_ROWS        50000000u
#define CX_MAX_UNZIPPED    (512u << 20)   /* one zip entry, uncompressed: 512 MiB */

#endif
