/* kuser_shared.c - KUSER_SHARED_DATA at 0x7FFE0000, read directly as some
 * programs do: the version fields, a tick count and system time that move
 * while the program sleeps and agree with the APIs, and a page the program
 * cannot write. */
#include <stdio.h>
#include <windows.h>

#define KUSER ((volatile unsigned char *)0x7FFE0000)

static unsigned long long ksystem_time(unsigned off)
{
    volatile unsigned *t = (volatile unsigned *)(KUSER + off);
    unsigned hi, lo;
    do {
        hi = t[1];
        lo = t[0];
    } while (hi != t[2]);
    return (unsigned long long)hi << 32 | lo;
}

/* TickCount counts 15.625 ms timer ticks: ms = ticks * TickCountMultiplier >> 24 */
static unsigned long long tick_ms(unsigned long long ticks)
{
    return ticks * *(volatile unsigned *)(KUSER + 4) >> 24;
}

static LONG WINAPI on_fault(EXCEPTION_POINTERS *ep)
{
    printf("writing it faults: %s\n", ep->ExceptionRecord->ExceptionCode == EXCEPTION_ACCESS_VIOLATION &&
                                              ep->ExceptionRecord->ExceptionInformation[0] == 1 ? "yes" : "no");
    fflush(stdout);
    ExitProcess(0);
    return EXCEPTION_CONTINUE_SEARCH;
}

int main(void)
{
    printf("NtMajorVersion %u, NtMinorVersion %u, build %u\n", *(volatile unsigned *)(KUSER + 0x26C),
           *(volatile unsigned *)(KUSER + 0x270), *(volatile unsigned *)(KUSER + 0x260));
    unsigned long long t0 = ksystem_time(0x320), s0 = ksystem_time(0x14);
    Sleep(200);
    unsigned long long t1 = ksystem_time(0x320), s1 = ksystem_time(0x14);
    printf("tick count moved 150-1000 ms over a 200 ms sleep: %s\n",
           tick_ms(t1 - t0) >= 150 && tick_ms(t1 - t0) <= 1000 ? "yes" : "no");
    printf("system time moved 150-1000 ms: %s\n", s1 - s0 >= 1500000 && s1 - s0 <= 10000000 ? "yes" : "no");
    FILETIME ft;
    GetSystemTimeAsFileTime(&ft);
    unsigned long long api = (unsigned long long)ft.dwHighDateTime << 32 | ft.dwLowDateTime;
    unsigned long long page = ksystem_time(0x14);
    printf("agrees with GetSystemTimeAsFileTime within 100 ms: %s\n",
           (api > page ? api - page : page - api) < 1000000 ? "yes" : "no");
    DWORD tc = GetTickCount();
    unsigned long long kt = tick_ms(ksystem_time(0x320));
    printf("agrees with GetTickCount within 100 ms: %s\n", (tc > kt ? tc - kt : kt - tc) < 100 ? "yes" : "no");
    AddVectoredExceptionHandler(1, on_fault);
    *(volatile unsigned *)(KUSER + 0x800) = 1;
    printf("writing it faults: no\n");
    return 1;
}
