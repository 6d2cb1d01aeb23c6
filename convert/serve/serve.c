/* chiso serve: an HTTP server (libmicrohttpd, one thread per connection) serving the page
 * and an API. Every conversion runs this same binary (/proc/self/exe) as a child process
 * with the ordinary commands (`convert`, `summary`, `history`, `units`), in a private
 * temporary folder, under CPU/memory/file-size limits and a wall-clock timeout, so a
 * download is byte-identical to what the command line writes and a hostile upload can
 * only kill its own child. Design: NOTES.md, "chiso serve". */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <ifaddrs.h>
#include <limits.h>
#include <microhttpd.h>
#include <jansson.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "serve.h"

extern char **environ;

/* ---- configuration ---- */
static struct {
    unsigned port;
    const char *bind;
    int open;
    unsigned long long max_upload;   /* bytes, whole request */
    int workers;
    int idle_timeout;                /* seconds a connection may stay silent */
    int cpu_seconds;                 /* per child */
    unsigned long long mem_bytes;    /* per child, address space */
    unsigned long long out_bytes;    /* per child, largest file it may write */
    int wall_seconds;                /* per child */
    int ttl_seconds;                 /* results expire */
    unsigned long long store_bytes;  /* results kept in memory at most */
    const char *port_file;           /* tests: write the port here once listening */
    int has_caption, has_attached, has_lang;   /* the command line knows --caption, ... */
    char tmpdir[400];
    char results[512];               /* where results wait for their download */
} cfg = {
    .port = 8766, .bind = "127.0.0.1", .max_upload = 50ull << 20, .idle_timeout = 30,
    .cpu_seconds = 120, .mem_bytes = 2ull << 30, .out_bytes = 512ull << 20, .wall_seconds = 180,
    .ttl_seconds = 3600, .store_bytes = 512ull << 20,
};

#define MAX_FILES 1000
#define MAX_FIELD (256u << 10)

/* ---- messages (Vietnamese first; English with lang=en) ---- */
typedef struct { const char *code, *vi, *en; } msg;
static const msg MSGS[] = {
    {"empty", "Chưa có tệp nào: hãy chọn hoặc kéo thả tệp kết quả tải từ cổng dịch vụ công.",
              "No file: pick or drop the results file downloaded from the portal."},
    {"too_large", "Tệp quá lớn: tối đa %s cho mỗi lần gửi.", "The upload is too large: at most %s per request."},
    {"too_many_files", "Quá nhiều tệp trong một lần gửi (tối đa 1000).", "Too many files in one request (at most 1000)."},
    {"busy", "Máy chủ đang bận xử lý các tệp khác. Vui lòng thử lại sau vài giây.",
             "The server is busy with other files. Please try again in a few seconds."},
    {"not_found", "Không tìm thấy (kết quả có thể đã hết hạn: hãy chuyển đổi lại).",
                  "Not found (the result may have expired: convert again)."},
    {"method", "Phương thức không được hỗ trợ cho địa chỉ này.", "Method not allowed for this address."},
    {"bad_request", "Yêu cầu không hợp lệ: %s", "Bad request: %s"},
    {"unreadable", "Không đọc được tệp: %s", "The file cannot be converted: %s"},
    {"limits", "Tệp quá lớn hoặc quá phức tạp: việc chuyển đổi vượt giới hạn thời gian hoặc bộ nhớ của máy chủ.",
               "The file is too large or too complex: the conversion exceeded the server's time or memory limits."},
    {"internal", "Lỗi máy chủ: %s", "Server error: %s"},
};
static const msg *find_msg(const char *code)
{
    for (size_t i = 0; i < sizeof MSGS / sizeof *MSGS; i++)
        if (strcmp(MSGS[i].code, code) == 0) return &MSGS[i];
    return &MSGS[sizeof MSGS / sizeof *MSGS - 1];
}

/* ---- results: files in our results folder, found by a random 128-bit id, expiring ----
 * The list (in memory) holds only names and sizes, so the server's memory stays flat
 * however many results wait; data is the JSON while the answer is being made. */
typedef struct { char name[64]; char *data; size_t len; const char *type; char disp[160]; } rfile;
typedef struct result {
    char id[33];
    char dir[600];
    time_t made;
    size_t bytes;
    int nfiles;
    rfile files[4];
    struct result *next;
} result;
static pthread_mutex_t store_mu = PTHREAD_MUTEX_INITIALIZER;
static result *store_head;             /* newest first */
static unsigned long long store_total;

static void rm_tree(const char *dir);
static void result_free(result *r)
{
    for (int i = 0; i < r->nfiles; i++) free(r->files[i].data);
    if (r->dir[0]) rm_tree(r->dir);
    free(r);
}

/* Drops expired results and, past the memory budget, the oldest. Lock held. */
static void store_trim(unsigned long long incoming)
{
    time_t now = time(NULL);
    result **pp = &store_head;
    unsigned long long kept = 0;
    while (*pp) {
        result *r = *pp;
        if (now - r->made > cfg.ttl_seconds || kept + r->bytes + incoming > cfg.store_bytes) {
            *pp = r->next;
            store_total -= r->bytes;
            result_free(r);
        } else {
            kept += r->bytes;
            pp = &r->next;
        }
    }
}

static void store_put(result *r)
{
    r->made = time(NULL);
    pthread_mutex_lock(&store_mu);
    store_trim(r->bytes);
    r->next = store_head;
    store_head = r;
    store_total += r->bytes;
    pthread_mutex_unlock(&store_mu);
}

/* Opens the named file of result ID (-1 when absent or expired); its size in *len. */
static int store_open(const char *id, const char *name, size_t *len, const char **type, char *disp, size_t displen)
{
    int fd = -1;
    pthread_mutex_lock(&store_mu);
    store_trim(0);
    for (result *r = store_head; r; r = r->next) {
        if (strcmp(r->id, id) != 0) continue;
        for (int i = 0; i < r->nfiles; i++) {
            if (strcmp(r->files[i].name, name) != 0) continue;
            char path[PATH_MAX];
            snprintf(path, sizeof path, "%s/%s", r->dir, r->files[i].name);
            fd = open(path, O_RDONLY | O_CLOEXEC);   /* open before unlock: expiry may unlink it */
            if (fd >= 0) {
                *len = r->files[i].len;
                *type = r->files[i].type;
                snprintf(disp, displen, "%s", r->files[i].disp);
            }
        }
        break;
    }
    pthread_mutex_unlock(&store_mu);
    return fd;
}

static int new_id(char out[33])
{
    unsigned char b[16];
    size_t got = 0;
    while (got < sizeof b) {
        ssize_t n = getrandom(b + got, sizeof b - got, 0);
        if (n < 0) { if (errno == EINTR) continue; return -1; }
        got += (size_t)n;
    }
    for (int i = 0; i < 16; i++) snprintf(out + 2 * i, 3, "%02x", b[i]);
    return 0;
}

/* ---- workers: at most cfg.workers conversions at once ---- */
static pthread_mutex_t work_mu = PTHREAD_MUTEX_INITIALIZER;
static int work_busy;
static int work_acquire(void)
{
    int ok = 0;
    pthread_mutex_lock(&work_mu);
    if (work_busy < cfg.workers) { work_busy++; ok = 1; }
    pthread_mutex_unlock(&work_mu);
    return ok;
}
static void work_release(void)
{
    pthread_mutex_lock(&work_mu);
    work_busy--;
    pthread_mutex_unlock(&work_mu);
}

/* ---- one request ---- */
enum { K_GET, K_CONVERT, K_HISTORY, K_UNITS, K_OTHER };
typedef struct {
    char name[160];        /* the name the file is saved under, in DIR/in (filtered) */
    int previous;
} upfile;
typedef struct {
    int kind;
    struct timespec t0;
    char method[8];
    char url[96];
    int status;
    char outcome[24];
    char id[33];
    int en;
    int slot;              /* holds a worker slot */
    int failed;            /* an error response is decided (code in err) */
    const char *err;
    char errarg[256];
    struct MHD_PostProcessor *pp;
    char dir[512];
    int fd;                /* the file being written, -1 */
    upfile *files;
    int nfiles;
    unsigned long long bytes;
    char *f_to, *f_lang, *f_title, *f_caption, *f_attached, *f_scope, *f_rules, *f_aliases;
} req;

static double ms_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) * 1e3 + (double)(t1.tv_nsec - t0->tv_nsec) / 1e6;
}

static int rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb; (void)flag; (void)ftw;
    remove(path);
    return 0;
}
static void rm_tree(const char *dir)
{
    if (dir[0]) nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static void req_free(req *r)
{
    if (r->pp) MHD_destroy_post_processor(r->pp);
    if (r->fd >= 0) close(r->fd);
    rm_tree(r->dir);
    free(r->files);
    free(r->f_to); free(r->f_lang); free(r->f_title); free(r->f_caption); free(r->f_attached);
    free(r->f_scope); free(r->f_rules); free(r->f_aliases);
    if (r->slot) work_release();
    free(r);
}

/* ---- responses ---- */
static void add_common_headers(struct MHD_Response *resp)
{
    MHD_add_response_header(resp, "Content-Security-Policy",
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'");
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(resp, "X-Frame-Options", "DENY");
    MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
}

static enum MHD_Result send_buf(struct MHD_Connection *c, req *r, int status, const char *type,
                                char *data, size_t len, int owned)
{
    struct MHD_Response *resp = owned
        ? MHD_create_response_from_buffer(len, data, MHD_RESPMEM_MUST_FREE)
        : MHD_create_response_from_buffer(len, data, MHD_RESPMEM_PERSISTENT);
    if (!resp) { if (owned) free(data); return MHD_NO; }
    add_common_headers(resp);
    MHD_add_response_header(resp, "Content-Type", type);
    if (r->kind != K_GET) MHD_add_response_header(resp, "Cache-Control", "no-store");
    if (status == 503) MHD_add_response_header(resp, "Retry-After", "5");
    if (status == 405) MHD_add_response_header(resp, "Allow", r->kind == K_GET ? "GET, HEAD" : "POST");
    r->status = status;
    enum MHD_Result ret = MHD_queue_response(c, (unsigned)status, resp);
    MHD_destroy_response(resp);
    return ret;
}

static enum MHD_Result send_json(struct MHD_Connection *c, req *r, int status, json_t *j)
{
    char *s = json_dumps(j, JSON_COMPACT | JSON_REAL_PRECISION(15));
    json_decref(j);
    if (!s) return MHD_NO;
    return send_buf(c, r, status, "application/json; charset=utf-8", s, strlen(s), 1);
}

/* J plus "KEY": RAW, where RAW is JSON text written by the command line, kept as it is
 * (numbers exactly as `chiso convert --to json` prints them). */
static enum MHD_Result send_json_raw(struct MHD_Connection *c, req *r, json_t *j, const char *key,
                                     const char *raw, size_t rawlen)
{
    char *s = json_dumps(j, JSON_COMPACT | JSON_REAL_PRECISION(15));
    json_decref(j);
    if (!s) return MHD_NO;
    size_t sl = strlen(s), kl = strlen(key);
    char *out = malloc(sl + kl + rawlen + 8);
    if (!out) { free(s); return MHD_NO; }
    size_t n = 0;
    out[n++] = '{';
    out[n++] = '"';
    memcpy(out + n, key, kl); n += kl;
    out[n++] = '"';
    out[n++] = ':';
    while (rawlen && (raw[rawlen - 1] == '\n' || raw[rawlen - 1] == ' ')) rawlen--;
    memcpy(out + n, raw, rawlen); n += rawlen;
    if (sl > 2) out[n++] = ',';
    memcpy(out + n, s + 1, sl - 1); n += sl - 1;   /* the rest of J, from after its '{' */
    free(s);
    return send_buf(c, r, 200, "application/json; charset=utf-8", out, n, 1);
}

static void human_size(unsigned long long b, char *out, size_t n)
{
    if (b >= (1ull << 20) && b % (1ull << 20) == 0) snprintf(out, n, "%llu MB", b >> 20);
    else if (b >= 1024 && b % 1024 == 0) snprintf(out, n, "%llu KB", b >> 10);
    else snprintf(out, n, "%llu B", b);
}

/* Replaces every byte that does not start a valid UTF-8 sequence with '?', in place
 * (messages of the command line may quote bytes of a broken file). */
static void utf8_scrub(char *s)
{
    unsigned char *p = (unsigned char *)s;
    while (*p) {
        unsigned c = *p;
        size_t k = c < 0x80 ? 0 : (c >= 0xC2 && c <= 0xDF) ? 1 : (c & 0xF0) == 0xE0 ? 2 : (c >= 0xF0 && c <= 0xF4) ? 3 : 9;
        int ok = k != 9;
        for (size_t j = 1; ok && j <= k; j++) if ((p[j] & 0xC0) != 0x80) ok = 0;
        if (!ok) { *p++ = '?'; continue; }
        p += k + 1;
    }
}

static enum MHD_Result send_error(struct MHD_Connection *c, req *r, int status, const char *code, const char *arg)
{
    const msg *m = find_msg(code);
    char text[1024];
    const char *fmt = r->en ? m->en : m->vi;
    if (strstr(fmt, "%s")) snprintf(text, sizeof text, fmt, arg ? arg : "");
    else snprintf(text, sizeof text, "%s", fmt);
    snprintf(r->outcome, sizeof r->outcome, "%s", code);
    utf8_scrub(text);
    json_t *e = json_pack("{s:{s:s,s:s}}", "error", "code", code, "message", text);
    if (!e) e = json_pack("{s:{s:s,s:s}}", "error", "code", code, "message", r->en ? m->en : m->vi);
    if (!e) return MHD_NO;
    return send_json(c, r, status, e);
}

/* ---- file names: the browser's name, filtered, only as a name inside our folder ---- */
static int utf8_valid(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned c = s[i];
        size_t k;
        if (c < 0x80) k = 0;
        else if (c >= 0xC2 && c <= 0xDF) k = 1;
        else if ((c & 0xF0) == 0xE0) k = 2;
        else if (c >= 0xF0 && c <= 0xF4) k = 3;
        else return 0;
        for (size_t j = 1; j <= k; j++) if (i + j >= n || (s[i + j] & 0xC0) != 0x80) return 0;
        i += k + 1;
    }
    return 1;
}

/* The period is read from file names (phu-tan-2024-t5-w1.xls) and the JSON names its
 * source, so a file keeps its base name when it is a plain one: no folder part, no
 * control or shell-special character, no leading dot or dash, valid UTF-8, at most 120
 * bytes. Anything else is saved as tep-N plus its extension. Names are made unique. */
static void safe_name(const char *given, int n, req *r, char *out, size_t outn)
{
    const char *b = given ? given : "";
    for (const char *p = b; *p; p++) if (*p == '/' || *p == '\\') b = p + 1;
    char tmp[128];   /* a kept name is at most 120 bytes */
    size_t k = 0;
    int ok = 1;
    for (const char *p = b; *p && ok; p++) {
        unsigned char ch = (unsigned char)*p;
        if (ch < 0x20 || ch == 0x7f || strchr("\"*:<>?|`$;&'", ch)) ok = 0;
        else if (k + 1 < sizeof tmp) tmp[k++] = (char)ch;
        else ok = 0;
    }
    tmp[k] = 0;
    if (k == 0 || k > 120 || tmp[0] == '.' || tmp[0] == '-' || tmp[0] == ' ' || !utf8_valid((unsigned char *)tmp, k)) ok = 0;
    if (!ok) {
        const char *dot = strrchr(b, '.');
        char ext[12] = "";
        if (dot && dot[1] && strlen(dot) < sizeof ext) {
            int plain = 1;
            for (const char *q = dot + 1; *q; q++) if (!((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') || (*q >= '0' && *q <= '9'))) plain = 0;
            if (plain) snprintf(ext, sizeof ext, "%s", dot);
        }
        snprintf(tmp, sizeof tmp, "tep-%d%s", n + 1, ext);
    }
    /* unique inside the request */
    int clash = 0;
    for (int i = 0; i < r->nfiles; i++) if (strcmp(r->files[i].name, tmp) == 0) clash = 1;
    if (clash) snprintf(out, outn, "%d-%s", n + 1, tmp);
    else snprintf(out, outn, "%s", tmp);
}

/* ---- upload ---- */
static char **field_slot(req *r, const char *key)
{
    if (!strcmp(key, "to")) return &r->f_to;
    if (!strcmp(key, "lang")) return &r->f_lang;
    if (!strcmp(key, "title")) return &r->f_title;
    if (!strcmp(key, "caption")) return &r->f_caption;
    if (!strcmp(key, "attached_to")) return &r->f_attached;
    if (!strcmp(key, "scope")) return &r->f_scope;
    if (!strcmp(key, "rules")) return &r->f_rules;
    if (!strcmp(key, "aliases")) return &r->f_aliases;
    return NULL;
}

static void fail(req *r, const char *code, const char *arg)
{
    if (r->failed) return;
    r->failed = 1;
    r->err = code;
    snprintf(r->errarg, sizeof r->errarg, "%s", arg ? arg : "");
}

static enum MHD_Result post_iter(void *cls, enum MHD_ValueKind kind, const char *key, const char *filename,
                                 const char *content_type, const char *transfer_encoding,
                                 const char *data, uint64_t off, size_t size)
{
    (void)kind; (void)content_type; (void)transfer_encoding;
    req *r = cls;
    if (r->failed) return MHD_YES;
    if (!key) return MHD_YES;
    int is_file = !strcmp(key, "file") || !strcmp(key, "previous");
    if (is_file && filename) {
        if (off == 0) {
            if (r->fd >= 0) { close(r->fd); r->fd = -1; }
            if (r->nfiles >= MAX_FILES) { fail(r, "too_many_files", NULL); return MHD_YES; }
            upfile *nf = realloc(r->files, (size_t)(r->nfiles + 1) * sizeof *nf);
            if (!nf) { fail(r, "internal", "out of memory"); return MHD_YES; }
            r->files = nf;
            upfile *f = &r->files[r->nfiles];
            memset(f, 0, sizeof *f);
            safe_name(filename, r->nfiles, r, f->name, sizeof f->name);
            f->previous = !strcmp(key, "previous");
            char path[PATH_MAX];
            snprintf(path, sizeof path, "%s/in/%s", r->dir, f->name);
            r->fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
            if (r->fd < 0) { fail(r, "internal", strerror(errno)); return MHD_YES; }
            r->nfiles++;
        }
        size_t done = 0;
        while (done < size) {
            ssize_t w = write(r->fd, data + done, size - done);
            if (w < 0) { if (errno == EINTR) continue; fail(r, "internal", strerror(errno)); return MHD_YES; }
            done += (size_t)w;
        }
        return MHD_YES;
    }
    char **slot = field_slot(r, key);
    if (!slot) return MHD_YES;                 /* unknown fields are ignored */
    size_t have = *slot ? strlen(*slot) : 0;
    if (have + size > MAX_FIELD) { fail(r, "bad_request", key); return MHD_YES; }
    char *s = realloc(*slot, have + size + 1);
    if (!s) { fail(r, "internal", "out of memory"); return MHD_YES; }
    memcpy(s + have, data, size);
    s[have + size] = 0;
    *slot = s;
    return MHD_YES;
}

/* ---- children ---- */
static void child_limits(void)
{
    struct rlimit cpu = {(rlim_t)cfg.cpu_seconds, (rlim_t)cfg.cpu_seconds + 1};
    struct rlimit as = {(rlim_t)cfg.mem_bytes, (rlim_t)cfg.mem_bytes};
    struct rlimit fs = {(rlim_t)cfg.out_bytes, (rlim_t)cfg.out_bytes};
    struct rlimit core = {0, 0};
    setrlimit(RLIMIT_CPU, &cpu);
    if (cfg.mem_bytes) setrlimit(RLIMIT_AS, &as);   /* 0: a sanitizer build (see main) */
    setrlimit(RLIMIT_FSIZE, &fs);
    setrlimit(RLIMIT_CORE, &core);
}

/* Runs /proc/self/exe ARGV in CWD, stdout to OUT (or /dev/null), stderr to ERR, TMPDIR
 * set to TMP. Returns the wait status, or -1 when it could not start; *timed_out when the
 * wall clock ran out (the child is killed). */
static int run_child(const char *cwd, char *const argv[], const char *out, const char *err,
                     const char *tmp, int *timed_out)
{
    *timed_out = 0;
    /* everything the child needs is prepared before fork: only async-signal-safe calls after */
    size_t nenv = 0;
    for (char **e = environ; *e; e++) nenv++;
    char **envp = calloc(nenv + 2, sizeof *envp);
    if (!envp) return -1;
    char tmpvar[PATH_MAX + 8];
    snprintf(tmpvar, sizeof tmpvar, "TMPDIR=%s", tmp);
    size_t k = 0;
    for (char **e = environ; *e; e++) if (strncmp(*e, "TMPDIR=", 7) != 0) envp[k++] = *e;
    envp[k++] = tmpvar;
    envp[k] = NULL;
    int ofd = open(out ? out : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    int efd = open(err, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (ofd < 0 || efd < 0) {
        if (ofd >= 0) close(ofd);
        if (efd >= 0) close(efd);
        free(envp);
        return -1;
    }
    pid_t pid = fork();
    if (pid == 0) {
        int nul = open("/dev/null", O_RDONLY);
        if (nul >= 0) dup2(nul, 0);
        dup2(ofd, 1);
        dup2(efd, 2);
        syscall(SYS_close_range, 3u, ~0u, 0u);
        if (chdir(cwd) != 0) _exit(126);
        child_limits();
        execve("/proc/self/exe", argv, envp);
        _exit(127);
    }
    close(ofd);
    close(efd);
    free(envp);
    if (pid < 0) return -1;
    int status = 0;
    long deadline_ms = (long)cfg.wall_seconds * 1000;
    int pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
    if (pidfd >= 0) {
        struct timespec t0;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        for (;;) {
            long left = deadline_ms - (long)ms_since(&t0);
            if (left <= 0) { *timed_out = 1; kill(pid, SIGKILL); break; }
            struct pollfd p = {.fd = pidfd, .events = POLLIN};
            int n = poll(&p, 1, (int)(left > 1000 ? 1000 : left));
            if (n > 0) break;
            if (n < 0 && errno != EINTR) break;
        }
        close(pidfd);
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
    } else {
        struct timespec t0, nap = {0, 5 * 1000 * 1000};
        clock_gettime(CLOCK_MONOTONIC, &t0);
        for (;;) {
            pid_t w = waitpid(pid, &status, WNOHANG);
            if (w == pid) break;
            if (w < 0 && errno != EINTR) return -1;
            if (ms_since(&t0) > (double)deadline_ms) {
                *timed_out = 1;
                kill(pid, SIGKILL);
                while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
                break;
            }
            nanosleep(&nap, NULL);
        }
    }
    return status;
}

static char *slurp(const char *path, size_t *len, size_t cap)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return NULL;
    struct stat st;
    if (fstat(fd, &st) != 0 || (size_t)st.st_size > cap) { close(fd); return NULL; }
    char *buf = malloc((size_t)st.st_size + 1);
    size_t got = 0;
    while (buf && got < (size_t)st.st_size) {
        ssize_t n = read(fd, buf + got, (size_t)st.st_size - got);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        got += (size_t)n;
    }
    close(fd);
    if (!buf) return NULL;
    buf[got] = 0;
    *len = got;
    return buf;
}

/* The child's message: the last "chiso: ..." line that is not a warning, without "chiso: ". */
static void child_message(const char *errpath, char *out, size_t n)
{
    size_t len = 0;
    char *s = slurp(errpath, &len, 1 << 20);
    out[0] = 0;
    if (!s) return;
    char *line = strtok(s, "\n");
    while (line) {
        if (strncmp(line, "chiso: ", 7) == 0 && strncmp(line + 7, "warning: ", 9) != 0)
            snprintf(out, n, "%s", line + 7);
        else if (!out[0] && strncmp(line, "chiso: warning: ", 16) != 0 && line[0])
            snprintf(out, n, "%s", line);
        line = strtok(NULL, "\n");
    }
    free(s);
}

typedef struct { int ok; int status; const char *code; char message[512]; } run_outcome;

/* Runs one command and classifies the result. */
static run_outcome run_cmd_err(req *r, char **argv, const char *out, const char *errname)
{
    run_outcome o = {0};
    char cwd[PATH_MAX], err[PATH_MAX], tmp[PATH_MAX];
    snprintf(cwd, sizeof cwd, "%s/in", r->dir);
    snprintf(err, sizeof err, "%s/out/%s", r->dir, errname);
    snprintf(tmp, sizeof tmp, "%s/tmp", r->dir);
    int timed_out = 0;
    int st = run_child(cwd, argv, out, err, tmp, &timed_out);
    if (st == -1) { o.status = 500; o.code = "internal"; snprintf(o.message, sizeof o.message, "cannot start a conversion"); return o; }
    if (timed_out || (WIFSIGNALED(st) && (WTERMSIG(st) == SIGXCPU || WTERMSIG(st) == SIGKILL || WTERMSIG(st) == SIGXFSZ))) {
        o.status = 422; o.code = "limits"; return o;
    }
    if (WIFSIGNALED(st)) {
        o.status = 500; o.code = "internal";
        snprintf(o.message, sizeof o.message, "the conversion stopped (signal %d)", WTERMSIG(st));
        return o;
    }
    int rc = WEXITSTATUS(st);
    if (rc == 0) { o.ok = 1; return o; }
    child_message(err, o.message, sizeof o.message);
    if (rc == 126 || rc == 127) {   /* the child could not even start (or load its libraries) */
        o.status = 500; o.code = "internal";
        snprintf(o.message, sizeof o.message, "cannot start a conversion (exit %d; --memory too small?)", rc);
        return o;
    }
    if (strstr(o.message, "out of memory") || strstr(o.message, "hết bộ nhớ")) { o.status = 422; o.code = "limits"; return o; }
    o.status = rc == 1 ? 400 : 422;
    o.code = rc == 1 ? "bad_request" : "unreadable";
    if (!o.message[0]) snprintf(o.message, sizeof o.message, "exit status %d", rc);
    return o;
}

static run_outcome run_cmd(req *r, char **argv, const char *out)
{
    return run_cmd_err(r, argv, out, "stderr.txt");
}

/* argv under construction */
typedef struct { char *v[MAX_FILES + 40]; int n; } args;

/* One child of a conversion, to run beside the others (xlsx, csv, summary at once). */
typedef struct {
    req *r;
    args a;
    char oarg[64];
    char out[PATH_MAX];      /* stdout to this file, or "" */
    char err[32];            /* its own stderr file in out/ */
    run_outcome o;
} child_job;
static void *child_thread(void *p)
{
    child_job *j = p;
    j->o = run_cmd_err(j->r, j->a.v, j->out[0] ? j->out : NULL, j->err);
    return NULL;
}
static void add(args *a, const char *s) { if (a->n < (int)(sizeof a->v / sizeof *a->v) - 1) a->v[a->n++] = (char *)s; a->v[a->n] = NULL; }

static int write_text(const char *path, const char *text)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) return -1;
    size_t len = strlen(text), done = 0;
    while (done < len) {
        ssize_t w = write(fd, text + done, len - done);
        if (w < 0) { if (errno == EINTR) continue; close(fd); return -1; }
        done += (size_t)w;
    }
    return close(fd);
}

static int nonblank(const char *s)
{
    if (!s) return 0;
    for (; *s; s++) if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n') return 1;
    return 0;
}

static void add_options(req *r, args *a, int convert)
{
    if (convert && nonblank(r->f_title)) { add(a, "--title"); add(a, r->f_title); }
    if (convert && cfg.has_caption && nonblank(r->f_caption)) { add(a, "--caption"); add(a, r->f_caption); }
    if (convert && cfg.has_attached && nonblank(r->f_attached)) { add(a, "--attached-to"); add(a, r->f_attached); }
    if (cfg.has_lang) { add(a, "--lang"); add(a, r->en ? "en" : "vi"); }
    if (nonblank(r->f_scope)) { add(a, "--scope"); add(a, r->f_scope); }
    if (nonblank(r->f_rules)) { add(a, "--rules"); add(a, "../quy-tac.rules"); }
    if (nonblank(r->f_aliases)) { add(a, "--aliases"); add(a, "../ten-don-vi.aliases"); }
}

/* The text fields that are files for the command line: rules and aliases. */
static int write_option_files(req *r)
{
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/quy-tac.rules", r->dir);
    if (nonblank(r->f_rules) && write_text(path, r->f_rules) != 0) return -1;
    snprintf(path, sizeof path, "%s/ten-don-vi.aliases", r->dir);
    if (nonblank(r->f_aliases) && write_text(path, r->f_aliases) != 0) return -1;
    return 0;
}

static void add_inputs(req *r, args *a, int with_previous)
{
    for (int i = 0; i < r->nfiles; i++) if (!r->files[i].previous) add(a, r->files[i].name);
    if (with_previous)
        for (int i = 0; i < r->nfiles; i++) if (r->files[i].previous) { add(a, "--previous"); add(a, r->files[i].name); break; }
}

/* A download name: the first input's stem, ASCII only. */
static void download_name(req *r, const char *prefix, const char *ext, char *out, size_t n)
{
    const char *src = "";
    for (int i = 0; i < r->nfiles; i++) if (!r->files[i].previous) { src = r->files[i].name; break; }
    char stem[80];
    size_t k = 0;
    for (const char *p = src; *p && k + 1 < sizeof stem; p++) {
        unsigned char ch = (unsigned char)*p;
        if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '-' || ch == '_') stem[k++] = (char)ch;
        else if (ch == '.') { if (!strchr(p + 1, '.')) break; stem[k++] = '-'; }
        else if (ch < 0x80 && k && stem[k - 1] != '-') stem[k++] = '-';
    }
    stem[k] = 0;
    snprintf(out, n, "%s%s%s.%s", prefix, k ? "-" : "", stem, ext);
}

static const char *type_of(const char *ext)
{
    if (!strcmp(ext, "xlsx")) return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    if (!strcmp(ext, "csv")) return "text/csv; charset=utf-8";
    return "application/json; charset=utf-8";
}

/* Moves DIR/out/FILE into the result's folder; the JSON is also read (for the answer). */
#define ANSWER_JSON_MAX (16u << 20)   /* a larger result is downloaded, not put in the answer */
static int keep_file(result *res, const char *dir, const char *file, const char *ext, const char *disp)
{
    if (!res->dir[0]) {
        snprintf(res->dir, sizeof res->dir, "%s/%s", cfg.results, res->id);
        if (mkdir(res->dir, 0700) != 0) { res->dir[0] = 0; return -1; }
    }
    char from[PATH_MAX], to[PATH_MAX];
    snprintf(from, sizeof from, "%s/out/%s", dir, file);
    snprintf(to, sizeof to, "%s/%s", res->dir, file);
    struct stat st;
    if (rename(from, to) != 0 || stat(to, &st) != 0) return -1;
    size_t len = (size_t)st.st_size;
    char *data = NULL;
    if (!strcmp(ext, "json") && len <= ANSWER_JSON_MAX && !(data = slurp(to, &len, ANSWER_JSON_MAX))) return -1;
    rfile *f = &res->files[res->nfiles++];
    snprintf(f->name, sizeof f->name, "%s", file);
    f->data = data;
    f->len = len;
    f->type = type_of(ext);
    snprintf(f->disp, sizeof f->disp, "%s", disp);
    res->bytes += len;
    return 0;
}

/* The warnings of a canonical JSON result (an object or an array of them). */
static json_t *collect_warnings(json_t *res)
{
    json_t *all = json_array();
    if (json_is_object(res)) {
        json_t *w = json_object_get(res, "warnings");
        if (json_is_array(w)) json_array_extend(all, w);
    } else if (json_is_array(res)) {
        size_t i;
        json_t *t;
        json_array_foreach(res, i, t) {
            json_t *w = json_object_get(t, "warnings");
            if (json_is_array(w)) json_array_extend(all, w);
        }
    }
    return all;
}

/* stderr warning lines of `history` as records {"message"} */
static json_t *stderr_warnings(const char *dir)
{
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/out/stderr.txt", dir);
    json_t *all = json_array();
    size_t len = 0;
    char *s = slurp(path, &len, 4 << 20);
    if (!s) return all;
    for (char *line = strtok(s, "\n"); line && json_array_size(all) < 5000; line = strtok(NULL, "\n")) {
        utf8_scrub(line);
        if (strncmp(line, "chiso: warning: ", 16) == 0) json_array_append_new(all, json_pack("{s:s}", "message", line + 16));
        else if (strncmp(line, "chiso: ", 7) == 0 && strncmp(line + 7, "history: ", 9) != 0)   /* not the count line */
            json_array_append_new(all, json_pack("{s:s}", "message", line + 7));
    }
    free(s);
    return all;
}

static enum MHD_Result fail_run(struct MHD_Connection *c, req *r, run_outcome *o)
{
    return send_error(c, r, o->status, o->code, o->message);
}

static enum MHD_Result do_convert(struct MHD_Connection *c, req *r)
{
    int ninputs = 0;
    for (int i = 0; i < r->nfiles; i++) if (!r->files[i].previous) ninputs++;
    if (ninputs == 0) return send_error(c, r, 400, "empty", NULL);
    for (int i = 0; i < r->nfiles; i++) {
        char path[PATH_MAX];
        struct stat st;
        snprintf(path, sizeof path, "%s/in/%s", r->dir, r->files[i].name);
        if (stat(path, &st) != 0 || st.st_size == 0) return send_error(c, r, 400, "empty", NULL);
    }
    if (write_option_files(r) != 0) return send_error(c, r, 500, "internal", "options");

    const char *to = r->f_to && *r->f_to ? r->f_to : "";
    if (*to && strcmp(to, "xlsx") && strcmp(to, "json") && strcmp(to, "csv"))
        return send_error(c, r, 400, "bad_request", "to = xlsx | json | csv");

    result *res = calloc(1, sizeof *res);
    if (!res || new_id(res->id) != 0) { free(res); return send_error(c, r, 500, "internal", "id"); }
    snprintf(r->id, sizeof r->id, "%s", res->id);
    char outp[PATH_MAX];
    run_outcome o;
    /* 1. JSON: the result, and whether the input converts at all */
    {
        args a = {0};
        add(&a, "chiso"); add(&a, "convert"); add_inputs(r, &a, 1); add_options(r, &a, 1);
        add(&a, "-q"); add(&a, "-o"); add(&a, "../out/phu-luc.json");
        o = run_cmd(r, a.v, NULL);
        if (!o.ok) { result_free(res); return fail_run(c, r, &o); }
    }
    /* 2. the xlsx, the csv and the summary, side by side (each its own process) */
    child_job *jobs = calloc(3, sizeof *jobs);
    if (!jobs) { result_free(res); return send_error(c, r, 500, "internal", "out of memory"); }
    int nj = 0;
    const char *fmts[] = {"xlsx", "csv"};
    for (int k = 0; k < 2; k++) {
        if (*to && strcmp(to, fmts[k]) != 0) continue;
        child_job *j = &jobs[nj++];
        j->r = r;
        snprintf(j->oarg, sizeof j->oarg, "../out/phu-luc.%s", fmts[k]);
        snprintf(j->err, sizeof j->err, "stderr-%s.txt", fmts[k]);
        add(&j->a, "chiso"); add(&j->a, "convert"); add_inputs(r, &j->a, 1); add_options(r, &j->a, 1);
        add(&j->a, "-q"); add(&j->a, "-o"); add(&j->a, j->oarg);
    }
    {   /* the summary of the first input */
        child_job *j = &jobs[nj++];
        j->r = r;
        add(&j->a, "chiso"); add(&j->a, "summary");
        for (int i = 0; i < r->nfiles; i++) if (!r->files[i].previous) { add(&j->a, r->files[i].name); break; }
        for (int i = 0; i < r->nfiles; i++) if (r->files[i].previous) { add(&j->a, "--previous"); add(&j->a, r->files[i].name); break; }
        add_options(r, &j->a, 0);
        add(&j->a, "-q");
        snprintf(outp, sizeof outp, "%s/out/summary.txt", r->dir);
        snprintf(j->out, sizeof j->out, "%s", outp);
        snprintf(j->err, sizeof j->err, "stderr-summary.txt");
    }
    pthread_t th[3];
    int started[3] = {0};
    for (int i = 1; i < nj; i++) started[i] = pthread_create(&th[i], NULL, child_thread, &jobs[i]) == 0;
    child_thread(&jobs[0]);
    for (int i = 1; i < nj; i++) {
        if (started[i]) pthread_join(th[i], NULL);
        else child_thread(&jobs[i]);   /* no thread: in turn */
    }
    for (int i = 0; i < nj; i++) {
        if (jobs[i].o.ok) continue;
        run_outcome bad = jobs[i].o;
        free(jobs);
        result_free(res);
        return fail_run(c, r, &bad);
    }
    free(jobs);
    char disp[160];
    const char *exts[] = {"json", "xlsx", "csv"};
    for (int k = 0; k < 3; k++) {
        if (k > 0 && *to && strcmp(to, exts[k]) != 0) continue;
        char file[32];
        snprintf(file, sizeof file, "phu-luc.%s", exts[k]);
        download_name(r, "phu-luc", exts[k], disp, sizeof disp);
        if (keep_file(res, r->dir, file, exts[k], disp) != 0) { result_free(res); return send_error(c, r, 500, "internal", file); }
    }
    size_t slen = 0;
    char *summary = slurp(outp, &slen, 4 << 20);
    if (summary) utf8_scrub(summary);
    json_error_t je;
    int big = res->files[0].data == NULL;   /* over ANSWER_JSON_MAX: downloads only */
    json_t *jr = big ? json_null() : json_loadb(res->files[0].data, res->files[0].len, 0, &je);
    if (!jr || !summary) { free(summary); json_decref(jr); result_free(res); return send_error(c, r, 500, "internal", "result"); }
    json_t *downloads = json_object();
    for (int k = 0; k < res->nfiles; k++) {
        char url[128];
        snprintf(url, sizeof url, "/r/%s/%s", res->id, res->files[k].name);
        const char *ext = strrchr(res->files[k].name, '.') + 1;
        json_object_set_new(downloads, ext, json_string(url));
    }
    json_t *files = json_array();
    for (int i = 0; i < r->nfiles; i++)
        json_array_append_new(files, json_pack("{s:s,s:b}", "name", r->files[i].name, "previous", r->files[i].previous));
    json_t *resp = json_pack("{s:s,s:s,s:o,s:o,s:o,s:b}", "id", res->id, "summary", summary,
                             "warnings", collect_warnings(jr), "downloads", downloads, "files", files,
                             "result_too_large", big);
    json_decref(jr);
    free(summary);
    if (!resp) { result_free(res); return send_error(c, r, 500, "internal", "json"); }
    snprintf(r->outcome, sizeof r->outcome, "ok");
    /* the result as the command line wrote it; sent before the store may drop it */
    enum MHD_Result ret = big ? send_json_raw(c, r, resp, "result", "null", 4)
                              : send_json_raw(c, r, resp, "result", res->files[0].data, res->files[0].len);
    free(res->files[0].data);
    res->files[0].data = NULL;
    store_put(res);
    return ret;
}

/* The rows of `chiso history --to json` for the answer, read as text: the command line
 * writes one row per line ("  {...},"), so rows are counted and filtered without parsing
 * 100,000 objects. Up to 20,000 rows: all; else the diem_tong_hop rows; past 50,000 of
 * those, only the total rows' (the page draws the district's line). Returns a JSON array
 * (malloc'd) or NULL; *total = rows in the file, *reduced = 0, 1 (scores) or 2 (totals). */
#define SCORE_ROW "\"indicator\":\"diem_tong_hop\""
static char *history_rows(const char *path, size_t *total, int *reduced)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    char *line = NULL;
    size_t cap = 0, n = 0;
    ssize_t len;
    size_t nscore = 0, ntotal = 0, kept = 0;
    while ((len = getline(&line, &cap, f)) > 0) {
        if (!(line[0] == ' ' && strchr(line, '{'))) continue;
        n++;
        if (strstr(line, SCORE_ROW)) {
            nscore++;
            if (strstr(line, "\"kind\":\"tong\"")) ntotal++;
        }
    }
    *total = n;
    /* 0 all, 1 the scores, 2 the totals' scores, 3 the first 50,000 scores (no total rows) */
    *reduced = n <= 20000 ? 0 : nscore <= 50000 ? 1 : ntotal ? 2 : 3;
    rewind(f);
    size_t ocap = 1 << 16, olen = 0;
    char *out = malloc(ocap);
    int first = 1;
    if (out) out[olen++] = '[';
    while (out && (len = getline(&line, &cap, f)) > 0) {
        if (!(line[0] == ' ' && strchr(line, '{'))) continue;
        if (*reduced && !strstr(line, SCORE_ROW)) continue;
        if (*reduced == 2 && !strstr(line, "\"kind\":\"tong\"")) continue;
        if (*reduced == 3 && kept >= 50000) break;
        kept++;
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r' || line[len - 1] == ',' || line[len - 1] == ' ')) len--;
        if (olen + (size_t)len + 4 > ocap) {
            while (olen + (size_t)len + 4 > ocap) ocap *= 2;
            char *no = realloc(out, ocap);
            if (!no) { free(out); out = NULL; break; }
            out = no;
        }
        if (!first) out[olen++] = ',';
        out[olen++] = '\n';
        memcpy(out + olen, line, (size_t)len);
        olen += (size_t)len;
        first = 0;
    }
    free(line);
    fclose(f);
    if (!out) return NULL;
    out[olen++] = '\n';
    out[olen++] = ']';
    out[olen] = 0;
    return out;
}

static enum MHD_Result do_history(struct MHD_Connection *c, req *r)
{
    if (r->nfiles == 0) return send_error(c, r, 400, "empty", NULL);
    int nonempty = 0;
    for (int i = 0; i < r->nfiles; i++) {
        char path[PATH_MAX];
        struct stat st;
        snprintf(path, sizeof path, "%s/in/%s", r->dir, r->files[i].name);
        if (stat(path, &st) == 0 && st.st_size > 0) nonempty++;
    }
    if (!nonempty) return send_error(c, r, 400, "empty", NULL);
    if (write_option_files(r) != 0) return send_error(c, r, 500, "internal", "options");
    result *res = calloc(1, sizeof *res);
    if (!res || new_id(res->id) != 0) { free(res); return send_error(c, r, 500, "internal", "id"); }
    snprintf(r->id, sizeof r->id, "%s", res->id);
    const char *exts[] = {"json", "xlsx", "csv"};
    json_t *warnings = NULL;
    for (int k = 0; k < 3; k++) {
        args a = {0};
        char o_arg[64];
        snprintf(o_arg, sizeof o_arg, "../out/lich-su.%s", exts[k]);
        add(&a, "chiso"); add(&a, "history");
        for (int i = 0; i < r->nfiles; i++) add(&a, r->files[i].name);
        if (nonblank(r->f_scope)) { add(&a, "--scope"); add(&a, r->f_scope); }
        if (nonblank(r->f_aliases)) { add(&a, "--aliases"); add(&a, "../ten-don-vi.aliases"); }
        add(&a, "-o"); add(&a, o_arg);
        run_outcome o = run_cmd(r, a.v, NULL);
        if (!o.ok) { json_decref(warnings); result_free(res); return fail_run(c, r, &o); }
        if (k == 0) warnings = stderr_warnings(r->dir);
        char file[32], disp[160];
        snprintf(file, sizeof file, "lich-su.%s", exts[k]);
        download_name(r, "lich-su", exts[k], disp, sizeof disp);
        snprintf(disp, sizeof disp, "lich-su.%s", exts[k]);
        if (keep_file(res, r->dir, file, exts[k], disp) != 0) { json_decref(warnings); result_free(res); return send_error(c, r, 500, "internal", file); }
    }
    free(res->files[0].data);     /* read again as text, row by row */
    res->files[0].data = NULL;
    char jpath[PATH_MAX];
    snprintf(jpath, sizeof jpath, "%s/%s", res->dir, res->files[0].name);
    size_t total = 0;
    int reduced = 0;
    char *rows = history_rows(jpath, &total, &reduced);
    if (!rows) { json_decref(warnings); result_free(res); return send_error(c, r, 500, "internal", "history"); }
    json_t *downloads = json_object();
    for (int k = 0; k < res->nfiles; k++) {
        char url[128];
        snprintf(url, sizeof url, "/r/%s/%s", res->id, res->files[k].name);
        json_object_set_new(downloads, exts[k], json_string(url));
    }
    json_t *resp = json_pack("{s:s,s:I,s:b,s:b,s:b,s:o,s:o}", "id", res->id, "rows", (json_int_t)total,
                             "scores_only", reduced >= 1, "totals_only", reduced == 2, "truncated", reduced == 3,
                             "warnings", warnings, "downloads", downloads);
    if (!resp) { free(rows); result_free(res); return send_error(c, r, 500, "internal", "json"); }
    snprintf(r->outcome, sizeof r->outcome, "ok");
    enum MHD_Result ret = send_json_raw(c, r, resp, "result", rows, strlen(rows));
    free(rows);
    store_put(res);
    return ret;
}

/* GET /api/units?q=... : the national list, through `chiso units` */
static enum MHD_Result do_units(struct MHD_Connection *c, req *r)
{
    const char *q = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "q");
    if (!nonblank(q) || strlen(q) > 200) return send_error(c, r, 400, "bad_request", "q");
    char tmpl[512];
    snprintf(tmpl, sizeof tmpl, "%s/chiso-serve-XXXXXX", cfg.tmpdir);
    if (!mkdtemp(tmpl)) return send_error(c, r, 500, "internal", "temp");
    snprintf(r->dir, sizeof r->dir, "%s", tmpl);
    char p[PATH_MAX];
    snprintf(p, sizeof p, "%s/in", r->dir); mkdir(p, 0700);
    snprintf(p, sizeof p, "%s/out", r->dir); mkdir(p, 0700);
    snprintf(p, sizeof p, "%s/tmp", r->dir); mkdir(p, 0700);
    args a = {0};
    add(&a, "chiso"); add(&a, "units"); add(&a, q);
    char outp[PATH_MAX];
    snprintf(outp, sizeof outp, "%s/out/units.txt", r->dir);
    run_outcome o = run_cmd(r, a.v, outp);
    json_t *list = json_array();
    if (o.ok) {
        size_t len = 0;
        char *s = slurp(outp, &len, 1 << 20);
        int first = 1;
        for (char *line = s ? strtok(s, "\n") : NULL; line && json_array_size(list) < 50; line = strtok(NULL, "\n")) {
            if (first) { first = 0; continue; }   /* the heading */
            json_array_append_new(list, json_string(line));
        }
        free(s);
    }
    snprintf(r->outcome, sizeof r->outcome, "ok");
    return send_json(c, r, 200, json_pack("{s:o}", "units", list));
}

/* ---- static page ---- */
static const chiso_asset *find_asset(const char *url)
{
    if (!strcmp(url, "/") || !strcmp(url, "/lich-su") || !strcmp(url, "/history")) url = "/index.html";
    for (size_t i = 0; i < chiso_nassets; i++) if (!strcmp(chiso_assets[i].path, url)) return &chiso_assets[i];
    return NULL;
}

static int is_hex_id(const char *s, size_t n)
{
    if (n != 32) return 0;
    for (size_t i = 0; i < n; i++) if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f'))) return 0;
    return 1;
}

static enum MHD_Result serve_get(struct MHD_Connection *c, req *r, const char *url)
{
    if (!strcmp(url, "/healthz")) {
        snprintf(r->outcome, sizeof r->outcome, "ok");
        return send_buf(c, r, 200, "text/plain; charset=utf-8", "ok\n", 3, 0);
    }
    if (!strcmp(url, "/api/units")) { r->kind = K_UNITS; return do_units(c, r); }
    if (!strncmp(url, "/r/", 3)) {
        const char *id = url + 3, *slash = strchr(id, '/');
        if (!slash || !is_hex_id(id, (size_t)(slash - id))) return send_error(c, r, 404, "not_found", NULL);
        char idb[33];
        memcpy(idb, id, 32); idb[32] = 0;
        snprintf(r->id, sizeof r->id, "%s", idb);
        size_t len = 0;
        const char *type = NULL;
        char disp[160];
        int fd = store_open(idb, slash + 1, &len, &type, disp, sizeof disp);
        if (fd < 0) return send_error(c, r, 404, "not_found", NULL);
        struct MHD_Response *resp = MHD_create_response_from_fd(len, fd);   /* closes fd */
        if (!resp) { close(fd); return MHD_NO; }
        add_common_headers(resp);
        MHD_add_response_header(resp, "Content-Type", type);
        MHD_add_response_header(resp, "Cache-Control", "no-store");
        char cd[256];
        snprintf(cd, sizeof cd, "attachment; filename=\"%s\"", disp);
        MHD_add_response_header(resp, "Content-Disposition", cd);
        r->status = 200;
        snprintf(r->outcome, sizeof r->outcome, "ok");
        enum MHD_Result ret = MHD_queue_response(c, 200, resp);
        MHD_destroy_response(resp);
        return ret;
    }
    const chiso_asset *a = find_asset(url);
    if (!a) return send_error(c, r, 404, "not_found", NULL);
    snprintf(r->outcome, sizeof r->outcome, "ok");
    return send_buf(c, r, 200, a->type, (char *)a->data, a->len, 0);
}

static int want_en(struct MHD_Connection *c)
{
    const char *l = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "lang");
    return l && !strncasecmp(l, "en", 2);
}

static enum MHD_Result handler(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                               const char *version, const char *upload_data, size_t *upload_size, void **con_cls)
{
    (void)cls; (void)version;
    req *r = *con_cls;
    if (!r) {
        r = calloc(1, sizeof *r);
        if (!r) return MHD_NO;
        r->fd = -1;
        clock_gettime(CLOCK_MONOTONIC, &r->t0);
        snprintf(r->method, sizeof r->method, "%s", method);
        snprintf(r->url, sizeof r->url, "%s", url);
        r->en = want_en(c);
        *con_cls = r;
        int post = !strcmp(method, "POST");
        int get = !strcmp(method, "GET") || !strcmp(method, "HEAD");
        if (!strcmp(url, "/api/convert")) r->kind = K_CONVERT;
        else if (!strcmp(url, "/api/history")) r->kind = K_HISTORY;
        else r->kind = K_GET;
        if (r->kind == K_GET) {
            if (!get) return send_error(c, r, 405, "method", NULL);
            return serve_get(c, r, url);
        }
        if (!post) return send_error(c, r, 405, "method", NULL);
        const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
        if (cl && strtoull(cl, NULL, 10) > cfg.max_upload) {
            char h[32];
            human_size(cfg.max_upload, h, sizeof h);
            return send_error(c, r, 413, "too_large", h);
        }
        const char *ct = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
        if (!ct || strncasecmp(ct, "multipart/form-data", 19) != 0)
            return send_error(c, r, 400, "bad_request", r->en ? "send multipart/form-data with 'file' parts"
                                                              : "cần gửi multipart/form-data với các phần 'file'");
        if (!work_acquire()) return send_error(c, r, 503, "busy", NULL);
        r->slot = 1;
        char tmpl[512];
        snprintf(tmpl, sizeof tmpl, "%s/chiso-serve-XXXXXX", cfg.tmpdir);
        if (!mkdtemp(tmpl)) return send_error(c, r, 500, "internal", "temp");
        snprintf(r->dir, sizeof r->dir, "%s", tmpl);
        char p[PATH_MAX];
        snprintf(p, sizeof p, "%s/in", r->dir); mkdir(p, 0700);
        snprintf(p, sizeof p, "%s/out", r->dir); mkdir(p, 0700);
        snprintf(p, sizeof p, "%s/tmp", r->dir); mkdir(p, 0700);
        r->pp = MHD_create_post_processor(c, 64 * 1024, post_iter, r);
        if (!r->pp) return send_error(c, r, 400, "bad_request", "multipart");
        return MHD_YES;
    }
    if (r->status) { *upload_size = 0; return MHD_YES; }   /* already answered */
    if (*upload_size) {
        r->bytes += *upload_size;
        if (r->bytes > cfg.max_upload) {
            *upload_size = 0;
            char h[32];
            human_size(cfg.max_upload, h, sizeof h);
            return send_error(c, r, 413, "too_large", h);
        }
        if (!r->failed && MHD_post_process(r->pp, upload_data, *upload_size) != MHD_YES)
            fail(r, "bad_request", "multipart");
        *upload_size = 0;
        return MHD_YES;
    }
    /* the whole body is in */
    if (r->fd >= 0) { close(r->fd); r->fd = -1; }
    if (r->f_lang) r->en = !strncasecmp(r->f_lang, "en", 2);
    enum MHD_Result ret;
    if (r->failed) ret = send_error(c, r, !strcmp(r->err, "internal") ? 500 : 400, r->err, r->errarg);
    else ret = r->kind == K_CONVERT ? do_convert(c, r) : do_history(c, r);
    /* the slot is free once the children are done, not when the answer has gone out: a
     * client that sends its next file right after this answer must find it free */
    if (r->slot) { r->slot = 0; work_release(); }
    return ret;
}

static pthread_mutex_t log_mu = PTHREAD_MUTEX_INITIALIZER;
static void completed(void *cls, struct MHD_Connection *c, void **con_cls, enum MHD_RequestTerminationCode toe)
{
    (void)cls; (void)c;
    req *r = *con_cls;
    if (!r) return;
    *con_cls = NULL;
    char ts[32];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%SZ", &tm);
    const char *outcome = r->outcome[0] ? r->outcome : toe == MHD_REQUEST_TERMINATED_TIMEOUT_REACHED ? "timeout"
                        : toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "ok" : "aborted";
    if (toe == MHD_REQUEST_TERMINATED_TIMEOUT_REACHED) outcome = "timeout";
    char path[128];
    snprintf(path, sizeof path, "%s", r->url);
    if (!strncmp(path, "/r/", 3) && strlen(path) > 11) snprintf(path + 11, sizeof path - 11, "…");   /* never the whole id */
    pthread_mutex_lock(&log_mu);
    fprintf(stderr, "%s %s %s id=%.8s files=%d bytes=%llu status=%d result=%s ms=%.0f\n", ts, r->method, path,
            r->id[0] ? r->id : "-", r->nfiles, r->bytes, r->status, outcome, ms_since(&r->t0));
    fflush(stderr);
    pthread_mutex_unlock(&log_mu);
    req_free(r);
}

/* ---- start ---- */
static int parse_size(const char *s, unsigned long long *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s) return -1;
    if (*end == 'K' || *end == 'k') { v <<= 10; end++; }
    else if (*end == 'M' || *end == 'm') { v <<= 20; end++; }
    else if (*end == 'G' || *end == 'g') { v <<= 30; end++; }
    if (*end == 'B' || *end == 'b') end++;
    if (*end || v == 0) return -1;
    *out = v;
    return 0;
}

static void usage(FILE *f)
{
    fprintf(f,
        "Usage: chiso serve [--port 8766] [--bind 127.0.0.1] [--open] [--max-upload 50M] [--workers N]\n"
        "  Mở trang chuyển đổi trong trình duyệt: http://127.0.0.1:8766/  (tiếng Anh: ?lang=en)\n"
        "  --port N          port (0: any free port, printed)\n"
        "  --bind ADDR       address to listen on (default 127.0.0.1: this computer only)\n"
        "  --open            open the page in the default browser\n"
        "  --max-upload SIZE largest request (default 50M)\n"
        "  --workers N       conversions at once (default: number of cores); more get 503\n"
        "  --timeout S       wall-clock seconds per conversion (default 180)\n"
        "  --idle-timeout S  seconds a silent connection is kept (default 30)\n"
        "  --memory SIZE     memory per conversion (default 2G)\n"
        "  --port-file FILE  write the port there once listening (scripts, tests)\n"
        "  --stop-with-parent  stop when the process that started it ends (tests)\n");
}

static volatile sig_atomic_t stop_flag;
static void on_signal(int sig) { (void)sig; stop_flag = 1; }

static void print_reach(const char *bind, unsigned port)
{
    int any = !strcmp(bind, "0.0.0.0") || !strcmp(bind, "::");
    if (!strncmp(bind, "127.", 4) || !strcmp(bind, "::1") || !strcmp(bind, "localhost")) {
        printf("Chỉ máy này mở được trang (this computer only): http://127.0.0.1:%u/\n", port);
        return;
    }
    printf("CẢNH BÁO: máy khác trong mạng mở được trang này (other computers can reach it):\n");
    if (!any) { printf("  http://%s:%u/\n", bind, port); return; }
    struct ifaddrs *ifa = NULL;
    if (getifaddrs(&ifa) != 0) return;
    for (struct ifaddrs *i = ifa; i; i = i->ifa_next) {
        if (!i->ifa_addr || i->ifa_addr->sa_family != AF_INET) continue;
        char buf[INET_ADDRSTRLEN];
        inet_ntop(AF_INET, &((struct sockaddr_in *)i->ifa_addr)->sin_addr, buf, sizeof buf);
        printf("  http://%s:%u/   (%s)\n", buf, port, i->ifa_name);
    }
    freeifaddrs(ifa);
}

int chiso_serve_main(int argc, char **argv)
{
    long nproc = sysconf(_SC_NPROCESSORS_ONLN);
    cfg.workers = nproc > 0 ? (int)nproc : 2;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
#define NEED() do { if (!v) { fprintf(stderr, "chiso serve: %s needs a value\n", a); return 1; } i++; } while (0)
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) { usage(stdout); return 0; }
        else if (!strcmp(a, "--open")) cfg.open = 1;
        else if (!strcmp(a, "--port")) { NEED(); char *e; long p = strtol(v, &e, 10); if (*e || p < 0 || p > 65535) { fprintf(stderr, "chiso serve: bad port '%s'\n", v); return 1; } cfg.port = (unsigned)p; }
        else if (!strcmp(a, "--bind")) { NEED(); cfg.bind = v; }
        else if (!strcmp(a, "--max-upload")) { NEED(); if (parse_size(v, &cfg.max_upload)) { fprintf(stderr, "chiso serve: bad size '%s' (e.g. 50M)\n", v); return 1; } }
        else if (!strcmp(a, "--memory")) { NEED(); if (parse_size(v, &cfg.mem_bytes)) { fprintf(stderr, "chiso serve: bad size '%s' (e.g. 2G)\n", v); return 1; } }
        else if (!strcmp(a, "--workers")) { NEED(); int w = atoi(v); if (w < 1 || w > 256) { fprintf(stderr, "chiso serve: bad --workers '%s'\n", v); return 1; } cfg.workers = w; }
        else if (!strcmp(a, "--timeout")) { NEED(); int t = atoi(v); if (t < 1) { fprintf(stderr, "chiso serve: bad --timeout '%s'\n", v); return 1; } cfg.wall_seconds = t; if (cfg.cpu_seconds > t) cfg.cpu_seconds = t; }
        else if (!strcmp(a, "--idle-timeout")) { NEED(); int t = atoi(v); if (t < 1) { fprintf(stderr, "chiso serve: bad --idle-timeout '%s'\n", v); return 1; } cfg.idle_timeout = t; }
        else if (!strcmp(a, "--port-file")) { NEED(); cfg.port_file = v; }
        else if (!strcmp(a, "--stop-with-parent")) prctl(PR_SET_PDEATHSIG, SIGTERM);   /* tests */
        else { fprintf(stderr, "chiso serve: unknown option '%s'\n", a); usage(stderr); return 1; }
#undef NEED
    }
    const char *td = getenv("TMPDIR");
    if (!td || !*td) td = "/tmp";
    if (strlen(td) >= sizeof cfg.tmpdir - 1) { fprintf(stderr, "chiso serve: TMPDIR is too long\n"); return 1; }
    snprintf(cfg.tmpdir, sizeof cfg.tmpdir, "%s", td);
#if defined(__SANITIZE_ADDRESS__)
    /* AddressSanitizer maps terabytes of shadow memory: an address-space limit would stop
     * every child at its start. Tests look for this line. */
    cfg.mem_bytes = 0;
    fprintf(stderr, "chiso serve: no memory limit in a sanitizer build\n");
#endif


    struct sockaddr_storage ss;
    memset(&ss, 0, sizeof ss);
    int v6 = strchr(cfg.bind, ':') != NULL;
    if (v6) {
        struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;
        s6->sin6_family = AF_INET6;
        s6->sin6_port = htons((uint16_t)cfg.port);
        if (inet_pton(AF_INET6, cfg.bind, &s6->sin6_addr) != 1) { fprintf(stderr, "chiso serve: bad address '%s'\n", cfg.bind); return 1; }
    } else {
        struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;
        s4->sin_family = AF_INET;
        s4->sin_port = htons((uint16_t)cfg.port);
        const char *b = !strcmp(cfg.bind, "localhost") ? "127.0.0.1" : cfg.bind;
        if (inet_pton(AF_INET, b, &s4->sin_addr) != 1) { fprintf(stderr, "chiso serve: bad address '%s'\n", cfg.bind); return 1; }
    }
    /* Options of the command line that other parts of chiso add over time: asked, not assumed. */
    /* (in popen's shell /proc/self/exe would be the shell: resolve it here) */
    char self[PATH_MAX], cmd[PATH_MAX + 64];
    ssize_t sl = readlink("/proc/self/exe", self, sizeof self - 1);
    FILE *hp = NULL;
    if (sl > 0 && !memchr(self, '\'', (size_t)sl)) {
        self[sl] = 0;
        snprintf(cmd, sizeof cmd, "'%s' convert --help 2>/dev/null", self);
        hp = popen(cmd, "r");
    }
    if (hp) {
        char line[512];
        while (fgets(line, sizeof line, hp)) {
            if (strstr(line, "--caption")) cfg.has_caption = 1;
            if (strstr(line, "--attached-to")) cfg.has_attached = 1;
            if (strstr(line, "--lang")) cfg.has_lang = 1;
        }
        pclose(hp);
    }
    signal(SIGPIPE, SIG_IGN);
    unsigned flags = MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_POLL | MHD_USE_ERROR_LOG;
    if (v6) flags |= MHD_USE_IPv6;
    snprintf(cfg.results, sizeof cfg.results, "%s/chiso-serve-results-XXXXXX", cfg.tmpdir);
    if (!mkdtemp(cfg.results)) { fprintf(stderr, "chiso serve: cannot make a folder in %s: %s\n", cfg.tmpdir, strerror(errno)); return 2; }
    struct MHD_Daemon *d = MHD_start_daemon(flags, (uint16_t)cfg.port, NULL, NULL, handler, NULL,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)cfg.idle_timeout,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned)256,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(128 * 1024),
        MHD_OPTION_NOTIFY_COMPLETED, completed, NULL,
        MHD_OPTION_END);
    if (!d) {
        rm_tree(cfg.results);
        fprintf(stderr, "chiso serve: cannot listen on %s port %u (%s)\n", cfg.bind, cfg.port,
                errno ? strerror(errno) : "in use?");
        return 2;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    unsigned port = info && info->port ? info->port : cfg.port;
    char h[32];
    human_size(cfg.max_upload, h, sizeof h);
    printf("chiso serve: http://%s%s%s:%u/  (tối đa %s mỗi lần gửi, %d chuyển đổi cùng lúc; Ctrl+C để dừng)\n",
           v6 ? "[" : "", !strcmp(cfg.bind, "0.0.0.0") ? "127.0.0.1" : cfg.bind, v6 ? "]" : "", port, h, cfg.workers);
    print_reach(cfg.bind, port);
    fflush(stdout);
    if (cfg.port_file) {
        char tmp[PATH_MAX];
        snprintf(tmp, sizeof tmp, "%s.tmp", cfg.port_file);
        FILE *pf = fopen(tmp, "w");
        if (pf) { fprintf(pf, "%u\n", port); fclose(pf); rename(tmp, cfg.port_file); }
    }
    pid_t open_pid = 0;
    if (cfg.open) {
        char url[64];
        snprintf(url, sizeof url, "http://127.0.0.1:%u/", port);
        open_pid = fork();
        if (open_pid == 0) {
            int nul = open("/dev/null", O_RDWR);
            if (nul >= 0) { dup2(nul, 1); dup2(nul, 2); }
            execlp("xdg-open", "xdg-open", url, (char *)NULL);
            execlp("sensible-browser", "sensible-browser", url, (char *)NULL);
            _exit(127);
        }
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    while (!stop_flag) {
        pause();
        if (open_pid > 0 && waitpid(open_pid, NULL, WNOHANG) == open_pid) open_pid = 0;   /* the --open helper */
    }
    MHD_stop_daemon(d);
    pthread_mutex_lock(&store_mu);
    while (store_head) { result *r = store_head; store_head = r->next; result_free(r); }
    pthread_mutex_unlock(&store_mu);
    rm_tree(cfg.results);
    printf("chiso serve: stopped\n");
    return 0;
}
