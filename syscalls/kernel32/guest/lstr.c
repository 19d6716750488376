/* kernel32's lstrlen/lstrcpy/lstrcpyn/lstrcat (A and W) as guest code, as
 * in Windows: the work runs under an SEH frame (syscalls/guest/guarded.c),
 * and an exception ends it with 0 or NULL instead of reaching the program
 * (a bad pointer, a read-only destination). lstrcmp/lstrcmpi compare with
 * the locale's rules, which live on the host: they stay in lstr.c. */
#include "syscalls/guest/wg.h"

/* One body per function for both widths: the unit size is a constant after
 * inlining. */
#define INLINE static inline __attribute__((always_inline))

struct lstr_args {
    void *dst;
    const void *src;
    uint32_t count; /* lstrcpyn's iMaxLength */
};

INLINE uint32_t ld(const void *p, size_t i, unsigned unit)
{
    return unit == 1 ? ((const uint8_t *)p)[i] : ((const WCHAR *)p)[i];
}

INLINE void st(void *p, size_t i, uint32_t v, unsigned unit)
{
    if (unit == 1)
        ((uint8_t *)p)[i] = (uint8_t)v;
    else
        ((WCHAR *)p)[i] = (WCHAR)v;
}

INLINE uint32_t length(const void *s, unsigned unit)
{
    size_t n = 0;
    while (ld(s, n, unit))
        n++;
    return (uint32_t)n;
}

/* The terminator too; returns dst. */
INLINE uint32_t copy(void *dst, const void *src, unsigned unit)
{
    size_t i = 0;
    uint32_t c;
    do {
        c = ld(src, i, unit);
        st(dst, i++, c, unit);
    } while (c);
    return (uint32_t)dst;
}

/* At most count - 1 units, then a terminator when count > 0 (a negative
 * count is a huge unsigned one: the whole string). */
INLINE uint32_t copy_n(void *dst, const void *src, uint32_t count, unsigned unit)
{
    size_t i = 0;
    for (uint32_t c; count > 1 && (c = ld(src, i, unit)); count--)
        st(dst, i++, c, unit);
    if (count)
        st(dst, i, 0, unit);
    return (uint32_t)dst;
}

static uint32_t len_a(void *a) { return length(((struct lstr_args *)a)->src, 1); }
static uint32_t len_w(void *a) { return length(((struct lstr_args *)a)->src, 2); }

static uint32_t cpy_a(void *arg)
{
    struct lstr_args *a = arg;
    return copy(a->dst, a->src, 1);
}

static uint32_t cpy_w(void *arg)
{
    struct lstr_args *a = arg;
    return copy(a->dst, a->src, 2);
}

static uint32_t cpyn_a(void *arg)
{
    struct lstr_args *a = arg;
    return copy_n(a->dst, a->src, a->count, 1);
}

static uint32_t cpyn_w(void *arg)
{
    struct lstr_args *a = arg;
    return copy_n(a->dst, a->src, a->count, 2);
}

static uint32_t cat_a(void *arg)
{
    struct lstr_args *a = arg;
    copy((uint8_t *)a->dst + length(a->dst, 1), a->src, 1);
    return (uint32_t)a->dst;
}

static uint32_t cat_w(void *arg)
{
    struct lstr_args *a = arg;
    copy((WCHAR *)a->dst + length(a->dst, 2), a->src, 2);
    return (uint32_t)a->dst;
}

static uint32_t guarded(uint32_t (*fn)(void *), void *dst, const void *src, uint32_t count)
{
    struct lstr_args a = { dst, src, count };
    return wg_guarded(fn, &a, 0);
}

/* A NULL string has length 0 without a fault. */
int WINAPI kernel32_lstrlenA(const char *s) { return s ? (int)guarded(len_a, 0, s, 0) : 0; }
int WINAPI kernel32_lstrlenW(const WCHAR *s) { return s ? (int)guarded(len_w, 0, s, 0) : 0; }
int WINAPI kernel32_lstrlen(const char *s) { return kernel32_lstrlenA(s); }

char *WINAPI kernel32_lstrcpyA(char *d, const char *s) { return (char *)guarded(cpy_a, d, s, 0); }
WCHAR *WINAPI kernel32_lstrcpyW(WCHAR *d, const WCHAR *s) { return (WCHAR *)guarded(cpy_w, d, s, 0); }
char *WINAPI kernel32_lstrcpy(char *d, const char *s) { return kernel32_lstrcpyA(d, s); }

char *WINAPI kernel32_lstrcpynA(char *d, const char *s, int n) { return (char *)guarded(cpyn_a, d, s, (uint32_t)n); }
WCHAR *WINAPI kernel32_lstrcpynW(WCHAR *d, const WCHAR *s, int n)
{
    return (WCHAR *)guarded(cpyn_w, d, s, (uint32_t)n);
}
char *WINAPI kernel32_lstrcpyn(char *d, const char *s, int n) { return kernel32_lstrcpynA(d, s, n); }

char *WINAPI kernel32_lstrcatA(char *d, const char *s) { return (char *)guarded(cat_a, d, s, 0); }
WCHAR *WINAPI kernel32_lstrcatW(WCHAR *d, const WCHAR *s) { return (WCHAR *)guarded(cat_w, d, s, 0); }
char *WINAPI kernel32_lstrcat(char *d, const char *s) { return kernel32_lstrcatA(d, s); }
