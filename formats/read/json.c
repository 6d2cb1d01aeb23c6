/*
 * json.c — the national portal's JSON (jansson), as people and crawlers save it.
 *
 * Shapes (../shared/reference/portal/README.md), recognized by their fields, never by
 * the file's name:
 *   envelope   {"code", "data", "message"}: the payload is data;
 *   list       {"overview", "evaluation": [...]}: the service results, the national
 *              ranking (overview "Cả nước"), the groups with metrics[];
 *   tree       {"parent", "children": [...]}: the group endpoints *-tree;
 *   crawler    {"metadata", "overview", "agencies"|"communes": [...]};
 *   old        rows with TEN, TEN_COQUAN, MA_COQUAN, CKMB, ..., TONG_SCORE under "data" or bare.
 * The overview (or parent) is pushed first as the total row (kind tong). A file whose
 * scores have a maximum other than 100 is one group of the index: its score is that
 * group's *_diem, its ratio that group's percentage, never diem_tong_hop.
 *
 * The rows are pushed as a table: a title row with the period when the request fields
 * say it, a header row, one row per unit. Fields whose meaning the reader knows are
 * headed "<field> [<what>]" (heading.h); the portal's other known fields "[portal]";
 * unknown fields keep their name, so the normalizer warns about them. Strings stay text
 * and numbers numbers: the normalizer parses both the same way as in any sheet.
 */
#include "reader.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "model.h"

#define JSON_MAX_SEARCH_DEPTH 8

/* Field names that tell a row of the portal's data. */
static const char *const known_fields[] = {
    "TEN", "TEN_COQUAN", "MA_COQUAN", "CKMB", "TDGQ", "CLGQ", "TTTT", "MDHL", "MDSH", "TONG_SCORE",
    "departmentName", "departmentCode", "totalScore", "scoreDelta", "groupScores",
};

/* ---- the six groups and their criteria --------------------------------------------- */

enum { G_TOTAL = -1, G_UNKNOWN = -2 };

typedef struct jgroup {
    const char  *code;       /* the portal's group code */
    double       max;        /* points */
    cx_indicator pct, diem;
    const char  *endpoint;   /* a word of its endpoint / source collection */
    const char  *field;      /* a per-unit field only this group sends, or NULL */
} jgroup;

static const jgroup groups[6] = {
    {"CKMB", 18, CX_IND_CONG_KHAI_MINH_BACH, CX_IND_CONG_KHAI_MINH_BACH_DIEM, "transparency", NULL},
    {"TDGQ", 20, CX_IND_TIEN_DO_GIAI_QUYET, CX_IND_TIEN_DO_GIAI_QUYET_DIEM, "progress", "totalOnTime"},
    {"CLGQ", 12, CX_IND_DVC_TRUC_TUYEN, CX_IND_DVC_TRUC_TUYEN_DIEM, "provide-online", "onlineDossierCount"},
    {"TTTT", 10, CX_IND_THANH_TOAN_TRUC_TUYEN, CX_IND_THANH_TOAN_TRUC_TUYEN_DIEM, "payment",
     "totalDossierOnlinePaymentSuccess"},
    {"MDHL", 18, CX_IND_MUC_DO_HAI_LONG, CX_IND_MUC_DO_HAI_LONG_DIEM, "satisfaction", "totalPetitions"},
    {"MDSH", 22, CX_IND_SO_HOA_HO_SO, CX_IND_SO_HOA_HO_SO_DIEM, "digitiz", NULL},
};

typedef struct jmetric { const char *code; int group; cx_indicator ratio; } jmetric;
static const jmetric metrics[] = {
    {"PUBLISH_ON_TIME", 0, CX_IND_M_PUBLISH_ON_TIME},
    {"PUBLIC_UPDATE_ON_TIME", 0, CX_IND_M_PUBLIC_UPDATE_ON_TIME},
    {"PUBLIC_CONTENT_FULL", 0, CX_IND_M_PUBLIC_CONTENT_FULL},
    {"DOSSIER_SYNC", 0, CX_IND_M_DOSSIER_SYNC},
    {"DOSSIER_RECEIVING_SATISFACTION", 4, CX_IND_M_DOSSIER_RECEIVING_SATISFACTION},
    {"PETITION_PROCESSING_ON_TIME", 4, CX_IND_M_PETITION_PROCESSING_ON_TIME},
    {"PETITION_HANDLING_SATISFACTION", 4, CX_IND_M_PETITION_HANDLING_SATISFACTION},
    {"PETITION_CLASSIFICATION_TTHC", 4, CX_IND_M_PETITION_CLASSIFICATION_TTHC},
    {"PETITION_CLASSIFICATION_STAFF", 4, CX_IND_M_PETITION_CLASSIFICATION_STAFF},
    {"ORIGINAL_RESULT_AVAILABLE", 5, CX_IND_M_ORIGINAL_RESULT_AVAILABLE},
    {"SO_HOA_GIAY_TO_GIAI_QUYET", 5, CX_IND_M_SO_HOA_GIAY_TO_GIAI_QUYET},
    {"REUSED_DIGITIZED_DATA", 5, CX_IND_M_REUSED_DIGITIZED_DATA},
    {"SYNCED_WITH_DVCQG_PERSONAL_STORAGE", 5, CX_IND_M_SYNCED_WITH_DVCQG_PERSONAL_STORAGE},
    {"CITIZEN_DATA_CONNECTED_DOSSIER", 5, CX_IND_M_CITIZEN_DATA_CONNECTED_DOSSIER},
    {"CITIZEN_DATA_CONNECTED_FORMALITY", 5, CX_IND_M_CITIZEN_DATA_CONNECTED_FORMALITY},
    {"ELECTRONIC_CERTIFIED_COPY", 5, CX_IND_M_ELECTRONIC_CERTIFIED_COPY},
};

static const jmetric *metric_of(const char *code)
{
    for (size_t i = 0; code && i < sizeof metrics / sizeof metrics[0]; i++)
        if (!strcmp(metrics[i].code, code)) return &metrics[i];
    return NULL;
}

/* Fields the portal sends that are not indicators (kept out quietly, `inspect` names them). */
static const char *const portal_fields[] = {
    "ID", "ID_COQUAN", "CAPDONVIID", "LOAI_COQUAN", "departmentType", "departmentLevel", "agencyLevel",
    "level", "childGroup", "maxScore", "totalMaxScore", "totalCompleted", "averageScore", "groupRank",
    "authorityCount", "fullCount", "partialCount", "onlineDossierCount", "totalDossierOnlinePaymentSuccess",
    "totalDossierFinancialObligation", "totalPetitions", "classifiedPetitions", "totalDossiers",
    "growthPercent", "parentId", "provinceCode", "provinceName", "month", "year", "quarter", "timeType",
    "periodLabel", "dataQualityStatus", "dataQualityMessage", "feeCount", "freeCount", "paidCount",
    "totalFee", "onlineCount", "directCount", "postalCount",
};

static int is_portal_field(const char *k)
{
    for (size_t i = 0; i < sizeof portal_fields / sizeof portal_fields[0]; i++)
        if (!strcmp(portal_fields[i], k)) return 1;
    return 0;
}

static int row_score(json_t *obj)
{
    if (!json_is_object(obj)) return 0;
    int n = 0;
    for (size_t i = 0; i < sizeof known_fields / sizeof known_fields[0]; i++)
        if (json_object_get(obj, known_fields[i])) n++;
    return n;
}

/* An array whose objects look like the portal's rows: score of its best first elements. */
static int array_score(json_t *arr)
{
    int best = 0;
    size_t n = json_array_size(arr);
    for (size_t i = 0; i < n && i < 3; i++) {
        int s = row_score(json_array_get(arr, i));
        if (s > best) best = s;
    }
    return best;
}

/* Find the rows of an older shape: "evaluation", "data", else the best-scoring array anywhere. */
static json_t *find_rows(json_t *v, int depth, int *score)
{
    if (depth > JSON_MAX_SEARCH_DEPTH) return NULL;
    if (json_is_array(v)) {
        int s = array_score(v);
        if (s > 0) { *score = s; return v; }
        json_t *best = NULL;
        size_t i;
        json_t *e;
        json_array_foreach(v, i, e) {
            if (i >= 64) break;
            int sc = 0;
            json_t *r = find_rows(e, depth + 1, &sc);
            if (r && sc > *score) { *score = sc; best = r; }
        }
        return best;
    }
    if (!json_is_object(v)) return NULL;
    static const char *const preferred[] = {"evaluation", "data", "result", "items", "rows"};
    for (size_t k = 0; k < sizeof preferred / sizeof preferred[0]; k++) {
        json_t *c = json_object_get(v, preferred[k]);
        if (json_is_array(c) && array_score(c) > 0) { *score = array_score(c); return c; }
    }
    json_t *best = NULL;
    const char *key;
    json_t *e;
    json_object_foreach(v, key, e) {
        int sc = 0;
        json_t *r = find_rows(e, depth + 1, &sc);
        if (r && sc > *score) { *score = sc; best = r; }
    }
    return best;
}

/* ---- shapes -------------------------------------------------------------------------- */

typedef struct jshape {
    const char *name;    /* for messages */
    json_t *payload;     /* the object holding the rows */
    json_t *total;       /* overview / parent, or NULL */
    json_t *rows[2];     /* the unit arrays (agencies and communes may both be there) */
} jshape;

/* The envelope {"code", "data", "message"} holds its payload in data. */
static json_t *unwrap(json_t *root)
{
    json_t *data = json_object_get(root, "data");
    if (json_is_object(data) && (json_object_get(root, "code") || json_object_get(root, "message") ||
                                 json_object_get(root, "success")))
        return data;
    return root;
}

static int recognize(json_t *root, jshape *sh)
{
    memset(sh, 0, sizeof *sh);
    if (!json_is_object(root)) return 0;
    json_t *p = unwrap(root);
    json_t *a;
    sh->payload = p;
    if (json_is_array(a = json_object_get(p, "children")) && json_is_object(json_object_get(p, "parent"))) {
        sh->name = "tree (parent, children)";
        sh->total = json_object_get(p, "parent");
        sh->rows[0] = a;
        return 1;
    }
    json_t *ag = json_object_get(p, "agencies"), *co = json_object_get(p, "communes");
    if (json_is_array(ag) || json_is_array(co)) {
        sh->name = "crawler (metadata, overview, agencies/communes)";
        sh->total = json_is_object(json_object_get(p, "overview")) ? json_object_get(p, "overview") : NULL;
        sh->rows[0] = json_is_array(ag) ? ag : co;
        sh->rows[1] = json_is_array(ag) && json_is_array(co) ? co : NULL;
        return 1;
    }
    if (json_is_array(a = json_object_get(p, "evaluation"))) {
        sh->name = "list (overview, evaluation)";
        sh->total = json_is_object(json_object_get(p, "overview")) ? json_object_get(p, "overview") : NULL;
        sh->rows[0] = a;
        return 1;
    }
    return 0;
}

/* ---- which group a file is ------------------------------------------------------------ */

static double num_of(json_t *v)
{
    if (json_is_number(v)) return json_number_value(v);
    if (json_is_string(v)) {
        char *end;
        double d = strtod(json_string_value(v), &end);
        if (end != json_string_value(v) && *end == 0) return d;
    }
    return NAN;
}

/* The maximum the file states for its scores (overview's totalMaxScore, rows' maxScore). */
static double stated_max(const jshape *sh)
{
    double m = sh->total ? num_of(json_object_get(sh->total, "totalMaxScore")) : NAN;
    for (int k = 0; k < 2 && isnan(m); k++) {
        size_t i;
        json_t *r;
        json_array_foreach(sh->rows[k], i, r) {
            if (i >= 16 || !isnan(m)) break;
            m = num_of(json_object_get(r, "maxScore"));
            if (isnan(m)) m = num_of(json_object_get(r, "totalMaxScore"));
        }
    }
    return m;
}

/* What the fields say: a criterion of metrics[], a field only one group sends, the source. */
static int group_by_fields(const jshape *sh)
{
    json_t *samples[18];
    size_t ns = 0;
    if (sh->total) samples[ns++] = sh->total;
    for (int k = 0; k < 2; k++)
        for (size_t i = 0; i < json_array_size(sh->rows[k]) && i < 8; i++) samples[ns++] = json_array_get(sh->rows[k], i);
    for (size_t s = 0; s < ns; s++) {
        json_t *ms = json_object_get(samples[s], "metrics");
        for (size_t i = 0; i < json_array_size(ms); i++) {
            json_t *c = json_object_get(json_array_get(ms, i), "code");
            const jmetric *m = json_is_string(c) ? metric_of(json_string_value(c)) : NULL;
            if (m) return m->group;
        }
        for (int g = 0; g < 6; g++)
            if (groups[g].field && json_object_get(samples[s], groups[g].field)) return g;
    }
    json_t *src = json_object_get(sh->payload, "source");
    for (int g = 0; json_is_string(src) && g < 6; g++)
        if (strstr(json_string_value(src), groups[g].endpoint)) return g;
    return G_UNKNOWN;
}

/* G_TOTAL (scores of 100, or no maximum and nothing saying a group), a group, or G_UNKNOWN
 * (a maximum two groups share and nothing else telling which). */
static int which_group(const jshape *sh, const char *path, cx_diag *d)
{
    double max = stated_max(sh);
    int g = group_by_fields(sh);
    if (g >= 0) {
        if (!isnan(max) && fabs(max - groups[g].max) > 1e-9)
            cx_warn(d, "group_maximum", path, NULL, -1, -1,
                    "the file states a maximum of %g points, but %s (%s) is worth %g; the scores are read as %s",
                    max, cx_indicators[groups[g].diem].id, groups[g].code, groups[g].max, cx_indicators[groups[g].diem].id);
        return g;
    }
    if (isnan(max) || fabs(max - 100) < 1e-9) return G_TOTAL;
    int found = G_UNKNOWN, count = 0;
    for (int k = 0; k < 6; k++)
        if (fabs(max - groups[k].max) < 1e-9) { found = k; count++; }
    if (count == 1) return found;
    cx_warn(d, "group_unknown", path, NULL, -1, -1,
            "the scores are of %g points, not 100: one group of the index, but nothing in the file says which; "
            "the scores are left out", max);
    return G_UNKNOWN;
}

/* ---- the period -------------------------------------------------------------------------- */

/* An integer from a number or a numeric string; -1 when not one. */
static long as_int(json_t *v)
{
    if (json_is_integer(v)) return (long)json_integer_value(v);
    if (json_is_real(v)) {
        double r = json_real_value(v);   /* 2E025 is valid JSON: never cast it blindly */
        return r >= 0 && r < 1e9 && r == (double)(long)r ? (long)r : -1;
    }
    if (json_is_string(v)) {
        const char *s = json_string_value(v);
        char *end;
        long n = strtol(s, &end, 10);
        if (end != s && *end == '\0') return n;
    }
    return -1;
}

typedef struct jdate { int y, m, d; } jdate;

typedef struct jperiod {
    long year, month, quarter, period;
    char type[32];
    char label[64];
    jdate from, to;
} jperiod;

/* "2026-08-01", "2026-08-01T00:00:00+07:00", "01/08/2026". 1 when read. */
static int parse_date(json_t *v, jdate *out)
{
    if (!json_is_string(v)) return 0;
    const char *s = json_string_value(v);
    int a, b, c;
    if (sscanf(s, "%4d-%2d-%2d", &a, &b, &c) == 3) *out = (jdate){a, b, c};
    else if (sscanf(s, "%2d/%2d/%4d", &c, &b, &a) == 3) *out = (jdate){a, b, c};
    else return 0;
    return out->y >= 1990 && out->y <= 2100 && out->m >= 1 && out->m <= 12 && out->d >= 1 && out->d <= 31;
}

static int month_days(int y, int m)
{
    static const int dm[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0) ? 29 : dm[m - 1];
}

static void take_fields(json_t *v, jperiod *p)
{
    static const char *const ykeys[] = {"p_nam", "year", "nam", "namBaoCao"};
    static const char *const mkeys[] = {"p_thang", "month", "thang", "thangBaoCao"};
    static const char *const qkeys[] = {"p_quy", "quarter", "quy"};
    static const char *const tkeys[] = {"timeType", "p_loai", "loaiThoiGian"};
    for (size_t i = 0; i < 4; i++) {
        long n;
        if (p->year < 0 && (n = as_int(json_object_get(v, ykeys[i]))) >= 1990 && n <= 2100) p->year = n;
        if (p->month < 0 && (n = as_int(json_object_get(v, mkeys[i]))) >= 1 && n <= 12) p->month = n;
        if (i < 3 && p->quarter < 0 && (n = as_int(json_object_get(v, qkeys[i]))) >= 1 && n <= 4) p->quarter = n;
        if (i < 3 && !p->type[0]) {
            json_t *t = json_object_get(v, tkeys[i]);
            if (json_is_string(t)) snprintf(p->type, sizeof p->type, "%s", json_string_value(t));
            else if (json_is_integer(t)) snprintf(p->type, sizeof p->type, "%lld", (long long)json_integer_value(t));
        }
    }
    long n;
    if (p->period < 0 && (n = as_int(json_object_get(v, "period"))) >= 1 && n <= 12) p->period = n;
    json_t *l = json_object_get(v, "periodLabel");
    if (!p->label[0] && json_is_string(l)) snprintf(p->label, sizeof p->label, "%s", json_string_value(l));
    if (!p->from.y) parse_date(json_object_get(v, "fromDate"), &p->from);
    if (!p->to.y) parse_date(json_object_get(v, "toDate"), &p->to);
}

/* The request fields, looked for in every object outside the rows (bounded depth); arrays
 * are series (monthlyChart's "month": "01") except at the top. */
static void find_period(json_t *v, const jshape *sh, json_t *rows, int depth, jperiod *p)
{
    if (depth > JSON_MAX_SEARCH_DEPTH || v == rows || (sh && (v == sh->rows[0] || v == sh->rows[1]))) return;
    if (json_is_array(v)) {
        if (depth > 0) return;
        size_t i;
        json_t *e;
        json_array_foreach(v, i, e) {
            if (i >= 16) break;
            if (!json_is_object(e) || row_score(e) == 0) find_period(e, sh, rows, depth + 1, p);
        }
        return;
    }
    if (!json_is_object(v)) return;
    if (sh && v == sh->total) return;   /* the overview is a unit, not the request */
    take_fields(v, p);
    const char *key;
    json_t *e;
    json_object_foreach(v, key, e) {
        if (json_is_object(e) || json_is_array(e)) find_period(e, sh, rows, depth + 1, p);
    }
}

static int type_is(const char *t, const char *a, const char *b)
{
    return strcasestr(t, a) || (b && strcasestr(t, b));
}

/* fromDate/toDate spanning exactly a month, a quarter or a year is that period. */
static int period_of_range(const jperiod *p, char *out, size_t n)
{
    const jdate *f = &p->from, *t = &p->to;
    if (!f->y || !t->y) return 0;
    int whole = f->y == t->y && f->d == 1 && t->d == month_days(t->y, t->m);
    if (whole && f->m == t->m) snprintf(out, n, "Tháng %d/%d", f->m, f->y);
    else if (whole && f->m == 1 && t->m == 12) snprintf(out, n, "Năm %d", f->y);
    else if (whole && (f->m - 1) % 3 == 0 && t->m == f->m + 2) snprintf(out, n, "Quý %d/%d", (f->m - 1) / 3 + 1, f->y);
    else snprintf(out, n, "Từ ngày %02d/%02d/%d đến ngày %02d/%02d/%d", f->d, f->m, f->y, t->d, t->m, t->y);
    return 1;
}

static int period_title(const jperiod *p, char *out, size_t n)
{
    const char *t = p->type;
    int is_q = type_is(t, "quy", "quarter") || strcasestr(t, "qu\xc3\xbd");
    int is_y = type_is(t, "year", NULL) || strcasecmp(t, "nam") == 0 || strcasestr(t, "n\xc4\x83m");
    int is_m = type_is(t, "month", "thang") || strcasestr(t, "th\xc3\xa1ng");
    long month = p->month, quarter = p->quarter;
    if (p->period > 0 && is_m && month < 0) month = p->period;
    if (p->period > 0 && is_q && quarter < 0 && p->period <= 4) quarter = p->period;
    if (p->year < 0) {
        if (period_of_range(p, out, n)) return 1;
        if (p->label[0]) { snprintf(out, n, "%s", p->label); return 1; }
        return 0;
    }
    if (is_y) snprintf(out, n, "Năm %ld", p->year);
    else if (is_q && (quarter > 0 || (month > 0 && month <= 4)))
        snprintf(out, n, "Quý %ld/%ld", quarter > 0 ? quarter : month, p->year);
    else if (month > 0) snprintf(out, n, "Tháng %ld/%ld", month, p->year);
    else if (quarter > 0) snprintf(out, n, "Quý %ld/%ld", quarter, p->year);
    else if (period_of_range(p, out, n)) return 1;
    else snprintf(out, n, "Năm %ld", p->year);
    return 1;
}

/* Every unit's stated maximum against its group's: the first that differs is warned (its
 * scores are still read as that group's points; the normalizer warns a score above them). */
static void check_row_maxima(const jshape *sh, int group, const char *path, cx_diag *d)
{
    for (int k = 0; k < 2; k++) {
        size_t i;
        json_t *r;
        json_array_foreach(sh->rows[k], i, r) {
            double m = num_of(json_object_get(r, "maxScore"));
            if (isnan(m)) m = num_of(json_object_get(r, "totalMaxScore"));
            if (isnan(m) || fabs(m - groups[group].max) < 1e-9) continue;
            json_t *nm = json_object_get(r, "departmentName");
            cx_warn(d, "group_maximum", path, NULL, -1, -1,
                    "%s states a maximum of %g points, but %s (%s) is worth %g", json_is_string(nm) ? json_string_value(nm) : "a unit",
                    m, cx_indicators[groups[group].diem].id, groups[group].code, groups[group].max);
            return;
        }
    }
}

/* ---- rows to a table ------------------------------------------------------------------ */

/* Columns: headings in first-seen order. */
typedef struct jcols {
    char  **name;
    size_t  n, cap;
} jcols;

static long col_find(const jcols *c, const char *name)
{
    for (size_t i = 0; i < c->n; i++)
        if (strcmp(c->name[i], name) == 0) return (long)i;
    return -1;
}

static int col_add(jcols *c, const char *name)
{
    if (col_find(c, name) >= 0) return 0;
    if (c->n >= CX_MAX_COLUMNS) return -2;
    if (c->n == c->cap) {
        size_t nc = c->cap ? 2 * c->cap : 32;
        char **p = realloc(c->name, nc * sizeof *p);
        if (!p) return -1;
        c->name = p;
        c->cap = nc;
    }
    if (!(c->name[c->n] = strdup(name))) return -1;
    c->n++;
    return 0;
}

/* groupScores entries: (code, value) pairs, from either shape. */
static const char *group_code(json_t *e)
{
    static const char *const keys[] = {"code", "groupCode", "maNhom", "ma", "key", "name"};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        json_t *v = json_object_get(e, keys[i]);
        if (json_is_string(v) && json_string_length(v) > 0) return json_string_value(v);
    }
    return NULL;
}

static json_t *group_value(json_t *e)
{
    if (!json_is_object(e)) return e;
    static const char *const keys[] = {"score", "value", "point", "diem", "totalScore"};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        json_t *v = json_object_get(e, keys[i]);
        if (v) return v;
    }
    return NULL;
}

/* Set heading -> value in a flat row (a new reference to v). 0 ok, -1 no memory. */
static int put(json_t *flat, const char *field, const char *what, json_t *v)
{
    if (!v) return 0;
    char h[160];
    if (what) snprintf(h, sizeof h, "%s [%s]", field, what);
    else snprintf(h, sizeof h, "%s", field);
    return json_object_set(flat, h, v);
}

/* A group score keyed by its code: CKMB ... MDSH are known headings; the online-services
 * group also comes as ONLINE or ONLINE_SERVICE (the portal's radar). */
static int put_group_score(json_t *flat, const char *code, json_t *v)
{
    if (!strcmp(code, "ONLINE") || !strcmp(code, "ONLINE_SERVICE"))   /* one column for both names */
        return put(flat, "ONLINE_SERVICE", cx_indicators[CX_IND_DVC_TRUC_TUYEN_DIEM].id, group_value(v));
    return put(flat, code, NULL, group_value(v));
}

static int put_group_scores(json_t *flat, json_t *v)
{
    if (json_is_object(v)) {
        const char *gk;
        json_t *gv;
        json_object_foreach(v, gk, gv)
            if (put_group_score(flat, gk, gv)) return -1;
    } else if (json_is_array(v)) {
        size_t gi;
        json_t *ge;
        json_array_foreach(v, gi, ge) {
            const char *code = json_is_object(ge) ? group_code(ge) : NULL;
            if (code && put_group_score(flat, code, ge)) return -1;
        }
    }
    return 0;
}

/* metrics[]: each known criterion as m_<code> (its ratio) and m_<code>_diem (its score). */
static int put_metrics(json_t *flat, json_t *ms)
{
    size_t i;
    json_t *m;
    json_array_foreach(ms, i, m) {
        json_t *c = json_object_get(m, "code");
        if (!json_is_string(c)) continue;
        const char *code = json_string_value(c);
        if (!code) continue;
        const jmetric *jm = metric_of(code);
        char f[96];
        snprintf(f, sizeof f, "%s ratio", code);
        if (put(flat, f, jm ? cx_indicators[jm->ratio].id : NULL, json_object_get(m, "ratio"))) return -1;
        snprintf(f, sizeof f, "%s score", code);
        if (put(flat, f, jm ? cx_indicators[jm->ratio + 1].id : NULL, json_object_get(m, "score"))) return -1;
    }
    return 0;
}

/* The kind a unit's type field says: "so_nganh" for an agency, "tinh" for a province in the
 * national ranking; NULL when the name should tell (communes, wards, special zones). */
static const char *kind_of_type(json_t *row)
{
    static const char *const keys[] = {"departmentType", "childGroup", "level"};
    for (size_t i = 0; i < 3; i++) {
        json_t *t = json_object_get(row, keys[i]);
        if (!json_is_string(t)) continue;
        const char *s = json_string_value(t);
        if (!strcmp(s, "AGENCY") || !strcmp(s, "PROVINCIAL_DEPARTMENT") || (i == 2 && !strcmp(s, "PROVINCE")))
            return "so_nganh";
        if (!strcmp(s, "ADMINISTRATIVE_UNIT")) return "tinh";
    }
    return NULL;
}

/* One field of a unit to its heading: what it means in this file's group. */
static const char *field_meaning(const char *k, int group)
{
    static const struct { const char *f, *what; } fixed[] = {
        {"departmentName", "name"}, {"departmentCode", "code"}, {"departmentId", "uid"}, {"stt", "stt"},
        {"totalReceived", "ho_so_tiep_nhan"}, {"totalOnTime", "ho_so_dung_han"},
        {"totalOverdue", "ho_so_qua_han"}, {"avgProcessingDays", "so_ngay_xu_ly_tb"},
    };
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
        if (!strcmp(k, fixed[i].f)) return fixed[i].what;
    int score = !strcmp(k, "totalScore") || !strcmp(k, "score");
    if (group == G_TOTAL) {
        if (score) return "diem_tong_hop";
        if (!strcmp(k, "scoreDelta")) return "tang_giam";
        if (!strcmp(k, "rank")) return "xep_hang";
        if (!strcmp(k, "ratio")) return "portal";   /* the score of 100 again */
    } else if (group >= 0) {
        if (score) return cx_indicators[groups[group].diem].id;
        if (!strcmp(k, "ratio")) return cx_indicators[groups[group].pct].id;
        if (!strcmp(k, "scoreDelta") || !strcmp(k, "rank")) return "portal";   /* the group's, no id */
    } else if (score || !strcmp(k, "ratio") || !strcmp(k, "scoreDelta") || !strcmp(k, "rank")) {
        return "portal";
    }
    return is_portal_field(k) ? "portal" : NULL;
}

/* A unit (or the overview, total != 0) as a flat object heading -> value; NULL no memory. */
static json_t *flatten(json_t *row, int group, int total)
{
    json_t *flat = json_object();
    if (!flat) return NULL;
    const char *key;
    json_t *v;
    int bad = 0;
    json_object_foreach(row, key, v) {
        if (!strcmp(key, "groupScores")) bad |= put_group_scores(flat, v);
        else if (!strcmp(key, "metrics") && json_is_array(v)) bad |= put_metrics(flat, v);
        else if (!json_is_object(v) && !json_is_array(v)) {
            if (total && !strcmp(key, "stt")) continue;   /* the overview is no numbered row */
            const char *what = field_meaning(key, group);
            /* the parent's totalScore and the children's score are one column */
            bad |= put(flat, !strcmp(key, "score") && what && strcmp(what, "portal") ? "totalScore" : key, what, v);
        }
    }
    const char *kind = total ? "tong" : kind_of_type(row);
    if (kind) {
        json_t *s = json_string(kind);
        bad |= !s || json_object_set_new(flat, "kind [kind]", s);
    }
    if (total && !json_object_get(row, "departmentName") && !json_object_get(row, "TEN_COQUAN")) {
        json_t *s = json_string("Tổng");
        bad |= !s || json_object_set_new(flat, "departmentName [name]", s);
    }
    if (bad) { json_decref(flat); return NULL; }
    return flat;
}

/* The table: the overview first, then every unit, each flattened. NULL no memory. */
static json_t *build_table(const jshape *sh, json_t *legacy_rows, int group)
{
    json_t *t = json_array();
    if (!t) return NULL;
    if (sh && sh->total) {
        json_t *f = flatten(sh->total, group, 1);
        if (!f || json_array_append_new(t, f)) { json_decref(t); return NULL; }
    }
    json_t *lists[2] = {sh ? sh->rows[0] : legacy_rows, sh ? sh->rows[1] : NULL};
    for (int k = 0; k < 2; k++) {
        size_t i;
        json_t *r;
        json_array_foreach(lists[k], i, r) {
            json_t *f = json_is_object(r) ? flatten(r, group, 0) : json_null();
            if (!f || json_array_append_new(t, f)) { json_decref(t); return NULL; }
        }
    }
    return t;
}

/* Columns: the older shape's known fields first (as before), then first-seen order. */
static int collect_columns(json_t *table, jcols *c)
{
    int rc;
    size_t k;
    json_t *r;
    for (size_t i = 0; i < sizeof known_fields / sizeof known_fields[0]; i++)
        json_array_foreach(table, k, r)
            if (json_is_object(r) && json_object_get(r, known_fields[i])) {
                if ((rc = col_add(c, known_fields[i]))) return rc;
                break;
            }
    json_array_foreach(table, k, r) {
        if (!json_is_object(r)) continue;
        const char *key;
        json_t *v;
        json_object_foreach(r, key, v)
            if ((rc = col_add(c, key))) return rc;
    }
    return 0;
}

static void set_value(cx_cell *cell, json_t *v)
{
    memset(cell, 0, sizeof *cell);
    if (json_is_string(v)) {
        if (json_string_length(v) == 0) return;
        cell->type = CX_CELL_TEXT;
        cell->text = json_string_value(v);
        cell->len = strlen(cell->text);   /* an embedded NUL ends the text */
    } else if (json_is_integer(v)) {
        cell->type = CX_CELL_NUMBER;
        cell->num = (double)json_integer_value(v);
    } else if (json_is_real(v)) {
        cell->type = CX_CELL_NUMBER;
        cell->num = json_real_value(v);
    } else if (json_is_boolean(v)) {
        cell->type = CX_CELL_BOOL;
        cell->num = json_is_true(v);
    }
}

/* ---- pushing ------------------------------------------------------------------------------ */

static cx_error sink_failed(cx_diag *d, const char *path)
{
    if (d->err) return d->err;
    return cx_fail(d, CX_ERR_ABORTED, "%s: stopped", path);
}

/* Push the title (when there is one), the header and one row per unit. */
static cx_error push_table(json_t *table, const jcols *cols, const char *title, const cx_sink *sink,
                           const char *path, cx_diag *d)
{
    cx_cell *cells = calloc(cols->n ? cols->n : 1, sizeof *cells);
    if (!cells) return cx_fail(d, CX_ERR_NOMEM, "%s: out of memory", path);
    cx_error err = CX_OK;
    uint32_t r = 0;
    if (sink->sheet_begin && sink->sheet_begin(sink->ud, NULL, 0)) { err = sink_failed(d, path); goto done; }
    if (title) {
        cx_cell t = {CX_CELL_TEXT, 0, 0, title, strlen(title)};
        if (sink->row && sink->row(sink->ud, r, &t, 1)) { err = sink_failed(d, path); goto done; }
        r++;
    }
    for (size_t i = 0; i < cols->n; i++)
        cells[i] = (cx_cell){CX_CELL_TEXT, 0, 0, cols->name[i], strlen(cols->name[i])};
    if (sink->row && sink->row(sink->ud, r, cells, (uint32_t)cols->n)) { err = sink_failed(d, path); goto done; }
    r++;
    size_t k;
    json_t *row;
    json_array_foreach(table, k, row) {
        if (!json_is_object(row)) {
            cx_warn(d, "json_not_a_row", path, NULL, (long)r + 1, -1, "item %zu of the rows is not an object; skipped", k + 1);
            r++;
            continue;
        }
        uint32_t n = 0;
        for (size_t c = 0; c < cols->n; c++) {
            set_value(&cells[c], json_object_get(row, cols->name[c]));
            if (cells[c].type == CX_CELL_TEXT && cells[c].len > CX_MAX_CELL_BYTES) {
                char cn[24];
                err = cx_fail(d, CX_ERR_LIMIT, "%s: row %zu, field %s (%s): a text longer than %u bytes", path, k + 1,
                              cols->name[c], cx_cell_name((int)c, (long)r + 1, cn), CX_MAX_CELL_BYTES);
                goto done;
            }
            if (cells[c].type != CX_CELL_EMPTY) n = (uint32_t)c + 1;
        }
        if (n && sink->row && sink->row(sink->ud, r, cells, n)) { err = sink_failed(d, path); goto done; }
        r++;
    }
    if (sink->sheet_end && sink->sheet_end(sink->ud)) { err = sink_failed(d, path); goto done; }
done:
    free(cells);
    return err;
}

cx_error cx_read_json(const uint8_t *buf, size_t len, const cx_read_opts *opts,
                      const cx_sink *sink, cx_read_info *info, cx_diag *d)
{
    static const cx_sink no_sink = {0};
    if (!sink) sink = &no_sink;
    const char *path = opts && opts->path ? opts->path : "<input>";
    if (info) {
        info->format = CX_FMT_JSON;
        snprintf(info->encoding, sizeof info->encoding, "utf-8");
        info->encoding_confidence = 1.0;
    }
    size_t skip = len >= 3 && buf[0] == 0xEF && buf[1] == 0xBB && buf[2] == 0xBF ? 3 : 0;
    json_error_t je;
    json_t *root = json_loadb((const char *)buf + skip, len - skip, JSON_DECODE_ANY, &je);
    if (!root && (json_error_code(&je) == json_error_out_of_memory || !je.text[0]))   /* jansson leaves no text when malloc fails */
        return cx_fail(d, CX_ERR_NOMEM, "%s: out of memory while reading the JSON (%zu MiB)", path, len >> 20);
    if (!root)
        return cx_fail(d, CX_ERR_FORMAT, "%s, line %d, column %d: invalid JSON: %s", path, je.line, je.column, je.text);

    cx_error err = CX_OK;
    jcols cols = {0};
    json_t *inner = NULL, *table = NULL;
    jshape shape;
    int have_shape = recognize(root, &shape);
    int score = 0;
    json_t *rows = have_shape ? NULL : find_rows(root, 0, &score);
    if (!have_shape && !rows) {
        /* Some services wrap the payload as a JSON string: {"d": "[{...}]"} */
        static const char *const wrap[] = {"d", "data", "result"};
        for (size_t i = 0; i < 3 && !rows && !have_shape && json_is_object(root); i++) {
            json_t *s = json_object_get(root, wrap[i]);
            if (!json_is_string(s)) continue;
            inner = json_loadb(json_string_value(s), json_string_length(s), JSON_DECODE_ANY, &je);
            if (!inner) continue;
            have_shape = recognize(inner, &shape);
            if (!have_shape) rows = find_rows(inner, 0, &score);
        }
    }
    if (!have_shape && !rows) {
        err = cx_fail(d, CX_ERR_NO_TABLE,
                      "%s: JSON without the portal's rows (no array of objects with TEN_COQUAN, TONG_SCORE, "
                      "departmentName, totalScore...)", path);
        goto done;
    }
    size_t nrows = have_shape ? json_array_size(shape.rows[0]) + json_array_size(shape.rows[1]) : json_array_size(rows);
    if (nrows > CX_MAX_ROWS) {
        err = cx_fail(d, CX_ERR_LIMIT, "%s: more than %u rows", path, CX_MAX_ROWS);
        goto done;
    }
    int group = have_shape ? which_group(&shape, path, d) : G_TOTAL;
    if (have_shape && group >= 0) check_row_maxima(&shape, group, path, d);
    table = build_table(have_shape ? &shape : NULL, rows, group);
    if (!table) { err = cx_fail(d, CX_ERR_NOMEM, "%s: out of memory", path); goto done; }
    int rc = collect_columns(table, &cols);
    if (rc == -2) { err = cx_fail(d, CX_ERR_LIMIT, "%s: more than %u different fields", path, CX_MAX_COLUMNS); goto done; }
    if (rc) { err = cx_fail(d, CX_ERR_NOMEM, "%s: out of memory", path); goto done; }
    if (info) info->nsheets = 1;

    jperiod per = {-1, -1, -1, -1, "", "", {0, 0, 0}, {0, 0, 0}};
    find_period(root, have_shape ? &shape : NULL, rows, 0, &per);
    if (inner) find_period(inner, have_shape ? &shape : NULL, rows, 0, &per);
    char title[96];
    int has_title = period_title(&per, title, sizeof title);
    err = push_table(table, &cols, has_title ? title : NULL, sink, path, d);
done:
    for (size_t i = 0; i < cols.n; i++) free(cols.name[i]);
    free(cols.name);
    json_decref(table);
    json_decref(inner);
    json_decref(root);
    return err;
}
