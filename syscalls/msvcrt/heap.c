/* msvcrt's heap on the host: crt_malloc/crt_free for the CRT's own host
 * code, _msize, _expand, the aligned family and _heapchk on the process
 * heap (as msvcrt.dll does on Windows), with msvcrt's errno rules. malloc,
 * calloc, realloc and free are guest code too (guest/heap.c) where the
 * CPU backend's guest stores are fast. */
#include "syscalls/msvcrt/heap.h"

#include "core/heap.h"
#include "core/process.h"
#include "syscalls/api.h"
#include "syscalls/msvcrt/api_args.h"
#include "syscalls/msvcrt/state.h"

#define CRT_ENOMEM 12
#define CRT_EINVAL 22
/* _HEAP_MAXREQ: larger requests fail before reaching the heap */
#define HEAP_MAXREQ 0xFFFFFFE0u

gaddr crt_malloc(uint32_t size)
{
    gaddr p = size <= HEAP_MAXREQ ? heap_alloc(proc->process_heap, size, 0) : 0;
    if (!p)
        msvcrt_set_errno(CRT_ENOMEM);
    return p;
}

void crt_free(gaddr block)
{
    /* a block the heap does not own is ignored, as HeapFree's failure is */
    if (block)
        heap_free(proc->process_heap, block);
}

/* malloc, calloc, realloc, free: the host handlers behind guest/heap.c
 * (GUEST_HOST: the exports on a backend with slow guest stores). */
uint64_t msvcrt_malloc(struct thunk_call *c) { API_ARGS(msvcrt, malloc, a); return crt_malloc(a.size); }

uint64_t msvcrt_calloc(struct thunk_call *c)
{
    API_ARGS(msvcrt, calloc, a);
    uint64_t total = (uint64_t)a.count * a.size;
    if (total > HEAP_MAXREQ) {
        msvcrt_set_errno(CRT_ENOMEM);
        return 0;
    }
    gaddr p = heap_alloc(proc->process_heap, (uint32_t)total, HEAP_ZERO_MEMORY);
    if (!p)
        msvcrt_set_errno(CRT_ENOMEM);
    return p;
}

uint64_t msvcrt_realloc(struct thunk_call *c)
{
    API_ARGS(msvcrt, realloc, a);
    gaddr block = a.block;
    uint32_t size = a.size;
    if (!block)
        return crt_malloc(size);
    if (size == 0) {
        crt_free(block);
        return 0;
    }
    gaddr p = size <= HEAP_MAXREQ ? heap_realloc(proc->process_heap, block, size, 0) : 0;
    if (!p)
        msvcrt_set_errno(CRT_ENOMEM); /* the old block stays valid */
    return p;
}

uint64_t msvcrt_free(struct thunk_call *c)
{
    API_ARGS(msvcrt, free, a);
    crt_free(a.block);
    return 0;
}

uint64_t msvcrt__msize(struct thunk_call *c)
{
    API_ARGS(msvcrt, _msize, a);
    if (!a.block) {
        msvcrt_set_errno(CRT_EINVAL);
        return 0xFFFFFFFFu;
    }
    return heap_size(proc->process_heap, a.block);
}

/* Resizes without moving; fails (NULL, ENOMEM) when the block cannot. */
uint64_t msvcrt__expand(struct thunk_call *c)
{
    API_ARGS(msvcrt, _expand, a);
    gaddr block = a.block;
    uint32_t size = a.size;
    if (!block) {
        msvcrt_set_errno(CRT_EINVAL);
        return 0;
    }
    gaddr p = size <= HEAP_MAXREQ
                  ? heap_realloc(proc->process_heap, block, size, HEAP_REALLOC_IN_PLACE_ONLY) : 0;
    if (!p)
        msvcrt_set_errno(CRT_ENOMEM);
    return p;
}

/* Aligned blocks: the pointer returned by malloc is stored in the 4-byte
 * slot just below the aligned address (rounded down to 4), as msvcrt does. */
static bool pow2(uint32_t a) { return a && !(a & (a - 1)); }

static gaddr aligned_block(uint32_t size, uint32_t align, uint32_t offset)
{
    if (!pow2(align) || (size && offset >= size)) {
        msvcrt_set_errno(CRT_EINVAL);
        return 0;
    }
    if (align < 4)
        align = 4;
    uint64_t total = (uint64_t)size + align + 8;
    if (total > HEAP_MAXREQ) {
        msvcrt_set_errno(CRT_ENOMEM);
        return 0;
    }
    gaddr raw = crt_malloc((uint32_t)total);
    if (!raw)
        return 0;
    /* smallest p >= raw + 8 with (p + offset) aligned */
    gaddr p = ((raw + 8 + offset + align - 1) & ~(align - 1)) - offset;
    gm_write_u32((p - 4) & ~3u, raw);
    return p;
}

static gaddr aligned_raw(gaddr p)
{
    uint32_t raw = 0;
    gm_read_u32((p - 4) & ~3u, &raw);
    return raw;
}

static void aligned_free(gaddr p)
{
    if (p)
        crt_free(aligned_raw(p));
}

static gaddr aligned_resize(gaddr p, uint32_t size, uint32_t align, uint32_t offset)
{
    if (!p)
        return aligned_block(size, align, offset);
    if (size == 0) {
        aligned_free(p);
        return 0;
    }
    gaddr raw = aligned_raw(p);
    uint32_t raw_size = heap_size(proc->process_heap, raw);
    if (raw_size == 0xFFFFFFFFu || raw > p || p - raw > raw_size) {
        msvcrt_set_errno(CRT_EINVAL);
        return 0;
    }
    uint32_t old = raw_size - (p - raw);
    gaddr np = aligned_block(size, align, offset);
    if (!np)
        return 0;
    uint32_t n = old < size ? old : size;
    const void *src = gm_ptr(p, n, false);
    if (src)
        gm_write(np, src, n);
    aligned_free(p);
    return np;
}

uint64_t msvcrt__aligned_malloc(struct thunk_call *c)
{
    API_ARGS(msvcrt, _aligned_malloc, a);
    return aligned_block(a.size, a.alignment, 0);
}
uint64_t msvcrt__aligned_offset_malloc(struct thunk_call *c)
{
    API_ARGS(msvcrt, _aligned_offset_malloc, a);
    return aligned_block(a.size, a.alignment, a.offset);
}
uint64_t msvcrt__aligned_realloc(struct thunk_call *c)
{
    API_ARGS(msvcrt, _aligned_realloc, a);
    return aligned_resize(a.block, a.size, a.alignment, 0);
}

uint64_t msvcrt__aligned_offset_realloc(struct thunk_call *c)
{
    API_ARGS(msvcrt, _aligned_offset_realloc, a);
    return aligned_resize(a.block, a.size, a.alignment, a.offset);
}

uint64_t msvcrt__aligned_free(struct thunk_call *c)
{
    API_ARGS(msvcrt, _aligned_free, a);
    aligned_free(a.block);
    return 0;
}

/* _HEAPOK (-2) or _HEAPBADNODE (-4). */
uint64_t msvcrt__heapchk(struct thunk_call *c)
{
    (void)c;
    return (uint32_t)(heap_validate(proc->process_heap, 0) ? -2 : -4);
}

/* Nothing to give back: the heap keeps its segments. */
uint64_t msvcrt__heapmin(struct thunk_call *c) { (void)c; return 0; }
uint64_t msvcrt__get_heap_handle(struct thunk_call *c) { (void)c; return proc->process_heap; }
