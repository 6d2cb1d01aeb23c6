/* norm_header.c — finding a sheet's header and reading it: the rows above it (title,
 * period, cutoff), one or two heading rows, each column's role (see normalize.c). */
#include "norm_int.h"
#include "i18n.h"

#include <stdio.h>

#include "label.h"
#include "names.h"
#include "number.h"
#include "nfc_quick.h"
#include "period.h"
#include "strmap.h"

/* ---- header detection --------------------------------------------------------- */

/* What heading_score needs to know of one text cell: a pure function of its bytes.
 * heading_score runs on every data row (a header repeated on a new page, or a second
 * table, must be noticed), and a long table repeats the same few texts in its leading
 * cells ("Tuần 1 - Tháng 1/2024" 2,000 times): folding and matching each time was a
 * third of the normalizer's work. So the verdict is kept per text, in a bounded table
 * (texts up to HMEMO_TEXT bytes, at most HMEMO_MAX of them; others are computed).
 * Numbers are not kept: they are cheap to test and a table has thousands (STT).
 * The table is a strmap capped at HMEMO_MAX texts; a verdict is packed into the value. */
#define HMEMO_MAX   8192
#define HMEMO_TEXT  256

typedef struct hmemo {
    unsigned char num;     /* is_number_cell */
    unsigned char role;    /* cx_match_heading(NULL, text, 1).role, when not a number */
    unsigned char period;  /* cx_shape_is_period_heading(text), when the role is unknown */
} hmemo;

static void heading_verdict(const rcell *c, hmemo *v)
{
    v->num = (unsigned char)is_number_cell(c);
    v->role = CX_COL_UNKNOWN;
    v->period = 0;
    if (v->num) return;
    v->role = (unsigned char)cx_match_heading(NULL, c->text, 1).role;
    if (v->role == CX_COL_UNKNOWN) v->period = (unsigned char)(cx_shape_is_period_heading(c->text) != 0);
}

/* A verdict as a strmap value (never NULL: bit 0 is set) and back. */
static void *hmemo_pack(hmemo v) { return (void *)(uintptr_t)(1u | (unsigned)v.role << 8 | (unsigned)v.period << 16); }
static hmemo hmemo_unpack(const void *p)
{
    uintptr_t x = (uintptr_t)p;
    return (hmemo){0, (unsigned char)(x >> 8), (unsigned char)(x >> 16)};
}

/* The verdict for a non-blank text cell, from the table when it is there. */
static hmemo heading_of(cx_normalizer *n, const rcell *c)
{
    hmemo v = {0};
    if (c->len > HMEMO_TEXT) { heading_verdict(c, &v); return v; }
    if (c->len && c->text[0] >= '0' && c->text[0] <= '9' && (v.num = (unsigned char)is_number_cell(c)))
        return v;   /* a number (STT, values): cheap to tell, and never kept */
    void *kept = n->hmemo ? cx_strmap_get(n->hmemo, c->text, c->len) : NULL;
    if (kept) return hmemo_unpack(kept);
    heading_verdict(c, &v);
    if (v.num) return v;
    if (!n->hmemo && !(n->hmemo = cx_strmap_new(HMEMO_MAX))) return v;   /* only a cache */
    (void)cx_strmap_put(n->hmemo, c->text, c->len, hmemo_pack(v));      /* full or no memory: not kept */
    return v;
}

/* How many cells of a row are recognized headings; *inds gets the indicators among them. */
int heading_score(cx_normalizer *n, const rrow *r, int *inds, int *has_name)
{
    int score = 0, periods = 0, periods_col = 0;
    *inds = 0;
    *has_name = 0;
    for (uint32_t i = 0; i < r->n; i++) {
        if (r->cells[i].type != CX_CELL_TEXT || cell_blank(&r->cells[i])) continue;
        hmemo v = heading_of(n, &r->cells[i]);
        if (v.num) return 0;   /* a header holds no numbers */
        cx_col_role role = (cx_col_role)v.role;
        if (role == CX_COL_UNKNOWN && v.period && ++periods == 2)
            (*inds)++;   /* shapes hook: "T8/2025", "T9/2025" headings of one indicator */
        if (role == CX_COL_PERIOD) periods_col++;
        if (role == CX_COL_UNKNOWN || role == CX_COL_PERIOD) continue;
        score++;
        if (role == CX_COL_INDICATOR) (*inds)++;
        if (role == CX_COL_NAME) *has_name = 1;
    }
    if (periods_col && *inds == 1 && !*has_name) (*inds)++;   /* shapes hook: `month, year, score` */
    return score;
}

long find_candidate(cx_normalizer *n, const sheet *s)
{
    for (size_t i = 0; i < s->nbuf; i++) {
        int inds, has_name;
        int sc = heading_score(n, &s->buf[i], &inds, &has_name);
        if ((has_name && inds >= 1) || inds >= 2) return (long)i;
        (void)sc;
    }
    return -1;
}

const rcell *cell_at(const rrow *r, uint32_t c)
{
    static const rcell empty = {CX_CELL_EMPTY, 0, 0, NULL, 0, 0};
    return r && c < r->n ? &r->cells[c] : &empty;
}

/* The merged range covering (row, col) when it is not its top-left, else NULL. */
static const mrange *merged_into(const sheet *s, uint32_t row, uint32_t col)
{
    for (size_t i = 0; i < s->nmerges; i++) {
        const mrange *m = &s->merges[i];
        if (row >= m->r1 && row <= m->r2 && col >= m->c1 && col <= m->c2 && !(row == m->r1 && col == m->c1))
            return m;
    }
    return NULL;
}

/* The non-empty cells of a row, folded and joined: the same header reads the same. */
char *row_signature(const rrow *r)
{
    size_t cap = 1, o = 0;
    char **f = calloc(r->n ? r->n : 1, sizeof *f);
    if (!f) return NULL;
    for (uint32_t i = 0; i < r->n; i++)
        if (r->cells[i].type == CX_CELL_TEXT && !cell_blank(&r->cells[i])) {
            f[i] = cx_fold_heading(r->cells[i].text);
            if (f[i]) cap += strlen(f[i]) + 8;
        }
    char *sig = malloc(cap);
    if (sig) {
        sig[0] = 0;
        for (uint32_t i = 0; i < r->n; i++) {
            if (!f[i]) continue;
            o += (size_t)snprintf(sig + o, cap - o, "%u:%s|", i, f[i]);
        }
    }
    for (uint32_t i = 0; i < r->n; i++) free(f[i]);
    free(f);
    return sig;
}

/* A row of column numbers under a header ("1 2 3 ..." or "(1) (2) ..."). */
int is_column_numbers(const rrow *r)
{
    int n = 0;
    for (uint32_t i = 0; i < r->n; i++) {
        if (cell_blank(&r->cells[i])) continue;
        char *t = cell_text(&r->cells[i]);
        if (!t) continue;
        const char *p = t;
        if (*p == '(') p++;
        char *end;
        long v = strtol(p, &end, 10);
        int ok = end != p && (*end == 0 || (*end == ')' && end[1] == 0)) && v == (long)i + 1;
        free(t);
        if (!ok) return 0;
        n++;
    }
    return n >= 3;
}

/* Convert font-encoded (TCVN3/VNI) text of the buffered rows, when detected. */
void detect_fontenc(cx_normalizer *n, sheet *s)
{
    size_t cap = 0, k = 0;
    for (size_t i = 0; i < s->nbuf; i++) cap += s->buf[i].n;
    if (!cap) return;
    const char **cells = malloc(cap * sizeof *cells);
    if (!cells) return;
    for (size_t i = 0; i < s->nbuf; i++)
        for (uint32_t j = 0; j < s->buf[i].n; j++) {
            const rcell *c = &s->buf[i].cells[j];
            if (c->type == CX_CELL_TEXT && !(c->flags & CX_CF_FONTENC) && !cell_blank(c) && !is_number_cell(c))
                cells[k++] = c->text;
        }
    double conf = 0;
    cx_encoding e = k ? cx_detect_font_encoding(cells, k, &conf) : CX_ENC_UNKNOWN;
    free(cells);
    if (e == CX_ENC_UNKNOWN) return;
    s->fontenc = e;
    WARN(n, s, "font_encoding", 0, -1,
         "text typed with a legacy Vietnamese font; read as %s (confidence %.2f)", cx_encoding_name(e), conf);
    for (size_t i = 0; i < s->nbuf; i++)
        for (uint32_t j = 0; j < s->buf[i].n; j++) {
            rcell *c = &s->buf[i].cells[j];
            if (c->type != CX_CELL_TEXT || (c->flags & CX_CF_FONTENC) || !c->text) continue;
            char *u = cx_fontenc_to_unicode(e, c->text);
            if (!u) continue;
            rcell_set_text(c, u);
            c->flags |= CX_CF_FONTENC;
        }
    s->cand = -1;   /* the heading row was guessed on the legacy bytes: look again in the converted text */
}

static int add_title(sheet *s, const char *t)
{
    if (!s->title) return (s->title = strdup(t)) ? 0 : -1;
    size_t l = strlen(s->title) + strlen(t) + 2;
    char *nt = malloc(l);
    if (!nt) return -1;
    snprintf(nt, l, "%s %s", s->title, t);
    free(s->title);
    s->title = nt;
    return 0;
}

static int is_cutoff_line(const char *t)
{
    char *f = cx_fold_heading(t);
    int r = f && (strstr(f, "chot so lieu") || strstr(f, "chot du lieu") || strstr(f, "ngay chot"));
    free(f);
    return r;
}

/* Title rows: everything non-blank above the header. */
int read_titles(cx_normalizer *n, sheet *s, long upto)
{
    for (long i = 0; i < upto; i++) {
        const rrow *r = &s->buf[i];
        if (row_blank(r->cells, r->n)) { s->blank++; continue; }
        s->title_rows++;
        char line[2048];
        size_t o = 0;
        line[0] = 0;
        for (uint32_t j = 0; j < r->n; j++) {
            char *t = cell_text(&r->cells[j]);
            if (!t) continue;
            size_t l = strlen(t);
            if (o + l + 2 < sizeof line) {
                if (o) line[o++] = ' ';
                memcpy(line + o, t, l);
                o += l;
                line[o] = 0;
            }
            free(t);
        }
        if (!o) continue;
        if (is_cutoff_line(line)) {
            if (cx_period_parse_cutoff(line, &s->period)) s->have_cutoff = 1;
            continue;
        }
        cx_period_parse(line, &s->period);
        if (s->period.gran == CX_GRAN_RANGE && !s->period.label) s->period.label = xstrdup(line);   /* "Từ ngày .. đến ngày .." */
        if (add_title(s, line)) return -1;
    }
    (void)n;
    return 0;
}

char *col_heading(const colinfo *c, char *buf, size_t cap)
{
    if (c->group && c->sub) snprintf(buf, cap, "%s / %s", c->group, c->sub);
    else if (c->sub) snprintf(buf, cap, "%s", c->sub);
    else if (c->group) snprintf(buf, cap, "%s", c->group);
    else snprintf(buf, cap, "(no heading)");
    return buf;
}

/* ---- shapes hook (shapes.h): many periods in one sheet ------------------------- */

static int shape_header(cx_normalizer *n, sheet *s, cx_indicator *ind, int *first)
{
    cx_shape_col *sc = calloc(s->ncols ? s->ncols : 1, sizeof *sc);
    if (!sc) return -1;
    for (uint32_t c = 0; c < s->ncols; c++) {
        colinfo *ci = &s->cols[c];
        sc[c].heading = ci->sub ? ci->sub : ci->group;
        sc[c].group = ci->sub ? ci->group : NULL;
        sc[c].m = cx_match_heading(ci->sub ? ci->group : NULL, sc[c].heading, 1);
    }
    cx_shape_ctx ctx = {n->path, s->name, s->title, &s->period, n->indicator, n->d, n->spool};
    int r = cx_shape_detect(sc, s->ncols, &ctx, &s->shape, ind, first, s->why, sizeof s->why);
    free(sc);
    if (r == CX_SHAPE_REFUSED) s->shape_refused = 1;
    return r == CX_SHAPE_NOMEM ? -1 : 0;
}

const cx_cell *shape_cells(cx_normalizer *n, const rcell *cells, uint32_t nc)
{
    if (nc > n->shcap) {
        cx_cell *nb = realloc(n->shcells, nc * sizeof *nb);
        if (!nb) return NULL;
        n->shcells = nb;
        n->shcap = nc;
    }
    for (uint32_t i = 0; i < nc; i++)
        n->shcells[i] = (cx_cell){cells[i].type, cells[i].flags, cells[i].num, cells[i].text, cells[i].len};
    return n->shcells;
}

/* ---- end of shapes hook ------------------------------------------------------- */

/* Decide the header from the buffer: header rows, columns and roles. 0 ok, -1 no memory. */
int build_header(cx_normalizer *n, sheet *s)
{
    long h = s->cand;
    const rrow *top = &s->buf[h];
    const rrow *bot = (size_t)h + 1 < s->nbuf ? &s->buf[h + 1] : NULL;
    /* Name column from the top row, to tell a sub-header row from the first data row. */
    int name_c = -1;
    for (uint32_t i = 0; i < top->n && name_c < 0; i++)
        if (top->cells[i].type == CX_CELL_TEXT &&
            cx_match_heading(NULL, top->cells[i].text, 1).role == CX_COL_NAME) name_c = (int)i;
    int two = 0;
    if (bot && bot->row == top->row + 1 && !row_blank(bot->cells, bot->n)) {
        int any_text = 0, any_num = 0;
        for (uint32_t i = 0; i < bot->n; i++) {
            if (cell_blank(&bot->cells[i])) continue;
            if (is_number_cell(&bot->cells[i]) || bot->cells[i].type == CX_CELL_NUMBER) any_num = 1;
            else any_text = 1;
        }
        int name_empty = name_c < 0 || cell_blank(cell_at(bot, (uint32_t)name_c));
        two = any_text && !any_num && name_empty;
    }
    s->hrow1 = top->row + 1;
    s->hrow2 = two ? bot->row + 1 : 0;
    s->hdr_sig = row_signature(top);
    s->header_rows = two ? 2 : 1;

    uint32_t nc = top->n;
    if (two && bot->n > nc) nc = bot->n;
    /* the widest row seen in the buffer: data may be wider than the header */
    for (size_t i = 0; i < s->nbuf; i++) if (s->buf[i].n > nc) nc = s->buf[i].n;
    s->cols = calloc(nc ? nc : 1, sizeof *s->cols);
    if (!s->cols) return -1;
    s->ncols = nc;

    /* Does the reader give merges over the header? Then they say where groups end. */
    int header_merges = 0;
    for (size_t i = 0; i < s->nmerges; i++)
        if (s->merges[i].r1 == top->row && s->merges[i].c2 > s->merges[i].c1) header_merges = 1;

    char *group = NULL;   /* the group heading currently spreading right */
    for (uint32_t c = 0; c < nc; c++) {
        colinfo *ci = &s->cols[c];
        char *t = cell_text(cell_at(top, c));
        char *b = two ? cell_text(cell_at(bot, c)) : NULL;
        if (t) {
            free(group);
            group = NULL;
            if (b) { ci->group = t; group = xstrdup(t); }
            else ci->sub = t;      /* one-level, spanning both rows */
        } else if (two) {
            const mrange *m = merged_into(s, top->row, c);
            char *g = NULL;
            if (m && m->r1 == top->row && m->c1 < c) g = cell_text(cell_at(top, m->c1));
            else if (!header_merges && group && b) g = xstrdup(group);
            if (g) ci->group = g;
            else { free(group); group = NULL; }
        }
        if (b) ci->sub = b;
        if (!ci->sub && !ci->group) continue;
    }
    free(group);
    cx_indicator shape_ind = CX_IND_NONE;   /* shapes hook */
    int shape_first = -1;
    if (shape_header(n, s, &shape_ind, &shape_first)) return -1;

    /* Roles, left to right: the first total-score column is the current one. */
    int seen_current = 0;
    for (int i = 0; i < CX_IND_COUNT; i++) { s->col_of[i] = -1; s->threshold[i] = -1; }
    s->name_col = s->stt_col = s->code_col = s->kind_col = s->uid_col = -1;
    int name_pref = 0;
    for (uint32_t c = 0; c < nc; c++) {
        colinfo *ci = &s->cols[c];
        char hb[512], cl[8];
        col_heading(ci, hb, sizeof hb);
        if (cx_shape_owns_col(s->shape, c)) {   /* shapes hook: read by shapes.c */
            if (shape_ind == CX_IND_NONE) snprintf(ci->why, sizeof ci->why, _("period column of a long table"));
            else snprintf(ci->why, sizeof ci->why, _("one period of %s"), cx_indicators[shape_ind].id);
            continue;
        }
        if (!ci->sub && !ci->group) {
            snprintf(ci->why, sizeof ci->why, _("no heading"));
            for (size_t i = (size_t)h + (size_t)s->header_rows; i < s->nbuf; i++)
                if (!cell_blank(cell_at(&s->buf[i], c))) {
                    snprintf(ci->why, sizeof ci->why, _("values but no heading"));
                    WARN(n, s, "unknown_column", s->hrow1, c, "column %s has values but no heading; it is left out",
                         cx_col_name((int)c, cl));
                    break;
                }
            continue;
        }
        ci->m = cx_match_heading(ci->sub ? ci->group : NULL, ci->sub ? ci->sub : ci->group, seen_current);
        switch (ci->m.role) {
        case CX_COL_INDICATOR: {
            cx_indicator ind = ci->m.indicator;
            if (s->col_of[ind] >= 0) {
                snprintf(ci->why, sizeof ci->why, _("duplicate of column %s (%s)"),
                         cx_col_name(s->col_of[ind], cl), cx_indicators[ind].id);
                char cl2[8];
                WARN(n, s, "duplicate_column", s->hrow1, c,
                     "column %s '%s' is a second %s column; the first (column %s) is used", cx_col_name((int)c, cl2),
                     hb, cx_indicators[ind].id, cx_col_name(s->col_of[ind], cl));
                continue;
            }
            s->col_of[ind] = (int)c;
            s->threshold[ind] = ci->m.threshold;
            ci->use = 1;
            if (ind == CX_IND_DIEM_TONG_HOP) seen_current = 1;
            if (ci->m.confidence < 100)
                cx_info(n->d, 2, "%s: column %s '%s' read as %s (approximate match)", n->path,
                        cx_col_name((int)c, cl), hb, cx_indicators[ind].id);
            break;
        }
        case CX_COL_NAME: {
            /* TEN_COQUAN is preferred over TEN when a portal table has both. */
            char *f = cx_fold_heading(ci->sub ? ci->sub : ci->group);
            int pref = f && (!strcmp(f, "ten coquan") || !strcmp(f, "ten co quan")) ? 2 : 1;
            if (s->name_col < 0 || pref > name_pref) {
                if (s->name_col >= 0) {
                    s->cols[s->name_col].use = 0;
                    snprintf(s->cols[s->name_col].why, sizeof s->cols[s->name_col].why,
                             "a better name column is %s", cx_col_name((int)c, cl));
                }
                s->name_col = (int)c;
                name_pref = pref;
                ci->use = 1;
                free(s->name_heading_fold);
                s->name_heading_fold = f;
                f = NULL;
            } else {
                snprintf(ci->why, sizeof ci->why, _("second name column (column %s is used)"), cx_col_name(s->name_col, cl));
            }
            free(f);
            break;
        }
        case CX_COL_STT:
            if (s->stt_col < 0) { s->stt_col = (int)c; ci->use = 1; }
            else snprintf(ci->why, sizeof ci->why, _("second STT column"));
            break;
        case CX_COL_CODE:
            if (s->code_col < 0) { s->code_col = (int)c; ci->use = 1; }
            else snprintf(ci->why, sizeof ci->why, _("second code column"));
            break;
        case CX_COL_KIND:
            if (s->kind_col < 0) { s->kind_col = (int)c; ci->use = 1; }
            else snprintf(ci->why, sizeof ci->why, _("second kind column"));
            break;
        case CX_COL_UID:
            if (s->uid_col < 0) { s->uid_col = (int)c; ci->use = 1; }
            else snprintf(ci->why, sizeof ci->why, "second unit id column");
            break;
        case CX_COL_IGNORED:
            snprintf(ci->why, sizeof ci->why, _("carries nothing for the model"));
            break;
        case CX_COL_PORTAL:
            snprintf(ci->why, sizeof ci->why, "portal field, not an indicator");
            break;
        case CX_COL_PERIOD:
            snprintf(ci->why, sizeof ci->why, _("period column (%c) of a long table"), ci->m.period_part);
            break;
        default:
            snprintf(ci->why, sizeof ci->why, _("unknown heading"));
            WARN(n, s, "unknown_column", s->hrow2 ? s->hrow2 : s->hrow1, c,
                 "column %s '%s' is not a known indicator; it is left out", cx_col_name((int)c, cl), hb);
            break;
        }
    }
    if (shape_first >= 0) {   /* shapes hook: periods as columns read one indicator */
        for (int i = 0; i < CX_IND_COUNT; i++)
            if (s->col_of[i] >= 0) {
                s->cols[s->col_of[i]].use = 0;
                snprintf(s->cols[s->col_of[i]].why, sizeof s->cols[s->col_of[i]].why,
                         "not read: the sheet has one column per period");
                s->col_of[i] = -1;
            }
        s->col_of[shape_ind] = shape_first;
        s->cols[shape_first].use = 1;
    }
    if (cx_shape_kind_of(s->shape) == CX_SHAPE_LONG && n->indicator) {
        /* shapes hook: a long table of one value column ("score" of a Xu hướng sheet) read as --indicator */
        int one = -1, cnt = 0;
        cx_indicator want = cx_indicator_from_id(n->indicator);
        for (int i = 0; i < CX_IND_COUNT; i++) if (s->col_of[i] >= 0) { one = i; cnt++; }
        if (cnt == 1 && want != CX_IND_NONE && one != (int)want) {
            s->col_of[want] = s->col_of[one];
            s->col_of[one] = -1;
            s->cols[s->col_of[want]].m.indicator = want;
        }
    }
    /* No name heading: the text column left of the first indicator (often a blank heading). */
    if (s->name_col < 0) {
        int first_ind = (int)nc;
        for (int i = 0; i < CX_IND_COUNT; i++) if (s->col_of[i] >= 0 && s->col_of[i] < first_ind) first_ind = s->col_of[i];
        for (int c = first_ind - 1; c >= 0 && s->name_col < 0; c--) {
            if (s->cols[c].use || (s->cols[c].m.role != CX_COL_UNKNOWN && s->cols[c].sub)) continue;
            int text = 0;
            for (size_t i = (size_t)h + s->header_rows; i < s->nbuf; i++) {
                const rcell *x = cell_at(&s->buf[i], (uint32_t)c);
                if (!cell_blank(x) && !is_number_cell(x)) text++;
            }
            if (text) {
                s->name_col = c;
                s->cols[c].use = 1;
                s->cols[c].m.role = CX_COL_NAME;
                s->cols[c].why[0] = 0;
            }
        }
    }
    return 0;
}

void heading_memo_free(cx_normalizer *n)
{
    cx_strmap_free(n->hmemo, NULL);
    n->hmemo = NULL;
}
