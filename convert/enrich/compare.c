/*
 * compare.c — the previous period (--previous): join units, fill diem_ky_truoc and
 * tang_giam, check them when the current file already prints them.
 *
 * Matching, strictest first: the total row with the total row; the national code
 * when both sides carry one; the key (names.c already removed prefixes, case and
 * tone-placement differences); then, as a fallback with a warning, the name folded
 * without marks and with i/y merged, only when exactly one unused unit matches
 * (Phú Thành and Phú Thạnh fold alike, so a folded name that fits both matches none).
 */
#include "compare.h"
#include "i18n.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fold.h"
#include "names.h"
#include "period.h"

static double round2(double v) { return round(v * 100.0) / 100.0; }

static const char *src_path(const cx_snapshot *s, int32_t si)
{
    if (si >= 0 && (size_t)si < s->nsources) return s->sources[si].path;
    return s->nsources ? s->sources[0].path : NULL;
}

static const char *src_sheet(const cx_snapshot *s, const cx_cellref *r)
{
    if (r->source < 0 || (size_t)r->source >= s->nsources) return NULL;
    const cx_source *src = &s->sources[r->source];
    if (r->sheet < 0 || (size_t)r->sheet >= src->nsheets) return NULL;
    return src->sheets[r->sheet];
}

static int same_code(const cx_unit *a, const cx_unit *b)
{
    return a->code && b->code && a->code[0] && strcmp(a->code, b->code) == 0;
}

/* Folded names of every unit of s (cx_fold_key, then our own mark-free fold, which
 * also drops any prefix names.c left), computed once per comparison. */
static char **fold_all(const cx_snapshot *s)
{
    char **f = calloc(s->nunits ? s->nunits : 1, sizeof *f);
    if (!f) return NULL;
    for (size_t i = 0; i < s->nunits; i++) {
        const char *k = s->units[i].key ? s->units[i].key : s->units[i].name;
        char *kf = k ? cx_fold_key(k) : NULL;
        f[i] = cx_fold_name(kf ? kf : (k ? k : ""));
        free(kf);
    }
    return f;
}

static void free_all(char **f, size_t n)
{
    if (!f) return;
    for (size_t i = 0; i < n; i++) free(f[i]);
    free(f);
}

/* Exact match (total, code, key) among units not yet used; -1 if none. */
static long match_exact(const cx_snapshot *s, const cx_unit *u, const unsigned char *used)
{
    if (u->kind == CX_KIND_TONG) {
        long t = cx_snapshot_total(s);
        return (t >= 0 && !(used && used[t])) ? t : -1;
    }
    if (u->code && u->code[0])
        for (size_t i = 0; i < s->nunits; i++)
            if (!(used && used[i]) && s->units[i].kind != CX_KIND_TONG && same_code(&s->units[i], u)) return (long)i;
    if (u->key)
        for (size_t i = 0; i < s->nunits; i++) {
            const cx_unit *v = &s->units[i];
            if ((used && used[i]) || v->kind == CX_KIND_TONG || !v->key) continue;
            /* Two different codes are two different units, whatever their names say. */
            if (v->code && u->code && strcmp(v->code, u->code) != 0) continue;
            if (strcmp(v->key, u->key) == 0) return (long)i;
        }
    return -1;
}

/* Folded match: exactly one unused candidate. */
static long match_fold(const cx_snapshot *s, char **sf, const char *ufold, const cx_unit *u,
                       const unsigned char *used)
{
    if (!ufold || !ufold[0] || u->kind == CX_KIND_TONG) return -1;
    long found = -1;
    for (size_t i = 0; i < s->nunits; i++) {
        const cx_unit *v = &s->units[i];
        if ((used && used[i]) || v->kind == CX_KIND_TONG || !sf[i]) continue;
        if (v->code && u->code && strcmp(v->code, u->code) != 0) continue;
        if (strcmp(sf[i], ufold) == 0) {
            if (found >= 0) return -1;
            found = (long)i;
        }
    }
    return found;
}

long cx_match_unit(const cx_snapshot *s, const cx_unit *u, int *fuzzy)
{
    if (fuzzy) *fuzzy = 0;
    if (!s || !u) return -1;
    long i = match_exact(s, u, NULL);
    if (i >= 0) return i;
    char **sf = fold_all(s);
    if (!sf) return -1;
    char *kf = u->key ? cx_fold_key(u->key) : NULL;
    char *uf = cx_fold_name(kf ? kf : (u->key ? u->key : (u->name ? u->name : "")));
    i = match_fold(s, sf, uf, u, NULL);
    if (i >= 0 && fuzzy) *fuzzy = 1;
    free(kf);
    free(uf);
    free_all(sf, s->nunits);
    return i;
}

static const char *uname(const cx_unit *u)
{
    return u->name ? u->name : u->raw_name ? u->raw_name : u->key ? u->key : "?";
}

/* Check a printed value against the computed one; warn on a difference above rounding. */
static cx_error check_value(cx_diag *d, const cx_snapshot *cur, const cx_unit *u, cx_indicator ind,
                            double want, const char *what)
{
    double got = u->v[ind];
    if (fabs(got - want) <= 0.005 + 1e-9) return CX_OK;
    const cx_cellref *r = &u->ref[ind];
    char cell[24] = "";
    char cell_note[48] = "";
    if (r->source >= 0 && r->row) {
        cx_cell_name((int)r->col, (long)r->row, cell);
        snprintf(cell_note, sizeof cell_note, _(" (cell %s)"), cell);
    }
    return cx_warn(d, "previous_mismatch", src_path(cur, r->source), src_sheet(cur, r),
                   r->source >= 0 ? (long)r->row : 0, r->source >= 0 ? (int)r->col : -1,
                   "%s: %s%s is %.2f, the previous file gives %.2f",
                   uname(u), _(what), cell_note, got, want);
}

static cx_error only_in(cx_diag *d, const cx_snapshot *s, const cx_unit *u, const char *code, const char *which)
{
    const char *sheet = src_sheet(s, &u->name_ref);
    long row = u->name_ref.source >= 0 ? (long)u->name_ref.row : 0;
    int col = u->name_ref.source >= 0 ? (int)u->name_ref.col : -1;
    if (strcmp(which, "current") == 0)
        return cx_warn(d, code, src_path(s, u->name_ref.source), sheet, row, col,
                       "%s is only in the current file; it has no comparison", uname(u));
    return cx_warn(d, code, src_path(s, u->name_ref.source), sheet, row, col,
                   "%s is only in the previous file; it has no comparison", uname(u));
}

static int period_known(const cx_period *p) { return p->year || p->month || p->week || p->quarter; }

static cx_error compare_resident(cx_snapshot *cur, const cx_snapshot *prev, int force, cx_diag *d)
{
    cx_error err = CX_OK;
    size_t nc = cur->nunits, np = prev->nunits;
    long *match = malloc((nc ? nc : 1) * sizeof *match);
    unsigned char *used = calloc(np ? np : 1, 1);
    int *fuzzy = calloc(nc ? nc : 1, sizeof *fuzzy);
    char **pf = NULL, **cf = NULL;
    if (!match || !used || !fuzzy) { err = cx_fail(d, CX_ERR_NOMEM, "out of memory"); goto done; }

    /* Pass 1: exact matches, so a folded fallback never takes a unit another one owns. */
    for (size_t i = 0; i < nc; i++) {
        match[i] = match_exact(prev, &cur->units[i], used);
        if (match[i] >= 0) used[match[i]] = 1;
    }
    /* Pass 2: folded names, a single unused candidate only, and only when no other
     * unmatched current unit folds the same way (else the choice would be a guess). */
    for (size_t i = 0; i < nc; i++) {
        if (match[i] >= 0) continue;
        if (!pf && (!(pf = fold_all(prev)) || !(cf = fold_all(cur)))) {
            err = cx_fail(d, CX_ERR_NOMEM, "out of memory");
            goto done;
        }
        const cx_unit *u = &cur->units[i];
        long j = match_fold(prev, pf, cf[i], u, used);
        for (size_t k = 0; j >= 0 && k < nc; k++)
            if (k != i && match[k] < 0 && !fuzzy[k] && cf[k] && strcmp(cf[k], cf[i]) == 0) j = -1;
        if (j >= 0) {
            match[i] = j;
            used[j] = 1;
            fuzzy[i] = 1;
        }
    }

    const char *prev_path = prev->nsources ? prev->sources[0].path : NULL;
    const char *cur_path = cur->nsources ? cur->sources[0].path : NULL;
    /* The wrong file as --previous: swapped with the current one (its period is later), or
     * another district's report (few of its units are the current file's). Refused unless
     * --force: its figures would fill "kỳ trước" and "tăng/giảm" with nonsense. */
    const cx_period *pa = &prev->period, *pb = &cur->period;
    if (!force && period_known(pa) && period_known(pb) && (!pa->year == !pb->year) && cx_period_cmp(pa, pb) > 0) {
        err = cx_fail(d, CX_ERR_USAGE,
                      "%s: the previous file is of %s, after the current file's %s: the two files look swapped. "
                      "Give the earlier period's file as --previous (or add --force to compare them anyway)",
                      prev_path ? prev_path : "--previous", pa->label ? pa->label : "?", pb->label ? pb->label : "?");
        goto done;
    }
    size_t ncu = 0, npu = 0, nmatched = 0;
    for (size_t i = 0; i < nc; i++)
        if (cur->units[i].kind != CX_KIND_TONG) { ncu++; if (match[i] >= 0) nmatched++; }
    for (size_t j = 0; j < np; j++)
        if (prev->units[j].kind != CX_KIND_TONG) npu++;
    size_t fewer = ncu < npu ? ncu : npu;
    if (!force && fewer >= 3 && nmatched * 2 < fewer) {
        err = cx_fail(d, CX_ERR_USAGE,
                      "%s: only %zu of the %zu units in the previous file are in the current file %s: it looks like "
                      "another district's or commune's report, not the previous period of the same one. Give the "
                      "right file as --previous (or add --force to compare them anyway)",
                      prev_path ? prev_path : "--previous", nmatched, npu, cur_path ? cur_path : "");
        goto done;
    }
    for (size_t i = 0; i < nc && err == CX_OK; i++) {
        cx_unit *u = &cur->units[i];
        if (match[i] < 0) {
            err = only_in(d, cur, u, "unit_only_current", "current");
            continue;
        }
        const cx_unit *p = &prev->units[match[i]];
        if (fuzzy[i])
            err = cx_warn(d, "unit_fuzzy_match", prev_path, src_sheet(prev, &p->name_ref),
                          p->name_ref.source >= 0 ? (long)p->name_ref.row : 0,
                          p->name_ref.source >= 0 ? (int)p->name_ref.col : -1,
                          "'%s' in the previous file taken as '%s' (matched without accents; check it)",
                          p->raw_name ? p->raw_name : uname(p), uname(u));
        if (err != CX_OK) break;
        if (!cx_unit_has(p, CX_IND_DIEM_TONG_HOP)) continue;
        double pv = p->v[CX_IND_DIEM_TONG_HOP];
        if (cx_unit_has(u, CX_IND_DIEM_KY_TRUOC)) {
            err = check_value(d, cur, u, CX_IND_DIEM_KY_TRUOC, pv, N_("the previous score"));
        } else {
            cx_unit_set(u, CX_IND_DIEM_KY_TRUOC, pv);
            u->ref[CX_IND_DIEM_KY_TRUOC] = (cx_cellref){.source = -1, .sheet = -1};
        }
        if (err != CX_OK || !cx_unit_has(u, CX_IND_DIEM_TONG_HOP)) continue;
        double delta = round2(u->v[CX_IND_DIEM_TONG_HOP] - pv);
        if (delta == 0) delta = 0;   /* no "-0" */
        if (cx_unit_has(u, CX_IND_TANG_GIAM)) {
            err = check_value(d, cur, u, CX_IND_TANG_GIAM, delta, N_("the change"));
        } else {
            cx_unit_set(u, CX_IND_TANG_GIAM, delta);
            u->ref[CX_IND_TANG_GIAM] = (cx_cellref){.source = -1, .sheet = -1};
        }
    }
    for (size_t j = 0; j < np && err == CX_OK; j++)
        if (!used[j]) err = only_in(d, prev, &prev->units[j], "unit_only_previous", "previous");
    if (err != CX_OK) goto done;

    cur->columns |= CX_BIT(CX_IND_DIEM_KY_TRUOC) | CX_BIT(CX_IND_TANG_GIAM);
    if (!cur->prev_label) cur->prev_label = cx_period_heading(&prev->period);
    if (!cur->prev_period.year && !cur->prev_period.month && !cur->prev_period.week &&
        !cur->prev_period.quarter && !cur->prev_period.label) {
        if ((err = cx_period_copy(&cur->prev_period, &prev->period)) != CX_OK) { err = cx_fail(d, err, "out of memory"); goto done; }
    }
    /* A "previous" file that is not earlier is most likely the wrong file. */
    const cx_period *a = &prev->period, *b = &cur->period;
    if ((a->year || a->month) && (b->year || b->month) && (!a->year == !b->year) &&
        cx_period_cmp(a, b) >= 0)
        err = cx_warn(d, "previous_not_earlier", prev_path, NULL, 0, -1,
                      "the previous file's period (%s) is not before the current one (%s)",
                      a->label ? a->label : "?", b->label ? b->label : "?");
done:
    free(match);
    free(used);
    free(fuzzy);
    free_all(pf, np);
    free_all(cf, nc);
    return err;
}

static int known(const cx_period *p) { return p->year || p->month || p->week || p->quarter; }

static int scope_eq(const cx_snapshot *a, const cx_snapshot *b)
{
    if (!a->scope || !b->scope) return 1;   /* an unknown scope does not rule a file out */
    char *fa = cx_fold_name(a->scope), *fb = cx_fold_name(b->scope);
    int eq = fa && fb && strcmp(fa, fb) == 0;
    free(fa);
    free(fb);
    return eq;
}

const cx_snapshot *cx_pick_previous(cx_snapshot *const *snaps, size_t n, const cx_snapshot *cur)
{
    if (!n) return NULL;
    const cx_snapshot *best = NULL, *first_same = NULL;
    for (size_t i = 0; i < n; i++) {
        const cx_snapshot *p = snaps[i];
        if (!scope_eq(p, cur)) continue;
        if (!first_same) first_same = p;
        if (!known(&p->period) || !known(&cur->period)) continue;
        if (cx_period_cmp(&p->period, &cur->period) >= 0) continue;
        if (!best || cx_period_cmp(&p->period, &best->period) > 0) best = p;
    }
    if (best) return best;
    return first_same ? first_same : snaps[0];
}

cx_error cx_compare_previous(cx_snapshot *cur, const cx_snapshot *prev, cx_diag *d)
{
    return cx_compare_previous_force(cur, prev, 0, d);
}

/* Both snapshots' units resident for the comparison (a parked one comes back, spool.h). */
cx_error cx_compare_previous_force(cx_snapshot *cur, const cx_snapshot *prev, int force, cx_diag *d)
{
    if (!cur || !prev) return CX_OK;
    cx_snapshot *p = (cx_snapshot *)prev;   /* acquiring changes where units live, not what they are */
    cx_error err = cx_snapshot_acquire(cur, d);
    if (err == CX_OK && (err = cx_snapshot_acquire(p, d)) == CX_OK) {
        err = compare_resident(cur, prev, force, d);
        cx_error e2 = cx_snapshot_release(p, 0, d);
        if (err == CX_OK) err = e2;
    }
    cx_error e1 = cx_snapshot_release(cur, 1, d);
    return err != CX_OK ? err : e1;
}
