/* pipe_errors.c - anonymous pipe semantics as Windows reports them:
 * GetFileType is FILE_TYPE_PIPE; PeekNamedPipe counts and copies without
 * consuming; a write to a pipe whose reader is gone fails with
 * ERROR_NO_DATA (wowbox must not die of SIGPIPE); data written before the
 * writer closed is still read, then ReadFile fails with ERROR_BROKEN_PIPE
 * (and so does PeekNamedPipe); a duplicate of the write end keeps the pipe
 * open until it is closed too; inherit flags from SECURITY_ATTRIBUTES,
 * DuplicateHandle and SetHandleInformation; the access of each end;
 * msvcrt's _write on a broken pipe. */
#include <errno.h>
#include <io.h>
#include <stdio.h>
#include <string.h>
#include <windows.h>

static void show(const char *what, BOOL ok)
{
    printf("%s: %s", what, ok ? "TRUE" : "FALSE");
    if (!ok)
        printf(", error %lu", GetLastError());
    printf("\n");
}

int main(void)
{
    HANDLE rd, wr, dup;
    DWORD n, avail, left, flags;
    char buf[32];

    show("CreatePipe", CreatePipe(&rd, &wr, NULL, 4096));
    printf("GetFileType: read end %lu, write end %lu\n", GetFileType(rd), GetFileType(wr));
    show("PeekNamedPipe on an empty pipe", PeekNamedPipe(rd, NULL, 0, NULL, &avail, NULL));
    printf("  available %lu\n", avail);
    WriteFile(wr, "abcdef", 6, &n, NULL);
    memset(buf, 0, sizeof buf);
    show("PeekNamedPipe 4 of 6 bytes", PeekNamedPipe(rd, buf, 4, &n, &avail, &left));
    printf("  copied %lu \"%s\", available %lu, left in message %lu\n", n, buf, avail, left);
    memset(buf, 0, sizeof buf);
    show("ReadFile 3", ReadFile(rd, buf, 3, &n, NULL));
    printf("  read %lu \"%s\"\n", n, buf);
    SetLastError(0);
    show("WriteFile on the read end", WriteFile(rd, "x", 1, &n, NULL));
    show("ReadFile on the write end", ReadFile(wr, buf, 1, &n, NULL));

    /* a duplicate of the write end keeps the pipe open */
    show("DuplicateHandle", DuplicateHandle(GetCurrentProcess(), wr, GetCurrentProcess(), &dup, 0, TRUE,
                                            DUPLICATE_SAME_ACCESS));
    GetHandleInformation(dup, &flags);
    printf("  duplicate is a new handle: %s, inherit flag %lu\n", dup != wr ? "yes" : "no", flags);
    CloseHandle(wr);
    memset(buf, 0, sizeof buf);
    show("ReadFile rest after the first writer closed", ReadFile(rd, buf, sizeof buf, &n, NULL));
    printf("  read %lu \"%s\"\n", n, buf);
    show("PeekNamedPipe while the duplicate lives", PeekNamedPipe(rd, NULL, 0, NULL, &avail, NULL));
    CloseHandle(dup);
    show("PeekNamedPipe after the last writer closed", PeekNamedPipe(rd, NULL, 0, NULL, &avail, NULL));
    show("ReadFile after the last writer closed", ReadFile(rd, buf, sizeof buf, &n, NULL));
    printf("  bytes read %lu\n", n);
    CloseHandle(rd);

    /* the reader goes first */
    CreatePipe(&rd, &wr, NULL, 0);
    CloseHandle(rd);
    n = 123;
    show("WriteFile with the reader gone", WriteFile(wr, "lost", 4, &n, NULL));
    printf("  written %lu\n", n);
    int fd = _open_osfhandle((intptr_t)wr, 0);
    errno = 0;
    int r = _write(fd, "lost", 4);
    printf("_write with the reader gone: %d, errno %d (EINVAL = %d)\n", r, errno, EINVAL);
    _close(fd);

    /* inheritance flags */
    SECURITY_ATTRIBUTES sa = { sizeof sa, NULL, TRUE };
    CreatePipe(&rd, &wr, &sa, 0);
    GetHandleInformation(rd, &flags);
    printf("inheritable pipe: read end flags %lu", flags);
    GetHandleInformation(wr, &flags);
    printf(", write end flags %lu\n", flags);
    SetHandleInformation(rd, HANDLE_FLAG_INHERIT, 0);
    GetHandleInformation(rd, &flags);
    printf("after SetHandleInformation: %lu\n", flags);
    SetHandleInformation(wr, HANDLE_FLAG_PROTECT_FROM_CLOSE, HANDLE_FLAG_PROTECT_FROM_CLOSE);
    show("CloseHandle of a protected handle", CloseHandle(wr));
    SetHandleInformation(wr, HANDLE_FLAG_PROTECT_FROM_CLOSE, 0);
    show("CloseHandle after clearing the flag", CloseHandle(wr));
    show("DuplicateHandle with DUPLICATE_CLOSE_SOURCE",
         DuplicateHandle(GetCurrentProcess(), rd, GetCurrentProcess(), &dup, 0, FALSE,
                         DUPLICATE_SAME_ACCESS | DUPLICATE_CLOSE_SOURCE));
    show("CloseHandle of the closed source", CloseHandle(rd));
    show("CloseHandle of its duplicate", CloseHandle(dup));
    show("PeekNamedPipe on a bad handle", PeekNamedPipe((HANDLE)0x1234, NULL, 0, NULL, &avail, NULL));
    return 0;
}
