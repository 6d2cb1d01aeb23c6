/* nfc_quick.c — see nfc_quick.h. The ranges were checked against utf8proc for every
 * code point and every pair of them (tests/unit/test_nfc_quick.c). */
#include "nfc_quick.h"

int cx_nfc_quick(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s, *e = p + len;
    while (p < e) {
        unsigned c = *p;
        if (c < 0x80) {               /* ASCII (NUL is not text) */
            if (c == 0) return 0;
            p++;
            continue;
        }
        if (c >= 0xC2 && c <= 0xCB) { /* 2 bytes: U+0080..U+02FF */
            if (e - p < 2 || (p[1] & 0xC0) != 0x80) return 0;
            p += 2;
            continue;
        }
        if (c == 0xE1) {              /* 3 bytes: U+1E00..U+1EFF is E1 B8..BB xx */
            if (e - p < 3 || p[1] < 0xB8 || p[1] > 0xBB || (p[2] & 0xC0) != 0x80) return 0;
            p += 3;
            continue;
        }
        return 0;
    }
    return 1;
}
