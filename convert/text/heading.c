/*
 * heading.c — column headings to roles and indicator ids.
 *
 * A heading is folded (NFKD, marks stripped, case folded, đ -> d, punctuation to
 * spaces), so case, accents, line breaks, "(%)" and the typo "TIỀN ĐỘ" (which folds
 * like "TIẾN ĐỘ") disappear. Thresholds ("Chỉ tiêu trên 50%", "Từ 80% trở lên",
 * "(80%)"), "(Lũy kế)" and a points maximum ("(18 điểm)") are taken out of the words
 * and remembered; what remains is looked up in one table of phrases. Only when that
 * fails is a small edit distance tried, on long phrases only, at lower confidence:
 * a short random word never maps to an indicator.
 */
#include "heading.h"

#include <ctype.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <utf8proc.h>
#include "names.h"

/* ---- words ---------------------------------------------------------------- */

#define MAXW 48
typedef struct { char *w[MAXW]; int n; } words;

static void split(char *f, words *ws)
{
    ws->n = 0;
    char *save = NULL;   /* strtok_r: strtok's hidden state is shared by every thread */
    for (char *p = strtok_r(f, " ", &save); p && ws->n < MAXW; p = strtok_r(NULL, " ", &save)) ws->w[ws->n++] = p;
}

static int is_num(const char *w)
{
    if (!*w) return 0;
    for (; *w; w++) if (!isdigit((unsigned char)*w)) return 0;
    return 1;
}

static int in(const char *w, const char *const *set)
{
    for (; *set; set++) if (strcmp(w, *set) == 0) return 1;
    return 0;
}

static void join(const words *ws, const int *drop, char *buf, size_t cap)
{
    size_t o = 0;
    buf[0] = 0;
    for (int i = 0; i < ws->n; i++) {
        if (drop && drop[i]) continue;
        size_t l = strlen(ws->w[i]);
        if (o + l + 2 > cap) break;
        if (o) buf[o++] = ' ';
        memcpy(buf + o, ws->w[i], l);
        o += l;
        buf[o] = 0;
    }
}

/* ---- periods ------------------------------------------------------------- */

static const char *const period_words[] = {"thang", "tuan", "quy", "nam", "ky", "t", "w", NULL};
static const char *const period_fill[] = {"truoc", "nay", "bao", "cao", "lien", "ke", "hien", "tai", "so", "voi", NULL};

/* Words from index `from` form a period ("thang 5 tuan 01", "tuan 04 11", "ky truoc").
 * *prev set when it says "truoc" (the previous period). */
static int words_are_period(const words *ws, int from, int *prev)
{
    int pw = 0, num = 0, fill = 0;
    *prev = 0;
    if (from >= ws->n) return 0;
    for (int i = from; i < ws->n; i++) {
        const char *w = ws->w[i];
        if (in(w, period_words)) pw++;
        else if (is_num(w)) num++;
        else if (in(w, period_fill)) { fill++; if (!strcmp(w, "truoc")) *prev = 1; }
        else return 0;
    }
    (void)fill;
    return pw > 0 && (num > 0 || *prev);
}

int cx_heading_is_period(const char *s)
{
    char *f = cx_fold_heading(s);
    if (!f) return 0;
    words ws;
    split(f, &ws);
    int prev, r = words_are_period(&ws, 0, &prev);
    free(f);
    return r;
}

/* ---- the table of phrases ----------------------------------------------- */

typedef struct {
    const char *phrase;     /* folded */
    cx_col_role role;
    cx_indicator ind;
    char part;              /* period part for CX_COL_PERIOD */
} entry;

#define I(p, ind) {p, CX_COL_INDICATOR, ind, 0}
static const entry table[] = {
    /* total score */
    I("diem tong hop", CX_IND_DIEM_TONG_HOP), I("tong diem", CX_IND_DIEM_TONG_HOP),
    I("diem", CX_IND_DIEM_TONG_HOP), I("tong score", CX_IND_DIEM_TONG_HOP),
    I("totalscore", CX_IND_DIEM_TONG_HOP), I("total score", CX_IND_DIEM_TONG_HOP),
    I("diem so", CX_IND_DIEM_TONG_HOP), I("tong hop", CX_IND_DIEM_TONG_HOP),
    I("diem tong", CX_IND_DIEM_TONG_HOP), I("diem chi so", CX_IND_DIEM_TONG_HOP),
    I("diem ky nay", CX_IND_DIEM_TONG_HOP), I("ky nay", CX_IND_DIEM_TONG_HOP), I("diem tong hop ky nay", CX_IND_DIEM_TONG_HOP),
    I("score", CX_IND_DIEM_TONG_HOP), I("diem tong hop hien tai", CX_IND_DIEM_TONG_HOP),
    /* classification, rank */
    I("xep loai", CX_IND_XEP_LOAI), I("phan loai", CX_IND_XEP_LOAI), I("muc xep loai", CX_IND_XEP_LOAI),
    I("xeploai", CX_IND_XEP_LOAI), I("classification", CX_IND_XEP_LOAI),
    I("xep hang", CX_IND_XEP_HANG), I("thu hang", CX_IND_XEP_HANG), I("hang", CX_IND_XEP_HANG),
    I("thu tu xep hang", CX_IND_XEP_HANG), I("rank", CX_IND_XEP_HANG), I("xephang", CX_IND_XEP_HANG),
    /* previous period */
    I("ky truoc", CX_IND_DIEM_KY_TRUOC), I("diem ky truoc", CX_IND_DIEM_KY_TRUOC),
    I("diem tong hop ky truoc", CX_IND_DIEM_KY_TRUOC), I("thang truoc", CX_IND_DIEM_KY_TRUOC),
    I("tuan truoc", CX_IND_DIEM_KY_TRUOC), I("diem thang truoc", CX_IND_DIEM_KY_TRUOC),
    I("diem tuan truoc", CX_IND_DIEM_KY_TRUOC), I("previousscore", CX_IND_DIEM_KY_TRUOC),
    I("prevscore", CX_IND_DIEM_KY_TRUOC),
    /* change */
    I("tang giam", CX_IND_TANG_GIAM), I("diem tang giam", CX_IND_TANG_GIAM),
    I("tang giam so voi tuan truoc", CX_IND_TANG_GIAM), I("tang giam so voi thang truoc", CX_IND_TANG_GIAM),
    I("tang giam so voi ky truoc", CX_IND_TANG_GIAM), I("diem tang giam so voi ky truoc", CX_IND_TANG_GIAM),
    I("chenh lech", CX_IND_TANG_GIAM), I("scoredelta", CX_IND_TANG_GIAM), I("score delta", CX_IND_TANG_GIAM),
    I("tang giam diem", CX_IND_TANG_GIAM), I("so voi ky truoc", CX_IND_TANG_GIAM),
    /* the six groups, in percent */
    I("cong khai minh bach", CX_IND_CONG_KHAI_MINH_BACH), I("cong khai", CX_IND_CONG_KHAI_MINH_BACH),
    I("cong khai minh bach tthc", CX_IND_CONG_KHAI_MINH_BACH),
    I("tien do giai quyet", CX_IND_TIEN_DO_GIAI_QUYET), I("tien do", CX_IND_TIEN_DO_GIAI_QUYET),
    I("tien do giai quyet ho so", CX_IND_TIEN_DO_GIAI_QUYET), I("xu ly ho so", CX_IND_TIEN_DO_GIAI_QUYET),
    I("xu ly ho so tthc", CX_IND_TIEN_DO_GIAI_QUYET), I("giai quyet ho so", CX_IND_TIEN_DO_GIAI_QUYET),
    I("dvctt", CX_IND_DVC_TRUC_TUYEN), I("dich vu cong truc tuyen", CX_IND_DVC_TRUC_TUYEN),
    I("dvc truc tuyen", CX_IND_DVC_TRUC_TUYEN), I("dich vu cong tt", CX_IND_DVC_TRUC_TUYEN),
    I("dich vu truc tuyen", CX_IND_DVC_TRUC_TUYEN), I("dvc tt", CX_IND_DVC_TRUC_TUYEN),
    I("cung cap dich vu truc tuyen", CX_IND_DVC_TRUC_TUYEN),
    I("thanh toan tt", CX_IND_THANH_TOAN_TRUC_TUYEN), I("thanh toan truc tuyen", CX_IND_THANH_TOAN_TRUC_TUYEN),
    I("ho so thanh toan truc tuyen", CX_IND_THANH_TOAN_TRUC_TUYEN), I("thanh toan", CX_IND_THANH_TOAN_TRUC_TUYEN),
    I("ttt", CX_IND_THANH_TOAN_TRUC_TUYEN),
    I("muc do hai long", CX_IND_MUC_DO_HAI_LONG), I("hai long", CX_IND_MUC_DO_HAI_LONG),
    I("su hai long", CX_IND_MUC_DO_HAI_LONG), I("muc do hai long cua nguoi dan", CX_IND_MUC_DO_HAI_LONG),
    I("so hoa ho so", CX_IND_SO_HOA_HO_SO), I("so hoa", CX_IND_SO_HOA_HO_SO),
    I("so hoa ho so tthc", CX_IND_SO_HOA_HO_SO), I("so hoa ho so ket qua", CX_IND_SO_HOA_HO_SO),
    I("muc do so hoa", CX_IND_SO_HOA_HO_SO), I("muc do so hoa ho so", CX_IND_SO_HOA_HO_SO),
    I("tai su dung", CX_IND_TAI_SU_DUNG), I("tai su dung du lieu", CX_IND_TAI_SU_DUNG),
    I("tai su dung ket qua so hoa", CX_IND_TAI_SU_DUNG),
    I("chung thuc dt", CX_IND_CHUNG_THUC_DIEN_TU), I("chung thuc dien tu", CX_IND_CHUNG_THUC_DIEN_TU),
    I("chung thuc", CX_IND_CHUNG_THUC_DIEN_TU), I("cap ban sao dien tu", CX_IND_CHUNG_THUC_DIEN_TU),
    I("ban sao dien tu", CX_IND_CHUNG_THUC_DIEN_TU), I("chung thuc ban sao dien tu", CX_IND_CHUNG_THUC_DIEN_TU),
    /* portal group scores */
    I("ckmb", CX_IND_CONG_KHAI_MINH_BACH_DIEM), I("tdgq", CX_IND_TIEN_DO_GIAI_QUYET_DIEM),
    I("clgq", CX_IND_DVC_TRUC_TUYEN_DIEM), I("tttt", CX_IND_THANH_TOAN_TRUC_TUYEN_DIEM),
    I("mdhl", CX_IND_MUC_DO_HAI_LONG_DIEM), I("mdsh", CX_IND_SO_HOA_HO_SO_DIEM),
    /* other roles */
    {"stt", CX_COL_STT, CX_IND_NONE, 0}, {"tt", CX_COL_STT, CX_IND_NONE, 0},
    {"so tt", CX_COL_STT, CX_IND_NONE, 0}, {"so thu tu", CX_COL_STT, CX_IND_NONE, 0},
    {"row stt", CX_COL_STT, CX_IND_NONE, 0}, {"rowstt", CX_COL_STT, CX_IND_NONE, 0},
    {"no", CX_COL_STT, CX_IND_NONE, 0},
    {"don vi", CX_COL_NAME, CX_IND_NONE, 0}, {"ten don vi", CX_COL_NAME, CX_IND_NONE, 0},
    {"xa phuong", CX_COL_NAME, CX_IND_NONE, 0}, {"xa phuong thi tran", CX_COL_NAME, CX_IND_NONE, 0},
    {"xa thi tran", CX_COL_NAME, CX_IND_NONE, 0}, {"ten xa", CX_COL_NAME, CX_IND_NONE, 0},
    {"ten xa phuong", CX_COL_NAME, CX_IND_NONE, 0}, {"ten xa phuong thi tran", CX_COL_NAME, CX_IND_NONE, 0},
    {"ten", CX_COL_NAME, CX_IND_NONE, 0}, {"ten coquan", CX_COL_NAME, CX_IND_NONE, 0},
    {"ten co quan", CX_COL_NAME, CX_IND_NONE, 0}, {"co quan", CX_COL_NAME, CX_IND_NONE, 0},
    {"co quan don vi", CX_COL_NAME, CX_IND_NONE, 0}, {"departmentname", CX_COL_NAME, CX_IND_NONE, 0},
    {"dia phuong", CX_COL_NAME, CX_IND_NONE, 0}, {"don vi hanh chinh", CX_COL_NAME, CX_IND_NONE, 0},
    {"ten don vi hanh chinh", CX_COL_NAME, CX_IND_NONE, 0}, {"huyen thi xa thanh pho", CX_COL_NAME, CX_IND_NONE, 0},
    {"ten dia phuong", CX_COL_NAME, CX_IND_NONE, 0}, {"ubnd xa", CX_COL_NAME, CX_IND_NONE, 0},
    {"name", CX_COL_NAME, CX_IND_NONE, 0}, {"unit", CX_COL_NAME, CX_IND_NONE, 0},
    {"ma coquan", CX_COL_CODE, CX_IND_NONE, 0}, {"ma co quan", CX_COL_CODE, CX_IND_NONE, 0},
    {"ma", CX_COL_CODE, CX_IND_NONE, 0}, {"ma don vi", CX_COL_CODE, CX_IND_NONE, 0},
    {"ma dvhc", CX_COL_CODE, CX_IND_NONE, 0}, {"departmentcode", CX_COL_CODE, CX_IND_NONE, 0},
    {"ma xa", CX_COL_CODE, CX_IND_NONE, 0}, {"code", CX_COL_CODE, CX_IND_NONE, 0},
    {"loai coquan", CX_COL_KIND, CX_IND_NONE, 0}, {"loai co quan", CX_COL_KIND, CX_IND_NONE, 0},
    {"loai don vi", CX_COL_KIND, CX_IND_NONE, 0}, {"departmenttype", CX_COL_KIND, CX_IND_NONE, 0},
    {"id", CX_COL_IGNORED, CX_IND_NONE, 0}, {"capdonviid", CX_COL_IGNORED, CX_IND_NONE, 0},
    {"ghi chu", CX_COL_IGNORED, CX_IND_NONE, 0}, {"ghichu", CX_COL_IGNORED, CX_IND_NONE, 0},
    {"departmentid", CX_COL_UID, CX_IND_NONE, 0}, {"cap don vi id", CX_COL_IGNORED, CX_IND_NONE, 0},
    {"id coquan", CX_COL_PORTAL, CX_IND_NONE, 0}, {"idcoquan", CX_COL_PORTAL, CX_IND_NONE, 0},
    {"ky", CX_COL_PERIOD, CX_IND_NONE, 'p'}, {"ky bao cao", CX_COL_PERIOD, CX_IND_NONE, 'p'},
    {"thoi gian", CX_COL_PERIOD, CX_IND_NONE, 'p'}, {"ky danh gia", CX_COL_PERIOD, CX_IND_NONE, 'p'},
    {"period", CX_COL_PERIOD, CX_IND_NONE, 'p'}, {"thoi ky", CX_COL_PERIOD, CX_IND_NONE, 'p'},
    {"tuan", CX_COL_PERIOD, CX_IND_NONE, 'w'}, {"thang", CX_COL_PERIOD, CX_IND_NONE, 'm'},
    {"nam", CX_COL_PERIOD, CX_IND_NONE, 'y'}, {"quy", CX_COL_PERIOD, CX_IND_NONE, 'q'},
    {"week", CX_COL_PERIOD, CX_IND_NONE, 'w'}, {"month", CX_COL_PERIOD, CX_IND_NONE, 'm'},
    {"year", CX_COL_PERIOD, CX_IND_NONE, 'y'}, {"quarter", CX_COL_PERIOD, CX_IND_NONE, 'q'},
};
#undef I

static const entry *lookup(const char *core)
{
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (strcmp(core, table[i].phrase) == 0) return &table[i];
    return NULL;
}

/* Prefixes that qualify a heading without changing what it is ("Kết quả", "Tỷ lệ"). */
static const char *const prefixes[] = {"ket qua ty le ", "ket qua ", "ty le ", "chi so ", "nhom chi so ",
                                       "chi tieu ", "tieu chi ", "nhom ", NULL};

static const entry *lookup_loose(const char *core)
{
    const entry *e = lookup(core);
    for (int pass = 0; !e && pass < 3; pass++) {
        for (const char *const *p = prefixes; *p && !e; p++) {
            size_t l = strlen(*p);
            if (strncmp(core, *p, l) == 0 && core[l]) {
                e = lookup(core + l);
                if (!e) {
                    /* nested: "ket qua ty le so hoa" */
                    for (const char *const *q = prefixes; *q && !e; q++) {
                        size_t l2 = strlen(*q);
                        if (strncmp(core + l, *q, l2) == 0 && core[l + l2]) e = lookup(core + l + l2);
                    }
                }
            }
        }
    }
    return e;
}

static int lev(const char *a, const char *b, int maxd)
{
    size_t la = strlen(a), lb = strlen(b);
    if ((la > lb ? la - lb : lb - la) > (size_t)maxd || la > 64 || lb > 64) return maxd + 1;
    int row[65];
    for (size_t j = 0; j <= lb; j++) row[j] = (int)j;
    for (size_t i = 1; i <= la; i++) {
        int prev = row[0], best;
        row[0] = (int)i;
        best = row[0];
        for (size_t j = 1; j <= lb; j++) {
            int cur = row[j];
            int v = prev + (a[i - 1] != b[j - 1]);
            if (row[j] + 1 < v) v = row[j] + 1;
            if (row[j - 1] + 1 < v) v = row[j - 1] + 1;
            row[j] = v;
            prev = cur;
            if (v < best) best = v;
        }
        if (best > maxd) return maxd + 1;
    }
    return row[lb];
}

/* Small typos on long phrases only ("cong khai minh bac", "tien do giai quyett"). */
static const entry *lookup_fuzzy(const char *core)
{
    size_t l = strlen(core);
    if (l < 8) return NULL;
    int maxd = l <= 14 ? 1 : 2;
    const entry *best = NULL;
    int bd = maxd + 1, ties = 0;
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        if (strlen(table[i].phrase) < 8) continue;
        int d = lev(core, table[i].phrase, maxd);
        if (d < bd) { bd = d; best = &table[i]; ties = 0; }
        else if (d == bd && best && (best->ind != table[i].ind || best->role != table[i].role)) ties++;
    }
    return bd <= maxd && !ties ? best : NULL;
}

/* The group-score indicator for one of the six base indicators, or NONE. */
static cx_indicator diem_of(cx_indicator i)
{
    switch (i) {
    case CX_IND_CONG_KHAI_MINH_BACH: return CX_IND_CONG_KHAI_MINH_BACH_DIEM;
    case CX_IND_TIEN_DO_GIAI_QUYET: return CX_IND_TIEN_DO_GIAI_QUYET_DIEM;
    case CX_IND_DVC_TRUC_TUYEN: return CX_IND_DVC_TRUC_TUYEN_DIEM;
    case CX_IND_THANH_TOAN_TRUC_TUYEN: return CX_IND_THANH_TOAN_TRUC_TUYEN_DIEM;
    case CX_IND_MUC_DO_HAI_LONG: return CX_IND_MUC_DO_HAI_LONG_DIEM;
    case CX_IND_SO_HOA_HO_SO: return CX_IND_SO_HOA_HO_SO_DIEM;
    default: return CX_IND_NONE;
    }
}

/* What one heading says on its own, with its qualifiers taken out. */
typedef struct {
    cx_heading_match m;
    int is_period;      /* the words are only a period ("THÁNG 4") */
    int period_prev;    /* ... saying "trước" */
    int score_period;   /* "ĐIỂM TỔNG HỢP (TUẦN 01/12)": total score + a period */
    int empty;
} one;

static one match_one(const char *text)
{
    one r;
    memset(&r, 0, sizeof r);
    r.m = (cx_heading_match){CX_COL_UNKNOWN, CX_IND_NONE, -1, 0, 0};
    char *f = text ? cx_fold_heading(text) : NULL;
    if (!f || !*f) { r.empty = 1; free(f); return r; }
    words ws;
    split(f, &ws);

    /* A period on its own, or the total score followed by a period. */
    int prev;
    if (words_are_period(&ws, 0, &prev) && ws.n > 1) {
        r.is_period = 1;
        r.period_prev = prev;
        free(f);
        return r;
    }
    for (int k = 1; k <= 3 && k < ws.n; k++) {
        char head[64];
        words h = ws;
        h.n = k;
        join(&h, NULL, head, sizeof head);
        const entry *e = lookup(head);
        if (e && e->ind == CX_IND_DIEM_TONG_HOP && words_are_period(&ws, k, &prev)) {
            r.score_period = 1;
            r.period_prev = prev;
            r.m.role = CX_COL_INDICATOR;
            r.m.indicator = prev ? CX_IND_DIEM_KY_TRUOC : CX_IND_DIEM_TONG_HOP;
            r.m.confidence = 100;
            free(f);
            return r;
        }
    }

    /* Qualifiers: thresholds, "lũy kế", a points maximum. */
    int drop[MAXW] = {0};
    int luyke = 0, points = 0;
    static const char *const left_th[] = {"tren", "tu", "dat", "chi", "tieu", "toi", "thieu", "muc", "la", NULL};
    for (int i = 0; i < ws.n; i++) {
        if (!strcmp(ws.w[i], "luy") && i + 1 < ws.n && !strcmp(ws.w[i + 1], "ke")) {
            luyke = 1; drop[i] = drop[i + 1] = 1; continue;
        }
        if (!is_num(ws.w[i])) continue;
        long v = strtol(ws.w[i], NULL, 10);
        /* "18 điểm", "18/18 điểm": the group's maximum in points */
        int j = i + 1;
        if (j < ws.n && is_num(ws.w[j])) j++;
        if (j < ws.n && !strcmp(ws.w[j], "diem") && v > 0 && v <= 100) {
            points = 1;
            for (int k = i; k <= j; k++) drop[k] = 1;
            continue;
        }
        int prev_th = i > 0 && in(ws.w[i - 1], left_th);
        int next_th = i + 1 < ws.n && !strcmp(ws.w[i + 1], "tro");
        char pct[32];
        snprintf(pct, sizeof pct, "%s%%", ws.w[i]);
        int with_pct = text && strstr(text, pct) != NULL;
        if ((prev_th || next_th || with_pct) && v > 0 && v <= 100) {
            r.m.threshold = (double)v;
            drop[i] = 1;
            for (int k = i - 1; k >= 0 && k >= i - 3 && in(ws.w[k], left_th); k--) drop[k] = 1;
            for (int k = i + 1; k < ws.n && k <= i + 2 && (!strcmp(ws.w[k], "tro") || !strcmp(ws.w[k], "len")); k++)
                drop[k] = 1;
        }
    }
    /* A trailing "điểm" ("Công khai, minh bạch (điểm)") also says points. */
    char core[256];
    join(&ws, drop, core, sizeof core);
    const entry *e = lookup_loose(core);
    if (!e) {
        size_t cl = strlen(core);
        if (cl > 5 && !strcmp(core + cl - 5, " diem")) {
            core[cl - 5] = 0;
            e = lookup_loose(core);
            if (e && diem_of(e->ind) != CX_IND_NONE) points = 1;
            else e = NULL;
        }
    }
    if (!e && !strncmp(core, "diem ", 5)) {
        /* "Điểm công khai, minh bạch": the group's score in points */
        e = lookup_loose(core + 5);
        if (e && diem_of(e->ind) != CX_IND_NONE) points = 1;
        else e = NULL;
    }
    r.m.confidence = 100;
    if (!e) {
        e = lookup_fuzzy(core);
        r.m.confidence = 70;
    }
    if (!e || !*core) {
        r.m.confidence = 0;
        r.m.threshold = -1;
        free(f);
        return r;
    }
    r.m.role = e->role;
    r.m.indicator = e->ind;
    r.m.period_part = e->part;
    if (e->role == CX_COL_INDICATOR) {
        if (luyke && (e->ind == CX_IND_CHUNG_THUC_DIEN_TU)) r.m.indicator = CX_IND_CHUNG_THUC_DIEN_TU_LUY_KE;
        if (points && diem_of(e->ind) != CX_IND_NONE) r.m.indicator = diem_of(e->ind);
    }
    free(f);
    return r;
}

static int is_score_group(const one *g)
{
    return g->m.role == CX_COL_INDICATOR && g->m.indicator == CX_IND_DIEM_TONG_HOP && !g->score_period;
}

/* "<field> [<what>]": what a reader says a field is (heading.h). 1 when sub has such a tag. */
static int tagged(const char *sub, cx_heading_match *m)
{
    size_t l = sub ? strlen(sub) : 0;
    if (l < 4 || sub[l - 1] != ']') return 0;
    const char *o = strstr(sub, CX_HEADING_TAG_OPEN);
    if (!o) return 0;
    const char *w = o + strlen(CX_HEADING_TAG_OPEN);
    size_t wl = (size_t)(sub + l - 1 - w);
    char what[64];
    if (wl == 0 || wl >= sizeof what) return 0;
    memcpy(what, w, wl);
    what[wl] = 0;
    static const struct { const char *w; cx_col_role r; } roles[] = {
        {"name", CX_COL_NAME}, {"code", CX_COL_CODE}, {"kind", CX_COL_KIND}, {"stt", CX_COL_STT},
        {"uid", CX_COL_UID}, {"portal", CX_COL_PORTAL}};
    *m = (cx_heading_match){CX_COL_UNKNOWN, CX_IND_NONE, -1, 100, 0};
    for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++)
        if (!strcmp(what, roles[i].w)) { m->role = roles[i].r; return 1; }
    cx_indicator ind = cx_indicator_from_id(what);
    if (ind == CX_IND_NONE) return 0;
    m->role = CX_COL_INDICATOR;
    m->indicator = ind;
    return 1;
}

cx_heading_match cx_match_heading(const char *group, const char *sub, int seen_current)
{
    cx_heading_match none = {CX_COL_UNKNOWN, CX_IND_NONE, -1, 0, 0};
    cx_heading_match t;
    if (tagged(sub, &t)) return t;
    one s = match_one(sub);
    if (s.empty) {
        if (!group) return none;
        return cx_match_heading(NULL, group, seen_current);
    }
    one g = group ? match_one(group) : (one){.empty = 1};

    /* A period heading holds a total score: the current one, or the previous once
     * the current was seen ("THÁNG 5 -TUẦN 01" then "THÁNG 4"). */
    if (s.is_period || s.score_period) {
        if (!g.empty && !is_score_group(&g) && !s.score_period) return none;
        cx_heading_match m = {CX_COL_INDICATOR, CX_IND_DIEM_TONG_HOP, -1, 100, 0};
        if (s.period_prev || seen_current) m.indicator = CX_IND_DIEM_KY_TRUOC;
        if (g.empty && !s.score_period) m.confidence = 80;   /* bare "THÁNG 5" with no group */
        return m;
    }
    if (s.m.role == CX_COL_UNKNOWN) {
        /* "CHỨNG THỰC ĐIỆN TỬ" over "Lũy kế": the two read together */
        if (g.empty || g.m.role == CX_COL_UNKNOWN || !group) return s.m;
        size_t l = strlen(group) + strlen(sub) + 2;
        char *both = malloc(l);
        if (!both) return none;
        snprintf(both, l, "%s %s", group, sub);
        one b = match_one(both);
        free(both);
        return b.m;
    }
    /* "ĐIỂM TỔNG HỢP" over "ĐIỂM (TĂNG/GIẢM)" and the like: the sub-heading decides. */
    cx_heading_match m = s.m;
    if (!g.empty && g.m.role == CX_COL_INDICATOR && m.role == CX_COL_INDICATOR) {
        if (m.threshold < 0 && g.m.indicator == m.indicator) m.threshold = g.m.threshold;
        /* "CHỨNG THỰC ĐIỆN TỬ" over "Lũy kế"-less sub: keep the sub; a group in points makes the sub points */
        if (diem_of(m.indicator) != CX_IND_NONE && g.m.indicator == diem_of(m.indicator))
            m.indicator = diem_of(m.indicator);
    }
    return m;
}
