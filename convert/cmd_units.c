/* cmd_units.c — STUB: `chiso units`. */
#include <stdio.h>
#include "cli.h"
int cx_cmd_units(const cx_cli *cli, cx_diag *d)
{
    (void)cli; (void)d;
    fprintf(stderr, "chiso: units is not implemented yet\n");
    return 2;
}
