/* Synthesizes a builtin DLL as a PE image in guest memory so GetProcAddress,
 * PEB->Ldr walkers and hand-written export parsers all find it. */
#include "syscalls/builtin_image.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/guest_mem.h"
#include "core/log.h"
#include "loader/pe.h"
#include "syscalls/guest_blob.h"
#include "syscalls/api.h"
#include "syscalls/dispatch.h"

#define HDR_SIZE 0x1000u
#define DEFAULT_DATA_SIZE 16u

struct layout {
    uint32_t text_rva, text_size;
    uint32_t code_rva;               /* guest-code exports, after the stubs */
    uint32_t edata_rva, edata_size;
    uint32_t data_rva, data_size;
    uint32_t image_size;
    uint32_t nordinals, ordinal_base;
};

static uint32_t page_up(uint32_t v) { return (v + VM_PAGE_SIZE - 1) & ~(VM_PAGE_SIZE - 1); }

/* Implementation of each export, by export index (NULL: none), found
 * with one binary search per implementation: the export list is sorted. */
static const struct api_impl **impls_by_export;

static int cmp_export(const void *key, const void *elem)
{
    return strcmp(key, ((const struct api_export *)elem)->name);
}

static bool index_impls(const struct builtin_dll *dll)
{
    free(impls_by_export);
    impls_by_export = calloc(dll->nexports ? dll->nexports : 1, sizeof *impls_by_export);
    if (!impls_by_export)
        return false;
    for (size_t i = 0; i < dll->nimpls; i++) {
        const struct api_export *e = bsearch(dll->impls[i].name, dll->exports, dll->nexports,
                                             sizeof *dll->exports, cmp_export);
        if (e)
            impls_by_export[e - dll->exports] = &dll->impls[i];
    }
    for (size_t i = 0; dll->shares && i < dll->nexports; i++)
        if (!impls_by_export[i])
            impls_by_export[i] = builtin_impl_for(dll, &dll->exports[i]);
    return true;
}

static const struct api_impl *impl_of(const struct builtin_dll *dll, const struct api_export *e)
{
    return impls_by_export[e - dll->exports];
}

static uint32_t data_size_of(const struct builtin_dll *dll, const struct api_export *e)
{
    const struct api_impl *impl = impl_of(dll, e);
    if (impl && !impl->fn && !impl->guest)
        return (impl->data_size + 15u) & ~15u;
    return DEFAULT_DATA_SIZE;
}

static uint32_t guest_code_size(const struct builtin_dll *dll)
{
    return dll->guest ? dll->guest->size : 0;
}

/* "WS2_32" of "WS2_32.dll": the module part of a forwarder string. */
static size_t forward_module_len(const struct builtin_dll *dll)
{
    return strcspn(dll->forward_to->name, ".");
}

/* Where the guest code starts: after the stubs (and the spare one). */
static uint32_t code_rva_of(const struct builtin_dll *dll)
{
    uint32_t rva = HDR_SIZE + (uint32_t)(dll->nexports + 1) * CPU_STUB_SIZE;
    if (dll->guest && dll->guest->align > 1) /* a power of two, at most a page */
        rva = (rva + dll->guest->align - 1) & ~(dll->guest->align - 1);
    return rva;
}

gaddr builtin_guest_symbol(const struct module *m, const char *name)
{
    const struct builtin_dll *dll = m->builtin;
    if (!dll || !dll->guest)
        return 0;
    for (uint32_t i = 0; i < dll->guest->nsymbols; i++)
        if (strcmp(dll->guest->symbols[i].name, name) == 0)
            return m->base + code_rva_of(dll) + dll->guest->symbols[i].offset;
    return 0;
}

static void compute_layout(const struct builtin_dll *dll, struct layout *l)
{
    uint32_t lo = UINT32_MAX, hi = 0, names = 0, data = 0;
    for (size_t i = 0; i < dll->nexports; i++) {
        const struct api_export *e = &dll->exports[i];
        lo = e->ordinal < lo ? e->ordinal : lo;
        hi = e->ordinal > hi ? e->ordinal : hi;
        names += (uint32_t)strlen(e->name) + 1;
        if (dispatch_forward_target(dll, e)) /* "WS2_32.name", "KERNEL32.K32name" */
            names += (uint32_t)(forward_module_len(dll) + 1 + strlen(dispatch_forward_target(dll, e)->name) + 1);
        if (e->kind == API_DATA)
            data += data_size_of(dll, e);
    }
    l->ordinal_base = lo;
    l->nordinals = hi - lo + 1;
    l->text_rva = HDR_SIZE;
    l->code_rva = code_rva_of(dll);
    l->text_size = page_up(l->code_rva - l->text_rva + guest_code_size(dll));
    l->edata_rva = l->text_rva + l->text_size;
    uint32_t edata = 40 + 4 * l->nordinals + 4 * (uint32_t)dll->nexports +
                     2 * (uint32_t)dll->nexports + names + (uint32_t)strlen(dll->name) + 1;
    l->edata_size = page_up(edata);
    l->data_rva = l->edata_rva + l->edata_size;
    l->data_size = page_up(data ? data : 1);
    l->image_size = l->data_rva + l->data_size;
}

static void put16(uint8_t *p, uint16_t v) { memcpy(p, &v, 2); }
static void put32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }

static void put_section(uint8_t *s, const char *name, uint32_t rva, uint32_t size, uint32_t ch)
{
    memcpy(s, name, strlen(name));
    put32(s + 8, size);
    put32(s + 12, rva);
    put32(s + 16, size);
    put32(s + 20, rva);
    put32(s + 36, ch);
}

static void build_headers(uint8_t *h, const struct layout *l, gaddr base)
{
    put16(h, 0x5A4D);
    put32(h + 0x3C, 0x40);
    uint8_t *nt = h + 0x40;
    memcpy(nt, "PE\0\0", 4);
    uint8_t *fh = nt + 4;
    put16(fh, IMAGE_FILE_MACHINE_I386);
    put16(fh + 2, 3);
    put16(fh + 16, 0xE0);
    put16(fh + 18, IMAGE_FILE_EXECUTABLE_IMAGE | IMAGE_FILE_32BIT_MACHINE | IMAGE_FILE_DLL);
    uint8_t *oh = fh + 20;
    put16(oh, 0x10B);
    put32(oh + 4, l->text_size);
    put32(oh + 20, l->text_rva);
    put32(oh + 28, base);
    put32(oh + 32, VM_PAGE_SIZE);
    put32(oh + 36, VM_PAGE_SIZE);
    put16(oh + 40, 6);
    put16(oh + 48, 6);
    put32(oh + 56, l->image_size);
    put32(oh + 60, HDR_SIZE);
    put16(oh + 68, 3); /* console subsystem, as system DLLs report */
    put32(oh + 92, PE_DIR_COUNT);
    put32(oh + 96, l->edata_rva);
    put32(oh + 100, l->edata_size);
    uint8_t *st = oh + 0xE0;
    put_section(st, ".text", l->text_rva, l->text_size,
                IMAGE_SCN_CNT_CODE | IMAGE_SCN_MEM_EXECUTE | IMAGE_SCN_MEM_READ);
    put_section(st + 40, ".edata", l->edata_rva, l->edata_size,
                IMAGE_SCN_CNT_INITIALIZED_DATA | IMAGE_SCN_MEM_READ);
    put_section(st + 80, ".data", l->data_rva, l->data_size,
                IMAGE_SCN_CNT_INITIALIZED_DATA | IMAGE_SCN_MEM_READ | IMAGE_SCN_MEM_WRITE);
}

/* Export directory: EAT indexed by ordinal - base, name pointers in the
 * (already sorted) export order, and the name ordinal table. */
/* GUEST_HOST exports run as guest code unless the backend's guest stores
 * are slow; WOWBOX_GUEST_CODE=all picks the guest code there too (to run
 * and measure it under Unicorn). */
static bool builtin_guest_preferred(const struct cpu_backend *cpu)
{
    const char *all = getenv("WOWBOX_GUEST_CODE");
    return !cpu->slow_stores || (all && strcmp(all, "all") == 0);
}

static void build_exports(uint8_t *img, const struct builtin_dll *dll, const struct layout *l,
                          const struct cpu_backend *cpu)
{
    uint8_t *ed = img + l->edata_rva;
    uint32_t eat = l->edata_rva + 40;
    uint32_t npt = eat + 4 * l->nordinals;
    uint32_t ot = npt + 4 * (uint32_t)dll->nexports;
    uint32_t str = ot + 2 * (uint32_t)dll->nexports;
    uint32_t data = l->data_rva;
    put32(ed + 12, str);
    memcpy(img + str, dll->name, strlen(dll->name) + 1);
    str += (uint32_t)strlen(dll->name) + 1;
    put32(ed + 16, l->ordinal_base);
    put32(ed + 20, l->nordinals);
    put32(ed + 24, (uint32_t)dll->nexports);
    put32(ed + 28, eat);
    put32(ed + 32, npt);
    put32(ed + 36, ot);
    for (size_t i = 0; i < dll->nexports; i++) {
        const struct api_export *e = &dll->exports[i];
        uint32_t slot = e->ordinal - l->ordinal_base;
        uint32_t target = l->text_rva + (uint32_t)i * CPU_STUB_SIZE;
        const struct api_impl *impl = impl_of(dll, e);
        if (e->kind == API_DATA) {
            target = data;
            data += data_size_of(dll, e);
        } else if (impl && impl->guest && (!impl->fn || builtin_guest_preferred(cpu))) {
            uint32_t offset = 0;
            builtin_guest_offset(dll, impl, &offset); /* builtin_impl_for found it */
            target = l->code_rva + offset;
        } else if (dispatch_forward_target(dll, e)) {
            /* an address inside the export directory: the loader follows the string */
            const char *to = dispatch_forward_target(dll, e)->name;
            size_t m = forward_module_len(dll), n = strlen(to);
            memcpy(img + str, dll->forward_to->name, m);
            img[str + m] = '.';
            memcpy(img + str + m + 1, to, n + 1);
            target = str;
            str += (uint32_t)(m + 1 + n + 1);
        }
        put32(img + eat + 4 * slot, target);
        put32(img + npt + 4 * i, str);
        put16(img + ot + 2 * i, (uint16_t)slot);
        memcpy(img + str, e->name, strlen(e->name) + 1);
        str += (uint32_t)strlen(e->name) + 1;
    }
}

static void init_data_exports(const struct builtin_dll *dll, const struct module *m)
{
    for (size_t i = 0; i < dll->nimpls; i++) {
        const struct api_impl *impl = &dll->impls[i];
        if (impl->fn || impl->guest || !impl->data_init)
            continue;
        gaddr a = module_export_by_name(m, impl->name, -1);
        if (!a)
            wb_bug("data export %s!%s missing from its image", dll->name, impl->name);
        impl->data_init(a, impl->data_size);
    }
}

/* The export's address in the image being built (its EAT entry). */
static gaddr own_export(const uint8_t *img, const struct builtin_dll *dll, const struct layout *l,
                        gaddr base, const char *name)
{
    const struct api_export *e = bsearch(name, dll->exports, dll->nexports, sizeof *dll->exports,
                                         cmp_export);
    if (!e)
        return 0;
    uint32_t rva;
    memcpy(&rva, img + l->edata_rva + 40 + 4 * (e->ordinal - l->ordinal_base), 4);
    return base + rva;
}

/* The shared DLL's guest code in this DLL's blob calls that DLL's exports
 * (msvcrt!_errno): this DLL's export of the same name serves it, as its
 * host code is the shared DLL's too. */
static bool calls_shared(const struct builtin_dll *dll, const struct guest_import *imp)
{
    const char *shared = dll->shares ? dll->shares->name : NULL;
    size_t n = strlen(imp->dll);
    return shared && strncasecmp(shared, imp->dll, n) == 0 && shared[n] == '.';
}

/* A value of the run that guest code reads from a slot (WG_HOST_VALUE). */
static bool host_value(const char *name, const struct cpu_backend *cpu, uint32_t *v)
{
    if (strcmp(name, "bulk_copy_min") == 0) {
        *v = cpu->bulk_copy_min;
        return true;
    }
    return false;
}

/* Places the DLL's guest code after the stubs for load address `base`: its
 * absolute references moved by the blob's address, its import slots holding
 * the exports it calls (this DLL's, or one loaded before it) or the run's
 * values it reads. */
static bool place_guest_code(uint8_t *img, const struct builtin_dll *dll, const struct layout *l,
                             gaddr base, const struct cpu_backend *cpu)
{
    const struct guest_blob *g = dll->guest;
    if (!g || !g->size)
        return true;
    uint8_t *code = img + l->code_rva;
    gaddr at = base + l->code_rva;
    memcpy(code, g->code, g->size);
    for (uint32_t i = 0; i < g->nrelocs; i++) {
        uint32_t v;
        memcpy(&v, code + g->relocs[i], 4);
        v += at;
        memcpy(code + g->relocs[i], &v, 4);
    }
    for (uint32_t i = 0; i < g->nimports; i++) {
        const struct guest_import *imp = &g->imports[i];
        if (strcmp(imp->dll, GUEST_HOST_VALUE_DLL) == 0) {
            uint32_t v;
            if (!host_value(imp->name, cpu, &v)) {
                wb_error("%s: its guest code reads an unknown host value %s", dll->name, imp->name);
                return false;
            }
            memcpy(code + imp->slot, &v, 4);
            continue;
        }
        const struct module *m = module_find(imp->dll);
        gaddr target = m && m->builtin != dll && !calls_shared(dll, imp)
                           ? module_export_by_name(m, imp->name, -1)
                           : own_export(img, dll, l, base, imp->name);
        /* shared code this DLL does not export the callee of (vcruntime140
         * has msvcrt's string functions, not its _errno): the shared DLL's,
         * built before it */
        if (!target && m && calls_shared(dll, imp))
            target = module_export_by_name(m, imp->name, -1);
        if (!target) {
            wb_error("%s: its guest code calls %s!%s, which is not loaded before it", dll->name,
                     imp->dll, imp->name);
            return false;
        }
        memcpy(code + imp->slot, &target, 4);
    }
    return true;
}

static NTSTATUS reserve_image(const struct layout *l, gaddr *base)
{
    NTSTATUS st = vm_reserve(g_vm, base, l->image_size, 0, PAGE_EXECUTE_WRITECOPY, true);
    if (st != STATUS_SUCCESS) {
        *base = 0; /* preferred base taken: anywhere will do (the guest code is relocated) */
        st = vm_reserve(g_vm, base, l->image_size, MEM_TOP_DOWN, PAGE_EXECUTE_WRITECOPY, true);
    }
    return st;
}

static void map_image(const uint8_t *img, const struct layout *l, gaddr base)
{
    vm_commit(g_vm, base, l->image_size, PAGE_READWRITE);
    gm_write(base, img, l->image_size);
    vm_protect(g_vm, base, HDR_SIZE, PAGE_READONLY, NULL);
    vm_protect(g_vm, base + l->text_rva, l->text_size, PAGE_EXECUTE_READ, NULL);
    vm_protect(g_vm, base + l->edata_rva, l->edata_size, PAGE_READONLY, NULL);
}

NTSTATUS builtin_image_load(const struct builtin_dll *dll, uint32_t first_index,
                            const struct cpu_backend *cpu, struct module **out, gaddr *trap)
{
    struct layout l;
    if (!index_impls(dll))
        return STATUS_NO_MEMORY;
    compute_layout(dll, &l);
    uint8_t *img = calloc(1, l.image_size);
    if (!img)
        return STATUS_NO_MEMORY;
    gaddr base = dll->preferred_base;
    NTSTATUS st = reserve_image(&l, &base);
    if (st != STATUS_SUCCESS) {
        free(img);
        return st;
    }
    build_headers(img, &l, base);
    for (size_t i = 0; i < dll->nexports; i++)
        cpu->write_stub(img + l.text_rva + i * CPU_STUB_SIZE, base + l.text_rva + (uint32_t)(i * CPU_STUB_SIZE),
                        first_index + (uint32_t)i,
                        dll->exports[i].conv == API_CDECL ? 0 : dll->exports[i].arg_bytes);
    memset(img + l.text_rva + dll->nexports * CPU_STUB_SIZE, 0xCC, CPU_STUB_SIZE);
    build_exports(img, dll, &l, cpu);
    bool placed = place_guest_code(img, dll, &l, base, cpu);
    if (placed)
        map_image(img, &l, base);
    free(img);
    if (!placed) {
        vm_release(g_vm, base);
        return STATUS_PROCEDURE_NOT_FOUND;
    }
    cpu->add_stub_range(base + l.text_rva, (uint32_t)dll->nexports, first_index);
    for (size_t i = 0; i < dll->nexports; i++) { /* the trace's caller of NT calls made inside an export */
        struct thunk_entry *e = dispatch_entry(first_index + (uint32_t)i);
        if (e)
            e->stub = base + l.text_rva + (gaddr)i * CPU_STUB_SIZE;
    }
    if (trap)
        *trap = base + l.text_rva + (gaddr)dll->nexports * CPU_STUB_SIZE;
    char path[64];
    snprintf(path, sizeof path, "C:\\Windows\\SysWOW64\\%s", dll->name);
    struct module *m = module_add(dll->name, path, base, l.image_size, 0, false, dll);
    if (!m)
        return STATUS_NO_MEMORY;
    init_data_exports(dll, m);
    *out = m;
    return STATUS_SUCCESS;
}
