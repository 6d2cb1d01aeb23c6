/*
 * nfc_quick.h — a quick test that NFC would leave a UTF-8 string unchanged.
 *
 * utf8proc_NFC decodes, decomposes, reorders, recomposes and allocates: thousands of
 * instructions for a commune's name. Almost all text chiso handles is ASCII or Latin
 * with precomposed Vietnamese letters, which NFC never changes; this scan tells those
 * apart in one pass so callers can skip utf8proc for them.
 */
#ifndef CHISO_NFC_QUICK_H
#define CHISO_NFC_QUICK_H

#include <stddef.h>

/* 1 when s[0..len) is valid UTF-8 made only of U+0001..U+02FF and U+1E00..U+1EFF
 * (ASCII, Latin-1, Latin Extended-A/B with Ơ Ư Đ, spacing modifiers, and every
 * precomposed Vietnamese letter): code points whose NFC is themselves in any context,
 * so NFC(s) == s. 0 means "not known": ask utf8proc (it does not mean "not NFC"). */
int cx_nfc_quick(const char *s, size_t len);

#endif
