/* Guest heaps, host half: creation and destruction, growth (reserving and
 * committing segments), the walk, validation and the heap lock's waits.
 * The state and the blocks live in guest memory (core/heap_state.h), so
 * kernel32's and msvcrt's guest code allocate and free without a
 * transition and call the host (ntdll's Rtl*Heap) only when a heap must
 * grow, its lock is contended or a call is not a plain one. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/guest_mem.h"
#include "core/thread.h"
#include "core/vmmap.h"

#define HEAP_BLOCK(addr) ((struct heap_block32 *)gm_ptr((addr) - HEAP_HDR, HEAP_HDR, true))
#include "core/heap.h"

/* The handles, for lookups and GetProcessHeaps (newest first). */
struct heap {
    gaddr handle;
    struct heap *next;
};

static struct heap *heaps;

bool heap_corruption_ends_process;

/* The state of a heap, checked as far as it is used: the fixed part and
 * the segment table up to one entry past the last (new_segment's). */
static struct heap_state32 *state(gaddr handle)
{
    for (struct heap *h = heaps; h; h = h->next) {
        if (h->handle != handle)
            continue;
        struct heap_state32 *s = gm_ptr(handle + HEAP_STATE_AT, sizeof *s, true);
        if (!s || s->nsegs >= HEAP_MAX_SEGMENTS ||
            !gm_ptr(handle + HEAP_STATE_AT + sizeof *s, (s->nsegs + 1) * sizeof(struct heap_segment32), true))
            return NULL;
        return s;
    }
    return NULL;
}

static uint32_t my_tid(void) { return current_thread ? current_thread->tid : 0xFFFFFFFFu; }

/* The owner was ended holding it (TerminateThread, ExitProcess stopping
 * the others): the lock is taken over, as Windows' exit path takes the
 * process heap's before stopping the other threads. */
static bool owner_gone(uint32_t tid)
{
    struct guest_thread *t = thread_by_tid(tid);
    return !t || t->ended;
}

/* The heap lock for the current thread (nesting). Contended: waits on the
 * lock word's address, where the guest's release wakes it (ntdll
 * RtlWakeAddressAll) when `waiters` is not zero. false: no such heap, or
 * the thread is being ended. */
static bool lock_heap(gaddr handle)
{
    struct heap_state32 *s = state(handle);
    uint32_t me = my_tid(), prev = 0;
    if (!s)
        return false;
    if (__atomic_compare_exchange_n(&s->lock, &prev, me, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) {
        s->recursion = 1;
        return true;
    }
    if (prev == me) {
        s->recursion++;
        return true;
    }
    uintptr_t key = thread_address_key(handle + HEAP_STATE_AT + offsetof(struct heap_state32, lock));
    __atomic_add_fetch(&s->waiters, 1, __ATOMIC_SEQ_CST);
    for (;;) {
        prev = 0;
        if (__atomic_compare_exchange_n(&s->lock, &prev, me, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
            break;
        if (owner_gone(prev) &&
            __atomic_compare_exchange_n(&s->lock, &prev, me, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
            break;
        struct timespec deadline;
        thread_deadline(100, &deadline); /* a dead owner is noticed without a wake */
        enum thread_wake w = current_thread ? thread_wait(&key, 1, &deadline) : THREAD_TERMINATED;
        if (!(s = state(handle))) /* destroyed meanwhile */
            return false;
        if (w == THREAD_TERMINATED) {
            __atomic_sub_fetch(&s->waiters, 1, __ATOMIC_SEQ_CST);
            return false;
        }
    }
    __atomic_sub_fetch(&s->waiters, 1, __ATOMIC_SEQ_CST);
    s->recursion = 1;
    return true;
}

static void unlock_heap(gaddr handle)
{
    struct heap_state32 *s = state(handle);
    if (!s || s->lock != my_tid() || s->recursion == 0 || --s->recursion)
        return;
    __atomic_store_n(&s->lock, 0, __ATOMIC_SEQ_CST);
    if (__atomic_load_n(&s->waiters, __ATOMIC_SEQ_CST))
        thread_wake(thread_address_key(handle + HEAP_STATE_AT + offsetof(struct heap_state32, lock)));
}

bool heap_lock(gaddr handle) { return lock_heap(handle); }

bool heap_unlock(gaddr handle)
{
    if (!state(handle))
        return false;
    unlock_heap(handle);
    return true;
}

/* A call's lock: none under HEAP_NO_SERIALIZE (the call's or the heap's). */
static bool enter(gaddr handle, uint32_t flags)
{
    struct heap_state32 *s = state(handle);
    if (!s)
        return false;
    return ((flags | s->flags) & HEAP_NO_SERIALIZE) || lock_heap(handle);
}

static void leave(gaddr handle, uint32_t flags)
{
    struct heap_state32 *s = state(handle);
    if (s && !((flags | s->flags) & HEAP_NO_SERIALIZE))
        unlock_heap(handle);
}

static bool new_segment(gaddr handle, uint32_t need)
{
    struct heap_state32 *s = state(handle);
    uint32_t size = need > HEAP_SEGMENT - HEAP_HDR ? (need + HEAP_HDR + 0xFFFFu) & ~0xFFFFu : HEAP_SEGMENT;
    gaddr base = 0;
    if (s->nsegs + 1 >= HEAP_MAX_SEGMENTS || need > HEAP_MAX_REQUEST ||
        vm_reserve(g_vm, &base, size, 0, PAGE_READWRITE, false) != STATUS_SUCCESS)
        return false;
    s = state(handle);
    s->segs[s->nsegs] = (struct heap_segment32){ base, base, base, base + size };
    s->nsegs++;
    char name[48];
    snprintf(name, sizeof name, "heap %#x segment", handle);
    vmmap_tag(base, name);
    return true;
}

/* Room for a block of capacity cap at the newest segment's used end:
 * committed 64 KB at a time, a new segment when it does not fit. */
static bool grow(gaddr handle, uint32_t cap)
{
    struct heap_state32 *s = state(handle);
    uint64_t total = (uint64_t)cap + HEAP_HDR;
    if (!s->nsegs || s->segs[s->nsegs - 1].used_end + total > s->segs[s->nsegs - 1].end) {
        if (!new_segment(handle, cap))
            return false;
        s = state(handle);
    }
    struct heap_segment32 g = s->segs[s->nsegs - 1];
    if (g.used_end + total > g.committed_end) {
        uint32_t want = (uint32_t)((g.used_end + total - g.committed_end + 0xFFFFu) & ~0xFFFFull);
        if (g.committed_end + want > g.end)
            want = g.end - g.committed_end;
        if (vm_commit(g_vm, g.committed_end, want, PAGE_READWRITE) != STATUS_SUCCESS)
            return false;
        s = state(handle);
        s->segs[s->nsegs - 1].committed_end += want;
    }
    return true;
}

gaddr heap_create(uint32_t options, uint32_t initial, uint32_t maximum)
{
    /* a fixed maximum is not enforced yet, only remembered */
    struct heap *h = calloc(1, sizeof *h);
    gaddr handle = 0;
    if (!h || vm_alloc(g_vm, &handle, HEAP_REGION, PAGE_READWRITE, 0) != STATUS_SUCCESS) {
        free(h);
        return 0;
    }
    h->handle = handle;
    h->next = heaps;
    heaps = h;
    vmmap_tag(handle, "heap header");
    struct heap_state32 *s = state(handle);
    s->signature = HEAP_SIGNATURE;
    s->flags = (options & HEAP_NO_SERIALIZE) | (maximum ? HEAP_STATE_FIXED : 0);
    if (initial)
        new_segment(handle, initial);
    return handle;
}

bool heap_destroy(gaddr handle)
{
    if (!lock_heap(handle)) /* not while another thread has it locked */
        return false;
    struct heap_state32 *s = state(handle);
    for (uint32_t i = 0; i < s->nsegs; i++)
        vm_release(g_vm, s->segs[i].base);
    for (struct heap **p = &heaps; *p; p = &(*p)->next) {
        struct heap *h = *p;
        if (h->handle == handle) {
            *p = h->next;
            free(h);
            break;
        }
    }
    vm_release(g_vm, handle);
    thread_wake(thread_address_key(handle + HEAP_STATE_AT + offsetof(struct heap_state32, lock)));
    return true;
}

gaddr heap_alloc(gaddr handle, uint32_t size, uint32_t flags)
{
    if (size > HEAP_MAX_REQUEST || !enter(handle, flags))
        return 0;
    gaddr block = heap_take(state(handle), size);
    if (!block && grow(handle, heap_rounded(size)))
        block = heap_take(state(handle), size);
    leave(handle, flags);
    if (block && (flags & HEAP_ZERO_MEMORY))
        gm_fill(block, 0, size);
    return block;
}

bool heap_free(gaddr handle, gaddr block)
{
    uint32_t flags = 0;
    if (!enter(handle, flags))
        return false;
    struct heap_state32 *s = state(handle);
    struct heap_block32 *b = heap_busy(s, block);
    if (b)
        heap_release(s, b, block);
    leave(handle, flags);
    return b != NULL;
}

uint32_t heap_size(gaddr handle, gaddr block)
{
    uint32_t flags = 0;
    if (!enter(handle, flags))
        return 0xFFFFFFFFu;
    struct heap_block32 *b = heap_busy(state(handle), block);
    uint32_t size = b ? b->size : 0xFFFFFFFFu;
    leave(handle, flags);
    return size;
}

gaddr heap_realloc(gaddr handle, gaddr block, uint32_t size, uint32_t flags)
{
    if (size > HEAP_MAX_REQUEST || !enter(handle, flags))
        return 0;
    struct heap_block32 *b = heap_busy(state(handle), block);
    gaddr out = 0;
    uint32_t old = b ? b->size : 0;
    if (b && size <= b->cap) { /* fits where it is */
        b->size = size;
        if ((flags & HEAP_ZERO_MEMORY) && size > old)
            gm_fill(block + old, 0, size - old);
        out = block;
    } else if (b && !(flags & HEAP_REALLOC_IN_PLACE_ONLY)) {
        out = heap_take(state(handle), size);
        if (!out && grow(handle, heap_rounded(size)))
            out = heap_take(state(handle), size);
        if (out) {
            gm_move(out, block, old);
            if (flags & HEAP_ZERO_MEMORY)
                gm_fill(out + old, 0, size - old);
            struct heap_state32 *s = state(handle);
            heap_release(s, HEAP_BLOCK(block), block);
        }
    }
    leave(handle, flags);
    return out;
}

/* Steps through a segment's blocks; false at its end or at a broken header. */
static bool next_block(const struct heap_segment32 *g, gaddr *block, struct heap_block32 *hd, bool *busy)
{
    gaddr b = *block ? *block + hd->cap + HEAP_HDR : g->base + HEAP_HDR;
    if (b - HEAP_HDR >= g->used_end)
        return false;
    const struct heap_block32 *p = HEAP_BLOCK(b);
    if (heap_is(p, b, HEAP_MAGIC_USED))
        *busy = true;
    else if (heap_is(p, b, HEAP_MAGIC_FREE))
        *busy = false;
    else
        return false;
    if ((uint64_t)b + p->cap > g->used_end)
        return false;
    *hd = *p;
    *block = b;
    return true;
}

bool heap_validate(gaddr handle, gaddr block)
{
    if (!enter(handle, 0))
        return false;
    struct heap_state32 *s = state(handle);
    bool ok = true;
    if (block) {
        ok = heap_busy(s, block) != NULL;
    } else {
        for (uint32_t i = 0; i < s->nsegs && ok; i++) {
            const struct heap_segment32 *g = &s->segs[i];
            struct heap_block32 hd = { 0 };
            gaddr b = 0, last = 0;
            bool busy;
            while (next_block(g, &b, &hd, &busy))
                last = b;
            /* a header in the chain is damaged */
            ok = (last ? last + hd.cap : g->base) == g->used_end || g->used_end == g->base;
        }
    }
    leave(handle, 0);
    return ok;
}

bool heap_walk(gaddr handle, struct heap_walk *w)
{
    struct heap_state32 *s = state(handle);
    if (!s)
        return false;
    while (w->segment < s->nsegs) {
        const struct heap_segment32 *g = &s->segs[w->segment];
        if (!w->region_done) {
            w->region_done = true;
            w->kind = HEAP_WALK_REGION;
            w->data = g->base;
            w->size = g->committed_end - g->base;
            w->uncommitted = g->end - g->committed_end;
            w->first = g->base;
            w->last = g->end;
            w->block = 0;
            return true;
        }
        struct heap_block32 hd = { 0 };
        const struct heap_block32 *p = w->block ? HEAP_BLOCK(w->block) : NULL;
        if (p)
            hd = *p;
        bool busy;
        if (next_block(g, &w->block, &hd, &busy)) {
            w->kind = busy ? HEAP_WALK_BUSY : HEAP_WALK_FREE;
            w->busy = busy;
            w->data = w->block;
            w->size = busy ? hd.size : hd.cap;
            w->overhead = HEAP_HDR + (busy ? hd.cap - hd.size : 0);
            return true;
        }
        if (!w->uncommitted_done && g->end > g->committed_end) {
            w->uncommitted_done = true;
            w->kind = HEAP_WALK_UNCOMMITTED;
            w->data = g->committed_end;
            w->size = g->end - g->committed_end;
            w->overhead = 0;
            return true;
        }
        w->segment++;
        w->region_done = w->uncommitted_done = false;
        w->block = 0;
    }
    return false;
}

bool heap_walk_resume(gaddr handle, enum heap_walk_kind kind, gaddr data, struct heap_walk *w)
{
    struct heap_state32 *s = state(handle);
    if (!s)
        return false;
    memset(w, 0, sizeof *w);
    /* segments may be adjacent: a region entry is its segment's base,
     * anything else lies strictly inside */
    uint32_t i = 0;
    while (i < s->nsegs && !(kind == HEAP_WALK_REGION ? data == s->segs[i].base
                                                      : data > s->segs[i].base && data <= s->segs[i].end))
        i++;
    if (i == s->nsegs)
        return false;
    w->segment = i;
    w->region_done = true;
    if (kind == HEAP_WALK_UNCOMMITTED) {
        w->segment++;
        w->region_done = false;
    } else if (kind == HEAP_WALK_BUSY || kind == HEAP_WALK_FREE) {
        w->block = data;
        w->busy = kind == HEAP_WALK_BUSY;
    }
    return heap_walk(handle, w);
}

uint32_t heap_largest_free(gaddr handle)
{
    if (!enter(handle, 0))
        return 0;
    struct heap_state32 *s = state(handle);
    uint32_t best = 0;
    for (gaddr f = s->free_large; f;) {
        const struct heap_block32 *b = HEAP_BLOCK(f);
        if (!heap_is(b, f, HEAP_MAGIC_FREE))
            break;
        best = b->cap > best ? b->cap : best;
        f = b->next;
    }
    for (unsigned c = HEAP_NCLASSES; best == 0 && c-- > 1;)
        if (s->free_small[c])
            best = c * HEAP_ALIGN;
    if (s->nsegs) {
        const struct heap_segment32 *g = &s->segs[s->nsegs - 1];
        uint32_t tail = g->committed_end - g->used_end;
        best = tail > best ? tail : best;
    }
    leave(handle, 0);
    return best;
}

int heap_compatibility(gaddr handle)
{
    struct heap_state32 *s = state(handle);
    return !s ? -1 : (s->flags & HEAP_STATE_LFH) ? HEAP_COMPAT_LFH : HEAP_COMPAT_STANDARD;
}

bool heap_enable_lfh(gaddr handle)
{
    struct heap_state32 *s = state(handle);
    if (!s || (s->flags & HEAP_STATE_FIXED))
        return false;
    __atomic_or_fetch(&s->flags, HEAP_STATE_LFH, __ATOMIC_SEQ_CST);
    return true;
}

unsigned heap_list(gaddr *out, unsigned max)
{
    unsigned n = 0;
    for (struct heap *h = heaps; h; h = h->next, n++)
        if (n < max)
            out[n] = h->handle;
    return n;
}
