/* The 32-bit Win32 structures kernel32 exchanges with the guest, other than
 * the file ones (struct32_file.h) and the NT ones (syscalls/ntdll/):
 * declared once, in Windows' i386 layout, every offset and size pinned.
 * Handlers read and write them whole through core/guest_mem.h. */
#ifndef WOWBOX_SYSCALLS_KERNEL32_STRUCT32_H
#define WOWBOX_SYSCALLS_KERNEL32_STRUCT32_H

#include <stddef.h>
#include <stdint.h>

#include "syscalls/struct32_pin.h"

/* Pins a member's offset and a size: the layouts are Windows' (i386), not
 * the host's (same definitions as the other struct32 headers). */

/* SECURITY_ATTRIBUTES */
typedef struct {
    uint32_t nLength;
    uint32_t lpSecurityDescriptor;
    uint32_t bInheritHandle;} SECURITY_ATTRIBUTES32;
PIN(SECURITY_ATTRIBUTES32, lpSecurityDescriptor, 4);
PIN(SECURITY_ATTRIBUTES32, bInheritHandle, 8);
PIN_SIZE(SECURITY_ATTRIBUTES32, 12);

/* OSVERSIONINFOEXA; OSVERSIONINFOA is its first OSVERSIONINFOA32_SIZE
 * bytes. The W forms are ntdll's (syscalls/ntdll/struct32_system.h). */
typedef struct {
    uint32_t dwOSVersionInfoSize;
    uint32_t dwMajorVersion;
    uint32_t dwMinorVersion;
    uint32_t dwBuildNumber;
    uint32_t dwPlatformId;
    char szCSDVersion[128];
    uint16_t wServicePackMajor;
    uint16_t wServicePackMinor;
    uint16_t wSuiteMask;
    uint8_t wProductType;
    uint8_t wReserved;
} OSVERSIONINFOEXA32;
PIN(OSVERSIONINFOEXA32, dwMajorVersion, 4);
PIN(OSVERSIONINFOEXA32, dwBuildNumber, 12);
PIN(OSVERSIONINFOEXA32, dwPlatformId, 16);
PIN(OSVERSIONINFOEXA32, szCSDVersion, 20);
PIN(OSVERSIONINFOEXA32, wServicePackMajor, 148);
PIN(OSVERSIONINFOEXA32, wSuiteMask, 152);
PIN(OSVERSIONINFOEXA32, wProductType, 154);
PIN_SIZE(OSVERSIONINFOEXA32, 156);
#define OSVERSIONINFOA32_SIZE offsetof(OSVERSIONINFOEXA32, wServicePackMajor)

/* SYSTEM_INFO */
typedef struct {
    uint16_t wProcessorArchitecture;
    uint16_t wReserved;
    uint32_t dwPageSize;
    uint32_t lpMinimumApplicationAddress;
    uint32_t lpMaximumApplicationAddress;
    uint32_t dwActiveProcessorMask;
    uint32_t dwNumberOfProcessors;
    uint32_t dwProcessorType;
    uint32_t dwAllocationGranularity;
    uint16_t wProcessorLevel;
    uint16_t wProcessorRevision;} SYSTEM_INFO32;
PIN(SYSTEM_INFO32, dwPageSize, 4);
PIN(SYSTEM_INFO32, lpMinimumApplicationAddress, 8);
PIN(SYSTEM_INFO32, lpMaximumApplicationAddress, 12);
PIN(SYSTEM_INFO32, dwActiveProcessorMask, 16);
PIN(SYSTEM_INFO32, dwNumberOfProcessors, 20);
PIN(SYSTEM_INFO32, dwProcessorType, 24);
PIN(SYSTEM_INFO32, dwAllocationGranularity, 28);
PIN(SYSTEM_INFO32, wProcessorLevel, 32);
PIN(SYSTEM_INFO32, wProcessorRevision, 34);
PIN_SIZE(SYSTEM_INFO32, 36);

/* MEMORYSTATUS: 32-bit counts (capped by GlobalMemoryStatus). */
typedef struct {
    uint32_t dwLength;
    uint32_t dwMemoryLoad;
    uint32_t dwTotalPhys;
    uint32_t dwAvailPhys;
    uint32_t dwTotalPageFile;
    uint32_t dwAvailPageFile;
    uint32_t dwTotalVirtual;
    uint32_t dwAvailVirtual;} MEMORYSTATUS32;
PIN(MEMORYSTATUS32, dwTotalPhys, 8);
PIN(MEMORYSTATUS32, dwAvailVirtual, 28);
PIN_SIZE(MEMORYSTATUS32, 32);

/* MEMORYSTATUSEX: DWORDLONG counts, 8-aligned on i386 too. */
typedef struct {
    uint32_t dwLength;
    uint32_t dwMemoryLoad;
    uint64_t ullTotalPhys;
    uint64_t ullAvailPhys;
    uint64_t ullTotalPageFile;
    uint64_t ullAvailPageFile;
    uint64_t ullTotalVirtual;
    uint64_t ullAvailVirtual;
    uint64_t ullAvailExtendedVirtual;} MEMORYSTATUSEX32;
PIN(MEMORYSTATUSEX32, ullTotalPhys, 8);
PIN(MEMORYSTATUSEX32, ullAvailPhys, 16);
PIN(MEMORYSTATUSEX32, ullTotalPageFile, 24);
PIN(MEMORYSTATUSEX32, ullAvailPageFile, 32);
PIN(MEMORYSTATUSEX32, ullTotalVirtual, 40);
PIN(MEMORYSTATUSEX32, ullAvailVirtual, 48);
PIN(MEMORYSTATUSEX32, ullAvailExtendedVirtual, 56);
PIN_SIZE(MEMORYSTATUSEX32, 64);

/* STARTUPINFOA and STARTUPINFOW: the same layout (the three strings are
 * char * or WCHAR * guest pointers). */
typedef struct {
    uint32_t cb;
    uint32_t lpReserved;
    uint32_t lpDesktop;
    uint32_t lpTitle;
    uint32_t dwX, dwY;
    uint32_t dwXSize, dwYSize;
    uint32_t dwXCountChars, dwYCountChars;
    uint32_t dwFillAttribute;
    uint32_t dwFlags;
    uint16_t wShowWindow;
    uint16_t cbReserved2;
    uint32_t lpReserved2;
    uint32_t hStdInput;
    uint32_t hStdOutput;
    uint32_t hStdError;} STARTUPINFO32;
PIN(STARTUPINFO32, lpDesktop, 8);
PIN(STARTUPINFO32, dwX, 16);
PIN(STARTUPINFO32, dwFillAttribute, 40);
PIN(STARTUPINFO32, dwFlags, 44);
PIN(STARTUPINFO32, wShowWindow, 48);
PIN(STARTUPINFO32, cbReserved2, 50);
PIN(STARTUPINFO32, lpReserved2, 52);
PIN(STARTUPINFO32, hStdInput, 56);
PIN(STARTUPINFO32, hStdOutput, 60);
PIN(STARTUPINFO32, hStdError, 64);
PIN_SIZE(STARTUPINFO32, 68);

/* PROCESS_INFORMATION */
typedef struct {
    uint32_t hProcess;
    uint32_t hThread;
    uint32_t dwProcessId;
    uint32_t dwThreadId;} PROCESS_INFORMATION32;
PIN(PROCESS_INFORMATION32, hThread, 4);
PIN(PROCESS_INFORMATION32, dwProcessId, 8);
PIN(PROCESS_INFORMATION32, dwThreadId, 12);
PIN_SIZE(PROCESS_INFORMATION32, 16);

/* SYSTEMTIME */
typedef struct {
    uint16_t wYear;
    uint16_t wMonth;
    uint16_t wDayOfWeek;
    uint16_t wDay;
    uint16_t wHour;
    uint16_t wMinute;
    uint16_t wSecond;
    uint16_t wMilliseconds;} SYSTEMTIME32;
PIN(SYSTEMTIME32, wDayOfWeek, 4);
PIN(SYSTEMTIME32, wDay, 6);
PIN(SYSTEMTIME32, wMilliseconds, 14);
PIN_SIZE(SYSTEMTIME32, 16);

/* TIME_ZONE_INFORMATION */
typedef struct {
    int32_t Bias;
    uint16_t StandardName[32];
    SYSTEMTIME32 StandardDate;
    int32_t StandardBias;
    uint16_t DaylightName[32];
    SYSTEMTIME32 DaylightDate;
    int32_t DaylightBias;} TIME_ZONE_INFORMATION32;
PIN(TIME_ZONE_INFORMATION32, StandardName, 4);
PIN(TIME_ZONE_INFORMATION32, StandardDate, 68);
PIN(TIME_ZONE_INFORMATION32, StandardBias, 84);
PIN(TIME_ZONE_INFORMATION32, DaylightName, 88);
PIN(TIME_ZONE_INFORMATION32, DaylightDate, 152);
PIN(TIME_ZONE_INFORMATION32, DaylightBias, 168);
PIN_SIZE(TIME_ZONE_INFORMATION32, 172);

/* DYNAMIC_TIME_ZONE_INFORMATION: the above, the key name and a BOOLEAN
 * (padded to the structure's 4-byte alignment). */
typedef struct {
    TIME_ZONE_INFORMATION32 tzi;
    uint16_t TimeZoneKeyName[128];
    uint8_t DynamicDaylightTimeDisabled;} DYNAMIC_TIME_ZONE_INFORMATION32;
PIN(DYNAMIC_TIME_ZONE_INFORMATION32, TimeZoneKeyName, 172);
PIN(DYNAMIC_TIME_ZONE_INFORMATION32, DynamicDaylightTimeDisabled, 428);
PIN_SIZE(DYNAMIC_TIME_ZONE_INFORMATION32, 432);

/* PROCESS_HEAP_ENTRY: the tail is a union, Block for busy blocks and
 * Region for PROCESS_HEAP_REGION entries. */
typedef struct {
    uint32_t lpData;
    uint32_t cbData;
    uint8_t cbOverhead;
    uint8_t iRegionIndex;
    uint16_t wFlags;
    union {
        struct {
            uint32_t hMem;
            uint32_t dwReserved[3];
        } Block;
        struct {
            uint32_t dwCommittedSize;
            uint32_t dwUnCommittedSize;
            uint32_t lpFirstBlock;
            uint32_t lpLastBlock;
        } Region;
    } u;} PROCESS_HEAP_ENTRY32;
PIN(PROCESS_HEAP_ENTRY32, cbOverhead, 8);
PIN(PROCESS_HEAP_ENTRY32, iRegionIndex, 9);
PIN(PROCESS_HEAP_ENTRY32, wFlags, 10);
PIN(PROCESS_HEAP_ENTRY32, u.Region.dwCommittedSize, 12);
PIN(PROCESS_HEAP_ENTRY32, u.Region.dwUnCommittedSize, 16);
PIN(PROCESS_HEAP_ENTRY32, u.Region.lpFirstBlock, 20);
PIN(PROCESS_HEAP_ENTRY32, u.Region.lpLastBlock, 24);
PIN_SIZE(PROCESS_HEAP_ENTRY32, 28);

/* CPINFO */
typedef struct {
    uint32_t MaxCharSize;
    uint8_t DefaultChar[2];
    uint8_t LeadByte[12];} CPINFO32;
PIN(CPINFO32, DefaultChar, 4);
PIN(CPINFO32, LeadByte, 6);
PIN_SIZE(CPINFO32, 20);
/* CPINFOEXA/W up to the name (MAX_PATH CHARs or WCHARs at offset 24) */
typedef struct {
    uint32_t MaxCharSize;
    uint8_t DefaultChar[2];
    uint8_t LeadByte[12];
    uint16_t UnicodeDefaultChar;
    uint32_t CodePage;} CPINFOEX_HEAD32;
PIN(CPINFOEX_HEAD32, UnicodeDefaultChar, 18);
PIN(CPINFOEX_HEAD32, CodePage, 20);
PIN_SIZE(CPINFOEX_HEAD32, 24);

/* COORD, SMALL_RECT, CONSOLE_SCREEN_BUFFER_INFO */
typedef struct {
    int16_t X;
    int16_t Y;} COORD32;
PIN(COORD32, Y, 2);
PIN_SIZE(COORD32, 4);
typedef struct {
    int16_t Left;
    int16_t Top;
    int16_t Right;
    int16_t Bottom;} SMALL_RECT32;
PIN(SMALL_RECT32, Bottom, 6);
PIN_SIZE(SMALL_RECT32, 8);
typedef struct {
    COORD32 dwSize;
    COORD32 dwCursorPosition;
    uint16_t wAttributes;
    SMALL_RECT32 srWindow;
    COORD32 dwMaximumWindowSize;} CONSOLE_SCREEN_BUFFER_INFO32;
PIN(CONSOLE_SCREEN_BUFFER_INFO32, dwCursorPosition, 4);
PIN(CONSOLE_SCREEN_BUFFER_INFO32, wAttributes, 8);
PIN(CONSOLE_SCREEN_BUFFER_INFO32, srWindow, 10);
PIN(CONSOLE_SCREEN_BUFFER_INFO32, dwMaximumWindowSize, 18);
PIN_SIZE(CONSOLE_SCREEN_BUFFER_INFO32, 22);

/* INPUT_RECORD with its KEY_EVENT_RECORD (the union's largest members,
 * MOUSE_EVENT_RECORD and KEY_EVENT_RECORD, are 16 bytes; uChar is a WCHAR
 * or, for the A functions, a CHAR in its low byte) */
typedef struct {
    uint32_t bKeyDown;
    uint16_t wRepeatCount;
    uint16_t wVirtualKeyCode;
    uint16_t wVirtualScanCode;
    uint16_t uChar;
    uint32_t dwControlKeyState;} KEY_EVENT_RECORD32;
PIN(KEY_EVENT_RECORD32, wVirtualKeyCode, 6);
PIN(KEY_EVENT_RECORD32, uChar, 10);
PIN(KEY_EVENT_RECORD32, dwControlKeyState, 12);
PIN_SIZE(KEY_EVENT_RECORD32, 16);
typedef struct {
    uint16_t EventType;
    uint16_t pad;
    union {
        KEY_EVENT_RECORD32 KeyEvent;
        uint8_t raw[16];
    } Event;} INPUT_RECORD32;
PIN(INPUT_RECORD32, Event, 4);
PIN_SIZE(INPUT_RECORD32, 20);

/* JOBOBJECT_BASIC_LIMIT_INFORMATION, JOBOBJECT_EXTENDED_LIMIT_INFORMATION
 * (the LARGE_INTEGER members keep 8-byte alignment on i386) */
typedef struct {
    int64_t PerProcessUserTimeLimit;
    int64_t PerJobUserTimeLimit;
    uint32_t LimitFlags;
    uint32_t MinimumWorkingSetSize;
    uint32_t MaximumWorkingSetSize;
    uint32_t ActiveProcessLimit;
    uint32_t Affinity;
    uint32_t PriorityClass;
    uint32_t SchedulingClass;
    uint32_t pad;} JOBOBJECT_BASIC_LIMIT_INFORMATION32;
PIN(JOBOBJECT_BASIC_LIMIT_INFORMATION32, LimitFlags, 16);
PIN(JOBOBJECT_BASIC_LIMIT_INFORMATION32, SchedulingClass, 40);
PIN_SIZE(JOBOBJECT_BASIC_LIMIT_INFORMATION32, 48);
typedef struct {
    JOBOBJECT_BASIC_LIMIT_INFORMATION32 BasicLimitInformation;
    uint64_t IoInfo[6];
    uint32_t ProcessMemoryLimit;
    uint32_t JobMemoryLimit;
    uint32_t PeakProcessMemoryUsed;
    uint32_t PeakJobMemoryUsed;} JOBOBJECT_EXTENDED_LIMIT_INFORMATION32;
PIN(JOBOBJECT_EXTENDED_LIMIT_INFORMATION32, IoInfo, 48);
PIN(JOBOBJECT_EXTENDED_LIMIT_INFORMATION32, ProcessMemoryLimit, 96);
PIN_SIZE(JOBOBJECT_EXTENDED_LIMIT_INFORMATION32, 112);

/* CRITICAL_SECTION (RTL_CRITICAL_SECTION) */
typedef struct {
    uint32_t DebugInfo;
    int32_t LockCount;
    int32_t RecursionCount;
    uint32_t OwningThread;
    uint32_t LockSemaphore;
    uint32_t SpinCount;} CRITICAL_SECTION32;
PIN(CRITICAL_SECTION32, LockCount, 4);
PIN(CRITICAL_SECTION32, RecursionCount, 8);
PIN(CRITICAL_SECTION32, OwningThread, 12);
PIN(CRITICAL_SECTION32, LockSemaphore, 16);
PIN(CRITICAL_SECTION32, SpinCount, 20);
PIN_SIZE(CRITICAL_SECTION32, 24);

/* HEAP_OPTIMIZE_RESOURCES_INFORMATION */
typedef struct {
    uint32_t Version; /* HEAP_OPTIMIZE_RESOURCES_CURRENT_VERSION (1) */
    uint32_t Flags;
} HEAP_OPTIMIZE_RESOURCES_INFORMATION32;
PIN(HEAP_OPTIMIZE_RESOURCES_INFORMATION32, Flags, 4);
PIN_SIZE(HEAP_OPTIMIZE_RESOURCES_INFORMATION32, 8);

/* IMAGE_DELAYLOAD_DESCRIPTOR (the delay-import directory's entries) */
typedef struct {
    uint32_t Attributes;  /* bit 0: the fields below are RVAs, not addresses */
    uint32_t DllNameRVA;
    uint32_t ModuleHandleRVA;
    uint32_t ImportAddressTableRVA;
    uint32_t ImportNameTableRVA;
    uint32_t BoundImportAddressTableRVA;
    uint32_t UnloadInformationTableRVA;
    uint32_t TimeDateStamp;
} IMAGE_DELAYLOAD_DESCRIPTOR32;
PIN(IMAGE_DELAYLOAD_DESCRIPTOR32, DllNameRVA, 4);
PIN(IMAGE_DELAYLOAD_DESCRIPTOR32, ModuleHandleRVA, 8);
PIN(IMAGE_DELAYLOAD_DESCRIPTOR32, ImportAddressTableRVA, 12);
PIN(IMAGE_DELAYLOAD_DESCRIPTOR32, ImportNameTableRVA, 16);
PIN(IMAGE_DELAYLOAD_DESCRIPTOR32, TimeDateStamp, 28);
PIN_SIZE(IMAGE_DELAYLOAD_DESCRIPTOR32, 32);

#endif
