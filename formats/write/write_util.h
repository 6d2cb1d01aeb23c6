/*
 * write_util.h — small helpers shared by the writers (JSON, CSV, xlsx): UTF-8
 * checking and cleaning, so that whatever reaches a writer, its output stays valid.
 */
#ifndef CHISO_WRITE_UTIL_H
#define CHISO_WRITE_UTIL_H

#include <stddef.h>
#include <stdio.h>
#include <time.h>
#include <xlsxwriter.h>
#include "model.h"

/* Length of the valid UTF-8 sequence at p (1..4; no overlongs, surrogates or
 * code points over U+10FFFF), 0 when the bytes there are not valid UTF-8.
 * avail is how many bytes may be read (p[avail] need not exist). */
size_t cx_utf8_seq_len(const unsigned char *p, size_t avail);

/* A copy of s fit for a workbook: invalid UTF-8 bytes become U+FFFD, control
 * characters other than tab and line feed become spaces (XML 1.0 cannot hold them),
 * CR LF and CR become LF, and the result is NFC. NULL s gives "". Caller frees;
 * NULL on no memory. */
char *cx_utf8_clean_nfc(const char *s);

/* 1 when cx_utf8_clean_nfc(s) would return s unchanged (valid UTF-8, no control
 * character but tab and LF, no CR, NFC by cx_nfc_quick): the string can be written as
 * it is, without a copy. 0 means "clean it" (not necessarily dirty). NULL counts as "". */
int cx_utf8_is_clean(const char *s);

/* Write a string cell / a merged range through cx_utf8_clean_nfc: libxlsxwriter does
 * not check UTF-8, and a stray byte from the data must not break the workbook's XML. */
lxw_error cx_xlsx_str(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *s, lxw_format *f);
lxw_error cx_xlsx_merge(lxw_worksheet *ws, lxw_row_t r1, lxw_col_t c1, lxw_row_t r2, lxw_col_t c2,
                        const char *s, lxw_format *f);

/* The creation date every xlsx writer (Phụ lục, history) stamps into docProps/core.xml,
 * so that the same input gives the same bytes at any time of day. One rule:
 * source_date_epoch when > 0 (seconds, before year 10000; the command line takes it from
 * SOURCE_DATE_EPOCH: the library reads no environment), else the first of the
 * workbook's cutoff dates (in the workbook's order) that reads as a date from 1980 on,
 * at 00:00 UTC, else 2022-06-23 00:00 UTC (Decision 766/QĐ-TTg). Never the clock.
 * cutoff(i, ctx) gives the i-th of n cutoffs ("YYYY-MM-DD", "" or NULL when unknown). */
typedef const char *(*cx_cutoff_at_fn)(size_t i, const void *ctx);
/* workbook_close under one process-wide lock: libxlsxwriter (1.1.4) formats the creation
 * date with gmtime(), whose buffer is shared by all threads, so two jobs closing workbooks
 * at once race there (ThreadSanitizer, tests/api threads). */
lxw_error cx_workbook_close(lxw_workbook *wb);

time_t cx_xlsx_created(long long source_date_epoch, cx_cutoff_at_fn cutoff, const void *ctx, size_t n);
#define CX_XLSX_FALLBACK_EPOCH 1655942400L  /* 2022-06-23 00:00:00 UTC */

/* Write s as a JSON string ("null" for NULL): control characters escaped, valid UTF-8
 * as it is, an invalid byte as U+FFFD, so the output stays valid JSON whatever comes. */
void cx_json_str(FILE *f, const char *s);

#endif
