/*
 * label.c — printed classifications to ids.
 *
 * The label is folded like a heading (marks and case removed, đ -> d) and then all
 * spaces are dropped, so "TRUNGB ÌNH", "TRUNG\nBÌNH", "Trung bình" and "trung binh"
 * all read "trungbinh". Unaccented forms are accepted because some portal exports and
 * old fonts lose the marks; the five labels stay distinct without them.
 */
#include "label.h"
#include "heading.h"

#include <stdlib.h>
#include <string.h>

cx_label cx_parse_label(const char *s, size_t len)
{
    static const struct { const char *w; cx_label l; } words[] = {
        {"xuatsac", CX_LABEL_XUAT_SAC}, {"xs", CX_LABEL_XUAT_SAC},
        {"tot", CX_LABEL_TOT},
        {"kha", CX_LABEL_KHA},
        {"trungbinh", CX_LABEL_TRUNG_BINH}, {"tb", CX_LABEL_TRUNG_BINH},
        {"yeu", CX_LABEL_YEU}, {"yeukem", CX_LABEL_YEU}, {"kem", CX_LABEL_YEU},
        /* the ids themselves, so our own CSV/JSON output reads back */
        {"xuat_sac", CX_LABEL_XUAT_SAC}, {"trung_binh", CX_LABEL_TRUNG_BINH},
    };
    if (!s || len == 0 || len > 256) return CX_LABEL_NONE;
    /* The spellings almost every file uses, matched exactly before folding (the fold
     * costs thousands of instructions and a column repeats them on every row). */
    static const struct { const char *w; cx_label l; } exact[] = {
        {"TỐT", CX_LABEL_TOT}, {"KHÁ", CX_LABEL_KHA}, {"XUẤT SẮC", CX_LABEL_XUAT_SAC},
        {"TRUNG BÌNH", CX_LABEL_TRUNG_BINH}, {"TB", CX_LABEL_TRUNG_BINH}, {"YẾU", CX_LABEL_YEU},
        {"Tốt", CX_LABEL_TOT}, {"Khá", CX_LABEL_KHA}, {"Xuất sắc", CX_LABEL_XUAT_SAC},
        {"Trung bình", CX_LABEL_TRUNG_BINH}, {"Yếu", CX_LABEL_YEU},
    };
    for (size_t i = 0; i < sizeof exact / sizeof exact[0]; i++)
        if (strlen(exact[i].w) == len && memcmp(exact[i].w, s, len) == 0) return exact[i].l;
    char *tmp = strndup(s, len);
    if (!tmp) return CX_LABEL_NONE;
    char *f = cx_fold_heading(tmp);
    free(tmp);
    if (!f) return CX_LABEL_NONE;
    size_t m = 0;
    for (size_t i = 0; f[i]; i++)
        if (f[i] != ' ') f[m++] = f[i];
    f[m] = 0;
    cx_label l = CX_LABEL_NONE;
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strcmp(f, words[i].w) == 0) { l = words[i].l; break; }
    free(f);
    return l;
}
