/* abort() as the Universal CRT ends a process, which differs from msvcrt's
 * (message, then exit code 3): see ucrt_abort. */
#include <stdatomic.h>

#include "core/log.h"
#include "core/process.h"
#include "syscalls/api.h"
#include "syscalls/msvcrt/state.h"
#include "syscalls/ucrtbase/abort.h"
#include "syscalls/ucrtbase/api_args.h"

/* Documented behaviour (Microsoft's _set_abort_behavior and abort pages,
 * the UCRT's startup/abort.cpp): two flags, _WRITE_ABORT_MSG (the "abort()
 * has been called" report, written by debug builds only) and
 * _CALL_REPORTFAULT (Windows Error Reporting), which release builds such as
 * ucrtbase.dll start with. abort() first raises SIGABRT when a handler is
 * installed; if that returns, with _CALL_REPORTFAULT set it calls
 * __fastfail(FAST_FAIL_FATAL_APP_EXIT) where the processor reports
 * PF_FASTFAIL_AVAILABLE (Windows 8 and later; wowbox does, see
 * core/cpu_features.c), which ends the process with
 * STATUS_STACK_BUFFER_OVERRUN and runs no handler; otherwise (or without
 * the flag) it calls _exit(3), with no atexit functions and no flush. */
#define WRITE_ABORT_MSG 0x1u
#define CALL_REPORTFAULT 0x2u
#define CRT_SIGABRT 22
#define STATUS_STACK_BUFFER_OVERRUN 0xC0000409u

static _Atomic uint32_t abort_behavior = CALL_REPORTFAULT;

uint32_t ucrt_abort_behavior(uint32_t flags, uint32_t mask)
{
    uint32_t old = atomic_load(&abort_behavior);
    while (!atomic_compare_exchange_weak(&abort_behavior, &old, (old & ~mask) | (flags & mask)))
        ;
    return old;
}

uint64_t ucrt_abort(struct thunk_call *c)
{
    if (!msvcrt_call_signal_handler(c, CRT_SIGABRT))
        return 0; /* the handler ended the process */
    c->no_return = true;
    if (!(atomic_load(&abort_behavior) & CALL_REPORTFAULT))
        return msvcrt_exit_process(c, 3, false);
    wb_error("abort() called: __fastfail(FAST_FAIL_FATAL_APP_EXIT) ends the process (%#x)",
             STATUS_STACK_BUFFER_OVERRUN);
    process_exit(STATUS_STACK_BUFFER_OVERRUN);
    return 0;
}

uint64_t ucrtbase_abort(struct thunk_call *c) { return ucrt_abort(c); }

uint64_t ucrtbase__set_abort_behavior(struct thunk_call *c)
{
    API_ARGS(ucrtbase, _set_abort_behavior, a);
    return ucrt_abort_behavior(a.flags, a.mask);
}
