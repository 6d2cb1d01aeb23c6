/* Unit tests for diag.c: cell names and warning lines. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "diag.h"

static void test_col_names(void **state)
{
    (void)state;
    static const struct { int col; const char *name; } cases[] = {
        {0, "A"}, {25, "Z"}, {26, "AA"}, {27, "AB"}, {701, "ZZ"}, {702, "AAA"}, {16383, "XFD"},
    };
    char buf[8];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        assert_string_equal(cx_col_name(cases[i].col, buf), cases[i].name);
    char cell[24];
    assert_string_equal(cx_cell_name(2, 7, cell), "C7");
}

static void test_warning_line(void **state)
{
    (void)state;
    cx_diag d;
    cx_diag_init(&d);
    assert_int_equal(cx_warn(&d, "bad_number", "a.csv", "Phụ lục 1", 12, 3, "'%s' is not a number", "abc"), CX_OK);
    char *line = cx_warning_format(&d.items[0]);
    assert_string_equal(line, "a.csv: sheet 'Phụ lục 1', cell D12: 'abc' is not a number [bad_number]");
    free(line);
    cx_diag_clear(&d);
    cx_diag_clear(&d);
}

static void test_exit_codes(void **state)
{
    (void)state;
    assert_int_equal(cx_exit_code(CX_OK), 0);
    assert_int_equal(cx_exit_code(CX_ERR_USAGE), 1);
    assert_int_equal(cx_exit_code(CX_ERR_FORMAT), 2);
    assert_string_equal(cx_strerror((cx_error)999), "unknown error");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_col_names),
        cmocka_unit_test(test_warning_line),
        cmocka_unit_test(test_exit_codes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
