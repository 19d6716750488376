/* Unit tests for core/vm.c: the guest address-space map with Windows'
 * rules (64 KB allocation granularity, 4 KB pages, 2 GB / 4 GB user space).
 * No CPU backend: the mirror callbacks are optional. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "core/vm.h"
#include "core/vm_system.h"

static struct vm vm;

static int setup_2gb(void **state)
{
    return vm_init(&vm, false) == STATUS_SUCCESS ? 0 : -1;
}

static int setup_4gb(void **state)
{
    return vm_init(&vm, true) == STATUS_SUCCESS ? 0 : -1;
}

static int teardown(void **state)
{
    vm_destroy(&vm);
    return 0;
}

static struct vm_region_info query(gaddr a)
{
    struct vm_region_info info;
    assert_int_equal(vm_query(&vm, a, &info), STATUS_SUCCESS);
    return info;
}

static gaddr reserve_at(gaddr a, uint32_t size)
{
    gaddr base = a;
    assert_int_equal(vm_reserve(&vm, &base, size, 0, PAGE_READWRITE, false), STATUS_SUCCESS);
    return base;
}

static void test_init_limits(void **state)
{
    struct vm v;
    assert_int_equal(vm_init(&v, false), STATUS_SUCCESS);
    assert_int_equal(v.user_limit, 0x7FFF0000u);
    assert_false(v.large_address_aware);
    vm_destroy(&v);
    assert_int_equal(vm_init(&v, true), STATUS_SUCCESS);
    assert_int_equal(v.user_limit, 0xFFFF0000u);
    assert_true(v.large_address_aware);
    vm_destroy(&v);
}

static void test_reserve_fixed(void **state)
{
    gaddr base = reserve_at(0x10000000u, 0x20000);
    assert_int_equal(base, 0x10000000u);
    struct vm_region_info i = query(0x10000000u);
    assert_int_equal(i.state, MEM_RESERVE);
    assert_int_equal(i.base, 0x10000000u);
    assert_int_equal(i.alloc_base, 0x10000000u);
    assert_int_equal(i.alloc_prot, PAGE_READWRITE);
    assert_int_equal(i.size, 0x20000);
    assert_int_equal(i.prot, 0);
    assert_int_equal(i.type, MEM_PRIVATE);
    /* an unaligned address is rounded down to its 64 KB granule */
    base = 0x10031234u;
    assert_int_equal(vm_reserve(&vm, &base, 0x1000, 0, PAGE_READWRITE, true), STATUS_SUCCESS);
    assert_int_equal(base, 0x10030000u);
    i = query(0x10031234u);
    assert_int_equal(i.base, 0x10031000u);
    assert_int_equal(i.alloc_base, 0x10030000u);
    assert_int_equal(i.type, MEM_IMAGE);
    assert_int_equal(vm_allocation_size(&vm, 0x10030000u), 0x3000);
}

static void test_reserve_conflicts(void **state)
{
    reserve_at(0x10000000u, 0x20000);
    gaddr a = 0x10010000u;
    assert_int_equal(vm_reserve(&vm, &a, 0x1000, 0, PAGE_READWRITE, false), STATUS_CONFLICTING_ADDRESSES);
    a = 0x0FFF0000u; /* runs into the allocation from below */
    assert_int_equal(vm_reserve(&vm, &a, 0x20000, 0, PAGE_READWRITE, false), STATUS_CONFLICTING_ADDRESSES);
    a = 0x10018000u; /* same granule as a page of the allocation */
    assert_int_equal(vm_reserve(&vm, &a, 0x1000, 0, PAGE_READWRITE, false), STATUS_CONFLICTING_ADDRESSES);
    /* the rest of a partly used granule stays unusable, as on Windows */
    reserve_at(0x20000000u, 0x1000);
    a = 0x20008000u;
    assert_int_equal(vm_reserve(&vm, &a, 0x1000, 0, PAGE_READWRITE, false), STATUS_CONFLICTING_ADDRESSES);
    a = 0x10020000u; /* right after it is fine */
    assert_int_equal(vm_reserve(&vm, &a, 0x1000, 0, PAGE_READWRITE, false), STATUS_SUCCESS);
}

static void test_reserve_bad_args(void **state)
{
    gaddr a = 0x10000000u;
    assert_int_equal(vm_reserve(&vm, &a, 0, 0, PAGE_READWRITE, false), STATUS_INVALID_PARAMETER);
    a = 0x7FFF0000u; /* at the user limit */
    assert_int_equal(vm_reserve(&vm, &a, 0x1000, 0, PAGE_READWRITE, false), STATUS_INVALID_PARAMETER);
    a = 0x7FFE0000u; /* crosses it */
    assert_int_equal(vm_reserve(&vm, &a, 0x20000, 0, PAGE_READWRITE, false), STATUS_INVALID_PARAMETER);
    a = 0x80000000u;
    assert_int_equal(vm_reserve(&vm, &a, 0x1000, 0, PAGE_READWRITE, false), STATUS_INVALID_PARAMETER);
}

static void test_bottom_up_and_granularity(void **state)
{
    gaddr a = 0, b = 0, c = 0;
    assert_int_equal(vm_reserve(&vm, &a, 0x1000, 0, PAGE_READWRITE, false), STATUS_SUCCESS);
    assert_int_equal(vm_reserve(&vm, &b, 0x1000, 0, PAGE_READWRITE, false), STATUS_SUCCESS);
    assert_int_equal(vm_reserve(&vm, &c, 0x11000, 0, PAGE_READWRITE, false), STATUS_SUCCESS);
    assert_int_equal(a, 0x10000u); /* the first 64 KB are never handed out */
    assert_int_equal(b, 0x20000u); /* one page still takes a whole granule */
    assert_int_equal(c, 0x30000u);
    gaddr d = 0;
    assert_int_equal(vm_reserve(&vm, &d, 0x1000, 0, PAGE_READWRITE, false), STATUS_SUCCESS);
    assert_int_equal(d, 0x50000u);
    /* a released hole is reused */
    assert_int_equal(vm_release(&vm, b), STATUS_SUCCESS);
    gaddr e = 0;
    assert_int_equal(vm_reserve(&vm, &e, 0x10000, 0, PAGE_READWRITE, false), STATUS_SUCCESS);
    assert_int_equal(e, 0x20000u);
}

static void test_top_down(void **state)
{
    gaddr a = 0, b = 0;
    assert_int_equal(vm_reserve(&vm, &a, 0x3000, MEM_TOP_DOWN, PAGE_READWRITE, false), STATUS_SUCCESS);
    assert_int_equal(a % VM_GRANULARITY, 0);
    assert_true(a + 0x3000 <= vm.user_limit);
    assert_int_equal(a, 0x7FFE0000u);
    assert_int_equal(vm_reserve(&vm, &b, 0x3000, MEM_TOP_DOWN, PAGE_READWRITE, false), STATUS_SUCCESS);
    assert_int_equal(b, 0x7FFD0000u);
}

static void test_commit_and_query(void **state)
{
    gaddr base = reserve_at(0x10000000u, 0x10000);
    assert_int_equal(vm_commit(&vm, base + 0x1000, 0x2000, PAGE_READWRITE), STATUS_SUCCESS);
    struct vm_region_info i = query(base);
    assert_int_equal(i.state, MEM_RESERVE);
    assert_int_equal(i.size, 0x1000);
    i = query(base + 0x1800);
    assert_int_equal(i.state, MEM_COMMIT);
    assert_int_equal(i.base, base + 0x1000);
    assert_int_equal(i.size, 0x2000);
    assert_int_equal(i.prot, PAGE_READWRITE);
    assert_int_equal(i.alloc_base, base);
    i = query(base + 0x3000);
    assert_int_equal(i.state, MEM_RESERVE);
    assert_int_equal(i.size, 0xD000);
    /* committed memory is usable from the host view and reads as zero */
    uint8_t *h = vm_host(&vm, base + 0x1000);
    assert_int_equal(h[0], 0);
    h[0] = 0x5A;
    /* a partial page at the end still commits the whole page */
    assert_int_equal(vm_commit(&vm, base + 0x4010, 0x10, PAGE_READONLY), STATUS_SUCCESS);
    i = query(base + 0x4000);
    assert_int_equal(i.size, 0x1000);
    assert_int_equal(i.prot, PAGE_READONLY);
}

static void test_commit_outside(void **state)
{
    gaddr base = reserve_at(0x10000000u, 0x10000);
    reserve_at(0x10010000u, 0x10000);
    assert_int_equal(vm_commit(&vm, 0x20000000u, 0x1000, PAGE_READWRITE), STATUS_CONFLICTING_ADDRESSES);
    /* straddles two allocations */
    assert_int_equal(vm_commit(&vm, base + 0xF000, 0x2000, PAGE_READWRITE), STATUS_CONFLICTING_ADDRESSES);
    /* runs past the end of the allocation into free memory */
    gaddr c = reserve_at(0x30000000u, 0x2000);
    assert_int_equal(vm_commit(&vm, c, 0x3000, PAGE_READWRITE), STATUS_CONFLICTING_ADDRESSES);
    assert_int_equal(vm_commit(&vm, base, 0x1000, 0x3), STATUS_INVALID_PAGE_PROTECTION);
    assert_int_equal(query(base).state, MEM_RESERVE);
}

static void test_protect_and_merge(void **state)
{
    gaddr base = reserve_at(0x10000000u, 0x10000);
    assert_int_equal(vm_commit(&vm, base, 0x4000, PAGE_READWRITE), STATUS_SUCCESS);
    uint32_t old = 0;
    assert_int_equal(vm_protect(&vm, base + 0x1000, 0x1000, PAGE_READONLY, &old), STATUS_SUCCESS);
    assert_int_equal(old, PAGE_READWRITE);
    struct vm_region_info i = query(base);
    assert_int_equal(i.size, 0x1000);
    i = query(base + 0x1000);
    assert_int_equal(i.prot, PAGE_READONLY);
    assert_int_equal(i.size, 0x1000);
    i = query(base + 0x2000);
    assert_int_equal(i.prot, PAGE_READWRITE);
    assert_int_equal(i.size, 0x2000);
    /* back to the same protection: one region again */
    assert_int_equal(vm_protect(&vm, base + 0x1000, 0x1000, PAGE_READWRITE, &old), STATUS_SUCCESS);
    assert_int_equal(old, PAGE_READONLY);
    i = query(base);
    assert_int_equal(i.size, 0x4000);
    /* guard and execute protections are kept as given */
    assert_int_equal(vm_protect(&vm, base, 0x1000, PAGE_READWRITE | PAGE_GUARD, NULL), STATUS_SUCCESS);
    assert_int_equal(query(base).prot, PAGE_READWRITE | PAGE_GUARD);
    assert_int_equal(vm_protect(&vm, base, 0x1000, PAGE_EXECUTE_READ, NULL), STATUS_SUCCESS);
    assert_int_equal(query(base).prot, PAGE_EXECUTE_READ);
    /* invalid protections and uncommitted pages are refused */
    assert_int_equal(vm_protect(&vm, base, 0x1000, PAGE_READONLY | PAGE_READWRITE, NULL),
                     STATUS_INVALID_PAGE_PROTECTION);
    assert_int_not_equal(vm_protect(&vm, base + 0x4000, 0x1000, PAGE_READONLY, NULL), STATUS_SUCCESS);
    assert_int_not_equal(vm_protect(&vm, 0x20000000u, 0x1000, PAGE_READONLY, NULL), STATUS_SUCCESS);
    assert_int_equal(query(base + 0x4000).state, MEM_RESERVE);
}

static void test_decommit(void **state)
{
    gaddr base = reserve_at(0x10000000u, 0x10000);
    assert_int_equal(vm_commit(&vm, base, 0x3000, PAGE_READWRITE), STATUS_SUCCESS);
    uint8_t *h = vm_host(&vm, base + 0x1000);
    h[5] = 0x77;
    assert_int_equal(vm_decommit(&vm, base + 0x1000, 0x1000), STATUS_SUCCESS);
    struct vm_region_info i = query(base + 0x1000);
    assert_int_equal(i.state, MEM_RESERVE);
    assert_int_equal(i.prot, 0);
    assert_int_equal(i.size, 0x1000);
    assert_int_equal(i.alloc_base, base);
    assert_int_equal(query(base).state, MEM_COMMIT);
    assert_int_equal(query(base + 0x2000).state, MEM_COMMIT);
    /* committed again, it reads back as zero */
    assert_int_equal(vm_commit(&vm, base + 0x1000, 0x1000, PAGE_READWRITE), STATUS_SUCCESS);
    assert_int_equal(h[5], 0);
    assert_int_equal(vm_decommit(&vm, 0x20000000u, 0x1000), STATUS_MEMORY_NOT_ALLOCATED);
}

static void test_release(void **state)
{
    gaddr base = reserve_at(0x10000000u, 0x30000);
    assert_int_equal(vm_commit(&vm, base, 0x30000, PAGE_READWRITE), STATUS_SUCCESS);
    assert_int_equal(vm_release(&vm, base + 0x1000), STATUS_MEMORY_NOT_ALLOCATED);
    assert_int_equal(vm_release(&vm, base + 0x10000), STATUS_MEMORY_NOT_ALLOCATED);
    assert_int_equal(vm_release(&vm, 0x20000000u), STATUS_MEMORY_NOT_ALLOCATED);
    assert_int_equal(query(base).state, MEM_COMMIT);
    assert_int_equal(vm_release(&vm, base), STATUS_SUCCESS);
    struct vm_region_info i = query(base + 0x20000);
    assert_int_equal(i.state, MEM_FREE);
    assert_int_equal(i.prot, PAGE_NOACCESS);
    assert_int_equal(i.alloc_base, 0);
    assert_int_equal(i.type, 0);
    assert_int_equal(vm_release(&vm, base), STATUS_MEMORY_NOT_ALLOCATED);
    /* the whole range is free again */
    assert_int_equal(reserve_at(base, 0x30000), base);
}

static void test_free_region_query(void **state)
{
    reserve_at(0x10000000u, 0x10000);
    struct vm_region_info i = query(0x0F000000u);
    assert_int_equal(i.state, MEM_FREE);
    assert_int_equal(i.base, 0x0F000000u);
    assert_int_equal(i.size, 0x01000000u); /* up to the allocation */
    i = query(0x10010000u);
    assert_int_equal(i.state, MEM_FREE);
    assert_int_equal(i.base + i.size, vm.user_limit); /* free up to the user limit */
}

static void test_alloc(void **state)
{
    gaddr a = 0;
    assert_int_equal(vm_alloc(&vm, &a, 0x2000, PAGE_READWRITE, 0), STATUS_SUCCESS);
    struct vm_region_info i = query(a);
    assert_int_equal(i.state, MEM_COMMIT);
    assert_int_equal(i.size, 0x2000);
    assert_int_equal(i.alloc_prot, PAGE_READWRITE);
    gaddr b = 0;
    assert_int_equal(vm_alloc(&vm, &b, 0x1000, 0x1234, 0), STATUS_INVALID_PAGE_PROTECTION);
}

/* Fills the whole map, largest pieces first: a 2 GB map never hands out
 * an address at or above 0x80000000. */
static void test_exhaust_2gb(void **state)
{
    uint64_t total = 0;
    uint32_t size = 0x40000000u;
    gaddr highest = 0;
    for (;;) {
        gaddr a = 0;
        NTSTATUS st = vm_reserve(&vm, &a, size, 0, PAGE_NOACCESS, false);
        if (st == STATUS_SUCCESS) {
            assert_true(a >= VM_GRANULARITY);
            assert_true((uint64_t)a + size <= 0x7FFF0000u);
            assert_int_equal(a % VM_GRANULARITY, 0);
            total += size;
            highest = a > highest ? a : highest;
            continue;
        }
        assert_int_equal(st, STATUS_NO_MEMORY);
        if (size == VM_GRANULARITY)
            break;
        size /= 2;
    }
    assert_true(highest < 0x80000000u);
    assert_int_equal(total, 0x7FFF0000u - VM_GRANULARITY);
    gaddr a = 0;
    assert_int_equal(vm_reserve(&vm, &a, 0x1000, MEM_TOP_DOWN, PAGE_NOACCESS, false), STATUS_NO_MEMORY);
}

static void test_4gb_high_addresses(void **state)
{
    /* a bigger-than-2-GB reservation fits */
    gaddr d = 0;
    assert_int_equal(vm_reserve(&vm, &d, 0x90000000u, 0, PAGE_NOACCESS, false), STATUS_SUCCESS);
    assert_int_equal(d, VM_GRANULARITY);
    assert_int_equal(vm_release(&vm, d), STATUS_SUCCESS);
    gaddr a = reserve_at(0x80000000u, 0x10000);
    assert_int_equal(a, 0x80000000u);
    a = reserve_at(0xFFFE0000u, 0x10000); /* the last granule below the limit */
    assert_int_equal(a, 0xFFFE0000u);
    assert_int_equal(vm_commit(&vm, a, 0x10000, PAGE_READWRITE), STATUS_SUCCESS);
    struct vm_region_info i = query(0xFFFEF000u);
    assert_int_equal(i.state, MEM_COMMIT);
    assert_int_equal(i.base + i.size, 0xFFFF0000u);
    ((uint8_t *)vm_host(&vm, 0xFFFEFFFFu))[0] = 1;
    gaddr b = 0xFFFF0000u;
    assert_int_equal(vm_reserve(&vm, &b, 0x1000, 0, PAGE_READWRITE, false), STATUS_INVALID_PARAMETER);
    gaddr c = 0;
    assert_int_equal(vm_reserve(&vm, &c, 0x1000, MEM_TOP_DOWN, PAGE_READWRITE, false), STATUS_SUCCESS);
    assert_int_equal(c, 0xFFFD0000u);
}

struct mirror_log {
    int maps, unmaps, protects;
    gaddr last_base;
    uint32_t last_size, last_prot;
};

static void m_map(void *ctx, gaddr base, uint32_t size)
{
    struct mirror_log *l = ctx;
    l->maps++;
    l->last_base = base;
    l->last_size = size;
}

static void m_unmap(void *ctx, gaddr base, uint32_t size)
{
    struct mirror_log *l = ctx;
    l->unmaps++;
    l->last_base = base;
    l->last_size = size;
}

static void m_protect(void *ctx, gaddr base, uint32_t size, uint32_t prot)
{
    struct mirror_log *l = ctx;
    l->protects++;
    l->last_base = base;
    l->last_size = size;
    l->last_prot = prot;
}

static void test_mirror(void **state)
{
    struct mirror_log log = { 0 };
    vm_set_mirror(&vm, &(struct vm_mirror){ &log, m_map, m_unmap, m_protect });
    gaddr base = reserve_at(0x10000000u, 0x5000);
    assert_int_equal(log.maps, 1);
    assert_int_equal(log.last_size, 0x5000);
    assert_int_equal(vm_commit(&vm, base + 0x1000, 0x1000, PAGE_READONLY), STATUS_SUCCESS);
    assert_int_equal(log.protects, 1);
    assert_int_equal(log.last_base, base + 0x1000);
    assert_int_equal(log.last_prot, PAGE_READONLY);
    assert_int_equal(vm_decommit(&vm, base + 0x1000, 0x1000), STATUS_SUCCESS);
    assert_int_equal(log.last_prot, 0);
    assert_int_equal(vm_release(&vm, base), STATUS_SUCCESS);
    assert_int_equal(log.unmaps, 1);
    assert_int_equal(log.last_base, base);
    assert_int_equal(log.last_size, 0x5000);
}

static void test_prot_valid(void **state)
{
    assert_true(vm_prot_valid(PAGE_READWRITE));
    assert_true(vm_prot_valid(PAGE_EXECUTE_READ | PAGE_GUARD));
    assert_false(vm_prot_valid(0));
    assert_false(vm_prot_valid(PAGE_READONLY | PAGE_READWRITE));
    assert_false(vm_prot_valid(PAGE_NOACCESS | PAGE_GUARD));
    assert_false(vm_prot_valid(0x800));
}

static void test_page_span(void **state)
{
    (void)state;
    gaddr start;
    uint32_t bytes;
    assert_true(vm_page_span(0x10010, 0x1000, &start, &bytes));
    assert_int_equal(start, 0x10000);
    assert_int_equal(bytes, 0x2000);
    assert_true(vm_page_span(0xFFFFF000u, 0x1000, &start, &bytes));
    assert_int_equal(bytes, 0x1000);
    /* sizes that wrap the 32-bit space are refused, not truncated */
    assert_false(vm_page_span(0x10010, 0xFFFFFFFFu, &start, &bytes));
    assert_false(vm_page_span(0xFFFFF001u, 0x1000, &start, &bytes));
    assert_false(vm_page_span(0, 0xFFFFFFFFu, &start, &bytes));
}

/* A guest size of 0xFFFFFFFF once wrapped to a single page and "succeeded". */
static void test_wrapping_sizes(void **state)
{
    gaddr base = reserve_at(0x10000000u, 0x10000);
    assert_int_equal(vm_commit(&vm, base, 0x3000, PAGE_READWRITE), STATUS_SUCCESS);
    assert_int_equal(vm_protect(&vm, base + 0x10, 0xFFFFFFFFu, PAGE_READONLY, NULL),
                     STATUS_CONFLICTING_ADDRESSES);
    assert_int_equal(query(base).prot, PAGE_READWRITE);
    assert_int_equal(vm_decommit(&vm, base + 0x10, 0xFFFFFFFFu), STATUS_MEMORY_NOT_ALLOCATED);
    assert_int_equal(query(base).state, MEM_COMMIT);
    assert_int_equal(vm_commit(&vm, base + 0x10, 0xFFFFFFFFu, PAGE_READWRITE), STATUS_CONFLICTING_ADDRESSES);
    gaddr any = 0;
    assert_int_equal(vm_reserve(&vm, &any, 0xFFFFFFFFu, 0, PAGE_READWRITE, false), STATUS_NO_MEMORY);
    gaddr fixed = 0x20000010u;
    assert_int_equal(vm_reserve(&vm, &fixed, 0xFFFFE000u, 0, PAGE_READWRITE, false), STATUS_INVALID_PARAMETER);
}

/* aarch64 kernels with 16 KB or 64 KB pages: one host page holds several
 * guest pages with their own states. Simulated on this host (its pages are
 * smaller, so every range the map then uses is still a valid one). A host
 * page gets what its committed guest pages need together, and a decommit
 * zeroes only its own guest pages. */
static void large_host_pages(uint32_t host_page)
{
    vm.host_page = host_page;
    gaddr base = reserve_at(0x10000000, VM_GRANULARITY);
    assert_int_equal(vm_commit(&vm, base, 2 * VM_PAGE_SIZE, PAGE_READWRITE), STATUS_SUCCESS);
    uint8_t *a = vm_host(&vm, base), *b = vm_host(&vm, base + VM_PAGE_SIZE);
    memset(a, 0xAA, VM_PAGE_SIZE); /* a fault here would end the test */
    memset(b, 0xBB, VM_PAGE_SIZE);
    /* a neighbour made inaccessible leaves the host page usable for the other */
    assert_int_equal(vm_protect(&vm, base, VM_PAGE_SIZE, PAGE_NOACCESS, NULL), STATUS_SUCCESS);
    b[7] = 0xB7;
    assert_int_equal(vm_protect(&vm, base, VM_PAGE_SIZE, PAGE_READONLY, NULL), STATUS_SUCCESS);
    assert_int_equal(vm_decommit(&vm, base + VM_PAGE_SIZE, VM_PAGE_SIZE), STATUS_SUCCESS);
    assert_int_equal(a[VM_PAGE_SIZE - 1], 0xAA); /* still readable, still there */
    assert_int_equal(vm_commit(&vm, base + VM_PAGE_SIZE, VM_PAGE_SIZE, PAGE_READWRITE), STATUS_SUCCESS);
    for (uint32_t i = 0; i < VM_PAGE_SIZE; i++)
        assert_int_equal(b[i], 0); /* decommitted memory comes back zero */
    assert_int_equal(a[0], 0xAA);
    /* a decommit of whole host pages; a release, and the range is fresh */
    assert_int_equal(vm_commit(&vm, base, VM_GRANULARITY, PAGE_READWRITE), STATUS_SUCCESS);
    memset(a, 0xCC, VM_GRANULARITY);
    assert_int_equal(vm_decommit(&vm, base, VM_GRANULARITY), STATUS_SUCCESS);
    assert_int_equal(vm_commit(&vm, base + 3 * VM_PAGE_SIZE, VM_PAGE_SIZE, PAGE_READWRITE), STATUS_SUCCESS);
    assert_int_equal(a[3 * VM_PAGE_SIZE], 0);
    assert_int_equal(vm_release(&vm, base), STATUS_SUCCESS);
    assert_int_equal(reserve_at(base, VM_PAGE_SIZE), base);
    assert_int_equal(vm_commit(&vm, base, VM_PAGE_SIZE, PAGE_READWRITE), STATUS_SUCCESS);
    assert_int_equal(a[0], 0);
}

static void test_host_pages_16k(void **state) { large_host_pages(0x4000); }
static void test_host_pages_64k(void **state) { large_host_pages(0x10000); }

/* What the NT services refuse for system allocations (core/vm_system.c). */
static void test_system_allocations(void **state)
{
    gaddr ro = reserve_at(0x7FFE0000u, 0x10000), teb = reserve_at(0x7EFD0000u, 0x10000);
    gaddr img = 0x00400000u, mine = reserve_at(0x10000000u, 0x10000);
    assert_int_equal(vm_reserve(&vm, &img, 0x10000, 0, PAGE_EXECUTE_WRITECOPY, true), STATUS_SUCCESS);
    for (gaddr a = ro; a <= mine; a += 0x10000)
        if (query(a).state != MEM_FREE)
            assert_int_equal(vm_commit(&vm, a, 0x1000, PAGE_READWRITE), STATUS_SUCCESS);
    vm_system_mark(ro, VM_SYSTEM_READONLY);
    vm_system_mark(teb, VM_SYSTEM_SECURED);

    assert_int_equal(vm_system_check_protect(&vm, ro, PAGE_READONLY), STATUS_INVALID_PAGE_PROTECTION);
    assert_int_equal(vm_system_check_free(&vm, ro), STATUS_INVALID_PAGE_PROTECTION);
    assert_int_equal(vm_system_check_protect(&vm, teb, PAGE_READONLY), STATUS_INVALID_PAGE_PROTECTION);
    assert_int_equal(vm_system_check_protect(&vm, teb, PAGE_READWRITE | PAGE_GUARD),
                     STATUS_INVALID_PAGE_PROTECTION);
    assert_int_equal(vm_system_check_protect(&vm, teb, PAGE_EXECUTE_READWRITE), STATUS_SUCCESS);
    assert_int_equal(vm_system_check_free(&vm, teb), STATUS_INVALID_PAGE_PROTECTION);
    /* an image is changed, never freed, by these services */
    assert_int_equal(vm_system_check_protect(&vm, img, PAGE_READWRITE), STATUS_SUCCESS);
    assert_int_equal(vm_system_check_free(&vm, img), STATUS_UNABLE_TO_DELETE_SECTION);
    assert_int_equal(vm_system_check_free(&vm, mine), STATUS_SUCCESS);
    assert_int_equal(vm_system_check_protect(&vm, mine, PAGE_NOACCESS), STATUS_SUCCESS);

    /* released by the system, the place is the guest's again */
    assert_int_equal(vm_release(&vm, ro), STATUS_SUCCESS);
    assert_int_equal(reserve_at(ro, 0x10000), ro);
    assert_int_equal(vm_system_kind_of(&vm, ro), VM_USER);
    assert_int_equal(vm_system_check_free(&vm, ro), STATUS_SUCCESS);
    vm_system_mark(teb, VM_USER);
}

#define T2(f) cmocka_unit_test_setup_teardown(f, setup_2gb, teardown)
#define T4(f) cmocka_unit_test_setup_teardown(f, setup_4gb, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_init_limits),
        T2(test_reserve_fixed),
        T2(test_reserve_conflicts),
        T2(test_reserve_bad_args),
        T2(test_bottom_up_and_granularity),
        T2(test_top_down),
        T2(test_commit_and_query),
        T2(test_commit_outside),
        T2(test_protect_and_merge),
        T2(test_decommit),
        T2(test_release),
        T2(test_free_region_query),
        T2(test_alloc),
        T2(test_exhaust_2gb),
        T4(test_4gb_high_addresses),
        T2(test_mirror),
        T2(test_host_pages_16k),
        T2(test_host_pages_64k),
        cmocka_unit_test(test_prot_valid),
        cmocka_unit_test(test_page_span),
        T2(test_wrapping_sizes),
        T2(test_system_allocations),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
