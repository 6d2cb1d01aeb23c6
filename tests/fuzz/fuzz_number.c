/* fuzz_number.c — libFuzzer harness: Vietnamese number parsing for every measure,
 * the C-locale strtod, and formatting round trip. */
#include <math.h>
#include <stdio.h>
#include "number.h"
#include "sink.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = fuzz_cstr(data, size);   /* exact size + NUL: overreads are caught */
    if (!s) return 0;
    static const cx_measure ms[] = {CX_MEASURE_POINTS, CX_MEASURE_PERCENT, CX_MEASURE_COUNT,
                                    CX_MEASURE_LABEL, CX_MEASURE_RANK, CX_MEASURE_GROUP};
    char buf[64];
    for (size_t i = 0; i < sizeof ms / sizeof ms[0]; i++) {
        double v = 0;
        if (cx_parse_number(s, size, ms[i], &v) == CX_NUM_OK && isfinite(v)) {
            cx_format_number(v, buf);
            if (strlen(buf) >= 32) abort();
        }
    }
    double v = 0;
    if (cx_strtod_c(s, size, &v) == 0 && isfinite(v)) {
        cx_format_number(v, buf);
        double back = 0;
        /* Shortest round-trip text must parse back to the same double. */
        if (cx_strtod_c(buf, strlen(buf), &back) == 0 && back != v) abort();
    }
    free(s);
    return 0;
}
