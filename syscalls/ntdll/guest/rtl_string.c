/* ntdll's counted strings (UNICODE_STRING, ANSI_STRING) as guest code:
 * the initialisers, copies and appends are plain memory work, so a bad
 * pointer faults here with an access violation, as in Windows' ntdll.
 * Comparisons and case mapping are in rtl_case.c. */
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

/* RtlCopyUnicodeString / RtlCopyString: the source cut to the
 * destination's MaximumLength; a NULL source empties the destination. Only
 * the wide copy adds a terminator, where it fits. */
static void copy_counted(struct counted_string *d, const struct counted_string *s, unsigned unit)
{
    if (!s) {
        d->length = 0;
        return;
    }
    uint16_t n = s->length < d->maximum_length ? s->length : d->maximum_length;
    n -= n % unit;
    wg_move((void *)d->buffer, s->buffer, n);
    d->length = n;
    if (unit == 2 && n + 2 <= d->maximum_length)
        ((WCHAR *)d->buffer)[n / 2] = 0;
}

void WINAPI ntdll_RtlCopyUnicodeString(struct counted_string *d, const struct counted_string *s) { copy_counted(d, s, 2); }
void WINAPI ntdll_RtlCopyString(struct counted_string *d, const struct counted_string *s) { copy_counted(d, s, 1); }

/* n bytes from src after the destination's text, or STATUS_BUFFER_TOO_SMALL
 * with the destination untouched. The wide appends add a terminator where
 * it fits, the narrow ones never. */
static uint32_t append(struct counted_string *d, const void *src, size_t n, unsigned unit)
{
    if (d->length + n > d->maximum_length)
        return STATUS_BUFFER_TOO_SMALL;
    uint8_t *end = (uint8_t *)d->buffer + d->length;
    wg_move(end, src, n);
    d->length = (uint16_t)(d->length + n);
    if (unit == 2 && d->length + 2u <= d->maximum_length)
        ((WCHAR *)end)[n / 2] = 0;
    return STATUS_SUCCESS;
}

uint32_t WINAPI ntdll_RtlAppendUnicodeStringToString(struct counted_string *d, const struct counted_string *s)
{
    return s ? append(d, s->buffer, s->length, 2) : STATUS_SUCCESS;
}

uint32_t WINAPI ntdll_RtlAppendStringToString(struct counted_string *d, const struct counted_string *s)
{
    return s ? append(d, s->buffer, s->length, 1) : STATUS_SUCCESS;
}

/* A NULL source appends nothing. */
uint32_t WINAPI ntdll_RtlAppendUnicodeToString(struct counted_string *d, const WCHAR *s)
{
    return s ? append(d, s, units(s, (size_t)-1 / 2, 2) * 2, 2) : STATUS_SUCCESS;
}

uint32_t WINAPI ntdll_RtlAppendAsciizToString(struct counted_string *d, const char *s)
{
    return s ? append(d, s, units(s, (size_t)-1 / 2, 1), 1) : STATUS_SUCCESS;
}
