#include "cli.h"
#include "i18n.h"

#include <stdarg.h>
#include <stdio.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>


cx_error cx_cli_fail(cx_cli_err *e, cx_error err, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->errmsg, sizeof e->errmsg, _(fmt), ap);
    va_end(ap);
    e->err = err;
    return err;
}

chiso_format cx_cli_format(const char *name)
{
    return strcmp(name, "xlsx") == 0 ? CHISO_XLSX : strcmp(name, "json") == 0 ? CHISO_JSON : CHISO_CSV;
}

static const char *const commands[] = {"convert", "inspect", "summary", "history", "units", NULL};

/* Options taking a value: long name, short name, offset of the field in cx_cli. */
typedef struct { const char *lng; char shrt; size_t off; } valopt;
#define OFF(f) offsetof(cx_cli, f)
static const valopt valopts[] = {
    {"output", 'o', OFF(out)},   {"to", 0, OFF(to)},         {"rules", 0, OFF(rules)},
    {"title", 0, OFF(title)},    {"period", 0, OFF(period)}, {"cutoff", 0, OFF(cutoff)},
    {"scope", 0, OFF(scope)},    {"previous", 0, OFF(previous)}, {"encoding", 0, OFF(encoding)},
    {"indicator", 0, OFF(indicator)}, {"format", 0, OFF(format)}, {"lang", 0, OFF(lang)}, {"at", 0, OFF(at)},
    {"caption", 0, OFF(caption)}, {"attached-to", 0, OFF(attached_to)}, {"aliases", 0, OFF(aliases)},
    {"max-memory", 0, OFF(max_memory)},
    {NULL, 0, 0}
};
typedef struct { const char *lng; size_t off; } flagopt;
static const flagopt flagopts[] = {
    {"keep-order", OFF(keep_order)}, {"to-2025", OFF(to_2025)}, {"no-bom", OFF(no_bom)},
    {"strict", OFF(strict)}, {"force", OFF(force)}, {"add-classification", OFF(add_classification)},
    {"names-as-source", OFF(names_as_source)}, {NULL, 0}
};

static int valid_date(const char *s)
{
    int y, m, dd;
    char tail;
    if (strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &dd, &tail) != 3) return 0;
    return y >= 2000 && y <= 2100 && m >= 1 && m <= 12 && dd >= 1 && dd <= 31;
}

cx_error cx_cli_parse(int argc, char **argv, cx_cli *cli, int *help, int *version, cx_cli_err *d)
{
    memset(cli, 0, sizeof *cli);
    cli->verbosity = 1;
    *help = *version = 0;
    cli->inputs = calloc((size_t)argc + 1, sizeof *cli->inputs);
    cli->sheets = calloc((size_t)argc + 1, sizeof *cli->sheets);
    if (!cli->inputs || !cli->sheets) return cx_cli_fail(d, CX_ERR_NOMEM, "out of memory");
    int only_positional = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (only_positional || a[0] != '-' || strcmp(a, "-") == 0) {
            if (!cli->command) {
                for (int c = 0; commands[c]; c++)
                    if (strcmp(a, commands[c]) == 0) cli->command = commands[c];
                if (!cli->command)
                    return cx_cli_fail(d, CX_ERR_USAGE, "unknown command '%s' (try 'chiso --help')", a);
            } else {
                cli->inputs[cli->ninputs++] = a;
            }
            continue;
        }
        if (strcmp(a, "--") == 0) { only_positional = 1; continue; }
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) { *help = 1; continue; }
        if (strcmp(a, "-V") == 0 || strcmp(a, "--version") == 0) { *version = 1; continue; }
        if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) { cli->verbosity = 0; continue; }
        if (strcmp(a, "-v") == 0 || strcmp(a, "--verbose") == 0) { cli->verbosity++; continue; }
        if (strcmp(a, "-vv") == 0) { cli->verbosity += 2; continue; }

        /* --name=value, --name value, -o value */
        const char *name = NULL, *val = NULL;
        char shrt = 0;
        char namebuf[64];
        if (a[1] == '-') {
            const char *eq = strchr(a + 2, '=');
            size_t nl = eq ? (size_t)(eq - (a + 2)) : strlen(a + 2);
            if (nl >= sizeof namebuf) return cx_cli_fail(d, CX_ERR_USAGE, "unknown option '%s'", a);
            memcpy(namebuf, a + 2, nl);
            namebuf[nl] = 0;
            name = namebuf;
            if (eq) val = eq + 1;
        } else if (a[2] == 0) {
            shrt = a[1];
        } else {
            return cx_cli_fail(d, CX_ERR_USAGE, "unknown option '%s' (try 'chiso --help')", a);
        }
        int done = 0;
        for (const flagopt *f = flagopts; f->lng && name; f++) {
            if (strcmp(name, f->lng) == 0) {
                if (val) return cx_cli_fail(d, CX_ERR_USAGE, "option '--%s' takes no value", name);
                *(int *)((char *)cli + f->off) = 1;
                done = 1;
            }
        }
        if (!done && name && strcmp(name, "sheet") == 0) {
            if (!val) {
                if (i + 1 >= argc) return cx_cli_fail(d, CX_ERR_USAGE, "option '--sheet' needs a value");
                val = argv[++i];
            }
            cli->sheets[cli->nsheets++] = val;   /* sheets has room for every argument */
            done = 1;
        }
        for (const valopt *v = valopts; !done && v->lng; v++) {
            if ((name && strcmp(name, v->lng) == 0) || (shrt && shrt == v->shrt)) {
                if (!val) {
                    if (i + 1 >= argc)
                        return cx_cli_fail(d, CX_ERR_USAGE, "option '%s' needs a value", a);
                    val = argv[++i];
                }
                *(const char **)((char *)cli + v->off) = val;
                done = 1;
            }
        }
        if (!done) return cx_cli_fail(d, CX_ERR_USAGE, "unknown option '%s' (try 'chiso --help')", a);
    }
    if (*help || *version) return CX_OK;
    if (!cli->command) return cx_cli_fail(d, CX_ERR_USAGE, "no command given (try 'chiso --help')");
    if (cli->ninputs == 0)
        return cx_cli_fail(d, CX_ERR_USAGE, "'%s' needs %s", cli->command,
                       strcmp(cli->command, "units") == 0 ? _("a name to search for") : _("at least one input file"));
    if (cli->lang && strcmp(cli->lang, "vi") && strcmp(cli->lang, "en"))
        return cx_cli_fail(d, CX_ERR_USAGE, "--lang must be vi or en, not '%s'", cli->lang);
    if (cli->to && strcmp(cli->to, "xlsx") && strcmp(cli->to, "json") && strcmp(cli->to, "csv"))
        return cx_cli_fail(d, CX_ERR_USAGE, "--to must be xlsx, json or csv, not '%s'", cli->to);
    if (cli->format && strcmp(cli->format, "text") && strcmp(cli->format, "markdown") && strcmp(cli->format, "json"))
        return cx_cli_fail(d, CX_ERR_USAGE, "--format must be text, markdown or json, not '%s'", cli->format);
    if (cli->cutoff && !valid_date(cli->cutoff))
        return cx_cli_fail(d, CX_ERR_USAGE, "--cutoff must be a date YYYY-MM-DD, not '%s'", cli->cutoff);
    if (cli->at && !valid_date(cli->at))
        return cx_cli_fail(d, CX_ERR_USAGE, "--at must be a date YYYY-MM-DD, not '%s'", cli->at);
    if (cli->indicator && chiso_indicator_find(cli->indicator, NULL) != CX_OK)   /* shapes.h */
        return cx_cli_fail(d, CX_ERR_USAGE, "--indicator must be an indicator id (diem_tong_hop, tien_do_giai_quyet, "
                       "muc_do_hai_long, ... as in the JSON), not '%s'", cli->indicator);
    if (strcmp(cli->command, "summary") == 0 && cli->ninputs != 1)
        return cx_cli_fail(d, CX_ERR_USAGE, "'summary' takes one input (and --previous for the comparison)");
    return CX_OK;
}

void cx_cli_free(cx_cli *cli)
{
    if (!cli) return;
    free(cli->inputs);
    free(cli->sheets);
    cli->inputs = NULL;
    cli->sheets = NULL;
}

const char *cx_cli_output_format(const cx_cli *cli, const char *dflt, cx_cli_err *d)
{
    if (cli->to) return cli->to;
    if (!cli->out || strcmp(cli->out, "-") == 0) return dflt;
    const char *dot = strrchr(cli->out, '.');
    const char *slash = strrchr(cli->out, '/');
    if (dot && (!slash || dot > slash)) {
        if (strcasecmp(dot, ".xlsx") == 0) return "xlsx";
        if (strcasecmp(dot, ".json") == 0) return "json";
        if (strcasecmp(dot, ".csv") == 0) return "csv";
    }
    cx_cli_fail(d, CX_ERR_USAGE, "%s: cannot tell the output format from the name; add --to xlsx|json|csv", cli->out);
    return NULL;
}
