#include "guard.h"
#include "output.h"

#include <signal.h>
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
    say("; no output was written\n");
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
