/* pipe_block.c - a thread blocked in ReadFile on an empty anonymous pipe
 * does not stop the others: the main thread keeps running (counts, sleeps,
 * creates an event and waits on it) while the reader waits, then feeds the
 * pipe; the reader gets the bytes, then ERROR_BROKEN_PIPE once the writer
 * is closed. With the process lock held across the read, the main thread
 * never ran again and the program hung. */
#include <stdio.h>
#include <windows.h>

static HANDLE rd, wr;
static volatile LONG entered, returned;
static char got[64];
static DWORD got_n, second_ok, second_err;

static DWORD WINAPI reader(LPVOID arg)
{
    (void)arg;
    DWORD n = 0;
    InterlockedExchange(&entered, 1);
    BOOL ok = ReadFile(rd, got, sizeof got - 1, &n, NULL);
    got_n = ok ? n : 0xFFFFFFFFu;
    InterlockedExchange(&returned, 1);
    /* the writer goes away next: the drained pipe is then broken */
    second_ok = ReadFile(rd, got + 32, 16, &n, NULL);
    second_err = GetLastError();
    return 0;
}

int main(void)
{
    if (!CreatePipe(&rd, &wr, NULL, 0)) {
        printf("CreatePipe failed: %lu\n", GetLastError());
        return 1;
    }
    HANDLE t = CreateThread(NULL, 0, reader, NULL, 0, NULL);
    while (!entered)
        Sleep(1);
    /* the reader is inside ReadFile (or about to be): keep working */
    volatile unsigned work = 0;
    int ticks = 0;
    for (int i = 0; i < 20; i++) {
        for (int j = 0; j < 10000; j++)
            work += (unsigned)j;
        Sleep(5);
        ticks++;
    }
    HANDLE ev = CreateEventA(NULL, TRUE, FALSE, NULL);
    SetEvent(ev);
    DWORD w = WaitForSingleObject(ev, 1000);
    printf("main ran %d ticks while the reader waited; reader returned early: %s; event wait %lu\n",
           ticks, returned ? "yes" : "no", w);
    DWORD n = 0;
    BOOL ok = WriteFile(wr, "hello, reader", 13, &n, NULL);
    printf("WriteFile: %d, %lu bytes\n", ok, n);
    while (!returned)
        Sleep(1);
    got[got_n < sizeof got ? got_n : 0] = 0;
    printf("reader got %lu bytes: %s\n", got_n, got);
    CloseHandle(wr);
    WaitForSingleObject(t, INFINITE);
    printf("second ReadFile after the writer closed: %lu, error %lu (ERROR_BROKEN_PIPE = 109)\n", second_ok,
           second_err);
    CloseHandle(t);
    CloseHandle(rd);
    CloseHandle(ev);
    return 0;
}
