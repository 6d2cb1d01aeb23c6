/* cmd_other.c — STUB commands: summary, history, units (each moves to its own file). */
#include <stdio.h>
#include "cli.h"
int cx_cmd_summary(const cx_cli *cli, cx_diag *d) { (void)cli; (void)d; fprintf(stderr, "chiso: summary is not implemented yet\n"); return 2; }
int cx_cmd_history(const cx_cli *cli, cx_diag *d) { (void)cli; (void)d; fprintf(stderr, "chiso: history is not implemented yet\n"); return 2; }
int cx_cmd_units(const cx_cli *cli, cx_diag *d) { (void)cli; (void)d; fprintf(stderr, "chiso: units is not implemented yet\n"); return 2; }
