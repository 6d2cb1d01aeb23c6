/* Unit tests for the HTML table reader: entities, whitespace, <br>, colspan/rowspan
 * grids and merges, charsets, several tables, broken HTML, and the committed sample. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "reader.h"
#include "encoding.h"
#include "rec_sink.h"

static cx_error read_html(const char *html, rec *r, cx_diag *d, cx_read_info *info)
{
    cx_sink s;
    rec_init(r, &s);
    cx_diag_init(d);
    cx_read_opts o = {"t.html.xls", NULL};
    cx_error e = cx_read_html((const uint8_t *)html, strlen(html), &o, &s, info, d);
    assert_int_equal(r->violations, 0);
    return e;
}

static const struct {
    const char *cell;    /* inside <td>...</td> */
    const char *want;
} text_cases[] = {
    {"PH&Uacute; H&Ugrave;NG", "PHÚ HÙNG"},
    {"Ti&#7871;n &#x110;&#x1ED8;", "Tiến ĐỘ"},
    {"T&acirc;n H&ograve;a", "Tân Hòa"},
    {"&nbsp;", NULL},
    {"  a \n\t  b  ", "a b"},
    {"a&nbsp;&nbsp;b", "a b"},
    {"C&Ocirc;NG KHAI,<br>MINH B&#7840;CH", "CÔNG KHAI,\nMINH BẠCH"},
    {"x <br/> <br> y", "x\n\ny"},
    {"<b>  89.21 </b><span style='x'></span>", "89.21"},
    {"<font face=Arial><i>T&#7888;T</i></font>", "TỐT"},
    {"A &amp; B &lt;3&gt;", "A & B <3>"},
    {"<p>one</p><p>two</p>", "one\ntwo"},
    {"<!-- hidden -->shown", "shown"},
};

static void test_cell_text(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof text_cases / sizeof text_cases[0]; i++) {
        char html[512];
        snprintf(html, sizeof html, "<html><body><table><tr><td>STT</td><td>%s</td></tr><tr><td>1</td><td>2</td></tr></table></body></html>",
                 text_cases[i].cell);
        rec r;
        cx_diag d;
        assert_int_equal(read_html(html, &r, &d, NULL), CX_OK);
        const rec_cell *c = rec_at(&r, 0, 0, 1);
        if (!text_cases[i].want) {
            if (c) fail_msg("case %zu: expected empty, got '%s'", i, c->text);
        } else {
            if (!c || strcmp(c->text, text_cases[i].want) != 0)
                fail_msg("case %zu: expected '%s', got '%s'", i, text_cases[i].want, c ? c->text : "(empty)");
            assert_int_equal(c->type, CX_CELL_TEXT);
        }
        rec_free(&r);
        cx_diag_clear(&d);
    }
}

static void test_spans(void **state)
{
    (void)state;
    /* the two-level header of reference 001, and a rowspan running past the table's end */
    const char *html =
        "<table>"
        "<tr><th rowspan=2>STT</th><th rowspan=\"2\">ĐƠN VỊ</th><th colspan=\"4\">ĐIỂM TỔNG HỢP</th>"
        "<th rowspan=2>CKMB</th><th colspan=2>DVC</th></tr>"
        "<tr><th>T5</th><th>XL</th><th>T4</th><th>TG</th><th>DVCTT</th><th>TTTT</th></tr>"
        "<tr><td>1</td><td>PHÚ HÙNG</td><td>89.21</td><td>TỐT</td><td>77.38</td><td>11.83</td><td>100</td><td>100</td><td rowspan=9>x</td></tr>"
        "<tr><td colspan=0>a</td><td colspan=abc>b</td></tr>"
        "</table>";
    rec r;
    cx_diag d;
    cx_read_info info;
    assert_int_equal(read_html(html, &r, &d, &info), CX_OK);
    assert_int_equal(info.format, CX_FMT_HTML);
    assert_int_equal(info.nsheets, 1);
    assert_string_equal(r.sheets[0], "Bảng 1");
    assert_string_equal(rec_text(&r, 0, 0, 6), "CKMB");
    assert_string_equal(rec_text(&r, 0, 0, 7), "DVC");
    assert_null(rec_at(&r, 0, 0, 3));          /* covered by the colspan: empty */
    assert_null(rec_at(&r, 0, 1, 0));          /* covered by the rowspan */
    assert_string_equal(rec_text(&r, 0, 1, 2), "T5");   /* rowspans pushed the row right */
    assert_string_equal(rec_text(&r, 0, 1, 5), "TG");
    assert_string_equal(rec_text(&r, 0, 1, 7), "DVCTT");
    assert_string_equal(rec_text(&r, 0, 1, 8), "TTTT");
    assert_string_equal(rec_text(&r, 0, 2, 1), "PHÚ HÙNG");
    assert_string_equal(rec_text(&r, 0, 3, 0), "a");
    assert_string_equal(rec_text(&r, 0, 3, 1), "b");
    assert_true(rec_has_merge(&r, 0, 0, 0, 1, 0));
    assert_true(rec_has_merge(&r, 0, 0, 1, 1, 1));
    assert_true(rec_has_merge(&r, 0, 0, 2, 0, 5));
    assert_true(rec_has_merge(&r, 0, 0, 6, 1, 6));
    assert_true(rec_has_merge(&r, 0, 0, 7, 0, 8));
    assert_true(rec_has_merge(&r, 0, 2, 8, 3, 8));   /* clipped at the last row */
    rec_free(&r);
    cx_diag_clear(&d);
}

static void test_broken_html(void **state)
{
    (void)state;
    /* unclosed cells and rows, no <html>, uppercase tags, a truncated end */
    const char *html = "<TABLE BORDER=1><TR><TD>STT<TD>ĐƠN VỊ<TR><TD>1<TD>Phú Bình</TABLE>"
                       "<table><tr><td>TEN</td><td>CKMB</td></tr><tr><td>c<td>d";
    rec r;
    cx_diag d;
    assert_int_equal(read_html(html, &r, &d, NULL), CX_OK);
    assert_int_equal(r.nsheets, 2);
    assert_string_equal(rec_text(&r, 0, 1, 1), "Phú Bình");
    assert_string_equal(r.sheets[1], "Bảng 2");
    assert_string_equal(rec_text(&r, 1, 1, 1), "d");
    rec_free(&r);
    cx_diag_clear(&d);
}

static void test_tables_captions_nesting(void **state)
{
    (void)state;
    const char *html =
        "<html><head><style>table{}</style><script>document.write('<table><tr><td>no</td><td>no</td></tr></table>')</script>"
        "</head><body><table><tr><td>layout<table><caption>Xã  Phường</caption>"
        "<tr><td>TEN</td><td>CKMB</td></tr><tr><td>Đông Thái</td><td>18</td></tr></table></td></tr></table>"
        "<table><tr><td>only</td></tr></table>"
        "<table><tr><td>TEN</td><td>TDGQ</td></tr><tr><td>Sở Du lịch</td><td>20</td></tr></table></body></html>";
    rec r;
    cx_diag d;
    assert_int_equal(read_html(html, &r, &d, NULL), CX_OK);
    /* the layout table holds one cell of its own and the 1-cell table is not a table of data */
    assert_int_equal(r.nsheets, 2);
    assert_string_equal(r.sheets[0], "Xã Phường");
    assert_string_equal(rec_text(&r, 0, 1, 0), "Đông Thái");
    assert_string_equal(r.sheets[1], "Bảng 2");
    assert_string_equal(rec_text(&r, 1, 1, 0), "Sở Du lịch");
    rec_free(&r);
    cx_diag_clear(&d);
}

static void test_no_table(void **state)
{
    (void)state;
    rec r;
    cx_diag d;
    assert_int_equal(read_html("<html><body><p>Xin chào</p></body></html>", &r, &d, NULL), CX_ERR_NO_TABLE);
    assert_string_equal(d.errmsg, "t.html.xls: an HTML page with no table");
    rec_free(&r);
    cx_diag_clear(&d);
    assert_int_equal(read_html("<html><frameset rows=\"*,39\"><frame src=\"Book1_files/sheet001.htm\">"
                               "</frameset></html>", &r, &d, NULL), CX_ERR_NO_TABLE);
    assert_non_null(strstr(d.errmsg, "only frames"));
    rec_free(&r);
    cx_diag_clear(&d);
    assert_int_equal(read_html("<table><tr><td>x</td></tr></table>", &r, &d, NULL), CX_ERR_NO_TABLE);
    assert_non_null(strstr(d.errmsg, "hold no data"));
    rec_free(&r);
    cx_diag_clear(&d);
}

static void test_charset(void **state)
{
    (void)state;
    rec r;
    cx_diag d;
    cx_read_info info;
    const char *h1 = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=UTF-8\"></head>"
                     "<body><table><tr><td>Tân</td><td>Hòa</td></tr></table></body></html>";
    assert_int_equal(read_html(h1, &r, &d, &info), CX_OK);
    assert_string_equal(info.encoding, "utf-8");
    assert_string_equal(rec_text(&r, 0, 0, 1), "Hòa");
    rec_free(&r);
    cx_diag_clear(&d);

    /* declared windows-1258 with a decomposed mark: "Ho" + U+0300 in cp1258 is "Ho\xCC" */
    const char *h2 = "<meta charset='windows-1258'><table><tr><td>Ho\xCC\x61</td><td>x</td></tr></table>";
    char *dec = NULL;
    size_t dl = 0;
    int have_cp1258 = cx_decode(CX_ENC_CP1258, (const uint8_t *)"Ho\xCC", 3, &dec, &dl, NULL) == CX_OK && dec &&
                      strcmp(dec, "Hò") == 0;
    free(dec);
    if (have_cp1258) {   /* only once formats/encoding.c decodes cp1258 */
        assert_int_equal(read_html(h2, &r, &d, &info), CX_OK);
        assert_string_equal(info.encoding, "cp1258");
        assert_string_equal(rec_text(&r, 0, 0, 0), "Hòa");
        rec_free(&r);
        cx_diag_clear(&d);
    }

    /* UTF-16LE with a BOM: what "Save as Unicode web page" gives */
    const char *src = "<table><tr><td>Phú</td><td>1</td></tr></table>";
    uint8_t u16[256];
    size_t n = 0;
    u16[n++] = 0xFF;
    u16[n++] = 0xFE;
    for (const unsigned char *p = (const unsigned char *)src; *p;) {
        unsigned cp = *p;
        if (cp >= 0xC0) { cp = ((cp & 0x1F) << 6) | (p[1] & 0x3F); p += 2; } else p++;
        u16[n++] = (uint8_t)(cp & 0xFF);
        u16[n++] = (uint8_t)(cp >> 8);
    }
    cx_sink s;
    rec_init(&r, &s);
    cx_diag_init(&d);
    cx_read_opts o = {"u.xls", NULL};
    assert_int_equal(cx_sniff(u16, n), CX_FMT_HTML);
    char *probe = NULL;
    size_t pl = 0;
    int have_u16 = cx_decode(CX_ENC_UTF16LE, u16 + 2, 4, &probe, &pl, NULL) == CX_OK && probe && strcmp(probe, "<t") == 0;
    free(probe);
    if (have_u16) {
        assert_int_equal(cx_read_buffer(u16, n, &o, &s, &info, &d), CX_OK);
        assert_string_equal(info.encoding, "utf-16le");
        assert_string_equal(rec_text(&r, 0, 0, 0), "Phú");
    }
    rec_free(&r);
    cx_diag_clear(&d);
}

static void test_limits(void **state)
{
    (void)state;
    /* a colspan/rowspan storm stays bounded: spans are capped, covered cells are not stored */
    size_t cap = 1 << 20, n = 0;
    char *h = malloc(cap);
    n += (size_t)sprintf(h + n, "<table>");
    for (int i = 0; i < 2000; i++) n += (size_t)sprintf(h + n, "<tr><td colspan=99999 rowspan=99999>%d</td><td>x</td></tr>", i);
    n += (size_t)sprintf(h + n, "</table>");
    rec r;
    cx_diag d;
    cx_error e = read_html(h, &r, &d, NULL);
    assert_true(e == CX_OK || e == CX_ERR_LIMIT);
    rec_free(&r);
    cx_diag_clear(&d);
    free(h);
}

static void test_sample(void **state)
{
    (void)state;
    size_t len;
    uint8_t *b = rec_slurp("samples/phu-tan-2024-t5-w1.html.xls", &len);
    assert_non_null(b);
    assert_int_equal(cx_sniff(b, len), CX_FMT_HTML);
    rec r;
    cx_sink s;
    rec_init(&r, &s);
    cx_diag d;
    cx_diag_init(&d);
    cx_read_opts o = {"samples/phu-tan-2024-t5-w1.html.xls", NULL};
    cx_read_info info;
    assert_int_equal(cx_read_buffer(b, len, &o, &s, &info, &d), CX_OK);
    assert_int_equal(r.violations, 0);
    assert_int_equal(r.nsheets, 1);
    assert_string_equal(info.encoding, "utf-8");
    /* same grid as the CSV of the same table */
    assert_string_equal(rec_text(&r, 0, 1, 0), "(Thời gian chốt số liệu: Ngày 06/5/2024)");
    assert_string_equal(rec_text(&r, 0, 3, 1), "ĐƠN VỊ");
    assert_string_equal(rec_text(&r, 0, 3, 10), "SỐ HÓA HỒ SƠ (80%)");
    assert_string_equal(rec_text(&r, 0, 4, 2), "THÁNG 5 -TUẦN 01");
    assert_string_equal(rec_text(&r, 0, 4, 12), "CHỨNG THỰC ĐT");
    assert_string_equal(rec_text(&r, 0, 5, 1), "TOÀN HUYỆN");
    assert_string_equal(rec_text(&r, 0, 11, 1), "HIỆP XƯƠNG");
    assert_string_equal(rec_text(&r, 0, 22, 1), "BÌNH THẠNH ĐÔNG");
    assert_string_equal(rec_text(&r, 0, 23, 5), "-26.42");
    assert_string_equal(rec_text(&r, 0, 23, 3), "TB");
    assert_true(rec_has_merge(&r, 0, 3, 10, 3, 12));
    rec_free(&r);
    cx_diag_clear(&d);
    free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cell_text),
        cmocka_unit_test(test_spans),
        cmocka_unit_test(test_broken_html),
        cmocka_unit_test(test_tables_captions_nesting),
        cmocka_unit_test(test_no_table),
        cmocka_unit_test(test_charset),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_sample),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
