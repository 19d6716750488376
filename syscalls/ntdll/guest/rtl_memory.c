/* ntdll's memory functions as guest code: plain memory work, so a bad
 * pointer faults here with an access violation, as in Windows' ntdll. */
#include "syscalls/guest/wg.h"

/* Large ranges go to the host after a probe (syscalls/guest/bulk_memory.c). */
void WINAPI ntdll_RtlZeroMemory(void *dst, size_t n) { wg_fill(dst, 0, n); }
void WINAPI ntdll_RtlFillMemory(void *dst, size_t n, uint32_t fill) { wg_fill(dst, (uint8_t)fill, n); }
void WINAPI ntdll_RtlMoveMemory(void *dst, const void *src, size_t n) { wg_move(dst, src, n); }

/* ntdll's own C library exports: its memcpy is a memmove too. */
void *CDECL ntdll_memcpy(void *dst, const void *src, size_t n) { return wg_move(dst, src, n); }
void *CDECL ntdll_memmove(void *dst, const void *src, size_t n) { return wg_move(dst, src, n); }
void *CDECL ntdll_memset(void *dst, int c, size_t n) { return wg_fill(dst, c, n); }

/* The number of leading bytes that match. */
size_t WINAPI ntdll_RtlCompareMemory(const void *a, const void *b, size_t n)
{
    const uint8_t *x = a, *y = b;
    size_t i = 0;
    while (i < n && x[i] == y[i])
        i++;
    return i;
}

/* The bytes in the leading whole ULONGs that equal the pattern. */
size_t WINAPI ntdll_RtlCompareMemoryUlong(const uint32_t *p, size_t n, uint32_t pattern)
{
    size_t i = 0;
    while (i < n / 4 && p[i] == pattern)
        i++;
    return i * 4;
}

void WINAPI ntdll_RtlFillMemoryUlong(uint32_t *p, size_t n, uint32_t pattern)
{
    for (size_t i = 0; i < n / 4; i++)
        p[i] = pattern;
}
