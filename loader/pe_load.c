/* Maps a PE32 image into the guest address space: headers and sections,
 * base relocations when the preferred base is taken, import binding,
 * section protections. */
#include "loader/pe_load.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/guest_mem.h"

NTSTATUS (*pe_import_loader)(const char *dll, const char *importer, struct module **out,
                             char *err, size_t errsz);

static uint32_t section_prot(uint32_t ch)
{
    bool x = ch & IMAGE_SCN_MEM_EXECUTE, w = ch & IMAGE_SCN_MEM_WRITE, r = ch & IMAGE_SCN_MEM_READ;
    if (x)
        return w ? PAGE_EXECUTE_READWRITE : r ? PAGE_EXECUTE_READ : PAGE_EXECUTE;
    if (w)
        return PAGE_READWRITE;
    return r ? PAGE_READONLY : PAGE_NOACCESS;
}

/* The mapped size: SizeOfImage rounded up to the section alignment (at
 * least a page), so a last section's aligned extent, which pe_parse allows
 * up to that rounding, is inside the mapping and gets its data and
 * protection. */
static uint32_t span(const struct pe_image *img)
{
    uint64_t a = img->section_align > VM_PAGE_SIZE ? img->section_align : VM_PAGE_SIZE;
    return (uint32_t)(((uint64_t)img->size_of_image + a - 1) & ~(a - 1));
}

static bool relocatable(const struct pe_image *img)
{
    return !(img->characteristics & IMAGE_FILE_RELOCS_STRIPPED) &&
           img->dirs[PE_DIR_BASERELOC].rva && img->dirs[PE_DIR_BASERELOC].size;
}

static NTSTATUS reserve_image(const struct pe_image *img, const char *name, gaddr *base,
                              char *err, size_t errsz)
{
    *base = img->image_base;
    NTSTATUS st = STATUS_CONFLICTING_ADDRESSES;
    if ((uint64_t)img->image_base + span(img) <= g_vm->user_limit && img->image_base >= VM_GRANULARITY)
        st = vm_reserve(g_vm, base, span(img), 0, PAGE_EXECUTE_WRITECOPY, true);
    if (st == STATUS_SUCCESS)
        return st;
    if (!relocatable(img)) {
        snprintf(err, errsz, "%s: its fixed base %#x is not available and it has no relocations",
                 name, img->image_base);
        return STATUS_CONFLICTING_ADDRESSES;
    }
    *base = 0;
    st = vm_reserve(g_vm, base, span(img), 0, PAGE_EXECUTE_WRITECOPY, true);
    if (st != STATUS_SUCCESS)
        snprintf(err, errsz, "%s: no room in the address space for %#x bytes", name, span(img));
    return st;
}

/* Low-alignment images are mapped flat, exactly as the file lies. */
static void copy_contents(const struct pe_image *img, gaddr base)
{
    if (img->section_align < VM_PAGE_SIZE) {
        size_t n = img->size < span(img) ? img->size : span(img);
        gm_write(base, img->data, n);
        return;
    }
    size_t hdr = img->size_of_headers < img->size ? img->size_of_headers : img->size;
    if (hdr > span(img))
        hdr = span(img);
    gm_write(base, img->data, hdr);
    for (uint32_t i = 0; i < img->nsections; i++) {
        const struct pe_section *s = &img->sections[i];
        if (s->raw_size)
            gm_write(base + s->vaddr, img->data + s->raw_offset, s->raw_size);
    }
}

static void apply_protections(const struct pe_image *img, gaddr base)
{
    if (img->section_align < VM_PAGE_SIZE) {
        vm_protect(g_vm, base, span(img), PAGE_EXECUTE_READWRITE, NULL);
        return;
    }
    vm_protect(g_vm, base, VM_PAGE_SIZE, PAGE_READONLY, NULL);
    for (uint32_t i = 0; i < img->nsections; i++) {
        const struct pe_section *s = &img->sections[i];
        uint32_t size = (s->vsize + img->section_align - 1) & ~(img->section_align - 1);
        if (size)
            vm_protect(g_vm, base + s->vaddr, size, section_prot(s->characteristics), NULL);
    }
}

NTSTATUS pe_relocate(const struct pe_image *img, gaddr base, uint32_t delta, char *err, size_t errsz)
{
    const struct pe_dir_entry *dir = &img->dirs[PE_DIR_BASERELOC];
    if ((uint64_t)dir->rva + dir->size > span(img)) {
        snprintf(err, errsz, "the relocation directory points outside the image");
        return STATUS_INVALID_IMAGE_FORMAT;
    }
    gaddr p = base + dir->rva;
    gaddr end = p + dir->size;
    while (p + 8 <= end) {
        uint32_t page, size;
        if (!gm_read_u32(p, &page) || !gm_read_u32(p + 4, &size))
            break;
        if (size == 0)
            break;
        if (size < 8 || p + size > end || page >= span(img)) {
            snprintf(err, errsz, "malformed base relocation block at RVA %#x", p - base);
            return STATUS_INVALID_IMAGE_FORMAT;
        }
        for (gaddr e = p + 8; e + 2 <= p + size; e += 2) {
            uint16_t ent;
            gm_read_u16(e, &ent);
            uint32_t type = ent >> 12, off = page + (ent & 0xFFFu), v;
            if (type == 0) /* IMAGE_REL_BASED_ABSOLUTE: padding */
                continue;
            if (type != 3) { /* only HIGHLOW exists in PE32 */
                snprintf(err, errsz, "unsupported base relocation type %u at RVA %#x", type, off);
                return STATUS_INVALID_IMAGE_FORMAT;
            }
            if (off + 4 > span(img)) {
                snprintf(err, errsz, "base relocation at RVA %#x lies outside the image", off);
                return STATUS_INVALID_IMAGE_FORMAT;
            }
            gm_read_u32(base + off, &v);
            v += delta;
            gm_write(base + off, &v, 4);
        }
        p += size;
    }
    return STATUS_SUCCESS;
}

static gaddr resolve_one(struct module *dll, uint32_t thunk, gaddr base, char *what, size_t whatsz)
{
    if (thunk & 0x80000000u) {
        snprintf(what, whatsz, "ordinal %u", thunk & 0xFFFFu);
        return module_export_by_ordinal(dll, thunk & 0xFFFFu);
    }
    uint16_t hint = 0;
    gm_read_u16(base + thunk, &hint);
    char *name = gm_strdup(base + thunk + 2);
    if (!name) {
        snprintf(what, whatsz, "a name at an invalid RVA %#x", thunk);
        return 0;
    }
    snprintf(what, whatsz, "%s", name);
    gaddr a = module_export_by_name(dll, name, hint);
    free(name);
    return a;
}

static NTSTATUS bind_descriptor(gaddr base, const uint32_t d[5], const char *name, char *err, size_t errsz)
{
    char *dllname = gm_strdup(base + d[3]);
    if (!dllname) {
        snprintf(err, errsz, "%s: import descriptor names an invalid RVA %#x", name, d[3]);
        return STATUS_INVALID_IMAGE_FORMAT;
    }
    struct module *dll = module_find(dllname);
    if (!dll && pe_import_loader) {
        NTSTATUS st = pe_import_loader(dllname, name, &dll, err, errsz);
        if (st != STATUS_SUCCESS) {
            free(dllname);
            return st;
        }
    }
    if (!dll) {
        snprintf(err, errsz, "%s imports %s, which was not found", name, dllname);
        free(dllname);
        return STATUS_DLL_NOT_FOUND;
    }
    gaddr lookup = base + (d[0] ? d[0] : d[4]);
    gaddr iat = base + d[4];
    for (uint32_t i = 0;; i++) {
        uint32_t thunk;
        if (!gm_read_u32(lookup + 4 * i, &thunk)) {
            snprintf(err, errsz, "%s: import table for %s runs off the image", name, dllname);
            free(dllname);
            return STATUS_INVALID_IMAGE_FORMAT;
        }
        if (thunk == 0)
            break;
        char what[160];
        gaddr a = resolve_one(dll, thunk, base, what, sizeof what);
        if (!a) {
            snprintf(err, errsz, "%s imports %s from %s, which it does not export", name, what, dllname);
            free(dllname);
            return STATUS_ENTRYPOINT_NOT_FOUND;
        }
        if (!gm_write_force(iat + 4 * i, &a, 4)) {
            snprintf(err, errsz, "%s: import address table for %s lies outside the image", name, dllname);
            free(dllname);
            return STATUS_INVALID_IMAGE_FORMAT;
        }
    }
    free(dllname);
    return STATUS_SUCCESS;
}

NTSTATUS pe_resolve_imports(const struct pe_image *img, gaddr base, const char *name, char *err, size_t errsz)
{
    const struct pe_dir_entry *dir = &img->dirs[PE_DIR_IMPORT];
    if (dir->rva == 0)
        return STATUS_SUCCESS;
    for (gaddr p = base + dir->rva;; p += 20) {
        uint32_t d[5];
        if (!gm_read(p, d, sizeof d)) {
            snprintf(err, errsz, "%s: import directory runs off the image", name);
            return STATUS_INVALID_IMAGE_FORMAT;
        }
        if (d[3] == 0 || d[4] == 0) /* the terminator, as the Windows loader reads it */
            break;
        NTSTATUS st = bind_descriptor(base, d, name, err, errsz);
        if (st != STATUS_SUCCESS)
            return st;
    }
    return STATUS_SUCCESS;
}

bool pe_tls_info(const struct pe_image *img, gaddr base, struct pe_tls_info *out)
{
    const struct pe_dir_entry *dir = &img->dirs[PE_DIR_TLS];
    uint32_t t[6];
    if (dir->rva == 0 || !gm_read(base + dir->rva, t, sizeof t))
        return false;
    out->raw_start = t[0];
    out->raw_end = t[1];
    out->index_addr = t[2];
    out->callbacks = t[3];
    out->zero_fill = t[4];
    return true;
}

NTSTATUS pe_map(const struct pe_image *img, const char *name, const char *path_win, bool is_exe,
                struct module **out, char *err, size_t errsz)
{
    gaddr base;
    NTSTATUS st = reserve_image(img, name, &base, err, errsz);
    if (st != STATUS_SUCCESS)
        return st;
    vm_commit(g_vm, base, span(img), PAGE_READWRITE);
    copy_contents(img, base);
    if (base != img->image_base) {
        st = pe_relocate(img, base, base - img->image_base, err, errsz);
        if (st != STATUS_SUCCESS)
            goto fail;
        gm_write_force(base + img->nt_offset + 4 + 20 + 28, &base, 4); /* OptionalHeader.ImageBase */
    }
    struct module *m = module_add(name, path_win, base, span(img),
                                  img->entry_rva ? base + img->entry_rva : 0, is_exe, NULL);
    if (!m) {
        st = STATUS_NO_MEMORY;
        goto fail;
    }
    m->tls_dir_rva = img->dirs[PE_DIR_TLS].rva;
    *out = m;
    return STATUS_SUCCESS;
fail:
    vm_release(g_vm, base);
    return st;
}

NTSTATUS pe_map_view(const struct pe_image *img, gaddr *base, uint32_t *size, bool *moved, char *err, size_t errsz)
{
    gaddr at = *base ? *base : img->image_base;
    NTSTATUS st = STATUS_CONFLICTING_ADDRESSES;
    if (at >= VM_GRANULARITY && (uint64_t)at + span(img) <= g_vm->user_limit)
        st = vm_reserve(g_vm, &at, span(img), 0, PAGE_EXECUTE_WRITECOPY, VM_TYPE_IMAGE);
    if (st != STATUS_SUCCESS && !*base) { /* the preferred base is taken: anywhere */
        at = 0;
        st = vm_reserve(g_vm, &at, span(img), 0, PAGE_EXECUTE_WRITECOPY, VM_TYPE_IMAGE);
    }
    if (st != STATUS_SUCCESS)
        return st;
    vm_commit(g_vm, at, span(img), PAGE_READWRITE);
    copy_contents(img, at);
    *moved = at != img->image_base;
    if (*moved && relocatable(img)) {
        st = pe_relocate(img, at, at - img->image_base, err, errsz);
        if (st != STATUS_SUCCESS) {
            vm_release(g_vm, at);
            return st;
        }
        gm_write_force(at + img->nt_offset + 4 + 20 + 28, &at, 4); /* OptionalHeader.ImageBase */
    }
    apply_protections(img, at);
    *base = at;
    *size = span(img);
    return STATUS_SUCCESS;
}

NTSTATUS pe_bind(const struct pe_image *img, struct module *m, char *err, size_t errsz)
{
    NTSTATUS st = pe_resolve_imports(img, m->base, m->name, err, errsz);
    if (st != STATUS_SUCCESS)
        return st; /* the module stays listed; the process is not started */
    apply_protections(img, m->base);
    return STATUS_SUCCESS;
}

NTSTATUS pe_load(const struct pe_image *img, const char *name, const char *path_win, bool is_exe,
                 struct module **out, char *err, size_t errsz)
{
    NTSTATUS st = pe_map(img, name, path_win, is_exe, out, err, errsz);
    return st == STATUS_SUCCESS ? pe_bind(img, *out, err, errsz) : st;
}
