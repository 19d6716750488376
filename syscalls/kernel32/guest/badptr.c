/* kernel32's IsBad*Ptr as guest code, as Windows does it: touch the memory
 * under an SEH frame (syscalls/guest/guarded.c); an exception means TRUE.
 * A guard page in the way faults once and loses its guard, as any access
 * does; zero-length ranges are good even at NULL, and a range that wraps
 * past 4 GB is bad. */
#include "syscalls/guest/wg.h"

#define PAGE 4096u

struct probe_args {
    uintptr_t start, last; /* first and last byte */
    uint32_t count;        /* IsBadStringPtr: at most this many units */
};

static void touch_read(uintptr_t a) { (void)*(const volatile uint8_t *)a; }

/* Reads a byte and writes it back, as Windows' IsBadWritePtr does. */
static void touch_write(uintptr_t a)
{
    volatile uint8_t *p = (volatile uint8_t *)a;
    *p = *p;
}

/* The first byte, one byte of every page after it, and the last byte. */
static void touch_range(const struct probe_args *a, void (*touch)(uintptr_t))
{
    touch(a->start);
    for (uintptr_t p = (a->start & ~(uintptr_t)(PAGE - 1)) + PAGE; p && p <= a->last; p += PAGE)
        touch(p);
    touch(a->last);
}

static uint32_t probe_read(void *a)
{
    touch_range(a, touch_read);
    return 0;
}

static uint32_t probe_write(void *a)
{
    touch_range(a, touch_write);
    return 0;
}

static BOOL bad_range(const void *p, uint32_t n, uint32_t (*probe)(void *))
{
    if (!n)
        return 0;
    uintptr_t last = (uintptr_t)p + n - 1;
    if (!p || last < (uintptr_t)p)
        return 1;
    struct probe_args a = { (uintptr_t)p, last, 0 };
    return (BOOL)wg_guarded(probe, &a, 1);
}

BOOL WINAPI kernel32_IsBadReadPtr(const void *p, uint32_t n) { return bad_range(p, n, probe_read); }
BOOL WINAPI kernel32_IsBadHugeReadPtr(const void *p, uint32_t n) { return bad_range(p, n, probe_read); }
BOOL WINAPI kernel32_IsBadWritePtr(void *p, uint32_t n) { return bad_range(p, n, probe_write); }
BOOL WINAPI kernel32_IsBadHugeWritePtr(void *p, uint32_t n) { return bad_range(p, n, probe_write); }
BOOL WINAPI kernel32_IsBadCodePtr(const void *fn) { return bad_range(fn, 1, probe_read); }

/* Good when readable up to the terminator or `count` units, whichever
 * comes first. */
static uint32_t scan_a(void *arg)
{
    const struct probe_args *a = arg;
    const volatile uint8_t *s = (const uint8_t *)a->start;
    for (uint32_t i = 0; i < a->count && s[i]; i++)
        ;
    return 0;
}

static uint32_t scan_w(void *arg)
{
    const struct probe_args *a = arg;
    const volatile WCHAR *s = (const WCHAR *)a->start;
    for (uint32_t i = 0; i < a->count && s[i]; i++)
        ;
    return 0;
}

static BOOL bad_string(const void *s, uint32_t max, uint32_t (*scan)(void *))
{
    if (!max)
        return 0;
    if (!s)
        return 1;
    struct probe_args a = { (uintptr_t)s, 0, max };
    return (BOOL)wg_guarded(scan, &a, 1);
}

BOOL WINAPI kernel32_IsBadStringPtrA(const char *s, uint32_t max) { return bad_string(s, max, scan_a); }
BOOL WINAPI kernel32_IsBadStringPtrW(const WCHAR *s, uint32_t max) { return bad_string(s, max, scan_w); }
