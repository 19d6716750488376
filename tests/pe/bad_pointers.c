/* bad_pointers.c - APIs given pointers into unmapped or read-only memory
 * fail the way Windows fails them (ERROR_NOACCESS from the kernel's probe,
 * or the SEH-guarded lstr* results) instead of crashing the process. */
#include <stdio.h>
#include <windows.h>

#define BAD ((void *)0x10)

static void show(const char *what, int ok)
{
    printf("%-28s %s err=%lu\n", what, ok ? "ok" : "failed", ok ? 0 : GetLastError());
}

int main(void)
{
    HANDLE out = GetStdHandle(STD_OUTPUT_HANDLE);
    DWORD n = 0;
    fflush(stdout);
    show("WriteFile from unmapped", WriteFile(out, BAD, 5, &n, NULL));
    char *ro = VirtualAlloc(NULL, 4096, MEM_COMMIT | MEM_RESERVE, PAGE_READONLY);
    HANDLE in = CreateFileA("bad_pointers.tmp", GENERIC_READ | GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    WriteFile(in, "hello", 5, &n, NULL);
    SetFilePointer(in, 0, NULL, FILE_BEGIN);
    show("ReadFile into read-only", ReadFile(in, ro, 5, &n, NULL));
    show("ReadFile into unmapped", ReadFile(in, BAD, 5, &n, NULL));
    CloseHandle(in);
    DeleteFileA("bad_pointers.tmp");
    MEMORY_BASIC_INFORMATION *mbi = BAD;
    show("VirtualQuery to unmapped", VirtualQuery(ro, mbi, sizeof *mbi) != 0);
    DWORD old;
    show("VirtualProtect old=RO page", VirtualProtect(ro, 1, PAGE_READWRITE, (DWORD *)ro));
    (void)old;
    printf("lstrlenA(unmapped) = %d\n", lstrlenA(BAD));
    printf("lstrcpyA(to read-only) = %s\n", lstrcpyA(ro, "x") ? "non-NULL" : "NULL");
    return 0;
}
