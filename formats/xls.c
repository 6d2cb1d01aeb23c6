/*
 * xls.c — the .xls (BIFF5/BIFF8) reader: freexl for text cells and sheet
 * names, the biff.c walker for everything freexl gets wrong (formula cached
 * values, error cells, booleans, raw numbers and their real number formats,
 * merged ranges, encryption).
 *
 * Order: the walker runs first over the bytes. It validates the container and
 * the record structure with strict bounds checks, so freexl only ever sees a
 * file whose structure has been checked, and a password or a cut-off download
 * is reported precisely. freexl 1.0.6 opens only from a path: the buffer goes
 * into a memfd (or, where memfd_create is missing, a private temp file
 * unlinked at once) opened as /proc/self/fd/N.
 */
#include "reader.h"
#include "biff.h"

#include <errno.h>
#include <fcntl.h>
#include <freexl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static const char *freexl_words(int rc)
{
    switch (rc) {
    case FREEXL_FILE_NOT_FOUND:            return "the file could not be opened";
    case FREEXL_INSUFFICIENT_MEMORY:       return "out of memory";
    case FREEXL_INVALID_CFBF_HEADER:       return "the compound-file header is invalid";
    case FREEXL_CFBF_READ_ERROR:           return "the file ends early (read error): it is probably truncated";
    case FREEXL_CFBF_SEEK_ERROR:           return "a part of the file lies past its end: it is probably truncated";
    case FREEXL_CFBF_INVALID_SIGNATURE:    return "no compound-file signature";
    case FREEXL_CFBF_INVALID_SECTOR_SIZE:  return "an invalid sector size";
    case FREEXL_CFBF_EMPTY_FAT_CHAIN:      return "an empty sector chain";
    case FREEXL_CFBF_ILLEGAL_FAT_ENTRY:    return "an invalid sector-table entry";
    case FREEXL_BIFF_INVALID_BOF:          return "a sheet does not start where the workbook says";
    case FREEXL_BIFF_INVALID_SST:          return "the shared-string table is damaged";
    case FREEXL_BIFF_ILLEGAL_SST_INDEX:    return "a cell refers to a shared string that does not exist";
    case FREEXL_BIFF_WORKBOOK_NOT_FOUND:   return "no workbook stream";
    case FREEXL_BIFF_ILLEGAL_SHEET_INDEX:  return "a sheet index is out of range";
    case FREEXL_INVALID_CHARACTER:         return "text that cannot be converted from the workbook's code page";
    case FREEXL_UNSUPPORTED_CHARSET:       return "the workbook's code page is not supported";
    case FREEXL_ILLEGAL_CELL_ROW_COL:      return "a cell lies outside its sheet's dimensions";
    case FREEXL_ILLEGAL_RK_VALUE:          return "an invalid number (RK) record";
    case FREEXL_INVALID_MINI_STREAM:       return "the mini stream is damaged";
    case FREEXL_CFBF_ILLEGAL_MINI_FAT_ENTRY: return "an invalid mini-sector entry";
    case FREEXL_CRAFTED_FILE:              return "the file is severely damaged";
    default:                               return "an unknown freexl error";
    }
}

/* freexl_open from memory. Returns FREEXL_OK and *fd_out (close it after
 * freexl_close), or a freexl error / FREEXL_FILE_NOT_FOUND when no descriptor
 * could be made. */
static int freexl_open_memory(const uint8_t *buf, size_t len, const void **xh, int *fd_out)
{
    *xh = NULL;
    *fd_out = -1;
    int fd = memfd_create("chiso-xls", MFD_CLOEXEC);
    char tmpl[64] = "";
    if (fd < 0) {
        const char *dir = getenv("TMPDIR");
        snprintf(tmpl, sizeof tmpl, "%s/chiso-xls-XXXXXX",
                 dir && *dir && strlen(dir) < 40 ? dir : "/tmp");
        fd = mkostemp(tmpl, O_CLOEXEC);
        if (fd < 0) return FREEXL_FILE_NOT_FOUND;
    }
    for (size_t off = 0; off < len;) {
        ssize_t w = write(fd, buf + off, len - off);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) {
            if (tmpl[0]) unlink(tmpl);
            close(fd);
            return FREEXL_FILE_NOT_FOUND;
        }
        off += (size_t)w;
    }
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    int rc = freexl_open(tmpl[0] ? tmpl : path, xh);
    if (tmpl[0]) unlink(tmpl);      /* private: gone from the directory at once */
    *fd_out = fd;
    return rc;
}

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

/* freexl's index of the walker's j-th worksheet: by name, else by position
 * when both list the same number of worksheets; -1 when freexl lacks it. */
static int match_freexl(const void *xh, unsigned nfx, const char *name, unsigned j, unsigned nws,
                        unsigned char *used)
{
    for (unsigned i = 0; i < nfx; i++) {
        const char *fn = NULL;
        if (!used[i] && freexl_get_worksheet_name(xh, (unsigned short)i, &fn) == FREEXL_OK && fn && !strcmp(fn, name)) {
            used[i] = 1;
            return (int)i;
        }
    }
    if (nfx == nws && j < nfx && !used[j]) {
        used[j] = 1;
        return (int)j;
    }
    return -1;
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

/* 1 when freexl had a value for the cell (an empty text counts) */
static int set_from_freexl(cx_cell *cell, const FreeXL_CellValue *v)
{
    switch (v->type) {
    case FREEXL_CELL_INT:
        cell->type = CX_CELL_NUMBER;
        cell->num = v->value.int_value;
        return 1;
    case FREEXL_CELL_DOUBLE:
        cell->type = CX_CELL_NUMBER;
        cell->num = v->value.double_value;
        return 1;
    case FREEXL_CELL_TEXT: case FREEXL_CELL_SST_TEXT:
    case FREEXL_CELL_DATE: case FREEXL_CELL_DATETIME: case FREEXL_CELL_TIME:
        if (!v->value.text_value) return 0;
        if (v->value.text_value[0]) {
            cell->type = CX_CELL_TEXT;
            cell->text = v->value.text_value;
            cell->len = strlen(cell->text);
        }
        return 1;
    default:
        return 0;
    }
}

typedef struct sheet_job {
    const void          *xh;      /* freexl handle or NULL */
    int                  fidx;    /* freexl's sheet index or -1 */
    const cx_biff_sheet *ws;
    uint32_t             index;   /* ordinal for the sink */
    const char          *path;
    size_t               unread;  /* shared-string cells nobody could read */
} sheet_job;

static cx_error read_sheet(sheet_job *j, const cx_sink *sink, cx_diag *d)
{
    const cx_biff_sheet *ws = j->ws;
    const char *name = ws->name, *path = j->path;
    cx_error err = CX_OK;
    unsigned int frows = 0;
    unsigned short fcols = 0;
    cx_cell *cells = NULL;
    uint8_t *covered = NULL;

    if (j->fidx >= 0 && (freexl_select_active_worksheet(j->xh, (unsigned short)j->fidx) != FREEXL_OK ||
                         freexl_worksheet_dimensions(j->xh, &frows, &fcols) != FREEXL_OK)) {
        frows = 0;
        fcols = 0;
        j->fidx = -1;
    }
    uint32_t nrows = frows > ws->nrows ? frows : ws->nrows;
    uint32_t ncols = fcols > ws->ncols ? fcols : ws->ncols;
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
            } else {
                int got = 0;
                FreeXL_CellValue v;
                if (j->fidx >= 0 && r < frows && c < fcols &&
                    freexl_get_cell_value(j->xh, r, (unsigned short)c, &v) == FREEXL_OK)
                    got = set_from_freexl(cell, &v);
                if (!got && w && w->str) {
                    if (w->str[0]) {
                        cell->type = CX_CELL_TEXT;
                        cell->text = w->str;
                        cell->len = strlen(w->str);
                    }
                } else if (!got && w) {
                    j->unread++;
                }
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
    const void *xh = NULL;
    int fd = -1;
    unsigned char *used = NULL;
    cx_error err = CX_OK;
    static const cx_sink none = {0};
    if (!sink) sink = &none;

    if (info) info->format = CX_FMT_XLS;
    cx_biff_status st = cx_biff_parse(buf, len, &bk, why, sizeof why);
    if (st != CX_BIFF_OK) return walker_error(st, why, path, d);

    size_t nsst = 0;    /* shared-string cells: only freexl reads their text */
    unsigned nws = 0;
    for (size_t k = 0; k < bk->nsheets; k++) {
        if (bk->sheets[k].type != 0) continue;
        nws++;
        for (size_t i = 0; i < bk->sheets[k].ncells; i++)
            if (bk->sheets[k].cells[i].kind == CX_BIFF_TEXT && !bk->sheets[k].cells[i].str) nsst++;
    }
    int rc = freexl_open_memory(buf, len, &xh, &fd);
    if (rc != FREEXL_OK) {
        if (xh) freexl_close(xh);
        xh = NULL;
        if (nsst) {
            err = cx_fail(d, rc == FREEXL_INSUFFICIENT_MEMORY ? CX_ERR_NOMEM : CX_ERR_FORMAT,
                          "%s: the workbook is damaged: %s", path, freexl_words(rc));
            goto done;
        }
        /* no shared strings: the walker alone reads every cell (BIFF5 files) */
    }
    unsigned int pw = 0, nfx = 0;
    if (xh && freexl_get_info(xh, FREEXL_BIFF_PASSWORD, &pw) == FREEXL_OK && pw == FREEXL_BIFF_OBFUSCATED) {
        err = walker_error(CX_BIFF_ENCRYPTED, "", path, d);
        goto done;
    }
    if (xh && freexl_get_info(xh, FREEXL_BIFF_SHEET_COUNT, &nfx) != FREEXL_OK) nfx = 0;
    if (info) {
        snprintf(info->encoding, sizeof info->encoding, "%s",
                 bk->biff == 8 ? "utf-16le" : cx_biff_codepage_name(bk->codepage));
        info->encoding_confidence = 1.0;
        info->nsheets = nws;
    }
    used = calloc(nfx + 1, 1);
    if (!used) { err = cx_fail(d, CX_ERR_NOMEM, "%s: out of memory", path); goto done; }
    unsigned j = 0;
    for (size_t k = 0; k < bk->nsheets; k++) {
        const cx_biff_sheet *ws = &bk->sheets[k];
        if (ws->type != 0) continue;    /* charts, macro sheets, modules: no table */
        sheet_job job = {xh, xh ? match_freexl(xh, nfx, ws->name, j, nws, used) : -1, ws, j, path, 0};
        err = read_sheet(&job, sink, d);
        if (err) {
            if (err == CX_ERR_ABORTED && d && d->err != CX_OK) err = d->err;
            goto done;
        }
        if (job.unread)
            cx_warn(d, "xls_text_unread", path, ws->name, 0, -1,
                    "%zu text cell%s could not be read (freexl could not read this sheet's shared strings); "
                    "they are left empty", job.unread, job.unread == 1 ? "" : "s");
        j++;
    }
done:
    if (xh) freexl_close(xh);
    if (fd >= 0) close(fd);
    free(used);
    cx_biff_free(bk);
    return err;
}
