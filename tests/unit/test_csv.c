/* Unit tests for csv.c: the push parser fed at every chunk size, the delimiter sniffer,
 * and cx_read_csv through a recording sink (BOM, invalid UTF-8, NUL bytes, limits). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "csv.h"
#include "reader.h"

/* ---- recording: "<f1|f2>" per record, so one string says everything ---- */
typedef struct { char *s; size_t n, cap; } sbuf;
static void sb_add(sbuf *b, const char *t, size_t n)
{
    if (b->n + n + 1 > b->cap) {
        b->cap = (b->n + n + 1) * 2;
        b->s = realloc(b->s, b->cap);
    }
    memcpy(b->s + b->n, t, n);
    b->n += n;
    b->s[b->n] = 0;
}
typedef struct { sbuf out; int infield; } rec;
static int f_cb(void *ud, const char *t, size_t n, int q)
{
    rec *r = ud;
    (void)q;
    assert_int_equal(strlen(t), n);   /* NUL-terminated, no NUL inside */
    sb_add(&r->out, r->infield ? "|" : "<", 1);
    sb_add(&r->out, t, n);
    r->infield = 1;
    return 0;
}
static int r_cb(void *ud)
{
    rec *r = ud;
    sb_add(&r->out, r->infield ? ">" : "<>", r->infield ? 1 : 2);
    r->infield = 0;
    return 0;
}

static char *parse_chunked(const char *in, size_t len, char delim, size_t chunk)
{
    rec r = {{0}, 0};
    sb_add(&r.out, "", 0);
    cx_csv_parser *p = cx_csv_new(delim, f_cb, r_cb, &r);
    assert_non_null(p);
    for (size_t off = 0; off < len; off += chunk) {
        size_t n = len - off < chunk ? len - off : chunk;
        assert_int_equal(cx_csv_feed(p, in + off, n), 0);
    }
    assert_int_equal(cx_csv_finish(p), 0);
    cx_csv_free(p);
    return r.out.s;
}

static const struct { const char *in; size_t len; char delim; const char *out; } cases[] = {
    {"a,b,c\n1,2,3\n", 0, ',', "<a|b|c><1|2|3>"},
    {"a,b,c", 0, ',', "<a|b|c>"},
    {"a,b,\n", 0, ',', "<a|b|>"},
    {"a,b,", 0, ',', "<a|b|>"},
    {",,\n", 0, ',', "<||>"},
    {"\n\na\n", 0, ',', "<><><a>"},
    {"a\r\nb\rc\nd\r\n", 0, ',', "<a><b><c><d>"},
    {"a\r\r\nb", 0, ',', "<a><><b>"},
    {"\"x,y\",z\n", 0, ',', "<x,y|z>"},
    {"\"say \"\"hi\"\"\",2\n", 0, ',', "<say \"hi\"|2>"},
    {"\"ĐIỂM\nTỔNG\r\nHỢP\";B\n", 0, ';', "<ĐIỂM\nTỔNG\r\nHỢP|B>"},
    {"\"\",\"\"\n", 0, ',', "<|>"},
    {"a\tb\t\"c\td\"\n", 0, '\t', "<a|b|c\td>"},
    {"ab\"c,d\n", 0, ',', "<ab\"c|d>"},
    {"\"ab\"c,d\n", 0, ',', "<abc|d>"},
    {"\"open,never closed\nx", 0, ',', "<open,never closed\nx>"},
    {"a\0b,c\n", 6, ',', "<ab|c>"},
    {"78,7;1.746\n", 0, ';', "<78,7|1.746>"},
    {"", 0, ',', ""},
    {"\"a\"\r\n\"b\"\r\n", 0, ',', "<a><b>"},
    {"x;\"\";y\r", 0, ';', "<x||y>"},
};

static void test_every_chunk_size(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t len = cases[i].len ? cases[i].len : strlen(cases[i].in);
        for (size_t chunk = 1; chunk <= len + 1; chunk++) {
            char *got = parse_chunked(cases[i].in, len, cases[i].delim, chunk);
            if (strcmp(got, cases[i].out) != 0)
                fail_msg("case %zu chunk %zu: got '%s' expected '%s'", i, chunk, got, cases[i].out);
            free(got);
        }
    }
}

static void test_sample_every_chunk(void **state)
{
    (void)state;
    const char *paths[] = {"samples/cho-moi-2023-t12-w1.csv", "samples/phu-tan-2024-t5-w1.csv"};
    for (int k = 0; k < 2; k++) {
        FILE *f = fopen(paths[k], "rb");
        if (!f) { char alt[256]; snprintf(alt, sizeof alt, "../%s", paths[k]); f = fopen(alt, "rb"); }
        assert_non_null(f);
        static char buf[1 << 16];
        size_t len = fread(buf, 1, sizeof buf, f);
        fclose(f);
        char dl = cx_csv_sniff(buf, len);
        assert_int_equal(dl, k == 0 ? ';' : ',');
        char *whole = parse_chunked(buf, len, dl, len);
        for (size_t chunk = 1; chunk < 300; chunk++) {
            char *got = parse_chunked(buf, len, dl, chunk);
            assert_string_equal(got, whole);
            free(got);
        }
        free(whole);
    }
}

static void test_sniff(void **state)
{
    (void)state;
    static const struct { const char *in; char want; } t[] = {
        {"a,b,c\n1,2,3\n", ','},
        {"a;b;c\n1;2;3\n", ';'},
        {"a\tb\tc\n1\t2\t3\n", '\t'},
        /* a title with commas above a ';' table */
        {"BỘ CHỈ SỐ, DOANH NGHIỆP, CÔNG;;;\nSTT;ĐƠN VỊ;A;B\n1;X;78,7;5.40\n2;Y;1,2;3,4\n", ';'},
        /* quoted delimiters do not count */
        {"\"a;b;c\",d\n\"e;f\",g\n", ','},
        {"x\ny\n", ','},
        {"1,5\t2,5\n3,5\t4,5\n5,5\t6,5\n", '\t'},
        {"", ','},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        if (cx_csv_sniff(t[i].in, strlen(t[i].in)) != t[i].want)
            fail_msg("case %zu: got '%c'", i, cx_csv_sniff(t[i].in, strlen(t[i].in)));
}

/* ---- cx_read_csv through a sink ---- */
typedef struct { sbuf out; int begins, ends; uint32_t last_row; } srec;
static int s_begin(void *ud, const char *name, uint32_t i) { srec *r = ud; assert_null(name); assert_int_equal(i, 0); r->begins++; return 0; }
static int s_end(void *ud) { srec *r = ud; r->ends++; return 0; }
static int s_row(void *ud, uint32_t row, const cx_cell *c, uint32_t n)
{
    srec *r = ud;
    char tmp[32];
    snprintf(tmp, sizeof tmp, "%u:", row);
    sb_add(&r->out, tmp, strlen(tmp));
    for (uint32_t i = 0; i < n; i++) {
        if (i) sb_add(&r->out, "|", 1);
        if (c[i].type == CX_CELL_TEXT) sb_add(&r->out, c[i].text, c[i].len);
        else assert_int_equal(c[i].type, CX_CELL_EMPTY);
    }
    sb_add(&r->out, "\n", 1);
    r->last_row = row;
    return 0;
}

static cx_error read_str(const char *in, size_t len, srec *r, cx_read_info *info, cx_diag *d)
{
    cx_sink sink = {r, s_begin, s_row, NULL, s_end};
    memset(r, 0, sizeof *r);
    sb_add(&r->out, "", 0);
    cx_read_opts o = {"t.csv", NULL};
    memset(info, 0, sizeof *info);
    return cx_read_csv((const uint8_t *)in, len, &o, &sink, info, d);
}

static void test_read_bom_delim(void **state)
{
    (void)state;
    cx_diag d; cx_diag_init(&d);
    srec r; cx_read_info info;
    const char in[] = "\xEF\xBB\xBFSTT;ĐƠN VỊ;X\n\n1;PHÚ HÙNG;78,7\n";
    assert_int_equal(read_str(in, strlen(in), &r, &info, &d), CX_OK);
    assert_string_equal(r.out.s, "0:STT|ĐƠN VỊ|X\n1:\n2:1|PHÚ HÙNG|78,7\n");
    assert_int_equal(info.delimiter, ';');
    assert_string_equal(info.encoding, "utf-8");
    assert_int_equal(info.format, CX_FMT_CSV);
    assert_int_equal(r.begins, 1);
    assert_int_equal(r.ends, 1);
    assert_int_equal(d.n, 0);
    free(r.out.s);
    cx_diag_clear(&d);
}

static void test_read_bad_bytes(void **state)
{
    (void)state;
    cx_diag d; cx_diag_init(&d);
    srec r; cx_read_info info;
    /* a UTF-8 file with one damaged byte and a NUL: still read as UTF-8, cell by cell */
    const char in[] = "ĐƠN VỊ,ĐIỂM\nPHÚ HÙNG,1\nx\xC3,y\0z\nBÌNH PHƯỚC XUÂN,2\n";
    assert_int_equal(read_str(in, sizeof in - 1, &r, &info, &d), CX_OK);
    assert_string_equal(r.out.s, "0:ĐƠN VỊ|ĐIỂM\n1:PHÚ HÙNG|1\n2:x\xEF\xBF\xBD|yz\n3:BÌNH PHƯỚC XUÂN|2\n");
    assert_string_equal(info.encoding, "utf-8");
    int saw_utf8 = 0, saw_nul = 0;
    for (size_t i = 0; i < d.n; i++) {
        if (!strcmp(d.items[i].code, "invalid_utf8")) { saw_utf8 = 1; assert_int_equal(d.items[i].row, 3); assert_int_equal(d.items[i].col, 0); }
        if (!strcmp(d.items[i].code, "nul_bytes")) saw_nul = 1;
    }
    assert_true(saw_utf8 && saw_nul);
    free(r.out.s);
    cx_diag_clear(&d);
}

static void test_read_limits(void **state)
{
    (void)state;
    cx_diag d; cx_diag_init(&d);
    srec r; cx_read_info info;
    /* a cell over the limit */
    size_t big = CX_MAX_CELL_BYTES + 10;
    char *in = malloc(big + 8);
    memcpy(in, "a,\"", 3);
    memset(in + 3, 'x', big);
    memcpy(in + 3 + big, "\"\n", 2);
    assert_int_equal(read_str(in, big + 5, &r, &info, &d), CX_ERR_LIMIT);
    assert_non_null(strstr(d.errmsg, "cell B1"));
    free(r.out.s);
    /* the same without quotes (the field runs over the reader's 1 MiB slices) */
    cx_diag_clear(&d); cx_diag_init(&d);
    memcpy(in, "a;b\nc;", 6);
    memset(in + 6, 'x', big);
    memcpy(in + 6 + big, "\n", 1);
    assert_int_equal(read_str(in, big + 7, &r, &info, &d), CX_ERR_LIMIT);
    assert_non_null(strstr(d.errmsg, "cell B2"));
    free(in);
    free(r.out.s);
    /* too many columns */
    cx_diag_clear(&d); cx_diag_init(&d);
    size_t ncol = CX_MAX_COLUMNS + 5;
    in = malloc(ncol * 2 + 2);
    for (size_t i = 0; i < ncol; i++) { in[2 * i] = '1'; in[2 * i + 1] = ','; }
    in[2 * ncol - 1] = '\n';
    assert_int_equal(read_str(in, 2 * ncol, &r, &info, &d), CX_ERR_LIMIT);
    assert_non_null(strstr(d.errmsg, "row 1"));
    free(in);
    free(r.out.s);
    cx_diag_clear(&d);
}

static int stop_row(void *ud, uint32_t row, const cx_cell *c, uint32_t n) { (void)ud; (void)c; (void)n; return row == 1; }
static void test_sink_stops(void **state)
{
    (void)state;
    cx_diag d; cx_diag_init(&d);
    cx_sink sink = {NULL, NULL, stop_row, NULL, NULL};
    const char in[] = "a\nb\nc\n";
    cx_read_opts o = {"t.csv", NULL};
    assert_int_equal(cx_read_csv((const uint8_t *)in, strlen(in), &o, &sink, NULL, &d), CX_ERR_ABORTED);
    cx_read_opts bad = {"t.csv", "klingon"};
    assert_int_equal(cx_read_csv((const uint8_t *)in, strlen(in), &bad, &sink, NULL, &d), CX_ERR_USAGE);
    cx_diag_clear(&d);
}

/* ---- a file of several parse slices: cells are checked only when a slice is not valid;
 * cx_read_csv_released gives the same rows and warnings and gives the input back ---- */

typedef struct { size_t calls, last, len, passes; } relrec;
static void rel_cb(void *ud, size_t n)
{
    relrec *r = ud;
    assert_true(n <= r->len);
    if (n < r->last || !r->calls) r->passes++;
    r->last = n;
    r->calls++;
}

static void test_read_slices(void **state)
{
    (void)state;
    /* ~3 MiB: the 1 MiB parse slices fall inside letters and cells */
    const char *head = "Kỳ;STT;Đơn vị;Điểm;Xếp loại\n";
    const char *line = "Tuần 1;1;Xã Phú Hưng \"Đông\";94,04;XUẤT SẮC\n";
    size_t ll = strlen(line), len = 0, cap = (3u << 20) + 4096;
    char *in = malloc(cap);
    assert_non_null(in);
    for (int variant = 0; variant < 4; variant++) {
        /* 0 plain, 1 with a BOM, 2 one bad byte in the last row, 3 a bad byte and a BOM */
        len = 0;
        if (variant & 1) { memcpy(in, "\xEF\xBB\xBF", 3); len = 3; }
        memcpy(in + len, head, strlen(head));
        len += strlen(head);
        while (len + ll < cap - 64) { memcpy(in + len, line, ll); len += ll; }
        if (variant >= 2) in[len - ll + 3] = (char)0xC3;   /* inside "Tuần" of the last row */
        srec a;
        cx_read_info ia;
        cx_diag da;
        cx_diag_init(&da);
        assert_int_equal(read_str(in, len, &a, &ia, &da), CX_OK);
        assert_string_equal(ia.encoding, "utf-8");
        if (variant >= 2) {   /* the bad cell is named */
            assert_int_equal(da.n, 1);
            assert_string_equal(da.items[0].code, "invalid_utf8");
            assert_int_equal(da.items[0].col, 0);
            size_t rows = 0;
            for (size_t i = 0; i < len; i++) rows += in[i] == '\n';
            assert_int_equal(da.items[0].row, rows);   /* the last row */
            assert_non_null(strstr(a.out.s, "Tu\xEF\xBF\xBD"));
        } else {
            assert_int_equal(da.n, 0);
        }
        /* released: the same, and all of the input given back by the end */
        srec b;
        cx_read_info ib;
        cx_diag db;
        cx_diag_init(&db);
        cx_sink sink = {&b, s_begin, s_row, NULL, s_end};
        memset(&b, 0, sizeof b);
        sb_add(&b.out, "", 0);
        cx_read_opts o = {"t.csv", NULL};
        memset(&ib, 0, sizeof ib);
        relrec r = {0, 0, len, 0};
        assert_int_equal(cx_read_csv_released((const uint8_t *)in, len, &o, rel_cb, &r, &sink, &ib, &db), CX_OK);
        assert_string_equal(a.out.s, b.out.s);
        assert_string_equal(ia.encoding, ib.encoding);
        assert_int_equal(da.n, db.n);
        for (size_t i = 0; i < da.n; i++) {
            assert_string_equal(da.items[i].code, db.items[i].code);
            assert_int_equal(da.items[i].row, db.items[i].row);
            assert_int_equal(da.items[i].col, db.items[i].col);
        }
        assert_int_equal(r.last, len);
        assert_true(r.calls >= 3);
        assert_true(r.passes >= 1 && r.passes <= 2);   /* the detector's check, then the parse */
        free(a.out.s);
        free(b.out.s);
        cx_diag_clear(&da);
        cx_diag_clear(&db);
    }
    free(in);
}

/* ---- cx_read_csv (whose parser passes plain fields in place) against the plain parser ---- */

typedef struct { sbuf out; int infield; unsigned row; } rec2;
static int f_cb2(void *ud, const char *t, size_t n, int q)
{
    rec2 *r = ud;
    (void)q;
    char tmp[32];
    if (!r->infield) { snprintf(tmp, sizeof tmp, "%u:", r->row); sb_add(&r->out, tmp, strlen(tmp)); }
    else sb_add(&r->out, "|", 1);
    sb_add(&r->out, t, n);
    r->infield = 1;
    return 0;
}
static int r_cb2(void *ud)
{
    rec2 *r = ud;
    char tmp[32];
    if (!r->infield) { snprintf(tmp, sizeof tmp, "%u:", r->row); sb_add(&r->out, tmp, strlen(tmp)); }
    sb_add(&r->out, "\n", 1);
    r->infield = 0;
    r->row++;
    return 0;
}

static void test_read_as_parser(void **state)
{
    (void)state;
    static const char alpha[] = {'a', 'b', ',', ';', '"', '"', '\r', '\n', ' ', 'c'};   /* no NUL: many read as UTF-16 */
    unsigned long long x = 0x9E3779B97F4A7C15ull;
    char in[64];
    for (int it = 0; it < 100000; it++) {
        x ^= x << 13; x ^= x >> 7; x ^= x << 17;
        size_t len = (size_t)(x % 40);
        for (size_t k = 0; k < len; k++) {
            x ^= x << 13; x ^= x >> 7; x ^= x << 17;
            in[k] = alpha[(x >> 11) % sizeof alpha];
        }
        /* the plain parser, on the delimiter cx_read_csv will sniff */
        rec2 g = {{0}, 0, 0};
        sb_add(&g.out, "", 0);
        cx_csv_parser *p = cx_csv_new(cx_csv_sniff(in, len), f_cb2, r_cb2, &g);
        assert_non_null(p);
        assert_int_equal(cx_csv_feed(p, in, len), 0);
        assert_int_equal(cx_csv_finish(p), 0);
        cx_csv_free(p);
        srec r;
        cx_read_info info;
        cx_diag d;
        cx_diag_init(&d);
        assert_int_equal(read_str(in, len, &r, &info, &d), CX_OK);
        if (strcmp(r.out.s, g.out.s)) fail_msg("input %d: '%s' vs '%s'", it, r.out.s, g.out.s);
        free(r.out.s);
        free(g.out.s);
        cx_diag_clear(&d);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_chunk_size),
        cmocka_unit_test(test_sample_every_chunk),
        cmocka_unit_test(test_sniff),
        cmocka_unit_test(test_read_bom_delim),
        cmocka_unit_test(test_read_bad_bytes),
        cmocka_unit_test(test_read_limits),
        cmocka_unit_test(test_sink_stops),
        cmocka_unit_test(test_read_slices),
        cmocka_unit_test(test_read_as_parser),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
