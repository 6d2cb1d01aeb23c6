/* Unit tests for the BIFF walker (formats/read/biff.c): number-format classes,
 * error texts, the walk over real files, and hostile containers. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "biff.h"

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

static void test_classify_formats(void **state)
{
    (void)state;
    static const struct { const char *code; cx_biff_fmt want; } cases[] = {
        {"General", CX_BIFF_FMT_GENERAL},
        {"0.00", CX_BIFF_FMT_GENERAL},
        {"0.00 \"m/s\"", CX_BIFF_FMT_GENERAL},        /* freexl: a time */
        {"#,##0.0 \"đ\";[Red]-#,##0.0 \"đ\"", CX_BIFF_FMT_GENERAL},
        {"[$-42A]0.00", CX_BIFF_FMT_GENERAL},          /* locale tag, not a date */
        {"[Red]0.00", CX_BIFF_FMT_GENERAL},
        {"[>=100]0;0.0", CX_BIFF_FMT_GENERAL},
        {"0.00E+00", CX_BIFF_FMT_GENERAL},
        {"\\d0", CX_BIFF_FMT_GENERAL},                 /* escaped letter */
        {"_(* #,##0_);_(* (#,##0);_(* \"-\"_);_(@_)", CX_BIFF_FMT_GENERAL},
        {"@", CX_BIFF_FMT_GENERAL},
        {"0%", CX_BIFF_FMT_PERCENT},
        {"0.0%", CX_BIFF_FMT_PERCENT},
        {"0%;[Red]-0%", CX_BIFF_FMT_PERCENT},
        {"0.0\"%\"", CX_BIFF_FMT_GENERAL},             /* a quoted % is only a sign */
        {"dd/mm/yyyy", CX_BIFF_FMT_DATE},
        {"DD/MM/YYYY", CX_BIFF_FMT_DATE},
        {"mmm-yy", CX_BIFF_FMT_DATE},
        {"hh:mm", CX_BIFF_FMT_DATE},
        {"[h]:mm:ss", CX_BIFF_FMT_DATE},
        {"[$-42A]dd/mm/yyyy", CX_BIFF_FMT_DATE},
        {"yyyy\" năm\"", CX_BIFF_FMT_DATE},
        {"h:mm AM/PM", CX_BIFF_FMT_DATE},
        {"", CX_BIFF_FMT_GENERAL},
        {"\"", CX_BIFF_FMT_GENERAL},                   /* unterminated quote */
        {"[", CX_BIFF_FMT_GENERAL},
        {"\\", CX_BIFF_FMT_GENERAL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        if (cx_biff_classify_format(cases[i].code) != cases[i].want)
            fail_msg("'%s': class %d, expected %d", cases[i].code, cx_biff_classify_format(cases[i].code), cases[i].want);
    assert_int_equal(cx_biff_classify_format(NULL), CX_BIFF_FMT_GENERAL);
}

static void test_error_texts(void **state)
{
    (void)state;
    assert_string_equal(cx_biff_error_text(0x07), "#DIV/0!");
    assert_string_equal(cx_biff_error_text(0x2A), "#N/A");
    assert_string_equal(cx_biff_error_text(0x0F), "#VALUE!");
    assert_string_equal(cx_biff_error_text(0x17), "#REF!");
    assert_string_equal(cx_biff_error_text(0x1D), "#NAME?");
    assert_string_equal(cx_biff_error_text(0x24), "#NUM!");
    assert_string_equal(cx_biff_error_text(0x00), "#NULL!");
    assert_string_equal(cx_biff_error_text(0x99), "#ERROR!");
    assert_string_equal(cx_biff_codepage_name(1258), "cp1258");
    assert_string_equal(cx_biff_codepage_name(1252), "cp1252");
    assert_string_equal(cx_biff_codepage_name(1200), "utf-16le");
    assert_string_equal(cx_biff_codepage_name(4242), "unknown");
}

static void test_walk_sample(void **state)
{
    (void)state;
    size_t len;
    uint8_t *buf = slurp("samples/phu-tan-2024-t5-w1.xls", &len);
    cx_biff_book *bk = NULL;
    char why[256];
    assert_int_equal(cx_biff_parse(buf, len, &bk, why, sizeof why), CX_BIFF_OK);
    assert_int_equal(bk->biff, 8);
    assert_int_equal(bk->date1904, 0);
    assert_int_equal(bk->nsheets, 1);
    const cx_biff_sheet *s = &bk->sheets[0];
    assert_string_equal(s->name, "Phụ lục 1");
    assert_int_equal(s->type, 0);
    assert_int_equal(s->nrows, 24);
    assert_int_equal(s->ncols, 13);
    assert_int_equal(s->nmerges, 9);
    for (size_t i = 1; i < s->ncells; i++)
        assert_true(s->cells[i - 1].row < s->cells[i].row ||
                    (s->cells[i - 1].row == s->cells[i].row && s->cells[i - 1].col < s->cells[i].col));
    /* every data row's change column is a formula with its cached number */
    for (uint32_t r = 5; r < 24; r++) {
        const cx_biff_cell *c = cx_biff_find(s, r, 5);
        assert_non_null(c);
        assert_int_equal(c->kind, CX_BIFF_NUMBER);
        assert_int_equal(c->formula, 1);
        const cx_biff_cell *k = cx_biff_find(s, r, 3);   /* =IF(...) -> text */
        assert_int_equal(k->kind, CX_BIFF_STRING);
        assert_non_null(k->str);
    }
    assert_true(fabs(cx_biff_find(s, 5, 5)->num - 6.06) < 1e-9);
    assert_string_equal(cx_biff_find(s, 23, 3)->str, "TB");
    const cx_biff_cell *b7 = cx_biff_find(s, 6, 1);                 /* a shared string */
    assert_int_equal(b7->kind, CX_BIFF_TEXT);
    assert_int_equal(b7->shared, 1);
    assert_string_equal(b7->str, "PHÚ HÙNG");
    assert_true(bk->nsst > 30);
    assert_null(cx_biff_find(s, 2, 0));
    assert_null(cx_biff_find(s, 100, 100));
    cx_biff_free(bk);
    cx_biff_free(NULL);
    free(buf);
}

/* A file that ends with only the used part of its last sector (some writers
 * do this): read as zero-padded, like Excel and freexl. */
static void test_partial_last_sector(void **state)
{
    (void)state;
    size_t len;
    uint8_t *full = slurp("samples/phu-tan-2024-t5-w1.xls", &len);
    uint8_t *b = malloc(len - 200);
    memcpy(b, full, len - 200);      /* exact size: ASan sees any read past it */
    cx_biff_book *bk = NULL;
    char why[256];
    assert_int_equal(cx_biff_parse(b, len - 200, &bk, why, sizeof why), CX_BIFF_OK);
    assert_int_equal(bk->sheets[0].ncells, 264);
    cx_biff_free(bk);
    free(b);
    free(full);
}

static void test_walk_biff5(void **state)
{
    (void)state;
    size_t len;
    uint8_t *buf = slurp("tests/data/xls/biff5.xls", &len);
    cx_biff_book *bk = NULL;
    assert_int_equal(cx_biff_parse(buf, len, &bk, NULL, 0), CX_BIFF_OK);
    assert_int_equal(bk->biff, 5);
    assert_int_equal(bk->codepage, 1200);
    const cx_biff_sheet *s = &bk->sheets[0];
    assert_string_equal(s->name, "Phụ lục 1");
    assert_string_equal(cx_biff_find(s, 3, 0)->str, "STT");            /* ASCII as bytes */
    assert_string_equal(cx_biff_find(s, 3, 1)->str, "ĐƠN VỊ");         /* the rest as UTF-16 */
    assert_string_equal(cx_biff_find(s, 23, 1)->str, "PHÚ LONG");
    assert_true(fabs(cx_biff_find(s, 23, 5)->num - -26.42) < 1e-9);
    assert_string_equal(cx_biff_find(s, 21, 3)->str, "KHÁ");
    cx_biff_free(bk);
    free(buf);
}

static void test_walk_formats(void **state)
{
    (void)state;
    size_t len;
    uint8_t *buf = slurp("tests/data/xls/formats.xls", &len);
    cx_biff_book *bk = NULL;
    assert_int_equal(cx_biff_parse(buf, len, &bk, NULL, 0), CX_BIFF_OK);
    const cx_biff_sheet *s = &bk->sheets[0];
    assert_int_equal(cx_biff_find(s, 1, 1)->fmt, CX_BIFF_FMT_GENERAL);
    assert_int_equal(cx_biff_find(s, 1, 2)->fmt, CX_BIFF_FMT_PERCENT);
    assert_int_equal(cx_biff_find(s, 1, 3)->fmt, CX_BIFF_FMT_DATE);
    assert_int_equal(cx_biff_find(s, 1, 4)->fmt, CX_BIFF_FMT_DATE);
    assert_int_equal(cx_biff_find(s, 1, 5)->fmt, CX_BIFF_FMT_GENERAL);
    cx_biff_free(bk);
    free(buf);
}

static void test_encrypted(void **state)
{
    (void)state;
    size_t len;
    uint8_t *buf = slurp("tests/data/xls/encrypted.xls", &len);
    cx_biff_book *bk = (cx_biff_book *)1;
    char why[256];
    assert_int_equal(cx_biff_parse(buf, len, &bk, why, sizeof why), CX_BIFF_ENCRYPTED);
    assert_null(bk);
    free(buf);
}

/* Hostile containers built from the sample by changing one field. */
static void test_hostile_headers(void **state)
{
    (void)state;
    size_t len;
    uint8_t *orig = slurp("samples/phu-tan-2024-t5-w1.xls", &len);
    uint8_t *b = malloc(len);
    char why[256];
    cx_biff_book *bk;
    struct { size_t off; uint32_t val; int width; cx_biff_status want; } cases[] = {
        {0x1E, 20, 2, CX_BIFF_NOT_CFBF},             /* sector size 2^20 */
        {0x1C, 0x1234, 2, CX_BIFF_NOT_CFBF},         /* byte order mark */
        {0x2C, 0xFFFFFFFF, 4, CX_BIFF_TRUNCATED},    /* 4 billion FAT sectors */
        {0x2C, 0, 4, CX_BIFF_DAMAGED},               /* no FAT */
        {0x4C, 0x7FFFFFF0, 4, CX_BIFF_TRUNCATED},    /* FAT sector past the end */
        {0x30, 0x7FFFFFF0, 4, CX_BIFF_TRUNCATED},    /* directory past the end */
        {0x30, 0xFFFFFFFE, 4, CX_BIFF_DAMAGED},      /* directory: an empty chain */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        memcpy(b, orig, len);
        for (int k = 0; k < cases[i].width; k++) b[cases[i].off + k] = (uint8_t)(cases[i].val >> (8 * k));
        bk = NULL;
        cx_biff_status st = cx_biff_parse(b, len, &bk, why, sizeof why);
        if (st != cases[i].want) fail_msg("case %zu: status %d (%s), expected %d", i, st, why, cases[i].want);
        assert_null(bk);
        assert_true(why[0] != 0);
    }
    /* a FAT whose every entry points to itself: a loop, not a hang */
    memcpy(b, orig, len);
    uint32_t fat0 = b[0x4C] | (b[0x4D] << 8) | (b[0x4E] << 16) | ((uint32_t)b[0x4F] << 24);
    uint8_t *fat = b + ((size_t)fat0 + 1) * 512;
    for (uint32_t k = 0; k < 128; k++) {
        fat[4 * k] = (uint8_t)k; fat[4 * k + 1] = (uint8_t)(k >> 8); fat[4 * k + 2] = 0; fat[4 * k + 3] = 0;
    }
    assert_int_not_equal(cx_biff_parse(b, len, &bk, why, sizeof why), CX_BIFF_OK);
    free(b);
    free(orig);
}

/* The directory entry "Workbook" renamed: a password-protected .xlsx (a
 * compound file with an EncryptedPackage stream) and a Word document. */
static void rename_workbook(uint8_t *b, size_t len, const char *name)
{
    static const uint8_t wb16[] = {'W', 0, 'o', 0, 'r', 0, 'k', 0, 'b', 0, 'o', 0, 'o', 0, 'k', 0, 0, 0};
    uint8_t *e = NULL;
    for (size_t i = 0; i + sizeof wb16 <= len && !e; i++)
        if (!memcmp(b + i, wb16, sizeof wb16)) e = b + i;
    assert_non_null(e);
    memset(e, 0, 64);
    size_t n = strlen(name);
    for (size_t i = 0; i < n; i++) e[2 * i] = (uint8_t)name[i];
    e[64] = (uint8_t)(2 * n + 2);
    e[65] = 0;
}

static void test_other_compound_files(void **state)
{
    (void)state;
    size_t len;
    uint8_t *b = slurp("samples/phu-tan-2024-t5-w1.xls", &len);
    cx_biff_book *bk = NULL;
    char why[256];
    rename_workbook(b, len, "EncryptedPackage");
    assert_int_equal(cx_biff_parse(b, len, &bk, why, sizeof why), CX_BIFF_ENCRYPTED);
    free(b);
    b = slurp("samples/phu-tan-2024-t5-w1.xls", &len);
    rename_workbook(b, len, "WordDocument");
    assert_int_equal(cx_biff_parse(b, len, &bk, why, sizeof why), CX_BIFF_NO_WORKBOOK);
    assert_string_equal(why, "a Word or PowerPoint document, not an Excel workbook");
    free(b);
    b = slurp("samples/phu-tan-2024-t5-w1.xls", &len);
    rename_workbook(b, len, "Book");          /* BIFF5's name: still found */
    assert_int_equal(cx_biff_parse(b, len, &bk, why, sizeof why), CX_BIFF_OK);
    cx_biff_free(bk);
    free(b);
}

/* Every single-byte change in the sample's workbook stream area: the walker
 * returns, with a book or with a reason. Run under ASan by `make test-asan`. */
static void test_every_byte(void **state)
{
    (void)state;
    size_t len;
    uint8_t *orig = slurp("samples/phu-tan-2024-t5-w1.xls", &len);
    uint8_t *b = malloc(len);
    static const uint8_t vals[] = {0x00, 0xFF, 0x80};
    for (size_t pos = 0; pos < len; pos++) {
        for (size_t v = 0; v < sizeof vals; v++) {
            if (orig[pos] == vals[v]) continue;
            memcpy(b, orig, len);
            b[pos] = vals[v];
            cx_biff_book *bk = NULL;
            char why[128];
            cx_biff_status st = cx_biff_parse(b, len, &bk, why, sizeof why);
            if (st == CX_BIFF_OK) assert_non_null(bk);
            else { assert_null(bk); assert_true(why[0] != 0); }
            cx_biff_free(bk);
        }
    }
    free(b);
    free(orig);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_classify_formats),
        cmocka_unit_test(test_error_texts),
        cmocka_unit_test(test_walk_sample),
        cmocka_unit_test(test_partial_last_sector),
        cmocka_unit_test(test_walk_biff5),
        cmocka_unit_test(test_walk_formats),
        cmocka_unit_test(test_encrypted),
        cmocka_unit_test(test_hostile_headers),
        cmocka_unit_test(test_other_compound_files),
        cmocka_unit_test(test_every_byte),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
