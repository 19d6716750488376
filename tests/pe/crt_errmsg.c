/* crt_errmsg.c - msvcrt's error messages: strerror's texts for every errno
 * value (and past _sys_nerr), the per-thread buffer strerror fills (a
 * caller may write to it without changing the table), _strerror with and
 * without the caller's text, _wcserror(_s), _sys_errlist/_sys_nerr, the
 * "C" locale's strxfrm/wcsxfrm, and system() with no command processor. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>

static char *other_thread_msg;

static DWORD WINAPI other(void *arg)
{
    (void)arg;
    other_thread_msg = strerror(EACCES);
    return 0;
}

static void show_wide(const char *what, const wchar_t *w)
{
    printf("%s: ", what);
    for (; *w; w++)
        putchar(*w < 128 ? (char)*w : '?');
    printf("\n");
}

int main(void)
{
    for (int e = -1; e <= 44; e++)
        printf("%2d %s\n", e, strerror(e));
    printf("_sys_nerr %d, _sys_errlist[2] %s\n", _sys_nerr, _sys_errlist[2]);

    char *m = strerror(ENOENT);
    strcpy(m, "scribbled");
    printf("after writing to strerror's buffer: %s / %s\n", strerror(ENOENT), _sys_errlist[ENOENT]);
    HANDLE t = CreateThread(NULL, 0, other, NULL, 0, NULL);
    WaitForSingleObject(t, INFINITE);
    printf("other thread's buffer is its own: %s, %s\n", other_thread_msg != strerror(EEXIST) ? "yes" : "no",
           other_thread_msg);

    errno = ENOENT;
    printf("[%s]", _strerror(NULL));
    errno = EEXIST;
    printf("[%s]", _strerror("open"));
    errno = EBADF;
    printf("[%s]", _strerror(""));

    show_wide("_wcserror(EPIPE)", _wcserror(EPIPE));
    wchar_t small[8];
    printf("_wcserror_s small: %d ", _wcserror_s(small, 8, EDOM));
    show_wide("", small);
    printf("_wcserror_s NULL: %d\n", _wcserror_s(NULL, 8, EDOM));

    char x[8];
    memset(x, '#', sizeof x);
    printf("strxfrm fits: %u [%s]\n", (unsigned)strxfrm(x, "abc", sizeof x), x);
    memset(x, '#', sizeof x);
    printf("strxfrm too small: %u first byte %c\n", (unsigned)strxfrm(x, "abcdefghij", 4), x[0]);
    printf("strxfrm length only: %u\n", (unsigned)strxfrm(NULL, "hello", 0));
    wchar_t wx[8];
    printf("wcsxfrm: %u ", (unsigned)wcsxfrm(wx, L"wide", 8));
    show_wide("", wx);

    printf("system(NULL) = %d\n", system(NULL));
    errno = 0;
    int r = system("echo hi");
    printf("system(\"echo hi\") = %d errno %d\n", r, errno);
    return 0;
}
