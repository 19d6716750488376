/* PE32 parsing and validation with explicit bounds checks. Accepts the odd
 * but valid layouts Windows' loader takes (headers overlapping the DOS stub,
 * low section alignment, short data-directory arrays); rejects the rest
 * with one clear reason each. */
#include "loader/pe.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint16_t rd16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }
static uint32_t rd32(const uint8_t *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24; }

static bool pow2(uint32_t v) { return v && !(v & (v - 1)); }

static uint64_t align_up(uint64_t v, uint32_t a) { return (v + a - 1) & ~(uint64_t)(a - 1); }

#define FILE_HEADER_SIZE 20u
#define OPT_MIN_SIZE     96u /* optional header up to NumberOfRvaAndSizes */

static const char *parse_headers(struct pe_image *img)
{
    const uint8_t *d = img->data;
    if (img->size < 2 || d[0] != 'M' || d[1] != 'Z')
        return "not a PE file: no MZ signature";
    if (img->size < 0x40)
        return "truncated file: DOS header incomplete";
    img->nt_offset = rd32(d + 0x3C);
    if ((uint64_t)img->nt_offset + 4 + FILE_HEADER_SIZE > img->size)
        return "not a PE file: e_lfanew points past the end of the file (an MS-DOS program?)";
    const uint8_t *nt = d + img->nt_offset;
    if (memcmp(nt, "PE\0\0", 4) != 0)
        return "not a PE file: no PE signature at e_lfanew (an MS-DOS or NE program?)";
    const uint8_t *fh = nt + 4;
    img->machine = rd16(fh);
    uint16_t nsect = rd16(fh + 2);
    img->timestamp = rd32(fh + 4);
    uint16_t optsize = rd16(fh + 16);
    img->characteristics = rd16(fh + 18);
    if (img->machine == IMAGE_FILE_MACHINE_AMD64)
        return "64-bit image (x86-64): wowbox runs 32-bit x86 programs only";
    if (img->machine != IMAGE_FILE_MACHINE_I386)
        return "unsupported machine type: not an i386 image";
    if (!(img->characteristics & IMAGE_FILE_EXECUTABLE_IMAGE))
        return "not an executable image (object file or failed link)";
    uint64_t opt_off = (uint64_t)img->nt_offset + 4 + FILE_HEADER_SIZE;
    if (opt_off + 2 > img->size)
        return "truncated file: optional header missing";
    const uint8_t *oh = d + opt_off;
    uint16_t magic = rd16(oh);
    if (magic == 0x20B)
        return "64-bit image (PE32+): wowbox runs 32-bit x86 programs only";
    if (magic != 0x10B)
        return "bad optional header magic (expected 0x10B for PE32)";
    if (optsize < OPT_MIN_SIZE || opt_off + OPT_MIN_SIZE > img->size)
        return "truncated or too small optional header";
    img->entry_rva = rd32(oh + 16);
    img->image_base = rd32(oh + 28);
    img->section_align = rd32(oh + 32);
    img->file_align = rd32(oh + 36);
    img->major_os = rd16(oh + 40);
    img->minor_os = rd16(oh + 42);
    img->major_subsystem = rd16(oh + 48);
    img->minor_subsystem = rd16(oh + 50);
    img->size_of_image = rd32(oh + 56);
    img->size_of_headers = rd32(oh + 60);
    img->checksum = rd32(oh + 64);
    img->subsystem = rd16(oh + 68);
    img->dll_characteristics = rd16(oh + 70);
    img->stack_reserve = rd32(oh + 72);
    img->stack_commit = rd32(oh + 76);
    img->heap_reserve = rd32(oh + 80);
    img->heap_commit = rd32(oh + 84);
    uint32_t ndirs = rd32(oh + 92);
    /* Windows reads at most 16 entries and only those inside the optional header */
    uint32_t fit = (optsize - OPT_MIN_SIZE) / 8;
    img->ndirs = ndirs < PE_DIR_COUNT ? ndirs : PE_DIR_COUNT;
    if (img->ndirs > fit)
        img->ndirs = fit;
    if (opt_off + OPT_MIN_SIZE + img->ndirs * 8ull > img->size)
        return "truncated file: data directories cut off";
    for (uint32_t i = 0; i < img->ndirs; i++) {
        img->dirs[i].rva = rd32(oh + OPT_MIN_SIZE + i * 8);
        img->dirs[i].size = rd32(oh + OPT_MIN_SIZE + i * 8 + 4);
    }
    img->nsections = nsect;
    uint64_t sect_off = opt_off + optsize;
    if (sect_off + (uint64_t)nsect * 40 > img->size)
        return "truncated file: section table cut off";
    return NULL;
}

static const char *check_alignment(const struct pe_image *img)
{
    if (!pow2(img->section_align) || !pow2(img->file_align))
        return "inconsistent headers: section or file alignment is not a power of two";
    /* low-alignment images are mapped flat: both alignments must agree */
    if (img->section_align < 0x1000 && img->file_align != img->section_align)
        return "inconsistent headers: section alignment below 4 KB must equal file alignment";
    if (img->file_align > img->section_align)
        return "inconsistent headers: file alignment larger than section alignment";
    if (img->size_of_image == 0)
        return "inconsistent headers: SizeOfImage is 0";
    if (img->size_of_headers > img->size_of_image) /* Windows refuses these too */
        return "inconsistent headers: SizeOfHeaders is larger than SizeOfImage";
    if (img->image_base & 0xFFFFu)
        return "inconsistent headers: ImageBase is not 64 KB aligned";
    return NULL;
}

/* The Windows loader rounds PointerToRawData down to 512 bytes when the
 * file alignment allows it (clam.exe relies on this with an offset of 1). */
static uint32_t raw_offset_of(const struct pe_image *img, uint32_t ptr)
{
    return img->file_align >= 0x200 ? ptr & ~0x1FFu : ptr;
}

static const char *parse_sections(struct pe_image *img)
{
    if (img->nsections == 0)
        return NULL;
    img->sections = calloc(img->nsections, sizeof *img->sections);
    if (!img->sections)
        return "out of memory";
    const uint8_t *st = img->data + img->nt_offset + 4 + FILE_HEADER_SIZE +
                        rd16(img->data + img->nt_offset + 4 + 16);
    uint64_t next_va = 0;
    for (uint32_t i = 0; i < img->nsections; i++) {
        const uint8_t *s = st + i * 40;
        struct pe_section *sec = &img->sections[i];
        memcpy(sec->name, s, 8);
        sec->name[8] = 0;
        sec->vsize = rd32(s + 8);
        sec->vaddr = rd32(s + 12);
        uint32_t raw_size = rd32(s + 16);
        uint32_t raw_ptr = rd32(s + 20);
        sec->characteristics = rd32(s + 36);
        if (sec->vsize == 0)
            sec->vsize = raw_size;
        if (sec->vaddr % img->section_align)
            return "inconsistent headers: section address not aligned to SectionAlignment";
        if (sec->vaddr < next_va)
            return "inconsistent headers: sections overlap or are out of order";
        uint64_t vend = (uint64_t)sec->vaddr + align_up(sec->vsize ? sec->vsize : 1, img->section_align);
        if (vend > align_up(img->size_of_image, img->section_align))
            return "inconsistent headers: a section lies beyond SizeOfImage";
        next_va = vend;
        if (raw_size == 0 || raw_ptr == 0 || (sec->characteristics & IMAGE_SCN_CNT_UNINITIALIZED_DATA && raw_ptr == 0)) {
            sec->raw_offset = sec->raw_size = 0;
            continue;
        }
        sec->raw_offset = raw_offset_of(img, raw_ptr);
        if ((uint64_t)sec->raw_offset + raw_size > img->size &&
            (uint64_t)raw_ptr + raw_size > img->size)
            return "truncated file: section data extends past the end of the file";
        uint64_t mapped = align_up(raw_size, img->file_align);
        if (mapped > align_up(sec->vsize, img->section_align))
            mapped = align_up(sec->vsize, img->section_align);
        if (sec->raw_offset + mapped > img->size)
            mapped = img->size - sec->raw_offset;
        sec->raw_size = (uint32_t)mapped;
    }
    return NULL;
}

static const char *check_directories(const struct pe_image *img)
{
    /* Only directories every load reads are checked here: the loader never
     * looks at relocations of an image that stays at its base, and packers
     * (upack) leave garbage there. Others are checked where they are used. */
    static const enum pe_dir checked[] = { PE_DIR_IMPORT, PE_DIR_TLS };
    for (size_t i = 0; i < sizeof checked / sizeof checked[0]; i++) {
        const struct pe_dir_entry *d = &img->dirs[checked[i]];
        if (d->rva == 0 && d->size == 0)
            continue;
        if ((uint64_t)d->rva + d->size > img->size_of_image)
            return "inconsistent headers: the import or TLS directory points outside the image";
    }
    if (img->entry_rva >= img->size_of_image)
        return "inconsistent headers: entry point outside the image";
    return NULL;
}

const char *pe_parse(struct pe_image *img, const uint8_t *data, size_t size)
{
    memset(img, 0, sizeof *img);
    img->data = data;
    img->size = size;
    const char *err = parse_headers(img);
    if (!err)
        err = check_alignment(img);
    if (!err)
        err = parse_sections(img);
    if (!err)
        err = check_directories(img);
    if (err)
        pe_free(img);
    return err;
}

void pe_free(struct pe_image *img)
{
    free(img->sections);
    img->sections = NULL;
    img->nsections = 0;
}

long pe_rva_to_offset(const struct pe_image *img, uint32_t rva, uint32_t len)
{
    uint64_t end = (uint64_t)rva + len;
    uint32_t hdr = img->size_of_headers < img->size ? img->size_of_headers : (uint32_t)img->size;
    if (img->section_align < 0x1000) /* flat mapping: RVA == file offset, up to the mapped size */
        return end <= img->size && end <= align_up(img->size_of_image, 0x1000) ? (long)rva : -1;
    for (uint32_t i = 0; i < img->nsections; i++) {
        const struct pe_section *s = &img->sections[i];
        if (rva >= s->vaddr && end <= (uint64_t)s->vaddr + s->raw_size)
            return (long)(s->raw_offset + (rva - s->vaddr));
    }
    if (end <= hdr)
        return (long)rva;
    return -1;
}

const struct pe_section *pe_section_of(const struct pe_image *img, uint32_t rva)
{
    for (uint32_t i = 0; i < img->nsections; i++) {
        const struct pe_section *s = &img->sections[i];
        if (rva >= s->vaddr && rva < (uint64_t)s->vaddr + align_up(s->vsize, img->section_align))
            return s;
    }
    return NULL;
}

const char *pe_dir_name(unsigned index)
{
    static const char *const names[PE_DIR_COUNT] = {
        "Export", "Import", "Resource", "Exception", "Security", "Base relocation",
        "Debug", "Architecture", "Global pointer", "TLS", "Load config",
        "Bound import", "IAT", "Delay import", "CLR runtime", "Reserved",
    };
    return index < PE_DIR_COUNT ? names[index] : "unknown";
}

const char *pe_subsystem_name(uint16_t subsystem)
{
    switch (subsystem) {
    case 1: return "native";
    case 2: return "Windows GUI";
    case 3: return "Windows console";
    case 5: return "OS/2 console";
    case 7: return "POSIX console";
    case 8: return "native Win9x driver";
    case 9: return "Windows CE GUI";
    case 10: return "EFI application";
    case 11: return "EFI boot service driver";
    case 12: return "EFI runtime driver";
    case 13: return "EFI ROM";
    case 14: return "Xbox";
    case 16: return "Windows boot application";
    default: return "unknown";
    }
}

bool pe_is_dll(const struct pe_image *img) { return img->characteristics & IMAGE_FILE_DLL; }
bool pe_large_address_aware(const struct pe_image *img) { return img->characteristics & IMAGE_FILE_LARGE_ADDRESS_AWARE; }

uint8_t *pe_read_file(const char *path, size_t *size, char *err, size_t errsz)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errsz, "cannot open %s: %s", path, strerror(errno));
        return NULL;
    }
    uint8_t *buf = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        if (len == cap) {
            cap = cap ? cap * 2 : 65536;
            if (cap > (512u << 20)) {
                snprintf(err, errsz, "%s: file too large for a PE32 image", path);
                goto fail;
            }
            uint8_t *nb = realloc(buf, cap);
            if (!nb) {
                snprintf(err, errsz, "%s: out of memory", path);
                goto fail;
            }
            buf = nb;
        }
        size_t n = fread(buf + len, 1, cap - len, f);
        len += n;
        if (n == 0)
            break;
    }
    if (ferror(f)) {
        snprintf(err, errsz, "cannot read %s: %s", path, strerror(errno));
        goto fail;
    }
    fclose(f);
    *size = len;
    return buf;
fail:
    free(buf);
    fclose(f);
    return NULL;
}
