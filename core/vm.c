/* The guest address-space map: reserve/commit/protect/release with Windows'
 * rules (64 KB granularity, 4 KB pages), mirrored into host memory. */
#include "core/vm.h"

#include "core/vm_cow.h"
#include "core/vm_system.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

struct vm *g_vm;

#define GUEST_SPAN (1ull << 32)
#define PAGE_OF(a) ((uint32_t)(a) >> 12)

bool vm_prot_valid(uint32_t prot)
{
    uint32_t base = prot & 0xFFu;
    uint32_t mods = prot & ~0xFFu;
    if (mods & ~(PAGE_GUARD | PAGE_NOCACHE | PAGE_WRITECOMBINE))
        return false;
    /* exactly one base protection */
    if (base == 0 || (base & (base - 1)) != 0)
        return false;
    if (base == PAGE_NOACCESS && mods)
        return false;
    return true;
}

static int host_prot(const struct vm *vm, uint32_t prot)
{
    if (prot & PAGE_GUARD)
        return PROT_NONE; /* host accessors check the map; guard pages must fault */
    /* identity mode: the real CPU runs guest code from these pages, so
     * execute permission (DEP) is the host's too */
    int x = vm->identity ? PROT_EXEC : 0;
    int rx = vm->execute_readable ? x : 0;
    switch (prot & 0xFFu) {
    case PAGE_READONLY:
        return PROT_READ | rx;
    case PAGE_EXECUTE: case PAGE_EXECUTE_READ:
        return PROT_READ | x;
    case PAGE_READWRITE: case PAGE_WRITECOPY:
        return PROT_READ | PROT_WRITE | rx;
    case PAGE_EXECUTE_READWRITE: case PAGE_EXECUTE_WRITECOPY:
        return PROT_READ | PROT_WRITE | x;
    default:
        return PROT_NONE;
    }
}

/* Identity mode (native backend): guest address g is host address g. The
 * range is reserved once, before anything else can land there, and kept for
 * the life of the process; vm_destroy only drops its contents. */
#define IDENTITY_LO VM_GRANULARITY
#define IDENTITY_HI 0xFFFF0000ull
static bool identity_reserved;

bool vm_identity_reserve(char *why, size_t whysz)
{
    if (identity_reserved)
        return true;
    void *lo = (void *)(uintptr_t)IDENTITY_LO;
    void *p = mmap(lo, IDENTITY_HI - IDENTITY_LO, PROT_NONE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED_NOREPLACE, -1, 0);
    if (p == lo) {
        identity_reserved = true;
        return true;
    }
    if (p != MAP_FAILED) /* an old kernel that ignores MAP_FIXED_NOREPLACE */
        munmap(p, IDENTITY_HI - IDENTITY_LO);
    snprintf(why, whysz, "cannot reserve host addresses %#llx-%#llx for the guest (%s)",
             (unsigned long long)IDENTITY_LO, IDENTITY_HI,
             p != MAP_FAILED ? "the kernel placed it elsewhere"
             : errno == EEXIST ? "something is already mapped there" : strerror(errno));
    return false;
}

uint32_t vm_host_page_size(void)
{
    static uint32_t size;
    if (!size) {
        long v = sysconf(_SC_PAGESIZE);
        size = v > 0 ? (uint32_t)v : VM_PAGE_SIZE;
    }
    return size;
}

static NTSTATUS init_maps(struct vm *vm, uint8_t *host_base, bool identity, bool large_address_aware)
{
    vm->host_base = host_base;
    vm->host_page = vm_host_page_size();
    vm->identity = identity;
    vm->large_address_aware = large_address_aware;
    vm->user_limit = large_address_aware ? 0xFFFF0000u : 0x7FFF0000u;
    vm->state = calloc(VM_PAGES, 1);
    vm->prot = calloc(VM_PAGES, sizeof *vm->prot);
    vm->alloc_granule = calloc(VM_PAGES, sizeof *vm->alloc_granule);
    vm->alloc_prot = calloc(VM_PAGES, sizeof *vm->alloc_prot);
    vm->type = calloc(VM_PAGES, 1);
    if (!vm->state || !vm->prot || !vm->alloc_granule || !vm->alloc_prot || !vm->type) {
        vm_destroy(vm);
        return STATUS_NO_MEMORY;
    }
    return STATUS_SUCCESS;
}

NTSTATUS vm_init(struct vm *vm, bool large_address_aware)
{
    memset(vm, 0, sizeof *vm);
    uint32_t hp = vm_host_page_size();
    if (hp > VM_GRANULARITY || (hp & (hp - 1)))
        return STATUS_NOT_SUPPORTED; /* no such Linux host: aarch64 stops at 64 KB */
    void *base = mmap(NULL, GUEST_SPAN, PROT_NONE,
                      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (base == MAP_FAILED)
        return STATUS_NO_MEMORY;
    return init_maps(vm, base, false, large_address_aware);
}

NTSTATUS vm_init_identity(struct vm *vm, bool large_address_aware)
{
    char why[160];
    memset(vm, 0, sizeof *vm);
    if (vm_host_page_size() != VM_PAGE_SIZE) /* the CPU itself checks guest pages */
        return STATUS_NOT_SUPPORTED;
    if (!vm_identity_reserve(why, sizeof why))
        return STATUS_CONFLICTING_ADDRESSES;
    /* start empty even if an earlier map used the range */
    mmap((void *)(uintptr_t)IDENTITY_LO, IDENTITY_HI - IDENTITY_LO, PROT_NONE,
         MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED, -1, 0);
    return init_maps(vm, NULL, true, large_address_aware);
}

void vm_destroy(struct vm *vm)
{
    if (vm->identity)
        mmap((void *)(uintptr_t)IDENTITY_LO, IDENTITY_HI - IDENTITY_LO, PROT_NONE,
             MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED, -1, 0);
    else if (vm->host_base)
        munmap(vm->host_base, GUEST_SPAN);
    free(vm->state);
    free(vm->prot);
    free(vm->alloc_granule);
    free(vm->alloc_prot);
    free(vm->type);
    memset(vm, 0, sizeof *vm);
}

void vm_set_mirror(struct vm *vm, const struct vm_mirror *m)
{
    vm->mirror = *m;
}

static bool range_free(const struct vm *vm, gaddr addr, uint32_t size)
{
    for (uint32_t p = PAGE_OF(addr); p < PAGE_OF(addr) + size / VM_PAGE_SIZE; p++)
        if (vm->state[p] != VM_FREE)
            return false;
    return true;
}

static bool in_user_range(const struct vm *vm, gaddr addr, uint64_t size)
{
    return addr >= VM_GRANULARITY && size > 0 && (uint64_t)addr + size <= vm->user_limit;
}

static gaddr find_free(const struct vm *vm, uint32_t size, bool top_down)
{
    uint64_t lo = VM_GRANULARITY;
    uint64_t hi = (uint64_t)vm->user_limit - size;
    if (size > vm->user_limit - VM_GRANULARITY)
        return 0;
    if (top_down) {
        for (uint64_t a = hi & ~(uint64_t)(VM_GRANULARITY - 1); a >= lo; a -= VM_GRANULARITY)
            if (range_free(vm, (gaddr)a, size))
                return (gaddr)a;
        return 0;
    }
    for (uint64_t a = lo; a <= hi; a += VM_GRANULARITY)
        if (range_free(vm, (gaddr)a, size))
            return (gaddr)a;
    return 0;
}

static uint32_t round_up(uint32_t v, uint32_t to)
{
    return (uint32_t)(((uint64_t)v + to - 1) & ~(uint64_t)(to - 1));
}

bool vm_page_span(gaddr addr, uint32_t size, gaddr *start, uint32_t *bytes)
{
    uint64_t first = addr & ~(uint64_t)(VM_PAGE_SIZE - 1);
    uint64_t end = ((uint64_t)addr + size + VM_PAGE_SIZE - 1) & ~(uint64_t)(VM_PAGE_SIZE - 1);
    if (end > ((uint64_t)1 << 32) || end - first > UINT32_MAX)
        return false;
    *start = (gaddr)first;
    *bytes = (uint32_t)(end - first);
    return true;
}

NTSTATUS vm_reserve(struct vm *vm, gaddr *addr, uint32_t size, uint32_t flags,
                    uint32_t prot, enum vm_type type)
{
    if (size == 0)
        return STATUS_INVALID_PARAMETER;
    if (size > UINT32_MAX - (VM_PAGE_SIZE - 1))
        return STATUS_NO_MEMORY; /* larger than any address space */
    size = round_up(size, VM_PAGE_SIZE);
    gaddr base = *addr & ~(VM_GRANULARITY - 1);
    if (base == 0) {
        base = find_free(vm, size, flags & MEM_TOP_DOWN);
        if (base == 0)
            return STATUS_NO_MEMORY;
    } else {
        gaddr first;
        uint32_t span;
        if (!vm_page_span(*addr, size, &first, &span) || (uint64_t)(first - base) + span > UINT32_MAX)
            return STATUS_INVALID_PARAMETER;
        size = first - base + span;
        if (!in_user_range(vm, base, size))
            return STATUS_INVALID_PARAMETER;
        if (!range_free(vm, base, size))
            return STATUS_CONFLICTING_ADDRESSES;
    }
    for (uint32_t p = PAGE_OF(base); p < PAGE_OF(base) + size / VM_PAGE_SIZE; p++) {
        vm->state[p] = VM_RESERVED;
        vm->prot[p] = 0;
        vm->alloc_granule[p] = (uint16_t)(base >> 16);
        vm->alloc_prot[p] = (uint16_t)prot;
        vm->type[p] = (uint8_t)type;
    }
    if (vm->mirror.map)
        vm->mirror.map(vm->mirror.ctx, base, size);
    *addr = base;
    return STATUS_SUCCESS;
}

/* Every page of [addr, addr+size) must belong to one allocation and be at
 * least reserved; Windows refuses ranges that straddle allocations. */
static bool range_in_one_allocation(const struct vm *vm, gaddr addr, uint32_t size)
{
    uint32_t first = PAGE_OF(addr);
    if ((uint64_t)addr + size > GUEST_SPAN || vm->state[first] == VM_FREE)
        return false;
    for (uint32_t p = first; p < first + size / VM_PAGE_SIZE; p++)
        if (vm->state[p] == VM_FREE || vm->alloc_granule[p] != vm->alloc_granule[first])
            return false;
    return true;
}

/* Host pages larger than guest pages (aarch64 with 16 or 64 KB pages): each
 * host page covering [addr, addr + size) gets what its committed guest pages
 * need together. */
static void host_protect_shared(struct vm *vm, gaddr addr, uint32_t size)
{
    uint64_t hp = vm->host_page;
    for (uint64_t a = addr & ~(hp - 1); a < (uint64_t)addr + size; a += hp) {
        int prot = PROT_NONE;
        for (uint64_t g = a; g < a + hp; g += VM_PAGE_SIZE)
            if (vm->state[PAGE_OF(g)] == VM_COMMITTED)
                prot |= host_prot(vm, vm->prot[PAGE_OF(g)]);
        mprotect(vm->host_base + a, hp, prot);
    }
}

static void set_pages(struct vm *vm, gaddr addr, uint32_t size, uint8_t state, uint32_t prot)
{
    for (uint32_t p = PAGE_OF(addr); p < PAGE_OF(addr) + size / VM_PAGE_SIZE; p++) {
        vm->state[p] = state;
        vm->prot[p] = (uint16_t)prot;
    }
    if (vm->host_page > VM_PAGE_SIZE)
        host_protect_shared(vm, addr, size);
    else
        mprotect(vm->host_base + addr, size, state == VM_COMMITTED ? host_prot(vm, prot) : PROT_NONE);
    if (vm->mirror.protect)
        vm->mirror.protect(vm->mirror.ctx, addr, size, state == VM_COMMITTED ? prot : 0);
}

NTSTATUS vm_commit(struct vm *vm, gaddr addr, uint32_t size, uint32_t prot)
{
    if (!vm_prot_valid(prot))
        return STATUS_INVALID_PAGE_PROTECTION;
    gaddr start;
    if (!vm_page_span(addr, size, &start, &size) || size == 0 ||
        !range_in_one_allocation(vm, start, size))
        return STATUS_CONFLICTING_ADDRESSES;
    set_pages(vm, start, size, VM_COMMITTED, prot);
    return STATUS_SUCCESS;
}

NTSTATUS vm_alloc(struct vm *vm, gaddr *addr, uint32_t size, uint32_t prot, uint32_t flags)
{
    if (!vm_prot_valid(prot))
        return STATUS_INVALID_PAGE_PROTECTION;
    NTSTATUS st = vm_reserve(vm, addr, size, flags, prot, false);
    if (st != STATUS_SUCCESS)
        return st;
    return vm_commit(vm, *addr, size, prot);
}

/* Zeroes guest pages whose host pages are larger: whole host pages are
 * dropped; a host page shared with pages still committed is written, made
 * writable for the moment. */
static void host_zero_shared(struct vm *vm, gaddr start, uint32_t size)
{
    uint64_t hp = vm->host_page, end = (uint64_t)start + size;
    for (uint64_t a = start & ~(hp - 1); a < end; a += hp) {
        uint64_t lo = a < start ? start : a, hi = a + hp < end ? a + hp : end;
        if (lo == a && hi == a + hp) {
            madvise(vm->host_base + a, hp, MADV_DONTNEED);
            continue;
        }
        mprotect(vm->host_base + a, hp, PROT_READ | PROT_WRITE);
        memset(vm->host_base + lo, 0, hi - lo);
        host_protect_shared(vm, (gaddr)a, (uint32_t)hp);
    }
}

NTSTATUS vm_decommit(struct vm *vm, gaddr addr, uint32_t size)
{
    gaddr start;
    if (!vm_page_span(addr, size, &start, &size) || size == 0 ||
        !range_in_one_allocation(vm, start, size))
        return STATUS_MEMORY_NOT_ALLOCATED;
    set_pages(vm, start, size, VM_RESERVED, 0);
    /* decommitted memory reads back as zero when committed again */
    if (vm->host_page > VM_PAGE_SIZE)
        host_zero_shared(vm, start, size);
    else
        madvise(vm->host_base + start, size, MADV_DONTNEED);
    return STATUS_SUCCESS;
}

uint32_t vm_allocation_size(const struct vm *vm, gaddr base)
{
    uint32_t p = PAGE_OF(base);
    uint16_t g = (uint16_t)(base >> 16);
    while (p < VM_PAGES && vm->state[p] != VM_FREE && vm->alloc_granule[p] == g)
        p++;
    return (p - PAGE_OF(base)) * VM_PAGE_SIZE;
}

NTSTATUS vm_release(struct vm *vm, gaddr base)
{
    uint32_t first = PAGE_OF(base);
    if ((base & (VM_GRANULARITY - 1)) || vm->state[first] == VM_FREE ||
        vm->alloc_granule[first] != (base >> 16))
        return STATUS_MEMORY_NOT_ALLOCATED;
    uint32_t size = vm_allocation_size(vm, base);
    for (uint32_t p = first; p < first + size / VM_PAGE_SIZE; p++) {
        vm->state[p] = VM_FREE;
        vm->prot[p] = vm->alloc_prot[p] = vm->alloc_granule[p] = 0;
        vm->type[p] = 0;
    }
    vm_system_mark(base, VM_USER); /* the next allocation here is the guest's */
    mmap(vm->host_base + base, size, PROT_NONE,
         MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED, -1, 0);
    if (vm->mirror.unmap)
        vm->mirror.unmap(vm->mirror.ctx, base, size);
    return STATUS_SUCCESS;
}

NTSTATUS vm_map_file(struct vm *vm, gaddr base, uint32_t size, int fd, uint64_t offset, bool copy)
{
    uint32_t first = PAGE_OF(base);
    if ((base & (VM_GRANULARITY - 1)) || size == 0 || vm->type[first] != VM_TYPE_MAPPED ||
        vm_allocation_size(vm, base) < size)
        return STATUS_INVALID_PARAMETER;
    /* a host page larger than 4 KB stays inside the view's granule */
    uint32_t len = round_up(size, vm->host_page);
    void *want = vm->host_base + base;
    void *p = mmap(want, len, PROT_NONE, (copy ? MAP_PRIVATE : MAP_SHARED) | MAP_FIXED, fd, (off_t)offset);
    if (p == MAP_FAILED)
        return errno == ENOMEM ? STATUS_NO_MEMORY : STATUS_ACCESS_DENIED;
    /* the pages already committed (none yet for a fresh view) keep their protection */
    if (vm->host_page > VM_PAGE_SIZE)
        host_protect_shared(vm, base, size);
    return STATUS_SUCCESS;
}

NTSTATUS vm_sync(struct vm *vm, gaddr addr, uint32_t size)
{
    gaddr start;
    if (!vm_page_span(addr, size, &start, &size) || size == 0 || !range_in_one_allocation(vm, start, size))
        return STATUS_NOT_MAPPED_VIEW;
    uint64_t hp = vm->host_page;
    uint64_t lo = start & ~(hp - 1), hi = ((uint64_t)start + size + hp - 1) & ~(hp - 1);
    if (msync(vm->host_base + lo, hi - lo, MS_SYNC) != 0)
        return errno == ENOMEM ? STATUS_NOT_MAPPED_VIEW : STATUS_IO_DEVICE_ERROR;
    return STATUS_SUCCESS;
}

NTSTATUS vm_protect(struct vm *vm, gaddr addr, uint32_t size, uint32_t prot, uint32_t *old_prot)
{
    if (!vm_prot_valid(prot))
        return STATUS_INVALID_PAGE_PROTECTION;
    gaddr start;
    if (!vm_page_span(addr, size, &start, &size) || size == 0 ||
        !range_in_one_allocation(vm, start, size))
        return STATUS_CONFLICTING_ADDRESSES;
    for (uint32_t p = PAGE_OF(start); p < PAGE_OF(start) + size / VM_PAGE_SIZE; p++)
        if (vm->state[p] != VM_COMMITTED)
            return STATUS_NOT_MAPPED_VIEW;
    if (old_prot) {
        struct vm_cow_cache cow = { 0 };
        *old_prot = vm_cow_prot(vm, &cow, PAGE_OF(start));
    }
    set_pages(vm, start, size, VM_COMMITTED, prot);
    return STATUS_SUCCESS;
}

/* Pages a and b are one region for VirtualQuery: the protections compared
 * are the shown ones (a written copy-on-write page is read-write). */
static bool same_run(const struct vm *vm, struct vm_cow_cache *c, uint32_t a, uint32_t b, uint32_t b_prot)
{
    return vm->state[a] == vm->state[b] && vm->alloc_granule[a] == vm->alloc_granule[b] &&
           vm->type[a] == vm->type[b] && vm->prot[a] == vm->prot[b] && vm_cow_prot(vm, c, a) == b_prot;
}

NTSTATUS vm_query(const struct vm *vm, gaddr addr, struct vm_region_info *out)
{
    uint32_t first = PAGE_OF(addr);
    uint32_t p = first;
    bool is_free = vm->state[first] == VM_FREE;
    struct vm_cow_cache cow = { 0 };
    uint32_t prot = vm_cow_prot(vm, &cow, first);
    while (p + 1 < VM_PAGES && same_run(vm, &cow, p + 1, first, prot) &&
           (!is_free || (uint64_t)(p + 1) * VM_PAGE_SIZE < vm->user_limit))
        p++;
    memset(out, 0, sizeof *out);
    out->base = first * VM_PAGE_SIZE;
    out->size = (p - first + 1) * VM_PAGE_SIZE;
    if (is_free) {
        out->state = MEM_FREE;
        out->prot = PAGE_NOACCESS;
        return STATUS_SUCCESS;
    }
    out->alloc_base = (gaddr)vm->alloc_granule[first] << 16;
    out->alloc_prot = vm->alloc_prot[first];
    out->state = vm->state[first] == VM_COMMITTED ? MEM_COMMIT : MEM_RESERVE;
    out->prot = vm->state[first] == VM_COMMITTED ? prot : 0;
    out->type = vm->type[first] == VM_TYPE_IMAGE ? MEM_IMAGE
              : vm->type[first] == VM_TYPE_MAPPED ? MEM_MAPPED : MEM_PRIVATE;
    return STATUS_SUCCESS;
}
