/* libFuzzer harness for the .xls reader: cx_read_xls on the raw bytes, a sink
 * that touches every cell (so a bad pointer or length shows under ASan).
 * Build and run: scripts/fuzz-one.sh xls 60 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "reader.h"

static int sheet_begin(void *ud, const char *name, uint32_t i) { (void)ud; (void)i; return name ? (int)(strlen(name) > (size_t)-2) : 0; }
static int row(void *ud, uint32_t r, const cx_cell *c, uint32_t n)
{
    size_t *sum = ud;
    for (uint32_t i = 0; i < n; i++) *sum += (r + (c[i].text ? strlen(c[i].text) + c[i].len : 0)) & 1;
    return 0;
}
static int merge(void *ud, uint32_t a, uint32_t b, uint32_t c, uint32_t d) { (void)ud; return a > c || b > d; }
static int sheet_end(void *ud) { (void)ud; return 0; }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t sum = 0;
    cx_sink s = {&sum, sheet_begin, row, merge, sheet_end};
    cx_diag d;
    cx_diag_init(&d);
    cx_read_info info;
    cx_read_xls(data, size, NULL, &s, &info, &d);
    cx_diag_clear(&d);
    return 0;
}
