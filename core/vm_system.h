/* Allocations the system owns in the guest's address space (the
 * KUSER_SHARED_DATA page, the PEB and TEBs, wowbox's code stubs): the NT
 * memory services refuse the changes Windows' kernel refuses for them. */
#ifndef WOWBOX_CORE_VM_SYSTEM_H
#define WOWBOX_CORE_VM_SYSTEM_H

#include "core/ntstatus.h"
#include "core/vm.h"

enum vm_system_kind {
    VM_USER = 0,         /* the guest's own: anything goes */
    VM_SYSTEM_READONLY,  /* KUSER_SHARED_DATA: a no-change read-only VAD on x64 Windows */
    VM_SYSTEM_SECURED,   /* PEB, TEBs: secured read-write (write access must stay) */
    VM_SYSTEM_CODE,      /* stubs that stand for ntdll/kernel32 code: like an image */
};

/* Marks the allocation whose base is `alloc_base` (0 .. VM_USER clears it). */
void vm_system_mark(gaddr alloc_base, enum vm_system_kind kind);
enum vm_system_kind vm_system_kind_of(const struct vm *vm, gaddr addr);

/* The status NtFreeVirtualMemory / NtProtectVirtualMemory give for
 * [addr, addr + size) before touching the map: STATUS_SUCCESS when allowed. */
NTSTATUS vm_system_check_free(const struct vm *vm, gaddr addr);
NTSTATUS vm_system_check_protect(const struct vm *vm, gaddr addr, uint32_t new_prot);

#endif
