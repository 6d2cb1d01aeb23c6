/*
 * floor.c — the benchmark's floor: the least work that turns the bench CSV into an
 * xlsx, so `make bench` can tell how far chiso is from what the libraries cost.
 *
 *   floor IN.csv OUT.xlsx            mirror: every CSV cell to the same xlsx cell
 *   floor --tidy IN.csv OUT.xlsx     the history table's shape: one row per
 *                                    (row, value column), 15 cells, as `chiso history` writes
 *
 * It reads with a plain split on ';' (no quotes, no encodings, no cleaning), and writes
 * with libxlsxwriter in constant_memory mode, with no formats. A field made only of
 * digits, '.', ',' and '-' is written as a number (dots dropped, comma as the decimal
 * point: the one conversion pandas' read_csv(decimal=',', thousands='.') also does);
 * everything else as a string. Not part of chiso; built by scripts/bench.sh.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#define MAXF 64

static int is_number(const char *s, double *out)
{
    char buf[64];
    size_t n = 0;
    if (!*s) return 0;
    for (const char *p = s; *p; p++) {
        if (*p >= '0' && *p <= '9') { if (n < sizeof buf - 1) buf[n++] = *p; }
        else if (*p == ',') { if (n < sizeof buf - 1) buf[n++] = '.'; }
        else if (*p == '-' && p == s) buf[n++] = '-';
        else if (*p != '.') return 0;
    }
    buf[n] = 0;
    char *end;
    *out = strtod(buf, &end);
    return end != buf;
}

static size_t split(char *line, char **f)
{
    size_t n = 0;
    f[n++] = line;
    for (char *p = line; *p; p++) {
        if (*p == ';' && n < MAXF) { *p = 0; f[n++] = p + 1; }
        else if (*p == '\r' || *p == '\n') { *p = 0; break; }
    }
    return n;
}

static void cell(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *s)
{
    double v;
    if (is_number(s, &v)) worksheet_write_number(ws, r, c, v, NULL);
    else if (*s) worksheet_write_string(ws, r, c, s, NULL);
}

int main(int argc, char **argv)
{
    int tidy = argc == 4 && strcmp(argv[1], "--tidy") == 0;
    if (argc != 3 && !tidy) {
        fprintf(stderr, "usage: floor [--tidy] IN.csv OUT.xlsx\n");
        return 1;
    }
    const char *in = argv[argc - 2], *out = argv[argc - 1];
    FILE *f = fopen(in, "rb");
    if (!f) { perror(in); return 1; }
    lxw_workbook_options opt = {.constant_memory = LXW_TRUE};
    lxw_workbook *wb = workbook_new_opt(out, &opt);
    lxw_worksheet *ws = wb ? workbook_add_worksheet(wb, NULL) : NULL;
    if (!ws) { fprintf(stderr, "floor: cannot create %s\n", out); return 1; }

    static const char *tidy_head[15] = {"period", "year", "month", "week", "cutoff", "scope", "key",
        "name", "kind", "code", "indicator", "value", "source", "sheet", "cell"};
    char *line = NULL, *f_[MAXF], *head[MAXF] = {0};
    size_t cap = 0, nhead = 0;
    ssize_t len;
    lxw_row_t r = 0, src_row = 0;
    if (tidy)
        for (lxw_col_t c = 0; c < 15; c++) worksheet_write_string(ws, 0, c, tidy_head[c], NULL);
    while ((len = getline(&line, &cap, f)) > 0) {
        size_t n = split(line, f_);
        src_row++;
        if (!tidy) {
            for (size_t c = 0; c < n; c++) cell(ws, r, (lxw_col_t)c, f_[c]);
            r++;
            continue;
        }
        if (src_row == 1) {   /* the heading: keep it as the indicator names */
            for (size_t c = 0; c < n; c++) head[c] = strdup(f_[c]);
            nhead = n;
            continue;
        }
        int wk = 0, mo = 0, yr = 0;
        sscanf(f_[0], "Tu\xe1\xba\xa7n %d - Th\xc3\xa1ng %d/%d", &wk, &mo, &yr);
        for (size_t c = 3; c < n && c < nhead; c++) {
            char ref[16];
            if (!*f_[c]) continue;
            r++;
            worksheet_write_string(ws, r, 0, f_[0], NULL);
            worksheet_write_number(ws, r, 1, yr, NULL);
            worksheet_write_number(ws, r, 2, mo, NULL);
            worksheet_write_number(ws, r, 3, wk, NULL);
            worksheet_write_string(ws, r, 6, f_[2], NULL);
            worksheet_write_string(ws, r, 7, f_[2], NULL);
            worksheet_write_string(ws, r, 8, "xa", NULL);
            worksheet_write_string(ws, r, 10, head[c], NULL);
            cell(ws, r, 11, f_[c]);
            worksheet_write_string(ws, r, 12, in, NULL);
            snprintf(ref, sizeof ref, "%c%u", (char)('A' + c), (unsigned)src_row);
            worksheet_write_string(ws, r, 14, ref, NULL);
        }
    }
    free(line);
    for (size_t c = 0; c < nhead; c++) free(head[c]);
    fclose(f);
    lxw_error e = workbook_close(wb);
    if (e != LXW_NO_ERROR) { fprintf(stderr, "floor: %s\n", lxw_strerror(e)); return 1; }
    return 0;
}
