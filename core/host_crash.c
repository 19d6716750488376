/* The last word on a crash inside wowbox itself: a SIGSEGV (or SIGBUS,
 * SIGILL, SIGFPE) in host code is a wowbox bug, so it is reported as one
 * with a host backtrace and the process aborts; it is never turned into a
 * guest exception. Runs on an alternate stack so host stack overflows are
 * reported too. */
#define _GNU_SOURCE
#include "core/host_crash.h"

#include <execinfo.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/trace.h"

static void say(const char *s)
{
    ssize_t r = write(STDERR_FILENO, s, strlen(s));
    (void)r;
}

static void on_host_fault(int sig, siginfo_t *si, void *uctx)
{
    (void)uctx;
    /* async-signal-safe formatting: no stdio */
    char line[160];
    static const char hex[] = "0123456789abcdef";
    uintptr_t a = (uintptr_t)si->si_addr;
    char addr[2 + 2 * sizeof a + 1], *p = addr + sizeof addr - 1;
    *p = 0;
    do {
        *--p = hex[a & 15];
        a >>= 4;
    } while (a);
    *--p = 'x';
    *--p = '0';
    if (host_crash_cleanup)
        host_crash_cleanup();
    trace_flush_crash(); /* the trace up to the crash, before the report */
    const char *name = sig == SIGSEGV ? "SIGSEGV" : sig == SIGBUS ? "SIGBUS" : sig == SIGILL ? "SIGILL" : "SIGFPE";
    line[0] = 0;
    strcat(line, "wowbox: internal error (a wowbox bug): ");
    strcat(line, name);
    strcat(line, " at host address ");
    strcat(line, p);
    strcat(line, "\nhost backtrace:\n");
    say(line);
    void *frames[64];
    int n = backtrace(frames, 64);
    backtrace_symbols_fd(frames, n, STDERR_FILENO);
    signal(SIGABRT, SIG_DFL);
    abort();
}

void (*host_crash_cleanup)(void);

void host_crash_install(void)
{
    static bool installed;
    if (installed)
        return;
    installed = true;
    static char altstack[64 * 1024];
    stack_t ss = { .ss_sp = altstack, .ss_size = sizeof altstack };
    /* aarch64's signal frame grows with the vector registers (SVE, SME):
     * the kernel says how large a stack it needs */
    long need = sysconf(_SC_SIGSTKSZ);
    if (need > (long)sizeof altstack && (ss.ss_sp = malloc((size_t)need)) != NULL)
        ss.ss_size = (size_t)need;
    else
        ss.ss_sp = altstack;
    sigaltstack(&ss, NULL);
    /* load libgcc's unwinder now: backtrace() must not do it in the handler */
    void *warm[1];
    backtrace(warm, 1);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_host_fault;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_RESETHAND;
    sigemptyset(&sa.sa_mask);
    static const int sigs[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE };
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
        sigaction(sigs[i], &sa, NULL);
}
