/* The 32-bit structures of toolhelp snapshots and the psapi (K32*)
 * functions, declared once in Windows' i386 layout, offsets pinned. */
#ifndef WOWBOX_SYSCALLS_KERNEL32_STRUCT32_TOOLHELP_H
#define WOWBOX_SYSCALLS_KERNEL32_STRUCT32_TOOLHELP_H

#include <stdint.h>

#include "syscalls/struct32_pin.h"

#define TH32CS_SNAPHEAPLIST 0x1u
#define TH32CS_SNAPPROCESS  0x2u
#define TH32CS_SNAPTHREAD   0x4u
#define TH32CS_SNAPMODULE   0x8u
#define TH32CS_SNAPMODULE32 0x10u
#define TH32CS_INHERIT      0x80000000u

/* PROCESSENTRY32 (A: CHAR szExeFile[260]; W: WCHAR) */
typedef struct {
    uint32_t dwSize;
    uint32_t cntUsage;
    uint32_t th32ProcessID;
    uint32_t th32DefaultHeapID;
    uint32_t th32ModuleID;
    uint32_t cntThreads;
    uint32_t th32ParentProcessID;
    int32_t pcPriClassBase;
    uint32_t dwFlags;
} PROCESSENTRY32_HEAD32;
PIN(PROCESSENTRY32_HEAD32, cntThreads, 20);
PIN(PROCESSENTRY32_HEAD32, pcPriClassBase, 28);
PIN_SIZE(PROCESSENTRY32_HEAD32, 36);
#define PROCESSENTRY32A_SIZE (36u + 260u)
#define PROCESSENTRY32W_SIZE (36u + 520u)

typedef struct {
    uint32_t dwSize;
    uint32_t cntUsage;
    uint32_t th32ThreadID;
    uint32_t th32OwnerProcessID;
    int32_t tpBasePri;
    int32_t tpDeltaPri;
    uint32_t dwFlags;
} THREADENTRY32_32;
PIN(THREADENTRY32_32, th32OwnerProcessID, 12);
PIN(THREADENTRY32_32, dwFlags, 24);
PIN_SIZE(THREADENTRY32_32, 28);

/* MODULEENTRY32 (A: CHAR szModule[256], szExePath[260]; W: WCHAR) */
typedef struct {
    uint32_t dwSize;
    uint32_t th32ModuleID;
    uint32_t th32ProcessID;
    uint32_t GlblcntUsage;
    uint32_t ProccntUsage;
    uint32_t modBaseAddr;
    uint32_t modBaseSize;
    uint32_t hModule;
} MODULEENTRY32_HEAD32;
PIN(MODULEENTRY32_HEAD32, modBaseAddr, 20);
PIN(MODULEENTRY32_HEAD32, hModule, 28);
PIN_SIZE(MODULEENTRY32_HEAD32, 32);
#define MODULEENTRY32_NAME_CHARS 256u
#define MODULEENTRY32_PATH_CHARS 260u
#define MODULEENTRY32A_SIZE (32u + 256u + 260u)
#define MODULEENTRY32W_SIZE (32u + 512u + 520u)

/* MODULEINFO (GetModuleInformation) */
typedef struct {
    uint32_t lpBaseOfDll;
    uint32_t SizeOfImage;
    uint32_t EntryPoint;
} MODULEINFO32;
PIN(MODULEINFO32, EntryPoint, 8);
PIN_SIZE(MODULEINFO32, 12);

/* PROCESS_MEMORY_COUNTERS(_EX) (GetProcessMemoryInfo) */
typedef struct {
    uint32_t cb;
    uint32_t PageFaultCount;
    uint32_t PeakWorkingSetSize;
    uint32_t WorkingSetSize;
    uint32_t QuotaPeakPagedPoolUsage;
    uint32_t QuotaPagedPoolUsage;
    uint32_t QuotaPeakNonPagedPoolUsage;
    uint32_t QuotaNonPagedPoolUsage;
    uint32_t PagefileUsage;
    uint32_t PeakPagefileUsage;
    uint32_t PrivateUsage; /* _EX only */
} PROCESS_MEMORY_COUNTERS_EX32;
PIN(PROCESS_MEMORY_COUNTERS_EX32, WorkingSetSize, 12);
PIN(PROCESS_MEMORY_COUNTERS_EX32, PagefileUsage, 32);
PIN(PROCESS_MEMORY_COUNTERS_EX32, PrivateUsage, 40);
PIN_SIZE(PROCESS_MEMORY_COUNTERS_EX32, 44);
#define PROCESS_MEMORY_COUNTERS32_SIZE 40u

#endif
