/*
 * number.c — numbers as Vietnamese offices write them, read by what the column means.
 *
 * The text is first reduced to sign + digits + separators (spaces, NBSP, U+202F and
 * thin spaces dropped; "%" suffix, "+", U+2212, en dash and parentheses understood),
 * then the separators are decided by the measure: a count's "1.746" is 1746, a
 * percentage's "78,7" is 78.7. The final digits go through cx_strtod_c, which uses
 * an explicit "C" locale object, never the process locale.
 */
#include "number.h"

#include <locale.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* One "C" locale object for the process, made once (pthread_once: jobs may run in several
 * threads): strtod_l with it is locale-free. */
static locale_t c_loc = (locale_t)0;
static pthread_once_t c_loc_once = PTHREAD_ONCE_INIT;
static void c_locale_make(void) { c_loc = newlocale(LC_ALL_MASK, "C", (locale_t)0); }
static locale_t c_locale(void)
{
    pthread_once(&c_loc_once, c_locale_make);
    return c_loc;
}

/* 10^0..10^22: every one exact in a double. */
static const double pow10_exact[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
                                     1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

int cx_strtod_c(const char *s, size_t len, double *out)
{
    /* Strict grammar first: [+-]? digits [. digits]? ([eE] [+-]? digits)? */
    size_t i = 0, nd = 0;
    char buf[128];
    if (!s || len == 0 || len >= sizeof buf) return -1;
    if (s[i] == '+' || s[i] == '-') i++;
    while (i < len && s[i] >= '0' && s[i] <= '9') { i++; nd++; }
    if (i < len && s[i] == '.') {
        i++;
        while (i < len && s[i] >= '0' && s[i] <= '9') { i++; nd++; }
    }
    if (nd == 0) return -1;
    int has_exp = 0;
    if (i < len && (s[i] == 'e' || s[i] == 'E')) {
        size_t ne = 0;
        has_exp = 1;
        i++;
        if (i < len && (s[i] == '+' || s[i] == '-')) i++;
        while (i < len && s[i] >= '0' && s[i] <= '9') { i++; ne++; }
        if (ne == 0) return -1;
    }
    if (i != len) return -1;
    /* Fast path (Clinger): at most 15 digits and no exponent: the digits as an integer
     * are exact in a double, and so is 10^frac, so one correctly rounded division gives
     * exactly what strtod gives. */
    if (nd <= 15 && !has_exp) {   /* the grammar admits 'e'/'E' only as the exponent */
        uint64_t m = 0;
        int frac = -1;
        for (size_t k = (s[0] == '+' || s[0] == '-'); k < len; k++) {
            if (s[k] == '.') { frac = 0; continue; }
            m = m * 10 + (uint64_t)(s[k] - '0');
            if (frac >= 0) frac++;
        }
        double v = (double)m;
        if (frac > 0) v /= pow10_exact[frac];
        *out = s[0] == '-' ? -v : v;
        return 0;
    }
    memcpy(buf, s, len);
    buf[len] = 0;
    locale_t loc = c_locale();
    if (!loc) return -1;
    char *end = NULL;
    double v = strtod_l(buf, &end, loc);
    if (end != buf + len || !isfinite(v)) return -1;
    *out = v;
    return 0;
}

char *cx_format_number(double v, char *buf)
{
    if (!isfinite(v)) { strcpy(buf, "0"); return buf; }
    if (v == 0) { strcpy(buf, "0"); return buf; }   /* also -0 */
    /* Fast path: the fewest decimals d with round(|v|*10^d)/10^d == |v| exactly (both
     * operands exact in a double, so the division is what strtod gives for those digits):
     * the same text as the search below, without a dozen snprintf/strtod round trips. */
    double av = fabs(v);
    if (av >= 1e-5 && av < 1e15) {
        for (int d = 0; d <= 17; d++) {
            double x = av * pow10_exact[d];
            if (x >= 9007199254740992.0) break;
            double m = nearbyint(x);
            if (m / pow10_exact[d] != av) continue;
            char dig[24];
            int nd = 0;
            for (uint64_t u = (uint64_t)m; u || nd == 0; u /= 10) dig[nd++] = (char)('0' + u % 10);
            char *o = buf;
            if (v < 0) *o++ = '-';
            if (nd <= d) {
                *o++ = '0';
                *o++ = '.';
                for (int k = 0; k < d - nd; k++) *o++ = '0';
                for (int k = nd - 1; k >= 0; k--) *o++ = dig[k];
            } else {
                for (int k = nd - 1; k >= d; k--) *o++ = dig[k];
                if (d) { *o++ = '.'; for (int k = d - 1; k >= 0; k--) *o++ = dig[k]; }
            }
            *o = 0;
            /* Near the end of double precision the exactness argument above can fail
             * (fuzz: 9.9999999999999896e-05 printed as 0.0001): keep the fast text only
             * when it reads back to the same double, else use the exact search. */
            double back;
            if (cx_strtod_c(buf, (size_t)(o - buf), &back) == 0 && back == v) return buf;
            break;
        }
    }
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(buf, 32, "%.*g", prec, v);
        double back;
        if (cx_strtod_c(buf, strlen(buf), &back) == 0 && back == v) {
            double a = fabs(v);
            if (strchr(buf, 'e') && a >= 1e-5 && a < 1e16) {
                /* "1e+02" round-trips but nobody writes 100 that way */
                int mag = (int)floor(log10(a));
                int dec = prec - 1 - mag;
                if (dec < 0) dec = 0;
                /* log10 of a value just under a power of ten can round up to it (fuzz:
                 * 9.9999999999999896e-05): widen until the fixed text reads back exactly. */
                char fixed[48];
                for (int k = 0; k < 3; k++, dec++) {
                    snprintf(fixed, sizeof fixed, "%.*f", dec, v);
                    if (strlen(fixed) < 32 && cx_strtod_c(fixed, strlen(fixed), &back) == 0 && back == v) {
                        strcpy(buf, fixed);
                        break;
                    }
                }
            }
            return buf;
        }
    }
    snprintf(buf, 32, "%.17g", v);
    return buf;
}

/* Decode one UTF-8 code point at s[i] (len bounded); returns its length, 0 on bad bytes. */
static size_t u8(const unsigned char *s, size_t len, size_t i, unsigned *cp)
{
    unsigned c = s[i];
    if (c < 0x80) { *cp = c; return 1; }
    if ((c & 0xE0) == 0xC0 && i + 1 < len && (s[i + 1] & 0xC0) == 0x80) {
        *cp = ((c & 0x1F) << 6) | (s[i + 1] & 0x3F);
        return 2;
    }
    if ((c & 0xF0) == 0xE0 && i + 2 < len && (s[i + 1] & 0xC0) == 0x80 && (s[i + 2] & 0xC0) == 0x80) {
        *cp = ((c & 0x0F) << 12) | ((unsigned)(s[i + 1] & 0x3F) << 6) | (s[i + 2] & 0x3F);
        return 3;
    }
    return 0;
}

static int is_space_cp(unsigned cp)
{
    return cp == ' ' || cp == '\t' || cp == '\r' || cp == '\n' || cp == 0xA0 || cp == 0x202F ||
           cp == 0x2009 || cp == 0x2007 || cp == 0x200B || cp == 0xFEFF || cp == 0x3000;
}

static int is_missing(const char *t, size_t n)
{
#define W(s) {s, sizeof s - 1}
    static const struct { const char *w; size_t n; } words[] = {
        W("-"), W("--"), W("N/A"), W("NA"), W("x"), W("#N/A"), W("\xE2\x80\x94") /* — */,
        W("\xE2\x80\x93") /* – */, W("..."), W("..")};
#undef W
    if (n == 0) return 1;
    if (n > 4) return 0;   /* longer than every word */
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (words[i].n == n && strncasecmp(words[i].w, t, n) == 0) return 1;
    return 0;
}

/* Are the groups after the first separator all exactly three digits? */
static int thousands_groups(const char *d, size_t n, char sep)
{
    size_t run = 0;
    int first = 1, seen = 0;
    for (size_t i = 0; i < n; i++) {
        if (d[i] == sep) {
            if ((first && (run == 0 || run > 3)) || (!first && run != 3)) return 0;
            first = 0;
            seen = 1;
            run = 0;
        } else {
            run++;
        }
    }
    return seen && run == 3;
}

static cx_num_status parse_compact(char *t, size_t n, int neg, cx_measure measure, double *out);

cx_num_status cx_parse_number(const char *s, size_t len, cx_measure measure, double *out)
{
    const unsigned char *u = (const unsigned char *)s;
    char t[96];   /* compacted: sign handled apart; digits, '.', ',', 'e' kept */
    size_t n = 0;
    int neg = 0, paren = 0, pct = 0, sign_seen = 0, body = 0;
    if (!s) return CX_NUM_MISSING;

    /* Fast path, the usual cell ("94,04", "3.330", "100"): only digits and separators,
     * with a digit (".." and "..." are missing markers) and short enough that the scan
     * below would copy every byte unchanged (it refuses a 96th byte). One pass gathers
     * what parse_compact decides by (the separators, the digit runs between them) and
     * the digits' value; the rules are parse_compact's, and when the digits are too many
     * for the exact integer path the text goes through parse_compact itself. */
    if (len > 0 && len < sizeof t) {
        uint64_t mant = 0;
        size_t i = 0, nd = 0, nsep = 0, ndot = 0, ncomma = 0, run = 0, run0 = 0;
        long last_dot = -1, last_comma = -1;
        int mid3 = 1;   /* every run between two separators has three digits */
        for (; i < len; i++) {
            unsigned char ch = u[i];
            if (ch >= '0' && ch <= '9') {
                if (nd < 16) mant = mant * 10 + (uint64_t)(ch - '0');
                nd++;
                run++;
                continue;
            }
            if (ch == '.') { ndot++; last_dot = (long)i; }
            else if (ch == ',') { ncomma++; last_comma = (long)i; }
            else break;
            if (nsep == 0) run0 = run;
            else if (run != 3) mid3 = 0;
            nsep++;
            run = 0;
        }
        if (i == len && nd > 0) {
            int lead_sep = u[0] == '.' || u[0] == ',';
            if (lead_sep && !(len > 1 && nsep == 1)) return CX_NUM_INVALID;
            if (u[len - 1] == '.' || u[len - 1] == ',') return CX_NUM_INVALID;
            char dec = 0, grp = 0;
            if (ndot && ncomma) {
                /* the last separator is the decimal mark; the runs before it group thousands */
                if (last_dot > last_comma) { dec = '.'; grp = ','; if (ndot > 1) return CX_NUM_INVALID; }
                else { dec = ','; grp = '.'; if (ncomma > 1) return CX_NUM_INVALID; }
                if (!(run0 >= 1 && run0 <= 3 && mid3)) return CX_NUM_INVALID;
            } else if (nsep) {
                char sep = ndot ? '.' : ',';
                int groups = run0 >= 1 && run0 <= 3 && mid3 && run == 3;
                if (nsep > 1) {
                    if (!groups) return CX_NUM_INVALID;
                    grp = sep;
                } else if (measure == CX_MEASURE_COUNT || measure == CX_MEASURE_RANK) {
                    if (groups) grp = sep; else dec = sep;
                } else {
                    dec = sep;
                }
            }
            (void)grp;
            /* a leading decimal mark reads as "0." (one more digit for the limit) */
            if (nd + (size_t)(dec && lead_sep) <= 15) {
                double v = (double)mant;
                if (dec && run > 0) v /= pow10_exact[run];   /* the digits after the decimal mark */
                *out = v;
                return CX_NUM_OK;
            }
            memcpy(t, s, len);
            return parse_compact(t, len, 0, measure, out);
        }
    }

    /* Trim to see whether the whole cell is a "missing" marker. */
    size_t a = len, b = 0;
    for (size_t i = 0; i < len;) {
        unsigned cp;
        size_t k = u8(u, len, i, &cp);
        if (!k) { if (a == len) a = i; b = i + 1; i++; continue; }
        if (!is_space_cp(cp)) { if (a == len) a = i; b = i + k; }
        i += k;
    }
    if (a >= b) return CX_NUM_MISSING;
    if (is_missing(s + a, b - a)) return CX_NUM_MISSING;

    for (size_t i = a; i < b;) {
        unsigned cp;
        size_t k = u8(u, b, i, &cp);
        if (!k) return CX_NUM_INVALID;
        i += k;
        if (is_space_cp(cp)) continue;
        if (pct) return CX_NUM_INVALID;              /* nothing after the % but spaces */
        if (paren == 2) return CX_NUM_INVALID;       /* nothing after ')' but '%' */
        if (cp >= '0' && cp <= '9') {
            if (n + 1 >= sizeof t) return CX_NUM_INVALID;
            t[n++] = (char)cp;
            body = 1;
            continue;
        }
        if (cp == '.' || cp == ',') {
            if (n + 1 >= sizeof t) return CX_NUM_INVALID;
            t[n++] = (char)cp;
            continue;
        }
        if ((cp == 'e' || cp == 'E') && body) {
            if (n + 1 >= sizeof t) return CX_NUM_INVALID;
            t[n++] = 'e';
            continue;
        }
        if ((cp == '+' || cp == '-') && n > 0 && t[n - 1] == 'e') {
            if (n + 1 >= sizeof t) return CX_NUM_INVALID;   /* room for the NUL too (fuzz) */
            t[n++] = (char)cp;
            continue;
        }
        if (cp == '%') { if (!body) return CX_NUM_INVALID; pct = 1; continue; }
        if (cp == '(' && !body && !paren && !sign_seen) { paren = 1; continue; }
        if (cp == ')' && paren == 1 && body) { paren = 2; continue; }
        if (!body && n == 0 && !sign_seen && (cp == '+' || cp == '-' || cp == 0x2212 || cp == 0x2013)) {
            sign_seen = 1;
            neg = cp != '+';
            continue;
        }
        return CX_NUM_INVALID;
    }
    if (paren == 1 || !body) return CX_NUM_INVALID;
    if (paren == 2) neg = !neg;
    return parse_compact(t, n, neg, measure, out);
}

/* The second half of cx_parse_number: t[0..n) holds digits, '.', ',' and an exponent
 * ('e', sign, digits), at least one digit; t has room for the NUL. */
static cx_num_status parse_compact(char *t, size_t n, int neg, cx_measure measure, double *out)
{
    t[n] = 0;

    /* Split off an exponent (only meaningful with '.' decimals: "1e3", "1.5E-2"). */
    char *e = strchr(t, 'e');
    size_t mlen = e ? (size_t)(e - t) : n;
    size_t ndot = 0, ncomma = 0;
    long last_dot = -1, last_comma = -1;
    for (size_t i = 0; i < mlen; i++) {
        if (t[i] == '.') { ndot++; last_dot = (long)i; }
        else if (t[i] == ',') { ncomma++; last_comma = (long)i; }
    }
    if (e && ncomma) return CX_NUM_INVALID;
    if (mlen == 0 || t[0] == '.' || t[0] == ',' ) {
        if (!(mlen > 1 && (t[0] == '.' || t[0] == ',') && ndot + ncomma == 1)) return CX_NUM_INVALID;
    }
    if (mlen > 0 && (t[mlen - 1] == '.' || t[mlen - 1] == ',')) return CX_NUM_INVALID;

    char dec = 0;      /* the decimal separator, 0 when none */
    char grp = 0;      /* the thousands separator, 0 when none */
    if (ndot && ncomma) {
        /* Both: the last one is the decimal mark, the other groups thousands. */
        if (last_dot > last_comma) { dec = '.'; grp = ','; if (ndot > 1) return CX_NUM_INVALID; }
        else { dec = ','; grp = '.'; if (ncomma > 1) return CX_NUM_INVALID; }
        long dpos = dec == '.' ? last_dot : last_comma;
        if (!thousands_groups(t, (size_t)dpos, grp)) return CX_NUM_INVALID;
    } else if (ndot || ncomma) {
        char sep = ndot ? '.' : ',';
        size_t cnt = ndot ? ndot : ncomma;
        int groups = thousands_groups(t, mlen, sep);
        if (cnt > 1) {
            if (!groups) return CX_NUM_INVALID;
            grp = sep;
        } else if (measure == CX_MEASURE_COUNT || measure == CX_MEASURE_RANK) {
            /* A count is whole: "1.746" and "1,746" group thousands. "12,5" stays a decimal. */
            if (groups) grp = sep; else dec = sep;
        } else {
            dec = sep;      /* percent/points: "78,7", "5.40", even "1.746" */
        }
    }

    if (!e) {
        /* No exponent: the text built below is [-]digits[.digits], which cx_strtod_c reads
         * as an integer over a power of ten when it has at most 15 digits (with the "0"
         * put before a leading '.'). Do that here without building it. */
        uint64_t mant = 0;
        int nd = t[0] == dec, frac = -1;
        for (size_t i = 0; i < n && nd <= 15; i++) {
            if (grp && t[i] == grp) continue;
            if (dec && t[i] == dec) { frac = 0; continue; }
            nd++;
            mant = mant * 10 + (uint64_t)(t[i] - '0');
            if (frac >= 0) frac++;
        }
        if (nd <= 15) {
            double v = (double)mant;
            if (frac > 0) v /= pow10_exact[frac];
            if (neg) v = -v;
            if (v == 0) v = 0;   /* no -0 */
            *out = v;
            return CX_NUM_OK;
        }
    }
    char c[128];
    size_t m = 0;
    if (neg) c[m++] = '-';
    for (size_t i = 0; i < n; i++) {
        if (grp && t[i] == grp && (!e || t + i < e)) continue;
        c[m++] = (dec && t[i] == dec && (!e || t + i < e)) ? '.' : t[i];
    }
    if (m > 0 && c[m - 1] == '.') return CX_NUM_INVALID;
    /* ".5" -> "0.5" for the strict grammar */
    char f[130];
    size_t fm = 0;
    for (size_t i = 0; i < m; i++) {
        if (c[i] == '.' && (i == 0 || c[i - 1] == '-')) f[fm++] = '0';
        f[fm++] = c[i];
    }
    double v;
    if (cx_strtod_c(f, fm, &v) != 0) return CX_NUM_INVALID;
    if (v == 0) v = 0;   /* no -0 */
    *out = v;
    return CX_NUM_OK;
}

int cx_number_underflow(const char *s, size_t len, double v)
{
    if (v != 0 && fabs(v) >= 2.2250738585072014e-308) return 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == 'e' || s[i] == 'E') break;
        if (s[i] >= '1' && s[i] <= '9') return 1;
    }
    return 0;
}
