/*
 * fixture_phu_tan.h — the appendix of reference 001 (Phú Tân, Tháng 5 - Tuần 01) built
 * by hand as a snapshot, for the writer tests. Header-only (static), included by tests.
 */
#ifndef CHISO_FIXTURE_PHU_TAN_H
#define CHISO_FIXTURE_PHU_TAN_H

#include <stdlib.h>
#include <string.h>
#include "model.h"

typedef struct {
    long stt;
    const char *name, *key;
    double diem, ky_truoc, tang_giam, ckmb, tdgq, dvctt, tttt, shhs, tsd, ctdt;
    cx_label label;
} fx_row;

/* The printed table, in source order, the total row first. */
static const fx_row fx_phu_tan[] = {
    {-1, "Toàn huyện", "toàn huyện", 86.59, 80.53, 6.06, 100, 98.88, 74.6, 49.95, 72.3, 0, 0, CX_LABEL_TOT},
    {1, "Phú Hùng", "phú hùng", 89.21, 77.38, 11.83, 100, 100, 100, 98.41, 82.1, 0, 0, CX_LABEL_TOT},
    {2, "Phú Bình", "phú bình", 89.12, 88.97, 0.15, 100, 100, 100, 100, 82.1, 0, 0, CX_LABEL_TOT},
    {3, "Tân Hòa", "tân hòa", 89.04, 89.06, -0.02, 100, 100, 85.3, 100, 81.2, 0, 0, CX_LABEL_TOT},
    {4, "Phú Thành", "phú thành", 89.04, 88.75, 0.29, 100, 100, 100, 100, 81.3, 0, 0, CX_LABEL_TOT},
    {5, "Phú Hiệp", "phú hiệp", 88.82, 86.78, 2.04, 100, 100, 97.7, 100, 81.6, 0, 0, CX_LABEL_TOT},
    {6, "Hiệp Xương", "hiệp xương", 88.72, 83.66, 5.06, 100, 100, 100, 84.62, 81.7, 0, 0, CX_LABEL_TOT},
    {7, "Phú Mỹ", "phú mỹ", 88.62, 81.75, 6.87, 100, 98.97, 97.9, 93.75, 81.9, 0, 0, CX_LABEL_TOT},
    {8, "Phú Xuân", "phú xuân", 88.42, 89.15, -0.73, 100, 100, 93.8, 100, 81.9, 0, 0, CX_LABEL_TOT},
    {9, "Phú Thọ", "phú thọ", 86.01, 80.21, 5.8, 100, 100, 39, 77.42, 82.2, 0, 0, CX_LABEL_TOT},
    {10, "Tân Trung", "tân trung", 84.24, 81.16, 3.08, 81.8, 94.74, 100, 84.21, 81.2, 0, 0, CX_LABEL_TOT},
    {11, "Phú Thạnh", "phú thạnh", 83.96, 80.26, 3.7, 76.2, 100, 100, 100, 82, 0, 0, CX_LABEL_TOT},
    {12, "Phú An", "phú an", 82.18, 77.84, 4.34, 83.7, 100, 93.4, 92.98, 82.1, 0, 0, CX_LABEL_TOT},
    {13, "Chợ Vàm", "chợ vàm", 81.78, 80.76, 1.02, 60, 100, 100, 100, 82, 0, 0, CX_LABEL_TOT},
    {14, "Phú Lâm", "phú lâm", 81.09, 81.09, 0, 100, 100, 94.7, 100, 81.5, 0, 0, CX_LABEL_TOT},
    {15, "Long Hòa", "long hòa", 80.79, 81.78, -0.99, 60.7, 100, 88.2, 91.3, 80.3, 0, 0, CX_LABEL_TOT},
    {16, "Hòa Lạc", "hòa lạc", 75.17, 81.99, -6.82, 35.9, 100, 92.9, 100, 81.8, 0, 0, CX_LABEL_KHA},
    {17, "Bình Thạnh Đông", "bình thạnh đông", 74.81, 79.56, -4.75, 34.9, 100, 100, 100, 82, 0, 0, CX_LABEL_KHA},
    {18, "Phú Long", "phú long", 55.87, 82.29, -26.42, 29.4, 41.67, 100, 100, 82, 0, 0, CX_LABEL_TRUNG_BINH},
};
#define FX_NROWS (sizeof fx_phu_tan / sizeof fx_phu_tan[0])

static char *fx_dup(const char *s) { return s ? strdup(s) : NULL; }

/* The snapshot as the normalizer would make it from samples/phu-tan-2024-t5-w1.csv. */
static cx_snapshot *fx_build_phu_tan(void)
{
    cx_snapshot *s = cx_snapshot_new();
    if (!s) return NULL;
    int si = cx_snapshot_add_source(s, "phu-tan-2024-t5-w1.csv", "csv", "utf-8");
    cx_source_add_sheet(s, si, "phu-tan-2024-t5-w1");
    s->title = fx_dup("BỘ CHỈ SỐ PHỤC VỤ NGƯỜI DÂN, DOANH NGHIỆP TRONG THỰC HIỆN TTHC, CUNG CẤP DỊCH VỤ CÔNG - THÁNG 5 (Tuần 01)");
    s->scope = fx_dup("Phú Tân");
    s->period.label = fx_dup("Tháng 5 - Tuần 01");
    s->period.year = 2024;
    s->period.month = 5;
    s->period.week = 1;
    memcpy(s->period.cutoff, "2024-05-06", 11);
    s->prev_label = fx_dup("THÁNG 4");
    static const cx_indicator cols[] = {
        CX_IND_DIEM_TONG_HOP, CX_IND_XEP_LOAI, CX_IND_DIEM_KY_TRUOC, CX_IND_TANG_GIAM,
        CX_IND_CONG_KHAI_MINH_BACH, CX_IND_TIEN_DO_GIAI_QUYET, CX_IND_DVC_TRUC_TUYEN,
        CX_IND_THANH_TOAN_TRUC_TUYEN, CX_IND_SO_HOA_HO_SO, CX_IND_TAI_SU_DUNG, CX_IND_CHUNG_THUC_DIEN_TU};
    for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++) s->columns |= CX_BIT(cols[i]);
    for (size_t r = 0; r < FX_NROWS; r++) {
        const fx_row *x = &fx_phu_tan[r];
        cx_unit *u = cx_snapshot_add_unit(s);
        u->name = fx_dup(x->name);
        u->key = fx_dup(x->key);
        u->raw_name = fx_dup(x->name);
        u->kind = x->stt < 0 ? CX_KIND_TONG : CX_KIND_XA;
        u->stt = x->stt;
        cx_unit_set(u, CX_IND_DIEM_TONG_HOP, x->diem);
        cx_unit_set(u, CX_IND_XEP_LOAI, (double)x->label);
        cx_unit_set(u, CX_IND_DIEM_KY_TRUOC, x->ky_truoc);
        cx_unit_set(u, CX_IND_TANG_GIAM, x->tang_giam);
        cx_unit_set(u, CX_IND_CONG_KHAI_MINH_BACH, x->ckmb);
        cx_unit_set(u, CX_IND_TIEN_DO_GIAI_QUYET, x->tdgq);
        cx_unit_set(u, CX_IND_DVC_TRUC_TUYEN, x->dvctt);
        cx_unit_set(u, CX_IND_THANH_TOAN_TRUC_TUYEN, x->tttt);
        cx_unit_set(u, CX_IND_SO_HOA_HO_SO, x->shhs);
        cx_unit_set(u, CX_IND_TAI_SU_DUNG, x->tsd);
        cx_unit_set(u, CX_IND_CHUNG_THUC_DIEN_TU, x->ctdt);
        /* Rows 6.. of the CSV: row 6 is the total. */
        for (int i = 0; i < CX_IND_COUNT; i++) { u->ref[i].source = 0; u->ref[i].sheet = 0; u->ref[i].row = (uint32_t)(6 + r); }
    }
    return s;
}

/* Read everything a memstream wrote; helper for the FILE* writers. */
typedef struct { char *buf; size_t len; FILE *f; } fx_mem;
static FILE *fx_mem_open(fx_mem *m) { m->buf = NULL; m->len = 0; m->f = open_memstream(&m->buf, &m->len); return m->f; }
static void fx_mem_close(fx_mem *m) { fclose(m->f); m->f = NULL; }

#endif
