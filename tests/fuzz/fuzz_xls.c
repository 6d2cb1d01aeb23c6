/* fuzz_xls.c — libFuzzer harness for the .xls reader: cx_read_xls on an
 * exact-size copy of the input (a read one byte past the end is caught), the
 * shared no-op sink that touches every cell. Seeds: tests/fuzz/corpus/fuzz_xls
 * (the committed .xls samples, one with SST/STRING CONTINUEs), dictionary
 * tests/fuzz/fuzz_xls.dict (BIFF record types, CFBF markers).
 *   make fuzz FUZZ_ONLY=xls FUZZ_SECONDS=600 */
#include <stdint.h>
#include <stdlib.h>
#include "reader.h"
#include "sink.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t *buf = fuzz_copy(data, size);
    if (!buf) return 0;
    cx_diag d;
    cx_diag_init(&d);
    cx_read_opts o = {.path = "fuzz.xls", .encoding = NULL};
    cx_read_info info;
    cx_read_xls(buf, size, &o, &fuzz_sink, &info, &d);
    cx_diag_clear(&d);
    free(buf);
    return 0;
}
