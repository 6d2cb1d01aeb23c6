/*
 * norm_int.h — what the parts of the normalizer share (internal to convert/normalize):
 * the buffered rows and cells, a sheet's state, the normalizer itself, and the functions
 * one part calls in another. normalize.c: the sink callbacks, buffering, the end of a
 * table and the grouping of sheets; norm_header.c: finding and reading the header
 * (titles, headings, columns' roles); norm_rows.c: data rows to units (values, kinds);
 * norm_report.c: `inspect`'s report.
 */
#ifndef CHISO_NORM_INT_H
#define CHISO_NORM_INT_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "normalize.h"
#include "encoding.h"
#include "heading.h"
#include "name_memo.h"
#include "shapes.h"
#include "strmap.h"

#define SEARCH_ROWS   100   /* rows searched for a header */
#define AFTER_HEADER  4     /* rows seen after a header candidate before deciding */
#define MAX_MERGES    4096  /* merged ranges kept per sheet (only header ones matter) */
#define MERGE_SHARE   0.6   /* share of the smaller sheet's keys found in the other */
#define PEND_MAX      8     /* non-unit rows held back as the possible title of a next table */

typedef struct {
    cx_cell_type type;
    unsigned flags;
    double num;
    char *text;
    size_t len;
    int owned;          /* text is ours to free (else the reader's, valid during its callback) */
} rcell;

/* A row under the header is first seen borrowed: its cells in the normalizer's scratch
 * array, its texts the reader's. Only a row that must outlive the reader's callback
 * (held back, or the header of a next table) is copied (rrow_own). */
typedef struct {
    uint32_t row;
    rcell *cells;
    uint32_t n;
    int borrowed;       /* cells is the scratch array: not freed with the row; 1: and no text
                         * is ours either, 2: a text may be (a font-encoding conversion) */
} rrow;

typedef struct {
    char *group, *sub;      /* heading texts (NFC), NULL when none */
    cx_heading_match m;
    int use;                /* 1 when the column feeds the model */
    char why[160];          /* for inspect when not used */
} colinfo;

typedef struct {
    uint32_t r1, c1, r2, c2;
} mrange;

typedef struct sheet {
    char *name;                 /* NULL for CSV */
    uint32_t index;
    int skipped_by_filter;
    int phase;                  /* 0 search, 1 data, 2 no table */
    rrow *buf;
    size_t nbuf, capbuf;
    long cand;                  /* index in buf of the header candidate, -1 none */
    mrange *merges;
    size_t nmerges;
    /* header */
    long hrow1, hrow2;          /* 1-based header rows, 0 = none */
    colinfo *cols;
    uint32_t ncols;
    int col_of[CX_IND_COUNT];
    int name_col, stt_col, code_col, kind_col, uid_col;
    char *overview_scope;       /* the province a portal overview row names, or NULL */
    char *name_heading_fold;
    char *scope;                /* common "- tỉnh X" of the units */
    int scope_state;            /* 0 none yet, 1 all agree so far, 2 not common */
    double threshold[CX_IND_COUNT];
    cx_encoding fontenc;
    /* title */
    char *title;
    cx_period period;
    int have_cutoff;
    /* results */
    cx_snapshot *snap;
    long rows_read, units, skipped, blank, title_rows, header_rows, after_rows;
    char why[256];              /* why there is no table */
    int had_table;
    int table_no;               /* 1, 2, ...: tables stacked in one sheet */
    char *hdr_sig;              /* the header row folded, to know it when repeated */
    int skip_sub;               /* a repeated header: skip its second row too */
    rrow pend[PEND_MAX];        /* rows under the table that are not units: titles of a */
    int pend_noname[PEND_MAX];  /* next table, or skipped rows (warned) if none follows */
    size_t npend;
    cx_shape *shape;            /* shapes.h: long table / periods as columns, NULL for one period */
    int shape_refused;          /* periods as columns with no indicator: why says so */
    int own_legend;             /* chiso's own Phụ lục: its legend ("Ghi chú: ...") was seen */
} sheet;

struct cx_normalizer {
    cx_sink sink;
    cx_diag *d;
    char *path;
    const char *const *filter;
    sheet **sheets;
    size_t nsheets, capsheets;
    sheet *cur;
    char *format, *encoding;
    double confidence;
    int finished;
    cx_name_memo *memo;     /* name work once per distinct text (a long table repeats them) */
    const char *indicator;      /* --indicator (shapes.h) */
    struct cx_spool *spool;     /* the job's spool, for shapes that park (NULL: never) */
    cx_cell *shcells;           /* shapes.h: a data row handed on as cx_cells */
    uint32_t shcap;
    cx_strmap *hmemo;           /* heading_score's verdict per cell text (NULL until needed) */
    rcell *scratch;             /* the cells of a borrowed row */
    uint32_t scratchcap;
};

static inline char *xstrdup(const char *s) { return s ? strdup(s) : NULL; }
static inline int cell_blank(const rcell *c)
{
    if (c->type == CX_CELL_EMPTY) return 1;
    if (c->type == CX_CELL_TEXT) {
        if (c->len && (unsigned char)c->text[0] > ' ' && (unsigned char)c->text[0] != 0xC2) return 0;   /* the usual cell */
        for (size_t i = 0; i < c->len; i++) {
            unsigned char ch = (unsigned char)c->text[i];
            if (ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n') continue;
            if (ch == 0xC2 && i + 1 < c->len && (unsigned char)c->text[i + 1] == 0xA0) { i++; continue; }
            return 0;
        }
        return 1;
    }
    return 0;
}

#define WARN(n, s, code, row, col, ...) \
    cx_warn((n)->d, code, (n)->path, (s)->name, (long)(row), (int)(col), __VA_ARGS__)

/* normalize.c */
int text_is_clean(const char *t, size_t len);
void rcell_set_text(rcell *c, char *u);
const char *sheet_label(const sheet *s, char *buf, size_t cap);
int row_blank(const rcell *cells, uint32_t n);
char *cell_text(const rcell *c);
int is_number_cell(const rcell *c);

/* norm_rows.c */
int overview_name(cx_unit *u);
void central_cities(cx_snapshot *sn);
cx_kind kind_from_text(const char *t);
const char *row_text(const rcell *cells, uint32_t nc, char *buf, size_t cap);
int data_row(cx_normalizer *n, sheet *s, uint32_t row, rcell *cells, uint32_t nc);

/* norm_header.c */
int heading_score(cx_normalizer *n, const rrow *r, int *inds, int *has_name);
long find_candidate(cx_normalizer *n, const sheet *s);
const rcell *cell_at(const rrow *r, uint32_t c);
char *row_signature(const rrow *r);
int is_column_numbers(const rrow *r);
void detect_fontenc(cx_normalizer *n, sheet *s);
int read_titles(cx_normalizer *n, sheet *s, long upto);
char *col_heading(const colinfo *c, char *buf, size_t cap);
const cx_cell *shape_cells(cx_normalizer *n, const rcell *cells, uint32_t nc);
int build_header(cx_normalizer *n, sheet *s);
void heading_memo_free(cx_normalizer *n);

#endif
