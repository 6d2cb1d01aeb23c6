/* normalize.c — STUB */
#include "normalize.h"
#include <stdlib.h>
struct cx_normalizer { cx_sink sink; cx_diag *d; const char *path; };
static int sb(void *ud, const char *name, uint32_t i) { (void)ud; (void)name; (void)i; return 0; }
static int rw(void *ud, uint32_t r, const cx_cell *c, uint32_t n) { (void)ud; (void)r; (void)c; (void)n; return 0; }
static int mg(void *ud, uint32_t a, uint32_t b, uint32_t c, uint32_t e) { (void)ud; (void)a; (void)b; (void)c; (void)e; return 0; }
static int se(void *ud) { (void)ud; return 0; }
cx_normalizer *cx_normalizer_new(const cx_norm_opts *opts, cx_diag *d)
{
    cx_normalizer *n = calloc(1, sizeof *n);
    if (!n) return NULL;
    n->sink = (cx_sink){n, sb, rw, mg, se};
    n->d = d;
    n->path = opts->source_path;
    return n;
}
const cx_sink *cx_normalizer_sink(cx_normalizer *n) { return &n->sink; }
void cx_normalizer_set_source(cx_normalizer *n, const char *f, const char *e, double c) { (void)n; (void)f; (void)e; (void)c; }
cx_error cx_normalizer_finish(cx_normalizer *n, cx_snapshot ***out, size_t *nout)
{ *out = NULL; *nout = 0; return cx_fail(n->d, CX_ERR_NO_TABLE, "%s: no indicator table found", n->path); }
void cx_normalizer_free(cx_normalizer *n) { free(n); }
void cx_normalizer_report(const cx_normalizer *n, FILE *out) { (void)n; (void)out; }
