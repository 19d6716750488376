/* ntdll's virtual-memory exports: in/out parameters read and written
 * through the checked accessors (a bad pointer is STATUS_ACCESS_VIOLATION,
 * as the kernel's probe would report). */
#include "syscalls/api.h"
#include "syscalls/ntdll/nt_memory.h"

static uint64_t allocate(struct thunk_call *c)
{
    uint32_t base, size;
    if (!gm_read_u32(arg(c, 1), &base) || !gm_read_u32(arg(c, 3), &size))
        return STATUS_ACCESS_VIOLATION;
    NTSTATUS st = nt_allocate(arg(c, 0), &base, arg(c, 2), &size, arg(c, 4), arg(c, 5));
    if (st == STATUS_SUCCESS && (!gm_write_u32(arg(c, 1), base) || !gm_write_u32(arg(c, 3), size)))
        return STATUS_ACCESS_VIOLATION;
    return st;
}

static uint64_t free_vm(struct thunk_call *c)
{
    uint32_t base, size;
    if (!gm_read_u32(arg(c, 1), &base) || !gm_read_u32(arg(c, 2), &size))
        return STATUS_ACCESS_VIOLATION;
    NTSTATUS st = nt_free(arg(c, 0), &base, &size, arg(c, 3));
    if (st == STATUS_SUCCESS && (!gm_write_u32(arg(c, 1), base) || !gm_write_u32(arg(c, 2), size)))
        return STATUS_ACCESS_VIOLATION;
    return st;
}

static uint64_t protect(struct thunk_call *c)
{
    uint32_t base, size, old = 0;
    if (!gm_read_u32(arg(c, 1), &base) || !gm_read_u32(arg(c, 2), &size) || !gm_writable(arg(c, 4), 4))
        return STATUS_ACCESS_VIOLATION;
    NTSTATUS st = nt_protect(arg(c, 0), &base, &size, arg(c, 3), &old);
    if (st == STATUS_SUCCESS) {
        gm_write_u32(arg(c, 1), base);
        gm_write_u32(arg(c, 2), size);
        gm_write_u32(arg(c, 4), old);
    }
    return st;
}

static uint64_t query(struct thunk_call *c)
{
    uint32_t len = 0;
    NTSTATUS st = nt_query(arg(c, 0), arg(c, 1), arg(c, 2), arg(c, 3), arg(c, 4), &len);
    if (st == STATUS_SUCCESS && arg(c, 5) && !gm_write_u32(arg(c, 5), len))
        return STATUS_ACCESS_VIOLATION;
    return st;
}

uint64_t ntdll_NtAllocateVirtualMemory(struct thunk_call *c) { return allocate(c); }
uint64_t ntdll_ZwAllocateVirtualMemory(struct thunk_call *c) { return allocate(c); }
uint64_t ntdll_NtFreeVirtualMemory(struct thunk_call *c) { return free_vm(c); }
uint64_t ntdll_ZwFreeVirtualMemory(struct thunk_call *c) { return free_vm(c); }
uint64_t ntdll_NtProtectVirtualMemory(struct thunk_call *c) { return protect(c); }
uint64_t ntdll_ZwProtectVirtualMemory(struct thunk_call *c) { return protect(c); }
uint64_t ntdll_NtQueryVirtualMemory(struct thunk_call *c) { return query(c); }
uint64_t ntdll_ZwQueryVirtualMemory(struct thunk_call *c) { return query(c); }
