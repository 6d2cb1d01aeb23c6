/* Unit tests for label.c: printed classifications in every spelling seen. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "label.h"

static const struct { const char *s; cx_label l; } cases[] = {
    {"XUẤT SẮC", CX_LABEL_XUAT_SAC}, {"Xuất sắc", CX_LABEL_XUAT_SAC}, {"xuat sac", CX_LABEL_XUAT_SAC},
    {"XUẤT\nSẮC", CX_LABEL_XUAT_SAC}, {"xuat_sac", CX_LABEL_XUAT_SAC},
    {"TỐT", CX_LABEL_TOT}, {"Tốt", CX_LABEL_TOT}, {" tốt ", CX_LABEL_TOT}, {"TOT", CX_LABEL_TOT},
    {"To\xcc\x82\xcc\x81t", CX_LABEL_TOT} /* decomposed */,
    {"KHÁ", CX_LABEL_KHA}, {"Khá", CX_LABEL_KHA}, {"kha", CX_LABEL_KHA},
    {"TRUNG BÌNH", CX_LABEL_TRUNG_BINH}, {"TRUNGB ÌNH", CX_LABEL_TRUNG_BINH}, {"TRUNG\nBÌNH", CX_LABEL_TRUNG_BINH},
    {"TRUNG\r\nBÌNH", CX_LABEL_TRUNG_BINH}, {"Trung bình", CX_LABEL_TRUNG_BINH}, {"trung binh", CX_LABEL_TRUNG_BINH},
    {"TB", CX_LABEL_TRUNG_BINH}, {"tb", CX_LABEL_TRUNG_BINH}, {"T.B", CX_LABEL_TRUNG_BINH},
    {"trung_binh", CX_LABEL_TRUNG_BINH}, {"TRUNG  BÌNH", CX_LABEL_TRUNG_BINH},
    {"YẾU", CX_LABEL_YEU}, {"Yếu", CX_LABEL_YEU}, {"yeu", CX_LABEL_YEU},
    {"", CX_LABEL_NONE}, {"ĐẠT", CX_LABEL_NONE}, {"89.21", CX_LABEL_NONE}, {"TỐT LẮM", CX_LABEL_NONE},
    {"trung", CX_LABEL_NONE}, {"\xff\xfe", CX_LABEL_NONE}, {"-", CX_LABEL_NONE},
};

static void test_labels(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        cx_label l = cx_parse_label(cases[i].s, strlen(cases[i].s));
        if (l != cases[i].l) fail_msg("'%s': %d, expected %d", cases[i].s, l, cases[i].l);
    }
    assert_int_equal(cx_parse_label(NULL, 0), CX_LABEL_NONE);
    assert_int_equal(cx_parse_label("TỐTxx", strlen("TỐT")), CX_LABEL_TOT);
}

int main(void)
{
    const struct CMUnitTest tests[] = { cmocka_unit_test(test_labels) };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
