/*
 * csv.h — the delimited-text push parser behind cx_read_csv (libcsv style).
 *
 * Feed bytes in chunks of any size; the parser calls field_cb for every field and
 * row_cb at the end of every record. Quoted fields may hold delimiters, doubled
 * quotes and line breaks; CRLF, LF and CR all end a record (mixed in one file too).
 * A blank line is a record with no fields, so record numbers stay the row numbers
 * a spreadsheet would show. NUL bytes are dropped and counted. The result does not
 * depend on how the input was cut into chunks (tests feed every chunk size).
 *
 * Ownership: the text passed to field_cb is NUL-terminated and valid only during
 * the call.
 */
#ifndef CHISO_CSV_H
#define CHISO_CSV_H

#include <stddef.h>

typedef struct cx_csv_parser cx_csv_parser;

/* Return non-zero to stop the parser (cx_csv_feed/finish then return that value). */
typedef int (*cx_csv_field_cb)(void *ud, const char *text, size_t len, int quoted);
typedef int (*cx_csv_row_cb)(void *ud);

enum {
    CX_CSV_OK = 0,
    CX_CSV_ETOOBIG = -1,   /* a field longer than CX_MAX_CELL_BYTES */
    CX_CSV_ENOMEM = -2
};

/* New parser for one delimiter. Caller frees with cx_csv_free (accepts NULL). */
cx_csv_parser *cx_csv_new(char delim, cx_csv_field_cb field_cb, cx_csv_row_cb row_cb, void *ud);
/* Parse len more bytes. Returns CX_CSV_OK, a CX_CSV_E* code, or a callback's value. */
int cx_csv_feed(cx_csv_parser *p, const char *buf, size_t len);
/* End of input: flushes the last field/record. Same returns as feed. */
int cx_csv_finish(cx_csv_parser *p);
void cx_csv_free(cx_csv_parser *p);

/* What the parser noticed: NUL bytes dropped, whether input ended inside quotes, and
 * the 1-based record where the unterminated quote opened. */
size_t cx_csv_nuls(const cx_csv_parser *p);
int    cx_csv_unterminated(const cx_csv_parser *p, size_t *record);
/* Records completed so far. */
size_t cx_csv_records(const cx_csv_parser *p);

/* Choose the delimiter among ',', ';' and tab by which one gives the most consistent
 * field count over the first records (quotes respected). ',' when nothing tells. */
char cx_csv_sniff(const char *buf, size_t len);

#endif
