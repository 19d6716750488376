/* sync_once_fls.c - one-time initialization and fiber-local storage:
 * eight threads race through InitOnceExecuteOnce and the callback runs
 * once (all see its context, the INIT_ONCE word holds context | 2), a
 * failing callback leaves it to be tried again, the check-only and
 * asynchronous forms of InitOnceBeginInitialize/InitOnceComplete; FlsAlloc
 * callbacks run on each thread that ends with a value set (returning,
 * ExitThread, _endthreadex; not for NULL values), FlsFree runs them for
 * the values still set, and bad indexes fail with ERROR_INVALID_PARAMETER. */
#include <process.h>
#include <stdio.h>
#include <windows.h>

static INIT_ONCE once = INIT_ONCE_STATIC_INIT;
static volatile LONG runs, attempts;
static HANDLE start;
static void *seen[8];

static BOOL CALLBACK init_slow(PINIT_ONCE o, PVOID param, PVOID *context)
{
    (void)o;
    InterlockedIncrement(&runs);
    Sleep(30); /* the others arrive meanwhile and must wait */
    *context = param;
    return TRUE;
}

static DWORD WINAPI racer(LPVOID arg)
{
    void *ctx = NULL;
    WaitForSingleObject(start, INFINITE);
    if (!InitOnceExecuteOnce(&once, init_slow, (PVOID)0x1230, &ctx))
        ctx = (void *)-1;
    seen[(INT_PTR)arg] = ctx;
    return 0;
}

static BOOL CALLBACK init_fails(PINIT_ONCE o, PVOID param, PVOID *context)
{
    (void)o;
    (void)context;
    InterlockedIncrement(&attempts);
    SetLastError(1234);
    return param != NULL;
}

/* ------------------------------------------------------------- FLS */

static DWORD slot;
static volatile LONG calls;
static char log_[256];

static VOID WINAPI fls_done(PVOID value)
{
    char buf[48];
    sprintf(buf, "[%s]", (const char *)value);
    /* one thread at a time: each ends after main waited for the last */
    strcat(log_, buf);
    InterlockedIncrement(&calls);
}

static DWORD WINAPI returns(LPVOID arg)
{
    FlsSetValue(slot, arg);
    return 0;
}

static DWORD WINAPI exits(LPVOID arg)
{
    FlsSetValue(slot, arg);
    ExitThread(7);
}

static unsigned __stdcall crt_exits(void *arg)
{
    FlsSetValue(slot, arg);
    _endthreadex(0);
    return 0;
}

static DWORD WINAPI sets_null(LPVOID arg)
{
    FlsSetValue(slot, arg);
    FlsSetValue(slot, NULL);
    return 0;
}

static void run(LPTHREAD_START_ROUTINE fn, const char *value)
{
    HANDLE t = CreateThread(NULL, 0, fn, (LPVOID)value, 0, NULL);
    WaitForSingleObject(t, INFINITE);
    CloseHandle(t);
}

int main(void)
{
    HANDLE th[8];
    start = CreateEventA(NULL, TRUE, FALSE, NULL);
    for (int i = 0; i < 8; i++)
        th[i] = CreateThread(NULL, 0, racer, (LPVOID)(INT_PTR)i, 0, NULL);
    SetEvent(start);
    WaitForMultipleObjects(8, th, TRUE, INFINITE);
    int same = 0;
    for (int i = 0; i < 8; i++)
        same += seen[i] == (void *)0x1230;
    printf("race: callback ran %ld time(s), %d of 8 threads got its context, word %p\n", runs, same, once.Ptr);
    void *ctx = NULL;
    BOOL pending = -1;
    BOOL ok = InitOnceBeginInitialize(&once, INIT_ONCE_CHECK_ONLY, &pending, &ctx);
    printf("check-only when done: %d, pending %d, context %p\n", ok, pending, ctx);

    INIT_ONCE again;
    InitOnceInitialize(&again);
    ok = InitOnceExecuteOnce(&again, init_fails, NULL, &ctx);
    DWORD err = GetLastError();
    printf("failing callback: %d, error %lu (its own), word %p\n", ok, err, again.Ptr);
    ctx = NULL;
    ok = InitOnceExecuteOnce(&again, init_fails, (PVOID)1, &ctx);
    printf("tried again: %d after %ld attempts\n", ok, attempts);

    INIT_ONCE fresh = INIT_ONCE_STATIC_INIT;
    SetLastError(0);
    ok = InitOnceBeginInitialize(&fresh, INIT_ONCE_CHECK_ONLY, &pending, &ctx);
    err = GetLastError();
    printf("check-only before anyone began: %d, error %lu\n", ok, err);
    ok = InitOnceBeginInitialize(&fresh, 0, &pending, &ctx);
    printf("begin: %d, pending %d, word %p\n", ok, pending, fresh.Ptr);
    ok = InitOnceComplete(&fresh, 0, (PVOID)0x5671);
    err = GetLastError();
    printf("complete with reserved context bits: %d, error %lu\n", ok, err);
    ok = InitOnceComplete(&fresh, 0, (PVOID)0x5670);
    printf("complete: %d, word %p\n", ok, fresh.Ptr);

    INIT_ONCE async = INIT_ONCE_STATIC_INIT;
    BOOL p1 = 0, p2 = 0;
    InitOnceBeginInitialize(&async, INIT_ONCE_ASYNC, &p1, &ctx);
    InitOnceBeginInitialize(&async, INIT_ONCE_ASYNC, &p2, &ctx);
    printf("async: both pending %d %d, word %p\n", p1, p2, async.Ptr);
    SetLastError(0);
    ok = InitOnceBeginInitialize(&async, 0, &pending, &ctx);
    err = GetLastError();
    printf("synchronous begin while async pending: %d, error %lu\n", ok, err);
    BOOL first = InitOnceComplete(&async, INIT_ONCE_ASYNC, (PVOID)0x100);
    BOOL second = InitOnceComplete(&async, INIT_ONCE_ASYNC, (PVOID)0x200);
    ctx = NULL;
    InitOnceBeginInitialize(&async, INIT_ONCE_ASYNC, &pending, &ctx);
    printf("async completes: first %d, second %d; the first one's context %p, pending %d\n", first, second, ctx,
           pending);

    /* FLS */
    slot = FlsAlloc(fls_done);
    printf("FlsAlloc: %s, fresh value %p\n", slot != FLS_OUT_OF_INDEXES ? "ok" : "failed", FlsGetValue(slot));
    run(returns, "returned");
    run(exits, "ExitThread");
    HANDLE crt = (HANDLE)_beginthreadex(NULL, 0, crt_exits, "_endthreadex", 0, NULL);
    WaitForSingleObject(crt, INFINITE);
    CloseHandle(crt);
    run(sets_null, "null");
    printf("after four threads: %ld callbacks %s\n", calls, log_);
    FlsSetValue(slot, "main");
    printf("main's value: %s\n", (const char *)FlsGetValue(slot));
    ok = FlsFree(slot);
    printf("FlsFree: %d, %ld callbacks %s\n", ok, calls, log_);
    SetLastError(0);
    void *v = FlsGetValue(slot);
    err = GetLastError();
    printf("freed slot: value %p, error %lu\n", v, err);
    SetLastError(0);
    ok = FlsSetValue(5000, NULL);
    err = GetLastError();
    printf("index 5000: set %d, error %lu\n", ok, err);
    DWORD nocb = FlsAlloc(NULL);
    FlsSetValue(nocb, "x");
    const char *x = FlsGetValue(nocb);
    ok = FlsFree(nocb);
    printf("slot without callback: value %s, FlsFree %d, callbacks still %ld\n", x, ok, calls);
    return 0;
}
