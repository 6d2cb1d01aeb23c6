/*
 * xls.c — the .xls (BIFF5/BIFF8) reader: the biff.c reader's cells, pushed
 * to the sink sheet by sheet, row by row.
 *
 * freexl 1.0.6 is not in this path (see biff.h and NOTES.md): it loses formula
 * results and error cells, misreads numbers with letters in their format as
 * times, and crashed (SEGV, stack over-read) on inputs one byte away from a
 * good file. The tests use it as an independent oracle for the text it does
 * read correctly.
 */
#include "reader.h"
#include "biff.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static cx_error walker_error(cx_biff_status st, const char *why, const char *path, cx_diag *d)
{
    switch (st) {
    case CX_BIFF_ENCRYPTED:
        return cx_fail(d, CX_ERR_ENCRYPTED,
                       "%s: the workbook is password-protected; save it without a password and try again", path);
    case CX_BIFF_NOT_CFBF:
        return cx_fail(d, CX_ERR_FORMAT, "%s: not an Excel workbook (%s)", path, why);
    case CX_BIFF_TRUNCATED:
        return cx_fail(d, CX_ERR_FORMAT, "%s: the workbook is incomplete, probably cut off while downloading or copying (%s)",
                       path, why);
    case CX_BIFF_DAMAGED:
        return cx_fail(d, CX_ERR_FORMAT, "%s: the workbook is damaged (%s)", path, why);
    case CX_BIFF_NO_WORKBOOK:
        return cx_fail(d, CX_ERR_FORMAT, "%s: not an Excel workbook: %s", path, why);
    case CX_BIFF_OLD_VERSION:
        return cx_fail(d, CX_ERR_FORMAT, "%s: %s, which chiso does not read; open it in Excel or LibreOffice "
                       "and save it as .xlsx", path, why);
    case CX_BIFF_LIMIT:
        return cx_fail(d, CX_ERR_LIMIT, "%s: %s", path, why);
    case CX_BIFF_NOMEM:
        return cx_fail(d, CX_ERR_NOMEM, "%s: out of memory reading the workbook", path);
    default:
        return cx_fail(d, CX_ERR_FORMAT, "%s: the workbook cannot be read (%s)", path, why);
    }
}

static void set_from_walker(cx_cell *cell, const cx_biff_cell *w)
{
    if (w->formula && !(w->kind == CX_BIFF_STRING && !(w->str && w->str[0]))) cell->flags |= CX_CF_FORMULA;
    switch (w->kind) {
    case CX_BIFF_NUMBER:
        cell->type = CX_CELL_NUMBER;
        cell->num = w->num;
        if (w->fmt == CX_BIFF_FMT_PERCENT) cell->flags |= CX_CF_PERCENT;
        else if (w->fmt == CX_BIFF_FMT_DATE) cell->flags |= CX_CF_DATE;
        break;
    case CX_BIFF_BOOL:
        cell->type = CX_CELL_BOOL;
        cell->num = w->num;
        break;
    case CX_BIFF_ERROR:
        cell->type = CX_CELL_ERROR;
        cell->text = cx_biff_error_text(w->err);
        cell->len = strlen(cell->text);
        break;
    case CX_BIFF_STRING:
        if (w->str && w->str[0]) {   /* ="" shows nothing: an empty cell */
            cell->type = CX_CELL_TEXT;
            cell->text = w->str;
            cell->len = strlen(w->str);
        }
        break;
    default:
        break;
    }
}

typedef struct sheet_job {
    const cx_biff_sheet *ws;
    uint32_t             index;   /* ordinal for the sink */
    const char          *path;
    size_t               unread;  /* text cells whose shared string does not exist */
} sheet_job;

static cx_error read_sheet(sheet_job *j, const cx_sink *sink, cx_diag *d)
{
    const cx_biff_sheet *ws = j->ws;
    const char *name = ws->name, *path = j->path;
    cx_error err = CX_OK;
    cx_cell *cells = NULL;
    uint8_t *covered = NULL;
    uint32_t nrows = ws->nrows, ncols = ws->ncols;
    if (ncols > CX_MAX_COLUMNS)
        return cx_fail(d, CX_ERR_LIMIT, "%s: sheet '%s' has %u columns, more than the %u chiso reads",
                       path, name, ncols, CX_MAX_COLUMNS);
    if (nrows > CX_MAX_ROWS)
        return cx_fail(d, CX_ERR_LIMIT, "%s: sheet '%s' has too many rows", path, name);

    if (sink->sheet_begin && sink->sheet_begin(sink->ud, name, j->index)) return CX_ERR_ABORTED;
    if (ws->nmerges && nrows && ncols) {
        /* at most 65536 x 4096 bits = 32 MiB; BIFF8 sheets stop at 256 columns (2 MiB) */
        covered = calloc(((size_t)nrows * ncols + 7) / 8, 1);
        if (!covered) return cx_fail(d, CX_ERR_NOMEM, "%s: out of memory", path);
    }
    for (size_t m = 0; m < ws->nmerges; m++) {
        const cx_biff_range *g = &ws->merges[m];
        if (sink->merge && sink->merge(sink->ud, g->r1, g->c1, g->r2, g->c2)) { err = CX_ERR_ABORTED; goto done; }
        for (uint32_t r = g->r1; covered && r <= g->r2 && r < nrows; r++)
            for (uint32_t c = g->c1; c <= g->c2 && c < ncols; c++)
                if (r != g->r1 || c != g->c1) {
                    size_t bit = (size_t)r * ncols + c;
                    covered[bit / 8] |= (uint8_t)(1u << (bit % 8));
                }
    }
    cells = calloc(ncols ? ncols : 1, sizeof *cells);
    if (!cells) { err = cx_fail(d, CX_ERR_NOMEM, "%s: out of memory", path); goto done; }
    size_t wi = 0;   /* cursor in the walker's sorted cells */
    for (uint32_t r = 0; r < nrows; r++) {
        long last = -1;
        for (uint32_t c = 0; c < ncols; c++) {
            cx_cell *cell = &cells[c];
            memset(cell, 0, sizeof *cell);
            const cx_biff_cell *w = NULL;
            while (wi < ws->ncells && (ws->cells[wi].row < r || (ws->cells[wi].row == r && ws->cells[wi].col < c)))
                wi++;
            if (wi < ws->ncells && ws->cells[wi].row == r && ws->cells[wi].col == c) w = &ws->cells[wi];
            if (w && w->kind != CX_BIFF_TEXT) {
                set_from_walker(cell, w);
            } else if (w && w->str) {
                if (w->str[0]) {
                    cell->type = CX_CELL_TEXT;
                    cell->text = w->str;
                    cell->len = strlen(w->str);
                }
            } else if (w) {
                j->unread++;
            }
            if (covered) {
                size_t bit = (size_t)r * ncols + c;
                if (covered[bit / 8] & (1u << (bit % 8))) cell->flags |= CX_CF_MERGED;
            }
            if (cell->type != CX_CELL_EMPTY) last = (long)c;
        }
        if (last >= 0 && sink->row && sink->row(sink->ud, r, cells, (uint32_t)last + 1)) { err = CX_ERR_ABORTED; goto done; }
    }
    if (sink->sheet_end && sink->sheet_end(sink->ud)) err = CX_ERR_ABORTED;
done:
    free(cells);
    free(covered);
    return err;
}

cx_error cx_read_xls(const uint8_t *buf, size_t len, const cx_read_opts *opts,
                     const cx_sink *sink, cx_read_info *info, cx_diag *d)
{
    const char *path = opts && opts->path ? opts->path : "<input>";
    char why[256];
    cx_biff_book *bk = NULL;
    cx_error err = CX_OK;
    static const cx_sink none = {0};
    if (!sink) sink = &none;

    if (info) info->format = CX_FMT_XLS;
    cx_biff_status st = cx_biff_parse(buf, len, &bk, why, sizeof why);
    if (st != CX_BIFF_OK) return walker_error(st, why, path, d);

    uint32_t nws = 0;
    for (size_t k = 0; k < bk->nsheets; k++)
        if (bk->sheets[k].type == 0) nws++;
    if (info) {
        snprintf(info->encoding, sizeof info->encoding, "%s",
                 bk->biff == 8 ? "utf-16le" : cx_biff_codepage_name(bk->codepage));
        info->encoding_confidence = 1.0;
        info->nsheets = nws;
    }
    uint32_t j = 0;
    for (size_t k = 0; k < bk->nsheets; k++) {
        const cx_biff_sheet *ws = &bk->sheets[k];
        if (ws->type != 0) continue;    /* charts, macro sheets, modules: no table */
        sheet_job job = {ws, j, path, 0};
        err = read_sheet(&job, sink, d);
        if (err) {
            if (err == CX_ERR_ABORTED && d && d->err != CX_OK) err = d->err;
            goto done;
        }
        if (job.unread)
            cx_warn(d, "xls_text_unread", path, ws->name, 0, -1,
                    "%zu text cell%s refer to shared strings the workbook does not hold; left empty",
                    job.unread, job.unread == 1 ? "" : "s");
        j++;
    }
done:
    cx_biff_free(bk);
    return err;
}
