/* The cabinet (.cab) structures setupapi reads, declared once with their
 * offsets pinned: CFHEADER, the file's start, and CFFILE, one per file. */
#ifndef WOWBOX_SYSCALLS_SETUPAPI_STRUCT32_H
#define WOWBOX_SYSCALLS_SETUPAPI_STRUCT32_H

#include <stddef.h>
#include <stdint.h>

#include "syscalls/struct32_pin.h"

#define CAB_SIGNATURE "MSCF"

typedef struct {
    char signature[4]; /* "MSCF" */
    uint32_t reserved1;
    uint32_t cbCabinet; /* the cabinet's size */
    uint32_t reserved2;
    uint32_t coffFiles; /* where the first CFFILE is */
    uint32_t reserved3;
    uint8_t versionMinor, versionMajor;
    uint16_t cFolders, cFiles, flags, setID, iCabinet;
} CAB_HEADER32;
PIN(CAB_HEADER32, cbCabinet, 8);
PIN(CAB_HEADER32, coffFiles, 16);
PIN(CAB_HEADER32, versionMinor, 24);
PIN(CAB_HEADER32, cFolders, 26);
PIN(CAB_HEADER32, cFiles, 28);
PIN(CAB_HEADER32, iCabinet, 34);
PIN_SIZE(CAB_HEADER32, 36);

typedef struct {
    uint32_t cbFile;          /* the file's size, expanded */
    uint32_t uoffFolderStart; /* its offset in the folder's expanded data */
    uint16_t iFolder, date, time, attribs;
    /* the NUL-terminated name follows */
} CAB_FILE32;
PIN(CAB_FILE32, uoffFolderStart, 4);
PIN(CAB_FILE32, iFolder, 8);
PIN(CAB_FILE32, attribs, 14);
PIN_SIZE(CAB_FILE32, 16);

#endif
