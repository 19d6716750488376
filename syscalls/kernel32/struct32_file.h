/* The 32-bit Win32 file structures kernel32 exchanges with guest code,
 * declared once with Windows' offsets and sizes pinned at compile time
 * (FILETIME is two DWORDs: 4-aligned, unlike LARGE_INTEGER). The
 * FILE_*_INFO classes of Get/SetFileInformationByHandle share the NT
 * layouts of syscalls/ntdll/struct32.h. */
#ifndef WOWBOX_SYSCALLS_KERNEL32_STRUCT32_FILE_H
#define WOWBOX_SYSCALLS_KERNEL32_STRUCT32_FILE_H

#include <stddef.h>
#include <stdint.h>

#include "syscalls/struct32_pin.h"


typedef struct {
    uint32_t dwLowDateTime;
    uint32_t dwHighDateTime;
} FILETIME32;
PIN_SIZE(FILETIME32, 8);

static inline FILETIME32 filetime32(int64_t t)
{
    return (FILETIME32){ (uint32_t)t, (uint32_t)((uint64_t)t >> 32) };
}

static inline int64_t filetime32_value(FILETIME32 f)
{
    return (int64_t)((uint64_t)f.dwHighDateTime << 32 | f.dwLowDateTime);
}

typedef struct {
    uint32_t Internal;     /* NTSTATUS */
    uint32_t InternalHigh; /* bytes transferred */
    uint32_t Offset;
    uint32_t OffsetHigh;
    uint32_t hEvent;
} OVERLAPPED32;
PIN(OVERLAPPED32, InternalHigh, 4);
PIN(OVERLAPPED32, Offset, 8);
PIN(OVERLAPPED32, OffsetHigh, 12);
PIN(OVERLAPPED32, hEvent, 16);
PIN_SIZE(OVERLAPPED32, 20);

typedef struct {
    uint32_t dwFileAttributes;
    FILETIME32 ftCreationTime;
    FILETIME32 ftLastAccessTime;
    FILETIME32 ftLastWriteTime;
    uint32_t dwVolumeSerialNumber;
    uint32_t nFileSizeHigh;
    uint32_t nFileSizeLow;
    uint32_t nNumberOfLinks;
    uint32_t nFileIndexHigh;
    uint32_t nFileIndexLow;
} BY_HANDLE_FILE_INFORMATION32;
PIN(BY_HANDLE_FILE_INFORMATION32, ftCreationTime, 4);
PIN(BY_HANDLE_FILE_INFORMATION32, ftLastWriteTime, 20);
PIN(BY_HANDLE_FILE_INFORMATION32, dwVolumeSerialNumber, 28);
PIN(BY_HANDLE_FILE_INFORMATION32, nFileSizeLow, 36);
PIN(BY_HANDLE_FILE_INFORMATION32, nFileIndexLow, 48);
PIN_SIZE(BY_HANDLE_FILE_INFORMATION32, 52);

/* GetFileAttributesEx's GetFileExInfoStandard. */
typedef struct {
    uint32_t dwFileAttributes;
    FILETIME32 ftCreationTime;
    FILETIME32 ftLastAccessTime;
    FILETIME32 ftLastWriteTime;
    uint32_t nFileSizeHigh;
    uint32_t nFileSizeLow;
} WIN32_FILE_ATTRIBUTE_DATA32;
PIN(WIN32_FILE_ATTRIBUTE_DATA32, nFileSizeHigh, 28);
PIN_SIZE(WIN32_FILE_ATTRIBUTE_DATA32, 36);

#define WIN32_FIND_DATA_HEAD          \
    uint32_t dwFileAttributes;        \
    FILETIME32 ftCreationTime;        \
    FILETIME32 ftLastAccessTime;      \
    FILETIME32 ftLastWriteTime;       \
    uint32_t nFileSizeHigh;           \
    uint32_t nFileSizeLow;            \
    uint32_t dwReserved0;             \
    uint32_t dwReserved1;

typedef struct {
    WIN32_FIND_DATA_HEAD
    char cFileName[260];
    char cAlternateFileName[14];
    uint8_t pad[2];
} WIN32_FIND_DATAA32;
PIN(WIN32_FIND_DATAA32, nFileSizeHigh, 28);
PIN(WIN32_FIND_DATAA32, nFileSizeLow, 32);
PIN(WIN32_FIND_DATAA32, cFileName, 44);
PIN(WIN32_FIND_DATAA32, cAlternateFileName, 304);
PIN_SIZE(WIN32_FIND_DATAA32, 320);

typedef struct {
    WIN32_FIND_DATA_HEAD
    uint16_t cFileName[260];
    uint16_t cAlternateFileName[14];
} WIN32_FIND_DATAW32;
PIN(WIN32_FIND_DATAW32, cFileName, 44);
PIN(WIN32_FIND_DATAW32, cAlternateFileName, 564);
PIN_SIZE(WIN32_FIND_DATAW32, 592);

/* GetFileInformationByHandleEx(FileIdInfo). */
typedef struct {
    uint64_t VolumeSerialNumber;
    uint8_t FileId[16];
} FILE_ID_INFO32;
PIN(FILE_ID_INFO32, FileId, 8);
PIN_SIZE(FILE_ID_INFO32, 24);


#endif
