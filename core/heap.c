/* Guest heaps: size-class free lists for small blocks, a best-fit list for
 * large ones (split when much bigger than asked), segments reserved from
 * the address-space map and committed as they fill. Every block carries a
 * 16-byte header in guest memory, so segments can be walked (HeapWalk,
 * HeapValidate) and a corrupted header is caught on free:
 *   u32 size (requested), u32 capacity (bytes after the header),
 *   u32 magic ^ header address, u32 flags. */
#include "core/heap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/guest_mem.h"
#include "core/thread.h"
#include "core/vmmap.h"

#define HDR        16u
#define ALIGN      16u
#define MAGIC_USED 0x48454150u /* "HEAP" */
#define MAGIC_FREE 0x46524545u /* "FREE" */
#define SMALL_MAX  1024u
#define NCLASSES   (SMALL_MAX / ALIGN + 1)
#define SEGMENT    (1u << 20)
#define SPLIT_MIN  256u        /* leftovers smaller than this stay in the block */

struct large_free { gaddr block; uint32_t cap; struct large_free *next; };

struct segment { gaddr base, used_end, committed_end, end; };

struct heap {
    gaddr handle;
    gaddr free_small[NCLASSES];  /* singly linked through the blocks' data */
    struct large_free *free_large;
    struct segment *segs;
    unsigned nsegs;
    struct thread_lock lock;     /* HeapLock */
    bool fixed;                  /* created with a maximum size */
    bool lfh;                    /* HeapSetInformation enabled the low-fragmentation heap */
    struct heap *next;
};

struct header { uint32_t size, cap, magic, flags; };

static struct heap *heaps;

static struct heap *lookup_heap(gaddr handle)
{
    for (struct heap *h = heaps; h; h = h->next)
        if (h->handle == handle)
            return h;
    return NULL;
}

/* A heap another thread has locked (HeapLock) is used once it unlocks it;
 * the lock is free (or ours) almost always, at the cost of a compare. */
static struct heap *find_heap(gaddr handle)
{
    struct heap *h = lookup_heap(handle);
    if (h && h->lock.owner && current_thread && h->lock.owner != current_thread->tid) {
        if (thread_lock_enter(&h->lock))
            thread_lock_leave(&h->lock);
        h = lookup_heap(handle); /* destroyed meanwhile? */
    }
    return h;
}

bool heap_lock(gaddr handle)
{
    struct heap *h = lookup_heap(handle);
    return h && thread_lock_enter(&h->lock);
}

bool heap_unlock(gaddr handle)
{
    struct heap *h = lookup_heap(handle);
    if (!h)
        return false;
    thread_lock_leave(&h->lock);
    return true;
}

static uint32_t rounded(uint32_t size)
{
    uint32_t r = (size + ALIGN - 1) & ~(ALIGN - 1);
    return r ? r : ALIGN;
}

static void write_header(gaddr block, uint32_t size, uint32_t cap, uint32_t magic)
{
    struct header hd = { size, cap, magic ^ (block - HDR), 0 };
    gm_write(block - HDR, &hd, sizeof hd);
}

static bool read_header(gaddr block, struct header *hd, uint32_t magic)
{
    if (block < HDR || (block & (ALIGN - 1)) || !gm_read(block - HDR, hd, sizeof *hd))
        return false;
    return (hd->magic ^ (block - HDR)) == magic;
}

static bool new_segment(struct heap *h, uint32_t need)
{
    uint32_t size = need > SEGMENT - HDR ? (need + HDR + 0xFFFFu) & ~0xFFFFu : SEGMENT;
    gaddr base = 0;
    if (vm_reserve(g_vm, &base, size, 0, PAGE_READWRITE, false) != STATUS_SUCCESS)
        return false;
    struct segment *segs = realloc(h->segs, (h->nsegs + 1) * sizeof *segs);
    if (!segs) {
        vm_release(g_vm, base);
        return false;
    }
    h->segs = segs;
    h->segs[h->nsegs++] = (struct segment){ base, base, base, base + size };
    char name[48];
    snprintf(name, sizeof name, "heap %#x segment", h->handle);
    vmmap_tag(base, name);
    return true;
}

/* Carves header + cap bytes from the newest segment, committing 64 KB at a time. */
static gaddr carve(struct heap *h, uint32_t cap)
{
    uint64_t total = (uint64_t)cap + HDR;
    struct segment *s = h->nsegs ? &h->segs[h->nsegs - 1] : NULL;
    if (!s || s->used_end + total > s->end) {
        if (!new_segment(h, cap))
            return 0;
        s = &h->segs[h->nsegs - 1];
    }
    gaddr hdr = s->used_end;
    if (hdr + total > s->committed_end) {
        uint32_t want = (uint32_t)((hdr + total - s->committed_end + 0xFFFFu) & ~0xFFFFull);
        if (s->committed_end + want > s->end)
            want = s->end - s->committed_end;
        if (vm_commit(g_vm, s->committed_end, want, PAGE_READWRITE) != STATUS_SUCCESS)
            return 0;
        s->committed_end += want;
    }
    s->used_end += (gaddr)total;
    return hdr + HDR;
}

static void push_large(struct heap *h, gaddr block, uint32_t cap)
{
    struct large_free *f = malloc(sizeof *f);
    if (!f)
        return; /* the block is not reused, never lost for the walker */
    *f = (struct large_free){ block, cap, h->free_large };
    h->free_large = f;
}

/* Best fit; a block much bigger than needed is split, the tail going back
 * to the free lists as a block of its own. */
static gaddr take_large(struct heap *h, uint32_t cap)
{
    struct large_free **best = NULL;
    for (struct large_free **p = &h->free_large; *p; p = &(*p)->next)
        if ((*p)->cap >= cap && (!best || (*p)->cap < (*best)->cap))
            best = p;
    if (!best)
        return 0;
    struct large_free *f = *best;
    gaddr block = f->block;
    uint32_t have = f->cap;
    *best = f->next;
    free(f);
    if (have - cap >= SPLIT_MIN + HDR) {
        gaddr tail = block + cap + HDR;
        uint32_t tail_cap = have - cap - HDR;
        write_header(tail, 0, tail_cap, MAGIC_FREE);
        if (tail_cap <= SMALL_MAX) {
            gm_write_u32(tail, h->free_small[tail_cap / ALIGN]);
            h->free_small[tail_cap / ALIGN] = tail;
        } else {
            push_large(h, tail, tail_cap);
        }
        have = cap;
    }
    write_header(block, 0, have, MAGIC_FREE);
    return block;
}

gaddr heap_create(uint32_t initial, uint32_t maximum)
{
    /* a fixed maximum is not enforced yet, only remembered */
    struct heap *h = calloc(1, sizeof *h);
    if (!h)
        return 0;
    h->fixed = maximum != 0;
    gaddr handle = 0;
    if (vm_alloc(g_vm, &handle, VM_PAGE_SIZE, PAGE_READWRITE, 0) != STATUS_SUCCESS) {
        free(h);
        return 0;
    }
    h->handle = handle;
    vmmap_tag(handle, "heap header");
    h->next = heaps;
    heaps = h;
    if (initial)
        new_segment(h, initial);
    return handle;
}

bool heap_destroy(gaddr handle)
{
    find_heap(handle); /* not while another thread has it locked */
    for (struct heap **p = &heaps; *p; p = &(*p)->next) {
        struct heap *h = *p;
        if (h->handle != handle)
            continue;
        for (unsigned i = 0; i < h->nsegs; i++)
            vm_release(g_vm, h->segs[i].base);
        while (h->free_large) {
            struct large_free *f = h->free_large;
            h->free_large = f->next;
            free(f);
        }
        vm_release(g_vm, h->handle);
        *p = h->next;
        free(h->segs);
        free(h);
        return true;
    }
    return false;
}

gaddr heap_alloc(gaddr handle, uint32_t size, uint32_t flags)
{
    struct heap *h = find_heap(handle);
    if (!h || size > 0x7FFE0000u)
        return 0;
    uint32_t cap = rounded(size);
    gaddr block = 0;
    struct header hd;
    if (cap <= SMALL_MAX) {
        block = h->free_small[cap / ALIGN];
        if (block) {
            uint32_t next = 0;
            gm_read_u32(block, &next);
            h->free_small[cap / ALIGN] = next;
        }
    } else {
        block = take_large(h, cap);
    }
    if (block && read_header(block, &hd, MAGIC_FREE))
        cap = hd.cap;
    else if (!(block = carve(h, cap)))
        return 0;
    write_header(block, size, cap, MAGIC_USED);
    if (flags & HEAP_ZERO_MEMORY)
        gm_fill(block, 0, size);
    return block;
}

bool heap_free(gaddr handle, gaddr block)
{
    struct heap *h = find_heap(handle);
    struct header hd;
    if (!h || !read_header(block, &hd, MAGIC_USED))
        return false;
    write_header(block, 0, hd.cap, MAGIC_FREE);
    if (hd.cap <= SMALL_MAX) {
        gm_write_u32(block, h->free_small[hd.cap / ALIGN]);
        h->free_small[hd.cap / ALIGN] = block;
    } else {
        push_large(h, block, hd.cap);
    }
    return true;
}

int heap_compatibility(gaddr handle)
{
    struct heap *h = find_heap(handle);
    return !h ? -1 : h->lfh ? HEAP_COMPAT_LFH : HEAP_COMPAT_STANDARD;
}

bool heap_enable_lfh(gaddr handle)
{
    struct heap *h = find_heap(handle);
    if (!h || h->fixed)
        return false;
    h->lfh = true;
    return true;
}

uint32_t heap_size(gaddr handle, gaddr block)
{
    struct header hd;
    if (!find_heap(handle) || !read_header(block, &hd, MAGIC_USED))
        return 0xFFFFFFFFu;
    return hd.size;
}

gaddr heap_realloc(gaddr handle, gaddr block, uint32_t size, uint32_t flags)
{
    struct header hd;
    if (!find_heap(handle) || !read_header(block, &hd, MAGIC_USED) || size > 0x7FFE0000u)
        return 0;
    if (size <= hd.cap) { /* fits where it is */
        if ((flags & HEAP_ZERO_MEMORY) && size > hd.size)
            gm_fill(block + hd.size, 0, size - hd.size);
        write_header(block, size, hd.cap, MAGIC_USED);
        return block;
    }
    if (flags & HEAP_REALLOC_IN_PLACE_ONLY)
        return 0;
    gaddr nb = heap_alloc(handle, size, flags);
    if (!nb)
        return 0;
    const void *src = gm_ptr(block, hd.size, false);
    if (src)
        gm_write(nb, src, hd.size);
    heap_free(handle, block);
    return nb;
}

/* Steps through a segment's blocks; false at its end or at a broken header. */
static bool next_block(const struct segment *s, gaddr *block, struct header *hd, bool *busy)
{
    gaddr b = *block ? *block + hd->cap + HDR : s->base + HDR;
    if (b - HDR >= s->used_end)
        return false;
    if (read_header(b, hd, MAGIC_USED))
        *busy = true;
    else if (read_header(b, hd, MAGIC_FREE))
        *busy = false;
    else
        return false;
    if ((uint64_t)b + hd->cap > s->used_end)
        return false;
    *block = b;
    return true;
}

bool heap_validate(gaddr handle, gaddr block)
{
    struct heap *h = find_heap(handle);
    struct header hd;
    if (!h)
        return false;
    if (block)
        return read_header(block, &hd, MAGIC_USED);
    for (unsigned i = 0; i < h->nsegs; i++) {
        gaddr b = 0, last = 0;
        bool busy;
        while (next_block(&h->segs[i], &b, &hd, &busy))
            last = b;
        if ((last ? last + hd.cap : h->segs[i].base) != h->segs[i].used_end &&
            h->segs[i].used_end != h->segs[i].base)
            return false; /* a header in the chain is damaged */
    }
    return true;
}

bool heap_walk(gaddr handle, struct heap_walk *w)
{
    struct heap *h = find_heap(handle);
    if (!h)
        return false;
    while (w->segment < h->nsegs) {
        const struct segment *s = &h->segs[w->segment];
        if (!w->region_done) {
            w->region_done = true;
            w->kind = HEAP_WALK_REGION;
            w->data = s->base;
            w->size = s->committed_end - s->base;
            w->uncommitted = s->end - s->committed_end;
            w->first = s->base;
            w->last = s->end;
            w->block = 0;
            return true;
        }
        struct header hd = { 0 };
        if (w->block)
            read_header(w->block, &hd, w->busy ? MAGIC_USED : MAGIC_FREE);
        bool busy;
        if (next_block(s, &w->block, &hd, &busy)) {
            w->kind = busy ? HEAP_WALK_BUSY : HEAP_WALK_FREE;
            w->busy = busy;
            w->data = w->block;
            w->size = busy ? hd.size : hd.cap;
            w->overhead = HDR + (busy ? hd.cap - hd.size : 0);
            return true;
        }
        if (!w->uncommitted_done && s->end > s->committed_end) {
            w->uncommitted_done = true;
            w->kind = HEAP_WALK_UNCOMMITTED;
            w->data = s->committed_end;
            w->size = s->end - s->committed_end;
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
    struct heap *h = find_heap(handle);
    if (!h)
        return false;
    memset(w, 0, sizeof *w);
    /* segments may be adjacent: a region entry is its segment's base,
     * anything else lies strictly inside */
    unsigned i = 0;
    while (i < h->nsegs && !(kind == HEAP_WALK_REGION ? data == h->segs[i].base
                                                      : data > h->segs[i].base && data <= h->segs[i].end))
        i++;
    if (i == h->nsegs)
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
    struct heap *h = find_heap(handle);
    uint32_t best = 0;
    if (!h)
        return 0;
    for (struct large_free *f = h->free_large; f; f = f->next)
        best = f->cap > best ? f->cap : best;
    for (unsigned c = NCLASSES; best == 0 && c-- > 1;)
        if (h->free_small[c])
            best = c * ALIGN;
    if (h->nsegs) {
        const struct segment *s = &h->segs[h->nsegs - 1];
        uint32_t tail = s->committed_end - s->used_end;
        best = tail > best ? tail : best;
    }
    return best;
}

unsigned heap_list(gaddr *out, unsigned max)
{
    unsigned n = 0;
    for (struct heap *h = heaps; h; h = h->next, n++)
        if (n < max)
            out[n] = h->handle;
    return n;
}
