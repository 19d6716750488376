/* A tiny in-memory PE32 builder for the loader unit tests: DOS header, NT
 * headers and sections laid out like a linker would, every field patchable. */
#ifndef WOWBOX_TESTS_PE_BUILDER_H
#define WOWBOX_TESTS_PE_BUILDER_H

#include <stdint.h>
#include <string.h>

#include "loader/pe.h"

#define PB_MAX 0x10000u

struct pe_builder {
    uint8_t buf[PB_MAX];
    uint32_t size;     /* bytes of file so far */
    uint32_t lfanew;
    uint16_t optsize;
    uint16_t nsect;
    uint32_t next_rva; /* where the next section goes */
};

static inline void pb_put16(uint8_t *p, uint16_t v) { memcpy(p, &v, 2); }
static inline void pb_put32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }
static inline uint32_t pb_get32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }

/* Offsets of the header parts in the file. */
static inline uint32_t pb_fh(const struct pe_builder *b, uint32_t off) { return b->lfanew + 4 + off; }
static inline uint32_t pb_oh(const struct pe_builder *b, uint32_t off) { return b->lfanew + 24 + off; }
static inline uint32_t pb_sec(const struct pe_builder *b, unsigned i, uint32_t off)
{
    return b->lfanew + 24 + b->optsize + 40 * i + off;
}

static inline void pb_set16(struct pe_builder *b, uint32_t off, uint16_t v) { pb_put16(b->buf + off, v); }
static inline void pb_set32(struct pe_builder *b, uint32_t off, uint32_t v) { pb_put32(b->buf + off, v); }

/* A valid executable with no sections yet: headers in the first 0x200
 * bytes, 0x1000/0x200 alignment, console subsystem, NT headers at lfanew. */
static inline void pb_init_at(struct pe_builder *b, uint32_t image_base, uint32_t lfanew)
{
    memset(b, 0, sizeof *b);
    b->lfanew = lfanew;
    b->optsize = 0xE0;
    b->size = 0x200;
    b->next_rva = 0x1000;
    b->buf[0] = 'M';
    b->buf[1] = 'Z';
    pb_set32(b, 0x3C, b->lfanew);
    memcpy(b->buf + b->lfanew, "PE\0\0", 4);
    pb_set16(b, pb_fh(b, 0), IMAGE_FILE_MACHINE_I386);
    pb_set32(b, pb_fh(b, 4), 0x5F000000u);
    pb_set16(b, pb_fh(b, 16), b->optsize);
    pb_set16(b, pb_fh(b, 18), IMAGE_FILE_EXECUTABLE_IMAGE | IMAGE_FILE_32BIT_MACHINE);
    pb_set16(b, pb_oh(b, 0), 0x10B);
    pb_set32(b, pb_oh(b, 28), image_base);
    pb_set32(b, pb_oh(b, 32), 0x1000);
    pb_set32(b, pb_oh(b, 36), 0x200);
    pb_set16(b, pb_oh(b, 40), 4);
    pb_set16(b, pb_oh(b, 48), 4);
    pb_set32(b, pb_oh(b, 56), 0x1000);
    pb_set32(b, pb_oh(b, 60), 0x200);
    pb_set16(b, pb_oh(b, 68), 3);
    pb_set32(b, pb_oh(b, 72), 0x100000);
    pb_set32(b, pb_oh(b, 76), 0x1000);
    pb_set32(b, pb_oh(b, 80), 0x100000);
    pb_set32(b, pb_oh(b, 84), 0x1000);
    pb_set32(b, pb_oh(b, 92), 16);
}

static inline void pb_init(struct pe_builder *b, uint32_t image_base) { pb_init_at(b, image_base, 0x80); }

/* Moves the section table: SizeOfOptionalHeader for ndirs directories.
 * Call before adding sections. */
static inline void pb_set_ndirs(struct pe_builder *b, uint32_t ndirs)
{
    b->optsize = (uint16_t)(96 + 8 * ndirs);
    pb_set16(b, pb_fh(b, 16), b->optsize);
    pb_set32(b, pb_oh(b, 92), ndirs);
}

/* Appends a section with raw_size bytes of file data (rounded to 0x200)
 * and returns its RVA; SizeOfImage follows. */
static inline uint32_t pb_add_section(struct pe_builder *b, const char *name, uint32_t vsize,
                                      uint32_t raw_size, uint32_t ch)
{
    unsigned i = b->nsect++;
    uint32_t rva = b->next_rva;
    raw_size = (raw_size + 0x1FFu) & ~0x1FFu;
    memcpy(b->buf + pb_sec(b, i, 0), name, strlen(name) < 8 ? strlen(name) : 8);
    pb_set32(b, pb_sec(b, i, 8), vsize);
    pb_set32(b, pb_sec(b, i, 12), rva);
    pb_set32(b, pb_sec(b, i, 16), raw_size);
    pb_set32(b, pb_sec(b, i, 20), raw_size ? b->size : 0);
    pb_set32(b, pb_sec(b, i, 36), ch);
    b->size += raw_size;
    b->next_rva = rva + ((vsize + 0xFFFu) & ~0xFFFu);
    pb_set16(b, pb_fh(b, 2), b->nsect);
    pb_set32(b, pb_oh(b, 56), b->next_rva);
    return rva;
}

/* File bytes of an RVA inside section i (sections made by pb_add_section). */
static inline uint8_t *pb_at(struct pe_builder *b, unsigned i, uint32_t rva)
{
    uint32_t va = pb_get32(b->buf + pb_sec(b, i, 12));
    uint32_t raw = pb_get32(b->buf + pb_sec(b, i, 20));
    return b->buf + raw + (rva - va);
}

static inline void pb_set_dir(struct pe_builder *b, unsigned dir, uint32_t rva, uint32_t size)
{
    pb_set32(b, pb_oh(b, 96 + 8 * dir), rva);
    pb_set32(b, pb_oh(b, 100 + 8 * dir), size);
}

static inline void pb_set_entry(struct pe_builder *b, uint32_t rva) { pb_set32(b, pb_oh(b, 16), rva); }

#endif
