/*
 * biff.h — a small, bounds-checked walker over an .xls file's Workbook stream.
 *
 * Why it exists: freexl 1.0.6 (which reads the text cells and sheet names)
 * returns NULL for every formula cell, reads an error cell (#DIV/0!) as the
 * integer 1, and turns a number into a time when its custom format merely
 * contains letters (0.00 "m/s"). This walker finds the Workbook (BIFF8) or
 * Book (BIFF5) stream in the CFBF container itself, walks the globals
 * (CODEPAGE, FILEPASS, DATEMODE, FORMAT, XF, BOUNDSHEET) and each worksheet
 * substream (BOF..EOF at its BOUNDSHEET offset), and collects for every cell
 * that is not plain text: NUMBER/RK/MULRK raw values, BOOLERR, and FORMULA
 * cached results (number, string from the following STRING record and its
 * CONTINUEs, boolean, error), each with its number-format class, plus
 * MERGEDCELLS ranges. Shared-string cells (LABELSST) are only marked: their
 * text comes from freexl; inline LABEL text is decoded here as a fallback.
 *
 * Every read is bounds-checked; every allocation is capped by the input's size
 * and the limits in table.h. A damaged input is an error with a reason, never
 * a crash.
 *
 * Ownership: cx_biff_parse gives a book the caller frees with cx_biff_free
 * (accepts NULL and half-built books).
 */
#ifndef CHISO_BIFF_H
#define CHISO_BIFF_H

#include <stddef.h>
#include <stdint.h>

typedef enum {
    CX_BIFF_OK = 0,
    CX_BIFF_NOT_CFBF,      /* no compound-file signature / bad header */
    CX_BIFF_TRUNCATED,     /* a sector, chain or record runs past the end of the data */
    CX_BIFF_DAMAGED,       /* inconsistent structure (loops, bad BOF, bad sizes) */
    CX_BIFF_NO_WORKBOOK,   /* a compound file without a Workbook/Book stream */
    CX_BIFF_ENCRYPTED,     /* FILEPASS record, or an encrypted OOXML package */
    CX_BIFF_OLD_VERSION,   /* BIFF2..BIFF4 (Excel 2.x-4.x) */
    CX_BIFF_LIMIT,         /* exceeds a limit of table.h */
    CX_BIFF_NOMEM
} cx_biff_status;

typedef enum {
    CX_BIFF_FMT_GENERAL = 0, /* a plain number */
    CX_BIFF_FMT_PERCENT,     /* format shows a percentage: the value is a fraction */
    CX_BIFF_FMT_DATE         /* format is really a date or time */
} cx_biff_fmt;

typedef enum {
    CX_BIFF_NUMBER = 1,      /* num */
    CX_BIFF_STRING,          /* str: a formula's text result (UTF-8, owned) */
    CX_BIFF_BOOL,            /* num 0/1 */
    CX_BIFF_ERROR,           /* err: Excel error code (0x07 #DIV/0! ...) */
    CX_BIFF_TEXT             /* a text cell: str holds LABEL text (NULL for shared strings:
                              * read those with freexl) */
} cx_biff_kind;

typedef struct cx_biff_cell {
    uint32_t row;
    uint16_t col;
    uint8_t  kind;       /* cx_biff_kind */
    uint8_t  fmt;        /* cx_biff_fmt */
    uint8_t  formula;    /* 1 when the value is a formula's cached result */
    uint8_t  err;        /* error code for CX_BIFF_ERROR */
    double   num;        /* number (date serials already in the 1900 system) */
    char    *str;        /* CX_BIFF_STRING / inline CX_BIFF_TEXT: UTF-8, NUL-terminated, owned */
} cx_biff_cell;

typedef struct cx_biff_range { uint32_t r1, c1, r2, c2; } cx_biff_range;

typedef struct cx_biff_sheet {
    char          *name;        /* UTF-8 */
    uint32_t       offset;      /* of its BOF in the stream */
    uint8_t        type;        /* 0 worksheet, 1 macro sheet, 2 chart, 6 VB module */
    uint8_t        hidden;      /* 0 visible, 1 hidden, 2 very hidden */
    cx_biff_cell  *cells;       /* sorted by (row, col), one per cell */
    size_t         ncells;
    cx_biff_range *merges;
    size_t         nmerges;
    uint32_t       nrows, ncols;/* 1 + the largest row/column that holds a cell (0 when none) */
} cx_biff_sheet;

typedef struct cx_biff_book {
    int            biff;        /* 5 or 8 */
    uint16_t       codepage;    /* CODEPAGE record (1200 for BIFF8) */
    int            date1904;
    cx_biff_sheet *sheets;      /* every BOUNDSHEET, in order; cells only for worksheets */
    size_t         nsheets;
} cx_biff_book;

/*
 * Parse buf[0..len) (a whole .xls file). On CX_BIFF_OK *out is the book; on
 * failure *out is NULL and why (if not NULL) holds a short reason in English
 * ("sector 12 lies past the end of the file").
 */
cx_biff_status cx_biff_parse(const uint8_t *buf, size_t len, cx_biff_book **out,
                             char *why, size_t whylen);
void cx_biff_free(cx_biff_book *book);

/* The cell at (row, col) of a sheet, or NULL (binary search). */
const cx_biff_cell *cx_biff_find(const cx_biff_sheet *s, uint32_t row, uint32_t col);

/* "#DIV/0!" for 0x07, etc.; "#ERROR!" for an unknown code. Static. */
const char *cx_biff_error_text(uint8_t code);

/* Classify a number format code (exposed for tests): 0 general, percent, date. */
cx_biff_fmt cx_biff_classify_format(const char *code);

/* The charset name a BIFF5 CODEPAGE value stands for ("cp1258"); static. */
const char *cx_biff_codepage_name(uint16_t codepage);

#endif
