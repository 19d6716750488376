/* 32-bit structures filled by wowbox, read back field by field as a Windows
 * program sees them: STARTUPINFO, (DYNAMIC_)TIME_ZONE_INFORMATION, CPINFO,
 * MEMORY_BASIC_INFORMATION, a PROCESS_HEAP_ENTRY region, and msvcrt's FILE,
 * __timeb32/64 and lconv. */
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <sys/timeb.h>
#include <time.h>
#include <windows.h>

static void startup_info(void)
{
    STARTUPINFOA sa;
    STARTUPINFOW sw;
    memset(&sa, 0xAB, sizeof sa);
    memset(&sw, 0xAB, sizeof sw);
    GetStartupInfoA(&sa);
    GetStartupInfoW(&sw);
    printf("STARTUPINFOA: cb %lu desktop %p title %p flags 0x%lx reserved2 %u/%p\n", sa.cb, (void *)sa.lpDesktop,
           (void *)sa.lpTitle, sa.dwFlags, sa.cbReserved2, (void *)sa.lpReserved2);
    printf("  hStdOutput is GetStdHandle(STD_OUTPUT_HANDLE): %s, hStdError: %s\n",
           sa.hStdOutput == GetStdHandle(STD_OUTPUT_HANDLE) ? "yes" : "no",
           sa.hStdError == GetStdHandle(STD_ERROR_HANDLE) ? "yes" : "no");
    printf("STARTUPINFOW: cb %lu, same handles: %s\n", sw.cb,
           sw.hStdInput == sa.hStdInput && sw.hStdOutput == sa.hStdOutput ? "yes" : "no");
}

static void time_zone(void)
{
    DYNAMIC_TIME_ZONE_INFORMATION d;
    memset(&d, 0xAB, sizeof d);
    DWORD r = GetDynamicTimeZoneInformation(&d);
    printf("GetDynamicTimeZoneInformation: %lu bias %ld key \"%ls\" standard \"%ls\" daylight bias %ld disabled %u\n",
           r, d.Bias, d.TimeZoneKeyName, d.StandardName, d.DaylightBias, d.DynamicDaylightTimeDisabled);
    TIME_ZONE_INFORMATION t;
    memset(&t, 0xAB, sizeof t);
    r = GetTimeZoneInformation(&t);
    printf("GetTimeZoneInformation: %lu daylight \"%ls\" standard date month %u\n", r, t.DaylightName,
           t.StandardDate.wMonth);
}

static void code_page(void)
{
    CPINFO ci;
    memset(&ci, 0xAB, sizeof ci);
    BOOL ok = GetCPInfo(CP_UTF8, &ci);
    printf("GetCPInfo(CP_UTF8): %d max %u default 0x%02x 0x%02x lead 0x%02x\n", ok, ci.MaxCharSize,
           ci.DefaultChar[0], ci.DefaultChar[1], ci.LeadByte[0]);
}

static void memory(void)
{
    char *p = VirtualAlloc(NULL, 0x3000, MEM_RESERVE, PAGE_READWRITE);
    VirtualAlloc(p + 0x1000, 0x1000, MEM_COMMIT, PAGE_READONLY);
    MEMORY_BASIC_INFORMATION m;
    SIZE_T n = VirtualQuery(p + 0x1800, &m, sizeof m);
    printf("VirtualQuery: %lu base +0x%lx alloc base ok %s protect 0x%lx alloc protect 0x%lx size 0x%lx state 0x%lx "
           "type 0x%lx\n", (unsigned long)n, (unsigned long)((char *)m.BaseAddress - p),
           m.AllocationBase == p ? "yes" : "no", m.Protect, m.AllocationProtect, (unsigned long)m.RegionSize,
           m.State, m.Type);
    VirtualFree(p, 0, MEM_RELEASE);

    HANDLE h = HeapCreate(0, 0x10000, 0);
    void *b = HeapAlloc(h, 0, 100);
    PROCESS_HEAP_ENTRY e = { 0 };
    BOOL region = FALSE;
    while (HeapWalk(h, &e)) {
        if (e.wFlags & PROCESS_HEAP_REGION) {
            region = TRUE;
            printf("HeapWalk region: committed>0 %s first<=block %s block<last %s\n",
                   e.Region.dwCommittedSize > 0 ? "yes" : "no",
                   (char *)e.Region.lpFirstBlock <= (char *)b ? "yes" : "no",
                   (char *)b < (char *)e.Region.lpLastBlock ? "yes" : "no");
        }
    }
    printf("HeapWalk saw a region: %s\n", region ? "yes" : "no");
    HeapDestroy(h);
}

static void crt(void)
{
    printf("stdout: _file %d, stderr: _file %d, stdin _flag has _IOREAD: %s\n", stdout->_file, stderr->_file,
           stdin->_flag & _IOREAD ? "yes" : "no");
    time_t now = time(NULL);
    struct __timeb32 t32;
    struct __timeb64 t64;
    memset(&t32, 0xAB, sizeof t32);
    memset(&t64, 0xAB, sizeof t64);
    _ftime32(&t32);
    _ftime64(&t64);
    printf("_ftime32: near time() %s millitm<1000 %s timezone %d dstflag %d\n",
           t32.time - now <= 2 && now - t32.time <= 2 ? "yes" : "no", t32.millitm < 1000 ? "yes" : "no",
           t32.timezone, t32.dstflag);
    printf("_ftime64: near time() %s millitm<1000 %s timezone %d dstflag %d\n",
           t64.time - now <= 2 && now - t64.time <= 2 ? "yes" : "no", t64.millitm < 1000 ? "yes" : "no",
           t64.timezone, t64.dstflag);
    struct lconv *l = localeconv();
    printf("localeconv: decimal \"%s\" thousands \"%s\" negative \"%s\" frac_digits CHAR_MAX %s n_sign_posn CHAR_MAX %s\n",
           l->decimal_point, l->thousands_sep, l->negative_sign, l->frac_digits == CHAR_MAX ? "yes" : "no",
           l->n_sign_posn == CHAR_MAX ? "yes" : "no");
}

int main(void)
{
    startup_info();
    time_zone();
    code_page();
    memory();
    crt();
    return 0;
}
