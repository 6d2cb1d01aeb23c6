/*
 * biff.h — a small, bounds-checked reader of an .xls file's Workbook stream.
 *
 * It finds the Workbook (BIFF8) or Book (BIFF5) stream in the CFBF container
 * itself, walks the globals (CODEPAGE, FILEPASS, DATEMODE, FORMAT, XF, SST,
 * BOUNDSHEET) and each worksheet substream (BOF..EOF at its BOUNDSHEET
 * offset), and collects every cell: shared and inline text, NUMBER/RK/MULRK
 * raw values, BOOLERR, and FORMULA cached results (number; string from the
 * following STRING record and its CONTINUEs; boolean; error), each number with
 * its number-format class, plus MERGEDCELLS ranges.
 *
 * Why not freexl 1.0.6 alone: it returns NULL for every formula cell, reads an
 * error cell (#DIV/0!) as the integer 1, turns a number into a time when its
 * custom format merely contains letters (0.00 "m/s"), and crashes on small
 * damage (a second DIMENSIONS record: SEGV; a bad string length: a 64 KiB
 * stack over-read inside iconv). See NOTES.md, section readers-binary.
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
    CX_BIFF_TEXT             /* a text cell (LABELSST, LABEL, RSTRING): str */
} cx_biff_kind;

typedef struct cx_biff_cell {
    uint32_t row;
    uint16_t col;
    uint8_t  kind;       /* cx_biff_kind */
    uint8_t  fmt;        /* cx_biff_fmt */
    uint8_t  formula;    /* 1 when the value is a formula's cached result */
    uint8_t  err;        /* error code for CX_BIFF_ERROR */
    uint8_t  shared;     /* str points into the book's shared strings (not owned) */
    double   num;        /* number (date serials already in the 1900 system) */
    char    *str;        /* CX_BIFF_STRING / CX_BIFF_TEXT: UTF-8, NUL-terminated; owned unless
                          * shared; NULL for a shared string that does not exist */
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
    uint32_t       same_as;     /* 0, or 1 + the index of an earlier worksheet whose BOF is at the
                                 * same offset: not read again (256 entries at one offset would
                                 * read one substream 256 times) */
} cx_biff_sheet;

typedef struct cx_biff_book {
    int            biff;        /* 5 or 8 */
    uint16_t       codepage;    /* CODEPAGE record (1200 for BIFF8) */
    int            date1904;
    cx_biff_sheet *sheets;      /* every BOUNDSHEET, in order; cells only for worksheets */
    size_t         nsheets;
    char         **sst;         /* the shared strings (UTF-8), BIFF8 */
    size_t         nsst;
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
