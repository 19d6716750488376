/* k32_sysinfo.c - kernel32 version and machine information as a 32-bit
 * program without a compatibility manifest sees it on 64-bit Windows 10:
 * GetVersion(Ex) 6.2.9200 vs RtlGetVersion 10.0.19045, SYSTEM_INFO,
 * WoW64, memory status of a 2 GB address space, directories, names,
 * locale data. k32_sysinfo_laa.c is the same program, large-address-aware. */
#define __USE_MINGW_ANSI_STDIO 0 /* msvcrt.dll's printf */
#include <stdio.h>
#include <string.h>
#include <windows.h>

#ifndef LARGE_AWARE
#define LARGE_AWARE 0
#endif

typedef LONG (WINAPI *rtl_get_version_fn)(OSVERSIONINFOEXW *);

static void version(void)
{
    DWORD v = GetVersion();
    OSVERSIONINFOA oa;
    OSVERSIONINFOEXW ow;
    OSVERSIONINFOEXW rv;
    rtl_get_version_fn rtl;
    BOOL ok;

    printf("GetVersion: 0x%08lx (%lu.%lu build %lu)\n", v, v & 0xFF, (v >> 8) & 0xFF, v >> 16);
    memset(&oa, 0xCC, sizeof oa);
    oa.dwOSVersionInfoSize = sizeof oa;
    ok = GetVersionExA(&oa);
    printf("GetVersionExA(%u): %d %lu.%lu.%lu platform %lu csd \"%s\"\n", (unsigned)sizeof oa, ok,
           oa.dwMajorVersion, oa.dwMinorVersion, oa.dwBuildNumber, oa.dwPlatformId, oa.szCSDVersion);
    memset(&ow, 0, sizeof ow);
    ow.dwOSVersionInfoSize = sizeof ow;
    ok = GetVersionExW((OSVERSIONINFOW *)&ow);
    printf("GetVersionExW(%u): %d %lu.%lu.%lu product %u suite 0x%x sp %u\n", (unsigned)sizeof ow, ok,
           ow.dwMajorVersion, ow.dwMinorVersion, ow.dwBuildNumber, ow.wProductType, ow.wSuiteMask,
           ow.wServicePackMajor);
    oa.dwOSVersionInfoSize = sizeof oa - 1;
    SetLastError(0);
    ok = GetVersionExA(&oa);
    printf("GetVersionExA(bad size): %d error %lu\n", ok, GetLastError());

    rtl = (rtl_get_version_fn)GetProcAddress(GetModuleHandleA("ntdll.dll"), "RtlGetVersion");
    memset(&rv, 0, sizeof rv);
    rv.dwOSVersionInfoSize = sizeof rv;
    printf("RtlGetVersion: 0x%lx", rtl ? rtl(&rv) : -1L);
    printf(" %lu.%lu.%lu platform %lu product %u\n", rv.dwMajorVersion, rv.dwMinorVersion, rv.dwBuildNumber,
           rv.dwPlatformId, rv.wProductType);
}

static void machine(void)
{
    SYSTEM_INFO si, ni;
    BOOL wow = FALSE;
    USHORT pm = 0, nm = 0;
    BOOL (WINAPI *wow2)(HANDLE, USHORT *, USHORT *);
    BOOL ok;

    GetSystemInfo(&si);
    printf("GetSystemInfo: arch %u page 0x%lx gran 0x%lx min %p max %p\n", si.wProcessorArchitecture,
           si.dwPageSize, si.dwAllocationGranularity, si.lpMinimumApplicationAddress,
           si.lpMaximumApplicationAddress);
    printf("  cpus %lu mask 0x%lx type %lu level %u\n", si.dwNumberOfProcessors,
           (unsigned long)si.dwActiveProcessorMask, si.dwProcessorType, si.wProcessorLevel);
    GetNativeSystemInfo(&ni);
    printf("GetNativeSystemInfo: arch %u page 0x%lx type %lu cpus %lu\n", ni.wProcessorArchitecture,
           ni.dwPageSize, ni.dwProcessorType, ni.dwNumberOfProcessors);
    printf("IsWow64Process: %d", IsWow64Process(GetCurrentProcess(), &wow));
    printf(" -> %d\n", wow);
    SetLastError(0);
    ok = IsWow64Process((HANDLE)0x1234, &wow);
    printf("IsWow64Process(bogus): %d error %lu\n", ok, GetLastError());
    wow2 = (void *)GetProcAddress(GetModuleHandleA("kernel32.dll"), "IsWow64Process2");
    if (wow2 && wow2(GetCurrentProcess(), &pm, &nm))
        printf("IsWow64Process2: process 0x%x native 0x%x\n", pm, nm);
    printf("features: SSE %d SSE2 %d NX %d CX8 %d\n", IsProcessorFeaturePresent(PF_XMMI_INSTRUCTIONS_AVAILABLE),
           IsProcessorFeaturePresent(PF_XMMI64_INSTRUCTIONS_AVAILABLE), IsProcessorFeaturePresent(PF_NX_ENABLED),
           IsProcessorFeaturePresent(PF_COMPARE_EXCHANGE_DOUBLE));
}

static void memory(void)
{
    MEMORYSTATUSEX ms;
    MEMORYSTATUS m;
    void *p;
    ULONGLONG before;
    BOOL ok;

    memset(&ms, 0, sizeof ms);
    ms.dwLength = sizeof ms;
    printf("GlobalMemoryStatusEx: %d", GlobalMemoryStatusEx(&ms));
    printf(" TotalVirtual 0x%I64x avail<=total %d phys>0 %d avail<=phys %d load<=100 %d\n", ms.ullTotalVirtual,
           ms.ullAvailVirtual <= ms.ullTotalVirtual, ms.ullTotalPhys > 0, ms.ullAvailPhys <= ms.ullTotalPhys,
           ms.dwMemoryLoad <= 100);
    /* reserving 16 MB takes exactly that much from the free address space */
    before = ms.ullAvailVirtual;
    p = VirtualAlloc(NULL, 16 << 20, MEM_RESERVE, PAGE_NOACCESS);
    GlobalMemoryStatusEx(&ms);
    printf("after reserving 16 MB: avail dropped by 0x%I64x\n", before - ms.ullAvailVirtual);
    VirtualFree(p, 0, MEM_RELEASE);
    ms.dwLength = 32;
    SetLastError(0);
    ok = GlobalMemoryStatusEx(&ms);
    printf("GlobalMemoryStatusEx(bad length): %d error %lu\n", ok, GetLastError());
    memset(&m, 0, sizeof m);
    GlobalMemoryStatus(&m);
    printf("GlobalMemoryStatus: length %lu TotalVirtual 0x%lx\n", m.dwLength, (unsigned long)m.dwTotalVirtual);
}

static void names(void)
{
    char buf[MAX_PATH], user[64], env_user[64];
    WCHAR wbuf[MAX_PATH];
    DWORD n, size, err;
    BOOL ok;

    n = GetSystemDirectoryA(buf, sizeof buf);
    printf("GetSystemDirectoryA: %lu [%s]\n", n, buf);
    printf("GetSystemDirectoryA(small): %u\n", GetSystemDirectoryA(buf, 5));
    n = GetSystemWow64DirectoryW(wbuf, MAX_PATH);
    printf("GetSystemWow64DirectoryW: %lu [%ls]\n", n, wbuf);
    n = GetWindowsDirectoryA(buf, sizeof buf);
    printf("GetWindowsDirectoryA: %lu [%s]\n", n, buf);
    n = GetSystemWindowsDirectoryW(wbuf, MAX_PATH);
    printf("GetSystemWindowsDirectoryW: %lu [%ls]\n", n, wbuf);

    size = sizeof buf;
    printf("GetComputerNameA: %d", GetComputerNameA(buf, &size));
    printf(" [%s] size %lu\n", buf, size);
    size = 3;
    SetLastError(0);
    ok = GetComputerNameW(wbuf, &size);
    err = GetLastError();
    printf("GetComputerNameW(small): %d error %lu size %lu\n", ok, err, size);

    size = sizeof user;
    printf("GetUserNameA: %d", GetUserNameA(user, &size));
    GetEnvironmentVariableA("USERNAME", env_user, sizeof env_user);
    printf(" matches USERNAME: %d, size counts the NUL: %d\n", strcmp(user, env_user) == 0,
           size == strlen(user) + 1);
    size = 1;
    SetLastError(0);
    ok = GetUserNameA(user, &size);
    err = GetLastError();
    printf("GetUserNameA(small): %d error %lu size ok %d\n", ok, err, size == strlen(env_user) + 1);
}

static void locale(void)
{
    char buf[64];
    WCHAR wbuf[64];
    DWORD num = 0, err;
    int n;

    printf("LCIDs: 0x%lx 0x%lx 0x%x 0x%x 0x%lx ui 0x%x\n", GetUserDefaultLCID(), GetSystemDefaultLCID(),
           GetUserDefaultLangID(), GetSystemDefaultLangID(), GetThreadLocale(), GetUserDefaultUILanguage());
    n = GetLocaleInfoA(LOCALE_USER_DEFAULT, LOCALE_SDECIMAL, buf, sizeof buf);
    printf("LOCALE_SDECIMAL: %d [%s]\n", n, buf);
    n = GetLocaleInfoA(LOCALE_USER_DEFAULT, LOCALE_STHOUSAND, buf, sizeof buf);
    printf("LOCALE_STHOUSAND: %d [%s]\n", n, buf);
    n = GetLocaleInfoW(0x409, LOCALE_IDEFAULTANSICODEPAGE, wbuf, 64);
    printf("LOCALE_IDEFAULTANSICODEPAGE: %d [%ls]\n", n, wbuf);
    n = GetLocaleInfoA(LOCALE_SYSTEM_DEFAULT, LOCALE_IDEFAULTCODEPAGE, buf, sizeof buf);
    printf("LOCALE_IDEFAULTCODEPAGE: %d [%s]\n", n, buf);
    printf("LOCALE_SMONTHNAME1 size: %d\n", GetLocaleInfoA(LOCALE_USER_DEFAULT, LOCALE_SMONTHNAME1, NULL, 0));
    SetLastError(0);
    n = GetLocaleInfoA(LOCALE_USER_DEFAULT, LOCALE_SMONTHNAME1, buf, 3);
    err = GetLastError();
    printf("LOCALE_SMONTHNAME1 small: %d error %lu\n", n, err);
    n = GetLocaleInfoW(LOCALE_USER_DEFAULT, LOCALE_IDEFAULTANSICODEPAGE | LOCALE_RETURN_NUMBER, (WCHAR *)&num,
                       sizeof num / sizeof(WCHAR));
    printf("LOCALE_RETURN_NUMBER: %d -> %lu\n", n, num);
    n = GetLocaleInfoW(LOCALE_USER_DEFAULT, LOCALE_SNAME, wbuf, 64);
    printf("LOCALE_SNAME: %d [%ls]\n", n, wbuf);
}

int main(void)
{
    printf("large address aware build: %d\n", LARGE_AWARE);
    version();
    machine();
    memory();
    names();
    locale();
    return 0;
}
