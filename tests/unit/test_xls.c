/* Unit tests for the .xls reader (formats/read/xls.c): a recording sink over the
 * committed samples (made by LibreOffice / Gnumeric, see scripts/make-sample-xls.py).
 * Run from the repository root (tests/run.sh does). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <freexl.h>
#include "reader.h"

/* ---------------------------------------------------------------- recording sink */

typedef struct rcell { uint32_t sheet, row, col; cx_cell_type type; unsigned flags; double num; char *text; } rcell;
typedef struct rmerge { uint32_t sheet, r1, c1, r2, c2; } rmerge;
typedef struct rec {
    char    *names[16];
    uint32_t nsheets, ended;
    rcell   *cells;
    size_t   ncells, cap;
    rmerge   merges[64];
    size_t   nmerges;
    long     last_row;          /* rows must come in increasing order */
    int      order_ok;
    int      abort_after;       /* stop after this many rows (0 = never) */
    int      rows_seen;
} rec;

static int r_begin(void *ud, const char *name, uint32_t index)
{
    rec *r = ud;
    if (r->nsheets < 16) r->names[r->nsheets] = strdup(name ? name : "");
    if (index != r->nsheets) r->order_ok = 0;
    r->nsheets++;
    r->last_row = -1;
    return 0;
}

static int r_row(void *ud, uint32_t row, const cx_cell *cells, uint32_t n)
{
    rec *r = ud;
    if ((long)row <= r->last_row) r->order_ok = 0;
    r->last_row = row;
    if (n == 0 || cells[n - 1].type == CX_CELL_EMPTY) r->order_ok = 0;   /* trailing empties are trimmed */
    for (uint32_t c = 0; c < n; c++) {
        if (cells[c].type == CX_CELL_EMPTY && !cells[c].flags) continue;
        if (r->ncells == r->cap) {
            r->cap = r->cap ? r->cap * 2 : 64;
            r->cells = realloc(r->cells, r->cap * sizeof *r->cells);
        }
        rcell *x = &r->cells[r->ncells++];
        x->sheet = r->nsheets - 1;
        x->row = row;
        x->col = c;
        x->type = cells[c].type;
        x->flags = cells[c].flags;
        x->num = cells[c].num;
        x->text = cells[c].text ? strdup(cells[c].text) : NULL;
        if (cells[c].text && strlen(cells[c].text) != cells[c].len) r->order_ok = 0;
    }
    r->rows_seen++;
    return r->abort_after && r->rows_seen >= r->abort_after;
}

static int r_merge(void *ud, uint32_t r1, uint32_t c1, uint32_t r2, uint32_t c2)
{
    rec *r = ud;
    if (r->nmerges < 64) r->merges[r->nmerges++] = (rmerge){r->nsheets - 1, r1, c1, r2, c2};
    return 0;
}

static int r_end(void *ud)
{
    ((rec *)ud)->ended++;
    return 0;
}

static void rec_free(rec *r)
{
    for (uint32_t i = 0; i < r->nsheets && i < 16; i++) free(r->names[i]);
    for (size_t i = 0; i < r->ncells; i++) free(r->cells[i].text);
    free(r->cells);
    memset(r, 0, sizeof *r);
}

static const rcell *at(const rec *r, uint32_t sheet, const char *ref)
{
    /* "F7" -> col 5, row 6 */
    uint32_t col = (uint32_t)(ref[0] - 'A'), row = (uint32_t)atoi(ref + 1) - 1;
    for (size_t i = 0; i < r->ncells; i++)
        if (r->cells[i].sheet == sheet && r->cells[i].row == row && r->cells[i].col == col) return &r->cells[i];
    return NULL;
}

static uint8_t *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *b = malloc(n > 0 ? (size_t)n : 1);
    assert_int_equal(fread(b, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    *len = (size_t)n;
    return b;
}

static cx_error read_path(const char *path, rec *r, cx_read_info *info, cx_diag *d)
{
    size_t len;
    uint8_t *buf = slurp(path, &len);
    memset(r, 0, sizeof *r);
    r->order_ok = 1;
    cx_sink s = {r, r_begin, r_row, r_merge, r_end};
    cx_read_opts o = {path, NULL};
    cx_error e = cx_read_xls(buf, len, &o, &s, info, d);
    free(buf);
    return e;
}

/* ---------------------------------------------------------------- CSV twin */

/* Minimal RFC 4180 split of one line (the sample CSV has no line breaks in cells). */
static int csv_fields(char *line, char **out, int max)
{
    int n = 0;
    char *p = line;
    while (n < max) {
        char *w = p, *start = p;
        if (*p == '"') {
            p++;
            for (;;) {
                if (*p == '"' && p[1] == '"') { *w++ = '"'; p += 2; }
                else if (*p == '"') { p++; break; }
                else if (!*p) break;
                else *w++ = *p++;
            }
        } else {
            while (*p && *p != ',' && *p != '\n' && *p != '\r') *w++ = *p++;
        }
        char end = *p;
        *w = 0;
        out[n++] = start;
        if (end != ',') break;
        p++;
    }
    return n;
}

static void check_like_csv(const rec *r, const char *csvpath)
{
    FILE *f = fopen(csvpath, "r");
    assert_non_null(f);
    char line[4096];
    uint32_t row = 0;
    int checked = 0;
    while (fgets(line, sizeof line, f)) {
        char *fld[32];
        int n = csv_fields(line, fld, 32);
        for (int c = 0; c < n; c++) {
            char ref[16];
            snprintf(ref, sizeof ref, "%c%u", 'A' + c, row + 1);
            const rcell *x = at(r, 0, ref);
            if (!fld[c][0]) {
                if (x) assert_int_equal(x->type, CX_CELL_EMPTY);
                continue;
            }
            if (!x) fail_msg("cell %s missing, the CSV has '%s'", ref, fld[c]);
            char *end;
            double v = strtod(fld[c], &end);
            if (!*end && row >= 5) {
                if (x->type != CX_CELL_NUMBER) fail_msg("cell %s: expected the number %s", ref, fld[c]);
                if (fabs(x->num - v) > 1e-9) fail_msg("cell %s: %.17g, the CSV has %s", ref, x->num, fld[c]);
                assert_int_equal(x->flags & (CX_CF_DATE | CX_CF_PERCENT), 0);
            } else {
                if (x->type != CX_CELL_TEXT || strcmp(x->text, fld[c]))
                    fail_msg("cell %s: '%s', the CSV has '%s'", ref, x->text ? x->text : "(none)", fld[c]);
            }
            checked++;
        }
        row++;
    }
    fclose(f);
    assert_true(checked > 250);
}

/* ---------------------------------------------------------------- tests */

static void test_sample_reads_like_csv(void **state)
{
    (void)state;
    rec r;
    cx_diag d;
    cx_diag_init(&d);
    cx_read_info info;
    memset(&info, 0, sizeof info);
    assert_int_equal(read_path("samples/phu-tan-2024-t5-w1.xls", &r, &info, &d), CX_OK);
    assert_int_equal(info.format, CX_FMT_XLS);
    assert_string_equal(info.encoding, "utf-16le");
    assert_int_equal(info.nsheets, 1);
    assert_int_equal(r.nsheets, 1);
    assert_int_equal(r.ended, 1);
    assert_true(r.order_ok);
    assert_string_equal(r.names[0], "Phụ lục 1");
    check_like_csv(&r, "samples/phu-tan-2024-t5-w1.csv");

    /* the change column is =ROUND(Cn-En,2): freexl alone gives NULL here */
    const rcell *f7 = at(&r, 0, "F7");
    assert_non_null(f7);
    assert_int_equal(f7->type, CX_CELL_NUMBER);
    assert_true(f7->flags & CX_CF_FORMULA);
    assert_true(fabs(f7->num - 11.83) < 1e-9);
    const rcell *f24 = at(&r, 0, "F24");
    assert_true(fabs(f24->num - -26.42) < 1e-9);
    /* classification =IF(...): a text result in a STRING record */
    const rcell *d22 = at(&r, 0, "D22");
    assert_int_equal(d22->type, CX_CELL_TEXT);
    assert_true(d22->flags & CX_CF_FORMULA);
    assert_string_equal(d22->text, "KHÁ");

    /* merged ranges: title rows, two-level header with group cells */
    static const rmerge want[] = {
        {0, 0, 0, 0, 12}, {0, 1, 0, 1, 12}, {0, 3, 0, 4, 0}, {0, 3, 1, 4, 1}, {0, 3, 2, 3, 5},
        {0, 3, 6, 4, 6}, {0, 3, 7, 4, 7}, {0, 3, 8, 3, 9}, {0, 3, 10, 3, 12},
    };
    assert_int_equal(r.nmerges, sizeof want / sizeof want[0]);
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        int found = 0;
        for (size_t k = 0; k < r.nmerges; k++)
            if (!memcmp(&r.merges[k], &want[i], sizeof want[i])) found = 1;
        if (!found) fail_msg("merge %zu (r%u c%u - r%u c%u) not reported", i, want[i].r1, want[i].c1, want[i].r2, want[i].c2);
    }
    /* merged header cells arrive empty, flagged */
    const rcell *d4 = at(&r, 0, "D4");
    assert_non_null(d4);
    assert_int_equal(d4->type, CX_CELL_EMPTY);
    assert_true(d4->flags & CX_CF_MERGED);
    assert_false(at(&r, 0, "C4")->flags & CX_CF_MERGED);
    assert_int_equal(d.n, 0);
    rec_free(&r);
    cx_diag_clear(&d);
}

static void test_biff5_reads_like_csv(void **state)
{
    (void)state;
    rec r;
    cx_diag d;
    cx_diag_init(&d);
    cx_read_info info;
    memset(&info, 0, sizeof info);
    /* Gnumeric's Excel 95 file (code page 1200): freexl lists no sheet at all */
    assert_int_equal(read_path("tests/data/xls/biff5.xls", &r, &info, &d), CX_OK);
    assert_int_equal(r.nsheets, 1);
    assert_string_equal(r.names[0], "Phụ lục 1");
    check_like_csv(&r, "samples/phu-tan-2024-t5-w1.csv");
    assert_int_equal(r.nmerges, 9);
    rec_free(&r);
    cx_diag_clear(&d);
}

static void test_errors_and_booleans(void **state)
{
    (void)state;
    rec r;
    cx_diag d;
    cx_diag_init(&d);
    assert_int_equal(read_path("tests/data/xls/errors.xls", &r, NULL, &d), CX_OK);
    assert_int_equal(r.nsheets, 3);
    assert_string_equal(r.names[0], "Lỗi");
    assert_string_equal(r.names[1], "Trống");
    assert_string_equal(r.names[2], "Sheet 3");
    assert_int_equal(r.ended, 3);
    static const struct { const char *ref; cx_cell_type type; const char *text; double num; int formula; } want[] = {
        {"D2", CX_CELL_ERROR, "#DIV/0!", 0, 1},    /* =B2/C2 with C2 = 0: never the integer 1 */
        {"E2", CX_CELL_BOOL, NULL, 1, 1},         /* LibreOffice stores TRUE as =TRUE() */
        {"F2", CX_CELL_TEXT, "chia 0", 0, 1},
        {"G2", CX_CELL_ERROR, "#DIV/0!", 0, 1},    /* typed in; LibreOffice stores it as a formula */
        {"D3", CX_CELL_NUMBER, NULL, 3, 1},
        {"E3", CX_CELL_BOOL, NULL, 0, 1},
        {"F3", CX_CELL_ERROR, "#DIV/0!", 0, 1},
        {"G3", CX_CELL_ERROR, "#N/A", 0, 1},
        {"D4", CX_CELL_ERROR, "#N/A", 0, 1},
        {"E4", CX_CELL_BOOL, NULL, 0, 1},
        {"G4", CX_CELL_NUMBER, NULL, 5, 0},
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        const rcell *x = at(&r, 0, want[i].ref);
        if (!x) fail_msg("%s missing", want[i].ref);
        if (x->type != want[i].type) fail_msg("%s: type %d, expected %d", want[i].ref, x->type, want[i].type);
        if (want[i].text) assert_string_equal(x->text, want[i].text);
        else assert_true(fabs(x->num - want[i].num) < 1e-12);
        if (!!(x->flags & CX_CF_FORMULA) != want[i].formula) fail_msg("%s: formula flag %#x", want[i].ref, x->flags);
    }
    assert_null(at(&r, 0, "F4"));              /* ="" is an empty cell */
    const rcell *c5 = at(&r, 2, "C5");
    assert_non_null(c5);
    assert_true(c5->num == 42);
    rec_free(&r);
    cx_diag_clear(&d);
}

/* Typed-in booleans and errors (BOOLERR records, written by Gnumeric). */
static void test_literal_boolerr(void **state)
{
    (void)state;
    rec r;
    cx_diag d;
    cx_diag_init(&d);
    assert_int_equal(read_path("tests/data/xls/literals.xls", &r, NULL, &d), CX_OK);
    assert_string_equal(r.names[0], "Hằng");
    const rcell *x = at(&r, 0, "B2");
    assert_int_equal(x->type, CX_CELL_BOOL);
    assert_true(x->num == 1 && x->flags == 0);
    x = at(&r, 0, "B3");
    assert_int_equal(x->type, CX_CELL_BOOL);
    assert_true(x->num == 0);
    x = at(&r, 0, "C2");
    assert_int_equal(x->type, CX_CELL_ERROR);
    assert_string_equal(x->text, "#DIV/0!");           /* freexl alone: the integer 1 or nothing */
    assert_int_equal(x->flags, 0);
    assert_string_equal(at(&r, 0, "C3")->text, "#N/A");
    rec_free(&r);
    cx_diag_clear(&d);
}

/* Strings across record boundaries: a 9000-character shared string, 3000
 * shared strings (the SST spans many CONTINUE records), formula text results
 * of 6000 and 9001 characters (STRING + CONTINUE, UTF-16 and compressed). */
static void test_long_strings(void **state)
{
    (void)state;
    rec r;
    cx_diag d;
    cx_diag_init(&d);
    assert_int_equal(read_path("tests/data/xls/long.xls", &r, NULL, &d), CX_OK);
    char *want = malloc(30000);
    want[0] = 0;
    for (int i = 0; i < 391; i++) strcat(want, "Thời gian chốt số liệu ");
    strcat(want, "hết");
    assert_string_equal(at(&r, 0, "A1")->text, want);
    want[0] = 0;
    for (int i = 0; i < 6000; i++) strcat(want, "ệ");
    const rcell *a2 = at(&r, 0, "A2");
    assert_true(a2->flags & CX_CF_FORMULA);
    assert_string_equal(a2->text, want);
    memset(want, 'a', 9000);
    strcpy(want + 9000, "Đ");
    assert_string_equal(at(&r, 0, "A3")->text, want);
    free(want);
    for (int i = 0; i < 3000; i++) {
        char ref[16], txt[64];
        snprintf(ref, sizeof ref, "A%d", 4 + i);
        snprintf(txt, sizeof txt, "Xã số %d – Ấp Phú Hưng", i);
        const rcell *x = at(&r, 0, ref);
        if (!x || !x->text || strcmp(x->text, txt)) fail_msg("%s: '%s'", ref, x && x->text ? x->text : "(none)");
        ref[0] = 'B';
        assert_true(at(&r, 0, ref)->num == i * 0.25);
    }
    assert_int_equal(d.n, 0);
    rec_free(&r);
    cx_diag_clear(&d);
}

static void test_number_formats(void **state)
{
    (void)state;
    rec r;
    cx_diag d;
    cx_diag_init(&d);
    assert_int_equal(read_path("tests/data/xls/formats.xls", &r, NULL, &d), CX_OK);
    static const struct { const char *ref; double num; unsigned flags; } want[] = {
        {"B2", 12.5, 0},                  /* 0.00 "m/s": freexl makes it the time 12:00:00 */
        {"B3", 0.25, 0},
        {"C2", 0.898, CX_CF_PERCENT},     /* raw fraction; the normalizer multiplies */
        {"C3", 1, CX_CF_PERCENT},
        {"D2", 45418, CX_CF_DATE},        /* 2024-05-06 */
        {"D3", 45291, CX_CF_DATE},        /* 2023-12-31 */
        {"E2", 0.5, CX_CF_DATE},          /* 12:00 */
        {"F2", 1234.5, 0},                /* #,##0.0 "đ";[Red]-... */
        {"G2", 86.59, 0},                 /* [$-42A]0.00 */
        {"H2", 25, CX_CF_FORMULA},        /* formula with 0.00 "m/s" */
        {"I2", 0.898, CX_CF_FORMULA | CX_CF_PERCENT},
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        const rcell *x = at(&r, 0, want[i].ref);
        if (!x) fail_msg("%s missing", want[i].ref);
        assert_int_equal(x->type, CX_CELL_NUMBER);
        if (fabs(x->num - want[i].num) > 1e-9) fail_msg("%s: %.17g, expected %g", want[i].ref, x->num, want[i].num);
        if (x->flags != want[i].flags) fail_msg("%s: flags %#x, expected %#x", want[i].ref, x->flags, want[i].flags);
    }
    rec_free(&r);
    cx_diag_clear(&d);
}

/* 1904 date system: the serial comes out in the 1900 system table.h promises. */
static void test_date1904(void **state)
{
    (void)state;
    rec r;
    cx_diag d;
    cx_diag_init(&d);
    assert_int_equal(read_path("tests/data/xls/date1904.xls", &r, NULL, &d), CX_OK);
    const rcell *a1 = at(&r, 0, "A1");
    assert_int_equal(a1->type, CX_CELL_NUMBER);
    assert_int_equal(a1->flags, CX_CF_DATE);
    assert_true(a1->num == 45418);            /* 2024-05-06 */
    assert_true(at(&r, 0, "B1")->num == 12.5);  /* not a date: unshifted */
    rec_free(&r);
    cx_diag_clear(&d);
}

static void test_encrypted(void **state)
{
    (void)state;
    rec r;
    cx_diag d;
    cx_diag_init(&d);
    assert_int_equal(read_path("tests/data/xls/encrypted.xls", &r, NULL, &d), CX_ERR_ENCRYPTED);
    assert_string_equal(d.errmsg, "tests/data/xls/encrypted.xls: the workbook is password-protected; "
                                  "save it without a password and try again");
    assert_int_equal(r.nsheets, 0);
    rec_free(&r);
    cx_diag_clear(&d);
}

static void test_truncated(void **state)
{
    (void)state;
    rec r;
    cx_diag d;
    cx_diag_init(&d);
    assert_int_equal(read_path("tests/data/xls/truncated.xls", &r, NULL, &d), CX_ERR_FORMAT);
    assert_non_null(strstr(d.errmsg, "tests/data/xls/truncated.xls: the workbook is incomplete"));
    assert_null(strchr(d.errmsg, '\n'));
    rec_free(&r);
    cx_diag_clear(&d);
}

/* Every prefix of the sample and of the Excel 95 file: an error or a clean
 * read, never a crash (run under `make test-asan`). A failed read is a
 * message; nothing is pushed after a failure is decided. */
static void test_every_prefix(void **state)
{
    (void)state;
    static const char *files[] = {"samples/phu-tan-2024-t5-w1.xls", "tests/data/xls/biff5.xls"};
    for (size_t fi = 0; fi < 2; fi++) {
        size_t len;
        uint8_t *full = slurp(files[fi], &len);
        for (size_t n = 0; n < len; n += (n < 1024 ? 7 : 61)) {
            uint8_t *b = malloc(n ? n : 1);    /* exact size: ASan sees any overread */
            memcpy(b, full, n);
            rec r = {0};
            cx_diag d;
            cx_diag_init(&d);
            cx_sink s = {&r, r_begin, r_row, r_merge, r_end};
            cx_error e = cx_read_xls(b, n, NULL, &s, NULL, &d);
            if (e != CX_OK) {
                assert_int_equal(e, CX_ERR_FORMAT);
                assert_true(d.errmsg[0] != 0);
            }
            rec_free(&r);
            cx_diag_clear(&d);
            free(b);
        }
        free(full);
    }
}

/* Deterministic byte mutations of the sample: never a crash. */
static void test_mutations(void **state)
{
    (void)state;
    size_t len;
    uint8_t *full = slurp("samples/phu-tan-2024-t5-w1.xls", &len);
    uint8_t *b = malloc(len);
    uint32_t x = 2463534242u;
    for (int it = 0; it < 1500; it++) {
        memcpy(b, full, len);
        int flips = 1 + it % 8;
        for (int k = 0; k < flips; k++) {
            x ^= x << 13; x ^= x >> 17; x ^= x << 5;
            size_t pos = x % len;
            x ^= x << 13; x ^= x >> 17; x ^= x << 5;
            b[pos] = (uint8_t)(it % 3 == 0 ? 0xFF : it % 3 == 1 ? 0 : x);
        }
        rec r = {0};
        cx_diag d;
        cx_diag_init(&d);
        cx_sink s = {&r, r_begin, r_row, r_merge, r_end};
        cx_read_xls(b, len, NULL, &s, NULL, &d);
        rec_free(&r);
        cx_diag_clear(&d);
    }
    free(b);
    free(full);
}

static void test_not_xls(void **state)
{
    (void)state;
    static const struct { const char *bytes; size_t len; } cases[] = {
        {"", 0},
        {"hello, world", 12},
        {"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8},             /* signature only */
        {"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0\0\0", 12},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        cx_diag d;
        cx_diag_init(&d);
        cx_read_opts o = {"x.xls", NULL};
        assert_int_equal(cx_read_xls((const uint8_t *)cases[i].bytes, cases[i].len, &o, NULL, NULL, &d), CX_ERR_FORMAT);
        assert_true(!strncmp(d.errmsg, "x.xls: ", 7));
        cx_diag_clear(&d);
    }
    /* 512 zero bytes after a signature: a header that says nothing */
    uint8_t *z = calloc(4096, 1);
    memcpy(z, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
    cx_diag d;
    cx_diag_init(&d);
    assert_int_equal(cx_read_xls(z, 4096, NULL, NULL, NULL, &d), CX_ERR_FORMAT);
    cx_diag_clear(&d);
    free(z);
}

/* A text cell pointing past the shared-string table: read on, the cell empty,
 * one warning that names the sheet. */
static void test_missing_shared_string(void **state)
{
    (void)state;
    size_t len;
    uint8_t *buf = slurp("samples/phu-tan-2024-t5-w1.xls", &len);
    static const uint8_t labelsst[] = {0xFD, 0x00, 0x0A, 0x00};
    size_t hit = 0;
    for (size_t i = 0; i + 14 <= len && !hit; i++)
        if (!memcmp(buf + i, labelsst, 4)) hit = i;
    assert_true(hit > 0);
    memset(buf + hit + 10, 0xFF, 4);              /* isst = 0xFFFFFFFF */
    rec r = {0};
    cx_diag d;
    cx_diag_init(&d);
    cx_sink s = {&r, r_begin, r_row, r_merge, r_end};
    cx_read_opts o = {"x.xls", NULL};
    assert_int_equal(cx_read_xls(buf, len, &o, &s, NULL, &d), CX_OK);
    assert_int_equal(d.n, 1);
    assert_string_equal(d.items[0].code, "xls_text_unread");
    assert_string_equal(d.items[0].sheet, "Phụ lục 1");
    assert_non_null(strstr(d.items[0].message, "1 text cell refers"));
    rec_free(&r);
    cx_diag_clear(&d);
    free(buf);
}

static void test_sink_abort(void **state)
{
    (void)state;
    size_t len;
    uint8_t *buf = slurp("samples/phu-tan-2024-t5-w1.xls", &len);
    rec r = {0};
    r.abort_after = 3;
    cx_diag d;
    cx_diag_init(&d);
    cx_sink s = {&r, r_begin, r_row, r_merge, r_end};
    assert_int_equal(cx_read_xls(buf, len, NULL, &s, NULL, &d), CX_ERR_ABORTED);
    assert_int_equal(r.rows_seen, 3);
    assert_int_equal(r.ended, 0);
    rec_free(&r);
    cx_diag_clear(&d);
    free(buf);
}

/* freexl as an independent oracle for what it reads right: every text cell
 * and every plain number it gives must be what the reader gives. (Formula
 * cells are NULL in freexl, error cells 1, and a number in a format with
 * letters a "time": those are what the reader exists for.) */
static void test_freexl_oracle(void **state)
{
    (void)state;
    static const char *files[] = {
        "samples/phu-tan-2024-t5-w1.xls", "tests/data/xls/errors.xls",
        "tests/data/xls/formats.xls", "tests/data/xls/literals.xls",
        /* not long.xls: freexl opens it and lists no sheet at all */
    };
    for (size_t fi = 0; fi < sizeof files / sizeof files[0]; fi++) {
        rec r;
        cx_diag d;
        cx_diag_init(&d);
        assert_int_equal(read_path(files[fi], &r, NULL, &d), CX_OK);
        const void *xh = NULL;
        assert_int_equal(freexl_open(files[fi], &xh), FREEXL_OK);
        unsigned nsheets = 0;
        freexl_get_info(xh, FREEXL_BIFF_SHEET_COUNT, &nsheets);
        assert_int_equal(nsheets, r.nsheets);
        int compared = 0;
        for (unsigned s = 0; s < nsheets; s++) {
            const char *name;
            assert_int_equal(freexl_get_worksheet_name(xh, (unsigned short)s, &name), FREEXL_OK);
            assert_string_equal(name, r.names[s]);
            freexl_select_active_worksheet(xh, (unsigned short)s);
            unsigned rows;
            unsigned short cols;
            freexl_worksheet_dimensions(xh, &rows, &cols);
            for (unsigned row = 0; row < rows; row++)
                for (unsigned col = 0; col < cols; col++) {
                    FreeXL_CellValue v;
                    if (freexl_get_cell_value(xh, row, (unsigned short)col, &v) != FREEXL_OK) continue;
                    const rcell *x = NULL;
                    for (size_t i = 0; i < r.ncells; i++)
                        if (r.cells[i].sheet == s && r.cells[i].row == row && r.cells[i].col == col) x = &r.cells[i];
                    if (v.type == FREEXL_CELL_TEXT || v.type == FREEXL_CELL_SST_TEXT) {
                        if (!v.value.text_value[0]) continue;
                        if (!x || x->type != CX_CELL_TEXT || strcmp(x->text, v.value.text_value))
                            fail_msg("%s: sheet %u r%u c%u: freexl reads '%s'", files[fi], s, row, col, v.value.text_value);
                        compared++;
                    } else if (v.type == FREEXL_CELL_DOUBLE && x && x->type == CX_CELL_NUMBER) {
                        assert_true(x->num == v.value.double_value);
                        compared++;
                    } else if (v.type == FREEXL_CELL_INT && x && x->type == CX_CELL_NUMBER) {
                        assert_true(x->num == v.value.int_value);
                        compared++;
                    }
                }
        }
        assert_true(compared >= 5);
        if (fi == 0) {
            /* what the reader is for: freexl has nothing for the formula F7 */
            FreeXL_CellValue v;
            freexl_select_active_worksheet(xh, 0);
            assert_int_equal(freexl_get_cell_value(xh, 6, 5, &v), FREEXL_OK);
            assert_int_equal(v.type, FREEXL_CELL_NULL);
            assert_true(fabs(at(&r, 0, "F7")->num - 11.83) < 1e-9);
        }
        freexl_close(xh);
        rec_free(&r);
        cx_diag_clear(&d);
    }
}

/* Through cx_read_file: the bytes pick the reader, whatever the name. */
static void test_read_file_sniffs(void **state)
{
    (void)state;
    rec r = {0};
    r.order_ok = 1;
    cx_diag d;
    cx_diag_init(&d);
    cx_read_info info;
    cx_sink s = {&r, r_begin, r_row, r_merge, r_end};
    assert_int_equal(cx_read_file("samples/phu-tan-2024-t5-w1.xls", NULL, &s, &info, &d), CX_OK);
    assert_int_equal(info.format, CX_FMT_XLS);
    assert_string_equal(cx_format_name(info.format), "xls");
    assert_int_equal(r.nsheets, 1);
    rec_free(&r);
    cx_diag_clear(&d);
}

/* Inputs that once crashed a reader (kept by the fuzzer's owner): each must
 * give an answer, any answer, without a crash. */
static void test_regression_corpus(void **state)
{
    (void)state;
    DIR *dir = opendir("tests/fuzz/regress/fuzz_xls");
    if (!dir) return;
    struct dirent *e;
    while ((e = readdir(dir))) {
        if (e->d_name[0] == '.') continue;
        char path[512];
        snprintf(path, sizeof path, "tests/fuzz/regress/fuzz_xls/%s", e->d_name);
        size_t len;
        uint8_t *b = slurp(path, &len);
        rec r = {0};
        cx_diag d;
        cx_diag_init(&d);
        cx_sink s = {&r, r_begin, r_row, r_merge, r_end};
        cx_read_xls(b, len, NULL, &s, NULL, &d);
        rec_free(&r);
        cx_diag_clear(&d);
        free(b);
    }
    closedir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sample_reads_like_csv),
        cmocka_unit_test(test_biff5_reads_like_csv),
        cmocka_unit_test(test_errors_and_booleans),
        cmocka_unit_test(test_literal_boolerr),
        cmocka_unit_test(test_long_strings),
        cmocka_unit_test(test_number_formats),
        cmocka_unit_test(test_date1904),
        cmocka_unit_test(test_encrypted),
        cmocka_unit_test(test_truncated),
        cmocka_unit_test(test_every_prefix),
        cmocka_unit_test(test_mutations),
        cmocka_unit_test(test_not_xls),
        cmocka_unit_test(test_missing_shared_string),
        cmocka_unit_test(test_sink_abort),
        cmocka_unit_test(test_read_file_sniffs),
        cmocka_unit_test(test_freexl_oracle),
        cmocka_unit_test(test_regression_corpus),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
