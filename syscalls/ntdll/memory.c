/* ntdll's virtual-memory exports: in/out parameters read and written
 * through the checked accessors (a bad pointer is STATUS_ACCESS_VIOLATION,
 * as the kernel's probe would report). */
#include "syscalls/api.h"
#include "syscalls/ntdll/api_args.h"
#include "syscalls/ntdll/nt_memory.h"

static uint64_t allocate(uint32_t ProcessHandle, gaddr BaseAddress, uint32_t ZeroBits, gaddr RegionSize, uint32_t AllocationType, uint32_t Protect)
{
    uint32_t base, size;
    if (!gm_read_u32(BaseAddress, &base) || !gm_read_u32(RegionSize, &size))
        return STATUS_ACCESS_VIOLATION;
    NTSTATUS st = nt_allocate(ProcessHandle, &base, ZeroBits, &size, AllocationType, Protect);
    if (st == STATUS_SUCCESS && (!gm_write_u32(BaseAddress, base) || !gm_write_u32(RegionSize, size)))
        return STATUS_ACCESS_VIOLATION;
    return st;
}

static uint64_t free_vm(uint32_t ProcessHandle, gaddr BaseAddress, gaddr RegionSize, uint32_t FreeType)
{
    uint32_t base, size;
    if (!gm_read_u32(BaseAddress, &base) || !gm_read_u32(RegionSize, &size))
        return STATUS_ACCESS_VIOLATION;
    NTSTATUS st = nt_free(ProcessHandle, &base, &size, FreeType);
    if (st == STATUS_SUCCESS && (!gm_write_u32(BaseAddress, base) || !gm_write_u32(RegionSize, size)))
        return STATUS_ACCESS_VIOLATION;
    return st;
}

static uint64_t protect(uint32_t ProcessHandle, gaddr BaseAddress, gaddr RegionSize, uint32_t NewProtect, gaddr OldProtect)
{
    uint32_t base, size, old = 0;
    if (!gm_read_u32(BaseAddress, &base) || !gm_read_u32(RegionSize, &size) || !gm_writable(OldProtect, 4))
        return STATUS_ACCESS_VIOLATION;
    NTSTATUS st = nt_protect(ProcessHandle, &base, &size, NewProtect, &old);
    if (st == STATUS_SUCCESS) {
        gm_write_u32(BaseAddress, base);
        gm_write_u32(RegionSize, size);
        gm_write_u32(OldProtect, old);
    }
    return st;
}

static uint64_t query(uint32_t ProcessHandle, gaddr BaseAddress, uint32_t MemoryInformationClass, gaddr MemoryInformation, uint32_t Length, gaddr ReturnLength)
{
    uint32_t len = 0;
    NTSTATUS st = nt_query(ProcessHandle, BaseAddress, MemoryInformationClass, MemoryInformation, Length, &len);
    if (st == STATUS_SUCCESS && ReturnLength && !gm_write_u32(ReturnLength, len))
        return STATUS_ACCESS_VIOLATION;
    return st;
}

uint64_t ntdll_NtAllocateVirtualMemory(struct thunk_call *c)
{
    API_ARGS(ntdll, NtAllocateVirtualMemory, a);
    return allocate(a.ProcessHandle, a.BaseAddress, a.ZeroBits, a.RegionSize, a.AllocationType, a.Protect);
}
uint64_t ntdll_ZwAllocateVirtualMemory(struct thunk_call *c)
{
    API_ARGS(ntdll, ZwAllocateVirtualMemory, a);
    return allocate(a.ProcessHandle, a.BaseAddress, a.ZeroBits, a.RegionSize, a.AllocationType, a.Protect);
}
uint64_t ntdll_NtFreeVirtualMemory(struct thunk_call *c)
{
    API_ARGS(ntdll, NtFreeVirtualMemory, a);
    return free_vm(a.ProcessHandle, a.BaseAddress, a.RegionSize, a.FreeType);
}
uint64_t ntdll_ZwFreeVirtualMemory(struct thunk_call *c)
{
    API_ARGS(ntdll, ZwFreeVirtualMemory, a);
    return free_vm(a.ProcessHandle, a.BaseAddress, a.RegionSize, a.FreeType);
}
uint64_t ntdll_NtProtectVirtualMemory(struct thunk_call *c)
{
    API_ARGS(ntdll, NtProtectVirtualMemory, a);
    return protect(a.ProcessHandle, a.BaseAddress, a.RegionSize, a.NewProtect, a.OldProtect);
}
uint64_t ntdll_ZwProtectVirtualMemory(struct thunk_call *c)
{
    API_ARGS(ntdll, ZwProtectVirtualMemory, a);
    return protect(a.ProcessHandle, a.BaseAddress, a.RegionSize, a.NewProtect, a.OldProtect);
}
uint64_t ntdll_NtQueryVirtualMemory(struct thunk_call *c)
{
    API_ARGS(ntdll, NtQueryVirtualMemory, a);
    return query(a.ProcessHandle, a.BaseAddress, a.MemoryInformationClass, a.MemoryInformation, a.Length, a.ReturnLength);
}
uint64_t ntdll_ZwQueryVirtualMemory(struct thunk_call *c)
{
    API_ARGS(ntdll, ZwQueryVirtualMemory, a);
    return query(a.ProcessHandle, a.BaseAddress, a.MemoryInformationClass, a.MemoryInformation, a.Length, a.ReturnLength);
}
