/* cmd_units.c — `chiso units SEARCH`: look a unit up in the national list (before and after 1 July 2025). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"

int cx_cmd_units(const cx_cli *cli)
{
    /* the words of SEARCH may come as several arguments: chiso units Phú Hưng */
    size_t len = 1;
    for (size_t i = 0; i < cli->ninputs; i++) len += strlen(cli->inputs[i]) + 1;
    char *q = malloc(len);
    if (!q) { cli_say("%s", cx_strerror(CX_ERR_NOMEM)); return 2; }
    q[0] = 0;
    for (size_t i = 0; i < cli->ninputs; i++) {
        if (i) strcat(q, " ");
        strcat(q, cli->inputs[i]);
    }
    size_t n = 0;
    cx_error err = chiso_units_search(q, cli->at, stdout, &n);
    if (err == CX_ERR_ENCODING) {
        cli_say("units: the search text is not UTF-8");
        free(q);
        return 1;
    }
    if (err != CX_OK) { cli_say("%s", cx_strerror(err)); free(q); return 2; }
    /* finding nothing is an answer, not an error: exit 0, the note on stderr */
    if (n == 0 && cli->at) cli_say("no unit of the national list at %s matches '%s'", cli->at, q);
    else if (n == 0) cli_say("no unit of the national list matches '%s'", q);
    free(q);
    return 0;
}
