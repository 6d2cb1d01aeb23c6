/* period.c — STUB */
#include "period.h"
#include <string.h>
int cx_period_parse(const char *text, cx_period *p) { (void)text; (void)p; return 0; }
int cx_period_parse_cutoff(const char *text, cx_period *p) { (void)text; (void)p; return 0; }
int cx_period_parse_filename(const char *path, cx_period *p) { (void)path; (void)p; return 0; }
void cx_period_merge(cx_period *dst, const cx_period *src)
{
    if (!dst->year) dst->year = src->year;
    if (!dst->month) dst->month = src->month;
    if (!dst->week) dst->week = src->week;
    if (!dst->quarter) dst->quarter = src->quarter;
    if (!dst->cutoff[0]) memcpy(dst->cutoff, src->cutoff, sizeof dst->cutoff);
}
int cx_period_cmp(const cx_period *a, const cx_period *b)
{
    if (a->year != b->year) return a->year < b->year ? -1 : 1;
    if (a->month != b->month) return a->month < b->month ? -1 : 1;
    if (a->week != b->week) return a->week < b->week ? -1 : 1;
    return strcmp(a->cutoff, b->cutoff);
}
char *cx_period_make_label(const cx_period *p) { (void)p; return NULL; }
