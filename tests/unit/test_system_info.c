/* Unit tests for the system and object queries: NtQuerySystemInformation's
 * length rules per class and the process list's layout (entries chained by
 * NextEntryOffset, threads after each entry, image names pointing into the
 * caller's buffer), NtQueryObject's names and types, and a forwarder that
 * adds a prefix to the name (psapi -> kernel32's K32 functions). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/guest_mem.h"
#include "core/handles.h"
#include "core/process.h"
#include "core/sync.h"
#include "core/vm.h"
#include "loader/module.h"
#include "loader/peb.h"
#include "syscalls/api.h"
#include "syscalls/dispatch.h"
#include "syscalls/ntdll/process_list.h"
#include "syscalls/ntdll/struct32_sysinfo.h"

uint64_t ntdll_NtQuerySystemInformation(struct thunk_call *c);
uint64_t ntdll_NtQueryObject(struct thunk_call *c);

static struct vm vm;
static struct process test_proc;

#define PEB   0x00300000u
#define STACK 0x00400000u
#define BUF   0x00500000u
#define BUFSZ 0x10000u
#define RETLEN (STACK + 0x800)

static int setup(void **state)
{
    (void)state;
    if (vm_init(&vm, false) != STATUS_SUCCESS)
        return -1;
    g_vm = &vm;
    gaddr a = PEB;
    if (vm_alloc(&vm, &a, 0x1000, PAGE_READWRITE, 0) != STATUS_SUCCESS)
        return -1;
    a = STACK;
    if (vm_alloc(&vm, &a, 0x1000, PAGE_READWRITE, 0) != STATUS_SUCCESS)
        return -1;
    a = BUF;
    if (vm_alloc(&vm, &a, BUFSZ, PAGE_READWRITE, 0) != STATUS_SUCCESS)
        return -1;
    gm_write_u32(PEB + PEB_NUMBER_OF_PROCESSORS, 2);
    test_proc.peb = PEB;
    test_proc.pid = 0x1000;
    proc = &test_proc;
    module_add("app.exe", "C:\\dir\\app.exe", 0x00400000u, 0x1000, 0x00401000u, true, NULL);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    module_remove(module_exe());
    proc = NULL;
    g_vm = NULL;
    vm_destroy(&vm);
    return 0;
}

static uint64_t call(uint64_t (*fn)(struct thunk_call *), const uint32_t *args, unsigned n)
{
    struct thunk_call c = { .esp = STACK };
    gm_write_u32(STACK, 0x00401234u);
    for (unsigned i = 0; i < n; i++)
        gm_write_u32(STACK + 4 + 4 * i, args[i]);
    return fn(&c);
}

static uint32_t query_system(uint32_t cls, uint32_t len)
{
    const uint32_t args[] = { cls, BUF, len, RETLEN };
    gm_write_u32(RETLEN, 0xDEADBEEFu);
    return (uint32_t)call(ntdll_NtQuerySystemInformation, args, 4);
}

static uint32_t retlen(void)
{
    uint32_t v = 0;
    gm_read_u32(RETLEN, &v);
    return v;
}

static void test_length_rules(void **state)
{
    (void)state;
    assert_int_equal(query_system(SystemBasicInformation, 44), STATUS_SUCCESS);
    assert_int_equal(retlen(), 44);
    SYSTEM_BASIC_INFORMATION32 b;
    gm_read(BUF, &b, sizeof b);
    assert_int_equal(b.NumberOfProcessors, 2);
    assert_int_equal(b.ActiveProcessorsAffinityMask, 3);
    assert_int_equal(b.AllocationGranularity, VM_GRANULARITY);
    /* exact size only */
    assert_int_equal(query_system(SystemBasicInformation, 48), STATUS_INFO_LENGTH_MISMATCH);
    assert_int_equal(retlen(), 44);
    /* time of day: any length up to the structure's */
    assert_int_equal(query_system(SystemTimeOfDayInformation, 12), STATUS_SUCCESS);
    assert_int_equal(retlen(), 12);
    assert_int_equal(query_system(SystemTimeOfDayInformation, 49), STATUS_INFO_LENGTH_MISMATCH);
    /* performance: the older, shorter layout is enough */
    assert_int_equal(query_system(SystemPerformanceInformation, SYSTEM_PERFORMANCE_INFORMATION32_MIN), STATUS_SUCCESS);
    assert_int_equal(retlen(), SYSTEM_PERFORMANCE_INFORMATION32_MIN);
    assert_int_equal(query_system(SystemPerformanceInformation, 0x100), STATUS_INFO_LENGTH_MISMATCH);
    /* processor times: whole records, one per processor */
    assert_int_equal(query_system(SystemProcessorPerformanceInformation, 100), STATUS_SUCCESS);
    assert_int_equal(retlen(), 96);
    assert_int_equal(query_system(SystemProcessorPerformanceInformation, 47), STATUS_INFO_LENGTH_MISMATCH);
    assert_int_equal(query_system(0x7777, BUFSZ), STATUS_INVALID_INFO_CLASS);
    assert_int_equal(retlen(), 0xDEADBEEFu); /* untouched */
    /* a bad buffer is the caller's fault, reported as the probe would */
    const uint32_t args[] = { SystemBasicInformation, 0x10, 44, RETLEN };
    assert_int_equal(call(ntdll_NtQuerySystemInformation, args, 4), STATUS_ACCESS_VIOLATION);
}

/* The Win32 layer's part: one child with its parent, this process's times. */
static void child_hook(struct nt_process_list *l)
{
    l->p[0].created = 1234;
    struct nt_process_entry *e = nt_process_list_add(l, 1);
    assert_non_null(e);
    e->pid = 0x2000;
    e->parent_pid = 0x1000;
    strcpy(e->image, "child.exe");
    e->threads[0].tid = 0x2004;
}

static void read_name(const SYSTEM_PROCESS_INFORMATION32 *p, char *out, size_t size)
{
    uint16_t w[64] = { 0 };
    assert_true(p->ImageName.Length < sizeof w);
    assert_true(gm_read(p->ImageName.Buffer, w, p->ImageName.Length));
    size_t i;
    for (i = 0; i < p->ImageName.Length / 2u && i + 1 < size; i++)
        out[i] = (char)w[i];
    out[i] = 0;
}

static void test_process_list(void **state)
{
    (void)state;
    nt_process_list_hook = child_hook;
    assert_int_equal(query_system(SystemProcessInformation, 16), STATUS_INFO_LENGTH_MISMATCH);
    uint32_t need = retlen();
    assert_true(need > 3 * sizeof(SYSTEM_PROCESS_INFORMATION32));
    assert_int_equal(query_system(SystemProcessInformation, need), STATUS_SUCCESS);
    assert_int_equal(retlen(), need);
    nt_process_list_hook = NULL;

    const uint32_t want_pid[] = { 0, 0x1000, 0x2000 };
    const char *want_name[] = { "", "app.exe", "child.exe" };
    uint32_t off = 0;
    for (int i = 0; i < 3; i++) {
        SYSTEM_PROCESS_INFORMATION32 p;
        assert_true(gm_read(BUF + off, &p, sizeof p));
        assert_int_equal(p.UniqueProcessId, want_pid[i]);
        assert_int_equal(off % 8, 0);
        char name[64] = "";
        if (p.ImageName.Length) {
            assert_true(p.ImageName.Buffer > BUF + off && p.ImageName.Buffer < BUF + need);
            read_name(&p, name, sizeof name);
        }
        assert_string_equal(name, want_name[i]);
        assert_int_equal(p.NumberOfThreads, i == 0 ? 2 : 1); /* idle: one per processor */
        SYSTEM_THREAD_INFORMATION32 t;
        gm_read(BUF + off + sizeof p, &t, sizeof t);
        assert_int_equal(t.UniqueProcess, want_pid[i]);
        if (i == 2) {
            assert_int_equal(t.UniqueThread, 0x2004);
            assert_int_equal(p.InheritedFromUniqueProcessId, 0x1000);
        }
        if (i == 1)
            assert_int_equal(p.CreateTime, 1234);
        assert_int_equal(p.NextEntryOffset == 0, i == 2);
        off += p.NextEntryOffset;
    }
}

static void test_kernel_modules(void **state)
{
    (void)state;
    assert_int_equal(query_system(SystemModuleInformation, 4), STATUS_INFO_LENGTH_MISMATCH);
    assert_int_equal(query_system(SystemModuleInformation, retlen()), STATUS_SUCCESS);
    uint32_t n = 0;
    gm_read_u32(BUF, &n);
    assert_true(n >= 1);
    RTL_PROCESS_MODULE_INFORMATION32 m;
    gm_read(BUF + 4, &m, sizeof m);
    assert_string_equal(m.FullPathName + m.OffsetToFileName, "ntoskrnl.exe");
}

static uint32_t query_object(uint32_t h, uint32_t cls, uint32_t len)
{
    const uint32_t args[] = { h, cls, BUF, len, RETLEN };
    return (uint32_t)call(ntdll_NtQueryObject, args, 5);
}

static void read_unicode(gaddr at, char *out, size_t size)
{
    UNICODE_STRING32 u;
    gm_read(at, &u, sizeof u);
    uint16_t w[128] = { 0 };
    assert_true(u.Length < sizeof w);
    gm_read(u.Buffer, w, u.Length);
    size_t i;
    for (i = 0; i < u.Length / 2u && i + 1 < size; i++)
        out[i] = (char)w[i];
    out[i] = 0;
}

static void destroy_event(struct handle_obj *o)
{
    kobj_unref(o->data);
}

static uint32_t new_event(const char *name)
{
    struct kobj *k = kobj_create(KOBJ_EVENT);
    struct handle_obj *o = calloc(1, sizeof *o);
    assert_true(k && o);
    if (name)
        assert_true(kobj_set_name(k, name));
    o->type = HANDLE_EVENT;
    o->fd = -1;
    o->data = k;
    o->destroy = destroy_event;
    uint32_t h = handle_new(o);
    assert_int_not_equal(h, 0);
    return h;
}

static void test_query_object(void **state)
{
    (void)state;
    uint32_t named = new_event("Global\\wbx_unit"), anon = new_event(NULL);
    char s[256];
    assert_int_equal(query_object(named, ObjectTypeInformation, BUFSZ), STATUS_SUCCESS);
    read_unicode(BUF, s, sizeof s);
    assert_string_equal(s, "Event");
    assert_int_equal(retlen(), sizeof(OBJECT_TYPE_INFORMATION32) + 12);

    assert_int_equal(query_object(named, ObjectNameInformation, BUFSZ), STATUS_SUCCESS);
    read_unicode(BUF, s, sizeof s);
    assert_string_equal(s, "\\BaseNamedObjects\\wbx_unit");
    uint32_t full = retlen();
    assert_int_equal(query_object(named, ObjectNameInformation, full - 1), STATUS_INFO_LENGTH_MISMATCH);
    assert_int_equal(retlen(), full);

    assert_int_equal(query_object(anon, ObjectNameInformation, BUFSZ), STATUS_SUCCESS);
    assert_int_equal(retlen(), sizeof(UNICODE_STRING32));
    UNICODE_STRING32 u;
    gm_read(BUF, &u, sizeof u);
    assert_int_equal(u.Length, 0);
    assert_int_equal(u.Buffer, 0);

    assert_int_equal(query_object(CURRENT_PROCESS_HANDLE, ObjectTypeInformation, BUFSZ), STATUS_SUCCESS);
    read_unicode(BUF, s, sizeof s);
    assert_string_equal(s, "Process");

    assert_int_equal(query_object(named, ObjectBasicInformation, 55), STATUS_INFO_LENGTH_MISMATCH);
    assert_int_equal(query_object(named, ObjectBasicInformation, 56), STATUS_SUCCESS);
    assert_int_equal(query_object(0x7FF0, ObjectBasicInformation, 56), STATUS_INVALID_HANDLE);
    assert_int_equal(query_object(named, 99, BUFSZ), STATUS_INVALID_INFO_CLASS);
    handle_close(named);
    handle_close(anon);
}

/* A forwarder with a prefix names the target's export under it. */
static const struct api_export target_exports[] = {
    { "K32EnumProcesses", 1, 12, API_STDCALL, API_FUNC, 0, NULL, NULL, NULL },
};
static const struct api_export forwarder_exports[] = {
    { "EnumProcesses", 1, 12, API_STDCALL, API_FUNC, 0, NULL, NULL, NULL },
    { "Missing", 2, 0, API_STDCALL, API_FUNC, 0, NULL, NULL, NULL },
};
static const struct api_impl no_impls[] = { { .name = NULL } };

static void test_forward_prefix(void **state)
{
    (void)state;
    const struct builtin_dll target = { "TARGET.dll", 0x10000000u, target_exports, 1, no_impls, 0, NULL, NULL, NULL, NULL };
    const struct builtin_dll dll = { "FWD.dll", 0x11000000u, forwarder_exports, 2, no_impls, 0, NULL, NULL, &target, "K32" };
    assert_ptr_equal(dispatch_forward_target(&dll, &forwarder_exports[0]), &target_exports[0]);
    assert_null(dispatch_forward_target(&dll, &forwarder_exports[1]));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_length_rules),
        cmocka_unit_test(test_process_list),
        cmocka_unit_test(test_kernel_modules),
        cmocka_unit_test(test_query_object),
        cmocka_unit_test(test_forward_prefix),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
