/* `wowbox inspect FILE`: what the loader sees in a PE32 image, for people:
 * headers, sections, imports, exports, relocations, TLS, entry code. Every
 * byte is read through pe_rva_to_offset, so broken tables print a note. */
#include "loader/inspect.h"

#include <capstone/capstone.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/log.h"
#include "core/vm.h"
#include "loader/pe.h"

#define MAX_DLLS      1024u  /* import descriptors listed before giving up */
#define MAX_FUNCS     65536u /* imports per DLL / exports listed */
#define MAX_NAME      256u
#define MAX_CALLBACKS 64u
#define ENTRY_INSNS   8u
#define ENTRY_BYTES   128u
#define BUILTIN_SPAN  0x200000u /* room each builtin DLL takes at its base */

struct flag_name {
    uint32_t bit;
    const char *name;
};

static const struct flag_name file_flags[] = {
    { 0x0001, "RELOCS_STRIPPED" }, { 0x0002, "EXECUTABLE_IMAGE" },
    { 0x0004, "LINE_NUMS_STRIPPED" }, { 0x0008, "LOCAL_SYMS_STRIPPED" },
    { 0x0010, "AGGRESSIVE_WS_TRIM" }, { 0x0020, "LARGE_ADDRESS_AWARE" },
    { 0x0080, "BYTES_REVERSED_LO" }, { 0x0100, "32BIT_MACHINE" },
    { 0x0200, "DEBUG_STRIPPED" }, { 0x0400, "REMOVABLE_RUN_FROM_SWAP" },
    { 0x0800, "NET_RUN_FROM_SWAP" }, { 0x1000, "SYSTEM" }, { 0x2000, "DLL" },
    { 0x4000, "UP_SYSTEM_ONLY" }, { 0x8000, "BYTES_REVERSED_HI" },
};

static const struct flag_name dll_flags[] = {
    { 0x0020, "HIGH_ENTROPY_VA" }, { 0x0040, "DYNAMIC_BASE" },
    { 0x0080, "FORCE_INTEGRITY" }, { 0x0100, "NX_COMPAT" },
    { 0x0200, "NO_ISOLATION" }, { 0x0400, "NO_SEH" }, { 0x0800, "NO_BIND" },
    { 0x1000, "APPCONTAINER" }, { 0x2000, "WDM_DRIVER" }, { 0x4000, "GUARD_CF" },
    { 0x8000, "TERMINAL_SERVER_AWARE" },
};

static uint16_t rd16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }
static uint32_t rd32(const uint8_t *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24; }

/* "  Label:              value" — one aligned line of a block. */
__attribute__((format(printf, 3, 4)))
static void field(FILE *out, const char *label, const char *fmt, ...)
{
    va_list ap;
    fprintf(out, "  %-21s", label);
    va_start(ap, fmt);
    vfprintf(out, fmt, ap);
    va_end(ap);
    fputc('\n', out);
}

__attribute__((format(printf, 2, 3)))
static void note(FILE *out, const char *fmt, ...)
{
    va_list ap;
    fputs("  note: ", out);
    va_start(ap, fmt);
    vfprintf(out, fmt, ap);
    va_end(ap);
    fputc('\n', out);
}

static void flags_text(char *buf, size_t bufsz, uint32_t v, const struct flag_name *t, size_t n)
{
    size_t len = 0;
    buf[0] = 0;
    for (size_t i = 0; i < n && len < bufsz; i++)
        if (v & t[i].bit) {
            len += (size_t)snprintf(buf + len, bufsz - len, "%s%s", len ? " " : "", t[i].name);
            v &= ~t[i].bit;
        }
    if (v && len < bufsz)
        len += (size_t)snprintf(buf + len, bufsz - len, "%sunknown %#x", len ? " " : "", v);
    if (len == 0)
        snprintf(buf, bufsz, "none");
}

/* File bytes behind [rva, rva+len), or NULL when they are not in the file. */
static const uint8_t *at_rva(const struct pe_image *img, uint32_t rva, uint32_t len)
{
    long off = pe_rva_to_offset(img, rva, len);
    return off < 0 ? NULL : img->data + off;
}

static bool rva_u32(const struct pe_image *img, uint32_t rva, uint32_t *v)
{
    const uint8_t *p = at_rva(img, rva, 4);
    if (p)
        *v = rd32(p);
    return p != NULL;
}

static bool rva_u16(const struct pe_image *img, uint32_t rva, uint16_t *v)
{
    const uint8_t *p = at_rva(img, rva, 2);
    if (p)
        *v = rd16(p);
    return p != NULL;
}

/* A NUL-terminated string in file bytes, non-printables as '?'; false
 * when it runs off the file. One too long for buf ends in "...". */
static bool rva_str(const struct pe_image *img, uint32_t rva, char *buf, size_t bufsz)
{
    for (uint32_t i = 0; (uint64_t)rva + i <= UINT32_MAX; i++) {
        const uint8_t *p = at_rva(img, rva + i, 1);
        if (!p)
            return false;
        if (i + 4 >= bufsz) { /* long (C++ mangled) names are shown cut */
            if (*p)
                memcpy(buf + i, "...", 4);
            else
                buf[i] = 0;
            return true;
        }
        if (*p == 0) {
            buf[i] = 0;
            return true;
        }
        buf[i] = *p >= 0x20 && *p < 0x7F ? (char)*p : '?';
    }
    return false;
}

static void printable(char *dst, const char *src, size_t n)
{
    size_t i = 0;
    for (; i + 1 < n && src[i]; i++)
        dst[i] = src[i] >= 0x20 && src[i] < 0x7F ? src[i] : '?';
    dst[i] = 0;
}

/* Where an RVA lands, for people: a section name, "headers" or "outside". */
static const char *where(const struct pe_image *img, uint32_t rva, char *buf, size_t bufsz)
{
    const struct pe_section *s = pe_section_of(img, rva);
    if (s)
        printable(buf, s->name[0] ? s->name : "(unnamed)", bufsz);
    else
        snprintf(buf, bufsz, "%s", rva < img->size_of_headers ? "headers" :
                 rva < img->size_of_image ? "no section" : "outside the image");
    return buf;
}

static const char *machine_name(uint16_t m)
{
    return m == IMAGE_FILE_MACHINE_I386 ? "i386" : m == IMAGE_FILE_MACHINE_AMD64 ? "x86-64" : "unknown";
}

static void print_file_and_coff(FILE *out, const char *path, const struct pe_image *img)
{
    char buf[256], when[64] = "not set";
    fprintf(out, "File:                  %s (%zu bytes)\n", path, img->size);
    fprintf(out, "Type:                  PE32 %s, %s subsystem\n",
            pe_is_dll(img) ? "DLL (can be inspected, not run)" : "executable",
            pe_subsystem_name(img->subsystem));
    fprintf(out, "\nDOS header\n");
    field(out, "e_lfanew:", "%#x%s", img->nt_offset,
          img->nt_offset < 0x40 ? " (PE header overlaps the DOS header)" : "");
    fprintf(out, "\nCOFF header\n");
    field(out, "Machine:", "0x%04x (%s)", img->machine, machine_name(img->machine));
    field(out, "Sections:", "%u", img->nsections);
    time_t t = (time_t)img->timestamp;
    struct tm tm;
    if (img->timestamp && gmtime_r(&t, &tm))
        strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S UTC", &tm);
    field(out, "Timestamp:", "0x%08x (%s)", img->timestamp, when);
    flags_text(buf, sizeof buf, img->characteristics, file_flags, sizeof file_flags / sizeof file_flags[0]);
    field(out, "Characteristics:", "0x%04x %s", img->characteristics, buf);
}

static void print_optional(FILE *out, const struct pe_image *img)
{
    char buf[256], sec[24];
    fprintf(out, "\nOptional header\n");
    if (img->entry_rva)
        field(out, "Entry point:", "RVA %#x (VA %#x, %s)", img->entry_rva,
              img->image_base + img->entry_rva, where(img, img->entry_rva, sec, sizeof sec));
    else
        field(out, "Entry point:", "none");
    field(out, "Image base:", "0x%08x", img->image_base);
    field(out, "Section alignment:", "%#x", img->section_align);
    field(out, "File alignment:", "%#x%s", img->file_align,
          img->section_align < VM_PAGE_SIZE ? " (low alignment: mapped flat, as in the file)" : "");
    field(out, "SizeOfImage:", "%#x", img->size_of_image);
    field(out, "SizeOfHeaders:", "%#x", img->size_of_headers);
    field(out, "Subsystem:", "%u (%s), version %u.%u", img->subsystem,
          pe_subsystem_name(img->subsystem), img->major_subsystem, img->minor_subsystem);
    field(out, "OS version:", "%u.%u", img->major_os, img->minor_os);
    flags_text(buf, sizeof buf, img->dll_characteristics, dll_flags, sizeof dll_flags / sizeof dll_flags[0]);
    field(out, "DllCharacteristics:", "0x%04x %s", img->dll_characteristics, buf);
    field(out, "Stack:", "reserve %#x, commit %#x", img->stack_reserve, img->stack_commit);
    field(out, "Heap:", "reserve %#x, commit %#x", img->heap_reserve, img->heap_commit);
    field(out, "Checksum:", "%#x", img->checksum);
    field(out, "Data directories:", "%u%s", img->ndirs,
          img->ndirs < PE_DIR_COUNT ? " (fewer than 16: the rest count as empty)" : "");
}

static void print_directories(FILE *out, const struct pe_image *img)
{
    char sec[24];
    unsigned shown = 0;
    fprintf(out, "\nData directories\n");
    for (unsigned i = 0; i < img->ndirs; i++) {
        const struct pe_dir_entry *d = &img->dirs[i];
        if (d->rva == 0 && d->size == 0)
            continue;
        shown++;
        if (i == PE_DIR_SECURITY) /* the one directory given as a file offset */
            fprintf(out, "  %-17s file offset 0x%08x  size 0x%08x  (not mapped)\n",
                    pe_dir_name(i), d->rva, d->size);
        else
            fprintf(out, "  %-17s RVA 0x%08x  size 0x%08x  (%s)\n", pe_dir_name(i), d->rva,
                    d->size, where(img, d->rva, sec, sizeof sec));
    }
    if (!shown)
        fprintf(out, "  none\n");
}

static void section_flags(uint32_t ch, char *buf, size_t bufsz)
{
    snprintf(buf, bufsz, "%c%c%c%s%s%s%s%s", ch & IMAGE_SCN_MEM_READ ? 'r' : '-',
             ch & IMAGE_SCN_MEM_WRITE ? 'w' : '-', ch & IMAGE_SCN_MEM_EXECUTE ? 'x' : '-',
             ch & IMAGE_SCN_CNT_CODE ? " code" : "",
             ch & IMAGE_SCN_CNT_INITIALIZED_DATA ? " data" : "",
             ch & IMAGE_SCN_CNT_UNINITIALIZED_DATA ? " bss" : "",
             ch & 0x02000000u ? " discardable" : "", ch & 0x10000000u ? " shared" : "");
}

/* "/4" names an entry of the COFF string table (mingw's long debug
 * section names); shown as that name when the table is in the file. */
static void section_name(const struct pe_image *img, const struct pe_section *s, char *buf, size_t bufsz)
{
    printable(buf, s->name, bufsz);
    if (s->name[0] != '/' || s->name[1] < '0' || s->name[1] > '9')
        return;
    const uint8_t *fh = img->data + img->nt_offset + 4;
    uint64_t strtab = rd32(fh + 8) + (uint64_t)rd32(fh + 12) * 18;
    uint64_t at = strtab + strtoul(s->name + 1, NULL, 10);
    if (rd32(fh + 8) == 0 || at >= img->size)
        return;
    size_t i = 0;
    for (; i + 1 < bufsz && at + i < img->size && img->data[at + i]; i++)
        buf[i] = img->data[at + i] >= 0x20 && img->data[at + i] < 0x7F ? (char)img->data[at + i] : '?';
    if (at + i < img->size && img->data[at + i] == 0 && i > 0)
        buf[i] = 0;
    else
        printable(buf, s->name, bufsz);
}

static void print_sections(FILE *out, const struct pe_image *img)
{
    fprintf(out, "\nSections\n");
    if (img->nsections == 0) {
        fprintf(out, "  none (the whole image is its headers)\n");
        return;
    }
    fprintf(out, "  %-15s  %-10s  %-10s  %-10s  %-10s  %s\n", "Name", "VirtAddr", "VirtSize",
            "RawOffset", "RawSize", "Flags");
    uint16_t optsize = rd16(img->data + img->nt_offset + 4 + 16);
    size_t table = (size_t)img->nt_offset + 24 + optsize;
    for (uint32_t i = 0; i < img->nsections; i++) {
        const struct pe_section *s = &img->sections[i];
        char name[32], fl[64];
        section_name(img, s, name, sizeof name);
        section_flags(s->characteristics, fl, sizeof fl);
        fprintf(out, "  %-15s  0x%08x  0x%08x  0x%08x  0x%08x  %s (0x%08x)\n", name, s->vaddr,
                s->vsize, s->raw_offset, s->raw_size, fl, s->characteristics);
        uint32_t file_ptr = rd32(img->data + table + 40 * i + 20);
        if (s->raw_size && file_ptr != s->raw_offset)
            note(out, "%s: PointerToRawData %#x is rounded down to %#x, as Windows does", name,
                 file_ptr, s->raw_offset);
    }
}

/* IAT slots by name, so the entry code can say which import it calls. */
struct import_slot {
    uint32_t rva;
    char name[160];
};

struct import_list {
    struct import_slot *v;
    size_t n, cap;
};

static void remember_slot(struct import_list *l, uint32_t rva, const char *dll, const char *fn)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 64;
        struct import_slot *v = realloc(l->v, cap * sizeof *v);
        if (!v)
            return;
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n].rva = rva;
    snprintf(l->v[l->n].name, sizeof l->v[l->n].name, "%.63s!%.90s", dll, fn);
    l->n++;
}

static void import_entry(FILE *out, const struct pe_image *img, uint32_t slot, uint32_t thunk,
                         const char *dll, struct import_list *l)
{
    char fn[MAX_NAME];
    uint16_t hint;
    if (thunk & 0x80000000u) {
        fprintf(out, "    0x%08x  ordinal %u\n", slot, thunk & 0xFFFFu);
        snprintf(fn, sizeof fn, "#%u", thunk & 0xFFFFu);
    } else if (rva_u16(img, thunk, &hint) && rva_str(img, thunk + 2, fn, sizeof fn)) {
        fprintf(out, "    0x%08x  hint %-5u  %s\n", slot, hint, fn);
    } else {
        fprintf(out, "    0x%08x  (name at RVA %#x is not in the file: the loader will refuse it)\n",
                slot, thunk);
        return;
    }
    remember_slot(l, slot, dll, fn);
}

/* One descriptor's functions; false when its table is truncated. */
static bool import_functions(FILE *out, const struct pe_image *img, uint32_t table, uint32_t iat,
                             const char *dll, struct import_list *l)
{
    for (uint32_t j = 0;; j++) {
        uint32_t thunk;
        if (j >= MAX_FUNCS) {
            note(out, "%s: more than %u imports, the rest not listed", dll, MAX_FUNCS);
            return false;
        }
        if (!rva_u32(img, table + 4 * j, &thunk)) {
            note(out, "import table truncated at RVA %#x (entry %u for %s)", table + 4 * j, j, dll);
            return false;
        }
        if (thunk == 0)
            return true;
        import_entry(out, img, iat + 4 * j, thunk, dll, l);
    }
}

static void print_imports(FILE *out, const struct pe_image *img, struct import_list *l)
{
    const struct pe_dir_entry *dir = &img->dirs[PE_DIR_IMPORT];
    fprintf(out, "\nImports\n");
    if (dir->rva == 0) {
        fprintf(out, "  none\n");
        return;
    }
    for (uint32_t i = 0;; i++) {
        uint32_t rva = dir->rva + 20 * i;
        const uint8_t *d = at_rva(img, rva, 20);
        if (!d) {
            note(out, "import table truncated at RVA %#x (descriptor %u is not in the file)", rva, i);
            return;
        }
        uint32_t lookup = rd32(d), name_rva = rd32(d + 12), iat = rd32(d + 16);
        if (name_rva == 0 || iat == 0) /* the terminator, as the loader reads it */
            return;
        if (i >= MAX_DLLS) {
            note(out, "more than %u import descriptors, the rest not listed", MAX_DLLS);
            return;
        }
        char dll[MAX_NAME];
        if (!rva_str(img, name_rva, dll, sizeof dll)) {
            snprintf(dll, sizeof dll, "(DLL name at RVA %#x)", name_rva);
            note(out, "import table truncated at RVA %#x (name of DLL %u is not in the file)", name_rva, i);
        }
        fprintf(out, "  %s  (lookup RVA %#x, IAT RVA %#x)\n", dll, lookup ? lookup : iat, iat);
        fprintf(out, "    %-10s  %s\n", "IAT slot", "import");
        if (!import_functions(out, img, lookup ? lookup : iat, iat, dll, l))
            return;
    }
}

struct export_dir {
    uint32_t name, base, nfuncs, nnames, funcs, names, ords;
};

/* Index into the name table for each function, UINT32_MAX for none. */
static uint32_t *export_name_index(FILE *out, const struct pe_image *img, const struct export_dir *e)
{
    uint32_t *idx = malloc((e->nfuncs ? e->nfuncs : 1) * sizeof *idx);
    if (!idx)
        return NULL;
    memset(idx, 0xFF, (e->nfuncs ? e->nfuncs : 1) * sizeof *idx);
    for (uint32_t i = 0; i < e->nnames; i++) {
        uint16_t ord;
        if (!rva_u16(img, e->ords + 2 * i, &ord)) {
            note(out, "export ordinal table truncated at RVA %#x", e->ords + 2 * i);
            break;
        }
        if (ord >= e->nfuncs)
            note(out, "export name %u refers to function %u of only %u", i, ord, e->nfuncs);
        else if (idx[ord] == UINT32_MAX)
            idx[ord] = i;
    }
    return idx;
}

static void export_entry(FILE *out, const struct pe_image *img, const struct pe_dir_entry *dir,
                         const struct export_dir *e, uint32_t f, uint32_t rva, uint32_t name_idx)
{
    char name[MAX_NAME] = "(no name)", fwd[MAX_NAME];
    uint32_t name_rva;
    if (name_idx != UINT32_MAX) {
        if (!rva_u32(img, e->names + 4 * name_idx, &name_rva) || !rva_str(img, name_rva, name, sizeof name))
            snprintf(name, sizeof name, "(name %u not in the file: export table truncated)", name_idx);
    }
    fprintf(out, "    %7u  0x%08x  %s", e->base + f, rva, name);
    if (rva >= dir->rva && rva - dir->rva < dir->size) { /* inside the directory: a forwarder */
        if (rva_str(img, rva, fwd, sizeof fwd))
            fprintf(out, "  -> forwarded to %s", fwd);
        else
            fprintf(out, "  -> forwarded (string not in the file)");
    }
    fputc('\n', out);
}

static void print_exports(FILE *out, const struct pe_image *img)
{
    const struct pe_dir_entry *dir = &img->dirs[PE_DIR_EXPORT];
    fprintf(out, "\nExports\n");
    if (dir->rva == 0) {
        fprintf(out, "  none\n");
        return;
    }
    const uint8_t *d = at_rva(img, dir->rva, 40);
    if (!d) {
        note(out, "export table truncated at RVA %#x (directory not in the file)", dir->rva);
        return;
    }
    struct export_dir e = { rd32(d + 12), rd32(d + 16), rd32(d + 20), rd32(d + 24),
                            rd32(d + 28), rd32(d + 32), rd32(d + 36) };
    char name[MAX_NAME];
    if (!rva_str(img, e.name, name, sizeof name))
        snprintf(name, sizeof name, "(name at RVA %#x not in the file)", e.name);
    field(out, "DLL name:", "%s", name);
    field(out, "Ordinal base:", "%u", e.base);
    field(out, "Functions:", "%u (%u with names)", e.nfuncs, e.nnames);
    if (e.nfuncs > MAX_FUNCS || e.nnames > MAX_FUNCS) {
        note(out, "export table claims more than %u entries: not listed", MAX_FUNCS);
        return;
    }
    uint32_t *idx = export_name_index(out, img, &e);
    if (!idx)
        return;
    fprintf(out, "    %7s  %-10s  %s\n", "ordinal", "RVA", "name");
    for (uint32_t f = 0; f < e.nfuncs; f++) {
        uint32_t rva;
        if (!rva_u32(img, e.funcs + 4 * f, &rva)) {
            note(out, "export address table truncated at RVA %#x", e.funcs + 4 * f);
            break;
        }
        if (rva)
            export_entry(out, img, dir, &e, f, rva, idx[f]);
    }
    free(idx);
}

static const char *reloc_type_name(unsigned t)
{
    static const char *const names[] = { "ABSOLUTE (padding)", "HIGH", "LOW", "HIGHLOW", "HIGHADJ" };
    return t < 5 ? names[t] : t == 10 ? "DIR64" : NULL;
}

/* Walks the blocks as the loader does; counts[] by type. */
static uint32_t reloc_walk(FILE *out, const struct pe_image *img, uint32_t counts[16],
                           uint32_t *lo, uint32_t *hi)
{
    const struct pe_dir_entry *dir = &img->dirs[PE_DIR_BASERELOC];
    uint32_t blocks = 0;
    uint64_t end = (uint64_t)dir->rva + dir->size;
    for (uint64_t p = dir->rva; p + 8 <= end;) {
        uint32_t page, size;
        if (!rva_u32(img, (uint32_t)p, &page) || !rva_u32(img, (uint32_t)p + 4, &size)) {
            note(out, "relocation table truncated at RVA %#x", (uint32_t)p);
            break;
        }
        if (size == 0)
            break;
        if (size < 8 || p + size > end) {
            note(out, "malformed relocation block at RVA %#x (size %#x): the loader refuses to relocate",
                 (uint32_t)p, size);
            break;
        }
        for (uint64_t q = p + 8; q + 2 <= p + size; q += 2) {
            uint16_t ent;
            if (!rva_u16(img, (uint32_t)q, &ent)) {
                note(out, "relocation table truncated at RVA %#x", (uint32_t)q);
                return blocks;
            }
            counts[ent >> 12]++;
        }
        *lo = page < *lo ? page : *lo;
        *hi = page > *hi ? page : *hi;
        blocks++;
        p += size;
    }
    return blocks;
}

/* Returns the number of fixups the loader would apply. */
static uint32_t print_relocs(FILE *out, const struct pe_image *img)
{
    fprintf(out, "\nBase relocations\n");
    if (img->dirs[PE_DIR_BASERELOC].rva == 0 || img->dirs[PE_DIR_BASERELOC].size == 0) {
        fprintf(out, "  none%s\n", img->characteristics & IMAGE_FILE_RELOCS_STRIPPED ?
                " (RELOCS_STRIPPED: fixed base)" : "");
        return 0;
    }
    uint32_t counts[16] = { 0 }, lo = UINT32_MAX, hi = 0, total = 0;
    uint32_t blocks = reloc_walk(out, img, counts, &lo, &hi);
    for (unsigned t = 0; t < 16; t++)
        total += counts[t];
    if (blocks)
        field(out, "Blocks:", "%u (pages %#x-%#x)", blocks, lo, hi);
    else
        field(out, "Blocks:", "0");
    field(out, "Entries:", "%u", total);
    for (unsigned t = 0; t < 16; t++) {
        if (!counts[t])
            continue;
        const char *n = reloc_type_name(t);
        fprintf(out, "    %-19s%u\n", n ? n : "other", counts[t]);
        if (t != 0 && t != 3)
            note(out, "type %u relocations: the loader applies only HIGHLOW, relocating this image fails", t);
    }
    return counts[3];
}

static void print_callbacks(FILE *out, const struct pe_image *img, uint32_t va)
{
    char sec[24];
    for (uint32_t i = 0; i < MAX_CALLBACKS; i++) {
        uint32_t fn, at = va - img->image_base + 4 * i;
        if (va < img->image_base || !rva_u32(img, at, &fn)) {
            note(out, "callback list at VA %#x is not in the file", va + 4 * i);
            return;
        }
        if (fn == 0)
            return;
        fprintf(out, "    0x%08x  (RVA %#x, %s)\n", fn, fn - img->image_base,
                fn >= img->image_base ? where(img, fn - img->image_base, sec, sizeof sec) : "outside the image");
    }
    note(out, "more than %u callbacks, the rest not listed", MAX_CALLBACKS);
}

static void print_tls(FILE *out, const struct pe_image *img)
{
    const struct pe_dir_entry *dir = &img->dirs[PE_DIR_TLS];
    fprintf(out, "\nTLS\n");
    if (dir->rva == 0) {
        fprintf(out, "  none\n");
        return;
    }
    const uint8_t *t = at_rva(img, dir->rva, 24);
    if (!t) {
        note(out, "TLS directory at RVA %#x is not in the file", dir->rva);
        return;
    }
    uint32_t start = rd32(t), end = rd32(t + 4), index = rd32(t + 8), cbs = rd32(t + 12);
    field(out, "Raw data:", "0x%08x-0x%08x (%u bytes), zero fill %u", start, end,
          end > start ? end - start : 0, rd32(t + 16));
    field(out, "Index address:", "0x%08x", index);
    if (cbs == 0) {
        field(out, "Callbacks:", "none");
        return;
    }
    field(out, "Callbacks:", "list at 0x%08x", cbs);
    print_callbacks(out, img, cbs);
}

/* Mirrors the process start: builtin DLLs sit at their bases, the
 * program needs its whole span inside the user range. */
static const char *base_conflict(const struct pe_image *img, gaddr limit, const struct inspect_builtin *builtins,
                                 size_t nbuiltins, char *buf, size_t bufsz)
{
    uint64_t lo = img->image_base;
    uint64_t hi = lo + ((img->size_of_image + VM_PAGE_SIZE - 1) & ~(uint64_t)(VM_PAGE_SIZE - 1));
    if (lo < VM_GRANULARITY)
        return "below the lowest usable address 0x10000";
    if (hi > limit) {
        snprintf(buf, bufsz, "beyond the user address space (ends at %#llx)", (unsigned long long)hi);
        return buf;
    }
    for (size_t i = 0; i < nbuiltins; i++) {
        uint64_t b = builtins[i].base;
        if (lo < b + BUILTIN_SPAN && b < hi) {
            snprintf(buf, bufsz, "overlaps builtin %s at %#x", builtins[i].name, (unsigned)b);
            return buf;
        }
    }
    return NULL;
}

static void print_address_space(FILE *out, const struct pe_image *img, uint32_t fixups,
                                const struct inspect_builtin *builtins, size_t nbuiltins)
{
    bool laa = pe_large_address_aware(img);
    gaddr limit = laa ? 0xFFFF0000u : 0x7FFF0000u;
    bool relocatable = !(img->characteristics & IMAGE_FILE_RELOCS_STRIPPED) &&
                       img->dirs[PE_DIR_BASERELOC].rva && img->dirs[PE_DIR_BASERELOC].size;
    char buf[160];
    fprintf(out, "\nAddress space\n");
    field(out, "Large address aware:", "%s -> guest address space %s (user addresses up to 0x%08X)",
          laa ? "yes" : "no", laa ? "4 GB" : "2 GB", limit - 1);
    if (relocatable)
        field(out, "Relocations:", "relocatable (%u HIGHLOW fixups)", fixups);
    else
        field(out, "Relocations:", "fixed base (%s)", img->characteristics & IMAGE_FILE_RELOCS_STRIPPED ?
              "RELOCS_STRIPPED" : "no relocation directory");
    const char *why = base_conflict(img, limit, builtins, nbuiltins, buf, sizeof buf);
    uint32_t span = (img->size_of_image + VM_PAGE_SIZE - 1) & ~(VM_PAGE_SIZE - 1);
    field(out, "Preferred range:", "0x%08x-0x%08x", img->image_base, img->image_base + span - 1);
    if (!why)
        field(out, "Placement:", "loads at its preferred base %#x", img->image_base);
    else if (relocatable)
        field(out, "Placement:", "%s -> will be relocated", why);
    else
        field(out, "Placement:", "%s -> cannot load (fixed base, no relocations)", why);
    if (img->dll_characteristics & 0x0100u) /* IMAGE_DLLCHARACTERISTICS_NX_COMPAT */
        field(out, "DEP:", "on (NX_COMPAT): only executable pages run");
    else
        field(out, "DEP:", "off (no NX_COMPAT): readable memory is executable, as Windows' OptIn policy runs it");
}

/* "call dword ptr [0x402064]" -> the import whose IAT slot that is. */
static const char *iat_target(const struct pe_image *img, const struct import_list *l, const char *op)
{
    const char *p = strstr(op, "[0x");
    if (!p)
        return NULL;
    unsigned long va = strtoul(p + 1, NULL, 16);
    for (size_t i = 0; i < l->n; i++)
        if (va == (unsigned long)img->image_base + l->v[i].rva)
            return l->v[i].name;
    return NULL;
}

static void print_entry_code(FILE *out, const struct pe_image *img, const struct import_list *l)
{
    char sec[24];
    fprintf(out, "\nEntry point code\n");
    if (img->entry_rva == 0) {
        fprintf(out, "  none (no entry point)\n");
        return;
    }
    uint32_t n = ENTRY_BYTES;
    while (n && pe_rva_to_offset(img, img->entry_rva, n) < 0)
        n--;
    if (n == 0) {
        fprintf(out, "  entry RVA %#x (%s) is not backed by file bytes\n", img->entry_rva,
                where(img, img->entry_rva, sec, sizeof sec));
        return;
    }
    csh cs;
    if (cs_open(CS_ARCH_X86, CS_MODE_32, &cs) != CS_ERR_OK) {
        note(out, "disassembler unavailable");
        return;
    }
    cs_insn *insn;
    uint32_t va = img->image_base + img->entry_rva;
    size_t count = cs_disasm(cs, at_rva(img, img->entry_rva, n), n, va, ENTRY_INSNS, &insn);
    for (size_t i = 0; i < count; i++) {
        char hex[3 * 16 + 1] = "";
        for (size_t b = 0; b < insn[i].size && b < 10; b++)
            snprintf(hex + 3 * b, sizeof hex - 3 * b, "%02x ", insn[i].bytes[b]);
        const char *target = iat_target(img, l, insn[i].op_str);
        fprintf(out, "  0x%08llx  %-30s %s%s%s%s%s\n", (unsigned long long)insn[i].address, hex,
                insn[i].mnemonic, insn[i].op_str[0] ? " " : "", insn[i].op_str,
                target ? "  ; " : "", target ? target : "");
    }
    if (count == 0)
        note(out, "the bytes at the entry point do not decode as x86 instructions");
    else
        cs_free(insn, count);
    cs_close(&cs);
}

int inspect_file(const char *path, FILE *out, const struct inspect_builtin *builtins, size_t nbuiltins)
{
    char err[512];
    size_t size;
    uint8_t *data = pe_read_file(path, &size, err, sizeof err);
    if (!data) {
        wb_error("%s", err);
        return 2;
    }
    struct pe_image img;
    const char *why = pe_parse(&img, data, size);
    if (why) {
        wb_error("%s: %s", path, why);
        free(data);
        return 2;
    }
    print_file_and_coff(out, path, &img);
    print_optional(out, &img);
    print_directories(out, &img);
    print_sections(out, &img);
    struct import_list imports = { 0 };
    print_imports(out, &img, &imports);
    print_exports(out, &img);
    uint32_t fixups = print_relocs(out, &img);
    print_tls(out, &img);
    print_address_space(out, &img, fixups, builtins, nbuiltins);
    print_entry_code(out, &img, &imports);
    free(imports.v);
    fflush(out);
    pe_free(&img);
    free(data);
    return 0;
}
