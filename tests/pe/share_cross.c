/* share_cross.c - proves share modes and the delete-pending state across
 * processes (this program run again as a child with a step name): a child's
 * open that conflicts with the parent's share mode gets
 * ERROR_SHARING_VIOLATION, one that fits succeeds; DeleteFile of a file open
 * with FILE_SHARE_DELETE makes its deletion pending (new opens and attribute
 * queries fail with ERROR_ACCESS_DENIED in every process, the name is still
 * listed) and the file goes with the last handle, also when that handle is
 * in the other process; FILE_FLAG_DELETE_ON_CLOSE makes it pending at its
 * close; msvcrt's _sopen/_sopen_s/_wsopen_s/_fsopen pass their _SH_* flags
 * down, so they hold against the child too. */
#include <errno.h>
#include <fcntl.h>
#include <io.h>
#include <share.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <windows.h>
#include "run_child.h"

#define FILE1 "wbsc_one.tmp"

static HANDLE open_file(DWORD access, DWORD share, DWORD disp, DWORD flags)
{
    return CreateFileA(FILE1, access, share, NULL, disp, flags, NULL);
}

/* An open and what it got: "ok" or the last error. */
static void try_open(const char *who, const char *what, DWORD access, DWORD share)
{
    SetLastError(0);
    HANDLE h = open_file(access, share, OPEN_EXISTING, 0);
    if (h == INVALID_HANDLE_VALUE) {
        printf("%s: %s: err=%lu\n", who, what, GetLastError());
        return;
    }
    printf("%s: %s: ok\n", who, what);
    CloseHandle(h);
}

static void attributes(const char *who)
{
    SetLastError(0);
    DWORD a = GetFileAttributesA(FILE1);
    if (a == INVALID_FILE_ATTRIBUTES)
        printf("%s: attributes: err=%lu\n", who, GetLastError());
    else
        printf("%s: attributes: found\n", who);
}

static void listed(const char *who)
{
    WIN32_FIND_DATAA fd;
    HANDLE f = FindFirstFileA(FILE1, &fd);
    printf("%s: listed: %d\n", who, f != INVALID_HANDLE_VALUE);
    if (f != INVALID_HANDLE_VALUE)
        FindClose(f);
}

static int child(const char *step)
{
    if (!strcmp(step, "writer")) { /* the parent writes, sharing reading only */
        try_open("child", "write", GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE);
        try_open("child", "read sharing all", GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE);
        try_open("child", "read sharing reading", GENERIC_READ, FILE_SHARE_READ);
        try_open("child", "attributes only", FILE_READ_ATTRIBUTES, 0);
        SetLastError(0);
        BOOL ok = DeleteFileA(FILE1);
        printf("child: DeleteFile: %d err=%lu\n", ok, GetLastError());
    } else if (!strcmp(step, "pending")) {
        try_open("child", "open", GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE);
        attributes("child");
        listed("child");
    } else if (!strcmp(step, "delete")) { /* opens it too and deletes it; the parent's handle outlives it */
        HANDLE h = open_file(GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, OPEN_EXISTING, 0);
        printf("child: open: %s\n", h != INVALID_HANDLE_VALUE ? "ok" : "failed");
        printf("child: DeleteFile: %d\n", DeleteFileA(FILE1));
        attributes("child");
        /* exits with h open: the process's end closes it */
    } else if (!strcmp(step, "crt")) {
        FILE *f = fopen(FILE1, "r");
        printf("child: fopen r: %s errno=%d\n", f ? "ok" : "NULL", f ? 0 : errno);
        if (f)
            fclose(f);
    } else if (!strcmp(step, "crt_read")) {
        FILE *f = fopen(FILE1, "r");
        printf("child: fopen r: %s\n", f ? "ok" : "NULL");
        if (f)
            fclose(f);
        f = fopen(FILE1, "a");
        printf("child: fopen a: %s errno=%d\n", f ? "ok" : "NULL", f ? 0 : errno);
        if (f)
            fclose(f);
    }
    return 0;
}

static void share_modes(void)
{
    printf("-- share modes across processes\n");
    HANDLE w = open_file(GENERIC_WRITE, FILE_SHARE_READ, CREATE_ALWAYS, 0);
    DWORD n;
    WriteFile(w, "data", 4, &n, NULL);
    run_child("writer");
    attributes("parent");
    CloseHandle(w);
}

static void delete_pending(void)
{
    printf("-- delete pending\n");
    HANDLE h = open_file(GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, OPEN_EXISTING, 0);
    printf("parent: DeleteFile while open: %d\n", DeleteFileA(FILE1));
    FILE_STANDARD_INFO si;
    GetFileInformationByHandleEx(h, FileStandardInfo, &si, sizeof si);
    printf("parent: DeletePending: %d\n", si.DeletePending);
    try_open("parent", "open", GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE);
    SetLastError(0);
    HANDLE c = open_file(GENERIC_WRITE, 0, CREATE_ALWAYS, 0);
    printf("parent: CREATE_ALWAYS: %s err=%lu\n", c == INVALID_HANDLE_VALUE ? "failed" : "ok", GetLastError());
    listed("parent");
    run_child("pending");
    char b[4] = { 0 };
    DWORD n = 0;
    ReadFile(h, b, 4, &n, NULL);
    printf("parent: the handle still reads: %.4s\n", b);
    CloseHandle(h);
    attributes("parent after the last close");

    printf("-- the last handle in the other process\n");
    h = open_file(GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, CREATE_ALWAYS, 0);
    run_child("delete");
    attributes("parent");
    CloseHandle(h);
    attributes("parent after its close");

    printf("-- FILE_FLAG_DELETE_ON_CLOSE\n");
    h = open_file(GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, CREATE_ALWAYS,
                  FILE_FLAG_DELETE_ON_CLOSE);
    HANDLE other = open_file(GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, OPEN_EXISTING, 0);
    printf("second open while the first is open: %s\n", other != INVALID_HANDLE_VALUE ? "ok" : "failed");
    CloseHandle(h);
    attributes("after the delete-on-close handle");
    run_child("pending");
    CloseHandle(other);
    attributes("after the last close");

    printf("-- revoked\n");
    h = open_file(GENERIC_WRITE | DELETE, FILE_SHARE_READ | FILE_SHARE_DELETE, CREATE_ALWAYS, 0);
    FILE_DISPOSITION_INFO d = { TRUE };
    printf("set: %d\n", SetFileInformationByHandle(h, FileDispositionInfo, &d, sizeof d));
    attributes("pending");
    d.DeleteFile = FALSE;
    printf("cleared: %d\n", SetFileInformationByHandle(h, FileDispositionInfo, &d, sizeof d));
    CloseHandle(h);
    attributes("after the close");
    DeleteFileA(FILE1);
}

static void crt(void)
{
    printf("-- msvcrt share flags\n");
    int fd = _sopen(FILE1, _O_CREAT | _O_RDWR | _O_BINARY, _SH_DENYRW, _S_IREAD | _S_IWRITE);
    printf("_sopen _SH_DENYRW: %s\n", fd >= 0 ? "ok" : "failed");
    _write(fd, "crt", 3);
    int again = _sopen(FILE1, _O_RDONLY, _SH_DENYNO);
    printf("again here: %d errno=%d\n", again, again < 0 ? errno : 0);
    run_child("crt");
    _close(fd);
    run_child("crt");

    FILE *f = _fsopen(FILE1, "r", _SH_DENYWR);
    printf("_fsopen r _SH_DENYWR: %s\n", f ? "ok" : "NULL");
    run_child("crt_read");
    fclose(f);

    int h = -2;
    errno_t e = _wsopen_s(&h, L"" FILE1, _O_RDONLY, _SH_DENYRD, 0);
    printf("_wsopen_s _SH_DENYRD: %d %s\n", e, h >= 0 ? "fd" : "-1");
    int h2 = -2;
    e = _wsopen_s(&h2, L"" FILE1, _O_RDONLY, _SH_DENYNO, 0);
    printf("a reader beside it: %d fd=%d\n", e, h2);
    _close(h);
    e = _wsopen_s(&h2, L"" FILE1, _O_RDONLY, _SH_DENYNO, 0);
    printf("after its close: %d %s\n", e, h2 >= 0 ? "fd" : "-1");
    _close(h2);
    int bad = _sopen(FILE1, _O_RDONLY, 0x55);
    printf("bad share flag: %d errno=%d\n", bad, errno);
    DeleteFileA(FILE1);
}

int main(int argc, char **argv)
{
    if (argc > 1)
        return child(argv[1]);
    share_modes();
    delete_pending();
    crt();
    return 0;
}
