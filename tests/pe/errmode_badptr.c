/* errmode_badptr.c - what test programs call first: the process and thread
 * error modes (SEM_NOALIGNMENTFAULTEXCEPT sticks once set; the thread mode
 * refuses other bits), the IsBad*Ptr probes (NULL, zero length, read-only,
 * freed, wrapping sizes, strings at the end of a page, a guard page whose
 * guard the first probe consumes), and WaitForDebugEvent failing for a
 * program that is not a debugger, so polling loops stop. */
#include <stdio.h>
#include <string.h>
#include <windows.h>

static void yes(const char *what, BOOL v)
{
    printf("%-34s %s\n", what, v ? "TRUE" : "FALSE");
}

int main(void)
{
    printf("SetErrorMode(3) old=%#x\n", SetErrorMode(SEM_FAILCRITICALERRORS | SEM_NOGPFAULTERRORBOX));
    printf("GetErrorMode=%#x\n", GetErrorMode());
    printf("SetErrorMode(ALIGN) old=%#x\n", SetErrorMode(SEM_NOALIGNMENTFAULTEXCEPT));
    printf("SetErrorMode(0) old=%#x\n", SetErrorMode(0));
    printf("GetErrorMode=%#x (alignment bit stays)\n", GetErrorMode());

    DWORD old = 0xdead;
    yes("SetThreadErrorMode(FAILCRIT)", SetThreadErrorMode(SEM_FAILCRITICALERRORS, &old));
    printf("  old=%#lx now=%#lx\n", old, GetThreadErrorMode());
    SetLastError(0);
    yes("SetThreadErrorMode(ALIGN)", SetThreadErrorMode(SEM_NOALIGNMENTFAULTEXCEPT, &old));
    printf("  error=%lu now=%#lx\n", GetLastError(), GetThreadErrorMode());
    yes("SetThreadErrorMode(0, NULL)", SetThreadErrorMode(0, NULL));
    printf("  now=%#lx\n", GetThreadErrorMode());

    char *p = VirtualAlloc(NULL, 0x3000, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE);
    DWORD prot;
    VirtualProtect(p + 0x1000, 0x1000, PAGE_READONLY, &prot);
    VirtualProtect(p + 0x2000, 0x1000, PAGE_READWRITE | PAGE_GUARD, &prot);
    yes("IsBadReadPtr(NULL, 1)", IsBadReadPtr(NULL, 1));
    yes("IsBadReadPtr(NULL, 0)", IsBadReadPtr(NULL, 0));
    yes("IsBadReadPtr(rw, 0x1000)", IsBadReadPtr(p, 0x1000));
    yes("IsBadReadPtr(rw..ro, 0x2000)", IsBadReadPtr(p, 0x2000));
    yes("IsBadWritePtr(rw..ro, 0x2000)", IsBadWritePtr(p, 0x2000));
    yes("IsBadWritePtr(rw, 0x1000)", IsBadWritePtr(p, 0x1000));
    yes("IsBadReadPtr(p, 0xFFFFFFFF)", IsBadReadPtr(p, 0xFFFFFFFF));
    yes("IsBadCodePtr(main)", IsBadCodePtr((FARPROC)main));
    yes("IsBadCodePtr(NULL)", IsBadCodePtr(NULL));
    yes("IsBadReadPtr(guard) first", IsBadReadPtr(p + 0x2000, 4));
    yes("IsBadReadPtr(guard) second", IsBadReadPtr(p + 0x2000, 4));

    memset(p, 'a', 0x1000);
    p[0xFFF] = 0;
    yes("IsBadStringPtrA(NUL at page end)", IsBadStringPtrA(p, 0x10000));
    VirtualProtect(p + 0x1000, 0x1000, PAGE_NOACCESS, &prot);
    p[0xFFF] = 'a';
    yes("IsBadStringPtrA(runs off)", IsBadStringPtrA(p, 0x10000));
    yes("IsBadStringPtrA(max inside)", IsBadStringPtrA(p, 0x1000));
    yes("IsBadStringPtrA(NULL, 0)", IsBadStringPtrA(NULL, 0));
    yes("IsBadStringPtrW(NULL, 5)", IsBadStringPtrW(NULL, 5));
    yes("IsBadStringPtrW(L\"ok\")", IsBadStringPtrW(L"ok", 100));
    VirtualFree(p, 0, MEM_RELEASE);
    yes("IsBadReadPtr(freed)", IsBadReadPtr(p, 1));

    DEBUG_EVENT ev;
    SetLastError(0);
    yes("WaitForDebugEvent", WaitForDebugEvent(&ev, 0));
    printf("  error=%lu\n", GetLastError());
    yes("ContinueDebugEvent", ContinueDebugEvent(GetCurrentProcessId(), GetCurrentThreadId(), DBG_CONTINUE));
    printf("  error=%lu\n", GetLastError());
    return 0;
}
