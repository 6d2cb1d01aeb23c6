/*
 * rec_sink.h — a recording cx_sink for reader tests: keeps a copy of every sheet,
 * cell and merge so a test can ask "what is in sheet 1, row 5, column C?".
 * Also checks the sink contract (sheet_begin before rows, rows increasing, dense cells).
 */
#ifndef CHISO_REC_SINK_H
#define CHISO_REC_SINK_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "reader.h"

typedef struct rec_cell {
    uint32_t sheet, row, col;
    cx_cell_type type;
    unsigned flags;
    double num;
    char *text;
} rec_cell;

typedef struct rec_merge { uint32_t sheet, r1, c1, r2, c2; } rec_merge;

typedef struct rec {
    char     *sheets[64];
    uint32_t  nsheets;
    int       open;           /* inside a sheet */
    long      last_row;
    rec_cell *cells;
    size_t    ncells, cap;
    rec_merge merges[256];
    size_t    nmerges;
    uint32_t  rows[64];       /* rows pushed per sheet */
    int       violations;     /* contract violations seen */
    long      abort_after;    /* stop after this many rows (-1 never) */
    long      nrows_total;
} rec;

static int rec_sheet_begin(void *ud, const char *name, uint32_t index)
{
    rec *r = ud;
    if (r->open || index != r->nsheets || r->nsheets >= 64) r->violations++;
    if (r->nsheets < 64) r->sheets[r->nsheets] = name ? strdup(name) : NULL;
    r->nsheets++;
    r->open = 1;
    r->last_row = -1;
    return 0;
}

static int rec_row(void *ud, uint32_t row, const cx_cell *cells, uint32_t n)
{
    rec *r = ud;
    if (!r->open || (long)row <= r->last_row) r->violations++;
    r->last_row = row;
    if (r->nsheets && r->nsheets <= 64) r->rows[r->nsheets - 1]++;
    for (uint32_t c = 0; c < n; c++) {
        if (cells[c].type == CX_CELL_EMPTY) continue;
        if (cells[c].text && strlen(cells[c].text) != cells[c].len) r->violations++;
        if (r->ncells == r->cap) {
            r->cap = r->cap ? 2 * r->cap : 256;
            r->cells = realloc(r->cells, r->cap * sizeof *r->cells);
        }
        rec_cell *rc = &r->cells[r->ncells++];
        rc->sheet = r->nsheets - 1;
        rc->row = row;
        rc->col = c;
        rc->type = cells[c].type;
        rc->flags = cells[c].flags;
        rc->num = cells[c].num;
        rc->text = cells[c].text ? strdup(cells[c].text) : NULL;
    }
    r->nrows_total++;
    return r->abort_after >= 0 && r->nrows_total >= r->abort_after;
}

static int rec_merge_cb(void *ud, uint32_t r1, uint32_t c1, uint32_t r2, uint32_t c2)
{
    rec *r = ud;
    if (!r->open) r->violations++;
    if (r->nmerges < 256) r->merges[r->nmerges++] = (rec_merge){r->nsheets - 1, r1, c1, r2, c2};
    return 0;
}

static int rec_sheet_end(void *ud)
{
    rec *r = ud;
    if (!r->open) r->violations++;
    r->open = 0;
    return 0;
}

static void rec_init(rec *r, cx_sink *s)
{
    memset(r, 0, sizeof *r);
    r->abort_after = -1;
    *s = (cx_sink){r, rec_sheet_begin, rec_row, rec_merge_cb, rec_sheet_end};
}

static void rec_free(rec *r)
{
    for (uint32_t i = 0; i < r->nsheets && i < 64; i++) free(r->sheets[i]);
    for (size_t i = 0; i < r->ncells; i++) free(r->cells[i].text);
    free(r->cells);
}

/* The cell at sheet/row/col (0-based), or NULL when empty. */
static const rec_cell *rec_at(const rec *r, uint32_t sheet, uint32_t row, uint32_t col)
{
    for (size_t i = 0; i < r->ncells; i++)
        if (r->cells[i].sheet == sheet && r->cells[i].row == row && r->cells[i].col == col) return &r->cells[i];
    return NULL;
}

/* Text of a cell ("" when empty or no text). */
static const char *rec_text(const rec *r, uint32_t sheet, uint32_t row, uint32_t col)
{
    const rec_cell *c = rec_at(r, sheet, row, col);
    return c && c->text ? c->text : "";
}

static int rec_has_merge(const rec *r, uint32_t sheet, uint32_t r1, uint32_t c1, uint32_t r2, uint32_t c2)
{
    for (size_t i = 0; i < r->nmerges; i++) {
        const rec_merge *m = &r->merges[i];
        if (m->sheet == sheet && m->r1 == r1 && m->c1 == c1 && m->r2 == r2 && m->c2 == c2) return 1;
    }
    return 0;
}

/* Read a whole file (samples) into memory; caller frees. */
static uint8_t *rec_slurp(const char *path, size_t *len)
{
    *len = 0;
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *b = malloc(n > 0 ? (size_t)n : 1);
    if (b && fread(b, 1, (size_t)n, f) != (size_t)n) { free(b); b = NULL; }
    fclose(f);
    *len = (size_t)n;
    return b;
}

#endif
