/* The 32-bit structures of NtQuerySystemInformation and NtQueryObject,
 * declared once in Windows' i386 layout with every offset and size pinned. */
#ifndef WOWBOX_SYSCALLS_NTDLL_STRUCT32_SYSINFO_H
#define WOWBOX_SYSCALLS_NTDLL_STRUCT32_SYSINFO_H

#include <stdint.h>

#include "syscalls/ntdll/struct32.h"
#include "syscalls/struct32_pin.h"

/* SYSTEM_INFORMATION_CLASS values wowbox answers */
#define SystemBasicInformation                0u
#define SystemProcessorInformation            1u
#define SystemPerformanceInformation          2u
#define SystemTimeOfDayInformation            3u
#define SystemProcessInformation              5u
#define SystemProcessorPerformanceInformation 8u
#define SystemModuleInformation               11u

/* OBJECT_INFORMATION_CLASS values */
#define ObjectBasicInformation 0u
#define ObjectNameInformation  1u
#define ObjectTypeInformation  2u

typedef struct {
    uint32_t Reserved;
    uint32_t TimerResolution; /* 100 ns units */
    uint32_t PageSize;
    uint32_t NumberOfPhysicalPages;
    uint32_t LowestPhysicalPageNumber;
    uint32_t HighestPhysicalPageNumber;
    uint32_t AllocationGranularity;
    uint32_t MinimumUserModeAddress;
    uint32_t MaximumUserModeAddress;
    uint32_t ActiveProcessorsAffinityMask;
    uint8_t NumberOfProcessors;
    uint8_t pad[3];
} SYSTEM_BASIC_INFORMATION32;
PIN(SYSTEM_BASIC_INFORMATION32, PageSize, 8);
PIN(SYSTEM_BASIC_INFORMATION32, AllocationGranularity, 24);
PIN(SYSTEM_BASIC_INFORMATION32, MaximumUserModeAddress, 32);
PIN(SYSTEM_BASIC_INFORMATION32, NumberOfProcessors, 40);
PIN_SIZE(SYSTEM_BASIC_INFORMATION32, 44);

typedef struct {
    uint16_t ProcessorArchitecture;
    uint16_t ProcessorLevel;
    uint16_t ProcessorRevision;
    uint16_t MaximumProcessors;
    uint32_t ProcessorFeatureBits;
} SYSTEM_PROCESSOR_INFORMATION32;
PIN(SYSTEM_PROCESSOR_INFORMATION32, ProcessorRevision, 4);
PIN(SYSTEM_PROCESSOR_INFORMATION32, ProcessorFeatureBits, 8);
PIN_SIZE(SYSTEM_PROCESSOR_INFORMATION32, 12);

/* Windows 10's layout; the XP-era callers pass the first 0x138 bytes */
typedef struct {
    int64_t IdleProcessTime;
    int64_t IoTransferCount[3];      /* read, write, other */
    uint32_t IoOperationCount[3];
    uint32_t AvailablePages;
    uint32_t CommittedPages;
    uint32_t CommitLimit;
    uint32_t PeakCommitment;
    uint32_t Counters[62];           /* PageFaultCount .. SystemCalls: not tracked */
    uint64_t CcTotalDirtyPages;
    uint64_t CcDirtyPageThreshold;
    int64_t ResidentAvailablePages;
    uint64_t SharedCommittedPages;
} SYSTEM_PERFORMANCE_INFORMATION32;
PIN(SYSTEM_PERFORMANCE_INFORMATION32, IoOperationCount, 0x20);
PIN(SYSTEM_PERFORMANCE_INFORMATION32, AvailablePages, 0x2C);
PIN(SYSTEM_PERFORMANCE_INFORMATION32, PeakCommitment, 0x38);
PIN(SYSTEM_PERFORMANCE_INFORMATION32, CcTotalDirtyPages, 0x138);
PIN(SYSTEM_PERFORMANCE_INFORMATION32, SharedCommittedPages, 0x150);
PIN_SIZE(SYSTEM_PERFORMANCE_INFORMATION32, 0x158);
#define SYSTEM_PERFORMANCE_INFORMATION32_MIN 0x138u

typedef struct {
    int64_t BootTime;
    int64_t CurrentTime;
    int64_t TimeZoneBias;
    uint32_t TimeZoneId;
    uint32_t Reserved;
    uint64_t BootTimeBias;
    uint64_t SleepTimeBias;
} SYSTEM_TIMEOFDAY_INFORMATION32;
PIN(SYSTEM_TIMEOFDAY_INFORMATION32, TimeZoneBias, 16);
PIN(SYSTEM_TIMEOFDAY_INFORMATION32, TimeZoneId, 24);
PIN(SYSTEM_TIMEOFDAY_INFORMATION32, SleepTimeBias, 40);
PIN_SIZE(SYSTEM_TIMEOFDAY_INFORMATION32, 48);

typedef struct {
    int64_t KernelTime;
    int64_t UserTime;
    int64_t CreateTime;
    uint32_t WaitTime;
    uint32_t StartAddress;
    uint32_t UniqueProcess; /* CLIENT_ID */
    uint32_t UniqueThread;
    int32_t Priority;
    int32_t BasePriority;
    uint32_t ContextSwitches;
    uint32_t ThreadState;
    uint32_t WaitReason;
    uint32_t pad;
} SYSTEM_THREAD_INFORMATION32;
PIN(SYSTEM_THREAD_INFORMATION32, WaitTime, 0x18);
PIN(SYSTEM_THREAD_INFORMATION32, UniqueProcess, 0x20);
PIN(SYSTEM_THREAD_INFORMATION32, Priority, 0x28);
PIN(SYSTEM_THREAD_INFORMATION32, WaitReason, 0x38);
PIN_SIZE(SYSTEM_THREAD_INFORMATION32, 0x40);

/* followed by NumberOfThreads SYSTEM_THREAD_INFORMATION32 */
typedef struct {
    uint32_t NextEntryOffset;
    uint32_t NumberOfThreads;
    int64_t WorkingSetPrivateSize;
    uint32_t HardFaultCount;
    uint32_t NumberOfThreadsHighWatermark;
    uint64_t CycleTime;
    int64_t CreateTime;
    int64_t UserTime;
    int64_t KernelTime;
    UNICODE_STRING32 ImageName;
    int32_t BasePriority;
    uint32_t UniqueProcessId;
    uint32_t InheritedFromUniqueProcessId;
    uint32_t HandleCount;
    uint32_t SessionId;
    uint32_t UniqueProcessKey;
    uint32_t PeakVirtualSize;
    uint32_t VirtualSize;
    uint32_t PageFaultCount;
    uint32_t PeakWorkingSetSize;
    uint32_t WorkingSetSize;
    uint32_t QuotaPeakPagedPoolUsage;
    uint32_t QuotaPagedPoolUsage;
    uint32_t QuotaPeakNonPagedPoolUsage;
    uint32_t QuotaNonPagedPoolUsage;
    uint32_t PagefileUsage;
    uint32_t PeakPagefileUsage;
    uint32_t PrivatePageCount;
    int64_t IoCounters[6];           /* read, write, other operations; then transfers */
} SYSTEM_PROCESS_INFORMATION32;
PIN(SYSTEM_PROCESS_INFORMATION32, CreateTime, 0x20);
PIN(SYSTEM_PROCESS_INFORMATION32, ImageName, 0x38);
PIN(SYSTEM_PROCESS_INFORMATION32, UniqueProcessId, 0x44);
PIN(SYSTEM_PROCESS_INFORMATION32, HandleCount, 0x4C);
PIN(SYSTEM_PROCESS_INFORMATION32, VirtualSize, 0x5C);
PIN(SYSTEM_PROCESS_INFORMATION32, PrivatePageCount, 0x84);
PIN(SYSTEM_PROCESS_INFORMATION32, IoCounters, 0x88);
PIN_SIZE(SYSTEM_PROCESS_INFORMATION32, 0xB8);

typedef struct {
    int64_t IdleTime;
    int64_t KernelTime; /* includes the idle time */
    int64_t UserTime;
    int64_t DpcTime;
    int64_t InterruptTime;
    uint32_t InterruptCount;
    uint32_t pad;
} SYSTEM_PROCESSOR_PERFORMANCE_INFORMATION32;
PIN(SYSTEM_PROCESSOR_PERFORMANCE_INFORMATION32, UserTime, 0x10);
PIN(SYSTEM_PROCESSOR_PERFORMANCE_INFORMATION32, InterruptCount, 0x28);
PIN_SIZE(SYSTEM_PROCESSOR_PERFORMANCE_INFORMATION32, 0x30);

/* SystemModuleInformation: RTL_PROCESS_MODULES = ULONG NumberOfModules,
 * then this per module */
typedef struct {
    uint32_t Section;
    uint32_t MappedBase;
    uint32_t ImageBase;
    uint32_t ImageSize;
    uint32_t Flags;
    uint16_t LoadOrderIndex;
    uint16_t InitOrderIndex;
    uint16_t LoadCount;
    uint16_t OffsetToFileName;
    char FullPathName[256];
} RTL_PROCESS_MODULE_INFORMATION32;
PIN(RTL_PROCESS_MODULE_INFORMATION32, ImageBase, 8);
PIN(RTL_PROCESS_MODULE_INFORMATION32, LoadOrderIndex, 20);
PIN(RTL_PROCESS_MODULE_INFORMATION32, OffsetToFileName, 26);
PIN(RTL_PROCESS_MODULE_INFORMATION32, FullPathName, 28);
PIN_SIZE(RTL_PROCESS_MODULE_INFORMATION32, 284);

/* PUBLIC_OBJECT_BASIC_INFORMATION */
typedef struct {
    uint32_t Attributes;
    uint32_t GrantedAccess;
    uint32_t HandleCount;
    uint32_t PointerCount;
    uint32_t PagedPoolCharge;
    uint32_t NonPagedPoolCharge;
    uint32_t Reserved[3];
    uint32_t NameInfoSize;
    uint32_t TypeInfoSize;
    uint32_t SecurityDescriptorSize;
    int64_t CreationTime;
} OBJECT_BASIC_INFORMATION32;
PIN(OBJECT_BASIC_INFORMATION32, HandleCount, 8);
PIN(OBJECT_BASIC_INFORMATION32, NameInfoSize, 36);
PIN(OBJECT_BASIC_INFORMATION32, CreationTime, 48);
PIN_SIZE(OBJECT_BASIC_INFORMATION32, 56);

/* OBJECT_TYPE_INFORMATION, followed by the type name's characters */
typedef struct {
    UNICODE_STRING32 TypeName;
    uint32_t TotalNumberOfObjects;
    uint32_t TotalNumberOfHandles;
    uint32_t TotalPoolUsage[4];      /* paged, non-paged, name, handle table */
    uint32_t HighWaterNumberOfObjects;
    uint32_t HighWaterNumberOfHandles;
    uint32_t HighWaterPoolUsage[4];
    uint32_t InvalidAttributes;
    uint32_t GenericMapping[4];      /* read, write, execute, all */
    uint32_t ValidAccessMask;
    uint8_t SecurityRequired;
    uint8_t MaintainHandleCount;
    uint8_t TypeIndex;
    uint8_t ReservedByte;
    uint32_t PoolType;
    uint32_t DefaultPagedPoolCharge;
    uint32_t DefaultNonPagedPoolCharge;
} OBJECT_TYPE_INFORMATION32;
PIN(OBJECT_TYPE_INFORMATION32, TotalNumberOfObjects, 8);
PIN(OBJECT_TYPE_INFORMATION32, InvalidAttributes, 0x38);
PIN(OBJECT_TYPE_INFORMATION32, GenericMapping, 0x3C);
PIN(OBJECT_TYPE_INFORMATION32, ValidAccessMask, 0x4C);
PIN(OBJECT_TYPE_INFORMATION32, TypeIndex, 0x52);
PIN(OBJECT_TYPE_INFORMATION32, PoolType, 0x54);
PIN_SIZE(OBJECT_TYPE_INFORMATION32, 0x60);

#endif
