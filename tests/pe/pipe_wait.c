/* pipe_wait.c - a pipe's read end is a waitable object, through the same
 * wait as events and threads: not signaled while empty (a zero timeout and
 * a 50 ms one both time out), signaled while data is there and again once
 * every writer is gone (ReadFile then reports ERROR_BROKEN_PIPE);
 * WaitForMultipleObjects wakes for a pipe another thread feeds, mixes pipes
 * with events and threads (any and all), and refuses the same pipe twice in
 * a wait-all. (wowbox's model: see README.md.) */
#include <stdio.h>
#include <windows.h>

static HANDLE rd, wr;

static DWORD WINAPI feed_later(LPVOID arg)
{
    DWORD n;
    Sleep((DWORD)(UINT_PTR)arg);
    WriteFile(wr, "z", 1, &n, NULL);
    return 0;
}

static const char *name(DWORD r)
{
    static char buf[32];
    if (r == WAIT_TIMEOUT)
        return "WAIT_TIMEOUT";
    if (r == WAIT_FAILED)
        return "WAIT_FAILED";
    sprintf(buf, "WAIT_OBJECT_0+%lu", r - WAIT_OBJECT_0);
    return buf;
}

int main(void)
{
    char b[8];
    DWORD n;
    CreatePipe(&rd, &wr, NULL, 0);
    printf("empty, no wait: %s\n", name(WaitForSingleObject(rd, 0)));
    DWORD t0 = GetTickCount();
    DWORD r = WaitForSingleObject(rd, 50);
    DWORD took = GetTickCount() - t0;
    printf("empty, 50 ms: %s after at least 40 ms: %s\n", name(r), took >= 40 ? "yes" : "no");
    WriteFile(wr, "ab", 2, &n, NULL);
    printf("with data: %s\n", name(WaitForSingleObject(rd, 0)));
    printf("still with data (a wait takes nothing): %s\n", name(WaitForSingleObject(rd, 0)));
    ReadFile(rd, b, sizeof b, &n, NULL);
    printf("drained: %s\n", name(WaitForSingleObject(rd, 0)));

    /* another thread feeds the pipe while this one waits on it and an event */
    HANDLE ev = CreateEventA(NULL, TRUE, FALSE, NULL);
    HANDLE t = CreateThread(NULL, 0, feed_later, (LPVOID)30, 0, NULL);
    HANDLE any[2] = { ev, rd };
    printf("event or pipe, fed by a thread: %s\n", name(WaitForMultipleObjects(2, any, FALSE, 5000)));
    WaitForSingleObject(t, INFINITE);
    CloseHandle(t);
    HANDLE all[2] = { ev, rd };
    printf("all of unset event and pipe with data: %s\n", name(WaitForMultipleObjects(2, all, TRUE, 0)));
    SetEvent(ev);
    printf("all of set event and pipe with data: %s\n", name(WaitForMultipleObjects(2, all, TRUE, 0)));
    HANDLE twice[2] = { rd, rd };
    printf("the same pipe twice in a wait-all: %s", name(WaitForMultipleObjects(2, twice, TRUE, 0)));
    printf(", error %lu\n", GetLastError());
    ReadFile(rd, b, sizeof b, &n, NULL);

    /* a thread that ends first wins over an empty pipe */
    t = CreateThread(NULL, 0, feed_later, (LPVOID)0, CREATE_SUSPENDED, NULL);
    HANDLE mix[2] = { rd, t };
    ResumeThread(t);
    r = WaitForMultipleObjects(2, mix, FALSE, 5000); /* the pipe (fed) or the thread (ended) */
    printf("pipe or feeding thread: %s\n", r == WAIT_OBJECT_0 || r == WAIT_OBJECT_0 + 1 ? "one of them" : name(r));
    WaitForSingleObject(t, INFINITE);
    CloseHandle(t);
    ReadFile(rd, b, sizeof b, &n, NULL);

    /* the end of the data is signaled too */
    CloseHandle(wr);
    printf("writer gone: %s\n", name(WaitForSingleObject(rd, 0)));
    BOOL ok = ReadFile(rd, b, sizeof b, &n, NULL);
    printf("ReadFile: %d, error %lu\n", ok, GetLastError());
    printf("closed handle: %s", name(WaitForSingleObject(wr, 0)));
    printf(", error %lu\n", GetLastError());
    CloseHandle(rd);
    CloseHandle(ev);
    return 0;
}
