/* fuzz_heading.c — libFuzzer harness: heading folding and matching. The input is
 * split at the first NUL byte into a group heading and a sub-heading. */
#include "heading.h"
#include "sink.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = fuzz_cstr(data, size);
    if (!s) return 0;
    size_t glen = strlen(s);
    const char *group = glen < size ? s : NULL;
    const char *sub = glen < size ? s + glen + 1 : s;
    for (int seen = 0; seen < 2; seen++) {
        cx_heading_match m = cx_match_heading(group, sub, seen);
        if (m.confidence < 0 || m.confidence > 100) abort();
    }
    free(cx_fold_heading(sub));
    cx_heading_is_period(sub);
    free(s);
    return 0;
}
