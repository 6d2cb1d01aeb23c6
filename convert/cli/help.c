/* help.c — `chiso --help` and `chiso COMMAND --help`, every line through gettext (one
 * message a line or paragraph, so a changed option changes one message, not the page). */
#include "cli.h"
#include "i18n.h"

#include <stdio.h>
#include <string.h>

enum { C = 1, I = 2, S = 4, H = 8, U = 16 };

typedef struct {
    const char *flags;   /* "-o, --output" */
    const char *arg;     /* N_("FILE") or NULL */
    const char *text;    /* N_(...) */
    int cmds;            /* the commands it belongs to */
} opt;

static const opt opts[] = {
    {"-o, --output", N_("FILE"), N_("output file; its extension (.xlsx, .json, .csv) gives the format"), C | H},
    {"--to", N_("FORMAT"), N_("xlsx, json or csv (default: from -o's extension)"), C | H},
    {"--rules", N_("FILE"), N_("failing rules, one a line: `dvc_truc_tuyen < 50`"), C | S},
    {"--title", N_("TEXT"), N_("title of the Phụ lục"), C},
    {"--period", N_("LABEL"), N_("period label, e.g. \"Tháng 5 - Tuần 01\"; in a file of many periods, picks one"), C | I | S | H},
    {"--cutoff", N_("YYYY-MM-DD"), N_("data cutoff date"), C | I | S | H},
    {"--scope", N_("NAME"), N_("district/province, e.g. \"Phú Tân, An Giang\""), C | I | S | H},
    {"--previous", N_("FILE"), N_("the previous period's file, to fill and check the change"), C | S},
    {"--force", NULL, N_("accept a --previous that looks wrong (another district, a later period)"), C | S},
    {"--aliases", N_("FILE"), N_("names confirmed once: `PHU HUNG = Phú Hùng`, `Phú Hùng = 30451`"), C | I | S | H},
    {"--encoding", N_("NAME"), N_("utf-8, cp1258, tcvn3, vni, viscii, utf-16 (default: detect)"), C | I | S | H},
    {"--sheet", N_("NAME"), N_("read only this sheet (repeatable)"), C | I | S | H},
    {"--indicator", N_("ID"), N_("the indicator of a periods-as-columns table"), C | I | S | H},
    {"--keep-order", NULL, N_("keep the source order (default: by score, best first)"), C},
    {"--to-2025", NULL, N_("add the post-1-July-2025 unit each unit went into"), C},
    {"--no-bom", NULL, N_("CSV without the UTF-8 BOM"), C | H},
    {"--caption", N_("TEXT"), N_("Phụ lục: a line above the title, e.g. \"Phụ lục 1\""), C},
    {"--attached-to", N_("TEXT"), N_("Phụ lục: under the title, e.g. \"Kèm theo Báo cáo số 123/BC-UBND ngày 08/5/2024\""), C},
    {"--add-classification", NULL, N_("Phụ lục: a XẾP LOẠI column from the score when the source has none"), C},
    {"--names-as-source", NULL, N_("Phụ lục: unit names as the source writes them (PHÚ HÙNG)"), C},
    {"--format", N_("FMT"), N_("text, markdown or json"), S},
    {"--strict", NULL, N_("stop at the first file that fails"), H},
    {"--max-memory", N_("SIZE"), N_("memory a run may use, e.g. 512M, 2G (default 1G)"), C | I | S | H},
    {"--at", N_("YYYY-MM-DD"), N_("the list as it was at that date (2019-2025)"), U},
    {NULL, NULL, NULL, 0}
};

static const opt common[] = {
    {"--lang", "vi|en", N_("language of messages (default: CHISO_LANG, LANGUAGE, LANG)"), 0},
    {"-q, --quiet", NULL, N_("no warnings on stderr"), 0},
    {"-v, --verbose", NULL, N_("more detail (-vv: even more)"), 0},
    {"-h, --help", NULL, N_("this help"), 0},
    {"-V, --version", NULL, N_("the version"), 0},
    {NULL, NULL, NULL, 0}
};

typedef struct {
    const char *name;
    int bit;
    const char *usage;     /* after "chiso " */
    const char *summary;   /* one line in the list of commands */
    const char *about;     /* the paragraph of its own help */
    const char *example;   /* a command that runs from a fresh clone */
} command;

static const command commands[] = {
    {"convert", C, N_("convert INPUT... [-o OUT] [--to xlsx|json|csv] [options]"),
     N_("read the results and write the Phụ lục (.xlsx), JSON or CSV"),
     N_("Reads the results of the Bộ chỉ số 766 (.xls, .xlsx, CSV, HTML or JSON from the portal) and\n"
        "writes the Phụ lục ready to print (.xlsx), or JSON or CSV. Without -o at a terminal, the\n"
        "Phụ lục is written beside the first input as INPUT-phu-luc.xlsx; without -o in a pipe,\n"
        "JSON goes to standard output."),
     "build/chiso convert samples/phu-tan-2024-t5-w1.csv --previous samples/phu-tan-2024-t4.csv -o phu-luc.xlsx"},
    {"inspect", I, N_("inspect INPUT..."),
     N_("show what chiso found in each file (sheets, columns, periods)"),
     N_("Shows what chiso found in each file: its format and encoding, the sheets, the header\n"
        "rows, which column is which indicator, the periods and units. Nothing is written."),
     "build/chiso inspect samples/phu-tan-2024-t5-w1.xls"},
    {"summary", S, N_("summary INPUT [--previous FILE] [--format text|markdown|json]"),
     N_("a short report of one period, to paste into a document"),
     N_("Writes a short report of one period on standard output: the total score and its class,\n"
        "the units by class, the units that fail a rule, and with --previous the units that lost points."),
     "build/chiso summary samples/phu-tan-2024-t5-w1.csv --previous samples/phu-tan-2024-t4.csv"},
    {"history", H, N_("history FILE... -o lich-su.xlsx|.csv|.json [--strict]"),
     N_("put many periods together into one table of history"),
     N_("Reads many periods (files, or folders of files) and writes one history: every unit's\n"
        "indicators period by period. The .xlsx opens on an overview with a chart."),
     "build/chiso history samples/phu-tan-2024-t4.csv samples/phu-tan-2024-t5-w1.csv -o lich-su.xlsx"},
    {"units", U, N_("units SEARCH [--at DATE]"),
     N_("look up the national list of administrative units"),
     N_("Looks up the national list of administrative units (communes, wards, districts) by\n"
        "name, with or without accents, and prints their codes."),
     "build/chiso units Phú Hùng"},
    {NULL, 0, NULL, NULL, NULL, NULL}
};

/* Columns on screen of a UTF-8 string (Vietnamese letters are one each). */
static int width(const char *s)
{
    int w = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80) w++;
    return w;
}

static void print_opts(FILE *out, const opt *o, int bit)
{
    for (; o->flags; o++) {
        if (bit && !(o->cmds & bit)) continue;
        char left[96];
        snprintf(left, sizeof left, "%s%s%s", o->flags, o->arg ? " " : "",
                 o->arg ? (strchr(o->arg, '|') ? o->arg : _(o->arg)) : "");
        int pad = 24 - width(left);
        fprintf(out, "  %s%*s%s\n", left, pad > 1 ? pad : 1, "", _(o->text));
    }
}

static void print_common(FILE *out)
{
    fprintf(out, "\n%s\n", _("Options of every command:"));
    print_opts(out, common, 0);
    fprintf(out, "\n%s\n", _("Exit status: 0 success (warnings allowed), 1 bad usage, 2 input that cannot be converted."));
}

void cx_cli_help(FILE *out, const char *name)
{
    for (const command *c = commands; name && c->name; c++) {
        if (strcmp(c->name, name) != 0) continue;
        fprintf(out, "%s chiso %s\n\n%s\n\n%s\n", _("Usage:"), _(c->usage), _(c->about), _("Options:"));
        print_opts(out, opts, c->bit);
        print_common(out);
        fprintf(out, "\n%s\n  %s\n", _("Example (from the folder of chiso's source):"), c->example);
        fprintf(out, "%s\n", _("The manual: man chiso (Vietnamese: man -L vi chiso)."));
        return;
    }
    fprintf(out, "%s\n\n", _("chiso — Bộ chỉ số 766 results to a print-ready Phụ lục, JSON or CSV"));
    fprintf(out, "%s chiso %s\n\n%s\n", _("Usage:"), _("COMMAND [options] FILE..."), _("Commands:"));
    for (const command *c = commands; c->name; c++) fprintf(out, "  %-9s %s\n", c->name, _(c->summary));
    fprintf(out, "  %-9s %s\n", "serve", _("the same in a web page (chiso serve --help; see README)"));
    fprintf(out, "\n%s\n\n%s\n", _("Run 'chiso COMMAND --help' for the options of one command."),
            _("Inputs: .xls, .xlsx, CSV (any delimiter), UTF-16 text, HTML saved as .xls, portal tables\n"
              "and JSON; the format is told from the bytes, not the file name."));
    print_common(out);
    fprintf(out, "\n%s\n", _("The manual: man chiso (Vietnamese: man -L vi chiso)."));
}

void cx_cli_usage(FILE *out) { cx_cli_help(out, NULL); }
