/* Unit tests for the NT section services (syscalls/ntdll/nt_section.c) on
 * a map without a CPU backend: views of one section share their pages,
 * file views and the file's descriptor see each other's writes, views are
 * MEM_MAPPED and go with their unmapping, names, and Windows' statuses for
 * the common mistakes with their Win32 errors. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/handles.h"
#include "pe_builder.h"
#include "core/vm.h"
#include "syscalls/ntdll/nt_section.h"
#include "syscalls/ntdll/struct32.h"
#include "syscalls/win32_errors.h"

#define STATUS_IMAGE_NOT_AT_BASE_VALUE 0x40000003u

static struct vm vm;

static int setup(void **state)
{
    (void)state;
    if (vm_init(&vm, false) != STATUS_SUCCESS)
        return -1;
    g_vm = &vm;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    g_vm = NULL;
    vm_destroy(&vm);
    return 0;
}

static uint32_t pagefile(const char *name, uint64_t size, uint32_t prot, uint32_t attrs)
{
    struct nt_section_create r = { name, SECTION_ALL_ACCESS, size, prot, attrs, 0 };
    uint32_t h = 0;
    assert_int_equal(nt_create_section(&r, &h), STATUS_SUCCESS);
    return h;
}

static gaddr map(uint32_t h, uint64_t offset, uint32_t size, uint32_t prot)
{
    gaddr base = 0;
    assert_int_equal(nt_map_view(h, CURRENT_PROCESS_HANDLE, &base, offset, &size, 0, prot), STATUS_SUCCESS);
    assert_int_equal(base % VM_GRANULARITY, 0);
    return base;
}

/* A temporary host file with `text`, behind a file handle. */
static uint32_t temp_file(const char *text, int *fd_out)
{
    char path[] = "/tmp/wowbox_section_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    unlink(path);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    struct handle_obj *o = calloc(1, sizeof *o);
    o->type = HANDLE_FILE;
    o->fd = fd;
    *fd_out = fd;
    uint32_t h = handle_new(o);
    assert_true(h != 0);
    return h;
}

static void test_views_share_pages(void **state)
{
    (void)state;
    uint32_t h = pagefile(NULL, 0x12345, PAGE_READWRITE, SEC_COMMIT);
    gaddr a = map(h, 0, 0, PAGE_READWRITE), b = map(h, 0, 0x1000, PAGE_READONLY);
    assert_int_not_equal(a, b);
    strcpy(vm_host(&vm, a + 0x10), "shared");
    assert_string_equal(vm_host(&vm, b + 0x10), "shared");

    struct vm_region_info info;
    vm_query(&vm, a, &info);
    assert_int_equal(info.type, MEM_MAPPED);
    assert_int_equal(info.state, MEM_COMMIT);
    assert_int_equal(info.size, 0x13000);
    assert_int_equal(info.alloc_base, a);
    vm_query(&vm, b, &info);
    assert_int_equal(info.prot, PAGE_READONLY);

    handle_close(h); /* views keep the section */
    assert_string_equal(vm_host(&vm, b + 0x10), "shared");
    assert_int_equal(nt_unmap_view(CURRENT_PROCESS_HANDLE, a + 0x2000), STATUS_SUCCESS); /* inside the view */
    vm_query(&vm, a, &info);
    assert_int_equal(info.state, MEM_FREE);
    assert_int_equal(nt_unmap_view(CURRENT_PROCESS_HANDLE, a), STATUS_NOT_MAPPED_VIEW);
    assert_int_equal(nt_unmap_view(CURRENT_PROCESS_HANDLE, b), STATUS_SUCCESS);
}

static void test_copy_view_is_private(void **state)
{
    (void)state;
    uint32_t h = pagefile(NULL, 0x2000, PAGE_READWRITE, SEC_COMMIT);
    gaddr shared = map(h, 0, 0, PAGE_READWRITE), copy = map(h, 0, 0, PAGE_WRITECOPY);
    *(char *)vm_host(&vm, copy) = 'c';
    assert_int_equal(*(char *)vm_host(&vm, shared), 0);
    *(char *)vm_host(&vm, shared + 1) = 's';
    assert_int_equal(nt_view_protect_allowed(copy, PAGE_READWRITE), STATUS_SECTION_PROTECTION);
    assert_int_equal(nt_unmap_view(CURRENT_PROCESS_HANDLE, shared), STATUS_SUCCESS);
    assert_int_equal(nt_unmap_view(CURRENT_PROCESS_HANDLE, copy), STATUS_SUCCESS);
    handle_close(h);
}

static void test_file_view_and_descriptor(void **state)
{
    (void)state;
    int fd;
    uint32_t f = temp_file("hello, file", &fd);
    struct nt_section_create r = { NULL, SECTION_ALL_ACCESS, 0, PAGE_READWRITE, SEC_COMMIT, f };
    uint32_t h;
    assert_int_equal(nt_create_section(&r, &h), STATUS_SUCCESS);
    gaddr v = map(h, 0, 0, PAGE_READWRITE);
    assert_memory_equal(vm_host(&vm, v), "hello, file", 11);
    memcpy(vm_host(&vm, v), "HELLO", 5);
    char buf[12] = { 0 };
    assert_int_equal(pread(fd, buf, 11, 0), 11);
    assert_string_equal(buf, "HELLO, file");
    assert_int_equal(pwrite(fd, "FILE", 4, 7), 4);
    assert_memory_equal(vm_host(&vm, v + 7), "FILE", 4);
    assert_true(nt_file_has_views(fd));

    gaddr base = v;
    uint32_t size = 0;
    assert_int_equal(nt_flush_view(CURRENT_PROCESS_HANDLE, &base, &size), STATUS_SUCCESS);
    assert_int_equal(size, VM_PAGE_SIZE);

    uint64_t grow = 0x3000;
    assert_int_equal(nt_extend_section(h, &grow), STATUS_SUCCESS);
    assert_int_equal(lseek(fd, 0, SEEK_END), 0x3000);
    assert_int_equal(nt_unmap_view(CURRENT_PROCESS_HANDLE, v), STATUS_SUCCESS);
    assert_false(nt_file_has_views(fd));
    handle_close(h);
    handle_close(f);
}

static void test_file_errors(void **state)
{
    (void)state;
    int fd;
    uint32_t f = temp_file("", &fd);
    struct nt_section_create r = { NULL, SECTION_ALL_ACCESS, 0, PAGE_READWRITE, SEC_COMMIT, f };
    uint32_t h;
    assert_int_equal(nt_create_section(&r, &h), STATUS_MAPPED_FILE_SIZE_ZERO);
    assert_int_equal(write(fd, "MZ", 2), 2);
    r.attrs = SEC_IMAGE;
    r.prot = PAGE_READONLY;
    assert_int_equal(nt_create_section(&r, &h), STATUS_INVALID_IMAGE_FORMAT); /* MZ, and nothing more */
    r.attrs = SEC_COMMIT;
    r.size = 0x4000; /* larger than the file, not writable */
    assert_int_equal(nt_create_section(&r, &h), STATUS_SECTION_TOO_BIG);
    r.file = 0x7FF0; /* no such handle */
    assert_int_equal(nt_create_section(&r, &h), STATUS_INVALID_HANDLE);
    handle_close(f);
}

static void test_view_errors(void **state)
{
    (void)state;
    uint32_t h = pagefile(NULL, 0x20000, PAGE_READONLY, SEC_COMMIT);
    gaddr base = 0;
    uint32_t size = 0;
    assert_int_equal(nt_map_view(h, CURRENT_PROCESS_HANDLE, &base, 0x1000, &size, 0, PAGE_READONLY),
                     STATUS_MAPPED_ALIGNMENT);
    size = 0x30000;
    assert_int_equal(nt_map_view(h, CURRENT_PROCESS_HANDLE, &base, 0, &size, 0, PAGE_READONLY),
                     STATUS_INVALID_VIEW_SIZE);
    size = 0;
    assert_int_equal(nt_map_view(h, CURRENT_PROCESS_HANDLE, &base, 0, &size, 0, PAGE_READWRITE),
                     STATUS_SECTION_PROTECTION);
    base = 0x12345000;
    assert_int_equal(nt_map_view(h, CURRENT_PROCESS_HANDLE, &base, 0, &size, 0, PAGE_READONLY),
                     STATUS_MAPPED_ALIGNMENT);
    base = 0x30000000;
    assert_int_equal(nt_map_view(h, CURRENT_PROCESS_HANDLE, &base, 0, &size, 0, PAGE_READONLY), STATUS_SUCCESS);
    assert_int_equal(base, 0x30000000);
    gaddr again = 0x30010000;
    size = 0;
    assert_int_equal(nt_map_view(h, CURRENT_PROCESS_HANDLE, &again, 0, &size, 0, PAGE_READONLY),
                     STATUS_CONFLICTING_ADDRESSES);
    assert_int_equal(nt_unmap_view(CURRENT_PROCESS_HANDLE, base), STATUS_SUCCESS);

    struct nt_section_create r = { NULL, SECTION_ALL_ACCESS, 0, PAGE_READWRITE, SEC_COMMIT, 0 };
    uint32_t h2;
    assert_int_equal(nt_create_section(&r, &h2), STATUS_INVALID_PARAMETER_4);
    r.size = 0x1000;
    r.prot = PAGE_NOACCESS;
    assert_int_equal(nt_create_section(&r, &h2), STATUS_INVALID_PAGE_PROTECTION);
    handle_close(h);
}

static void test_reserve_section(void **state)
{
    (void)state;
    uint32_t h = pagefile(NULL, 0x20000, PAGE_READWRITE, SEC_RESERVE);
    gaddr v = map(h, 0, 0, PAGE_READWRITE);
    struct vm_region_info info;
    vm_query(&vm, v, &info);
    assert_int_equal(info.state, MEM_RESERVE);
    assert_int_equal(vm_commit(&vm, v, 0x1000, PAGE_READWRITE), STATUS_SUCCESS);
    strcpy(vm_host(&vm, v), "committed");
    assert_int_equal(nt_unmap_view(CURRENT_PROCESS_HANDLE, v), STATUS_SUCCESS);
    handle_close(h);
}

static void test_names(void **state)
{
    (void)state;
    uint32_t h1 = pagefile("unit_section", 0x1000, PAGE_READWRITE, SEC_COMMIT);
    struct nt_section_create r = { "unit_section", SECTION_ALL_ACCESS, 0x8000, PAGE_READWRITE, SEC_COMMIT, 0 };
    uint32_t h2, h3;
    assert_int_equal(nt_create_section(&r, &h2), STATUS_OBJECT_NAME_EXISTS);
    gaddr a = map(h1, 0, 0, PAGE_READWRITE), b = map(h2, 0, 0, PAGE_READONLY);
    strcpy(vm_host(&vm, a), "named");
    assert_string_equal(vm_host(&vm, b), "named");
    assert_int_equal(nt_open_section("unit_section", SECTION_MAP_READ, &h3), STATUS_SUCCESS);
    gaddr c = 0;
    uint32_t size = 0;
    assert_int_equal(nt_map_view(h3, CURRENT_PROCESS_HANDLE, &c, 0, &size, 0, PAGE_READWRITE),
                     STATUS_ACCESS_DENIED);
    uint32_t h4;
    assert_int_equal(nt_open_section("unit_missing", SECTION_MAP_READ, &h4), STATUS_OBJECT_NAME_NOT_FOUND);
    nt_unmap_view(CURRENT_PROCESS_HANDLE, a);
    nt_unmap_view(CURRENT_PROCESS_HANDLE, b);
    handle_close(h1);
    handle_close(h2);
    handle_close(h3);
    assert_int_equal(nt_open_section("unit_section", SECTION_MAP_READ, &h3), STATUS_OBJECT_NAME_NOT_FOUND);
}

/* An image section of a small PE: its view is laid out by sections, with
 * their protections, as MEM_IMAGE; a second view of it goes elsewhere. */
static void test_image_section(void **state)
{
    (void)state;
    static struct pe_builder b;
    pb_init(&b, 0x10000000);
    uint32_t text = pb_add_section(&b, ".text", 0x100, 0x200, IMAGE_SCN_CNT_CODE | IMAGE_SCN_MEM_EXECUTE | IMAGE_SCN_MEM_READ);
    uint32_t data = pb_add_section(&b, ".data", 0x100, 0x200, IMAGE_SCN_MEM_READ | IMAGE_SCN_MEM_WRITE);
    memcpy(pb_at(&b, 0, text), "\xC3" "code", 5);
    memcpy(pb_at(&b, 1, data), "data", 4);
    pb_set_entry(&b, text);
    char path[] = "/tmp/wowbox_image_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    unlink(path);
    assert_int_equal(write(fd, b.buf, b.size), (ssize_t)b.size);
    struct handle_obj *o = calloc(1, sizeof *o);
    o->type = HANDLE_FILE;
    o->fd = fd;
    uint32_t f = handle_new(o), h;

    struct nt_section_create r = { NULL, SECTION_ALL_ACCESS, 0, PAGE_READONLY, SEC_IMAGE, f };
    assert_int_equal(nt_create_section(&r, &h), STATUS_SUCCESS);
    gaddr base = 0, again = 0;
    uint32_t size = 0;
    assert_int_equal(nt_map_view(h, CURRENT_PROCESS_HANDLE, &base, 0, &size, 0, PAGE_READONLY), STATUS_SUCCESS);
    assert_int_equal(base, 0x10000000);
    assert_int_equal(size, 0x3000);
    assert_memory_equal(vm_host(&vm, base), "MZ", 2);
    assert_memory_equal(vm_host(&vm, base + text), "\xC3" "code", 5);
    assert_memory_equal(vm_host(&vm, base + data), "data", 4);
    struct vm_region_info info;
    vm_query(&vm, base + text, &info);
    assert_int_equal(info.type, MEM_IMAGE);
    assert_int_equal(info.prot, PAGE_EXECUTE_READ);
    vm_query(&vm, base + data, &info);
    assert_int_equal(info.prot, PAGE_READWRITE);
    size = 0;
    assert_int_equal(nt_map_view(h, CURRENT_PROCESS_HANDLE, &again, 0, &size, 0, PAGE_READONLY),
                     STATUS_IMAGE_NOT_AT_BASE_VALUE);
    assert_int_not_equal(again, base);

    SECTION_IMAGE_INFORMATION32 ii;
    uint32_t n;
    assert_int_equal(nt_query_section(h, 1, &ii, sizeof ii, &n), STATUS_SUCCESS);
    assert_int_equal(ii.TransferAddress, 0x10000000 + text);
    assert_int_equal(ii.Machine, IMAGE_FILE_MACHINE_I386);
    assert_int_equal(ii.ImageContainsCode, 1);
    SECTION_BASIC_INFORMATION32 bi;
    assert_int_equal(nt_query_section(h, 0, &bi, sizeof bi, &n), STATUS_SUCCESS);
    assert_int_equal(bi.AllocationAttributes, SEC_FILE | SEC_IMAGE);
    assert_int_equal(bi.BaseAddress, 0x10000000);

    assert_int_equal(nt_unmap_view(CURRENT_PROCESS_HANDLE, base), STATUS_SUCCESS);
    assert_int_equal(nt_unmap_view(CURRENT_PROCESS_HANDLE, again), STATUS_SUCCESS);
    handle_close(h);
    handle_close(f);
}

static void test_win32_errors(void **state)
{
    (void)state;
    assert_int_equal(ntstatus_to_win32(STATUS_MAPPED_FILE_SIZE_ZERO), ERROR_FILE_INVALID);
    assert_int_equal(ntstatus_to_win32(STATUS_MAPPED_ALIGNMENT), ERROR_MAPPED_ALIGNMENT);
    assert_int_equal(ntstatus_to_win32(STATUS_INVALID_VIEW_SIZE), ERROR_ACCESS_DENIED);
    assert_int_equal(ntstatus_to_win32(STATUS_SECTION_TOO_BIG), ERROR_NOT_ENOUGH_MEMORY);
    assert_int_equal(ntstatus_to_win32(STATUS_SECTION_PROTECTION), ERROR_INVALID_PARAMETER);
    assert_int_equal(ntstatus_to_win32(STATUS_USER_MAPPED_FILE), ERROR_USER_MAPPED_FILE);
    assert_int_equal(ntstatus_to_win32(STATUS_INVALID_IMAGE_NOT_MZ), ERROR_BAD_EXE_FORMAT);
    assert_int_equal(ntstatus_to_win32(STATUS_NOT_MAPPED_VIEW), ERROR_INVALID_ADDRESS);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_views_share_pages, setup, teardown),
        cmocka_unit_test_setup_teardown(test_copy_view_is_private, setup, teardown),
        cmocka_unit_test_setup_teardown(test_file_view_and_descriptor, setup, teardown),
        cmocka_unit_test_setup_teardown(test_file_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_view_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reserve_section, setup, teardown),
        cmocka_unit_test_setup_teardown(test_names, setup, teardown),
        cmocka_unit_test_setup_teardown(test_image_section, setup, teardown),
        cmocka_unit_test(test_win32_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
