/*
 * heading.h — column headings to indicator ids.
 *
 * Headings are matched whatever their case, accents, spacing, units "(%)",
 * thresholds "(Chỉ tiêu trên 50%)", and known typos ("TIỀN ĐỘ"). A two-level
 * header gives a group heading ("ĐIỂM TỔNG HỢP", "DỊCH VỤ CÔNG TT") and a
 * sub-heading; both are passed in.
 */
#ifndef CHISO_HEADING_H
#define CHISO_HEADING_H

#include "fold.h"

#include <stddef.h>
#include "model.h"

/* What a heading cell is, besides an indicator. */
typedef enum {
    CX_COL_UNKNOWN = 0,   /* not recognized: kept out with a warning */
    CX_COL_INDICATOR,     /* an indicator: see cx_heading_match.indicator */
    CX_COL_STT,           /* STT, TT, ROW_STT */
    CX_COL_NAME,          /* ĐƠN VỊ, Tên đơn vị, Xã/phường, TEN_COQUAN, TEN, departmentName */
    CX_COL_CODE,          /* MA_COQUAN, Mã, departmentCode */
    CX_COL_KIND,          /* LOAI_COQUAN */
    CX_COL_IGNORED,       /* known columns that carry nothing for the model (ID, CAPDONVIID, Ghi chú) */
    CX_COL_PERIOD,        /* Kỳ, Kỳ báo cáo, Thời gian, Tuần, Tháng, Năm (long tables) */
    CX_COL_PORTAL,        /* a field the national portal always sends that is not an indicator
                           * (ID_COQUAN, level, childGroup, maxScore, ...): kept out quietly */
    CX_COL_UID            /* the portal's own id of a unit (departmentId): joins group files */
} cx_col_role;

typedef struct cx_heading_match {
    cx_col_role  role;
    cx_indicator indicator;   /* when role == CX_COL_INDICATOR */
    double       threshold;   /* threshold printed in the heading ("trên 50%") or -1 */
    int          confidence;  /* 100 exact, lower for fuzzy (typo) matches */
    char         period_part; /* for CX_COL_PERIOD: 'p' period text, 'w' week, 'm' month, 'y' year, 'q' quarter */
} cx_heading_match;

/*
 * Match one column. group may be NULL (one-level header) or the group heading
 * above it. Inside the ĐIỂM TỔNG HỢP group a period heading ("THÁNG 5 -TUẦN 01",
 * "TUẦN 01/12") is the current score unless `seen_current` says the current score
 * column was already found, in which case it is the previous period (diem_ky_truoc).
 */
cx_heading_match cx_match_heading(const char *group, const char *sub, int seen_current);

/* A reader that knows what a field means says so in the heading it pushes:
 * "<field> [<what>]", where <what> is an indicator id ("score [tien_do_giai_quyet_diem]")
 * or one of name, code, kind, stt, uid, portal. cx_match_heading honours it. */
#define CX_HEADING_TAG_OPEN " ["

/* Headings are folded for comparison by cx_fold_heading (fold.h). */
/* Does this text look like a period heading ("THÁNG 4", "TUẦN 04/11", "Kỳ trước")? */
int cx_heading_is_period(const char *s);

#endif
