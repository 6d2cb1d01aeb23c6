/*
 * csv_write.c — the canonical table as CSV for spreadsheets and scripts.
 *
 * One row per unit in source order (the total row keeps its place), RFC 4180:
 * comma-separated, CRLF line ends, a field quoted when it holds a comma, a quote,
 * CR or LF (quotes doubled). UTF-8 with a BOM unless --no-bom: Excel reads UTF-8
 * CSV correctly only with one.
 *
 * Columns: stt,name,key,kind, then the id of every indicator present in the
 * snapshot (its columns or any value), in model order. With several snapshots the
 * table gains two leading columns period,scope and holds all of them one after the
 * other under one header (the union of their indicators), so it loads as one table.
 *
 * Formula injection: a text cell that starts with = + - @ tab or CR would be run as
 * a formula by a spreadsheet; such a cell is written with a leading apostrophe
 * ('=...), which Excel and LibreOffice show as text. Numbers are written as numbers
 * (a negative number is not text and is not guarded).
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "writer.h"
#include "number.h"
#include "write_util.h"

static int needs_guard(const char *s)
{
    return s && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r');
}

/* One text field, guarded and quoted as needed. Invalid UTF-8 bytes become U+FFFD. */
static void csv_text(FILE *f, const char *s)
{
    if (!s || !*s) return;
    int quote = strpbrk(s, ",\"\r\n") != NULL;
    if (quote) putc('"', f);
    if (needs_guard(s)) putc('\'', f);
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        if (*p < 0x80) {
            if (*p == '"') putc('"', f);
            putc(*p++, f);
            continue;
        }
        size_t n = cx_utf8_seq_len(p, 4);   /* stops at the NUL: see json_write.c */
        if (n) { fwrite(p, 1, n, f); p += n; }
        else { fputs("\xef\xbf\xbd", f); p++; }
    }
    if (quote) putc('"', f);
}

static void csv_value(FILE *f, const cx_unit *u, int ind)
{
    if (!cx_unit_has(u, (cx_indicator)ind) || !isfinite(u->v[ind])) return;
    if (ind == CX_IND_XEP_LOAI) {
        const char *id = cx_label_id((cx_label)(int)u->v[ind]);
        if (id) fputs(id, f);
        return;
    }
    char buf[32];
    fputs(cx_format_number(u->v[ind], buf), f);
}

/* Indicators that get a column: those with a column in the source or any value. */
static cx_indmask present_indicators(const cx_snapshot *s)
{
    cx_indmask m = s->columns | cx_snapshot_present(s);   /* parked units too */
    return m & (CX_IND_COUNT >= 64 ? ~(cx_indmask)0 : CX_BIT(CX_IND_COUNT) - 1);
}

cx_error cx_write_csv(cx_snapshot *const *snaps, size_t n, const cx_write_opts *o, FILE *out, cx_diag *d)
{
    if (n == 0) return cx_fail(d, CX_ERR_NO_TABLE, "nothing to write: no table was read");
    cx_indmask cols = 0;
    for (size_t i = 0; i < n; i++) cols |= present_indicators(snaps[i]);
    int several = n > 1;

    if (!(o && o->no_bom)) fputs("\xef\xbb\xbf", out);
    if (several) fputs("period,scope,", out);
    fputs("stt,name,key,kind", out);
    for (int k = 0; k < CX_IND_COUNT; k++)
        if ((cols >> k) & 1u) fprintf(out, ",%s", cx_indicators[k].id);
    fputs("\r\n", out);

    for (size_t i = 0; i < n; i++) {
        cx_snapshot *s = snaps[i];
        cx_error e = cx_snapshot_acquire(s, d);
        if (e != CX_OK) return e;
        for (size_t r = 0; r < s->nunits; r++) {
            const cx_unit *u = &s->units[r];
            if (several) {
                csv_text(out, s->period.label);
                putc(',', out);
                csv_text(out, s->scope);
                putc(',', out);
            }
            if (u->stt >= 0) fprintf(out, "%ld", u->stt);
            putc(',', out);
            csv_text(out, u->name);
            putc(',', out);
            csv_text(out, u->key);
            putc(',', out);
            csv_text(out, cx_kind_id(u->kind));
            for (int k = 0; k < CX_IND_COUNT; k++) {
                if (!((cols >> k) & 1u)) continue;
                putc(',', out);
                csv_value(out, u, k);
            }
            fputs("\r\n", out);
        }
        if ((e = cx_snapshot_release(s, 0, d)) != CX_OK) return e;
        if (ferror(out)) break;
    }
    if (fflush(out) != 0 || ferror(out))
        return cx_fail(d, CX_ERR_WRITE, "cannot write the CSV output: %s", strerror(errno));
    return CX_OK;
}
