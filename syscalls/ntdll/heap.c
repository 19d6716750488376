/* ntdll's heap exports on the host: the slow half of the guest heap
 * (core/heap.c), reached from kernel32's and msvcrt's guest fast paths
 * (syscalls/kernel32/guest/heap.c) and from programs calling Rtl*Heap. */
#include "syscalls/ntdll/heap.h"

#include "core/heap.h"
#include "core/log.h"
#include "core/process.h"
#include "core/thread.h"
#include "syscalls/api.h"
#include "syscalls/ntdll/api_args.h"

#define ERROR_INVALID_PARAMETER 87u

uint64_t ntdll_RtlAllocateHeap(struct thunk_call *c)
{
    API_ARGS(ntdll, RtlAllocateHeap, a);
    return heap_alloc(a.HeapHandle, a.Size, a.Flags);
}

/* A block the heap does not own: the call fails (ERROR_INVALID_PARAMETER
 * for GetLastError, as HeapFree reports it), or after
 * HeapEnableTerminationOnCorruption the process ends. */
uint64_t nt_heap_free(struct thunk_call *c, gaddr heap, gaddr block)
{
    if (block == 0 || heap_free(heap, block))
        return 1;
    if (heap_corruption_ends_process) {
        wb_error("heap %#x: freeing %#x, which is not a block of it: the heap is corrupt and "
                 "HeapEnableTerminationOnCorruption ends the process (%#x)", heap, block, STATUS_HEAP_CORRUPTION);
        process_exit(STATUS_HEAP_CORRUPTION);
        if (proc->exiting)
            c->no_return = true;
        return 0;
    }
    teb_set_last_error(ERROR_INVALID_PARAMETER);
    return 0;
}

uint64_t ntdll_RtlFreeHeap(struct thunk_call *c)
{
    API_ARGS(ntdll, RtlFreeHeap, a);
    return nt_heap_free(c, a.HeapHandle, a.BaseAddress);
}

uint64_t ntdll_RtlReAllocateHeap(struct thunk_call *c)
{
    API_ARGS(ntdll, RtlReAllocateHeap, a);
    return heap_realloc(a.HeapHandle, a.BaseAddress, a.Size, a.Flags);
}

uint64_t ntdll_RtlSizeHeap(struct thunk_call *c)
{
    API_ARGS(ntdll, RtlSizeHeap, a);
    uint32_t s = heap_size(a.HeapHandle, a.BaseAddress);
    if (s == 0xFFFFFFFFu)
        teb_set_last_error(ERROR_INVALID_PARAMETER);
    return s;
}

/* Also the guest fast path's wait when another thread holds the lock; a
 * thread ended while waiting does not return to the guest. */
uint64_t ntdll_RtlLockHeap(struct thunk_call *c)
{
    API_ARGS(ntdll, RtlLockHeap, a);
    if (heap_lock(a.HeapHandle))
        return 1;
    if (current_thread && current_thread->terminating)
        c->no_return = true;
    return 0;
}

uint64_t ntdll_RtlUnlockHeap(struct thunk_call *c)
{
    API_ARGS(ntdll, RtlUnlockHeap, a);
    return heap_unlock(a.HeapHandle);
}
