/* msvcrt's malloc, calloc, realloc and free as guest code on the process
 * heap, as msvcrt.dll sits on HeapAlloc: kernel32's guest fast path
 * (syscalls/kernel32/guest/heap.c) serves them without a transition.
 * msvcrt's own rules stay here: _HEAP_MAXREQ, errno ENOMEM, realloc's NULL
 * and zero-size cases; a failure leaves the last error as it was. */
#include "syscalls/guest/wg.h"

#define CRT_ENOMEM 12
#define HEAP_ZERO_MEMORY 0x8u
#define HEAP_MAXREQ 0xFFFFFFE0u /* larger requests fail before reaching the heap */

WG_IMPORT(kernel32, HeapAlloc, void *, WINAPI, (void *heap, uint32_t flags, uint32_t size));
WG_IMPORT(kernel32, HeapFree, BOOL, WINAPI, (void *heap, uint32_t flags, void *block));
WG_IMPORT(kernel32, HeapReAlloc, void *, WINAPI, (void *heap, uint32_t flags, void *block, uint32_t size));
WG_IMPORT(msvcrt, _errno, int *, CDECL, (void));

static void *process_heap(void) { return *(void **)(TEB_GET(TEB_PEB) + PEB_PROCESS_HEAP); }

static void *failed(uint32_t last_error)
{
    wg_set_last_error(last_error);
    *wg_imp_msvcrt__errno() = CRT_ENOMEM;
    return 0;
}

static void *alloc(uint32_t size, uint32_t flags)
{
    uint32_t e = TEB_GET(TEB_LAST_ERROR);
    void *p = size <= HEAP_MAXREQ ? wg_imp_kernel32_HeapAlloc(process_heap(), flags, size) : 0;
    return p ? p : failed(e);
}

void *CDECL msvcrt_malloc(uint32_t size) { return alloc(size, 0); }

void *CDECL msvcrt_calloc(uint32_t count, uint32_t size)
{
    uint64_t total = (uint64_t)count * size;
    return total <= HEAP_MAXREQ ? alloc((uint32_t)total, HEAP_ZERO_MEMORY) : failed(TEB_GET(TEB_LAST_ERROR));
}

/* a block the heap does not own is ignored, as HeapFree's failure is */
void CDECL msvcrt_free(void *block)
{
    uint32_t e = TEB_GET(TEB_LAST_ERROR);
    if (block && !wg_imp_kernel32_HeapFree(process_heap(), 0, block))
        wg_set_last_error(e);
}

void *CDECL msvcrt_realloc(void *block, uint32_t size)
{
    if (!block)
        return alloc(size, 0);
    if (size == 0) {
        msvcrt_free(block);
        return 0;
    }
    uint32_t e = TEB_GET(TEB_LAST_ERROR);
    void *p = size <= HEAP_MAXREQ ? wg_imp_kernel32_HeapReAlloc(process_heap(), 0, block, size) : 0;
    return p ? p : failed(e); /* the old block stays valid */
}
