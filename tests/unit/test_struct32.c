/* Unit tests for the 32-bit structures declared once (syscalls/kernel32/
 * struct32.h, syscalls/ntdll/struct32_system.h, syscalls/msvcrt/struct32.h,
 * syscalls/ws2_32/struct32.h):
 * sizes and offsets against Windows' i386 values, and a structure written
 * whole through the checked accessors lands at those offsets. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "core/guest_mem.h"
#include "core/vm.h"
#include "syscalls/kernel32/struct32.h"
#include "syscalls/msvcrt/struct32.h"
#include "syscalls/ntdll/struct32_system.h"
#include "syscalls/ws2_32/struct32.h"

struct layout {
    const char *what;
    size_t actual, windows;
};

#define SIZE(t, n) { "sizeof " #t, sizeof(t), n }
#define AT(t, f, n) { #t "." #f, offsetof(t, f), n }

/* Windows' values (i386), as the SDK headers lay the structures out. */
static const struct layout layouts[] = {
    SIZE(SECURITY_ATTRIBUTES32, 12), AT(SECURITY_ATTRIBUTES32, bInheritHandle, 8),
    SIZE(SYSTEM_INFO32, 36), AT(SYSTEM_INFO32, dwPageSize, 4), AT(SYSTEM_INFO32, dwNumberOfProcessors, 20),
    AT(SYSTEM_INFO32, dwAllocationGranularity, 28), AT(SYSTEM_INFO32, wProcessorRevision, 34),
    SIZE(OSVERSIONINFOEXA32, 156), AT(OSVERSIONINFOEXA32, szCSDVersion, 20),
    AT(OSVERSIONINFOEXA32, wServicePackMajor, 148), AT(OSVERSIONINFOEXA32, wProductType, 154),
    { "OSVERSIONINFOA size", OSVERSIONINFOA32_SIZE, 148 },
    SIZE(OSVERSIONINFOEXW32, 284), AT(OSVERSIONINFOEXW32, wServicePackMajor, 276),
    AT(OSVERSIONINFOEXW32, wSuiteMask, 280), { "OSVERSIONINFOW size", OSVERSIONINFOW32_SIZE, 276 },
    SIZE(MEMORYSTATUS32, 32), AT(MEMORYSTATUS32, dwAvailVirtual, 28),
    SIZE(MEMORYSTATUSEX32, 64), AT(MEMORYSTATUSEX32, ullTotalPhys, 8),
    AT(MEMORYSTATUSEX32, ullAvailExtendedVirtual, 56),
    SIZE(STARTUPINFO32, 68), AT(STARTUPINFO32, wShowWindow, 48), AT(STARTUPINFO32, lpReserved2, 52),
    AT(STARTUPINFO32, hStdError, 64),
    SIZE(PROCESS_INFORMATION32, 16), AT(PROCESS_INFORMATION32, dwThreadId, 12),
    SIZE(SYSTEMTIME32, 16), AT(SYSTEMTIME32, wDay, 6), AT(SYSTEMTIME32, wMilliseconds, 14),
    SIZE(TIME_ZONE_INFORMATION32, 172), AT(TIME_ZONE_INFORMATION32, StandardDate, 68),
    AT(TIME_ZONE_INFORMATION32, DaylightName, 88), AT(TIME_ZONE_INFORMATION32, DaylightBias, 168),
    SIZE(DYNAMIC_TIME_ZONE_INFORMATION32, 432), AT(DYNAMIC_TIME_ZONE_INFORMATION32, TimeZoneKeyName, 172),
    AT(DYNAMIC_TIME_ZONE_INFORMATION32, DynamicDaylightTimeDisabled, 428),
    SIZE(PROCESS_HEAP_ENTRY32, 28), AT(PROCESS_HEAP_ENTRY32, wFlags, 10),
    AT(PROCESS_HEAP_ENTRY32, u.Region.lpLastBlock, 24),
    SIZE(CPINFO32, 20), AT(CPINFO32, LeadByte, 6),
    SIZE(CONSOLE_SCREEN_BUFFER_INFO32, 22), AT(CONSOLE_SCREEN_BUFFER_INFO32, wAttributes, 8),
    AT(CONSOLE_SCREEN_BUFFER_INFO32, dwMaximumWindowSize, 18),
    SIZE(JOBOBJECT_BASIC_LIMIT_INFORMATION32, 48), AT(JOBOBJECT_BASIC_LIMIT_INFORMATION32, LimitFlags, 16),
    SIZE(JOBOBJECT_EXTENDED_LIMIT_INFORMATION32, 112),
    AT(JOBOBJECT_EXTENDED_LIMIT_INFORMATION32, ProcessMemoryLimit, 96),
    SIZE(CRITICAL_SECTION32, 24), AT(CRITICAL_SECTION32, SpinCount, 20),
    SIZE(MEMORY_BASIC_INFORMATION32, 28), AT(MEMORY_BASIC_INFORMATION32, RegionSize, 12),
    AT(MEMORY_BASIC_INFORMATION32, Type, 24),
    SIZE(FILE32, 32), AT(FILE32, _flag, 12), AT(FILE32, _file, 16), AT(FILE32, _tmpfname, 28),
    SIZE(TM32, 36), AT(TM32, tm_isdst, 32), SIZE(EH3_REGISTRATION32, 16), AT(EH3_REGISTRATION32, TryLevel, 12),
    SIZE(TIMEB32, 12), AT(TIMEB32, dstflag, 8), SIZE(TIMEB64, 16), AT(TIMEB64, millitm, 8),
    SIZE(JUMP_BUFFER32, 64), AT(JUMP_BUFFER32, Cookie, 32), AT(JUMP_BUFFER32, UnwindData, 40),
    SIZE(LCONV32, 48), AT(LCONV32, int_frac_digits, 40),
    SIZE(STAT32, 36), AT(STAT32, st_rdev, 16), AT(STAT32, st_size, 20), AT(STAT32, change_time, 32),
    SIZE(STAT32I64, 48), AT(STAT32I64, st_size, 24), AT(STAT32I64, access_time, 32),
    SIZE(STAT64I32, 48), AT(STAT64I32, access_time, 24),
    SIZE(STAT64, 56), AT(STAT64, change_time, 48),
    SIZE(FINDDATA32, 280), AT(FINDDATA32, name, 20), SIZE(FINDDATA32I64, 288), AT(FINDDATA32I64, name, 24),
    SIZE(FINDDATA64, 304), AT(FINDDATA64, size, 32), AT(FINDDATA64, name, 40),
    SIZE(WFINDDATA32, 540), SIZE(WFINDDATA32I64, 544), SIZE(WFINDDATA64, 560),
    /* Winsock */
    SIZE(WSADATA32, 400), AT(WSADATA32, szSystemStatus, 261), AT(WSADATA32, iMaxSockets, 390),
    AT(WSADATA32, lpVendorInfo, 396), SIZE(SOCKADDR_IN32, 16), AT(SOCKADDR_IN32, sin_addr, 4),
    SIZE(SOCKADDR_IN6_32, 28), AT(SOCKADDR_IN6_32, sin6_addr, 8), AT(SOCKADDR_IN6_32, sin6_scope_id, 24),
    SIZE(FD_SET32, 260), AT(FD_SET32, fd_array, 4), SIZE(TIMEVAL32, 8), SIZE(WSAPOLLFD32, 8),
    AT(WSAPOLLFD32, revents, 6), SIZE(LINGER32, 4), SIZE(HOSTENT32, 16), AT(HOSTENT32, h_length, 10),
    AT(HOSTENT32, h_addr_list, 12), SIZE(ADDRINFO32, 32), AT(ADDRINFO32, ai_addrlen, 16),
    AT(ADDRINFO32, ai_next, 28), SIZE(WSANETWORKEVENTS32, 44), SIZE(WSABUF32, 8), AT(WSABUF32, buf, 4),
};

static void test_layouts(void **state)
{
    int wrong = 0;
    for (size_t i = 0; i < sizeof layouts / sizeof layouts[0]; i++) {
        if (layouts[i].actual != layouts[i].windows) {
            print_error("%s: %zu, Windows: %zu\n", layouts[i].what, layouts[i].actual, layouts[i].windows);
            wrong++;
        }
    }
    assert_int_equal(wrong, 0);
}

static struct vm vm;
#define PAGE 0x00400000u

static int setup(void **state)
{
    if (vm_init(&vm, false) != STATUS_SUCCESS)
        return -1;
    g_vm = &vm;
    gaddr a = PAGE;
    if (vm_reserve(&vm, &a, 0x10000, 0, PAGE_READWRITE, false) != STATUS_SUCCESS)
        return -1;
    return vm_commit(&vm, PAGE, 0x1000, PAGE_READWRITE) == STATUS_SUCCESS ? 0 : -1;
}

static int teardown(void **state)
{
    g_vm = NULL;
    vm_destroy(&vm);
    return 0;
}

static uint32_t u32_at(gaddr g)
{
    uint32_t v = 0;
    assert_true(gm_read_u32(g, &v));
    return v;
}

static uint16_t u16_at(gaddr g)
{
    uint16_t v = 0;
    assert_true(gm_read_u16(g, &v));
    return v;
}

/* Written whole, read back field by field at Windows' offsets. */
static void test_written_whole(void **state)
{
    SYSTEM_INFO32 si = { .wProcessorArchitecture = 9, .dwPageSize = 0x1000, .dwNumberOfProcessors = 3,
                         .dwAllocationGranularity = 0x10000, .wProcessorLevel = 6, .wProcessorRevision = 0x5507 };
    assert_true(gm_write(PAGE, &si, sizeof si));
    assert_int_equal(u16_at(PAGE), 9);
    assert_int_equal(u32_at(PAGE + 4), 0x1000);
    assert_int_equal(u32_at(PAGE + 20), 3);
    assert_int_equal(u32_at(PAGE + 28), 0x10000);
    assert_int_equal(u16_at(PAGE + 32), 6);
    assert_int_equal(u16_at(PAGE + 34), 0x5507);

    MEMORYSTATUSEX32 m = { .dwLength = 64, .dwMemoryLoad = 42, .ullTotalPhys = 0x123456789ull };
    assert_true(gm_write(PAGE + 0x100, &m, sizeof m));
    assert_int_equal(u32_at(PAGE + 0x104), 42);
    assert_int_equal(u32_at(PAGE + 0x108), 0x23456789u);
    assert_int_equal(u32_at(PAGE + 0x10C), 1);

    STAT32I64 st = { .st_mode = 0x81B6, .st_size = 0x100000002ll, .modify_time = 77 };
    assert_true(gm_write(PAGE + 0x200, &st, sizeof st));
    assert_int_equal(u16_at(PAGE + 0x206), 0x81B6);
    assert_int_equal(u32_at(PAGE + 0x218), 2);
    assert_int_equal(u32_at(PAGE + 0x21C), 1);
    assert_int_equal(u32_at(PAGE + 0x224), 77);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_layouts),
        cmocka_unit_test(test_written_whole),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
