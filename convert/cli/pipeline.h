/*
 * pipeline.h — one input file to snapshots, with the command line's options applied:
 * read (any format) -> normalize -> period/scope from options, title and file name ->
 * national-list matching -> --to-2025. Shared by every command.
 */
#ifndef CHISO_PIPELINE_H
#define CHISO_PIPELINE_H

#include <stdio.h>
#include "cli.h"
#include "model.h"
#include "diag.h"

typedef struct cx_loaded {
    cx_snapshot **snaps;    /* owned */
    size_t        n;
} cx_loaded;

/* Load one input. inspect_out, when not NULL, gets the `inspect` report. */
cx_error cx_load(const char *path, const cx_cli *cli, cx_loaded *out, FILE *inspect_out, cx_diag *d);
/* Append src's snapshots to dst (moves them; src left empty). */
cx_error cx_loaded_append(cx_loaded *dst, cx_loaded *src);
void cx_loaded_free(cx_loaded *l);   /* frees snapshots and the array */

#endif
