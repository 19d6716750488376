/* Builds a thread's TEB in guest memory: what fs:[0..] shows the guest
 * (SEH chain end, stack bounds, ids, the PEB). */
#include "core/teb.h"

#include "core/guest_mem.h"
#include "core/vm_system.h"
#include "core/vmmap.h"

NTSTATUS teb_commit_system_page(gaddr addr, uint32_t size)
{
    struct vm_region_info info;
    vm_query(g_vm, addr, &info);
    if (info.state == MEM_FREE) {
        gaddr base = addr & ~(VM_GRANULARITY - 1);
        NTSTATUS st = vm_reserve(g_vm, &base, VM_GRANULARITY, 0, PAGE_READWRITE, false);
        if (st != STATUS_SUCCESS)
            return st;
        vmmap_tag(base, "PEB and TEBs");
        vm_system_mark(base, VM_SYSTEM_SECURED);
    }
    return vm_commit(g_vm, addr, size, PAGE_READWRITE);
}

NTSTATUS teb_create(gaddr teb, gaddr peb, gaddr stack_base, gaddr stack_limit, uint32_t pid, uint32_t tid)
{
    NTSTATUS st = teb_commit_system_page(teb, TEB_SIZE);
    if (st != STATUS_SUCCESS)
        return st;
    gm_write_u32(teb + TEB_EXCEPTION_LIST, 0xFFFFFFFFu); /* end of the SEH chain */
    gm_write_u32(teb + TEB_STACK_BASE, stack_base);
    gm_write_u32(teb + TEB_STACK_LIMIT, stack_limit);
    gm_write_u32(teb + TEB_SELF, teb);
    gm_write_u32(teb + TEB_CLIENT_PID, pid);
    gm_write_u32(teb + TEB_CLIENT_TID, tid);
    gm_write_u32(teb + TEB_PEB, peb);
    return STATUS_SUCCESS;
}
