/*
 * output.h — atomic output: write to a temporary file in the target directory,
 * rename into place only on success. After any failure an existing output file
 * is untouched and no partial file is left.
 */
#ifndef CHISO_OUTPUT_H
#define CHISO_OUTPUT_H

#include <stdio.h>
#include "cli.h"

typedef struct cx_output {
    char *final_path;   /* NULL for stdout */
    char *tmp_path;     /* the temporary file beside it */
    FILE *fp;           /* open on tmp_path (or stdout) for FILE* writers */
} cx_output;

/* Prepare an output. path NULL or "-" means stdout. For xlsx, open_fp = 0 and the
 * writer writes tmp_path itself. Refuses a path equal to any of the inputs. */
cx_error cx_output_open(cx_output *o, const char *path, int open_fp,
                        const char *const *inputs, size_t ninputs, cx_cli_err *d);
/* Success: flush, fsync, rename tmp into place. */
cx_error cx_output_commit(cx_output *o, cx_cli_err *d);
/* Failure: remove the temporary file. Safe to call twice and after commit. */
void cx_output_abort(cx_output *o);

/* Are two paths the same file (device+inode, or same realpath)? */
int cx_same_file(const char *a, const char *b);

#endif
