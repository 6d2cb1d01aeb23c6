/*
 * summary.c — the report's lists (see summary.h). The lists are built once as data
 * (cx_summary_build) and printed as text, markdown or JSON, or laid out in cells by
 * the "Tổng hợp" sheet (formats/write/xlsx_summary.c), so every output names the same units.
 *
 * Order follows the reports' prose: worst first (reference 001: "Phú Long, Bình Thạnh
 * Đông, Hòa Lạc, Chợ Vàm và Long Hòa" = 29.4, 34.9, 35.9, 60, 60.7), ties in source order.
 */
#include "summary.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "names.h"
#include "period.h"

static const char *const label_words[CX_LABEL_COUNT] = {"", "Xuất sắc", "Tốt", "Khá", "Trung bình", "Yếu"};

char *cx_vi_join(const char *const *names, size_t n)
{
    size_t len = 1;
    for (size_t i = 0; i < n; i++) len += strlen(names[i] ? names[i] : "") + 4;
    char *out = malloc(len);
    if (!out) return NULL;
    /* Appended at a running end: strcat from the start made a list of thousands of
     * units quadratic. */
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        const char *sep = i == 0 ? "" : i + 1 == n ? " và " : ", ";
        const char *nm = names[i] ? names[i] : "";
        size_t ls = strlen(sep), ln = strlen(nm);
        memcpy(out + o, sep, ls);
        memcpy(out + o + ls, nm, ln);
        o += ls + ln;
    }
    out[o] = 0;
    return out;
}

/* "%.2f" without trailing zeros, decimal comma, dot thousands for whole counts. */
static void vi_number(double v, int decimals, char *buf, size_t size)
{
    char tmp[64];
    if (!isfinite(v)) { snprintf(buf, size, "?"); return; }
    snprintf(tmp, sizeof tmp, "%.*f", decimals, v);
    char *dot = strchr(tmp, '.');
    if (dot) {
        char *e = tmp + strlen(tmp) - 1;
        while (e > dot && *e == '0') *e-- = 0;
        if (e == dot) *e = 0; else *dot = ',';
    }
    if (strcmp(tmp, "-0") == 0) strcpy(tmp, "0");
    /* Thousands with dots for the integer part of 4+ digits ("1.746"). */
    char *start = tmp[0] == '-' ? tmp + 1 : tmp;
    size_t intlen = strcspn(start, ",");
    size_t o = 0;
    if (tmp[0] == '-' && o + 1 < size) buf[o++] = '-';
    for (size_t i = 0; i < intlen && o + 2 < size; i++) {
        buf[o++] = start[i];
        size_t rest = intlen - i - 1;
        if (rest > 0 && rest % 3 == 0 && intlen >= 4) buf[o++] = '.';
    }
    for (const char *q = start + intlen; *q && o + 1 < size; q++) buf[o++] = *q;
    buf[o] = 0;
}

char *cx_summary_value(cx_indicator ind, double v)
{
    char num[64], out[96];
    if ((int)ind < 0 || ind >= CX_IND_COUNT) return strdup("");
    switch (cx_indicators[ind].measure) {
    case CX_MEASURE_LABEL: {
        int l = (int)v;
        return strdup(l > 0 && l < CX_LABEL_COUNT ? label_words[l] : "");
    }
    case CX_MEASURE_PERCENT: vi_number(v, 2, num, sizeof num); snprintf(out, sizeof out, "%s%%", num); break;
    case CX_MEASURE_POINTS:
    case CX_MEASURE_GROUP: vi_number(v, 2, num, sizeof num); snprintf(out, sizeof out, "%s điểm", num); break;
    default: vi_number(v, 0, num, sizeof num); snprintf(out, sizeof out, "%s", num); break;
    }
    return strdup(out);
}

static size_t u8_chars(const char *s)
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) n += (*p & 0xC0) != 0x80;
    return n;
}

/* Each unit's text, "Phú Long (29,4%)" or just the name; NULL on no memory. */
static char **list_parts(const cx_summary_item *items, size_t n, cx_indicator ind, int with_values)
{
    char **parts = calloc(n ? n : 1, sizeof *parts);
    if (!parts) return NULL;
    for (size_t i = 0; i < n; i++) {
        const char *name = items[i].unit->name ? items[i].unit->name : items[i].unit->raw_name;
        if (!name) name = "?";
        if (!with_values) parts[i] = strdup(name);
        else {
            char *v = cx_summary_value(ind, items[i].value);
            size_t len = v ? strlen(name) + strlen(v) + 4 : 0;
            if (v && (parts[i] = malloc(len))) snprintf(parts[i], len, "%s (%s)", name, v);
            free(v);
        }
        if (!parts[i]) {
            for (size_t k = 0; k < i; k++) free(parts[k]);
            free(parts);
            return NULL;
        }
    }
    return parts;
}

static void free_parts(char **parts, size_t n)
{
    for (size_t i = 0; parts && i < n; i++) free(parts[i]);
    free(parts);
}

char *cx_summary_list_fit(const cx_summary_item *items, size_t n, cx_indicator ind, size_t full_max,
                          size_t part_max, size_t *kept)
{
    *kept = 0;
    char **parts = list_parts(items, n, ind, 1);
    if (!parts) return NULL;
    size_t chars = 0, k = 0, cur = 0;
    for (size_t i = 0; i < n; i++) chars += u8_chars(parts[i]);
    /* cx_vi_join's separators: ", " between, " và " (4 characters) before the last. */
    if (chars + (n >= 2 ? 2 * (n - 2) + 4 : 0) <= full_max) k = n;
    else
        for (size_t i = 0; i + 1 < n; i++) {   /* the most units whose text fits part_max */
            cur += u8_chars(parts[i]);
            size_t j = i + 1;
            if (cur + (j >= 2 ? 2 * (j - 2) + 4 : 0) > part_max) break;
            k = j;
        }
    char *out = cx_vi_join((const char *const *)parts, k);
    if (out) *kept = k;
    free_parts(parts, n);
    return out;
}

char *cx_summary_list_text(const cx_summary_item *items, size_t n, cx_indicator ind, int with_values)
{
    char **parts = list_parts(items, n, ind, with_values);
    if (!parts) return NULL;
    char *out = cx_vi_join((const char *const *)parts, n);
    free_parts(parts, n);
    return out;
}

/* "Công khai, minh bạch (dưới 70%)", "Xếp loại (Trung bình, Yếu)". */
static char *rule_title(const cx_rule *r)
{
    char buf[256], num[64], th[96];
    const cx_indicator_info *info = &cx_indicators[r->indicator];
    if (r->op == CX_OP_IN) {
        size_t o = (size_t)snprintf(buf, sizeof buf, "%s (", info->name_vi);
        int n = 0;
        for (int l = 1; l < CX_LABEL_COUNT && o < sizeof buf; l++)
            if (r->labels & (1u << l)) o += (size_t)snprintf(buf + o, sizeof buf - o, "%s%s", n++ ? " hoặc " : "", label_words[l]);
        if (o < sizeof buf) snprintf(buf + o, sizeof buf - o, ")");
        return strdup(buf);
    }
    vi_number(r->value, 2, num, sizeof num);
    const char *unit = info->measure == CX_MEASURE_PERCENT ? "%" :
                       (info->measure == CX_MEASURE_POINTS || info->measure == CX_MEASURE_GROUP) ? " điểm" : "";
    snprintf(th, sizeof th, "%s%s", num, unit);
    switch (r->op) {
    case CX_OP_LT: snprintf(buf, sizeof buf, "%s (dưới %s)", info->name_vi, th); break;
    case CX_OP_LE: snprintf(buf, sizeof buf, "%s (từ %s trở xuống)", info->name_vi, th); break;
    case CX_OP_GT: snprintf(buf, sizeof buf, "%s (trên %s)", info->name_vi, th); break;
    default:       snprintf(buf, sizeof buf, "%s (từ %s trở lên)", info->name_vi, th); break;
    }
    return strdup(buf);
}

typedef struct sort_item { cx_summary_item it; size_t idx; double key; } sort_item;

static int cmp_items(const void *a, const void *b)
{
    const sort_item *x = a, *y = b;
    if (x->key != y->key) return x->key < y->key ? -1 : 1;
    return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/* Sort items worst first; key(i) ascending, then source order. */
static void sort_list(cx_summary_item *items, size_t n, const cx_rule *r, const cx_snapshot *s)
{
    sort_item *t = malloc((n ? n : 1) * sizeof *t);
    if (!t) return;   /* unsorted is still correct, only less useful */
    for (size_t i = 0; i < n; i++) {
        t[i].it = items[i];
        t[i].idx = (size_t)(items[i].unit - s->units);
        double v = items[i].value;
        if (!r) t[i].key = v;                                   /* fell: most negative first */
        else if (r->op == CX_OP_GT || r->op == CX_OP_GE) t[i].key = -v;
        else if (r->op == CX_OP_IN) {
            /* worse label first, then lower score */
            const cx_unit *u = items[i].unit;
            double sc = cx_unit_has(u, CX_IND_DIEM_TONG_HOP) ? u->v[CX_IND_DIEM_TONG_HOP] : 0;
            t[i].key = -v * 1000 + sc;
        } else t[i].key = v;
    }
    qsort(t, n, sizeof *t, cmp_items);
    for (size_t i = 0; i < n; i++) items[i] = t[i].it;
    free(t);
}

void cx_summary_free(cx_summary *sm)
{
    if (!sm) return;
    for (size_t i = 0; i < sm->nlists; i++) { free(sm->lists[i].title); free(sm->lists[i].items); }
    free(sm->lists);
    free(sm->fell);
    free(sm);
}

cx_summary *cx_summary_build(const cx_snapshot *s, const cx_rules *rules)
{
    cx_summary *sm = calloc(1, sizeof *sm);
    if (!sm) return NULL;
    sm->s = s;
    long t = cx_snapshot_total(s);
    sm->total = t >= 0 ? &s->units[t] : NULL;
    for (size_t i = 0; i < s->nunits; i++) {
        const cx_unit *u = &s->units[i];
        if (u->kind == CX_KIND_TONG) continue;
        sm->nunits++;
        cx_label l = CX_LABEL_NONE;
        if (cx_unit_has(u, CX_IND_XEP_LOAI)) l = (cx_label)(int)u->v[CX_IND_XEP_LOAI];
        else if (cx_unit_has(u, CX_IND_DIEM_TONG_HOP)) l = cx_label_for_score(u->v[CX_IND_DIEM_TONG_HOP]);
        if ((unsigned)l >= CX_LABEL_COUNT) l = CX_LABEL_NONE;
        sm->counts[l]++;
        if (cx_unit_has(u, CX_IND_TANG_GIAM) && u->v[CX_IND_TANG_GIAM] < 0) {
            cx_summary_item *nf = realloc(sm->fell, (sm->nfell + 1) * sizeof *nf);
            if (!nf) goto fail;
            sm->fell = nf;
            sm->fell[sm->nfell++] = (cx_summary_item){u, u->v[CX_IND_TANG_GIAM]};
        }
    }
    sort_list(sm->fell, sm->nfell, NULL, s);
    if (rules && rules->n) {
        sm->lists = calloc(rules->n, sizeof *sm->lists);
        if (!sm->lists) goto fail;
    }
    for (size_t r = 0; rules && r < rules->n; r++) {
        const cx_rule *rule = &rules->items[r];
        if ((int)rule->indicator < 0 || rule->indicator >= CX_IND_COUNT) continue;
        if (rule->indicator == CX_IND_TANG_GIAM) continue;   /* the "fell" list says it better */
        cx_summary_list *L = &sm->lists[sm->nlists];
        for (size_t i = 0; i < s->nunits; i++) {
            const cx_unit *u = &s->units[i];
            if (u->kind == CX_KIND_TONG || !cx_unit_has(u, rule->indicator) || !cx_rule_fails(rule, u)) continue;
            cx_summary_item *ni = realloc(L->items, (L->n + 1) * sizeof *ni);
            if (!ni) goto fail;
            L->items = ni;
            L->items[L->n++] = (cx_summary_item){u, u->v[rule->indicator]};
        }
        if (L->n == 0) { free(L->items); L->items = NULL; continue; }
        L->rule = rule;
        sort_list(L->items, L->n, rule, s);
        if (!(L->title = rule_title(rule))) { sm->nlists++; goto fail; }
        sm->nlists++;
    }
    return sm;
fail:
    cx_summary_free(sm);
    return NULL;
}

/* ---- printing ---- */

static void period_words(const cx_snapshot *s, char *buf, size_t size)
{
    buf[0] = 0;
    const cx_period *p = &s->period;
    size_t o = 0;
    if (s->scope) o += (size_t)snprintf(buf + o, size - o, "%s", s->scope);
    if (p->label && o < size) o += (size_t)snprintf(buf + o, size - o, "%s%s", o ? " — " : "", p->label);
    if (p->year && p->label && !strstr(p->label, "20") && o < size)
        o += (size_t)snprintf(buf + o, size - o, " năm %d", p->year);
    if (p->cutoff[0] && o < size)
        snprintf(buf + o, size - o, "%s(chốt số liệu ngày %.2s/%.2s/%.4s)", o ? " " : "",
                 p->cutoff + 8, p->cutoff + 5, p->cutoff);
}

/* The previous period in a sentence: "Tháng 4" rather than the heading's "THÁNG 4". */
char *cx_summary_prev_words(const cx_snapshot *s)
{
    const cx_period *p = &s->prev_period;
    if (p->month || p->week || p->quarter || p->year) return cx_period_heading(p);
    if (!s->prev_label) return strdup("kỳ trước");
    /* A heading such as "ĐIỂM TỔNG HỢP (TUẦN 04/11)" says the period: "Tháng 11 - Tuần 04". */
    cx_period hp = {0};
    if (cx_period_parse(s->prev_label, &hp) && (hp.month || hp.week)) {
        char *h = cx_period_heading(&hp);
        if (h) return h;
    }
    char *low = cx_vi_lower(s->prev_label);
    char *t = low ? cx_vi_title(low) : NULL;
    free(low);
    return t ? t : strdup(s->prev_label);
}

static const char *total_label(const cx_unit *t)
{
    if (cx_unit_has(t, CX_IND_XEP_LOAI)) {
        int l = (int)t->v[CX_IND_XEP_LOAI];
        if (l > 0 && l < CX_LABEL_COUNT) return cx_label_display((cx_label)l);
    }
    if (cx_unit_has(t, CX_IND_DIEM_TONG_HOP)) return cx_label_display(cx_label_for_score(t->v[CX_IND_DIEM_TONG_HOP]));
    return NULL;
}

/* CX_OK or CX_ERR_NOMEM (the caller checks the stream). */
static cx_error print_prose(const cx_summary *sm, int md, FILE *out)
{
    const cx_snapshot *s = sm->s;
    char head[512], num[64];
    const char *b = md ? "**" : "";
    char *prev = cx_summary_prev_words(s);
    if (!prev) return CX_ERR_NOMEM;
    period_words(s, head, sizeof head);
    if (md) fprintf(out, "## Kết quả Bộ chỉ số phục vụ người dân, doanh nghiệp%s%s\n\n", head[0] ? ": " : "", head);
    else fprintf(out, "Kết quả Bộ chỉ số phục vụ người dân, doanh nghiệp%s%s\n\n", head[0] ? ": " : "", head);
    int n = 1;
    const cx_unit *t = sm->total;
    if (t && cx_unit_has(t, CX_IND_DIEM_TONG_HOP)) {
        vi_number(t->v[CX_IND_DIEM_TONG_HOP], 2, num, sizeof num);
        fprintf(out, "%d. Tổng số điểm đạt: %s%s/100%s điểm", n++, b, num, b);
        if (cx_unit_has(t, CX_IND_XEP_HANG)) fprintf(out, ", xếp hạng %02d", (int)t->v[CX_IND_XEP_HANG]);
        const char *l = total_label(t);
        if (l) fprintf(out, ", xếp loại %s\"%s\"%s", b, l, b);
        if (cx_unit_has(t, CX_IND_TANG_GIAM)) {
            double dv = t->v[CX_IND_TANG_GIAM];
            vi_number(fabs(dv), 2, num, sizeof num);
            if (dv > 0) fprintf(out, ", tăng %s điểm", num);
            else if (dv < 0) fprintf(out, ", giảm %s điểm", num);
            else fprintf(out, ", không đổi");
            fprintf(out, " so với %s", prev);
        }
        fprintf(out, ".\n");
    }
    fprintf(out, "%d. Xếp loại %zu đơn vị: ", n++, sm->nunits);
    for (int l = 1; l < CX_LABEL_COUNT; l++)
        fprintf(out, "%s %s%zu%s%s", label_words[l], b, sm->counts[l], b, l + 1 < CX_LABEL_COUNT ? ", " : "");
    if (sm->counts[0]) fprintf(out, ", chưa xếp loại %zu", sm->counts[0]);
    fprintf(out, ".\n");
    if (sm->nlists) {
        fprintf(out, "%d. Các đơn vị chưa đạt:\n", n++);
        for (size_t i = 0; i < sm->nlists; i++) {
            const cx_summary_list *L = &sm->lists[i];
            char *names = cx_summary_list_text(L->items, L->n, L->rule->indicator, 1);
            if (!names) { free(prev); return CX_ERR_NOMEM; }
            fprintf(out, "- Chỉ số %s%s%s: %s.\n", b, L->title, b, names);
            free(names);
        }
    } else {
        fprintf(out, "%d. Không có đơn vị nào chưa đạt chỉ tiêu.\n", n++);
    }
    if (sm->nfell) {
        char *names = cx_summary_list_text(sm->fell, sm->nfell, CX_IND_TANG_GIAM, 1);
        if (!names) { free(prev); return CX_ERR_NOMEM; }
        fprintf(out, "%d. Giảm điểm so với %s: %s.\n", n++, prev, names);
        free(names);
    }
    free(prev);
    return CX_OK;
}

static json_t *jnum(double v)
{
    if (v == floor(v) && fabs(v) < 1e15) return json_integer((json_int_t)v);
    return json_real(v);
}

static json_t *item_json(const cx_summary_item *it, cx_indicator ind)
{
    json_t *o = json_object();
    if (!o) return NULL;
    json_object_set_new(o, "name", json_string(it->unit->name ? it->unit->name : ""));
    json_object_set_new(o, "key", it->unit->key ? json_string(it->unit->key) : json_null());
    if (ind == CX_IND_XEP_LOAI) {
        const char *id = cx_label_id((cx_label)(int)it->value);
        json_object_set_new(o, "value", id ? json_string(id) : json_null());
    } else {
        json_object_set_new(o, "value", jnum(it->value));
    }
    return o;
}

/* CX_OK, CX_ERR_NOMEM, or CX_ERR_WRITE when the stream refused it. */
static cx_error print_json(const cx_summary *sm, FILE *out)
{
    const cx_snapshot *s = sm->s;
    json_t *root = json_object();
    if (!root) return CX_ERR_NOMEM;
    json_object_set_new(root, "scope", s->scope ? json_string(s->scope) : json_null());
    json_t *per = json_object();
    json_object_set_new(per, "label", s->period.label ? json_string(s->period.label) : json_null());
    json_object_set_new(per, "year", s->period.year ? json_integer(s->period.year) : json_null());
    json_object_set_new(per, "month", s->period.month ? json_integer(s->period.month) : json_null());
    json_object_set_new(per, "week", s->period.week ? json_integer(s->period.week) : json_null());
    json_object_set_new(per, "cutoff", s->period.cutoff[0] ? json_string(s->period.cutoff) : json_null());
    json_object_set_new(root, "period", per);
    json_t *dist = json_object();
    const cx_unit *t = sm->total;
    if (t && cx_unit_has(t, CX_IND_DIEM_TONG_HOP)) json_object_set_new(dist, "diem_tong_hop", jnum(t->v[CX_IND_DIEM_TONG_HOP]));
    if (t && cx_unit_has(t, CX_IND_XEP_HANG)) json_object_set_new(dist, "xep_hang", jnum(t->v[CX_IND_XEP_HANG]));
    if (t) {
        const char *l = NULL;
        if (cx_unit_has(t, CX_IND_XEP_LOAI)) l = cx_label_id((cx_label)(int)t->v[CX_IND_XEP_LOAI]);
        else if (cx_unit_has(t, CX_IND_DIEM_TONG_HOP)) l = cx_label_id(cx_label_for_score(t->v[CX_IND_DIEM_TONG_HOP]));
        if (l) json_object_set_new(dist, "xep_loai", json_string(l));
        if (cx_unit_has(t, CX_IND_TANG_GIAM)) json_object_set_new(dist, "tang_giam", jnum(t->v[CX_IND_TANG_GIAM]));
    }
    json_object_set_new(root, "district", dist);
    json_object_set_new(root, "units", json_integer((json_int_t)sm->nunits));
    json_t *counts = json_object();
    for (int l = 1; l < CX_LABEL_COUNT; l++) json_object_set_new(counts, cx_label_id((cx_label)l), json_integer((json_int_t)sm->counts[l]));
    if (sm->counts[0]) json_object_set_new(counts, "unknown", json_integer((json_int_t)sm->counts[0]));
    json_object_set_new(root, "counts", counts);
    json_t *failing = json_array();
    for (size_t i = 0; i < sm->nlists; i++) {
        const cx_summary_list *L = &sm->lists[i];
        json_t *o = json_object(), *units = json_array();
        json_object_set_new(o, "indicator", json_string(cx_indicators[L->rule->indicator].id));
        json_object_set_new(o, "title", json_string(L->title));
        for (size_t k = 0; k < L->n; k++) json_array_append_new(units, item_json(&L->items[k], L->rule->indicator));
        json_object_set_new(o, "units", units);
        char *text = cx_summary_list_text(L->items, L->n, L->rule->indicator, 0);
        json_object_set_new(o, "text", json_string(text ? text : ""));
        free(text);
        json_array_append_new(failing, o);
    }
    json_object_set_new(root, "failing", failing);
    json_t *fell = json_array();
    for (size_t k = 0; k < sm->nfell; k++) json_array_append_new(fell, item_json(&sm->fell[k], CX_IND_TANG_GIAM));
    json_object_set_new(root, "fell", fell);
    json_object_set_new(root, "previous", s->prev_label ? json_string(s->prev_label) : json_null());
    /* json_dumpf fails on a write error or an allocation: the stream tells which. */
    cx_error rc = json_dumpf(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15)) == 0 ? CX_OK
                  : ferror(out) ? CX_ERR_WRITE : CX_ERR_NOMEM;
    fputc('\n', out);
    json_decref(root);
    return rc;
}

cx_error cx_summary_print(const cx_snapshot *s, const cx_rules *rules, cx_summary_format fmt, FILE *out)
{
    if (!s || !out) return CX_ERR_USAGE;
    cx_summary *sm = cx_summary_build(s, rules);
    if (!sm) return CX_ERR_NOMEM;
    cx_error rc = fmt == CX_SUMMARY_JSON ? print_json(sm, out) : print_prose(sm, fmt == CX_SUMMARY_MARKDOWN, out);
    cx_summary_free(sm);
    if (rc == CX_OK && (fflush(out) != 0 || ferror(out))) rc = CX_ERR_WRITE;
    return rc;
}
