/* thread_exit.c - how threads end and what their handles say: the start
 * routine's return value, ExitThread from a nested call, TerminateThread,
 * STILL_ACTIVE while running, CREATE_SUSPENDED with Resume/SuspendThread
 * counts, thread ids (the out-parameter, GetThreadId, GetCurrentThreadId,
 * OpenThread), and msvcrt's _beginthread/_endthread. */
#include <process.h>
#include <stdio.h>
#include <windows.h>

static HANDLE release;
static volatile DWORD seen_id;

static DWORD WINAPI returns(LPVOID arg)
{
    return (DWORD)(INT_PTR)arg * 2;
}

static volatile int bottom; /* 0: the recursion ends in ExitThread */

static int deep(int n)
{
    if (n == bottom)
        ExitThread(0xBEEF);
    return n < 0 ? n : deep(n - 1) + 1;
}

static DWORD WINAPI exits(LPVOID arg)
{
    (void)arg;
    deep(10);
    return 1; /* never */
}

static DWORD WINAPI waits(LPVOID arg)
{
    (void)arg;
    seen_id = GetCurrentThreadId();
    WaitForSingleObject(release, INFINITE);
    return 7;
}

static volatile int crt_ran;

static void __cdecl crt_thread(void *arg)
{
    crt_ran = *(int *)arg;
    _endthread();
    crt_ran = -1; /* never */
}

int main(void)
{
    DWORD code, tid = 0;
    release = CreateEventA(NULL, TRUE, FALSE, NULL);

    HANDLE a = CreateThread(NULL, 0, returns, (LPVOID)21, 0, NULL);
    WaitForSingleObject(a, INFINITE);
    GetExitCodeThread(a, &code);
    printf("returned: %lu\n", code);

    HANDLE b = CreateThread(NULL, 0, exits, NULL, 0, NULL);
    WaitForSingleObject(b, INFINITE);
    GetExitCodeThread(b, &code);
    printf("ExitThread ten calls deep: %#lx\n", code);

    /* suspended: it has not run at all */
    HANDLE c = CreateThread(NULL, 0x20000, waits, NULL, CREATE_SUSPENDED, &tid);
    GetExitCodeThread(c, &code);
    printf("suspended: exit code %lu (STILL_ACTIVE), ran: %s\n", code, seen_id ? "yes" : "no");
    printf("SuspendThread: %lu", SuspendThread(c));
    printf(", ResumeThread: %lu", ResumeThread(c));
    printf(", ResumeThread: %lu\n", ResumeThread(c));
    while (!seen_id)
        Sleep(1);
    printf("ids agree: %s\n", seen_id == tid && GetThreadId(c) == tid ? "yes" : "no");
    HANDLE c2 = OpenThread(THREAD_ALL_ACCESS, FALSE, tid);
    printf("OpenThread by id: %s\n", c2 && c2 != c ? "a new handle" : "failed");
    printf("a wait with a timeout while it runs: %s\n", WaitForSingleObject(c2, 20) == WAIT_TIMEOUT ? "WAIT_TIMEOUT" : "?");
    SetEvent(release);
    WaitForSingleObject(c2, INFINITE);
    GetExitCodeThread(c2, &code);
    printf("through the second handle: exit code %lu\n", code);
    CloseHandle(c2);
    c2 = OpenThread(THREAD_ALL_ACCESS, FALSE, tid);
    printf("OpenThread after it ended, a handle still open: %s\n", c2 ? "works" : "failed");
    CloseHandle(c2);
    CloseHandle(c);
    SetLastError(0);
    HANDLE none = OpenThread(THREAD_ALL_ACCESS, FALSE, tid);
    DWORD err = GetLastError();
    printf("OpenThread once every handle is closed: %p, error %lu\n", (void *)none, err);

    /* TerminateThread on a thread that never ran */
    ResetEvent(release);
    HANDLE d = CreateThread(NULL, 0, waits, NULL, CREATE_SUSPENDED, NULL);
    TerminateThread(d, 99);
    WaitForSingleObject(d, INFINITE);
    GetExitCodeThread(d, &code);
    printf("terminated while suspended: exit code %lu\n", code);

    /* and one that is blocked in a wait */
    seen_id = 0;
    HANDLE e = CreateThread(NULL, 0, waits, NULL, 0, NULL);
    while (!seen_id)
        Sleep(1);
    TerminateThread(e, 0x42);
    WaitForSingleObject(e, INFINITE);
    GetExitCodeThread(e, &code);
    printf("terminated while waiting: exit code %#lx\n", code);

    int value = 31;
    uintptr_t f = _beginthread(crt_thread, 0, &value);
    while (!crt_ran)
        Sleep(1);
    printf("_beginthread: %s, the thread saw %d\n", f != (uintptr_t)-1 ? "started" : "failed", crt_ran);

    printf("current thread pseudo-handle: %p, its id is ours: %s\n", (void *)GetCurrentThread(),
           GetThreadId(GetCurrentThread()) == GetCurrentThreadId() ? "yes" : "no");
    GetExitCodeThread(GetCurrentThread(), &code);
    printf("our own exit code: %lu\n", code);
    CloseHandle(a);
    CloseHandle(b);
    CloseHandle(d);
    CloseHandle(e);
    return 0;
}
