/*
 * guard.h — the command line's protections around a job (issue 15):
 *  - the output is never one of the files read: every option naming a file that is read
 *    (inputs, folders of inputs, --rules, --previous, and any such option added later:
 *    list it in guard.c) is checked against -o before anything is read, in every command;
 *  - signals (INT, TERM, HUP, PIPE, XFSZ) remove the temporary output and end the
 *    process with 128+n and one line; an input that shrinks while mapped (SIGBUS inside
 *    it) ends with "the file changed while it was being read; try again" (exit 2).
 * The library installs no signal handler; only the command line calls cx_guard_signals.
 */
#ifndef CHISO_GUARD_H
#define CHISO_GUARD_H

#include "cli.h"

cx_error cx_guard_output(const cx_cli *cli, cx_cli_err *d);
void cx_guard_signals(void);

/* The memory budget of a run: --max-memory SIZE (bytes, or with K, M, G; default 1 GiB)
 * becomes the process's data limit (RLIMIT_DATA: heap and private writable mappings, not
 * the read-only mapping of a CSV input), so an input that would need more ends with a
 * clean "out of memory" from the allocation that failed, never an OOM kill. Not set under
 * AddressSanitizer (its shadow memory counts). CX_ERR_USAGE on a bad SIZE. */
cx_error cx_guard_memory(const cx_cli *cli, cx_cli_err *e);
/* After a failure: an out-of-memory message (msg, cap bytes) gets the limit and how to
 * raise it. */
void cx_guard_explain(cx_error err, char *msg, size_t cap);

#endif
