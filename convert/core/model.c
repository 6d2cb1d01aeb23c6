#include "model.h"
#include "spool.h"

#include <stdlib.h>
#include <string.h>

/* Headings and groups as the Phụ lục of reference 001 prints them. */
const cx_indicator_info cx_indicators[CX_IND_COUNT] = {
    [CX_IND_DIEM_TONG_HOP]        = {"diem_tong_hop", CX_MEASURE_POINTS, 100, "ĐIỂM", "ĐIỂM TỔNG HỢP", "Điểm tổng hợp"},
    [CX_IND_XEP_LOAI]             = {"xep_loai", CX_MEASURE_LABEL, 0, "XẾP LOẠI", "ĐIỂM TỔNG HỢP", "Xếp loại"},
    [CX_IND_XEP_HANG]             = {"xep_hang", CX_MEASURE_RANK, 0, "XẾP HẠNG", "ĐIỂM TỔNG HỢP", "Xếp hạng"},
    [CX_IND_DIEM_KY_TRUOC]        = {"diem_ky_truoc", CX_MEASURE_POINTS, 100, "KỲ TRƯỚC", "ĐIỂM TỔNG HỢP", "Điểm kỳ trước"},
    [CX_IND_TANG_GIAM]            = {"tang_giam", CX_MEASURE_POINTS, 0, "ĐIỂM (TĂNG/GIẢM)", "ĐIỂM TỔNG HỢP", "Tăng/giảm"},
    [CX_IND_CONG_KHAI_MINH_BACH]  = {"cong_khai_minh_bach", CX_MEASURE_PERCENT, 100, "CÔNG KHAI, MINH BẠCH (%)", NULL, "Công khai, minh bạch"},
    [CX_IND_TIEN_DO_GIAI_QUYET]   = {"tien_do_giai_quyet", CX_MEASURE_PERCENT, 100, "TIẾN ĐỘ GIẢI QUYẾT (%)", NULL, "Tiến độ giải quyết"},
    [CX_IND_DVC_TRUC_TUYEN]       = {"dvc_truc_tuyen", CX_MEASURE_PERCENT, 100, "DVCTT", "DỊCH VỤ CÔNG TT", "Dịch vụ công trực tuyến"},
    [CX_IND_THANH_TOAN_TRUC_TUYEN]= {"thanh_toan_truc_tuyen", CX_MEASURE_PERCENT, 100, "THANH TOÁN TT", "DỊCH VỤ CÔNG TT", "Thanh toán trực tuyến"},
    [CX_IND_MUC_DO_HAI_LONG]      = {"muc_do_hai_long", CX_MEASURE_PERCENT, 100, "MỨC ĐỘ HÀI LÒNG (%)", NULL, "Mức độ hài lòng"},
    [CX_IND_SO_HOA_HO_SO]         = {"so_hoa_ho_so", CX_MEASURE_PERCENT, 100, "SỐ HÓA HỒ SƠ", "SỐ HÓA HỒ SƠ", "Số hóa hồ sơ"},
    [CX_IND_TAI_SU_DUNG]          = {"tai_su_dung", CX_MEASURE_PERCENT, 100, "TÁI SỬ DỤNG (%)", "SỐ HÓA HỒ SƠ", "Tái sử dụng"},
    [CX_IND_CHUNG_THUC_DIEN_TU]   = {"chung_thuc_dien_tu", CX_MEASURE_COUNT, 0, "CHỨNG THỰC ĐT", "SỐ HÓA HỒ SƠ", "Chứng thực điện tử"},
    [CX_IND_CHUNG_THUC_DIEN_TU_LUY_KE] = {"chung_thuc_dien_tu_luy_ke", CX_MEASURE_COUNT, 0, "CHỨNG THỰC ĐT (LŨY KẾ)", "SỐ HÓA HỒ SƠ", "Chứng thực điện tử (lũy kế)"},
    [CX_IND_CONG_KHAI_MINH_BACH_DIEM]  = {"cong_khai_minh_bach_diem", CX_MEASURE_GROUP, 18, "CÔNG KHAI, MINH BẠCH (18 điểm)", NULL, "Công khai, minh bạch"},
    [CX_IND_TIEN_DO_GIAI_QUYET_DIEM]   = {"tien_do_giai_quyet_diem", CX_MEASURE_GROUP, 20, "TIẾN ĐỘ GIẢI QUYẾT (20 điểm)", NULL, "Tiến độ giải quyết"},
    [CX_IND_DVC_TRUC_TUYEN_DIEM]       = {"dvc_truc_tuyen_diem", CX_MEASURE_GROUP, 12, "DỊCH VỤ CÔNG TRỰC TUYẾN (12 điểm)", NULL, "Dịch vụ công trực tuyến"},
    [CX_IND_THANH_TOAN_TRUC_TUYEN_DIEM]= {"thanh_toan_truc_tuyen_diem", CX_MEASURE_GROUP, 10, "THANH TOÁN TRỰC TUYẾN (10 điểm)", NULL, "Thanh toán trực tuyến"},
    [CX_IND_MUC_DO_HAI_LONG_DIEM]      = {"muc_do_hai_long_diem", CX_MEASURE_GROUP, 18, "MỨC ĐỘ HÀI LÒNG (18 điểm)", NULL, "Mức độ hài lòng"},
    [CX_IND_SO_HOA_HO_SO_DIEM]         = {"so_hoa_ho_so_diem", CX_MEASURE_GROUP, 22, "SỐ HÓA HỒ SƠ (22 điểm)", NULL, "Số hóa hồ sơ"},
    [CX_IND_HO_SO_TIEP_NHAN]     = {"ho_so_tiep_nhan", CX_MEASURE_COUNT, 0, "HỒ SƠ TIẾP NHẬN", "TIẾN ĐỘ GIẢI QUYẾT", "Hồ sơ tiếp nhận"},
    [CX_IND_HO_SO_DUNG_HAN]      = {"ho_so_dung_han", CX_MEASURE_COUNT, 0, "ĐÚNG HẠN", "TIẾN ĐỘ GIẢI QUYẾT", "Hồ sơ đúng hạn"},
    [CX_IND_HO_SO_QUA_HAN]       = {"ho_so_qua_han", CX_MEASURE_COUNT, 0, "QUÁ HẠN", "TIẾN ĐỘ GIẢI QUYẾT", "Hồ sơ quá hạn"},
    [CX_IND_SO_NGAY_XU_LY_TB]    = {"so_ngay_xu_ly_tb", CX_MEASURE_DAYS, 0, "SỐ NGÀY XỬ LÝ TB", "TIẾN ĐỘ GIẢI QUYẾT", "Số ngày xử lý trung bình"},
    [CX_IND_M_PUBLISH_ON_TIME] = {"m_publish_on_time", CX_MEASURE_PERCENT, 100, "TTHC công bố đúng hạn (%)", "CÔNG KHAI, MINH BẠCH", "TTHC công bố đúng hạn"},
    [CX_IND_M_PUBLISH_ON_TIME_DIEM] = {"m_publish_on_time_diem", CX_MEASURE_GROUP, 6, "TTHC công bố đúng hạn (6 điểm)", "CÔNG KHAI, MINH BẠCH", "TTHC công bố đúng hạn (điểm)"},
    [CX_IND_M_PUBLIC_UPDATE_ON_TIME] = {"m_public_update_on_time", CX_MEASURE_PERCENT, 100, "TTHC cập nhật, công khai đúng hạn (%)", "CÔNG KHAI, MINH BẠCH", "TTHC cập nhật, công khai đúng hạn"},
    [CX_IND_M_PUBLIC_UPDATE_ON_TIME_DIEM] = {"m_public_update_on_time_diem", CX_MEASURE_GROUP, 4, "TTHC cập nhật, công khai đúng hạn (4 điểm)", "CÔNG KHAI, MINH BẠCH", "TTHC cập nhật, công khai đúng hạn (điểm)"},
    [CX_IND_M_PUBLIC_CONTENT_FULL] = {"m_public_content_full", CX_MEASURE_PERCENT, 100, "TTHC công khai đầy đủ nội dung (%)", "CÔNG KHAI, MINH BẠCH", "TTHC công khai đầy đủ nội dung"},
    [CX_IND_M_PUBLIC_CONTENT_FULL_DIEM] = {"m_public_content_full_diem", CX_MEASURE_GROUP, 2, "TTHC công khai đầy đủ nội dung (2 điểm)", "CÔNG KHAI, MINH BẠCH", "TTHC công khai đầy đủ nội dung (điểm)"},
    [CX_IND_M_DOSSIER_SYNC] = {"m_dossier_sync", CX_MEASURE_PERCENT, 100, "Hồ sơ đồng bộ lên Cổng DVCQG (%)", "CÔNG KHAI, MINH BẠCH", "Hồ sơ đồng bộ lên Cổng DVCQG"},
    [CX_IND_M_DOSSIER_SYNC_DIEM] = {"m_dossier_sync_diem", CX_MEASURE_GROUP, 6, "Hồ sơ đồng bộ lên Cổng DVCQG (6 điểm)", "CÔNG KHAI, MINH BẠCH", "Hồ sơ đồng bộ lên Cổng DVCQG (điểm)"},
    [CX_IND_M_DOSSIER_RECEIVING_SATISFACTION] = {"m_dossier_receiving_satisfaction", CX_MEASURE_PERCENT, 100, "Hài lòng tiếp nhận hồ sơ (%)", "MỨC ĐỘ HÀI LÒNG", "Hài lòng tiếp nhận hồ sơ"},
    [CX_IND_M_DOSSIER_RECEIVING_SATISFACTION_DIEM] = {"m_dossier_receiving_satisfaction_diem", CX_MEASURE_GROUP, 6, "Hài lòng tiếp nhận hồ sơ (6 điểm)", "MỨC ĐỘ HÀI LÒNG", "Hài lòng tiếp nhận hồ sơ (điểm)"},
    [CX_IND_M_PETITION_PROCESSING_ON_TIME] = {"m_petition_processing_on_time", CX_MEASURE_PERCENT, 100, "Xử lý phản ánh, kiến nghị đúng hạn (%)", "MỨC ĐỘ HÀI LÒNG", "Xử lý phản ánh, kiến nghị đúng hạn"},
    [CX_IND_M_PETITION_PROCESSING_ON_TIME_DIEM] = {"m_petition_processing_on_time_diem", CX_MEASURE_GROUP, 6, "Xử lý phản ánh, kiến nghị đúng hạn (6 điểm)", "MỨC ĐỘ HÀI LÒNG", "Xử lý phản ánh, kiến nghị đúng hạn (điểm)"},
    [CX_IND_M_PETITION_HANDLING_SATISFACTION] = {"m_petition_handling_satisfaction", CX_MEASURE_PERCENT, 100, "Hài lòng xử lý phản ánh, kiến nghị (%)", "MỨC ĐỘ HÀI LÒNG", "Hài lòng xử lý phản ánh, kiến nghị"},
    [CX_IND_M_PETITION_HANDLING_SATISFACTION_DIEM] = {"m_petition_handling_satisfaction_diem", CX_MEASURE_GROUP, 6, "Hài lòng xử lý phản ánh, kiến nghị (6 điểm)", "MỨC ĐỘ HÀI LÒNG", "Hài lòng xử lý phản ánh, kiến nghị (điểm)"},
    [CX_IND_M_PETITION_CLASSIFICATION_TTHC] = {"m_petition_classification_tthc", CX_MEASURE_PERCENT, 100, "Phản ánh về TTHC (%)", "MỨC ĐỘ HÀI LÒNG", "Phản ánh về TTHC"},
    [CX_IND_M_PETITION_CLASSIFICATION_TTHC_DIEM] = {"m_petition_classification_tthc_diem", CX_MEASURE_GROUP, 0, "Phản ánh về TTHC (0 điểm)", "MỨC ĐỘ HÀI LÒNG", "Phản ánh về TTHC (điểm)"},
    [CX_IND_M_PETITION_CLASSIFICATION_STAFF] = {"m_petition_classification_staff", CX_MEASURE_PERCENT, 100, "Phản ánh về cán bộ (%)", "MỨC ĐỘ HÀI LÒNG", "Phản ánh về cán bộ"},
    [CX_IND_M_PETITION_CLASSIFICATION_STAFF_DIEM] = {"m_petition_classification_staff_diem", CX_MEASURE_GROUP, 0, "Phản ánh về cán bộ (0 điểm)", "MỨC ĐỘ HÀI LÒNG", "Phản ánh về cán bộ (điểm)"},
    [CX_IND_M_ORIGINAL_RESULT_AVAILABLE] = {"m_original_result_available", CX_MEASURE_PERCENT, 100, "Kết quả bản điện tử gốc (%)", "SỐ HÓA HỒ SƠ", "Kết quả bản điện tử gốc"},
    [CX_IND_M_ORIGINAL_RESULT_AVAILABLE_DIEM] = {"m_original_result_available_diem", CX_MEASURE_GROUP, 6, "Kết quả bản điện tử gốc (6 điểm)", "SỐ HÓA HỒ SƠ", "Kết quả bản điện tử gốc (điểm)"},
    [CX_IND_M_SO_HOA_GIAY_TO_GIAI_QUYET] = {"m_so_hoa_giay_to_giai_quyet", CX_MEASURE_PERCENT, 100, "Số hóa giấy tờ khi giải quyết (%)", "SỐ HÓA HỒ SƠ", "Số hóa giấy tờ khi giải quyết"},
    [CX_IND_M_SO_HOA_GIAY_TO_GIAI_QUYET_DIEM] = {"m_so_hoa_giay_to_giai_quyet_diem", CX_MEASURE_GROUP, 4, "Số hóa giấy tờ khi giải quyết (4 điểm)", "SỐ HÓA HỒ SƠ", "Số hóa giấy tờ khi giải quyết (điểm)"},
    [CX_IND_M_REUSED_DIGITIZED_DATA] = {"m_reused_digitized_data", CX_MEASURE_PERCENT, 100, "Tái sử dụng dữ liệu số hóa (%)", "SỐ HÓA HỒ SƠ", "Tái sử dụng dữ liệu số hóa"},
    [CX_IND_M_REUSED_DIGITIZED_DATA_DIEM] = {"m_reused_digitized_data_diem", CX_MEASURE_GROUP, 2, "Tái sử dụng dữ liệu số hóa (2 điểm)", "SỐ HÓA HỒ SƠ", "Tái sử dụng dữ liệu số hóa (điểm)"},
    [CX_IND_M_SYNCED_WITH_DVCQG_PERSONAL_STORAGE] = {"m_synced_with_dvcqg_personal_storage", CX_MEASURE_PERCENT, 100, "Đồng bộ kho dữ liệu cá nhân (%)", "SỐ HÓA HỒ SƠ", "Đồng bộ kho dữ liệu cá nhân"},
    [CX_IND_M_SYNCED_WITH_DVCQG_PERSONAL_STORAGE_DIEM] = {"m_synced_with_dvcqg_personal_storage_diem", CX_MEASURE_GROUP, 4, "Đồng bộ kho dữ liệu cá nhân (4 điểm)", "SỐ HÓA HỒ SƠ", "Đồng bộ kho dữ liệu cá nhân (điểm)"},
    [CX_IND_M_CITIZEN_DATA_CONNECTED_DOSSIER] = {"m_citizen_data_connected_dossier", CX_MEASURE_PERCENT, 100, "Hồ sơ kết nối dữ liệu dân cư (%)", "SỐ HÓA HỒ SƠ", "Hồ sơ kết nối dữ liệu dân cư"},
    [CX_IND_M_CITIZEN_DATA_CONNECTED_DOSSIER_DIEM] = {"m_citizen_data_connected_dossier_diem", CX_MEASURE_GROUP, 2, "Hồ sơ kết nối dữ liệu dân cư (2 điểm)", "SỐ HÓA HỒ SƠ", "Hồ sơ kết nối dữ liệu dân cư (điểm)"},
    [CX_IND_M_CITIZEN_DATA_CONNECTED_FORMALITY] = {"m_citizen_data_connected_formality", CX_MEASURE_PERCENT, 100, "TTHC kết nối dữ liệu dân cư (%)", "SỐ HÓA HỒ SƠ", "TTHC kết nối dữ liệu dân cư"},
    [CX_IND_M_CITIZEN_DATA_CONNECTED_FORMALITY_DIEM] = {"m_citizen_data_connected_formality_diem", CX_MEASURE_GROUP, 2, "TTHC kết nối dữ liệu dân cư (2 điểm)", "SỐ HÓA HỒ SƠ", "TTHC kết nối dữ liệu dân cư (điểm)"},
    [CX_IND_M_ELECTRONIC_CERTIFIED_COPY] = {"m_electronic_certified_copy", CX_MEASURE_PERCENT, 100, "Chứng thực bản sao điện tử (%)", "SỐ HÓA HỒ SƠ", "Chứng thực bản sao điện tử"},
    [CX_IND_M_ELECTRONIC_CERTIFIED_COPY_DIEM] = {"m_electronic_certified_copy_diem", CX_MEASURE_GROUP, 2, "Chứng thực bản sao điện tử (2 điểm)", "SỐ HÓA HỒ SƠ", "Chứng thực bản sao điện tử (điểm)"},
};
/* The indicator sets (cx_unit.present, cx_snapshot.columns, every cx_indmask) hold one bit
 * per indicator: adding an indicator past the mask's width fails the build here. */
_Static_assert(CX_IND_COUNT <= sizeof(cx_indmask) * 8, "cx_indmask holds a bit for every indicator");

cx_indicator cx_indicator_from_id(const char *id)
{
    if (!id) return CX_IND_NONE;
    for (int i = 0; i < CX_IND_COUNT; i++)
        if (strcmp(cx_indicators[i].id, id) == 0) return (cx_indicator)i;
    return CX_IND_NONE;
}

static const char *const label_ids[CX_LABEL_COUNT] = {NULL, "xuat_sac", "tot", "kha", "trung_binh", "yeu"};
static const char *const label_disp[CX_LABEL_COUNT] = {"", "XUẤT SẮC", "TỐT", "KHÁ", "TRUNG BÌNH", "YẾU"};

const char *cx_label_id(cx_label l) { return (unsigned)l < CX_LABEL_COUNT ? label_ids[l] : NULL; }
const char *cx_label_display(cx_label l) { return (unsigned)l < CX_LABEL_COUNT ? label_disp[l] : ""; }

cx_label cx_label_from_id(const char *id)
{
    if (!id) return CX_LABEL_NONE;
    for (int i = 1; i < CX_LABEL_COUNT; i++)
        if (strcmp(label_ids[i], id) == 0) return (cx_label)i;
    return CX_LABEL_NONE;
}

cx_label cx_label_for_score(double s)
{
    if (s >= 90) return CX_LABEL_XUAT_SAC;
    if (s >= 80) return CX_LABEL_TOT;
    if (s >= 70) return CX_LABEL_KHA;
    if (s >= 50) return CX_LABEL_TRUNG_BINH;
    return CX_LABEL_YEU;
}

void cx_unit_label_from_score(cx_unit *u)
{
    if (cx_unit_has(u, CX_IND_XEP_LOAI) || !cx_unit_has(u, CX_IND_DIEM_TONG_HOP)) return;
    cx_unit_set(u, CX_IND_XEP_LOAI, (double)cx_label_for_score(u->v[CX_IND_DIEM_TONG_HOP]));
    u->ref[CX_IND_XEP_LOAI] = (cx_cellref){-1, -1, 0, 0};
}

static const char *const kind_ids[CX_KIND_COUNT] = {
    NULL, "tong", "xa", "phuong", "thi_tran", "huyen", "thi_xa", "thanh_pho", "tinh", "so_nganh", "dac_khu",
    "thanh_pho_tw"};

const char *cx_kind_id(cx_kind k) { return (unsigned)k < CX_KIND_COUNT ? kind_ids[k] : NULL; }

cx_kind cx_kind_from_id(const char *id)
{
    if (!id) return CX_KIND_NULL;
    for (int i = 1; i < CX_KIND_COUNT; i++)
        if (strcmp(kind_ids[i], id) == 0) return (cx_kind)i;
    return CX_KIND_NULL;
}

cx_snapshot *cx_snapshot_new(void)
{
    return calloc(1, sizeof(cx_snapshot));
}

void cx_unit_clear(cx_unit *u)
{
    if (!u) return;
    free(u->name); free(u->key); free(u->raw_name); free(u->code); free(u->official_name); free(u->uid);
    for (size_t i = 0; i < u->nnewunits; i++) { free(u->newunits[i].code); free(u->newunits[i].name); }
    free(u->newunits);
    u->name = u->key = u->raw_name = u->code = u->official_name = u->uid = NULL;
    u->newunits = NULL;
    u->nnewunits = 0;
}

void cx_period_clear(cx_period *p)
{
    if (!p) return;
    free(p->label);
    memset(p, 0, sizeof *p);
}

cx_error cx_period_copy(cx_period *dst, const cx_period *src)
{
    *dst = *src;
    dst->label = NULL;
    if (src->label && !(dst->label = strdup(src->label))) return CX_ERR_NOMEM;
    return CX_OK;
}

cx_granularity cx_period_granularity(const cx_period *p)
{
    /* what the content said, unless a finer field was said too (a title's "năm 2024" and a week) */
    if (p->gran == CX_GRAN_RANGE || (p->gran == CX_GRAN_QUARTER && !p->month && !p->week) ||
        (p->gran == CX_GRAN_YEAR && !p->month && !p->week && !p->quarter))
        return (cx_granularity)p->gran;
    if (p->week) return CX_GRAN_WEEK;
    if (p->month) return CX_GRAN_MONTH;
    if (p->quarter) return CX_GRAN_QUARTER;
    if (p->year) return CX_GRAN_YEAR;
    return CX_GRAN_NONE;
}

const char *cx_granularity_id(cx_granularity g)
{
    static const char *const ids[] = {NULL, "week", "month", "quarter", "year", "range"};
    return (unsigned)g <= CX_GRAN_RANGE ? ids[g] : NULL;
}

void cx_snapshot_free(cx_snapshot *s)
{
    if (!s) return;
    for (size_t i = 0; i < s->nsources; i++) {
        cx_source *src = &s->sources[i];
        free(src->path); free(src->format); free(src->encoding);
        for (size_t j = 0; j < src->nsheets; j++) free(src->sheets[j]);
        free(src->sheets);
    }
    free(s->sources);
    for (size_t i = 0; i < s->nunits; i++) cx_unit_clear(&s->units[i]);
    free(s->units);
    cx_spill_free(s->spill);
    free(s->title); free(s->scope); free(s->prev_label);
    for (int i = 0; i < CX_IND_COUNT; i++) { free(s->src_heading[i]); free(s->src_group[i]); }
    cx_period_clear(&s->period);
    cx_period_clear(&s->prev_period);
    free(s);
}

cx_unit *cx_snapshot_add_unit(cx_snapshot *s)
{
    if (s->nunits == s->capunits) {
        size_t nc = s->capunits ? s->capunits * 2 : 32;
        cx_unit *nu = realloc(s->units, nc * sizeof *nu);
        if (!nu) return NULL;
        s->units = nu;
        s->capunits = nc;
    }
    cx_unit *u = &s->units[s->nunits++];
    memset(u, 0, sizeof *u);
    u->stt = -1;
    for (int i = 0; i < CX_IND_COUNT; i++) u->ref[i].source = u->ref[i].sheet = -1;
    u->name_ref.source = u->name_ref.sheet = -1;
    return u;
}

int cx_snapshot_add_source(cx_snapshot *s, const char *path, const char *format, const char *encoding)
{
    cx_source *ns = realloc(s->sources, (s->nsources + 1) * sizeof *ns);
    if (!ns) return -1;
    s->sources = ns;
    cx_source *src = &s->sources[s->nsources];
    memset(src, 0, sizeof *src);
    src->encoding_confidence = 1.0;
    if ((path && !(src->path = strdup(path))) || (format && !(src->format = strdup(format))) ||
        (encoding && !(src->encoding = strdup(encoding)))) {
        free(src->path); free(src->format); free(src->encoding);
        return -1;
    }
    return (int)s->nsources++;
}

int cx_source_add_sheet(cx_snapshot *s, int si, const char *sheet)
{
    if (si < 0 || (size_t)si >= s->nsources) return -1;
    cx_source *src = &s->sources[si];
    for (size_t j = 0; j < src->nsheets; j++)
        if (sheet && strcmp(src->sheets[j], sheet) == 0) return (int)j;
    char **ns = realloc(src->sheets, (src->nsheets + 1) * sizeof *ns);
    if (!ns) return -1;
    src->sheets = ns;
    if (!(ns[src->nsheets] = strdup(sheet ? sheet : ""))) return -1;
    return (int)src->nsheets++;
}

long cx_snapshot_total(const cx_snapshot *s)
{
    for (size_t i = 0; i < s->nunits; i++)
        if (s->units[i].kind == CX_KIND_TONG) return (long)i;
    return -1;
}

long cx_snapshot_find_key(const cx_snapshot *s, const char *key)
{
    if (!key) return -1;
    for (size_t i = 0; i < s->nunits; i++)
        if (s->units[i].key && strcmp(s->units[i].key, key) == 0) return (long)i;
    return -1;
}
