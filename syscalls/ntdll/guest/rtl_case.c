/* ntdll's counted-string comparisons and case mapping as guest code:
 * RtlUpcaseUnicodeChar/RtlDowncaseUnicodeChar from the Unicode simple case
 * mappings (casemap_table.h, tools/gen_casemap.py), RtlUpperChar for ASCII
 * letters only (as Windows' ntdll: other bytes keep their value), and the
 * compare/equal/prefix/upcase functions on top. Bytes of an ANSI STRING
 * compare as signed chars, as in Windows' ntdll. */
#include "syscalls/guest/wg.h"

#include "core/ntstatus.h"
#include "core/teb.h"
#include "syscalls/ntdll/guest/casemap_table.h"

WG_IMPORT(ntdll, RtlAllocateHeap, void *, WINAPI, (void *heap, uint32_t flags, uint32_t size));

struct counted_string {
    uint16_t length, maximum_length;
    void *buffer;
};
_Static_assert(sizeof(struct counted_string) == 8, "UNICODE_STRING is 8 bytes on i386");

static WCHAR map_case(const struct case_run *runs, size_t n, WCHAR c)
{
    for (size_t i = 0; i < n && runs[i].first <= c; i++)
        if (c <= runs[i].last && (c - runs[i].first) % runs[i].stride == 0)
            return (WCHAR)(c + runs[i].delta);
    return c;
}

static WCHAR upcase(WCHAR c)
{
    if (c < 0x80)
        return c >= 'a' && c <= 'z' ? c - 0x20 : c;
    return map_case(upper_runs, sizeof upper_runs / sizeof *upper_runs, c);
}

static WCHAR downcase(WCHAR c)
{
    if (c < 0x80)
        return c >= 'A' && c <= 'Z' ? c + 0x20 : c;
    return map_case(lower_runs, sizeof lower_runs / sizeof *lower_runs, c);
}

static char upper_char(char c) { return c >= 'a' && c <= 'z' ? (char)(c - 0x20) : c; }

WCHAR WINAPI ntdll_RtlUpcaseUnicodeChar(WCHAR c) { return upcase(c); }
WCHAR WINAPI ntdll_RtlDowncaseUnicodeChar(WCHAR c) { return downcase(c); }
char WINAPI ntdll_RtlUpperChar(char c) { return upper_char(c); }

/* The first difference within the common length, else the difference of
 * the lengths (in characters). */
static int32_t compare_wide(const WCHAR *a, size_t la, const WCHAR *b, size_t lb, BOOL ci)
{
    size_t n = la < lb ? la : lb;
    for (size_t i = 0; i < n; i++) {
        WCHAR ca = ci ? upcase(a[i]) : a[i], cb = ci ? upcase(b[i]) : b[i];
        if (ca != cb)
            return (int32_t)ca - (int32_t)cb;
    }
    return (int32_t)la - (int32_t)lb;
}

static int32_t compare_narrow(const char *a, size_t la, const char *b, size_t lb, BOOL ci)
{
    size_t n = la < lb ? la : lb;
    for (size_t i = 0; i < n; i++) {
        char ca = ci ? upper_char(a[i]) : a[i], cb = ci ? upper_char(b[i]) : b[i];
        if (ca != cb)
            return (int32_t)ca - (int32_t)cb;
    }
    return (int32_t)la - (int32_t)lb;
}

int32_t WINAPI ntdll_RtlCompareUnicodeString(const struct counted_string *a, const struct counted_string *b,
                                              BOOL ci)
{
    return compare_wide(a->buffer, a->length / 2, b->buffer, b->length / 2, ci & 0xFF);
}

int32_t WINAPI ntdll_RtlCompareUnicodeStrings(const WCHAR *a, size_t la, const WCHAR *b, size_t lb, BOOL ci)
{
    return compare_wide(a, la, b, lb, ci & 0xFF);
}

int32_t WINAPI ntdll_RtlCompareString(const struct counted_string *a, const struct counted_string *b, BOOL ci)
{
    return compare_narrow(a->buffer, a->length, b->buffer, b->length, ci & 0xFF);
}

BOOL WINAPI ntdll_RtlEqualUnicodeString(const struct counted_string *a, const struct counted_string *b, BOOL ci)
{
    return a->length == b->length && !compare_wide(a->buffer, a->length / 2, b->buffer, b->length / 2, ci & 0xFF);
}

BOOL WINAPI ntdll_RtlEqualString(const struct counted_string *a, const struct counted_string *b, BOOL ci)
{
    return a->length == b->length && !compare_narrow(a->buffer, a->length, b->buffer, b->length, ci & 0xFF);
}

/* Whether a is a prefix of b. */
BOOL WINAPI ntdll_RtlPrefixUnicodeString(const struct counted_string *a, const struct counted_string *b, BOOL ci)
{
    return a->length <= b->length && !compare_wide(a->buffer, a->length / 2, b->buffer, a->length / 2, ci & 0xFF);
}

BOOL WINAPI ntdll_RtlPrefixString(const struct counted_string *a, const struct counted_string *b, BOOL ci)
{
    return a->length <= b->length && !compare_narrow(a->buffer, a->length, b->buffer, a->length, ci & 0xFF);
}

/* d = src with each character mapped; d's buffer from the process heap
 * when alloc (MaximumLength = Length), else it must hold src's Length. */
static uint32_t recase(struct counted_string *d, const struct counted_string *src, BOOL alloc, WCHAR (*fn)(WCHAR))
{
    size_t n = src->length / 2;
    if (alloc & 0xFF) {
        void *heap = *(void **)(TEB_GET(TEB_PEB) + PEB_PROCESS_HEAP);
        d->buffer = wg_imp_ntdll_RtlAllocateHeap(heap, 0, src->length);
        if (!d->buffer)
            return STATUS_NO_MEMORY;
        d->maximum_length = src->length;
    } else if (d->maximum_length < src->length) {
        return STATUS_BUFFER_OVERFLOW;
    }
    const WCHAR *s = src->buffer;
    WCHAR *o = d->buffer;
    for (size_t i = 0; i < n; i++)
        o[i] = fn(s[i]);
    d->length = (uint16_t)(n * 2);
    return STATUS_SUCCESS;
}

uint32_t WINAPI ntdll_RtlUpcaseUnicodeString(struct counted_string *d, const struct counted_string *s, BOOL alloc)
{
    return recase(d, s, alloc, upcase);
}

uint32_t WINAPI ntdll_RtlDowncaseUnicodeString(struct counted_string *d, const struct counted_string *s, BOOL alloc)
{
    return recase(d, s, alloc, downcase);
}

/* As many bytes as d holds, upper-cased (ASCII letters). */
void WINAPI ntdll_RtlUpperString(struct counted_string *d, const struct counted_string *s)
{
    size_t n = s->length < d->maximum_length ? s->length : d->maximum_length;
    const char *from = s->buffer;
    char *to = d->buffer;
    for (size_t i = 0; i < n; i++)
        to[i] = upper_char(from[i]);
    d->length = (uint16_t)n;
}
