/* Console control events: SetConsoleCtrlHandler and GenerateConsoleCtrlEvent.
 * The host's SIGINT (Ctrl-C) and SIGQUIT (Ctrl-\, standing in for
 * Ctrl-Break) become CTRL_C_EVENT and CTRL_BREAK_EVENT. As on Windows, the
 * handlers run on a thread of their own (kernel32!CtrlRoutine), the last
 * registered first, until one returns TRUE; when none does, the process
 * ends with STATUS_CONTROL_C_EXIT. Here that thread is created with the
 * first SetConsoleCtrlHandler call and serves every later event (Windows
 * creates one per event). A program that never calls SetConsoleCtrlHandler
 * keeps the host's default: Ctrl-C kills wowbox, which a parent wowbox
 * reports as STATUS_CONTROL_C_EXIT. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/handles.h"
#include "core/process.h"
#include "core/sync.h"
#include "core/trace.h"
#include "loader/dll_load.h"
#include "loader/module.h"
#include "syscalls/api.h"
#include "syscalls/kernel32/api_args.h"
#include "syscalls/kernel32/child.h"
#include "syscalls/kernel32/objects.h"
#include "syscalls/kernel32/thread.h"
#include "syscalls/win32_errors.h"

#define CTRL_C_EVENT          0u
#define CTRL_BREAK_EVENT      1u
#define STATUS_CONTROL_C_EXIT 0xC000013Au
#define MAX_HANDLERS          64

static gaddr handlers[MAX_HANDLERS];
static unsigned nhandlers;
static bool ignore_ctrl_c;        /* SetConsoleCtrlHandler(NULL, TRUE) */
static int event_pipe[2] = { -1, -1 };
static struct kobj *events;       /* signaled while event_pipe has bytes */
static bool dispatcher_started;

static uint64_t fail(uint32_t err)
{
    teb_set_last_error(err);
    return 0;
}

/* Async-signal-safe: one byte, the event type, into the pipe. */
static void on_signal(int sig)
{
    char type = sig == SIGQUIT ? (char)CTRL_BREAK_EVENT : (char)CTRL_C_EVENT;
    ssize_t r = write(event_pipe[1], &type, 1);
    (void)r; /* a full pipe already holds events enough */
}

static void end_process(struct thunk_call *c, uint32_t code)
{
    /* as ExitProcess: the other threads end, then DLL_PROCESS_DETACH */
    if (threads_terminate_others())
        dll_detach_all();
    process_exit(code);
    c->no_return = true;
}

/* One event: the handlers, newest first, until one returns TRUE; false
 * when the process is going away. */
static bool dispatch(struct thunk_call *c, uint32_t type)
{
    if (type == CTRL_C_EVENT && ignore_ctrl_c)
        return true;
    for (unsigned i = nhandlers; i-- > 0;) {
        uint32_t handled = 0;
        if (!thunk_call_guest(c, handlers[i], &type, 1, &handled))
            return false;
        if (handled)
            return true;
        if (i > nhandlers) /* a handler removed others */
            i = nhandlers;
    }
    end_process(c, STATUS_CONTROL_C_EXIT);
    return false;
}

/* The control thread's routine: waits for events for the process's life. */
uint64_t kernel32_CtrlRoutine(struct thunk_call *c)
{
    for (;;) {
        bool terminated;
        kobj_wait(&events, 1, false, WAIT_INFINITE, false, &terminated);
        if (terminated) {
            c->no_return = true;
            return 0;
        }
        char type;
        if (read(event_pipe[0], &type, 1) == 1 && !dispatch(c, (uint8_t)type))
            return 0;
    }
}

/* The pipe, the signal handlers and the control thread, once. */
static uint32_t start_dispatcher(void)
{
    if (dispatcher_started)
        return 0;
    if (event_pipe[0] < 0 && pipe2(event_pipe, O_CLOEXEC | O_NONBLOCK) != 0)
        return ERROR_NOT_ENOUGH_MEMORY;
    if (!events && !(events = kobj_create(KOBJ_EVENT)))
        return ERROR_NOT_ENOUGH_MEMORY;
    events->host_fd = event_pipe[0];
    events->host_events = POLLIN;
    struct module *k32 = module_find("kernel32.dll");
    gaddr routine = k32 ? module_export_by_name(k32, "CtrlRoutine", -1) : 0;
    uint32_t tid, err = ERROR_NOT_ENOUGH_MEMORY;
    struct kobj *t = routine ? kernel32_start_thread(kernel32_thread_start_code(), routine, 0, 0, 0, &tid, &err) : NULL;
    if (!t)
        return err;
    kobj_unref(t);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sa.sa_flags = SA_RESTART;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGQUIT, &sa, NULL);
    dispatcher_started = true;
    return 0;
}

uint64_t kernel32_SetConsoleCtrlHandler(struct thunk_call *c)
{
    API_ARGS(kernel32, SetConsoleCtrlHandler, a);
    if (!a.HandlerRoutine) {
        ignore_ctrl_c = a.Add != 0;
    } else if (a.Add) {
        if (nhandlers == MAX_HANDLERS)
            return fail(ERROR_NOT_ENOUGH_MEMORY);
        handlers[nhandlers++] = a.HandlerRoutine;
    } else {
        unsigned i = nhandlers;
        while (i-- > 0 && handlers[i] != a.HandlerRoutine)
            ;
        if (i == (unsigned)-1)
            return fail(ERROR_INVALID_PARAMETER);
        memmove(handlers + i, handlers + i + 1, (nhandlers - i - 1) * sizeof *handlers);
        nhandlers--;
    }
    uint32_t err = start_dispatcher();
    return err ? fail(err) : 1;
}

/* dwProcessGroupId 0: this process (Windows: every process on the
 * console; here the others are not told); a child's id: that child. */
uint64_t kernel32_GenerateConsoleCtrlEvent(struct thunk_call *c)
{
    API_ARGS(kernel32, GenerateConsoleCtrlEvent, a);
    if (a.dwCtrlEvent != CTRL_C_EVENT && a.dwCtrlEvent != CTRL_BREAK_EVENT)
        return fail(ERROR_INVALID_PARAMETER);
    int sig = a.dwCtrlEvent == CTRL_BREAK_EVENT ? SIGQUIT : SIGINT;
    if (a.dwProcessGroupId && a.dwProcessGroupId != proc->pid) {
        struct child_proc *cp = child_by_pid(a.dwProcessGroupId);
        return cp && child_signal(cp, sig) ? 1 : fail(ERROR_INVALID_PARAMETER);
    }
    uint32_t err = start_dispatcher();
    if (err)
        return fail(err);
    char type = (char)a.dwCtrlEvent;
    return write(event_pipe[1], &type, 1) == 1 ? 1 : fail(ERROR_NOT_ENOUGH_MEMORY);
}
