/* kernel32 waits: WaitForSingleObject/WaitForMultipleObjects (all or any,
 * timeouts, abandoned mutexes) on events, mutexes, semaphores, threads and
 * file handles (a pipe's read end is signaled while data or its end is
 * there, console input while input is; core/sync.h), SignalObjectAndWait,
 * Sleep/SleepEx and SwitchToThread. An alertable wait runs the thread's
 * queued user APCs (QueueUserAPC, waitable timers' completion routines)
 * (and overlapped socket operations' completion routines, ws2_32) and
 * returns WAIT_IO_COMPLETION. */
#include <poll.h>
#include <fcntl.h>

#include "core/clock.h"
#include "core/apc.h"
#include "core/handles.h"
#include "core/process.h"
#include "core/sync.h"
#include "core/thread.h"
#include "syscalls/api.h"
#include "syscalls/kernel32/api_args.h"
#include "syscalls/kernel32/objects.h"
#include "syscalls/win32_errors.h"

static uint64_t failed(uint32_t err)
{
    teb_set_last_error(err);
    return WAIT_FAILED;
}

/* What a wait on a file handle watches: input for a read end or console
 * input, room for a write end or console output. */
static short file_events(const struct handle_obj *o)
{
    if (o->type == HANDLE_CONSOLE)
        return o->fd == 0 ? POLLIN : POLLOUT;
    int fl = fcntl(o->fd, F_GETFL);
    return fl >= 0 && (fl & O_ACCMODE) == O_WRONLY ? POLLOUT : POLLIN;
}

/* The objects of one wait. A file handle gets an object for the wait's
 * duration that watches its descriptor, and the handle's object is held,
 * so a CloseHandle from another thread cannot close the descriptor under
 * the wait. */
struct wait_set {
    struct kobj *objs[MAXIMUM_WAIT_OBJECTS];
    struct handle_obj *files[MAXIMUM_WAIT_OBJECTS]; /* NULL: a kernel object */
    unsigned n;
};

static void release_set(struct wait_set *s)
{
    for (unsigned i = 0; i < s->n; i++) {
        if (!s->files[i])
            continue;
        kobj_unref(s->objs[i]);
        handle_obj_unref(s->files[i]);
    }
    s->n = 0;
}

/* 0 or the Win32 error. */
static uint32_t add_handle(struct wait_set *s, uint32_t h)
{
    struct kobj *k = kobj_from_handle(h, KOBJ_ANY);
    struct handle_obj *f = NULL;
    if (!k) {
        f = handle_get(h, HANDLE_FREE);
        if (!f || (f->type != HANDLE_FILE && f->type != HANDLE_CONSOLE && f->type != HANDLE_SOCKET))
            return ERROR_INVALID_HANDLE;
        k = kobj_create(KOBJ_FILE);
        if (!k)
            return ERROR_NOT_ENOUGH_MEMORY;
        k->host_fd = f->fd;
        k->host_events = file_events(f);
        handle_obj_ref(f);
    }
    s->objs[s->n] = k;
    s->files[s->n] = f;
    s->n++;
    return 0;
}

/* Wait-all takes each object once (STATUS_INVALID_PARAMETER_MIX). */
static bool distinct(const struct wait_set *s)
{
    for (unsigned i = 0; i < s->n; i++)
        for (unsigned j = 0; j < i; j++)
            if (s->objs[j] == s->objs[i] || (s->files[i] && s->files[j] == s->files[i]))
                return false;
    return true;
}

/* Runs every APC queued on the current thread, oldest first. */
static void run_apcs(struct thunk_call *c)
{
    struct thread_apc a;
    while (apc_take(&a))
        if (!thunk_call_guest(c, a.fn, a.args, a.nargs, NULL))
            return; /* the thread or process is ending */
}

/* kobj_wait, with the APCs run when it ends for them. */
static uint32_t wait_objs(struct thunk_call *c, struct kobj *const *objs, unsigned n, bool all, uint32_t ms,
                          bool alertable)
{
    bool terminated;
    uint32_t r = kobj_wait(objs, n, all, ms, alertable, &terminated);
    if (terminated) {
        c->no_return = true; /* the thread ends here */
        return r;
    }
    if (r == WAIT_IO_COMPLETION)
        run_apcs(c);
    return r;
}

static uint64_t wait_handles(struct thunk_call *c, const uint32_t *h, uint32_t n, bool all, uint32_t ms,
                             bool alertable)
{
    struct wait_set s = { .n = 0 };
    for (uint32_t i = 0; i < n; i++) {
        uint32_t err = add_handle(&s, h[i]);
        if (err) {
            release_set(&s);
            return failed(err);
        }
    }
    if (all && !distinct(&s)) {
        release_set(&s);
        return failed(ERROR_INVALID_PARAMETER);
    }
    uint32_t r = wait_objs(c, s.objs, s.n, all, ms, alertable);
    release_set(&s);
    return r;
}

static uint64_t wait_objects(struct thunk_call *c, uint32_t n, gaddr handles, bool all, uint32_t ms,
                             bool alertable)
{
    if (n == 0 || n > MAXIMUM_WAIT_OBJECTS)
        return failed(ERROR_INVALID_PARAMETER);
    uint32_t h[MAXIMUM_WAIT_OBJECTS];
    if (!gm_read(handles, h, 4 * n))
        return failed(ERROR_NOACCESS);
    return wait_handles(c, h, n, all, ms, alertable);
}

uint64_t kernel32_WaitForSingleObject(struct thunk_call *c)
{
    API_ARGS(kernel32, WaitForSingleObject, a);
    return wait_handles(c, &a.hHandle, 1, false, a.dwMilliseconds, false);
}

uint64_t kernel32_WaitForSingleObjectEx(struct thunk_call *c)
{
    API_ARGS(kernel32, WaitForSingleObjectEx, a);
    return wait_handles(c, &a.hHandle, 1, false, a.dwMilliseconds, a.bAlertable != 0);
}

uint64_t kernel32_WaitForMultipleObjects(struct thunk_call *c)
{
    API_ARGS(kernel32, WaitForMultipleObjects, a);
    return wait_objects(c, a.nCount, a.lpHandles, a.bWaitAll != 0, a.dwMilliseconds, false);
}

uint64_t kernel32_WaitForMultipleObjectsEx(struct thunk_call *c)
{
    API_ARGS(kernel32, WaitForMultipleObjectsEx, a);
    return wait_objects(c, a.nCount, a.lpHandles, a.bWaitAll != 0, a.dwMilliseconds, a.bAlertable != 0);
}

/* Signals one object and waits on another with no other thread's host
 * code in between (both happen under the process lock). */
uint64_t kernel32_SignalObjectAndWait(struct thunk_call *c)
{
    API_ARGS(kernel32, SignalObjectAndWait, a);
    struct kobj *sig = kobj_from_handle(a.hObjectToSignal, KOBJ_ANY);
    struct handle_obj *f = handle_get(a.hObjectToWaitOn, HANDLE_FREE);
    bool waitable = kobj_from_handle(a.hObjectToWaitOn, KOBJ_ANY) ||
                    (f && (f->type == HANDLE_FILE || f->type == HANDLE_CONSOLE));
    if (!sig || !waitable)
        return failed(ERROR_INVALID_HANDLE);
    switch (sig->type) {
    case KOBJ_EVENT:
        kobj_event_set(sig, true);
        break;
    case KOBJ_MUTEX:
        if (!kobj_mutex_release(sig))
            return failed(ERROR_NOT_OWNER);
        break;
    case KOBJ_SEMAPHORE:
        if (!kobj_semaphore_release(sig, 1, NULL))
            return failed(ERROR_TOO_MANY_POSTS);
        break;
    default:
        return failed(ERROR_INVALID_HANDLE);
    }
    return wait_handles(c, &a.hObjectToWaitOn, 1, false, a.dwMilliseconds, a.bAlertable != 0);
}

/* ------------------------------------------------------------ sleeping */

static void sleep_ms(struct thunk_call *c, uint32_t ms)
{
    if (ms == 0) {
        thread_yield();
        return;
    }
    struct timespec d;
    if (ms != WAIT_INFINITE)
        clock_deadline((uint64_t)ms * 10000, &d);
    /* nothing wakes a sleeper but the end of the thread */
    enum thread_wake w = thread_wait(NULL, 0, ms == WAIT_INFINITE ? NULL : &d);
    if (w == THREAD_TERMINATED)
        c->no_return = true;
    else if (w == THREAD_TIMEOUT)
        clock_waited((uint64_t)ms * 10000);
}

uint64_t kernel32_Sleep(struct thunk_call *c)
{
    API_ARGS(kernel32, Sleep, a);
    sleep_ms(c, a.dwMilliseconds);
    return 0;
}

/* 0 when the time elapsed, WAIT_IO_COMPLETION when APCs ran. */
uint64_t kernel32_SleepEx(struct thunk_call *c)
{
    API_ARGS(kernel32, SleepEx, a);
    if (!a.bAlertable) {
        sleep_ms(c, a.dwMilliseconds);
        return 0;
    }
    uint32_t r = wait_objs(c, NULL, 0, false, a.dwMilliseconds, true);
    if (r == WAIT_IO_COMPLETION)
        return r;
    if (a.dwMilliseconds == 0 && !c->no_return)
        thread_yield();
    return 0;
}

/* The APC runs when the thread next waits alertably; dwData is its
 * argument. */
uint64_t kernel32_QueueUserAPC(struct thunk_call *c)
{
    API_ARGS(kernel32, QueueUserAPC, a);
    struct kobj *o = kobj_from_handle(a.hThread, KOBJ_THREAD);
    if (!o) {
        teb_set_last_error(ERROR_INVALID_HANDLE);
        return 0;
    }
    if (!apc_queue(o->thread, a.pfnAPC, &a.dwData, 1, NULL)) {
        teb_set_last_error(o->thread ? ERROR_NOT_ENOUGH_MEMORY : ERROR_GEN_FAILURE);
        return 0;
    }
    return 1;
}

uint64_t kernel32_SwitchToThread(struct thunk_call *c)
{
    (void)c;
    return thread_yield();
}
