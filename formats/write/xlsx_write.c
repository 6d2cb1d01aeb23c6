/*
 * xlsx_write.c — the print-ready Phụ lục (libxlsxwriter 1.1.4), laid out like the
 * appendix of reference 001:
 *
 *   row 1   title (with the period)                      merged over all columns
 *   row 2   (Thời gian chốt số liệu: Ngày 06/5/2024)     merged over all columns
 *   row 3   (spacer)
 *   row 4-5 two-level header: STT, ĐƠN VỊ, then group cells (ĐIỂM TỔNG HỢP, DỊCH VỤ
 *           CÔNG TT, SỐ HÓA HỒ SƠ) merged over their sub-headings; a column without
 *           a group is merged over both rows
 *   row 6   the total row, bold
 *   row 7.. the units, by diem_tong_hop descending (stable; --keep-order keeps the
 *           source order), STT renumbered
 *   then    the legend: one line per rule that has a column
 *
 * Failing values are marked by live conditional formats (red text, light red fill,
 * underline), one per rule over the units' rows of its column, never on the total
 * row: a cell-value rule for numbers, preceded by a "blanks, stop if true" rule
 * (Excel compares an empty cell as 0, and a missing value must not look failing),
 * and a short formula rule for xep_loai. libxlsxwriter 1.1.4's text rules are not
 * used (they anchor on the wrong cell and cut formulas at 63 bytes).
 *
 * Every string reaches libxlsxwriter through cx_utf8_clean_nfc (it does not check
 * UTF-8; a string already clean is written as it is), every column is set once
 * (overlapping set_column calls write overlapping <col> elements), and every lxw_error
 * is checked.
 *
 * The workbook is written in constant_memory mode, one snapshot at a time (see
 * cx_write_xlsx): every sheet's rows go to its temporary file in increasing order, so
 * memory does not grow with the rows, and a snapshot's units are needed only while its
 * two sheets are written.
 *
 * Deterministic output: the document's creation time follows the writers' one rule
 * (cx_xlsx_created in write_util.h: o->source_date_epoch, which the
 * command line takes from SOURCE_DATE_EPOCH, else the first cutoff date, else
 * 2022-06-23); the zip entries carry libxlsxwriter's fixed date. Same input, same bytes.
 */
#include <errno.h>
#include <pthread.h>
#include <unistd.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <time.h>
#include <utf8proc.h>
#include <xlsxwriter.h>
#include "writer.h"
#include "number.h"
#include "write_util.h"
#include "xlsx_summary.h"

#define FIRST_IND_COL 2       /* A = STT, B = ĐƠN VỊ */
#define UNIT_ROW_H 16.5       /* a unit row with a one-line name: the sheet's default height */
/* Excel's usual 15 points, for the cutoff, spacer and legend rows. libxlsxwriter 1.1.4
 * writes no height for a row of exactly 15 (its own default) even when the sheet's
 * default is another: 15.000001 is written, and is 15 (300 twips, 20 pixels) on screen. */
#define PLAIN_ROW_H 15.000001
#define DEFAULT_TITLE "BỘ CHỈ SỐ PHỤC VỤ NGƯỜI DÂN, DOANH NGHIỆP TRONG THỰC HIỆN TTHC, CUNG CẤP DỊCH VỤ CÔNG"

/* ---- small text helpers ---- */

/* Number of characters (code points) in UTF-8 s: column widths are in characters. */
static size_t u8_chars(const char *s)
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; p && *p; p++)
        if ((*p & 0xc0) != 0x80) n++;
    return n;
}

/* Vietnamese upper case ("Tháng 5 - Tuần 01" -> "THÁNG 5 - TUẦN 01"), NFC. Caller frees. */
static char *u8_upper(const char *s)
{
    char *clean = cx_utf8_clean_nfc(s);
    if (!clean) return NULL;
    size_t len = strlen(clean);
    char *out = malloc(len * 4 + 1);
    if (!out) { free(clean); return NULL; }
    size_t o = 0;
    utf8proc_ssize_t off = 0;
    while ((size_t)off < len) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)clean + off, (utf8proc_ssize_t)len - off, &cp);
        if (n <= 0) break;   /* cannot happen: clean is valid UTF-8 */
        off += n;
        o += (size_t)utf8proc_encode_char(utf8proc_toupper(cp), (utf8proc_uint8_t *)out + o);
    }
    out[o] = 0;
    free(clean);
    char *nfc = (char *)utf8proc_NFC((const utf8proc_uint8_t *)out);
    free(out);
    return nfc;
}

/* Does an (upper-case) title already name a period? */
static int title_has_period(const char *upper)
{
    static const char *const words[] = {"THÁNG", "TUẦN", "QUÝ", "NĂM 20", "6 THÁNG"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strstr(upper, words[i])) return 1;
    return 0;
}

/* ---- the writer's state ---- */

typedef struct {
    lxw_workbook *wb;
    cx_diag *d;
    cx_error err;
    /* formats */
    lxw_format *f_caption, *f_title, *f_cutoff, *f_head, *f_legend, *f_legend_head, *f_fail, *f_mark;
    lxw_format *f_cell[2][4];   /* [bold][0 text-center, 1 name, 2 general number, 3 count] */
} xw;

/* Record a libxlsxwriter failure once; returns the cx_error for chaining. */
static cx_error lxw_check(xw *w, lxw_error e, const char *what)
{
    if (e == LXW_NO_ERROR || w->err != CX_OK) return w->err;
    w->err = cx_fail(w->d, CX_ERR_WRITE, "cannot write the Phụ lục (%s): %s", what, lxw_strerror(e));
    return w->err;
}
#define CK(expr, what) do { if (lxw_check(w, (expr), (what)) != CX_OK) goto done; } while (0)

static lxw_format *new_format(xw *w, int size, int bold)
{
    lxw_format *f = workbook_add_format(w->wb);
    if (!f) return NULL;
    format_set_font_name(f, "Times New Roman");
    format_set_font_size(f, size);
    if (bold) format_set_bold(f);
    return f;
}

/* caption: make the caption's format too (only then: a format more renumbers the styles) */
static int make_formats(xw *w, int caption)
{
    if (caption && !(w->f_caption = new_format(w, 13, 1))) return -1;
    if (caption) {
        format_set_align(w->f_caption, LXW_ALIGN_CENTER);
        format_set_align(w->f_caption, LXW_ALIGN_VERTICAL_CENTER);
    }
    if (!(w->f_title = new_format(w, 14, 1))) return -1;
    format_set_align(w->f_title, LXW_ALIGN_CENTER);
    format_set_align(w->f_title, LXW_ALIGN_VERTICAL_CENTER);
    format_set_text_wrap(w->f_title);
    if (!(w->f_cutoff = new_format(w, 13, 1))) return -1;
    format_set_italic(w->f_cutoff);
    format_set_align(w->f_cutoff, LXW_ALIGN_CENTER);
    if (!(w->f_head = new_format(w, 11, 1))) return -1;
    format_set_align(w->f_head, LXW_ALIGN_CENTER);
    format_set_align(w->f_head, LXW_ALIGN_VERTICAL_CENTER);
    format_set_text_wrap(w->f_head);
    format_set_border(w->f_head, LXW_BORDER_THIN);
    format_set_bg_color(w->f_head, 0xF2F2F2);
    if (!(w->f_legend_head = new_format(w, 12, 1))) return -1;
    format_set_italic(w->f_legend_head);
    if (!(w->f_legend = new_format(w, 12, 0))) return -1;
    /* The mark of a failing value: what the conditional formats apply (a dxf). */
    if (!(w->f_fail = workbook_add_format(w->wb))) return -1;
    format_set_font_color(w->f_fail, 0xC00000);
    format_set_bg_color(w->f_fail, 0xFFC7CE);
    format_set_underline(w->f_fail, LXW_UNDERLINE_SINGLE);
    /* The same look for the legend's sample words (a cell format). */
    if (!(w->f_mark = new_format(w, 12, 0))) return -1;
    format_set_font_color(w->f_mark, 0xC00000);
    format_set_underline(w->f_mark, LXW_UNDERLINE_SINGLE);
    for (int b = 0; b < 2; b++) {
        for (int k = 0; k < 4; k++) {
            lxw_format *f = new_format(w, 12, b);
            if (!f) return -1;
            format_set_border(f, LXW_BORDER_THIN);
            format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
            format_set_align(f, k == 1 ? LXW_ALIGN_LEFT : LXW_ALIGN_CENTER);
            if (k == 1) { format_set_text_wrap(f); format_set_indent(f, 1); }
            if (k == 3) format_set_num_format(f, "#,##0");
            w->f_cell[b][k] = f;
            /* Text-centre and general-number cells look the same: one format object.
             * libxlsxwriter caches the style index only in the first of two identical
             * formats and hashes the other (a whole lxw_format) on every cell. */
            if (k == 2) w->f_cell[b][k] = w->f_cell[b][0];
        }
    }
    return 0;
}

/* ---- one sheet ---- */

typedef struct {
    int ind;              /* indicator */
    const char *group;    /* its group heading or NULL (the standard one, or own_group) */
    char *own_group;      /* the source's group heading (owned), or NULL */
    char *heading;        /* sub-heading (owned) */
    double width;
} colinfo;

/* Order of the rows: totals first (source order), then the units by score. */
typedef struct { size_t idx; double score; int has; } rowkey;

static int cmp_rows(const void *a, const void *b)
{
    const rowkey *x = a, *y = b;
    if (x->has != y->has) return x->has ? -1 : 1;           /* units without a score last */
    if (x->has && x->score != y->score) return x->score > y->score ? -1 : 1;
    return x->idx < y->idx ? -1 : (x->idx > y->idx);        /* stable */
}

static int cell_kind(int ind)
{
    switch (cx_indicators[ind].measure) {
    case CX_MEASURE_LABEL: return 0;
    case CX_MEASURE_COUNT: return 3;
    default: return 2;
    }
}

/* strlen(cx_format_number(v)), for the column widths, without formatting the values
 * that have at most two decimals (nearly all: percentages, points, counts). For those
 * m = round(|v|*100) holds the digits: the fewest decimals d with round(|v|*10^d)/10^d
 * == |v|, which cx_format_number prints, are the ones m does not end in zeros (no two
 * decimals of two places fall on one double below 1e13). Checked against
 * cx_format_number on 46 million values. */
static size_t value_len(double v)
{
    double av = fabs(v);
    if (v == 0) return 1;   /* "0", also -0 */
    if (av >= 0.01 && av < 1e13) {
        double m = nearbyint(av * 100);
        if (m / 100 == av) {
            uint64_t u = (uint64_t)m;
            int d = u % 100 == 0 ? 0 : u % 10 == 0 ? 1 : 2;
            size_t n = (size_t)(v < 0) + (d ? (size_t)d + 1 : 0);
            uint64_t ip = u / 100;
            do { n++; ip /= 10; } while (ip);
            return n;
        }
    }
    char buf[32];
    return strlen(cx_format_number(v, buf));
}

/* Width of a wrapped heading: wide enough for its longest word, and for the text
 * to fit in about three lines. */
static double heading_width(const char *h)
{
    size_t longest = 0, cur = 0, total = u8_chars(h);
    for (const unsigned char *p = (const unsigned char *)h; ; p++) {
        if (*p == ' ' || *p == 0) { if (cur > longest) longest = cur; cur = 0; if (!*p) break; }
        else if ((*p & 0xc0) != 0x80) cur++;
    }
    double wdt = (double)longest + 2;
    double third = (double)total / 3.0 + 2;
    return wdt > third ? wdt : third;
}

/* Lines a text of n characters takes in a column of width wdt (roughly: bold
 * capitals are wider than the average character the width counts). */
static int lines_for(size_t n, double wdt)
{
    double per = wdt * 0.85;
    if (per < 1) per = 1;
    int l = (int)ceil((double)n / per);
    return l < 1 ? 1 : l;
}

/* Excel compares sheet names without case, all of Unicode ("THÁNG" = "tháng"):
 * two such names make a workbook Excel calls damaged. */
static int same_sheet_name(const char *a, const char *b)
{
    utf8proc_uint8_t *fa = NULL, *fb = NULL;
    int opts = UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD;
    int same;
    if (utf8proc_map((const utf8proc_uint8_t *)a, 0, &fa, opts) < 0 ||
        utf8proc_map((const utf8proc_uint8_t *)b, 0, &fb, opts) < 0)
        same = strcasecmp(a, b) == 0;
    else
        same = strcmp((const char *)fa, (const char *)fb) == 0;
    free(fa);
    free(fb);
    return same;
}

/* A unique, valid sheet name (at most 31 characters, none of []:*?/\). */
static char *sheet_name_for(const cx_snapshot *s, size_t i, size_t n, char **used, size_t nused)
{
    char base[256];
    const cx_source *src = s->nsources ? &s->sources[0] : NULL;
    int workbook = src && src->format && src->nsheets == 1 && src->sheets[0][0] &&
                   (strcmp(src->format, "xls") == 0 || strcmp(src->format, "xlsx") == 0);
    if (s->period.label && s->period.label[0])
        snprintf(base, sizeof base, "%s", s->period.label);
    else if (workbook)   /* the name the office gave its sheet */
        snprintf(base, sizeof base, "%s", src->sheets[0]);
    else if (n > 1)
        snprintf(base, sizeof base, "Phụ lục %zu", i + 1);
    else
        snprintf(base, sizeof base, "Phụ lục");
    char *clean = cx_utf8_clean_nfc(base);
    if (!clean) return NULL;
    for (char *p = clean; *p; p++)
        if (strchr("[]:*?/\\", *p) || *p == '\n' || *p == '\t') *p = '-';
    /* Excel refuses a name starting or ending with an apostrophe. */
    for (char *p = clean; *p == '\''; p++) *p = '-';
    for (size_t k = 1; ; k++) {
        char suffix[16] = "";
        if (k > 1) snprintf(suffix, sizeof suffix, " (%zu)", k);
        size_t room = 31 - strlen(suffix);
        /* Cut at a character boundary after at most `room` characters. */
        size_t chars = 0, cut = 0;
        for (const unsigned char *p = (const unsigned char *)clean; *p; p++) {
            if ((*p & 0xc0) != 0x80) { if (chars == room) break; chars++; }
            cut = (size_t)(p - (const unsigned char *)clean) + 1;
        }
        char *cand = NULL;
        if (asprintf(&cand, "%.*s%s", (int)cut, clean, suffix) < 0) { free(clean); return NULL; }
        size_t cl = strlen(cand);
        while (cl > 0 && cand[cl - 1] == '\'') cand[--cl] = 0;
        int dup = 0;
        for (size_t j = 0; j < nused && !dup; j++) dup = same_sheet_name(used[j], cand);
        if (!dup || k > 999) { free(clean); return cand; }
        free(cand);
    }
}

/* The title text: --title or the snapshot's, else a default naming the scope;
 * the period appended when the title does not already name one. Caller frees. */
static char *title_text(const cx_snapshot *s, const cx_write_opts *o)
{
    const char *t = (o && o->title && o->title[0]) ? o->title : s->title;
    char *out = NULL;
    char *up = NULL, *per = NULL, *scope = NULL;
    if (t && t[0]) {
        out = cx_utf8_clean_nfc(t);
        up = u8_upper(t);
        if (!out || !up) goto fail;
        if (s->period.label && !title_has_period(up)) {
            if (!(per = u8_upper(s->period.label))) goto fail;
            char *x = NULL;
            if (asprintf(&x, "%s - %s", out, per) < 0) goto fail;
            free(out);
            out = x;
        }
    } else {
        if (s->scope && !(scope = u8_upper(s->scope))) goto fail;
        if (s->period.label && !(per = u8_upper(s->period.label))) goto fail;
        if (asprintf(&out, "%s%s%s%s%s", DEFAULT_TITLE, scope ? " - " : "", scope ? scope : "",
                     per ? " - " : "", per ? per : "") < 0) { out = NULL; goto fail; }
    }
    free(up); free(per); free(scope);
    return out;
fail:
    free(out); free(up); free(per); free(scope);
    return NULL;
}

/* ---- one sheet: its parts ---- */

#define NO_ROW ((lxw_row_t)-1)

/* Where a sheet's parts go, and what it measures for printing. Without a caption or an
 * attached-to line: title 0, cutoff 1, spacer 2, header 3-4, data from 5. */
typedef struct {
    lxw_row_t caption, title, attached, cutoff, hdr1, hdr2, data;   /* caption, attached: NO_ROW when absent */
    int    lastcol;
    double namew, totalw;   /* widths in characters */
    double height;          /* points, of every row written */
} layout;

static void plan_rows(layout *L, const cx_write_opts *o)
{
    lxw_row_t r = 0;
    L->caption = o && o->caption && o->caption[0] ? r++ : NO_ROW;
    L->title = r++;
    L->attached = o && o->attached_to && o->attached_to[0] ? r++ : NO_ROW;
    L->cutoff = r++;
    L->hdr1 = r + 1;   /* after a spacer row */
    L->hdr2 = L->hdr1 + 1;
    L->data = L->hdr2 + 1;
}

static cx_error nomem(xw *w)
{
    return w->err = cx_fail(w->d, CX_ERR_NOMEM, "out of memory");
}

/* A heading as the source writes it, its whitespace (line breaks of a wrapped cell) made
 * single spaces; NULL when there is none. Caller frees. */
static char *one_line(const char *t)
{
    if (!t) return NULL;
    char *c = cx_utf8_clean_nfc(t), *o = c;
    if (!c) return NULL;
    int space = 1;
    for (const char *p = c; *p; p++) {
        int ws = *p == ' ' || *p == '\t' || *p == '\r' || *p == '\n';
        if (ws && space) continue;
        *o++ = ws ? ' ' : *p;
        space = ws;
    }
    while (o > c && o[-1] == ' ') o--;
    *o = 0;
    if (!*c) { free(c); return NULL; }
    return c;
}

/* Does the Phụ lục print the source's headings? Those of a table a person made, when it
 * kept them; a portal JSON's "fields" are not headings. */
static int has_source_headings(const cx_snapshot *s)
{
    if (!s->nsources || !s->sources[0].format || strcmp(s->sources[0].format, "json") == 0) return 0;
    for (int k = 0; k < CX_IND_COUNT; k++)
        if (s->src_heading[k]) return 1;
    return 0;   /* a table made from another's shape (one period of a wide table) */
}

/* The standard heading of column k: the period for the current score ("ĐIỂM TỔNG HỢP
 * (TUẦN 04/11)" under the ĐIỂM TỔNG HỢP group reads "TUẦN 04/11"), the previous period for
 * the previous one, else the indicator's. Caller frees. */
static char *standard_heading(const cx_snapshot *s, int k, const char *group)
{
    const char *h = cx_indicators[k].heading;
    char *hu = NULL;
    if (k == CX_IND_DIEM_TONG_HOP && s->period.label && s->period.label[0]) h = hu = u8_upper(s->period.label);
    else if (k == CX_IND_DIEM_KY_TRUOC && s->prev_label && s->prev_label[0]) h = hu = u8_upper(s->prev_label);
    if (!hu) return cx_utf8_clean_nfc(h);
    if (group && strncmp(hu, group, strlen(group)) == 0) {
        const char *rest = hu + strlen(group);
        while (*rest == ' ' || *rest == '(' || *rest == '-' || *rest == ':') rest++;
        size_t rl = strlen(rest);
        while (rl > 0 && (rest[rl - 1] == ')' || rest[rl - 1] == ' ')) rl--;
        if (rl > 0) { memmove(hu, rest, rl); hu[rl] = 0; }
    }
    return hu;
}

/* Is column k printed? Those with a value in some unit, except a classification
 * the source does not have (computed from the score): only when asked (--add-classification). */
static int column_printed(const cx_snapshot *s, const cx_write_opts *o, cx_indmask present, int k)
{
    if (!((present >> k) & 1u)) return 0;
    if (k == CX_IND_XEP_LOAI && !(s->columns & CX_BIT(k))) return o && o->add_classification;
    return 1;
}

static int same_group(const char *a, const char *b) { return a && b && (a == b || strcmp(a, b) == 0); }

/* The columns, in model order, with their headings: the source's own (thresholds and all)
 * when it has them, else the standard ones. */
static cx_error build_columns(xw *w, const cx_snapshot *s, const cx_write_opts *o, colinfo *cols, int *ncols)
{
    cx_indmask present = 0;   /* a column empty in every unit is not printed, nor its legend line */
    for (size_t i = 0; i < s->nunits; i++) present |= s->units[i].present;
    int own = has_source_headings(s);
    *ncols = 0;
    for (int k = 0; k < CX_IND_COUNT; k++) {
        if (!column_printed(s, o, present, k)) continue;
        colinfo *c = &cols[(*ncols)++];
        c->ind = k;
        if (own && s->src_heading[k] && (c->heading = one_line(s->src_heading[k]))) {
            c->group = c->own_group = one_line(s->src_group[k]);
        } else {
            c->group = cx_indicators[k].group;
            c->heading = standard_heading(s, k, c->group);
        }
        if (!c->heading) return nomem(w);
        c->width = heading_width(c->heading);
        if (c->width < 9) c->width = 9;
    }
    /* A group with a single column present and the same words as its heading is
     * just that column (SỐ HÓA HỒ SƠ alone); among the source's headings, a standard group
     * over one added column (XẾP LOẠI from --add-classification) is none either. */
    for (int i = 0; i < *ncols; i++) {
        if (!cols[i].group) continue;
        int alone = (i == 0 || !same_group(cols[i - 1].group, cols[i].group)) &&
                    (i + 1 == *ncols || !same_group(cols[i + 1].group, cols[i].group));
        if (alone && (strcmp(cols[i].group, cols[i].heading) == 0 || (own && !cols[i].own_group))) cols[i].group = NULL;
    }
    return CX_OK;
}

/* Row order: totals first (source order), then the units by score (or the source's order). */
static rowkey *order_rows(const cx_snapshot *s, const cx_write_opts *o, size_t *ntot, size_t *nu)
{
    rowkey *order = calloc(s->nunits ? s->nunits : 1, sizeof *order);
    if (!order) return NULL;
    *ntot = *nu = 0;
    for (size_t i = 0; i < s->nunits; i++)
        if (s->units[i].kind == CX_KIND_TONG) order[(*ntot)++].idx = i;
    for (size_t i = 0; i < s->nunits; i++) {
        if (s->units[i].kind == CX_KIND_TONG) continue;
        rowkey *k = &order[*ntot + (*nu)++];
        k->idx = i;
        k->has = cx_unit_has(&s->units[i], CX_IND_DIEM_TONG_HOP) && isfinite(s->units[i].v[CX_IND_DIEM_TONG_HOP]);
        k->score = k->has ? s->units[i].v[CX_IND_DIEM_TONG_HOP] : 0;
    }
    if (!(o && o->keep_order)) qsort(order + *ntot, *nu, sizeof *order, cmp_rows);
    return order;
}

/* The name a unit row shows: the cleaned name, or with --names-as-source the source's own
 * text (its case, its prefix: "PHÚ HÙNG", "Thị trấn Khoái Châu"). Caller frees. */
static char *shown_name(const cx_unit *u, const cx_write_opts *o)
{
    char *n = o && o->names_as_source ? one_line(u->raw_name) : NULL;
    return n ? n : cx_utf8_clean_nfc(u->name ? u->name : "");
}

/* Column widths: the names, the longest printed value of each column, and room for the
 * title in a table of few columns. Sets every column once. */
static cx_error size_columns(xw *w, lxw_worksheet *ws, const cx_snapshot *s, const cx_write_opts *o, colinfo *cols,
                             int ncols, layout *L)
{
    double namew = 16;
    for (size_t i = 0; i < s->nunits; i++) {
        const char *n = o && o->names_as_source && s->units[i].raw_name ? s->units[i].raw_name : s->units[i].name;
        double l = (double)u8_chars(n) * 1.1 + 2;
        if (l > namew) namew = l;
    }
    if (namew > 36) namew = 36;
    for (int c = 0; c < ncols; c++) {
        for (size_t i = 0; i < s->nunits; i++) {
            const cx_unit *u = &s->units[i];
            if (!cx_unit_has(u, (cx_indicator)cols[c].ind)) continue;
            double l = cols[c].ind == CX_IND_XEP_LOAI ? (double)u8_chars(cx_label_display((cx_label)(int)u->v[cols[c].ind]))
                                                       : (double)value_len(u->v[cols[c].ind]);
            if (l + 3 > cols[c].width) cols[c].width = l + 3;
        }
        if (cols[c].width > 18) cols[c].width = 18;
    }
    /* A table of few columns would squeeze the title into a tall narrow block:
     * give the names the missing width (the page is landscape A4 anyway). */
    double sum = 5.5 + namew;
    for (int c = 0; c < ncols; c++) sum += cols[c].width;
    if (sum < 70) namew += 70 - sum > 30 ? 30 : 70 - sum;
    L->namew = namew;
    L->totalw = 5.5 + namew;
    L->lastcol = FIRST_IND_COL + ncols - 1 < 1 ? 1 : FIRST_IND_COL + ncols - 1;
    if (lxw_check(w, worksheet_set_column(ws, 0, 0, 5.5, NULL), "column width")) return w->err;
    if (lxw_check(w, worksheet_set_column(ws, 1, 1, namew, NULL), "column width")) return w->err;
    for (int c = 0; c < ncols; c++) {
        lxw_col_t col = (lxw_col_t)(FIRST_IND_COL + c);
        if (lxw_check(w, worksheet_set_column(ws, col, col, cols[c].width, NULL), "column width")) return w->err;
        L->totalw += cols[c].width;
    }
    return CX_OK;
}

/* A row's height, counted for the page. */
static cx_error row_height(xw *w, lxw_worksheet *ws, layout *L, lxw_row_t r, double h)
{
    L->height += h;
    return lxw_check(w, worksheet_set_row(ws, r, h, NULL), "row height");
}

/* One line merged over the table's width, as high as its text needs. */
static cx_error wide_line(xw *w, lxw_worksheet *ws, layout *L, lxw_row_t r, const char *text, lxw_format *f,
                          double line_h, const char *what)
{
    if (lxw_check(w, worksheet_merge_range(ws, r, 0, r, (lxw_col_t)L->lastcol, text, f), what)) return w->err;
    return row_height(w, ws, L, r, line_h * lines_for(u8_chars(text), L->totalw * 0.8) + 4);
}

/* "(Kèm theo Báo cáo số ...)": the text given, in parentheses unless it has them. Caller frees. */
static char *attached_text(const char *t)
{
    char *c = one_line(t), *out = NULL;
    if (!c) return NULL;
    if (c[0] == '(') return c;
    if (asprintf(&out, "(%s)", c) < 0) out = NULL;
    free(c);
    return out;
}

/* Above the table: the caption (--caption), the title, the attached-to line, the cutoff
 * line, a spacer. */
static cx_error write_top(xw *w, lxw_worksheet *ws, const cx_snapshot *s, const cx_write_opts *o, layout *L)
{
    char *t = NULL;
    if (L->caption != NO_ROW) {
        if (!(t = one_line(o->caption))) return nomem(w);
        wide_line(w, ws, L, L->caption, t, w->f_caption, 18.0, "caption");
        free(t);
        if (w->err) return w->err;
    }
    if (!(t = title_text(s, o))) return nomem(w);
    wide_line(w, ws, L, L->title, t, w->f_title, 20.0, "title");
    free(t);
    if (w->err) return w->err;
    if (L->attached != NO_ROW) {
        if (!(t = attached_text(o->attached_to))) return nomem(w);
        wide_line(w, ws, L, L->attached, t, w->f_cutoff, 17.0, "attached-to line");
        free(t);
        if (w->err) return w->err;
    }
    int y = 0, m = 0, dd = 0;
    if (s->period.cutoff[0] && sscanf(s->period.cutoff, "%4d-%2d-%2d", &y, &m, &dd) == 3) {
        if (asprintf(&t, "(Thời gian chốt số liệu: Ngày %02d/%d/%d)", dd, m, y) < 0) return nomem(w);
        lxw_check(w, worksheet_merge_range(ws, L->cutoff, 0, L->cutoff, (lxw_col_t)L->lastcol, t, w->f_cutoff), "cutoff line");
        free(t);
        if (w->err) return w->err;
    }
    if (row_height(w, ws, L, L->cutoff, PLAIN_ROW_H)) return w->err;
    return row_height(w, ws, L, L->cutoff + 1, PLAIN_ROW_H);
}

/* Lines of the two header rows: *l1 group row, *l2 sub-heading row. */
static void header_lines(const colinfo *cols, int ncols, int *l1, int *l2)
{
    int maxl1 = 1, maxl2 = 1, maxl12 = 2;
    for (int c = 0; c < ncols;) {
        if (!cols[c].group) {
            int l = lines_for(u8_chars(cols[c].heading), cols[c].width);
            if (l > maxl12) maxl12 = l;
            c++;
            continue;
        }
        int e = c;
        double gw = 0;
        while (e < ncols && same_group(cols[e].group, cols[c].group)) gw += cols[e++].width;
        int l = lines_for(u8_chars(cols[c].group), gw);
        if (l > maxl1) maxl1 = l;
        for (int k = c; k < e; k++) {
            l = lines_for(u8_chars(cols[k].heading), cols[k].width);
            if (l > maxl2) maxl2 = l;
        }
        c = e;
    }
    if (maxl1 + maxl2 < maxl12) maxl2 = maxl12 - maxl1;
    *l1 = maxl1;
    *l2 = maxl2;
}

/* The two-level header. Heights first (they come with the row), then the group
 * row with its one-row merges, then the sub-heading row with blanks under the cells
 * that span both rows, then those two-row merges while the sub-heading row is still
 * the current one: merge_range then records the range, its write to the flushed
 * top cell is dropped (that cell already holds the same text and format) and it
 * rewrites the blanks below with the same format. */
static cx_error write_header(xw *w, lxw_worksheet *ws, const colinfo *cols, int ncols, layout *L)
{
    int l1, l2;
    header_lines(cols, ncols, &l1, &l2);
    if (row_height(w, ws, L, L->hdr1, 15.0 * l1 + 6)) return w->err;
    CK(worksheet_write_string(ws, L->hdr1, 0, "STT", w->f_head), "header");
    CK(worksheet_write_string(ws, L->hdr1, 1, "ĐƠN VỊ", w->f_head), "header");
    for (int c = 0; c < ncols;) {
        lxw_col_t col = (lxw_col_t)(FIRST_IND_COL + c);
        if (!cols[c].group) {
            CK(worksheet_write_string(ws, L->hdr1, col, cols[c].heading, w->f_head), "header");
            c++;
            continue;
        }
        int e = c;
        while (e < ncols && same_group(cols[e].group, cols[c].group)) e++;
        CK(e - c > 1 ? cx_xlsx_merge(ws, L->hdr1, col, L->hdr1, (lxw_col_t)(FIRST_IND_COL + e - 1), cols[c].group, w->f_head)
                     : cx_xlsx_str(ws, L->hdr1, col, cols[c].group, w->f_head), "header");
        c = e;
    }
    if (row_height(w, ws, L, L->hdr2, 15.0 * l2 + 6)) return w->err;
    CK(worksheet_write_blank(ws, L->hdr2, 0, w->f_head), "header");
    CK(worksheet_write_blank(ws, L->hdr2, 1, w->f_head), "header");
    for (int c = 0; c < ncols; c++) {
        lxw_col_t col = (lxw_col_t)(FIRST_IND_COL + c);
        CK(cols[c].group ? worksheet_write_string(ws, L->hdr2, col, cols[c].heading, w->f_head)
                         : worksheet_write_blank(ws, L->hdr2, col, w->f_head), "header");
    }
    CK(worksheet_merge_range(ws, L->hdr1, 0, L->hdr2, 0, "STT", w->f_head), "header");
    CK(worksheet_merge_range(ws, L->hdr1, 1, L->hdr2, 1, "ĐƠN VỊ", w->f_head), "header");
    for (int c = 0; c < ncols; c++) {
        lxw_col_t col = (lxw_col_t)(FIRST_IND_COL + c);
        if (!cols[c].group) CK(worksheet_merge_range(ws, L->hdr1, col, L->hdr2, col, cols[c].heading, w->f_head), "header");
    }
done:
    return w->err;
}

/* One unit (or total) row: STT, the name, the values. */
static cx_error write_unit_row(xw *w, lxw_worksheet *ws, const cx_unit *u, const cx_write_opts *o, const colinfo *cols,
                               int ncols, layout *L, lxw_row_t row, long stt)
{
    int bold = u->kind == CX_KIND_TONG;
    char *name = bold ? u8_upper(u->name ? u->name : "") : shown_name(u, o);
    if (!name) return nomem(w);
    /* A little air between rows: the printed appendix is read on paper. */
    int nl = lines_for(u8_chars(name), L->namew / 0.85 - 2);
    if (nl > 1) CK(worksheet_set_row(ws, row, 15.75 * nl + 1.5, NULL), "row height");
    L->height += nl > 1 ? 15.75 * nl + 1.5 : UNIT_ROW_H;
    if (bold) {
        CK(worksheet_write_blank(ws, row, 0, w->f_cell[1][0]), "STT");
    } else {
        long shown = (o && o->keep_order && u->stt >= 0) ? u->stt : stt;
        CK(worksheet_write_number(ws, row, 0, (double)shown, w->f_cell[0][0]), "STT");
    }
    CK(cx_xlsx_str(ws, row, 1, name, w->f_cell[bold][1]), "unit name");
    for (int c = 0; c < ncols; c++) {
        int ind = cols[c].ind;
        lxw_col_t col = (lxw_col_t)(FIRST_IND_COL + c);
        lxw_format *f = w->f_cell[bold][cell_kind(ind)];
        if (!cx_unit_has(u, (cx_indicator)ind) || !isfinite(u->v[ind]))
            CK(worksheet_write_blank(ws, row, col, f), "value");
        else if (ind == CX_IND_XEP_LOAI)
            CK(worksheet_write_string(ws, row, col, cx_label_display((cx_label)(int)u->v[ind]), f), "value");
        else
            CK(worksheet_write_number(ws, row, col, u->v[ind], f), "value");
    }
done:
    free(name);
    return w->err;
}

/* Conditional formats: one per rule whose column is present, over the units' rows only;
 * returns how many (the legend's lines). */
static int write_marks(xw *w, lxw_worksheet *ws, const colinfo *cols, int ncols, const cx_rules *rules,
                       lxw_row_t first_unit, lxw_row_t last_unit)
{
    int nlegend = 0;
    for (int c = 0; c < ncols && !w->err; c++) {
        const cx_rule *rule = cx_rules_find(rules, (cx_indicator)cols[c].ind);
        if (!rule) continue;
        nlegend++;
        lxw_col_t col = (lxw_col_t)(FIRST_IND_COL + c);
        if (rule->op == CX_OP_IN) {
            /* OR($D7="TRUNG BÌNH",$D7="YẾU"): relative to the range's top-left cell. */
            char colname[8], formula[512];
            size_t fl = 0;
            cx_col_name((int)col, colname);
            fl += (size_t)snprintf(formula + fl, sizeof formula - fl, "OR(");
            int first = 1;
            for (int l = 1; l < CX_LABEL_COUNT; l++) {
                if (!((rule->labels >> l) & 1u)) continue;
                fl += (size_t)snprintf(formula + fl, sizeof formula - fl, "%s$%s%u=\"%s\"", first ? "" : ",",
                                       colname, (unsigned)first_unit + 1, cx_label_display((cx_label)l));
                first = 0;
                /* "TB" is how some offices type Trung bình (reference 002): marked too. */
                if (l == CX_LABEL_TRUNG_BINH)
                    fl += (size_t)snprintf(formula + fl, sizeof formula - fl, ",$%s%u=\"TB\"", colname,
                                           (unsigned)first_unit + 1);
            }
            snprintf(formula + fl, sizeof formula - fl, ")");
            lxw_conditional_format cf = {.type = LXW_CONDITIONAL_TYPE_FORMULA, .value_string = formula, .format = w->f_fail};
            lxw_check(w, worksheet_conditional_format_range(ws, first_unit, col, last_unit, col, &cf), "conditional format");
        } else {
            lxw_conditional_format blanks = {.type = LXW_CONDITIONAL_TYPE_BLANKS, .stop_if_true = LXW_TRUE};
            lxw_check(w, worksheet_conditional_format_range(ws, first_unit, col, last_unit, col, &blanks), "conditional format");
            uint8_t crit = rule->op == CX_OP_LT ? LXW_CONDITIONAL_CRITERIA_LESS_THAN
                         : rule->op == CX_OP_LE ? LXW_CONDITIONAL_CRITERIA_LESS_THAN_OR_EQUAL_TO
                         : rule->op == CX_OP_GT ? LXW_CONDITIONAL_CRITERIA_GREATER_THAN
                                                : LXW_CONDITIONAL_CRITERIA_GREATER_THAN_OR_EQUAL_TO;
            lxw_conditional_format cf = {.type = LXW_CONDITIONAL_TYPE_CELL, .criteria = crit,
                                         .value = rule->value, .format = w->f_fail};
            lxw_check(w, worksheet_conditional_format_range(ws, first_unit, col, last_unit, col, &cf), "conditional format");
        }
    }
    return nlegend;
}

/* The legend under the table: what the marks mean, one line per rule that has a column. */
static cx_error write_legend(xw *w, lxw_worksheet *ws, const colinfo *cols, int ncols, const cx_rules *rules, layout *L,
                             lxw_row_t row)
{
    char *tmp = NULL;
    lxw_row_t lr = row + 1;
    if (row_height(w, ws, L, row, PLAIN_ROW_H)) return w->err;
    lxw_rich_string_tuple t1 = {.format = w->f_legend_head, .string = "Ghi chú: "};
    lxw_rich_string_tuple t2 = {.format = w->f_legend, .string = "các chỉ số chưa đạt được đánh dấu "};
    lxw_rich_string_tuple t3 = {.format = w->f_mark, .string = "chữ đỏ, gạch chân"};
    lxw_rich_string_tuple t4 = {.format = w->f_legend, .string = " (tự cập nhật khi sửa số liệu):"};
    lxw_rich_string_tuple *rich[] = {&t1, &t2, &t3, &t4, NULL};
    if (row_height(w, ws, L, lr, PLAIN_ROW_H)) return w->err;
    CK(worksheet_write_rich_string(ws, lr++, 1, rich, NULL), "legend");
    for (int c = 0; c < ncols; c++) {
        const cx_rule *rule = cx_rules_find(rules, (cx_indicator)cols[c].ind);
        if (!rule) continue;
        char *desc = cx_rule_describe(rule);
        if (!desc) return nomem(w);
        if (asprintf(&tmp, "- %s.", desc) < 0) tmp = NULL;
        free(desc);
        char *clean = tmp ? cx_utf8_clean_nfc(tmp) : NULL;
        free(tmp);
        tmp = clean;
        if (!tmp) return nomem(w);
        if (row_height(w, ws, L, lr, PLAIN_ROW_H)) goto done;
        CK(worksheet_write_string(ws, lr++, 1, tmp, w->f_legend), "legend");
        free(tmp);
        tmp = NULL;
    }
done:
    free(tmp);
    return w->err;
}

/* A4 landscape with the margins below, in points: what the page holds. */
#define PAGE_W_PT (841.89 - 0.8 * 72)
#define PAGE_H_PT (595.28 - 1.1 * 72)
#define FIT_MIN   0.85   /* one page when that scales the table down by at most 15% more */

/* A column of width w (characters of the default font, Calibri 11) in points. */
static double col_pt(double wdt) { return floor(wdt * 7 + 5) * 0.75; }

/* Printed on one page? Always one page wide; one page high too when the table just
 * overflows, so that a few rows and the legend do not go to a page of their own. */
static int fits_one_page(const layout *L, const colinfo *cols, int ncols)
{
    double wpt = col_pt(5.5) + col_pt(L->namew);
    for (int c = 0; c < ncols; c++) wpt += col_pt(cols[c].width);
    double sw = wpt > PAGE_W_PT ? PAGE_W_PT / wpt : 1.0;   /* the scale fitting the width gives */
    double sh = PAGE_H_PT / L->height;
    return sh < sw && sh >= sw * FIT_MIN;
}

/* Screen and print. */
static cx_error page_setup(xw *w, lxw_worksheet *ws, const layout *L, const colinfo *cols, int ncols)
{
    worksheet_freeze_panes(ws, L->data, FIRST_IND_COL);
    worksheet_set_landscape(ws);
    worksheet_set_paper(ws, 9);   /* A4 */
    worksheet_set_margins(ws, 0.4, 0.4, 0.5, 0.6);
    worksheet_center_horizontally(ws);
    worksheet_fit_to_pages(ws, 1, fits_one_page(L, cols, ncols) ? 1 : 0);
    if (lxw_check(w, worksheet_repeat_rows(ws, L->hdr1, L->hdr2), "repeated header rows")) return w->err;
    return lxw_check(w, worksheet_set_footer(ws, "&C&\"Times New Roman\"&11Trang &P/&N"), "footer");
}

/* Writes snapshot s (its units resident) into ws, row after row: in constant_memory
 * mode a row is flushed to the sheet's temporary file once a later row is touched, and
 * nothing can be added to it afterwards (libxlsxwriter refuses with an out-of-range
 * error, or for merge_range's own cells, silently). */
static cx_error write_sheet(xw *w, lxw_worksheet *ws, const cx_snapshot *s, const cx_write_opts *o,
                            const cx_rules *rules, cx_phu_luc_layout *lay)
{
    colinfo cols[CX_IND_COUNT];
    int ncols = 0;
    size_t ntot = 0, nu = 0;
    layout L;
    memset(cols, 0, sizeof cols);
    memset(&L, 0, sizeof L);
    plan_rows(&L, o);
    rowkey *order = order_rows(s, o, &ntot, &nu);
    if (!order) { nomem(w); goto done; }
    if (build_columns(w, s, o, cols, &ncols) || size_columns(w, ws, s, o, cols, ncols, &L)) goto done;
    /* Most rows are one-line unit rows: make their height the sheet's default, so
     * those rows need no height of their own; the few other rows get theirs. */
    worksheet_set_default_row(ws, UNIT_ROW_H, LXW_FALSE);
    if (write_top(w, ws, s, o, &L) || write_header(w, ws, cols, ncols, &L)) goto done;
    lxw_row_t row = L.data;
    long stt = 0;
    for (size_t r = 0; r < s->nunits; r++, row++) {
        const cx_unit *u = &s->units[order[r].idx];
        if (u->kind != CX_KIND_TONG) stt++;
        if (write_unit_row(w, ws, u, o, cols, ncols, &L, row, stt)) goto done;
    }
    lxw_row_t first_unit = (lxw_row_t)(L.data + ntot), last_unit = row - 1;
    /* The layout the Tổng hợp's chart reads (xlsx_summary.h). */
    lay->first_unit_row = (int)first_unit;
    lay->last_unit_row = (int)last_unit;
    lay->name_col = 1;
    for (int c = 0; c < ncols; c++) lay->ind_col[cols[c].ind] = FIRST_IND_COL + c;
    int nlegend = nu > 0 ? write_marks(w, ws, cols, ncols, rules, first_unit, last_unit) : 0;
    if (w->err || (nlegend > 0 && write_legend(w, ws, cols, ncols, rules, &L, row))) goto done;
    page_setup(w, ws, &L, cols, ncols);
done:
    for (int c = 0; c < ncols; c++) { free(cols[c].heading); free(cols[c].own_group); }
    free(order);
    return w->err;
}

/* The document's creation time: the writers' one rule (cx_xlsx_created), over the
 * snapshots in the workbook's order. */
static const char *snap_cutoff(size_t i, const void *ctx)
{
    return ((cx_snapshot *const *)ctx)[i]->period.cutoff;
}

/* constant_memory keeps a temporary file open for every sheet until workbook_close, and
 * libxlsxwriter opens a few more while it packs the zip: make room under RLIMIT_NOFILE
 * (the soft limit, raised towards the hard one), or say why it cannot be written. */
#define SPARE_FILES 64
static cx_error room_for_files(size_t nsheets, cx_diag *d)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0) return CX_OK;   /* unknown: let it try */
    rlim_t need = (rlim_t)nsheets + SPARE_FILES;
    if (rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur >= need) return CX_OK;
    if (rl.rlim_max != RLIM_INFINITY && rl.rlim_max < need)
        return cx_fail(d, CX_ERR_WRITE, "cannot write a Phụ lục of %zu sheets: each keeps a temporary file open until "
                       "the workbook is complete, and at most %llu files may be open (ulimit -n); raise the limit "
                       "to %llu or convert fewer periods at a time (--period)",
                       nsheets, (unsigned long long)rl.rlim_max, (unsigned long long)need);
    struct rlimit want = {.rlim_cur = need, .rlim_max = rl.rlim_max};
    if (setrlimit(RLIMIT_NOFILE, &want) != 0)
        return cx_fail(d, CX_ERR_WRITE, "cannot write a Phụ lục of %zu sheets: the open-file limit (%llu) cannot be "
                       "raised: %s", nsheets, (unsigned long long)rl.rlim_cur, strerror(errno));
    return CX_OK;
}

/* ---- the snapshots, on one or two threads ---- */

typedef struct job {
    xw                    base;      /* the workbook and its formats, shared read-only */
    cx_snapshot *const   *snaps;
    size_t                n;
    lxw_worksheet       **sheets, **sums;
    char                **names;
    const cx_write_opts  *o;
    const cx_rules       *rules;
    cx_xlsx_summary_fmts *sfmt;
    int                   summary;
    pthread_mutex_t       lock;      /* guards next and failed */
    size_t                next;
    int                   failed;
} job;

typedef struct worker { job *j; cx_diag d; cx_error err; } worker;

/* Snapshot i: units in, its two sheets, units out. */
static cx_error one_snapshot(job *j, xw *w, size_t i)
{
    cx_phu_luc_layout lay;
    cx_phu_luc_layout_none(&lay);
    cx_error e = cx_snapshot_acquire(j->snaps[i], w->d);
    if (e != CX_OK) return e;
    if (write_sheet(w, j->sheets[i], j->snaps[i], j->o, j->rules, &lay) == CX_OK && j->summary)
        w->err = cx_xlsx_summary_write(w->wb, j->sums[i], j->sfmt, j->snaps[i], j->names[i], &lay, j->o, w->d);
    e = cx_snapshot_release(j->snaps[i], 0, w->d);   /* unchanged: back to the spool, if it came from there */
    return w->err != CX_OK ? w->err : e;
}

static void *work(void *arg)
{
    worker *wk = arg;
    job *j = wk->j;
    xw w = j->base;
    w.d = &wk->d;
    w.err = CX_OK;
    for (;;) {
        pthread_mutex_lock(&j->lock);
        size_t i = j->failed ? j->n : j->next++;
        pthread_mutex_unlock(&j->lock);
        if (i >= j->n) break;
        if ((wk->err = one_snapshot(j, &w, i)) != CX_OK) {
            pthread_mutex_lock(&j->lock);
            j->failed = 1;
            pthread_mutex_unlock(&j->lock);
            break;
        }
        w.err = CX_OK;
    }
    return NULL;
}

/*
 * Writing the cells is half of the cost, and each sheet has its own temporary file in
 * constant_memory mode, so two threads write two snapshots' sheets at once; only
 * workbook_close (zipping) stays serial. What the threads share in libxlsxwriter is read
 * only: every format's style index is fixed before they start (lxw_format_get_xf_index
 * fills a workbook-wide table on first use), charts are added under a lock
 * (xlsx_summary.c), and the sheets were all added up front. Which thread writes a sheet
 * changes nothing in it: the output is the same bytes on one thread or two.
 */
static cx_error write_all(job *j, cx_diag *d)
{
    size_t units = 0;
    for (size_t i = 0; i < j->n; i++) units += cx_snapshot_count(j->snaps[i]);
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    /* o->threads: the front end's choice (tests compare one thread with two), 0 = by size */
    int nt = j->o->threads ? j->o->threads : (cpus > 1 && j->n > 1 && units >= 4096 ? 2 : 1);
    if (nt < 1) nt = 1;
    if (nt > 2) nt = 2;
    if ((size_t)nt > j->n) nt = (int)j->n;
    worker wk[2];
    pthread_t tid[2];
    int started[2] = {0, 0};
    pthread_mutex_init(&j->lock, NULL);
    for (int t = 0; t < nt; t++) {
        wk[t].j = j;
        wk[t].err = CX_OK;
        cx_diag_init(&wk[t].d);
        wk[t].d.verbosity = d->verbosity;
    }
    for (int t = 1; t < nt; t++) started[t] = pthread_create(&tid[t], NULL, work, &wk[t]) == 0;
    work(&wk[0]);   /* the calling thread is the first worker; it alone if a thread would not start */
    for (int t = 1; t < nt; t++)
        if (started[t]) pthread_join(tid[t], NULL);
    pthread_mutex_destroy(&j->lock);
    cx_error err = CX_OK;
    for (int t = 0; t < nt; t++) {
        if (err == CX_OK && wk[t].err != CX_OK)
            err = cx_fail(d, wk[t].err, "%s", wk[t].d.errmsg[0] ? wk[t].d.errmsg : cx_strerror(wk[t].err));
        for (size_t k = 0; k < wk[t].d.n; k++) {
            const cx_warning *x = &wk[t].d.items[k];
            if (cx_diag_add(d, x) != CX_OK && err == CX_OK)
                err = CX_ERR_NOMEM;
        }
        cx_diag_clear(&wk[t].d);
    }
    return err;
}

/*
 * Adding the sheets. Each sheet's zeroed 128 KiB cell array (libxlsxwriter's, for the
 * row being written) stays untouched, so not resident, only when it comes fresh from
 * mmap; taken from the heap's free space, calloc clears it and all of it is resident:
 * 128 MB for the 1,000 sheets of a 500-week table. Reading leaves that free space in the
 * main heap, so a workbook of many sheets adds them from a new thread, whose own empty
 * heap has none (the main thread waits: nothing runs at the same time).
 */
typedef struct adder {
    xw                  *w;
    cx_snapshot *const  *snaps;
    size_t               n;
    char               **names;
    lxw_worksheet      **sheets, **sums;
    int                  summary;
    cx_diag             *d;
    cx_error             err;
} adder;

static void *add_sheets(void *arg)
{
    adder *a = arg;
    /* Each period's Tổng hợp sheet beside its Phụ lục sheet, named after its period when
     * there are several (issue 16); one period keeps the one "Tổng hợp". */
    for (size_t i = 0; i < a->n; i++) {
        if (!(a->names[i] = sheet_name_for(a->snaps[i], i, a->n, a->names, i))) {
            a->err = cx_fail(a->d, CX_ERR_NOMEM, "out of memory");
            return NULL;
        }
        errno = 0;
        if (!(a->sheets[i] = workbook_add_worksheet(a->w->wb, a->names[i]))) {
            a->err = cx_fail(a->d, CX_ERR_WRITE, "cannot add the sheet '%s' to the Phụ lục%s%s", a->names[i],
                             errno ? ": " : "", errno ? strerror(errno) : "");
            return NULL;
        }
        if (!a->summary) continue;
        errno = 0;
        if (!(a->sums[i] = a->n > 1 ? cx_xlsx_summary_add_for(a->w->wb, a->names[i]) : cx_xlsx_summary_add(a->w->wb))) {
            a->err = cx_fail(a->d, CX_ERR_WRITE, "cannot add the 'Tổng hợp' sheet to the Phụ lục%s%s",
                             errno ? ": " : "", errno ? strerror(errno) : "");
            return NULL;
        }
    }
    return NULL;
}

/* Fix every cell format's style index now, in the order the formats were made, so that
 * the writing threads only read the workbook's format table (see write_all). The mark of
 * failing values is a conditional (dxf) format: its own index. */
static void fix_style_indices(xw *w)
{
    lxw_format *f;
    STAILQ_FOREACH(f, w->wb->formats, list_pointers) {
        if (f == w->f_fail) lxw_format_get_dxf_index(f);
        else lxw_format_get_xf_index(f);
    }
}

cx_error cx_write_xlsx(cx_snapshot *const *snaps, size_t n, const cx_write_opts *o, const char *path, cx_diag *d)
{
    xw w0 = {0}, *w = &w0;
    w->d = d;
    char **names = NULL;
    lxw_worksheet **sheets = NULL, **sums = NULL;
    cx_rules *own_rules = NULL;
    char *doc_title = NULL;
    cx_xlsx_summary_fmts sfmt;
    if (n == 0) return cx_fail(d, CX_ERR_NO_TABLE, "nothing to write: no table was read");
    const cx_rules *rules = o ? o->rules : NULL;
    if (!rules && !(rules = own_rules = cx_rules_default())) return cx_fail(d, CX_ERR_NOMEM, "out of memory");
    int summary = o && o->summary_sheet;

    names = calloc(n, sizeof *names);
    sheets = calloc(n, sizeof *sheets);
    sums = calloc(n, sizeof *sums);
    if (!names || !sheets || !sums) { w->err = cx_fail(d, CX_ERR_NOMEM, "out of memory"); goto done; }
    if ((w->err = room_for_files(summary ? 2 * n : n, d)) != CX_OK) goto done;
    /* constant_memory: every row goes to the sheet's temporary file when the next one
     * starts, so memory does not grow with the rows (strings are written inline). */
    lxw_workbook_options wopts = {.constant_memory = LXW_TRUE, .tmpdir = (char *)(o->tmpdir && *o->tmpdir ? o->tmpdir : NULL),
                                  .use_zip64 = LXW_FALSE};
    if (!(w->wb = workbook_new_opt(path, &wopts))) {
        w->err = cx_fail(d, CX_ERR_WRITE, "%s: cannot start the workbook", path);
        goto done;
    }
    if (make_formats(w, o && o->caption && o->caption[0]) != 0 || (summary && cx_xlsx_summary_formats(w->wb, &sfmt) != 0)) {
        w->err = cx_fail(d, CX_ERR_NOMEM, "out of memory");
        goto done;
    }
    fix_style_indices(w);

    /* Everything over all snapshots comes from their metadata (title, period, sources):
     * their units are in memory one snapshot at a time. */
    if (!(doc_title = title_text(snaps[0], o))) { w->err = cx_fail(d, CX_ERR_NOMEM, "out of memory"); goto done; }
    lxw_doc_properties props = {.title = doc_title, .subject = "Phụ lục Bộ chỉ số phục vụ người dân, doanh nghiệp",
                                .author = "chiso", .created = cx_xlsx_created(o->source_date_epoch, snap_cutoff, snaps, n)};
    CK(workbook_set_properties(w->wb, &props), "document properties");

    /* Every sheet up front, in the workbook's order: the Phụ lục sheets, then the
     * Tổng hợp sheets (add_sheets). */
    adder ad = {w, snaps, n, names, sheets, sums, summary, d, CX_OK};
    pthread_t at;
    if (n >= 8 && pthread_create(&at, NULL, add_sheets, &ad) == 0) pthread_join(at, NULL);
    else add_sheets(&ad);
    if ((w->err = ad.err) != CX_OK) goto done;

    /* One snapshot at a time, never coming back to it: its Phụ lục sheet, then its
     * Tổng hợp sheet (each sheet has its own temporary file, so they may interleave).
     * Big workbooks are written by two threads, a snapshot each (see write_all). */
    job j = {.base = *w, .snaps = snaps, .n = n, .sheets = sheets, .sums = sums, .names = names, .o = o,
             .rules = rules, .sfmt = &sfmt, .summary = summary};
    if ((w->err = write_all(&j, d)) != CX_OK) goto done;
    lxw_error le = cx_workbook_close(w->wb);
    w->wb = NULL;
    if (le != LXW_NO_ERROR)
        w->err = cx_fail(d, CX_ERR_WRITE, "%s: cannot write the Phụ lục: %s", path, lxw_strerror(le));

done:
    /* On failure the half-built workbook is freed without being written; the caller
     * removes the temporary file. A snapshot still held goes back (unchanged). */
    if (w->wb) {
        /* lxw_workbook_free (1.1.4) leaves the sheets' constant_memory files open. */
        for (size_t i = 0; i < n; i++) {
            lxw_worksheet *pair[2] = {sheets ? sheets[i] : NULL, sums ? sums[i] : NULL};
            for (int k = 0; k < 2; k++)
                if (pair[k] && pair[k]->optimize_tmpfile) { fclose(pair[k]->optimize_tmpfile); pair[k]->optimize_tmpfile = NULL; }
        }
        lxw_workbook_free(w->wb);
    }
    for (size_t i = 0; names && i < n; i++) free(names[i]);
    free(names);
    free(sheets);
    free(sums);
    free(doc_title);
    cx_rules_free(own_rules);
    return w->err;
}
