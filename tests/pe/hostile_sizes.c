/* hostile_sizes.c - sizes that wrap the 32-bit space fail as Windows fails
 * them: VirtualLock(p + 16, 0xFFFFFFFF) once overran a host bitmap, and
 * VirtualProtect / VirtualFree(MEM_DECOMMIT) with size 0xFFFFFFFF changed
 * one page and "succeeded". The pages must be untouched afterwards. */
#include <stdio.h>
#include <windows.h>

static void result(const char *what, BOOL ok)
{
    printf("%-28s %s err=%lu\n", what, ok ? "ok" : "fail", ok ? 0 : GetLastError());
}

int main(void)
{
    char *p = VirtualAlloc(NULL, 0x3000, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE);
    DWORD old = 0;
    result("VirtualLock huge", VirtualLock(p + 16, 0xFFFFFFFFu));
    result("VirtualUnlock huge", VirtualUnlock(p + 16, 0xFFFFFFFFu));
    result("VirtualProtect huge", VirtualProtect(p + 16, 0xFFFFFFFFu, PAGE_READONLY, &old));
    result("VirtualFree decommit huge", VirtualFree(p + 16, 0xFFFFFFFFu, MEM_DECOMMIT));
    result("VirtualAlloc huge", VirtualAlloc(NULL, 0xFFFFFFFFu, MEM_COMMIT, PAGE_READWRITE) != NULL);
    MEMORY_BASIC_INFORMATION m;
    VirtualQuery(p, &m, sizeof m);
    printf("still committed read-write: %s\n",
           m.State == MEM_COMMIT && m.Protect == PAGE_READWRITE && m.RegionSize == 0x3000 ? "yes" : "no");
    p[0x2FFF] = 1; /* writable to the end */
    result("VirtualLock whole", VirtualLock(p, 0x3000));
    result("VirtualUnlock whole", VirtualUnlock(p, 0x3000));
    return 0;
}
