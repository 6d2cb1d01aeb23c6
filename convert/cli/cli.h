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
 *
 * The command line is a front end over the library: it includes chiso.h and nothing
 * else of it (the Makefile's INC_cli). It alone prints, exits and reads argv and the
 * environment (TMPDIR, CHISO_SPOOL_UNITS, CHISO_THREADS, SOURCE_DATE_EPOCH become
 * chiso_options, cli_job_options).
 */
#ifndef CHISO_CLI_H
#define CHISO_CLI_H

#include <stddef.h>
#include <stdio.h>
#include "chiso.h"

/* An error of the command line itself (bad usage), in words. */
typedef struct cx_cli_err {
    cx_error err;
    char     errmsg[1024];
} cx_cli_err;
cx_error cx_cli_fail(cx_cli_err *e, cx_error err, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

typedef struct cx_cli {
    const char  *command;       /* "convert", "inspect", "summary", "history", "units" */
    const char **inputs;        /* positional arguments (for units: the search words) */
    size_t       ninputs;
    const char  *out;           /* -o */
    const char  *to;            /* --to xlsx|json|csv (resolved from -o's extension if NULL) */
    const char  *rules;         /* --rules FILE */
    const char  *aliases;       /* --aliases FILE (names confirmed once, aliases.h) */
    const char  *title;         /* --title */
    const char  *period;        /* --period LABEL */
    const char  *cutoff;        /* --cutoff YYYY-MM-DD */
    const char  *scope;         /* --scope NAME */
    const char  *previous;      /* --previous FILE */
    const char  *encoding;      /* --encoding NAME */
    const char  *indicator;     /* --indicator ID (periods-as-columns) */
    const char  *format;        /* --format text|markdown|json (summary) */
    const char  *lang;          /* --lang vi|en (already applied by cx_lang_init) */
    const char  *at;            /* --at YYYY-MM-DD (units: the list as it was then) */
    const char  *caption;       /* --caption "Phụ lục 1" (Phụ lục: a line above the title) */
    const char  *attached_to;   /* --attached-to "Kèm theo Báo cáo số ..." (under the title) */
    const char **sheets;        /* --sheet NAME..., any number */
    size_t       nsheets;
    int          keep_order;
    int          to_2025;
    int          no_bom;
    int          strict;
    int          force;         /* --force: compare with a --previous that looks like the wrong file */
    int          add_classification; /* --add-classification: XẾP LOẠI from the score when the source has none */
    int          names_as_source;    /* --names-as-source: unit names as the source writes them */
    int          verbosity;     /* 0 -q, 1 default, 2 -v, 3 -vv */
    const char  *max_memory;    /* --max-memory SIZE (guard.h; default 1 GiB) */
} cx_cli;

/* Parse argv. Returns CX_OK, or CX_ERR_USAGE with the message in e->errmsg.
 * Sets *help / *version when those were asked for. */
cx_error cx_cli_parse(int argc, char **argv, cx_cli *cli, int *help, int *version, cx_cli_err *e);
void cx_cli_free(cx_cli *cli);
/* The output format: --to, else -o's extension (.xlsx/.json/.csv), else dflt when writing
 * to stdout. NULL, with a usage error in e, when -o's name does not tell. */
const char *cx_cli_output_format(const cx_cli *cli, const char *dflt, cx_cli_err *e);
chiso_format cx_cli_format(const char *name);   /* "xlsx", "json", "csv" */
/* The help: of one command ("convert", ...), or the whole program's when command is NULL
 * (help.c). Every line through gettext. */
void cx_cli_help(FILE *out, const char *command);
void cx_cli_usage(FILE *out);   /* cx_cli_help(out, NULL) */

/* The job's options from the command line and the environment, with the callbacks that
 * show warnings and information on stderr by verbosity. */
void cli_job_options(const cx_cli *cli, chiso_options *o);
/* A new job with cli_job_options, its rules set from --rules when with_rules. NULL after
 * printing the error (*rc set to the exit code). */
chiso_job *cli_job_new(const cx_cli *cli, int history, int with_rules, int *rc);
/* A command failed with an output maybe under way (output.h): the message (the command
 * line's own in ce when it has one, else the job's), explained by the output (no room,
 * the temporary name shown as the -o name), printed once; the temporary file removed.
 * Returns the exit code. */
struct cx_output;
int cli_output_fail(chiso_job *job, struct cx_output *out, cx_cli_err *ce, cx_error err);
/* Print the job's final error line once ("chiso: MESSAGE"); returns the exit code. */
int cli_job_fail(chiso_job *job, cx_error err);
/* "chiso: MESSAGE" on stderr. */
void cli_say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Commands: return the process exit code (0, 1 usage, 2 input that cannot be converted). */
int cx_cmd_convert(const cx_cli *cli);
int cx_cmd_inspect(const cx_cli *cli);
int cx_cmd_summary(const cx_cli *cli);
int cx_cmd_history(const cx_cli *cli);
int cx_cmd_units(const cx_cli *cli);

#endif
