/* fuzz_html.c — libFuzzer harness for the html reader (from memory, no-op sink).
 * Built by `make fuzz` (scripts/fuzz.sh), or alone:
 *   make CC=clang BUILD=build-fuzz OPT="-O1 -g" SAN="-fsanitize=address,undefined,fuzzer-no-link" build-fuzz/libchiso.a
 *   clang -std=c11 -D_GNU_SOURCE -g -Iconvert -Iformats -fsanitize=fuzzer,address,undefined \
 *       tests/fuzz/fuzz_html.c build-fuzz/libchiso.a $(pkg-config --libs xlsxwriter freexl libutf8proc expat libzip jansson libxml-2.0) -lrecode -lm -o fuzz_html
 *   ./fuzz_html -max_total_time=60 tests/fuzz/corpus/fuzz_html */
#include <stdlib.h>
#include <string.h>
#include "reader.h"

static int on_sheet(void *ud, const char *name, uint32_t i) { (void)ud; (void)name; (void)i; return 0; }
static int on_row(void *ud, uint32_t r, const cx_cell *c, uint32_t n)
{
    (void)ud; (void)r;
    size_t sum = 0;   /* touch every cell so ASan sees a bad pointer */
    for (uint32_t i = 0; i < n; i++) if (c[i].text) sum += strlen(c[i].text) == c[i].len;
    return sum > (size_t)1 << 40;
}
static int on_merge(void *ud, uint32_t a, uint32_t b, uint32_t c, uint32_t d) { (void)ud; (void)a; (void)b; (void)c; (void)d; return 0; }
static int on_end(void *ud) { (void)ud; return 0; }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t *buf = malloc(size ? size : 1);   /* an exact-size copy: reads past the end are caught */
    if (!buf) return 0;
    memcpy(buf, data, size);
    cx_sink sink = {NULL, on_sheet, on_row, on_merge, on_end};
    cx_diag d;
    cx_diag_init(&d);
    cx_read_opts o = {.path = "fuzz.html", .encoding = NULL};
    cx_read_info info;
    cx_read_html(buf, size, &o, &sink, &info, &d);
    cx_diag_clear(&d);
    free(buf);
    return 0;
}
