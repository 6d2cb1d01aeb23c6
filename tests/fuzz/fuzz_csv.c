/* fuzz_csv.c — libFuzzer harness: delimited text (and UTF-16 text) reader. */
#include "reader.h"
#include "sink.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t *buf = fuzz_copy(data, size);
    if (!buf) return 0;
    cx_diag d;
    cx_diag_init(&d);
    cx_read_opts o = {.path = "fuzz.csv", .encoding = NULL};
    cx_read_info info;
    cx_read_csv(buf, size, &o, &fuzz_sink, &info, &d);
    cx_diag_clear(&d);
    free(buf);
    return 0;
}
