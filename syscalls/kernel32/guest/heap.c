/* kernel32's HeapAlloc, HeapFree, HeapReAlloc, HeapSize and GetProcessHeap
 * as guest code: the heap's state and blocks are in guest memory
 * (core/heap_state.h, the same operations the host half runs), so a plain
 * call takes the heap lock with an interlocked exchange, pops or pushes a
 * free list and returns without a transition. ntdll's Rtl*Heap (host) does
 * the rest: growing the heap, waiting for a lock another thread holds, and
 * every call that is not a plain one (a bad block, a bad heap), with the
 * errors the host half reports. */
#include "syscalls/guest/wg.h"

#define HEAP_BLOCK(addr) ((struct heap_block32 *)(uintptr_t)((addr) - HEAP_HDR))
#include "core/heap_state.h"

#define ERROR_NOT_ENOUGH_MEMORY 8u

WG_IMPORT(ntdll, RtlAllocateHeap, void *, WINAPI, (void *heap, uint32_t flags, uint32_t size));
WG_IMPORT(ntdll, RtlFreeHeap, uint32_t, WINAPI, (void *heap, uint32_t flags, void *block));
WG_IMPORT(ntdll, RtlReAllocateHeap, void *, WINAPI, (void *heap, uint32_t flags, void *block, uint32_t size));
WG_IMPORT(ntdll, RtlSizeHeap, uint32_t, WINAPI, (void *heap, uint32_t flags, const void *block));
WG_IMPORT(ntdll, RtlLockHeap, uint32_t, WINAPI, (void *heap));
WG_IMPORT(ntdll, RtlWakeAddressAll, void, WINAPI, (void *address));

void *WINAPI kernel32_GetProcessHeap(void) { return *(void **)(TEB_GET(TEB_PEB) + PEB_PROCESS_HEAP); }

/* NULL for a handle the host should judge (NULL, or not a heap's state). */
static struct heap_state32 *state_of(void *heap)
{
    if (!heap)
        return 0;
    struct heap_state32 *s = (struct heap_state32 *)((uintptr_t)heap + HEAP_STATE_AT);
    return s->signature == HEAP_SIGNATURE ? s : 0;
}

static int serialized(const struct heap_state32 *s, uint32_t flags)
{
    return !((flags | s->flags) & HEAP_NO_SERIALIZE);
}

/* The heap lock (recursive, by thread id): free or ours costs one locked
 * compare-exchange; held by another thread, ntdll waits for it. 0: it
 * could not be had (the heap went away). */
static int lock(void *heap, struct heap_state32 *s, uint32_t flags)
{
    if (!serialized(s, flags))
        return 1;
    uint32_t me = TEB_GET(TEB_CLIENT_TID);
    uint32_t prev = __sync_val_compare_and_swap(&s->lock, 0, me);
    if (prev == 0) {
        s->recursion = 1;
        return 1;
    }
    if (prev == me) {
        s->recursion++;
        return 1;
    }
    return (wg_imp_ntdll_RtlLockHeap(heap) & 0xFF) != 0;
}

/* The release is a full barrier before `waiters` is read, and a waiter
 * counts itself before its last look at the lock: no wake is lost. */
static void unlock(struct heap_state32 *s, uint32_t flags)
{
    if (!serialized(s, flags) || --s->recursion)
        return;
    __atomic_store_n(&s->lock, 0, __ATOMIC_SEQ_CST);
    if (__atomic_load_n(&s->waiters, __ATOMIC_SEQ_CST))
        wg_imp_ntdll_RtlWakeAddressAll(&s->lock);
}

void *WINAPI kernel32_HeapAlloc(void *heap, uint32_t flags, uint32_t size)
{
    struct heap_state32 *s = state_of(heap);
    uint32_t block = 0;
    if (s && size <= HEAP_MAX_REQUEST && lock(heap, s, flags)) {
        block = heap_take(s, size);
        unlock(s, flags);
    }
    if (!block) { /* the heap grows on the host (which zeroes too) */
        void *p = wg_imp_ntdll_RtlAllocateHeap(heap, flags, size);
        if (!p)
            wg_set_last_error(ERROR_NOT_ENOUGH_MEMORY);
        return p;
    }
    if (flags & HEAP_ZERO_MEMORY)
        wg_fill((void *)block, 0, size);
    return (void *)block;
}

BOOL WINAPI kernel32_HeapFree(void *heap, uint32_t flags, void *mem)
{
    if (!mem) /* freeing NULL succeeds */
        return 1;
    struct heap_state32 *s = state_of(heap);
    if (s && lock(heap, s, flags)) {
        struct heap_block32 *b = heap_busy(s, (uint32_t)mem);
        if (b)
            heap_release(s, b, (uint32_t)mem);
        unlock(s, flags);
        if (b)
            return 1;
    }
    return (wg_imp_ntdll_RtlFreeHeap(heap, flags, mem) & 0xFF) != 0;
}

uint32_t WINAPI kernel32_HeapSize(void *heap, uint32_t flags, const void *mem)
{
    struct heap_state32 *s = state_of(heap);
    if (s && lock(heap, s, flags)) {
        const struct heap_block32 *b = heap_busy(s, (uint32_t)mem);
        uint32_t size = b ? b->size : 0;
        unlock(s, flags);
        if (b)
            return size;
    }
    return wg_imp_ntdll_RtlSizeHeap(heap, flags, mem);
}

/* In place when the capacity allows, else a new block, the contents
 * copied and the old one freed, all under the lock. */
void *WINAPI kernel32_HeapReAlloc(void *heap, uint32_t flags, void *mem, uint32_t size)
{
    struct heap_state32 *s = state_of(heap);
    if (s && size <= HEAP_MAX_REQUEST && lock(heap, s, flags)) {
        uint32_t block = (uint32_t)mem, out = 0;
        struct heap_block32 *b = heap_busy(s, block);
        if (b) {
            uint32_t old = b->size;
            if (size <= b->cap) {
                b->size = size;
                out = block;
            } else if (!(flags & HEAP_REALLOC_IN_PLACE_ONLY) && (out = heap_take(s, size))) {
                wg_move((void *)out, mem, old);
                heap_release(s, b, block);
            }
            if (out && (flags & HEAP_ZERO_MEMORY) && size > old)
                wg_fill((void *)(out + old), 0, size - old);
        }
        unlock(s, flags);
        if (out)
            return (void *)out;
    }
    void *p = wg_imp_ntdll_RtlReAllocateHeap(heap, flags, mem, size);
    if (!p)
        wg_set_last_error(ERROR_NOT_ENOUGH_MEMORY);
    return p;
}
