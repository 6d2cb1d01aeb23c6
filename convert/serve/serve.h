/* chiso serve — the weekly job in a web page (issue 14). A front end like the command
 * line: an HTTP server on libmicrohttpd that serves one page embedded in the binary and
 * runs every conversion in a child process (this same binary, the ordinary commands) with
 * limits. See NOTES.md, "chiso serve". */
#ifndef CHISO_SERVE_H
#define CHISO_SERVE_H

#include <stddef.h>

/* `chiso serve [options]`: argv[0] is "serve". Returns the process exit status. */
int chiso_serve_main(int argc, char **argv);

/* The page's files, generated at build time from convert/serve/page/ (scripts/gen-page.sh). */
typedef struct {
    const char *path;            /* "/app.js" */
    const char *type;            /* "text/javascript; charset=utf-8" */
    const unsigned char *data;
    size_t len;
} chiso_asset;
extern const chiso_asset chiso_assets[];
extern const size_t chiso_nassets;

#endif
