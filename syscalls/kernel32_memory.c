/* kernel32 virtual memory and heap functions over core/vm and core/heap:
 * NTSTATUS from the map becomes the Win32 error Windows reports. */
#include "core/handles.h"
#include "core/heap.h"
#include "core/process.h"
#include "syscalls/api.h"
#include "syscalls/nt_memory.h"
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

/* The Virtual* functions are thin layers over the NT services, as in
 * kernel32: argument checks of their own, then the NTSTATUS mapped to a
 * Win32 error. */
uint64_t kernel32_VirtualAlloc(struct thunk_call *c)
{
    gaddr base = arg(c, 0);
    uint32_t size = arg(c, 1);
    NTSTATUS st = nt_allocate(CURRENT_PROCESS_HANDLE, &base, 0, &size, arg(c, 2), arg(c, 3));
    return st == STATUS_SUCCESS ? base : fail_status(st);
}

uint64_t kernel32_VirtualFree(struct thunk_call *c)
{
    gaddr base = arg(c, 0);
    uint32_t size = arg(c, 1), type = arg(c, 2);
    if ((type == MEM_RELEASE && size != 0) || (type != MEM_RELEASE && type != MEM_DECOMMIT))
        return fail(ERROR_INVALID_PARAMETER);
    NTSTATUS st = nt_free(CURRENT_PROCESS_HANDLE, &base, &size, type);
    return st == STATUS_SUCCESS ? 1 : fail_status(st);
}

uint64_t kernel32_VirtualProtect(struct thunk_call *c)
{
    gaddr base = arg(c, 0), oldp = arg(c, 3);
    uint32_t size = arg(c, 1), old = 0;
    if (!gm_writable(oldp, 4)) /* Windows requires a valid lpflOldProtect */
        return fail(ERROR_NOACCESS);
    NTSTATUS st = nt_protect(CURRENT_PROCESS_HANDLE, &base, &size, arg(c, 2), &old);
    if (st != STATUS_SUCCESS)
        return fail_status(st);
    gm_write_u32(oldp, old);
    return 1;
}

uint64_t kernel32_VirtualQuery(struct thunk_call *c)
{
    uint32_t len = 0;
    NTSTATUS st = nt_query(CURRENT_PROCESS_HANDLE, arg(c, 0), 0, arg(c, 1), arg(c, 2), &len);
    if (st == STATUS_ACCESS_VIOLATION)
        return fail(ERROR_NOACCESS);
    return st == STATUS_SUCCESS ? len : fail_status(st);
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
