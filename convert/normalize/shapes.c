/*
 * shapes.c — long tables and periods-as-columns tables to one snapshot per period
 * (see shapes.h). The normalizer builds each unit once from its row; this file only
 * decides where the unit goes, so a value keeps the cell it was read from.
 */
#include "shapes.h"
#include "i18n.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "encoding.h"
#include "number.h"
#include "period.h"
#include "spool.h"
#include "strmap.h"

#define MAX_PCOLS  4         /* period columns of a long table (Tuần + Tháng + Năm + Quý) */
#define MAX_PERIODS 100000   /* distinct periods one sheet may hold (hostile input cap) */

struct cx_shape {
    cx_shape_kind kind;
    char *path, *sheet;
    cx_diag *d;
    int title_year;
    unsigned char *own;      /* own[c]: column c belongs to the shape */
    uint32_t nown;
    /* long table */
    int pcol[MAX_PCOLS];
    char ppart[MAX_PCOLS];
    int npcol;
    char *pheading;          /* heading of the first period column (inspect) */
    cx_strmap *byperiod;     /* period key -> index + 1 */
    /* periods as columns */
    cx_indicator ind;
    const char *ind_from;    /* "--indicator", "the title", ... (inspect) */
    int *vcol;               /* value column of snapshot i */
    /* snapshots, one per period, and their unit keys (duplicates) */
    cx_snapshot **snaps;
    cx_strmap **keys;        /* NULL once the period was parked (spool.h): see recheck */
    size_t *recheck;         /* parked periods: units from here on are checked at sheet end */
    size_t n, cap;
    size_t resident;         /* units held in memory over all periods */
    size_t budget;           /* cx_spool_budget(spool) */
    struct cx_spool *spool;  /* where periods are parked */
    struct pmemo *pmemo;     /* row_period's result per content of the period cells */
};

const char *const cx_shape_total_name = "Tổng";

static char *xstrdup(const char *s) { return s ? strdup(s) : NULL; }


static char *cell_str(const cx_cell *c)
{
    char tmp[64];
    if (c->type == CX_CELL_TEXT || c->type == CX_CELL_ERROR) return cx_nfc_collapse(c->text, c->len);
    if (c->type == CX_CELL_NUMBER) {
        const char *t = c->text && c->len ? c->text : cx_format_number(c->num, tmp);
        return cx_nfc_collapse(t, strlen(t));
    }
    return NULL;
}

static int cell_blank(const cx_cell *c)
{
    char *t = c->type == CX_CELL_EMPTY ? NULL : cell_str(c);
    int b = t == NULL;
    free(t);
    return b;
}

static void free_snap(void *p) { (void)p; }

static void pmemo_drop(struct pmemo *pm);

void cx_shape_free(cx_shape *sh)
{
    if (!sh) return;
    pmemo_drop(sh->pmemo);
    for (size_t i = 0; i < sh->n; i++) {
        cx_snapshot_free(sh->snaps[i]);
        cx_strmap_free(sh->keys[i], NULL);
    }
    free(sh->snaps);
    free(sh->keys);
    free(sh->recheck);
    cx_strmap_free(sh->byperiod, free_snap);
    free(sh->vcol);
    free(sh->own);
    free(sh->pheading);
    free(sh->path);
    free(sh->sheet);
    free(sh);
}

cx_shape_kind cx_shape_kind_of(const cx_shape *sh) { return sh ? sh->kind : CX_SHAPE_ONE; }

int cx_shape_owns_col(const cx_shape *sh, uint32_t c) { return sh && c < sh->nown && sh->own[c]; }

size_t cx_shape_count(const cx_shape *sh) { return sh ? sh->n : 0; }

/* A new period snapshot; returns its index or -1. Takes nothing from p (copied). */
static long add_period(cx_shape *sh, const cx_period *p)
{
    if (sh->n >= MAX_PERIODS) return -1;
    if (sh->n == sh->cap) {
        size_t nc = sh->cap ? sh->cap * 2 : 8;
        cx_snapshot **ns = realloc(sh->snaps, nc * sizeof *ns);
        if (!ns) return -1;
        sh->snaps = ns;
        cx_strmap **nk = realloc(sh->keys, nc * sizeof *nk);
        if (!nk) return -1;
        sh->keys = nk;
        size_t *nr = realloc(sh->recheck, nc * sizeof *nr);
        if (!nr) return -1;
        sh->recheck = nr;
        sh->cap = nc;
    }
    cx_snapshot *s = cx_snapshot_new();
    cx_strmap *k = cx_strmap_new(0);
    if (!s || !k || cx_period_copy(&s->period, p)) {
        cx_snapshot_free(s);
        cx_strmap_free(k, NULL);
        return -1;
    }
    sh->snaps[sh->n] = s;
    sh->keys[sh->n] = k;
    sh->recheck[sh->n] = SIZE_MAX;
    return (long)sh->n++;
}

/* ---- indicator from text -------------------------------------------------------- */

/* Does folded haystack h hold folded needle w as whole words? */
static int has_words(const char *h, const char *w)
{
    size_t l = strlen(w);
    if (!l) return 0;
    for (const char *p = strstr(h, w); p; p = strstr(p + 1, w))
        if ((p == h || p[-1] == ' ') && (p[l] == 0 || p[l] == ' ')) return 1;
    return 0;
}

cx_indicator cx_shape_indicator_in_text(const char *text)
{
    if (!text) return CX_IND_NONE;
    char *f = cx_fold_heading(text);
    if (!f) return CX_IND_NONE;
    cx_indicator best = CX_IND_NONE;
    size_t bestlen = 0;
    for (int i = 0; i < CX_IND_COUNT; i++) {
        char id[64];
        snprintf(id, sizeof id, "%s", cx_indicators[i].id);
        for (char *q = id; *q; q++) if (*q == '_') *q = ' ';
        const char *cands[3] = {cx_indicators[i].name_vi, cx_indicators[i].heading, id};
        for (int k = 0; k < 3; k++) {
            char *c = k < 2 ? cx_fold_heading(cands[k]) : strdup(cands[k]);
            if (c && strlen(c) > bestlen && strlen(c) >= 5 && has_words(f, c)) {
                best = (cx_indicator)i;
                bestlen = strlen(c);
            }
            free(c);
        }
    }
    free(f);
    return best;
}

/* ---- detection ---------------------------------------------------------------- */

int cx_shape_is_period_heading(const char *h)
{
    if (!h) return 0;
    if (cx_heading_is_period(h)) return 1;
    /* "T8/2025", "08/2025", "Q3/2025": short forms the heading matcher leaves alone */
    char *f = cx_fold_heading(h);
    if (!f) return 0;
    int ok = *f != 0 && strlen(f) <= 16;
    for (char *w = f; ok && *w;) {
        char *e = strchr(w, ' ');
        size_t l = e ? (size_t)(e - w) : strlen(w);
        size_t i = (w[0] == 't' || w[0] == 'q') ? 1 : 0;
        if (i == l) ok = 0;
        for (; ok && i < l; i++) if (w[i] < '0' || w[i] > '9') ok = 0;
        w = e ? e + 1 : w + l;
    }
    free(f);
    cx_period p = {0};
    return ok && cx_period_parse(h, &p) && (p.month || p.week || p.quarter);
}

static int is_prev_heading(const char *h)
{
    char *f = cx_fold_heading(h);
    int r = f && has_words(f, "truoc");
    free(f);
    return r;
}

static cx_shape *shape_new(const cx_shape_ctx *ctx, uint32_t ncols, cx_shape_kind kind)
{
    cx_shape *sh = calloc(1, sizeof *sh);
    if (!sh) return NULL;
    sh->kind = kind;
    sh->d = ctx->diag;
    sh->path = xstrdup(ctx->path ? ctx->path : "<input>");
    sh->sheet = xstrdup(ctx->sheet);
    sh->title_year = ctx->title_period ? ctx->title_period->year : 0;
    sh->own = calloc(ncols ? ncols : 1, 1);
    sh->nown = ncols;
    sh->ind = CX_IND_NONE;
    sh->spool = ctx->spool;
    sh->budget = cx_spool_budget(ctx->spool);
    if (!sh->path || !sh->own || (ctx->sheet && !sh->sheet)) { cx_shape_free(sh); return NULL; }
    return sh;
}

int cx_shape_detect(const cx_shape_col *cols, uint32_t ncols, const cx_shape_ctx *ctx, cx_shape **out,
                    cx_indicator *ind, int *first_col, char *why, size_t whycap)
{
    *out = NULL;
    *ind = CX_IND_NONE;
    *first_col = -1;
    if (why && whycap) why[0] = 0;

    /* Periods as columns: period headings ("Tháng 1", "T8/2025") that are not "trước". */
    uint32_t nper = 0, nother = 0;
    cx_period pp[2] = {{0}, {0}};
    for (uint32_t c = 0; c < ncols; c++) {
        const char *h = cols[c].heading;
        cx_period p = {0};
        if (h && cx_shape_is_period_heading(h) && !is_prev_heading(h) && cx_period_parse(h, &p)) {
            if (nper < 2) pp[nper] = p;
            nper++;
        } else if (cols[c].m.role == CX_COL_INDICATOR) nother++;
    }
    /* Two period columns, the second earlier ("THÁNG 5", "THÁNG 4"): the reports' current
     * score and the previous one, a single period; a series runs forward in time. */
    int cur_prev_pair = nper == 2 && cx_period_cmp(&pp[1], &pp[0]) < 0;
    if (nper >= 3 || (nper == 2 && nother == 0 && !cur_prev_pair)) {
        cx_shape *sh = shape_new(ctx, ncols, CX_SHAPE_WIDE);
        if (!sh) return CX_SHAPE_NOMEM;
        sh->vcol = calloc(nper, sizeof *sh->vcol);
        if (!sh->vcol) { cx_shape_free(sh); return CX_SHAPE_NOMEM; }
        /* The indicator: --indicator, the group heading over the periods, the title, the sheet name. */
        cx_indicator wi = CX_IND_NONE;
        if (ctx->indicator) {
            wi = cx_indicator_from_id(ctx->indicator);
            sh->ind_from = "--indicator";
        }
        for (uint32_t c = 0; wi == CX_IND_NONE && c < ncols; c++) {
            if (!cols[c].group || !cols[c].heading || !cx_shape_is_period_heading(cols[c].heading)) continue;
            cx_heading_match g = cx_match_heading(NULL, cols[c].group, 0);
            if (g.role == CX_COL_INDICATOR) { wi = g.indicator; sh->ind_from = "the group heading"; }
            else if ((wi = cx_shape_indicator_in_text(cols[c].group)) != CX_IND_NONE) sh->ind_from = "the group heading";
        }
        if (wi == CX_IND_NONE && (wi = cx_shape_indicator_in_text(ctx->title)) != CX_IND_NONE) sh->ind_from = "the title";
        if (wi == CX_IND_NONE && ctx->sheet) {
            cx_heading_match m = cx_match_heading(NULL, ctx->sheet, 0);
            if (m.role == CX_COL_INDICATOR && !cx_heading_is_period(ctx->sheet)) wi = m.indicator;
            else wi = cx_shape_indicator_in_text(ctx->sheet);
            if (wi != CX_IND_NONE) sh->ind_from = "the sheet name";
        }
        if (wi == CX_IND_NONE) {
            if (why)
                snprintf(why, whycap, _("one column per period (%u periods) but no indicator in %s; "
                         "say which with --indicator ID (for example --indicator diem_tong_hop)"), nper,
                         ctx->sheet ? _("the title or the sheet name") : _("the title"));
            cx_shape_free(sh);
            return CX_SHAPE_REFUSED;
        }
        for (uint32_t c = 0; c < ncols; c++) {
            const char *h = cols[c].heading;
            cx_period p = {0};
            if (!h || !cx_shape_is_period_heading(h) || is_prev_heading(h) || !cx_period_parse(h, &p)) continue;
            if (!p.year) p.year = sh->title_year;
            p.label = cx_nfc_collapse(h, strlen(h));
            long k = p.label ? add_period(sh, &p) : -1;
            cx_period_clear(&p);
            if (k < 0) { cx_shape_free(sh); return CX_SHAPE_NOMEM; }
            sh->vcol[k] = (int)c;
            sh->own[c] = 1;
        }
        sh->ind = wi;
        *ind = wi;
        *first_col = sh->vcol[0];
        *out = sh;
        return CX_SHAPE_FOUND;
    }

    /* Long table: one or more period columns (Kỳ; Tháng + Năm; Tuần + Tháng + Năm). */
    int np = 0;
    for (uint32_t c = 0; c < ncols; c++) if (cols[c].m.role == CX_COL_PERIOD) np++;
    if (!np) return CX_SHAPE_NONE;
    cx_shape *sh = shape_new(ctx, ncols, CX_SHAPE_LONG);
    if (!sh || !(sh->byperiod = cx_strmap_new(MAX_PERIODS))) { cx_shape_free(sh); return CX_SHAPE_NOMEM; }
    for (uint32_t c = 0; c < ncols && sh->npcol < MAX_PCOLS; c++) {
        if (cols[c].m.role != CX_COL_PERIOD) continue;
        if (!sh->pheading && cols[c].heading && !(sh->pheading = strdup(cols[c].heading))) {
            cx_shape_free(sh);
            return CX_SHAPE_NOMEM;
        }
        sh->pcol[sh->npcol] = (int)c;
        sh->ppart[sh->npcol] = cols[c].m.period_part ? cols[c].m.period_part : 'p';
        sh->npcol++;
        sh->own[c] = 1;
    }
    *out = sh;
    return CX_SHAPE_FOUND;
}

/* ---- rows --------------------------------------------------------------------- */

int cx_shape_row_values(const cx_shape *sh, const cx_cell *cells, uint32_t nc)
{
    if (!sh || sh->kind != CX_SHAPE_WIDE) return 0;
    int k = 0;
    for (size_t i = 0; i < sh->n; i++)
        if ((uint32_t)sh->vcol[i] < nc && !cell_blank(&cells[sh->vcol[i]])) k++;
    return k;
}

static void drop_last(cx_snapshot *from)
{
    cx_unit_clear(&from->units[from->nunits - 1]);
    from->nunits--;
}

static void warn_duplicate(cx_shape *sh, const cx_snapshot *s, const cx_unit *u, uint32_t prow)
{
    cx_warn(sh->d, "duplicate_unit", sh->path, sh->sheet, (long)u->name_ref.row, (int)u->name_ref.col,
            "'%s' in row %u is the same unit as in row %u for the period %s; both rows are kept", u->name,
            u->name_ref.row, prow, s->period.label ? s->period.label : "?");
}

/* What cx_shape_attach and the normalizer's finish would do to the unit later, done now:
 * a parked unit is not touched again before it is used (source 0 and sheet 0 of its own
 * period snapshot, which cx_shape_attach gives it; the classification from the bands). */
static void finish_unit(const cx_shape *sh, cx_unit *u)
{
    /* In this order, as before: the cells' references, then the computed classification
     * (which points at no cell). */
    int shi = sh->sheet ? 0 : -1;
    u->name_ref.source = 0;
    u->name_ref.sheet = shi;
    for (int j = 0; j < CX_IND_COUNT; j++)
        if (cx_unit_has(u, (cx_indicator)j)) { u->ref[j].source = 0; u->ref[j].sheet = shi; }
    cx_unit_label_from_score(u);
}

/* Too many units in memory: park every period but `keep` (SIZE_MAX: all). A parked
 * period's key map goes too; its later units are checked for duplicates at sheet end. */
static int park_periods(cx_shape *sh, size_t keep)
{
    for (size_t j = 0; j < sh->n; j++) {
        cx_snapshot *s = sh->snaps[j];
        if (j == keep || !s->nunits) continue;
        if (sh->keys[j]) {
            cx_strmap_free(sh->keys[j], NULL);
            sh->keys[j] = NULL;
            sh->recheck[j] = cx_snapshot_count(s);
        }
        if (cx_snapshot_park(s, sh->spool, sh->d) != CX_OK) return -1;
    }
    sh->resident = keep < sh->n ? sh->snaps[keep]->nunits : 0;
    return 0;
}

/* Add u (moved) to period snapshot k; warns on a second row for the same unit and period. */
static int put_unit(cx_shape *sh, size_t k, cx_unit *u)
{
    cx_snapshot *s = sh->snaps[k];
    if (sh->keys[k]) {
        void *prev = cx_strmap_get(sh->keys[k], u->key, strlen(u->key));
        if (prev) warn_duplicate(sh, s, u, (uint32_t)(uintptr_t)prev);
        else if (cx_strmap_put(sh->keys[k], u->key, strlen(u->key), (void *)(uintptr_t)u->name_ref.row) == CX_STRMAP_NOMEM)
            return -1;
    }
    finish_unit(sh, u);
    cx_unit *nu = cx_snapshot_add_unit(s);
    if (!nu) return -1;
    *nu = *u;
    memset(u, 0, sizeof *u);
    sh->resident++;
    return 0;
}

/* The duplicate check of a parked period, over all its units: the units before
 * recheck[k] were checked when they came; each later one against every earlier one. */
static int recheck_duplicates(cx_shape *sh, size_t k)
{
    cx_snapshot *s = sh->snaps[k];
    if (sh->recheck[k] == SIZE_MAX || sh->recheck[k] >= cx_snapshot_count(s)) return 0;
    if (cx_snapshot_acquire(s, sh->d) != CX_OK) return -1;
    cx_strmap *m = cx_strmap_new(0);
    int rc = m ? 0 : -1;
    for (size_t i = 0; rc == 0 && i < s->nunits; i++) {
        const cx_unit *u = &s->units[i];
        void *prev = cx_strmap_get(m, u->key, strlen(u->key));
        if (prev && i >= sh->recheck[k]) warn_duplicate(sh, s, u, (uint32_t)(uintptr_t)prev);
        else if (!prev && cx_strmap_put(m, u->key, strlen(u->key), (void *)(uintptr_t)u->name_ref.row) == CX_STRMAP_NOMEM)
            rc = -1;
    }
    cx_strmap_free(m, NULL);
    sh->recheck[k] = SIZE_MAX;
    if (cx_snapshot_release(s, 0, sh->d) != CX_OK) rc = -1;
    return rc;
}

/* What row_period computes, from the cells themselves. */
static int row_period_parse(const cx_shape *sh, const cx_cell *cells, uint32_t nc, cx_period *p, char *key,
                            size_t keycap, int *badcol, char **badtext)
{
    memset(p, 0, sizeof *p);
    *badcol = -1;
    *badtext = NULL;
    char *single = NULL;
    int ntext = 0;
    for (int i = 0; i < sh->npcol; i++) {
        uint32_t c = (uint32_t)sh->pcol[i];
        char *t = c < nc ? cell_str(&cells[c]) : NULL;
        if (!t) continue;
        ntext++;
        cx_period q = {0};
        char *end;
        long v = strtol(t, &end, 10);
        int whole = end != t && *end == 0;
        int got = 1;
        if (whole && sh->ppart[i] != 'p') {
            switch (sh->ppart[i]) {
            case 'w': got = v >= 1 && v <= 53; q.week = (int)v; break;
            case 'm': got = v >= 1 && v <= 12; q.month = (int)v; break;
            case 'q': got = v >= 1 && v <= 4; q.quarter = (int)v; break;
            case 'y': got = v >= 1990 && v <= 2100; q.year = (int)v; break;
            default: got = 0;
            }
        } else {
            got = cx_period_parse(t, &q);
        }
        if (!got) {
            if (*badcol < 0) { *badcol = (int)c; *badtext = t; t = NULL; }
            free(t);
            continue;
        }
        cx_period_merge(p, &q);
        if (!single) { single = t; t = NULL; }
        free(t);
    }
    if (*badcol >= 0 || !(p->year || p->month || p->week || p->quarter)) {
        free(single);
        return 0;
    }
    free(*badtext);
    *badtext = NULL;
    /* The label as written when one cell says the period, else made from the parts. */
    if (ntext == 1 && single) { p->label = single; single = NULL; }
    else {
        free(single);
        cx_period tmp = *p;
        if (!tmp.year) tmp.year = sh->title_year;
        p->label = cx_period_make_label(&tmp);
        if (!p->label) return -1;
    }
    snprintf(key, keycap, "%d|%d|%d|%d", p->year, p->quarter, p->month, p->week);
    return 1;
}

/* ---- row_period memo ---------------------------------------------------------- */
/* A long table repeats the same few period texts on every row ("Tuần 1 - Tháng 1/2024"
 * 2,000 times): row_period's result is a pure function of the period cells' contents
 * (the shape's columns, parts and title year are fixed), so it is parsed once per
 * distinct content and copied out after that. Bounded: contents up to PMEMO_KEY bytes,
 * at most PMEMO_MAX of them; beyond that rows are parsed as before. */
#define PMEMO_KEY 512
#define PMEMO_MAX 4096

typedef struct {
    int r;               /* row_period_parse's result: 1 or 0 */
    cx_period p;         /* label owned */
    char key[64];
    int badcol;
    char *badtext;       /* owned */
} pmemo_ent;

static void pmemo_free(void *v)
{
    pmemo_ent *e = v;
    if (!e) return;
    cx_period_clear(&e->p);
    free(e->badtext);
    free(e);
}

/* The memo: the map, and the previous row's entry (rows of one period come together). */
struct pmemo {
    cx_strmap *map;
    const pmemo_ent *last;
    size_t lastlen;
    char lastkey[PMEMO_KEY];
};

static void pmemo_drop(struct pmemo *pm)
{
    if (!pm) return;
    cx_strmap_free(pm->map, pmemo_free);
    free(pm);
}

static int pmemo_put(char *k, size_t *o, const void *b, size_t n)
{
    if (*o + n > PMEMO_KEY) return -1;
    memcpy(k + *o, b, n);
    *o += n;
    return 0;
}

/* The memo key of a row: each period cell's type and contents, length-prefixed. -1 too long. */
static long pmemo_key(const cx_shape *sh, const cx_cell *cells, uint32_t nc, char *k)
{
    size_t o = 0;
    for (int i = 0; i < sh->npcol; i++) {
        uint32_t c = (uint32_t)sh->pcol[i];
        const cx_cell *x = c < nc ? &cells[c] : NULL;
        unsigned char type = x ? (unsigned char)x->type : 0xFF;
        const void *b = NULL;
        size_t n = 0;
        if (x && (x->type == CX_CELL_TEXT || x->type == CX_CELL_ERROR || x->type == CX_CELL_NUMBER) && x->text &&
            (x->len || x->type != CX_CELL_NUMBER)) {
            b = x->text;
            n = x->len;
        } else if (x && x->type == CX_CELL_NUMBER) {
            type = 0xFE;   /* a number without its printed form: the value decides */
            b = &x->num;
            n = sizeof x->num;
        }
        if (pmemo_put(k, &o, &type, 1) || pmemo_put(k, &o, &n, sizeof n) || (n && pmemo_put(k, &o, b, n))) return -1;
    }
    return (long)o;
}

/* Copy a remembered result out to row_period's caller (who owns what it gets). */
static int pmemo_out(const pmemo_ent *e, cx_period *p, char *key, size_t keycap, int *badcol, char **badtext)
{
    *p = e->p;
    p->label = NULL;
    *badcol = e->badcol;
    *badtext = NULL;
    if (e->p.label && !(p->label = strdup(e->p.label))) return -1;
    if (e->badtext && !(*badtext = strdup(e->badtext))) return -1;
    size_t kl = strlen(e->key);
    if (kl >= keycap) kl = keycap - 1;   /* keycap >= 1: route_long's 64 */
    memcpy(key, e->key, kl);
    key[kl] = 0;
    return e->r;
}

/* The period a long-table row says; fills *p (label set) and key. 1 found, 0 not, -1 no memory. */
static int row_period(cx_shape *sh, const cx_cell *cells, uint32_t nc, cx_period *p, char *key, size_t keycap,
                      int *badcol, char **badtext)
{
    char k[PMEMO_KEY];
    long kl = pmemo_key(sh, cells, nc, k);
    if (kl < 0) return row_period_parse(sh, cells, nc, p, key, keycap, badcol, badtext);
    struct pmemo *pm = sh->pmemo;
    if (!pm) {
        if (!(pm = calloc(1, sizeof *pm)) || !(pm->map = cx_strmap_new(PMEMO_MAX))) {
            free(pm);
            return row_period_parse(sh, cells, nc, p, key, keycap, badcol, badtext);   /* only a cache */
        }
        sh->pmemo = pm;
    }
    const pmemo_ent *hit = NULL;
    if (pm->last && pm->lastlen == (size_t)kl && !memcmp(pm->lastkey, k, (size_t)kl)) hit = pm->last;
    else if ((hit = cx_strmap_get(pm->map, k, (size_t)kl))) {
        pm->last = hit;
        pm->lastlen = (size_t)kl;
        memcpy(pm->lastkey, k, (size_t)kl);
    }
    if (hit) {
        int r = pmemo_out(hit, p, key, keycap, badcol, badtext);
        if (r < 0) {
            cx_period_clear(p);
            free(*badtext);
            *badtext = NULL;
        }
        return r;
    }
    int r = row_period_parse(sh, cells, nc, p, key, keycap, badcol, badtext);
    if (r < 0) return r;
    pmemo_ent *e = calloc(1, sizeof *e);
    if (!e) return r;
    e->r = r;
    e->p = *p;
    e->badcol = *badcol;
    snprintf(e->key, sizeof e->key, "%s", r > 0 ? key : "");
    /* the entry keeps its own copies; the caller keeps what it was given */
    e->p.label = p->label ? strdup(p->label) : NULL;
    e->badtext = *badtext ? strdup(*badtext) : NULL;
    if ((p->label && !e->p.label) || (*badtext && !e->badtext) ||
        cx_strmap_put(pm->map, k, (size_t)kl, e) != CX_STRMAP_OK)
        pmemo_free(e);
    return r;
}

static int route_long(cx_shape *sh, cx_snapshot *from, const cx_cell *cells, uint32_t nc, uint32_t row)
{
    cx_period p;
    char key[64];
    int badcol;
    char *badtext;
    int r = row_period(sh, cells, nc, &p, key, sizeof key, &badcol, &badtext);
    if (r < 0) { cx_period_clear(&p); return -1; }
    cx_unit *u = &from->units[from->nunits - 1];
    if (r == 0) {
        if (badcol >= 0)
            cx_warn(sh->d, "bad_period", sh->path, sh->sheet, (long)row + 1, badcol,
                    "'%s' is not a period; the row of %s is left out", badtext, u->name);
        else
            cx_warn(sh->d, "bad_period", sh->path, sh->sheet, (long)row + 1, sh->pcol[0],
                    "no period in the row of %s; the row is left out", u->name);
        free(badtext);
        cx_period_clear(&p);
        drop_last(from);
        return 1;
    }
    void *v = cx_strmap_get(sh->byperiod, key, strlen(key));
    long k;
    if (v) {
        k = (long)(uintptr_t)v - 1;
    } else {
        k = add_period(sh, &p);
        if (k < 0 || cx_strmap_put(sh->byperiod, key, strlen(key), (void *)(uintptr_t)(k + 1)) != CX_STRMAP_OK) {
            cx_period_clear(&p);
            return -1;
        }
    }
    cx_period_clear(&p);
    int e = put_unit(sh, (size_t)k, u);
    from->nunits--;   /* the unit moved (or was zeroed on failure: nothing to free) */
    if (e == 0 && sh->resident > sh->budget) e = park_periods(sh, (size_t)k);
    return e;
}

static int value_of(cx_shape *sh, const cx_cell *c, uint32_t row, uint32_t col, double *out)
{
    cx_measure m = cx_indicators[sh->ind].measure;
    char *t = NULL;
    switch (c->type) {
    case CX_CELL_EMPTY: return 0;
    case CX_CELL_NUMBER:
        if (m == CX_MEASURE_LABEL || !isfinite(c->num)) break;
        *out = c->num;
        if ((c->flags & CX_CF_PERCENT) && m == CX_MEASURE_PERCENT) *out = round(c->num * 100.0 * 1e9) / 1e9;
        return 1;
    case CX_CELL_TEXT: {
        if (cell_blank(c)) return 0;
        cx_num_status st = cx_parse_number(c->text, c->len, m, out);
        if (st == CX_NUM_OK && cx_number_underflow(c->text, c->len, *out))
            cx_warn(sh->d, "number_underflow", sh->path, sh->sheet, (long)row + 1, (int)col,
                    "'%s' is too small for a number (below 1e-308); read as %g", c->text, *out);
        if (st == CX_NUM_OK) return 1;
        if (st == CX_NUM_MISSING) return 0;
        break;
    }
    case CX_CELL_ERROR:
        cx_warn(sh->d, "cell_error", sh->path, sh->sheet, (long)row + 1, (int)col,
                "the cell holds the error %s; the value is missing", c->text ? c->text : "");
        return 0;
    default: break;
    }
    t = cell_str(c);
    cx_warn(sh->d, "bad_number", sh->path, sh->sheet, (long)row + 1, (int)col,
            "'%s' is not a number for %s; the value is left out", t ? t : "?", cx_indicators[sh->ind].id);
    free(t);
    return 0;
}

static int copy_unit(cx_unit *dst, const cx_unit *src)
{
    memset(dst, 0, sizeof *dst);
    dst->name = xstrdup(src->name);
    dst->key = xstrdup(src->key);
    dst->raw_name = xstrdup(src->raw_name);
    dst->code = xstrdup(src->code);
    dst->kind = src->kind;
    dst->stt = src->stt;
    dst->name_ref = src->name_ref;
    for (int i = 0; i < CX_IND_COUNT; i++) dst->ref[i] = (cx_cellref){-1, -1, 0, 0};
    if (!dst->name || !dst->key || !dst->raw_name || (src->code && !dst->code)) { cx_unit_clear(dst); return -1; }
    return 0;
}

static int route_wide(cx_shape *sh, cx_snapshot *from, const cx_cell *cells, uint32_t nc, uint32_t row)
{
    cx_unit *u = &from->units[from->nunits - 1];
    int any = 0;
    for (size_t k = 0; k < sh->n; k++) {
        uint32_t c = (uint32_t)sh->vcol[k];
        double v;
        if (c >= nc || !value_of(sh, &cells[c], row, c, &v)) continue;
        cx_unit nu;
        if (copy_unit(&nu, u)) return -1;
        cx_unit_set(&nu, sh->ind, v);
        nu.ref[sh->ind] = (cx_cellref){0, u->name_ref.sheet, row + 1, c};
        if (put_unit(sh, k, &nu)) { cx_unit_clear(&nu); return -1; }
        any = 1;
    }
    if (!any)
        cx_warn(sh->d, "skipped_row", sh->path, sh->sheet, (long)row + 1, -1,
                "%s has no value in any period column; the row is left out", u->name);
    drop_last(from);
    if (sh->resident > sh->budget && park_periods(sh, SIZE_MAX)) return -1;
    return any ? 0 : 1;
}

int cx_shape_route(cx_shape *sh, cx_snapshot *from, const cx_cell *cells, uint32_t nc, uint32_t row)
{
    if (!sh || !from->nunits) return 0;
    return sh->kind == CX_SHAPE_WIDE ? route_wide(sh, from, cells, nc, row) : route_long(sh, from, cells, nc, row);
}

/* ---- sheet end, results ------------------------------------------------------- */

int cx_shape_sheet_end(cx_shape *sh, const cx_snapshot *ss)
{
    if (!sh) return 0;
    for (size_t k = 0; k < sh->n; k++) {
        cx_snapshot *s = sh->snaps[k];
        if (!s->period.year) s->period.year = sh->title_year;
        if (ss->title && !s->title && !(s->title = strdup(ss->title))) return -1;
        if (ss->scope && !s->scope && !(s->scope = strdup(ss->scope))) return -1;
        s->columns = sh->kind == CX_SHAPE_WIDE ? CX_BIT(sh->ind) : ss->columns;
        /* A long table's diem_ky_truoc column heading is the same for every period. */
        if (ss->prev_label && !s->prev_label && !(s->prev_label = strdup(ss->prev_label))) return -1;
        if (recheck_duplicates(sh, k)) return -1;
    }
    return 0;
}

static int cmp_newest(const void *a, const void *b)
{
    const cx_snapshot *x = *(cx_snapshot *const *)a, *y = *(cx_snapshot *const *)b;
    return -cx_period_cmp(&x->period, &y->period);
}

void cx_shape_sort_newest_first(cx_snapshot **snaps, size_t n)
{
    if (n > 1) qsort(snaps, n, sizeof *snaps, cmp_newest);
}

int cx_shape_take(cx_shape *sh, cx_snapshot ***out, size_t *n)
{
    *out = NULL;
    *n = 0;
    if (!sh || !sh->n) return 0;
    cx_snapshot **r = malloc(sh->n * sizeof *r);
    if (!r) return -1;
    size_t m = 0;
    for (size_t k = 0; k < sh->n; k++) {
        if (cx_snapshot_count(sh->snaps[k])) r[m++] = sh->snaps[k];
        else cx_snapshot_free(sh->snaps[k]);   /* a period column with no value at all */
        sh->snaps[k] = NULL;
        cx_strmap_free(sh->keys[k], NULL);
        sh->keys[k] = NULL;
    }
    sh->n = 0;
    /* stable for equal periods: qsort is not, so order by (period, first row) */
    cx_shape_sort_newest_first(r, m);
    *out = r;
    *n = m;
    return 0;
}

void cx_shape_report(const cx_shape *sh, const char *format, FILE *out)
{
    if (!sh) {
        if (format && !strcmp(format, "json")) fprintf(out, "    shape: portal JSON\n");
        else fprintf(out, "    shape: one period\n");
        return;
    }
    char cl[8];
    if (sh->kind == CX_SHAPE_LONG) {
        fprintf(out, "    shape: long table (period column %s '%s', %zu periods)\n", cx_col_name(sh->pcol[0], cl),
                sh->pheading ? sh->pheading : "", sh->n);
    } else {
        fprintf(out, "    shape: periods as columns (%zu periods, indicator %s from %s)\n", sh->n,
                cx_indicators[sh->ind].id, sh->ind_from ? sh->ind_from : "?");
    }
}

int cx_shape_period_matches(const cx_period *p, const char *label)
{
    if (!label) return 1;
    if (p->label) {
        char *a = cx_fold_heading(p->label), *b = cx_fold_heading(label);
        int same = a && b && !strcmp(a, b);
        free(a);
        free(b);
        if (same) return 1;
    }
    cx_period q = {0};
    if (!cx_period_parse(label, &q)) return 0;
    if (q.year && p->year && q.year != p->year) return 0;
    return q.quarter == p->quarter && q.month == p->month && q.week == p->week;
}

int cx_shape_attach(cx_snapshot *sn, const char *path, const char *format, const char *encoding, double confidence,
                    const char *sheet)
{
    int si = cx_snapshot_add_source(sn, path, format, encoding);
    if (si < 0) return -1;
    sn->sources[si].encoding_confidence = confidence;
    int shi = -1;
    if (sheet && (shi = cx_source_add_sheet(sn, si, sheet)) < 0) return -1;
    /* Every unit already points at source 0 and sheet 0 (finish_unit, when it was routed):
     * the first source and sheet of a fresh period snapshot, the ones just added. */
    (void)shi;
    return 0;
}

size_t cx_shape_pick_period(cx_snapshot **snaps, size_t n, const char *label)
{
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (cx_shape_period_matches(&snaps[i]->period, label)) snaps[m++] = snaps[i];
        else cx_snapshot_free(snaps[i]);
    }
    return m;
}
