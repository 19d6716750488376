/* iocp.c - I/O completion ports: posted packets in FIFO order, timeouts,
 * a file associated with a port (overlapped writes and reads queue their
 * completion with the file's key and set the OVERLAPPED's event; an event
 * with its low bit set queues nothing), GetOverlappedResult, a waiting
 * thread released by a post, GetQueuedCompletionStatusEx, a port closed
 * under a waiter (ERROR_ABANDONED_WAIT_0 as Windows documents it; Wine 8
 * lets the wait time out), CancelIoEx with nothing to cancel. */
#define __USE_MINGW_ANSI_STDIO 0 /* msvcrt.dll's printf */
#include <stdio.h>
#include <string.h>
#include <windows.h>

static HANDLE port;

static DWORD WINAPI waiter(void *arg)
{
    DWORD bytes = 0;
    ULONG_PTR key = 0;
    OVERLAPPED *ov = (OVERLAPPED *)1;
    BOOL ok = GetQueuedCompletionStatus(*(HANDLE *)arg, &bytes, &key, &ov, 5000);
    DWORD err = GetLastError();
    printf("waiter: %d key %lu bytes %lu", ok, (unsigned long)key, bytes);
    printf(ok ? "\n" : " error %lu overlapped NULL %d\n", err, ov == NULL);
    return 0;
}

static void get(const char *what, DWORD ms)
{
    DWORD bytes = 0;
    ULONG_PTR key = 0;
    OVERLAPPED *ov = (OVERLAPPED *)1;
    BOOL ok = GetQueuedCompletionStatus(port, &bytes, &key, &ov, ms);
    DWORD err = GetLastError();
    printf("%s: %d key %lu bytes %lu overlapped %lu", what, ok, (unsigned long)key, bytes, (unsigned long)(ULONG_PTR)ov);
    printf(ok ? "\n" : " error %lu\n", err);
}

int main(void)
{
    port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 0);
    printf("port: %d\n", port != NULL);
    PostQueuedCompletionStatus(port, 10, 1, (OVERLAPPED *)100);
    PostQueuedCompletionStatus(port, 20, 2, (OVERLAPPED *)200);
    PostQueuedCompletionStatus(port, 30, 3, NULL);
    get("first", 0);
    get("second", 0);
    get("third", INFINITE);
    get("empty, no wait", 0);
    get("empty, 50 ms", 50);

    char path[MAX_PATH];
    GetTempPathA(sizeof path, path);
    strcat(path, "wowbox_iocp.tmp");
    HANDLE f = CreateFileA(path, GENERIC_READ | GENERIC_WRITE, 0, NULL, CREATE_ALWAYS,
                           FILE_FLAG_OVERLAPPED | FILE_FLAG_DELETE_ON_CLOSE, NULL);
    printf("associate: same port %d\n", CreateIoCompletionPort(f, port, 7, 0) == port);
    HANDLE other = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 0);
    SetLastError(0);
    HANDLE again = CreateIoCompletionPort(f, other, 8, 0);
    printf("associate again: %d error %lu\n", again != NULL, GetLastError());

    OVERLAPPED ov = { 0 };
    ov.hEvent = CreateEventA(NULL, TRUE, FALSE, NULL);
    BOOL ok = WriteFile(f, "hello", 5, NULL, &ov);
    printf("overlapped write started: %d\n", ok || GetLastError() == ERROR_IO_PENDING);
    DWORD bytes = 0, n;
    ULONG_PTR key = 0;
    OVERLAPPED *got = NULL;
    ok = GetQueuedCompletionStatus(port, &bytes, &key, &got, 5000);
    printf("write completion: %d key %lu bytes %lu ours %d\n", ok, (unsigned long)key, bytes, got == &ov);
    ok = GetOverlappedResult(f, &ov, &n, TRUE);
    printf("GetOverlappedResult: %d bytes %lu, event set %d\n", ok, n, WaitForSingleObject(ov.hEvent, 0) == WAIT_OBJECT_0);

    char buf[16] = "";
    ResetEvent(ov.hEvent);
    ok = ReadFile(f, buf, sizeof buf, NULL, &ov);
    printf("overlapped read started: %d\n", ok || GetLastError() == ERROR_IO_PENDING);
    ok = GetQueuedCompletionStatus(port, &bytes, &key, &got, 5000);
    printf("read completion: %d key %lu bytes %lu data %.5s\n", ok, (unsigned long)key, bytes, buf);

    OVERLAPPED quiet = { 0 };
    HANDLE ev = CreateEventA(NULL, TRUE, FALSE, NULL);
    quiet.hEvent = (HANDLE)((ULONG_PTR)ev | 1);
    ok = WriteFile(f, "x", 1, NULL, &quiet);
    printf("write with the event's low bit: %d", ok || GetLastError() == ERROR_IO_PENDING);
    ok = GetOverlappedResult(f, &quiet, &n, TRUE);
    printf(", result %d bytes %lu\n", ok, n);
    get("no packet for it", 0);

    OVERLAPPED pending = { 0 };
    pending.Internal = 0x103; /* STATUS_PENDING */
    SetLastError(0);
    ok = GetOverlappedResult(f, &pending, &n, FALSE);
    printf("GetOverlappedResult on a pending one, no wait: %d error %lu\n", ok, GetLastError());
    SetLastError(0);
    ok = CancelIoEx(f, &ov);
    printf("CancelIoEx with nothing pending: %d error %lu\n", ok, GetLastError());

    HANDLE th = CreateThread(NULL, 0, waiter, &port, 0, NULL);
    Sleep(100);
    PostQueuedCompletionStatus(port, 5, 42, NULL);
    WaitForSingleObject(th, INFINITE);

    for (int i = 0; i < 3; i++)
        PostQueuedCompletionStatus(port, i, 50 + i, NULL);
    OVERLAPPED_ENTRY entries[2];
    ULONG removed = 0;
    ok = GetQueuedCompletionStatusEx(port, entries, 2, &removed, 0, FALSE);
    printf("Ex: %d removed %lu keys %lu %lu\n", ok, removed, (unsigned long)entries[0].lpCompletionKey,
           (unsigned long)entries[1].lpCompletionKey);
    ok = GetQueuedCompletionStatusEx(port, entries, 2, &removed, 0, FALSE);
    printf("Ex again: %d removed %lu key %lu\n", ok, removed, (unsigned long)entries[0].lpCompletionKey);
    SetLastError(0);
    ok = GetQueuedCompletionStatusEx(port, entries, 2, &removed, 0, FALSE);
    printf("Ex empty: %d error %lu\n", ok, GetLastError());

    th = CreateThread(NULL, 0, waiter, &other, 0, NULL);
    Sleep(100);
    CloseHandle(other);
    WaitForSingleObject(th, INFINITE);
    SetLastError(0);
    ok = PostQueuedCompletionStatus((HANDLE)0x1234, 0, 0, NULL);
    printf("post to a bad handle: %d error %lu\n", ok, GetLastError());
    CloseHandle(f);
    CloseHandle(port);
    return 0;
}
