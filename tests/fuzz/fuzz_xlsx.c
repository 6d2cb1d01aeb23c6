/* fuzz_xlsx.c — libFuzzer harness for the xlsx reader (from memory, no-op sink).
 * Built by `make fuzz` (scripts/fuzz.sh), or alone:
 *   make CC=clang BUILD=build-fuzz OPT="-O1 -g" SAN="-fsanitize=address,undefined,fuzzer-no-link" build-fuzz/libchiso.a
 *   clang -std=c11 -D_GNU_SOURCE -g -Iconvert -Iformats -fsanitize=fuzzer,address,undefined \
 *       tests/fuzz/fuzz_xlsx.c build-fuzz/libchiso.a $(pkg-config --libs xlsxwriter freexl libutf8proc expat libzip jansson libxml-2.0) -lrecode -lm -o fuzz_xlsx
 *   ./fuzz_xlsx -max_total_time=60 tests/fuzz/corpus/fuzz_xlsx */
#include <stdlib.h>
#include <string.h>
#include <zip.h>
#include "reader.h"

/* Deflated XML is opaque to a mutator: input that is not a zip becomes the
 * worksheet of a small workbook (stored, with shared strings and styles), so
 * the fuzzer works on the XML the reader really parses. */
static uint8_t *wrap(const uint8_t *sheet, size_t n, size_t *outlen)
{
    static const char *wb = "<workbook><sheets><sheet name=\"S\" r:id=\"rId1\"/></sheets></workbook>";
    static const char *rels = "<Relationships><Relationship Id=\"rId1\" Type=\"x/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>";
    static const char *sst = "<sst><si><t>STT</t></si><si><r><t>A</t></r><r><t>B</t></r></si></sst>";
    static const char *sty = "<styleSheet><numFmts><numFmt numFmtId=\"164\" formatCode=\"0.0%\"/></numFmts>"
                             "<cellXfs><xf numFmtId=\"0\"/><xf numFmtId=\"164\"/><xf numFmtId=\"14\"/></cellXfs></styleSheet>";
    const char *names[5] = {"xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/sharedStrings.xml", "xl/styles.xml",
                            "xl/worksheets/sheet1.xml"};
    const void *data[5] = {wb, rels, sst, sty, sheet};
    size_t lens[5] = {strlen(wb), strlen(rels), strlen(sst), strlen(sty), n};
    zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, NULL);
    if (!src) return NULL;
    zip_source_keep(src);
    zip_t *z = zip_open_from_source(src, ZIP_TRUNCATE, NULL);
    uint8_t *out = NULL;
    if (!z) { zip_source_free(src); return NULL; }
    for (int i = 0; i < 5; i++) {
        zip_source_t *s = zip_source_buffer(z, data[i], lens[i], 0);
        zip_int64_t idx = s ? zip_file_add(z, names[i], s, 0) : -1;
        if (idx < 0) { zip_source_free(s); zip_discard(z); zip_source_free(src); return NULL; }
        zip_set_file_compression(z, (zip_uint64_t)idx, ZIP_CM_STORE, 0);
    }
    zip_stat_t st;
    if (zip_close(z) == 0 && zip_source_stat(src, &st) == 0 && zip_source_open(src) == 0) {
        out = malloc(st.size ? st.size : 1);
        if (out && zip_source_read(src, out, st.size) != (zip_int64_t)st.size) { free(out); out = NULL; }
        zip_source_close(src);
        *outlen = st.size;
    }
    zip_source_free(src);
    return out;
}

static int on_sheet(void *ud, const char *name, uint32_t i) { (void)ud; (void)name; (void)i; return 0; }
static int on_row(void *ud, uint32_t r, const cx_cell *c, uint32_t n)
{
    (void)ud; (void)r;
    size_t sum = 0;   /* touch every cell so ASan sees a bad pointer */
    for (uint32_t i = 0; i < n; i++) if (c[i].text) sum += strlen(c[i].text) == c[i].len;
    return sum > (size_t)1 << 40;
}
static int on_merge(void *ud, uint32_t a, uint32_t b, uint32_t c, uint32_t d) { (void)ud; (void)a; (void)b; (void)c; (void)d; return 0; }
static int on_end(void *ud) { (void)ud; return 0; }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t *buf;
    static const char urn[] = "urn:schemas-microsoft-com:office:spreadsheet";   /* XML Spreadsheet 2003 */
    if ((size >= 2 && data[0] == 'P' && data[1] == 'K') || memmem(data, size < 4096 ? size : 4096, urn, sizeof urn - 1)) {
        buf = malloc(size);   /* an exact-size copy: reads past the end are caught */
        if (!buf) return 0;
        memcpy(buf, data, size);
    } else {
        buf = wrap(data, size, &size);
        if (!buf) return 0;
    }
    cx_sink sink = {NULL, on_sheet, on_row, on_merge, on_end};
    cx_diag d;
    cx_diag_init(&d);
    cx_read_opts o = {.path = "fuzz.xlsx", .encoding = NULL};
    cx_read_info info;
    cx_read_xlsx(buf, size, &o, &sink, &info, &d);
    cx_diag_clear(&d);
    free(buf);
    return 0;
}
