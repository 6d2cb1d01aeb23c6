/* groups.c — joining the portal's group files (see groups.h). */
#include "groups.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fold.h"

static const cx_indicator group_diem[6] = {
    CX_IND_CONG_KHAI_MINH_BACH_DIEM, CX_IND_TIEN_DO_GIAI_QUYET_DIEM, CX_IND_DVC_TRUC_TUYEN_DIEM,
    CX_IND_THANH_TOAN_TRUC_TUYEN_DIEM, CX_IND_MUC_DO_HAI_LONG_DIEM, CX_IND_SO_HOA_HO_SO_DIEM,
};

static cx_indmask all_present(const cx_snapshot *s) { return s->columns | cx_snapshot_present(s); }

cx_indicator cx_group_file_of(const cx_snapshot *s)
{
    cx_indmask m = all_present(s);
    if (m & CX_BIT(CX_IND_DIEM_TONG_HOP)) return CX_IND_NONE;
    cx_indicator found = CX_IND_NONE;
    for (int g = 0; g < 6; g++)
        if (m & CX_BIT(group_diem[g])) {
            if (found != CX_IND_NONE) return CX_IND_NONE;   /* several groups: not one group's file */
            found = group_diem[g];
        }
    return found;
}

static const char *path_of(const cx_snapshot *s)
{
    return s->nsources && s->sources[0].path ? s->sources[0].path : "?";
}

static int same_scope(const cx_snapshot *a, const cx_snapshot *b)
{
    if (!a->scope || !b->scope) return !a->scope && !b->scope;
    char *fa = cx_fold_name(a->scope), *fb = cx_fold_name(b->scope);
    int same = fa && fb && !strcmp(fa, fb);
    free(fa);
    free(fb);
    return same;
}

static int same_period(const cx_period *a, const cx_period *b)
{
    return a->year == b->year && a->quarter == b->quarter && a->month == b->month && a->week == b->week &&
           cx_period_granularity(a) == cx_period_granularity(b);
}

static int same_table(const cx_snapshot *a, const cx_snapshot *b)
{
    return same_scope(a, b) && same_period(&a->period, &b->period);
}

/* The unit of s that is u: by the portal's id, else its code, else the key; totals meet
 * totals. -1 when none. */
static long find_unit(const cx_snapshot *s, const cx_unit *u)
{
    for (size_t i = 0; i < s->nunits; i++) {
        const cx_unit *v = &s->units[i];
        if ((u->kind == CX_KIND_TONG) != (v->kind == CX_KIND_TONG)) continue;
        if (u->kind == CX_KIND_TONG) return (long)i;
        if (u->uid && v->uid) { if (!strcmp(u->uid, v->uid)) return (long)i; continue; }
        if (u->code && v->code) { if (!strcmp(u->code, v->code)) return (long)i; continue; }
        if (u->key && v->key && !strcmp(u->key, v->key)) return (long)i;
    }
    return -1;
}

static char *dup_or_null(const char *s) { return s ? strdup(s) : NULL; }

/* Copy src's sources into dst; returns the index of the first, -1 no memory. */
static int take_sources(cx_snapshot *dst, const cx_snapshot *src)
{
    int first = (int)dst->nsources;
    for (size_t i = 0; i < src->nsources; i++) {
        const cx_source *so = &src->sources[i];
        int si = cx_snapshot_add_source(dst, so->path, so->format, so->encoding);
        if (si < 0) return -1;
        dst->sources[si].encoding_confidence = so->encoding_confidence;
        for (size_t k = 0; k < so->nsheets; k++)
            if (cx_source_add_sheet(dst, si, so->sheets[k]) < 0) return -1;
    }
    return first;
}

/* A copy of u's identity into a new unit of dst (no values). NULL no memory. */
static cx_unit *add_copy(cx_snapshot *dst, const cx_unit *u)
{
    cx_unit *n = cx_snapshot_add_unit(dst);
    if (!n) return NULL;
    n->kind = u->kind;
    n->stt = u->stt;
    n->name_ref = u->name_ref;
    n->name = dup_or_null(u->name);
    n->key = dup_or_null(u->key);
    n->raw_name = dup_or_null(u->raw_name);
    n->code = dup_or_null(u->code);
    n->uid = dup_or_null(u->uid);
    if (!n->name || !n->key || !n->raw_name || (u->code && !n->code) || (u->uid && !n->uid)) return NULL;
    return n;
}

/* Move the values of src into dst (joined by unit); the sources are appended and every
 * reference shifted to them. */
static cx_error merge_into(cx_snapshot *dst, const cx_snapshot *src, cx_diag *d)
{
    int base = take_sources(dst, src);
    if (base < 0) return cx_fail(d, CX_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < src->nunits; i++) {
        const cx_unit *u = &src->units[i];
        long j = find_unit(dst, u);
        cx_unit *t = j >= 0 ? &dst->units[j] : add_copy(dst, u);
        if (!t) return cx_fail(d, CX_ERR_NOMEM, "out of memory");
        if (!t->code && u->code && !(t->code = strdup(u->code))) return cx_fail(d, CX_ERR_NOMEM, "out of memory");
        if (!t->uid && u->uid && !(t->uid = strdup(u->uid))) return cx_fail(d, CX_ERR_NOMEM, "out of memory");
        if (t->stt < 0) t->stt = u->stt;
        for (int k = 0; k < CX_IND_COUNT; k++) {
            if (!cx_unit_has(u, (cx_indicator)k) || cx_unit_has(t, (cx_indicator)k)) continue;
            cx_unit_set(t, (cx_indicator)k, u->v[k]);
            t->ref[k] = u->ref[k];
            if (t->ref[k].source >= 0) t->ref[k].source += base;
        }
    }
    dst->columns |= src->columns;
    if (!dst->scope && src->scope && !(dst->scope = strdup(src->scope))) return cx_fail(d, CX_ERR_NOMEM, "out of memory");
    return CX_OK;
}

/* With all six groups: the total score is their sum (computed), and its classification. */
static void add_totals(cx_snapshot *s)
{
    for (size_t i = 0; i < s->nunits; i++) {
        cx_unit *u = &s->units[i];
        double sum = 0;
        int all = 1;
        for (int g = 0; g < 6 && all; g++) {
            all = cx_unit_has(u, group_diem[g]);
            if (all) sum += u->v[group_diem[g]];
        }
        if (!all || cx_unit_has(u, CX_IND_DIEM_TONG_HOP)) continue;
        cx_unit_set(u, CX_IND_DIEM_TONG_HOP, round(sum * 100) / 100);
        u->ref[CX_IND_DIEM_TONG_HOP] = (cx_cellref){-1, -1, 0, 0};
        cx_unit_label_from_score(u);
    }
}

/* The service results of the same table: every unit's total against the sum of its groups. */
static cx_error check_results(const cx_snapshot *joined, const cx_snapshot *res, cx_diag *d)
{
    for (size_t i = 0; i < joined->nunits; i++) {
        const cx_unit *u = &joined->units[i];
        if (!cx_unit_has(u, CX_IND_DIEM_TONG_HOP)) continue;
        long j = find_unit(res, u);
        if (j < 0 || !cx_unit_has(&res->units[j], CX_IND_DIEM_TONG_HOP)) continue;
        double want = res->units[j].v[CX_IND_DIEM_TONG_HOP], got = u->v[CX_IND_DIEM_TONG_HOP];
        if (fabs(want - got) <= 0.01 + 1e-9) continue;
        cx_error e = cx_warn(d, "group_sum_mismatch", path_of(res), NULL, res->units[j].name_ref.row,
                             (int)res->units[j].ref[CX_IND_DIEM_TONG_HOP].col,
                             "%s: the six groups add up to %.2f but the service results say %.2f", u->name, got, want);
        if (e != CX_OK) return e;
    }
    return CX_OK;
}

static cx_error acquire_all(cx_snapshot **snaps, size_t n, cx_diag *d)
{
    for (size_t i = 0; i < n; i++) {
        cx_error e = cx_snapshot_acquire(snaps[i], d);
        if (e != CX_OK) return e;
    }
    return CX_OK;
}

static cx_error refuse_mixed(cx_snapshot *const *snaps, size_t n, cx_diag *d)
{
    long first = -1;
    for (size_t i = 0; i < n; i++) {
        if (cx_group_file_of(snaps[i]) == CX_IND_NONE) continue;
        if (first < 0) { first = (long)i; continue; }
        const cx_snapshot *a = snaps[first], *b = snaps[i];
        if (same_table(a, b)) continue;
        return cx_fail(d, CX_ERR_USAGE,
                       "%s is %s, %s but %s is %s, %s: group files are joined only for one province and period; "
                       "convert them apart", path_of(b), b->scope ? b->scope : "(no province)",
                       b->period.label ? b->period.label : "(no period)", path_of(a),
                       a->scope ? a->scope : "(no province)", a->period.label ? a->period.label : "(no period)");
    }
    return CX_OK;
}

/* Join the group files of the table of snaps[lead] into it; the joined ones are freed and
 * their slots set to NULL. */
static cx_error join_one(cx_snapshot **snaps, size_t n, size_t lead, cx_diag *d)
{
    cx_snapshot *dst = snaps[lead];
    cx_indmask groups_seen = CX_BIT(cx_group_file_of(dst));
    for (size_t i = lead + 1; i < n; i++) {
        if (!snaps[i] || cx_group_file_of(snaps[i]) == CX_IND_NONE || !same_table(dst, snaps[i])) continue;
        cx_indicator g = cx_group_file_of(snaps[i]);
        if (groups_seen & CX_BIT(g)) {
            cx_error e = cx_warn(d, "duplicate_group", path_of(snaps[i]), NULL, 0, -1,
                                 "a second file of %s for %s; its values fill only what the first left empty",
                                 cx_indicators[g].id, dst->period.label ? dst->period.label : "this period");
            if (e != CX_OK) return e;
        }
        groups_seen |= CX_BIT(g);
        cx_error e = merge_into(dst, snaps[i], d);
        if (e != CX_OK) return e;
        cx_snapshot_free(snaps[i]);
        snaps[i] = NULL;
    }
    add_totals(dst);
    for (size_t i = 0; i < n; i++) {
        if (!snaps[i] || i == lead || !same_table(dst, snaps[i])) continue;
        cx_indmask m = all_present(snaps[i]);
        if (!(m & CX_BIT(CX_IND_DIEM_TONG_HOP))) continue;
        cx_error e = check_results(dst, snaps[i], d);
        if (e != CX_OK) return e;
    }
    return CX_OK;
}

cx_error cx_groups_check(const cx_snapshot *joined, cx_snapshot *res, cx_diag *d)
{
    if (joined == res || !same_table(joined, res) || cx_group_file_of(res) != CX_IND_NONE) return CX_OK;
    if (!(all_present(res) & CX_BIT(CX_IND_DIEM_TONG_HOP))) return CX_OK;
    cx_error e = cx_snapshot_acquire(res, d);
    if (e != CX_OK) return e;
    e = check_results(joined, res, d);
    cx_error r = cx_snapshot_release(res, 0, d);
    return e != CX_OK ? e : r;
}

cx_error cx_groups_join(cx_snapshot **snaps, size_t *n, int one_period, cx_diag *d)
{
    size_t ng = 0;
    for (size_t i = 0; i < *n; i++) ng += cx_group_file_of(snaps[i]) != CX_IND_NONE;
    if (ng < 2) return CX_OK;
    cx_error e = acquire_all(snaps, *n, d);
    if (e == CX_OK && one_period) e = refuse_mixed(snaps, *n, d);
    for (size_t i = 0; e == CX_OK && i < *n; i++)
        if (snaps[i] && cx_group_file_of(snaps[i]) != CX_IND_NONE) e = join_one(snaps, *n, i, d);
    size_t k = 0;
    for (size_t i = 0; i < *n; i++)
        if (snaps[i]) snaps[k++] = snaps[i];
    *n = k;
    return e;
}
