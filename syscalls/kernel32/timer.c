/* kernel32 waitable timers: kernel objects (core/sync.c) that become
 * signaled at a due time, relative (negative, 100 ns units) or absolute
 * (a UTC FILETIME), optionally every period after, and queue their
 * completion routine as an APC to the thread that set them. Notification
 * (manual-reset) timers stay signaled until set again; synchronization
 * timers release one waiter per expiry. */
#include <time.h>

#include "core/clock.h"
#include "core/process.h"
#include "core/sync.h"
#include "syscalls/api.h"
#include "syscalls/kernel32/api_args.h"
#include "syscalls/kernel32/objects.h"
#include "syscalls/win32_errors.h"

#define CREATE_WAITABLE_TIMER_MANUAL_RESET    0x1u
#define CREATE_WAITABLE_TIMER_HIGH_RESOLUTION 0x2u

static uint64_t fail(uint32_t err)
{
    teb_set_last_error(err);
    return 0;
}

static uint64_t create(bool manual, gaddr name, bool wide)
{
    struct kobj *o = kobj_create(KOBJ_TIMER);
    if (!o)
        return fail(ERROR_NOT_ENOUGH_MEMORY);
    o->manual_reset = manual;
    bool existed;
    return kobj_publish(o, name, wide, &existed);
}

uint64_t kernel32_CreateWaitableTimerA(struct thunk_call *c)
{
    API_ARGS(kernel32, CreateWaitableTimerA, a);
    return create(a.bManualReset != 0, a.lpTimerName, false);
}

uint64_t kernel32_CreateWaitableTimerW(struct thunk_call *c)
{
    API_ARGS(kernel32, CreateWaitableTimerW, a);
    return create(a.bManualReset != 0, a.lpTimerName, true);
}

static uint64_t create_ex(uint32_t flags, gaddr name, bool wide)
{
    if (flags & ~(CREATE_WAITABLE_TIMER_MANUAL_RESET | CREATE_WAITABLE_TIMER_HIGH_RESOLUTION))
        return fail(ERROR_INVALID_PARAMETER);
    return create(flags & CREATE_WAITABLE_TIMER_MANUAL_RESET, name, wide);
}

uint64_t kernel32_CreateWaitableTimerExA(struct thunk_call *c)
{
    API_ARGS(kernel32, CreateWaitableTimerExA, a);
    return create_ex(a.dwFlags, a.lpTimerName, false);
}

uint64_t kernel32_CreateWaitableTimerExW(struct thunk_call *c)
{
    API_ARGS(kernel32, CreateWaitableTimerExW, a);
    return create_ex(a.dwFlags, a.lpTimerName, true);
}

uint64_t kernel32_OpenWaitableTimerA(struct thunk_call *c)
{
    API_ARGS(kernel32, OpenWaitableTimerA, a);
    return kobj_open_named(KOBJ_TIMER, a.lpTimerName, false);
}

uint64_t kernel32_OpenWaitableTimerW(struct thunk_call *c)
{
    API_ARGS(kernel32, OpenWaitableTimerW, a);
    return kobj_open_named(KOBJ_TIMER, a.lpTimerName, true);
}

/* ns from now until a due time as SetWaitableTimer takes it. */
static int64_t due_in_ns(int64_t due)
{
    if (due < 0)
        return due < INT64_MIN / 100 ? INT64_MAX : -due * 100;
    int64_t now_ft = (int64_t)clock_peek_filetime();
    return due <= now_ft ? 0 : (due - now_ft) * 100;
}

static uint64_t set_timer(uint32_t h, gaddr due_ptr, int32_t period, gaddr routine, gaddr arg, bool resume)
{
    struct kobj *o = kobj_from_handle(h, KOBJ_TIMER);
    if (!o)
        return fail(ERROR_INVALID_HANDLE);
    int64_t due;
    if (!gm_read(due_ptr, &due, sizeof due))
        return fail(ERROR_NOACCESS);
    if (period < 0)
        return fail(ERROR_INVALID_PARAMETER);
    kobj_timer_set(o, due_in_ns(due), (uint32_t)period, routine, arg);
    /* there is no suspend to resume from: it succeeds, and says so */
    teb_set_last_error(resume ? ERROR_NOT_SUPPORTED : ERROR_SUCCESS);
    return 1;
}

uint64_t kernel32_SetWaitableTimer(struct thunk_call *c)
{
    API_ARGS(kernel32, SetWaitableTimer, a);
    return set_timer(a.hTimer, a.lpDueTime, (int32_t)a.lPeriod, a.pfnCompletionRoutine, a.lpArgToCompletionRoutine,
                     a.fResume != 0);
}

uint64_t kernel32_SetWaitableTimerEx(struct thunk_call *c)
{
    API_ARGS(kernel32, SetWaitableTimerEx, a);
    return set_timer(a.hTimer, a.lpDueTime, (int32_t)a.lPeriod, a.pfnCompletionRoutine, a.lpArgToCompletionRoutine,
                     false);
}

uint64_t kernel32_CancelWaitableTimer(struct thunk_call *c)
{
    API_ARGS(kernel32, CancelWaitableTimer, a);
    struct kobj *o = kobj_from_handle(a.hTimer, KOBJ_TIMER);
    if (!o)
        return fail(ERROR_INVALID_HANDLE);
    kobj_timer_cancel(o);
    return 1;
}
