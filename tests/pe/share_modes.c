/* share_modes.c - proves share modes between the opens of one file in a
 * process: FILE_SHARE_READ/WRITE/DELETE against the access of each open
 * (both ways), opens that use no data (attributes only) never conflict, a
 * refused CREATE_ALWAYS leaves the file as it was, DeleteFile and MoveFile
 * of a file open without FILE_SHARE_DELETE fail with ERROR_SHARING_VIOLATION,
 * and a file opened with it can be deleted while open. */
#include <stdio.h>
#include <string.h>
#include <windows.h>

#define F "wbshare.tmp"
#define G "wbshare2.tmp"

static HANDLE open_as(const char *label, const char *name, DWORD access, DWORD share, DWORD disp)
{
    SetLastError(0);
    HANDLE h = CreateFileA(name, access, share, NULL, disp, FILE_ATTRIBUTE_NORMAL, NULL);
    if (h == INVALID_HANDLE_VALUE)
        printf("%s: refused err=%lu\n", label, GetLastError());
    else
        printf("%s: opened\n", label);
    return h;
}

static void result(const char *label, BOOL ok)
{
    DWORD e = GetLastError();
    printf("%s: %d err=%lu\n", label, ok, ok ? 0 : e);
}

static void done(HANDLE h)
{
    if (h != INVALID_HANDLE_VALUE)
        CloseHandle(h);
}

int main(void)
{
    DWORD n;
    HANDLE w = open_as("create", F, GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ, CREATE_ALWAYS);
    WriteFile(w, "keep me", 7, &n, NULL);

    printf("-- the first open shares reading only\n");
    HANDLE r = open_as("reader sharing read+write", F, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, OPEN_EXISTING);
    done(open_as("reader sharing read only", F, GENERIC_READ, FILE_SHARE_READ, OPEN_EXISTING));
    done(open_as("second writer", F, GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, OPEN_EXISTING));
    done(open_as("attributes only, sharing nothing", F, FILE_READ_ATTRIBUTES, 0, OPEN_EXISTING));
    done(open_as("CREATE_ALWAYS over it", F, GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, CREATE_ALWAYS));
    printf("size after the refused CREATE_ALWAYS: %lu\n", GetFileSize(w, NULL));
    done(r);

    printf("-- a new open that does not share what others do\n");
    done(open_as("reader sharing nothing", F, GENERIC_READ, 0, OPEN_EXISTING));
    done(open_as("reader sharing read+write", F, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, OPEN_EXISTING));

    printf("-- delete and rename\n");
    result("DeleteFile", DeleteFileA(F));
    result("MoveFile", MoveFileA(F, G));
    printf("still there: %d\n", GetFileAttributesA(F) != INVALID_FILE_ATTRIBUTES);
    done(open_as("opening for delete", F, DELETE, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                 OPEN_EXISTING));
    CloseHandle(w);
    r = open_as("after the close, sharing nothing", F, GENERIC_READ | GENERIC_WRITE, 0, OPEN_EXISTING);
    CloseHandle(r);

    printf("-- opened with FILE_SHARE_DELETE\n");
    r = open_as("reader sharing delete", F, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_DELETE, OPEN_EXISTING);
    result("DeleteFile", DeleteFileA(F));
    char buf[8] = { 0 };
    ReadFile(r, buf, 7, &n, NULL);
    printf("the open handle still reads: %s\n", buf);
    CloseHandle(r);
    printf("gone after the close: %d\n", GetFileAttributesA(F) == INVALID_FILE_ATTRIBUTES);

    printf("-- the CRT shares reading and writing\n");
    FILE *a = fopen(G, "w"), *b = fopen(G, "r");
    printf("two fopens: %d\n", a && b);
    fclose(a);
    fclose(b);
    DeleteFileA(G);
    return 0;
}
