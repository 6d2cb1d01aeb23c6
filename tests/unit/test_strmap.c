/* Unit tests for strmap.c and name_memo.c: the interning used on hot paths. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "strmap.h"
#include "name_memo.h"
#include "names.h"
#include "encoding.h"
#include "heading.h"

static void test_put_get(void **state)
{
    (void)state;
    cx_strmap *m = cx_strmap_new(0);
    assert_non_null(m);
    static const char *keys[] = {"Phú Thành", "Phú Thạnh", "", "a", "ab", "Hòa Lạc", "Hoà Lạc"};
    int vals[7];
    for (size_t i = 0; i < 7; i++) assert_int_equal(cx_strmap_put(m, keys[i], strlen(keys[i]), &vals[i]), CX_STRMAP_OK);
    assert_int_equal(cx_strmap_count(m), 7);
    for (size_t i = 0; i < 7; i++) {
        assert_ptr_equal(cx_strmap_get(m, keys[i], strlen(keys[i])), &vals[i]);
        const char *k = cx_strmap_key(m, keys[i], strlen(keys[i]));
        assert_non_null(k);
        assert_string_equal(k, keys[i]);
        assert_ptr_not_equal(k, keys[i]);   /* a copy */
    }
    assert_null(cx_strmap_get(m, "Phú", 4));
    assert_null(cx_strmap_get(m, "abc", 2 + 1));
    /* a prefix of a key (length matters, not the NUL) */
    assert_ptr_equal(cx_strmap_get(m, "abc", 2), &vals[4]);
    /* replace */
    assert_int_equal(cx_strmap_put(m, "a", 1, &vals[0]), CX_STRMAP_OK);
    assert_ptr_equal(cx_strmap_get(m, "a", 1), &vals[0]);
    assert_int_equal(cx_strmap_count(m), 7);
    cx_strmap_free(m, NULL);
    cx_strmap_free(NULL, NULL);
}

static void test_grow_and_cap(void **state)
{
    (void)state;
    cx_strmap *m = cx_strmap_new(0);
    char k[32];
    for (uintptr_t i = 1; i <= 20000; i++) {
        int n = snprintf(k, sizeof k, "xã %lu", (unsigned long)i);
        assert_int_equal(cx_strmap_put(m, k, (size_t)n, (void *)i), CX_STRMAP_OK);
    }
    for (uintptr_t i = 1; i <= 20000; i++) {
        int n = snprintf(k, sizeof k, "xã %lu", (unsigned long)i);
        assert_ptr_equal(cx_strmap_get(m, k, (size_t)n), (void *)i);
    }
    cx_strmap_free(m, NULL);

    m = cx_strmap_new(3);
    assert_int_equal(cx_strmap_put(m, "a", 1, strdup("1")), CX_STRMAP_OK);
    assert_int_equal(cx_strmap_put(m, "b", 1, strdup("2")), CX_STRMAP_OK);
    assert_int_equal(cx_strmap_put(m, "c", 1, strdup("3")), CX_STRMAP_OK);
    assert_int_equal(cx_strmap_put(m, "d", 1, (void *)"x"), CX_STRMAP_FULL);
    assert_null(cx_strmap_get(m, "d", 1));
    assert_string_equal(cx_strmap_get(m, "c", 1), "3");
    cx_strmap_free(m, free);   /* values freed: valgrind/asan check it */
}

/* The memo gives exactly what the direct calls give, once per distinct text. */
static void test_name_memo_same_as_direct(void **state)
{
    (void)state;
    static const char *raws[] = {"PHÚ HÙNG", "Xã Phú Hùng", "UBND xã Tân Hoà", "TOÀN HUYỆN",
                                 "Thị trấn Chợ Vàm", "UBND xã Đông Thái - tỉnh An Giang", "PHÚ HÙNG"};
    cx_name_memo *m = cx_name_memo_new();
    assert_non_null(m);
    const cx_name_info *first = NULL;
    for (size_t i = 0; i < sizeof raws / sizeof raws[0]; i++) {
        const char *r = raws[i];
        const cx_name_info *ni = cx_name_memo_get(m, r, strlen(r));
        assert_non_null(ni);
        if (i == 0) first = ni;
        cx_name nm;
        int ok = cx_name_clean(r, strlen(r), &nm) == 0;
        assert_int_equal(ni->ok, ok);
        assert_int_equal(ni->is_total, cx_name_is_total(r));
        char *fold = cx_fold_heading(r);
        if (fold) assert_string_equal(ni->fold, fold);
        else assert_null(ni->fold);
        free(fold);
        if (ok) {
            assert_string_equal(ni->name, nm.name);
            assert_string_equal(ni->key, nm.key);
            assert_int_equal(ni->kind, nm.kind);
            if (nm.scope) assert_string_equal(ni->scope, nm.scope);
            else assert_null(ni->scope);
            cx_name_free(&nm);
        }
    }
    assert_ptr_equal(cx_name_memo_get(m, raws[0], strlen(raws[0])), first);   /* cached */
    const char *d = "Hoa\xcc\x80 La\xcc\xa3\x63";   /* decomposed */
    char *direct = cx_nfc(d, strlen(d));
    const char *memo = cx_name_memo_nfc(m, d, strlen(d));
    if (direct) assert_string_equal(memo, direct);
    else assert_null(memo);
    free(direct);
    assert_ptr_equal(cx_name_memo_nfc(m, d, strlen(d)), memo);
    cx_name_memo_free(m);
    cx_name_memo_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_put_get),
        cmocka_unit_test(test_grow_and_cap),
        cmocka_unit_test(test_name_memo_same_as_direct),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
