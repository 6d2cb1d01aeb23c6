/* cmd_history.c — STUB: `chiso history`. */
#include <stdio.h>
#include "cli.h"
int cx_cmd_history(const cx_cli *cli, cx_diag *d)
{
    (void)cli; (void)d;
    fprintf(stderr, "chiso: history is not implemented yet\n");
    return 2;
}
