/*
 * json.c — the national portal's JSON (jansson), as people and crawlers save it.
 *
 * Two services, one sheet:
 *   old: rows with TEN, TEN_COQUAN, MA_COQUAN, CKMB, TDGQ, CLGQ, TTTT, MDHL, MDSH,
 *        TONG_SCORE (values often strings "19.05"), under "data" or as a bare array;
 *   new: an "evaluation" array of {departmentName, departmentCode, totalScore,
 *        scoreDelta, groupScores}, groupScores either {"CKMB": 18, ...} or
 *        [{"code": "CKMB", "score": 18}, ...].
 * The rows are pushed as a table: a title row with the period when the request
 * fields say it (p_nam/p_thang, year/month, timeType), a header row of the field
 * names (the heading matcher knows them), one row per unit. Strings stay text and
 * numbers numbers: the normalizer parses both the same way as in any sheet.
 */
#include "reader.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define JSON_MAX_SEARCH_DEPTH 8

/* Field names that tell a row of the portal's data. */
static const char *const known_fields[] = {
    "TEN", "TEN_COQUAN", "MA_COQUAN", "CKMB", "TDGQ", "CLGQ", "TTTT", "MDHL", "MDSH", "TONG_SCORE",
    "departmentName", "departmentCode", "totalScore", "scoreDelta", "groupScores",
};

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

/* Find the rows: "evaluation", "data", else the best-scoring array anywhere (bounded depth). */
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

typedef struct jperiod {
    long year, month, quarter;
    char type[32];
} jperiod;

/* The request fields, looked for in every object outside the rows (bounded depth). */
static void find_period(json_t *v, json_t *rows, int depth, jperiod *p)
{
    if (depth > JSON_MAX_SEARCH_DEPTH || v == rows) return;
    if (json_is_array(v)) {
        size_t i;
        json_t *e;
        json_array_foreach(v, i, e) {
            if (i >= 16) break;
            if (!json_is_object(e) || row_score(e) == 0) find_period(e, rows, depth + 1, p);
        }
        return;
    }
    if (!json_is_object(v)) return;
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
    const char *key;
    json_t *e;
    json_object_foreach(v, key, e) {
        if (json_is_object(e) || json_is_array(e)) find_period(e, rows, depth + 1, p);
    }
}

static int period_title(const jperiod *p, char *out, size_t n)
{
    if (p->year < 0) return 0;
    const char *t = p->type;
    int is_q = strcasestr(t, "quy") || strcasestr(t, "quarter") || strcasestr(t, "qu\xc3\xbd");
    int is_y = strcasestr(t, "year") || strcasecmp(t, "nam") == 0 || strcasestr(t, "n\xc4\x83m");
    if (is_y) snprintf(out, n, "Năm %ld", p->year);
    else if (is_q && (p->quarter > 0 || (p->month > 0 && p->month <= 4)))
        snprintf(out, n, "Quý %ld/%ld", p->quarter > 0 ? p->quarter : p->month, p->year);
    else if (p->month > 0) snprintf(out, n, "Tháng %ld/%ld", p->month, p->year);
    else if (p->quarter > 0) snprintf(out, n, "Quý %ld/%ld", p->quarter, p->year);
    else snprintf(out, n, "Năm %ld", p->year);
    return 1;
}

/* Columns: names in first-seen order, the portal's known fields first. */
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
    static const char *const keys[] = {"score", "value", "point", "diem", "totalScore"};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        json_t *v = json_object_get(e, keys[i]);
        if (v) return v;
    }
    return NULL;
}

static int collect_columns(json_t *rows, jcols *c)
{
    int rc;
    for (size_t i = 0; i < sizeof known_fields / sizeof known_fields[0]; i++) {
        if (strcmp(known_fields[i], "groupScores") == 0) continue;
        size_t k;
        json_t *r;
        json_array_foreach(rows, k, r)
            if (json_is_object(r) && json_object_get(r, known_fields[i])) {
                if ((rc = col_add(c, known_fields[i]))) return rc;
                break;
            }
    }
    size_t k;
    json_t *r;
    json_array_foreach(rows, k, r) {
        if (!json_is_object(r)) continue;
        const char *key;
        json_t *v;
        json_object_foreach(r, key, v) {
            if (strcmp(key, "groupScores") == 0) {
                if (json_is_object(v)) {
                    const char *gk;
                    json_t *gv;
                    json_object_foreach(v, gk, gv)
                        if ((rc = col_add(c, gk))) return rc;
                } else if (json_is_array(v)) {
                    size_t gi;
                    json_t *ge;
                    json_array_foreach(v, gi, ge) {
                        const char *code = json_is_object(ge) ? group_code(ge) : NULL;
                        if (code && (rc = col_add(c, code))) return rc;
                    }
                }
            } else if (!json_is_object(v) && !json_is_array(v)) {
                if ((rc = col_add(c, key))) return rc;
            }
        }
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

static cx_error sink_failed(cx_diag *d, const char *path)
{
    if (d->err) return d->err;
    return cx_fail(d, CX_ERR_ABORTED, "%s: stopped", path);
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
    if (!root)
        return cx_fail(d, CX_ERR_FORMAT, "%s, line %d, column %d: invalid JSON: %s", path, je.line, je.column, je.text);

    cx_error err = CX_OK;
    jcols cols = {0};
    cx_cell *cells = NULL;
    json_t *inner = NULL;
    int score = 0;
    json_t *rows = find_rows(root, 0, &score);
    if (!rows) {
        /* Some services wrap the payload as a JSON string: {"d": "[{...}]"} */
        static const char *const wrap[] = {"d", "data", "result"};
        for (size_t i = 0; i < 3 && !rows && json_is_object(root); i++) {
            json_t *s = json_object_get(root, wrap[i]);
            if (!json_is_string(s)) continue;
            inner = json_loadb(json_string_value(s), json_string_length(s), JSON_DECODE_ANY, &je);
            if (inner) rows = find_rows(inner, 0, &score);
        }
    }
    if (!rows) {
        err = cx_fail(d, CX_ERR_NO_TABLE,
                      "%s: JSON without the portal's rows (no array of objects with TEN_COQUAN, TONG_SCORE, "
                      "departmentName, totalScore...)", path);
        goto done;
    }
    if (json_array_size(rows) > CX_MAX_ROWS) {
        err = cx_fail(d, CX_ERR_LIMIT, "%s: more than %u rows", path, CX_MAX_ROWS);
        goto done;
    }
    int rc = collect_columns(rows, &cols);
    if (rc == -2) { err = cx_fail(d, CX_ERR_LIMIT, "%s: more than %u different fields", path, CX_MAX_COLUMNS); goto done; }
    if (rc) { err = cx_fail(d, CX_ERR_NOMEM, "%s: out of memory", path); goto done; }
    if (info) info->nsheets = 1;

    jperiod per = {-1, -1, -1, ""};
    find_period(root, rows, 0, &per);
    if (inner) find_period(inner, rows, 0, &per);
    char title[64];
    int has_title = period_title(&per, title, sizeof title);

    cells = calloc(cols.n ? cols.n : 1, sizeof *cells);
    if (!cells) { err = cx_fail(d, CX_ERR_NOMEM, "%s: out of memory", path); goto done; }
    if (sink->sheet_begin && sink->sheet_begin(sink->ud, NULL, 0)) { err = sink_failed(d, path); goto done; }
    uint32_t r = 0;
    if (has_title) {
        cx_cell t = {CX_CELL_TEXT, 0, 0, title, strlen(title)};
        if (sink->row && sink->row(sink->ud, r, &t, 1)) { err = sink_failed(d, path); goto done; }
        r++;
    }
    for (size_t i = 0; i < cols.n; i++) cells[i] = (cx_cell){CX_CELL_TEXT, 0, 0, cols.name[i], strlen(cols.name[i])};
    if (sink->row && sink->row(sink->ud, r, cells, (uint32_t)cols.n)) { err = sink_failed(d, path); goto done; }
    r++;
    size_t k;
    json_t *row;
    json_array_foreach(rows, k, row) {
        if (!json_is_object(row)) {
            cx_warn(d, "json_not_a_row", path, NULL, (long)r + 1, -1, "item %zu of the rows is not an object; skipped", k + 1);
            r++;
            continue;
        }
        uint32_t n = 0;
        for (size_t c = 0; c < cols.n; c++) {
            memset(&cells[c], 0, sizeof cells[c]);
        }
        const char *key;
        json_t *v;
        json_object_foreach(row, key, v) {
            if (strcmp(key, "groupScores") == 0) {
                if (json_is_object(v)) {
                    const char *gk;
                    json_t *gv;
                    json_object_foreach(v, gk, gv) {
                        long c = col_find(&cols, gk);
                        if (c >= 0) set_value(&cells[c], gv);
                    }
                } else if (json_is_array(v)) {
                    size_t gi;
                    json_t *ge;
                    json_array_foreach(v, gi, ge) {
                        const char *code = json_is_object(ge) ? group_code(ge) : NULL;
                        long c = code ? col_find(&cols, code) : -1;
                        if (c >= 0) set_value(&cells[c], group_value(ge));
                    }
                }
                continue;
            }
            if (json_is_object(v) || json_is_array(v)) continue;
            long c = col_find(&cols, key);
            if (c >= 0) set_value(&cells[c], v);
        }
        for (size_t c = 0; c < cols.n; c++) {
            if (cells[c].type == CX_CELL_TEXT && cells[c].len > CX_MAX_CELL_BYTES) {
                char cn[24];
                err = cx_fail(d, CX_ERR_LIMIT, "%s: row %zu, field %s (%s): a text longer than %u bytes", path, k + 1,
                              cols.name[c], cx_cell_name((int)c, (long)r + 1, cn), CX_MAX_CELL_BYTES);
                goto done;
            }
            if (cells[c].type != CX_CELL_EMPTY) n = (uint32_t)c + 1;
        }
        if (n && sink->row && sink->row(sink->ud, r, cells, n)) { err = sink_failed(d, path); goto done; }
        r++;
    }
    if (sink->sheet_end && sink->sheet_end(sink->ud)) { err = sink_failed(d, path); goto done; }
done:
    for (size_t i = 0; i < cols.n; i++) free(cols.name[i]);
    free(cols.name);
    free(cells);
    json_decref(inner);
    json_decref(root);
    return err;
}
