/* heading.c — STUB */
#include "heading.h"
#include <string.h>
cx_heading_match cx_match_heading(const char *group, const char *sub, int seen_current)
{ (void)group; (void)sub; (void)seen_current; cx_heading_match m = {CX_COL_UNKNOWN, CX_IND_NONE, -1, 0, 0}; return m; }
char *cx_heading_fold(const char *s) { return strdup(s); }
int cx_heading_is_period(const char *s) { (void)s; return 0; }
