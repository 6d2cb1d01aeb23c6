/* dvhc.c — STUB */
#include "dvhc.h"
#include <stdlib.h>
int cx_scope_parse(const char *text, cx_scope *out) { (void)text; out->district = out->province = NULL; return -1; }
void cx_scope_free(cx_scope *s) { if (!s) return; free(s->district); free(s->province); s->district = s->province = NULL; }
int cx_scope_from_title(const char *title, cx_scope *out) { (void)title; out->district = out->province = NULL; return -1; }
cx_error cx_dvhc_match(cx_snapshot *s, const cx_scope *scope, const char *source, cx_diag *d)
{ (void)s; (void)scope; (void)source; (void)d; return CX_OK; }
cx_error cx_dvhc_to_2025(cx_snapshot *s, cx_diag *d) { (void)s; (void)d; return CX_OK; }
int cx_dvhc_search_print(const char *search, void *file) { (void)search; (void)file; return 0; }
