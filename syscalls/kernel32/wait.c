/* kernel32 waits: WaitForSingleObject/WaitForMultipleObjects (all or any,
 * timeouts, abandoned mutexes) on events, mutexes, semaphores and threads,
 * SignalObjectAndWait, Sleep/SleepEx and SwitchToThread. Alertable waits
 * never return WAIT_IO_COMPLETION: no APC can be queued (QueueUserAPC and
 * overlapped completion routines are not implemented). */
#include "core/process.h"
#include "core/sync.h"
#include "core/thread.h"
#include "syscalls/api.h"
#include "syscalls/kernel32/objects.h"
#include "syscalls/win32_errors.h"

static uint64_t failed(uint32_t err)
{
    teb_set_last_error(err);
    return WAIT_FAILED;
}

static uint64_t wait_objects(struct thunk_call *c, uint32_t n, gaddr handles, bool all, uint32_t ms)
{
    if (n == 0 || n > MAXIMUM_WAIT_OBJECTS)
        return failed(ERROR_INVALID_PARAMETER);
    uint32_t h[MAXIMUM_WAIT_OBJECTS];
    if (!gm_read(handles, h, 4 * n))
        return failed(ERROR_NOACCESS);
    struct kobj *objs[MAXIMUM_WAIT_OBJECTS];
    for (uint32_t i = 0; i < n; i++) {
        objs[i] = kobj_from_handle(h[i], KOBJ_ANY);
        if (!objs[i])
            return failed(ERROR_INVALID_HANDLE);
        for (uint32_t j = 0; all && j < i; j++)
            if (objs[j] == objs[i]) /* STATUS_INVALID_PARAMETER_MIX */
                return failed(ERROR_INVALID_PARAMETER);
    }
    bool terminated;
    uint32_t r = kobj_wait(objs, n, all, ms, &terminated);
    if (terminated)
        c->no_return = true; /* the thread ends here */
    return r;
}

/* the handle argument itself is the one-element array */
uint64_t kernel32_WaitForSingleObject(struct thunk_call *c)
{
    return wait_objects(c, 1, c->esp + 4, false, arg(c, 1));
}

uint64_t kernel32_WaitForSingleObjectEx(struct thunk_call *c)
{
    return wait_objects(c, 1, c->esp + 4, false, arg(c, 1));
}

uint64_t kernel32_WaitForMultipleObjects(struct thunk_call *c)
{
    return wait_objects(c, arg(c, 0), arg(c, 1), arg(c, 2) != 0, arg(c, 3));
}

uint64_t kernel32_WaitForMultipleObjectsEx(struct thunk_call *c)
{
    return wait_objects(c, arg(c, 0), arg(c, 1), arg(c, 2) != 0, arg(c, 3));
}

/* Signals one object and waits on another with no other thread's host
 * code in between (both happen under the process lock). */
uint64_t kernel32_SignalObjectAndWait(struct thunk_call *c)
{
    struct kobj *sig = kobj_from_handle(arg(c, 0), KOBJ_ANY);
    if (!sig || !kobj_from_handle(arg(c, 1), KOBJ_ANY))
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
    return wait_objects(c, 1, c->esp + 8, false, arg(c, 2));
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
        thread_deadline(ms, &d);
    /* nothing wakes a sleeper but the end of the thread */
    if (thread_wait(NULL, 0, ms == WAIT_INFINITE ? NULL : &d) == THREAD_TERMINATED)
        c->no_return = true;
}

uint64_t kernel32_Sleep(struct thunk_call *c)
{
    sleep_ms(c, arg(c, 0));
    return 0;
}

uint64_t kernel32_SleepEx(struct thunk_call *c)
{
    sleep_ms(c, arg(c, 0));
    return 0; /* the time elapsed: no APC can have run */
}

uint64_t kernel32_SwitchToThread(struct thunk_call *c)
{
    (void)c;
    return thread_yield();
}
