/* threads.c - proves multiple guest threads: CreateThread and _beginthreadex
 * with arguments, WaitForSingleObject/WaitForMultipleObjects, exit codes via
 * GetExitCodeThread, events, a critical section and interlocked counters under
 * contention, and per-thread __thread variables (gcc emulated TLS). */
#include <stdio.h>
#include <process.h>
#include <windows.h>

#define NTHREADS 4
#define ITERS 20000

static __thread int tls_value = 100;     /* each thread starts with its own 100 */
static CRITICAL_SECTION cs;
static long shared_plain;                /* protected by cs */
static volatile LONG shared_atomic;
static HANDLE start_event;
static int results[NTHREADS];

static DWORD WINAPI worker(LPVOID arg)
{
    int id = (int)(INT_PTR)arg, i;

    WaitForSingleObject(start_event, INFINITE);   /* all threads start together */
    tls_value += id;                              /* private: no other thread sees it */
    for (i = 0; i < ITERS; i++) {
        EnterCriticalSection(&cs);
        shared_plain++;
        LeaveCriticalSection(&cs);
        InterlockedIncrement(&shared_atomic);
        if ((i & 1023) == 0)
            Sleep(0);
    }
    results[id] = tls_value;
    return 1000 + id;
}

static unsigned __stdcall crt_worker(void *arg)
{
    int *p = arg;
    *p *= 3;
    tls_value = -1;                               /* must not leak into main */
    return 77;
}

int main(void)
{
    HANDLE th[NTHREADS], h;
    DWORD code, r;
    int i, value = 14;
    unsigned tid;

    InitializeCriticalSection(&cs);
    start_event = CreateEventA(NULL, TRUE, FALSE, NULL);   /* manual reset, unsignaled */
    printf("event not yet signaled: wait timeout %d\n",
           WaitForSingleObject(start_event, 0) == WAIT_TIMEOUT);

    for (i = 0; i < NTHREADS; i++) {
        th[i] = CreateThread(NULL, 0, worker, (LPVOID)(INT_PTR)i, 0, NULL);
        if (!th[i]) {
            printf("CreateThread failed\n");
            return 1;
        }
    }
    GetExitCodeThread(th[0], &code);
    printf("thread 0 still active: %d\n", code == STILL_ACTIVE);
    SetEvent(start_event);

    r = WaitForMultipleObjects(NTHREADS, th, TRUE, INFINITE);
    printf("WaitForMultipleObjects(all): %s\n", r < WAIT_OBJECT_0 + NTHREADS ? "ok" : "failed");
    for (i = 0; i < NTHREADS; i++) {
        GetExitCodeThread(th[i], &code);
        printf("thread %d: exit code %lu, its tls_value %d\n", i, code, results[i]);
        CloseHandle(th[i]);
    }
    printf("shared counter (critical section): %ld\n", shared_plain);
    printf("shared counter (interlocked): %ld\n", (long)shared_atomic);
    printf("main's tls_value: %d\n", tls_value);

    h = (HANDLE)_beginthreadex(NULL, 0, crt_worker, &value, 0, &tid);
    WaitForSingleObject(h, INFINITE);
    GetExitCodeThread(h, &code);
    CloseHandle(h);
    printf("_beginthreadex: exit code %lu, value %d, main's tls_value still %d\n", code, value,
           tls_value);

    DeleteCriticalSection(&cs);
    CloseHandle(start_event);
    return 0;
}
