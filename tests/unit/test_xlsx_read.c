/* Unit tests for the xlsx reader: workbooks built in memory with libzip from XML
 * parts (so every odd case is one table entry), and the committed samples. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <zip.h>
#include "reader.h"
#include "rec_sink.h"

#define NS "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" " \
           "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""
#define RT "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"

static const char *WB =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
    "<workbook " NS "><sheets><sheet name=\"Phụ lục 1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
static const char *RELS =
    "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"" RT "worksheet\" Target=\"worksheets/sheet1.xml\"/>"
    "<Relationship Id=\"rId2\" Type=\"" RT "sharedStrings\" Target=\"sharedStrings.xml\"/>"
    "<Relationship Id=\"rId3\" Type=\"" RT "styles\" Target=\"/xl/styles.xml\"/></Relationships>";
static const char *SST =
    "<sst " NS " count=\"4\" uniqueCount=\"4\">"
    "<si><t>STT</t></si>"
    "<si><t xml:space=\"preserve\">Hàm Tử </t></si>"
    "<si><r><rPr><b/></rPr><t>ĐIỂM </t></r><r><t>TỔNG HỢP</t></r><rPh><t>ignored</t></rPh></si>"
    "<si><t>A &amp; B</t></si>"
    "<si><t>TIẾN ĐỘ_x000A_GIẢI QUYẾT_x005F_x0041_ _x0000_x</t></si></sst>";
static const char *STYLES =
    "<styleSheet " NS "><numFmts count=\"2\"><numFmt numFmtId=\"164\" formatCode=\"0.0%\"/>"
    "<numFmt numFmtId=\"165\" formatCode=\"0.00&quot;m/s&quot;\"/></numFmts>"
    "<cellStyleXfs count=\"1\"><xf numFmtId=\"10\"/></cellStyleXfs>"
    "<cellXfs count=\"5\"><xf numFmtId=\"0\"/><xf numFmtId=\"164\"/><xf numFmtId=\"14\"/>"
    "<xf numFmtId=\"165\"/><xf numFmtId=\"9\"/></cellXfs></styleSheet>";

typedef struct part { const char *name, *data; size_t len; } part;

/* A zip in memory from parts; caller frees. */
static uint8_t *make_zip(const part *parts, size_t n, size_t *len)
{
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
    assert_non_null(src);
    zip_source_keep(src);
    zip_t *z = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
    assert_non_null(z);
    for (size_t i = 0; i < n; i++) {
        size_t l = parts[i].len ? parts[i].len : strlen(parts[i].data);
        zip_source_t *s = zip_source_buffer(z, parts[i].data, l, 0);
        zip_int64_t idx = zip_file_add(z, parts[i].name, s, ZIP_FL_ENC_UTF_8);
        assert_true(idx >= 0);
        if (l > (1u << 20)) zip_set_file_compression(z, (zip_uint64_t)idx, ZIP_CM_DEFLATE, 1);   /* fast for the bomb */
    }
    assert_int_equal(zip_close(z), 0);
    zip_stat_t st;
    assert_int_equal(zip_source_stat(src, &st), 0);
    uint8_t *buf = malloc(st.size);
    assert_int_equal(zip_source_open(src), 0);
    assert_int_equal(zip_source_read(src, buf, st.size), (zip_int64_t)st.size);
    zip_source_close(src);
    zip_source_free(src);
    *len = st.size;
    return buf;
}

/* Read a workbook made of the standard parts plus `sheet` as sheet1 (sst/styles optional). */
static cx_error read_sheet(const char *sheet, const char *sst, rec *r, cx_diag *d)
{
    part p[5] = {{"xl/workbook.xml", WB, 0}, {"xl/_rels/workbook.xml.rels", RELS, 0},
                 {"xl/worksheets/sheet1.xml", sheet, 0}, {"xl/styles.xml", STYLES, 0}, {"xl/sharedStrings.xml", sst, 0}};
    size_t len;
    uint8_t *z = make_zip(p, sst ? 5 : 4, &len);
    cx_sink s;
    rec_init(r, &s);
    cx_diag_init(d);
    cx_read_opts o = {"t.xlsx", NULL};
    cx_read_info info;
    assert_int_equal(cx_sniff(z, len), CX_FMT_XLSX);
    cx_error e = cx_read_xlsx(z, len, &o, &s, &info, d);
    if (!e) {
        assert_int_equal(info.format, CX_FMT_XLSX);
        assert_string_equal(info.encoding, "utf-8");
    }
    free(z);
    return e;
}

static void test_cell_types(void **state)
{
    (void)state;
    const char *sheet =
        "<worksheet " NS "><dimension ref=\"A1:H3\"/><sheetData>"
        "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"C1\" t=\"s\"><v>2</v></c></row>"
        "<row r=\"3\" spans=\"1:9\">"
        "<c r=\"A3\"><v>1</v></c>"
        "<c r=\"B3\" t=\"s\"><v>1</v></c>"
        "<c r=\"C3\" s=\"1\"><v>0.898</v></c>"
        "<c r=\"D3\" s=\"2\"><v>45418</v></c>"
        "<c r=\"E3\" s=\"3\"><v>5.5</v></c>"
        "<c r=\"F3\" t=\"b\"><v>1</v></c>"
        "<c r=\"G3\" t=\"e\"><f>1/0</f><v>#DIV/0!</v></c>"
        "<c r=\"H3\" t=\"inlineStr\"><is><r><t>PHÚ </t></r><r><t>HÙNG</t></r></is></c>"
        "<c r=\"I3\" t=\"str\"><f>A1&amp;\"x\"</f><v>STTx</v></c>"
        "<c r=\"J3\" s=\"4\"><f>ROUND(C3,2)</f><v>0.9</v></c>"
        "<c r=\"K3\" t=\"s\"><v>3</v></c>"
        "<c r=\"L3\" t=\"s\"><v>4</v></c>"
        "<c r=\"N3\" t=\"d\"><v>2024-05-06T12:00:00</v></c>"
        "<c r=\"O3\" t=\"d\"><v>06/05/2024</v></c>"
        "<c r=\"M3\" t=\"inlineStr\"><is><t>a_x000D__x000a_b_xZZZZ_</t></is></c>"
        "<c r=\"XFD3\" s=\"1\"/>"
        "</row></sheetData>"
        "<mergeCells count=\"2\"><mergeCell ref=\"C1:F1\"/><mergeCell ref=\"A1:A2\"/></mergeCells></worksheet>";
    rec r;
    cx_diag d;
    assert_int_equal(read_sheet(sheet, SST, &r, &d), CX_OK);
    assert_int_equal(r.violations, 0);
    assert_int_equal(r.nsheets, 1);
    assert_string_equal(r.sheets[0], "Phụ lục 1");
    assert_int_equal(r.rows[0], 2);   /* row 2 is missing: never pushed */
    assert_string_equal(rec_text(&r, 0, 0, 0), "STT");
    assert_string_equal(rec_text(&r, 0, 0, 2), "ĐIỂM TỔNG HỢP");   /* runs joined, phonetic run left out */
    const rec_cell *c = rec_at(&r, 0, 2, 0);
    assert_int_equal(c->type, CX_CELL_NUMBER);
    assert_true(c->num == 1.0 && c->flags == 0);
    assert_string_equal(rec_text(&r, 0, 2, 1), "Hàm Tử ");   /* xml:space kept */
    c = rec_at(&r, 0, 2, 2);
    assert_true(c->type == CX_CELL_NUMBER && (c->flags & CX_CF_PERCENT) && c->num == 0.898);
    c = rec_at(&r, 0, 2, 3);
    assert_true(c->type == CX_CELL_NUMBER && (c->flags & CX_CF_DATE) && !(c->flags & CX_CF_PERCENT));
    c = rec_at(&r, 0, 2, 4);   /* 0.00"m/s" is a number, not a time */
    assert_true(c->type == CX_CELL_NUMBER && c->flags == 0 && c->num == 5.5);
    c = rec_at(&r, 0, 2, 5);
    assert_true(c->type == CX_CELL_BOOL && c->num == 1);
    c = rec_at(&r, 0, 2, 6);
    assert_true(c->type == CX_CELL_ERROR && (c->flags & CX_CF_FORMULA));
    assert_string_equal(c->text, "#DIV/0!");
    assert_string_equal(rec_text(&r, 0, 2, 7), "PHÚ HÙNG");
    c = rec_at(&r, 0, 2, 8);
    assert_true(c->type == CX_CELL_TEXT && (c->flags & CX_CF_FORMULA));
    assert_string_equal(c->text, "STTx");
    c = rec_at(&r, 0, 2, 9);   /* built-in format 9 is 0% */
    assert_true((c->flags & CX_CF_PERCENT) && (c->flags & CX_CF_FORMULA));
    assert_string_equal(rec_text(&r, 0, 2, 10), "A & B");
    assert_string_equal(rec_text(&r, 0, 2, 11), "TIẾN ĐỘ\nGIẢI QUYẾT_x0041_ x");   /* _xHHHH_ escapes */
    assert_string_equal(rec_text(&r, 0, 2, 12), "a\r\nb_xZZZZ_");
    c = rec_at(&r, 0, 2, 13);   /* an ISO date cell */
    assert_true(c->type == CX_CELL_NUMBER && (c->flags & CX_CF_DATE) && c->num == 45418.5);
    c = rec_at(&r, 0, 2, 14);   /* not ISO: kept as text */
    assert_true(c->type == CX_CELL_TEXT);
    assert_null(rec_at(&r, 0, 2, 15));
    assert_true(rec_has_merge(&r, 0, 0, 2, 0, 5));
    assert_true(rec_has_merge(&r, 0, 0, 0, 1, 0));
    rec_free(&r);
    cx_diag_clear(&d);
}

static void test_no_refs_and_prefixes(void **state)
{
    (void)state;
    /* cells without r= follow each other; rows without r= too; prefixed element names */
    const char *sheet =
        "<x:worksheet xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><x:sheetData>"
        "<x:row><x:c><x:v>1</x:v></x:c><x:c><x:v>2</x:v></x:c></x:row>"
        "<x:row><x:c r=\"C2\"><x:v>3</x:v></x:c><x:c><x:v>4</x:v></x:c></x:row>"
        "</x:sheetData></x:worksheet>";
    rec r;
    cx_diag d;
    assert_int_equal(read_sheet(sheet, NULL, &r, &d), CX_OK);
    assert_int_equal(r.violations, 0);
    assert_true(rec_at(&r, 0, 0, 1)->num == 2);
    assert_true(rec_at(&r, 0, 1, 2)->num == 3);
    assert_true(rec_at(&r, 0, 1, 3)->num == 4);
    rec_free(&r);
    cx_diag_clear(&d);
}

static void test_rows_out_of_order(void **state)
{
    (void)state;
    const char *sheet = "<worksheet " NS "><sheetData><row r=\"5\"><c r=\"A5\"><v>1</v></c></row>"
                        "<row r=\"2\"><c r=\"A2\"><v>2</v></c></row></sheetData></worksheet>";
    rec r;
    cx_diag d;
    assert_int_equal(read_sheet(sheet, NULL, &r, &d), CX_OK);
    assert_int_equal(r.violations, 0);
    assert_true(rec_at(&r, 0, 5, 0)->num == 2);   /* kept, renumbered after row 5, with a warning */
    assert_int_equal(d.n, 1);
    assert_string_equal(d.items[0].code, "xlsx_row_order");
    rec_free(&r);
    cx_diag_clear(&d);
}

static void test_utf16_part_and_repeats(void **state)
{
    (void)state;
    /* OOXML allows UTF-16 parts; cells may go backwards and repeat a column (the last wins) */
    const char *src = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><worksheet><sheetData><row r=\"1\">"
                      "<c r=\"C1\"><v>1</v></c><c r=\"A1\" t=\"inlineStr\"><is><t>Đ</t></is></c><c r=\"C1\"><v>3</v></c>"
                      "</row></sheetData></worksheet>";
    char u16[1024];
    size_t n = 0;
    u16[n++] = (char)0xFF;
    u16[n++] = (char)0xFE;
    for (const unsigned char *p = (const unsigned char *)src; *p;) {
        unsigned cp = *p;
        if (cp >= 0xC0) { cp = ((cp & 0x1F) << 6) | (p[1] & 0x3F); p += 2; } else p++;
        u16[n++] = (char)(cp & 0xFF);
        u16[n++] = (char)(cp >> 8);
    }
    part p[3] = {{"xl/workbook.xml", WB, 0}, {"xl/_rels/workbook.xml.rels", RELS, 0}, {"xl/worksheets/sheet1.xml", u16, n}};
    size_t len;
    uint8_t *z = make_zip(p, 3, &len);
    rec r;
    cx_sink sink;
    rec_init(&r, &sink);
    cx_diag d;
    cx_diag_init(&d);
    cx_read_opts o = {"t.xlsx", NULL};
    assert_int_equal(cx_read_xlsx(z, len, &o, &sink, NULL, &d), CX_OK);
    assert_string_equal(rec_text(&r, 0, 0, 0), "Đ");
    assert_true(rec_at(&r, 0, 0, 2)->num == 3);
    assert_int_equal(r.violations, 0);
    rec_free(&r);
    cx_diag_clear(&d);
    free(z);
}

static const struct bad_case {
    const char *what, *sheet, *sst;
    cx_error err;
    const char *msg;   /* part of the error message */
} bad_cases[] = {
    {"missing sharedStrings", "<worksheet " NS "><sheetData><row r=\"7\"><c r=\"C7\" t=\"s\"><v>0</v></c></row></sheetData></worksheet>",
     NULL, CX_ERR_FORMAT, "cell C7 refers to shared string 0"},
    {"bad XML", "<worksheet " NS "><sheetData>\n<row r=\"1\"><c r=\"A1\"><v>1</c></row></sheetData></worksheet>",
     NULL, CX_ERR_FORMAT, "xl/worksheets/sheet1.xml, line 2"},
    {"huge column letters", "<worksheet " NS "><sheetData><row r=\"1\"><c r=\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA1\"><v>1</v></c></row></sheetData></worksheet>",
     NULL, CX_ERR_LIMIT, "beyond Excel's last column"},
    {"too many columns", "<worksheet " NS "><sheetData><row r=\"1\"><c r=\"ZZ1\"><v>1</v></c><c r=\"XFD1\"><v>1</v></c></row></sheetData></worksheet>",
     NULL, CX_ERR_LIMIT, "cell XFD1: more than 4096 columns"},
    {"bad reference", "<worksheet " NS "><sheetData><row r=\"1\"><c r=\"1A\"><v>1</v></c></row></sheetData></worksheet>",
     NULL, CX_ERR_FORMAT, "bad cell reference '1A'"},
    {"bad row number", "<worksheet " NS "><sheetData><row r=\"99999999999\"><c><v>1</v></c></row></sheetData></worksheet>",
     NULL, CX_ERR_FORMAT, "bad row number"},
    {"DTD", "<?xml version=\"1.0\"?><!DOCTYPE lol [<!ENTITY a \"aaaa\">]><worksheet " NS "><sheetData/></worksheet>",
     NULL, CX_ERR_FORMAT, "DTD"},
    {"truncated XML", "<worksheet " NS "><sheetData><row r=\"1\">", NULL, CX_ERR_FORMAT, "bad XML"},
};

static void test_bad_sheets(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
        rec r;
        cx_diag d;
        cx_error e = read_sheet(bad_cases[i].sheet, bad_cases[i].sst, &r, &d);
        if (e != bad_cases[i].err || !strstr(d.errmsg, bad_cases[i].msg) || !strstr(d.errmsg, "t.xlsx"))
            fail_msg("%s: got %d '%s'", bad_cases[i].what, e, d.errmsg);
        assert_int_equal(r.violations, 0);
        rec_free(&r);
        cx_diag_clear(&d);
    }
}

static void test_bad_string_index(void **state)
{
    (void)state;
    const char *sheet = "<worksheet " NS "><sheetData><row r=\"2\"><c r=\"B2\" t=\"s\"><v>99</v></c>"
                        "<c r=\"C2\" t=\"s\"><v>-1</v></c><c r=\"D2\"><v>abc</v></c></row></sheetData></worksheet>";
    rec r;
    cx_diag d;
    assert_int_equal(read_sheet(sheet, SST, &r, &d), CX_OK);
    assert_int_equal(d.n, 3);
    assert_string_equal(d.items[0].code, "xlsx_bad_string_index");
    assert_int_equal(d.items[0].row, 2);
    assert_int_equal(d.items[0].col, 1);
    assert_string_equal(d.items[0].sheet, "Phụ lục 1");
    assert_string_equal(d.items[2].code, "xlsx_bad_number");
    assert_string_equal(rec_text(&r, 0, 1, 3), "abc");
    rec_free(&r);
    cx_diag_clear(&d);
}

static void test_not_a_workbook(void **state)
{
    (void)state;
    cx_diag d;
    cx_diag_init(&d);
    cx_read_opts o = {"x.xlsx", NULL};
    static const uint8_t junk[] = "PK\3\4 this is not really a zip";
    assert_int_equal(cx_read_xlsx(junk, sizeof junk, &o, NULL, NULL, &d), CX_ERR_FORMAT);
    assert_non_null(strstr(d.errmsg, "x.xlsx: not a readable xlsx"));
    cx_diag_clear(&d);

    /* a truncated real workbook */
    size_t len;
    uint8_t *b = rec_slurp("samples/khoai-chau-2024-t2.xlsx", &len);
    assert_non_null(b);
    cx_diag_init(&d);
    assert_int_equal(cx_read_xlsx(b, len / 2, &o, NULL, NULL, &d), CX_ERR_FORMAT);
    cx_diag_clear(&d);
    free(b);

    /* a zip without the workbook parts */
    part p[1] = {{"xl/workbook.xml", WB, 0}};
    uint8_t *z = make_zip(p, 1, &len);
    cx_diag_init(&d);
    assert_int_equal(cx_read_xlsx(z, len, &o, NULL, NULL, &d), CX_ERR_FORMAT);
    assert_non_null(strstr(d.errmsg, "xl/_rels/workbook.xml.rels"));
    cx_diag_clear(&d);
    free(z);
}

/* A streamed sheet much larger than one zip_fread chunk, and a sink that stops the reader. */
static void test_big_sheet_and_abort(void **state)
{
    (void)state;
    size_t cap = 4 << 20, n = 0;
    char *s = malloc(cap);
    n += (size_t)sprintf(s + n, "<worksheet " NS "><sheetData>");
    for (int i = 1; i <= 20000; i++)
        n += (size_t)sprintf(s + n, "<row r=\"%d\"><c r=\"A%d\"><v>%d</v></c><c r=\"B%d\" t=\"inlineStr\"><is><t>x%d</t></is></c></row>",
                             i, i, i, i, i);
    n += (size_t)sprintf(s + n, "</sheetData></worksheet>");
    rec r;
    cx_diag d;
    assert_int_equal(read_sheet(s, NULL, &r, &d), CX_OK);
    assert_int_equal(r.rows[0], 20000);
    assert_int_equal(r.violations, 0);
    assert_true(rec_at(&r, 0, 19999, 0)->num == 20000);
    assert_string_equal(rec_text(&r, 0, 12345, 1), "x12346");
    rec_free(&r);
    cx_diag_clear(&d);

    part p[3] = {{"xl/workbook.xml", WB, 0}, {"xl/_rels/workbook.xml.rels", RELS, 0}, {"xl/worksheets/sheet1.xml", s, 0}};
    size_t len;
    uint8_t *z = make_zip(p, 3, &len);
    cx_sink sink;
    rec_init(&r, &sink);
    r.abort_after = 10;
    cx_diag_init(&d);
    cx_read_opts o = {"t.xlsx", NULL};
    assert_int_equal(cx_read_xlsx(z, len, &o, &sink, NULL, &d), CX_ERR_ABORTED);
    assert_int_equal(r.rows[0], 10);
    rec_free(&r);
    cx_diag_clear(&d);
    free(z);
    free(s);
}

/* A zip bomb: a sheet that inflates past CX_MAX_UNZIPPED from a few hundred KiB. */
static void test_zip_bomb(void **state)
{
    (void)state;
    size_t big = (size_t)CX_MAX_UNZIPPED + 4096;
    char *s = malloc(big + 1);
    assert_non_null(s);
    memset(s, ' ', big);
    memcpy(s, "<worksheet>", 11);
    s[big] = '\0';
    part p[3] = {{"xl/workbook.xml", WB, 0}, {"xl/_rels/workbook.xml.rels", RELS, 0}, {"xl/worksheets/sheet1.xml", s, big}};
    size_t len;
    uint8_t *z = make_zip(p, 3, &len);
    free(s);
    assert_true(len < big / 100);
    cx_diag d;
    cx_diag_init(&d);
    cx_read_opts o = {"bomb.xlsx", NULL};
    assert_int_equal(cx_read_xlsx(z, len, &o, NULL, NULL, &d), CX_ERR_LIMIT);
    assert_non_null(strstr(d.errmsg, "xl/worksheets/sheet1.xml unpacks to"));
    cx_diag_clear(&d);
    free(z);
}

static void test_sample_khoai_chau(void **state)
{
    (void)state;
    size_t len;
    uint8_t *b = rec_slurp("samples/khoai-chau-2024-t2.xlsx", &len);
    assert_non_null(b);
    rec r;
    cx_sink s;
    rec_init(&r, &s);
    cx_diag d;
    cx_diag_init(&d);
    cx_read_opts o = {"samples/khoai-chau-2024-t2.xlsx", NULL};
    cx_read_info info;
    assert_int_equal(cx_read_buffer(b, len, &o, &s, &info, &d), CX_OK);
    assert_int_equal(info.nsheets, 2);
    assert_int_equal(r.violations, 0);
    assert_string_equal(r.sheets[0], "Phụ lục 1");
    assert_string_equal(r.sheets[1], "Phụ lục 2");
    assert_string_equal(rec_text(&r, 0, 3, 2), "Kết quả xử lý hồ sơ (%)");
    assert_string_equal(rec_text(&r, 0, 4, 1), "Thị trấn Khoái Châu");
    assert_string_equal(rec_text(&r, 0, 11, 1), "Hàm Tử ");
    assert_string_equal(rec_text(&r, 0, 21, 1), "Việt Hoà");
    assert_string_equal(rec_text(&r, 1, 28, 1), "Đồng Tiến");
    const rec_cell *c = rec_at(&r, 1, 4, 3);   /* 82.3% stored as 0.823 */
    assert_true(c->type == CX_CELL_NUMBER && (c->flags & CX_CF_PERCENT));
    assert_true(c->num > 0.8229 && c->num < 0.8231);
    c = rec_at(&r, 1, 4, 4);
    assert_true(c->num == 1405 && !(c->flags & CX_CF_PERCENT));
    assert_true(rec_has_merge(&r, 0, 1, 0, 1, 4));
    rec_free(&r);
    cx_diag_clear(&d);
    free(b);
}

static void test_sample_portal(void **state)
{
    (void)state;
    size_t len;
    uint8_t *b = rec_slurp("samples/an-giang-portal-xa-phuong.xlsx", &len);
    assert_non_null(b);
    rec r;
    cx_sink s;
    rec_init(&r, &s);
    cx_diag d;
    cx_diag_init(&d);
    cx_read_opts o = {"p.xlsx", NULL};
    assert_int_equal(cx_read_buffer(b, len, &o, &s, NULL, &d), CX_OK);
    assert_int_equal(r.nsheets, 2);
    assert_string_equal(r.sheets[0], "Sở Ban");
    assert_string_equal(r.sheets[1], "Xã Phường");
    assert_string_equal(rec_text(&r, 1, 0, 11), "CKMB");
    assert_string_equal(rec_text(&r, 1, 1, 2), "UBND xã Đông Thái - tỉnh An Giang");
    const rec_cell *c = rec_at(&r, 1, 1, 8);   /* values as text, as the portal gives them */
    assert_int_equal(c->type, CX_CELL_TEXT);
    assert_string_equal(c->text, "19.05");
    rec_free(&r);
    cx_diag_clear(&d);
    free(b);
}

/* Excel 2003 "XML Spreadsheet": read by the same reader, sniffed as xlsx. */
static cx_error read_ssml(const char *xml, rec *r, cx_diag *d)
{
    cx_sink s;
    rec_init(r, &s);
    cx_diag_init(d);
    cx_read_opts o = {"t.xml.xls", NULL};
    cx_read_info info;
    assert_int_equal(cx_sniff((const uint8_t *)xml, strlen(xml)), CX_FMT_XLSX);
    cx_error e = cx_read_xlsx((const uint8_t *)xml, strlen(xml), &o, &s, &info, d);
    assert_int_equal(r->violations, 0);
    if (!e) assert_int_equal(info.format, CX_FMT_XLSX);
    return e;
}

#define SSML_HEAD "<?xml version=\"1.0\"?><?mso-application progid=\"Excel.Sheet\"?>" \
    "<Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\" xmlns:ss=\"urn:schemas-microsoft-com:office:spreadsheet\">"

static void test_spreadsheetml(void **state)
{
    (void)state;
    const char *xml = SSML_HEAD
        "<Styles><Style ss:ID=\"p\"><NumberFormat ss:Format=\"Percent\"/></Style>"
        "<Style ss:ID=\"q\"><NumberFormat ss:Format=\"0.0%\"/></Style>"
        "<Style ss:ID=\"m\"><NumberFormat ss:Format=\"0.00&quot;m/s&quot;\"/></Style></Styles>"
        "<Worksheet ss:Name=\"Xã Phường\"><Table>"
        "<Row><Cell ss:MergeAcross=\"2\"><Data ss:Type=\"String\">TIÊU ĐỀ</Data></Cell><Cell><Data ss:Type=\"String\">D</Data></Cell></Row>"
        "<Row ss:Index=\"3\"><Cell ss:Index=\"2\" ss:StyleID=\"p\"><Data ss:Type=\"Number\">0.898</Data></Cell>"
        "<Cell ss:StyleID=\"q\"><Data ss:Type=\"Number\">0.5</Data></Cell>"
        "<Cell ss:StyleID=\"m\"><Data ss:Type=\"Number\">5.5</Data></Cell>"
        "<Cell><Data ss:Type=\"DateTime\">2024-05-06T00:00:00.000</Data></Cell>"
        "<Cell><Data ss:Type=\"Boolean\">1</Data></Cell>"
        "<Cell ss:Formula=\"=1/0\"><Data ss:Type=\"Error\">#DIV/0!</Data></Cell>"
        "<Cell><ss:Data ss:Type=\"String\" xmlns=\"http://www.w3.org/TR/REC-html40\"><B>PHÚ </B><Font>HÙNG</Font></ss:Data></Cell>"
        "<Cell ss:MergeDown=\"1\"><Data ss:Type=\"Number\">abc</Data></Cell></Row>"
        "</Table></Worksheet>"
        "<Worksheet ss:Name=\"Sở Ban\"><Table><Row><Cell><Data ss:Type=\"String\">x</Data></Cell></Row></Table></Worksheet>"
        "</Workbook>";
    rec r;
    cx_diag d;
    assert_int_equal(read_ssml(xml, &r, &d), CX_OK);
    assert_int_equal(r.nsheets, 2);
    assert_string_equal(r.sheets[0], "Xã Phường");
    assert_string_equal(r.sheets[1], "Sở Ban");
    assert_string_equal(rec_text(&r, 0, 0, 0), "TIÊU ĐỀ");
    assert_string_equal(rec_text(&r, 0, 0, 3), "D");   /* after MergeAcross=2 */
    assert_true(rec_has_merge(&r, 0, 0, 0, 0, 2));
    const rec_cell *c = rec_at(&r, 0, 2, 1);
    assert_true(c->type == CX_CELL_NUMBER && (c->flags & CX_CF_PERCENT) && c->num == 0.898);
    assert_true(rec_at(&r, 0, 2, 2)->flags & CX_CF_PERCENT);
    assert_int_equal(rec_at(&r, 0, 2, 3)->flags, 0);
    c = rec_at(&r, 0, 2, 4);
    assert_true((c->flags & CX_CF_DATE) && c->num == 45418);
    assert_true(rec_at(&r, 0, 2, 5)->type == CX_CELL_BOOL);
    c = rec_at(&r, 0, 2, 6);
    assert_true(c->type == CX_CELL_ERROR && (c->flags & CX_CF_FORMULA));
    assert_string_equal(rec_text(&r, 0, 2, 7), "PHÚ HÙNG");
    assert_int_equal(rec_at(&r, 0, 2, 8)->type, CX_CELL_TEXT);   /* "abc" as a number: text + warning */
    assert_true(rec_has_merge(&r, 0, 2, 8, 3, 8));
    assert_int_equal(d.n, 1);
    assert_string_equal(d.items[0].sheet, "Xã Phường");
    assert_string_equal(rec_text(&r, 1, 0, 0), "x");
    rec_free(&r);
    cx_diag_clear(&d);

    /* bad XML names the line; a DTD is refused; a bad index is an error; nesting keeps the contract */
    assert_int_equal(read_ssml(SSML_HEAD "<Worksheet ss:Name=\"A\"><Table>\n<Row><Cell></Row>", &r, &d), CX_ERR_FORMAT);
    assert_non_null(strstr(d.errmsg, "t.xml.xls: sheet 'A': line 2"));
    rec_free(&r);
    cx_diag_clear(&d);
    assert_int_equal(read_ssml("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"b\">]>"
                               "<Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\"/>", &r, &d), CX_ERR_FORMAT);
    rec_free(&r);
    cx_diag_clear(&d);
    assert_int_equal(read_ssml(SSML_HEAD "<Worksheet><Table><Row><Cell ss:Index=\"0\"><Data ss:Type=\"String\">a</Data></Cell>"
                               "</Row></Table></Worksheet></Workbook>", &r, &d), CX_ERR_FORMAT);
    assert_non_null(strstr(d.errmsg, "bad cell index"));
    rec_free(&r);
    cx_diag_clear(&d);
    assert_int_equal(read_ssml(SSML_HEAD "<Worksheet><Worksheet><Table><Row><Cell><Data ss:Type=\"String\">a</Data></Cell></Row>"
                               "</Table></Worksheet><Table><Row><Cell><Data ss:Type=\"String\">b</Data></Cell></Row></Table>"
                               "</Worksheet></Workbook>", &r, &d), CX_OK);
    assert_int_equal(r.nsheets, 1);
    assert_string_equal(r.sheets[0], "Sheet1");
    rec_free(&r);
    cx_diag_clear(&d);
    assert_int_equal(read_ssml(SSML_HEAD "</Workbook>", &r, &d), CX_ERR_NO_TABLE);
    rec_free(&r);
    cx_diag_clear(&d);
    assert_int_equal(read_ssml(SSML_HEAD "<Worksheet><Table><Row><Cell ss:Index=\"5000\"><Data ss:Type=\"String\">a</Data>"
                               "</Cell></Row></Table></Worksheet></Workbook>", &r, &d), CX_ERR_LIMIT);
    rec_free(&r);
    cx_diag_clear(&d);
}

static void test_sample_ssml(void **state)
{
    (void)state;
    size_t len;
    uint8_t *b = rec_slurp("samples/phu-tan-2024-t5-w1.xml.xls", &len);
    assert_non_null(b);
    rec r;
    cx_sink s;
    rec_init(&r, &s);
    cx_diag d;
    cx_diag_init(&d);
    cx_read_opts o = {"x.xls", NULL};
    assert_int_equal(cx_read_buffer(b, len, &o, &s, NULL, &d), CX_OK);
    assert_int_equal(r.violations, 0);
    assert_string_equal(rec_text(&r, 0, 3, 2), "ĐIỂM TỔNG HỢP");
    assert_string_equal(rec_text(&r, 0, 4, 8), "DVCTT");
    assert_string_equal(rec_text(&r, 0, 5, 1), "TOÀN HUYỆN");
    assert_null(rec_at(&r, 0, 5, 0));
    assert_true(rec_at(&r, 0, 23, 5)->num == -26.42);
    assert_true(rec_has_merge(&r, 0, 3, 10, 3, 12));
    rec_free(&r);
    cx_diag_clear(&d);
    free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cell_types),
        cmocka_unit_test(test_no_refs_and_prefixes),
        cmocka_unit_test(test_rows_out_of_order),
        cmocka_unit_test(test_utf16_part_and_repeats),
        cmocka_unit_test(test_bad_sheets),
        cmocka_unit_test(test_bad_string_index),
        cmocka_unit_test(test_not_a_workbook),
        cmocka_unit_test(test_big_sheet_and_abort),
        cmocka_unit_test(test_zip_bomb),
        cmocka_unit_test(test_sample_khoai_chau),
        cmocka_unit_test(test_sample_portal),
        cmocka_unit_test(test_spreadsheetml),
        cmocka_unit_test(test_sample_ssml),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
