/* Unit tests for nfc_quick.c: every code point it accepts, alone and in every pair,
 * is left unchanged by utf8proc's NFC; and it refuses what it must. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <utf8proc.h>
#include "nfc_quick.h"

static int accepted(int32_t cp, unsigned char *buf)
{
    utf8proc_ssize_t n = utf8proc_encode_char(cp, buf);
    return cx_nfc_quick((const char *)buf, (size_t)n);
}

static void test_accepted_are_nfc(void **state)
{
    (void)state;
    static int32_t cps[4096];
    size_t n = 0;
    unsigned char b[16];
    for (int32_t cp = 1; cp < 0x10000; cp++) {
        if (cp >= 0xD800 && cp <= 0xDFFF) continue;
        if (accepted(cp, b)) { assert_true(n < 4096); cps[n++] = cp; }
    }
    assert_int_equal(n, 0x2FF + 0x100);   /* U+0001..U+02FF and U+1E00..U+1EFF */
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            utf8proc_ssize_t l = utf8proc_encode_char(cps[i], b);
            l += utf8proc_encode_char(cps[j], b + l);
            b[l] = 0;
            assert_true(cx_nfc_quick((const char *)b, (size_t)l));
            char *o = (char *)utf8proc_NFC(b);
            assert_non_null(o);
            assert_string_equal(o, (const char *)b);
            free(o);
        }
}

static void test_refused(void **state)
{
    (void)state;
    static const char *no[] = {
        "Hoa\xcc\x80",          /* decomposed: a + combining grave */
        "\xe2\x84\xa6",         /* U+2126 OHM SIGN: NFC is U+03A9 */
        "\xe2\x80\x80",         /* U+2000: a singleton */
        "\xc3",                 /* truncated */
        "\xe1\xba",             /* truncated */
        "\xc0\x80",             /* overlong NUL */
        "\xed\xa0\x80",         /* surrogate */
        "\xf0\x9f\x98\x80",     /* outside the ranges: ask utf8proc */
        "\xe1\xbc\x80",         /* U+1F00 (Greek extended) */
    };
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++) assert_false(cx_nfc_quick(no[i], strlen(no[i])));
    assert_false(cx_nfc_quick("a\0b", 3));
    static const char *yes[] = {"", "PHÚ HÙNG", "Bình Thạnh Đông", "Tuần 1 - Tháng 12/2023", "Ư ơ Ơ ư đ Đ", "Hòa Lạc"};
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) assert_true(cx_nfc_quick(yes[i], strlen(yes[i])));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_accepted_are_nfc),
        cmocka_unit_test(test_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
