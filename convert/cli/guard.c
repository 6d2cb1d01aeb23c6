#include "guard.h"
#include "output.h"

#include <signal.h>
#include <stdio.h>
#include <sys/resource.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

cx_error cx_guard_output(const cx_cli *cli, cx_cli_err *d)
{
    if (!cli->out || strcmp(cli->out, "-") == 0) return CX_OK;
    size_t n = 0;
    const char **v = malloc((cli->ninputs + 4) * sizeof *v);
    if (!v) return cx_cli_fail(d, CX_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < cli->ninputs; i++) v[n++] = cli->inputs[i];
    if (cli->rules) v[n++] = cli->rules;
    if (cli->previous) v[n++] = cli->previous;
    if (cli->aliases) v[n++] = cli->aliases;
    cx_error err = cx_output_check_inputs(cli->out, v, n, d);
    free(v);
    return err;
}

static void say(const char *s) { ssize_t r = write(STDERR_FILENO, s, strlen(s)); (void)r; }

static void on_signal(int sig)
{
    cx_output_signal_cleanup();
    const char *name = sig == SIGINT ? "SIGINT" : sig == SIGTERM ? "SIGTERM" : sig == SIGHUP ? "SIGHUP"
                     : sig == SIGPIPE ? "SIGPIPE (the output's reader went away)"
                     : sig == SIGXFSZ ? "SIGXFSZ (the file size limit was reached)" : "a signal";
    say("chiso: stopped by ");
    say(name);
    say("; an -o file is left as it was\n");
    _exit(128 + sig);
}

static void on_bus(int sig, siginfo_t *si, void *uc)
{
    (void)uc;
    const char *fault_path = "";
    if (chiso_input_fault(si->si_addr, &fault_path)) {
        cx_output_signal_cleanup();
        say("chiso: ");
        say(fault_path);
        say(": the file changed while it was being read; try again\n");
        _exit(2);
    }
    /* not an input's mapping: the default action (a core dump to debug) */
    signal(sig, SIG_DFL);
    raise(sig);
}

void cx_guard_signals(void)
{
    static const int sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGPIPE, SIGXFSZ};
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
        struct sigaction old;
        /* a signal ignored by whoever started us stays ignored (nohup, `trap '' XFSZ`) */
        if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN) continue;
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_signal;
        sigfillset(&sa.sa_mask);
        sigaction(sigs[i], &sa, NULL);
    }
    struct sigaction sb;
    memset(&sb, 0, sizeof sb);
    sb.sa_sigaction = on_bus;
    sb.sa_flags = SA_SIGINFO;
    sigaction(SIGBUS, &sb, NULL);
}

#define CX_DEFAULT_MAX_MEMORY (1ull << 30)
static unsigned long long mem_limit;   /* bytes, 0 = none set */

cx_error cx_guard_memory(const cx_cli *cli, cx_cli_err *d)
{
    unsigned long long lim = CX_DEFAULT_MAX_MEMORY;
    if (cli->max_memory) {
        char *end;
        double v = strtod(cli->max_memory, &end);
        unsigned long long mul = 1;
        if (*end == 'k' || *end == 'K') mul = 1ull << 10, end++;
        else if (*end == 'm' || *end == 'M') mul = 1ull << 20, end++;
        else if (*end == 'g' || *end == 'G') mul = 1ull << 30, end++;
        if (*end == 'i' || *end == 'I') end++;
        if (*end == 'b' || *end == 'B') end++;
        if (end == cli->max_memory || *end || !(v >= 1) || v * (double)mul < 64.0 * (1 << 20) || v * (double)mul > 1e18)
            return cx_cli_fail(d, CX_ERR_USAGE, "--max-memory must be a size of at least 64M, e.g. 512M or 2G, not '%s'",
                           cli->max_memory);
        lim = (unsigned long long)(v * (double)mul);
    }
#if defined(__SANITIZE_ADDRESS__)
    (void)lim;
    return CX_OK;
#else
    struct rlimit rl;
    if (getrlimit(RLIMIT_DATA, &rl) != 0) return CX_OK;
    if (rl.rlim_max != RLIM_INFINITY && lim > rl.rlim_max) lim = rl.rlim_max;
    if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < lim && !cli->max_memory) lim = rl.rlim_cur;   /* already lower */
    rl.rlim_cur = (rlim_t)lim;
    if (setrlimit(RLIMIT_DATA, &rl) == 0) mem_limit = lim;
    return CX_OK;
#endif
}

void cx_guard_explain(cx_error err, char *msg, size_t cap)
{
    if (err != CX_ERR_NOMEM || !mem_limit || strstr(msg, "--max-memory")) return;
    char was[700];
    snprintf(was, sizeof was, "%.690s", msg[0] ? msg : "out of memory");
    snprintf(msg, cap, "%s: more than the memory limit of %llu MiB is needed; "
             "give --max-memory 2G (or more) to allow it", was, mem_limit >> 20);
}
