#include "output.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int cx_same_file(const char *a, const char *b)
{
    struct stat sa, sb;
    if (stat(a, &sa) == 0 && stat(b, &sb) == 0)
        return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
    char ra[PATH_MAX], rb[PATH_MAX];
    if (realpath(a, ra) && realpath(b, rb)) return strcmp(ra, rb) == 0;
    return strcmp(a, b) == 0;
}

cx_error cx_output_open(cx_output *o, const char *path, int open_fp,
                        const char *const *inputs, size_t ninputs, cx_cli_err *d)
{
    memset(o, 0, sizeof *o);
    if (!path || strcmp(path, "-") == 0) {
        o->fp = stdout;
        return CX_OK;
    }
    for (size_t i = 0; i < ninputs; i++)
        if (inputs[i] && cx_same_file(path, inputs[i]))
            return cx_cli_fail(d, CX_ERR_USAGE, "%s: the output would overwrite an input; choose another -o", path);
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
        return cx_cli_fail(d, CX_ERR_USAGE, "%s: is a directory; -o needs a file name", path);
    if (!(o->final_path = strdup(path))) return cx_cli_fail(d, CX_ERR_NOMEM, "out of memory");
    /* The temporary file sits in the target directory so rename() is atomic. */
    const char *slash = strrchr(path, '/');
    size_t dirlen = slash ? (size_t)(slash - path + 1) : 0;
    const char *base = slash ? slash + 1 : path;
    size_t need = dirlen + strlen(base) + 32;
    if (!(o->tmp_path = malloc(need))) { cx_output_abort(o); return cx_cli_fail(d, CX_ERR_NOMEM, "out of memory"); }
    snprintf(o->tmp_path, need, "%.*s.%s.tmp-XXXXXX", (int)dirlen, path, base);
    int fd = mkstemp(o->tmp_path);
    if (fd < 0) {
        int e = errno;
        free(o->tmp_path);
        o->tmp_path = NULL;
        cx_output_abort(o);
        return cx_cli_fail(d, CX_ERR_IO, "%s: cannot write in that directory: %s", path, strerror(e));
    }
    fchmod(fd, 0644);
    if (open_fp) {
        o->fp = fdopen(fd, "wb");
        if (!o->fp) {
            int e = errno;
            close(fd);
            cx_output_abort(o);
            return cx_cli_fail(d, CX_ERR_IO, "%s: cannot write: %s", path, strerror(e));
        }
    } else {
        close(fd);
    }
    return CX_OK;
}

cx_error cx_output_commit(cx_output *o, cx_cli_err *d)
{
    if (!o->final_path) {
        if (o->fp && fflush(o->fp) != 0)
            return cx_cli_fail(d, CX_ERR_WRITE, "cannot write to standard output: %s", strerror(errno));
        return CX_OK;
    }
    if (o->fp) {
        int bad = fflush(o->fp) != 0 || ferror(o->fp) || fsync(fileno(o->fp)) != 0;
        int e = errno;
        bad |= fclose(o->fp) != 0;
        o->fp = NULL;
        if (bad) {
            cx_output_abort(o);
            return cx_cli_fail(d, CX_ERR_WRITE, "%s: writing failed: %s", o->final_path ? o->final_path : "", strerror(e));
        }
    }
    if (rename(o->tmp_path, o->final_path) != 0) {
        int e = errno;
        cx_cli_fail(d, CX_ERR_WRITE, "%s: cannot move the output into place: %s", o->final_path, strerror(e));
        cx_output_abort(o);
        return CX_ERR_WRITE;
    }
    free(o->tmp_path);
    o->tmp_path = NULL;
    free(o->final_path);
    o->final_path = NULL;
    return CX_OK;
}

void cx_output_abort(cx_output *o)
{
    if (o->fp && o->fp != stdout) fclose(o->fp);
    o->fp = NULL;
    if (o->tmp_path) unlink(o->tmp_path);
    free(o->tmp_path);
    free(o->final_path);
    o->tmp_path = o->final_path = NULL;
}
