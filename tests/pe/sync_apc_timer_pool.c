/* sync_apc_timer_pool.c - user APCs, waitable timers and the thread pool:
 * QueueUserAPC runs only in an alertable wait (SleepEx, the *Ex waits,
 * SignalObjectAndWait), in queue order, on the target thread, and the
 * wait returns WAIT_IO_COMPLETION (a signaled object wins over a queued
 * APC, as the kernel checks the objects first); timers due relative and absolute,
 * manual-reset and synchronization, periodic, named, with a completion
 * routine queued to the setting thread (argument and a FILETIME);
 * QueueUserWorkItem, thread-pool work objects (every submission runs
 * before WaitForThreadpoolWorkCallbacks returns, with the work's context
 * and pointer), TrySubmitThreadpoolCallback and RegisterWaitForSingleObject
 * (fired by the object, by its timeout, once-only, unregistered). No line
 * depends on how fast the machine is. */
#include <stdio.h>
#include <windows.h>

static char order[64];
static volatile DWORD apc_thread;

static VOID CALLBACK note(ULONG_PTR data)
{
    char s[2] = { (char)data, 0 };
    strcat(order, s);
    apc_thread = GetCurrentThreadId();
}

static HANDLE ready, never;

static DWORD WINAPI alertable_waiter(LPVOID arg)
{
    (void)arg;
    /* signals `ready` and starts waiting alertably with nothing between */
    return SignalObjectAndWait(ready, never, INFINITE, TRUE);
}

static volatile LONG timer_apcs;
static void *timer_arg;
static ULONGLONG timer_ft;

static VOID CALLBACK timer_done(LPVOID arg, DWORD low, DWORD high)
{
    timer_arg = arg;
    timer_ft = (ULONGLONG)high << 32 | low;
    InterlockedIncrement(&timer_apcs);
}

static ULONGLONG now_ft(void)
{
    FILETIME ft;
    GetSystemTimeAsFileTime(&ft);
    return (ULONGLONG)ft.dwHighDateTime << 32 | ft.dwLowDateTime;
}

static void set_rel(HANDLE t, LONGLONG ms, LONG period, PTIMERAPCROUTINE fn, void *arg)
{
    LARGE_INTEGER due;
    due.QuadPart = -ms * 10000;
    SetWaitableTimer(t, &due, period, fn, arg, FALSE);
}

static volatile LONG items;
static HANDLE all_items;

static DWORD WINAPI work_item(LPVOID arg)
{
    if (InterlockedIncrement(&items) == 4)
        SetEvent(arg);
    return 0;
}

static volatile LONG work_runs, work_ok;
static PTP_WORK the_work;

static VOID CALLBACK work_cb(PTP_CALLBACK_INSTANCE inst, PVOID ctx, PTP_WORK work)
{
    (void)inst;
    Sleep(10);
    if (ctx == (PVOID)0xC0FFEE && work == the_work)
        InterlockedIncrement(&work_ok);
    InterlockedIncrement(&work_runs);
}

static VOID CALLBACK simple_cb(PTP_CALLBACK_INSTANCE inst, PVOID ctx)
{
    (void)inst;
    SetEvent(ctx);
}

static volatile LONG fired_by_object, fired_by_timeout;
static HANDLE wait_done;

static VOID CALLBACK on_wait(PVOID ctx, BOOLEAN timed_out)
{
    if (timed_out) {
        if (InterlockedIncrement(&fired_by_timeout) == 2)
            SetEvent(wait_done);
    } else {
        InterlockedIncrement(&fired_by_object);
        SetEvent(ctx);
    }
}

int main(void)
{
    /* APCs on the current thread */
    QueueUserAPC(note, GetCurrentThread(), 'a');
    QueueUserAPC(note, GetCurrentThread(), 'b');
    DWORD r = SleepEx(0, FALSE);
    printf("SleepEx(0, FALSE): %lu, ran \"%s\"\n", r, order);
    HANDLE ev = CreateEventA(NULL, TRUE, FALSE, NULL);
    r = WaitForSingleObject(ev, 30);
    printf("plain wait: %lu, ran \"%s\"\n", r, order);
    r = WaitForSingleObjectEx(ev, INFINITE, TRUE);
    printf("alertable wait: %lu (WAIT_IO_COMPLETION), ran \"%s\" on this thread: %s\n", r, order,
           apc_thread == GetCurrentThreadId() ? "yes" : "no");
    r = SleepEx(20, TRUE);
    printf("alertable sleep with nothing queued: %lu\n", r);
    QueueUserAPC(note, GetCurrentThread(), 'c');
    r = SleepEx(INFINITE, TRUE);
    HANDLE two[2] = { ev, ev };
    QueueUserAPC(note, GetCurrentThread(), 'd');
    DWORD r2 = WaitForMultipleObjectsEx(1, two, FALSE, INFINITE, TRUE);
    printf("SleepEx: %lu, WaitForMultipleObjectsEx: %lu, ran \"%s\"\n", r, r2, order);
    SetEvent(ev);
    QueueUserAPC(note, GetCurrentThread(), 'e');
    r = WaitForSingleObjectEx(ev, INFINITE, TRUE);
    printf("signaled object with an APC queued: %lu (the object wins), ran \"%s\"\n", r, order);
    r = SleepEx(0, TRUE);
    printf("then SleepEx(0, TRUE): %lu, ran \"%s\"\n", r, order);

    /* an APC to a thread blocked in an alertable wait */
    ready = CreateEventA(NULL, FALSE, FALSE, NULL);
    never = CreateEventA(NULL, TRUE, FALSE, NULL);
    DWORD tid;
    HANDLE t = CreateThread(NULL, 0, alertable_waiter, NULL, 0, &tid);
    WaitForSingleObject(ready, INFINITE);
    order[0] = 0;
    QueueUserAPC(note, t, 'x');
    WaitForSingleObject(t, INFINITE);
    GetExitCodeThread(t, &r);
    printf("other thread: its wait returned %lu, ran \"%s\" there: %s\n", r, order, apc_thread == tid ? "yes" : "no");
    SetLastError(0);
    r = QueueUserAPC(note, NULL, 'z');
    printf("QueueUserAPC on a bad handle: %lu, error %lu\n", r, GetLastError());

    /* timers */
    HANDLE mt = CreateWaitableTimerA(NULL, TRUE, NULL);
    printf("unset timer: %s\n", WaitForSingleObject(mt, 0) == WAIT_TIMEOUT ? "WAIT_TIMEOUT" : "signaled");
    set_rel(mt, 30, 0, NULL, NULL);
    r = WaitForSingleObject(mt, 10000);
    r2 = WaitForSingleObject(mt, 0);
    printf("manual-reset timer, relative 30 ms: %lu, still signaled: %lu\n", r, r2);
    LARGE_INTEGER due;
    due.QuadPart = (LONGLONG)now_ft() + 300000; /* absolute, 30 ms ahead */
    SetWaitableTimer(mt, &due, 0, NULL, NULL, FALSE);
    r2 = WaitForSingleObject(mt, 0);
    r = WaitForSingleObject(mt, 10000);
    printf("absolute due time: reset by the set %lu, then %lu\n", r2, r);
    due.QuadPart = 1; /* long past */
    SetWaitableTimer(mt, &due, 0, NULL, NULL, FALSE);
    printf("absolute time in the past: %lu\n", WaitForSingleObject(mt, 0));
    HANDLE st = CreateWaitableTimerExW(NULL, L"wowbox-sync-timer", 0, TIMER_ALL_ACCESS);
    HANDLE st2 = OpenWaitableTimerA(TIMER_ALL_ACCESS, FALSE, "wowbox-sync-timer");
    set_rel(st2, 10, 15, NULL, NULL);
    int got = 0;
    for (int i = 0; i < 3; i++)
        got += WaitForSingleObject(st, 10000) == WAIT_OBJECT_0;
    CancelWaitableTimer(st);
    printf("named periodic synchronization timer: %d of 3 periods through the other handle\n", got);
    CreateWaitableTimerA(NULL, FALSE, "wowbox-sync-timer");
    printf("create again by name: error %lu\n", GetLastError());
    ULONGLONG before = now_ft();
    set_rel(mt, 20, 0, timer_done, (void *)0x1234);
    r = SleepEx(INFINITE, TRUE);
    printf("completion routine: SleepEx %lu, %ld call, arg %p, time %s\n", r, timer_apcs, timer_arg,
           timer_ft >= before && timer_ft < before + 600000000ULL ? "plausible" : "wrong");
    set_rel(mt, 5, 10, timer_done, (void *)0x5678);
    while (timer_apcs < 4)
        SleepEx(INFINITE, TRUE);
    CancelWaitableTimer(mt);
    printf("periodic routine: %ld calls in all, arg %p\n", timer_apcs, timer_arg);
    SetLastError(0);
    BOOL set = SetWaitableTimer(ev, &due, 0, NULL, NULL, FALSE);
    printf("SetWaitableTimer on an event: %d, error %lu\n", set, GetLastError());

    /* thread pool */
    all_items = CreateEventA(NULL, TRUE, FALSE, NULL);
    for (int i = 0; i < 4; i++)
        QueueUserWorkItem(work_item, all_items, WT_EXECUTEDEFAULT);
    r = WaitForSingleObject(all_items, INFINITE);
    printf("QueueUserWorkItem: %ld items ran\n", items);
    the_work = CreateThreadpoolWork(work_cb, (PVOID)0xC0FFEE, NULL);
    for (int i = 0; i < 5; i++)
        SubmitThreadpoolWork(the_work);
    WaitForThreadpoolWorkCallbacks(the_work, FALSE);
    printf("work object: %ld runs done when the wait returned, %ld with its context and pointer\n", work_runs,
           work_ok);
    SubmitThreadpoolWork(the_work);
    WaitForThreadpoolWorkCallbacks(the_work, FALSE);
    CloseThreadpoolWork(the_work);
    printf("one more: %ld\n", work_runs);
    HANDLE simple = CreateEventA(NULL, FALSE, FALSE, NULL);
    BOOL ok = TrySubmitThreadpoolCallback(simple_cb, simple, NULL);
    printf("TrySubmitThreadpoolCallback: %d, callback %s\n", ok,
           WaitForSingleObject(simple, INFINITE) == WAIT_OBJECT_0 ? "ran" : "did not run");

    HANDLE obj = CreateEventA(NULL, FALSE, FALSE, NULL), seen = CreateEventA(NULL, FALSE, FALSE, NULL);
    HANDLE wh = NULL;
    ok = RegisterWaitForSingleObject(&wh, obj, on_wait, seen, INFINITE, WT_EXECUTEONLYONCE);
    SetEvent(obj);
    WaitForSingleObject(seen, INFINITE);
    UnregisterWaitEx(wh, INVALID_HANDLE_VALUE);
    printf("registered wait (once): %d, fired by the object %ld time(s)\n", ok, fired_by_object);
    wait_done = CreateEventA(NULL, TRUE, FALSE, NULL);
    HANDLE quiet = CreateEventA(NULL, FALSE, FALSE, NULL);
    ok = RegisterWaitForSingleObject(&wh, quiet, on_wait, NULL, 10, WT_EXECUTEDEFAULT);
    WaitForSingleObject(wait_done, INFINITE);
    ok = ok && UnregisterWaitEx(wh, INVALID_HANDLE_VALUE);
    LONG after = fired_by_timeout;
    Sleep(50);
    printf("registered wait with a 10 ms timeout: fired by timeouts %s, none after unregistering: %s\n",
           after >= 2 ? "twice or more" : "too few", fired_by_timeout == after ? "yes" : "no");
    return 0;
}
