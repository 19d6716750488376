/* A guest heap's state and blocks as they lie in guest memory, and the
 * operations on them that need no new memory: one source for both halves.
 * core/heap.c (host) and the fast paths in kernel32's and msvcrt's guest
 * code (syscalls/<dll>/guest/heap.c, i686) include it; each defines
 * HEAP_BLOCK(addr), the header of the block whose data is at guest address
 * addr (NULL when host code cannot reach it), before including it.
 *
 * A heap handle is the guest address of a 64 KB region: its first 256
 * bytes stay zero (code peeking at Windows' HEAP Flags/ForceFlags sees no
 * debug heap), the state follows. Segments are reserved address space,
 * carved from the newest one upwards and committed as they fill. Every
 * block has a 16-byte header (HeapWalk and HeapValidate step through
 * them): requested size, capacity after the header, magic ^ header
 * address, and for free blocks the next one of their free list. */
#ifndef WOWBOX_CORE_HEAP_STATE_H
#define WOWBOX_CORE_HEAP_STATE_H

#include <stdint.h>

#define HEAP_NO_SERIALIZE          0x1u
#define HEAP_GENERATE_EXCEPTIONS   0x4u
#define HEAP_ZERO_MEMORY           0x8u
#define HEAP_REALLOC_IN_PLACE_ONLY 0x10u

#define HEAP_HDR        16u
#define HEAP_ALIGN      16u
#define HEAP_MAGIC_USED 0x48454150u /* "HEAP" */
#define HEAP_MAGIC_FREE 0x46524545u /* "FREE" */
#define HEAP_SMALL_MAX  1024u
#define HEAP_NCLASSES   (HEAP_SMALL_MAX / HEAP_ALIGN + 1)
#define HEAP_SEGMENT    (1u << 20)
#define HEAP_SPLIT_MIN  256u        /* leftovers smaller than this stay in the block */
#define HEAP_MAX_REQUEST 0x7FFE0000u
#define HEAP_SIGNATURE  0x50484257u /* "WBHP" */
#define HEAP_REGION     0x10000u    /* the handle's region: state and segment table */
#define HEAP_STATE_AT   0x100u
/* state flags beside HeapCreate's options */
#define HEAP_STATE_FIXED 0x10000000u /* created with a maximum size */
#define HEAP_STATE_LFH   0x20000000u /* HeapSetInformation enabled the LFH */

struct heap_block32 {
    uint32_t size;  /* requested (busy), 0 (free) */
    uint32_t cap;   /* bytes after the header */
    uint32_t magic; /* HEAP_MAGIC_USED or _FREE, xor the header's address */
    uint32_t next;  /* free: the next block of its list; busy: 0 */
};

struct heap_segment32 {
    uint32_t base, used_end, committed_end, end;
};

struct heap_state32 {
    uint32_t signature;
    /* the heap lock: owner's thread id (0: free), its depth, and how many
     * threads wait in the host (ntdll RtlLockHeap) for it */
    uint32_t lock, recursion, waiters;
    uint32_t flags;      /* HeapCreate's options | HEAP_STATE_* */
    uint32_t nsegs;
    uint32_t free_large; /* best-fit list of blocks above HEAP_SMALL_MAX */
    uint32_t reserved;
    uint32_t free_small[HEAP_NCLASSES]; /* by capacity / 16 */
    uint32_t pad[3];
    struct heap_segment32 segs[];
};
#define HEAP_MAX_SEGMENTS ((HEAP_REGION - HEAP_STATE_AT - sizeof(struct heap_state32)) / sizeof(struct heap_segment32))

_Static_assert(sizeof(struct heap_block32) == HEAP_HDR, "block header");
_Static_assert(__builtin_offsetof(struct heap_state32, lock) == 4, "lock word");
_Static_assert(__builtin_offsetof(struct heap_state32, free_small) == 32, "size classes");
_Static_assert(__builtin_offsetof(struct heap_state32, segs) == 32 + 4 * HEAP_NCLASSES + 12, "segments");
_Static_assert(sizeof(struct heap_state32) % 16 == 0, "segment table alignment");

#endif

/* The operations, for a file that defined HEAP_BLOCK first. */
#if defined(HEAP_BLOCK) && !defined(WOWBOX_CORE_HEAP_STATE_OPS)
#define WOWBOX_CORE_HEAP_STATE_OPS

static inline uint32_t heap_rounded(uint32_t size)
{
    uint32_t r = (size + HEAP_ALIGN - 1) & ~(HEAP_ALIGN - 1);
    return r ? r : HEAP_ALIGN;
}

static inline void heap_mark(struct heap_block32 *b, uint32_t block, uint32_t size, uint32_t cap, uint32_t magic,
                             uint32_t next)
{
    b->size = size;
    b->cap = cap;
    b->magic = magic ^ (block - HEAP_HDR);
    b->next = next;
}

static inline int heap_is(const struct heap_block32 *b, uint32_t block, uint32_t magic)
{
    return b && (b->magic ^ (block - HEAP_HDR)) == magic;
}

/* The header of a busy block of this heap: aligned, inside the used part
 * of one of its segments (newest first), with a busy header; NULL for
 * anything else (a pointer into a block, another heap's, freed). */
static inline struct heap_block32 *heap_busy(const struct heap_state32 *s, uint32_t block)
{
    if (block & (HEAP_ALIGN - 1))
        return 0;
    for (uint32_t i = s->nsegs; i-- > 0;) {
        const struct heap_segment32 *g = &s->segs[i];
        if (block - HEAP_HDR < g->base || block - HEAP_HDR >= g->used_end)
            continue;
        struct heap_block32 *b = HEAP_BLOCK(block);
        return heap_is(b, block, HEAP_MAGIC_USED) && b->cap <= g->used_end - block ? b : 0;
    }
    return 0;
}

/* Puts a free block on its list. */
static inline void heap_push(struct heap_state32 *s, struct heap_block32 *b, uint32_t block, uint32_t cap)
{
    uint32_t *head = cap <= HEAP_SMALL_MAX ? &s->free_small[cap / HEAP_ALIGN] : &s->free_large;
    heap_mark(b, block, 0, cap, HEAP_MAGIC_FREE, *head);
    *head = block;
}

/* Best fit among the large free blocks; one much bigger than needed is
 * split, the tail going back to the free lists as a block of its own. */
static inline uint32_t heap_take_large(struct heap_state32 *s, uint32_t cap)
{
    uint32_t *best = 0, best_cap = 0;
    for (uint32_t *p = &s->free_large; *p;) {
        struct heap_block32 *b = HEAP_BLOCK(*p);
        if (!heap_is(b, *p, HEAP_MAGIC_FREE)) {
            *p = 0; /* a damaged list ends here: its blocks are not reused */
            break;
        }
        if (b->cap >= cap && (!best || b->cap < best_cap)) {
            best = p;
            best_cap = b->cap;
        }
        p = &b->next;
    }
    if (!best)
        return 0;
    uint32_t block = *best;
    struct heap_block32 *b = HEAP_BLOCK(block);
    *best = b->next;
    if (best_cap - cap >= HEAP_SPLIT_MIN + HEAP_HDR) {
        uint32_t tail = block + cap + HEAP_HDR;
        struct heap_block32 *t = HEAP_BLOCK(tail);
        if (t) {
            heap_push(s, t, tail, best_cap - cap - HEAP_HDR);
            best_cap = cap;
        }
    }
    heap_mark(b, block, 0, best_cap, HEAP_MAGIC_FREE, 0);
    return block;
}

/* A block of capacity >= cap from the free lists or the committed part of
 * the newest segment, marked busy with `size`; 0 when the heap must grow
 * (the host's work: it commits and reserves). */
static inline uint32_t heap_take(struct heap_state32 *s, uint32_t size)
{
    uint32_t cap = heap_rounded(size), block = 0;
    struct heap_block32 *b = 0;
    if (cap <= HEAP_SMALL_MAX) {
        uint32_t *head = &s->free_small[cap / HEAP_ALIGN];
        if ((block = *head)) {
            b = HEAP_BLOCK(block);
            if (!heap_is(b, block, HEAP_MAGIC_FREE)) {
                *head = 0; /* damaged: the list is dropped */
                block = 0;
            } else {
                *head = b->next;
                cap = b->cap;
            }
        }
    } else if ((block = heap_take_large(s, cap))) {
        b = HEAP_BLOCK(block);
        cap = b->cap;
    }
    if (!block && s->nsegs) {
        struct heap_segment32 *g = &s->segs[s->nsegs - 1];
        if (g->committed_end - g->used_end >= cap + HEAP_HDR) {
            block = g->used_end + HEAP_HDR;
            if (!(b = HEAP_BLOCK(block)))
                return 0;
            g->used_end += cap + HEAP_HDR;
        }
    }
    if (!block)
        return 0;
    heap_mark(b, block, size, cap, HEAP_MAGIC_USED, 0);
    return block;
}

/* Frees a busy block (b = heap_busy(s, block)). */
static inline void heap_release(struct heap_state32 *s, struct heap_block32 *b, uint32_t block)
{
    heap_push(s, b, block, b->cap);
}

#endif
