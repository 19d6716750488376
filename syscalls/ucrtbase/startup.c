/* ucrtbase's start-up and exit protocol: argv and the environment come
 * from msvcrt's process state (one C runtime), onexit tables live in guest
 * memory, and an invalid parameter ends the process as the UCRT does. */
#include <stdlib.h>

#include "core/guest_mem.h"
#include "core/heap.h"
#include "core/log.h"
#include "core/process.h"
#include "syscalls/api.h"
#include "syscalls/msvcrt/state.h"
#include "syscalls/ucrtbase/api_args.h"
#include "syscalls/ucrtbase/struct32.h"
#include "syscalls/ucrtbase/ucrt.h"

#define STATUS_STACK_BUFFER_OVERRUN 0xC0000409u
#define EXCEPTION_CONTINUE_SEARCH 0u
#define EXCEPTION_CONTINUE_EXECUTION 0xFFFFFFFFu
#define SIG_IGN_ADDR 1u

static uint32_t new_mode;
static uint32_t thread_locale_mode = 2; /* _DISABLE_PER_THREAD_LOCALE */
static gaddr invalid_parameter_handler;
static gaddr *quick_exit_fns;
static size_t quick_exit_count;

/* argv and the environment were built when the process started: the
 * _configure/_initialize calls have nothing left to do but succeed. */
uint64_t ucrtbase__configure_narrow_argv(struct thunk_call *c) { (void)c; return 0; }
uint64_t ucrtbase__configure_wide_argv(struct thunk_call *c) { (void)c; return 0; }
uint64_t ucrtbase__initialize_narrow_environment(struct thunk_call *c) { (void)c; return 0; }
uint64_t ucrtbase__initialize_wide_environment(struct thunk_call *c) { (void)c; return 0; }

uint64_t ucrtbase__get_initial_narrow_environment(struct thunk_call *c)
{
    uint32_t env = 0;
    gm_read_u32(msvcrt.initenv, &env);
    return env;
}

uint64_t ucrtbase__get_initial_wide_environment(struct thunk_call *c)
{
    uint32_t env = 0;
    gm_read_u32(msvcrt.winitenv, &env);
    return env;
}

uint64_t ucrtbase__set_app_type(struct thunk_call *c) { (void)c; return 0; }

/* The filter around main: an exception that maps to a C signal with a
 * handler installed runs that handler (reset to SIG_DFL first) and resumes;
 * SIG_IGN resumes; otherwise the search goes on to the unhandled filter. */
static uint32_t signal_of(uint32_t code)
{
    switch (code) {
    case 0xC0000005u: return 11; /* access violation: SIGSEGV */
    case 0xC000001Du: case 0xC0000096u: return 4; /* illegal or privileged instruction: SIGILL */
    case 0xC000008Du: case 0xC000008Eu: case 0xC000008Fu: case 0xC0000090u:
    case 0xC0000091u: case 0xC0000092u: case 0xC0000093u: case 0xC00002B4u: case 0xC00002B5u:
        return 8; /* floating-point exceptions: SIGFPE */
    default: return 0;
    }
}

uint64_t ucrtbase__seh_filter_exe(struct thunk_call *c)
{
    API_ARGS(ucrtbase, _seh_filter_exe, a);
    uint32_t sig = signal_of(a.code);
    uint32_t handler = sig ? msvcrt_signal_handler(sig) : 0;
    if (!handler)
        return EXCEPTION_CONTINUE_SEARCH;
    if (handler == SIG_IGN_ADDR)
        return EXCEPTION_CONTINUE_EXECUTION;
    msvcrt_signal_reset(sig);
    uint32_t arg = sig;
    thunk_call_guest(c, handler, &arg, 1, NULL);
    return EXCEPTION_CONTINUE_EXECUTION;
}

uint64_t ucrtbase__crt_atexit(struct thunk_call *c)
{
    API_ARGS(ucrtbase, _crt_atexit, a);
    return msvcrt_add_atexit(a.func) ? 0 : (uint64_t)(uint32_t)-1;
}

uint64_t ucrtbase__crt_at_quick_exit(struct thunk_call *c)
{
    API_ARGS(ucrtbase, _crt_at_quick_exit, a);
    gaddr *n = realloc(quick_exit_fns, (quick_exit_count + 1) * sizeof *n);
    if (!n)
        return (uint64_t)(uint32_t)-1;
    quick_exit_fns = n;
    quick_exit_fns[quick_exit_count++] = a.func;
    return 0;
}

/* quick_exit: the at_quick_exit functions in reverse order, then _exit
 * (no atexit handlers, no stream flush). */
uint64_t ucrtbase_quick_exit(struct thunk_call *c)
{
    API_ARGS(ucrtbase, quick_exit, a);
    while (quick_exit_count) {
        if (!thunk_call_guest(c, quick_exit_fns[--quick_exit_count], NULL, 0, NULL)) {
            c->no_return = true;
            return 0;
        }
    }
    return msvcrt_exit_process(c, (uint32_t)a.status, false);
}

/* ---- onexit tables: {first, last, end} in guest memory ---------------- */

static bool read_table(gaddr t, ONEXIT_TABLE32 *tab)
{
    return t && gm_read(t, tab, sizeof *tab);
}

uint64_t ucrtbase__initialize_onexit_table(struct thunk_call *c)
{
    API_ARGS(ucrtbase, _initialize_onexit_table, a);
    ONEXIT_TABLE32 tab = { 0 };
    if (!a.table)
        return (uint64_t)(uint32_t)-1;
    ONEXIT_TABLE32 old;
    if (read_table(a.table, &old) && old.first)
        return 0; /* already initialized: left alone */
    return gm_write(a.table, &tab, sizeof tab) ? 0 : (uint64_t)(uint32_t)-1;
}

uint64_t ucrtbase__register_onexit_function(struct thunk_call *c)
{
    API_ARGS(ucrtbase, _register_onexit_function, a);
    ONEXIT_TABLE32 tab;
    if (!read_table(a.table, &tab) || tab.last < tab.first || tab.end < tab.last)
        return (uint64_t)(uint32_t)-1;
    if (!tab.first || tab.last == tab.end) {
        uint32_t used = tab.first ? tab.last - tab.first : 0;
        uint32_t cap = used ? used * 2 : 32 * 4;
        gaddr n = tab.first ? heap_realloc(proc->process_heap, tab.first, cap, 0)
                            : heap_alloc(proc->process_heap, cap, 0);
        if (!n)
            return (uint64_t)(uint32_t)-1;
        tab = (ONEXIT_TABLE32){ n, n + used, n + cap };
    }
    if (!gm_write_u32(tab.last, a.func))
        return (uint64_t)(uint32_t)-1;
    tab.last += 4;
    return gm_write(a.table, &tab, sizeof tab) ? 0 : (uint64_t)(uint32_t)-1;
}

/* Runs the table's functions last to first, then empties it. Functions
 * registered while it runs (into the same table) run too. */
uint64_t ucrtbase__execute_onexit_table(struct thunk_call *c)
{
    API_ARGS(ucrtbase, _execute_onexit_table, a);
    ONEXIT_TABLE32 tab;
    if (!read_table(a.table, &tab))
        return (uint64_t)(uint32_t)-1;
    while (tab.first && tab.last > tab.first) {
        uint32_t fn = 0;
        tab.last -= 4;
        gm_read_u32(tab.last, &fn);
        gm_write(a.table, &tab, sizeof tab);
        if (fn && !thunk_call_guest(c, fn, NULL, 0, NULL))
            return 0;
        if (!read_table(a.table, &tab))
            return (uint64_t)(uint32_t)-1;
    }
    if (tab.first)
        heap_free(proc->process_heap, tab.first);
    ONEXIT_TABLE32 empty = { 0 };
    gm_write(a.table, &empty, sizeof empty);
    return 0;
}

uint64_t ucrtbase__initterm_e(struct thunk_call *c)
{
    API_ARGS(ucrtbase, _initterm_e, a);
    return msvcrt_initterm(c, a.start, a.end, true);
}

uint64_t ucrtbase__set_new_mode(struct thunk_call *c)
{
    API_ARGS(ucrtbase, _set_new_mode, a);
    uint32_t old = new_mode;
    if (a.mode != 0 && a.mode != 1) {
        msvcrt_set_errno(22);
        return (uint64_t)(uint32_t)-1;
    }
    new_mode = (uint32_t)a.mode;
    return old;
}

uint64_t ucrtbase__query_new_mode(struct thunk_call *c) { (void)c; return new_mode; }

/* _ENABLE_PER_THREAD_LOCALE 1, _DISABLE_PER_THREAD_LOCALE 2, query 0; only
 * the "C" locale exists, so the mode is bookkeeping. */
uint64_t ucrtbase__configthreadlocale(struct thunk_call *c)
{
    API_ARGS(ucrtbase, _configthreadlocale, a);
    uint32_t old = thread_locale_mode;
    if (a.type == 1 || a.type == 2)
        thread_locale_mode = (uint32_t)a.type;
    else if (a.type != 0 && a.type != 0xFFFFFFFFu) {
        msvcrt_set_errno(22);
        return (uint64_t)(uint32_t)-1;
    }
    return old;
}

/* ---- invalid parameters --------------------------------------------------- */

uint64_t ucrtbase__set_invalid_parameter_handler(struct thunk_call *c)
{
    API_ARGS(ucrtbase, _set_invalid_parameter_handler, a);
    gaddr old = invalid_parameter_handler;
    invalid_parameter_handler = a.handler;
    return old;
}

uint64_t ucrtbase__get_invalid_parameter_handler(struct thunk_call *c) { (void)c; return invalid_parameter_handler; }

/* The per-thread handler is not kept apart: it is the process one. */
uint64_t ucrtbase__set_thread_local_invalid_parameter_handler(struct thunk_call *c)
{
    API_ARGS(ucrtbase, _set_thread_local_invalid_parameter_handler, a);
    gaddr old = invalid_parameter_handler;
    invalid_parameter_handler = a.handler;
    return old;
}

uint64_t ucrtbase__get_thread_local_invalid_parameter_handler(struct thunk_call *c)
{
    (void)c;
    return invalid_parameter_handler;
}

/* _invoke_watson, the end of an invalid parameter no handler took. Source:
 * the Universal CRT's own code (ucrt/misc/invalid_parameter.cpp of the
 * Windows 10 SDK's UCRT sources): when IsProcessorFeaturePresent(
 * PF_FASTFAIL_AVAILABLE) says yes (Windows 8 and later, and wowbox, see
 * core/cpu_features.c) it calls __fastfail(FAST_FAIL_INVALID_ARG), which
 * ends the process with STATUS_STACK_BUFFER_OVERRUN (0xC0000409: "user-mode
 * fast fail requests appear as a ... non-continuable exception with
 * exception code 0xC0000409", Microsoft's __fastfail documentation); only
 * without fast fail does it report STATUS_INVALID_CRUNTIME_PARAMETER
 * (0xC0000417) and TerminateProcess with it. msvcrt.dll differs: the same
 * file notes that the legacy Windows CRT does not terminate the process on
 * an invalid parameter (its functions fail with EINVAL and go on). */
static uint64_t invoke_watson(struct thunk_call *c)
{
    wb_error("a C runtime function was given an invalid parameter and no handler is set: "
             "__fastfail(FAST_FAIL_INVALID_ARG) ends the process (%#x)", STATUS_STACK_BUFFER_OVERRUN);
    process_exit(STATUS_STACK_BUFFER_OVERRUN);
    c->no_return = true;
    return 0;
}

bool ucrt_invalid_parameter(struct thunk_call *c)
{
    if (!invalid_parameter_handler) {
        invoke_watson(c);
        return false;
    }
    uint32_t args[5] = { 0, 0, 0, 0, 0 };
    return thunk_call_guest(c, invalid_parameter_handler, args, 5, NULL);
}

static uint64_t invalid_parameter(struct thunk_call *c, bool noreturn)
{
    if (ucrt_invalid_parameter(c) && noreturn)
        invoke_watson(c);
    return 0;
}

uint64_t ucrtbase__invalid_parameter_noinfo(struct thunk_call *c) { return invalid_parameter(c, false); }
uint64_t ucrtbase__invalid_parameter_noinfo_noreturn(struct thunk_call *c) { return invalid_parameter(c, true); }
uint64_t ucrtbase__invoke_watson(struct thunk_call *c) { return invoke_watson(c); }

/* The error-message table is msvcrt's _sys_errlist, reached through a function. */
uint64_t ucrtbase___sys_errlist(struct thunk_call *c) { (void)c; return msvcrt.sys_errlist; }
uint64_t ucrtbase___sys_nerr(struct thunk_call *c) { (void)c; return msvcrt.sys_nerr; }
