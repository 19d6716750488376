/* kernel32 version, machine and memory information as a 32-bit program on
 * 64-bit Windows 10 sees it, system directories, computer name, and the
 * en-US locale data (the only locale wowbox has). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/cpu_features.h"
#include "core/handles.h"
#include "core/identity.h"
#include "core/kuser_shared.h"
#include "core/process.h"
#include "loader/peb.h"
#include "syscalls/api.h"
#include "syscalls/kernel32/api_args.h"
#include "syscalls/kernel32/locale.h"
#include "syscalls/kernel32/struct32.h"
#include "syscalls/ntdll/struct32_system.h"
#include "syscalls/nls.h"
#include "syscalls/win32_errors.h"

static uint64_t fail(uint32_t err)
{
    teb_set_last_error(err);
    return 0;
}

/* Copies an ASCII string into a guest buffer of `size` characters with the
 * directory-function rule: the length without NUL on success, else the size
 * needed with the NUL. */
static uint64_t put_ascii(const char *s, gaddr buf, uint32_t size, bool wide)
{
    size_t n = strlen(s);
    if (n + 1 > size)
        return n + 1;
    bool ok = true;
    for (size_t i = 0; ok && i <= n; i++)
        ok = wide ? gm_write_u16(buf + (gaddr)i * 2, (uint8_t)s[i]) : gm_write_u8(buf + (gaddr)i, (uint8_t)s[i]);
    return ok ? n : fail(ERROR_NOACCESS);
}

/* ---------------------------------------------------------------- version */

/* Without a compatibility manifest naming Windows 8.1 or 10, Windows 8.1
 * and later report 6.2 build 9200 to GetVersion(Ex); the PEB (and so
 * ntdll!RtlGetVersion) keeps the real 10.0.19045. */
#define COMPAT_MAJOR 6u
#define COMPAT_MINOR 2u
#define COMPAT_BUILD 9200u
#define VER_PLATFORM_WIN32_NT 2u
#define VER_SUITE_SINGLEUSERTS 0x0100u
#define VER_NT_WORKSTATION 1u

uint64_t kernel32_GetVersion(struct thunk_call *c)
{
    (void)c;
    return COMPAT_BUILD << 16 | COMPAT_MINOR << 8 | COMPAT_MAJOR; /* bit 31 clear: NT */
}

/* The version Windows reports without a manifest; dwOSVersionInfoSize,
 * set by the caller, says whether it has the EX form. */
static OSVERSIONINFOEXW32 compat_version(uint32_t size)
{
    return (OSVERSIONINFOEXW32){
        .dwOSVersionInfoSize = size, .dwMajorVersion = COMPAT_MAJOR, .dwMinorVersion = COMPAT_MINOR,
        .dwBuildNumber = COMPAT_BUILD, .dwPlatformId = VER_PLATFORM_WIN32_NT,
        .wSuiteMask = VER_SUITE_SINGLEUSERTS, .wProductType = VER_NT_WORKSTATION,
    };
}

/* Writes the plain or the EX form, whichever size the caller gave. */
static uint64_t put_version(gaddr p, const void *v, uint32_t size, size_t plain, size_t ex)
{
    if (size != plain && size != ex)
        return fail(ERROR_INSUFFICIENT_BUFFER);
    return gm_write(p, v, size) ? 1 : fail(ERROR_NOACCESS);
}

uint64_t kernel32_GetVersionExA(struct thunk_call *c)
{
    API_ARGS(kernel32, GetVersionExA, a);
    uint32_t size;
    if (!gm_read_u32(a.lpVersionInformation, &size)) /* dwOSVersionInfoSize */
        return fail(ERROR_NOACCESS);
    OSVERSIONINFOEXW32 w = compat_version(size);
    OSVERSIONINFOEXA32 v = {
        .dwOSVersionInfoSize = size, .dwMajorVersion = w.dwMajorVersion, .dwMinorVersion = w.dwMinorVersion,
        .dwBuildNumber = w.dwBuildNumber, .dwPlatformId = w.dwPlatformId,
        .wSuiteMask = w.wSuiteMask, .wProductType = w.wProductType,
    };
    return put_version(a.lpVersionInformation, &v, size, OSVERSIONINFOA32_SIZE, sizeof v);
}

uint64_t kernel32_GetVersionExW(struct thunk_call *c)
{
    API_ARGS(kernel32, GetVersionExW, a);
    uint32_t size;
    if (!gm_read_u32(a.lpVersionInformation, &size)) /* dwOSVersionInfoSize */
        return fail(ERROR_NOACCESS);
    OSVERSIONINFOEXW32 v = compat_version(size);
    return put_version(a.lpVersionInformation, &v, size, OSVERSIONINFOW32_SIZE, sizeof v);
}

/* ----------------------------------------------------------- the machine */

#define PROCESSOR_ARCHITECTURE_INTEL 0u
#define PROCESSOR_ARCHITECTURE_AMD64 9u
#define PROCESSOR_INTEL_PENTIUM 586u
#define PROCESSOR_AMD_X8664 8664u
#define IMAGE_FILE_MACHINE_I386 0x014Cu
#define IMAGE_FILE_MACHINE_AMD64 0x8664u

static uint32_t processor_count(void)
{
    uint32_t n = 0;
    gm_read_u32(proc->peb + PEB_NUMBER_OF_PROCESSORS, &n);
    return n ? n : 1;
}

/* The processor matches the environment's PROCESSOR_IDENTIFIER: family 6
 * model 85 stepping 7. */
static uint64_t system_info(gaddr lpSystemInfo, bool native)
{
    uint32_t n = processor_count();
    SYSTEM_INFO32 si = {
        .wProcessorArchitecture = native ? PROCESSOR_ARCHITECTURE_AMD64 : PROCESSOR_ARCHITECTURE_INTEL,
        .dwPageSize = VM_PAGE_SIZE,
        .lpMinimumApplicationAddress = 0x10000u,
        /* highest address below the 64 KB guard under the user limit; the
         * native view cannot show the 64-bit one in a 32-bit field and
         * reports the 4 GB WoW64 limit */
        .lpMaximumApplicationAddress = native ? 0xFFFEFFFFu : g_vm->user_limit - 1,
        .dwActiveProcessorMask = n >= 32 ? 0xFFFFFFFFu : (1u << n) - 1,
        .dwNumberOfProcessors = n,
        .dwProcessorType = native ? PROCESSOR_AMD_X8664 : PROCESSOR_INTEL_PENTIUM,
        .dwAllocationGranularity = VM_GRANULARITY,
        .wProcessorLevel = 6,
        .wProcessorRevision = 0x5507,
    };
    gm_write(lpSystemInfo, &si, sizeof si); /* void function: nothing to report */
    return 0;
}

uint64_t kernel32_GetSystemInfo(struct thunk_call *c)
{
    API_ARGS(kernel32, GetSystemInfo, a);
    return system_info(a.lpSystemInfo, false);
}
uint64_t kernel32_GetNativeSystemInfo(struct thunk_call *c)
{
    API_ARGS(kernel32, GetNativeSystemInfo, a);
    return system_info(a.lpSystemInfo, true);
}

/* Every process wowbox hosts is a 32-bit one on a 64-bit system. */
static bool is_process_handle(uint32_t h)
{
    return h == CURRENT_PROCESS_HANDLE || handle_get(h, HANDLE_PROCESS) != NULL;
}

uint64_t kernel32_IsWow64Process(struct thunk_call *c)
{
    API_ARGS(kernel32, IsWow64Process, a);
    if (!is_process_handle(a.hProcess))
        return fail(ERROR_INVALID_HANDLE);
    return gm_write_u32(a.Wow64Process, 1) ? 1 : fail(ERROR_NOACCESS);
}

uint64_t kernel32_IsWow64Process2(struct thunk_call *c)
{
    API_ARGS(kernel32, IsWow64Process2, a);
    if (!is_process_handle(a.hProcess))
        return fail(ERROR_INVALID_HANDLE);
    if (!gm_write_u16(a.pProcessMachine, IMAGE_FILE_MACHINE_I386))
        return fail(ERROR_NOACCESS);
    if (a.pNativeMachine && !gm_write_u16(a.pNativeMachine, IMAGE_FILE_MACHINE_AMD64))
        return fail(ERROR_NOACCESS);
    return 1;
}

/* Windows answers from KUSER_SHARED_DATA.ProcessorFeatures, which the
 * start-up filled from the guest CPU's cpuid (core/cpu_features.c); an
 * index past the table is not a feature. */
#define KUSER_PROCESSOR_FEATURES (KUSER_SHARED_DATA + 0x274u)

uint64_t kernel32_IsProcessorFeaturePresent(struct thunk_call *c)
{
    API_ARGS(kernel32, IsProcessorFeaturePresent, a);
    uint8_t present = 0;
    if (a.ProcessorFeature >= CPU_PF_COUNT || !gm_read(KUSER_PROCESSOR_FEATURES + a.ProcessorFeature, &present, 1))
        return 0;
    return present != 0;
}

/* ---------------------------------------------------------------- memory */

struct host_mem {
    uint64_t total_phys, avail_phys, total_swap, free_swap;
};

static struct host_mem host_memory(void)
{
    struct host_mem m = { 0 };
    FILE *f = fopen("/proc/meminfo", "r");
    char line[128];
    unsigned long long kb;
    while (f && fgets(line, sizeof line, f)) {
        if (sscanf(line, "MemTotal: %llu", &kb) == 1)
            m.total_phys = kb * 1024;
        else if (sscanf(line, "MemAvailable: %llu", &kb) == 1)
            m.avail_phys = kb * 1024;
        else if (sscanf(line, "SwapTotal: %llu", &kb) == 1)
            m.total_swap = kb * 1024;
        else if (sscanf(line, "SwapFree: %llu", &kb) == 1)
            m.free_swap = kb * 1024;
    }
    if (f)
        fclose(f);
    if (m.total_phys == 0) /* no /proc: claim 4 GB, all free */
        m.total_phys = m.avail_phys = 4ull << 30;
    return m;
}

/* The user range runs from 64 KB up to the user limit (below the 64 KB
 * guard at the top): 0x7FFE0000 bytes, 0xFFFE0000 large-address-aware. */
static uint64_t total_virtual(void) { return (uint64_t)g_vm->user_limit - VM_GRANULARITY; }

static uint64_t avail_virtual(void)
{
    uint64_t free_bytes = 0;
    for (uint64_t a = VM_GRANULARITY; a < g_vm->user_limit;) {
        struct vm_region_info r;
        if (vm_query(g_vm, (gaddr)a, &r) != STATUS_SUCCESS || r.size == 0)
            break;
        if (r.state == MEM_FREE)
            free_bytes += r.size;
        a = (uint64_t)r.base + r.size;
    }
    return free_bytes;
}

struct mem_status {
    uint32_t load;
    uint64_t total_phys, avail_phys, total_page, avail_page, total_virt, avail_virt;
};

static struct mem_status mem_status(void)
{
    struct host_mem h = host_memory();
    struct mem_status s = {
        .total_phys = h.total_phys, .avail_phys = h.avail_phys,
        /* the commit limit: memory plus page file (swap) */
        .total_page = h.total_phys + h.total_swap, .avail_page = h.avail_phys + h.free_swap,
        .total_virt = total_virtual(), .avail_virt = avail_virtual(),
    };
    s.load = (uint32_t)((h.total_phys - h.avail_phys) * 100 / h.total_phys);
    return s;
}

uint64_t kernel32_GlobalMemoryStatusEx(struct thunk_call *c)
{
    API_ARGS(kernel32, GlobalMemoryStatusEx, a);
    uint32_t len;
    if (!gm_read_u32(a.lpBuffer, &len)) /* dwLength */
        return fail(ERROR_NOACCESS);
    if (len != sizeof(MEMORYSTATUSEX32))
        return fail(ERROR_INVALID_PARAMETER);
    struct mem_status s = mem_status();
    MEMORYSTATUSEX32 m = {
        .dwLength = len, .dwMemoryLoad = s.load,
        .ullTotalPhys = s.total_phys, .ullAvailPhys = s.avail_phys,
        .ullTotalPageFile = s.total_page, .ullAvailPageFile = s.avail_page,
        .ullTotalVirtual = s.total_virt, .ullAvailVirtual = s.avail_virt,
    };
    return gm_write(a.lpBuffer, &m, sizeof m) ? 1 : fail(ERROR_NOACCESS);
}

/* MEMORYSTATUS has 32-bit fields: values are capped at 2 GB for a program
 * that is not large-address-aware and at 4 GB - 1 otherwise, as documented. */
uint64_t kernel32_GlobalMemoryStatus(struct thunk_call *c)
{
    API_ARGS(kernel32, GlobalMemoryStatus, a);
    struct mem_status s = mem_status();
    uint64_t cap = g_vm->large_address_aware ? 0xFFFFFFFFull : 0x7FFFFFFFull;
#define CAPPED(v) (uint32_t)((v) < cap ? (v) : cap)
    MEMORYSTATUS32 m = {
        .dwLength = sizeof m, .dwMemoryLoad = s.load,
        .dwTotalPhys = CAPPED(s.total_phys), .dwAvailPhys = CAPPED(s.avail_phys),
        .dwTotalPageFile = CAPPED(s.total_page), .dwAvailPageFile = CAPPED(s.avail_page),
        .dwTotalVirtual = CAPPED(s.total_virt), .dwAvailVirtual = CAPPED(s.avail_virt),
    };
#undef CAPPED
    gm_write(a.lpBuffer, &m, sizeof m); /* void function: nothing to report */
    return 0;
}

/* -------------------------------------------------- names and directories */

#define COMPUTER_NAME IDENTITY_COMPUTER_NAME /* also COMPUTERNAME in the environment */

/* GetComputerName: *lpnSize in/out; too small → ERROR_BUFFER_OVERFLOW and
 * the size needed with the NUL, success → the length without it. */
static uint64_t computer_name(gaddr buf, gaddr sizep, bool wide)
{
    uint32_t size;
    if (!gm_read_u32(sizep, &size))
        return fail(ERROR_NOACCESS);
    uint32_t n = (uint32_t)strlen(COMPUTER_NAME);
    if (size < n + 1) {
        gm_write_u32(sizep, n + 1);
        return fail(ERROR_BUFFER_OVERFLOW);
    }
    if (put_ascii(COMPUTER_NAME, buf, size, wide) != n)
        return fail(ERROR_NOACCESS);
    gm_write_u32(sizep, n);
    return 1;
}

uint64_t kernel32_GetComputerNameA(struct thunk_call *c)
{
    API_ARGS(kernel32, GetComputerNameA, a);
    return computer_name(a.lpBuffer, a.nSize, false);
}
uint64_t kernel32_GetComputerNameW(struct thunk_call *c)
{
    API_ARGS(kernel32, GetComputerNameW, a);
    return computer_name(a.lpBuffer, a.nSize, true);
}

/* Under WoW64 GetSystemDirectory still names System32; the file system
 * redirects it to SysWOW64. */
#define DIR_SYSTEM  "C:\\Windows\\system32"
#define DIR_WOW64   "C:\\Windows\\SysWOW64"
#define DIR_WINDOWS "C:\\Windows"

uint64_t kernel32_GetSystemDirectoryA(struct thunk_call *c)
{
    API_ARGS(kernel32, GetSystemDirectoryA, a);
    return put_ascii(DIR_SYSTEM, a.lpBuffer, a.uSize, false);
}
uint64_t kernel32_GetSystemDirectoryW(struct thunk_call *c)
{
    API_ARGS(kernel32, GetSystemDirectoryW, a);
    return put_ascii(DIR_SYSTEM, a.lpBuffer, a.uSize, true);
}
uint64_t kernel32_GetSystemWow64DirectoryA(struct thunk_call *c)
{
    API_ARGS(kernel32, GetSystemWow64DirectoryA, a);
    return put_ascii(DIR_WOW64, a.lpBuffer, a.uSize, false);
}
uint64_t kernel32_GetSystemWow64DirectoryW(struct thunk_call *c)
{
    API_ARGS(kernel32, GetSystemWow64DirectoryW, a);
    return put_ascii(DIR_WOW64, a.lpBuffer, a.uSize, true);
}
uint64_t kernel32_GetWindowsDirectoryA(struct thunk_call *c)
{
    API_ARGS(kernel32, GetWindowsDirectoryA, a);
    return put_ascii(DIR_WINDOWS, a.lpBuffer, a.uSize, false);
}
uint64_t kernel32_GetWindowsDirectoryW(struct thunk_call *c)
{
    API_ARGS(kernel32, GetWindowsDirectoryW, a);
    return put_ascii(DIR_WINDOWS, a.lpBuffer, a.uSize, true);
}
uint64_t kernel32_GetSystemWindowsDirectoryA(struct thunk_call *c)
{
    API_ARGS(kernel32, GetSystemWindowsDirectoryA, a);
    return put_ascii(DIR_WINDOWS, a.lpBuffer, a.uSize, false);
}
uint64_t kernel32_GetSystemWindowsDirectoryW(struct thunk_call *c)
{
    API_ARGS(kernel32, GetSystemWindowsDirectoryW, a);
    return put_ascii(DIR_WINDOWS, a.lpBuffer, a.uSize, true);
}

/* ----------------------------------------------------------------- locale */

#define LCID_EN_US 0x0409u

static uint64_t en_us(struct thunk_call *c) { (void)c; return LCID_EN_US; }
uint64_t kernel32_GetUserDefaultLCID(struct thunk_call *c) { return en_us(c); }
uint64_t kernel32_GetSystemDefaultLCID(struct thunk_call *c) { return en_us(c); }
uint64_t kernel32_GetUserDefaultLangID(struct thunk_call *c) { return en_us(c); }
uint64_t kernel32_GetSystemDefaultLangID(struct thunk_call *c) { return en_us(c); }
uint64_t kernel32_GetThreadLocale(struct thunk_call *c) { return en_us(c); }
uint64_t kernel32_GetUserDefaultUILanguage(struct thunk_call *c) { return en_us(c); }
uint64_t kernel32_GetSystemDefaultUILanguage(struct thunk_call *c) { return en_us(c); }

/* LCIDs that mean en-US here: itself and the default aliases. */
bool k32_locale_is_en_us(uint32_t lcid)
{
    return lcid == LCID_EN_US || lcid == 0 /* LOCALE_NEUTRAL */ || lcid == 0x0400 /* USER_DEFAULT */ ||
           lcid == 0x0800 /* SYSTEM_DEFAULT */ || lcid == 0x0C00 /* CUSTOM_DEFAULT */ ||
           lcid == 0x1400 /* CUSTOM_UI_DEFAULT */;
}

struct locale_item {
    uint16_t type;
    const char *value;
};

/* en-US values as Windows 10 returns them. */
static const struct locale_item en_us_items[] = {
    { 0x0001, "0409" },                   /* LOCALE_ILANGUAGE */
    { 0x0002, "English (United States)" },/* LOCALE_SLANGUAGE */
    { 0x0003, "ENU" },                    /* LOCALE_SABBREVLANGNAME */
    { 0x0004, "English" },                /* LOCALE_SNATIVELANGNAME */
    { 0x0005, "1" },                      /* LOCALE_ICOUNTRY */
    { 0x0006, "United States" },          /* LOCALE_SCOUNTRY */
    { 0x0007, "USA" },                    /* LOCALE_SABBREVCTRYNAME */
    { 0x0008, "United States" },          /* LOCALE_SNATIVECTRYNAME */
    { 0x0009, "0409" },                   /* LOCALE_IDEFAULTLANGUAGE */
    { 0x000A, "1" },                      /* LOCALE_IDEFAULTCOUNTRY */
    { 0x000B, "437" },                    /* LOCALE_IDEFAULTCODEPAGE */
    { 0x000C, "," },                      /* LOCALE_SLIST */
    { 0x000D, "1" },                      /* LOCALE_IMEASURE */
    { 0x000E, "." },                      /* LOCALE_SDECIMAL */
    { 0x000F, "," },                      /* LOCALE_STHOUSAND */
    { 0x0010, "3;0" },                    /* LOCALE_SGROUPING */
    { 0x0011, "2" },                      /* LOCALE_IDIGITS */
    { 0x0012, "1" },                      /* LOCALE_ILZERO */
    { 0x0013, "0123456789" },             /* LOCALE_SNATIVEDIGITS */
    { 0x0014, "$" },                      /* LOCALE_SCURRENCY */
    { 0x0015, "USD" },                    /* LOCALE_SINTLSYMBOL */
    { 0x0016, "." },                      /* LOCALE_SMONDECIMALSEP */
    { 0x0017, "," },                      /* LOCALE_SMONTHOUSANDSEP */
    { 0x0018, "3;0" },                    /* LOCALE_SMONGROUPING */
    { 0x0019, "2" },                      /* LOCALE_ICURRDIGITS */
    { 0x001B, "0" },                      /* LOCALE_ICURRENCY */
    { 0x001D, "/" },                      /* LOCALE_SDATE */
    { 0x001E, ":" },                      /* LOCALE_STIME */
    { 0x001F, "M/d/yyyy" },               /* LOCALE_SSHORTDATE */
    { 0x0020, "dddd, MMMM d, yyyy" },     /* LOCALE_SLONGDATE */
    { 0x0021, "0" },                      /* LOCALE_IDATE */
    { 0x0022, "0" },                      /* LOCALE_ILDATE */
    { 0x0023, "0" },                      /* LOCALE_ITIME */
    { 0x0025, "1" },                      /* LOCALE_ICENTURY */
    { 0x0026, "0" },                      /* LOCALE_ITLZERO */
    { 0x0027, "0" },                      /* LOCALE_IDAYLZERO */
    { 0x0028, "AM" },                     /* LOCALE_S1159 */
    { 0x0029, "PM" },                     /* LOCALE_S2359 */
    { 0x002A, "Monday" }, { 0x002B, "Tuesday" }, { 0x002C, "Wednesday" }, { 0x002D, "Thursday" },
    { 0x002E, "Friday" }, { 0x002F, "Saturday" }, { 0x0030, "Sunday" },
    { 0x0031, "Mon" }, { 0x0032, "Tue" }, { 0x0033, "Wed" }, { 0x0034, "Thu" },
    { 0x0035, "Fri" }, { 0x0036, "Sat" }, { 0x0037, "Sun" },
    { 0x0038, "January" }, { 0x0039, "February" }, { 0x003A, "March" }, { 0x003B, "April" },
    { 0x003C, "May" }, { 0x003D, "June" }, { 0x003E, "July" }, { 0x003F, "August" },
    { 0x0040, "September" }, { 0x0041, "October" }, { 0x0042, "November" }, { 0x0043, "December" },
    { 0x0044, "Jan" }, { 0x0045, "Feb" }, { 0x0046, "Mar" }, { 0x0047, "Apr" },
    { 0x0048, "May" }, { 0x0049, "Jun" }, { 0x004A, "Jul" }, { 0x004B, "Aug" },
    { 0x004C, "Sep" }, { 0x004D, "Oct" }, { 0x004E, "Nov" }, { 0x004F, "Dec" },
    { 0x0050, "" },                       /* LOCALE_SPOSITIVESIGN */
    { 0x0051, "-" },                      /* LOCALE_SNEGATIVESIGN */
    { 0x0059, "en" },                     /* LOCALE_SISO639LANGNAME */
    { 0x005A, "US" },                     /* LOCALE_SISO3166CTRYNAME */
    { 0x005C, "en-US" },                  /* LOCALE_SNAME */
    { 0x0078, "MMMM d" },                 /* LOCALE_SMONTHDAY */
    { 0x1001, "English" },                /* LOCALE_SENGLISHLANGUAGENAME */
    { 0x1002, "United States" },          /* LOCALE_SENGLISHCOUNTRYNAME */
    { 0x1003, "h:mm:ss tt" },             /* LOCALE_STIMEFORMAT */
    { 0x1004, "1252" },                   /* LOCALE_IDEFAULTANSICODEPAGE */
    { 0x1006, "MMMM yyyy" },              /* LOCALE_SYEARMONTH */
    { 0x100C, "6" },                      /* LOCALE_IFIRSTDAYOFWEEK */
    { 0x100D, "0" },                      /* LOCALE_IFIRSTWEEKOFYEAR */
    { 0x1010, "1" },                      /* LOCALE_INEGNUMBER */
    { 0x1011, "10000" },                  /* LOCALE_IDEFAULTMACCODEPAGE */
};

#define LOCALE_NOUSEROVERRIDE        0x80000000u
#define LOCALE_USE_CP_ACP            0x40000000u
#define LOCALE_RETURN_NUMBER         0x20000000u
#define LOCALE_RETURN_GENITIVE_NAMES 0x10000000u

static const struct locale_item *locale_find(uint32_t type)
{
    for (size_t i = 0; i < sizeof en_us_items / sizeof en_us_items[0]; i++)
        if (en_us_items[i].type == type)
            return &en_us_items[i];
    return NULL;
}

const char *k32_locale_string(uint32_t lctype)
{
    const struct locale_item *it = locale_find(lctype);
    return it ? it->value : NULL;
}

/* GetLocaleInfo's core once the locale is known to be en-US: cch 0 asks
 * for the size (with NUL), LOCALE_RETURN_NUMBER gives a DWORD. */
static uint64_t locale_info(uint32_t lctype, gaddr buf, int32_t cch, bool wide)
{
    const struct locale_item *it = locale_find(lctype & 0xFFFFu);
    if ((lctype & 0x0FFF0000u) || !it || cch < 0)
        return fail(ERROR_INVALID_PARAMETER); /* not a value wowbox knows */
    if (lctype & LOCALE_RETURN_NUMBER) {
        if (it->value[0] < '0' || it->value[0] > '9')
            return fail(ERROR_INVALID_FLAGS);
        uint32_t units = wide ? 2 : 4; /* sizeof(DWORD) in characters */
        if (cch == 0)
            return units;
        if ((uint32_t)cch < units)
            return fail(ERROR_INSUFFICIENT_BUFFER);
        int base = it->type == 0x0001 || it->type == 0x0009 ? 16 : 10;
        return gm_write_u32(buf, (uint32_t)strtoul(it->value, NULL, base)) ? units : fail(ERROR_NOACCESS);
    }
    size_t n = strlen(it->value) + 1;
    if (cch == 0)
        return n;
    if ((size_t)cch < n)
        return fail(ERROR_INSUFFICIENT_BUFFER);
    return put_ascii(it->value, buf, (uint32_t)cch, wide) == n - 1 ? n : fail(ERROR_NOACCESS);
}

static uint64_t get_locale_info(uint32_t Locale, uint32_t LCType, gaddr lpLCData, uint32_t cchData, bool wide)
{
    if (!k32_locale_is_en_us(Locale))
        return fail(ERROR_INVALID_PARAMETER);
    return locale_info(LCType, lpLCData, (int32_t)cchData, wide);
}

uint64_t kernel32_GetLocaleInfoA(struct thunk_call *c)
{
    API_ARGS(kernel32, GetLocaleInfoA, a);
    return get_locale_info(a.Locale, a.LCType, a.lpLCData, a.cchData, false);
}
uint64_t kernel32_GetLocaleInfoW(struct thunk_call *c)
{
    API_ARGS(kernel32, GetLocaleInfoW, a);
    return get_locale_info(a.Locale, a.LCType, a.lpLCData, a.cchData, true);
}

/* Locale names: NULL (user default), "" (invariant: not kept apart here)
 * and "en-US", matched case-insensitively. */
bool k32_locale_name_is_en_us(gaddr name)
{
    if (!name)
        return true;
    size_t n;
    uint16_t *w = gm_wcsdup(name, &n);
    static const char en[] = "en-us";
    bool ok = w && (n == 0 || n == 5);
    for (size_t i = 0; ok && i < n; i++)
        ok = nls_lower(w[i]) == (uint8_t)en[i];
    free(w);
    return ok;
}

uint64_t kernel32_GetLocaleInfoEx(struct thunk_call *c)
{
    API_ARGS(kernel32, GetLocaleInfoEx, a);
    if (!k32_locale_name_is_en_us(a.lpLocaleName))
        return fail(ERROR_INVALID_PARAMETER);
    return locale_info(a.LCType, a.lpLCData, (int32_t)a.cchData, true);
}

/* GetUserDefaultLocaleName: the count with the NUL, 0 when it does not fit. */
static uint64_t locale_name(gaddr lpLocaleName, uint32_t cchLocaleName)
{
    int32_t cch = (int32_t)cchLocaleName;
    if (cch < 6)
        return fail(ERROR_INSUFFICIENT_BUFFER);
    return put_ascii("en-US", lpLocaleName, (uint32_t)cch, true) == 5 ? 6 : fail(ERROR_NOACCESS);
}

uint64_t kernel32_GetUserDefaultLocaleName(struct thunk_call *c)
{
    API_ARGS(kernel32, GetUserDefaultLocaleName, a);
    return locale_name(a.lpLocaleName, a.cchLocaleName);
}
uint64_t kernel32_GetSystemDefaultLocaleName(struct thunk_call *c)
{
    API_ARGS(kernel32, GetSystemDefaultLocaleName, a);
    return locale_name(a.lpLocaleName, a.cchLocaleName);
}

/* GetSystemTimes: the machine's idle, kernel and user time summed over its
 * processors, from the host's /proc/stat ("cpu" line, in clock ticks);
 * Windows counts idle time into kernel time. A --deterministic run has a
 * machine that idled through the fake clock's whole uptime. */
static bool system_times(uint64_t t[3])
{
    if (clock_settings()->deterministic) {
        t[0] = t[1] = clock_peek_uptime();
        t[2] = 0;
        return true;
    }
    unsigned long long user = 0, nice = 0, sys = 0, idle = 0, iowait = 0, irq = 0, softirq = 0;
    FILE *f = fopen("/proc/stat", "re");
    int n = f ? fscanf(f, "cpu %llu %llu %llu %llu %llu %llu %llu", &user, &nice, &sys, &idle, &iowait, &irq,
                       &softirq)
              : 0;
    if (f)
        fclose(f);
    long hz = sysconf(_SC_CLK_TCK);
    if (n < 4 || hz <= 0)
        return false;
    uint64_t per_tick = CLOCK_TICKS_PER_SEC / (uint64_t)hz;
    t[0] = (idle + iowait) * per_tick;
    t[1] = (sys + irq + softirq) * per_tick + t[0];
    t[2] = (user + nice) * per_tick;
    return true;
}

uint64_t kernel32_GetSystemTimes(struct thunk_call *c)
{
    API_ARGS(kernel32, GetSystemTimes, a);
    uint64_t t[3];
    if (!system_times(t))
        return fail(ERROR_GEN_FAILURE);
    gaddr out[3] = { a.lpIdleTime, a.lpKernelTime, a.lpUserTime };
    for (int i = 0; i < 3; i++) /* each one optional */
        if (out[i] && !gm_write(out[i], &t[i], 8))
            return fail(ERROR_NOACCESS);
    return 1;
}
