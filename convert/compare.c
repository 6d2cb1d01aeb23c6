/* compare.c — STUB */
#include "compare.h"
cx_error cx_compare_previous(cx_snapshot *cur, const cx_snapshot *prev, cx_diag *d)
{ (void)cur; (void)prev; return cx_fail(d, CX_ERR_USAGE, "--previous is not implemented yet"); }
long cx_match_unit(const cx_snapshot *s, const cx_unit *u, int *fuzzy)
{ if (fuzzy) *fuzzy = 0; return cx_snapshot_find_key(s, u->key); }
