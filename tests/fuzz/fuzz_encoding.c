/* fuzz_encoding.c — libFuzzer harness: encoding detection and decoding to UTF-8 NFC,
 * font-encoding detection and conversion. The first byte picks the forced encoding. */
#include "encoding.h"
#include "sink.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    cx_encoding forced = (cx_encoding)(data[0] % CX_ENC_COUNT);
    data++, size--;
    uint8_t *buf = fuzz_copy(data, size);
    if (!buf) return 0;
    double conf = 0;
    size_t bom = 0;
    cx_encoding e = cx_detect_encoding(buf, size, &conf, &bom);
    if (bom > size || conf < 0 || conf > 1) abort();
    (void)cx_encoding_name(e);
    cx_utf8_valid(buf, size);
    for (int pass = 0; pass < 2; pass++) {
        char *out = NULL;
        size_t outlen = 0, nbad = 0;
        cx_encoding use = pass ? forced : e;
        if (use == CX_ENC_UNKNOWN) continue;
        if (cx_decode(use, buf + (pass ? 0 : bom), size - (pass ? 0 : bom), &out, &outlen, &nbad) == CX_OK && out) {
            if (out[outlen] != 0) abort();   /* NUL-terminated at outlen */
            /* The decoded text is valid UTF-8: NFC and font-encoding paths must accept it. */
            char *n = cx_nfc(out, outlen);
            free(n);
            const char *cells[1] = {out};
            double fc = 0;
            cx_encoding fe = cx_detect_font_encoding(cells, 1, &fc);
            if (fe == CX_ENC_TCVN3 || fe == CX_ENC_VNI) free(cx_fontenc_to_unicode(fe, out));
            free(cx_fontenc_to_unicode(CX_ENC_TCVN3, out));
            free(cx_fontenc_to_unicode(CX_ENC_VNI, out));
        }
        free(out);
    }
    /* NFC on arbitrary bytes must fail cleanly, not crash. */
    free(cx_nfc((const char *)buf, size));
    free(buf);
    return 0;
}
