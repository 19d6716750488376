/* kernel32 virtual memory and heap functions over core/vm and core/heap:
 * NTSTATUS from the map becomes the Win32 error Windows reports. */
#include "core/heap.h"
#include "core/process.h"
#include "syscalls/api.h"
#include "syscalls/win32_errors.h"

static uint64_t fail_status(NTSTATUS st)
{
    teb_set_last_error(ntstatus_to_win32(st));
    return 0;
}

static uint64_t fail(uint32_t err)
{
    teb_set_last_error(err);
    return 0;
}

uint64_t kernel32_VirtualAlloc(struct thunk_call *c)
{
    gaddr addr = arg(c, 0);
    uint32_t size = arg(c, 1), type = arg(c, 2), prot = arg(c, 3);
    if (size == 0 || !(type & (MEM_COMMIT | MEM_RESERVE | MEM_RESET)))
        return fail(ERROR_INVALID_PARAMETER);
    if (!vm_prot_valid(prot))
        return fail(ERROR_INVALID_PARAMETER);
    if (type & MEM_RESET) /* contents may be discarded; keeping them is allowed */
        return addr;
    NTSTATUS st;
    if (addr == 0 && (type & MEM_COMMIT)) /* committing at NULL reserves too */
        type |= MEM_RESERVE;
    if (type & MEM_RESERVE) {
        st = vm_reserve(g_vm, &addr, size + (arg(c, 0) & 0xFFFFu), type & MEM_TOP_DOWN, prot, false);
        if (st != STATUS_SUCCESS)
            return fail_status(st);
        if (type & MEM_COMMIT) {
            st = vm_commit(g_vm, addr, size, prot);
            if (st != STATUS_SUCCESS) {
                vm_release(g_vm, addr);
                return fail_status(st);
            }
        }
        return addr;
    }
    if (addr == 0)
        return fail(ERROR_INVALID_ADDRESS);
    st = vm_commit(g_vm, addr, size, prot);
    if (st != STATUS_SUCCESS)
        return fail_status(st);
    return addr & ~(VM_PAGE_SIZE - 1);
}

uint64_t kernel32_VirtualFree(struct thunk_call *c)
{
    gaddr addr = arg(c, 0);
    uint32_t size = arg(c, 1), type = arg(c, 2);
    NTSTATUS st;
    if (type == MEM_RELEASE) {
        if (size != 0)
            return fail(ERROR_INVALID_PARAMETER);
        st = vm_release(g_vm, addr);
    } else if (type == MEM_DECOMMIT) {
        if (size == 0) { /* from addr to the end of its allocation */
            struct vm_region_info info;
            vm_query(g_vm, addr, &info);
            uint32_t total = info.state == MEM_FREE ? 0 : vm_allocation_size(g_vm, info.alloc_base);
            size = total ? info.alloc_base + total - addr : 0;
        }
        st = size ? vm_decommit(g_vm, addr, size) : STATUS_MEMORY_NOT_ALLOCATED;
    } else {
        return fail(ERROR_INVALID_PARAMETER);
    }
    if (st != STATUS_SUCCESS)
        return fail_status(st);
    return 1;
}

uint64_t kernel32_VirtualProtect(struct thunk_call *c)
{
    uint32_t old = 0;
    gaddr oldp = arg(c, 3);
    if (!gm_writable(oldp, 4)) /* Windows requires a valid lpflOldProtect */
        return fail(ERROR_NOACCESS);
    NTSTATUS st = vm_protect(g_vm, arg(c, 0), arg(c, 1), arg(c, 2), &old);
    if (st != STATUS_SUCCESS)
        return fail_status(st);
    gm_write_u32(oldp, old);
    return 1;
}

uint64_t kernel32_VirtualQuery(struct thunk_call *c)
{
    gaddr addr = arg(c, 0), buf = arg(c, 1);
    uint32_t len = arg(c, 2);
    if (len < 28)
        return fail(ERROR_BAD_LENGTH);
    if (addr >= g_vm->user_limit)
        return fail(ERROR_INVALID_PARAMETER);
    struct vm_region_info i;
    vm_query(g_vm, addr, &i);
    uint32_t mbi[7] = { i.base, i.alloc_base, i.alloc_prot, i.size, i.state, i.prot, i.type };
    if (!gm_write(buf, mbi, sizeof mbi))
        return fail(ERROR_NOACCESS);
    return sizeof mbi;
}

uint64_t kernel32_GetProcessHeap(struct thunk_call *c) { (void)c; return proc->process_heap; }

uint64_t kernel32_HeapCreate(struct thunk_call *c)
{
    gaddr h = heap_create(arg(c, 1), arg(c, 2));
    return h ? h : fail(ERROR_NOT_ENOUGH_MEMORY);
}

uint64_t kernel32_HeapDestroy(struct thunk_call *c)
{
    if (arg(c, 0) == proc->process_heap) /* the process heap cannot be destroyed */
        return fail(ERROR_INVALID_HANDLE);
    return heap_destroy(arg(c, 0)) ? 1 : fail(ERROR_INVALID_HANDLE);
}

uint64_t kernel32_HeapAlloc(struct thunk_call *c)
{
    gaddr b = heap_alloc(arg(c, 0), arg(c, 2), arg(c, 1));
    return b ? b : fail(ERROR_NOT_ENOUGH_MEMORY);
}

uint64_t kernel32_HeapReAlloc(struct thunk_call *c)
{
    gaddr b = heap_realloc(arg(c, 0), arg(c, 2), arg(c, 3), arg(c, 1));
    return b ? b : fail(ERROR_NOT_ENOUGH_MEMORY);
}

uint64_t kernel32_HeapFree(struct thunk_call *c)
{
    if (arg(c, 2) == 0) /* freeing NULL succeeds */
        return 1;
    return heap_free(arg(c, 0), arg(c, 2)) ? 1 : fail(ERROR_INVALID_PARAMETER);
}

uint64_t kernel32_HeapSize(struct thunk_call *c)
{
    uint32_t s = heap_size(arg(c, 0), arg(c, 2));
    if (s == 0xFFFFFFFFu)
        teb_set_last_error(ERROR_INVALID_PARAMETER);
    return s;
}

uint64_t kernel32_HeapValidate(struct thunk_call *c)
{
    return heap_validate(arg(c, 0), arg(c, 2));
}

/* LMEM_/GMEM_ fixed blocks are plain process-heap blocks; moveable memory
 * handles are not supported yet, so GMEM_MOVEABLE is treated as fixed
 * (its handle is then the pointer, which Lock/Unlock-free callers accept). */
static uint64_t local_alloc(uint32_t flags, uint32_t size)
{
    gaddr b = heap_alloc(proc->process_heap, size, (flags & 0x40u) ? HEAP_ZERO_MEMORY : 0);
    return b ? b : fail(ERROR_NOT_ENOUGH_MEMORY);
}

static uint64_t local_free(gaddr b)
{
    if (b == 0 || heap_free(proc->process_heap, b))
        return 0;
    teb_set_last_error(ERROR_INVALID_HANDLE);
    return b;
}

uint64_t kernel32_LocalAlloc(struct thunk_call *c) { return local_alloc(arg(c, 0), arg(c, 1)); }
uint64_t kernel32_LocalFree(struct thunk_call *c) { return local_free(arg(c, 0)); }
uint64_t kernel32_GlobalAlloc(struct thunk_call *c) { return local_alloc(arg(c, 0), arg(c, 1)); }
uint64_t kernel32_GlobalFree(struct thunk_call *c) { return local_free(arg(c, 0)); }
