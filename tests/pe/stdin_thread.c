/* stdin_thread.c - a thread reads the standard input with ReadFile (the
 * test runner feeds stdin_thread.stdin through a pipe) while the main
 * thread keeps working and waits for it; the end of a piped stdin is
 * ERROR_BROKEN_PIPE, as on Windows. */
#include <stdio.h>
#include <windows.h>

static char data[4096];
static DWORD total, reads, end_error;
static volatile LONG finished;

static DWORD WINAPI reader(LPVOID arg)
{
    HANDLE in = (HANDLE)arg;
    for (;;) {
        DWORD n = 0;
        if (!ReadFile(in, data + total, sizeof data - 1 - total, &n, NULL)) {
            end_error = GetLastError();
            break;
        }
        if (n == 0) /* a file or console at its end */
            break;
        total += n;
        reads++;
    }
    InterlockedExchange(&finished, 1);
    return 0;
}

int main(void)
{
    HANDLE in = GetStdHandle(STD_INPUT_HANDLE);
    printf("stdin is a pipe: %s\n", GetFileType(in) == FILE_TYPE_PIPE ? "yes" : "no");
    HANDLE t = CreateThread(NULL, 0, reader, in, 0, NULL);
    unsigned ticks = 0;
    while (WaitForSingleObject(t, 2) == WAIT_TIMEOUT)
        ticks++;
    unsigned lines = 0;
    for (DWORD i = 0; i < total; i++)
        lines += data[i] == '\n';
    printf("reader finished: %s; %lu bytes, %u lines; end error %lu\n", finished ? "yes" : "no", total, lines,
           end_error);
    data[total] = 0;
    char *last = data;
    for (char *p = data; *p; p++)
        if (*p == '\n' && p[1])
            last = p + 1;
    printf("last line: %s", last);
    CloseHandle(t);
    return ticks > 1000000u; /* the main thread ran (the count only varies) */
}
