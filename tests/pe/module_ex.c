/* module_ex.c - GetModuleHandleEx (by name, by an address inside a module,
 * reference counts, bad flags), the Virtual*Ex forms on the current
 * process and a bogus handle, and VirtualLock/VirtualUnlock bookkeeping. */
#include <stdio.h>
#include <windows.h>

static void show(const char *what, BOOL ok)
{
    printf("%-34s %s err=%lu\n", what, ok ? "ok" : "failed", ok ? 0 : GetLastError());
}

int main(void)
{
    HMODULE h = NULL;
    show("GetModuleHandleEx(kernel32)", GetModuleHandleExA(0, "kernel32.dll", &h));
    printf("  same as GetModuleHandle: %s\n", h == GetModuleHandleA("kernel32.dll") ? "yes" : "no");
    show("GetModuleHandleEx(from address)",
         GetModuleHandleExA(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS, (LPCSTR)(void *)main, &h));
    printf("  that is the program: %s\n", h == GetModuleHandleA(NULL) ? "yes" : "no");
    show("GetModuleHandleEx(missing)", GetModuleHandleExA(0, "nosuch.dll", &h));
    printf("  module set to NULL: %s\n", h == NULL ? "yes" : "no");
    show("GetModuleHandleEx(PIN|UNCHANGED)",
         GetModuleHandleExA(GET_MODULE_HANDLE_EX_FLAG_PIN | GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT,
                            "kernel32.dll", &h));
    show("GetModuleHandleEx(NULL out)", GetModuleHandleExA(0, "kernel32.dll", NULL));

    char *p = VirtualAllocEx(GetCurrentProcess(), NULL, 0x3000, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE);
    show("VirtualAllocEx(current process)", p != NULL);
    show("VirtualAllocEx(bogus handle)",
         VirtualAllocEx((HANDLE)0x1234, NULL, 0x1000, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE) != NULL);
    MEMORY_BASIC_INFORMATION m;
    show("VirtualQueryEx", VirtualQueryEx(GetCurrentProcess(), p, &m, sizeof m) == sizeof m);
    DWORD old;
    show("VirtualProtectEx", VirtualProtectEx(GetCurrentProcess(), p, 0x1000, PAGE_READONLY, &old));
    show("VirtualLock", VirtualLock(p + 0x1000, 0x2000));
    show("VirtualUnlock", VirtualUnlock(p + 0x1000, 0x1000));
    show("VirtualUnlock again", VirtualUnlock(p + 0x1000, 0x1000));
    show("VirtualLock reserved memory", VirtualLock((char *)VirtualAlloc(NULL, 0x1000, MEM_RESERVE, PAGE_READWRITE), 1));
    show("VirtualFreeEx", VirtualFreeEx(GetCurrentProcess(), p, 0, MEM_RELEASE));
    return 0;
}
