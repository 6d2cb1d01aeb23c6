/* Unit tests for the format sniffer: the reader comes from the bytes, never the name. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "reader.h"
#include "rec_sink.h"

static const struct {
    const char *what;
    const char *bytes;
    size_t len;          /* 0: strlen */
    cx_format want;
} cases[] = {
    {"cfbf", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0\0\0", 12, CX_FMT_XLS},
    {"cfbf truncated", "\xD0\xCF\x11\xE0", 4, CX_FMT_CSV},
    {"zip, not a workbook", "PK\3\4\x14\0\0\0\0\0", 10, CX_FMT_ZIP_OTHER},
    {"utf-16le text", "\xFF\xFES\0T\0T\0\t\0", 10, CX_FMT_UTF16},
    {"utf-16be text", "\xFE\xFF\0S\0T\0T", 8, CX_FMT_UTF16},
    {"utf-16le html", "\xFF\xFE<\0h\0t\0m\0l\0>\0", 14, CX_FMT_HTML},
    {"utf-16le starting with < but text", "\xFF\xFE<\0a\0>\0", 8, CX_FMT_UTF16},
    {"html", "<html><body>", 0, CX_FMT_HTML},
    {"HTML upper case after BOM and blank lines", "\xEF\xBB\xBF\r\n\r\n<HTML>", 0, CX_FMT_HTML},
    {"doctype", "<!DOCTYPE html>\n<p>", 0, CX_FMT_HTML},
    {"bare table", "  <table border=1><tr><td>1</td></tr></table>", 0, CX_FMT_HTML},
    {"xml that is not html", "<?xml version=\"1.0\"?><root/>", 0, CX_FMT_CSV},
    {"xml spreadsheet 2003", "<?xml version=\"1.0\"?>\n<Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\">", 0, CX_FMT_XLSX},
    {"html with an Excel namespace", "<html xmlns:x=\"urn:schemas-microsoft-com:office:excel\"><table>", 0, CX_FMT_HTML},
    {"json object", "{\"data\": [{\"TEN\": \"x\"}]}", 0, CX_FMT_JSON},
    {"json array", "\n[ {\"TEN_COQUAN\" : \"x\"} ]", 0, CX_FMT_JSON},
    {"csv starting with a bracket", "[1],STT,ĐƠN VỊ\n1,2,3\n", 0, CX_FMT_CSV},
    {"csv", "STT,ĐƠN VỊ,ĐIỂM\n", 0, CX_FMT_CSV},
    {"one byte", "S", 0, CX_FMT_CSV},
};

static void test_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t len = cases[i].len ? cases[i].len : strlen(cases[i].bytes);
        cx_format got = cx_sniff((const uint8_t *)cases[i].bytes, len);
        if (got != cases[i].want) fail_msg("%s: got %s (%d)", cases[i].what, cx_format_name(got), got);
    }
}

/* Every prefix of every sample sniffs without reading past its end (ASan checks the bounds). */
static void test_prefixes_and_samples(void **state)
{
    (void)state;
    static const struct { const char *path; cx_format want; } s[] = {
        {"samples/khoai-chau-2024-t2.xlsx", CX_FMT_XLSX},
        {"samples/phu-tan-2024-t5-w1.xlsx", CX_FMT_XLSX},
        {"samples/an-giang-portal-xa-phuong.xlsx", CX_FMT_XLSX},
        {"samples/phu-tan-2024-t5-w1.html.xls", CX_FMT_HTML},
        {"samples/phu-tan-2024-t5-w1.xml.xls", CX_FMT_XLSX},
        {"samples/phu-tan-2024-t5-w1.utf16.txt", CX_FMT_UTF16},
        {"samples/phu-tan-2024-t5-w1.csv", CX_FMT_CSV},
        {"tests/data/json/portal-old-data.json", CX_FMT_JSON},
        {"tests/data/json/portal-new-evaluation.json", CX_FMT_JSON},
    };
    for (size_t i = 0; i < sizeof s / sizeof s[0]; i++) {
        size_t len;
        uint8_t *b = rec_slurp(s[i].path, &len);
        if (!b) fail_msg("cannot read %s", s[i].path);
        if (cx_sniff(b, len) != s[i].want) fail_msg("%s: got %s", s[i].path, cx_format_name(cx_sniff(b, len)));
        for (size_t n = 0; n < len && n < 600; n++) {
            uint8_t *p = malloc(n ? n : 1);
            memcpy(p, b, n);
            (void)cx_sniff(p, n);
            free(p);
        }
        free(b);
    }
    assert_string_equal(cx_format_name(CX_FMT_XLSX), "xlsx");
    assert_string_equal(cx_format_name(CX_FMT_HTML), "html");
    assert_string_equal(cx_format_name(CX_FMT_JSON), "json");
    assert_string_equal(cx_format_name(CX_FMT_UTF16), "csv");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_prefixes_and_samples),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
