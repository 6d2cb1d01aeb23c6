/*
 * names.c — unit names: display name, matching key, kind from the prefix.
 *
 * Everything works on arrays of code points (NFC) so that lower-casing, which
 * is one code point for one code point in Vietnamese, keeps positions aligned:
 * the prefix is found on the lower-cased copy and cut from the original.
 */
#include "names.h"
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include "nfc_quick.h"

/* ---- Vietnamese vowels: 12 bare vowels x 6 tones, lower and upper case ---- */

static const char *const vowel_rows[2][12] = {
    {"aàáảãạ", "ăằắẳẵặ", "âầấẩẫậ", "eèéẻẽẹ", "êềếểễệ", "iìíỉĩị",
     "oòóỏõọ", "ôồốổỗộ", "ơờớởỡợ", "uùúủũụ", "ưừứửữự", "yỳýỷỹỵ"},
    {"AÀÁẢÃẠ", "ĂẰẮẲẴẶ", "ÂẦẤẨẪẬ", "EÈÉẺẼẸ", "ÊỀẾỂỄỆ", "IÌÍỈĨỊ",
     "OÒÓỎÕỌ", "ÔỒỐỔỖỘ", "ƠỜỚỞỠỢ", "UÙÚỦŨỤ", "ƯỪỨỬỮỰ", "YỲÝỶỸỴ"},
};
static int32_t vowel_tab[2][12][6];
static pthread_once_t vowel_once = PTHREAD_ONCE_INIT;
/* cp -> 1 + (upper * 12 + vowel) * 6 + tone, 0 for no vowel: U+0000..U+01B0 and U+1EA0..U+1EF9,
 * where all 144 lie (else vowel_direct stays 0 and the table is searched). */
#define VOWEL_LO_END 0x1B1
#define VOWEL_HI_BEG 0x1EA0
#define VOWEL_HI_END 0x1EFA
static unsigned char vowel_lo[VOWEL_LO_END], vowel_hi[VOWEL_HI_END - VOWEL_HI_BEG];
static int vowel_direct;

static void vowel_tab_fill(void)
{
    int direct = 1;
    for (int u = 0; u < 2; u++)
        for (int v = 0; v < 12; v++) {
            const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)vowel_rows[u][v];
            for (int t = 0; t < 6; t++) {
                utf8proc_int32_t cp;
                utf8proc_ssize_t k = utf8proc_iterate(p, -1, &cp);
                vowel_tab[u][v][t] = cp;
                p += k;
                /* in search order: the first entry of a code point is the one the search finds */
                unsigned char code = (unsigned char)(1 + (u * 12 + v) * 6 + t);
                if (cp >= 0 && cp < VOWEL_LO_END) { if (!vowel_lo[cp]) vowel_lo[cp] = code; }
                else if (cp >= VOWEL_HI_BEG && cp < VOWEL_HI_END) { if (!vowel_hi[cp - VOWEL_HI_BEG]) vowel_hi[cp - VOWEL_HI_BEG] = code; }
                else direct = 0;
            }
        }
    vowel_direct = direct;
}

/* Filled once per process, before any thread reads it. */
static void vowel_tab_init(void) { pthread_once(&vowel_once, vowel_tab_fill); }

int cx_vi_vowel(int32_t cp, int *vowel, int *tone, int *upper)
{
    vowel_tab_init();
    if (cp < 'A' || cp > 0x1EF9) return 0;
    if (vowel_direct) {
        unsigned code = cp < VOWEL_LO_END ? vowel_lo[cp] : cp >= VOWEL_HI_BEG ? vowel_hi[cp - VOWEL_HI_BEG] : 0;
        if (!code) return 0;
        code--;
        if (vowel) *vowel = (int)(code / 6 % 12);
        if (tone) *tone = (int)(code % 6);
        if (upper) *upper = (int)(code / 72);
        return 1;
    }
    for (int u = 0; u < 2; u++)
        for (int v = 0; v < 12; v++)
            for (int t = 0; t < 6; t++)
                if (vowel_tab[u][v][t] == cp) {
                    if (vowel) *vowel = v;
                    if (tone) *tone = t;
                    if (upper) *upper = u;
                    return 1;
                }
    return 0;
}

int32_t cx_vi_vowel_cp(int vowel, int tone, int upper)
{
    vowel_tab_init();
    if (vowel < 0 || vowel >= 12 || tone < 0 || tone >= 6) return -1;
    return vowel_tab[upper ? 1 : 0][vowel][tone];
}

/* ---- code point buffers ---- */

typedef struct cps { int32_t *v; size_t n, cap; } cps;

static cx_error cps_push(cps *b, int32_t c)
{
    if (b->n == b->cap) {
        size_t nc = b->cap ? b->cap * 2 : 32;
        int32_t *nv = realloc(b->v, nc * sizeof *nv);
        if (!nv) return CX_ERR_NOMEM;
        b->v = nv; b->cap = nc;
    }
    b->v[b->n++] = c;
    return CX_OK;
}

/* UTF-8 -> NFC code points: CX_OK, CX_ERR_ENCODING (invalid UTF-8) or CX_ERR_NOMEM. */
static cx_error cps_from_utf8(const char *s, size_t len, cps *out)
{
    memset(out, 0, sizeof *out);
    if (len && cx_nfc_quick(s, len)) {
        /* ASCII, Latin, precomposed Vietnamese: valid UTF-8 of 1..3 bytes a code point
         * that NFC leaves as it is (nfc_quick.h), so decode it directly. */
        const unsigned char *p = (const unsigned char *)s, *e = p + len;
        if (!(out->v = malloc(len * sizeof *out->v))) return CX_ERR_NOMEM;
        out->cap = len;
        while (p < e) {
            unsigned c = *p;
            int32_t cp;
            if (c < 0x80) { cp = (int32_t)c; p += 1; }
            else if (c < 0xE0) { cp = (int32_t)(((c & 0x1F) << 6) | (p[1] & 0x3F)); p += 2; }
            else { cp = (int32_t)(((c & 0x0F) << 12) | ((unsigned)(p[1] & 0x3F) << 6) | (p[2] & 0x3F)); p += 3; }
            out->v[out->n++] = cp;
        }
        return CX_OK;
    }
    utf8proc_uint8_t *nfc = NULL;
    utf8proc_ssize_t r = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &nfc,
                                      UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    if (r < 0) return r == UTF8PROC_ERROR_NOMEM ? CX_ERR_NOMEM : CX_ERR_ENCODING;
    const utf8proc_uint8_t *p = nfc;
    utf8proc_ssize_t left = r;
    while (left > 0) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate(p, left, &cp);
        cx_error e = k <= 0 ? CX_ERR_ENCODING : cps_push(out, cp);
        if (e != CX_OK) { free(nfc); free(out->v); memset(out, 0, sizeof *out); return e; }
        p += k; left -= k;
    }
    free(nfc);
    return CX_OK;
}

static char *cps_to_utf8(const int32_t *v, size_t n)
{
    char *out = malloc(n * 4 + 1);
    if (!out) return NULL;
    size_t o = 0;
    for (size_t i = 0; i < n; i++)
        o += (size_t)utf8proc_encode_char(v[i], (utf8proc_uint8_t *)out + o);
    out[o] = 0;
    return out;
}

static int is_letter(int32_t c)
{
    utf8proc_category_t cat = utf8proc_category(c);
    return cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_ME;   /* L* and M* */
}
static int is_upper(int32_t c) { return utf8proc_category(c) == UTF8PROC_CATEGORY_LU; }
static int is_lower(int32_t c) { return utf8proc_category(c) == UTF8PROC_CATEGORY_LL; }
static int is_digit(int32_t c) { return c >= '0' && c <= '9'; }

/* Vietnamese lower case: one code point for one (Đ -> đ, and the legacy Ð/ð for it). */
static int32_t vi_lower_cp(int32_t c)
{
    if (c == 0x00D0 || c == 0x00F0) return 0x0111;
    return utf8proc_tolower(c);
}
static int32_t vi_upper_cp(int32_t c)
{
    if (c == 0x00D0 || c == 0x00F0) return 0x0110;
    return utf8proc_toupper(c);
}

/* ---- tone placement: one style, the national list's ("Hòa", "Thủy", "Hoàng", "Quý") ---- */

enum { V_A = 0, V_E = 3, V_I = 5, V_O = 6, V_U = 9, V_Y = 11 };

/* Re-place the tone of one syllable v[0..m). Only the open syllables oa, oe, uy move the
 * mark to the first vowel (as the list mostly writes them); with a final consonant
 * ("hoàng", "huỳnh") it belongs on the second. Everything else is left as written. */
static void tone_syllable(int32_t *v, size_t m)
{
    int vow[64], ton[64], up[64];
    if (m > 64) return;
    int ntoned = 0;
    for (size_t i = 0; i < m; i++) {
        if (!cx_vi_vowel(v[i], &vow[i], &ton[i], &up[i])) { vow[i] = -1; ton[i] = 0; up[i] = 0; }
        if (ton[i]) ntoned++;
    }
    if (ntoned != 1) return;
    size_t i0 = 0;
    while (i0 < m && vow[i0] < 0) i0++;
    if (i0 >= m) return;
    if (i0 > 0 && vi_lower_cp(v[i0 - 1]) == 'q' && vow[i0] == V_U) i0++;            /* qu- */
    else if (i0 == 1 && vi_lower_cp(v[0]) == 'g' && vow[i0] == V_I && i0 + 1 < m && vow[i0 + 1] >= 0)
        i0++;                                                                       /* gi- */
    size_t i1 = i0;
    while (i1 < m && vow[i1] >= 0) i1++;
    if (i1 - i0 != 2) return;
    int a = vow[i0], b = vow[i0 + 1];
    if (!((a == V_O && b == V_A) || (a == V_O && b == V_E) || (a == V_U && b == V_Y))) return;
    size_t tpos = ton[i0] ? i0 : i0 + 1;
    if (!ton[tpos]) return;
    size_t want = (i1 == m) ? i0 : i0 + 1;
    if (want == tpos) return;
    int t = ton[tpos];
    v[tpos] = cx_vi_vowel_cp(vow[tpos], 0, up[tpos]);
    v[want] = cx_vi_vowel_cp(vow[want], t, up[want]);
}

static void tone_style_cps(int32_t *v, size_t n)
{
    size_t i = 0;
    while (i < n) {
        if (!is_letter(v[i])) { i++; continue; }
        size_t j = i;
        while (j < n && is_letter(v[j])) j++;
        tone_syllable(v + i, j - i);
        i = j;
    }
}

/* ---- whitespace and odd characters ---- */

static int is_space_like(int32_t c)
{
    if (c < 0x20 || c == 0x7F || c == ' ') return 1;
    if (c == 0x00A0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 ||
        c == 0x202F || c == 0x205F || c == 0x3000 || c == 0x85)
        return 1;
    return 0;
}
static int is_invisible(int32_t c) { return c == 0x200B || c == 0x200C || c == 0x200D || c == 0xFEFF || c == 0xAD; }
static int is_dash(int32_t c) { return c == '-' || (c >= 0x2010 && c <= 0x2015) || c == 0x2212; }

/* Collapse spaces, drop invisible characters, unify dashes and the legacy Ð/ð. */
static void squeeze(cps *b)
{
    size_t o = 0;
    int pending = 0;
    for (size_t i = 0; i < b->n; i++) {
        int32_t c = b->v[i];
        if (is_invisible(c)) continue;
        if (is_space_like(c)) { pending = 1; continue; }
        if (is_dash(c)) c = '-';
        else if (c == 0x00D0) c = 0x0110;
        else if (c == 0x00F0) c = 0x0111;
        if (pending && o > 0) b->v[o++] = ' ';
        pending = 0;
        b->v[o++] = c;
    }
    b->n = o;
}

/* Does low[at..] start with the UTF-8 text pfx (one of this file's word lists: valid
 * UTF-8 of up to three bytes a letter)? Sets *end past it. */
static int match_at(const int32_t *low, size_t n, size_t at, const char *pfx, size_t *end)
{
    const unsigned char *p = (const unsigned char *)pfx;
    size_t i = at;
    while (*p) {
        unsigned c = *p;
        int32_t cp;
        if (c < 0x80) { cp = (int32_t)c; p += 1; }
        else if (c < 0xE0) { cp = (int32_t)(((c & 0x1F) << 6) | (p[1] & 0x3F)); p += 2; }
        else { cp = (int32_t)(((c & 0x0F) << 12) | ((unsigned)(p[1] & 0x3F) << 6) | (p[2] & 0x3F)); p += 3; }
        if (i >= n || low[i] != cp) return 0;
        i++;
    }
    *end = i;
    return 1;
}

/* A prefix word must end at a space, or with its own dot ("X.", "TT.Chợ Vàm"). */
static int match_word(const int32_t *low, size_t n, size_t at, const char *pfx, size_t *end)
{
    size_t e;
    if (!match_at(low, n, at, pfx, &e)) return 0;
    size_t plen = strlen(pfx);
    if (pfx[plen - 1] == '.') { while (e < n && low[e] == ' ') e++; *end = e; return 1; }
    if (e < n && low[e] != ' ') return 0;
    while (e < n && low[e] == ' ') e++;
    *end = e;
    return 1;
}

typedef struct prefix { const char *text; cx_kind kind; const char *word; } prefix;

/* Level words after an optional "UBND"/"Ủy ban nhân dân"; longest first where they share a start.
 * `word` is how a name made only of a number writes it ("P. 1" -> "Phường 1"). */
static const prefix level_prefixes[] = {
    {"thị trấn", CX_KIND_THI_TRAN, "Thị trấn"}, {"thị xã", CX_KIND_THI_XA, "Thị xã"},
    {"thành phố", CX_KIND_THANH_PHO, "Thành phố"}, {"xã", CX_KIND_XA, "Xã"},
    {"phường", CX_KIND_PHUONG, "Phường"}, {"huyện", CX_KIND_HUYEN, "Huyện"},
    {"quận", CX_KIND_HUYEN, "Quận"}, {"tỉnh", CX_KIND_TINH, "Tỉnh"},
    {"đặc khu", CX_KIND_DAC_KHU, "Đặc khu"},
    {"tt.", CX_KIND_THI_TRAN, "Thị trấn"}, {"tx.", CX_KIND_THI_XA, "Thị xã"},
    {"tp.", CX_KIND_THANH_PHO, "Thành phố"}, {"x.", CX_KIND_XA, "Xã"}, {"p.", CX_KIND_PHUONG, "Phường"},
    {"q.", CX_KIND_HUYEN, "Quận"}, {"h.", CX_KIND_HUYEN, "Huyện"},
    {"tt", CX_KIND_THI_TRAN, "Thị trấn"}, {"tx", CX_KIND_THI_XA, "Thị xã"}, {"tp", CX_KIND_THANH_PHO, "Thành phố"},
};

/* Names of departments and agencies: kept whole, kind so_nganh. */
static const char *const agency_prefixes[] = {
    "sở", "văn phòng", "công an", "thanh tra", "ban quản lý", "ban dân tộc", "ban tôn giáo",
    "ban chỉ huy", "ban thi đua", "ban tiếp công dân", "bộ chỉ huy", "chi cục", "cục", "kho bạc",
    "bảo hiểm xã hội", "trung tâm", "phòng", "đài phát thanh", "ngân hàng", "chi nhánh",
    "bộ phận", "cảng vụ", "hải quan", "quỹ",
};

static const char *const total_names[] = {
    "toàn huyện", "toàn tỉnh", "toàn thị xã", "toàn thành phố", "toàn quận", "toàn xã",
    "toàn phường", "toàn thị trấn", "tổng cộng", "tổng", "cộng", "tổng số", "tổng toàn huyện",
    "toàn đơn vị", "chung toàn huyện", "cả nước", "toàn quốc",
};

static void lower_into(const cps *b, int32_t *low)
{
    for (size_t i = 0; i < b->n; i++) low[i] = vi_lower_cp(b->v[i]);
}

/* Is low[0..n) (a squeezed, lower-cased name) one of the total words, ignoring trailing ':'/'.'? */
static int is_total_cps(const int32_t *low, size_t n)
{
    while (n > 0 && (low[n - 1] == ':' || low[n - 1] == '.' || low[n - 1] == ' ' || low[n - 1] == '*')) n--;
    for (size_t t = 0; t < sizeof total_names / sizeof total_names[0]; t++) {
        size_t e;
        if (match_at(low, n, 0, total_names[t], &e) && e == n) return 1;
    }
    return 0;
}

int cx_name_is_total(const char *raw)
{
    if (!raw) return 0;
    cps b;
    if (cps_from_utf8(raw, strlen(raw), &b) != CX_OK) return 0;
    squeeze(&b);
    tone_style_cps(b.v, b.n);
    for (size_t i = 0; i < b.n; i++) b.v[i] = vi_lower_cp(b.v[i]);
    int r = is_total_cps(b.v, b.n);
    free(b.v);
    return r;
}

/* Title case one word run in place: all-caps or all-lower words get a capital first letter
 * and lower rest; a single letter ("A" in "Long Điền A") is upper; mixed case ("M'Đrắk")
 * is kept as the source wrote it. */
static void title_cps(int32_t *v, size_t n)
{
    size_t i = 0;
    while (i < n) {
        if (v[i] == ' ') { i++; continue; }
        size_t j = i;
        while (j < n && v[j] != ' ') j++;
        int nup = 0, nlow = 0, nletters = 0;
        for (size_t k = i; k < j; k++) {
            if (is_upper(v[k])) nup++;
            else if (is_lower(v[k])) nlow++;
            if (is_letter(v[k])) nletters++;
        }
        int roman = j - i >= 2;
        for (size_t k = i; k < j && roman; k++) roman = v[k] == 'I' || v[k] == 'V' || v[k] == 'X';
        if (!roman && (nup == 0 || nlow == 0)) {   /* "Tam Xuân II", "Phường III" keep their numerals */
            int first = 1;
            for (size_t k = i; k < j; k++) {
                if (!is_letter(v[k])) {
                    /* after '(' or '-' a new word starts; after an apostrophe not (H'leo) */
                    if (v[k] == '(' || v[k] == '-' || v[k] == '/') first = 1;
                    continue;
                }
                v[k] = (first || nletters == 1) ? vi_upper_cp(v[k]) : vi_lower_cp(v[k]);
                first = 0;
            }
        }
        i = j;
    }
}

/* Sentence case ("TOÀN HUYỆN" -> "Toàn huyện"). */
static void sentence_cps(int32_t *v, size_t n)
{
    int first = 1;
    for (size_t k = 0; k < n; k++) {
        if (!is_letter(v[k])) continue;
        v[k] = first ? vi_upper_cp(v[k]) : vi_lower_cp(v[k]);
        first = 0;
    }
}

/* "1", "01", or a Roman numeral written in capitals ("III", "IV") */
static int only_number(const int32_t *v, size_t n)
{
    if (n == 0) return 0;
    int digits = 1, roman = 1;
    for (size_t i = 0; i < n; i++) {
        if (!is_digit(v[i])) digits = 0;
        if (v[i] != 'I' && v[i] != 'V' && v[i] != 'X') roman = 0;
    }
    return digits || roman;
}

/* Key from the display name: lower case, and a number name without leading zeros
 * ("Phường 01" and "Phường 1" are one unit). */
static char *key_from(const int32_t *name, size_t n)
{
    int32_t *k = malloc((n + 1) * sizeof *k);
    if (!k) return NULL;
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        int32_t c = vi_lower_cp(name[i]);
        if (c == '0' && (i == 0 || !is_letter(name[i - 1])) && (i == 0 || !is_digit(name[i - 1])) &&
            i + 1 < n && is_digit(name[i + 1]))
            continue;
        k[o++] = c;
    }
    char *s = cps_to_utf8(k, o);
    free(k);
    return s;
}

/* Provinces and centrally-run cities, before and after 1 July 2025, lower case: a trailing
 * "- Gia Lai" names one without saying "tỉnh" (the portal's new service writes so). */
static const char *const province_names[] = {
    "an giang", "bà rịa - vũng tàu", "bà rịa vũng tàu", "bạc liêu", "bắc giang", "bắc kạn", "bắc ninh",
    "bến tre", "bình dương", "bình định", "bình phước", "bình thuận", "cà mau", "cao bằng", "cần thơ",
    "đà nẵng", "đắk lắk", "đắk nông", "điện biên", "đồng nai", "đồng tháp", "gia lai", "hà giang", "hà nam",
    "hà nội", "hà tĩnh", "hải dương", "hải phòng", "hậu giang", "hòa bình", "hồ chí minh", "huế",
    "hưng yên", "khánh hòa", "kiên giang", "kon tum", "lai châu", "lâm đồng", "lạng sơn", "lào cai",
    "long an", "nam định", "nghệ an", "ninh bình", "ninh thuận", "phú thọ", "phú yên", "quảng bình",
    "quảng nam", "quảng ngãi", "quảng ninh", "quảng trị", "sóc trăng", "sơn la", "tây ninh", "thái bình",
    "thái nguyên", "thanh hóa", "thừa thiên huế", "tiền giang", "trà vinh", "tuyên quang", "vĩnh long",
    "vĩnh phúc", "yên bái",
};

/* Does low[at..n) hold exactly a province's name? */
static int is_province_at(const int32_t *low, size_t n, size_t at)
{
    for (size_t p = 0; p < sizeof province_names / sizeof province_names[0]; p++) {
        size_t e;
        if (match_at(low, n, at, province_names[p], &e) && e == n) return 1;
    }
    return 0;
}

/* Trailing "- tỉnh An Giang" / "- thành phố Cần Thơ" / "- TP. Hà Nội" / "- Gia Lai": cut it off
 * and return the scope in *scope (left NULL when there is none). CX_OK or CX_ERR_NOMEM. */
static cx_error cut_scope(cps *b, const int32_t *low, char **scope)
{
    static const char *const levels[] = {"tỉnh", "thành phố", "tp.", "tp", ""};
    for (size_t i = b->n; i-- > 1;) {
        if (low[i] != '-') continue;
        size_t at = i + 1;
        while (at < b->n && low[at] == ' ') at++;
        for (size_t l = 0; l < sizeof levels / sizeof levels[0]; l++) {
            size_t e = at;
            if (levels[l][0] && (!match_word(low, b->n, at, levels[l], &e) || e >= b->n)) continue;
            if (!levels[l][0] && (at >= b->n || !is_province_at(low, b->n, at))) continue;
            while (e < b->n && b->v[e] == ' ') e++;
            int32_t *sv = malloc((b->n - e) * sizeof *sv);
            if (!sv) return CX_ERR_NOMEM;
            memcpy(sv, b->v + e, (b->n - e) * sizeof *sv);
            title_cps(sv, b->n - e);
            *scope = cps_to_utf8(sv, b->n - e);
            free(sv);
            if (!*scope) return CX_ERR_NOMEM;
            size_t cut = i;
            while (cut > 0 && b->v[cut - 1] == ' ') cut--;
            b->n = cut;
            return CX_OK;
        }
        break;   /* only the last dash can introduce the scope */
    }
    return CX_OK;
}

cx_error cx_name_clean(const char *raw, size_t len, cx_name *out)
{
    return cx_name_clean_total(raw, len, out, NULL);
}

cx_error cx_name_clean_total(const char *raw, size_t len, cx_name *out, int *is_total)
{
    memset(out, 0, sizeof *out);
    if (is_total) *is_total = 0;
    if (!raw) return CX_ERR_ENCODING;
    cps b;
    int32_t *low = NULL, *nm = NULL;
    cx_error rc = CX_ERR_NOMEM;   /* until the name is complete, a failure is an allocation */
    cx_error dec = cps_from_utf8(raw, len, &b);
    if (dec != CX_OK) return dec;
    squeeze(&b);
    size_t nall = b.n;
    /* trailing separators and footnote marks are not part of a name */
    while (b.n > 0 && (b.v[b.n - 1] == ':' || b.v[b.n - 1] == ',' || b.v[b.n - 1] == ';' ||
                       b.v[b.n - 1] == '*' || b.v[b.n - 1] == ' '))
        b.n--;
    tone_style_cps(b.v, b.n);
    low = calloc(nall + 1, sizeof *low);
    if (!low) goto done;
    lower_into(&b, low);
    if (is_total) {
        /* cx_name_is_total's answer: the same letters (tone placement works on letter runs,
         * and the cut tail has none), with the cut tail kept */
        for (size_t i = b.n; i < nall; i++) low[i] = vi_lower_cp(b.v[i]);
        *is_total = is_total_cps(low, nall);
    }

    if (is_total_cps(low, b.n)) {
        sentence_cps(b.v, b.n);
        while (b.n > 0 && (b.v[b.n - 1] == '.' || b.v[b.n - 1] == ' ')) b.n--;
        out->kind = CX_KIND_TONG;
        out->name = cps_to_utf8(b.v, b.n);
        out->key = key_from(b.v, b.n);
        rc = (out->name && out->key) ? CX_OK : CX_ERR_NOMEM;
        goto done;
    }

    if (cut_scope(&b, low, &out->scope) != CX_OK) goto done;

    size_t at = 0, e;
    int ubnd = 0;
    if (match_word(low, b.n, 0, "ubnd", &e) || match_word(low, b.n, 0, "ủy ban nhân dân", &e) ||
        match_word(low, b.n, 0, "uỷ ban nhân dân", &e)) {
        at = e; ubnd = 1;
    }
    if (!ubnd) {
        for (size_t a = 0; a < sizeof agency_prefixes / sizeof agency_prefixes[0]; a++)
            if (match_word(low, b.n, 0, agency_prefixes[a], &e) && e < b.n) {
                out->kind = CX_KIND_SO_NGANH;
                out->name = cps_to_utf8(b.v, b.n);
                out->key = key_from(b.v, b.n);
                rc = (out->name && out->key) ? CX_OK : CX_ERR_NOMEM;
                goto done;
            }
    }
    const prefix *pf = NULL;
    for (size_t p = 0; p < sizeof level_prefixes / sizeof level_prefixes[0]; p++)
        if (match_word(low, b.n, at, level_prefixes[p].text, &e) && e < b.n) {
            pf = &level_prefixes[p];
            out->kind = pf->kind;
            at = e;
            break;
        }
    size_t rest = b.n - at;
    if (rest == 0) { at = 0; rest = b.n; }   /* nothing after the prefix: keep it all */
    nm = malloc((b.n + 16) * sizeof *nm);
    if (!nm) goto done;
    size_t nn = 0;
    if (pf && only_number(b.v + at, rest)) {
        /* "phường 1", "P.01": the prefix word is part of the name */
        cps w;
        if (cps_from_utf8(pf->word, strlen(pf->word), &w) != CX_OK) goto done;   /* our own UTF-8: memory */
        memcpy(nm, w.v, w.n * sizeof *nm);
        nn = w.n;
        free(w.v);
        nm[nn++] = ' ';
    }
    if (rest) memcpy(nm + nn, b.v + at, rest * sizeof *nm);   /* b.v is NULL for an empty name */
    title_cps(nm + nn, rest);
    nn += rest;
    out->name = cps_to_utf8(nm, nn);
    out->key = key_from(nm, nn);
    rc = (out->name && out->key) ? CX_OK : CX_ERR_NOMEM;
done:
    free(b.v);
    free(low);
    free(nm);
    if (rc != CX_OK) cx_name_free(out);
    return rc;
}

void cx_name_free(cx_name *n)
{
    if (!n) return;
    free(n->name);
    free(n->key);
    free(n->scope);
    memset(n, 0, sizeof *n);
}

/* Apply f to the NFC code points of s and re-encode. */
static char *map_cps(const char *s, void (*f)(int32_t *, size_t))
{
    if (!s) return NULL;
    cps b;
    if (cps_from_utf8(s, strlen(s), &b) != CX_OK) return NULL;
    f(b.v, b.n);
    char *r = cps_to_utf8(b.v, b.n);
    free(b.v);
    return r;
}

static void lower_cps(int32_t *v, size_t n) { for (size_t i = 0; i < n; i++) v[i] = vi_lower_cp(v[i]); }
static void title_all(int32_t *v, size_t n) { title_cps(v, n); }

char *cx_vi_lower(const char *s) { return map_cps(s, lower_cps); }
char *cx_vi_title(const char *s) { return map_cps(s, title_all); }
char *cx_vi_tone_style(const char *s) { return map_cps(s, tone_style_cps); }

