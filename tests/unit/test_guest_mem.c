/* Unit tests for core/guest_mem.c: checked accessors against a real
 * address-space map, one page per protection. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/guest_mem.h"
#include "core/vm.h"

static struct vm vm;

/* One 64 KB allocation at A, page by page: */
#define A        0x00400000u
#define P_RW     (A + 0x0000)
#define P_RO     (A + 0x1000)
#define P_NOACC  (A + 0x2000)
#define P_GUARD  (A + 0x3000)
#define P_RW2    (A + 0x4000)
#define P_RESV   (A + 0x5000) /* reserved, never committed */
#define P_XR     (A + 0x6000)
#define P_RO2    (A + 0x7000)
#define FREE     0x00500000u

static int setup(void **state)
{
    if (vm_init(&vm, false) != STATUS_SUCCESS)
        return -1;
    g_vm = &vm;
    gaddr a = A;
    if (vm_reserve(&vm, &a, 0x10000, 0, PAGE_READWRITE, false) != STATUS_SUCCESS)
        return -1;
    vm_commit(&vm, P_RW, 0x1000, PAGE_READWRITE);
    vm_commit(&vm, P_RO, 0x1000, PAGE_READONLY);
    vm_commit(&vm, P_NOACC, 0x1000, PAGE_NOACCESS);
    vm_commit(&vm, P_GUARD, 0x1000, PAGE_READWRITE | PAGE_GUARD);
    vm_commit(&vm, P_RW2, 0x1000, PAGE_READWRITE);
    vm_commit(&vm, P_XR, 0x1000, PAGE_EXECUTE_READ);
    vm_commit(&vm, P_RO2, 0x1000, PAGE_READONLY);
    return 0;
}

static int teardown(void **state)
{
    gm_code_written = NULL;
    g_vm = NULL;
    vm_destroy(&vm);
    return 0;
}

static uint32_t prot_of(gaddr a)
{
    struct vm_region_info info;
    assert_int_equal(vm_query(&vm, a, &info), STATUS_SUCCESS);
    return info.prot;
}

static void test_read_write_rw(void **state)
{
    uint32_t v = 0;
    assert_true(gm_write_u32(P_RW + 8, 0xDEADBEEF));
    assert_true(gm_read_u32(P_RW + 8, &v));
    assert_int_equal(v, 0xDEADBEEF);
    uint8_t buf[16] = "hello, world!!!";
    uint8_t back[16];
    assert_true(gm_write(P_RW + 0x100, buf, sizeof buf));
    assert_true(gm_read(P_RW + 0x100, back, sizeof back));
    assert_memory_equal(buf, back, sizeof buf);
    assert_true(gm_fill(P_RW + 0x100, 0x41, 4));
    assert_true(gm_read(P_RW + 0x100, back, 4));
    assert_memory_equal(back, "AAAA", 4);
    uint16_t w;
    assert_true(gm_write_u16(P_RW + 0x200, 0x1234));
    assert_true(gm_read_u16(P_RW + 0x200, &w));
    assert_int_equal(w, 0x1234);
    /* straddling into the read-only page: readable, not writable */
    assert_true(gm_readable(P_RW + 0xFFE, 4));
    assert_false(gm_writable(P_RW + 0xFFE, 4));
    assert_false(gm_write_u32(P_RW + 0xFFE, 0x11223344));
}

static void test_read_only(void **state)
{
    uint32_t v = 1;
    assert_true(gm_read_u32(P_RO, &v));
    assert_int_equal(v, 0);
    assert_false(gm_write_u32(P_RO, 0x55));
    assert_true(gm_read_u32(P_RO, &v));
    assert_int_equal(v, 0);
    assert_true(gm_readable(P_RO, 0x1000));
    assert_false(gm_writable(P_RO, 1));
    assert_non_null(gm_ptr(P_RO, 4, false));
    assert_null(gm_ptr(P_RO, 4, true));
    assert_false(gm_fill(P_RO, 0, 4));
    /* execute-read pages are readable, not writable */
    assert_true(gm_read_u32(P_XR, &v));
    assert_false(gm_write_u32(P_XR, 1));
}

static void test_inaccessible(void **state)
{
    uint32_t v;
    const gaddr bad[] = { P_NOACC, P_GUARD, P_RESV, FREE, 0, 0x7FFF0000u, 0xFFFFF000u };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_false(gm_read_u32(bad[i], &v));
        assert_false(gm_write_u32(bad[i], 1));
        assert_false(gm_readable(bad[i], 1));
        assert_null(gm_ptr(bad[i], 1, false));
        assert_null(gm_strdup(bad[i]));
        assert_int_equal(gm_strnlen(bad[i], 100), -1);
    }
    /* a guard page stays a guard page: host access did not consume it */
    assert_int_equal(prot_of(P_GUARD), PAGE_READWRITE | PAGE_GUARD);
    /* a range running past 4 GB */
    assert_false(gm_read_u32(0xFFFFFFFEu, &v));
}

static void test_zero_length(void **state)
{
    assert_true(gm_readable(FREE, 0));
    assert_true(gm_read(FREE, NULL, 0));
}

static void test_strings(void **state)
{
    assert_true(gm_write(P_RW + 0x10, "kernel32.dll", 13));
    char *s = gm_strdup(P_RW + 0x10);
    assert_non_null(s);
    assert_string_equal(s, "kernel32.dll");
    free(s);
    assert_int_equal(gm_strnlen(P_RW + 0x10, 100), 12);
    assert_int_equal(gm_strnlen(P_RW + 0x10, 5), 5);
    /* a string crossing from a writable into a read-only page is fine */
    assert_true(gm_write(P_RW + 0xFFC, "abcd", 4)); /* NUL is P_RO's first byte */
    s = gm_strdup(P_RW + 0xFFC);
    assert_non_null(s);
    assert_string_equal(s, "abcd");
    free(s);
    /* ... but one running into the reserved page is unreadable */
    assert_true(gm_fill(P_RW2 + 0xFF0, 'x', 0x10));
    assert_int_equal(gm_strnlen(P_RW2 + 0xFF0, 1000), -1);
    assert_null(gm_strdup(P_RW2 + 0xFF0));
    /* the same for UTF-16 strings */
    const uint16_t w[] = { 'h', 'i', 0 };
    assert_true(gm_write(P_RW + 0x40, w, sizeof w));
    size_t len = 0;
    uint16_t *ws = gm_wcsdup(P_RW + 0x40, &len);
    assert_non_null(ws);
    assert_int_equal(len, 2);
    assert_memory_equal(ws, w, sizeof w);
    free(ws);
    char *u = gm_wcs_to_utf8(P_RW + 0x40);
    assert_non_null(u);
    assert_string_equal(u, "hi");
    free(u);
    assert_int_equal(gm_wcsnlen(P_RW2 + 0xFF0, 1000), -1);
    assert_null(gm_wcsdup(P_RW2 + 0xFF0, &len));
    assert_null(gm_wcs_to_utf8(P_RW2 + 0xFF0));
}

static void test_no_partial_write(void **state)
{
    uint8_t before[4], after[4];
    assert_true(gm_write(P_RW2 + 0xFFC, "\x01\x02\x03\x04", 4));
    assert_true(gm_read(P_RW2 + 0xFFC, before, 4));
    /* 2 bytes in the committed page, 2 in the reserved one */
    assert_false(gm_write(P_RW2 + 0xFFE, "\xAA\xBB\xCC\xDD", 4));
    assert_true(gm_read(P_RW2 + 0xFFC, after, 4));
    assert_memory_equal(before, after, 4);
    uint8_t big[0x2000];
    memset(big, 0xEE, sizeof big);
    assert_false(gm_write(P_RW, big, sizeof big)); /* RW then RO */
    uint32_t v;
    assert_true(gm_read_u32(P_RW + 0x800, &v));
    assert_int_not_equal(v, 0xEEEEEEEEu);
    assert_false(gm_read(P_RW2 + 0xFFE, after, 4));
}

static void test_write_force(void **state)
{
    uint32_t v;
    assert_true(gm_write_force(P_RO + 4, "\x78\x56\x34\x12", 4));
    assert_true(gm_read_u32(P_RO + 4, &v));
    assert_int_equal(v, 0x12345678);
    assert_int_equal(prot_of(P_RO), PAGE_READONLY);
    assert_false(gm_writable(P_RO, 4));
    /* across two pages with different protections: both restored */
    assert_true(gm_write_force(P_XR + 0xFFE, "\x01\x02\x03\x04", 4));
    assert_true(gm_read_u32(P_XR + 0xFFE, &v));
    assert_int_equal(v, 0x04030201);
    assert_int_equal(prot_of(P_XR), PAGE_EXECUTE_READ);
    assert_int_equal(prot_of(P_RO2), PAGE_READONLY);
    /* also into no-access and guard pages (loader work), protection kept */
    assert_true(gm_write_force(P_NOACC, "z", 1));
    assert_int_equal(prot_of(P_NOACC), PAGE_NOACCESS);
    assert_true(gm_write_force(P_GUARD, "z", 1));
    assert_int_equal(prot_of(P_GUARD), PAGE_READWRITE | PAGE_GUARD);
    /* but never into memory that is not committed */
    assert_false(gm_write_force(P_RESV, "z", 1));
    assert_false(gm_write_force(P_RW2 + 0xFFF, "zz", 2));
    assert_false(gm_write_force(FREE, "z", 1));
}

static gaddr written_at;
static size_t written_len;
static int written_calls;

static void on_code_written(gaddr g, size_t n)
{
    written_at = g;
    written_len = n;
    written_calls++;
}

static void test_code_written_hook(void **state)
{
    gm_code_written = on_code_written;
    written_calls = 0;
    assert_true(gm_write_u32(P_RW, 1));
    assert_int_equal(written_calls, 0); /* data page: no retranslation */
    assert_true(gm_write_force(P_XR + 0x10, "\x90\x90", 2));
    assert_int_equal(written_calls, 1);
    assert_int_equal(written_at, P_XR + 0x10);
    assert_int_equal(written_len, 2);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_read_write_rw),
        T(test_read_only),
        T(test_inaccessible),
        T(test_zero_length),
        T(test_strings),
        T(test_no_partial_write),
        T(test_write_force),
        T(test_code_written_hook),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
