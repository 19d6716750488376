/* Large memmove and memset for the exports (msvcrt's, ntdll's): guest code
 * touches each page first, so a bad pointer faults here, in the DLL's code,
 * at the address a plain copy would fault on first, as on Windows; then the
 * host copies the bulk (ntdll!RtlCopyMappedMemory: one thunk and a host
 * memmove, where Unicorn runs each guest store through a ~85 ns slow path).
 * Below the CPU backend's threshold, or when the host refuses the copy (a
 * page freed by another thread since the probe), the copy is guest code. */
#include "syscalls/guest/wg.h"

WG_IMPORT(ntdll, RtlCopyMappedMemory, uint32_t, WINAPI, (void *dst, const void *src, size_t n));
WG_HOST_VALUE(bulk_copy_min);

#define PAGE 4096u
/* memset fills this much in guest code, then the host doubles it */
#define FILL_SEED 64u

size_t wg_bulk_min(void) { return wg_val_bulk_copy_min ? wg_val_bulk_copy_min : (size_t)-1; }

/* Offset from p of the page start after p + i. */
static size_t next_page(const void *p, size_t i)
{
    uintptr_t a = (uintptr_t)p;
    return (((a + i) | (PAGE - 1)) + 1) - a;
}

/* Offset from p of the last byte of the page before p + i; negative when
 * that is below p. */
static long long prev_page_end(const void *p, size_t i)
{
    uintptr_t a = (uintptr_t)p;
    return (long long)((a + i) & ~(uintptr_t)(PAGE - 1)) - (long long)a - 1;
}

/* A plain copy reads s[i] and then writes d[i]: so does the probe. Where
 * d[i] is a byte of the source (overlapping ranges) it is written back
 * unchanged, its page known readable; elsewhere it gets its final value. */
static void touch(uint8_t *d, const uint8_t *s, size_t n, size_t i)
{
    volatile uint8_t *to = d + i;
    uint8_t v = ((const volatile uint8_t *)s)[i];
    *to = (uintptr_t)(d + i) - (uintptr_t)s < n ? *to : v;
}

/* Every page of both ranges, in the order of the copy: upwards, or
 * downwards (a memmove to a higher, overlapping destination). */
static void probe_up(uint8_t *d, const uint8_t *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        touch(d, s, n, i);
        size_t a = next_page(s, i), b = next_page(d, i);
        i = a < b ? a : b;
    }
}

static void probe_down(uint8_t *d, const uint8_t *s, size_t n)
{
    for (long long i = (long long)n - 1; i >= 0;) {
        touch(d, s, n, (size_t)i);
        long long a = prev_page_end(s, (size_t)i), b = prev_page_end(d, (size_t)i);
        i = a > b ? a : b;
    }
}

void *wg_move(void *dst, const void *src, size_t n)
{
    uint8_t *d = dst;
    const uint8_t *s = src;
    if (n < wg_bulk_min())
        return memmove(dst, src, n);
    if (d > s && d < s + n)
        probe_down(d, s, n);
    else
        probe_up(d, s, n);
    if (wg_imp_ntdll_RtlCopyMappedMemory(dst, src, n) != 0)
        memmove(dst, src, n);
    return dst;
}

/* The first FILL_SEED bytes in guest code, then copies of what is filled
 * already, doubling: log2(n / FILL_SEED) host copies. */
void *wg_fill(void *dst, int c, size_t n)
{
    uint8_t *d = dst;
    if (n < wg_bulk_min())
        return memset(dst, c, n);
    for (size_t i = 0; i < n; i = next_page(d, i))
        ((volatile uint8_t *)d)[i] = (uint8_t)c;
    size_t done = n < FILL_SEED ? n : FILL_SEED;
    memset(d, c, done);
    while (done < n) {
        size_t chunk = done < n - done ? done : n - done;
        if (wg_imp_ntdll_RtlCopyMappedMemory(d + done, d, chunk) != 0)
            break;
        done += chunk;
    }
    memset(d + done, c, n - done); /* nothing left, or what the host refused */
    return dst;
}
