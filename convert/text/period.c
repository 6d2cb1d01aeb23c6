/*
 * period.c — periods read from what files say (see period.h).
 *
 * The text is folded to lower-case ASCII first (fold.h), so "THÁNG", "Tháng", "thang"
 * and "Tuần"/"TUẦN"/"tuan" read the same, then cut into tokens: runs of letters and
 * runs of digits-and-slashes ("t5/2024" -> "t", "5/2024"). A keyword followed by a
 * number says one field; a bare "05/2024" or "2024" says month/year; a bare d/m/yyyy
 * is a date (the cutoff's business, never a period). Nothing is guessed: a field no
 * token states stays 0.
 */
#include "period.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fold.h"

enum { TOK_WORD, TOK_NUM };

typedef struct tok {
    int         type;
    const char *s;      /* into the folded text */
    size_t      len;
    int         glued;  /* no separator before this token (for "t5", "w1") */
    int         nparts; /* TOK_NUM: numbers separated by '/' (up to 3), 0 = malformed */
    int         part[3];
    int         plen[3];/* digits in each part */
} tok;

#define MAX_TEXT 65536

static void parse_num(tok *t)
{
    t->nparts = 0;
    size_t i = 0;
    while (i < t->len) {
        if (t->nparts == 3) { t->nparts = 0; return; }
        int v = 0, n = 0;
        while (i < t->len && isdigit((unsigned char)t->s[i])) {
            if (n < 6) v = v * 10 + (t->s[i] - '0');
            n++;
            i++;
        }
        if (n == 0 || n > 4) { t->nparts = 0; return; }
        t->part[t->nparts] = v;
        t->plen[t->nparts] = n;
        t->nparts++;
        if (i < t->len) {           /* a '/' */
            i++;
            if (i == t->len) { t->nparts = 0; return; }   /* "766/" */
        }
    }
}

static size_t tokenize(const char *f, tok *toks, size_t max)
{
    size_t n = 0;
    const char *p = f;
    int glued = 0;
    while (*p && n < max) {
        if (isalpha((unsigned char)*p)) {
            const char *s = p;
            while (isalpha((unsigned char)*p)) p++;
            toks[n++] = (tok){.type = TOK_WORD, .s = s, .len = (size_t)(p - s), .glued = glued};
            glued = 1;
        } else if (isdigit((unsigned char)*p)) {
            const char *s = p;
            while (isdigit((unsigned char)*p) || (*p == '/' && isdigit((unsigned char)p[1]))) p++;
            tok t = {.type = TOK_NUM, .s = s, .len = (size_t)(p - s), .glued = glued};
            parse_num(&t);
            toks[n++] = t;
            glued = 1;
        } else {
            p++;
            glued = 0;
        }
    }
    return n;
}

static int word_is(const tok *t, const char *w)
{
    return t->type == TOK_WORD && t->len == strlen(w) && memcmp(t->s, w, t->len) == 0;
}

static int is_year(int v, int len) { return len == 4 && v >= 1990 && v <= 2100; }

/* What one text says; every field 0 unless stated. dates[] collects d/m/yyyy found. */
typedef struct said {
    cx_period p;
    int date_y, date_m, date_d;   /* first full date, 0 if none */
    int bare_year;                /* a lone 4-digit year, used only if nothing better */
    int year_word;                /* "năm" said ("Năm 2025", a sheet "Điểm năm") */
    int ndates;                   /* full dates seen */
    int range_word;               /* "đến" said */
    int end_y;                    /* the last full date's year */
    int nwords;                   /* word tokens: a short text ("Điểm năm") is a period's name */
} said;

static void set_if0(int *f, int v) { if (!*f) *f = v; }

static void scan(const char *text, said *out, int filename)
{
    memset(out, 0, sizeof *out);
    char *f = cx_fold_words(text);
    if (!f) return;
    /* A token is at least one byte: strlen bounds the count. Titles are short; a text
     * past MAX_TEXT (a whole sheet pasted in one cell) is read only that far. */
    size_t flen = strlen(f);
    if (flen > MAX_TEXT) f[flen = MAX_TEXT] = 0;
    tok *toks = malloc((flen + 1) * sizeof *toks);
    if (!toks) { free(f); return; }
    size_t n = tokenize(f, toks, flen + 1);
    for (size_t i = 0; i < n; i++) {
        tok *t = &toks[i];
        if (t->type == TOK_NUM) {
            if (t->nparts == 3) {
                if (t->plen[2] == 4 && t->part[1] >= 1 && t->part[1] <= 12 && t->part[0] >= 1 && t->part[0] <= 31) {
                    if (!out->date_y) { out->date_y = t->part[2]; out->date_m = t->part[1]; out->date_d = t->part[0]; }
                    out->ndates++;
                    out->end_y = t->part[2];
                }
            } else if (t->nparts == 2 && t->plen[1] == 4 && is_year(t->part[1], 4) &&
                       t->part[0] >= 1 && t->part[0] <= 12 && t->plen[0] <= 2) {
                set_if0(&out->p.month, t->part[0]);      /* "05/2024" */
                set_if0(&out->p.year, t->part[1]);
            } else if (t->nparts == 1 && is_year(t->part[0], t->plen[0])) {
                /* "2024-05" in a file name: a year then a month number. */
                if (filename && i + 1 < n && toks[i + 1].type == TOK_NUM && toks[i + 1].nparts == 1 &&
                    toks[i + 1].plen[0] <= 2 && toks[i + 1].part[0] >= 1 && toks[i + 1].part[0] <= 12) {
                    set_if0(&out->p.month, toks[i + 1].part[0]);
                    i++;
                }
                set_if0(&out->bare_year, t->part[0]);
            }
            continue;
        }
        if (word_is(t, "nam") && !t->glued) out->year_word = 1;
        out->nwords++;
        if (word_is(t, "den")) out->range_word = 1;
        /* A keyword and its number: right after it, or glued for the one-letter forms. */
        const tok *num = (i + 1 < n && toks[i + 1].type == TOK_NUM && toks[i + 1].nparts > 0) ? &toks[i + 1] : NULL;
        int one_letter = t->len == 1;
        if (!num || (one_letter && !num->glued)) continue;
        /* "t5", "w1", "q3" only as whole tokens: not the tail of a word ("tt5") */
        if (one_letter && t->glued) continue;
        int a = num->part[0], alen = num->plen[0];
        int b = num->nparts > 1 ? num->part[1] : 0, blen = num->nparts > 1 ? num->plen[1] : 0;
        int c = num->nparts > 2 ? num->part[2] : 0, clen = num->nparts > 2 ? num->plen[2] : 0;
        if (word_is(t, "tuan") || word_is(t, "w") || word_is(t, "week")) {
            if (a < 1 || a > 53 || alen > 2) continue;
            set_if0(&out->p.week, a);
            if (blen == 4 && is_year(b, blen)) set_if0(&out->p.year, b);     /* Tuần 01/2023 */
            else if (b >= 1 && b <= 12 && blen <= 2) {                        /* TUẦN 01/12 */
                set_if0(&out->p.month, b);
                if (is_year(c, clen)) set_if0(&out->p.year, c);
            }
            i++;
        } else if (word_is(t, "thang") || word_is(t, "t")) {
            if (a < 1 || a > 12 || alen > 2) continue;
            if (num->nparts == 3) continue;                                  /* a date, not a month */
            set_if0(&out->p.month, a);
            if (is_year(b, blen)) set_if0(&out->p.year, b);
            i++;
        } else if (word_is(t, "quy") || word_is(t, "q")) {
            if (a < 1 || a > 4 || alen > 1) continue;
            set_if0(&out->p.quarter, a);
            if (is_year(b, blen)) set_if0(&out->p.year, b);
            i++;
        } else if (word_is(t, "nam")) {
            if (num->nparts == 1 && is_year(a, alen)) set_if0(&out->p.year, a);
            i++;
        } else if (word_is(t, "ngay") && num->nparts == 1) {
            /* "ngày 06/5/2024" (skipped by the date rule) or "ngày 06 tháng 5 năm 2024": a date in
             * words is a date, not the period; keep it for the cutoff. */
            if (num->nparts == 1 && a >= 1 && a <= 31 && i + 4 < n && word_is(&toks[i + 2], "thang") &&
                toks[i + 3].type == TOK_NUM && toks[i + 3].nparts == 1 && word_is(&toks[i + 4], "nam") &&
                i + 5 < n && toks[i + 5].type == TOK_NUM && toks[i + 5].nparts == 1 &&
                is_year(toks[i + 5].part[0], toks[i + 5].plen[0]) && toks[i + 3].part[0] >= 1 &&
                toks[i + 3].part[0] <= 12) {
                if (!out->date_y) {
                    out->date_d = a; out->date_m = toks[i + 3].part[0]; out->date_y = toks[i + 5].part[0];
                }
                i += 5;
            }
        }
    }
    free(toks);
    free(f);
    /* What the period is, when the words say more than the numbers: a year ("Năm 2025",
     * "Điểm năm"), a quarter (no month), a range of dates ("Từ ngày .. đến ngày .."). */
    if (out->ndates >= 2 && out->range_word && !out->p.month && !out->p.week && !out->p.quarter) {
        out->p.gran = CX_GRAN_RANGE;
        set_if0(&out->p.year, out->end_y);
    } else if (out->p.quarter && !out->p.month && !out->p.week) {
        out->p.gran = CX_GRAN_QUARTER;
    } else if (out->year_word && out->nwords <= 2 && !out->p.month && !out->p.week && !out->p.quarter &&
               !out->ndates && !filename) {
        out->p.gran = CX_GRAN_YEAR;
    }
}

static int apply(cx_period *p, const cx_period *s)
{
    int found = 0;
    if (s->gran && !p->gran && !p->week && !(p->month && s->gran != CX_GRAN_RANGE)) {
        found = 1;
        p->gran = s->gran;
    }
    if (s->year)    { found = 1; if (!p->year) p->year = s->year; }
    if (s->month)   { found = 1; if (!p->month) p->month = s->month; }
    if (s->week)    { found = 1; if (!p->week) p->week = s->week; }
    if (s->quarter) { found = 1; if (!p->quarter) p->quarter = s->quarter; }
    return found;
}

int cx_period_parse(const char *text, cx_period *p)
{
    if (!text || !p) return 0;
    said s;
    scan(text, &s, 0);
    if (!s.p.year && s.bare_year) s.p.year = s.bare_year;
    return apply(p, &s.p);
}

static int valid_date(int y, int m, int d)
{
    static const int mdays[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1990 || y > 2100 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1]) return 0;
    if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 0;
    return 1;
}

int cx_period_parse_cutoff(const char *text, cx_period *p)
{
    if (!text || !p) return 0;
    /* Look after "chốt số liệu" when the line says it: a whole title line may also hold
     * the report's own date ("Phú Tân, ngày 06 tháng 5 năm 2024"). */
    const char *from = text;
    char *f = cx_fold_words(text);
    if (f) {
        char *k = strstr(f, "chot so lieu");
        if (!k) k = strstr(f, "chot du lieu");
        if (k) {
            /* Folding maps one code point to one byte: find the same code point in text. */
            size_t cps = (size_t)(k - f), i = 0;
            const char *q = text;
            while (*q && i < cps) {
                q++;
                while ((*q & 0xC0) == 0x80) q++;
                i++;
            }
            from = q;
        }
        free(f);
    }
    said s;
    scan(from, &s, 0);
    int y = s.date_y, m = s.date_m, dd = s.date_d;
    if (!y) {
        /* ISO form "2024-05-06". */
        const char *q = from;
        for (; *q; q++) {
            int a, b, c, n = 0;
            if (isdigit((unsigned char)*q) && sscanf(q, "%4d-%2d-%2d%n", &a, &b, &c, &n) == 3 && n == 10) {
                y = a; m = b; dd = c;
                break;
            }
        }
    }
    if (!valid_date(y, m, dd)) return 0;
    char date[32];
    snprintf(date, sizeof date, "%04d-%02d-%02d", y, m, dd);
    memcpy(p->cutoff, date, sizeof p->cutoff - 1);
    p->cutoff[sizeof p->cutoff - 1] = 0;
    /* The line's own words (a whole title line: "THÁNG 5 (Tuần 01) ... chốt số liệu ..."). */
    said all;
    scan(text, &all, 0);
    int week_said = all.p.week != 0;
    apply(p, &all.p);
    /* The inference rule (NOTES.md, periods): the cutoff gives the year when nothing else
     * did; it gives the month only when the line itself names a week ("Ngày 04/12/2023
     * -Tuần 1": a weekly cutoff falls in its week's month). A monthly report cut off early
     * in the next month keeps the month its title says. */
    if (!p->year) p->year = y;
    if (!p->month && week_said) p->month = m;
    return 1;
}

int cx_period_parse_filename(const char *path, cx_period *p)
{
    if (!path || !p) return 0;
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    char *name = strdup(base);
    if (!name) return 0;
    char *dot = strrchr(name, '.');
    if (dot && dot != name) *dot = 0;
    said s;
    scan(name, &s, 1);
    free(name);
    if (!s.p.year && s.bare_year) s.p.year = s.bare_year;
    return apply(p, &s.p);
}

void cx_period_merge(cx_period *dst, const cx_period *src)
{
    if (!dst->year) dst->year = src->year;
    if (!dst->cutoff[0]) memcpy(dst->cutoff, src->cutoff, sizeof dst->cutoff);
    /* A year, a quarter or a range the content said is not given a month by a file name. */
    cx_granularity g = cx_period_granularity(dst);
    if (g == CX_GRAN_RANGE || g == CX_GRAN_QUARTER || (g == CX_GRAN_YEAR && dst->gran == CX_GRAN_YEAR)) return;
    if (!dst->month) dst->month = src->month;
    if (!dst->week) dst->week = src->week;
    if (!dst->quarter) dst->quarter = src->quarter;
}

/* The month a period ends in, for ordering quarters among months. */
static int end_month(const cx_period *p)
{
    if (p->month) return p->month;
    if (p->quarter) return p->quarter * 3;
    return 0;
}

int cx_period_cmp(const cx_period *a, const cx_period *b)
{
    if (a->year != b->year) return a->year < b->year ? -1 : 1;
    int ma = end_month(a), mb = end_month(b);
    if (ma != mb) return ma < mb ? -1 : 1;
    /* A whole month (week 0) after its weeks; a quarter after its last month. */
    int wa = a->week ? a->week : (a->month ? 99 : 0), wb = b->week ? b->week : (b->month ? 99 : 0);
    if (!a->month && a->quarter) wa = 100;
    if (!b->month && b->quarter) wb = 100;
    if (wa != wb) return wa < wb ? -1 : 1;
    return strcmp(a->cutoff, b->cutoff);
}

char *cx_period_make_label(const cx_period *p)
{
    char buf[64];
    if (!p) return NULL;
    if (p->month && p->week) snprintf(buf, sizeof buf, "Tháng %d - Tuần %02d", p->month, p->week);
    else if (p->month && p->year) snprintf(buf, sizeof buf, "Tháng %d/%d", p->month, p->year);
    else if (p->month) snprintf(buf, sizeof buf, "Tháng %d", p->month);
    else if (p->quarter && p->year) snprintf(buf, sizeof buf, "Quý %d/%d", p->quarter, p->year);
    else if (p->quarter) snprintf(buf, sizeof buf, "Quý %d", p->quarter);
    else if (p->week && p->year) snprintf(buf, sizeof buf, "Tuần %02d/%d", p->week, p->year);
    else if (p->week) snprintf(buf, sizeof buf, "Tuần %02d", p->week);
    else if (p->year) snprintf(buf, sizeof buf, "Năm %d", p->year);
    else return NULL;
    return strdup(buf);
}

char *cx_period_heading(const cx_period *p)
{
    if (!p) return NULL;
    if (p->month && !p->week) {
        char buf[32];
        snprintf(buf, sizeof buf, "Tháng %d", p->month);
        return strdup(buf);
    }
    char *l = cx_period_make_label(p);
    if (l) return l;
    return p->label ? strdup(p->label) : NULL;
}
