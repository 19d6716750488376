/* Unit tests for loader/pe_load.c and loader/module.c: mapping at a taken
 * base (relocation), fixed-base failure, import binding against export
 * directories in guest memory, and lookups in the builtin DLL images. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/guest_mem.h"
#include "core/vm.h"
#include "cpu/cpu.h"
#include "syscalls/builtin_image.h"
#include "loader/apiset.h"
#include "loader/module.h"
#include "loader/pe_load.h"
#include "syscalls/api.h"
#include "syscalls/builtin_dlls.h"
#include "tests/unit/pe_builder.h"

#define BASE     0x400000u
#define FAKE     0x10000000u
#define OTHER    0x10100000u
#define TEXT_CH  (IMAGE_SCN_CNT_CODE | IMAGE_SCN_MEM_EXECUTE | IMAGE_SCN_MEM_READ)
#define DATA_CH  (IMAGE_SCN_CNT_INITIALIZED_DATA | IMAGE_SCN_MEM_READ | IMAGE_SCN_MEM_WRITE)
#define RDATA_CH (IMAGE_SCN_CNT_INITIALIZED_DATA | IMAGE_SCN_MEM_READ)

static struct vm vm;
static struct pe_builder b;
static struct pe_image img;
static char err[512];

static void reset_modules(void)
{
    while (module_list) {
        struct module *m = module_list;
        module_list = m->next;
        free(m->name);
        free(m->path_win);
        free(m);
    }
}

static int setup(void **state)
{
    if (vm_init(&vm, false) != STATUS_SUCCESS)
        return -1;
    g_vm = &vm;
    err[0] = 0;
    return 0;
}

static int teardown(void **state)
{
    reset_modules();
    pe_free(&img);
    g_vm = NULL;
    vm_destroy(&vm);
    return 0;
}

static uint32_t rd(gaddr a)
{
    uint32_t v = 0;
    assert_true(gm_read_u32(a, &v));
    return v;
}

/* ---------------------------------------------------------------- images */

/* One DLL to import from: names of functions, "#n" for by ordinal, with
 * the hint the import table gives. */
struct import_spec {
    const char *dll;
    const char *funcs[6];
    uint16_t hints[6];
};

/* .text at 0x1000 holds two absolute pointers (0x1000 -> BASE+0x1010,
 * 0x1004 -> BASE+0x2000) and a ret at the entry 0x1008; .idata at 0x2000;
 * .reloc at 0x3000 with the two HIGHLOW fixups (unless stripped).
 * iat[i] receives the IAT RVA of spec i. */
static void build_exe(const struct import_spec *imps, size_t nimps, bool relocs, uint32_t *iat)
{
    pb_init(&b, BASE);
    uint32_t text = pb_add_section(&b, ".text", 0x100, 0x200, TEXT_CH);
    uint32_t idata = pb_add_section(&b, ".idata", 0x800, 0x800, DATA_CH);
    uint8_t *t = pb_at(&b, 0, text);
    pb_put32(t, BASE + 0x1010);
    pb_put32(t + 4, BASE + 0x2000);
    t[8] = 0xC3;
    pb_set_entry(&b, text + 8);

    uint32_t next = idata + 20 * (uint32_t)(nimps + 1); /* after the descriptors */
    for (size_t i = 0; i < nimps; i++) {
        size_t n = 0;
        while (n < 6 && imps[i].funcs[n])
            n++;
        uint32_t lookup = next, slots = lookup + 4 * (uint32_t)(n + 1);
        next = slots + 4 * (uint32_t)(n + 1);
        for (size_t j = 0; j < n; j++) {
            uint32_t thunk;
            if (imps[i].funcs[j][0] == '#') {
                thunk = 0x80000000u | (uint32_t)atoi(imps[i].funcs[j] + 1);
            } else {
                thunk = next;
                pb_put16(pb_at(&b, 1, next), imps[i].hints[j]);
                strcpy((char *)pb_at(&b, 1, next + 2), imps[i].funcs[j]);
                next = (next + 2 + (uint32_t)strlen(imps[i].funcs[j]) + 2) & ~1u;
            }
            pb_put32(pb_at(&b, 1, lookup + 4 * (uint32_t)j), thunk);
            pb_put32(pb_at(&b, 1, slots + 4 * (uint32_t)j), thunk);
        }
        uint32_t name = next;
        strcpy((char *)pb_at(&b, 1, name), imps[i].dll);
        next += (uint32_t)strlen(imps[i].dll) + 1;
        uint8_t *d = pb_at(&b, 1, idata + 20 * (uint32_t)i);
        pb_put32(d, lookup);
        pb_put32(d + 12, name);
        pb_put32(d + 16, slots);
        if (iat)
            iat[i] = slots;
    }
    if (nimps)
        pb_set_dir(&b, PE_DIR_IMPORT, idata, 20 * (uint32_t)(nimps + 1));

    if (relocs) {
        uint32_t reloc = pb_add_section(&b, ".reloc", 0x10, 0x200, RDATA_CH);
        uint8_t *r = pb_at(&b, 2, reloc);
        pb_put32(r, 0x1000);
        pb_put32(r + 4, 16);
        pb_put16(r + 8, 0x3000);
        pb_put16(r + 10, 0x3004);
        pb_put16(r + 12, 0);
        pb_put16(r + 14, 0);
        pb_set_dir(&b, PE_DIR_BASERELOC, reloc, 16);
    } else {
        pb_set16(&b, pb_fh(&b, 18), IMAGE_FILE_EXECUTABLE_IMAGE | IMAGE_FILE_32BIT_MACHINE |
                                        IMAGE_FILE_RELOCS_STRIPPED);
    }
}

static NTSTATUS load(struct module **m)
{
    const char *why = pe_parse(&img, b.buf, b.size);
    if (why)
        fail_msg("pe_parse: %s", why);
    return pe_load(&img, "app.exe", "C:\\app.exe", true, m, err, sizeof err);
}

static void take(gaddr a, uint32_t size)
{
    assert_int_equal(vm_reserve(&vm, &a, size, 0, PAGE_READWRITE, false), STATUS_SUCCESS);
}

/* A DLL as guest code sees it: MZ, e_lfanew, the export directory entry,
 * and the directory at RVA 0x1000 (0x1000 bytes, so forwarder strings
 * live inside it). exports[i] has ordinal ord_base + i; names must come
 * sorted; NULL name = exported by ordinal only. */
struct fake_export {
    const char *name;
    uint32_t rva;        /* 0: unused slot */
    const char *forward; /* "dll.Name" or "dll.#n" */
};

static struct module *make_dll(gaddr base, const char *dllname, uint32_t ord_base,
                               const struct fake_export *e, uint32_t n)
{
    gaddr a = base;
    assert_int_equal(vm_alloc(&vm, &a, 0x10000, PAGE_READWRITE, 0), STATUS_SUCCESS);
    gm_write(base, "MZ", 2);
    gm_write_u32(base + 0x3C, 0x40);
    gm_write(base + 0x40, "PE\0\0", 4);
    gm_write_u32(base + 0x40 + 0x78, 0x1000);
    gm_write_u32(base + 0x40 + 0x7C, 0x1000);
    gaddr dir = base + 0x1000, funcs = 0x1040, names = 0x1100, ords = 0x1180;
    uint32_t str = 0x1200, nnames = 0;
    gm_write_u32(dir + 12, str);
    gm_write(base + str, dllname, strlen(dllname) + 1);
    str += (uint32_t)strlen(dllname) + 1;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t rva = e[i].rva;
        if (e[i].forward) {
            rva = str;
            gm_write(base + str, e[i].forward, strlen(e[i].forward) + 1);
            str += (uint32_t)strlen(e[i].forward) + 1;
        }
        gm_write_u32(base + funcs + 4 * i, rva);
        if (!e[i].name)
            continue;
        gm_write_u32(base + names + 4 * nnames, str);
        gm_write_u16(base + ords + 2 * nnames, (uint16_t)i);
        gm_write(base + str, e[i].name, strlen(e[i].name) + 1);
        str += (uint32_t)strlen(e[i].name) + 1;
        nnames++;
    }
    gm_write_u32(dir + 16, ord_base);
    gm_write_u32(dir + 20, n);
    gm_write_u32(dir + 24, nnames);
    gm_write_u32(dir + 28, funcs);
    gm_write_u32(dir + 32, names);
    gm_write_u32(dir + 36, ords);
    char path[64];
    snprintf(path, sizeof path, "C:\\Windows\\%s", dllname);
    struct module *m = module_add(dllname, path, base, 0x10000, 0, false, NULL);
    assert_non_null(m);
    return m;
}

/* fake.dll, ordinals 5..9: Alpha, Beta, (7 by ordinal only), Fwd ->
 * other.Gamma, FwdOrd -> other.#1; other.dll: Gamma (ordinal 1). */
static void make_fake_dlls(void)
{
    static const struct fake_export fake[] = {
        { "Alpha", 0x3000, NULL },
        { "Beta", 0x3010, NULL },
        { NULL, 0x3020, NULL },
        { "Fwd", 0, "other.Gamma" },
        { "FwdOrd", 0, "OTHER.#1" },
        { "Loop", 0, "fake.Loop" },
        { "ToNowhere", 0, "absent.Func" },
    };
    static const struct fake_export other[] = {
        { "Gamma", 0x4000, NULL },
    };
    make_dll(FAKE, "fake.dll", 5, fake, sizeof fake / sizeof fake[0]);
    make_dll(OTHER, "other.dll", 1, other, 1);
}

/* ------------------------------------------------------- mapping, relocs */

static void test_loads_at_preferred_base(void **state)
{
    build_exe(NULL, 0, true, NULL);
    struct module *m = NULL;
    assert_int_equal(load(&m), STATUS_SUCCESS);
    assert_int_equal(m->base, BASE);
    assert_int_equal(m->entry, BASE + 0x1008);
    assert_true(m->is_exe);
    assert_ptr_equal(module_exe(), m);
    assert_int_equal(rd(BASE + 0x1000), BASE + 0x1010); /* not touched */
    /* sections got their protections, headers read-only */
    struct vm_region_info info;
    vm_query(&vm, BASE, &info);
    assert_int_equal(info.prot, PAGE_READONLY);
    assert_int_equal(info.type, MEM_IMAGE);
    vm_query(&vm, BASE + 0x1000, &info);
    assert_int_equal(info.prot, PAGE_EXECUTE_READ);
    vm_query(&vm, BASE + 0x2000, &info);
    assert_int_equal(info.prot, PAGE_READWRITE);
}

static void test_relocated_at_taken_base(void **state)
{
    take(BASE, 0x10000);
    build_exe(NULL, 0, true, NULL);
    struct module *m = NULL;
    assert_int_equal(load(&m), STATUS_SUCCESS);
    gaddr base = m->base;
    assert_int_not_equal(base, BASE);
    assert_int_equal(base % VM_GRANULARITY, 0);
    assert_int_equal(rd(base + 0x1000), base + 0x1010);
    assert_int_equal(rd(base + 0x1004), base + 0x2000);
    assert_int_equal(m->entry, base + 0x1008);
    /* the header tells the truth about where the image is */
    assert_int_equal(rd(base + 0x80 + 24 + 28), base);
    assert_ptr_equal(module_at(base + 0x1004), m);
    assert_ptr_equal(module_by_handle(base), m);
}

static void test_fixed_base_taken(void **state)
{
    take(BASE, 0x10000);
    build_exe(NULL, 0, false, NULL);
    struct module *m = NULL;
    assert_int_equal(load(&m), STATUS_CONFLICTING_ADDRESSES);
    assert_non_null(strstr(err, "0x400000"));
    assert_non_null(strstr(err, "app.exe"));
    assert_null(module_list);
}

static void test_fixed_base_beyond_2gb(void **state)
{
    /* a non-LAA process cannot place an image at 0x80000000 */
    build_exe(NULL, 0, false, NULL);
    pb_set32(&b, pb_oh(&b, 28), 0x80000000u);
    struct module *m = NULL;
    assert_int_equal(load(&m), STATUS_CONFLICTING_ADDRESSES);
    assert_non_null(strstr(err, "0x80000000"));
}

static void test_reloc_malformed(void **state)
{
    take(BASE, 0x10000);
    build_exe(NULL, 0, true, NULL);
    pb_put32(pb_at(&b, 2, 0x3004), 6); /* block size below its header */
    struct module *m = NULL;
    assert_int_equal(load(&m), STATUS_INVALID_IMAGE_FORMAT);
    assert_non_null(strstr(err, "malformed base relocation block"));
    /* the failed image left nothing behind */
    assert_null(module_list);
    struct vm_region_info info;
    vm_query(&vm, VM_GRANULARITY, &info); /* where it was being relocated to */
    assert_int_equal(info.state, MEM_FREE);
}

static void test_reloc_unsupported_type(void **state)
{
    take(BASE, 0x10000);
    build_exe(NULL, 0, true, NULL);
    pb_put16(pb_at(&b, 2, 0x300A), 0xA004); /* DIR64 in a PE32 */
    struct module *m = NULL;
    assert_int_equal(load(&m), STATUS_INVALID_IMAGE_FORMAT);
    assert_non_null(strstr(err, "unsupported base relocation type 10"));
}

static void test_reloc_outside_image(void **state)
{
    take(BASE, 0x10000);
    build_exe(NULL, 0, true, NULL);
    pb_put32(pb_at(&b, 2, 0x3000), 0x3000);  /* last page of the image */
    pb_put16(pb_at(&b, 2, 0x3008), 0x3FFE);  /* a dword straddling its end */
    struct module *m = NULL;
    assert_int_equal(load(&m), STATUS_INVALID_IMAGE_FORMAT);
    assert_non_null(strstr(err, "outside the image"));
}

/* SectionAlignment 0x2000: the last section's aligned extent runs past
 * SizeOfImage rounded to a page; it still gets its protection. */
static void test_large_section_alignment(void **state)
{
    pb_init(&b, BASE);
    pb_set32(&b, pb_oh(&b, 32), 0x2000);
    pb_add_section(&b, ".text", 0x100, 0x200, TEXT_CH);
    pb_set32(&b, pb_sec(&b, 0, 12), 0x2000);
    pb_set32(&b, pb_oh(&b, 56), 0x3000);
    b.buf[0x200] = 0xC3;
    pb_set_entry(&b, 0x2000);
    pb_set16(&b, pb_fh(&b, 18), IMAGE_FILE_EXECUTABLE_IMAGE | IMAGE_FILE_32BIT_MACHINE |
                                    IMAGE_FILE_RELOCS_STRIPPED);
    struct module *m = NULL;
    if (load(&m) != STATUS_SUCCESS)
        fail_msg("pe_load: %s", err);
    uint8_t op = 0;
    assert_true(gm_read_u8(BASE + 0x2000, &op));
    assert_int_equal(op, 0xC3);
    struct vm_region_info info;
    vm_query(&vm, BASE + 0x2000, &info);
    assert_int_equal(info.prot, PAGE_EXECUTE_READ);
    assert_int_equal(info.size, 0x2000);
    assert_int_equal(m->size, 0x4000);
}

/* --------------------------------------------------------------- imports */

static void test_imports_resolved(void **state)
{
    make_fake_dlls();
    const struct import_spec imps[] = {
        { "FAKE.DLL", { "Alpha", "Beta", "#7", "Fwd", "FwdOrd" }, { 0, 0, 0, 2, 3 } },
        { "other", { "Gamma" }, { 0 } },
    };
    uint32_t iat[2];
    build_exe(imps, 2, true, iat);
    struct module *m = NULL;
    if (load(&m) != STATUS_SUCCESS)
        fail_msg("pe_load: %s", err);
    assert_int_equal(rd(BASE + iat[0]), FAKE + 0x3000);      /* right hint */
    assert_int_equal(rd(BASE + iat[0] + 4), FAKE + 0x3010);  /* wrong hint: searched */
    assert_int_equal(rd(BASE + iat[0] + 8), FAKE + 0x3020);  /* by ordinal */
    assert_int_equal(rd(BASE + iat[0] + 12), OTHER + 0x4000); /* forwarded */
    assert_int_equal(rd(BASE + iat[0] + 16), OTHER + 0x4000); /* forwarded by ordinal */
    assert_int_equal(rd(BASE + iat[0] + 20), 0);
    assert_int_equal(rd(BASE + iat[1]), OTHER + 0x4000);
}

static void test_import_missing_function(void **state)
{
    make_fake_dlls();
    const struct import_spec imps[] = { { "fake.dll", { "Alpha", "Nope" }, { 0, 0 } } };
    build_exe(imps, 1, true, NULL);
    struct module *m = NULL;
    assert_int_equal(load(&m), STATUS_ENTRYPOINT_NOT_FOUND);
    assert_non_null(strstr(err, "Nope"));
    assert_non_null(strstr(err, "fake.dll"));
    assert_non_null(strstr(err, "app.exe"));
}

static void test_import_missing_ordinal(void **state)
{
    make_fake_dlls();
    const struct import_spec imps[] = { { "fake.dll", { "#99" }, { 0 } } };
    build_exe(imps, 1, true, NULL);
    struct module *m = NULL;
    assert_int_equal(load(&m), STATUS_ENTRYPOINT_NOT_FOUND);
    assert_non_null(strstr(err, "ordinal 99"));
}

static void test_import_forward_loop(void **state)
{
    make_fake_dlls();
    const struct import_spec imps[] = { { "fake.dll", { "Loop" }, { 0 } } };
    build_exe(imps, 1, true, NULL);
    struct module *m = NULL;
    assert_int_equal(load(&m), STATUS_ENTRYPOINT_NOT_FOUND);
    assert_non_null(strstr(err, "Loop"));
}

static void test_import_missing_dll(void **state)
{
    make_fake_dlls();
    const struct import_spec imps[] = {
        { "fake.dll", { "Alpha" }, { 0 } },
        { "missing.dll", { "Anything" }, { 0 } },
    };
    build_exe(imps, 2, true, NULL);
    struct module *m = NULL;
    assert_int_equal(load(&m), STATUS_DLL_NOT_FOUND);
    assert_non_null(strstr(err, "missing.dll"));
    assert_non_null(strstr(err, "app.exe"));
}

static void test_export_lookups(void **state)
{
    make_fake_dlls();
    struct module *fake = module_find("FAKE");
    assert_non_null(fake);
    assert_ptr_equal(module_find("C:\\Windows\\fake.dll"), fake);
    assert_null(module_find("fake.exe"));
    assert_int_equal(module_export_by_name(fake, "Beta", 1), FAKE + 0x3010);
    assert_int_equal(module_export_by_name(fake, "Beta", 0), FAKE + 0x3010);
    assert_int_equal(module_export_by_name(fake, "Beta", 1000), FAKE + 0x3010);
    assert_int_equal(module_export_by_name(fake, "Beta", -1), FAKE + 0x3010);
    assert_int_equal(module_export_by_name(fake, "beta", -1), 0); /* case matters */
    assert_int_equal(module_export_by_name(fake, "Zeta", -1), 0);
    assert_int_equal(module_export_by_name(fake, "", -1), 0);
    assert_int_equal(module_export_by_ordinal(fake, 5), FAKE + 0x3000);
    assert_int_equal(module_export_by_ordinal(fake, 7), FAKE + 0x3020);
    assert_int_equal(module_export_by_ordinal(fake, 4), 0);  /* below the base */
    assert_int_equal(module_export_by_ordinal(fake, 12), 0); /* past the table */
    assert_int_equal(module_export_by_ordinal(fake, 8), OTHER + 0x4000);
    assert_int_equal(module_export_by_name(fake, "ToNowhere", -1), 0);
    assert_int_equal(module_export_by_name(fake, "Loop", -1), 0);
    char where[64];
    module_describe_addr(FAKE + 0x3010, where, sizeof where);
    assert_string_equal(where, "fake.dll+0x3010");
}

static void test_export_dir_unreadable(void **state)
{
    gaddr a = FAKE;
    assert_int_equal(vm_alloc(&vm, &a, 0x1000, PAGE_READWRITE, 0), STATUS_SUCCESS);
    gm_write_u32(FAKE + 0x3C, 0x40);
    gm_write_u32(FAKE + 0x40 + 0x78, 0x5000); /* past the committed page */
    struct module *m = module_add("broken.dll", "C:\\broken.dll", FAKE, 0x1000, 0, false, NULL);
    assert_int_equal(module_export_by_name(m, "Any", -1), 0);
    assert_int_equal(module_export_by_ordinal(m, 1), 0);
}

/* ------------------------------------------------------- builtin images */

static void fake_write_stub(uint8_t *buf, gaddr at, uint32_t index, uint16_t pop_bytes)
{
    (void)at;
    memset(buf, 0xCC, CPU_STUB_SIZE);
    memcpy(buf, &index, 4);
}

static void fake_add_stub_range(gaddr base, uint32_t count, uint32_t first_index) {}

static const struct cpu_backend fake_cpu = {
    .name = "fake",
    .write_stub = fake_write_stub,
    .add_stub_range = fake_add_stub_range,
};

static const struct builtin_dll *builtin_named(const char *name)
{
    for (size_t i = 0; i < builtin_dll_count; i++)
        if (!strcasecmp(builtin_dlls[i]->name, name))
            return builtin_dlls[i];
    fail_msg("no builtin %s", name);
    return NULL;
}

static const struct api_impl *impl_named(const struct builtin_dll *dll, const char *name)
{
    for (size_t i = 0; i < dll->nimpls; i++)
        if (!strcmp(dll->impls[i].name, name))
            return &dll->impls[i];
    return NULL;
}

/* Every export of the builtin image is found by name and by ordinal, at
 * its stub (or its guest code in .text). */
static void check_builtin(const struct builtin_dll *dll)
{
    struct module *m = NULL;
    assert_int_equal(builtin_image_load(dll, 1000, &fake_cpu, &m, NULL), STATUS_SUCCESS);
    assert_int_equal(m->base, dll->preferred_base);
    assert_ptr_equal(m->builtin, dll);
    gaddr text = m->base + 0x1000;
    for (size_t i = 0; i < dll->nexports; i++) {
        const struct api_export *e = &dll->exports[i];
        gaddr by_name = module_export_by_name(m, e->name, (int)i);
        gaddr by_name_nohint = module_export_by_name(m, e->name, -1);
        gaddr by_ord = module_export_by_ordinal(m, e->ordinal);
        if (!by_name || by_name != by_name_nohint || by_name != by_ord)
            fail_msg("%s!%s: by name %#x, without hint %#x, by ordinal %u %#x", dll->name, e->name,
                     by_name, by_name_nohint, e->ordinal, by_ord);
        if (e->kind == API_DATA)
            continue;
        const struct api_impl *impl = impl_named(dll, e->name);
        if (impl && impl->guest) {
            assert_true(by_name > text + dll->nexports * CPU_STUB_SIZE);
            continue;
        }
        if (by_name != text + (gaddr)i * CPU_STUB_SIZE)
            fail_msg("%s!%s at %#x, its stub is at %#x", dll->name, e->name, by_name,
                     text + (gaddr)i * CPU_STUB_SIZE);
        assert_int_equal(rd(by_name), 1000 + i); /* the stub the backend wrote */
    }
}

/* kernel32's guest code calls ntdll's (SLists): ntdll comes first, as at start-up. */
static void load_ntdll(void)
{
    struct module *m = NULL;
    assert_int_equal(builtin_image_load(builtin_named("ntdll.dll"), 5000, &fake_cpu, &m, NULL),
                     STATUS_SUCCESS);
}

static void test_builtin_kernel32_exports(void **state)
{
    load_ntdll();
    check_builtin(builtin_named("kernel32.dll"));
}

static void test_builtin_ntdll_exports(void **state)
{
    check_builtin(builtin_named("ntdll.dll"));
}

static void test_import_from_builtin(void **state)
{
    const struct builtin_dll *k32 = builtin_named("kernel32.dll");
    struct module *km = NULL;
    load_ntdll();
    assert_int_equal(builtin_image_load(k32, 0, &fake_cpu, &km, NULL), STATUS_SUCCESS);
    size_t idx = 0;
    while (strcmp(k32->exports[idx].name, "ExitProcess"))
        idx++;
    const struct import_spec imps[] = {
        { "KERNEL32.dll", { "ExitProcess", "GetStdHandle" }, { (uint16_t)idx, 0 } },
    };
    uint32_t iat[1];
    build_exe(imps, 1, true, iat);
    struct module *m = NULL;
    if (load(&m) != STATUS_SUCCESS)
        fail_msg("pe_load: %s", err);
    assert_int_equal(rd(BASE + iat[0]), km->base + 0x1000 + (gaddr)idx * CPU_STUB_SIZE);
    assert_int_equal(rd(BASE + iat[0] + 4), module_export_by_name(km, "GetStdHandle", -1));
    assert_int_not_equal(rd(BASE + iat[0] + 4), 0);
}

/* An import from an API set binds to its host, with no file anywhere. */
static void test_import_through_apiset(void **state)
{
    const struct builtin_dll *k32 = builtin_named("kernel32.dll");
    struct module *km = NULL;
    load_ntdll();
    assert_int_equal(builtin_image_load(k32, 0, &fake_cpu, &km, NULL), STATUS_SUCCESS);
    const struct import_spec imps[] = {
        { "api-ms-win-core-processthreads-l1-1-0.dll", { "ExitProcess", NULL }, { 0, 0 } },
        { "API-MS-Win-Core-Synch-L1-2-1.DLL", { "Sleep", NULL }, { 0, 0 } },
    };
    uint32_t iat[2];
    build_exe(imps, 2, true, iat);
    struct module *m = NULL;
    if (load(&m) != STATUS_SUCCESS)
        fail_msg("pe_load: %s", err);
    assert_int_equal(rd(BASE + iat[0]), module_export_by_name(km, "ExitProcess", -1));
    assert_int_equal(rd(BASE + iat[1]), module_export_by_name(km, "Sleep", -1));
    assert_ptr_equal(module_find("api-ms-win-core-file-l1-2-2"), km);
    assert_ptr_equal(module_find("api-ms-win-core-file-l1-2-2.dll"), km);
}

/* The schema's matching: case-insensitive, ".dll" optional, the last
 * number (minor version) ignored, a path or an unknown contract is no API set. */
static void test_apiset_names(void **state)
{
    const char *win = NULL;
    assert_string_equal(apiset_host("api-ms-win-crt-runtime-l1-1-0.dll", &win), "ucrtbase.dll");
    assert_string_equal(win, "ucrtbase.dll");
    assert_string_equal(apiset_host("API-MS-WIN-CRT-STDIO-L1-1-0", NULL), "ucrtbase.dll");
    assert_string_equal(apiset_host("api-ms-win-core-synch-l1-2-9.dll", &win), "kernel32.dll");
    assert_string_equal(win, "kernelbase.dll");
    assert_string_equal(apiset_host("api-ms-win-core-rtlsupport-l1-2-0.dll", NULL), "ntdll.dll");
    assert_string_equal(apiset_host("api-ms-win-core-registry-l1-1-0.dll", NULL), "advapi32.dll");
    assert_null(apiset_host("api-ms-win-core-synch-l1-3-0.dll", NULL)); /* no such contract */
    assert_null(apiset_host("api-ms-win-core-synch.dll", NULL));
    assert_null(apiset_host("C:\\x\\api-ms-win-crt-runtime-l1-1-0.dll", NULL));
    assert_null(apiset_host("ucrtbase.dll", NULL));
    assert_null(apiset_host("api-", NULL));
    assert_null(apiset_host("", NULL));
    /* Every row is a well-formed contract name that resolves to itself. */
    for (size_t i = 0; i < apiset_count(); i++) {
        char name[128];
        snprintf(name, sizeof name, "%s-0.dll", apiset_contract(i));
        assert_non_null(apiset_host(name, NULL));
        assert_true(strncmp(name, "api-ms-win-core-", 16) == 0 || strncmp(name, "api-ms-win-crt-", 15) == 0);
    }
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_loads_at_preferred_base),
        T(test_relocated_at_taken_base),
        T(test_fixed_base_taken),
        T(test_fixed_base_beyond_2gb),
        T(test_reloc_malformed),
        T(test_reloc_unsupported_type),
        T(test_reloc_outside_image),
        T(test_large_section_alignment),
        T(test_imports_resolved),
        T(test_import_missing_function),
        T(test_import_missing_ordinal),
        T(test_import_forward_loop),
        T(test_import_missing_dll),
        T(test_export_lookups),
        T(test_export_dir_unreadable),
        T(test_builtin_kernel32_exports),
        T(test_builtin_ntdll_exports),
        T(test_import_from_builtin),
        T(test_import_through_apiset),
        T(test_apiset_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
