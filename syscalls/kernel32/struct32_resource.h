/* The PE resource directory and message table structures, as the image
 * holds them (winnt.h), pinned. */
#ifndef WOWBOX_SYSCALLS_KERNEL32_STRUCT32_RESOURCE_H
#define WOWBOX_SYSCALLS_KERNEL32_STRUCT32_RESOURCE_H

#include <stdint.h>

#include "syscalls/struct32_pin.h"

typedef struct {
    uint32_t Characteristics, TimeDateStamp;
    uint16_t MajorVersion, MinorVersion;
    uint16_t NumberOfNamedEntries, NumberOfIdEntries;
} IMAGE_RESOURCE_DIRECTORY32;
PIN(IMAGE_RESOURCE_DIRECTORY32, NumberOfNamedEntries, 12);
PIN(IMAGE_RESOURCE_DIRECTORY32, NumberOfIdEntries, 14);
PIN_SIZE(IMAGE_RESOURCE_DIRECTORY32, 16);

/* Name: an id, or with the top bit an offset (from the directory's start)
 * of an IMAGE_RESOURCE_DIR_STRING_U; OffsetToData: with the top bit a
 * subdirectory's offset, else an IMAGE_RESOURCE_DATA_ENTRY's. */
#define IMAGE_RESOURCE_NAME_IS_STRING    0x80000000u
#define IMAGE_RESOURCE_DATA_IS_DIRECTORY 0x80000000u
typedef struct {
    uint32_t Name, OffsetToData;
} IMAGE_RESOURCE_DIRECTORY_ENTRY32;
PIN(IMAGE_RESOURCE_DIRECTORY_ENTRY32, OffsetToData, 4);
PIN_SIZE(IMAGE_RESOURCE_DIRECTORY_ENTRY32, 8);

/* IMAGE_RESOURCE_DIR_STRING_U: a WORD Length, then that many WCHARs. */
typedef struct {
    uint16_t Length;
} IMAGE_RESOURCE_DIR_STRING_U32;
PIN_SIZE(IMAGE_RESOURCE_DIR_STRING_U32, 2);

typedef struct {
    uint32_t OffsetToData; /* an RVA */
    uint32_t Size, CodePage, Reserved;
} IMAGE_RESOURCE_DATA_ENTRY32;
PIN(IMAGE_RESOURCE_DATA_ENTRY32, Size, 4);
PIN(IMAGE_RESOURCE_DATA_ENTRY32, CodePage, 8);
PIN_SIZE(IMAGE_RESOURCE_DATA_ENTRY32, 16);

/* RT_MESSAGETABLE: NumberOfBlocks, then the blocks; each entry is a
 * MESSAGE_RESOURCE_ENTRY (Length in bytes including itself, Flags, text). */
typedef struct {
    uint32_t NumberOfBlocks;
} MESSAGE_RESOURCE_DATA32;
PIN_SIZE(MESSAGE_RESOURCE_DATA32, 4);

typedef struct {
    uint32_t LowId, HighId, OffsetToEntries;
} MESSAGE_RESOURCE_BLOCK32;
PIN(MESSAGE_RESOURCE_BLOCK32, OffsetToEntries, 8);
PIN_SIZE(MESSAGE_RESOURCE_BLOCK32, 12);

#define MESSAGE_RESOURCE_UNICODE 0x0001u
typedef struct {
    uint16_t Length, Flags;
} MESSAGE_RESOURCE_ENTRY32;
PIN(MESSAGE_RESOURCE_ENTRY32, Flags, 2);
PIN_SIZE(MESSAGE_RESOURCE_ENTRY32, 4);

#endif
