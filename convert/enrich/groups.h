/*
 * groups.h — the portal's six group files of one province and period, joined into one table.
 *
 * Each group endpoint (transparency, dvc-progress-tree, provide-online-tree,
 * formality-online-payment-tree, handling-satisfaction, dossier-digitized) gives one
 * group's indicators for the same units. Given several of them, `convert` and `history`
 * join them by unit (the portal's departmentId, else its code, else the key) into one
 * snapshot; with all six, diem_tong_hop is the sum of the six *_diem (a computed value),
 * checked against a service-results file of the same province and period when one is
 * given (a difference over 0.01 is a warning naming the unit).
 */
#ifndef CHISO_GROUPS_H
#define CHISO_GROUPS_H

#include <stddef.h>
#include "model.h"
#include "diag.h"

/* The group score (*_diem) a snapshot is the file of: it has group scores and no total
 * score; CX_IND_NONE otherwise (a total-score table, a workbook with both). */
cx_indicator cx_group_file_of(const cx_snapshot *s);

/*
 * Join the group files among snaps[0..*n): those of one scope and period become one
 * snapshot (in the place of the first), the others are freed; *n is updated. With
 * one_period (convert), group files of different provinces or periods are refused with
 * CX_ERR_USAGE naming both files; otherwise (history) each scope and period is joined apart.
 */
cx_error cx_groups_join(cx_snapshot **snaps, size_t *n, int one_period, cx_diag *d);

/* The joined table's totals against res, a total-score table (service results) of the same
 * province and period: a difference over 0.01 is a warning naming the unit. Anything else
 * is left alone. */
cx_error cx_groups_check(const cx_snapshot *joined, cx_snapshot *res, cx_diag *d);

#endif
