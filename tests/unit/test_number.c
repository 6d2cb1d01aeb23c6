/* Unit tests for number.c: numbers by what the column means, locale-free parsing, shortest output. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <locale.h>
#include <cmocka.h>
#include "number.h"

#define P CX_MEASURE_PERCENT
#define C CX_MEASURE_COUNT
#define T CX_MEASURE_POINTS
#define OK CX_NUM_OK
#define MISS CX_NUM_MISSING
#define BAD CX_NUM_INVALID

static const struct { const char *s; cx_measure m; cx_num_status st; double v; } cases[] = {
    {"78,7", P, OK, 78.7}, {"5.40", P, OK, 5.4}, {"78.7", P, OK, 78.7}, {"100", P, OK, 100},
    {"0", P, OK, 0}, {"12,17", P, OK, 12.17}, {"99.89", T, OK, 99.89}, {"1.746", P, OK, 1.746},
    {"1.746", C, OK, 1746}, {"1,746", C, OK, 1746}, {"2.834", C, OK, 2834}, {"1.234.567", C, OK, 1234567},
    {"1,234,567", C, OK, 1234567}, {"1 746", C, OK, 1746}, {"1\xC2\xA0" "746", C, OK, 1746},
    {"1\xE2\x80\xAF" "746", C, OK, 1746}, {"319", C, OK, 319}, {"12,5", C, OK, 12.5},
    {"1.234,5", P, OK, 1234.5}, {"1,234.5", P, OK, 1234.5}, {"1.234,5", C, OK, 1234.5},
    {"89.8%", P, OK, 89.8}, {"89,8 %", P, OK, 89.8}, {"+11.83", T, OK, 11.83}, {"-5.78", T, OK, -5.78},
    {"\xE2\x88\x92" "5.78", T, OK, -5.78}, {"\xE2\x80\x93" "0.02", T, OK, -0.02}, {"(26.42)", T, OK, -26.42},
    {"  0.29  ", T, OK, 0.29}, {"\n57.45\r", T, OK, 57.45}, {"-0", T, OK, 0}, {"1e3", T, OK, 1000},
    {".5", P, OK, 0.5}, {"0,5", P, OK, 0.5}, {"19.05", CX_MEASURE_GROUP, OK, 19.05},
    {"", P, MISS, 0}, {"   ", P, MISS, 0}, {"-", P, MISS, 0}, {"N/A", P, MISS, 0}, {"n/a", C, MISS, 0},
    {"x", C, MISS, 0}, {"X", P, MISS, 0}, {"\xE2\x80\x94", P, MISS, 0}, {"\xE2\x80\x93", P, MISS, 0},
    {"#N/A", P, MISS, 0}, {"\xC2\xA0", P, MISS, 0},
    {"abc", P, BAD, 0}, {"12abc", P, BAD, 0}, {"NaN", P, BAD, 0}, {"inf", P, BAD, 0}, {"1..2", P, BAD, 0},
    {"1.2.3", P, BAD, 0}, {"1.23.456", C, BAD, 0}, {"5%%", P, BAD, 0}, {"%5", P, BAD, 0}, {"(5", P, BAD, 0},
    {"5)", P, BAD, 0}, {"--5", P, BAD, 0}, {"+-5", P, BAD, 0}, {"1,2,3", P, BAD, 0}, {"1.", P, BAD, 0},
    {"TỐT", P, BAD, 0}, {"#DIV/0!", P, BAD, 0}, {"1e999", P, BAD, 0}, {"\xFF", P, BAD, 0}, {"5 -", P, BAD, 0},
    {"1,234.5,6", P, BAD, 0},
};

static void test_parse_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        double v = -12345;
        cx_num_status st = cx_parse_number(cases[i].s, strlen(cases[i].s), cases[i].m, &v);
        if (st != cases[i].st) fail_msg("case %zu '%s': status %d, expected %d", i, cases[i].s, st, cases[i].st);
        if (st == OK && v != cases[i].v) fail_msg("case %zu '%s': %.17g, expected %.17g", i, cases[i].s, v, cases[i].v);
    }
}

static void test_length_bounded(void **state)
{
    (void)state;
    double v;
    /* only the first len bytes count */
    assert_int_equal(cx_parse_number("12.5xyz", 4, P, &v), OK);
    assert_true(v == 12.5);
}

static void test_locale_free(void **state)
{
    (void)state;
    /* a decimal-comma locale must not change anything */
    setlocale(LC_ALL, "de_DE.UTF-8");
    setlocale(LC_NUMERIC, "vi_VN.UTF-8");
    double v;
    assert_int_equal(cx_strtod_c("86.59", 5, &v), 0);
    assert_true(v == 86.59);
    char buf[32];
    assert_string_equal(cx_format_number(86.59, buf), "86.59");
    setlocale(LC_ALL, "C");
}

static void test_strtod_c(void **state)
{
    (void)state;
    static const struct { const char *s; int ok; double v; } t[] = {
        {"123.45", 1, 123.45}, {"-1e3", 1, -1000}, {"+2", 1, 2}, {"0.1", 1, 0.1}, {"1E-2", 1, 0.01},
        {"", 0, 0}, {"1,5", 0, 0}, {" 1", 0, 0}, {"1 ", 0, 0}, {"e5", 0, 0}, {"1e", 0, 0}, {".", 0, 0},
        {"nan", 0, 0}, {"0x10", 0, 0}, {"1e400", 0, 0},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        double v = 0;
        int r = cx_strtod_c(t[i].s, strlen(t[i].s), &v);
        if ((r == 0) != t[i].ok) fail_msg("'%s': %d", t[i].s, r);
        if (t[i].ok && v != t[i].v) fail_msg("'%s': %g", t[i].s, v);
    }
}

static void test_format(void **state)
{
    (void)state;
    static const struct { double v; const char *s; } t[] = {
        {86.59, "86.59"}, {1746, "1746"}, {0.1, "0.1"}, {0, "0"}, {-0.0, "0"}, {-5.78, "-5.78"},
        {100, "100"}, {0.1 + 0.2, "0.30000000000000004"}, {1e21, "1e+21"}, {57.16, "57.16"}, {1.0 / 3, "0.3333333333333333"},
    };
    char buf[32];
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        assert_string_equal(cx_format_number(t[i].v, buf), t[i].s);
    /* round trip of values made by arithmetic */
    for (int i = 0; i < 10000; i++) {
        double v = i * 0.01 - 37.3;
        double back;
        cx_format_number(v, buf);
        assert_int_equal(cx_strtod_c(buf, strlen(buf), &back), 0);
        assert_true(back == v);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_table),
        cmocka_unit_test(test_length_bounded),
        cmocka_unit_test(test_locale_free),
        cmocka_unit_test(test_strtod_c),
        cmocka_unit_test(test_format),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
