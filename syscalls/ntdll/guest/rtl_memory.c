/* ntdll's memory and counted-string initialisers as guest code: plain
 * memory work, so a bad pointer faults here with an access violation, as
 * in Windows' ntdll. */
#include "syscalls/guest/wg.h"

#include "core/ntstatus.h"

/* UNICODE_STRING and ANSI_STRING (STRING) share this i386 layout. */
struct counted_string {
    uint16_t length, maximum_length;
    const void *buffer;
};
_Static_assert(sizeof(struct counted_string) == 8, "UNICODE_STRING is 8 bytes on i386");
_Static_assert(offsetof(struct counted_string, maximum_length) == 2, "MaximumLength at 2");
_Static_assert(offsetof(struct counted_string, buffer) == 4, "Buffer at 4");

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

/* Units before the terminator, counting no further than max + 1. */
static size_t units(const void *s, size_t max, unsigned unit)
{
    size_t n = 0;
    while (n <= max && (unit == 1 ? ((const uint8_t *)s)[n] : ((const WCHAR *)s)[n]))
        n++;
    return n;
}

/* Length without the terminator, MaximumLength with it; a string longer
 * than max units is cut to max (the Ex forms refuse it instead). */
static void init_counted(struct counted_string *d, const void *src, size_t max, unsigned unit)
{
    size_t n = src ? units(src, max, unit) : 0;
    if (n > max)
        n = max;
    d->length = (uint16_t)(n * unit);
    d->maximum_length = (uint16_t)(src ? (n + 1) * unit : 0);
    d->buffer = src;
}

#define MAX_WIDE 0x7FFE  /* 0xFFFC bytes */
#define MAX_NARROW 0xFFFE

void WINAPI ntdll_RtlInitUnicodeString(struct counted_string *d, const WCHAR *s) { init_counted(d, s, MAX_WIDE, 2); }
void WINAPI ntdll_RtlInitAnsiString(struct counted_string *d, const char *s) { init_counted(d, s, MAX_NARROW, 1); }
void WINAPI ntdll_RtlInitString(struct counted_string *d, const char *s) { init_counted(d, s, MAX_NARROW, 1); }

uint32_t WINAPI ntdll_RtlInitUnicodeStringEx(struct counted_string *d, const WCHAR *s)
{
    if (s && units(s, MAX_WIDE, 2) > MAX_WIDE)
        return STATUS_NAME_TOO_LONG;
    init_counted(d, s, MAX_WIDE, 2);
    return STATUS_SUCCESS;
}

uint32_t WINAPI ntdll_RtlInitAnsiStringEx(struct counted_string *d, const char *s)
{
    if (s && units(s, MAX_NARROW, 1) > MAX_NARROW)
        return STATUS_NAME_TOO_LONG;
    init_counted(d, s, MAX_NARROW, 1);
    return STATUS_SUCCESS;
}
