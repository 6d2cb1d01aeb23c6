/*
 * pipeline.h — one input to snapshots, with the job's options applied: read (any format,
 * from a path or from memory) -> normalize -> period/scope from options, title and file
 * name -> national-list matching -> --to-2025. Inside the library only (chiso.c); front
 * ends use chiso.h.
 */
#ifndef CHISO_PIPELINE_H
#define CHISO_PIPELINE_H

#include <stdio.h>
#include <stdint.h>
#include "chiso.h"
#include "model.h"
#include "diag.h"
#include "spool.h"

typedef struct cx_loaded {
    cx_snapshot **snaps;    /* owned */
    size_t        n;
} cx_loaded;

/* Where an input comes from: a path (bytes NULL: the file is mapped or read), or bytes
 * in memory named path (for messages and sources[].path). */
typedef struct cx_input {
    const char    *path;
    const uint8_t *bytes;
    size_t         len;
} cx_input;

/* What the pipeline needs besides the options: the job's spool, the progress callback
 * (a wrapper around the normalizer's sink counts rows and may stop the reader). */
typedef struct cx_pipe {
    const chiso_options *o;
    const char *const   *sheets;   /* o->sheets NULL-terminated, or NULL */
    cx_spool            *spool;
} cx_pipe;

/* Load one input. inspect_out, when not NULL, gets the `inspect` report. */
cx_error cx_load(const cx_input *in, const cx_pipe *p, cx_loaded *out, FILE *inspect_out, cx_diag *d);
/* Append src's snapshots to dst (moves them; src left empty). */
cx_error cx_loaded_append(cx_loaded *dst, cx_loaded *src);
void cx_loaded_free(cx_loaded *l);   /* frees snapshots and the array */

#endif
