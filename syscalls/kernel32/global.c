/* kernel32 Global and Local memory on the process heap. Fixed blocks are
 * plain heap pointers (16-byte aligned). A moveable block is reached
 * through a handle that points at the data-pointer field of an 8-byte
 * entry, so `*(void **)h` gives the data as on Windows and handles are
 * told from pointers by (h & 7) == 4. The Global and Local families are
 * one implementation (they are on Win32). */
#include <stddef.h>

#include "core/heap.h"
#include "core/process.h"
#include "syscalls/api.h"
#include "syscalls/kernel32/api_args.h"
#include "syscalls/win32_errors.h"

#define GMEM_MOVEABLE   0x0002u
#define GMEM_ZEROINIT   0x0040u
#define GMEM_MODIFY     0x0080u
#define GMEM_DISCARDED  0x4000u
#define GMEM_LOCKCOUNT  0x00FFu
#define ENTRY_MAGIC     0x4D48u  /* "HM" */

/* A moveable block's entry in guest memory; its handle is &entry->data. */
typedef struct {
    uint16_t magic;
    uint8_t lock_count;
    uint8_t unused;
    uint32_t data;
} HANDLE_ENTRY32;
_Static_assert(offsetof(HANDLE_ENTRY32, lock_count) == 2, "HANDLE_ENTRY32.lock_count");
_Static_assert(offsetof(HANDLE_ENTRY32, data) == 4, "HANDLE_ENTRY32.data");
_Static_assert(sizeof(HANDLE_ENTRY32) == 8, "sizeof HANDLE_ENTRY32");
#define ENTRY_OF(h) ((h) - (gaddr)offsetof(HANDLE_ENTRY32, data))
#define HANDLE_OF(entry) ((entry) + (gaddr)offsetof(HANDLE_ENTRY32, data))

static bool is_handle(gaddr h) { return (h & 7u) == offsetof(HANDLE_ENTRY32, data); }

static bool entry_read(gaddr h, uint32_t *lock, gaddr *data)
{
    HANDLE_ENTRY32 e;
    if (!is_handle(h) || !gm_read(ENTRY_OF(h), &e, sizeof e) || e.magic != ENTRY_MAGIC)
        return false;
    *lock = e.lock_count;
    *data = e.data;
    return true;
}

static void entry_set_lock(gaddr h, uint32_t lock)
{
    gm_write_u8(ENTRY_OF(h) + offsetof(HANDLE_ENTRY32, lock_count), (uint8_t)lock);
}

static uint64_t fail(uint32_t err)
{
    teb_set_last_error(err);
    return 0;
}

static gaddr heap(void) { return proc->process_heap; }

static uint64_t mem_alloc(uint32_t flags, uint32_t size)
{
    uint32_t hf = (flags & GMEM_ZEROINIT) ? HEAP_ZERO_MEMORY : 0;
    if (!(flags & GMEM_MOVEABLE)) {
        gaddr p = heap_alloc(heap(), size, hf);
        return p ? p : fail(ERROR_NOT_ENOUGH_MEMORY);
    }
    gaddr entry = heap_alloc(heap(), sizeof(HANDLE_ENTRY32), 0);
    gaddr data = size ? heap_alloc(heap(), size, hf) : 0; /* size 0: born discarded */
    if (!entry || (size && !data)) {
        heap_free(heap(), entry);
        return fail(ERROR_NOT_ENOUGH_MEMORY);
    }
    HANDLE_ENTRY32 e = { .magic = ENTRY_MAGIC, .data = data };
    gm_write(entry, &e, sizeof e);
    return HANDLE_OF(entry);
}

static uint64_t mem_free(gaddr h)
{
    uint32_t lock;
    gaddr data;
    if (h == 0)
        return 0;
    if (entry_read(h, &lock, &data)) {
        if (data)
            heap_free(heap(), data);
        heap_free(heap(), ENTRY_OF(h));
        return 0;
    }
    if (!is_handle(h) && heap_free(heap(), h))
        return 0;
    teb_set_last_error(ERROR_INVALID_HANDLE);
    return h;
}

static uint64_t mem_lock(gaddr h)
{
    uint32_t lock;
    gaddr data;
    if (entry_read(h, &lock, &data)) {
        if (!data)
            return fail(ERROR_DISCARDED);
        if (lock < 0xFF) /* the count saturates, as Windows' does */
            entry_set_lock(h, lock + 1);
        return data;
    }
    if (!is_handle(h) && heap_validate(heap(), h))
        return h;
    return fail(ERROR_INVALID_HANDLE);
}

static uint64_t mem_unlock(gaddr h)
{
    uint32_t lock;
    gaddr data;
    if (entry_read(h, &lock, &data)) {
        if (lock == 0)
            return fail(ERROR_NOT_LOCKED);
        if (lock < 0xFF)
            entry_set_lock(h, lock - 1);
        if (lock - 1 == 0) {
            teb_set_last_error(ERROR_SUCCESS); /* unlocked now: FALSE with NO_ERROR */
            return 0;
        }
        return 1;
    }
    if (!is_handle(h) && heap_validate(heap(), h))
        return 1; /* fixed memory is never locked */
    return fail(ERROR_INVALID_HANDLE);
}

static uint64_t mem_size(gaddr h)
{
    uint32_t lock;
    gaddr data;
    if (entry_read(h, &lock, &data))
        return data ? heap_size(heap(), data) : 0;
    uint32_t s = is_handle(h) ? 0xFFFFFFFFu : heap_size(heap(), h);
    return s == 0xFFFFFFFFu ? fail(ERROR_INVALID_HANDLE) : s;
}

static uint64_t mem_realloc(gaddr h, uint32_t size, uint32_t flags)
{
    uint32_t lock, hf = (flags & GMEM_ZEROINIT) ? HEAP_ZERO_MEMORY : 0;
    gaddr data;
    if (flags & GMEM_MODIFY) /* only the attributes change; none are kept */
        return entry_read(h, &lock, &data) || heap_validate(heap(), h) ? h : fail(ERROR_INVALID_HANDLE);
    if (entry_read(h, &lock, &data)) {
        gaddr nd = data ? heap_realloc(heap(), data, size, hf) : heap_alloc(heap(), size, hf);
        if (!nd && size)
            return fail(ERROR_NOT_ENOUGH_MEMORY);
        gm_write_u32(h, nd); /* the handle is &entry->data */
        return h;
    }
    if (is_handle(h) || !heap_validate(heap(), h))
        return fail(ERROR_INVALID_HANDLE);
    /* a fixed block may move only when the caller allows it */
    gaddr np = heap_realloc(heap(), h, size, hf | ((flags & GMEM_MOVEABLE) ? 0 : HEAP_REALLOC_IN_PLACE_ONLY));
    return np ? np : fail(ERROR_NOT_ENOUGH_MEMORY);
}

/* A data pointer back to its moveable handle: the entries live on the
 * process heap, so walk it for the entry that points here. */
static uint64_t mem_handle(gaddr p)
{
    struct heap_walk w = { 0 };
    while (heap_walk(heap(), &w)) {
        uint32_t lock;
        gaddr data;
        gaddr h = HANDLE_OF(w.data);
        if (w.kind == HEAP_WALK_BUSY && w.size == sizeof(HANDLE_ENTRY32) && entry_read(h, &lock, &data) && data == p)
            return h;
    }
    if (heap_validate(heap(), p))
        return p;
    return fail(ERROR_INVALID_HANDLE);
}

static uint64_t mem_flags(gaddr h)
{
    uint32_t lock;
    gaddr data;
    if (entry_read(h, &lock, &data))
        return (lock & GMEM_LOCKCOUNT) | (data ? 0 : GMEM_DISCARDED);
    if (!is_handle(h) && heap_validate(heap(), h))
        return 0;
    teb_set_last_error(ERROR_INVALID_HANDLE);
    return 0x8000u; /* GMEM_INVALID_HANDLE */
}

uint64_t kernel32_GlobalAlloc(struct thunk_call *c)
{
    API_ARGS(kernel32, GlobalAlloc, a);
    return mem_alloc(a.uFlags, a.dwBytes);
}
uint64_t kernel32_GlobalFree(struct thunk_call *c) { API_ARGS(kernel32, GlobalFree, a); return mem_free(a.hMem); }
uint64_t kernel32_GlobalLock(struct thunk_call *c) { API_ARGS(kernel32, GlobalLock, a); return mem_lock(a.hMem); }
uint64_t kernel32_GlobalUnlock(struct thunk_call *c) { API_ARGS(kernel32, GlobalUnlock, a); return mem_unlock(a.hMem); }
uint64_t kernel32_GlobalSize(struct thunk_call *c) { API_ARGS(kernel32, GlobalSize, a); return mem_size(a.hMem); }
uint64_t kernel32_GlobalReAlloc(struct thunk_call *c)
{
    API_ARGS(kernel32, GlobalReAlloc, a);
    return mem_realloc(a.hMem, a.dwBytes, a.uFlags);
}
uint64_t kernel32_GlobalHandle(struct thunk_call *c) { API_ARGS(kernel32, GlobalHandle, a); return mem_handle(a.pMem); }
uint64_t kernel32_GlobalFlags(struct thunk_call *c) { API_ARGS(kernel32, GlobalFlags, a); return mem_flags(a.hMem); }
uint64_t kernel32_LocalAlloc(struct thunk_call *c)
{
    API_ARGS(kernel32, LocalAlloc, a);
    return mem_alloc(a.uFlags, a.uBytes);
}
uint64_t kernel32_LocalFree(struct thunk_call *c) { API_ARGS(kernel32, LocalFree, a); return mem_free(a.hMem); }
uint64_t kernel32_LocalLock(struct thunk_call *c) { API_ARGS(kernel32, LocalLock, a); return mem_lock(a.hMem); }
uint64_t kernel32_LocalUnlock(struct thunk_call *c) { API_ARGS(kernel32, LocalUnlock, a); return mem_unlock(a.hMem); }
uint64_t kernel32_LocalSize(struct thunk_call *c) { API_ARGS(kernel32, LocalSize, a); return mem_size(a.hMem); }
uint64_t kernel32_LocalReAlloc(struct thunk_call *c)
{
    API_ARGS(kernel32, LocalReAlloc, a);
    return mem_realloc(a.hMem, a.uBytes, a.uFlags);
}
uint64_t kernel32_LocalHandle(struct thunk_call *c) { API_ARGS(kernel32, LocalHandle, a); return mem_handle(a.pMem); }
uint64_t kernel32_LocalFlags(struct thunk_call *c) { API_ARGS(kernel32, LocalFlags, a); return mem_flags(a.hMem); }
