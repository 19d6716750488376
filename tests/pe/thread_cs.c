/* thread_cs.c - critical sections under contention: four threads add to a
 * plain counter inside a section (entered twice, recursively) with a yield
 * between the read and the write, so any lapse in exclusion loses counts;
 * while a thread holds the section its OwningThread and RecursionCount say
 * so; TryEnterCriticalSection fails while another thread owns it; and the
 * fields are back to free afterwards. */
#include <stdio.h>
#include <windows.h>

#define NTHREADS 4
#define ITERS 5000

static CRITICAL_SECTION cs;
static long counter;
static volatile LONG bad_fields;
static HANDLE held, tried;

static DWORD WINAPI adder(LPVOID arg)
{
    (void)arg;
    for (int i = 0; i < ITERS; i++) {
        EnterCriticalSection(&cs);
        EnterCriticalSection(&cs);
        if ((DWORD)(ULONG_PTR)cs.OwningThread != GetCurrentThreadId() || cs.RecursionCount != 2)
            InterlockedIncrement(&bad_fields);
        long v = counter;
        if ((i & 63) == 0)
            SwitchToThread();   /* let the others pile up on the section */
        counter = v + 1;
        LeaveCriticalSection(&cs);
        LeaveCriticalSection(&cs);
    }
    return 0;
}

static DWORD WINAPI holder(LPVOID arg)
{
    (void)arg;
    EnterCriticalSection(&cs);
    SetEvent(held);
    WaitForSingleObject(tried, INFINITE);
    LeaveCriticalSection(&cs);
    return 0;
}

int main(void)
{
    HANDLE t[NTHREADS];
    InitializeCriticalSection(&cs);
    for (int i = 0; i < NTHREADS; i++)
        t[i] = CreateThread(NULL, 0, adder, NULL, 0, NULL);
    WaitForMultipleObjects(NTHREADS, t, TRUE, INFINITE);
    printf("counter: %ld of %d\n", counter, NTHREADS * ITERS);
    printf("owner and recursion wrong while held: %ld times\n", (long)bad_fields);
    printf("after: LockCount %ld, RecursionCount %ld, OwningThread %p\n", cs.LockCount, cs.RecursionCount,
           (void *)cs.OwningThread);

    held = CreateEventA(NULL, FALSE, FALSE, NULL);
    tried = CreateEventA(NULL, FALSE, FALSE, NULL);
    HANDLE h = CreateThread(NULL, 0, holder, NULL, 0, NULL);
    WaitForSingleObject(held, INFINITE);
    printf("TryEnterCriticalSection while another thread holds it: %d\n", TryEnterCriticalSection(&cs));
    SetEvent(tried);
    WaitForSingleObject(h, INFINITE);
    BOOL got = TryEnterCriticalSection(&cs);
    printf("after it left: %d, RecursionCount %ld", got, cs.RecursionCount);
    printf(", owner is us: %s\n", (DWORD)(ULONG_PTR)cs.OwningThread == GetCurrentThreadId() ? "yes" : "no");
    LeaveCriticalSection(&cs);
    DeleteCriticalSection(&cs);
    for (int i = 0; i < NTHREADS; i++)
        CloseHandle(t[i]);
    CloseHandle(h);
    return 0;
}
