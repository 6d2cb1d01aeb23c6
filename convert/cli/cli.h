/*
 * cli.h — the command line: options shared by every command, and the commands.
 *
 *   chiso convert INPUT... [-o OUT] [--to xlsx|json|csv] [--rules FILE] [--title TEXT]
 *                 [--period LABEL] [--cutoff YYYY-MM-DD] [--scope NAME] [--keep-order]
 *                 [--previous FILE] [--encoding NAME] [--sheet NAME]... [--to-2025] [--no-bom]
 *                 [--caption TEXT] [--attached-to TEXT] [--add-classification] [--names-as-source]
 *   chiso inspect INPUT...
 *   chiso summary INPUT [--previous P] [--format text|markdown|json]
 *   chiso history FILE... -o lich-su.xlsx|.csv|.json [--strict] [--indicator ID]
 *   chiso units SEARCH [--at YYYY-MM-DD]
 *
 * Only data goes to stdout; diagnostics to stderr by verbosity (-q, -v).
 */
#ifndef CHISO_CLI_H
#define CHISO_CLI_H

#include <stddef.h>
#include <stdio.h>
#include "diag.h"

#define CX_MAX_SHEET_OPTS 64

typedef struct cx_cli {
    const char  *command;       /* "convert", "inspect", "summary", "history", "units" */
    const char **inputs;        /* positional arguments (for units: the search words) */
    size_t       ninputs;
    const char  *out;           /* -o */
    const char  *to;            /* --to xlsx|json|csv (resolved from -o's extension if NULL) */
    const char  *rules;         /* --rules FILE */
    const char  *title;         /* --title */
    const char  *period;        /* --period LABEL */
    const char  *cutoff;        /* --cutoff YYYY-MM-DD */
    const char  *scope;         /* --scope NAME */
    const char  *previous;      /* --previous FILE */
    const char  *encoding;      /* --encoding NAME */
    const char  *indicator;     /* --indicator ID (periods-as-columns) */
    const char  *format;        /* --format text|markdown|json (summary) */
    const char  *at;            /* --at YYYY-MM-DD (units: the list as it was then) */
    const char  *caption;       /* --caption "Phụ lục 1" (Phụ lục: a line above the title) */
    const char  *attached_to;   /* --attached-to "Kèm theo Báo cáo số ..." (under the title) */
    const char  *sheets[CX_MAX_SHEET_OPTS + 1]; /* --sheet NAME..., NULL-terminated */
    size_t       nsheets;
    int          keep_order;
    int          to_2025;
    int          no_bom;
    int          strict;
    int          add_classification; /* --add-classification: XẾP LOẠI from the score when the source has none */
    int          names_as_source;    /* --names-as-source: unit names as the source writes them */
    int          verbosity;     /* 0 -q, 1 default, 2 -v, 3 -vv */
} cx_cli;

/* Parse argv. Returns CX_OK, or CX_ERR_USAGE with the message in d->errmsg.
 * Sets *help / *version when those were asked for. */
cx_error cx_cli_parse(int argc, char **argv, cx_cli *cli, int *help, int *version, cx_diag *d);
void cx_cli_free(cx_cli *cli);
/* The output format: --to, else -o's extension (.xlsx/.json/.csv), else dflt when writing
 * to stdout. NULL, with a usage error in d, when -o's name does not tell. */
const char *cx_cli_output_format(const cx_cli *cli, const char *dflt, cx_diag *d);
void cx_cli_usage(FILE *out);

/* Commands: return the process exit code (0, 1 usage, 2 input that cannot be converted). */
int cx_cmd_convert(const cx_cli *cli, cx_diag *d);
int cx_cmd_inspect(const cx_cli *cli, cx_diag *d);
int cx_cmd_summary(const cx_cli *cli, cx_diag *d);
int cx_cmd_history(const cx_cli *cli, cx_diag *d);
int cx_cmd_units(const cx_cli *cli, cx_diag *d);

#endif
