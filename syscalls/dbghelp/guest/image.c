/* ImageNtHeader and ImageDirectoryEntryToData: walks through a PE image in
 * guest memory (mapped as an image, or as the file's bytes), guest code as
 * in Windows' dbghelp. */
#include "syscalls/guest/wg.h"

#define ERROR_BAD_EXE_FORMAT 193u
#define IMAGE_NT_OPTIONAL_HDR32_MAGIC 0x10Bu

/* the fields read here, at their IMAGE_NT_HEADERS32 offsets */
#define NT_NUMBER_OF_SECTIONS 6u
#define NT_SIZE_OF_OPTIONAL 20u
#define NT_OPTIONAL 24u
#define OPT_MAGIC 0u
#define OPT_NUMBER_OF_RVA_AND_SIZES 92u
#define OPT_DATA_DIRECTORY 96u
#define SECTION_SIZE 40u

static uint16_t u16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }
static uint32_t u32(const uint8_t *p) { return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24; }

void *WINAPI dbghelp_ImageNtHeader(void *base)
{
    const uint8_t *b = base;
    if (!b || u16(b) != 0x5A4D) { /* "MZ" */
        wg_set_last_error(ERROR_BAD_EXE_FORMAT);
        return 0;
    }
    const uint8_t *nt = b + u32(b + 0x3C);
    if (u32(nt) != 0x00004550) { /* "PE\0\0" */
        wg_set_last_error(ERROR_BAD_EXE_FORMAT);
        return 0;
    }
    return (void *)nt;
}

/* An RVA of a file-layout image: the section holding it gives the offset. */
static void *rva_in_file(const uint8_t *base, const uint8_t *nt, uint32_t rva)
{
    const uint8_t *sec = nt + NT_OPTIONAL + u16(nt + NT_SIZE_OF_OPTIONAL);
    for (uint32_t i = 0; i < u16(nt + NT_NUMBER_OF_SECTIONS); i++, sec += SECTION_SIZE) {
        uint32_t va = u32(sec + 12), raw_size = u32(sec + 16), raw = u32(sec + 20);
        if (rva >= va && rva < va + raw_size)
            return (void *)(base + raw + (rva - va));
    }
    return 0;
}

void *WINAPI dbghelp_ImageDirectoryEntryToData(void *base, BOOL as_image, uint16_t entry, uint32_t *size)
{
    const uint8_t *nt = dbghelp_ImageNtHeader(base);
    if (!nt)
        return 0;
    const uint8_t *opt = nt + NT_OPTIONAL;
    if (u16(opt + OPT_MAGIC) != IMAGE_NT_OPTIONAL_HDR32_MAGIC || entry >= u32(opt + OPT_NUMBER_OF_RVA_AND_SIZES))
        return 0;
    uint32_t rva = u32(opt + OPT_DATA_DIRECTORY + 8u * entry), n = u32(opt + OPT_DATA_DIRECTORY + 8u * entry + 4);
    if (!rva)
        return 0;
    if (size)
        *size = n;
    return as_image ? (void *)((const uint8_t *)base + rva) : rva_in_file(base, nt, rva);
}
