/* norm_report.c — what `chiso inspect` prints about each sheet (see normalize.h). */
#include "norm_int.h"
#include "i18n.h"

#include <stdio.h>

#include "period.h"

/* Print s padded to w characters (code points, not bytes: headings are Vietnamese). */
static void put_padded(FILE *out, const char *s, int w)
{
    int cps = 0;
    for (const char *q = s; *q; q++) cps += ((unsigned char)*q & 0xC0) != 0x80;
    fputs(s, out);
    for (; cps < w; cps++) fputc(' ', out);
}

static const char *role_name(const colinfo *c)
{
    switch (c->m.role) {
    case CX_COL_INDICATOR: return cx_indicators[c->m.indicator].id;
    case CX_COL_STT: return "stt";
    case CX_COL_NAME: return "name";
    case CX_COL_CODE: return "code";
    case CX_COL_KIND: return "kind";
    case CX_COL_UID: return "unit id (joins group files)";
    default: return NULL;
    }
}

void cx_normalizer_report(const cx_normalizer *n, FILE *out)
{
    for (size_t i = 0; i < n->nsheets; i++) {
        const sheet *s = n->sheets[i];
        char lb[300];
        if (s->table_no > 1) fprintf(out, "  %s, table %d\n", s->name ? sheet_label(s, lb, sizeof lb) : "table", s->table_no);
        else fprintf(out, "  %s\n", s->name ? sheet_label(s, lb, sizeof lb) : "table");
        if (!s->had_table) {
            fprintf(out, "    skipped: %s\n", s->why[0] ? s->why : "no table");
            continue;
        }
        if (s->title) fprintf(out, "    title: %s\n", s->title);
        cx_shape_report(s->shape, n->format, out);   /* shapes hook */
        const cx_period *p = &s->period;
        if (p->year || p->month || p->week || p->quarter || p->cutoff[0] || p->gran) {
            fprintf(out, "    period:");
            if (p->year) fprintf(out, " year %d", p->year);
            if (p->quarter) fprintf(out, " quarter %d", p->quarter);
            if (p->month) fprintf(out, " month %d", p->month);
            if (p->week) fprintf(out, " week %d", p->week);
            if (p->cutoff[0]) fprintf(out, " cutoff %s", p->cutoff);
            const char *g = cx_granularity_id(cx_period_granularity(p));
            if (g && (p->year || p->month || p->week || p->quarter)) fprintf(out, " (%s)", g);
            else if (g) fprintf(out, _(" a %s; which one the file name or --period tells: see the snapshot lines"), g);
            fprintf(out, "\n");
        } else {
            fprintf(out, "    period: none in the title rows (the sheet name, the file name or --period give it: "
                         "see the snapshot lines)\n");
        }
        if (s->fontenc != CX_ENC_UNKNOWN) fprintf(out, "    font encoding: %s\n", cx_encoding_name(s->fontenc));
        if (s->hrow2) fprintf(out, "    header: rows %ld-%ld\n", s->hrow1, s->hrow2);
        else fprintf(out, "    header: row %ld\n", s->hrow1);
        fprintf(out, "    columns:\n");
        for (uint32_t c = 0; c < s->ncols; c++) {
            const colinfo *ci = &s->cols[c];
            if (!ci->group && !ci->sub && !ci->use) continue;
            char cl[8], hb[512];
            col_heading(ci, hb, sizeof hb);
            for (char *q = hb; *q; q++) if (*q == '\n' || *q == '\r') *q = ' ';
            const char *r = role_name(ci);
            if (cx_shape_owns_col(s->shape, c)) {
                fprintf(out, "      %-3s ", cx_col_name((int)c, cl));   /* shapes hook */
                put_padded(out, hb, 44);
                fprintf(out, " -> %s\n", ci->why[0] ? ci->why : "first period");
                continue;
            }
            if (ci->use && r) {
                fprintf(out, "      %-3s ", cx_col_name((int)c, cl));
                put_padded(out, hb, 44);
                fprintf(out, " -> %s", r);
                if (ci->m.role == CX_COL_INDICATOR && ci->m.threshold >= 0) fprintf(out, " (threshold %g)", ci->m.threshold);
                if (ci->m.confidence && ci->m.confidence < 100) fprintf(out, " (approximate match)");
                fprintf(out, "\n");
            } else {
                fprintf(out, "      %-3s ", cx_col_name((int)c, cl));
                put_padded(out, hb, 44);
                fprintf(out, " -> ignored: %s\n", ci->why[0] ? ci->why : "not used");
            }
        }
        fprintf(out, "    rows: %ld read = %ld units + %ld skipped (besides %ld title, %ld header, %ld blank rows)\n",
                s->rows_read, s->units, s->skipped, s->title_rows, s->header_rows, s->blank);
    }
}
