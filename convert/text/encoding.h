/*
 * encoding.h — text encodings: detection and decoding to UTF-8 NFC.
 *
 * Vietnamese files come as UTF-8, UTF-16, Windows-1258 (decomposed marks),
 * TCVN3 (ABC, .VnTime fonts), VNI-Windows and VISCII. Detection scores each
 * candidate decoding by how plausible the Vietnamese is (see NOTES.md).
 */
#ifndef CHISO_ENCODING_H
#define CHISO_ENCODING_H

#include <stddef.h>
#include <stdint.h>
#include "diag.h"

typedef enum {
    CX_ENC_UNKNOWN = 0,
    CX_ENC_UTF8, CX_ENC_UTF16LE, CX_ENC_UTF16BE,
    CX_ENC_CP1258, CX_ENC_TCVN3, CX_ENC_VNI, CX_ENC_VISCII, CX_ENC_CP1252,
    CX_ENC_COUNT
} cx_encoding;

const char *cx_encoding_name(cx_encoding e);   /* "utf-8", "tcvn3", ... as sources[].encoding */
cx_encoding cx_encoding_from_name(const char *name); /* accepts aliases: "abc", "vni-windows", "windows-1258" */

/* Detect the encoding of a byte sample (BOM, valid UTF-8, else best-scoring legacy one).
 * *confidence in 0..1. *bom_len gets the BOM's length to skip (0 if none). */
cx_encoding cx_detect_encoding(const uint8_t *buf, size_t len, double *confidence, size_t *bom_len);

/* The same detection, for a reader of a big input. *utf8_valid (may be NULL) is 1 when
 * the whole of buf was checked and is valid UTF-8, else 0 (a BOM or UTF-16 answers before
 * any check). release (may be NULL) is called as the whole-buffer check moves on, with
 * how many leading bytes of buf it is done with, so a mapped file need not stay resident
 * (the detector may still look at its first 256 KiB again afterwards). */
cx_encoding cx_detect_encoding_ex(const uint8_t *buf, size_t len, double *confidence, size_t *bom_len,
                                  int *utf8_valid, void (*release)(void *ud, size_t done), void *release_ud);

/* Decode a whole buffer to NUL-terminated UTF-8 NFC. Caller frees *out.
 * Invalid sequences become U+FFFD and are counted in *nbad (may be NULL). */
cx_error cx_decode(cx_encoding enc, const uint8_t *buf, size_t len, char **out, size_t *outlen,
                   size_t *nbad);

/* NFC-normalize UTF-8 (utf8proc). Caller frees. NULL on invalid UTF-8 or no memory. */
char *cx_nfc(const char *s, size_t len);
/* NFC with runs of spaces, tabs and line breaks collapsed to one space and trimmed:
 * how a cell's text is compared and shown. NULL when blank or on no memory. Caller frees. */
char *cx_nfc_collapse(const char *s, size_t len);

/* Font-encoded text inside spreadsheets: a cell whose code points are TCVN3 or VNI
 * bytes ("Phó Hïng"). Given a run of cell strings (UTF-8), decide whether they are
 * font-encoded and in which encoding; CX_ENC_UNKNOWN when they are plain Unicode. */
cx_encoding cx_detect_font_encoding(const char *const *cells, size_t n, double *confidence);
/* Convert one font-encoded cell string (UTF-8 whose code points are legacy bytes). Caller frees. */
char *cx_fontenc_to_unicode(cx_encoding enc, const char *s);

/* Is the word (UTF-8, any case) one valid Vietnamese syllable ("Hùng" yes, "Hïng" no)?
 * The detector's measure of plausible Vietnamese. */
int cx_vi_word_valid(const char *word);

/* Is the buffer valid UTF-8? */
int cx_utf8_valid(const uint8_t *buf, size_t len);

#endif
