// build-flags: -specs=ucrt.specs -D_UCRT
/* ucrt_abort.c - how the Universal CRT's abort() ends a process, unlike
 * msvcrt's (crt_abort): it starts itself once per case and prints each
 * child's exit code. By default abort() is __fastfail(FAST_FAIL_FATAL_APP_EXIT),
 * exit code 0xC0000409, after a SIGABRT handler that returns; with
 * _CALL_REPORTFAULT cleared it is _exit(3): no atexit function, no
 * message. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>

static void on_sigabrt(int sig)
{
    printf("  SIGABRT handler ran (signal %d)\n", sig);
    fflush(stdout);
}

static void never_atexit(void) { printf("  atexit ran (wrong)\n"); }

static int child(const char *mode)
{
    if (!strcmp(mode, "flags")) {
        unsigned initial = _set_abort_behavior(0, 0);
        unsigned old = _set_abort_behavior(_WRITE_ABORT_MSG, _WRITE_ABORT_MSG | _CALL_REPORTFAULT);
        printf("  initial flags %#x (_CALL_REPORTFAULT), old %#x, now %#x\n", initial, old,
               _set_abort_behavior(0, 0));
        return 0;
    }
    atexit(never_atexit);
    if (!strcmp(mode, "handler"))
        signal(SIGABRT, on_sigabrt);
    if (!strcmp(mode, "ignored"))
        signal(SIGABRT, SIG_IGN);
    if (!strcmp(mode, "noreport"))
        _set_abort_behavior(0, _CALL_REPORTFAULT);
    abort();
    printf("  abort returned (wrong)\n");
    return 1;
}

static void run(const char *mode)
{
    char self[MAX_PATH], cmd[MAX_PATH + 32];
    GetModuleFileNameA(NULL, self, sizeof self);
    snprintf(cmd, sizeof cmd, "\"%s\" %s", self, mode);
    printf("%s:\n", mode);
    fflush(stdout);
    STARTUPINFOA si = { .cb = sizeof si };
    PROCESS_INFORMATION pi;
    if (!CreateProcessA(NULL, cmd, NULL, NULL, TRUE, 0, NULL, NULL, &si, &pi)) {
        printf("  CreateProcess failed: %lu\n", GetLastError());
        return;
    }
    WaitForSingleObject(pi.hProcess, INFINITE);
    DWORD code = 0;
    GetExitCodeProcess(pi.hProcess, &code);
    printf("  exit code %#lx\n", code);
    CloseHandle(pi.hProcess);
    CloseHandle(pi.hThread);
}

int main(int argc, char **argv)
{
    if (argc > 1)
        return child(argv[1]);
    setvbuf(stdout, NULL, _IOFBF, 4096);
    run("flags");
    run("default");
    run("handler");
    run("ignored");
    run("noreport");
    return 0;
}
