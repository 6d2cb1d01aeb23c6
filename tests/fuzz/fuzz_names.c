/* fuzz_names.c — libFuzzer harness: unit-name cleaning, keys and Vietnamese case. */
#include "names.h"
#include "sink.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = fuzz_cstr(data, size);
    if (!s) return 0;
    cx_name n;
    memset(&n, 0, sizeof n);
    if (cx_name_clean(s, size, &n) == 0 && n.key) free(cx_fold_key(n.key));
    cx_name_free(&n);
    cx_name_is_total(s);
    free(cx_vi_lower(s));
    free(cx_vi_title(s));
    free(cx_vi_tone_style(s));
    free(s);
    return 0;
}
