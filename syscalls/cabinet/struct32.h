/* The cabinet (.cab) format's structures, declared once with their offsets
 * pinned: CFHEADER (the file's start), CFFOLDER (one per folder, a run of
 * data blocks compressed as one stream), CFFILE (one per file, a range of
 * its folder's expanded bytes) and CFDATA (one per data block); and FDI's
 * structures (fdi.h). */
#ifndef WOWBOX_SYSCALLS_CABINET_STRUCT32_H
#define WOWBOX_SYSCALLS_CABINET_STRUCT32_H

#include <stddef.h>
#include <stdint.h>

#include "syscalls/struct32_pin.h"

#define CAB_SIGNATURE "MSCF"

/* CFHEADER.flags */
#define CAB_FLAG_PREV_CABINET 0x0001u
#define CAB_FLAG_NEXT_CABINET 0x0002u
#define CAB_FLAG_RESERVE_PRESENT 0x0004u

/* CFFOLDER.typeCompress: the low four bits are the method */
#define CAB_COMPRESS_MASK 0x000Fu
#define CAB_COMPRESS_NONE 0u
#define CAB_COMPRESS_MSZIP 1u
#define CAB_COMPRESS_QUANTUM 2u
#define CAB_COMPRESS_LZX 3u

/* CFFILE.iFolder values for files that span cabinets */
#define CAB_FOLDER_CONTINUED_FROM_PREV 0xFFFDu
#define CAB_FOLDER_CONTINUED_TO_NEXT 0xFFFEu
#define CAB_FOLDER_CONTINUED_PREV_AND_NEXT 0xFFFFu

/* CFFILE.attribs: the name is UTF-8, not the ANSI code page */
#define CAB_ATTRIB_NAME_IS_UTF 0x80u

#pragma pack(push, 1)
typedef struct {
    char signature[4]; /* "MSCF" */
    uint32_t reserved1;
    uint32_t cbCabinet; /* the cabinet's size */
    uint32_t reserved2;
    uint32_t coffFiles; /* where the first CFFILE is */
    uint32_t reserved3;
    uint8_t versionMinor, versionMajor; /* 1.3 */
    uint16_t cFolders, cFiles, flags, setID, iCabinet;
    /* with CAB_FLAG_RESERVE_PRESENT: CAB_RESERVE32 and cbCFHeader bytes;
     * then the previous and next cabinet's and disk's names as the flags say */
} CAB_HEADER32;
PIN(CAB_HEADER32, cbCabinet, 8);
PIN(CAB_HEADER32, coffFiles, 16);
PIN(CAB_HEADER32, versionMinor, 24);
PIN(CAB_HEADER32, cFolders, 26);
PIN(CAB_HEADER32, cFiles, 28);
PIN(CAB_HEADER32, flags, 30);
PIN(CAB_HEADER32, setID, 32);
PIN(CAB_HEADER32, iCabinet, 34);
PIN_SIZE(CAB_HEADER32, 36);

/* The reserve sizes after a CFHEADER that has CAB_FLAG_RESERVE_PRESENT. */
typedef struct {
    uint16_t cbCFHeader;             /* bytes reserved in the header */
    uint8_t cbCFFolder, cbCFData;    /* ... after each CFFOLDER and CFDATA */
} CAB_RESERVE32;
PIN(CAB_RESERVE32, cbCFFolder, 2);
PIN(CAB_RESERVE32, cbCFData, 3);
PIN_SIZE(CAB_RESERVE32, 4);

typedef struct {
    uint32_t coffCabStart; /* where its first CFDATA is */
    uint16_t cCFData;      /* how many data blocks */
    uint16_t typeCompress;
} CAB_FOLDER32;
PIN(CAB_FOLDER32, cCFData, 4);
PIN(CAB_FOLDER32, typeCompress, 6);
PIN_SIZE(CAB_FOLDER32, 8);

typedef struct {
    uint32_t cbFile;          /* the file's size, expanded */
    uint32_t uoffFolderStart; /* its offset in the folder's expanded data */
    uint16_t iFolder, date, time, attribs;
    /* the NUL-terminated name follows */
} CAB_FILE32;
PIN(CAB_FILE32, uoffFolderStart, 4);
PIN(CAB_FILE32, iFolder, 8);
PIN(CAB_FILE32, date, 10);
PIN(CAB_FILE32, time, 12);
PIN(CAB_FILE32, attribs, 14);
PIN_SIZE(CAB_FILE32, 16);

typedef struct {
    uint32_t csum;     /* 0: none */
    uint16_t cbData;   /* compressed bytes that follow (after the reserve) */
    uint16_t cbUncomp; /* what they expand to */
} CAB_DATA32;
PIN(CAB_DATA32, cbData, 4);
PIN(CAB_DATA32, cbUncomp, 6);
PIN_SIZE(CAB_DATA32, 8);
#pragma pack(pop)

/* FDI (fdi.h, packed to 4 as pshpack4.h does): the error block the caller
 * gives FDICreate, what FDIIsCabinet fills, and what each FDICopy
 * notification carries. */
typedef struct {
    int32_t erfOper; /* FDIERROR_* */
    int32_t erfType; /* a C runtime errno, when there is one */
    int32_t fError;
} FDI_ERF32;
PIN(FDI_ERF32, erfType, 4);
PIN(FDI_ERF32, fError, 8);
PIN_SIZE(FDI_ERF32, 12);

typedef struct {
    int32_t cbCabinet;
    uint16_t cFolders, cFiles, setID, iCabinet;
    int32_t fReserve, hasprev, hasnext;
} FDI_CABINET_INFO32;
PIN(FDI_CABINET_INFO32, cFolders, 4);
PIN(FDI_CABINET_INFO32, cFiles, 6);
PIN(FDI_CABINET_INFO32, setID, 8);
PIN(FDI_CABINET_INFO32, iCabinet, 10);
PIN(FDI_CABINET_INFO32, fReserve, 12);
PIN(FDI_CABINET_INFO32, hasprev, 16);
PIN(FDI_CABINET_INFO32, hasnext, 20);
PIN_SIZE(FDI_CABINET_INFO32, 24);

/* FDINOTIFICATIONTYPE */
#define FDINT_CABINET_INFO 0u
#define FDINT_PARTIAL_FILE 1u
#define FDINT_COPY_FILE 2u
#define FDINT_CLOSE_FILE_INFO 3u
#define FDINT_NEXT_CABINET 4u
#define FDINT_ENUMERATE 5u

typedef struct {
    int32_t cb;
    uint32_t psz1, psz2, psz3; /* char * */
    uint32_t pv;               /* the caller's pvUser */
    uint32_t hf;
    uint16_t date, time, attribs, setID, iCabinet, iFolder;
    int32_t fdie;
} FDI_NOTIFICATION32;
PIN(FDI_NOTIFICATION32, psz1, 4);
PIN(FDI_NOTIFICATION32, psz3, 12);
PIN(FDI_NOTIFICATION32, pv, 16);
PIN(FDI_NOTIFICATION32, hf, 20);
PIN(FDI_NOTIFICATION32, date, 24);
PIN(FDI_NOTIFICATION32, attribs, 28);
PIN(FDI_NOTIFICATION32, iCabinet, 32);
PIN(FDI_NOTIFICATION32, iFolder, 34);
PIN(FDI_NOTIFICATION32, fdie, 36);
PIN_SIZE(FDI_NOTIFICATION32, 40);

/* The context FDICreate allocates with the caller's allocator: its
 * callbacks, the error block, and a mark that it is one. */
typedef struct {
    uint32_t magic; /* FDI_MAGIC */
    uint32_t alloc, free, open, read, write, close, seek;
    uint32_t erf;   /* FDI_ERF32 * */
} FDI_CONTEXT32;
PIN(FDI_CONTEXT32, alloc, 4);
PIN(FDI_CONTEXT32, seek, 28);
PIN(FDI_CONTEXT32, erf, 32);
PIN_SIZE(FDI_CONTEXT32, 36);
#define FDI_MAGIC 0x49444657u /* "WFDI" */

#endif
