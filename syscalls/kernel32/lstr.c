/* kernel32 lstrcmp* and CompareString*: lstrcmp(i) is CompareString with
 * the user's locale, whose rules live on the host. lstrlen, lstrcpy(n) and
 * lstrcat are guest code (guest/lstr.c). */
#include <stdlib.h>
#include <string.h>

#include "core/process.h"
#include "syscalls/api.h"
#include "syscalls/kernel32/api_args.h"
#include "syscalls/nls.h"
#include "syscalls/win32_errors.h"

static uint64_t fail(uint32_t err)
{
    teb_set_last_error(err);
    return 0;
}

/* --------------------------------------------------------------- lstrcmp* */

static long unit_len(gaddr s, unsigned unit, size_t max)
{
    return unit == 1 ? gm_strnlen(s, max) : gm_wcsnlen(s, max);
}

/* A guest string as UTF-16: count < 0 means NUL-terminated. NULL when
 * unreadable (or out of memory). */
static uint16_t *str_w(gaddr g, int32_t count, bool wide, size_t *n)
{
    if (count < 0) {
        long l = unit_len(g, wide ? 2 : 1, 0x3FFFFFFF);
        if (l < 0)
            return NULL;
        count = (int32_t)l;
    }
    *n = (size_t)count;
    const void *p = gm_ptr(g, *n * (wide ? 2 : 1), false);
    if (!p && count)
        return NULL;
    if (!wide)
        return nls_ansi_to_w(p ? p : "", *n);
    uint16_t *w = malloc((*n + 1) * 2);
    if (w && *n)
        memcpy(w, p, *n * 2);
    if (w)
        w[*n] = 0;
    return w;
}

/* NULL sorts first; otherwise CompareString's answer minus 2. */
static uint64_t lstrcmp_(gaddr a, gaddr b, bool wide, uint32_t flags)
{
    if (!a || !b)
        return !a && !b ? 0 : !a ? (uint32_t)-1 : 1;
    size_t na, nb;
    uint16_t *wa = str_w(a, -1, wide, &na), *wb = str_w(b, -1, wide, &nb);
    int r = wa && wb ? nls_compare(flags, wa, na, wb, nb) : CSTR_EQUAL;
    free(wa);
    free(wb);
    return (uint32_t)(r - 2);
}

uint64_t kernel32_lstrcmpA(struct thunk_call *c)
{
    API_ARGS(kernel32, lstrcmpA, a);
    return lstrcmp_(a.lpString1, a.lpString2, false, 0);
}
uint64_t kernel32_lstrcmpW(struct thunk_call *c)
{
    API_ARGS(kernel32, lstrcmpW, a);
    return lstrcmp_(a.lpString1, a.lpString2, true, 0);
}
uint64_t kernel32_lstrcmpiA(struct thunk_call *c)
{
    API_ARGS(kernel32, lstrcmpiA, a);
    return lstrcmp_(a.lpString1, a.lpString2, false, NORM_IGNORECASE);
}
uint64_t kernel32_lstrcmpiW(struct thunk_call *c)
{
    API_ARGS(kernel32, lstrcmpiW, a);
    return lstrcmp_(a.lpString1, a.lpString2, true, NORM_IGNORECASE);
}
uint64_t kernel32_lstrcmp(struct thunk_call *c)
{
    API_ARGS(kernel32, lstrcmp, a);
    return lstrcmp_(a.lpString1, a.lpString2, false, 0);
}
uint64_t kernel32_lstrcmpi(struct thunk_call *c)
{
    API_ARGS(kernel32, lstrcmpi, a);
    return lstrcmp_(a.lpString1, a.lpString2, false, NORM_IGNORECASE);
}

/* ------------------------------------------------------- CompareString* */

#define LOCALE_USE_CP_ACP 0x40000000u

/* Every locale compares with the en-US rules (the invariant locale's order
 * is the same for the characters wowbox handles). */
static uint64_t compare(uint32_t flags, gaddr s1, int32_t n1, gaddr s2, int32_t n2, bool wide)
{
    if (!wide)
        flags &= ~LOCALE_USE_CP_ACP;
    if (flags & ~NLS_COMPARE_FLAGS)
        return fail(ERROR_INVALID_FLAGS);
    if (!s1 || !s2)
        return fail(ERROR_INVALID_PARAMETER);
    size_t na, nb;
    uint16_t *a = str_w(s1, n1, wide, &na), *b = str_w(s2, n2, wide, &nb);
    int r = a && b ? nls_compare(flags, a, na, b, nb) : 0;
    free(a);
    free(b);
    return r ? (uint64_t)r : fail(ERROR_NOACCESS);
}

uint64_t kernel32_CompareStringA(struct thunk_call *c)
{
    API_ARGS(kernel32, CompareStringA, a);
    return compare(a.dwCmpFlags, a.lpString1, (int32_t)a.cchCount1, a.lpString2, (int32_t)a.cchCount2, false);
}

uint64_t kernel32_CompareStringW(struct thunk_call *c)
{
    API_ARGS(kernel32, CompareStringW, a);
    return compare(a.dwCmpFlags, a.lpString1, (int32_t)a.cchCount1, a.lpString2, (int32_t)a.cchCount2, true);
}

uint64_t kernel32_CompareStringEx(struct thunk_call *c)
{
    API_ARGS(kernel32, CompareStringEx, a);
    if (a.lpVersionInformation || a.lpReserved || a.lParam) /* version info, reserved, sort handle */
        return fail(ERROR_INVALID_PARAMETER);
    return compare(a.dwCmpFlags, a.lpString1, (int32_t)a.cchCount1, a.lpString2, (int32_t)a.cchCount2, true);
}

uint64_t kernel32_CompareStringOrdinal(struct thunk_call *c)
{
    API_ARGS(kernel32, CompareStringOrdinal, args);
    gaddr s1 = args.lpString1, s2 = args.lpString2;
    if (!s1 || !s2)
        return fail(ERROR_INVALID_PARAMETER);
    size_t na, nb;
    uint16_t *a = str_w(s1, (int32_t)args.cchCount1, true, &na), *b = str_w(s2, (int32_t)args.cchCount2, true, &nb);
    int r = a && b ? nls_compare_ordinal(a, na, b, nb, args.bIgnoreCase != 0) : 0;
    free(a);
    free(b);
    return r ? (uint64_t)r : fail(ERROR_NOACCESS);
}
