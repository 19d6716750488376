/* System-owned allocations of the guest address space and what Windows'
 * memory manager refuses for them (secured and no-change VADs, images). */
#include "core/vm_system.h"

/* one kind per 64 KB allocation granule: allocations never share one */
static uint8_t kinds[1u << 16];

void vm_system_mark(gaddr alloc_base, enum vm_system_kind kind)
{
    kinds[alloc_base >> 16] = (uint8_t)kind;
}

enum vm_system_kind vm_system_kind_of(const struct vm *vm, gaddr addr)
{
    struct vm_region_info info;
    if (vm_query(vm, addr, &info) != STATUS_SUCCESS || info.state == MEM_FREE)
        return VM_USER;
    return (enum vm_system_kind)kinds[info.alloc_base >> 16];
}

static bool removes_write(uint32_t prot)
{
    const uint32_t writable = PAGE_READWRITE | PAGE_WRITECOPY | PAGE_EXECUTE_READWRITE |
                              PAGE_EXECUTE_WRITECOPY;
    return !(prot & writable) || (prot & PAGE_GUARD);
}

NTSTATUS vm_system_check_free(const struct vm *vm, gaddr addr)
{
    struct vm_region_info info;
    if (vm_query(vm, addr, &info) != STATUS_SUCCESS || info.state == MEM_FREE)
        return STATUS_SUCCESS; /* the caller's own checks report it */
    switch ((enum vm_system_kind)kinds[info.alloc_base >> 16]) {
    case VM_SYSTEM_READONLY:
    case VM_SYSTEM_SECURED:
        return STATUS_INVALID_PAGE_PROTECTION; /* a secured VAD refuses deletion */
    case VM_SYSTEM_CODE:
        return STATUS_UNABLE_TO_DELETE_SECTION;
    case VM_USER:
        break;
    }
    /* only private memory is freed here: a view goes with NtUnmapViewOfSection */
    return info.type == MEM_PRIVATE ? STATUS_SUCCESS : STATUS_UNABLE_TO_DELETE_SECTION;
}

NTSTATUS vm_system_check_protect(const struct vm *vm, gaddr addr, uint32_t new_prot)
{
    switch (vm_system_kind_of(vm, addr)) {
    case VM_SYSTEM_READONLY:
        return STATUS_INVALID_PAGE_PROTECTION;
    case VM_SYSTEM_SECURED:
        return removes_write(new_prot) ? STATUS_INVALID_PAGE_PROTECTION : STATUS_SUCCESS;
    default:
        return STATUS_SUCCESS;
    }
}
