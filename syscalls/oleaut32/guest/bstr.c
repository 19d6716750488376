/* BSTRs: a 32-bit byte count, the characters, a 16-bit NUL; the BSTR
 * points at the characters. Allocated on the process heap (ole32's task
 * allocator's heap), all in guest memory, so guest code. */
#include "syscalls/oleaut32/guest/bstr.h"

static uint32_t wlen(const WCHAR *s)
{
    uint32_t n = 0;
    while (s[n])
        n++;
    return n;
}

/* A BSTR of `bytes` bytes copied from src (zeros when src is NULL). */
WCHAR *bstr_make(const void *src, uint32_t bytes)
{
    if (bytes > 0x7FFFFFF0u)
        return 0;
    uint8_t *p = com_alloc(4u + bytes + 2u);
    if (!p)
        return 0;
    memcpy(p, &bytes, 4);
    if (src)
        memmove(p + 4, src, bytes);
    else
        memset(p + 4, 0, bytes);
    p[4 + bytes] = p[5 + bytes] = 0;
    return (WCHAR *)(p + 4);
}

uint32_t bstr_bytes(const WCHAR *b)
{
    uint32_t n;
    memcpy(&n, (const uint8_t *)b - 4, 4);
    return n;
}

WCHAR *WINAPI oleaut32_SysAllocString(const WCHAR *s) { return s ? bstr_make(s, wlen(s) * 2u) : 0; }

WCHAR *WINAPI oleaut32_SysAllocStringLen(const WCHAR *s, uint32_t len)
{
    return len > 0x3FFFFFF0u ? 0 : bstr_make(s, len * 2u);
}

/* The bytes as they are (an ANSI string in a BSTR, a blob), NUL-terminated. */
WCHAR *WINAPI oleaut32_SysAllocStringByteLen(const char *s, uint32_t len) { return bstr_make(s, len); }

void WINAPI oleaut32_SysFreeString(WCHAR *b)
{
    if (b)
        com_free((uint8_t *)b - 4);
}

uint32_t WINAPI oleaut32_SysStringLen(const WCHAR *b) { return b ? bstr_bytes(b) / 2u : 0; }

uint32_t WINAPI oleaut32_SysStringByteLen(const WCHAR *b) { return b ? bstr_bytes(b) : 0; }

/* *pb becomes a new BSTR of len characters from s (which may lie inside
 * the old one: it is copied before the old one is freed). */
BOOL WINAPI oleaut32_SysReAllocStringLen(WCHAR **pb, const WCHAR *s, uint32_t len)
{
    if (!pb || len > 0x3FFFFFF0u)
        return 0;
    WCHAR *b = bstr_make(s, len * 2u);
    if (!b)
        return 0;
    oleaut32_SysFreeString(*pb);
    *pb = b;
    return 1;
}

BOOL WINAPI oleaut32_SysReAllocString(WCHAR **pb, const WCHAR *s)
{
    return oleaut32_SysReAllocStringLen(pb, s, s ? wlen(s) : 0);
}
