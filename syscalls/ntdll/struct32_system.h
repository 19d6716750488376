/* The 32-bit structures of ntdll's memory and version services, declared
 * once in Windows' i386 layout with every offset and size pinned (the file
 * and object ones are in struct32.h). */
#ifndef WOWBOX_SYSCALLS_NTDLL_STRUCT32_SYSTEM_H
#define WOWBOX_SYSCALLS_NTDLL_STRUCT32_SYSTEM_H

#include <stddef.h>
#include <stdint.h>

#include "syscalls/struct32_pin.h"


/* MEMORY_BASIC_INFORMATION (NtQueryVirtualMemory, VirtualQuery) */
typedef struct {
    uint32_t BaseAddress;
    uint32_t AllocationBase;
    uint32_t AllocationProtect;
    uint32_t RegionSize;
    uint32_t State;
    uint32_t Protect;
    uint32_t Type;
} MEMORY_BASIC_INFORMATION32;
PIN(MEMORY_BASIC_INFORMATION32, AllocationBase, 4);
PIN(MEMORY_BASIC_INFORMATION32, AllocationProtect, 8);
PIN(MEMORY_BASIC_INFORMATION32, RegionSize, 12);
PIN(MEMORY_BASIC_INFORMATION32, State, 16);
PIN(MEMORY_BASIC_INFORMATION32, Protect, 20);
PIN(MEMORY_BASIC_INFORMATION32, Type, 24);
PIN_SIZE(MEMORY_BASIC_INFORMATION32, 28);

/* RTL_OSVERSIONINFOEXW = OSVERSIONINFOEXW; OSVERSIONINFOW is its first
 * OSVERSIONINFOW32_SIZE bytes (dwOSVersionInfoSize says which one). */
typedef struct {
    uint32_t dwOSVersionInfoSize;
    uint32_t dwMajorVersion;
    uint32_t dwMinorVersion;
    uint32_t dwBuildNumber;
    uint32_t dwPlatformId;
    uint16_t szCSDVersion[128];
    uint16_t wServicePackMajor;
    uint16_t wServicePackMinor;
    uint16_t wSuiteMask;
    uint8_t wProductType;
    uint8_t wReserved;
} OSVERSIONINFOEXW32;
PIN(OSVERSIONINFOEXW32, dwMajorVersion, 4);
PIN(OSVERSIONINFOEXW32, dwBuildNumber, 12);
PIN(OSVERSIONINFOEXW32, dwPlatformId, 16);
PIN(OSVERSIONINFOEXW32, szCSDVersion, 20);
PIN(OSVERSIONINFOEXW32, wServicePackMajor, 276);
PIN(OSVERSIONINFOEXW32, wSuiteMask, 280);
PIN(OSVERSIONINFOEXW32, wProductType, 282);
PIN_SIZE(OSVERSIONINFOEXW32, 284);
#define OSVERSIONINFOW32_SIZE offsetof(OSVERSIONINFOEXW32, wServicePackMajor)

#endif
