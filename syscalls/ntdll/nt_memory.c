/* NT virtual-memory services over the address-space map, with the
 * rounding, validation order and status codes of the Windows kernel. */
#include "syscalls/ntdll/nt_memory.h"

#include "core/guest_mem.h"
#include "core/handles.h"
#include "core/trace.h"
#include "core/vm_system.h"
#include "syscalls/ntdll/nt_section.h"
#include "syscalls/ntdll/struct32_system.h"

static bool is_self(uint32_t process)
{
    return process == CURRENT_PROCESS_HANDLE;
}

static uint32_t round_up(uint64_t v, uint32_t to)
{
    return (uint32_t)((v + to - 1) & ~(uint64_t)(to - 1));
}

static NTSTATUS reserve(gaddr *base, uint32_t zero_bits, uint32_t *size, uint32_t type, uint32_t prot)
{
    gaddr start = *base & ~(VM_GRANULARITY - 1);
    uint32_t len = *base ? round_up((uint64_t)*base + *size, VM_PAGE_SIZE) - start
                         : round_up(*size, VM_PAGE_SIZE);
    gaddr want = start;
    NTSTATUS st = vm_reserve(g_vm, &want, len, type & MEM_TOP_DOWN, prot, false);
    if (st != STATUS_SUCCESS)
        return st;
    /* ZeroBits: the address must have that many high zero bits */
    if (zero_bits && zero_bits <= 21 && (uint64_t)want + len > (1ull << (32 - zero_bits))) {
        vm_release(g_vm, want);
        return STATUS_NO_MEMORY;
    }
    *base = want;
    *size = len;
    return STATUS_SUCCESS;
}

static NTSTATUS allocate(uint32_t process, gaddr *base, uint32_t zero_bits, uint32_t *size,
                         uint32_t type, uint32_t prot)
{
    if (!is_self(process))
        return STATUS_INVALID_HANDLE;
    if (zero_bits > 21)
        return STATUS_INVALID_PARAMETER_3;
    if (*size == 0 || *size > g_vm->user_limit)
        return STATUS_INVALID_PARAMETER_4;
    if (type & ~(MEM_COMMIT | MEM_RESERVE | MEM_RESET | MEM_TOP_DOWN))
        return STATUS_INVALID_PARAMETER;
    if (!(type & (MEM_COMMIT | MEM_RESERVE | MEM_RESET)))
        return STATUS_INVALID_PARAMETER;
    if (!vm_prot_valid(prot))
        return STATUS_INVALID_PAGE_PROTECTION;
    if (*base && (uint64_t)*base + *size > g_vm->user_limit)
        return STATUS_INVALID_PARAMETER;
    if (type & MEM_RESET) { /* contents may be discarded; keeping them is allowed */
        if (type & (MEM_COMMIT | MEM_RESERVE))
            return STATUS_INVALID_PARAMETER;
        gaddr start = *base & ~(VM_PAGE_SIZE - 1);
        *size = round_up((uint64_t)*base + *size, VM_PAGE_SIZE) - start;
        *base = start;
        return gm_readable(start, 1) || gm_writable(start, 1) ? STATUS_SUCCESS : STATUS_CONFLICTING_ADDRESSES;
    }
    if (*base == 0 && (type & MEM_COMMIT)) /* committing at NULL reserves too */
        type |= MEM_RESERVE;
    if (type & MEM_RESERVE) {
        NTSTATUS st = reserve(base, zero_bits, size, type, prot);
        if (st != STATUS_SUCCESS || !(type & MEM_COMMIT))
            return st;
        st = vm_commit(g_vm, *base, *size, prot);
        if (st != STATUS_SUCCESS)
            vm_release(g_vm, *base);
        return st;
    }
    gaddr start = *base & ~(VM_PAGE_SIZE - 1);
    uint32_t len = round_up((uint64_t)*base + *size, VM_PAGE_SIZE) - start;
    NTSTATUS st = nt_view_protect_allowed(start, prot); /* a commit in a SEC_RESERVE view */
    if (st == STATUS_SUCCESS)
        st = vm_commit(g_vm, start, len, prot);
    if (st == STATUS_SUCCESS) {
        nt_view_committed(start, len);
        *base = start;
        *size = len;
    }
    return st;
}

static NTSTATUS free_vm(uint32_t process, gaddr *base, uint32_t *size, uint32_t type)
{
    if (!is_self(process))
        return STATUS_INVALID_HANDLE;
    struct vm_region_info info;
    vm_query(g_vm, *base, &info);
    if (info.state == MEM_FREE)
        return STATUS_MEMORY_NOT_ALLOCATED;
    NTSTATUS refused = vm_system_check_free(g_vm, *base);
    if (refused != STATUS_SUCCESS)
        return refused;
    if (info.type == MEM_MAPPED) /* views go with NtUnmapViewOfSection */
        return STATUS_UNABLE_TO_FREE_VM;
    uint32_t total = vm_allocation_size(g_vm, info.alloc_base);
    if (type == MEM_RELEASE) {
        /* the whole allocation: size 0 from its base, or exactly its extent */
        if (*size == 0 && *base != info.alloc_base)
            return STATUS_FREE_VM_NOT_AT_BASE;
        if (*size != 0 && ((*base & ~(VM_PAGE_SIZE - 1)) != info.alloc_base ||
                           round_up((uint64_t)(*base & (VM_PAGE_SIZE - 1)) + *size, VM_PAGE_SIZE) != total))
            return STATUS_UNABLE_TO_FREE_VM;
        NTSTATUS st = vm_release(g_vm, info.alloc_base);
        if (st == STATUS_SUCCESS) {
            *base = info.alloc_base;
            *size = total;
        }
        return st;
    }
    if (type != MEM_DECOMMIT)
        return STATUS_INVALID_PARAMETER;
    gaddr start = *base & ~(VM_PAGE_SIZE - 1);
    uint32_t len = info.alloc_base + total - start;
    if (*size && !vm_page_span(*base, *size, &start, &len))
        return STATUS_UNABLE_TO_FREE_VM;
    if ((uint64_t)start + len > (uint64_t)info.alloc_base + total)
        return STATUS_UNABLE_TO_FREE_VM;
    NTSTATUS st = vm_decommit(g_vm, start, len);
    if (st == STATUS_SUCCESS) {
        *base = start;
        *size = len;
    }
    return st;
}

static NTSTATUS protect(uint32_t process, gaddr *base, uint32_t *size, uint32_t prot, uint32_t *old)
{
    if (!is_self(process))
        return STATUS_INVALID_HANDLE;
    if (!vm_prot_valid(prot))
        return STATUS_INVALID_PAGE_PROTECTION;
    gaddr start;
    uint32_t len;
    if (!vm_page_span(*base, *size ? *size : 1, &start, &len))
        return STATUS_CONFLICTING_ADDRESSES;
    for (gaddr a = start; a - start < len; a += VM_PAGE_SIZE) {
        struct vm_region_info info;
        vm_query(g_vm, a, &info);
        if (info.state == MEM_FREE)
            return STATUS_CONFLICTING_ADDRESSES;
        if (info.state != MEM_COMMIT)
            return STATUS_NOT_COMMITTED;
        NTSTATUS refused = vm_system_check_protect(g_vm, a, prot);
        if (refused != STATUS_SUCCESS)
            return refused;
    }
    NTSTATUS st = nt_view_protect_allowed(start, prot);
    if (st == STATUS_SUCCESS)
        st = vm_protect(g_vm, start, len, prot, old);
    if (st == STATUS_SUCCESS) {
        *base = start;
        *size = len;
    }
    return st;
}

static NTSTATUS query(uint32_t process, gaddr addr, uint32_t info_class, gaddr buf, uint32_t len,
                      uint32_t *ret_len)
{
    if (!is_self(process))
        return STATUS_INVALID_HANDLE;
    if (info_class != 0) /* MemoryBasicInformation */
        return STATUS_INVALID_INFO_CLASS;
    if (len < sizeof(MEMORY_BASIC_INFORMATION32))
        return STATUS_INFO_LENGTH_MISMATCH;
    if (addr >= g_vm->user_limit)
        return STATUS_INVALID_PARAMETER;
    struct vm_region_info i;
    vm_query(g_vm, addr, &i);
    MEMORY_BASIC_INFORMATION32 mbi = {
        .BaseAddress = i.base, .AllocationBase = i.alloc_base, .AllocationProtect = i.alloc_prot,
        .RegionSize = i.size, .State = i.state, .Protect = i.prot, .Type = i.type,
    };
    if (!gm_write(buf, &mbi, sizeof mbi))
        return STATUS_ACCESS_VIOLATION;
    if (ret_len)
        *ret_len = sizeof mbi;
    return STATUS_SUCCESS;
}

/* The services as kernel32's Virtual* functions issue them: each shows in
 * the trace as a nested NT call (when the guest called the ntdll export
 * itself, that call is the NT event and nothing nests). */
NTSTATUS nt_allocate(uint32_t process, gaddr *base, uint32_t zero_bits, uint32_t *size,
                     uint32_t type, uint32_t prot)
{
    int tr = TRACE_NT_BEGIN("NtAllocateVirtualMemory",
                            "h ProcessHandle, x BaseAddress, x ZeroBits, x RegionSize, x AllocationType, x Protect",
                            process, *base, zero_bits, *size, type, prot);
    NTSTATUS st = allocate(process, base, zero_bits, size, type, prot);
    TRACE_NT_END(tr, st, "x BaseAddress, x RegionSize", *base, *size);
    return st;
}

NTSTATUS nt_free(uint32_t process, gaddr *base, uint32_t *size, uint32_t type)
{
    int tr = TRACE_NT_BEGIN("NtFreeVirtualMemory", "h ProcessHandle, x BaseAddress, x RegionSize, x FreeType",
                            process, *base, *size, type);
    NTSTATUS st = free_vm(process, base, size, type);
    TRACE_NT_END(tr, st, "x BaseAddress, x RegionSize", *base, *size);
    return st;
}

NTSTATUS nt_protect(uint32_t process, gaddr *base, uint32_t *size, uint32_t prot, uint32_t *old)
{
    int tr = TRACE_NT_BEGIN("NtProtectVirtualMemory",
                            "h ProcessHandle, x BaseAddress, x RegionSize, x NewProtect",
                            process, *base, *size, prot);
    NTSTATUS st = protect(process, base, size, prot, old);
    TRACE_NT_END(tr, st, "x BaseAddress, x RegionSize, x OldProtect", *base, *size,
                 st == STATUS_SUCCESS ? *old : 0);
    return st;
}

NTSTATUS nt_query(uint32_t process, gaddr addr, uint32_t info_class, gaddr buf, uint32_t len,
                  uint32_t *ret_len)
{
    int tr = TRACE_NT_BEGIN("NtQueryVirtualMemory",
                            "h ProcessHandle, x BaseAddress, u MemoryInformationClass, p MemoryInformation, u Length",
                            process, addr, info_class, buf, len);
    uint32_t n = 0;
    NTSTATUS st = query(process, addr, info_class, buf, len, &n);
    if (ret_len && st == STATUS_SUCCESS)
        *ret_len = n;
    TRACE_NT_END(tr, st, "p MemoryInformation out[ReturnLength], u ReturnLength", buf, n);
    return st;
}
