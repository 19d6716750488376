/* CoTaskMemAlloc/Realloc/Free: the COM task allocator, on the process heap. */
#include "syscalls/ole32/guest/com.h"

void *WINAPI ole32_CoTaskMemAlloc(size_t n) { return com_alloc(n); }

void WINAPI ole32_CoTaskMemFree(void *p) { com_free(p); }

/* NULL: a new block; size 0: the block is freed and NULL comes back. */
void *WINAPI ole32_CoTaskMemRealloc(void *p, size_t n)
{
    if (!p)
        return com_alloc(n);
    if (!n) {
        com_free(p);
        return 0;
    }
    return wg_imp_kernel32_HeapReAlloc(wg_imp_kernel32_GetProcessHeap(), 0, p, n);
}
