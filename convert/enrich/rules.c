/*
 * rules.c — failing rules ("chưa đạt"): the spec's defaults and the --rules file.
 *
 * The file is small and written by hand, so the parser is strict and every error
 * names the file and line ("rules.txt:3: unknown indicator 'dvc'"): a typo must not
 * silently drop a rule and leave a failing commune unmarked.
 */
#include "rules.h"
#include "i18n.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include "number.h"

/* A rule's labels are a bitmask (cx_rule.labels, bit 1 << cx_label). */
_Static_assert(CX_LABEL_COUNT <= sizeof(unsigned) * 8, "cx_rule.labels holds a bit for every label");
#define RULES_MAX_BYTES  (1u << 20)   /* a rules file is a few lines; refuse anything huge */
#define RULES_MAX_DESC   400          /* bytes of a description (one legend line) */

static const struct {
    cx_indicator ind;
    cx_op op;
    double value;
    unsigned labels;
    const char *desc;
} default_rules[] = {
    {CX_IND_DIEM_TONG_HOP, CX_OP_LT, 70, 0, "Điểm tổng hợp dưới 70 điểm"},
    {CX_IND_XEP_LOAI, CX_OP_IN, 0, (1u << CX_LABEL_TRUNG_BINH) | (1u << CX_LABEL_YEU), "Xếp loại Trung bình hoặc Yếu"},
    {CX_IND_TANG_GIAM, CX_OP_LT, 0, 0, "Điểm giảm so với kỳ trước"},
    {CX_IND_CONG_KHAI_MINH_BACH, CX_OP_LT, 70, 0, "Công khai, minh bạch dưới 70%"},
    {CX_IND_TIEN_DO_GIAI_QUYET, CX_OP_LT, 90, 0, "Tiến độ giải quyết dưới 90%"},
    {CX_IND_DVC_TRUC_TUYEN, CX_OP_LT, 50, 0, "Dịch vụ công trực tuyến dưới 50%"},
    {CX_IND_THANH_TOAN_TRUC_TUYEN, CX_OP_LT, 30, 0, "Thanh toán trực tuyến dưới 30%"},
    {CX_IND_SO_HOA_HO_SO, CX_OP_LT, 80, 0, "Số hóa hồ sơ dưới 80%"},
    {CX_IND_MUC_DO_HAI_LONG, CX_OP_LT, 90, 0, "Mức độ hài lòng dưới 90%"},
};

/* Labels as a sentence writes them ("Trung bình"), for descriptions. */
static const char *const label_words[CX_LABEL_COUNT] = {"", "Xuất sắc", "Tốt", "Khá", "Trung bình", "Yếu"};

void cx_rules_free(cx_rules *r)
{
    if (!r) return;
    for (size_t i = 0; i < r->n; i++) free(r->items[i].desc);
    free(r->items);
    free(r);
}

static cx_error rules_push(cx_rules *r, const cx_rule *rule)
{
    cx_rule *ni = realloc(r->items, (r->n + 1) * sizeof *ni);
    if (!ni) return CX_ERR_NOMEM;
    r->items = ni;
    r->items[r->n++] = *rule;
    return CX_OK;
}

cx_rules *cx_rules_default(void)
{
    cx_rules *r = calloc(1, sizeof *r);
    if (!r) return NULL;
    for (size_t i = 0; i < sizeof default_rules / sizeof default_rules[0]; i++) {
        cx_rule rule = {default_rules[i].ind, default_rules[i].op, default_rules[i].value,
                        default_rules[i].labels, strdup(default_rules[i].desc)};
        if (!rule.desc || rules_push(r, &rule) != CX_OK) {
            free(rule.desc);
            cx_rules_free(r);
            return NULL;
        }
    }
    return r;
}

int cx_rule_fails(const cx_rule *r, const cx_unit *u)
{
    if (!r || !u || r->indicator < 0 || r->indicator >= CX_IND_COUNT) return 0;
    if (!cx_unit_has(u, r->indicator)) return 0;
    double v = u->v[r->indicator];
    switch (r->op) {
    case CX_OP_LT: return v < r->value;
    case CX_OP_LE: return v <= r->value;
    case CX_OP_GT: return v > r->value;
    case CX_OP_GE: return v >= r->value;
    case CX_OP_IN: {
        int l = (int)v;
        return l > 0 && l < CX_LABEL_COUNT && ((r->labels >> l) & 1u);
    }
    }
    return 0;
}

const cx_rule *cx_rules_find(const cx_rules *r, cx_indicator ind)
{
    for (size_t i = 0; r && i < r->n; i++)
        if (r->items[i].indicator == ind) return &r->items[i];
    return NULL;
}

const char *cx_op_symbol(cx_op op)
{
    switch (op) {
    case CX_OP_LT: return "<";
    case CX_OP_LE: return "<=";
    case CX_OP_GT: return ">";
    case CX_OP_GE: return ">=";
    case CX_OP_IN: return "in";
    }
    return "?";
}

/* A number as Vietnamese prose writes it: decimal comma ("62,5"). */
static void vi_number(double v, char *buf)
{
    cx_format_number(v, buf);
    for (char *p = buf; *p; p++)
        if (*p == '.') *p = ',';
}

char *cx_rule_describe(const cx_rule *r)
{
    if (!r) return NULL;
    if (r->desc && r->desc[0]) return strdup(r->desc);
    char *out = NULL;
    if (r->indicator < 0 || r->indicator >= CX_IND_COUNT) return strdup("");
    const cx_indicator_info *info = &cx_indicators[r->indicator];
    if (r->op == CX_OP_IN) {
        /* "Xếp loại Trung bình hoặc Yếu" */
        char buf[256];
        size_t n = 0;
        int count = 0, total = 0;
        for (int l = 1; l < CX_LABEL_COUNT; l++) total += (r->labels >> l) & 1u;
        n += (size_t)snprintf(buf, sizeof buf, "%s", info->name_vi);
        for (int l = 1; l < CX_LABEL_COUNT && n < sizeof buf; l++) {
            if (!((r->labels >> l) & 1u)) continue;
            const char *sep = count == 0 ? " " : (count == total - 1 ? " hoặc " : ", ");
            n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%s", sep, label_words[l]);
            count++;
        }
        return strdup(buf);
    }
    if (r->indicator == CX_IND_TANG_GIAM && r->op == CX_OP_LT && r->value == 0)
        return strdup("Điểm giảm so với kỳ trước");
    char num[32];
    vi_number(r->value, num);
    const char *unit = "";
    switch (info->measure) {
    case CX_MEASURE_PERCENT: unit = "%"; break;
    case CX_MEASURE_POINTS: case CX_MEASURE_GROUP: unit = " điểm"; break;
    default: break;
    }
    int rc;
    switch (r->op) {
    case CX_OP_LT: rc = asprintf(&out, "%s dưới %s%s", info->name_vi, num, unit); break;
    case CX_OP_LE: rc = asprintf(&out, "%s từ %s%s trở xuống", info->name_vi, num, unit); break;
    case CX_OP_GT: rc = asprintf(&out, "%s trên %s%s", info->name_vi, num, unit); break;
    default:       rc = asprintf(&out, "%s từ %s%s trở lên", info->name_vi, num, unit); break;
    }
    return rc < 0 ? NULL : out;
}

/* ---- the rules file ---- */

typedef struct {
    const char *path;
    long line;
    cx_diag *d;
} rctx;

static cx_rules *parse_error(rctx *c, cx_rules *r, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static cx_rules *parse_error(rctx *c, cx_rules *r, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, _(fmt), ap);
    va_end(ap);
    cx_fail(c->d, CX_ERR_USAGE, "%s:%ld: %s", c->path, c->line, msg);
    cx_rules_free(r);
    return NULL;
}

static int is_space(char ch) { return ch == ' ' || ch == '\t' || ch == '\v' || ch == '\f'; }
static const char *skip_space(const char *p, const char *e) { while (p < e && is_space(*p)) p++; return p; }
static int is_word(char ch) { return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_'; }

/* "62.5", "62,5", "-3", "+80", "80%": a threshold, locale-free. 0 ok. */
static int parse_threshold(const char *p, const char *e, double *out)
{
    double sign = 1, v = 0, scale = 1;
    int digits = 0, frac = 0;
    if (p < e && (*p == '-' || *p == '+')) { if (*p == '-') sign = -1; p++; }
    for (; p < e; p++) {
        if (*p >= '0' && *p <= '9') {
            if (frac) { scale /= 10; v += (*p - '0') * scale; }
            else v = v * 10 + (*p - '0');
            digits++;
        } else if ((*p == '.' || *p == ',') && !frac) {
            frac = 1;
        } else break;
    }
    if (p < e && *p == '%') p++;
    if (!digits || p != e || digits > 15) return -1;
    *out = sign * v;
    return 0;
}

/* The id among those holding w (prefix_only: starting with it), when there is one: several
 * are fine when the shortest is a prefix of the others ("dvc" -> dvc_truc_tuyen rather than
 * dvc_truc_tuyen_diem). NULL when none or ambiguous. */
static const char *suggest_among(const char *w, int prefix_only)
{
    const char *hit = NULL;
    for (int i = 0; i < CX_IND_COUNT; i++) {
        const char *id = cx_indicators[i].id;
        const char *at = strstr(id, w);
        if (!at || (prefix_only && at != id)) continue;
        if (!hit || strlen(id) < strlen(hit)) {
            if (hit && strncmp(id, hit, strlen(id)) != 0) return NULL;
            hit = id;
        } else if (strncmp(id, hit, strlen(hit)) != 0) {
            return NULL;
        }
    }
    return hit;
}

/* Suggest an id when the user's word starts one, else is part of exactly one ("dvc" -> dvc_truc_tuyen). */
static const char *suggest_indicator(const char *w)
{
    if (strlen(w) < 2) return NULL;
    const char *hit = suggest_among(w, 1);
    return hit ? hit : suggest_among(w, 0);
}

static int valid_utf8(const char *s, size_t len)
{
    utf8proc_ssize_t off = 0;
    while ((size_t)off < len) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s + off, (utf8proc_ssize_t)len - off, &cp);
        if (n <= 0 || cp == 0) return 0;
        off += n;
    }
    return 1;
}

/* One non-empty line (comment already cut, trimmed). */
static cx_rules *parse_line(rctx *c, cx_rules *r, const char *p, const char *e)
{
    cx_rule rule = {.indicator = CX_IND_NONE};
    /* Split off the description. */
    const char *bar = memchr(p, '|', (size_t)(e - p));
    const char *de = e, *ds = NULL;
    if (bar) {
        ds = skip_space(bar + 1, e);
        e = bar;
        while (e > p && is_space(e[-1])) e--;
        while (de > ds && is_space(de[-1])) de--;
    }
    /* The indicator id. */
    const char *w = p;
    while (p < e && is_word(*p)) p++;
    char id[64];
    size_t idlen = (size_t)(p - w);
    if (idlen == 0) {
        char got[16];
        snprintf(got, sizeof got, "%.*s", (int)((e - w) < 8 ? (e - w) : 8), w);
        return parse_error(c, r, "expected an indicator id at '%s' (a rule reads: dvc_truc_tuyen < 50)", got);
    }
    if (idlen >= sizeof id) idlen = sizeof id - 1;
    for (size_t i = 0; i < idlen; i++) id[i] = (char)((w[i] >= 'A' && w[i] <= 'Z') ? w[i] - 'A' + 'a' : w[i]);
    id[idlen] = 0;
    rule.indicator = cx_indicator_from_id(id);
    if (rule.indicator == CX_IND_NONE) {
        const char *s = suggest_indicator(id);
        if (s) return parse_error(c, r, "unknown indicator '%s' (did you mean '%s'?)", id, s);
        return parse_error(c, r, "unknown indicator '%s' (the ids are listed in README.md, e.g. dvc_truc_tuyen)", id);
    }
    for (size_t i = 0; i < r->n; i++)
        if (r->items[i].indicator == rule.indicator)
            return parse_error(c, r, "a second rule for '%s' (one rule per indicator)", id);
    p = skip_space(p, e);
    /* The operator. */
    if (p < e && (*p == '<' || *p == '>')) {
        int lt = *p == '<';
        p++;
        int eq = p < e && *p == '=';
        if (eq) p++;
        rule.op = lt ? (eq ? CX_OP_LE : CX_OP_LT) : (eq ? CX_OP_GE : CX_OP_GT);
    } else if (e - p >= 2 && (p[0] == 'i' || p[0] == 'I') && (p[1] == 'n' || p[1] == 'N') &&
               (e - p == 2 || is_space(p[2]))) {
        rule.op = CX_OP_IN;
        p += 2;
    } else {
        return parse_error(c, r, "expected <, <=, >, >= or 'in' after '%s'", id);
    }
    p = skip_space(p, e);
    if (rule.indicator == CX_IND_XEP_LOAI) {
        if (rule.op != CX_OP_IN)
            return parse_error(c, r, "xep_loai takes labels: xep_loai in trung_binh,yeu");
        /* Comma-separated label ids, spaces allowed around commas. */
        while (p < e) {
            const char *ls = p;
            while (p < e && *p != ',' && !is_space(*p)) p++;
            char lab[32];
            size_t ll = (size_t)(p - ls);
            if (ll >= sizeof lab) ll = sizeof lab - 1;
            for (size_t i = 0; i < ll; i++) lab[i] = (char)((ls[i] >= 'A' && ls[i] <= 'Z') ? ls[i] - 'A' + 'a' : ls[i]);
            lab[ll] = 0;
            cx_label l = cx_label_from_id(lab);
            if (l == CX_LABEL_NONE)
                return parse_error(c, r, "unknown label '%s' (labels: xuat_sac, tot, kha, trung_binh, yeu)", lab);
            rule.labels |= 1u << l;
            p = skip_space(p, e);
            if (p < e && *p == ',') p = skip_space(p + 1, e);
        }
        if (!rule.labels)
            return parse_error(c, r, "'in' needs at least one label: xep_loai in trung_binh,yeu");
    } else {
        if (rule.op == CX_OP_IN)
            return parse_error(c, r, "'in' is for xep_loai only; '%s' takes <, <=, >, >= and a number", id);
        if (p >= e) return parse_error(c, r, "a number is missing after the operator for '%s'", id);
        if (parse_threshold(p, e, &rule.value) != 0) {
            char got[64];
            snprintf(got, sizeof got, "%.*s", (int)((e - p) < 40 ? (e - p) : 40), p);
            return parse_error(c, r, "'%s' is not a number (write 50 or 62.5)", got);
        }
    }
    /* The description: NFC, as it goes into the workbook. */
    if (ds && de > ds) {
        if ((size_t)(de - ds) > RULES_MAX_DESC)
            return parse_error(c, r, "the description is too long (at most 400 bytes)");
        char *tmp = strndup(ds, (size_t)(de - ds));
        if (!tmp) { cx_fail(c->d, CX_ERR_NOMEM, "out of memory"); cx_rules_free(r); return NULL; }
        rule.desc = (char *)utf8proc_NFC((const utf8proc_uint8_t *)tmp);
        free(tmp);
    } else {
        rule.desc = cx_rule_describe(&rule);
    }
    if (!rule.desc || rules_push(r, &rule) != CX_OK) {
        free(rule.desc);
        cx_fail(c->d, CX_ERR_NOMEM, "out of memory");
        cx_rules_free(r);
        return NULL;
    }
    return r;
}

cx_rules *cx_rules_parse(const char *text, size_t len, const char *path, cx_diag *d)
{
    rctx c = {path ? path : "rules", 0, d};
    cx_rules *r = calloc(1, sizeof *r);
    if (!r) { cx_fail(d, CX_ERR_NOMEM, "out of memory"); return NULL; }
    const char *p = text, *end = text + len;
    if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0) p += 3;
    while (p < end) {
        c.line++;
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *e = nl ? nl : end;
        if (!valid_utf8(p, (size_t)(e - p)))
            return parse_error(&c, r, "not UTF-8 text (save the rules file as UTF-8)");
        const char *hash = memchr(p, '#', (size_t)(e - p));
        const char *le = hash ? hash : e;
        const char *ls = p;
        while (ls < le && (is_space(*ls) || *ls == '\r')) ls++;
        while (le > ls && (is_space(le[-1]) || le[-1] == '\r')) le--;
        if (le > ls && !parse_line(&c, r, ls, le)) return NULL;
        p = nl ? nl + 1 : end;
    }
    return r;
}

cx_rules *cx_rules_load(const char *path, cx_diag *d)
{
    FILE *f = fopen(path, "rb");
    if (!f) { cx_fail(d, CX_ERR_USAGE, "%s: cannot open the rules file: %s", path, strerror(errno)); return NULL; }
    char *buf = malloc(RULES_MAX_BYTES + 1);
    size_t n = buf ? fread(buf, 1, RULES_MAX_BYTES + 1, f) : 0;
    int rerr = ferror(f);
    fclose(f);
    cx_rules *r = NULL;
    if (!buf) cx_fail(d, CX_ERR_NOMEM, "out of memory");
    else if (rerr) cx_fail(d, CX_ERR_USAGE, "%s: cannot read the rules file (is it a directory?)", path);
    else if (n > RULES_MAX_BYTES) cx_fail(d, CX_ERR_USAGE, "%s: too large for a rules file (over 1 MB)", path);
    else r = cx_rules_parse(buf, n, path, d);
    free(buf);
    return r;
}
