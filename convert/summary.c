/* summary.c — STUB */
#include "summary.h"
#include <string.h>
char *cx_vi_join(const char *const *names, size_t n) { (void)names; (void)n; return strdup(""); }
int cx_summary_print(const cx_snapshot *s, const cx_rules *rules, cx_summary_format fmt, FILE *out)
{ (void)s; (void)rules; (void)fmt; (void)out; return -1; }
