/* stdio_close_reading.c - fclose of a stream another thread is reading
 * from a pipe waits for that read, as msvcrt's per-stream lock makes it
 * wait: the read fills the stream's buffer after waiting without the
 * process lock, so closing first once freed the buffer under it. The
 * read cannot end before main writes to the pipe, so fclose returning
 * only after that write is the proof. */
#include <fcntl.h>
#include <io.h>
#include <stdio.h>
#include <windows.h>

static FILE *stream;
static volatile LONG written;
static int got, closed, closed_after_write;

static DWORD WINAPI reader(void *arg)
{
    (void)arg;
    got = fgetc(stream); /* blocks: the pipe is empty */
    return 0;
}

static DWORD WINAPI closer(void *arg)
{
    (void)arg;
    closed = fclose(stream);
    closed_after_write = InterlockedCompareExchange(&written, 0, 0);
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
    InterlockedExchange(&written, 1);
    DWORD n;
    WriteFile(wr, "x", 1, &n, NULL);
    WaitForSingleObject(t1, INFINITE);
    WaitForSingleObject(t2, INFINITE);
    printf("reader got '%c'; fclose returned %d, after the write: %s\n", got, closed,
           closed_after_write ? "yes" : "no");
    return 0;
}
