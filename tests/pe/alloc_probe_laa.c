// build-flags: -Wl,--large-address-aware
/* alloc_probe_laa.c - the same probe built large-address-aware: a 32-bit
 * process on 64-bit Windows gets 4 GB, so reservations reach above
 * 0x80000000 and close to the 0xFFFEFFFF top. */
#include <stdio.h>
#include <windows.h>

int main(void)
{
    SYSTEM_INFO si;
    GetSystemInfo(&si);
    printf("max app address %p\n", si.lpMaximumApplicationAddress);
    unsigned long long total = 0;
    unsigned highest = 0;
    for (DWORD size = 256u << 20; size >= 0x10000; ) {
        void *p = VirtualAlloc(NULL, size, MEM_RESERVE, PAGE_NOACCESS);
        if (!p) {
            size /= 2;
            continue;
        }
        total += size;
        unsigned end = (unsigned)(size_t)p + size - 1;
        if (end > highest)
            highest = end;
    }
    printf("reserved over 3.5 GB: %s\n", total > (3584ull << 20) ? "yes" : "no");
    printf("highest reserved address above 0xFFF00000: %s\n", highest >= 0xFFF00000u ? "yes" : "no");
    printf("highest reserved address within 0xFFFEFFFF: %s\n", highest <= 0xFFFEFFFFu ? "yes" : "no");
    void *top = VirtualAlloc(NULL, 0x10000, MEM_RESERVE | MEM_TOP_DOWN, PAGE_NOACCESS);
    printf("top-down after exhaustion: %s\n", top ? "got one" : "none left");
    return 0;
}
