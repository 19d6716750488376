/* thread_mutex.c - mutex ownership: recursion, ReleaseMutex by a thread
 * that does not own it (ERROR_NOT_OWNER), a mutex created owned, and a
 * mutex abandoned by a thread that exits while holding it: the next wait
 * returns WAIT_ABANDONED (WAIT_ABANDONED_0 + index in a multiple wait),
 * hands over ownership, and later waits are ordinary again. */
#include <stdio.h>
#include <windows.h>

static HANDLE mtx, other, taken, finish;

static const char *wait_name(DWORD r)
{
    static char buf[40];
    if (r == WAIT_TIMEOUT)
        return "WAIT_TIMEOUT";
    if (r == WAIT_FAILED)
        return "WAIT_FAILED";
    if (r >= WAIT_ABANDONED_0 && r < WAIT_ABANDONED_0 + MAXIMUM_WAIT_OBJECTS)
        sprintf(buf, "WAIT_ABANDONED_0+%lu", r - WAIT_ABANDONED_0);
    else
        sprintf(buf, "WAIT_OBJECT_0+%lu", r - WAIT_OBJECT_0);
    return buf;
}

/* Takes the mutex twice and leaves without releasing it. */
static DWORD WINAPI quitter(LPVOID arg)
{
    (void)arg;
    WaitForSingleObject(mtx, INFINITE);
    WaitForSingleObject(mtx, INFINITE);
    WaitForSingleObject(other, INFINITE);
    SetEvent(taken);
    WaitForSingleObject(finish, INFINITE);
    return 5;
}

/* Tries to release a mutex main owns. */
static DWORD WINAPI stranger(LPVOID arg)
{
    (void)arg;
    SetLastError(0);
    BOOL ok = ReleaseMutex(mtx);
    return ok ? 1 : GetLastError();
}

int main(void)
{
    DWORD code;
    taken = CreateEventA(NULL, TRUE, FALSE, NULL);
    finish = CreateEventA(NULL, TRUE, FALSE, NULL);
    mtx = CreateMutexA(NULL, TRUE, NULL);          /* owned by main from the start */
    other = CreateMutexW(NULL, FALSE, NULL);

    printf("owned at creation, taken again: %s\n", wait_name(WaitForSingleObject(mtx, 0)));
    HANDLE s = CreateThread(NULL, 0, stranger, NULL, 0, NULL);
    WaitForSingleObject(s, INFINITE);
    GetExitCodeThread(s, &code);
    printf("ReleaseMutex from another thread: error %lu (ERROR_NOT_OWNER)\n", code);
    CloseHandle(s);
    BOOL r1 = ReleaseMutex(mtx), r2 = ReleaseMutex(mtx);
    SetLastError(0);
    BOOL r3 = ReleaseMutex(mtx);
    DWORD err = GetLastError();
    printf("release 1 of 2: %d, 2 of 2: %d, a third: %d (error %lu)\n", r1, r2, r3, err);

    HANDLE q = CreateThread(NULL, 0, quitter, NULL, 0, NULL);
    WaitForSingleObject(taken, INFINITE);
    printf("held by the other thread: %s\n", wait_name(WaitForSingleObject(mtx, 30)));
    SetEvent(finish);
    WaitForSingleObject(q, INFINITE);
    GetExitCodeThread(q, &code);
    printf("it exited (code %lu) holding both mutexes\n", code);

    printf("wait on the first: %s\n", wait_name(WaitForSingleObject(mtx, 0)));
    r1 = ReleaseMutex(mtx);
    r2 = ReleaseMutex(mtx);
    printf("then it is ours, once: release %d, again %d\n", r1, r2);
    printf("later waits are ordinary: %s\n", wait_name(WaitForSingleObject(mtx, 0)));
    ReleaseMutex(mtx);

    HANDLE set[3] = { taken, other, mtx };
    HANDLE pair[2] = { mtx, other };
    ResetEvent(taken);
    printf("any of {event, abandoned mutex, free mutex}: %s\n",
           wait_name(WaitForMultipleObjects(3, set, FALSE, 0)));
    ReleaseMutex(other);
    printf("all of {free mutex, mutex}: %s\n", wait_name(WaitForMultipleObjects(2, pair, TRUE, 0)));
    ReleaseMutex(mtx);
    ReleaseMutex(other);
    CloseHandle(q);
    CloseHandle(mtx);
    CloseHandle(other);
    CloseHandle(taken);
    CloseHandle(finish);
    return 0;
}
