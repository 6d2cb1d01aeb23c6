/*
 * dvhc.c — the national list of administrative units: scopes, matching, --to-2025, search.
 *
 * The list is compiled in ($(BUILD)/gen/dvhc_data.c, from convert/dvhc/ by
 * scripts/gen-dvhc.sh). Names there carry their prefix ("Xã Phú Hưng"); keys are made
 * at run time with the same cx_name_clean as the source's names, so both sides of a
 * comparison went through exactly the same rules.
 *
 * Matching never leaves its scope, never picks among several candidates, and warns on
 * everything that is not an exact key match (see NOTES.md, section "vietnamese").
 */
#include "dvhc.h"
#include "i18n.h"
#include "names.h"
#include "dvhc_data.h"
#include <stdio.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#define POOL(off) (cx_dvhc_pool + (off))

/* ---- small helpers ---- */

/* key (and kind) of a name through the name rules; NULL on invalid text or no memory */
static char *key_of(const char *s, cx_kind *kind)
{
    cx_name n;
    if (!s || cx_name_clean(s, strlen(s), &n) != CX_OK) return NULL;
    char *k = n.key;
    n.key = NULL;
    if (kind) *kind = n.kind;
    cx_name_free(&n);
    return k;
}

static char *fold_of(const char *s)
{
    char *k = key_of(s, NULL);
    if (!k) return NULL;
    char *f = cx_fold_key(k);
    free(k);
    return f;
}

/* The name without its administrative prefix, spelled as the list spells it
 * ("Xã Long Hoà" -> "Long Hoà"; "Phường 1" stays whole). Caller frees. */
static char *official_display(const char *listname)
{
    static const char *const pf[] = {"Xã ", "Phường ", "Thị trấn ", "Đặc khu ", "Huyện ", "Quận ",
                                     "Thị xã ", "Thành phố ", "Tỉnh "};
    for (size_t i = 0; i < sizeof pf / sizeof pf[0]; i++) {
        size_t l = strlen(pf[i]);
        if (strncmp(listname, pf[i], l) == 0) {
            const char *rest = listname + l;
            int digits = *rest != 0;
            for (const char *p = rest; *p; p++)
                if (*p < '0' || *p > '9') digits = 0;
            return strdup(digits ? listname : rest);
        }
    }
    return strdup(listname);
}

/* code points of a UTF-8 string (valid input); caller frees */
static int32_t *cps(const char *s, size_t *n)
{
    size_t len = strlen(s), o = 0;
    int32_t *v = malloc((len + 1) * sizeof *v);
    if (!v) return NULL;
    for (size_t i = 0; i < len;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &cp);
        if (k <= 0) { cp = 0xFFFD; k = 1; }
        v[o++] = cp;
        i += (size_t)k;
    }
    *n = o;
    return v;
}

/* At most one letter apart (substitution, insertion or deletion)? */
static int one_apart(const char *a, const char *b)
{
    size_t na, nb;
    int32_t *x = cps(a, &na), *y = cps(b, &nb);
    int r = 0;
    if (!x || !y) goto done;
    if (na == nb) {
        size_t diff = 0;
        for (size_t i = 0; i < na; i++) diff += x[i] != y[i];
        r = diff == 1;
    } else if (na + 1 == nb || nb + 1 == na) {
        int32_t *s = na < nb ? x : y, *l = na < nb ? y : x;
        size_t ns = na < nb ? na : nb, i = 0, j = 0, skips = 0;
        while (i < ns && j < ns + 1) {
            if (s[i] == l[j]) { i++; j++; }
            else { j++; if (++skips > 1) break; }
        }
        r = skips <= 1;
    }
done:
    free(x);
    free(y);
    return r;
}

static int is_district_kind(cx_kind k) { return k == CX_KIND_HUYEN || k == CX_KIND_THI_XA || k == CX_KIND_THANH_PHO; }

/* ---- states of the list (2019-09-11 ... 2025-03-01) ---- */

#define LATEST (CX_DVHC_N_STATES - 1)
#define NONE (-1)           /* "no such record" from the functions returning a record's index */
#define ANY_STATE (-1)

/* the state a date "YYYY-MM-DD" falls in: the last state on or before it (the first state
 * for an earlier date: its rows are "on or before"); the latest for NULL or "" */
static int state_at(const char *date)
{
    if (!date || !*date) return LATEST;
    int st = 0;
    for (int i = 0; i < CX_DVHC_N_STATES; i++)
        if (strcmp(cx_dvhc_states[i], date) <= 0) st = i;
    return st;
}

static int in_state(int first, int last, int st) { return st == ANY_STATE || (first <= st && st <= last); }
static int unit_in(int i, int st) { return in_state(cx_dvhc_units[i].first, cx_dvhc_units[i].last, st); }
static int dist_in(int i, int st) { return in_state(cx_dvhc_dist[i].first, cx_dvhc_dist[i].last, st); }
static const char *dist_code(int unit) { return cx_dvhc_dist[cx_dvhc_units[unit].parent].code; }
static const char *prov_code(int dist) { return cx_dvhc_prov_old[cx_dvhc_dist[dist].province].code; }

/* the states a record is in, for messages: "until its state of 2024-11-01", "since 2020-01-01" */
static const char *span_text(int first, int last, char *buf, size_t size)
{
    if (first == 0 && last == LATEST) snprintf(buf, size, _("in every state since %s"), cx_dvhc_states[0]);
    else if (first == 0) snprintf(buf, size, _("until its state of %s"), cx_dvhc_states[last]);
    else if (last == LATEST) snprintf(buf, size, _("since its state of %s"), cx_dvhc_states[first]);
    else snprintf(buf, size, _("from its state of %s to that of %s"), cx_dvhc_states[first], cx_dvhc_states[last]);
    return buf;
}

/* The date a snapshot's units are of: its cutoff, else the last day of its period (year,
 * quarter or month), else "" (the latest state). */
static void snapshot_date(const cx_snapshot *s, char out[11])
{
    const cx_period *p = &s->period;
    out[0] = 0;
    if (p->cutoff[0]) { memcpy(out, p->cutoff, 11); out[10] = 0; return; }
    if (p->year < 1900 || p->year > 2999) return;
    int m = p->month >= 1 && p->month <= 12 ? p->month : p->quarter >= 1 && p->quarter <= 4 ? p->quarter * 3 : 12;
    snprintf(out, 11, "%04d-%02d-31", p->year, m);   /* compared as text only: "-31" is after every day */
}

/* ---- provinces and districts by name ---- */

/* Keys of the ~700 districts and 63 provinces, made once per process on first use (every
 * scope lookup needs them; making them each time cost ~10 ms per lookup), under
 * pthread_once so that jobs in several threads share them. Never freed: they live as
 * long as the compiled-in list they describe. */
static char *dist_keys[CX_DVHC_N_DIST];
static char *prov_keys[CX_DVHC_N_PROV_OLD];
static int keys_ok;                    /* written once, inside keys_once */
static pthread_once_t keys_once = PTHREAD_ONCE_INIT;

static void make_keys_once(void)
{
    for (int i = 0; i < CX_DVHC_N_DIST; i++)
        if (!(dist_keys[i] = key_of(POOL(cx_dvhc_dist[i].name), NULL))) return;
    for (int p = 0; p < CX_DVHC_N_PROV_OLD; p++)
        if (!(prov_keys[p] = key_of(POOL(cx_dvhc_prov_old[p].name), NULL))) return;
    keys_ok = 1;
}

static cx_error make_keys(void)
{
    pthread_once(&keys_once, make_keys_once);
    return keys_ok ? CX_OK : CX_ERR_NOMEM;
}

/* The province record of key pkey in state st, else (renamed since: Thừa Thiên Huế) the latest
 * record of that key in any state; -1 when none. */
static int find_province_at(const char *pkey, int st)
{
    if (make_keys() != CX_OK) return NONE;
    int any = -1;
    for (int p = 0; p < CX_DVHC_N_PROV_OLD; p++) {
        const cx_dvhc_prov_rec *r = &cx_dvhc_prov_old[p];
        if (strcmp(prov_keys[p], pkey) != 0) continue;
        if (in_state(r->first, r->last, st)) return p;
        if (any < 0 || r->last > cx_dvhc_prov_old[any].last) any = p;
    }
    return any;
}

static int find_province(const char *pkey) { return find_province_at(pkey, LATEST); }

/* districts of key dkey (any when NULL), in province code pcode when given, in state st; one
 * record per district code (the latest of a district renamed); returns how many (out: the first max) */
static size_t districts_in(const char *dkey, const char *pcode, int st, int *out, size_t max)
{
    size_t n = 0;
    for (int i = 0; i < CX_DVHC_N_DIST; i++) {
        if (!dist_in(i, st)) continue;
        if (pcode && strcmp(prov_code(i), pcode) != 0) continue;
        if (dkey && strcmp(dist_keys[i], dkey) != 0) continue;
        size_t j = 0;
        while (j < n && j < max && strcmp(cx_dvhc_dist[out[j]].code, cx_dvhc_dist[i].code) != 0) j++;
        if (j < n && j < max) {
            if (cx_dvhc_dist[i].last > cx_dvhc_dist[out[j]].last) out[j] = i;
            continue;
        }
        if (n < max) out[n] = i;
        n++;
    }
    return n;
}

/* districts of key dkey (and, when pkey is given, of a province of key pkey) in state st,
 * else in any state (a name the district had before or after); see districts_in */
static size_t find_districts_at(const char *dkey, const char *pkey, int st, int *out, size_t max)
{
    if (make_keys() != CX_OK) return 0;
    const char *pcode = NULL;
    if (pkey) {
        int p = find_province_at(pkey, st);
        if (p < 0) return 0;
        pcode = cx_dvhc_prov_old[p].code;
    }
    size_t n = districts_in(dkey, pcode, st, out, max);
    return n ? n : districts_in(dkey, pcode, ANY_STATE, out, max);
}

static size_t find_districts(const char *dkey, const char *pkey, int *out, size_t max)
{
    return find_districts_at(dkey, pkey, LATEST, out, max);
}

/* ---- scopes ---- */

int cx_scope_given(const cx_scope *s) { return s && (s->district || s->province); }

void cx_scope_free(cx_scope *s)
{
    if (!s) return;
    free(s->district);
    free(s->province);
    s->district = s->province = NULL;
}

/* cleaned display name and kind of one part of a scope text */
static char *scope_part(const char *text, size_t len, cx_kind *kind)
{
    cx_name n;
    if (cx_name_clean(text, len, &n) != CX_OK) return NULL;
    char *r = n.name;
    n.name = NULL;
    *kind = n.kind;
    if (n.scope && !*r) { free(r); r = n.scope; n.scope = NULL; *kind = CX_KIND_TINH; }
    cx_name_free(&n);
    if (r && !*r) { free(r); r = NULL; }
    return r;
}

cx_error cx_scope_parse(const char *text, cx_scope *out)
{
    out->district = out->province = NULL;
    if (!text) return CX_OK;
    /* "Phú Tân, An Giang" / "Huyện Phú Tân - tỉnh An Giang" / "huyện Phú Tân" / "tỉnh An Giang" */
    const char *sep = strchr(text, ',');
    size_t l1 = sep ? (size_t)(sep - text) : strlen(text);
    const char *dash = strstr(text, " - ");
    if (!sep && dash) { l1 = (size_t)(dash - text); sep = dash + 2; }
    cx_kind k1 = CX_KIND_NULL, k2 = CX_KIND_NULL;
    char *p1 = scope_part(text, l1, &k1);
    char *p2 = sep ? scope_part(sep + 1, strlen(sep + 1), &k2) : NULL;
    if (!p1 && !p2) return CX_OK;
    if (p1 && p2) {
        out->district = p1;
        out->province = p2;
        return CX_OK;
    }
    char *p = p1 ? p1 : p2;
    cx_kind k = p1 ? k1 : k2;
    int is_prov = k == CX_KIND_TINH;
    if (k == CX_KIND_NULL || k == CX_KIND_THANH_PHO) {
        /* no prefix, or "thành phố" (a province-level city or a district-level one): ask the list */
        char *key = key_of(p, NULL);
        int d;
        if (key && find_districts(key, NULL, &d, 1) == 0 && find_province(key) >= 0) is_prov = 1;
        free(key);
    }
    if (is_prov) out->province = p;
    else out->district = p;
    return CX_OK;
}

/* words of a title, lower-cased with the name rules' tone style */
typedef struct words { char **w; size_t n; } words;

static void words_free(words *w)
{
    for (size_t i = 0; i < w->n; i++) free(w->w[i]);
    free(w->w);
}

/* CX_OK with no words when the text cannot be read as words (not UTF-8) */
static cx_error split_words(const char *title, words *out)
{
    out->w = NULL;
    out->n = 0;
    char *low = cx_vi_lower(title);
    if (!low) return CX_OK;
    char *t = cx_vi_tone_style(low);
    free(low);
    if (!t) return CX_ERR_NOMEM;
    size_t cap = 0;
    for (char *p = t; *p;) {
        while (*p && strchr(" \t\r\n,.;:()\"*/-–", *p)) p++;
        if (!*p) break;
        char *e = p;
        while (*e && !strchr(" \t\r\n,.;:()\"*/", *e)) e++;
        if (out->n == cap) {
            cap = cap ? cap * 2 : 32;
            char **nw = realloc(out->w, cap * sizeof *nw);
            if (!nw) { free(t); words_free(out); return CX_ERR_NOMEM; }
            out->w = nw;
        }
        out->w[out->n] = strndup(p, (size_t)(e - p));
        if (!out->w[out->n]) { free(t); words_free(out); return CX_ERR_NOMEM; }
        out->n++;
        p = e;
    }
    free(t);
    return CX_OK;
}

/* join words [i, i+k) with single spaces */
static char *join(const words *w, size_t i, size_t k)
{
    size_t len = 1;
    for (size_t j = i; j < i + k; j++) len += strlen(w->w[j]) + 1;
    char *s = malloc(len);
    if (!s) return NULL;
    s[0] = 0;
    for (size_t j = i; j < i + k; j++) {
        if (j > i) strcat(s, " ");
        strcat(s, w->w[j]);
    }
    return s;
}

cx_error cx_scope_from_title(const char *title, cx_scope *out)
{
    out->district = out->province = NULL;
    if (!title) return CX_OK;
    words w;
    cx_error err = split_words(title, &w);
    if (err != CX_OK) return err;
    for (size_t i = 0; i < w.n; i++) {
        int dist = 0, prov = 0;
        size_t at = i + 1;
        if (!strcmp(w.w[i], "huyện") || !strcmp(w.w[i], "quận")) dist = 1;
        else if (!strcmp(w.w[i], "tỉnh")) prov = 1;
        else if (i + 1 < w.n && !strcmp(w.w[i], "thị") && !strcmp(w.w[i + 1], "xã")) { dist = 1; at = i + 2; }
        else if (i + 1 < w.n && !strcmp(w.w[i], "thành") && !strcmp(w.w[i + 1], "phố")) { dist = prov = 1; at = i + 2; }
        else if (!strcmp(w.w[i], "tp")) dist = prov = 1;
        if (!dist && !prov) continue;
        /* the longest run of following words that names a district / province of the list */
        for (size_t k = 4; k >= 1; k--) {
            if (at + k > w.n) continue;
            char *cand = join(&w, at, k);
            if (!cand) break;
            int d;
            int found = 0;
            if (dist && !out->district && find_districts(cand, NULL, &d, 1) > 0) {
                out->district = strdup(POOL(cx_dvhc_dist[d].name));
                found = 1;
            } else if (prov && !out->province && find_province(cand) >= 0) {
                out->province = strdup(POOL(cx_dvhc_prov_old[find_province(cand)].name));
                found = 1;
            }
            free(cand);
            if (found) break;
        }
    }
    words_free(&w);
    /* store the names without their prefix, as --scope takes them */
    for (int f = 0; f < 2; f++) {
        char **p = f ? &out->province : &out->district;
        if (!*p) continue;
        cx_kind k;
        char *c = scope_part(*p, strlen(*p), &k);
        free(*p);
        *p = c;
    }
    return CX_OK;
}

/* ---- matching ---- */

typedef struct entry {
    int      unit;      /* index into cx_dvhc_units, or -1 - district index for a district */
    char    *key, *fold;
    cx_kind  kind;
    int      taken;
} entry;

typedef struct entries { entry *e; size_t n, cap; } entries;

static void entries_free(entries *es)
{
    for (size_t i = 0; i < es->n; i++) { free(es->e[i].key); free(es->e[i].fold); }
    free(es->e);
    memset(es, 0, sizeof *es);
}

static cx_error entries_add(entries *es, int unit, const char *name)
{
    if (es->n == es->cap) {
        size_t nc = es->cap ? es->cap * 2 : 64;
        entry *ne = realloc(es->e, nc * sizeof *ne);
        if (!ne) return CX_ERR_NOMEM;
        es->e = ne;
        es->cap = nc;
    }
    entry *x = &es->e[es->n];
    memset(x, 0, sizeof *x);
    x->unit = unit;
    x->key = key_of(name, &x->kind);
    x->fold = x->key ? cx_fold_key(x->key) : NULL;
    if (!x->key || !x->fold) { free(x->key); free(x->fold); return CX_ERR_NOMEM; }
    es->n++;
    return CX_OK;
}

/* the communes in state st of the districts (by code) of records d[0..nd), and the district
 * records themselves when with_districts */
static cx_error entries_for(entries *es, const int *d, size_t nd, int st, int with_districts)
{
    for (size_t k = 0; k < nd; k++) {
        const char *dc = cx_dvhc_dist[d[k]].code;
        for (int i = 0; i < CX_DVHC_N_UNITS; i++)
            if (unit_in(i, st) && strcmp(dist_code(i), dc) == 0 && entries_add(es, i, POOL(cx_dvhc_units[i].name)) != CX_OK)
                return CX_ERR_NOMEM;
        if (with_districts && entries_add(es, -1 - d[k], POOL(cx_dvhc_dist[d[k]].name)) != CX_OK) return CX_ERR_NOMEM;
    }
    return CX_OK;
}

static const char *entry_name(const entry *x)
{
    return x->unit >= 0 ? POOL(cx_dvhc_units[x->unit].name) : POOL(cx_dvhc_dist[-1 - x->unit].name);
}
static const char *entry_code(const entry *x)
{
    return x->unit >= 0 ? cx_dvhc_units[x->unit].code : cx_dvhc_dist[-1 - x->unit].code;
}

static int unit_matchable(const cx_unit *u)
{
    return u->key && *u->key && u->kind != CX_KIND_TONG && u->kind != CX_KIND_SO_NGANH && u->kind != CX_KIND_TINH;
}

/* where a unit's name was read, for warnings */
typedef struct where { const char *source, *sheet; long row; int col; } where;

static where where_of(const cx_snapshot *s, const cx_unit *u, const char *source)
{
    where w = {source, NULL, 0, -1};
    if (u->name_ref.source >= 0 && (size_t)u->name_ref.source < s->nsources) {
        const cx_source *src = &s->sources[u->name_ref.source];
        w.source = src->path;
        if (u->name_ref.sheet >= 0 && (size_t)u->name_ref.sheet < src->nsheets) w.sheet = src->sheets[u->name_ref.sheet];
        w.row = (long)u->name_ref.row;
        w.col = (int)u->name_ref.col;
    }
    return w;
}

/* exact candidates for a key; a kind from the source's prefix picks among same-key entries */
static size_t exact_candidates(const entries *es, const cx_unit *u, size_t *out, size_t max)
{
    size_t n = 0, nkind = 0;
    size_t all[16], same[16];
    /* a name with no prefix is a commune before it is the district of the same name
     * (Cà Mau: Xã Phú Tân in Huyện Phú Tân) */
    int communes_only = 0;
    if (u->kind == CX_KIND_NULL)
        for (size_t i = 0; i < es->n && !communes_only; i++)
            communes_only = es->e[i].unit >= 0 && strcmp(es->e[i].key, u->key) == 0;
    for (size_t i = 0; i < es->n; i++) {
        if (strcmp(es->e[i].key, u->key) != 0) continue;
        if (communes_only && es->e[i].unit < 0) continue;
        if (n < 16) all[n] = i;
        n++;
        if (u->kind != CX_KIND_NULL && es->e[i].kind == u->kind) { if (nkind < 16) same[nkind] = i; nkind++; }
    }
    const size_t *src = nkind ? same : all;
    size_t cnt = nkind ? nkind : n;
    for (size_t i = 0; i < cnt && i < max && i < 16; i++) out[i] = src[i];
    return cnt;
}

static size_t near_candidates(const entries *es, const cx_unit *u, const char *ufold, size_t *out, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < es->n; i++) {
        const entry *x = &es->e[i];
        if (x->taken) continue;
        if (x->unit < 0 && !is_district_kind(u->kind)) continue;   /* districts only by their own kind */
        if (u->kind != CX_KIND_NULL && x->kind != CX_KIND_NULL && x->kind != u->kind &&
            is_district_kind(u->kind) != is_district_kind(x->kind))
            continue;
        if (strcmp(x->fold, ufold) == 0 || one_apart(x->key, u->key)) {
            if (n < max) out[n] = i;
            n++;
        }
    }
    return n;
}

static cx_error apply_match(cx_unit *u, const entry *x, cx_diag *d, where w)
{
    const char *name = entry_name(x);
    if (u->kind == CX_KIND_NULL) u->kind = x->kind;
    else if (x->kind != CX_KIND_NULL && u->kind != x->kind) {
        cx_error e = cx_warn(d, "kind_differs", w.source, w.sheet, w.row, w.col,
                             "'%s' is written as a %s here, the national list has '%s'; keeping the source's kind",
                             u->name, cx_kind_id(u->kind), name);
        if (e) return e;
    }
    if (!u->code) {
        u->code = strdup(entry_code(x));
        if (!u->code) return CX_ERR_NOMEM;
    }
    free(u->official_name);
    u->official_name = official_display(name);
    return u->official_name ? CX_OK : CX_ERR_NOMEM;
}

/* What a match works in: the list's state at the report's date, the districts (records) of the
 * scope, and how messages name them. */
typedef struct matchctx {
    int    st;              /* state of the list */
    char   date[11];        /* the report's date ("" unknown: the latest state) */
    int    dist[64];        /* district records of the scope (a province has at most ~30) */
    size_t nd;
    char   label[256];      /* "Huyện Khoái Châu, Tỉnh Hưng Yên" */
    char   at[64];          /* " at 2024-02-01" (the state), "" for the latest state */
} matchctx;

/* Pass 1: exact keys, so that a near match never takes a unit another row names exactly. */
static cx_error match_exact(cx_snapshot *s, entries *es, const matchctx *mc, const char *source,
                            unsigned char *done, cx_diag *d)
{
    size_t cand[8];
    cx_error err = CX_OK;
    for (size_t i = 0; i < s->nunits && !err; i++) {
        cx_unit *u = &s->units[i];
        if (!unit_matchable(u)) { done[i] = 1; continue; }
        size_t n = exact_candidates(es, u, cand, 8);
        if (n == 1) {
            es->e[cand[0]].taken = 1;
            err = apply_match(u, &es->e[cand[0]], d, where_of(s, u, source));
            done[i] = 1;
        } else if (n > 1) {
            where w = where_of(s, u, source);
            err = cx_warn(d, "ambiguous_unit", w.source, w.sheet, w.row, w.col,
                          "'%s' names %zu units in %s ('%s', '%s'); not matched, write the prefix (Xã, Phường, Thị trấn) to say which",
                          u->name, n, mc->label, entry_name(&es->e[cand[0]]), entry_name(&es->e[cand[1]]));
            done[i] = 1;
        }
    }
    return err;
}

/* Pass 2: one near candidate (same folded key, or one letter apart) among the entries left. */
static cx_error match_near(cx_snapshot *s, entries *es, const matchctx *mc, const char *source,
                           unsigned char *done, cx_diag *d)
{
    size_t cand[8];
    cx_error err = CX_OK;
    for (size_t i = 0; i < s->nunits && !err; i++) {
        if (done[i]) continue;
        cx_unit *u = &s->units[i];
        where w = where_of(s, u, source);
        char *f = cx_fold_key(u->key);
        if (!f) return CX_ERR_NOMEM;
        size_t n = near_candidates(es, u, f, cand, 8);
        free(f);
        if (n == 1) {
            entry *x = &es->e[cand[0]];
            x->taken = 1;
            done[i] = 1;
            err = apply_match(u, x, d, w);
            if (!err)
                err = cx_warn(d, "near_match", w.source, w.sheet, w.row, w.col,
                              "'%s' is not in the national list of %s%s; taken as '%s' (code %s), the only unit spelled nearly so",
                              u->name, mc->label, mc->at, entry_name(x), entry_code(x));
        } else if (n > 1) {
            done[i] = 1;
            err = cx_warn(d, "unmatched_unit", w.source, w.sheet, w.row, w.col,
                          "'%s' is not in the national list of %s%s; %zu units are spelled nearly so ('%s', '%s'), so none is taken",
                          u->name, mc->label, mc->at, n, entry_name(&es->e[cand[0]]), entry_name(&es->e[cand[1]]));
        }
    }
    return err;
}

/* The one unit code among the entries (of every state) with u's exact key, not already given
 * to another unit of the report; -1 when none or several codes. */
static long other_state_entry(const entries *all, const cx_snapshot *s, const cx_unit *u)
{
    long found = -1;
    for (size_t k = 0; k < all->n; k++) {
        const entry *x = &all->e[k];
        if (x->unit < 0 || strcmp(x->key, u->key) != 0) continue;
        if (u->kind != CX_KIND_NULL && x->kind != CX_KIND_NULL && x->kind != u->kind) continue;
        if (found >= 0 && strcmp(entry_code(&all->e[found]), entry_code(x)) != 0) return NONE;
        if (found < 0 || cx_dvhc_units[x->unit].last > cx_dvhc_units[all->e[found].unit].last) found = (long)k;
    }
    for (size_t i = 0; found >= 0 && i < s->nunits; i++)
        if (s->units[i].code && strcmp(s->units[i].code, entry_code(&all->e[found])) == 0) return NONE;
    return found;
}

/* Pass 3: a name the scope's districts had in another state of the list (the report's date is
 * unknown or between two states), when it is one unit's; else the unit is unmatched. */
static cx_error match_other_states(cx_snapshot *s, const matchctx *mc, const char *source, unsigned char *done, cx_diag *d)
{
    size_t left = 0;
    for (size_t i = 0; i < s->nunits; i++) left += !done[i];
    if (left == 0) return CX_OK;   /* every unit matched in its state: no other state to look at */
    /* a report of the new list (from 1 July 2025) names no unit of the earlier states */
    int after_2025 = strcmp(mc->date, "2025-07-01") >= 0;
    entries all = {0};
    cx_error err = after_2025 ? CX_OK : entries_for(&all, mc->dist, mc->nd, ANY_STATE, 0);
    for (size_t i = 0; i < s->nunits && !err; i++) {
        if (done[i]) continue;
        cx_unit *u = &s->units[i];
        where w = where_of(s, u, source);
        long k = other_state_entry(&all, s, u);
        if (k >= 0) {
            const cx_dvhc_unit_rec *r = &cx_dvhc_units[all.e[k].unit];
            char span[96];
            err = apply_match(u, &all.e[k], d, w);
            if (!err)
                err = cx_warn(d, "unit_other_state", w.source, w.sheet, w.row, w.col,
                              "'%s' is not in the national list of %s%s; taken as '%s' (code %s), which the list has %s",
                              u->name, mc->label, mc->at, entry_name(&all.e[k]), entry_code(&all.e[k]),
                              span_text(r->first, r->last, span, sizeof span));
        } else if (after_2025) {
            err = cx_warn(d, "unmatched_unit", w.source, w.sheet, w.row, w.col,
                          "'%s' is not in the national list of %s of %s, the last before the 1 July 2025 "
                          "reorganization (the report is dated after it)",
                          u->name, mc->label, cx_dvhc_states[LATEST]);
        } else if (mc->st == LATEST && !mc->date[0]) {
            err = cx_warn(d, "unmatched_unit", w.source, w.sheet, w.row, w.col,
                          "'%s' is not in the national list of %s (the report has no date, so the list of %s is used: "
                          "give --cutoff YYYY-MM-DD for the list at the report's date)",
                          u->name, mc->label, cx_dvhc_states[LATEST]);
        } else {
            err = cx_warn(d, "unmatched_unit", w.source, w.sheet, w.row, w.col,
                          "'%s' is not in the national list of %s%s, nor in any other state of it since %s",
                          u->name, mc->label, mc->at, cx_dvhc_states[0]);
        }
    }
    entries_free(&all);
    return err;
}

/* Match the snapshot's units against es (the scope's entries in state mc->st). */
static cx_error match_in(cx_snapshot *s, entries *es, const matchctx *mc, const char *source, cx_diag *d)
{
    unsigned char *done = calloc(s->nunits + 1, 1);
    if (!done) return CX_ERR_NOMEM;
    cx_error err = match_exact(s, es, mc, source, done, d);
    if (!err) err = match_near(s, es, mc, source, done, d);
    if (!err) err = match_other_states(s, mc, source, done, d);
    free(done);
    return err;
}

/* how many of the snapshot's keys are exact keys of district di's communes in state st */
static size_t exact_hits(const cx_snapshot *s, int di, int st)
{
    entries es = {0};
    size_t hits = 0;
    if (entries_for(&es, &di, 1, st, 0) == CX_OK)
        for (size_t i = 0; i < s->nunits; i++) {
            if (!unit_matchable(&s->units[i])) continue;
            for (size_t k = 0; k < es.n; k++)
                if (strcmp(es.e[k].key, s->units[i].key) == 0) { hits++; break; }
        }
    entries_free(&es);
    return hits;
}

static size_t matchable_count(const cx_snapshot *s)
{
    size_t n = 0;
    for (size_t i = 0; i < s->nunits; i++) n += unit_matchable(&s->units[i]);
    return n;
}

/* One district name, several districts (Phú Tân: An Giang and Cà Mau): let the units say which,
 * when nearly all of them are in one district and clearly fewer in any other. Leaves one
 * district in mc, or none (not matched, with a warning). */
static cx_error pick_district(const cx_snapshot *s, const cx_scope *scope, matchctx *mc, const char *source, cx_diag *d)
{
    size_t best = 0, second = 0, nmatch = matchable_count(s);
    int bi = -1;
    char names[200] = "";
    for (size_t k = 0; k < mc->nd; k++) {
        size_t h = exact_hits(s, mc->dist[k], mc->st);
        if (h > best) { second = best; best = h; bi = mc->dist[k]; }
        else if (h > second) second = h;
        size_t l = strlen(names);
        snprintf(names + l, sizeof names - l, "%s%s", k ? ", " : "", POOL(cx_dvhc_prov_old[cx_dvhc_dist[mc->dist[k]].province].name));
    }
    if (bi < 0 || best * 5 < nmatch * 4 || second * 2 >= best) {
        mc->nd = 0;
        return cx_warn(d, "scope_ambiguous", source, NULL, 0, -1,
                       "'%s' is a district of %s and the units do not tell which; units not matched (give --scope '%s, PROVINCE')",
                       scope->district, names, scope->district);
    }
    const char *pn = POOL(cx_dvhc_prov_old[cx_dvhc_dist[bi].province].name);
    char *pshort = official_display(pn);
    if (!pshort) return CX_ERR_NOMEM;
    cx_error err = cx_warn(d, "scope_ambiguous", source, NULL, 0, -1,
                           "'%s' is a district of %s; %zu of %zu units are communes of the one in %s, so that one is used "
                           "(say it with --scope '%s, %s')",
                           scope->district, names, best, nmatch, pn, scope->district, pshort);
    free(pshort);
    mc->dist[0] = bi;
    mc->nd = 1;
    return err;
}

/* The districts of the scope in mc (none, with a warning, when the list has no such place). */
static cx_error scope_districts(const cx_snapshot *s, const cx_scope *scope, matchctx *mc, const char *source, cx_diag *d)
{
    char *dkey = NULL, *pkey = NULL;
    cx_error err = CX_OK;
    mc->nd = 0;
    if (scope->district && !(dkey = key_of(scope->district, NULL))) { err = CX_ERR_NOMEM; goto done; }
    if (scope->province && !(pkey = key_of(scope->province, NULL))) { err = CX_ERR_NOMEM; goto done; }
    int p = pkey ? find_province_at(pkey, mc->st) : -1;
    if (pkey && p < 0) {
        err = cx_warn(d, "scope_unknown", source, NULL, 0, -1, "there is no province '%s' in the national list; units not matched",
                      scope->province);
        goto done;
    }
    if (!dkey) {   /* a province: its districts of that state */
        mc->nd = districts_in(NULL, cx_dvhc_prov_old[p].code, mc->st, mc->dist, 64);
        if (mc->nd > 64) mc->nd = 64;
        snprintf(mc->label, sizeof mc->label, "%s", POOL(cx_dvhc_prov_old[p].name));
        goto done;
    }
    mc->nd = find_districts_at(dkey, pkey, mc->st, mc->dist, 16);
    if (mc->nd > 16) mc->nd = 16;
    if (mc->nd == 0)
        err = cx_warn(d, "scope_unknown", source, NULL, 0, -1, "there is no district '%s'%s%s in the national list; units not matched",
                      scope->district, pkey ? " in " : "", pkey ? scope->province : "");
    else if (mc->nd > 1)
        err = pick_district(s, scope, mc, source, d);
    if (mc->nd)
        snprintf(mc->label, sizeof mc->label, "%s, %s", POOL(cx_dvhc_dist[mc->dist[0]].name),
                 POOL(cx_dvhc_prov_old[cx_dvhc_dist[mc->dist[0]].province].name));
done:
    free(dkey);
    free(pkey);
    return err;
}

cx_error cx_dvhc_match(cx_snapshot *s, const cx_scope *scope, const char *source, cx_diag *d)
{
    if (!s || matchable_count(s) == 0) return CX_OK;
    cx_scope own = {0};
    entries es = {0};
    matchctx mc;
    memset(&mc, 0, sizeof mc);
    cx_error err = CX_OK;
    /* the scope: given, else the snapshot's, else the title's */
    if (!scope || (!scope->district && !scope->province)) {
        cx_error e = s->scope ? cx_scope_parse(s->scope, &own) : CX_OK;
        if (e == CX_OK && !cx_scope_given(&own) && s->title) e = cx_scope_from_title(s->title, &own);
        if (e != CX_OK) return e;
        if (!cx_scope_given(&own))
            return cx_warn(d, "no_scope", source, NULL, 0, -1,
                           "no district or province is known for these units, so they are not matched to the national "
                           "list; give --scope 'Phú Tân, An Giang'");
        scope = &own;
    }
    /* the list as it was at the report's date */
    snapshot_date(s, mc.date);
    mc.st = state_at(mc.date);
    if (mc.st != LATEST) snprintf(mc.at, sizeof mc.at, _(" at %s"), cx_dvhc_states[mc.st]);
    err = scope_districts(s, scope, &mc, source, d);
    if (err || mc.nd == 0) goto done;
    /* the district itself too: reports list "UBND huyện Phú Tân" beside its communes */
    if ((err = entries_for(&es, mc.dist, mc.nd, mc.st, 1)) != CX_OK) goto done;
    if (!s->scope && !(s->scope = strdup(scope->district ? scope->district : scope->province))) { err = CX_ERR_NOMEM; goto done; }
    err = match_in(s, &es, &mc, source, d);
done:
    entries_free(&es);
    cx_scope_free(&own);
    return err;
}

/* ---- after 1 July 2025 ---- */

/* first map record of an old code (binary search), or CX_DVHC_N_MAP */
static size_t map_first(uint32_t code)
{
    size_t lo = 0, hi = CX_DVHC_N_MAP;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (cx_dvhc_map[mid].old_code < code) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

/* map key of a national code: 5 digits, or 3 digits for a district; 0 when not one */
static uint32_t map_key(const char *code)
{
    size_t l = code ? strlen(code) : 0;
    if (l != 5 && l != 3) return 0;
    uint32_t v = 0;
    for (size_t i = 0; i < l; i++) {
        if (code[i] < '0' || code[i] > '9') return 0;
        v = v * 10 + (uint32_t)(code[i] - '0');
    }
    return l == 3 ? 1000000 + v : v;
}

/* the first record of a 5-digit code in cx_dvhc_units (sorted by code), or CX_DVHC_N_UNITS */
static int code_first(const char *code)
{
    int lo = 0, hi = CX_DVHC_N_UNITS;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (strcmp(cx_dvhc_units[mid].code, code) < 0) lo = mid + 1;
        else hi = mid;
    }
    return lo < CX_DVHC_N_UNITS && strcmp(cx_dvhc_units[lo].code, code) == 0 ? lo : CX_DVHC_N_UNITS;
}

/* the record of a code in its latest state, or -1 */
static int code_latest(const char *code)
{
    int best = -1;
    for (int i = code_first(code); i < CX_DVHC_N_UNITS && strcmp(cx_dvhc_units[i].code, code) == 0; i++)
        if (best < 0 || cx_dvhc_units[i].last > cx_dvhc_units[best].last) best = i;
    return best;
}

/* A unit merged away (its code is in no later state) went into a unit of its district; the
 * list says which only when that unit took its name (Xã Đồng Tiến 12241 -> Xã Đồng Tiến 12244,
 * 2025-01-01). The record of that unit in the next state, or -1 (*err set on no memory). */
static int heir_by_name(int rec, cx_error *err)
{
    const cx_dvhc_unit_rec *r = &cx_dvhc_units[rec];
    int next = r->last + 1, found = -1, n = 0;
    char *key = key_of(POOL(r->name), NULL);
    if (!key) { *err = CX_ERR_NOMEM; return NONE; }
    for (int i = 0; i < CX_DVHC_N_UNITS && n < 2; i++) {
        if (!unit_in(i, next) || strcmp(dist_code(i), dist_code(rec)) != 0 || strcmp(cx_dvhc_units[i].code, r->code) == 0)
            continue;
        char *k = key_of(POOL(cx_dvhc_units[i].name), NULL);
        if (!k) { *err = CX_ERR_NOMEM; break; }
        if (strcmp(k, key) == 0) { found = i; n++; }
        free(k);
    }
    free(key);
    return n == 1 ? found : -1;
}

/* Follow a code through the later states: the record of the unit it is (or went into) in the
 * latest state, or -1 when the list does not say; *via: the record it was last seen as when it
 * was merged away (-1 when it never was). */
static int follow_to_latest(const char *code, int *via, cx_error *err)
{
    *via = -1;
    int rec = code ? code_latest(code) : -1;
    for (int hops = 0; rec >= 0 && cx_dvhc_units[rec].last != LATEST && hops < CX_DVHC_N_STATES; hops++) {
        if (*via < 0) *via = rec;
        int h = heir_by_name(rec, err);
        rec = h >= 0 ? code_latest(cx_dvhc_units[h].code) : -1;
    }
    return rec;
}

/* the old-to-new links of a unit of the latest state: *n of them from the returned index */
static size_t links_of(const char *code, size_t *n)
{
    uint32_t k = map_key(code);
    size_t f = k ? map_first(k) : CX_DVHC_N_MAP;
    *n = 0;
    while (f + *n < CX_DVHC_N_MAP && cx_dvhc_map[f + *n].old_code == k) (*n)++;
    return f;
}

/* u's newunits: the n old-to-new links from index f */
static cx_error set_newunits(cx_unit *u, size_t f, size_t n)
{
    for (size_t j = 0; j < u->nnewunits; j++) { free(u->newunits[j].code); free(u->newunits[j].name); }
    free(u->newunits);
    u->nnewunits = 0;
    u->newunits = calloc(n, sizeof *u->newunits);
    if (!u->newunits) return CX_ERR_NOMEM;
    for (size_t j = 0; j < n; j++) {
        const cx_dvhc_map_rec *m = &cx_dvhc_map[f + j];
        const cx_dvhc_unit_rec *nu = &cx_dvhc_units_new[m->new_unit];
        u->newunits[j].code = strdup(nu->code);
        u->newunits[j].name = strdup(POOL(nu->name));
        u->newunits[j].full = m->full;
        u->nnewunits++;
        if (!u->newunits[j].code || !u->newunits[j].name) return CX_ERR_NOMEM;
    }
    return CX_OK;
}

/* The code of the latest state whose links u takes: its own, or that of the unit it was merged
 * into earlier (with unit_followed); NULL, with no_2025_unit, when the list does not say. */
static cx_error code_for_2025(const cx_unit *u, where w, const char **code, cx_diag *d)
{
    size_t n;
    *code = NULL;
    links_of(u->code, &n);
    if (n) { *code = u->code; return CX_OK; }
    if (!u->code)
        return cx_warn(d, "no_2025_unit", w.source, w.sheet, w.row, w.col,
                       "'%s' has no national code, so the unit it became on 1 July 2025 is not known", u->name);
    cx_error err = CX_OK;
    int via, rec = follow_to_latest(u->code, &via, &err);
    if (err) return err;
    if (via < 0 || rec < 0) {
        if (via < 0)
            return cx_warn(d, "no_2025_unit", w.source, w.sheet, w.row, w.col,
                           "'%s' (code %s): the national list does not say which unit it became on 1 July 2025", u->name, u->code);
        return cx_warn(d, "no_2025_unit", w.source, w.sheet, w.row, w.col,
                       "'%s' (code %s) was merged into another unit of %s after the list's state of %s; the list does not "
                       "say which, so the unit it became on 1 July 2025 is not known",
                       u->name, u->code, POOL(cx_dvhc_dist[cx_dvhc_units[via].parent].name), cx_dvhc_states[cx_dvhc_units[via].last]);
    }
    *code = cx_dvhc_units[rec].code;
    return cx_warn(d, "unit_followed", w.source, w.sheet, w.row, w.col,
                   "'%s' (code %s) was merged after the list's state of %s into '%s' (code %s), which took its name; "
                   "its unit from 1 July 2025 is that one's",
                   u->name, u->code, cx_dvhc_states[cx_dvhc_units[via].last], POOL(cx_dvhc_units[rec].name), *code);
}

cx_error cx_dvhc_to_2025(cx_snapshot *s, cx_diag *d)
{
    if (!s) return CX_OK;
    for (size_t i = 0; i < s->nunits; i++) {
        cx_unit *u = &s->units[i];
        if (!unit_matchable(u)) continue;
        const char *code;
        cx_error e = code_for_2025(u, where_of(s, u, NULL), &code, d);
        if (e) return e;
        if (!code) continue;
        size_t n, f = links_of(code, &n);
        if ((e = set_newunits(u, f, n)) != CX_OK) return e;
    }
    return CX_OK;
}

/* ---- lookups ---- */

int cx_dvhc_find_code(const char *code, cx_dvhc_unit *out)
{
    int i = code ? code_latest(code) : NONE;
    if (i < 0) return NONE;   /* not found (not an error) */
    const cx_dvhc_unit_rec *r = &cx_dvhc_units[i];
    out->code = r->code;
    out->name = POOL(r->name);
    out->district = POOL(cx_dvhc_dist[r->parent].name);
    out->province = POOL(cx_dvhc_prov_old[cx_dvhc_dist[r->parent].province].name);
    cx_kind k = CX_KIND_NULL;
    free(key_of(out->name, &k));
    out->kind = k;
    return 0;
}

/* ---- `chiso units SEARCH` ---- */

static cx_kind kind_of_name(const char *name)
{
    cx_kind k = CX_KIND_NULL;
    free(key_of(name, &k));
    return k;
}

static size_t display_width(const char *s)
{
    size_t w = 0, len = strlen(s);
    for (size_t i = 0; i < len;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &cp);
        if (k <= 0) { k = 1; cp = '?'; }
        int cw = utf8proc_charwidth(cp);
        w += cw > 0 ? (size_t)cw : 0;
        i += (size_t)k;
    }
    return w;
}

static void put_padded(FILE *f, const char *s, size_t width)
{
    fputs(s, f);
    for (size_t w = display_width(s); w < width; w++) fputc(' ', f);
}

/* does hay (folded) contain needle (folded) at word boundaries? */
static int contains_words(const char *hay, const char *needle)
{
    size_t nl = strlen(needle);
    if (nl == 0) return 1;
    for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
        if ((p == hay || p[-1] == ' ') && (p[nl] == 0 || p[nl] == ' ')) return 1;
    return 0;
}

typedef struct hit { int unit; int rank; } hit;

static int hit_cmp(const void *a, const void *b)
{
    const hit *x = a, *y = b;
    if (x->rank != y->rank) return x->rank - y->rank;
    return x->unit - y->unit;
}

cx_error cx_dvhc_search_print(const char *search, void *file, size_t *found)
{
    return cx_dvhc_search_print_at(search, NULL, file, found);
}

/* the "Từ 1/7/2025" column of a record: its new units, followed when it was merged away earlier */
static void print_new_units(FILE *f, int rec)
{
    cx_error err = CX_OK;
    int via, latest = follow_to_latest(cx_dvhc_units[rec].code, &via, &err);
    size_t n = 0, m = latest >= 0 ? links_of(cx_dvhc_units[latest].code, &n) : 0;
    if (latest >= 0 && via >= 0) fprintf(f, "(-> %s %s) ", cx_dvhc_units[latest].code, POOL(cx_dvhc_units[latest].name));
    for (size_t j = 0; j < n; j++) {
        const cx_dvhc_unit_rec *nu = &cx_dvhc_units_new[cx_dvhc_map[m + j].new_unit];
        fprintf(f, "%s%s %s (%s)", j ? "; " : "", nu->code, POOL(nu->name), cx_dvhc_map[m + j].full ? "toàn bộ" : "một phần");
    }
    if (n == 0 && via >= 0 && latest < 0) fprintf(f, "- (không còn sau %s)", cx_dvhc_states[cx_dvhc_units[via].last]);
    else if (n == 0) fputs("-", f);
}

/* What `chiso units` looks for: the name (key, fold, kind) and the places it must be in. */
typedef struct query {
    char   *copy, *key, *fold;
    cx_kind kind;
    int     digits;             /* a code */
    char   *filters[4];         /* folded places after commas (NULL: ignored) */
    size_t  nf;
} query;

static void query_free(query *q)
{
    for (size_t i = 0; i < q->nf; i++) free(q->filters[i]);
    free(q->copy);
    free(q->key);
    free(q->fold);
}

/* "Phú Hưng, Phú Tân, An Giang": the name, then places it must be in. CX_OK with an empty
 * fold when the name is nothing to look for. */
static cx_error query_parse(const char *search, query *q)
{
    memset(q, 0, sizeof *q);
    if (!(q->copy = strdup(search))) return CX_ERR_NOMEM;
    for (char *c = strchr(q->copy, ','); c && q->nf < 4; c = strchr(c + 1, ',')) {
        *c = 0;
        q->filters[q->nf++] = c + 1;
    }
    for (size_t i = 0; i < q->nf; i++) q->filters[i] = fold_of(q->filters[i]);   /* NULL when empty or invalid: ignored */
    q->key = key_of(q->copy, &q->kind);
    q->fold = q->key ? cx_fold_key(q->key) : NULL;
    q->digits = q->key && *q->key && strspn(q->key, "0123456789") == strlen(q->key);
    return CX_OK;
}

/* How well unit record i answers q: 0 exact, 1 same fold, 2 whole words; -1 not at all. */
static int hit_rank(const query *q, int i)
{
    const cx_dvhc_unit_rec *r = &cx_dvhc_units[i];
    const cx_dvhc_dist_rec *dd = &cx_dvhc_dist[r->parent];
    int rank = -1;
    if (q->digits) {
        if (strcmp(r->code, q->key) == 0 || strcmp(dd->code, q->key) == 0) rank = 0;
    } else if (is_district_kind(q->kind) || q->kind == CX_KIND_TINH) {
        /* "huyện Phú Tân", "tỉnh An Giang": every unit in it */
        char *pf = fold_of(POOL(q->kind == CX_KIND_TINH ? cx_dvhc_prov_old[dd->province].name : dd->name));
        if (pf && strcmp(pf, q->fold) == 0) rank = 0;
        free(pf);
    } else {
        cx_kind k = CX_KIND_NULL;
        char *uk = key_of(POOL(r->name), &k);
        char *uf = uk ? cx_fold_key(uk) : NULL;
        if (uk && uf && (q->kind == CX_KIND_NULL || q->kind == k)) {
            if (strcmp(uk, q->key) == 0) rank = 0;
            else if (strcmp(uf, q->fold) == 0) rank = 1;
            else if (contains_words(uf, q->fold)) rank = 2;
        }
        free(uk);
        free(uf);
    }
    for (size_t k = 0; rank >= 0 && k < q->nf; k++) {
        if (!q->filters[k] || !*q->filters[k]) continue;
        char *df = fold_of(POOL(dd->name)), *pf = fold_of(POOL(cx_dvhc_prov_old[dd->province].name));
        if (!((df && contains_words(df, q->filters[k])) || (pf && contains_words(pf, q->filters[k])))) rank = -1;
        free(df);
        free(pf);
    }
    return rank;
}

/* The printed columns of a hit (the last, "Từ 1/7/2025", is print_new_units) */
static void hit_columns(int unit, const char *cols[5])
{
    const cx_dvhc_unit_rec *r = &cx_dvhc_units[unit];
    const cx_dvhc_dist_rec *dd = &cx_dvhc_dist[r->parent];
    const char *kid = cx_kind_id(kind_of_name(POOL(r->name)));
    cols[0] = POOL(r->name);
    cols[1] = kid ? kid : "-";
    cols[2] = POOL(dd->name);
    cols[3] = POOL(cx_dvhc_prov_old[dd->province].name);
    cols[4] = r->code;
}

/* The hits as a table, columns as wide as what is printed. */
static void print_hits(FILE *f, const hit *hits, size_t nh)
{
    static const char *const head[6] = {"Tên", "Loại", "Huyện", "Tỉnh", "Mã", "Từ 1/7/2025"};
    const char *cols[5];
    size_t w[5];
    for (int c = 0; c < 5; c++) w[c] = display_width(head[c]);
    for (size_t i = 0; i < nh; i++) {
        hit_columns(hits[i].unit, cols);
        for (int c = 0; c < 5; c++)
            if (display_width(cols[c]) > w[c]) w[c] = display_width(cols[c]);
    }
    for (int c = 0; c < 5; c++) put_padded(f, head[c], w[c] + 2);
    fprintf(f, "%s\n", head[5]);
    for (size_t i = 0; i < nh; i++) {
        hit_columns(hits[i].unit, cols);
        for (int c = 0; c < 5; c++) put_padded(f, cols[c], w[c] + 2);
        print_new_units(f, hits[i].unit);
        fputc('\n', f);
    }
}

cx_error cx_dvhc_search_print_at(const char *search, const char *at, void *file, size_t *found)
{
    FILE *f = file;
    *found = 0;
    if (!search || !f) return CX_OK;
    int st = state_at(at);
    query q;
    hit *hits = NULL;
    size_t nh = 0;
    cx_error err = query_parse(search, &q);
    if (err != CX_OK || !q.fold || !*q.fold) goto out;
    if (!(hits = malloc(CX_DVHC_N_UNITS * sizeof *hits))) { err = CX_ERR_NOMEM; goto out; }
    for (int i = 0; i < CX_DVHC_N_UNITS; i++) {
        int rank = unit_in(i, st) ? hit_rank(&q, i) : -1;
        if (rank >= 0) hits[nh++] = (hit){i, rank};
    }
    qsort(hits, nh, sizeof *hits, hit_cmp);
    if (nh) print_hits(f, hits, nh);
    *found = nh;
out:
    query_free(&q);
    free(hits);
    return err;
}
