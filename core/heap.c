/* Guest heaps: size-class free lists for small blocks, a host-side free
 * list for large ones, segments reserved from the address-space map and
 * committed as they fill. Block header (8 bytes, in guest memory):
 * u32 size, u32 magic ^ address — a corrupted header is detected on free. */
#include "core/heap.h"

#include <stdlib.h>
#include <string.h>

#include "core/guest_mem.h"
#include "core/vmmap.h"
#include <stdio.h>

#define HDR        8u
#define ALIGN      8u
#define MAGIC_USED 0x48454150u /* "HEAP" */
#define MAGIC_FREE 0x46524545u /* "FREE" */
#define SMALL_MAX  1024u
#define NCLASSES   (SMALL_MAX / ALIGN + 1)
#define SEGMENT    (1u << 20)

struct large_free { gaddr block; uint32_t size; struct large_free *next; };

struct heap {
    gaddr handle;
    gaddr seg_cur, seg_end, seg_committed; /* bump region of the newest segment */
    gaddr free_small[NCLASSES];            /* singly linked through guest memory */
    struct large_free *free_large;
    gaddr *segments;
    unsigned nsegments;
    struct heap *next;
};

static struct heap *heaps;

static struct heap *find_heap(gaddr handle)
{
    for (struct heap *h = heaps; h; h = h->next)
        if (h->handle == handle)
            return h;
    return NULL;
}

static bool new_segment(struct heap *h, uint32_t need)
{
    uint32_t size = need + HDR > SEGMENT ? (need + HDR + 0xFFFFu) & ~0xFFFFu : SEGMENT;
    gaddr seg = 0;
    if (vm_reserve(g_vm, &seg, size, 0, PAGE_READWRITE, false) != STATUS_SUCCESS)
        return false;
    gaddr *segs = realloc(h->segments, (h->nsegments + 1) * sizeof *segs);
    if (!segs) {
        vm_release(g_vm, seg);
        return false;
    }
    h->segments = segs;
    h->segments[h->nsegments++] = seg;
    char name[48];
    snprintf(name, sizeof name, "heap %#x segment", h->handle);
    vmmap_tag(seg, name);
    h->seg_cur = seg;
    h->seg_committed = seg;
    h->seg_end = seg + size;
    return true;
}

/* Carves from the bump region, committing 64 KB at a time. */
static gaddr carve(struct heap *h, uint32_t total)
{
    if (h->seg_cur == 0 || (uint64_t)h->seg_cur + total > h->seg_end) {
        if (!new_segment(h, total))
            return 0;
    }
    gaddr block = h->seg_cur;
    if (block + total > h->seg_committed) {
        uint32_t want = (block + total - h->seg_committed + 0xFFFFu) & ~0xFFFFu;
        if (h->seg_committed + want > h->seg_end)
            want = h->seg_end - h->seg_committed;
        if (vm_commit(g_vm, h->seg_committed, want, PAGE_READWRITE) != STATUS_SUCCESS)
            return 0;
        h->seg_committed += want;
    }
    h->seg_cur += total;
    return block;
}

static uint32_t rounded(uint32_t size)
{
    uint32_t r = (size + ALIGN - 1) & ~(ALIGN - 1);
    return r ? r : ALIGN;
}

static void write_header(gaddr hdr, uint32_t size, uint32_t magic)
{
    uint32_t h[2] = { size, magic ^ hdr };
    gm_write(hdr, h, sizeof h);
}

static bool read_header(gaddr block, uint32_t *size, uint32_t magic)
{
    uint32_t h[2];
    if (block < HDR || !gm_read(block - HDR, h, sizeof h))
        return false;
    if ((h[1] ^ (block - HDR)) != magic)
        return false;
    *size = h[0];
    return true;
}

static gaddr take_large(struct heap *h, uint32_t size)
{
    struct large_free **best = NULL;
    for (struct large_free **p = &h->free_large; *p; p = &(*p)->next)
        if ((*p)->size >= size && (!best || (*p)->size < (*best)->size))
            best = p;
    if (!best)
        return 0;
    struct large_free *f = *best;
    gaddr block = f->block;
    *best = f->next;
    free(f);
    return block;
}

gaddr heap_create(uint32_t initial, uint32_t maximum)
{
    (void)maximum; /* growable heaps only for now; a fixed maximum is not enforced */
    struct heap *h = calloc(1, sizeof *h);
    if (!h)
        return 0;
    gaddr handle = 0;
    if (vm_alloc(g_vm, &handle, VM_PAGE_SIZE, PAGE_READWRITE, 0) != STATUS_SUCCESS) {
        free(h);
        return 0;
    }
    h->handle = handle;
    vmmap_tag(handle, "heap header");
    gm_write_u32(handle, 0xEEFFEEFFu); /* the signature Windows heaps carry at +8 sits elsewhere; any marker will do */
    h->next = heaps;
    heaps = h;
    if (initial)
        new_segment(h, initial);
    return handle;
}

bool heap_destroy(gaddr handle)
{
    for (struct heap **p = &heaps; *p; p = &(*p)->next) {
        struct heap *h = *p;
        if (h->handle != handle)
            continue;
        for (unsigned i = 0; i < h->nsegments; i++)
            vm_release(g_vm, h->segments[i]);
        while (h->free_large) {
            struct large_free *f = h->free_large;
            h->free_large = f->next;
            free(f);
        }
        vm_release(g_vm, h->handle);
        *p = h->next;
        free(h->segments);
        free(h);
        return true;
    }
    return false;
}

gaddr heap_alloc(gaddr handle, uint32_t size, uint32_t flags)
{
    struct heap *h = find_heap(handle);
    if (!h || size > 0x7FFF0000u)
        return 0;
    uint32_t r = rounded(size);
    gaddr block = 0;
    if (r <= SMALL_MAX) {
        uint32_t cls = r / ALIGN;
        block = h->free_small[cls];
        if (block) {
            uint32_t next = 0;
            gm_read_u32(block, &next);
            h->free_small[cls] = next;
        }
    } else {
        block = take_large(h, r);
    }
    if (!block) {
        gaddr hdr = carve(h, r + HDR);
        if (!hdr)
            return 0;
        block = hdr + HDR;
    }
    /* the header keeps the requested size (HeapSize); the capacity is
     * always that size rounded, so a reused large block may waste a tail */
    write_header(block - HDR, size, MAGIC_USED);
    if (flags & HEAP_ZERO_MEMORY)
        gm_fill(block, 0, size);
    return block;
}

/* Capacity of a used block: its size class for small blocks; large blocks
 * reuse free entries of at least their size, so keep the exact size. */
static uint32_t capacity_of(uint32_t size)
{
    return rounded(size);
}

bool heap_free(gaddr handle, gaddr block)
{
    struct heap *h = find_heap(handle);
    uint32_t size;
    if (!h || !read_header(block, &size, MAGIC_USED))
        return false;
    uint32_t cap = capacity_of(size);
    write_header(block - HDR, cap, MAGIC_FREE);
    if (cap <= SMALL_MAX) {
        gm_write_u32(block, h->free_small[cap / ALIGN]);
        h->free_small[cap / ALIGN] = block;
        return true;
    }
    struct large_free *f = malloc(sizeof *f);
    if (!f)
        return true; /* leaked, not lost: the block simply is not reused */
    f->block = block;
    f->size = cap;
    f->next = h->free_large;
    h->free_large = f;
    return true;
}

uint32_t heap_size(gaddr handle, gaddr block)
{
    uint32_t size;
    if (!find_heap(handle) || !read_header(block, &size, MAGIC_USED))
        return 0xFFFFFFFFu;
    return size;
}

bool heap_validate(gaddr handle, gaddr block)
{
    uint32_t size;
    if (!find_heap(handle))
        return false;
    return block == 0 || read_header(block, &size, MAGIC_USED);
}

gaddr heap_realloc(gaddr handle, gaddr block, uint32_t size, uint32_t flags)
{
    uint32_t old = heap_size(handle, block);
    if (old == 0xFFFFFFFFu)
        return 0;
    if (rounded(size) == capacity_of(old)) {
        if ((flags & HEAP_ZERO_MEMORY) && size > old)
            gm_fill(block + old, 0, size - old);
        gm_write_u32(block - HDR, size);
        return block;
    }
    if (flags & HEAP_REALLOC_IN_PLACE_ONLY)
        return 0;
    gaddr nb = heap_alloc(handle, size, flags);
    if (!nb)
        return 0;
    uint8_t buf[4096];
    uint32_t n = old < size ? old : size;
    for (uint32_t off = 0; off < n; off += sizeof buf) {
        uint32_t chunk = n - off < sizeof buf ? n - off : (uint32_t)sizeof buf;
        gm_read(block + off, buf, chunk);
        gm_write(nb + off, buf, chunk);
    }
    heap_free(handle, block);
    return nb;
}
