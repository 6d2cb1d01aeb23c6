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

int cx_summary_print(const cx_snapshot *s, const cx_rules *rules, cx_summary_format fmt, FILE *out);

#endif
