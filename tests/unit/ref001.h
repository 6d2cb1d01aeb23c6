/* Reference 001 (Phú Tân, Tháng 5 - Tuần 01) as hand-built snapshots for unit tests,
 * independent of the readers and the normalizer. */
#ifndef TEST_REF001_H
#define TEST_REF001_H

#include <stdlib.h>
#include <string.h>
#include "model.h"

typedef struct ref_row {
    const char *name, *key;
    double dth;              /* ĐIỂM THÁNG 5 - TUẦN 01 */
    int label;               /* cx_label */
    double prev, delta;      /* THÁNG 4, ĐIỂM (TĂNG/GIẢM) */
    double ckmb, tdgq, dvctt, tttt, shhs;
} ref_row;

static const ref_row ref001[] = {
    {"Toàn huyện", "toàn huyện", 86.59, CX_LABEL_TOT, 80.53, 6.06, 100, 98.88, 74.6, 49.95, 72.3},
    {"Phú Hùng", "phú hùng", 89.21, CX_LABEL_TOT, 77.38, 11.83, 100, 100, 100, 98.41, 82.1},
    {"Phú Bình", "phú bình", 89.12, CX_LABEL_TOT, 88.97, 0.15, 100, 100, 100, 100, 82.1},
    {"Tân Hòa", "tân hòa", 89.04, CX_LABEL_TOT, 89.06, -0.02, 100, 100, 85.3, 100, 81.2},
    {"Phú Thành", "phú thành", 89.04, CX_LABEL_TOT, 88.75, 0.29, 100, 100, 100, 100, 81.3},
    {"Phú Hiệp", "phú hiệp", 88.82, CX_LABEL_TOT, 86.78, 2.04, 100, 100, 97.7, 100, 81.6},
    {"Hiệp Xương", "hiệp xương", 88.72, CX_LABEL_TOT, 83.66, 5.06, 100, 100, 100, 84.62, 81.7},
    {"Phú Mỹ", "phú mỹ", 88.62, CX_LABEL_TOT, 81.75, 6.87, 100, 98.97, 97.9, 93.75, 81.9},
    {"Phú Xuân", "phú xuân", 88.42, CX_LABEL_TOT, 89.15, -0.73, 100, 100, 93.8, 100, 81.9},
    {"Phú Thọ", "phú thọ", 86.01, CX_LABEL_TOT, 80.21, 5.8, 100, 100, 39, 77.42, 82.2},
    {"Tân Trung", "tân trung", 84.24, CX_LABEL_TOT, 81.16, 3.08, 81.8, 94.74, 100, 84.21, 81.2},
    {"Phú Thạnh", "phú thạnh", 83.96, CX_LABEL_TOT, 80.26, 3.7, 76.2, 100, 100, 100, 82},
    {"Phú An", "phú an", 82.18, CX_LABEL_TOT, 77.84, 4.34, 83.7, 100, 93.4, 92.98, 82.1},
    {"Chợ Vàm", "chợ vàm", 81.78, CX_LABEL_TOT, 80.76, 1.02, 60, 100, 100, 100, 82},
    {"Phú Lâm", "phú lâm", 81.09, CX_LABEL_TOT, 81.09, 0, 100, 100, 94.7, 100, 81.5},
    {"Long Hòa", "long hòa", 80.79, CX_LABEL_TOT, 81.78, -0.99, 60.7, 100, 88.2, 91.3, 80.3},
    {"Hòa Lạc", "hòa lạc", 75.17, CX_LABEL_KHA, 81.99, -6.82, 35.9, 100, 92.9, 100, 81.8},
    {"Bình Thạnh Đông", "bình thạnh đông", 74.81, CX_LABEL_KHA, 79.56, -4.75, 34.9, 100, 100, 100, 82},
    {"Phú Long", "phú long", 55.87, CX_LABEL_TRUNG_BINH, 82.29, -26.42, 29.4, 41.67, 100, 100, 82},
};
#define REF001_N (sizeof ref001 / sizeof ref001[0])

/* The snapshot as the appendix prints it; with_prev = 0 leaves out THÁNG 4 and the change.
 * Cells as in samples/phu-tan-2024-t5-w1.csv: data from row 6, columns A.. */
static cx_snapshot *ref001_snapshot(int with_prev)
{
    cx_snapshot *s = cx_snapshot_new();
    int si = cx_snapshot_add_source(s, "phu-tan-2024-t5-w1.csv", "csv", "utf-8");
    cx_source_add_sheet(s, si, "phu-tan-2024-t5-w1");
    s->scope = strdup("Phú Tân");
    s->period = (cx_period){.label = strdup("Tháng 5 - Tuần 01"), .year = 2024, .month = 5, .week = 1, .cutoff = "2024-05-06"};
    for (size_t i = 0; i < REF001_N; i++) {
        const ref_row *r = &ref001[i];
        cx_unit *u = cx_snapshot_add_unit(s);
        u->name = strdup(r->name);
        u->key = strdup(r->key);
        u->raw_name = strdup(r->name);
        u->kind = i == 0 ? CX_KIND_TONG : CX_KIND_XA;
        u->stt = i == 0 ? -1 : (long)i;
        u->name_ref = (cx_cellref){0, 0, (uint32_t)(6 + i), 1};
        struct { cx_indicator ind; double v; uint32_t col; } vals[] = {
            {CX_IND_DIEM_TONG_HOP, r->dth, 2}, {CX_IND_XEP_LOAI, r->label, 3},
            {CX_IND_DIEM_KY_TRUOC, r->prev, 4}, {CX_IND_TANG_GIAM, r->delta, 5},
            {CX_IND_CONG_KHAI_MINH_BACH, r->ckmb, 6}, {CX_IND_TIEN_DO_GIAI_QUYET, r->tdgq, 7},
            {CX_IND_DVC_TRUC_TUYEN, r->dvctt, 8}, {CX_IND_THANH_TOAN_TRUC_TUYEN, r->tttt, 9},
            {CX_IND_SO_HOA_HO_SO, r->shhs, 10},
        };
        for (size_t k = 0; k < sizeof vals / sizeof vals[0]; k++) {
            if (!with_prev && (vals[k].ind == CX_IND_DIEM_KY_TRUOC || vals[k].ind == CX_IND_TANG_GIAM)) continue;
            cx_unit_set(u, vals[k].ind, vals[k].v);
            u->ref[vals[k].ind] = (cx_cellref){0, 0, (uint32_t)(6 + i), vals[k].col};
            s->columns |= CX_BIT(vals[k].ind);
        }
    }
    return s;
}

#endif
