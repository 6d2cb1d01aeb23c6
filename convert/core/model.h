/*
 * model.h — the canonical model: snapshots of units and their indicator values.
 *
 * Every reader's table becomes one or more cx_snapshot (via normalize.h); every
 * writer starts from a cx_snapshot. Nothing here knows about file formats.
 * Names and ids follow ../shared/spec/canonical-model.md exactly.
 *
 * Ownership: a snapshot owns all its strings and units; cx_snapshot_free frees
 * everything and accepts NULL and half-built snapshots.
 */
#ifndef CHISO_MODEL_H
#define CHISO_MODEL_H

#include <stddef.h>
#include <stdint.h>
#include "diag.h"

/* Indicator ids, in the spec's order (this order is also the column order of writers). */
typedef enum {
    CX_IND_DIEM_TONG_HOP = 0,
    CX_IND_XEP_LOAI,
    CX_IND_XEP_HANG,
    CX_IND_DIEM_KY_TRUOC,
    CX_IND_TANG_GIAM,
    CX_IND_CONG_KHAI_MINH_BACH,
    CX_IND_TIEN_DO_GIAI_QUYET,
    CX_IND_DVC_TRUC_TUYEN,
    CX_IND_THANH_TOAN_TRUC_TUYEN,
    CX_IND_MUC_DO_HAI_LONG,
    CX_IND_SO_HOA_HO_SO,
    CX_IND_TAI_SU_DUNG,
    CX_IND_CHUNG_THUC_DIEN_TU,
    CX_IND_CHUNG_THUC_DIEN_TU_LUY_KE,
    CX_IND_CONG_KHAI_MINH_BACH_DIEM,
    CX_IND_TIEN_DO_GIAI_QUYET_DIEM,
    CX_IND_DVC_TRUC_TUYEN_DIEM,
    CX_IND_THANH_TOAN_TRUC_TUYEN_DIEM,
    CX_IND_MUC_DO_HAI_LONG_DIEM,
    CX_IND_SO_HOA_HO_SO_DIEM,
    /* the portal's counts (Tiến độ giải quyết) */
    CX_IND_HO_SO_TIEP_NHAN,
    CX_IND_HO_SO_DUNG_HAN,
    CX_IND_HO_SO_QUA_HAN,
    CX_IND_SO_NGAY_XU_LY_TB,
    /* the portal's criteria (metrics[] of the group endpoints): m_<code> ratio, m_<code>_diem points */
    CX_IND_M_FIRST,
    CX_IND_M_PUBLISH_ON_TIME = CX_IND_M_FIRST, CX_IND_M_PUBLISH_ON_TIME_DIEM,
    CX_IND_M_PUBLIC_UPDATE_ON_TIME, CX_IND_M_PUBLIC_UPDATE_ON_TIME_DIEM,
    CX_IND_M_PUBLIC_CONTENT_FULL, CX_IND_M_PUBLIC_CONTENT_FULL_DIEM,
    CX_IND_M_DOSSIER_SYNC, CX_IND_M_DOSSIER_SYNC_DIEM,
    CX_IND_M_DOSSIER_RECEIVING_SATISFACTION, CX_IND_M_DOSSIER_RECEIVING_SATISFACTION_DIEM,
    CX_IND_M_PETITION_PROCESSING_ON_TIME, CX_IND_M_PETITION_PROCESSING_ON_TIME_DIEM,
    CX_IND_M_PETITION_HANDLING_SATISFACTION, CX_IND_M_PETITION_HANDLING_SATISFACTION_DIEM,
    CX_IND_M_PETITION_CLASSIFICATION_TTHC, CX_IND_M_PETITION_CLASSIFICATION_TTHC_DIEM,
    CX_IND_M_PETITION_CLASSIFICATION_STAFF, CX_IND_M_PETITION_CLASSIFICATION_STAFF_DIEM,
    CX_IND_M_ORIGINAL_RESULT_AVAILABLE, CX_IND_M_ORIGINAL_RESULT_AVAILABLE_DIEM,
    CX_IND_M_SO_HOA_GIAY_TO_GIAI_QUYET, CX_IND_M_SO_HOA_GIAY_TO_GIAI_QUYET_DIEM,
    CX_IND_M_REUSED_DIGITIZED_DATA, CX_IND_M_REUSED_DIGITIZED_DATA_DIEM,
    CX_IND_M_SYNCED_WITH_DVCQG_PERSONAL_STORAGE, CX_IND_M_SYNCED_WITH_DVCQG_PERSONAL_STORAGE_DIEM,
    CX_IND_M_CITIZEN_DATA_CONNECTED_DOSSIER, CX_IND_M_CITIZEN_DATA_CONNECTED_DOSSIER_DIEM,
    CX_IND_M_CITIZEN_DATA_CONNECTED_FORMALITY, CX_IND_M_CITIZEN_DATA_CONNECTED_FORMALITY_DIEM,
    CX_IND_M_ELECTRONIC_CERTIFIED_COPY, CX_IND_M_ELECTRONIC_CERTIFIED_COPY_DIEM,
    CX_IND_COUNT,
    CX_IND_NONE = -1
} cx_indicator;

/* A set of indicators: bit i for indicator i (CX_IND_COUNT <= 64). */
typedef uint64_t cx_indmask;
#define CX_BIT(i) ((cx_indmask)1 << (i))

typedef enum {
    CX_MEASURE_POINTS,   /* points of 100 (total, previous, change) */
    CX_MEASURE_PERCENT,  /* 0..100 */
    CX_MEASURE_COUNT,    /* whole number, thousands may be dotted */
    CX_MEASURE_LABEL,    /* xep_loai: a cx_label stored as a number */
    CX_MEASURE_RANK,     /* integer */
    CX_MEASURE_GROUP,    /* group score in points, max in cx_indicator_info.max */
    CX_MEASURE_DAYS      /* a number of days (decimal), e.g. the average time to settle */
} cx_measure;

typedef struct cx_indicator_info {
    const char *id;        /* "diem_tong_hop" */
    cx_measure  measure;
    double      max;       /* group maximum (18, 20, ...) or 100, 0 for counts */
    const char *heading;   /* Vietnamese column heading for the Phụ lục, upper case */
    const char *group;     /* group heading it sits under in the Phụ lục, or NULL */
    const char *name_vi;   /* "Công khai, minh bạch": how the report's prose names it */
} cx_indicator_info;

extern const cx_indicator_info cx_indicators[CX_IND_COUNT];
/* id string -> indicator, CX_IND_NONE when unknown. */
cx_indicator cx_indicator_from_id(const char *id);

/* Classification (xep_loai). Stored in cx_unit.v[CX_IND_XEP_LOAI] as (double)label. */
typedef enum {
    CX_LABEL_NONE = 0,
    CX_LABEL_XUAT_SAC,
    CX_LABEL_TOT,
    CX_LABEL_KHA,
    CX_LABEL_TRUNG_BINH,
    CX_LABEL_YEU,
    CX_LABEL_COUNT
} cx_label;

const char *cx_label_id(cx_label l);       /* "xuat_sac" ... ; NULL for NONE */
const char *cx_label_display(cx_label l);  /* "XUẤT SẮC", "TỐT", "KHÁ", "TRUNG BÌNH", "YẾU" */
cx_label cx_label_from_id(const char *id); /* "tot" -> CX_LABEL_TOT, else NONE */
/* The spec's bands: xuat_sac >= 90 > tot >= 80 > kha >= 70 > trung_binh >= 50 > yeu. */
cx_label cx_label_for_score(double score);

typedef enum {
    CX_KIND_NULL = 0, CX_KIND_TONG, CX_KIND_XA, CX_KIND_PHUONG, CX_KIND_THI_TRAN,
    CX_KIND_HUYEN, CX_KIND_THI_XA, CX_KIND_THANH_PHO, CX_KIND_TINH, CX_KIND_SO_NGANH,
    CX_KIND_DAC_KHU, CX_KIND_THANH_PHO_TW,
    CX_KIND_COUNT
} cx_kind;

const char *cx_kind_id(cx_kind k);        /* "xa", ...; NULL for CX_KIND_NULL */
cx_kind cx_kind_from_id(const char *id);

/* Where a value was read: for tracing every value to file, sheet and cell. */
typedef struct cx_cellref {
    int32_t  source;   /* index into snapshot->sources, -1 = computed (not read) */
    int32_t  sheet;    /* index into that source's sheets, -1 = none */
    uint32_t row;      /* 1-based, as a spreadsheet shows it */
    uint32_t col;      /* 0-based */
} cx_cellref;

/* One post-2025 unit an old unit went into (--to-2025). */
typedef struct cx_newunit {
    char *code;
    char *name;
    int   full;        /* 1 whole, 0 part */
} cx_newunit;

typedef struct cx_unit {
    char      *name;        /* display name (spec rules) */
    char      *key;         /* matching key (spec rules) */
    char      *raw_name;    /* the name exactly as the source wrote it (NFC) */
    cx_kind    kind;
    char      *code;        /* portal or national code, or NULL */
    long       stt;         /* printed row number, -1 = none */
    cx_indmask present;     /* bit i set when v[i] holds a value */
    double     v[CX_IND_COUNT];
    cx_cellref ref[CX_IND_COUNT];
    cx_cellref name_ref;    /* where the name was read */
    char      *official_name; /* national-list spelling when matched, else NULL */
    char      *uid;         /* the portal's own id of the unit (departmentId), else NULL: joins group files */
    cx_newunit *newunits;   /* --to-2025, may be NULL */
    size_t     nnewunits;
} cx_unit;

static inline int  cx_unit_has(const cx_unit *u, cx_indicator i) { return (int)((u->present >> i) & 1u); }
static inline void cx_unit_set(cx_unit *u, cx_indicator i, double v) { u->v[i] = v; u->present |= CX_BIT(i); }
/* A unit with a score but no classification gets the one its score's band gives (a
 * computed value: its reference points at no cell). */
void cx_unit_label_from_score(cx_unit *u);

/* What a period is (the spec's `granularity`). */
typedef enum { CX_GRAN_NONE = 0, CX_GRAN_WEEK, CX_GRAN_MONTH, CX_GRAN_QUARTER, CX_GRAN_YEAR, CX_GRAN_RANGE } cx_granularity;

typedef struct cx_period {
    char *label;     /* as the source writes it ("Tháng 5 - Tuần 01"), or NULL */
    int   year;      /* 0 = unknown */
    int   month;     /* 1..12, 0 = unknown */
    int   week;      /* week within the month (as the reports count), 0 = unknown */
    int   quarter;   /* 1..4, 0 = unknown */
    int   gran;      /* cx_granularity the content says (CX_GRAN_NONE: derived from the fields) */
    char  cutoff[11];/* "YYYY-MM-DD" or "" */
} cx_period;

typedef struct cx_source {
    char   *path;
    char   *format;      /* "csv", "xls", "xlsx", "html", "json" */
    char   *encoding;    /* "utf-8", "utf-16le", "cp1258", "tcvn3", "vni", "viscii", ... */
    double  encoding_confidence; /* 0..1, 1 when certain (BOM, valid UTF-8, declared) */
    char  **sheets;
    size_t  nsheets;
} cx_source;

typedef struct cx_snapshot {
    cx_source *sources;
    size_t     nsources;
    char      *title;        /* title rows joined with a space, or NULL */
    char      *scope;        /* "Phú Tân" or NULL */
    cx_period  period;
    char      *prev_label;   /* heading of the previous-period column ("THÁNG 4"), or NULL */
    cx_period  prev_period;  /* the previous period when known */
    cx_unit   *units;        /* in source order; the total row keeps its place */
    size_t     nunits, capunits;
    cx_indmask columns;      /* indicators that have a column in the source (bitmask) */
    /* The source's own headings of those columns, as it writes them (NFC): text, and the
     * group heading above it in a two-level header (NULL: none). The Phụ lục prints these. */
    char      *src_heading[CX_IND_COUNT];
    char      *src_group[CX_IND_COUNT];
    struct cx_spill *spill;  /* units parked on disk (spool.h), NULL when all are in units[] */
} cx_snapshot;

cx_snapshot *cx_snapshot_new(void);
void cx_snapshot_free(cx_snapshot *s);            /* accepts NULL */
/* Appends a zeroed unit (stt -1, refs -1) and returns it, NULL on no memory.
 * The pointer is valid until the next add. */
cx_unit *cx_snapshot_add_unit(cx_snapshot *s);
/* Adds a source; returns its index or -1. Strings are copied. */
int cx_snapshot_add_source(cx_snapshot *s, const char *path, const char *format, const char *encoding);
/* Adds a sheet name to source si; returns its index or -1. */
int cx_source_add_sheet(cx_snapshot *s, int si, const char *sheet);
void cx_unit_clear(cx_unit *u);                   /* frees the unit's strings */
void cx_period_clear(cx_period *p);
cx_error cx_period_copy(cx_period *dst, const cx_period *src);  /* CX_OK or CX_ERR_NOMEM */
/* The granularity: the one the content said, else from the fields known (week, month,
 * quarter, year); CX_GRAN_NONE when nothing is known. */
cx_granularity cx_period_granularity(const cx_period *p);
/* "week", "month", "quarter", "year", "range"; NULL for CX_GRAN_NONE. */
const char *cx_granularity_id(cx_granularity g);

/*
 * Units of a very large input are parked in a temporary file (convert/core/spool.c) so that
 * memory stays flat in the number of rows; the metadata above stays in memory. Whoever
 * reads or changes s->units brackets the work:
 *   cx_snapshot_acquire(s): every unit resident in s->units (read back from the spool);
 *   cx_snapshot_release(s, modified): a snapshot that was parked goes back to the spool
 *     (rewritten when modified != 0) and its units are freed; one that never was is left
 *     as it is, so small inputs never touch the disk.
 * Both return CX_OK or an error already described in d. Both accept a snapshot that is
 * not parked (then acquire does nothing).
 */
cx_error cx_snapshot_acquire(cx_snapshot *s, cx_diag *d);
cx_error cx_snapshot_release(cx_snapshot *s, int modified, cx_diag *d);
/* Units in the snapshot, resident or parked. */
size_t cx_snapshot_count(const cx_snapshot *s);
/* Union of the present bits of all its units, resident or parked. */
cx_indmask cx_snapshot_present(const cx_snapshot *s);

/* Index of the unit with kind CX_KIND_TONG, or -1. */
long cx_snapshot_total(const cx_snapshot *s);
/* Index of the unit whose key equals key, or -1. */
long cx_snapshot_find_key(const cx_snapshot *s, const char *key);

#endif
