/*
 * number.h — numbers written the Vietnamese way, decided by what the column means.
 *
 * In a percent/points column "78,7" and "5.40" are decimals; in a count column
 * "1.746" and "1,746" are 1746. Accepts a "%" suffix, leading "+", Unicode minus
 * (U+2212), en dash as minus, parentheses for negatives, spaces and NBSP (U+00A0,
 * U+202F) inside. Never uses strtod under a locale.
 */
#ifndef CHISO_NUMBER_H
#define CHISO_NUMBER_H

#include <stddef.h>
#include "model.h"

typedef enum {
    CX_NUM_OK = 0,     /* *out holds the value */
    CX_NUM_MISSING,    /* empty, "-", "N/A", "x", "—": a missing value, not an error */
    CX_NUM_INVALID     /* anything else: the caller warns with the cell */
} cx_num_status;

/* Parse s (UTF-8, len bytes) as a number of the given measure. */
cx_num_status cx_parse_number(const char *s, size_t len, cx_measure measure, double *out);

/* Did a text that cx_parse_number read as v lose its value to underflow ("1e-400": a
 * nonzero digit, yet v is 0 or below the smallest normal double)? For a warning. */
int cx_number_underflow(const char *s, size_t len, double v);

/* Locale-free decimal parser for plain "123.45" / "-1e3" (JSON, XML attributes). 0 ok, -1 bad. */
int cx_strtod_c(const char *s, size_t len, double *out);

/* Shortest text that round-trips a double ("86.59", "1746", "0.1"); buf >= 32. */
char *cx_format_number(double v, char *buf);

#endif
