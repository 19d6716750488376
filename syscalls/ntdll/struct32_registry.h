/* The 32-bit structures of ntdll's registry services (NtQueryKey,
 * NtEnumerateKey, NtQueryValueKey, NtEnumerateValueKey), declared once in
 * Windows' layout with every offset and size pinned. The variable-length
 * tail (Name, Class, Data) starts at the member of that name. */
#ifndef WOWBOX_SYSCALLS_NTDLL_STRUCT32_REGISTRY_H
#define WOWBOX_SYSCALLS_NTDLL_STRUCT32_REGISTRY_H

#include <stddef.h>
#include <stdint.h>

#include "syscalls/struct32_pin.h"

/* KEY_INFORMATION_CLASS */
enum { KeyBasicInformation = 0, KeyNodeInformation = 1, KeyFullInformation = 2, KeyNameInformation = 3,
       KeyCachedInformation = 4 };
/* KEY_VALUE_INFORMATION_CLASS */
enum { KeyValueBasicInformation = 0, KeyValueFullInformation = 1, KeyValuePartialInformation = 2 };

typedef struct {
    int64_t LastWriteTime;
    uint32_t TitleIndex;
    uint32_t NameLength; /* bytes */
    uint16_t Name[];
} KEY_BASIC_INFORMATION32;
PIN(KEY_BASIC_INFORMATION32, TitleIndex, 8);
PIN(KEY_BASIC_INFORMATION32, NameLength, 12);
PIN(KEY_BASIC_INFORMATION32, Name, 16);

typedef struct {
    int64_t LastWriteTime;
    uint32_t TitleIndex;
    uint32_t ClassOffset; /* from the start; 0xFFFFFFFF without a class */
    uint32_t ClassLength;
    uint32_t NameLength;
    uint16_t Name[];
} KEY_NODE_INFORMATION32;
PIN(KEY_NODE_INFORMATION32, ClassOffset, 12);
PIN(KEY_NODE_INFORMATION32, ClassLength, 16);
PIN(KEY_NODE_INFORMATION32, NameLength, 20);
PIN(KEY_NODE_INFORMATION32, Name, 24);

typedef struct {
    int64_t LastWriteTime;
    uint32_t TitleIndex;
    uint32_t ClassOffset;
    uint32_t ClassLength;
    uint32_t SubKeys;
    uint32_t MaxNameLen;
    uint32_t MaxClassLen;
    uint32_t Values;
    uint32_t MaxValueNameLen;
    uint32_t MaxValueDataLen;
    uint16_t Class[];
} KEY_FULL_INFORMATION32;
PIN(KEY_FULL_INFORMATION32, ClassOffset, 12);
PIN(KEY_FULL_INFORMATION32, SubKeys, 20);
PIN(KEY_FULL_INFORMATION32, MaxNameLen, 24);
PIN(KEY_FULL_INFORMATION32, MaxClassLen, 28);
PIN(KEY_FULL_INFORMATION32, Values, 32);
PIN(KEY_FULL_INFORMATION32, MaxValueNameLen, 36);
PIN(KEY_FULL_INFORMATION32, MaxValueDataLen, 40);
PIN(KEY_FULL_INFORMATION32, Class, 44);

typedef struct {
    uint32_t NameLength;
    uint16_t Name[];
} KEY_NAME_INFORMATION32;
PIN(KEY_NAME_INFORMATION32, Name, 4);

typedef struct {
    int64_t LastWriteTime;
    uint32_t TitleIndex;
    uint32_t SubKeys;
    uint32_t MaxNameLen;
    uint32_t Values;
    uint32_t MaxValueNameLen;
    uint32_t MaxValueDataLen;
    uint32_t NameLength;
} KEY_CACHED_INFORMATION32;
PIN(KEY_CACHED_INFORMATION32, SubKeys, 12);
PIN(KEY_CACHED_INFORMATION32, NameLength, 32);
PIN_SIZE(KEY_CACHED_INFORMATION32, 40);

typedef struct {
    uint32_t TitleIndex;
    uint32_t Type;
    uint32_t NameLength;
    uint16_t Name[];
} KEY_VALUE_BASIC_INFORMATION32;
PIN(KEY_VALUE_BASIC_INFORMATION32, Type, 4);
PIN(KEY_VALUE_BASIC_INFORMATION32, NameLength, 8);
PIN(KEY_VALUE_BASIC_INFORMATION32, Name, 12);

typedef struct {
    uint32_t TitleIndex;
    uint32_t Type;
    uint32_t DataOffset; /* from the start, after Name, 4-aligned */
    uint32_t DataLength;
    uint32_t NameLength;
    uint16_t Name[];
} KEY_VALUE_FULL_INFORMATION32;
PIN(KEY_VALUE_FULL_INFORMATION32, DataOffset, 8);
PIN(KEY_VALUE_FULL_INFORMATION32, DataLength, 12);
PIN(KEY_VALUE_FULL_INFORMATION32, NameLength, 16);
PIN(KEY_VALUE_FULL_INFORMATION32, Name, 20);

typedef struct {
    uint32_t TitleIndex;
    uint32_t Type;
    uint32_t DataLength;
    uint8_t Data[];
} KEY_VALUE_PARTIAL_INFORMATION32;
PIN(KEY_VALUE_PARTIAL_INFORMATION32, Type, 4);
PIN(KEY_VALUE_PARTIAL_INFORMATION32, DataLength, 8);
PIN(KEY_VALUE_PARTIAL_INFORMATION32, Data, 12);

#endif
