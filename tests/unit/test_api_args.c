/* Unit tests for the named argument blocks (API_ARGS, syscalls/api.h): the
 * generated layouts, one checked read of the guest stack, and the rule that
 * an unreadable stack slot reads as 0, as arg() does. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "core/guest_mem.h"
#include "core/vm.h"
#include "syscalls/api.h"
#include "syscalls/kernel32/api_args.h"
#include "syscalls/msvcrt/api_args.h"

static struct vm vm;

/* One readable page followed by an inaccessible one: a stack whose
 * arguments run off its end. */
#define STACK   0x00400000u
#define NOACC   (STACK + 0x1000)
#define TOP     NOACC

/* The layouts follow the declarations: 4 bytes a slot, 8 for l and f. */
_Static_assert(sizeof(struct kernel32_CreateFileA_args) == 28, "7 slots");
_Static_assert(offsetof(struct kernel32_CreateFileA_args, lpFileName) == 0, "first");
_Static_assert(offsetof(struct kernel32_CreateFileA_args, dwCreationDisposition) == 16, "fifth");
_Static_assert(offsetof(struct kernel32_CreateFileA_args, hTemplateFile) == 24, "last");
_Static_assert(sizeof(struct msvcrt__lseeki64_args) == 16, "i l i");
_Static_assert(offsetof(struct msvcrt__lseeki64_args, offset) == 4, "l after one slot");
_Static_assert(offsetof(struct msvcrt__lseeki64_args, origin) == 12, "8-byte l");
_Static_assert(sizeof(struct msvcrt_pow_args) == 16, "f f");
_Static_assert(offsetof(struct msvcrt_pow_args, y) == 8, "8-byte f");
_Static_assert(sizeof(struct msvcrt_printf_args) == 4, "variadic: the fixed part only");
_Static_assert(sizeof(struct msvcrt_sprintf_args) == 8, "variadic: the fixed part only");

static int setup(void **state)
{
    if (vm_init(&vm, false) != STATUS_SUCCESS)
        return -1;
    g_vm = &vm;
    gaddr a = STACK;
    if (vm_reserve(&vm, &a, 0x10000, 0, PAGE_READWRITE, false) != STATUS_SUCCESS)
        return -1;
    vm_commit(&vm, STACK, 0x1000, PAGE_READWRITE);
    vm_commit(&vm, NOACC, 0x1000, PAGE_NOACCESS);
    return 0;
}

static int teardown(void **state)
{
    g_vm = NULL;
    vm_destroy(&vm);
    return 0;
}

/* A call frame at esp: [esp] the return address, then the words. */
static struct thunk_call frame_at(gaddr esp, const uint32_t *words, size_t n)
{
    struct thunk_call c = { .esp = esp };
    gm_write_u32(esp, 0x00401234u);
    for (size_t i = 0; i < n; i++) {
        gaddr slot = esp + 4 + 4 * (gaddr)i;
        if (slot < TOP)
            assert_true(gm_write_u32(slot, words[i]));
    }
    return c;
}

static uint64_t read_create_file(struct thunk_call *c, struct kernel32_CreateFileA_args *out)
{
    API_ARGS(kernel32, CreateFileA, a);
    *out = a;
    return 0;
}

static void test_named_members(void **state)
{
    const uint32_t w[7] = { 0x402000, 0x80000000u, 1, 0, 3, 0x80, 0 };
    struct thunk_call c = frame_at(STACK + 0x100, w, 7);
    struct kernel32_CreateFileA_args a;
    read_create_file(&c, &a);
    assert_int_equal(a.lpFileName, 0x402000);
    assert_int_equal(a.dwDesiredAccess, 0x80000000u);
    assert_int_equal(a.dwShareMode, 1);
    assert_int_equal(a.lpSecurityAttributes, 0);
    assert_int_equal(a.dwCreationDisposition, 3);
    assert_int_equal(a.dwFlagsAndAttributes, 0x80);
    assert_int_equal(a.hTemplateFile, 0);
    /* the same words arg() sees */
    assert_int_equal(arg(&c, 4), a.dwCreationDisposition);
}

/* The last three arguments lie in the inaccessible page: they read as 0
 * (what arg() yields), the readable ones keep their values. */
static void test_stack_running_off_the_end(void **state)
{
    const uint32_t w[7] = { 11, 22, 33, 44, 55, 66, 77 };
    gaddr esp = TOP - 4 - 4 * 4; /* return address + 4 readable slots */
    struct thunk_call c = frame_at(esp, w, 7);
    struct kernel32_CreateFileA_args a;
    memset(&a, 0xCC, sizeof a);
    read_create_file(&c, &a);
    assert_int_equal(a.lpFileName, 11);
    assert_int_equal(a.dwDesiredAccess, 22);
    assert_int_equal(a.dwShareMode, 33);
    assert_int_equal(a.lpSecurityAttributes, 44);
    assert_int_equal(a.dwCreationDisposition, 0);
    assert_int_equal(a.dwFlagsAndAttributes, 0);
    assert_int_equal(a.hTemplateFile, 0);
    for (unsigned i = 0; i < 7; i++)
        assert_int_equal(arg(&c, i), i < 4 ? w[i] : 0);
}

static void test_unreadable_stack(void **state)
{
    struct thunk_call c = { .esp = 0x00001000u }; /* nothing mapped */
    struct kernel32_CreateFileA_args a;
    memset(&a, 0xCC, sizeof a);
    read_create_file(&c, &a);
    const struct kernel32_CreateFileA_args zero = { 0 };
    assert_memory_equal(&a, &zero, sizeof a);
}

static uint64_t read_lseeki64(struct thunk_call *c, struct msvcrt__lseeki64_args *out)
{
    API_ARGS(msvcrt, _lseeki64, a);
    *out = a;
    return 0;
}

static uint64_t read_pow(struct thunk_call *c, double *x, double *y)
{
    API_ARGS(msvcrt, pow, a);
    *x = a.x;
    *y = a.y;
    return 0;
}

static void test_wide_members(void **state)
{
    const uint32_t w[4] = { 3, 0x89ABCDEFu, 0x01234567u, 2 };
    struct thunk_call c = frame_at(STACK + 0x200, w, 4);
    struct msvcrt__lseeki64_args a;
    read_lseeki64(&c, &a);
    assert_int_equal(a.fd, 3);
    assert_true(a.offset == 0x0123456789ABCDEFull);
    assert_int_equal(a.origin, 2);
    assert_true(a.offset == arg64(&c, 1));

    double x = 1.5, y = -0.25, gx, gy;
    uint32_t d[4];
    memcpy(d, &x, 8);
    memcpy(d + 2, &y, 8);
    c = frame_at(STACK + 0x300, d, 4);
    read_pow(&c, &gx, &gy);
    assert_true(gx == 1.5);
    assert_true(gy == -0.25);
}

static gaddr sprintf_tail(struct thunk_call *c, struct msvcrt_sprintf_args *out)
{
    API_ARGS(msvcrt, sprintf, a);
    *out = a;
    return API_VARARGS(a);
}

/* A variadic API names its fixed part; the tail starts right after it. */
static void test_variadic(void **state)
{
    const uint32_t w[4] = { 0x403000, 0x404000, 42, 43 };
    gaddr esp = STACK + 0x400;
    struct thunk_call c = frame_at(esp, w, 4);
    struct msvcrt_sprintf_args a;
    gaddr tail = sprintf_tail(&c, &a);
    assert_int_equal(a.buffer, 0x403000);
    assert_int_equal(a.format, 0x404000);
    assert_int_equal(tail, esp + 12);
    uint32_t first;
    assert_true(gm_read_u32(tail, &first));
    assert_int_equal(first, 42);
    assert_int_equal(arg(&c, 3), 43);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_named_members),
        cmocka_unit_test(test_stack_running_off_the_end),
        cmocka_unit_test(test_unreadable_stack),
        cmocka_unit_test(test_wide_members),
        cmocka_unit_test(test_variadic),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
