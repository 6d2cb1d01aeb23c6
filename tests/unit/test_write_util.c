/* Unit tests for write_util.c: cx_utf8_is_clean says "as it is" only for strings that
 * cx_utf8_clean_nfc leaves unchanged, and exactly when the slow definition (valid UTF-8,
 * no control but tab and LF, cx_nfc_quick) holds. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "write_util.h"
#include "nfc_quick.h"

/* The definition cx_utf8_is_clean's single pass stands for. */
static int slow_clean(const char *s)
{
    size_t len = strlen(s);
    const unsigned char *p = (const unsigned char *)s, *e = p + len;
    while (p < e) {
        size_t n = cx_utf8_seq_len(p, (size_t)(e - p));
        if (n == 0) return 0;
        if (n == 1 && ((*p < 0x20 && *p != '\t' && *p != '\n') || *p == 0x7f)) return 0;
        if (n == 3 && p[0] == 0xef && p[1] == 0xbf && (p[2] == 0xbe || p[2] == 0xbf)) return 0;
        p += n;
    }
    return cx_nfc_quick(s, len);
}

static void check(const char *s)
{
    int q = cx_utf8_is_clean(s);
    assert_int_equal(q, slow_clean(s));
    if (q) {
        char *c = cx_utf8_clean_nfc(s);
        assert_non_null(c);
        assert_string_equal(c, s);
        free(c);
    }
}

static void test_known(void **state)
{
    (void)state;
    assert_true(cx_utf8_is_clean(NULL));
    assert_true(cx_utf8_is_clean(""));
    assert_true(cx_utf8_is_clean("Xã Phú Hưng, Thị trấn Chợ Vàm\tĐ\n"));
    assert_true(cx_utf8_is_clean("THÁNG 5 - TUẦN 01 (Tuần 04/11)"));
    assert_false(cx_utf8_is_clean("a\rb"));                /* CR becomes LF */
    assert_false(cx_utf8_is_clean("a\x01" "b"));
    assert_false(cx_utf8_is_clean("a\x7f"));
    assert_false(cx_utf8_is_clean("\xc3"));                /* cut sequence */
    assert_false(cx_utf8_is_clean("\xe1\xba"));
    assert_false(cx_utf8_is_clean("\xc0\xaf"));            /* overlong */
    assert_false(cx_utf8_is_clean("\xef\xbf\xbe"));        /* U+FFFE */
    assert_false(cx_utf8_is_clean("Hoa\xcc\x80"));         /* decomposed: NFC changes it */
    assert_false(cx_utf8_is_clean("—"));                   /* NFC, but not known quickly */
    const char *all[] = {"Phú Tân", "a\rb", "\xc3", "\xe1\xba\xa1", "\xe1\xbc\x80", "\xcc\x80", "\xc2\x85"};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) check(all[i]);
}

/* Random strings over pieces that sit on every boundary of the fast pass. */
static void test_random(void **state)
{
    (void)state;
    static const char *const pieces[] = {"a", " ", "~", "\t", "\n", "\r", "\x01", "\x1f", "\x7f",
        "\xc2\x80", "\xc3\xa1", "\xcb\xbf", "\xcc\x80", "\xc1\xbf", "\xc2", "\x80", "\xbf",
        "\xe1\xb8\x80", "\xe1\xbb\xbf", "\xe1\xb7\xbf", "\xe1\xbc\x80", "\xe1\xba", "\xe2\x80\x94",
        "\xef\xbf\xbe", "\xef\xbf\xbd", "\xf0\x9f\x98\x80", "\xf5\x80\x80\x80", "\xed\xa0\x80"};
    const size_t np = sizeof pieces / sizeof pieces[0];
    uint32_t x = 12345;
    char buf[64];
    for (int it = 0; it < 200000; it++) {
        size_t o = 0;
        x = x * 1103515245u + 12345u;
        int k = (int)((x >> 16) % 6);
        for (int j = 0; j < k; j++) {
            x = x * 1103515245u + 12345u;
            const char *p = pieces[(x >> 16) % np];
            size_t l = strlen(p);
            memcpy(buf + o, p, l);
            o += l;
        }
        buf[o] = 0;
        check(buf);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_known),
        cmocka_unit_test(test_random),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
