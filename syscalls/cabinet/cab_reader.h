/* A cabinet (.cab) reader on the host: the header, folder and file lists,
 * and each file's expanded bytes (stored or MSZIP folders; Quantum and LZX
 * are refused). setupapi's SetupIterateCabinet and cabinet.dll's FDI share
 * it; each brings its own way of reading the cabinet's bytes. */
#ifndef WOWBOX_SYSCALLS_CABINET_CAB_READER_H
#define WOWBOX_SYSCALLS_CABINET_CAB_READER_H

#include <stdbool.h>
#include <stdint.h>

#include "syscalls/cabinet/struct32.h"

/* What went wrong: the FDIERROR_* numbers (fdi.h), which the callers map. */
enum cab_error {
    CAB_OK = 0,
    CAB_NOT_FOUND = 1,
    CAB_NOT_A_CABINET = 2,
    CAB_UNKNOWN_VERSION = 3,
    CAB_CORRUPT = 4,
    CAB_NO_MEMORY = 5,
    CAB_BAD_COMPRESSION = 6,
    CAB_DECOMPRESS_FAILED = 7,
    CAB_TARGET_FAILED = 8,
    CAB_USER_ABORT = 11,
};

/* Reads len bytes at off of the cabinet: false when fewer are there. */
typedef bool (*cab_read_fn)(void *ctx, uint32_t off, void *buf, uint32_t len);
/* Takes the next len expanded bytes of a file: false stops the extraction
 * (CAB_TARGET_FAILED). */
typedef bool (*cab_sink_fn)(void *ctx, const void *buf, uint32_t len);

struct cab_file {
    char *name; /* as stored: ANSI bytes, or UTF-8 with CAB_ATTRIB_NAME_IS_UTF */
    uint32_t size, offset;
    uint16_t folder, date, time, attribs;
};

struct cab_folder {
    uint32_t first_block;
    uint16_t blocks, type;
};

struct cab_stream; /* the folder being expanded (cab_reader.c) */

struct cab {
    cab_read_fn read;
    void *ctx;
    CAB_HEADER32 header;
    uint8_t folder_reserve, data_reserve;
    char *prev_cabinet, *prev_disk, *next_cabinet, *next_disk; /* "" when absent */
    struct cab_folder *folders;
    struct cab_file *files;
    struct cab_stream *stream;
};

/* Reads the header and the folder and file lists. On failure everything is
 * freed already. */
enum cab_error cab_open(struct cab *cab, cab_read_fn read, void *ctx);
/* Only the header: whether the bytes are a cabinet (FDIIsCabinet). */
enum cab_error cab_read_header(cab_read_fn read, void *ctx, CAB_HEADER32 *out);
/* Passes file i's expanded bytes to sink, in order. Files are cheapest in
 * the cabinet's order: a file before the folder's current position
 * restarts the folder. */
enum cab_error cab_extract(struct cab *cab, unsigned i, cab_sink_fn sink, void *sink_ctx);
void cab_close(struct cab *cab);

/* A CFDATA checksum: data's, then seeded with it, the block's sizes. */
uint32_t cab_checksum(const uint8_t *data, uint32_t len, uint32_t seed);

#endif
