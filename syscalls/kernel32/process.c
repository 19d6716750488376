/* kernel32 process and thread basics: exit, identity, last error (kept in
 * the TEB as Windows does), start-up info, command line. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/handles.h"
#include "core/heap.h"
#include "core/process.h"
#include "core/unicode.h"
#include "loader/dll_load.h"
#include "loader/peb.h"
#include "syscalls/api.h"
#include "syscalls/kernel32/api_args.h"
#include "syscalls/kernel32/struct32.h"

uint64_t kernel32_ExitProcess(struct thunk_call *c)
{
    API_ARGS(kernel32, ExitProcess, a);
    /* the other threads end first, then DllMain(PROCESS_DETACH) runs in
     * the exiting thread, as Windows does it */
    if (!threads_terminate_others()) {
        c->no_return = true;
        return 0;
    }
    dll_detach_all();
    process_exit(a.uExitCode);
    c->no_return = true;
    return 0;
}

uint64_t kernel32_IsDebuggerPresent(struct thunk_call *c) { (void)c; return 0; }

/* STARTUPINFOA and W share one layout; the strings stay NULL and the
 * standard handles come from the process parameters. */
static uint64_t startup_info(gaddr lpStartupInfo)
{
    STARTUPINFO32 si = { .cb = sizeof si };
    gm_read_u32(proc->params + PARAMS_STDIN, &si.hStdInput);
    gm_read_u32(proc->params + PARAMS_STDOUT, &si.hStdOutput);
    gm_read_u32(proc->params + PARAMS_STDERR, &si.hStdError);
    gm_write(lpStartupInfo, &si, sizeof si);
    return 0;
}

uint64_t kernel32_GetStartupInfoA(struct thunk_call *c)
{
    API_ARGS(kernel32, GetStartupInfoA, a);
    return startup_info(a.lpStartupInfo);
}
uint64_t kernel32_GetStartupInfoW(struct thunk_call *c)
{
    API_ARGS(kernel32, GetStartupInfoW, a);
    return startup_info(a.lpStartupInfo);
}

/* The strings live in guest memory for the life of the process, built on
 * first use, as kernel32 caches them. */
static gaddr cmdline_a, cmdline_w;

uint64_t kernel32_GetCommandLineW(struct thunk_call *c)
{
    (void)c;
    if (!cmdline_w) {
        uint32_t buf = 0;
        gm_read_u32(proc->params + PARAMS_COMMAND_LINE + 4, &buf);
        cmdline_w = buf;
    }
    return cmdline_w;
}

uint64_t kernel32_GetCommandLineA(struct thunk_call *c)
{
    (void)c;
    if (!cmdline_a) {
        char *a = utf8_to_ansi(proc->command_line);
        if (!a)
            return 0;
        size_t n = strlen(a) + 1;
        cmdline_a = heap_alloc(proc->process_heap, (uint32_t)n, 0);
        if (cmdline_a)
            gm_write(cmdline_a, a, n);
        free(a);
    }
    return cmdline_a;
}

