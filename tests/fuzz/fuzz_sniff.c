/* fuzz_sniff.c — libFuzzer harness: format sniffing, then the whole read path
 * (cx_read_buffer dispatches to whichever reader the bytes call for). */
#include "reader.h"
#include "sink.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t *buf = fuzz_copy(data, size);
    if (!buf) return 0;
    cx_format f = cx_sniff(buf, size);
    if (!cx_format_name(f)) abort();
    cx_diag d;
    cx_diag_init(&d);
    cx_read_opts o = {.path = "fuzz.bin", .encoding = NULL};
    cx_read_info info;
    cx_read_buffer(buf, size, &o, &fuzz_sink, &info, &d);
    cx_diag_clear(&d);
    free(buf);
    return 0;
}
