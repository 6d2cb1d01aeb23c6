#include "diag.h"
#include "i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

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

static void warning_free(cx_warning *w)
{
    free(w->code);
    free(w->message);
    free(w->source);
    free(w->sheet);
    free(w->msgid);
    for (size_t k = 0; k < w->nargs; k++) free(w->args[k]);
    free(w->args);
    memset(w, 0, sizeof *w);
}

void cx_diag_init(cx_diag *d)
{
    memset(d, 0, sizeof *d);
    d->verbosity = 1;
}

void cx_diag_clear(cx_diag *d)
{
    if (!d) return;
    for (size_t i = 0; i < d->n; i++) warning_free(&d->items[i]);
    free(d->items);
    d->items = NULL;
    d->n = d->cap = 0;
}

static char *dup_or_null(const char *s) { return s ? strdup(s) : NULL; }

/* One conversion of fmt (at *p, just after '%') rendered alone with its argument taken
 * from ap: "%-3s" gives the padded string, "%.*s" the cut one. NULL on no memory or on a
 * conversion this does not know (then *bad is set and the rest is not taken). */
static char *render_one(const char **p, va_list *ap, int *bad)
{
    char spec[64];
    size_t k = 0;
    const char *q = *p;
    spec[k++] = '%';
    while (*q && strchr("-+ #0'", *q) && k < 40) spec[k++] = *q++;
    if (*q == '*') { k += (size_t)snprintf(spec + k, sizeof spec - k, "%d", va_arg(*ap, int)); q++; }
    else while (*q >= '0' && *q <= '9' && k < 40) spec[k++] = *q++;
    if (*q == '.') {
        spec[k++] = *q++;
        if (*q == '*') { k += (size_t)snprintf(spec + k, sizeof spec - k, "%d", va_arg(*ap, int)); q++; }
        else while (*q >= '0' && *q <= '9' && k < 50) spec[k++] = *q++;
    }
    int len = 0;   /* 1 h, 2 hh, 3 l, 4 ll, 5 z, 6 j, 7 t, 8 L */
    if (*q == 'h') { len = q[1] == 'h' ? 2 : 1; }
    else if (*q == 'l') { len = q[1] == 'l' ? 4 : 3; }
    else if (*q == 'z') len = 5;
    else if (*q == 'j') len = 6;
    else if (*q == 't') len = 7;
    else if (*q == 'L') len = 8;
    if (len == 2 || len == 4) { spec[k++] = *q++; spec[k++] = *q++; }
    else if (len) spec[k++] = *q++;
    char conv = *q;
    if (!conv || k > 56) { *bad = 1; return NULL; }
    spec[k++] = conv;
    spec[k] = 0;
    *p = q + 1;
    char *out = NULL;
    int r = -1;
    switch (conv) {
    case 'd': case 'i':
        if (len == 3) r = asprintf(&out, spec, va_arg(*ap, long));
        else if (len == 4) r = asprintf(&out, spec, va_arg(*ap, long long));
        else if (len == 5) r = asprintf(&out, spec, va_arg(*ap, ssize_t));
        else if (len == 6) r = asprintf(&out, spec, va_arg(*ap, intmax_t));
        else if (len == 7) r = asprintf(&out, spec, va_arg(*ap, ptrdiff_t));
        else r = asprintf(&out, spec, va_arg(*ap, int));
        break;
    case 'u': case 'o': case 'x': case 'X':
        if (len == 3) r = asprintf(&out, spec, va_arg(*ap, unsigned long));
        else if (len == 4) r = asprintf(&out, spec, va_arg(*ap, unsigned long long));
        else if (len == 5) r = asprintf(&out, spec, va_arg(*ap, size_t));
        else if (len == 6) r = asprintf(&out, spec, va_arg(*ap, uintmax_t));
        else if (len == 7) r = asprintf(&out, spec, va_arg(*ap, ptrdiff_t));
        else r = asprintf(&out, spec, va_arg(*ap, unsigned));
        break;
    case 'c': r = asprintf(&out, spec, va_arg(*ap, int)); break;
    case 's': r = asprintf(&out, spec, va_arg(*ap, const char *)); break;
    case 'p': r = asprintf(&out, spec, va_arg(*ap, void *)); break;
    case 'f': case 'F': case 'e': case 'E': case 'g': case 'G': case 'a': case 'A':
        if (len == 8) r = asprintf(&out, spec, va_arg(*ap, long double));
        else r = asprintf(&out, spec, va_arg(*ap, double));
        break;
    default: *bad = 1; return NULL;
    }
    return r < 0 ? NULL : out;
}

/* The arguments of a message, each as text (cx_warning.args). CX_OK or CX_ERR_NOMEM (a
 * conversion it cannot render ends the list early, which is not an error). */
static cx_error split_args(cx_warning *w, const char *fmt, va_list ap)
{
    va_list aq;
    va_copy(aq, ap);
    int bad = 0;
    cx_error rc = CX_OK;
    for (const char *p = fmt; *p && !bad; ) {
        if (*p++ != '%') continue;
        if (*p == '%') { p++; continue; }
        char *a = render_one(&p, &aq, &bad);
        if (bad) break;
        char **na = a ? realloc(w->args, (w->nargs + 1) * sizeof *na) : NULL;
        if (!na) { free(a); rc = CX_ERR_NOMEM; break; }
        w->args = na;
        w->args[w->nargs++] = a;
    }
    va_end(aq);
    return rc;
}

/* The next free record, zeroed (not yet counted: d->n++ once it is filled), or NULL
 * when there is no memory for it. */
static cx_warning *next_slot(cx_diag *d)
{
    if (d->n == d->cap) {
        size_t nc = d->cap ? d->cap * 2 : 16;
        cx_warning *ni = realloc(d->items, nc * sizeof *ni);
        if (!ni) return NULL;
        d->items = ni;
        d->cap = nc;
    }
    cx_warning *w = &d->items[d->n];
    memset(w, 0, sizeof *w);
    return w;
}

cx_error cx_warn(cx_diag *d, const char *code, const char *source, const char *sheet,
                 long row, int col, const char *fmt, ...)
{
    if (!d) return CX_OK;
    cx_warning *w = next_slot(d);
    if (!w) return CX_ERR_NOMEM;
    va_list ap;
    va_start(ap, fmt);
    cx_error bad = split_args(w, fmt, ap);   /* the arguments of the English format (msgid) */
    int r = vasprintf(&w->message, _(fmt), ap);
    va_end(ap);
    if (r < 0) w->message = NULL;
    w->code = dup_or_null(code);
    w->source = dup_or_null(source);
    w->sheet = dup_or_null(sheet);
    w->msgid = dup_or_null(fmt);
    w->row = row;
    w->col = col;
    if (bad != CX_OK || r < 0 || (code && !w->code) || (source && !w->source) || (sheet && !w->sheet) || (fmt && !w->msgid)) {
        warning_free(w);
        return CX_ERR_NOMEM;
    }
    d->n++;
    if (d->on_warning) d->on_warning(d->cb_ud, w);
    return CX_OK;
}

cx_error cx_diag_add(cx_diag *d, const cx_warning *x)
{
    if (!d) return CX_OK;
    cx_warning *w = next_slot(d);
    if (!w) return CX_ERR_NOMEM;
    w->code = dup_or_null(x->code);
    w->message = dup_or_null(x->message);
    w->source = dup_or_null(x->source);
    w->sheet = dup_or_null(x->sheet);
    w->msgid = dup_or_null(x->msgid);
    w->row = x->row;
    w->col = x->col;
    int bad = (x->code && !w->code) || (x->message && !w->message) || (x->source && !w->source) ||
              (x->sheet && !w->sheet) || (x->msgid && !w->msgid);
    if (!bad && x->nargs) {
        if (!(w->args = calloc(x->nargs, sizeof *w->args))) bad = 1;
        for (size_t k = 0; !bad && k < x->nargs; k++, w->nargs++)
            if (!(w->args[k] = dup_or_null(x->args[k])) && x->args[k]) bad = 1;
    }
    if (bad) { warning_free(w); return CX_ERR_NOMEM; }
    d->n++;
    if (d->on_warning) d->on_warning(d->cb_ud, w);
    return CX_OK;
}

const char *cx_diag_message(const cx_diag *d, cx_error err)
{
    return d && d->errmsg[0] ? d->errmsg : cx_strerror(err);
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
    if (!d || !d->on_info || d->verbosity < level) return;
    va_list ap;
    va_start(ap, fmt);
    char *msg = NULL;
    int r = vasprintf(&msg, _(fmt), ap);
    va_end(ap);
    if (r < 0) return;   /* an information line is not worth failing for */
    size_t len = strlen(msg), cap = len * 4 + 1;
    char *big = realloc(msg, cap);
    if (!big) { free(msg); return; }
    escape_controls(big, len, cap);
    d->on_info(d->cb_ud, level, big);
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
