/* The 32-bit NT structures the file services exchange with guest code,
 * declared once with Windows' offsets and sizes pinned at compile time.
 * Host and guest are both little-endian and LARGE_INTEGER is 8-aligned
 * in both, so these are read and written whole through core/guest_mem.h. */
#ifndef WOWBOX_SYSCALLS_NTDLL_STRUCT32_H
#define WOWBOX_SYSCALLS_NTDLL_STRUCT32_H

#include <stddef.h>
#include <stdint.h>

#include "syscalls/struct32_pin.h"


typedef int64_t LARGE_INTEGER32; /* LARGE_INTEGER: 8 bytes, 8-aligned */
PIN_SIZE(LARGE_INTEGER32, 8);

typedef struct {
    uint16_t Length;        /* bytes, without a terminator */
    uint16_t MaximumLength; /* bytes */
    uint32_t Buffer;        /* PWSTR */
} UNICODE_STRING32;
PIN(UNICODE_STRING32, MaximumLength, 2);
PIN(UNICODE_STRING32, Buffer, 4);
PIN_SIZE(UNICODE_STRING32, 8);

typedef struct {
    uint32_t Length;
    uint32_t RootDirectory;  /* HANDLE */
    uint32_t ObjectName;     /* PUNICODE_STRING */
    uint32_t Attributes;     /* OBJ_CASE_INSENSITIVE ... */
    uint32_t SecurityDescriptor;
    uint32_t SecurityQualityOfService;
} OBJECT_ATTRIBUTES32;
PIN(OBJECT_ATTRIBUTES32, RootDirectory, 4);
PIN(OBJECT_ATTRIBUTES32, ObjectName, 8);
PIN(OBJECT_ATTRIBUTES32, Attributes, 12);
PIN(OBJECT_ATTRIBUTES32, SecurityQualityOfService, 20);
PIN_SIZE(OBJECT_ATTRIBUTES32, 24);
#define OBJ_INHERIT 0x2u /* OBJECT_ATTRIBUTES.Attributes: the handle is inheritable */

typedef struct {
    uint32_t Status;      /* NTSTATUS (union with Pointer) */
    uint32_t Information; /* ULONG_PTR */
} IO_STATUS_BLOCK32;
PIN(IO_STATUS_BLOCK32, Information, 4);
PIN_SIZE(IO_STATUS_BLOCK32, 8);

/* NtQuerySection's SectionBasicInformation (class 0). */
typedef struct {
    uint32_t BaseAddress;          /* images only: where they want to be */
    uint32_t AllocationAttributes; /* SEC_* */
    LARGE_INTEGER32 MaximumSize;
} SECTION_BASIC_INFORMATION32;
PIN(SECTION_BASIC_INFORMATION32, AllocationAttributes, 4);
PIN(SECTION_BASIC_INFORMATION32, MaximumSize, 8);
PIN_SIZE(SECTION_BASIC_INFORMATION32, 16);

/* NtQuerySection's SectionImageInformation (class 1), for image sections. */
typedef struct {
    uint32_t TransferAddress;     /* the entry point at the preferred base */
    uint32_t ZeroBits;
    uint32_t MaximumStackSize;
    uint32_t CommittedStackSize;
    uint32_t SubSystemType;
    uint16_t SubSystemMinorVersion;
    uint16_t SubSystemMajorVersion;
    uint16_t MajorOperatingSystemVersion;
    uint16_t MinorOperatingSystemVersion;
    uint16_t ImageCharacteristics;
    uint16_t DllCharacteristics;
    uint16_t Machine;
    uint8_t ImageContainsCode;
    uint8_t ImageFlags;
    uint32_t LoaderFlags;
    uint32_t ImageFileSize;
    uint32_t CheckSum;
} SECTION_IMAGE_INFORMATION32;
PIN(SECTION_IMAGE_INFORMATION32, SubSystemType, 16);
PIN(SECTION_IMAGE_INFORMATION32, MajorOperatingSystemVersion, 24);
PIN(SECTION_IMAGE_INFORMATION32, ImageCharacteristics, 28);
PIN(SECTION_IMAGE_INFORMATION32, Machine, 32);
PIN(SECTION_IMAGE_INFORMATION32, ImageContainsCode, 34);
PIN(SECTION_IMAGE_INFORMATION32, LoaderFlags, 36);
PIN(SECTION_IMAGE_INFORMATION32, CheckSum, 44);
PIN_SIZE(SECTION_IMAGE_INFORMATION32, 48);

/* One record of NtNotifyChangeDirectoryFile / ReadDirectoryChangesW; the
 * name (UTF-16, FileNameLength bytes, no NUL) follows, records 4-aligned. */
typedef struct {
    uint32_t NextEntryOffset; /* 0 in the last record */
    uint32_t Action;          /* FILE_ACTION_* */
    uint32_t FileNameLength;
} FILE_NOTIFY_INFORMATION32;
PIN(FILE_NOTIFY_INFORMATION32, Action, 4);
PIN(FILE_NOTIFY_INFORMATION32, FileNameLength, 8);
PIN_SIZE(FILE_NOTIFY_INFORMATION32, 12);

/* ---- FILE_INFORMATION_CLASS ------------------------------------------- */

enum file_info_class {
    FileDirectoryInformation = 1,
    FileFullDirectoryInformation = 2,
    FileBothDirectoryInformation = 3,
    FileBasicInformation = 4,
    FileStandardInformation = 5,
    FileInternalInformation = 6,
    FileNameInformation = 9,
    FileRenameInformation = 10,
    FileNamesInformation = 12,
    FileDispositionInformation = 13,
    FilePositionInformation = 14,
    FileAllocationInformation = 19,
    FileEndOfFileInformation = 20,
    FileNetworkOpenInformation = 34,
    FileAttributeTagInformation = 35,
};

typedef struct {
    LARGE_INTEGER32 CreationTime;
    LARGE_INTEGER32 LastAccessTime;
    LARGE_INTEGER32 LastWriteTime;
    LARGE_INTEGER32 ChangeTime;
    uint32_t FileAttributes;
} FILE_BASIC_INFORMATION32;
PIN(FILE_BASIC_INFORMATION32, LastAccessTime, 8);
PIN(FILE_BASIC_INFORMATION32, ChangeTime, 24);
PIN(FILE_BASIC_INFORMATION32, FileAttributes, 32);
PIN_SIZE(FILE_BASIC_INFORMATION32, 40);

typedef struct {
    LARGE_INTEGER32 AllocationSize;
    LARGE_INTEGER32 EndOfFile;
    uint32_t NumberOfLinks;
    uint8_t DeletePending;
    uint8_t Directory;
} FILE_STANDARD_INFORMATION32;
PIN(FILE_STANDARD_INFORMATION32, EndOfFile, 8);
PIN(FILE_STANDARD_INFORMATION32, NumberOfLinks, 16);
PIN(FILE_STANDARD_INFORMATION32, DeletePending, 20);
PIN(FILE_STANDARD_INFORMATION32, Directory, 21);
PIN_SIZE(FILE_STANDARD_INFORMATION32, 24);

typedef struct {
    LARGE_INTEGER32 IndexNumber;
} FILE_INTERNAL_INFORMATION32;
PIN_SIZE(FILE_INTERNAL_INFORMATION32, 8);

typedef struct {
    LARGE_INTEGER32 CurrentByteOffset;
} FILE_POSITION_INFORMATION32;
PIN_SIZE(FILE_POSITION_INFORMATION32, 8);

typedef struct {
    LARGE_INTEGER32 EndOfFile;
} FILE_END_OF_FILE_INFORMATION32;
PIN_SIZE(FILE_END_OF_FILE_INFORMATION32, 8);

typedef struct {
    uint8_t DeleteFile;
} FILE_DISPOSITION_INFORMATION32;
PIN_SIZE(FILE_DISPOSITION_INFORMATION32, 1);

typedef struct {
    uint8_t ReplaceIfExists;
    uint8_t pad[3];
    uint32_t RootDirectory; /* HANDLE */
    uint32_t FileNameLength; /* bytes */
    uint16_t FileName[1];
} FILE_RENAME_INFORMATION32;
PIN(FILE_RENAME_INFORMATION32, RootDirectory, 4);
PIN(FILE_RENAME_INFORMATION32, FileNameLength, 8);
PIN(FILE_RENAME_INFORMATION32, FileName, 12);
PIN_SIZE(FILE_RENAME_INFORMATION32, 16);

typedef struct {
    uint32_t FileNameLength; /* bytes */
    uint16_t FileName[1];
} FILE_NAME_INFORMATION32;
PIN(FILE_NAME_INFORMATION32, FileName, 4);
PIN_SIZE(FILE_NAME_INFORMATION32, 8);

typedef struct {
    uint32_t FileAttributes;
    uint32_t ReparseTag;
} FILE_ATTRIBUTE_TAG_INFORMATION32;
PIN(FILE_ATTRIBUTE_TAG_INFORMATION32, ReparseTag, 4);
PIN_SIZE(FILE_ATTRIBUTE_TAG_INFORMATION32, 8);

typedef struct {
    LARGE_INTEGER32 CreationTime;
    LARGE_INTEGER32 LastAccessTime;
    LARGE_INTEGER32 LastWriteTime;
    LARGE_INTEGER32 ChangeTime;
    LARGE_INTEGER32 AllocationSize;
    LARGE_INTEGER32 EndOfFile;
    uint32_t FileAttributes;
} FILE_NETWORK_OPEN_INFORMATION32;
PIN(FILE_NETWORK_OPEN_INFORMATION32, AllocationSize, 32);
PIN(FILE_NETWORK_OPEN_INFORMATION32, EndOfFile, 40);
PIN(FILE_NETWORK_OPEN_INFORMATION32, FileAttributes, 48);
PIN_SIZE(FILE_NETWORK_OPEN_INFORMATION32, 56);

/* ---- directory entries (NtQueryDirectoryFile) -------------------------- */

/* The fields the three classes share, in the same place. */
#define FILE_DIR_COMMON_FIELDS          \
    uint32_t NextEntryOffset;           \
    uint32_t FileIndex;                 \
    LARGE_INTEGER32 CreationTime;       \
    LARGE_INTEGER32 LastAccessTime;     \
    LARGE_INTEGER32 LastWriteTime;      \
    LARGE_INTEGER32 ChangeTime;         \
    LARGE_INTEGER32 EndOfFile;          \
    LARGE_INTEGER32 AllocationSize;     \
    uint32_t FileAttributes;            \
    uint32_t FileNameLength;

typedef struct {
    FILE_DIR_COMMON_FIELDS
    uint16_t FileName[1];
} FILE_DIRECTORY_INFORMATION32;
PIN(FILE_DIRECTORY_INFORMATION32, FileIndex, 4);
PIN(FILE_DIRECTORY_INFORMATION32, CreationTime, 8);
PIN(FILE_DIRECTORY_INFORMATION32, EndOfFile, 40);
PIN(FILE_DIRECTORY_INFORMATION32, AllocationSize, 48);
PIN(FILE_DIRECTORY_INFORMATION32, FileAttributes, 56);
PIN(FILE_DIRECTORY_INFORMATION32, FileNameLength, 60);
PIN(FILE_DIRECTORY_INFORMATION32, FileName, 64);
PIN_SIZE(FILE_DIRECTORY_INFORMATION32, 72);

typedef struct {
    FILE_DIR_COMMON_FIELDS
    uint32_t EaSize;
    uint16_t FileName[1];
} FILE_FULL_DIR_INFORMATION32;
PIN(FILE_FULL_DIR_INFORMATION32, EaSize, 64);
PIN(FILE_FULL_DIR_INFORMATION32, FileName, 68);
PIN_SIZE(FILE_FULL_DIR_INFORMATION32, 72);

typedef struct {
    FILE_DIR_COMMON_FIELDS
    uint32_t EaSize;
    int8_t ShortNameLength;
    uint8_t pad;
    uint16_t ShortName[12];
    uint16_t FileName[1];
} FILE_BOTH_DIR_INFORMATION32;
PIN(FILE_BOTH_DIR_INFORMATION32, EaSize, 64);
PIN(FILE_BOTH_DIR_INFORMATION32, ShortNameLength, 68);
PIN(FILE_BOTH_DIR_INFORMATION32, ShortName, 70);
PIN(FILE_BOTH_DIR_INFORMATION32, FileName, 94);
PIN_SIZE(FILE_BOTH_DIR_INFORMATION32, 96);

typedef struct {
    uint32_t NextEntryOffset;
    uint32_t FileIndex;
    uint32_t FileNameLength;
    uint16_t FileName[1];
} FILE_NAMES_INFORMATION32;
PIN(FILE_NAMES_INFORMATION32, FileName, 12);
PIN_SIZE(FILE_NAMES_INFORMATION32, 16);

/* ---- FS_INFORMATION_CLASS ---------------------------------------------- */

enum fs_info_class {
    FileFsVolumeInformation = 1,
    FileFsSizeInformation = 3,
    FileFsDeviceInformation = 4,
    FileFsAttributeInformation = 5,
    FileFsFullSizeInformation = 7,
};

typedef struct {
    LARGE_INTEGER32 VolumeCreationTime;
    uint32_t VolumeSerialNumber;
    uint32_t VolumeLabelLength; /* bytes */
    uint8_t SupportsObjects;
    uint8_t pad;
    uint16_t VolumeLabel[1];
} FILE_FS_VOLUME_INFORMATION32;
PIN(FILE_FS_VOLUME_INFORMATION32, VolumeSerialNumber, 8);
PIN(FILE_FS_VOLUME_INFORMATION32, VolumeLabelLength, 12);
PIN(FILE_FS_VOLUME_INFORMATION32, SupportsObjects, 16);
PIN(FILE_FS_VOLUME_INFORMATION32, VolumeLabel, 18);
PIN_SIZE(FILE_FS_VOLUME_INFORMATION32, 24);

typedef struct {
    LARGE_INTEGER32 TotalAllocationUnits;
    LARGE_INTEGER32 AvailableAllocationUnits;
    uint32_t SectorsPerAllocationUnit;
    uint32_t BytesPerSector;
} FILE_FS_SIZE_INFORMATION32;
PIN(FILE_FS_SIZE_INFORMATION32, AvailableAllocationUnits, 8);
PIN(FILE_FS_SIZE_INFORMATION32, SectorsPerAllocationUnit, 16);
PIN(FILE_FS_SIZE_INFORMATION32, BytesPerSector, 20);
PIN_SIZE(FILE_FS_SIZE_INFORMATION32, 24);

typedef struct {
    LARGE_INTEGER32 TotalAllocationUnits;
    LARGE_INTEGER32 CallerAvailableAllocationUnits;
    LARGE_INTEGER32 ActualAvailableAllocationUnits;
    uint32_t SectorsPerAllocationUnit;
    uint32_t BytesPerSector;
} FILE_FS_FULL_SIZE_INFORMATION32;
PIN(FILE_FS_FULL_SIZE_INFORMATION32, ActualAvailableAllocationUnits, 16);
PIN(FILE_FS_FULL_SIZE_INFORMATION32, BytesPerSector, 28);
PIN_SIZE(FILE_FS_FULL_SIZE_INFORMATION32, 32);

typedef struct {
    uint32_t DeviceType; /* FILE_DEVICE_* */
    uint32_t Characteristics;
} FILE_FS_DEVICE_INFORMATION32;
PIN(FILE_FS_DEVICE_INFORMATION32, Characteristics, 4);
PIN_SIZE(FILE_FS_DEVICE_INFORMATION32, 8);

typedef struct {
    uint32_t FileSystemAttributes;
    int32_t MaximumComponentNameLength;
    uint32_t FileSystemNameLength; /* bytes */
    uint16_t FileSystemName[1];
} FILE_FS_ATTRIBUTE_INFORMATION32;
PIN(FILE_FS_ATTRIBUTE_INFORMATION32, FileSystemNameLength, 8);
PIN(FILE_FS_ATTRIBUTE_INFORMATION32, FileSystemName, 12);
PIN_SIZE(FILE_FS_ATTRIBUTE_INFORMATION32, 16);

#define FILE_DEVICE_DISK        0x07u
#define FILE_DEVICE_NAMED_PIPE  0x11u
#define FILE_DEVICE_NULL        0x15u
#define FILE_DEVICE_CONSOLE     0x50u


#endif
