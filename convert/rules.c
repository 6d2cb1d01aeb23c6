/* rules.c — STUB */
#include "rules.h"
#include <stdlib.h>
#include <string.h>
cx_rules *cx_rules_default(void) { return calloc(1, sizeof(cx_rules)); }
cx_rules *cx_rules_parse(const char *text, size_t len, const char *path, cx_diag *d)
{ (void)text; (void)len; (void)path; (void)d; return calloc(1, sizeof(cx_rules)); }
cx_rules *cx_rules_load(const char *path, cx_diag *d) { return cx_rules_parse("", 0, path, d); }
void cx_rules_free(cx_rules *r) { if (!r) return; for (size_t i = 0; i < r->n; i++) free(r->items[i].desc); free(r->items); free(r); }
int cx_rule_fails(const cx_rule *r, const cx_unit *u) { (void)r; (void)u; return 0; }
const cx_rule *cx_rules_find(const cx_rules *r, cx_indicator ind)
{ for (size_t i = 0; r && i < r->n; i++) if (r->items[i].indicator == ind) return &r->items[i]; return NULL; }
char *cx_rule_describe(const cx_rule *r) { return strdup(r->desc ? r->desc : ""); }
