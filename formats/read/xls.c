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
#include "i18n.h"

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
        return cx_fail(d, CX_ERR_FORMAT, "%s: the workbook is incomplete, probably cut off while downloading or copying (%s); download it again and try again",
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

static int merge_by_r1(const void *a, const void *b, void *arg)
{
    const cx_biff_range *m = arg;
    uint32_t x = m[*(const uint32_t *)a].r1, y = m[*(const uint32_t *)b].r1;
    return x < y ? -1 : x > y;
}

/* Rows go out in order, only those holding a cell (a missing row is empty),
 * each as a dense array up to its last non-empty cell. The work is bounded by
 * the cells the file really holds, not by the size its records claim. */
static cx_error read_sheet(sheet_job *j, const cx_sink *sink, cx_diag *d)
{
    const cx_biff_sheet *ws = j->ws;
    const char *path = j->path;
    cx_error err = CX_OK;
    cx_cell *cells = NULL;
    uint32_t *order = NULL, *active = NULL;
    int32_t *cover = NULL, *topleft = NULL;
    size_t nactive = 0, next = 0;
    uint32_t maxw = ws->ncols ? ws->ncols : 1;

    if (ws->ncols > CX_MAX_COLUMNS)
        return cx_fail(d, CX_ERR_LIMIT, "%s: sheet '%s' has %u columns, more than the %u chiso reads",
                       path, ws->name, ws->ncols, CX_MAX_COLUMNS);
    if (sink->sheet_begin && sink->sheet_begin(sink->ud, ws->name, j->index)) return CX_ERR_ABORTED;
    cells = calloc(maxw, sizeof *cells);
    cover = calloc((size_t)maxw + 1, sizeof *cover);
    topleft = calloc(maxw, sizeof *topleft);
    order = malloc((ws->nmerges ? ws->nmerges : 1) * sizeof *order);
    active = malloc((ws->nmerges ? ws->nmerges : 1) * sizeof *active);
    if (!cells || !cover || !topleft || !order || !active) { err = cx_fail(d, CX_ERR_NOMEM, "%s: out of memory", path); goto done; }
    for (size_t m = 0; m < ws->nmerges; m++) {
        const cx_biff_range *g = &ws->merges[m];
        if (sink->merge && sink->merge(sink->ud, g->r1, g->c1, g->r2, g->c2)) { err = CX_ERR_ABORTED; goto done; }
        order[m] = (uint32_t)m;
    }
    qsort_r(order, ws->nmerges, sizeof *order, merge_by_r1, ws->merges);

    for (size_t i = 0; i < ws->ncells;) {
        uint32_t r = ws->cells[i].row;
        size_t e = i;
        while (e < ws->ncells && ws->cells[e].row == r) e++;
        uint32_t width = (uint32_t)ws->cells[e - 1].col + 1;
        memset(cells, 0, width * sizeof *cells);
        for (size_t k = i; k < e; k++) {
            const cx_biff_cell *w = &ws->cells[k];
            cx_cell *cell = &cells[w->col];
            if (w->kind != CX_BIFF_TEXT) {
                set_from_walker(cell, w);
            } else if (w->str) {
                if (w->str[0]) {
                    cell->type = CX_CELL_TEXT;
                    cell->text = w->str;
                    cell->len = strlen(w->str);
                }
            } else {
                j->unread++;
            }
        }
        /* merged cells in this row: the ranges that span it, counted with a
         * difference array (a cell is covered when some range holds it and
         * it is not that range's top-left) */
        while (next < ws->nmerges && ws->merges[order[next]].r1 <= r) active[nactive++] = order[next++];
        size_t keep = 0;
        for (size_t a = 0; a < nactive; a++)
            if (ws->merges[active[a]].r2 >= r) active[keep++] = active[a];
        nactive = keep;
        if (nactive) {
            memset(cover, 0, ((size_t)width + 1) * sizeof *cover);
            memset(topleft, 0, (size_t)width * sizeof *topleft);
            for (size_t a = 0; a < nactive; a++) {
                const cx_biff_range *g = &ws->merges[active[a]];
                if (g->c1 >= width) continue;
                cover[g->c1]++;
                if (g->c2 + 1 < width) cover[g->c2 + 1]--;
                if (g->r1 == r) topleft[g->c1]++;
            }
            int32_t run = 0;
            for (uint32_t c = 0; c < width; c++) {
                run += cover[c];
                if (run > topleft[c]) cells[c].flags |= CX_CF_MERGED;
            }
        }
        long last = -1;
        for (uint32_t c = 0; c < width; c++)
            if (cells[c].type != CX_CELL_EMPTY) last = (long)c;
        if (last >= 0 && sink->row && sink->row(sink->ud, r, cells, (uint32_t)last + 1)) { err = CX_ERR_ABORTED; goto done; }
        i = e;
    }
    if (sink->sheet_end && sink->sheet_end(sink->ud)) err = CX_ERR_ABORTED;
done:
    free(cells);
    free(cover);
    free(topleft);
    free(order);
    free(active);
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
        if (bk->sheets[k].type == 0 && !bk->sheets[k].same_as) nws++;
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
        if (ws->same_as) {
            cx_warn(d, "xls_same_sheet", path, ws->name, 0, -1, "the sheet is the same data as sheet '%s'; read once",
                    bk->sheets[ws->same_as - 1].name);
            continue;
        }
        sheet_job job = {ws, j, path, 0};
        err = read_sheet(&job, sink, d);
        if (err) {
            if (err == CX_ERR_ABORTED && d && d->err != CX_OK) err = d->err;
            goto done;
        }
        if (job.unread)
            cx_warn(d, "xls_text_unread", path, ws->name, 0, -1,
                    cx_ngettext("%zu text cell refers to shared strings the workbook does not hold; left empty",
                                "%zu text cells refer to shared strings the workbook does not hold; left empty",
                                job.unread), job.unread);
        j++;
    }
done:
    cx_biff_free(bk);
    return err;
}
