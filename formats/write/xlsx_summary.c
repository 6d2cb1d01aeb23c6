/*
 * xlsx_summary.c — the "Tổng hợp" sheet of the Phụ lục: the report's lists in cells
 * (the same lists `chiso summary` prints, from summary.h), counts per classification
 * with their score bands, and a column chart of the units' scores drawn from the
 * Phụ lục sheet's own cells (so an edit there moves the chart).
 *
 * Printable as the appendix is: A4 portrait, Times New Roman, wrapped text, one page wide.
 * libxlsxwriter 1.1.4 cannot combine a column chart with line series, so the bands
 * are drawn as the value axis' gridlines at 10-point steps with the band table beside.
 */
#include "xlsx_summary.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "summary.h"
#include "write_util.h"

#define CK(call) do { lxw_error e_ = (call); if (e_ != LXW_NO_ERROR) { \
    err = cx_fail(d, CX_ERR_WRITE, "cannot write the 'Tổng hợp' sheet: %s", lxw_strerror(e_)); goto done; } } while (0)
#define NN(p) do { if (!(p)) { err = cx_fail(d, CX_ERR_NOMEM, "cannot build the 'Tổng hợp' sheet (out of memory)"); goto done; } } while (0)

static const char *const label_words[CX_LABEL_COUNT] = {"Chưa xếp loại", "Xuất sắc", "Tốt", "Khá", "Trung bình", "Yếu"};
static const char *const band_words[CX_LABEL_COUNT] = {"", "từ 90 điểm", "từ 80 đến dưới 90", "từ 70 đến dưới 80",
                                                        "từ 50 đến dưới 70", "dưới 50 điểm"};

/* Row height for wrapped text in a column about `chars` characters wide. */
static double wrapped_height(const char *text, int chars)
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) n += (*p & 0xC0) != 0x80;
    size_t lines = n / (size_t)chars + 1;
    return 17.0 * (double)(lines > 12 ? 12 : lines);
}

#define CELL_MAX 32767   /* characters in one cell (Excel); merge_range drops a longer text silently */

/* A list as one cell's text. A list too long for a cell (thousands of failing units)
 * keeps its first, worst units and says how many more there are. */
static char *list_cell_text(const cx_summary_item *items, size_t n, cx_indicator ind)
{
    size_t kept = 0;
    char *head = cx_summary_list_fit(items, n, ind, CELL_MAX, CELL_MAX - 48, &kept);   /* 48: " (và N đơn vị khác)" */
    if (!head || kept == n) return head;
    char *t;
    if (asprintf(&t, "%s%s(và %zu đơn vị khác)", head, kept ? " " : "", n - kept) < 0) t = NULL;
    free(head);
    return t;
}

static pthread_mutex_t chart_lock = PTHREAD_MUTEX_INITIALIZER;

static lxw_format *fmt(lxw_workbook *wb, int bold, int wrap, int border, int size)
{
    lxw_format *f = workbook_add_format(wb);
    if (!f) return NULL;
    format_set_font_name(f, "Times New Roman");
    format_set_font_size(f, size);
    if (bold) format_set_bold(f);
    if (wrap) format_set_text_wrap(f);
    format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
    if (border) format_set_border(f, LXW_BORDER_THIN);
    return f;
}

int cx_xlsx_summary_formats(lxw_workbook *wb, cx_xlsx_summary_fmts *f)
{
    f->title = fmt(wb, 1, 1, 0, 14); f->bold = fmt(wb, 1, 1, 0, 13); f->text = fmt(wb, 0, 1, 0, 13);
    f->th = fmt(wb, 1, 1, 1, 13); f->td = fmt(wb, 0, 1, 1, 13); f->tdn = fmt(wb, 0, 0, 1, 13);
    f->note = fmt(wb, 0, 1, 0, 11);
    if (!f->title || !f->bold || !f->text || !f->th || !f->td || !f->tdn || !f->note) return -1;
    format_set_align(f->title, LXW_ALIGN_CENTER);
    format_set_align(f->th, LXW_ALIGN_CENTER);
    format_set_bg_color(f->th, 0xDDEBF7);
    format_set_italic(f->note);
    return 0;
}

lxw_worksheet *cx_xlsx_summary_add(lxw_workbook *wb)
{
    /* "Tổng hợp", or "Tổng hợp (2)" ... when the workbook holds several snapshots. */
    char name[32] = "Tổng hợp";
    for (int k = 2; workbook_get_worksheet_by_name(wb, name) && k < 1000; k++)
        snprintf(name, sizeof name, "Tổng hợp (%d)", k);
    return workbook_add_worksheet(wb, name);
}

lxw_worksheet *cx_xlsx_summary_add_for(lxw_workbook *wb, const char *phu_luc_sheet)
{
    /* "Tổng hợp Tháng 5 - Tuần 01": named after its period's sheet (at most 31 characters). */
    if (!phu_luc_sheet) return cx_xlsx_summary_add(wb);
    char name[160];
    size_t o = (size_t)snprintf(name, sizeof name, "Tổng hợp "), chars = 9;
    for (const char *p = phu_luc_sheet; *p && o + 4 < sizeof name; p++) {
        if (((unsigned char)*p & 0xC0) != 0x80) { if (chars == 31) break; chars++; }
        name[o++] = *p;
    }
    name[o] = 0;
    if (workbook_get_worksheet_by_name(wb, name)) return cx_xlsx_summary_add(wb);
    return workbook_add_worksheet(wb, name);
}

void cx_phu_luc_layout_none(cx_phu_luc_layout *l)
{
    l->first_unit_row = l->last_unit_row = l->name_col = -1;
    for (int k = 0; k < CX_IND_COUNT; k++) l->ind_col[k] = -1;
}

cx_error cx_xlsx_summary_sheet(lxw_workbook *wb, const cx_snapshot *s, const char *sheet_name,
                               const cx_phu_luc_layout *lay, const cx_write_opts *o, cx_diag *d)
{
    cx_xlsx_summary_fmts f;
    if (!wb || !s) return CX_OK;
    lxw_worksheet *ws = cx_xlsx_summary_add(wb);
    if (!ws || cx_xlsx_summary_formats(wb, &f) != 0)
        return cx_fail(d, CX_ERR_NOMEM, "cannot build the 'Tổng hợp' sheet (out of memory)");
    return cx_xlsx_summary_write(wb, ws, &f, s, sheet_name, lay, o, d);
}

cx_error cx_xlsx_summary_write(lxw_workbook *wb, lxw_worksheet *ws, const cx_xlsx_summary_fmts *fm,
                               const cx_snapshot *s, const char *sheet_name,
                               const cx_phu_luc_layout *lay, const cx_write_opts *o, cx_diag *d)
{
    cx_error err = CX_OK;
    cx_summary *sm = NULL;
    char *buf = NULL;
    if (!wb || !ws || !s) return CX_OK;
    NN(sm = cx_summary_build(s, o ? o->rules : NULL));
    lxw_format *title = fm->title, *bold = fm->bold, *text = fm->text, *th = fm->th, *td = fm->td, *tdn = fm->tdn;
    lxw_format *note = fm->note;

    worksheet_set_paper(ws, 9);            /* A4 */
    worksheet_set_portrait(ws);
    worksheet_set_margins(ws, 0.6, 0.5, 0.6, 0.6);
    worksheet_center_horizontally(ws);
    worksheet_fit_to_pages(ws, 1, 0);
    CK(worksheet_set_column(ws, 0, 0, 34, NULL));
    CK(worksheet_set_column(ws, 1, 1, 40, NULL));
    CK(worksheet_set_column(ws, 2, 2, 16, NULL));
    const int wide = 90;   /* characters across A:C, for row heights */

    lxw_row_t r = 0;
    CK(cx_xlsx_merge(ws, r, 0, r, 2, "TỔNG HỢP KẾT QUẢ BỘ CHỈ SỐ PHỤC VỤ NGƯỜI DÂN, DOANH NGHIỆP", title));
    CK(worksheet_set_row(ws, r, 22, NULL));
    r++;
    {
        char line[512];
        size_t n = 0;
        line[0] = 0;
        if (s->scope) n += (size_t)snprintf(line + n, sizeof line - n, "%s", s->scope);
        if (s->period.label && n < sizeof line)
            n += (size_t)snprintf(line + n, sizeof line - n, "%s%s", n ? " — " : "", s->period.label);
        if (s->period.cutoff[0] && n < sizeof line)
            snprintf(line + n, sizeof line - n, "%s(chốt số liệu ngày %.2s/%.2s/%.4s)", n ? " " : "",
                     s->period.cutoff + 8, s->period.cutoff + 5, s->period.cutoff);
        if (line[0]) CK(cx_xlsx_merge(ws, r, 0, r, 2, line, title));
        r += 2;
    }

    /* 1. The district. */
    const cx_unit *t = sm->total;
    if (t && (cx_unit_has(t, CX_IND_DIEM_TONG_HOP) || cx_unit_has(t, CX_IND_XEP_HANG) || cx_unit_has(t, CX_IND_XEP_LOAI))) {
        CK(cx_xlsx_str(ws, r++, 0, "1. Kết quả chung", bold));
        if (cx_unit_has(t, CX_IND_DIEM_TONG_HOP)) {
            CK(cx_xlsx_str(ws, r, 0, "Tổng số điểm", td));
            CK(worksheet_write_number(ws, r, 1, t->v[CX_IND_DIEM_TONG_HOP], tdn));
            CK(cx_xlsx_str(ws, r++, 2, "/100 điểm", td));
        }
        if (cx_unit_has(t, CX_IND_XEP_HANG)) {
            CK(cx_xlsx_str(ws, r, 0, "Xếp hạng", td));
            CK(worksheet_write_number(ws, r, 1, t->v[CX_IND_XEP_HANG], tdn));
            CK(worksheet_write_blank(ws, r++, 2, td));
        }
        cx_label l = cx_unit_has(t, CX_IND_XEP_LOAI) ? (cx_label)(int)t->v[CX_IND_XEP_LOAI] :
                     cx_unit_has(t, CX_IND_DIEM_TONG_HOP) ? cx_label_for_score(t->v[CX_IND_DIEM_TONG_HOP]) : CX_LABEL_NONE;
        if (l > CX_LABEL_NONE && l < CX_LABEL_COUNT) {
            CK(cx_xlsx_str(ws, r, 0, "Xếp loại", td));
            CK(cx_xlsx_str(ws, r, 1, cx_label_display(l), td));
            CK(worksheet_write_blank(ws, r++, 2, td));
        }
        if (cx_unit_has(t, CX_IND_TANG_GIAM)) {
            char lab[160];
            char *pw = cx_summary_prev_words(s);
            NN(pw);
            snprintf(lab, sizeof lab, "Tăng/giảm so với %s", pw);
            free(pw);
            CK(cx_xlsx_str(ws, r, 0, lab, td));
            CK(worksheet_write_number(ws, r, 1, t->v[CX_IND_TANG_GIAM], tdn));
            CK(cx_xlsx_str(ws, r++, 2, "điểm", td));
        }
        r++;
    }

    /* 2. Counts per classification, with the bands. */
    CK(cx_xlsx_str(ws, r++, 0, "2. Số đơn vị theo xếp loại", bold));
    CK(cx_xlsx_str(ws, r, 0, "Xếp loại", th));
    CK(cx_xlsx_str(ws, r, 1, "Điểm tổng hợp", th));
    CK(cx_xlsx_str(ws, r++, 2, "Số đơn vị", th));
    lxw_row_t first_count = r;
    for (int l = 1; l < CX_LABEL_COUNT; l++) {
        CK(cx_xlsx_str(ws, r, 0, label_words[l], td));
        CK(cx_xlsx_str(ws, r, 1, band_words[l], td));
        CK(worksheet_write_number(ws, r++, 2, (double)sm->counts[l], tdn));
    }
    if (sm->counts[0]) {
        CK(cx_xlsx_str(ws, r, 0, label_words[0], td));
        CK(worksheet_write_blank(ws, r, 1, td));
        CK(worksheet_write_number(ws, r++, 2, (double)sm->counts[0], tdn));
    }
    {
        char f[64];
        snprintf(f, sizeof f, "=SUM(C%u:C%u)", (unsigned)first_count + 1, (unsigned)r);
        CK(cx_xlsx_str(ws, r, 0, "Tổng số đơn vị", th));
        CK(worksheet_write_blank(ws, r, 1, th));
        CK(worksheet_write_formula_num(ws, r++, 2, f, th, (double)sm->nunits));
    }
    r++;

    /* 3. The units failing each rule, worst first. */
    CK(cx_xlsx_str(ws, r++, 0, "3. Các đơn vị chưa đạt", bold));
    if (sm->nlists == 0) {
        CK(cx_xlsx_str(ws, r++, 0, "Không có đơn vị nào chưa đạt chỉ tiêu.", text));
    } else {
        CK(cx_xlsx_str(ws, r, 0, "Chỉ số", th));
        CK(cx_xlsx_merge(ws, r, 1, r, 2, "Đơn vị (giá trị)", th));
        r++;
        for (size_t i = 0; i < sm->nlists; i++) {
            const cx_summary_list *L = &sm->lists[i];
            NN(buf = list_cell_text(L->items, L->n, L->rule->indicator));
            CK(cx_xlsx_str(ws, r, 0, L->title, td));
            CK(cx_xlsx_merge(ws, r, 1, r, 2, buf, td));
            double hgt = wrapped_height(buf, 50), h2 = wrapped_height(L->title, 32);
            CK(worksheet_set_row(ws, r, hgt > h2 ? hgt : h2, NULL));
            free(buf);
            buf = NULL;
            r++;
        }
    }
    r++;

    /* 4. The units that fell most. */
    if (sm->nfell) {
        char head[160];
        char *pw = cx_summary_prev_words(s);
        NN(pw);
        snprintf(head, sizeof head, "4. Giảm điểm so với %s", pw);
        free(pw);
        CK(cx_xlsx_str(ws, r++, 0, head, bold));
        NN(buf = list_cell_text(sm->fell, sm->nfell, CX_IND_TANG_GIAM));
        CK(cx_xlsx_merge(ws, r, 0, r, 2, buf, text));
        CK(worksheet_set_row(ws, r, wrapped_height(buf, wide), NULL));
        free(buf);
        buf = NULL;
        r += 2;
    }

    /* 5. The chart, from the Phụ lục sheet's cells. */
    /* The Phụ lục's own columns (its layout): its names and its diem_tong_hop, none when
     * the sheet has no such column (a table of another indicator). */
    int first_row = lay ? lay->first_unit_row : -1, last_row = lay ? lay->last_unit_row : -1;
    int name_col = lay ? lay->name_col : -1, score_col = lay ? lay->ind_col[CX_IND_DIEM_TONG_HOP] : -1;
    if (sheet_name && first_row >= 0 && last_row >= first_row && name_col >= 0 && score_col >= 0) {
        /* The workbook's chart list is shared by the writing threads (xlsx_write.c). */
        pthread_mutex_lock(&chart_lock);
        lxw_chart *ch = workbook_add_chart(wb, LXW_CHART_COLUMN);
        pthread_mutex_unlock(&chart_lock);
        NN(ch);
        chart_title_set_name(ch, "Điểm tổng hợp của các đơn vị");
        lxw_chart_font tf = {.name = "Times New Roman", .size = 12, .bold = LXW_TRUE};
        chart_title_set_name_font(ch, &tf);
        lxw_chart_series *se = chart_add_series(ch, NULL, NULL);
        NN(se);
        chart_series_set_categories(se, sheet_name, (lxw_row_t)first_row, (lxw_col_t)name_col,
                                    (lxw_row_t)last_row, (lxw_col_t)name_col);
        chart_series_set_values(se, sheet_name, (lxw_row_t)first_row, (lxw_col_t)score_col,
                                (lxw_row_t)last_row, (lxw_col_t)score_col);
        chart_series_set_name(se, "Điểm tổng hợp");
        chart_series_set_labels(se);
        lxw_chart_font lf = {.name = "Times New Roman", .size = 8};
        chart_series_set_labels_font(se, &lf);
        /* The bands: gridlines every 10 points on a 0-100 axis (90/80/70/50 fall on them). */
        chart_axis_set_min(ch->y_axis, 0);
        chart_axis_set_max(ch->y_axis, 100);
        chart_axis_set_major_unit(ch->y_axis, 10);
        chart_axis_major_gridlines_set_visible(ch->y_axis, LXW_TRUE);
        lxw_chart_font af = {.name = "Times New Roman", .size = 9, .rotation = -45};
        chart_axis_set_num_font(ch->x_axis, &af);
        chart_legend_set_position(ch, LXW_CHART_LEGEND_NONE);
        lxw_chart_options co = {.x_offset = 5, .y_offset = 5, .x_scale = 1.3, .y_scale = 1.4};
        CK(worksheet_insert_chart_opt(ws, r, 0, ch, &co));
        r += 22;
        CK(cx_xlsx_merge(ws, r, 0, r, 2,
                                 "Xếp loại theo điểm tổng hợp: Xuất sắc từ 90; Tốt từ 80; Khá từ 70; "
                                 "Trung bình từ 50; Yếu dưới 50 (Quyết định 766/QĐ-TTg).", note));
        r++;
    }
    CK(worksheet_print_area(ws, 0, 0, r, 2));
done:
    free(buf);
    cx_summary_free(sm);
    return err;
}
