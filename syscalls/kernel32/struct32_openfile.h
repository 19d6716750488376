/* OFSTRUCT, what OpenFile and LZOpenFile fill in (the 16-bit era's file
 * open API), declared once with Windows' offsets pinned. */
#ifndef WOWBOX_SYSCALLS_KERNEL32_STRUCT32_OPENFILE_H
#define WOWBOX_SYSCALLS_KERNEL32_STRUCT32_OPENFILE_H

#include <stddef.h>
#include <stdint.h>

#include "syscalls/struct32_pin.h"

#define OFS_MAXPATHNAME 128

typedef struct {
    uint8_t cBytes;     /* sizeof(OFSTRUCT) */
    uint8_t fFixedDisk; /* nonzero: the file is on a fixed disk */
    uint16_t nErrCode;  /* the Win32 error when the open failed */
    uint16_t Reserved1; /* the file's MS-DOS date */
    uint16_t Reserved2; /* and time */
    char szPathName[OFS_MAXPATHNAME]; /* the full path, ANSI */
} OFSTRUCT32;
PIN(OFSTRUCT32, nErrCode, 2);
PIN(OFSTRUCT32, Reserved1, 4);
PIN(OFSTRUCT32, Reserved2, 6);
PIN(OFSTRUCT32, szPathName, 8);
PIN_SIZE(OFSTRUCT32, 136);

#endif
