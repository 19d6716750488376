// build-flags: -ladvapi32
/* trace_failures.c - calls whose return values are answers rather than
 * failures beside calls that really fail, one of each return convention:
 * tests/trace_formats.py runs it with --trace-failed and checks that the
 * trace keeps exactly the failures (the convention is declared per export,
 * syscalls/trace_class.h). Alone it prints what each call returned. */
#include <fcntl.h>
#include <io.h>
#include <stdio.h>
#include <string.h>
#include <windows.h>

int main(void)
{
    /* answers: NULL, 0 or -1 that are no failure */
    const char text[] = "abc";
    printf("memchr: %s\n", memchr(text, 'z', 3) ? "found" : "NULL");
    printf("strchr: %s\n", strchr(text, 'z') ? "found" : "NULL");
    SetUnhandledExceptionFilter(NULL); /* the C runtime's filter comes back */
    printf("previous filter: %s\n", SetUnhandledExceptionFilter(NULL) ? "set" : "NULL");
    DWORD tls = TlsAlloc();
    printf("TlsGetValue of a new slot: %s\n", TlsGetValue(tls) ? "value" : "NULL");
    HGLOBAL g = GlobalAlloc(GMEM_FIXED, 16);
    printf("GlobalFree: %s\n", GlobalFree(g) ? "handle back" : "NULL (freed)");
    printf("GetCurrentProcess: %p\n", (void *)GetCurrentProcess());
    printf("strcmp: %d\n", strcmp("a", "b") < 0 ? -1 : 1);
    char dir[MAX_PATH];
    printf("GetCurrentDirectoryA: %s\n", GetCurrentDirectoryA(sizeof dir, dir) ? "length" : "0");

    /* failures, one of each convention */
    printf("GetModuleHandleA: %s\n", GetModuleHandleA("no_such_module.dll") ? "handle" : "NULL");
    HANDLE f = CreateFileA("no_such_dir\\no_such_file.txt", GENERIC_READ, 0, NULL, OPEN_EXISTING, 0, NULL);
    printf("CreateFileA: %s\n", f == INVALID_HANDLE_VALUE ? "INVALID_HANDLE_VALUE" : "handle");
    HKEY key;
    LONG rc = RegOpenKeyExA(HKEY_CURRENT_USER, "Software\\NoSuchKeyForWowbox", 0, KEY_READ, &key);
    printf("RegOpenKeyExA: %ld\n", rc);
    printf("_open: %d\n", _open("no_such_file.txt", _O_RDONLY));
    printf("GetModuleFileNameA: %lu\n", GetModuleFileNameA((HMODULE)0x12340000, dir, sizeof dir));
    printf("CloseHandle: %d\n", CloseHandle(NULL));
    return 0;
}
