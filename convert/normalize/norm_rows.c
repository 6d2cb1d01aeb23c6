/* norm_rows.c — the rows under a header become units: name, kind, code, every
 * indicator's value (numbers by the column's measure, labels), checks on each value. */
#include "norm_int.h"
#include "i18n.h"

#include <math.h>
#include <stdio.h>

#include "label.h"
#include "names.h"
#include "number.h"
#include "nfc_quick.h"

/* A province's overview row ("UBND tỉnh Gia Lai") is named with its level ("Tỉnh Gia Lai"),
 * so that its key is not the key of a commune or ward of the same name. -1 no memory. */
int overview_name(cx_unit *u)
{
    const char *lvl = u->kind == CX_KIND_TINH ? "Tỉnh " : "Thành phố ";
    size_t l = strlen(lvl) + strlen(u->name) + 1;
    char *nm = malloc(l);
    if (!nm) return -1;
    snprintf(nm, l, "%s%s", lvl, u->name);
    char *key = cx_vi_lower(nm);
    if (!key) { free(nm); return -1; }
    free(u->name);
    free(u->key);
    u->name = nm;
    u->key = key;
    return 0;
}

/* In a list of provinces, the centrally-run cities (Hà Nội, Huế, ...) are thanh_pho_tw. */
void central_cities(cx_snapshot *sn)
{
    static const char *const keys[] = {"hà nội", "hồ chí minh", "hải phòng", "đà nẵng", "cần thơ", "huế"};
    int provinces = 0;
    for (size_t k = 0; k < sn->nunits && !provinces; k++) provinces = sn->units[k].kind == CX_KIND_TINH;
    for (size_t k = 0; provinces && k < sn->nunits; k++) {
        cx_unit *u = &sn->units[k];
        if (u->kind != CX_KIND_THANH_PHO && u->kind != CX_KIND_NULL) continue;
        for (size_t c = 0; c < sizeof keys / sizeof keys[0]; c++)
            if (u->key && !strcmp(u->key, keys[c])) u->kind = CX_KIND_THANH_PHO_TW;
    }
}

cx_kind kind_from_text(const char *t)
{
    char *f = cx_fold_heading(t);
    if (!f) return CX_KIND_NULL;
    cx_kind k = cx_kind_from_id(t);
    static const struct { const char *w; cx_kind k; } map[] = {
        {"xa", CX_KIND_XA}, {"phuong", CX_KIND_PHUONG}, {"thi tran", CX_KIND_THI_TRAN},
        {"huyen", CX_KIND_HUYEN}, {"thi xa", CX_KIND_THI_XA}, {"thanh pho", CX_KIND_THANH_PHO},
        {"tinh", CX_KIND_TINH}, {"so", CX_KIND_SO_NGANH}, {"so nganh", CX_KIND_SO_NGANH},
        {"so ban nganh", CX_KIND_SO_NGANH}, {"co quan", CX_KIND_SO_NGANH}, {"so ban", CX_KIND_SO_NGANH},
        {"dac khu", CX_KIND_DAC_KHU}, {"thanh pho truc thuoc trung uong", CX_KIND_THANH_PHO_TW},
    };
    for (size_t i = 0; !k && i < sizeof map / sizeof map[0]; i++)
        if (!strcmp(f, map[i].w)) k = map[i].k;
    free(f);
    return k;
}


/* ---- data rows ---------------------------------------------------------------- */

static int value_of(cx_normalizer *n, sheet *s, const rcell *c, uint32_t row, uint32_t col,
                    cx_indicator ind, double *out)
{

    cx_measure m = cx_indicators[ind].measure;
    switch (c->type) {
    case CX_CELL_EMPTY:
        return 0;
    case CX_CELL_NUMBER:
        if (m == CX_MEASURE_LABEL) break;
        *out = c->num;
        if ((c->flags & CX_CF_PERCENT) && m == CX_MEASURE_PERCENT) *out = c->num * 100.0;
        if ((c->flags & CX_CF_PERCENT) && m == CX_MEASURE_PERCENT) {
            /* 0.898 * 100 = 89.80000000000001: keep what the cell shows */
            *out = round(*out * 1e9) / 1e9;
        }
        if (!isfinite(*out)) break;
        return 1;
    case CX_CELL_ERROR:
        WARN(n, s, "cell_error", row + 1, col, "the cell holds the error %s; the value is missing",
             c->text ? c->text : "");
        return 0;
    case CX_CELL_TEXT: {
        if (cell_blank(c)) return 0;
        if (m == CX_MEASURE_LABEL) {
            cx_label l = cx_parse_label(c->text, c->len);
            if (l != CX_LABEL_NONE) { *out = (double)l; return 1; }
            double v;
            if (cx_parse_number(c->text, c->len, CX_MEASURE_POINTS, &v) == CX_NUM_MISSING) return 0;
            WARN(n, s, "bad_label", row + 1, col, "'%s' is not a classification (XUẤT SẮC, TỐT, KHÁ, TRUNG BÌNH, YẾU)",
                 c->text);
            return 0;
        }
        cx_num_status st = cx_parse_number(c->text, c->len, m, out);
        if (st == CX_NUM_OK && cx_number_underflow(c->text, c->len, *out))
            WARN(n, s, "number_underflow", row + 1, col, "'%s' is too small for a number (below 1e-308); read as %g",
                 c->text, *out);
        if (st == CX_NUM_OK) return 1;
        if (st == CX_NUM_MISSING) return 0;
        break;
    }
    default:
        break;
    }
    char *t = cell_text(c);
    WARN(n, s, "bad_number", row + 1, col, "'%s' is not a number for %s; the value is left out",
         t ? t : "?", cx_indicators[ind].id);
    free(t);
    return 0;
}

static void check_range(cx_normalizer *n, sheet *s, uint32_t row, uint32_t col, cx_indicator ind, double v)
{
    const cx_indicator_info *ii = &cx_indicators[ind];
    double lo = 0, hi = 0;
    switch (ii->measure) {
    case CX_MEASURE_PERCENT: hi = 100; break;
    case CX_MEASURE_POINTS: hi = 100; if (ind == CX_IND_TANG_GIAM) lo = -100; break;
    case CX_MEASURE_GROUP: hi = ii->max; break;
    case CX_MEASURE_COUNT: case CX_MEASURE_RANK: hi = 1e15; break;
    case CX_MEASURE_DAYS: hi = 1e6; break;
    default: return;
    }
    if (v >= lo - 1e-9 && v <= hi + 1e-9) return;
    char num[32];
    WARN(n, s, "out_of_range", row + 1, col, "%s is outside %g..%g for %s; kept as written",
         cx_format_number(v, num), lo, hi, ii->id);
}

const char *row_text(const rcell *cells, uint32_t nc, char *buf, size_t cap)
{
    size_t o = 0;
    buf[0] = 0;
    for (uint32_t i = 0; i < nc && o + 4 < cap; i++) {
        char *t = cell_text(&cells[i]);
        if (!t) continue;
        size_t l = strlen(t);
        if (o + l + 4 >= cap) l = cap - o - 4;
        if (o) { buf[o++] = ' '; }
        memcpy(buf + o, t, l);
        o += l;
        buf[o] = 0;
        free(t);
    }
    if (o > 80) {
        size_t cut = 77;
        while (cut > 0 && ((unsigned char)buf[cut] & 0xC0) == 0x80) cut--;   /* not inside a UTF-8 sequence */
        strcpy(buf + cut, "...");
    }
    return buf;
}

/* One data row: a unit or a blank row (0), not a unit (3, or 4: values but no name; the
 * caller holds it back), -1 no memory. */
int data_row(cx_normalizer *n, sheet *s, uint32_t row, rcell *cells, uint32_t nc)
{
    if (row_blank(cells, nc)) { s->blank++; return 0; }
    s->rows_read++;
    if (s->fontenc != CX_ENC_UNKNOWN) {
        for (uint32_t i = 0; i < nc; i++) {
            rcell *c = &cells[i];
            if (c->type != CX_CELL_TEXT || (c->flags & CX_CF_FONTENC) || !c->text) continue;
            char *u = cx_fontenc_to_unicode(s->fontenc, c->text);
            if (!u) continue;
            rcell_set_text(c, u);
            c->flags |= CX_CF_FONTENC;
        }
    }
    const rcell *namec = s->name_col >= 0 ? cell_at(&(rrow){row, cells, nc, 0}, (uint32_t)s->name_col) : NULL;
    /* raw: the name cell's text as cell_text gives it; the cell's own text when that is the
     * same (no copy), else made (rawbuf, freed here) */
    char *rawbuf = NULL;
    const char *raw = NULL;
    if (namec && namec->type == CX_CELL_TEXT && namec->text && text_is_clean(namec->text, namec->len)) raw = namec->text;
    else if (namec) raw = rawbuf = cell_text(namec);
    if (s->name_col < 0 && s->shape) raw = rawbuf = strdup(cx_shape_total_name);   /* shapes hook: the sheet's own total */
    uint32_t name_col = (uint32_t)(s->name_col >= 0 ? s->name_col : 0);
    /* A total row written across the STT and name cells arrives in the STT cell. */
    if (!raw && s->stt_col >= 0) {
        const rcell *sc = cell_at(&(rrow){row, cells, nc, 0}, (uint32_t)s->stt_col);
        if (!cell_blank(sc) && !is_number_cell(sc)) { raw = rawbuf = cell_text(sc); name_col = (uint32_t)s->stt_col; }
    }
    int nvals = 0;
    for (int i = 0; i < CX_IND_COUNT; i++)
        if (s->col_of[i] >= 0 && !cell_blank(cell_at(&(rrow){row, cells, nc, 0}, (uint32_t)s->col_of[i]))) nvals++;
    const cx_cell *shc = NULL;   /* the row as cx_cells for shapes.c, made once */
    if (s->shape) {   /* shapes hook: a later period's value makes the row a unit too */
        shc = shape_cells(n, cells, nc);
        if (!shc && nc) return -1;
        nvals += cx_shape_row_values(s->shape, shc, nc);
    }
    long stt = -1;
    if (s->stt_col >= 0) {
        const rcell *sc = cell_at(&(rrow){row, cells, nc, 0}, (uint32_t)s->stt_col);
        double v;
        if (sc->type == CX_CELL_NUMBER) v = sc->num;
        else if (sc->type != CX_CELL_TEXT || cx_parse_number(sc->text, sc->len, CX_MEASURE_COUNT, &v) != CX_NUM_OK) v = -1;
        if (v >= 0 && v < 1e9 && v == floor(v)) stt = (long)v;
    }
    const cx_name_info *ni = raw ? cx_name_memo_get(n->memo, raw, strlen(raw)) : NULL;
    if (raw && !ni) { free(rawbuf); return -1; }
    /* The header repeated on a new page. */
    if (raw && s->name_heading_fold) {
        int rep = ni->fold && !strcmp(ni->fold, s->name_heading_fold);
        if (rep) {
            s->skipped++;
            WARN(n, s, "skipped_row", row + 1, -1, "the header again; skipped");
            free(rawbuf);
            return 0;
        }
    }
    if (!raw || (nvals == 0 && stt < 0)) {
        /* not a unit: held back (it may title a next table), warned when it does not */
        free(rawbuf);
        return !raw && nvals > 0 ? 4 : 3;
    }

    cx_unit *u = cx_snapshot_add_unit(s->snap);
    if (!u) { free(rawbuf); return -1; }
    char *rawnfc = NULL;
    {
        const char *t = namec && !cell_blank(namec) && namec->type == CX_CELL_TEXT ? namec->text : NULL;
        /* a clean text is its own NFC (cx_nfc_quick), which is what the memo would give */
        const char *m = t && t == raw ? t : t ? cx_name_memo_nfc(n->memo, t, strlen(t)) : NULL;
        rawnfc = strdup(m ? m : raw);
    }
    u->raw_name = rawnfc;
    cx_name nm;
    memset(&nm, 0, sizeof nm);
    if (ni->ok) {
        nm.name = strdup(ni->name);
        nm.key = strdup(ni->key);
        nm.scope = ni->scope ? strdup(ni->scope) : NULL;
        nm.kind = ni->kind;
    } else {
        memset(&nm, 0, sizeof nm);
        nm.name = strdup(raw);
        nm.key = strdup(raw);

        WARN(n, s, "bad_name", row + 1, name_col, "the name '%s' could not be cleaned; kept as written",
             raw);
    }
    u->name = nm.name;
    u->key = nm.key;
    u->kind = ni->is_total ? CX_KIND_TONG : nm.kind;
    char *scope = nm.scope;
    u->stt = stt;
    u->name_ref = (cx_cellref){0, (int32_t)s->index, row + 1, name_col};
    if (!u->raw_name || !u->name || !u->key) { free(rawbuf); free(scope); return -1; }
    /* The sheet's scope ("- tỉnh An Giang") only when every unit says the same. */
    if (u->kind != CX_KIND_TONG) {
        if (!scope) s->scope_state = 2;
        else if (s->scope_state == 0) { s->scope = scope; scope = NULL; s->scope_state = 1; }
        else if (s->scope_state == 1 && strcmp(s->scope, scope) != 0) s->scope_state = 2;
    }
    free(scope);
    free(rawbuf);
    if (s->code_col >= 0) u->code = cell_text(cell_at(&(rrow){row, cells, nc, 0}, (uint32_t)s->code_col));
    if (s->uid_col >= 0) u->uid = cell_text(cell_at(&(rrow){row, cells, nc, 0}, (uint32_t)s->uid_col));
    if (s->kind_col >= 0) {
        /* the kind column fills what the name did not tell; "tong" (a portal's overview) always wins */
        char *kt = cell_text(cell_at(&(rrow){row, cells, nc, 0}, (uint32_t)s->kind_col));
        cx_kind k = kt ? kind_from_text(kt) : CX_KIND_NULL;
        /* a province's overview ("UBND tỉnh Gia Lai", kind tong) names the sheet's scope */
        if (k == CX_KIND_TONG && (u->kind == CX_KIND_TINH || u->kind == CX_KIND_THANH_PHO)) {
            if (!s->overview_scope) s->overview_scope = xstrdup(u->name);
            if (overview_name(u)) { free(kt); return -1; }
        }
        if (u->kind == CX_KIND_NULL || k == CX_KIND_TONG) u->kind = k ? k : u->kind;
        free(kt);
    }
    for (int i = 0; i < CX_IND_COUNT; i++) {
        if (s->col_of[i] < 0) continue;
        uint32_t c = (uint32_t)s->col_of[i];
        double v;
        if (!value_of(n, s, cell_at(&(rrow){row, cells, nc, 0}, c), row, c, (cx_indicator)i, &v)) continue;
        cx_unit_set(u, (cx_indicator)i, v);
        u->ref[i] = (cx_cellref){0, (int32_t)s->index, row + 1, c};
        if (i != CX_IND_XEP_LOAI) check_range(n, s, row, c, (cx_indicator)i, v);
    }
    if (cx_unit_has(u, CX_IND_XEP_LOAI) && cx_unit_has(u, CX_IND_DIEM_TONG_HOP)) {
        cx_label printed = (cx_label)(int)u->v[CX_IND_XEP_LOAI];
        cx_label want = cx_label_for_score(u->v[CX_IND_DIEM_TONG_HOP]);
        if (printed != want) {
            char num[32];
            WARN(n, s, "xep_loai_mismatch", row + 1, s->col_of[CX_IND_XEP_LOAI],
                 "%s is printed as %s but a score of %s is %s",
                 u->name, cx_label_display(printed), cx_format_number(u->v[CX_IND_DIEM_TONG_HOP], num), cx_label_display(want));
        }
    }
    if (s->shape) {   /* shapes hook: the unit goes to its period's snapshot (shc made above) */
        int r = shc || !nc ? cx_shape_route(s->shape, s->snap, shc, nc, row) : -1;
        if (r < 0) return -1;
        if (r > 0) { s->skipped++; return 0; }
    }
    s->units++;
    return 0;
}

