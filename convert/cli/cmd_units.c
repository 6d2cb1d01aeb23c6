/* cmd_units.c — `chiso units SEARCH`: look a unit up in the national list (before and after 1 July 2025). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "dvhc.h"
#include "encoding.h"

int cx_cmd_units(const cx_cli *cli, cx_diag *d)
{
    (void)d;
    /* the words of SEARCH may come as several arguments: chiso units Phú Hưng */
    size_t len = 1;
    for (size_t i = 0; i < cli->ninputs; i++) len += strlen(cli->inputs[i]) + 1;
    char *q = malloc(len);
    if (!q) { fprintf(stderr, "chiso: %s\n", cx_strerror(CX_ERR_NOMEM)); return 2; }
    q[0] = 0;
    for (size_t i = 0; i < cli->ninputs; i++) {
        if (i) strcat(q, " ");
        strcat(q, cli->inputs[i]);
    }
    if (!cx_utf8_valid((const unsigned char *)q, strlen(q))) {
        fprintf(stderr, "chiso: units: the search text is not UTF-8\n");
        free(q);
        return 1;
    }
    int n = cx_dvhc_search_print_at(q, cli->at, stdout);
    if (n < 0) { fprintf(stderr, "chiso: %s\n", cx_strerror(CX_ERR_NOMEM)); free(q); return 2; }
    /* finding nothing is an answer, not an error: exit 0, the note on stderr */
    if (n == 0) fprintf(stderr, "chiso: no unit of the national list%s%s matches '%s'\n", cli->at ? " at " : "",
                        cli->at ? cli->at : "", q);
    free(q);
    return 0;
}
