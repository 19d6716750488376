/* PE32 (i386) images: the parsed, validated view the loader works from.
 * Parsing never trusts the file: every offset and RVA is bounds-checked. */
#ifndef WOWBOX_LOADER_PE_H
#define WOWBOX_LOADER_PE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define IMAGE_FILE_MACHINE_I386        0x014Cu
#define IMAGE_FILE_MACHINE_AMD64       0x8664u
#define IMAGE_FILE_RELOCS_STRIPPED     0x0001u
#define IMAGE_FILE_EXECUTABLE_IMAGE    0x0002u
#define IMAGE_FILE_LARGE_ADDRESS_AWARE 0x0020u
#define IMAGE_FILE_32BIT_MACHINE       0x0100u
#define IMAGE_FILE_DLL                 0x2000u

#define IMAGE_SCN_CNT_CODE               0x00000020u
#define IMAGE_SCN_CNT_INITIALIZED_DATA   0x00000040u
#define IMAGE_SCN_CNT_UNINITIALIZED_DATA 0x00000080u
#define IMAGE_SCN_MEM_EXECUTE            0x20000000u
#define IMAGE_SCN_MEM_READ               0x40000000u
#define IMAGE_SCN_MEM_WRITE              0x80000000u

enum pe_dir {
    PE_DIR_EXPORT, PE_DIR_IMPORT, PE_DIR_RESOURCE, PE_DIR_EXCEPTION, PE_DIR_SECURITY,
    PE_DIR_BASERELOC, PE_DIR_DEBUG, PE_DIR_ARCHITECTURE, PE_DIR_GLOBALPTR, PE_DIR_TLS,
    PE_DIR_LOAD_CONFIG, PE_DIR_BOUND_IMPORT, PE_DIR_IAT, PE_DIR_DELAY_IMPORT,
    PE_DIR_CLR, PE_DIR_RESERVED, PE_DIR_COUNT
};

struct pe_section {
    char name[9];
    uint32_t vaddr, vsize;        /* vsize already defaulted to raw size when 0 */
    uint32_t raw_offset, raw_size; /* raw_offset rounded as the Windows loader does */
    uint32_t characteristics;
};

struct pe_dir_entry {
    uint32_t rva, size;
};

/* Everything later stages need, in host byte order. */
struct pe_image {
    const uint8_t *data; /* the whole file; owned by the caller */
    size_t size;
    uint32_t nt_offset;  /* e_lfanew */
    uint16_t machine, characteristics, subsystem, dll_characteristics;
    uint32_t timestamp;
    uint32_t entry_rva, image_base, section_align, file_align;
    uint32_t size_of_image, size_of_headers, checksum;
    uint16_t major_subsystem, minor_subsystem, major_os, minor_os;
    uint32_t stack_reserve, stack_commit, heap_reserve, heap_commit;
    uint32_t ndirs;
    struct pe_dir_entry dirs[PE_DIR_COUNT];
    uint32_t nsections;
    struct pe_section *sections;
};

/* Returns NULL on success, else a static one-line reason ("not a PE file:
 * no MZ signature"). The image keeps pointers into data. */
const char *pe_parse(struct pe_image *img, const uint8_t *data, size_t size);
void pe_free(struct pe_image *img);

/* File offset of [rva, rva+len) in the file image, or -1 when that range is
 * not backed by file bytes (headers count as mapped at RVA 0). */
long pe_rva_to_offset(const struct pe_image *img, uint32_t rva, uint32_t len);
/* The section holding rva, or NULL. */
const struct pe_section *pe_section_of(const struct pe_image *img, uint32_t rva);

/* "Import", "Base relocation", ... for a data-directory index. */
const char *pe_dir_name(unsigned index);
/* "Windows console", "Windows GUI", ... ("unknown" for other values). */
const char *pe_subsystem_name(uint16_t subsystem);

bool pe_is_dll(const struct pe_image *img);
bool pe_large_address_aware(const struct pe_image *img);

/* Reads a whole file; NULL with a one-line reason in err on failure. */
uint8_t *pe_read_file(const char *path, size_t *size, char *err, size_t errsz);

#endif
