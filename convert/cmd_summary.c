/* cmd_summary.c — STUB: `chiso summary`. */
#include <stdio.h>
#include "cli.h"
int cx_cmd_summary(const cx_cli *cli, cx_diag *d)
{
    (void)cli; (void)d;
    fprintf(stderr, "chiso: summary is not implemented yet\n");
    return 2;
}
