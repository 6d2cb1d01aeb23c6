/*
 * period.h — periods read from what files say: title rows ("THÁNG 5 (Tuần 01)",
 * "Tuần 1 của tháng 12 năm 2023", "tháng 02/2024", "Tháng 3 - Tuần 01 năm 2025"),
 * the cutoff line ("Thời gian chốt số liệu: Ngày 04/12/2023 -Tuần 1"), sheet names,
 * file names ("phu-tan-2024-t5-w1.xls"), and long-table values ("Tuần 01/2023",
 * "T5/2024", "05/2024", "Quý 3/2025", "2024"). What cannot be told stays 0/NULL.
 */
#ifndef CHISO_PERIOD_H
#define CHISO_PERIOD_H

#include "model.h"

/* Parse a period from free text; fills only the fields the text tells. Returns 1 if
 * anything was found. Does not set label. */
int cx_period_parse(const char *text, cx_period *p);
/* Parse a cutoff line; sets p->cutoff ("YYYY-MM-DD") and week/month/year if said. 1 found. */
int cx_period_parse_cutoff(const char *text, cx_period *p);
/* Parse a file name (basename, extension ignored). 1 found. */
int cx_period_parse_filename(const char *path, cx_period *p);
/* Fill the blanks of dst from src (never overwrites a known field). */
void cx_period_merge(cx_period *dst, const cx_period *src);
/* Compare for time order: year, month, week, cutoff. */
int cx_period_cmp(const cx_period *a, const cx_period *b);
/* A label when the source gave none: "Tháng 5/2024 - Tuần 1", "Năm 2024". Caller frees; NULL if nothing known. */
char *cx_period_make_label(const cx_period *p);
/* The previous-period column's heading ("Tháng 4", "Tháng 4 - Tuần 04"): like make_label
 * without the year for a whole month; falls back to p->label. Caller frees; NULL if unknown. */
char *cx_period_heading(const cx_period *p);
/* Calling order for a sheet (period.c): cx_period_parse on the title rows first, then
 * cx_period_parse_cutoff on the cutoff line; both only fill fields still 0, so the
 * title's month wins over the cutoff date's (NOTES.md, periods). */

#endif
