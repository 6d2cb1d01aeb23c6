/*
 * output.h — replacing an output the way careful tools do (issue 15).
 *
 *  - "-" (or no -o) is standard output; a character/block device or a FIFO named by -o is
 *    written into, never replaced (`-o /dev/null` stays a device).
 *  - A symlink is followed: its target is what gets replaced, atomically.
 *  - A regular file is replaced in one step (rename) only on success: the new content is
 *    written to an unnamed temporary file in the target's folder (O_TMPFILE), given a name
 *    (linkat) and renamed over the target at commit. Where O_TMPFILE is not available the
 *    temporary file is ".chiso-PID-XXXXXX.tmp" in that folder; a later run removes such
 *    files whose process is gone. An existing file keeps its permission bits (and owner
 *    where allowed); a new one gets 0666 & ~umask.
 *  - Writers that need a path (libxlsxwriter) write tmp_path: /proc/self/fd/N of the
 *    unnamed file, or the fallback name. For stdout and devices such a temporary file lives
 *    in $TMPDIR (or /tmp) and is copied out at commit.
 * After any failure an existing output is untouched and no temporary file is left. A signal
 * handler (the command line's, never the library's) calls cx_output_signal_cleanup().
 */
#ifndef CHISO_OUTPUT_H
#define CHISO_OUTPUT_H

#include <stdio.h>
#include <sys/types.h>
#include "cli.h"

typedef struct cx_output {
    char *final_path;   /* the regular file replaced at commit (symlinks resolved); NULL otherwise */
    char *shown;        /* the -o name as given, for messages */
    char *tmp_path;     /* the path a writer may open: /proc/self/fd/N or a temporary file name */
    char *named_tmp;    /* a temporary directory entry that exists (fallback), removed on abort */
    FILE *fp;           /* open for FILE* writers (tmp file, stdout or device) */
    int   fd;           /* the temporary file, -1 when none */
    int   sink_fd;      /* stdout or the device: where a temporary file is copied at commit; -1 */
    int   keep_mode;    /* final_path existed: give the new file its mode */
    mode_t mode;
    uid_t uid;
    gid_t gid;
} cx_output;

/* Prepare an output. path NULL or "-" means stdout. For xlsx, open_fp = 0 and the writer
 * writes tmp_path itself. Refuses a path equal to any of the inputs (see also
 * cx_output_check_inputs, which commands call before reading anything). */
cx_error cx_output_open(cx_output *o, const char *path, int open_fp,
                        const char *const *inputs, size_t ninputs, cx_cli_err *d);
/* Success: flush, fsync, move into place (or copy to stdout/the device). */
cx_error cx_output_commit(cx_output *o, cx_cli_err *d);
/* Failure: remove the temporary file. Safe to call twice and after commit. */
void cx_output_abort(cx_output *o);

/* Are two paths the same file (device+inode, or same realpath)? */
int cx_same_file(const char *a, const char *b);

/* Refuse (CX_ERR_USAGE, "would overwrite an input") when out names one of the files read:
 * the same inode, or the same real path (through symlinks and ".."). Folders among paths
 * stand for the files in them. out NULL or "-": nothing to check. */
cx_error cx_output_check_inputs(const char *out, const char *const *paths, size_t n, cx_cli_err *d);

/* Async-signal-safe: remove the temporary file of the output being written, if it has a
 * name. For the command line's signal handlers. */
void cx_output_signal_cleanup(void);

/* When a write failed for want of room (ENOSPC, EDQUOT, or a full file system under the
 * temporary file), replace d's message with one that says so plainly. */
void cx_output_explain_failure(cx_output *o, cx_cli_err *d);

#endif
