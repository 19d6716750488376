/* pipe_exit.c - the process ends (main returns 7) while two threads are
 * blocked reading pipes nobody writes, one in ReadFile and one in msvcrt's
 * _read: ExitProcess must still end them, and the exit code is main's. */
#include <io.h>
#include <stdio.h>
#include <windows.h>

static HANDLE rd1, wr1, rd2, wr2;
static volatile LONG started;

static DWORD WINAPI k32_reader(LPVOID arg)
{
    (void)arg;
    char b[8];
    DWORD n;
    InterlockedIncrement(&started);
    ReadFile(rd1, b, sizeof b, &n, NULL);
    printf("ReadFile returned: wrong\n");
    return 0;
}

static DWORD WINAPI crt_reader(LPVOID arg)
{
    int fd = (int)(intptr_t)arg;
    char b[8];
    InterlockedIncrement(&started);
    _read(fd, b, sizeof b);
    printf("_read returned: wrong\n");
    return 0;
}

int main(void)
{
    CreatePipe(&rd1, &wr1, NULL, 0);
    CreatePipe(&rd2, &wr2, NULL, 0);
    int fd = _open_osfhandle((intptr_t)rd2, 0);
    CreateThread(NULL, 0, k32_reader, NULL, 0, NULL);
    CreateThread(NULL, 0, crt_reader, (LPVOID)(intptr_t)fd, 0, NULL);
    while (started < 2)
        Sleep(1);
    Sleep(20);
    printf("both readers wait; main returns 7\n");
    fflush(stdout);
    return 7;
}
