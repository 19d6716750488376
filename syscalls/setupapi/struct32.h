/* The structures SetupIterateCabinet hands its callback, declared once with
 * their offsets pinned. setupapi.h packs them to 1 byte on 32-bit Windows
 * (pshpack1.h), so FILE_IN_CABINET_INFO has no tail padding. */
#ifndef WOWBOX_SYSCALLS_SETUPAPI_STRUCT32_H
#define WOWBOX_SYSCALLS_SETUPAPI_STRUCT32_H

#include <stddef.h>
#include <stdint.h>

#include "syscalls/struct32_pin.h"

#define SETUP_MAX_PATH 260u

/* The notifications (Param1, Param2) and the FILEINCABINET answers. */
#define SPFILENOTIFY_CABINETINFO 0x10u    /* CABINET_INFO, 0 */
#define SPFILENOTIFY_FILEINCABINET 0x11u  /* FILE_IN_CABINET_INFO, the cabinet's name */
#define SPFILENOTIFY_NEEDNEWCABINET 0x12u /* CABINET_INFO, a buffer for the new path */
#define SPFILENOTIFY_FILEEXTRACTED 0x13u  /* FILEPATHS, 0 */
#define FILEOP_ABORT 0u
#define FILEOP_DOIT 1u
#define FILEOP_SKIP 2u

#pragma pack(push, 1)
typedef struct {
    uint32_t CabinetPath; /* its directory, with the trailing '\' */
    uint32_t CabinetFile; /* the next cabinet of a set ("" when none) */
    uint32_t DiskName;    /* the next one's disk */
    uint16_t SetId, CabinetNumber;
} CABINET_INFO32;
PIN(CABINET_INFO32, CabinetFile, 4);
PIN(CABINET_INFO32, DiskName, 8);
PIN(CABINET_INFO32, SetId, 12);
PIN(CABINET_INFO32, CabinetNumber, 14);
PIN_SIZE(CABINET_INFO32, 16);

/* FILE_IN_CABINET_INFO_A and _W: they differ only in FullTargetName's unit. */
typedef struct {
    uint32_t NameInCabinet;
    uint32_t FileSize;
    uint32_t Win32Error; /* the callback's error with FILEOP_ABORT */
    uint16_t DosDate, DosTime, DosAttribs;
    char FullTargetName[SETUP_MAX_PATH]; /* the callback's answer with FILEOP_DOIT */
} FILE_IN_CABINET_INFO_A32;
PIN(FILE_IN_CABINET_INFO_A32, FileSize, 4);
PIN(FILE_IN_CABINET_INFO_A32, Win32Error, 8);
PIN(FILE_IN_CABINET_INFO_A32, DosDate, 12);
PIN(FILE_IN_CABINET_INFO_A32, DosTime, 14);
PIN(FILE_IN_CABINET_INFO_A32, DosAttribs, 16);
PIN(FILE_IN_CABINET_INFO_A32, FullTargetName, 18);
PIN_SIZE(FILE_IN_CABINET_INFO_A32, 278);

typedef struct {
    uint32_t NameInCabinet;
    uint32_t FileSize;
    uint32_t Win32Error;
    uint16_t DosDate, DosTime, DosAttribs;
    uint16_t FullTargetName[SETUP_MAX_PATH];
} FILE_IN_CABINET_INFO_W32;
PIN(FILE_IN_CABINET_INFO_W32, FullTargetName, 18);
PIN_SIZE(FILE_IN_CABINET_INFO_W32, 538);

typedef struct {
    uint32_t Target, Source; /* the extracted file, the cabinet */
    uint32_t Win32Error;
    uint32_t Flags;
} FILEPATHS32;
PIN(FILEPATHS32, Source, 4);
PIN(FILEPATHS32, Win32Error, 8);
PIN(FILEPATHS32, Flags, 12);
PIN_SIZE(FILEPATHS32, 16);
#pragma pack(pop)

#endif
