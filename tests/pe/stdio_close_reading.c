/* stdio_close_reading.c - fclose of a stream another thread is reading
 * from a pipe waits for that read, as msvcrt's per-stream lock makes it
 * wait: the read fills the stream's buffer after waiting without the
 * process lock, so closing first once freed the buffer under it. The
 * order of the three events is the proof. */
#include <fcntl.h>
#include <io.h>
#include <stdio.h>
#include <windows.h>

static FILE *stream;
static volatile LONG step;
static int order[3];

static DWORD WINAPI reader(void *arg)
{
    (void)arg;
    int ch = fgetc(stream); /* blocks: the pipe is empty */
    order[InterlockedIncrement(&step) - 1] = ch == 'x' ? 'R' : '?';
    return 0;
}

static DWORD WINAPI closer(void *arg)
{
    (void)arg;
    int r = fclose(stream);
    order[InterlockedIncrement(&step) - 1] = r == 0 ? 'C' : '!';
    return 0;
}

int main(void)
{
    HANDLE rd, wr;
    if (!CreatePipe(&rd, &wr, NULL, 0))
        return 1;
    stream = _fdopen(_open_osfhandle((intptr_t)rd, _O_RDONLY), "rb");
    HANDLE t1 = CreateThread(NULL, 0, reader, NULL, 0, NULL);
    Sleep(200); /* the reader is waiting in the pipe read */
    HANDLE t2 = CreateThread(NULL, 0, closer, NULL, 0, NULL);
    Sleep(200); /* the closer must be waiting for the reader */
    order[InterlockedIncrement(&step) - 1] = 'W';
    DWORD n;
    WriteFile(wr, "x", 1, &n, NULL);
    WaitForSingleObject(t1, INFINITE);
    WaitForSingleObject(t2, INFINITE);
    printf("order %c%c%c (W: main writes, R: reader gets 'x', C: fclose returns 0)\n", order[0], order[1],
           order[2]);
    return 0;
}
