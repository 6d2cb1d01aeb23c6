/* history.c — many snapshots, one dataset (see history.h). */
#include "history.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fold.h"
#include "period.h"
#include "spool.h"
#include "strmap.h"

typedef struct hunit {
    size_t      last_snap;   /* newest snapshot holding it */
    long        last_idx;    /* index in that snapshot */
    cx_unit    *own;         /* a copy when that snapshot is parked (spool.h), else NULL */
    const char *scope;       /* points into a snapshot */
    int         total;
    int         has_code;
} hunit;

/* Unit identities -> index in h->units: a strmap holding index + 1. */
static long ident_get(const cx_strmap *m, const char *k)
{
    void *v = cx_strmap_get(m, k, strlen(k));
    return v ? (long)(uintptr_t)v - 1 : -1;
}

/* Keeps an existing key. CX_STRMAP_OK or CX_STRMAP_NOMEM (the map has no cap). */
static int ident_put(cx_strmap *m, const char *k, size_t id)
{
    size_t len = strlen(k);
    if (cx_strmap_get(m, k, len)) return CX_STRMAP_OK;
    return cx_strmap_put(m, k, len, (void *)(uintptr_t)(id + 1));
}

struct cx_history {
    cx_snapshot **snaps;
    size_t        n, cap;
    size_t       *order;      /* input order, for stable time sorting */
    hunit        *units;
    size_t        nunits;
    int32_t      *cells;      /* nunits x n: index in the snapshot's units, -1 none */
    size_t        nvalues;
    size_t       *col;        /* snapshot -> column (distinct period) */
    size_t        ncols;
    int           finished;
    size_t        ndropped;   /* real duplicates left out */
};

cx_history *cx_history_new(void) { return calloc(1, sizeof(cx_history)); }

static void free_own(hunit *hu)
{
    if (hu->own) { cx_unit_clear(hu->own); free(hu->own); hu->own = NULL; }
}

/* The identity fields of u (what cx_history_unit callers read), deep-copied. */
static cx_unit *copy_ident(const cx_unit *u)
{
    cx_unit *c = calloc(1, sizeof *c);
    if (!c) return NULL;
    c->kind = u->kind;
    c->stt = u->stt;
    c->name_ref = u->name_ref;
    const char *src[5] = {u->name, u->key, u->raw_name, u->code, u->official_name};
    char **dst[5] = {&c->name, &c->key, &c->raw_name, &c->code, &c->official_name};
    for (int i = 0; i < 5; i++)
        if (src[i] && !(*dst[i] = strdup(src[i]))) { cx_unit_clear(c); free(c); return NULL; }
    return c;
}

void cx_history_free(cx_history *h)
{
    if (!h) return;
    for (size_t i = 0; i < h->n; i++) cx_snapshot_free(h->snaps[i]);
    free(h->snaps);
    free(h->order);
    for (size_t i = 0; i < h->nunits; i++) free_own(&h->units[i]);
    free(h->units);
    free(h->cells);
    free(h->col);
    free(h);
}

static int period_known(const cx_period *p)
{
    return p->year || p->month || p->week || p->quarter || (p->label && p->label[0]);
}

static int same_period(const cx_period *a, const cx_period *b)
{
    if (!period_known(a) || !period_known(b)) return 0;
    if (a->year || a->month || a->week || a->quarter || b->year || b->month || b->week || b->quarter)
        return a->year == b->year && a->month == b->month && a->week == b->week && a->quarter == b->quarter;
    return strcmp(a->label, b->label) == 0;   /* labels only: compare as written */
}

static int same_scope(const cx_snapshot *a, const cx_snapshot *b)
{
    if (!a->scope || !b->scope) return !a->scope && !b->scope;
    char *fa = cx_fold_name(a->scope), *fb = cx_fold_name(b->scope);
    int same = fa && fb && strcmp(fa, fb) == 0;
    free(fa);
    free(fb);
    return same;
}

static const char *snap_path(const cx_snapshot *s) { return s->nsources && s->sources[0].path ? s->sources[0].path : "?"; }

/* "x.xlsx" or "x.xlsx, sheet 'Sở Ban'": where a table was read. */
static void snap_where(const cx_snapshot *s, char *buf, size_t cap)
{
    const cx_source *src = s->nsources ? &s->sources[0] : NULL;
    if (src && src->nsheets && src->sheets[0]) snprintf(buf, cap, "%s, sheet '%s'", snap_path(s), src->sheets[0]);
    else snprintf(buf, cap, "%s", snap_path(s));
}

/* Do two tables of one period and scope hold the same units (a real duplicate), rather than
 * two series (provinces and communes, departments, a trend's own total)? Yes when at least
 * half of the smaller one's units (totals aside) are in the other, or both hold only totals.
 * The answer in *same; the error of bringing a parked snapshot back (spool.h), if any. */
static cx_error same_units(cx_snapshot *a, cx_snapshot *b, int *same, cx_diag *d)
{
    cx_error e = cx_snapshot_acquire(a, d);
    *same = 0;
    if (e != CX_OK) return e;
    if ((e = cx_snapshot_acquire(b, d)) != CX_OK) { cx_snapshot_release(a, 0, d); return e; }
    size_t na = 0, nb = 0, shared = 0;
    for (size_t i = 0; i < a->nunits; i++) na += a->units[i].kind != CX_KIND_TONG;
    for (size_t i = 0; i < b->nunits; i++) nb += b->units[i].kind != CX_KIND_TONG;
    cx_snapshot *small = na <= nb ? a : b, *big = na <= nb ? b : a;
    for (size_t i = 0; i < small->nunits; i++) {
        const cx_unit *u = &small->units[i];
        if (u->kind == CX_KIND_TONG || !u->key) continue;
        for (size_t k = 0; k < big->nunits; k++)
            if (big->units[k].kind != CX_KIND_TONG && big->units[k].key && !strcmp(big->units[k].key, u->key)) {
                shared++;
                break;
            }
    }
    size_t smaller = na <= nb ? na : nb;
    *same = smaller == 0 ? na == nb : shared * 2 >= smaller;
    cx_error e1 = cx_snapshot_release(a, 0, d), e2 = cx_snapshot_release(b, 0, d);
    return e1 != CX_OK ? e1 : e2;
}
static const char *plabel(const cx_period *p) { return p->label ? p->label : "?"; }

cx_error cx_history_add(cx_history *h, cx_snapshot *s, cx_diag *d)
{
    if (!s) return CX_OK;
    if (h->finished) { cx_snapshot_free(s); return cx_fail(d, CX_ERR_USAGE, "history: add after finish"); }
    if (!period_known(&s->period)) {
        cx_error e = cx_warn(d, "period_unknown", snap_path(s), NULL, 0, -1,
                             "no period could be read from the file (title, cutoff line or file name); "
                             "its rows have an empty period; give --period to set it");
        if (e != CX_OK) { cx_snapshot_free(s); return e; }
    }
    for (size_t i = 0; i < h->n; i++) {
        cx_snapshot *o = h->snaps[i];
        if (!same_period(&o->period, &s->period) || !same_scope(o, s) ||
            cx_period_granularity(&o->period) != cx_period_granularity(&s->period))
            continue;
        int same;
        cx_error se = same_units(o, s, &same, d);
        if (se != CX_OK) { cx_snapshot_free(s); return se; }
        if (!same) continue;   /* another series of the same period */
        /* The later cutoff wins; equal or unknown cutoffs: the table given later. */
        int s_wins = strcmp(s->period.cutoff, o->period.cutoff) >= 0;
        cx_snapshot *keep = s_wins ? s : o, *drop = s_wins ? o : s;
        char wo[512], ws[512], wk[512];
        snap_where(o, wo, sizeof wo);
        snap_where(s, ws, sizeof ws);
        snap_where(keep, wk, sizeof wk);
        cx_error e = cx_warn(d, "duplicate_period", snap_path(drop), NULL, 0, -1,
                             "%s%s%s is in both %s (cutoff %s) and %s (cutoff %s); keeping %s%s",
                             plabel(&s->period), s->scope ? ", " : "", s->scope ? s->scope : "",
                             wo, o->period.cutoff[0] ? o->period.cutoff : "none",
                             ws, s->period.cutoff[0] ? s->period.cutoff : "none",
                             wk,
                             strcmp(s->period.cutoff, o->period.cutoff) ? " (later cutoff)" : " (given later)");
        h->snaps[i] = keep;
        h->ndropped++;
        cx_snapshot_free(drop);
        return e;
    }
    if (h->n == h->cap) {
        size_t nc = h->cap ? h->cap * 2 : 16;
        cx_snapshot **ns = realloc(h->snaps, nc * sizeof *ns);
        if (ns) h->snaps = ns;
        size_t *no = ns ? realloc(h->order, nc * sizeof *no) : NULL;
        if (no) h->order = no;
        if (!ns || !no) { cx_snapshot_free(s); return cx_fail(d, CX_ERR_NOMEM, "out of memory"); }
        h->cap = nc;
    }
    h->order[h->n] = h->n;
    h->snaps[h->n++] = s;
    return CX_OK;
}

typedef struct ord { cx_snapshot *s; size_t order; } ord;

static int cmp_ord(const void *a, const void *b)
{
    const ord *x = a, *y = b;
    int c = cx_period_cmp(&x->s->period, &y->s->period);
    if (c) return c;
    return x->order < y->order ? -1 : x->order > y->order;
}

/* Build "scope\x1fc:code" or "scope\x1fk:key" into buf. */
static char *ident(const cx_snapshot *s, const char *scopefold, const cx_unit *u, int by_code)
{
    const char *v = by_code ? u->code : (u->kind == CX_KIND_TONG ? "(total)" : u->key ? u->key : u->name ? u->name : "");
    size_t len = strlen(scopefold) + strlen(v) + 4;
    char *k = malloc(len);
    if (k) snprintf(k, len, "%s\x1f%c:%s", scopefold, by_code ? 'c' : 'k', v);
    (void)s;
    return k;
}

cx_error cx_history_finish(cx_history *h, cx_diag *d)
{
    cx_error err = CX_OK;
    h->finished = 1;
    ord *o = malloc((h->n ? h->n : 1) * sizeof *o);
    if (!o) return cx_fail(d, CX_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < h->n; i++) o[i] = (ord){h->snaps[i], h->order[i]};
    qsort(o, h->n, sizeof *o, cmp_ord);
    for (size_t i = 0; i < h->n; i++) { h->snaps[i] = o[i].s; h->order[i] = i; }
    free(o);
    /* Columns: one per distinct period; equal periods of different scopes are adjacent
     * after the sort (cx_period_cmp orders by year, month, week, then cutoff). */
    if (!(h->col = malloc((h->n ? h->n : 1) * sizeof *h->col))) return cx_fail(d, CX_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < h->n; i++) {
        size_t c = h->ncols;
        for (size_t k = i; k-- > 0 && h->snaps[k]->period.year == h->snaps[i]->period.year;)
            if (same_period(&h->snaps[k]->period, &h->snaps[i]->period)) { c = h->col[k]; break; }
        h->col[i] = c;
        if (c == h->ncols) h->ncols++;
    }

    /* Identities, in time order; the matrix grows by rows as units appear. */
    cx_strmap *map = cx_strmap_new(0);
    if (!map) return cx_fail(d, CX_ERR_NOMEM, "out of memory");
    size_t capu = 0;
    for (size_t si = 0; si < h->n && err == CX_OK; si++) {
        cx_snapshot *s = h->snaps[si];
        int parked = cx_snapshot_parked(s);
        if ((err = cx_snapshot_acquire(s, d)) != CX_OK) break;
        char *sf = cx_fold_name(s->scope ? s->scope : "");
        if (!sf) { err = cx_fail(d, CX_ERR_NOMEM, "out of memory"); break; }
        for (size_t ui = 0; ui < s->nunits; ui++) {
            const cx_unit *u = &s->units[ui];
            h->nvalues += (size_t)__builtin_popcountll(u->present);
            int has_code = u->code && u->code[0] && u->kind != CX_KIND_TONG;
            char *kc = has_code ? ident(s, sf, u, 1) : NULL;
            char *kk = ident(s, sf, u, 0);
            if ((has_code && !kc) || !kk) { free(kc); free(kk); err = cx_fail(d, CX_ERR_NOMEM, "out of memory"); break; }
            long id = has_code ? ident_get(map, kc) : -1;
            if (id < 0) {
                long byk = ident_get(map, kk);
                /* By key only when the codes do not say two different units. */
                if (byk >= 0 && !(has_code && h->units[byk].has_code)) id = byk;
            }
            if (id >= 0 && h->cells[(size_t)id * h->cap + si] >= 0) id = -1;   /* twice in one snapshot: keep apart */
            if (id < 0) {
                if (h->nunits == capu) {
                    size_t nc = capu ? capu * 2 : 64;
                    hunit *nu = realloc(h->units, nc * sizeof *nu);
                    if (nu) h->units = nu;
                    int32_t *ncells = nu ? realloc(h->cells, nc * h->cap * sizeof *ncells) : NULL;
                    if (!nu || !ncells) { free(kc); free(kk); err = cx_fail(d, CX_ERR_NOMEM, "out of memory"); break; }
                    h->cells = ncells;
                    capu = nc;
                }
                id = (long)h->nunits++;
                memset(&h->units[id], 0, sizeof h->units[id]);
                for (size_t k = 0; k < h->cap; k++) h->cells[(size_t)id * h->cap + k] = -1;
            }
            hunit *hu = &h->units[id];
            hu->last_snap = si;
            hu->last_idx = (long)ui;
            free_own(hu);
            if (parked && !(hu->own = copy_ident(u))) {
                free(kc); free(kk);
                err = cx_fail(d, CX_ERR_NOMEM, "out of memory");
                break;
            }
            hu->scope = s->scope;
            hu->total = u->kind == CX_KIND_TONG;
            if (has_code) hu->has_code = 1;
            h->cells[(size_t)id * h->cap + si] = (int32_t)ui;
            if ((kc && ident_put(map, kc, (size_t)id) != CX_STRMAP_OK) || ident_put(map, kk, (size_t)id) != CX_STRMAP_OK) {
                free(kc); free(kk);
                err = cx_fail(d, CX_ERR_NOMEM, "out of memory");
                break;
            }
            free(kc);
            free(kk);
        }
        free(sf);
        cx_error re = cx_snapshot_release(s, 0, d);
        if (err == CX_OK) err = re;
    }
    cx_strmap_free(map, NULL);
    if (err != CX_OK) return err;
    /* Totals first (stable), so charts and matrices start with the district. */
    size_t nt = 0;
    for (size_t i = 0; i < h->nunits; i++) nt += h->units[i].total;
    if (nt && nt < h->nunits) {
        hunit *nu = malloc(h->nunits * sizeof *nu);
        int32_t *nc = malloc(h->nunits * h->cap * sizeof *nc);
        if (!nu || !nc) { free(nu); free(nc); return cx_fail(d, CX_ERR_NOMEM, "out of memory"); }
        size_t k = 0;
        for (int pass = 1; pass >= 0; pass--)
            for (size_t i = 0; i < h->nunits; i++)
                if (h->units[i].total == pass) {
                    nu[k] = h->units[i];
                    memcpy(nc + k * h->cap, h->cells + i * h->cap, h->cap * sizeof *nc);
                    k++;
                }
        free(h->units);
        free(h->cells);
        h->units = nu;
        h->cells = nc;
    }
    return CX_OK;
}

size_t cx_history_nsnaps(const cx_history *h) { return h ? h->n : 0; }
size_t cx_history_ndropped(const cx_history *h) { return h ? h->ndropped : 0; }
const cx_snapshot *cx_history_snap(const cx_history *h, size_t i) { return h && i < h->n ? h->snaps[i] : NULL; }
size_t cx_history_nunits(const cx_history *h) { return h ? h->nunits : 0; }
size_t cx_history_nvalues(const cx_history *h) { return h ? h->nvalues : 0; }

const cx_unit *cx_history_unit(const cx_history *h, size_t u)
{
    if (!h || u >= h->nunits) return NULL;
    if (h->units[u].own) return h->units[u].own;
    return &h->snaps[h->units[u].last_snap]->units[h->units[u].last_idx];
}

const char *cx_history_unit_scope(const cx_history *h, size_t u)
{
    return h && u < h->nunits ? h->units[u].scope : NULL;
}

const cx_unit *cx_history_at(const cx_history *h, size_t u, size_t i)
{
    if (!h || u >= h->nunits || i >= h->n || !h->cells) return NULL;
    int32_t k = h->cells[u * h->cap + i];
    return k >= 0 ? &h->snaps[i]->units[k] : NULL;
}

size_t cx_history_ncols(const cx_history *h) { return h ? h->ncols : 0; }
size_t cx_history_col(const cx_history *h, size_t i) { return h && h->col && i < h->n ? h->col[i] : 0; }

const cx_unit *cx_history_at_col(const cx_history *h, size_t u, size_t c)
{
    for (size_t i = 0; h && h->col && i < h->n; i++)
        if (h->col[i] == c) {
            const cx_unit *x = cx_history_at(h, u, i);
            if (x) return x;
        }
    return NULL;
}

char *cx_history_col_heading(const cx_history *h, size_t c)
{
    /* The first snapshot of the column names it; the scope is dropped since the column
     * holds every scope's units for that period. */
    for (size_t i = 0; h && h->col && i < h->n; i++)
        if (h->col[i] == c) {
            const cx_snapshot *s = h->snaps[i];
            char *l = s->period.label ? strdup(s->period.label) : cx_period_make_label(&s->period);
            if (!l) l = strdup(snap_path(s));
            if (!l) return NULL;
            int dup = 0;
            for (size_t k = 0; k < h->n && !dup; k++) {
                if (h->col[k] == c) continue;
                const cx_snapshot *o = h->snaps[k];
                char *ol = o->period.label ? strdup(o->period.label) : cx_period_make_label(&o->period);
                dup = ol && strcmp(ol, l) == 0;
                free(ol);
            }
            if (!dup) return l;
            char buf[256];
            if (s->period.year) snprintf(buf, sizeof buf, "%s (%d)", l, s->period.year);
            else if (s->period.cutoff[0]) snprintf(buf, sizeof buf, "%s (%s)", l, s->period.cutoff);
            else snprintf(buf, sizeof buf, "%s (%s)", l, snap_path(s));
            free(l);
            return strdup(buf);
        }
    return NULL;
}

char *cx_history_heading(const cx_history *h, size_t i)
{
    const cx_snapshot *s = cx_history_snap(h, i);
    if (!s) return NULL;
    char *l = s->period.label ? strdup(s->period.label) : cx_period_make_label(&s->period);
    if (!l) l = strdup(snap_path(s));
    if (!l) return NULL;
    int dup = 0, other_scope = 0, other_year = 0;
    for (size_t k = 0; k < h->n; k++) {
        const cx_snapshot *o = h->snaps[k];
        if (k == i) continue;
        char *ol = o->period.label ? strdup(o->period.label) : cx_period_make_label(&o->period);
        if (ol && strcmp(ol, l) == 0) {
            dup = 1;
            if (!same_scope(o, s)) other_scope = 1;
            if (o->period.year != s->period.year) other_year = 1;
        }
        free(ol);
    }
    if (!dup) return l;
    char buf[256];
    if (other_scope && s->scope && other_year && s->period.year)
        snprintf(buf, sizeof buf, "%s (%s, %d)", l, s->scope, s->period.year);
    else if (other_scope && s->scope) snprintf(buf, sizeof buf, "%s (%s)", l, s->scope);
    else if (s->period.year && other_year) snprintf(buf, sizeof buf, "%s (%d)", l, s->period.year);
    else if (s->period.cutoff[0]) snprintf(buf, sizeof buf, "%s (%s)", l, s->period.cutoff);
    else snprintf(buf, sizeof buf, "%s (%s)", l, snap_path(s));
    free(l);
    return strdup(buf);
}

cx_error cx_history_acquire_all(const cx_history *h, cx_diag *d)
{
    for (size_t si = 0; h && si < h->n; si++) {
        cx_error e = cx_snapshot_acquire(h->snaps[si], d);
        if (e != CX_OK) return e;
    }
    return CX_OK;
}

cx_error cx_history_each(const cx_history *h, cx_history_row_fn fn, void *ctx, cx_diag *d)
{
    cx_history_row r;
    for (size_t si = 0; si < h->n; si++) {
        cx_snapshot *s = h->snaps[si];
        /* One period at a time: a parked snapshot is read back, used and freed. */
        int was_resident = cx_snapshot_resident(s);
        cx_error e = cx_snapshot_acquire(s, d);
        if (e != CX_OK) return e;
        r.snap = s;
        for (size_t ui = 0; ui < s->nunits; ui++) {
            const cx_unit *u = &s->units[ui];
            if (!u->present) continue;
            r.unit = u;
            for (int ind = 0; ind < CX_IND_COUNT; ind++) {
                if (!cx_unit_has(u, (cx_indicator)ind)) continue;
                const cx_cellref *ref = &u->ref[ind];
                r.ind = (cx_indicator)ind;
                r.value = u->v[ind];
                r.sheet = NULL;
                r.cell[0] = 0;
                if (ref->source >= 0 && (size_t)ref->source < s->nsources) {
                    const cx_source *src = &s->sources[ref->source];
                    r.source = src->path;
                    if (ref->sheet >= 0 && (size_t)ref->sheet < src->nsheets) r.sheet = src->sheets[ref->sheet];
                    if (ref->row) cx_cell_name((int)ref->col, (long)ref->row, r.cell);
                } else {
                    r.source = s->nsources ? s->sources[0].path : NULL;
                }
                if (fn(&r, ctx)) {
                    if (!was_resident) cx_snapshot_release(s, 0, d);
                    return CX_ERR_ABORTED;
                }
            }
        }
        if (!was_resident && (e = cx_snapshot_release(s, 0, d)) != CX_OK) return e;
    }
    return CX_OK;
}
