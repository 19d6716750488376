/* Guest heaps (HeapCreate/HeapAlloc/... and the process heap msvcrt's
 * malloc sits on). Blocks and the heap's state live in guest memory
 * (core/heap_state.h), as on Windows, so overruns corrupt what they would
 * corrupt there and guest code allocates without the host. */
#ifndef WOWBOX_CORE_HEAP_H
#define WOWBOX_CORE_HEAP_H

#include <stdbool.h>
#include <stdint.h>

#include "core/heap_state.h" /* the HEAP_* flags */
#include "core/ntstatus.h"
#include "core/vm.h"

/* Handles are guest addresses of the heap's state region. options:
 * HeapCreate's (HEAP_NO_SERIALIZE is kept: no call on it locks). */
gaddr heap_create(uint32_t options, uint32_t initial, uint32_t maximum);
bool heap_destroy(gaddr heap);
gaddr heap_alloc(gaddr heap, uint32_t size, uint32_t flags);
bool heap_free(gaddr heap, gaddr block);
/* Returns 0 on failure; the old block stays valid then. */
gaddr heap_realloc(gaddr heap, gaddr block, uint32_t size, uint32_t flags);
/* (uint32_t)-1 for a block this heap does not own. */
uint32_t heap_size(gaddr heap, gaddr block);
/* block 0: the whole heap, every header in every segment. */
bool heap_validate(gaddr heap, gaddr block);

/* HeapWalk's cursor: a region entry per segment, then its blocks (busy or
 * free), then its uncommitted tail. Start zeroed; false at the end. */
enum heap_walk_kind { HEAP_WALK_REGION, HEAP_WALK_BUSY, HEAP_WALK_FREE, HEAP_WALK_UNCOMMITTED };
struct heap_walk {
    unsigned segment;
    bool region_done, uncommitted_done, busy;
    gaddr block;
    enum heap_walk_kind kind;
    gaddr data;
    uint32_t size, overhead, uncommitted;
    gaddr first, last;
};
bool heap_walk(gaddr heap, struct heap_walk *w);
/* Continues a walk from the entry the guest holds (its kind and lpData). */
bool heap_walk_resume(gaddr heap, enum heap_walk_kind kind, gaddr data, struct heap_walk *w);
/* HeapCompact's answer: the largest committed free block. */
uint32_t heap_largest_free(gaddr heap);
/* HeapLock/HeapUnlock, and every call without HEAP_NO_SERIALIZE: while one
 * thread holds a heap's lock (it may nest), other threads' calls on that
 * heap wait (guest code spins on the same lock word and waits here).
 * false: not a heap (or the thread is being ended). */
bool heap_lock(gaddr heap);
bool heap_unlock(gaddr heap);
/* HeapCompatibilityInformation: the low-fragmentation heap only changes
 * the allocator's strategy on Windows, so here it is a remembered mode.
 * heap_compatibility: -1 for no heap; heap_enable_lfh: false for no heap
 * or a fixed-size one (which Windows refuses the LFH). */
#define HEAP_COMPAT_STANDARD 0
#define HEAP_COMPAT_LFH 2
int heap_compatibility(gaddr heap);
bool heap_enable_lfh(gaddr heap);
/* Every heap handle (GetProcessHeaps); returns the count, fills up to max. */
unsigned heap_list(gaddr *out, unsigned max);
/* HeapEnableTerminationOnCorruption: once set (it cannot be unset), a heap
 * error ends the process with STATUS_HEAP_CORRUPTION instead of failing
 * the call, as Windows' heap manager does after reporting it. */
extern bool heap_corruption_ends_process;

#endif
