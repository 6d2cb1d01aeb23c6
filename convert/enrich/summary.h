/*
 * summary.h — the report's lists, as staff type them by hand: the district's
 * score, rank and classification; counts per classification; for each rule the
 * units that fail it; the units that fell most. Used by `chiso summary` and the
 * "Tổng hợp" sheet of the Phụ lục.
 */
#ifndef CHISO_SUMMARY_H
#define CHISO_SUMMARY_H

#include <stdio.h>
#include "model.h"
#include "rules.h"

typedef enum { CX_SUMMARY_TEXT, CX_SUMMARY_MARKDOWN, CX_SUMMARY_JSON } cx_summary_format;

/* "Phú Long, Bình Thạnh Đông, Hòa Lạc, Chợ Vàm và Long Hòa". Caller frees. */
char *cx_vi_join(const char *const *names, size_t n);

/* The summary as text, markdown or JSON on out. CX_OK; CX_ERR_NOMEM; CX_ERR_WRITE when out
 * refused it (ferror); CX_ERR_USAGE for a NULL snapshot or stream. Nothing is recorded in a
 * cx_diag: the caller words the error. */
cx_error cx_summary_print(const cx_snapshot *s, const cx_rules *rules, cx_summary_format fmt, FILE *out);

/* The lists as data (for the "Tổng hợp" sheet and the printers). Units point into the
 * snapshot, which must outlive the summary. */
typedef struct cx_summary_item {
    const cx_unit *unit;
    double         value;      /* the failing value (tang_giam for the "fell" list) */
} cx_summary_item;

typedef struct cx_summary_list {
    const cx_rule   *rule;
    char            *title;    /* "Công khai, minh bạch (dưới 70%)"; owned */
    cx_summary_item *items;    /* worst first; owned */
    size_t           n;
} cx_summary_list;

typedef struct cx_summary {
    const cx_snapshot *s;
    const cx_unit     *total;            /* the district's row, or NULL */
    size_t             nunits;           /* units other than the total */
    size_t             counts[CX_LABEL_COUNT]; /* per classification; [0] = not known */
    cx_summary_list   *lists;            /* one per rule that some unit fails (tang_giam apart) */
    size_t             nlists;
    cx_summary_item   *fell;             /* tang_giam < 0, most negative first */
    size_t             nfell;
} cx_summary;

/* Build the lists; NULL on no memory. rules may be NULL (then only counts and "fell"). */
cx_summary *cx_summary_build(const cx_snapshot *s, const cx_rules *rules);
void cx_summary_free(cx_summary *sm);   /* accepts NULL */
/* The previous period as a sentence names it: "Tháng 4" (from prev_period, or parsed from
 * the heading "THÁNG 4" / "ĐIỂM TỔNG HỢP (TUẦN 04/11)"), else "kỳ trước". Caller frees. */
char *cx_summary_prev_words(const cx_snapshot *s);
/* A value as the reports write it: "29,4%", "55,87 điểm", "1.746", "Trung bình". Caller frees. */
char *cx_summary_value(cx_indicator ind, double v);
/* "Phú Long (29,4%), Bình Thạnh Đông (34,9%) và Hòa Lạc (35,9%)"; with_values 0 leaves
 * the values out. Caller frees. */
char *cx_summary_list_text(const cx_summary_item *items, size_t n, cx_indicator ind, int with_values);
/* The same text with values, for a cell of limited size: all n units when that has at most
 * full_max characters, else the most leading units whose text has at most part_max
 * (*kept says how many). Each unit's text is made once. Caller frees. */
char *cx_summary_list_fit(const cx_summary_item *items, size_t n, cx_indicator ind, size_t full_max,
                          size_t part_max, size_t *kept);

#endif
