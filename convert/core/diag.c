#include "diag.h"
#include "i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const err_words[CX_ERR_COUNT] = {
    [CX_OK]            = N_("success"),
    [CX_ERR_NOMEM]     = N_("out of memory"),
    [CX_ERR_USAGE]     = N_("bad usage"),
    [CX_ERR_IO]        = N_("cannot read or write a file"),
    [CX_ERR_FORMAT]    = N_("damaged or unrecognized file"),
    [CX_ERR_ENCRYPTED] = N_("the workbook is password-protected"),
    [CX_ERR_LIMIT]     = N_("the file exceeds a safety limit"),
    [CX_ERR_NO_TABLE]  = N_("no indicator table found"),
    [CX_ERR_ENCODING]  = N_("the text encoding cannot be decoded"),
    [CX_ERR_WRITE]     = N_("writing the output failed"),
    [CX_ERR_ABORTED]   = N_("stopped"),
};

const char *cx_strerror(cx_error err)
{
    if ((unsigned)err >= CX_ERR_COUNT || !err_words[err])
        return _("unknown error");
    return _(err_words[err]);
}

int cx_exit_code(cx_error err)
{
    if (err == CX_OK) return 0;
    if (err == CX_ERR_USAGE) return 1;
    return 2;
}

void cx_diag_init(cx_diag *d)
{
    memset(d, 0, sizeof *d);
    d->verbosity = 1;
}

void cx_diag_clear(cx_diag *d)
{
    if (!d) return;
    for (size_t i = 0; i < d->n; i++) {
        free(d->items[i].code);
        free(d->items[i].message);
        free(d->items[i].source);
        free(d->items[i].sheet);
    }
    free(d->items);
    d->items = NULL;
    d->n = d->cap = 0;
}

static char *dup_or_null(const char *s) { return s ? strdup(s) : NULL; }

cx_error cx_warn(cx_diag *d, const char *code, const char *source, const char *sheet,
                 long row, int col, const char *fmt, ...)
{
    if (!d) return CX_OK;
    if (d->n == d->cap) {
        size_t nc = d->cap ? d->cap * 2 : 16;
        cx_warning *ni = realloc(d->items, nc * sizeof *ni);
        if (!ni) return CX_ERR_NOMEM;
        d->items = ni;
        d->cap = nc;
    }
    va_list ap;
    va_start(ap, fmt);
    char *msg = NULL;
    int r = vasprintf(&msg, _(fmt), ap);
    va_end(ap);
    if (r < 0) return CX_ERR_NOMEM;
    cx_warning *w = &d->items[d->n];
    w->code = dup_or_null(code);
    w->message = msg;
    w->source = dup_or_null(source);
    w->sheet = dup_or_null(sheet);
    w->row = row;
    w->col = col;
    if ((code && !w->code) || (source && !w->source) || (sheet && !w->sheet)) {
        free(w->code); free(w->message); free(w->source); free(w->sheet);
        return CX_ERR_NOMEM;
    }
    d->n++;
    if (d->echo && d->verbosity >= 1) {
        char *line = cx_warning_format(w);
        if (line) { fprintf(stderr, _("chiso: warning: %s\n"), line); free(line); }
    }
    return CX_OK;
}

/* Control characters (a file name holding a newline could forge a line of output, an
 * escape sequence could drive the terminal) shown as \xNN. In place when it fits in cap;
 * returns the new length. */
static size_t escape_controls(char *s, size_t len, size_t cap)
{
    size_t extra = 0;
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f) extra += 3;
    if (!extra) return len;
    size_t nl = len + extra;
    while (nl + 1 > cap) {   /* drop from the end until it fits */
        len--;
        nl = len + 0;
        for (size_t i = 0; i < len; i++) nl += ((unsigned char)s[i] < 0x20 || s[i] == 0x7f) ? 3 : 0;
    }
    s[nl] = 0;
    for (size_t i = len, o = nl; i-- > 0;) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7f) {
            static const char hex[] = "0123456789abcdef";
            s[--o] = hex[c & 15]; s[--o] = hex[c >> 4]; s[--o] = 'x'; s[--o] = '\\';
        } else s[--o] = (char)c;
    }
    return nl;
}

cx_error cx_fail(cx_diag *d, cx_error err, const char *fmt, ...)
{
    if (!d) return err;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(d->errmsg, sizeof d->errmsg, _(fmt), ap);
    va_end(ap);
    escape_controls(d->errmsg, strlen(d->errmsg), sizeof d->errmsg);
    d->err = err;
    return err;
}

void cx_info(const cx_diag *d, int level, const char *fmt, ...)
{
    if (!d || d->verbosity < level) return;
    va_list ap;
    va_start(ap, fmt);
    char *msg = NULL;
    int r = vasprintf(&msg, _(fmt), ap);
    va_end(ap);
    if (r < 0) return;
    size_t len = strlen(msg), cap = len * 4 + 1;
    char *big = realloc(msg, cap);
    if (!big) { free(msg); return; }
    escape_controls(big, len, cap);
    fprintf(stderr, "chiso: %s\n", big);
    free(big);
}

char *cx_col_name(int col, char *buf)
{
    char tmp[8];
    int n = 0;
    if (col < 0) { buf[0] = '?'; buf[1] = 0; return buf; }
    unsigned c = (unsigned)col + 1;
    while (c > 0 && n < 7) {
        unsigned rem = (c - 1) % 26;
        tmp[n++] = (char)('A' + rem);
        c = (c - 1) / 26;
    }
    for (int i = 0; i < n; i++) buf[i] = tmp[n - 1 - i];
    buf[n] = 0;
    return buf;
}

char *cx_cell_name(int col, long row, char *buf)
{
    char c[8];
    snprintf(buf, 24, "%s%ld", cx_col_name(col, c), row);
    return buf;
}

char *cx_warning_format(const cx_warning *w)
{
    char where[256] = "";
    size_t n = 0;
    if (w->sheet)
        n += (size_t)snprintf(where + n, sizeof where - n, _("sheet '%s', "), w->sheet);
    if (n < sizeof where && w->row > 0 && w->col >= 0) {
        char cell[24];
        n += (size_t)snprintf(where + n, sizeof where - n, _("cell %s: "), cx_cell_name(w->col, w->row, cell));
    } else if (n < sizeof where && w->row > 0) {
        n += (size_t)snprintf(where + n, sizeof where - n, _("row %ld: "), w->row);
    } else if (n < sizeof where && w->col >= 0) {
        char c[8];
        n += (size_t)snprintf(where + n, sizeof where - n, _("column %s: "), cx_col_name(w->col, c));
    } else if (n >= 2 && n < sizeof where) {
        where[n - 2] = ':'; where[n - 1] = ' ';
    }
    char *out = NULL;
    if (asprintf(&out, "%s%s%s%s [%s]", w->source ? w->source : "", w->source ? ": " : "",
                 where, w->message ? w->message : "", w->code ? w->code : "warning") < 0)
        return NULL;
    size_t len = strlen(out), cap = len * 4 + 1;
    char *big = realloc(out, cap);
    if (!big) { free(out); return NULL; }
    escape_controls(big, len, cap);
    return big;
}
