/* alloc_probe.c - WoW64's 2 GB rule: without the large-address-aware flag,
 * reserving until the space is exhausted never yields an address at or
 * above 0x80000000, and GetSystemInfo reports 0x7FFEFFFF as the top. */
#include <stdio.h>
#include <windows.h>

int main(void)
{
    SYSTEM_INFO si;
    GetSystemInfo(&si);
    printf("max app address %p\n", si.lpMaximumApplicationAddress);
    unsigned long long total = 0;
    unsigned highest = 0, count = 0;
    for (DWORD size = 256u << 20; size >= 0x10000; ) {
        void *p = VirtualAlloc(NULL, size, MEM_RESERVE, PAGE_NOACCESS);
        if (!p) {
            size /= 2;
            continue;
        }
        count++;
        total += size;
        unsigned end = (unsigned)(size_t)p + size - 1;
        if (end > highest)
            highest = end;
    }
    printf("reserved %s 1.5 GB in %s blocks\n", total > (1536ull << 20) ? "over" : "under",
           count > 1 ? "several" : "one");
    printf("highest reserved address below 2 GB: %s\n", highest < 0x80000000u ? "yes" : "no");
    printf("last error after exhaustion: %lu\n", GetLastError());
    return 0;
}
