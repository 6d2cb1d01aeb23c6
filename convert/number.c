/* number.c — STUB */
#include "number.h"
#include <stdio.h>
cx_num_status cx_parse_number(const char *s, size_t len, cx_measure m, double *out)
{ (void)s; (void)len; (void)m; (void)out; return CX_NUM_INVALID; }
int cx_strtod_c(const char *s, size_t len, double *out) { (void)s; (void)len; (void)out; return -1; }
char *cx_format_number(double v, char *buf) { snprintf(buf, 32, "%.15g", v); return buf; }
