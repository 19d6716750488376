/* Guest code in the builtin DLL images (syscalls/guest_blob.h): an export
 * declared GUEST_C is in the image, runs under Unicorn and never reaches the
 * dispatcher; guest code calls host exports through its import slots, also
 * when the image could not have its preferred base. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <cmocka.h>

#include "core/cpu_backend.h"
#include "core/guest_mem.h"
#include "core/heap.h"
#include "core/seh.h"
#include "core/teb.h"
#include "core/vm.h"
#include "cpu/cpu.h"
#include "loader/module.h"
#include "syscalls/api.h"
#include "syscalls/builtin_dlls.h"
#include "syscalls/builtin_image.h"
#include "syscalls/guest_blob.h"

#define TEB_ADDR 0x00400000u
#define STACK_TOP 0x00300000u
#define STACK_SIZE 0x10000u

static struct vm vm;
static struct cpu_thread *thread;
static const struct cpu_backend *cpu = &cpu_unicorn;
static unsigned thunks;         /* calls that reached the dispatcher's hook */
static uint32_t last_thunk, last_thunk_arg;

/* ntdll's stubs are numbered from this index in the bulk-copy tests, so
 * the hook knows RtlCopyMappedMemory's. */
#define NTDLL_FIRST 100000u
static uint32_t copy_mapped_index = UINT32_MAX;
static unsigned host_copies;
static uint64_t host_copied;

/* Stands in for the dispatcher: answers a one-argument stdcall export
 * with twice its argument, and RtlCopyMappedMemory as ntdll does. */
static void on_thunk(struct cpu_thread *t, uint32_t index)
{
    thunks++;
    last_thunk = index;
    uint32_t esp = cpu->get_reg(t, REG_ESP), ret = 0;
    gm_read_u32(esp, &ret);
    if (index == copy_mapped_index) {
        uint32_t dst = 0, src = 0, n = 0;
        gm_read_u32(esp + 4, &dst);
        gm_read_u32(esp + 8, &src);
        gm_read_u32(esp + 12, &n);
        host_copies++;
        host_copied += n;
        cpu->set_reg(t, REG_EAX, gm_move(dst, src, n) ? STATUS_SUCCESS : STATUS_ACCESS_VIOLATION);
        cpu->return_from_thunk(t, esp + 16, ret);
        return;
    }
    gm_read_u32(esp + 4, &last_thunk_arg);
    cpu->set_reg(t, REG_EAX, last_thunk_arg * 2);
    cpu->return_from_thunk(t, esp + 8, ret);
}

static const struct cpu_hooks hooks = { .thunk = on_thunk };

static int setup(void **state)
{
    char why[256];
    if (!cpu->available(why, sizeof why)) {
        print_message("unicorn unavailable: %s\n", why);
        return -1;
    }
    if (vm_init(&vm, false) != STATUS_SUCCESS)
        return -1;
    g_vm = &vm;
    if (!cpu->init(&vm, &hooks, why, sizeof why))
        return -1;
    gaddr teb = TEB_ADDR, stack = STACK_TOP - STACK_SIZE;
    if (vm_alloc(&vm, &teb, 0x1000, PAGE_READWRITE, 0) != STATUS_SUCCESS ||
        vm_alloc(&vm, &stack, STACK_SIZE, PAGE_READWRITE, 0) != STATUS_SUCCESS)
        return -1;
    thread = cpu->thread_create(TEB_ADDR);
    if (!thread)
        return -1;
    cpu->set_reg(thread, REG_ESP, STACK_TOP - 16);
    thunks = 0;
    host_copies = 0;
    host_copied = 0;
    copy_mapped_index = UINT32_MAX;
    return 0;
}

static int teardown(void **state)
{
    cpu->thread_destroy(thread);
    cpu->shutdown();
    while (module_list)
        module_remove(module_list);
    g_vm = NULL;
    vm_destroy(&vm);
    return 0;
}

static uint32_t call(gaddr fn, const uint32_t *args, unsigned nargs)
{
    uint32_t ret = 0xDEADBEEF;
    struct cpu_exception exc;
    enum cpu_exit r = cpu->call(thread, fn, args, nargs, false, &ret, &exc);
    if (r != CPU_EXIT_RETURNED)
        fail_msg("guest call to %#x: exit %d (exception %#x at %#x)", fn, r, exc.code, exc.address);
    return ret;
}

static const struct builtin_dll *builtin_named(const char *name)
{
    for (size_t i = 0; i < builtin_dll_count; i++)
        if (!strcasecmp(builtin_dlls[i]->name, name))
            return builtin_dlls[i];
    fail_msg("no builtin %s", name);
    return NULL;
}

static struct module *load_at(const struct builtin_dll *dll, uint32_t first_index)
{
    struct module *m = NULL;
    gaddr trap = 0;
    assert_int_equal(builtin_image_load(dll, first_index, cpu, &m, &trap), STATUS_SUCCESS);
    cpu->set_return_trap(trap);
    return m;
}

static struct module *load(const struct builtin_dll *dll) { return load_at(dll, 0); }

/* kernel32's TEB leaf functions run in the guest, and no call reaches the dispatcher. */
static void test_kernel32_leaf_exports_run_in_guest(void **state)
{
    const struct builtin_dll *k32 = builtin_named("kernel32.dll");
    load(builtin_named("ntdll.dll")); /* kernel32's guest code calls ntdll's */
    struct module *m = load(k32);
    gaddr stubs_end = m->base + 0x1000 + (gaddr)(k32->nexports + 1) * CPU_STUB_SIZE;
    gaddr set = module_export_by_name(m, "SetLastError", -1);
    gaddr get = module_export_by_name(m, "GetLastError", -1);
    gaddr tls_set = module_export_by_name(m, "TlsSetValue", -1);
    gaddr tls_get = module_export_by_name(m, "TlsGetValue", -1);
    gaddr pid = module_export_by_name(m, "GetCurrentProcessId", -1);
    assert_true(set >= stubs_end && get >= stubs_end && tls_set >= stubs_end && tls_get >= stubs_end);
    assert_true(get < m->base + m->size);

    uint32_t code = 1234;
    call(set, &code, 1);
    assert_int_equal(call(get, NULL, 0), 1234);
    uint32_t v = 0;
    gm_read_u32(TEB_ADDR + 0x34, &v); /* TEB LastErrorValue */
    assert_int_equal(v, 1234);

    gm_write_u32(TEB_ADDR + 0x20, 4321); /* ClientId.UniqueProcess */
    assert_int_equal(call(pid, NULL, 0), 4321);

    uint32_t a[2] = { 5, 0xCAFE };
    assert_int_equal(call(tls_set, a, 2), 1);
    gm_read_u32(TEB_ADDR + 0xE10 + 4 * 5, &v);
    assert_int_equal(v, 0xCAFE);
    assert_int_equal(call(tls_get, a, 1), 0xCAFE);
    assert_int_equal(call(get, NULL, 0), 0); /* a successful TlsGetValue clears it */
    uint32_t high = 64; /* an expansion slot: NULL while the thread has no expansion array */
    gm_write_u32(TEB_ADDR + TEB_TLS_EXPANSION, 0);
    assert_int_equal(call(tls_get, &high, 1), 0);
    assert_int_equal(call(get, NULL, 0), 0);
    uint32_t bad = TLS_MINIMUM_AVAILABLE + TLS_EXPANSION_SLOTS;
    assert_int_equal(call(tls_get, &bad, 1), 0);
    assert_int_equal(call(get, NULL, 0), 87); /* ERROR_INVALID_PARAMETER */
    assert_int_equal(thunks, 0);
}

/* Every GUEST_C export has its function in the DLL's guest code, taking
 * what the export's convention says (stdcall @N, or cdecl). */
static void test_guest_exports_match_their_functions(void **state)
{
    int checked = 0, bad = 0;
    for (size_t d = 0; d < builtin_dll_count; d++) {
        const struct builtin_dll *dll = builtin_dlls[d];
        char prefix[32];
        size_t n = strcspn(dll->name, ".");
        for (size_t i = 0; i < n && i + 1 < sizeof prefix; i++)
            prefix[i] = (char)(dll->name[i] | 0x20);
        prefix[n] = 0;
        for (size_t i = 0; i < dll->nimpls; i++) {
            const struct api_impl *impl = &dll->impls[i];
            if (!impl->guest)
                continue;
            const struct api_export *e = NULL;
            for (size_t k = 0; k < dll->nexports; k++)
                if (!strcmp(dll->exports[k].name, impl->name))
                    e = &dll->exports[k];
            const struct guest_symbol *sym = NULL;
            char want[128];
            snprintf(want, sizeof want, "%s_%s", prefix, impl->name);
            for (uint32_t k = 0; dll->guest && k < dll->guest->nsymbols; k++)
                if (!strcmp(dll->guest->symbols[k].name, want))
                    sym = &dll->guest->symbols[k];
            checked++;
            int32_t pop = e && e->conv != API_CDECL ? e->arg_bytes : -1;
            if (!e || !sym || sym->offset != impl->guest_offset || sym->pop_bytes != pop) {
                print_message("%s!%s: guest function %s %s (pops %d, the export %d)\n", dll->name,
                              impl->name, want, sym ? "differs" : "missing", sym ? sym->pop_bytes : 0, pop);
                bad++;
            }
        }
    }
    assert_true(checked >= 8);
    assert_int_equal(bad, 0);
}

/* Every guest export of a shared DLL (msvcrt) that the sharing DLL
 * (ucrtbase) exports under the same name is served there too, by the
 * function of that name in the sharing DLL's own blob. */
static void test_shared_guest_exports_are_served(void **state)
{
    int checked = 0;
    for (size_t d = 0; d < builtin_dll_count; d++) {
        const struct builtin_dll *dll = builtin_dlls[d];
        if (!dll->shares)
            continue;
        for (size_t i = 0; i < dll->nexports; i++) {
            const struct api_export *e = &dll->exports[i];
            const struct api_impl *shared = NULL;
            for (size_t k = 0; k < dll->shares->nimpls; k++)
                if (!strcmp(dll->shares->impls[k].name, e->name))
                    shared = &dll->shares->impls[k];
            bool own = false;
            for (size_t k = 0; k < dll->nimpls; k++)
                own |= !strcmp(dll->impls[k].name, e->name);
            if (!shared || !shared->guest || own)
                continue;
            uint32_t offset = 0;
            if (builtin_impl_for(dll, e) != shared || !builtin_guest_offset(dll, shared, &offset))
                fail_msg("%s!%s: msvcrt's guest code is not served", dll->name, e->name);
            assert_true(offset < dll->guest->size);
            checked++;
        }
    }
    assert_true(checked >= 70);
}

/* A made-up DLL whose guest export Caller calls its host export Callee
 * through an import slot: push 42; call [slot]; inc eax; ret. */
static const uint8_t caller_code[] = { 0x6A, 0x2A, 0xFF, 0x15, 0x10, 0, 0, 0, 0x40, 0xC3,
                                       0, 0, 0, 0, 0, 0, /* slot at 0x10 */ 0, 0, 0, 0 };
static const uint32_t caller_relocs[] = { 4 };
static const struct guest_import caller_imports[] = { { "guesttest", "Callee", 0x10 } };
static const struct guest_import missing_imports[] = { { "guesttest", "Nowhere", 0x10 } };
static const struct guest_symbol caller_symbols[] = { { "guesttest_Caller", 0, -1 } };
static const struct guest_blob caller_blob = { caller_code, sizeof caller_code, caller_relocs, 1,
                                               caller_imports, 1, caller_symbols, 1, 1 };
static const struct guest_blob missing_blob = { caller_code, sizeof caller_code, caller_relocs, 1,
                                                missing_imports, 1, caller_symbols, 1, 1 };
/* ucrtbase runs msvcrt's guest code from a copy in its own image: its
 * strlen is guest code there and never reaches the dispatcher, and the copy
 * calls ucrtbase's own _errno (msvcrt's handler behind ucrtbase's stub),
 * not msvcrt's export. */
static void test_shared_guest_code_runs_from_own_image(void **state)
{
    const struct builtin_dll *crt = builtin_named("ucrtbase.dll");
    load(builtin_named("ntdll.dll")); /* what msvcrt's guest code calls (RtlUnwind, in its SEH3) */
    load(builtin_named("kernel32.dll"));
    load(builtin_named("msvcrt.dll")); /* loaded first: its _errno must still not be the one called */
    struct module *m = load(crt);
    gaddr stubs_end = m->base + 0x1000 + (gaddr)(crt->nexports + 1) * CPU_STUB_SIZE;
    gaddr strlen_fn = module_export_by_name(m, "strlen", -1);
    gaddr qsort_fn = module_export_by_name(m, "qsort", -1);
    assert_true(strlen_fn >= stubs_end && strlen_fn < m->base + m->size);
    assert_true(qsort_fn >= stubs_end && qsort_fn < m->base + m->size);

    gaddr str = STACK_TOP - 0x1000;
    gm_write(str, "shared code", 12);
    assert_int_equal(call(strlen_fn, &str, 1), 11);
    assert_int_equal(thunks, 0);

    const struct guest_blob *g = crt->guest;
    gaddr code = m->base + 0x1000 + (gaddr)(crt->nexports + 1) * CPU_STUB_SIZE;
    bool found = false;
    for (uint32_t i = 0; i < g->nimports; i++) {
        if (strcmp(g->imports[i].name, "_errno"))
            continue;
        uint32_t slot = 0;
        gm_read_u32(code + g->imports[i].slot, &slot);
        assert_int_equal(slot, module_export_by_name(m, "_errno", -1));
        found = true;
    }
    assert_true(found);
}

/* msvcrt's SEH3 as guest code (syscalls/msvcrt/guest/seh3.c) on a
 * hand-made frame: funclets of raw x86 that mark the frame through ebp. */
#define SEH3_CODE 0x00500000u
#define SEH3_EBP 0x002F8000u
#define SEH3_RN (SEH3_EBP - 0x10)

static const struct module *seh3_setup(void)
{
    load(builtin_named("ntdll.dll"));
    load(builtin_named("kernel32.dll"));
    struct module *m = load(builtin_named("msvcrt.dll"));
    gaddr code = SEH3_CODE;
    assert_int_equal(vm_alloc(&vm, &code, 0x1000, PAGE_EXECUTE_READWRITE, 0), STATUS_SUCCESS);
    static const uint8_t finally1[] = { 0xC7, 0x45, 0xE0, 0x11, 0, 0, 0, 0xC3 };   /* mov [ebp-20h], 11h; ret */
    static const uint8_t finally0[] = { 0xC7, 0x45, 0xDC, 0x22, 0, 0, 0, 0xC3 };   /* mov [ebp-24h], 22h; ret */
    static const uint8_t filter[] = { 0xC7, 0x45, 0xD4, 0x33, 0, 0, 0,            /* mov [ebp-2Ch], 33h */
                                      0x8B, 0x45, 0xD8, 0xC3 };                     /* mov eax, [ebp-28h]; ret */
    gm_write(SEH3_CODE, finally1, sizeof finally1);
    gm_write(SEH3_CODE + 0x10, finally0, sizeof finally0);
    gm_write(SEH3_CODE + 0x20, filter, sizeof filter);
    /* level 0: a __try/__except with the filter (and a __finally below it
     * in the unwind test), level 1 inside it: a __try/__finally */
    uint32_t table[6] = { 0xFFFFFFFFu, SEH3_CODE + 0x20, SEH3_CODE + 0x10, 0, 0, SEH3_CODE };
    gm_write(SEH3_CODE + 0x100, table, sizeof table);
    uint32_t frame[6] = { 0, 0, 0xFFFFFFFFu, module_export_by_name(m, "_except_handler3", -1), SEH3_CODE + 0x100, 1 };
    gm_write(SEH3_EBP - 0x18, frame, sizeof frame);
    uint32_t zero[6] = { 0 };
    gm_write(SEH3_EBP - 0x2C, zero, sizeof zero);
    return m;
}

static uint32_t at_ebp(int off)
{
    uint32_t v = 0;
    gm_read_u32(SEH3_EBP + (uint32_t)off, &v);
    return v;
}

/* _local_unwind2 runs each __finally from the current level out to the
 * target, with the function's ebp, and leaves the level there. */
static void test_seh3_local_unwind(void **state)
{
    (void)state;
    const struct module *m = seh3_setup();
    gaddr unwind = module_export_by_name(m, "_local_unwind2", -1);
    uint32_t args[2] = { SEH3_RN, 0 };
    call(unwind, args, 2);
    assert_int_equal(at_ebp(-0x20), 0x11); /* level 1's __finally */
    assert_int_equal(at_ebp(-0x24), 0);    /* level 0 has a filter: not a __finally */
    assert_int_equal(at_ebp(-4), 0);
    args[1] = 0xFFFFFFFFu;
    call(unwind, args, 2);
    assert_int_equal(at_ebp(-4), 0xFFFFFFFFu);
    assert_int_equal(thunks, 0);
}

/* _except_handler3: the filter runs with the frame's ebp and
 * GetExceptionInformation's pointers at [ebp-14h]; CONTINUE_SEARCH and
 * CONTINUE_EXECUTION become the dispositions; an unwind runs the
 * __finally blocks. */
static void test_seh3_handler(void **state)
{
    (void)state;
    const struct module *m = seh3_setup();
    gaddr handler = module_export_by_name(m, "_except_handler3", -1);
    gaddr rec = STACK_TOP - 0x800, ctx = STACK_TOP - 0x700;
    uint32_t record[5] = { 0xE0000001u, 0, 0, 0, 0 };
    gm_write(rec, record, sizeof record);
    uint32_t args[4] = { rec, SEH3_RN, ctx, 0 };
    assert_int_equal(call(handler, args, 4), 1); /* filter 0: ExceptionContinueSearch */
    assert_int_equal(at_ebp(-0x2C), 0x33);
    uint32_t ep = at_ebp(-0x14), ep_rec = 0, ep_ctx = 0;
    gm_read_u32(ep, &ep_rec);
    gm_read_u32(ep + 4, &ep_ctx);
    assert_int_equal(ep_rec, rec);
    assert_int_equal(ep_ctx, ctx);
    gm_write_u32(SEH3_EBP - 0x28, 0xFFFFFFFFu); /* the filter now says CONTINUE_EXECUTION */
    assert_int_equal(call(handler, args, 4), 0);
    assert_int_equal(at_ebp(-0x20), 0); /* no unwind so far */
    record[1] = 2; /* EXCEPTION_UNWINDING */
    gm_write(rec, record, sizeof record);
    assert_int_equal(call(handler, args, 4), 1);
    assert_int_equal(at_ebp(-0x20), 0x11);
    assert_int_equal(at_ebp(-4), 0xFFFFFFFFu);
    assert_int_equal(thunks, 0);
}

static const struct api_export test_exports[] = {
    { "Callee", 1, 4, API_STDCALL, API_FUNC, API_FAIL_ZERO, NULL, "u", "u x" },
    { "Caller", 2, 0, API_CDECL, API_FUNC, API_FAIL_ZERO, NULL, "u", "" },
};
static const struct api_impl test_impls[] = {
    { "Caller", NULL, "", "u", 0, NULL, true, 0, NULL },
};

static void check_caller(const struct builtin_dll *dll, bool relocated)
{
    struct module *m = load(dll);
    assert_true(relocated ? m->base != dll->preferred_base : m->base == dll->preferred_base);
    gaddr caller = module_export_by_name(m, "Caller", -1);
    gaddr callee = module_export_by_name(m, "Callee", -1);
    assert_int_equal(callee, m->base + 0x1000); /* the stub */
    uint32_t slot = 0;
    gm_read_u32(caller + 0x10, &slot);
    assert_int_equal(slot, callee);
    assert_int_equal(call(caller, NULL, 0), 85);
    assert_int_equal(thunks, 1);
    assert_int_equal(last_thunk, 0); /* Callee's index */
    assert_int_equal(last_thunk_arg, 42);
}

static void test_guest_code_calls_host_export(void **state)
{
    const struct builtin_dll dll = { "guesttest.dll", 0x10000000u, test_exports, 2, test_impls, 1,
                                     &caller_blob, NULL, NULL, NULL };
    check_caller(&dll, false);
}

/* Preferred base taken: the image goes elsewhere, its guest code relocated. */
static void test_guest_code_relocated(void **state)
{
    const struct builtin_dll dll = { "guesttest.dll", 0x10000000u, test_exports, 2, test_impls, 1,
                                     &caller_blob, NULL, NULL, NULL };
    gaddr taken = dll.preferred_base;
    assert_int_equal(vm_alloc(&vm, &taken, 0x1000, PAGE_READWRITE, 0), STATUS_SUCCESS);
    check_caller(&dll, true);
}

/* An import nobody exports fails the load with a clear error. */
static void test_guest_import_missing(void **state)
{
    const struct builtin_dll dll = { "guesttest.dll", 0x10000000u, test_exports, 2, test_impls, 1,
                                     &missing_blob, NULL, NULL, NULL };
    struct module *m = NULL;
    assert_int_equal(builtin_image_load(&dll, 0, cpu, &m, NULL), STATUS_PROCEDURE_NOT_FOUND);
    assert_null(module_find("guesttest"));
}

/* A guest function reading a value of the run: mov eax, [slot]; ret. */
static const uint8_t value_code[] = { 0xA1, 0x08, 0, 0, 0, 0xC3, 0, 0, /* slot at 8 */ 0, 0, 0, 0 };
static const uint32_t value_relocs[] = { 1 };
static const struct guest_import value_imports[] = { { GUEST_HOST_VALUE_DLL, "bulk_copy_min", 8 } };
static const struct guest_import unknown_value_imports[] = { { GUEST_HOST_VALUE_DLL, "no_such_value", 8 } };
static const struct guest_blob value_blob = { value_code, sizeof value_code, value_relocs, 1,
                                              value_imports, 1, caller_symbols, 1, 1 };
static const struct guest_blob unknown_value_blob = { value_code, sizeof value_code, value_relocs, 1,
                                                      unknown_value_imports, 1, caller_symbols, 1, 1 };

/* The loader writes the backend's bulk-copy threshold where the guest code
 * reads it; a value it does not know fails the load. */
static void test_guest_code_reads_host_value(void **state)
{
    const struct builtin_dll dll = { "guesttest.dll", 0x10000000u, test_exports, 2, test_impls, 1,
                                     &value_blob, NULL, NULL, NULL };
    struct module *m = load(&dll);
    assert_true(cpu->bulk_copy_min > 0);
    assert_int_equal(call(module_export_by_name(m, "Caller", -1), NULL, 0), cpu->bulk_copy_min);
    assert_int_equal(thunks, 0);

    const struct builtin_dll bad = { "guesttest2.dll", 0x11000000u, test_exports, 2, test_impls, 1,
                                     &unknown_value_blob, NULL, NULL, NULL };
    struct module *mb = NULL;
    assert_int_equal(builtin_image_load(&bad, 0, cpu, &mb, NULL), STATUS_PROCEDURE_NOT_FOUND);
}

#define BULK_BUF 0x00500000u
#define BULK_SIZE 0x40000u /* 256 KiB: two buffers of 128 KiB */

/* ntdll (stubs from NTDLL_FIRST) and msvcrt loaded, a buffer committed. */
static struct module *load_crt(void)
{
    const struct builtin_dll *nt = builtin_named("ntdll.dll");
    load_at(nt, NTDLL_FIRST);
    for (size_t i = 0; i < nt->nexports; i++)
        if (!strcmp(nt->exports[i].name, "RtlCopyMappedMemory"))
            copy_mapped_index = NTDLL_FIRST + (uint32_t)i;
    gaddr buf = BULK_BUF;
    assert_int_equal(vm_alloc(&vm, &buf, BULK_SIZE, PAGE_READWRITE, 0), STATUS_SUCCESS);
    load(builtin_named("kernel32.dll")); /* msvcrt's SEH3 calls its RtlUnwind */
    return load(builtin_named("msvcrt.dll"));
}

static uint8_t byte_at(gaddr a)
{
    uint8_t v = 0;
    gm_read_u8(a, &v);
    return v;
}

/* A memcpy at or above the threshold is one host copy of the whole range;
 * below it, guest code alone. memset doubles a guest-filled seed. */
static void test_bulk_copy_goes_to_host(void **state)
{
    struct module *m = load_crt();
    gaddr memcpy_fn = module_export_by_name(m, "memcpy", -1);
    gaddr memset_fn = module_export_by_name(m, "memset", -1);
    gaddr src = BULK_BUF + 1, dst = BULK_BUF + BULK_SIZE / 2 + 3;
    uint32_t n = BULK_SIZE / 2 - 8;
    for (uint32_t i = 0; i < n; i++)
        gm_write_u8(src + i, (uint8_t)(i * 7 + (i >> 10)));
    uint32_t a[3] = { dst, src, n };
    assert_int_equal(call(memcpy_fn, a, 3), dst);
    assert_int_equal(host_copies, 1);
    assert_int_equal(host_copied, n);
    for (uint32_t i = 0; i < n; i += 997)
        assert_int_equal(byte_at(dst + i), (uint8_t)(i * 7 + (i >> 10)));
    assert_int_equal(byte_at(dst + n - 1), (uint8_t)((n - 1) * 7 + ((n - 1) >> 10)));

    a[2] = cpu->bulk_copy_min - 1;
    call(memcpy_fn, a, 3);
    assert_int_equal(host_copies, 1); /* below the threshold: no thunk */

    uint32_t f[3] = { dst, 0xA5, n };
    assert_int_equal(call(memset_fn, f, 3), dst);
    for (uint32_t i = 0; i < n; i += 613)
        assert_int_equal(byte_at(dst + i), 0xA5);
    assert_int_equal(byte_at(dst + n - 1), 0xA5);
    assert_int_equal(byte_at(dst + n), 0); /* untouched beyond */
    unsigned doublings = 0;
    for (uint32_t done = 64; done < n; done *= 2)
        doublings++;
    assert_int_equal(host_copies, 1 + doublings);
    assert_int_equal(thunks, host_copies);
}

/* A bad page faults in guest code at the first byte a plain copy faults on,
 * before the host copies anything. */
static void test_bulk_copy_faults_in_guest(void **state)
{
    struct module *m = load_crt();
    gaddr memcpy_fn = module_export_by_name(m, "memcpy", -1);
    gaddr hole = BULK_BUF + 0x10000;
    assert_int_equal(vm_protect(&vm, hole, 0x1000, PAGE_NOACCESS, NULL), STATUS_SUCCESS);
    assert_true(gm_fill(BULK_BUF, 0xEE, 0x10000));
    uint32_t a[3] = { BULK_BUF + 0x20000, BULK_BUF + 0x100, 0x18000 }; /* reads through the hole */
    uint32_t ret = 0;
    struct cpu_exception exc;
    enum cpu_exit r = cpu->call(thread, memcpy_fn, a, 3, true, &ret, &exc);
    assert_int_equal(r, CPU_EXIT_EXCEPTION);
    assert_int_equal(exc.code, STATUS_ACCESS_VIOLATION);
    assert_int_equal(exc.params[0], 0); /* a read */
    assert_int_equal(exc.params[1], hole);
    assert_true(exc.address >= m->base && exc.address < m->base + m->size);
    assert_int_equal(host_copies, 0);
    assert_int_equal(byte_at(BULK_BUF + 0x20000 + 0x800), 0); /* only the probed bytes were written */
}

static uint32_t call_str(gaddr fn, gaddr a, gaddr b, uint32_t n)
{
    uint32_t args[3] = { a, b, n };
    return call(fn, args, 3);
}

/* kernel32's lstr* and IsBad*Ptr are guest code: good pointers never reach
 * the dispatcher and get Windows' answers (lstrcpyn's count rules, NULL and
 * empty ranges decided without touching memory). */
static void test_lstr_and_isbad_in_guest(void **state)
{
    load(builtin_named("ntdll.dll"));
    struct module *m = load(builtin_named("kernel32.dll"));
    gaddr buf = STACK_TOP - 0x2000, src = STACK_TOP - 0x1000;
    gm_write(src, "hello", 6);
    assert_int_equal(call_str(module_export_by_name(m, "lstrlenA", -1), src, 0, 0), 5);
    assert_int_equal(call_str(module_export_by_name(m, "lstrlenA", -1), 0, 0, 0), 0);
    gaddr cpyn = module_export_by_name(m, "lstrcpynA", -1);
    gm_fill(buf, '#', 16);
    assert_int_equal(call_str(cpyn, buf, src, 3), buf);
    char got[16] = { 0 };
    gm_read(buf, got, 4);
    assert_memory_equal(got, "he\0#", 4);
    assert_int_equal(call_str(cpyn, buf + 8, src, 0), buf + 8); /* nothing written */
    gm_read(buf + 8, got, 1);
    assert_int_equal(got[0], '#');
    assert_int_equal(call_str(module_export_by_name(m, "lstrcatA", -1), buf, src, 0), buf);
    gm_read(buf, got, 8);
    assert_string_equal(got, "hehello");

    gaddr read_ptr = module_export_by_name(m, "IsBadReadPtr", -1);
    gaddr write_ptr = module_export_by_name(m, "IsBadWritePtr", -1);
    assert_int_equal(call_str(read_ptr, 0, 0, 0), 0);          /* empty: good even at NULL */
    assert_int_equal(call_str(read_ptr, 0, 1, 0), 1);          /* NULL: bad, without a fault */
    assert_int_equal(call_str(read_ptr, src, 0xFFFFFFFF, 0), 1); /* wraps past 4 GB */
    assert_int_equal(call_str(read_ptr, buf, 0x2000, 0), 0);
    assert_int_equal(call_str(write_ptr, buf, 16, 0), 0);
    gm_read(buf, got, 8);
    assert_string_equal(got, "hehello"); /* written back unchanged */
    assert_int_equal(call_str(module_export_by_name(m, "IsBadStringPtrA", -1), src, 100, 0), 0);
    assert_int_equal(thunks, 0);
}

/* A bad pointer faults inside kernel32's guest code with its guard frame on
 * the chain (fs:[0]); the frame's handler turns the exception into a resume
 * after the guarded call with the failure value. */
static void test_lstr_fault_is_guarded(void **state)
{
    load(builtin_named("ntdll.dll"));
    struct module *m = load(builtin_named("kernel32.dll"));
    uint32_t bad = 0x10, ret = 0;
    struct cpu_exception exc;
    enum cpu_exit r = cpu->call(thread, module_export_by_name(m, "lstrlenA", -1), &bad, 1, false, &ret, &exc);
    assert_int_equal(r, CPU_EXIT_EXCEPTION);
    assert_int_equal(exc.code, STATUS_ACCESS_VIOLATION);
    assert_int_equal(exc.params[1], 0x10);
    assert_true(exc.address >= m->base && exc.address < m->base + m->size);
    uint32_t frame = 0, next = 0xFFFF, handler = 0, failed = 99;
    gm_read_u32(TEB_ADDR, &frame); /* fs:[0] */
    gm_read_u32(frame, &next);
    gm_read_u32(frame + 4, &handler);
    gm_read_u32(frame + 8, &failed);
    assert_true(frame > STACK_TOP - STACK_SIZE && frame < STACK_TOP);
    assert_int_equal(next, 0); /* the chain the test started with */
    assert_true(handler >= m->base && handler < m->base + m->size);
    assert_int_equal(failed, 0);

    /* the handler, called as the dispatcher calls it */
    gaddr rec = STACK_TOP - 0x3000, ctx = STACK_TOP - 0x2C00;
    struct seh_record32 record = { .code = STATUS_ACCESS_VIOLATION, .address = exc.address, .nparams = 2,
                                   .info = { 0, 0x10 } };
    struct seh_context32 context = { .eflags = 0x646, .eax = 0x1234 };
    gm_write(rec, &record, sizeof record);
    gm_write(ctx, &context, sizeof context);
    uint32_t hargs[4] = { rec, frame, ctx, 0 };
    cpu->set_reg(thread, REG_ESP, frame - 0x100); /* below the frame, as the dispatcher runs */
    assert_int_equal(call(handler, hargs, 4), 0); /* ExceptionContinueExecution */
    gm_read(ctx, &context, sizeof context);
    assert_int_equal(context.esp, frame);
    assert_int_equal(context.eax, 0);
    assert_int_equal(context.eflags, 0x246); /* direction flag cleared */
    assert_true(context.eip >= m->base && context.eip < m->base + m->size);

    record.flags = EXCEPTION_UNWINDING; /* an unwind passes through */
    gm_write(rec, &record, sizeof record);
    assert_int_equal(call(handler, hargs, 4), 1);
}

/* ntdll's counted-string copies and appends are guest code: the copy is
 * cut to MaximumLength, an append that does not fit changes nothing. */
static void test_rtl_string_copy_append_in_guest(void **state)
{
    struct module *m = load(builtin_named("ntdll.dll"));
    gaddr dst = STACK_TOP - 0x2000, src = STACK_TOP - 0x1F00, buf = STACK_TOP - 0x1E00,
          text = STACK_TOP - 0x1D00;
    gm_write(text, "hello", 6);
    uint16_t s[4] = { 5, 6 };
    uint32_t sb = text;
    gm_write(src, s, 4);
    gm_write_u32(src + 4, sb);
    uint16_t d[2] = { 0, 3 };
    gm_write(dst, d, 4);
    gm_write_u32(dst + 4, buf);
    gm_fill(buf, '#', 8);
    uint32_t a[2] = { dst, src };
    call(module_export_by_name(m, "RtlCopyString", -1), a, 2);
    char got[9] = { 0 };
    uint16_t len = 0;
    gm_read_u16(dst, &len);
    gm_read(buf, got, 8);
    assert_int_equal(len, 3);
    assert_string_equal(got, "hel#####");

    uint32_t z[2] = { dst, text }; /* "hello" after "hel" does not fit in 3 */
    assert_int_equal(call(module_export_by_name(m, "RtlAppendAsciizToString", -1), z, 2), STATUS_BUFFER_TOO_SMALL);
    gm_read_u16(dst, &len);
    assert_int_equal(len, 3);
    gm_write_u16(dst + 2, 8); /* MaximumLength 8 */
    assert_int_equal(call(module_export_by_name(m, "RtlAppendAsciizToString", -1), z, 2), STATUS_SUCCESS);
    gm_read_u16(dst, &len);
    gm_read(buf, got, 8);
    assert_int_equal(len, 8);
    assert_string_equal(got, "helhello");
    assert_int_equal(thunks, 0);
}

/* msvcrt's _setjmp and longjmp are guest code: the buffer holds the
 * caller's registers, its esp and eip after the call and the SEH frame;
 * longjmp returns from that call again, with 1 for 0, and no thunk. */
static void test_setjmp_longjmp_in_guest(void **state)
{
    load(builtin_named("ntdll.dll"));
    load(builtin_named("kernel32.dll")); /* msvcrt's SEH3 calls its RtlUnwind */
    struct module *m = load(builtin_named("msvcrt.dll"));
    gaddr jb = STACK_TOP - 0x2000;
    gm_write_u32(TEB_ADDR, 0xFFFFFFFFu); /* fs:[0]: the end of the chain */
    assert_int_equal(call(module_export_by_name(m, "_setjmp", -1), &jb, 1), 0);
    uint32_t regs[8] = { 0 };
    gm_read(jb, regs, sizeof regs);
    assert_int_equal(regs[6], 0xFFFFFFFFu); /* Registration */
    assert_int_equal(regs[7], 0xFFFFFFFFu); /* TryLevel: no frame */
    assert_true(regs[4] > STACK_TOP - STACK_SIZE && regs[4] <= STACK_TOP); /* Esp */
    gm_write_u32(TEB_ADDR, 0x12345678u); /* a frame registered since */
    uint32_t a[2] = { jb, 0 };
    /* back from _setjmp (at the return trap the first call returned to), 0 -> 1 */
    assert_int_equal(call(module_export_by_name(m, "longjmp", -1), a, 2), 1);
    uint32_t head = 0;
    gm_read_u32(TEB_ADDR, &head);
    assert_int_equal(head, 0xFFFFFFFFu);
    assert_int_equal(thunks, 0);
}

/* ntdll's LARGE_INTEGER helpers are guest code (the call primitive gives
 * back eax only: the inputs make the low half depend on the high one). */
static void test_large_integer_in_guest(void **state)
{
    struct module *m = load(builtin_named("ntdll.dll"));
    uint32_t sub[4] = { 0, 1, 1, 0 }; /* 0x100000000 - 1 */
    assert_int_equal(call(module_export_by_name(m, "RtlLargeIntegerSubtract", -1), sub, 4), 0xFFFFFFFFu);
    uint32_t shr[3] = { 0, 1, 1 }; /* 0x100000000 >> 1 */
    assert_int_equal(call(module_export_by_name(m, "RtlLargeIntegerShiftRight", -1), shr, 3), 0x80000000u);
    uint32_t sar[3] = { 0, 0x80000000u, 33 }; /* -2^63 >> 33 */
    assert_int_equal(call(module_export_by_name(m, "RtlLargeIntegerArithmeticShift", -1), sar, 3), 0xC0000000u);
    uint32_t mul[2] = { 0xFFFFFFFFu, 0xFFFFFFFFu };
    assert_int_equal(call(module_export_by_name(m, "RtlEnlargedUnsignedMultiply", -1), mul, 2), 1);
    assert_int_equal(thunks, 0);
}

/* The heap's fast path is guest code: with the segment committed (the
 * host's first allocation grew it), HeapAlloc/HeapSize/HeapReAlloc/HeapFree
 * and msvcrt's malloc/calloc/realloc/free reuse and carve blocks the host
 * half agrees about, the lock word free after each call, no thunk; a block
 * the heap does not own goes to the host (ntdll RtlFreeHeap). */
static uint32_t heap_call(struct module *m, const char *name, uint32_t a, uint32_t b, uint32_t c, uint32_t d)
{
    uint32_t args[4] = { a, b, c, d };
    unsigned n = !strcmp(name, "free") || !strcmp(name, "malloc") ? 1
                 : !strcmp(name, "realloc") || !strcmp(name, "calloc") ? 2
                 : !strcmp(name, "HeapReAlloc") ? 4 : 3;
    return call(module_export_by_name(m, name, -1), args, n);
}

static void test_heap_fast_path_in_guest(void **state)
{
    setenv("WOWBOX_GUEST_CODE", "all", 1); /* GUEST_HOST exports: guest code under Unicorn too */
    struct module *crt = load_crt();
    unsetenv("WOWBOX_GUEST_CODE");
    struct module *k32 = module_find("kernel32.dll");
    assert_non_null(k32);
    gaddr peb = STACK_TOP - 0x4000;
    gm_write_u32(TEB_ADDR + TEB_CLIENT_TID, 7);
    gm_write_u32(TEB_ADDR + TEB_PEB, peb);
    gaddr heap = heap_create(0, 0x10000, 0);
    assert_true(heap != 0);
    gm_write_u32(peb + PEB_PROCESS_HEAP, heap);
    gaddr first = heap_alloc(heap, 100, 0); /* commits the segment */
    assert_true(first != 0 && heap_free(heap, first));

    assert_int_equal(call(module_export_by_name(k32, "GetProcessHeap", -1), NULL, 0), heap);
    uint32_t p = heap_call(k32, "HeapAlloc", heap, HEAP_ZERO_MEMORY, 99, 0);
    assert_int_equal(p, first); /* the same size class: the freed block again */
    assert_int_equal(heap_size(heap, p), 99);
    assert_int_equal(heap_call(k32, "HeapSize", heap, 0, p, 0), 99);
    gm_fill(p, 'a', 99);
    uint32_t q = heap_call(k32, "HeapReAlloc", heap, HEAP_ZERO_MEMORY, p, 3000);
    assert_true(q != 0 && q != p);
    assert_int_equal(byte_at(q + 98), 'a');
    assert_int_equal(byte_at(q + 99), 0);
    assert_int_equal(heap_size(heap, q), 3000);
    assert_int_equal(heap_size(heap, p), 0xFFFFFFFFu); /* freed by the move */
    assert_int_equal(heap_call(k32, "HeapFree", heap, 0, q, 0), 1);
    uint32_t m = heap_call(crt, "malloc", 40, 0, 0, 0);
    assert_int_equal(heap_size(heap, m), 40);
    uint32_t z = heap_call(crt, "calloc", 10, 10, 0, 0);
    assert_int_equal(heap_size(heap, z), 100);
    uint32_t r = heap_call(crt, "realloc", m, 20, 0, 0);
    assert_int_equal(r, m); /* shrinks in place */
    heap_call(crt, "free", r, 0, 0, 0);
    heap_call(crt, "free", z, 0, 0, 0);
    assert_true(heap_validate(heap, 0));
    uint32_t lock = 1;
    gm_read_u32(heap + HEAP_STATE_AT + 4, &lock);
    assert_int_equal(lock, 0);
    assert_int_equal(thunks, host_copies); /* only the zeroing's bulk fills (RtlCopyMappedMemory) */

    unsigned before = thunks;
    heap_call(k32, "HeapFree", heap, 0, first + 16, 0); /* inside a block: the host judges */
    assert_int_equal(thunks, before + 1);
    assert_true(heap_destroy(heap));
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_kernel32_leaf_exports_run_in_guest),
        cmocka_unit_test(test_guest_exports_match_their_functions),
        cmocka_unit_test(test_shared_guest_exports_are_served),
        T(test_shared_guest_code_runs_from_own_image),
        T(test_seh3_local_unwind),
        T(test_seh3_handler),
        T(test_guest_code_calls_host_export),
        T(test_guest_code_relocated),
        T(test_guest_import_missing),
        T(test_guest_code_reads_host_value),
        T(test_bulk_copy_goes_to_host),
        T(test_bulk_copy_faults_in_guest),
        T(test_lstr_and_isbad_in_guest),
        T(test_lstr_fault_is_guarded),
        T(test_rtl_string_copy_append_in_guest),
        T(test_heap_fast_path_in_guest),
        T(test_setjmp_longjmp_in_guest),
        T(test_large_integer_in_guest),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
