#include "output.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

/* The temporary name a signal handler removes (fallback files, and the short moment
 * between linkat and rename). Written only outside handlers, read by them. */
static char sig_tmp[PATH_MAX];
static volatile sig_atomic_t sig_tmp_set;

static void sig_register(const char *p)
{
    sig_tmp_set = 0;
    if (!p || strlen(p) >= sizeof sig_tmp) return;
    memcpy(sig_tmp, p, strlen(p) + 1);
    sig_tmp_set = 1;
}

static void sig_unregister(void) { sig_tmp_set = 0; }

void cx_output_signal_cleanup(void)
{
    if (sig_tmp_set) unlink(sig_tmp);
    sig_tmp_set = 0;
}

int cx_same_file(const char *a, const char *b)
{
    struct stat sa, sb;
    if (stat(a, &sa) == 0 && stat(b, &sb) == 0)
        return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
    char ra[PATH_MAX], rb[PATH_MAX];
    if (realpath(a, ra) && realpath(b, rb)) return strcmp(ra, rb) == 0;
    return strcmp(a, b) == 0;
}

/* out against one path read; a folder stands for its entries (history reads folders). */
static int overwrites(const char *out, const struct stat *so, int have_so, const char *rout, const char *in)
{
    struct stat si;
    if (stat(in, &si) == 0) {
        if (have_so && si.st_dev == so->st_dev && si.st_ino == so->st_ino) return 1;
        if (S_ISDIR(si.st_mode)) {
            /* the output inside that folder: it would be listed (and read) as an input */
            char rin[PATH_MAX];
            if (rout[0] && realpath(in, rin)) {
                size_t l = strlen(rin);
                const char *slash = strrchr(rout, '/');
                if (slash && (size_t)(slash - rout) == l && strncmp(rout, rin, l) == 0 && slash[1] != '.') return 1;
                if (l == 1 && slash == rout && rout[1] != '.') return 1;   /* the root folder */
            }
        }
    }
    char rin[PATH_MAX];
    if (rout[0] && realpath(in, rin) && strcmp(rin, rout) == 0) return 1;
    return !have_so && strcmp(out, in) == 0;
}

/* The real path of out even when it does not exist yet: its folder's real path + its name. */
static void real_out(const char *out, char *r)
{
    r[0] = 0;
    if (realpath(out, r)) return;
    const char *slash = strrchr(out, '/');
    char dir[PATH_MAX];
    if (!slash) snprintf(dir, sizeof dir, ".");
    else if (slash == out) snprintf(dir, sizeof dir, "/");
    else snprintf(dir, sizeof dir, "%.*s", (int)(slash - out), out);
    char rd[PATH_MAX];
    const char *base = slash ? slash + 1 : out;
    if (!realpath(dir, rd) || strlen(rd) + strlen(base) + 2 > PATH_MAX) { r[0] = 0; return; }
    size_t l = strlen(rd);
    if (strcmp(rd, "/") != 0) rd[l++] = '/';
    memcpy(r, rd, l);
    memcpy(r + l, base, strlen(base) + 1);
}

cx_error cx_output_check_inputs(const char *out, const char *const *paths, size_t n, cx_cli_err *d)
{
    if (!out || strcmp(out, "-") == 0) return CX_OK;
    struct stat so;
    int have_so = stat(out, &so) == 0;
    /* a device or FIFO is written into, not replaced: reading /dev/stdin while writing
     * /dev/stdout is no loss */
    if (have_so && !S_ISREG(so.st_mode) && !S_ISDIR(so.st_mode)) return CX_OK;
    char rout[PATH_MAX];
    real_out(out, rout);
    for (size_t i = 0; i < n; i++)
        if (paths[i] && overwrites(out, &so, have_so, rout, paths[i]))
            return cx_cli_fail(d, CX_ERR_USAGE, "%s: the output would overwrite an input; choose another -o", out);
    return CX_OK;
}

/* Follow symlinks by hand (a dangling one names the file to create). NULL when the
 * chain is too long or too deep. Caller frees. */
static char *resolve_links(const char *path)
{
    char *p = strdup(path);
    for (int hops = 0; p && hops < 40; hops++) {
        struct stat st;
        if (lstat(p, &st) != 0 || !S_ISLNK(st.st_mode)) return p;
        char target[PATH_MAX];
        ssize_t n = readlink(p, target, sizeof target - 1);
        if (n < 0) return p;
        target[n] = 0;
        char *next;
        const char *slash = strrchr(p, '/');
        if (target[0] == '/' || !slash) next = strdup(target);
        else {
            size_t dl = (size_t)(slash - p + 1);
            next = malloc(dl + (size_t)n + 1);
            if (next) { memcpy(next, p, dl); memcpy(next + dl, target, (size_t)n + 1); }
        }
        free(p);
        p = next;
    }
    free(p);
    return NULL;
}

static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash) return strdup(".");
    if (slash == path) return strdup("/");
    return strndup(path, (size_t)(slash - path));
}

static mode_t current_umask(void)
{
    mode_t m = umask(0);
    umask(m);
    return m;
}

/* ".chiso-PID-XXXXXX.tmp" left in dir by a run that is gone (SIGKILL in the fallback
 * mode): remove them. Only ours (same owner) and only when that process no longer runs. */
static void remove_stale(const char *dir)
{
    DIR *dp = opendir(dir);
    if (!dp) return;
    struct dirent *e;
    uid_t me = getuid();
    while ((e = readdir(dp))) {
        const char *s = e->d_name;
        if (strncmp(s, ".chiso-", 7) != 0) continue;
        char *end;
        long pid = strtol(s + 7, &end, 10);
        if (pid <= 0 || *end != '-' || strlen(end) != 11 || strcmp(end + 7, ".tmp") != 0) continue;
        if (pid == (long)getpid() || kill((pid_t)pid, 0) == 0 || errno != ESRCH) continue;
        struct stat st;
        if (fstatat(dirfd(dp), s, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode) || st.st_uid != me) continue;
        unlinkat(dirfd(dp), s, 0);
    }
    closedir(dp);
}

/* A temporary file in dir: unnamed (O_TMPFILE, reachable as /proc/self/fd/N) where the
 * system allows, else ".chiso-PID-XXXXXX.tmp" (named_tmp set). mode applies to both. */
static int make_tmp(cx_output *o, const char *dir, mode_t mode)
{
    char buf[64];
#ifdef O_TMPFILE
    int fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0666);
    if (fd >= 0) {
        snprintf(buf, sizeof buf, "/proc/self/fd/%d", fd);
        if (access(buf, F_OK) == 0) {
            fchmod(fd, mode);
            o->fd = fd;
            o->tmp_path = strdup(buf);
            return o->tmp_path ? 0 : (errno = ENOMEM, -1);
        }
        close(fd);   /* no /proc: a writer could not open it by name */
    }
#endif
    size_t need = strlen(dir) + 48;
    char *t = malloc(need);
    if (!t) return -1;
    snprintf(t, need, "%s/.chiso-%ld-XXXXXX.tmp", dir, (long)getpid());
    sig_register(NULL);
    int f = mkostemps(t, 4, O_CLOEXEC);
    if (f < 0) { int e = errno; free(t); errno = e; return -1; }
    sig_register(t);
    fchmod(f, mode);
    o->fd = f;
    o->named_tmp = t;
    o->tmp_path = strdup(t);
    return o->tmp_path ? 0 : (errno = ENOMEM, -1);
}

cx_error cx_output_open(cx_output *o, const char *path, int open_fp,
                        const char *const *inputs, size_t ninputs, cx_cli_err *d)
{
    memset(o, 0, sizeof *o);
    o->fd = o->sink_fd = -1;
    int to_stdout = !path || strcmp(path, "-") == 0;
    if (!to_stdout) {
        cx_error ce = cx_output_check_inputs(path, inputs, ninputs, d);
        if (ce != CX_OK) return ce;
    }
    if (!(o->shown = strdup(to_stdout ? "standard output" : path))) return cx_cli_fail(d, CX_ERR_NOMEM, "out of memory");
    struct stat st;
    if (!to_stdout && stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        cx_output_abort(o);
        return cx_cli_fail(d, CX_ERR_USAGE, "%s: is a directory; -o needs a file name", path);
    }
    if (!to_stdout && stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        /* a device or FIFO: written into, never replaced */
        int fd = open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY);
        if (fd < 0) {
            int e = errno;
            cx_output_abort(o);
            return cx_cli_fail(d, CX_ERR_IO, "%s: cannot write: %s", path, strerror(e));
        }
        o->sink_fd = fd;
    } else if (to_stdout) {
        o->sink_fd = STDOUT_FILENO;
    }
    if (o->sink_fd >= 0) {
        if (open_fp) {
            o->fp = o->sink_fd == STDOUT_FILENO ? stdout : fdopen(o->sink_fd, "wb");
            if (!o->fp) { int e = errno; cx_output_abort(o); return cx_cli_fail(d, CX_ERR_IO, "%s: cannot write: %s", path, strerror(e)); }
            return CX_OK;
        }
        /* a writer that needs a file: a temporary one in $TMPDIR, copied out at commit */
        const char *td = getenv("TMPDIR");
        if (!td || !*td) td = "/tmp";
        if (make_tmp(o, td, 0600) != 0) {
            int e = errno;
            cx_output_abort(o);
            return cx_cli_fail(d, CX_ERR_IO, "cannot create a temporary file in %s: %s (set TMPDIR to a folder with room)",
                           td, strerror(e));
        }
        return CX_OK;
    }

    /* a regular file (or none yet): replaced at commit */
    if (!(o->final_path = resolve_links(path))) {
        cx_output_abort(o);
        return cx_cli_fail(d, CX_ERR_IO, "%s: too many levels of symbolic links", path);
    }
    mode_t mode = 0666 & ~current_umask();
    if (stat(o->final_path, &st) == 0) {
        o->keep_mode = 1;
        o->mode = st.st_mode & 07777;
        o->uid = st.st_uid;
        o->gid = st.st_gid;
        mode = o->mode;
    }
    char *dir = dir_of(o->final_path);
    if (!dir) { cx_output_abort(o); return cx_cli_fail(d, CX_ERR_NOMEM, "out of memory"); }
    remove_stale(dir);
    if (make_tmp(o, dir, mode) != 0) {
        int e = errno;
        free(dir);
        cx_output_abort(o);
        return cx_cli_fail(d, CX_ERR_IO, "%s: cannot write in that directory: %s", path, strerror(e));
    }
    free(dir);
    if (o->keep_mode && fchown(o->fd, o->uid, o->gid) != 0) { /* not allowed: keep ours */ }
    if (open_fp) {
        int fd2 = dup(o->fd);
        if (fd2 < 0 || !(o->fp = fdopen(fd2, "wb"))) {
            int e = errno;
            if (fd2 >= 0) close(fd2);
            cx_output_abort(o);
            return cx_cli_fail(d, CX_ERR_IO, "%s: cannot write: %s", path, strerror(e));
        }
    }
    return CX_OK;
}

static int write_all(int fd, const char *b, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, b, n);
        if (w < 0) { if (errno == EINTR) continue; return -1; }
        b += w;
        n -= (size_t)w;
    }
    return 0;
}

cx_error cx_output_commit(cx_output *o, cx_cli_err *d)
{
    if (o->fp) {
        int own = o->fp != stdout;
        int bad = fflush(o->fp) != 0 || ferror(o->fp);
        int e = errno;
        if (own) {
            if (fclose(o->fp) != 0 && !bad) { bad = 1; e = errno; }
            if (o->sink_fd >= 0 && o->sink_fd != STDOUT_FILENO) o->sink_fd = -1;   /* fclose closed it */
        }
        o->fp = NULL;
        if (bad) {
            errno = e;
            cx_cli_fail(d, CX_ERR_WRITE, "%s: writing failed: %s", o->shown, strerror(e));
            cx_output_explain_failure(o, d);
            cx_output_abort(o);
            return CX_ERR_WRITE;
        }
    }
    if (o->sink_fd >= 0 && o->fd >= 0) {
        /* copy the finished temporary file to stdout or the device */
        char buf[65536];
        ssize_t n;
        off_t off = 0;
        int bad = 0, e = 0;
        while ((n = pread(o->fd, buf, sizeof buf, off)) > 0) {
            if (write_all(o->sink_fd, buf, (size_t)n) != 0) { bad = 1; e = errno; break; }
            off += n;
        }
        if (n < 0) { bad = 1; e = errno; }
        if (bad) {
            errno = e;
            cx_cli_fail(d, CX_ERR_WRITE, "%s: writing failed: %s", o->shown, strerror(e));
            cx_output_explain_failure(o, d);
            cx_output_abort(o);
            return CX_ERR_WRITE;
        }
    }
    if (o->final_path && o->fd >= 0) {
        if (fsync(o->fd) != 0) {
            int e = errno;
            errno = e;
            cx_cli_fail(d, CX_ERR_WRITE, "%s: writing failed: %s", o->shown, strerror(e));
            cx_output_explain_failure(o, d);
            cx_output_abort(o);
            return CX_ERR_WRITE;
        }
        if (o->keep_mode) fchmod(o->fd, o->mode);
        if (!o->named_tmp) {
            /* give the unnamed file a short name beside the target, then rename it over */
            char *dir = dir_of(o->final_path);
            size_t need = (dir ? strlen(dir) : 0) + 48;
            char *t = dir ? malloc(need) : NULL;
            int linked = 0;
            for (int tries = 0; t && tries < 100 && !linked; tries++) {
                static unsigned long seq;
                snprintf(t, need, "%s/.chiso-%ld-%06lx.tmp", dir, (long)getpid(),
                         (unsigned long)(((unsigned long)o->fd << 16) ^ (++seq * 2654435761UL) ^ (unsigned long)tries) & 0xffffffUL);
                sig_register(t);
                if (linkat(AT_FDCWD, o->tmp_path, AT_FDCWD, t, AT_SYMLINK_FOLLOW) == 0) linked = 1;
                else { sig_unregister(); if (errno != EEXIST) break; }
            }
            int e = errno;
            free(dir);
            if (!linked) {
                free(t);
                cx_cli_fail(d, CX_ERR_WRITE, "%s: cannot move the output into place: %s", o->shown, strerror(e));
                cx_output_abort(o);
                return CX_ERR_WRITE;
            }
            o->named_tmp = t;
        }
        if (rename(o->named_tmp, o->final_path) != 0) {
            int e = errno;
            cx_cli_fail(d, CX_ERR_WRITE, "%s: cannot move the output into place: %s", o->shown, strerror(e));
            cx_output_abort(o);
            return CX_ERR_WRITE;
        }
        sig_unregister();
        free(o->named_tmp);
        o->named_tmp = NULL;
    }
    cx_output_abort(o);   /* closes and frees what is left; nothing named remains */
    return CX_OK;
}

void cx_output_abort(cx_output *o)
{
    if (!o->shown) { memset(o, 0, sizeof *o); o->fd = o->sink_fd = -1; return; }   /* never opened (or done) */
    if (o->fp && o->fp != stdout) {
        fclose(o->fp);
        if (o->sink_fd >= 0 && o->sink_fd != STDOUT_FILENO) o->sink_fd = -1;
    }
    o->fp = NULL;
    if (o->named_tmp) unlink(o->named_tmp);
    if (o->named_tmp || o->fd >= 0) sig_unregister();
    if (o->fd >= 0) close(o->fd);
    if (o->sink_fd >= 0 && o->sink_fd != STDOUT_FILENO) close(o->sink_fd);
    o->fd = o->sink_fd = -1;
    free(o->named_tmp);
    free(o->tmp_path);
    free(o->final_path);
    free(o->shown);
    o->named_tmp = o->tmp_path = o->final_path = o->shown = NULL;
}

void cx_output_explain_failure(cx_output *o, cx_cli_err *d)
{
    int e = errno;
    /* a writer names the file it was given: show the -o name instead of the temporary one */
    size_t tl = o && o->tmp_path ? strlen(o->tmp_path) : 0;
    if (tl && o->shown && strncmp(d->errmsg, o->tmp_path, tl) == 0) {
        char rest[sizeof d->errmsg];
        snprintf(rest, sizeof rest, "%s", d->errmsg + tl);
        snprintf(d->errmsg, sizeof d->errmsg, "%s%s", o->shown, rest);
    }
    if (!o || !o->shown || d->err != CX_ERR_WRITE) return;
    int full = e == ENOSPC
#ifdef EDQUOT
               || e == EDQUOT
#endif
        ;
    if (!full && o->fd >= 0) {
        struct statvfs sv;
        if (fstatvfs(o->fd, &sv) == 0 && sv.f_bavail == 0) full = 1;
    }
    if (!full && strstr(d->errmsg, "No space left")) full = 1;
    if (!full && strstr(d->errmsg, "quota")) e = EDQUOT, full = 1;
    if (!full) return;
    const char *name = o->shown;
#ifdef EDQUOT
    if (e == EDQUOT)
        cx_cli_fail(d, CX_ERR_WRITE, "%s: the disk quota is used up; free some space and try again", name);
    else
#endif
        cx_cli_fail(d, CX_ERR_WRITE, "%s: no space left on the disk; free some space (or set TMPDIR to a folder with room) and try again",
                name);
}
