/* Unit tests for encoding.c: every Vietnamese letter through every encoding, detection on the
 * real-shaped samples, the .VnTime font conventions, font-encoded spreadsheet cells. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <iconv.h>
#include <cmocka.h>
#include <utf8proc.h>
#include "encoding.h"
#include "names.h"

/* ---- helpers ---- */

static char *utf8_of(int32_t cp)
{
    static char b[8];
    unsigned c = (unsigned)cp;
    if (c < 0x80) { b[0] = (char)c; b[1] = 0; }
    else if (c < 0x800) { b[0] = (char)(0xC0 | c >> 6); b[1] = (char)(0x80 | (c & 0x3F)); b[2] = 0; }
    else { b[0] = (char)(0xE0 | c >> 12); b[1] = (char)(0x80 | ((c >> 6) & 0x3F)); b[2] = (char)(0x80 | (c & 0x3F)); b[3] = 0; }
    return b;
}

/* every Vietnamese letter: 144 vowels (bare and with marks, both cases) and đ, Đ */
static size_t all_letters(char out[][8])
{
    size_t n = 0;
    for (int u = 0; u < 2; u++)
        for (int v = 0; v < 12; v++)
            for (int t = 0; t < 6; t++) strcpy(out[n++], utf8_of(cx_vi_vowel_cp(v, t, u)));
    strcpy(out[n++], "đ");
    strcpy(out[n++], "Đ");
    return n;
}

/* encode UTF-8 with iconv (the reference encoder) */
static size_t iconv_enc(const char *to, const char *s, char *out, size_t cap)
{
    iconv_t cd = iconv_open(to, "UTF-8");
    assert_true(cd != (iconv_t)-1);
    char *in = (char *)s, *o = out;
    size_t il = strlen(s), ol = cap;
    size_t r = iconv(cd, &in, &il, &o, &ol);
    assert_int_not_equal(r, (size_t)-1);
    iconv(cd, NULL, NULL, &o, &ol);
    iconv_close(cd);
    return cap - ol;
}

static void expect_decode(cx_encoding e, const char *bytes, size_t len, const char *want)
{
    char *out = NULL;
    size_t ol = 0, bad = 99;
    assert_int_equal(cx_decode(e, (const uint8_t *)bytes, len, &out, &ol, &bad), CX_OK);
    if (strcmp(out, want) != 0) fail_msg("%s: decoded '%s', want '%s'", cx_encoding_name(e), out, want);
    assert_int_equal(ol, strlen(want));
    assert_int_equal(bad, 0);
    free(out);
}

/* ---- tests ---- */

static void test_names_aliases(void **state)
{
    (void)state;
    static const struct { const char *n; cx_encoding e; } a[] = {
        {"utf-8", CX_ENC_UTF8}, {"UTF8", CX_ENC_UTF8}, {"utf-16", CX_ENC_UTF16LE}, {"utf-16le", CX_ENC_UTF16LE},
        {"UTF-16BE", CX_ENC_UTF16BE}, {"cp1258", CX_ENC_CP1258}, {"windows-1258", CX_ENC_CP1258},
        {"tcvn3", CX_ENC_TCVN3}, {"abc", CX_ENC_TCVN3}, {"TCVN", CX_ENC_TCVN3}, {"vni", CX_ENC_VNI},
        {"vni-windows", CX_ENC_VNI}, {"viscii", CX_ENC_VISCII}, {"cp1252", CX_ENC_CP1252},
        {"klingon", CX_ENC_UNKNOWN}, {NULL, CX_ENC_UNKNOWN},
    };
    for (size_t i = 0; i < sizeof a / sizeof a[0]; i++) assert_int_equal(cx_encoding_from_name(a[i].n), a[i].e);
    for (int e = 1; e < CX_ENC_COUNT; e++)
        assert_int_equal(cx_encoding_from_name(cx_encoding_name((cx_encoding)e)), e);
}

/* Every letter encoded by iconv, decoded by us: CP1258 (decomposed marks), TCVN5712-1, VISCII, UTF-16. */
static void test_roundtrip_iconv(void **state)
{
    (void)state;
    static char letters[160][8];
    size_t n = all_letters(letters);
    assert_int_equal(n, 146);
    static const struct { const char *ic; cx_encoding e; } encs[] = {
        {"CP1258", CX_ENC_CP1258}, {"TCVN5712-1", CX_ENC_TCVN3}, {"VISCII", CX_ENC_VISCII},
        {"UTF-16LE", CX_ENC_UTF16LE}, {"UTF-16BE", CX_ENC_UTF16BE},
    };
    for (size_t k = 0; k < sizeof encs / sizeof encs[0]; k++)
        for (size_t i = 0; i < n; i++) {
            char buf[32];
            /* inside a word so that context rules (TCVN3 case repair) have something to see */
            char word[32];
            snprintf(word, sizeof word, "x%.7sx", letters[i]);
            size_t bl = iconv_enc(encs[k].ic, word, buf, sizeof buf);
            expect_decode(encs[k].e, buf, bl, word);
        }
}

/* VNI-Windows, written from the VNI table: a base letter and a mark byte (cp1252 glyphs here). */
static const char *const vni_lower[12][6] = {
    {"a", "aø", "aù", "aû", "aõ", "aï"}, {"aê", "aè", "aé", "aú", "aü", "aë"},
    {"aâ", "aà", "aá", "aå", "aã", "aä"}, {"e", "eø", "eù", "eû", "eõ", "eï"},
    {"eâ", "eà", "eá", "eå", "eã", "eä"}, {"i", "ì", "í", "æ", "ó", "ò"},
    {"o", "oø", "où", "oû", "oõ", "oï"}, {"oâ", "oà", "oá", "oå", "oã", "oä"},
    {"ô", "ôø", "ôù", "ôû", "ôõ", "ôï"}, {"u", "uø", "uù", "uû", "uõ", "uï"},
    {"ö", "öø", "öù", "öû", "öõ", "öï"}, {"y", "yø", "yù", "yû", "yõ", "î"},
};

/* cp1252 glyph string (UTF-8 here) -> VNI bytes; upper = the capital form (bytes - 0x20) */
static size_t vni_bytes(const char *glyphs, int upper, uint8_t *out)
{
    char tmp[16];
    size_t n = iconv_enc("CP1252", glyphs, tmp, sizeof tmp);
    for (size_t i = 0; i < n; i++) {
        uint8_t b = (uint8_t)tmp[i];
        if (upper) b = (b >= 'a' && b <= 'z') ? (uint8_t)(b - 0x20) : (b >= 0xE0 ? (uint8_t)(b - 0x20) : b);
        out[i] = b;
    }
    return n;
}

static void test_roundtrip_vni(void **state)
{
    (void)state;
    for (int u = 0; u < 2; u++) {
        for (int v = 0; v < 12; v++)
            for (int t = 0; t < 6; t++) {
                uint8_t b[16];
                size_t n = vni_bytes(vni_lower[v][t], u, b);
                expect_decode(CX_ENC_VNI, (const char *)b, n, utf8_of(cx_vi_vowel_cp(v, t, u)));
            }
        uint8_t d = u ? 0xD1 : 0xF1;
        expect_decode(CX_ENC_VNI, (const char *)&d, 1, u ? "Đ" : "đ");
    }
    /* the brief's own examples, and words from the samples */
    expect_decode(CX_ENC_VNI, "B\xecnh Tha\xefnh", 11, "Bình Thạnh");
    expect_decode(CX_ENC_VNI, "PHU\xd9 HU\xd8NG", 10, "PHÚ HÙNG");
    expect_decode(CX_ENC_VNI, "Ca\xc9m", 4, "Cắm");   /* recode swaps the capitals Ắ/Ằ; we do not */
    expect_decode(CX_ENC_VNI, "A\xc8", 2, "Ằ");
    expect_decode(CX_ENC_VNI, "\xd1O\xc2NG", 5, "ĐÔNG");
}

/* TCVN3 (ABC): the .VnTime fonts' lower-case letters and the seven capitals they have. */
static void test_tcvn3_abc(void **state)
{
    (void)state;
    static const struct { uint8_t b; const char *u; } abc[] = {
        {0xA1, "Ă"}, {0xA2, "Â"}, {0xA3, "Ê"}, {0xA4, "Ô"}, {0xA5, "Ơ"}, {0xA6, "Ư"}, {0xA7, "Đ"},
        {0xA8, "ă"}, {0xA9, "â"}, {0xAA, "ê"}, {0xAB, "ô"}, {0xAC, "ơ"}, {0xAD, "ư"}, {0xAE, "đ"},
        {0xB5, "à"}, {0xB6, "ả"}, {0xB7, "ã"}, {0xB8, "á"}, {0xB9, "ạ"}, {0xBB, "ằ"}, {0xBC, "ẳ"},
        {0xBD, "ẵ"}, {0xBE, "ắ"}, {0xC6, "ặ"}, {0xC7, "ầ"}, {0xC8, "ẩ"}, {0xC9, "ẫ"}, {0xCA, "ấ"},
        {0xCB, "ậ"}, {0xCC, "è"}, {0xCE, "ẻ"}, {0xCF, "ẽ"}, {0xD0, "é"}, {0xD1, "ẹ"}, {0xD2, "ề"},
        {0xD3, "ể"}, {0xD4, "ễ"}, {0xD5, "ế"}, {0xD6, "ệ"}, {0xD7, "ì"}, {0xD8, "ỉ"}, {0xDC, "ĩ"},
        {0xDD, "í"}, {0xDE, "ị"}, {0xDF, "ò"}, {0xE1, "ỏ"}, {0xE2, "õ"}, {0xE3, "ó"}, {0xE4, "ọ"},
        {0xE5, "ồ"}, {0xE6, "ổ"}, {0xE7, "ỗ"}, {0xE8, "ố"}, {0xE9, "ộ"}, {0xEA, "ờ"}, {0xEB, "ở"},
        {0xEC, "ỡ"}, {0xED, "ớ"}, {0xEE, "ợ"}, {0xEF, "ù"}, {0xF1, "ủ"}, {0xF2, "ũ"}, {0xF3, "ú"},
        {0xF4, "ụ"}, {0xF5, "ừ"}, {0xF6, "ử"}, {0xF7, "ữ"}, {0xF8, "ứ"}, {0xF9, "ự"}, {0xFA, "ỳ"},
        {0xFB, "ỷ"}, {0xFC, "ỹ"}, {0xFD, "ý"}, {0xFE, "ỵ"},
    };
    for (size_t i = 0; i < sizeof abc / sizeof abc[0]; i++) {
        char in[4] = {'x', (char)abc[i].b, 'x', 0}, want[16];
        snprintf(want, sizeof want, "x%sx", abc[i].u);
        expect_decode(CX_ENC_TCVN3, in, 3, want);
    }
    /* .VnTimeH: capitals typed with lower-case codes come back upper case; mixed case stays */
    expect_decode(CX_ENC_TCVN3, "PH\xf3 H\xefNG", 8, "PHÚ HÙNG");
    expect_decode(CX_ENC_TCVN3, "D\xde" "CH V\xf4 C\xa4NG", 12, "DỊCH VỤ CÔNG");
    expect_decode(CX_ENC_TCVN3, "H\xb5 N\xe9i", 6, "Hà Nội");
    expect_decode(CX_ENC_TCVN3, "Ph\xf3 H\xefng", 8, "Phú Hùng");
    /* cells of several lines (reference 002's headings): a lone capital word takes its case from
     * the words on its own line first, else from the lines around it, never against lower case */
    const char *ml = "\"\xa7\xe9\nGI\xb6I\nQUY\xd5T\",\"S\xe8\nH\xe3" "A\n(T\xf5\n80%\ntr\xeb\nl\xaan)\",\"\xa7I\xd6N T\xf6\n(L\xf2y k\xd5)\"";
    expect_decode(CX_ENC_TCVN3, ml, strlen(ml),
                  "\"ĐỘ\nGIẢI\nQUYẾT\",\"SỐ\nHÓA\n(Từ\n80%\ntrở\nlên)\",\"ĐIỆN TỬ\n(Lũy kế)\"");
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    char *b = malloc(1 << 20);
    *len = fread(b, 1, (1 << 20) - 1, f);
    fclose(f);
    b[*len] = 0;
    return b;
}

/* The same appendix in five encodings: detected right and decoded to the same text. */
static void test_samples(void **state)
{
    (void)state;
    static const struct { const char *path; cx_encoding e; } s[] = {
        {"samples/phu-tan-2024-t5-w1.csv", CX_ENC_UTF8},
        {"samples/phu-tan-2024-t5-w1-cp1258.csv", CX_ENC_CP1258},
        {"samples/phu-tan-2024-t5-w1-tcvn3.csv", CX_ENC_TCVN3},
        {"samples/phu-tan-2024-t5-w1-vni.csv", CX_ENC_VNI},
        {"samples/phu-tan-2024-t5-w1-utf16.csv", CX_ENC_UTF16LE},
    };
    size_t rl;
    char *ref = slurp(s[0].path, &rl);
    if (!ref) { skip(); return; }
    for (size_t i = 0; i < sizeof s / sizeof s[0]; i++) {
        size_t len, bom, bad;
        char *b = slurp(s[i].path, &len);
        assert_non_null(b);
        double conf;
        cx_encoding e = cx_detect_encoding((const uint8_t *)b, len, &conf, &bom);
        if (e != s[i].e) fail_msg("%s: detected %s", s[i].path, cx_encoding_name(e));
        if (conf < 0.9) fail_msg("%s: confidence %.2f", s[i].path, conf);
        char *out;
        size_t ol;
        assert_int_equal(cx_decode(e, (const uint8_t *)b + bom, len - bom, &out, &ol, &bad), CX_OK);
        assert_int_equal(bad, 0);
        if (strcmp(out, ref) != 0) fail_msg("%s decodes differently", s[i].path);
        free(out);
        free(b);
    }
    free(ref);
}

/* .VnTimeH typing: capitals with tone marks have no TCVN3 code, so they are typed lower case */
static char *vntimeh_typed(const char *s)
{
    size_t len = strlen(s), o = 0;
    char *out = malloc(len + 1);
    for (size_t i = 0; i < len;) {
        unsigned c = (unsigned char)s[i];
        size_t k = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        int32_t cp = c < 0x80 ? (int32_t)c : c < 0xE0 ? (int32_t)(((c & 0x1F) << 6) | (s[i + 1] & 0x3F))
                   : (int32_t)(((c & 0x0F) << 12) | ((s[i + 1] & 0x3F) << 6) | (s[i + 2] & 0x3F));
        int v, t, u;
        if (k <= 3 && cx_vi_vowel(cp, &v, &t, &u) && u && t) {
            const char *l = utf8_of(cx_vi_vowel_cp(v, t, 0));
            memcpy(out + o, l, strlen(l));
            o += strlen(l);
        } else {
            memcpy(out + o, s + i, k);
            o += k;
        }
        i += k;
    }
    out[o] = 0;
    return out;
}

/* Reference 002 (quoted cells of many lines, ';', decimal commas) encoded by iconv in three
 * legacy encodings: detected and decoded back to the same text. */
static void test_cho_moi_encodings(void **state)
{
    (void)state;
    size_t len;
    char *ref = slurp("samples/cho-moi-2023-t12-w1.csv", &len);
    if (!ref) { skip(); return; }
    const char *text = ref + 3;   /* after the BOM */
    static const struct { const char *ic; cx_encoding e; } encs[] = {
        {"CP1258", CX_ENC_CP1258}, {"VISCII", CX_ENC_VISCII}, {"TCVN5712-1", CX_ENC_TCVN3},
    };
    for (size_t k = 0; k < sizeof encs / sizeof encs[0]; k++) {
        char *typed = encs[k].e == CX_ENC_TCVN3 ? vntimeh_typed(text) : strdup(text);
        size_t cap = strlen(typed) * 2 + 16, bom, bad, ol;
        char *buf = malloc(cap);
        size_t bl = iconv_enc(encs[k].ic, typed, buf, cap);
        double c;
        cx_encoding e = cx_detect_encoding((const uint8_t *)buf, bl, &c, &bom);
        if (e != encs[k].e) fail_msg("%s detected as %s", encs[k].ic, cx_encoding_name(e));
        char *out;
        assert_int_equal(cx_decode(e, (const uint8_t *)buf, bl, &out, &ol, &bad), CX_OK);
        if (strcmp(out, text) != 0) fail_msg("%s: reference 002 decodes differently", encs[k].ic);
        free(out);
        free(buf);
        free(typed);
    }
    free(ref);
}

/* Short texts: a line of names is enough to tell the legacy encodings apart. */
static void test_detect_short(void **state)
{
    (void)state;
    const char *text = "Phú Hùng, Bình Thạnh Đông, Hòa Lạc, Chợ Vàm, Long Hòa, Hiệp Xương, Phú Thọ\n";
    static const struct { const char *ic; cx_encoding e; } encs[] = {
        {"CP1258", CX_ENC_CP1258}, {"TCVN5712-1", CX_ENC_TCVN3}, {"VISCII", CX_ENC_VISCII},
    };
    for (size_t k = 0; k < sizeof encs / sizeof encs[0]; k++) {
        char buf[256];
        size_t bl = iconv_enc(encs[k].ic, text, buf, sizeof buf), bom;
        double c;
        cx_encoding e = cx_detect_encoding((const uint8_t *)buf, bl, &c, &bom);
        if (e != encs[k].e) fail_msg("%s detected as %s", encs[k].ic, cx_encoding_name(e));
        assert_true(c >= 0.6);
    }
    /* VNI of the same names */
    const char *vni = "Phu\xf9 Hu\xf8ng, Bi\xecnh Tha\xefnh \xd1o\xe2ng, Ho\xf8" "a La\xef" "c, Ch\xf4\xef Va\xf8m\n";
    size_t bom;
    double c;
    assert_int_equal(cx_detect_encoding((const uint8_t *)vni, strlen(vni), &c, &bom), CX_ENC_VNI);
    /* a long ASCII preamble, then the legacy text: judged on the text */
    {
        size_t big = 300 * 1024;
        char *b = malloc(big + 256);
        for (size_t i = 0; i < big; i++) b[i] = (i % 64 == 63) ? '\n' : 'a' + (char)(i % 7);
        size_t tl = iconv_enc("TCVN5712-1", text, b + big, 256);
        assert_int_equal(cx_detect_encoding((const uint8_t *)b, big + tl, &c, &bom), CX_ENC_TCVN3);
        free(b);
    }
    /* plain ASCII and UTF-8 are UTF-8, certain */
    assert_int_equal(cx_detect_encoding((const uint8_t *)"STT,TEN\n1,abc\n", 14, &c, &bom), CX_ENC_UTF8);
    assert_true(c == 1.0);
    assert_int_equal(cx_detect_encoding((const uint8_t *)text, strlen(text), &c, &bom), CX_ENC_UTF8);
    /* BOMs */
    assert_int_equal(cx_detect_encoding((const uint8_t *)"\xef\xbb\xbfSTT", 6, &c, &bom), CX_ENC_UTF8);
    assert_int_equal(bom, 3);
    assert_int_equal(cx_detect_encoding((const uint8_t *)"\xff\xfeS\0", 4, &c, &bom), CX_ENC_UTF16LE);
    assert_int_equal(bom, 2);
    assert_int_equal(cx_detect_encoding((const uint8_t *)"\xfe\xff\0S", 4, &c, &bom), CX_ENC_UTF16BE);
    /* UTF-16 without a BOM */
    assert_int_equal(cx_detect_encoding((const uint8_t *)"S\0T\0T\0,\0", 8, &c, &bom), CX_ENC_UTF16LE);
    assert_int_equal(bom, 0);
    /* a few bytes of nothing Vietnamese: low confidence, never a crash */
    assert_int_equal(cx_detect_encoding((const uint8_t *)"\x81\x82\x83", 3, &c, &bom), CX_ENC_UTF8);
    assert_true(c < 0.6);
    /* UTF-8 with one damaged byte among good ones stays UTF-8 */
    const char *dmg = "Phú Hùng, Bình Thạnh Đông, Hòa Lạc, Chợ Vàm, Long Hòa, Hiệp Xương \xff";
    assert_int_equal(cx_detect_encoding((const uint8_t *)dmg, strlen(dmg), &c, &bom), CX_ENC_UTF8);
    assert_true(c > 0.6 && c < 1.0);
    assert_int_equal(cx_detect_encoding(NULL, 0, &c, &bom), CX_ENC_UTF8);
}

static void test_invalid_input(void **state)
{
    (void)state;
    char *out;
    size_t ol, bad;
    assert_int_equal(cx_decode(CX_ENC_UTF8, (const uint8_t *)"a\xff" "b\xc3", 4, &out, &ol, &bad), CX_OK);
    assert_string_equal(out, "a\xef\xbf\xbd" "b\xef\xbf\xbd");
    assert_int_equal(bad, 2);
    free(out);
    assert_int_equal(cx_decode(CX_ENC_UTF16LE, (const uint8_t *)"a\0b", 3, &out, &ol, &bad), CX_OK);
    assert_string_equal(out, "a\xef\xbf\xbd");
    assert_int_equal(bad, 1);
    free(out);
    /* a lone surrogate */
    assert_int_equal(cx_decode(CX_ENC_UTF16LE, (const uint8_t *)"\x00\xd8" "a\0", 4, &out, &ol, &bad), CX_OK);
    assert_int_equal(bad, 1);
    free(out);
    /* decomposed UTF-8 comes out NFC, BOM dropped */
    assert_int_equal(cx_decode(CX_ENC_UTF8, (const uint8_t *)"\xef\xbb\xbfPhu\xcc\x81", 8, &out, &ol, &bad), CX_OK);
    assert_string_equal(out, "Phú");
    free(out);
    assert_int_equal(cx_decode(CX_ENC_CP1258, (const uint8_t *)"", 0, &out, &ol, &bad), CX_OK);
    assert_string_equal(out, "");
    free(out);
    assert_true(cx_utf8_valid((const uint8_t *)"Phú", 4));
    assert_false(cx_utf8_valid((const uint8_t *)"Ph\xc3", 3));
    /* every byte value in every legacy encoding: no crash, output valid UTF-8 */
    uint8_t all[256];
    for (int i = 0; i < 256; i++) all[i] = (uint8_t)i;
    for (int e = CX_ENC_CP1258; e < CX_ENC_COUNT; e++) {
        assert_int_equal(cx_decode((cx_encoding)e, all, 256, &out, &ol, &bad), CX_OK);
        assert_true(cx_utf8_valid((const uint8_t *)out, ol));
        free(out);
    }
}

static void test_syllables(void **state)
{
    (void)state;
    static const char *const ok[] = {"Phú", "Hùng", "Bình", "Thạnh", "Đông", "Hòa", "hoà", "Lạc", "Chợ",
                                     "Vàm", "Xương", "Thủy", "Quý", "Quỳnh", "nghiệp", "giếng", "giữa",
                                     "Khoái", "tuyến", "Nguyễn", "trường", "khuya", "TỔNG", "gì", "yêu"};
    static const char *const bad[] = {"Hïng", "Thaïnh", "Ph¸", "Bxnh", "cé", "Phỳ", "khoẻm", "ngang2",
                                      "hàt", "Ơng", "ghà", "kà", "T¢n", "Hßa"};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
        if (!cx_vi_word_valid(ok[i])) fail_msg("'%s' should be a syllable", ok[i]);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (cx_vi_word_valid(bad[i])) fail_msg("'%s' is not a syllable", bad[i]);
    assert_true(cx_vi_word_valid("ký"));   /* k before y is right */
    assert_true(cx_vi_word_valid("Vỹ"));
    assert_false(cx_vi_word_valid(NULL));
}

static void test_font_encoded_cells(void **state)
{
    (void)state;
    double c;
    /* TCVN3 bytes as code points (what a .VnTime cell holds) */
    const char *tc[] = {"PHó HïNG", "PHó B×NH", "T¢N HßA", "B×NH TH¹NH §¤NG", "CHî VµM", "HßA L¹C", "Phó Hïng"};
    assert_int_equal(cx_detect_font_encoding(tc, 7, &c), CX_ENC_TCVN3);
    assert_true(c >= 0.6);
    char *s = cx_fontenc_to_unicode(CX_ENC_TCVN3, "Phó Hïng");
    assert_string_equal(s, "Phú Hùng");
    free(s);
    s = cx_fontenc_to_unicode(CX_ENC_TCVN3, "B×NH TH¹NH §¤NG");
    assert_string_equal(s, "BÌNH THẠNH ĐÔNG");
    free(s);
    /* VNI bytes as code points */
    const char *vn[] = {"Bình Thaïnh", "Phuù Hieäp", "Hoøa Laïc", "Chôï Vaøm", "Phuù Thoï"};
    assert_int_equal(cx_detect_font_encoding(vn, 5, &c), CX_ENC_VNI);
    s = cx_fontenc_to_unicode(CX_ENC_VNI, "Bình Thaïnh");
    assert_string_equal(s, "Bình Thạnh");
    free(s);
    /* genuine Unicode, Latin-1-only Vietnamese and ASCII never fire */
    const char *uni[] = {"Phú Hùng", "Bình Thạnh Đông", "Hòa Lạc", "Chợ Vàm"};
    assert_int_equal(cx_detect_font_encoding(uni, 4, &c), CX_ENC_UNKNOWN);
    const char *latin[] = {"Phú Tân", "Tân Hòa", "Phú Bình", "Phú An"};
    assert_int_equal(cx_detect_font_encoding(latin, 4, &c), CX_ENC_UNKNOWN);
    const char *ascii[] = {"STT", "PHU AN", "TONG", "89.21"};
    assert_int_equal(cx_detect_font_encoding(ascii, 4, &c), CX_ENC_UNKNOWN);
    assert_int_equal(cx_detect_font_encoding(NULL, 0, &c), CX_ENC_UNKNOWN);
    const char *empty[] = {NULL, ""};
    assert_int_equal(cx_detect_font_encoding(empty, 2, &c), CX_ENC_UNKNOWN);
    /* converting genuine Unicode is a no-op */
    s = cx_fontenc_to_unicode(CX_ENC_TCVN3, "Thạnh");
    assert_string_equal(s, "Thạnh");
    free(s);
}

/* ---- cx_utf8_valid is utf8proc_iterate's strict UTF-8, written out ---- */

static int utf8_valid_ref(const uint8_t *b, size_t len)
{
    for (size_t i = 0; i < len;) {
        if (b[i] < 0x80) { i++; continue; }
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate(b + i, (utf8proc_ssize_t)(len - i), &cp);
        if (k <= 0) return 0;
        i += (size_t)k;
    }
    return 1;
}

static void test_utf8_valid_as_utf8proc(void **state)
{
    (void)state;
    uint8_t b[24];
    /* every 1-, 2- and 3-byte string; 4 bytes after every lead from 0xC0 with every second byte */
    for (unsigned x = 0; x < 256; x++) {
        b[0] = (uint8_t)x;
        assert_int_equal(cx_utf8_valid(b, 1), utf8_valid_ref(b, 1));
        for (unsigned y = 0; y < 256; y++) {
            b[1] = (uint8_t)y;
            assert_int_equal(cx_utf8_valid(b, 2), utf8_valid_ref(b, 2));
            if (x < 0xC0) continue;
            for (unsigned z = 0; z < 256; z++) {
                b[2] = (uint8_t)z;
                if (cx_utf8_valid(b, 3) != utf8_valid_ref(b, 3)) fail_msg("%02x %02x %02x", x, y, z);
                b[3] = (uint8_t)(0x80 | (z & 0x3F));
                if (cx_utf8_valid(b, 4) != utf8_valid_ref(b, 4)) fail_msg("%02x %02x %02x %02x", x, y, z, b[3]);
                b[3] = (uint8_t)z;
                if (cx_utf8_valid(b, 4) != utf8_valid_ref(b, 4)) fail_msg("%02x %02x %02x %02x", x, y, z, z);
            }
        }
    }
    /* the 8-byte ASCII skip at every alignment, with a sequence (good or bad) after it */
    static const char *const tails[] = {"\xE1\xBB\x87", "\xC3", "\xED\xA0\x80", "\xF0\x9F\x98\x80", "\x80", "\xF4\x90\x80\x80"};
    for (size_t pre = 0; pre < 17; pre++)
        for (size_t t = 0; t < sizeof tails / sizeof tails[0]; t++) {
            memset(b, 'a', pre);
            size_t tl = strlen(tails[t]);
            memcpy(b + pre, tails[t], tl);
            b[pre + tl] = 'z';
            for (size_t n = 0; n <= pre + tl + 1; n++) assert_int_equal(cx_utf8_valid(b, n), utf8_valid_ref(b, n));
        }
}

/* ---- cx_detect_encoding_ex: the whole-buffer check in slices, released behind ---- */

typedef struct { size_t calls, last, len; int backwards; } relrec;
static void rel_cb(void *ud, size_t n)
{
    relrec *r = ud;
    if (n < r->last) r->backwards = 1;
    assert_true(n <= r->len);
    r->last = n;
    r->calls++;
}

static void test_detect_released(void **state)
{
    (void)state;
    /* 10 MiB of Vietnamese lines: the 4 MiB slices fall inside multi-byte letters */
    size_t len = 10u << 20;
    uint8_t *b = malloc(len);
    assert_non_null(b);
    const char *line = "1;Xã Phú Hưng;94,04;XUẤT SẮC\n";
    size_t ll = strlen(line), o = 0;
    while (o + ll <= len) { memcpy(b + o, line, ll); o += ll; }
    len = o;
    for (int bad = 0; bad < 2; bad++) {
        if (bad) b[len - 5] = 0xFF;   /* one bad byte far down: detection must see it */
        double c1, c2;
        size_t bom1, bom2;
        int valid = -1;
        relrec r = {0, 0, len, 0};
        cx_encoding e1 = cx_detect_encoding(b, len, &c1, &bom1);
        cx_encoding e2 = cx_detect_encoding_ex(b, len, &c2, &bom2, &valid, rel_cb, &r);
        assert_int_equal(e1, e2);
        assert_true(c1 == c2);
        assert_int_equal(bom1, bom2);
        assert_int_equal(valid, !bad);
        assert_int_equal(e1, CX_ENC_UTF8);
        assert_true(r.calls >= 3);
        assert_int_equal(r.last, len);
        assert_false(r.backwards);
    }
    /* a BOM answers first: nothing checked */
    int valid = -1;
    memcpy(b, "\xEF\xBB\xBF", 3);
    assert_int_equal(cx_detect_encoding_ex(b, len, NULL, NULL, &valid, NULL, NULL), CX_ENC_UTF8);
    assert_int_equal(valid, 0);
    free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names_aliases), cmocka_unit_test(test_roundtrip_iconv),
        cmocka_unit_test(test_roundtrip_vni), cmocka_unit_test(test_tcvn3_abc),
        cmocka_unit_test(test_samples), cmocka_unit_test(test_cho_moi_encodings), cmocka_unit_test(test_detect_short),
        cmocka_unit_test(test_invalid_input), cmocka_unit_test(test_syllables),
        cmocka_unit_test(test_font_encoded_cells), cmocka_unit_test(test_utf8_valid_as_utf8proc),
        cmocka_unit_test(test_detect_released),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
