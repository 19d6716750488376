/* msvcrt's mem*, str* and wcs* functions as guest code: a call is a plain
 * 32-bit call, and a bad pointer faults inside the function with an access
 * violation the program's SEH sees, as in Windows' msvcrt. Case folding is
 * the "C" locale's (the only one setlocale accepts); what needs the host
 * (collation, strtok's per-thread state, allocation) stays in string.c. */
#include "syscalls/guest/wg.h"

#define CRT_EINVAL 22
#define NLSCMPERROR 0x7FFFFFFF

WG_IMPORT(msvcrt, _errno, int *, CDECL, (void));

/* The narrow and wide variants share one body with a unit size that is a
 * constant after inlining. */
#define INLINE static inline __attribute__((always_inline))

typedef uint32_t __attribute__((may_alias)) word32;

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

INLINE void *at(const void *p, size_t i, unsigned unit) { return (uint8_t *)p + i * unit; }

static void set_errno(int e) { *wg_imp_msvcrt__errno() = e; }

static uint32_t fold_lower(uint32_t c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }
static uint32_t fold_upper(uint32_t c) { return c >= 'a' && c <= 'z' ? c - 32 : c; }
static int sign_of(int v) { return (v > 0) - (v < 0); }

/* ------------------------------------------------------ length and copy */

/* A word at a time once aligned: an aligned word never crosses into the
 * page after the terminator, so this reads no byte a byte loop would not
 * have a page for. */
static size_t narrow_len(const char *s)
{
    const char *p = s;
    for (; (uintptr_t)p & 3; p++)
        if (!*p)
            return (size_t)(p - s);
    const word32 *w = (const word32 *)p;
    while (!((*w - 0x01010101u) & ~*w & 0x80808080u))
        w++;
    for (p = (const char *)w; *p; p++)
        ;
    return (size_t)(p - s);
}

INLINE size_t len_of(const void *s, size_t max, unsigned unit)
{
    size_t n = 0;
    while (n < max && ld(s, n, unit))
        n++;
    return n;
}

size_t CDECL msvcrt_strlen(const char *s) { return narrow_len(s); }
size_t CDECL msvcrt_wcslen(const WCHAR *s) { return len_of(s, (size_t)-1, 2); }
size_t CDECL msvcrt_wcsnlen(const WCHAR *s, size_t max) { return len_of(s, max, 2); }

/* Unit by unit up to the bulk threshold; the rest of a longer string is
 * measured (loads are cheap where stores are not) and moved in bulk. */
INLINE void *copy_str(void *d, const void *s, unsigned unit)
{
    size_t small = wg_bulk_min() / unit;
    for (size_t i = 0; i < small; i++) {
        uint32_t c = ld(s, i, unit);
        st(d, i, c, unit);
        if (!c)
            return d;
    }
    size_t rest = len_of(at(s, small, unit), (size_t)-1, unit) + 1;
    wg_move(at(d, small, unit), at(s, small, unit), rest * unit);
    return d;
}

char *CDECL msvcrt_strcpy(char *d, const char *s) { return copy_str(d, s, 1); }
WCHAR *CDECL msvcrt_wcscpy(WCHAR *d, const WCHAR *s) { return copy_str(d, s, 2); }

/* strncpy: at most n units, the rest of the n filled with terminators. */
INLINE void *ncopy_str(void *d, const void *s, size_t n, unsigned unit)
{
    size_t i = 0;
    for (; i < n; i++) {
        uint32_t c = ld(s, i, unit);
        if (!c)
            break;
        st(d, i, c, unit);
    }
    for (; i < n; i++)
        st(d, i, 0, unit);
    return d;
}

char *CDECL msvcrt_strncpy(char *d, const char *s, size_t n) { return ncopy_str(d, s, n, 1); }
WCHAR *CDECL msvcrt_wcsncpy(WCHAR *d, const WCHAR *s, size_t n) { return ncopy_str(d, s, n, 2); }

char *CDECL msvcrt_strcat(char *d, const char *s)
{
    copy_str(d + narrow_len(d), s, 1);
    return d;
}

WCHAR *CDECL msvcrt_wcscat(WCHAR *d, const WCHAR *s)
{
    copy_str(d + len_of(d, (size_t)-1, 2), s, 2);
    return d;
}

/* strncat: appends at most n units, then always a terminator. */
INLINE void *ncat_str(void *d, const void *s, size_t n, unsigned unit)
{
    void *end = at(d, len_of(d, (size_t)-1, unit), unit);
    size_t i = 0;
    for (uint32_t c; i < n && (c = ld(s, i, unit)); i++)
        st(end, i, c, unit);
    st(end, i, 0, unit);
    return d;
}

char *CDECL msvcrt_strncat(char *d, const char *s, size_t n) { return ncat_str(d, s, n, 1); }
WCHAR *CDECL msvcrt_wcsncat(WCHAR *d, const WCHAR *s, size_t n) { return ncat_str(d, s, n, 2); }

/* ----------------------------------------------------------- comparison */

/* The difference of the first differing units of at most n, stopping after
 * a terminator; ASCII case folded when `icase`. */
INLINE int compare_str(const void *a, const void *b, size_t n, unsigned unit, int icase)
{
    for (size_t i = 0; i < n; i++) {
        uint32_t x = ld(a, i, unit), y = ld(b, i, unit);
        if (icase) {
            x = fold_lower(x);
            y = fold_lower(y);
        }
        if (x != y)
            return (int)x - (int)y;
        if (!x)
            break;
    }
    return 0;
}

/* strcmp and wcscmp give -1/0/1 in 32-bit msvcrt; strncmp and the
 * case-insensitive ones the difference of the deciding characters. */
int CDECL msvcrt_strcmp(const char *a, const char *b) { return sign_of(compare_str(a, b, (size_t)-1, 1, 0)); }
int CDECL msvcrt_wcscmp(const WCHAR *a, const WCHAR *b) { return sign_of(compare_str(a, b, (size_t)-1, 2, 0)); }
int CDECL msvcrt_strncmp(const char *a, const char *b, size_t n) { return compare_str(a, b, n, 1, 0); }
int CDECL msvcrt_wcsncmp(const WCHAR *a, const WCHAR *b, size_t n) { return compare_str(a, b, n, 2, 0); }

/* The case-insensitive ones validate their arguments: EINVAL and
 * _NLSCMPERROR for a NULL string. */
INLINE int icompare(const void *a, const void *b, size_t n, unsigned unit)
{
    if (!a || !b) {
        set_errno(CRT_EINVAL);
        return NLSCMPERROR;
    }
    return compare_str(a, b, n, unit, 1);
}

int CDECL msvcrt__stricmp(const char *a, const char *b) { return icompare(a, b, (size_t)-1, 1); }
int CDECL msvcrt__strcmpi(const char *a, const char *b) { return icompare(a, b, (size_t)-1, 1); }
int CDECL msvcrt__strnicmp(const char *a, const char *b, size_t n) { return icompare(a, b, n, 1); }
int CDECL msvcrt__wcsicmp(const WCHAR *a, const WCHAR *b) { return icompare(a, b, (size_t)-1, 2); }
int CDECL msvcrt__wcsnicmp(const WCHAR *a, const WCHAR *b, size_t n) { return icompare(a, b, n, 2); }

/* ------------------------------------------------------------ searching */

/* strchr/strrchr: the terminator itself can be searched for. */
INLINE void *find_chr(const void *s, uint32_t want, unsigned unit, int last)
{
    void *hit = 0;
    for (size_t i = 0;; i++) {
        uint32_t c = ld(s, i, unit);
        if (c == want) {
            hit = at(s, i, unit);
            if (!last)
                return hit;
        }
        if (!c)
            return hit;
    }
}

char *CDECL msvcrt_strchr(const char *s, int c) { return find_chr(s, (uint8_t)c, 1, 0); }
char *CDECL msvcrt_strrchr(const char *s, int c) { return find_chr(s, (uint8_t)c, 1, 1); }
WCHAR *CDECL msvcrt_wcschr(const WCHAR *s, uint32_t c) { return find_chr(s, (WCHAR)c, 2, 0); }
WCHAR *CDECL msvcrt_wcsrchr(const WCHAR *s, uint32_t c) { return find_chr(s, (WCHAR)c, 2, 1); }

INLINE void *find_str(const void *h, const void *sub, unsigned unit)
{
    size_t n = len_of(sub, (size_t)-1, unit);
    for (size_t i = 0;; i++) {
        size_t k = 0;
        while (k < n && ld(h, i + k, unit) == ld(sub, k, unit))
            k++;
        if (k == n)
            return at(h, i, unit);
        if (!ld(h, i, unit))
            return 0;
    }
}

char *CDECL msvcrt_strstr(const char *h, const char *sub) { return find_str(h, sub, 1); }
WCHAR *CDECL msvcrt_wcsstr(const WCHAR *h, const WCHAR *sub) { return find_str(h, sub, 2); }

/* Whether unit c is one of the set's (its terminator excluded). */
INLINE int in_set(const void *set, uint32_t c, unsigned unit)
{
    for (size_t i = 0;; i++) {
        uint32_t s = ld(set, i, unit);
        if (!s)
            return 0;
        if (s == c)
            return 1;
    }
}

/* Index of the first unit of s that is (`stop_in`) or is not in the set,
 * or the length. Narrow sets become a 256-bit map first. */
static size_t narrow_span(const char *s, const char *set, int stop_in)
{
    uint32_t map[8] = { 0 };
    for (const uint8_t *p = (const uint8_t *)set; *p; p++)
        map[*p >> 5] |= 1u << (*p & 31);
    size_t i = 0;
    for (uint8_t c; (c = (uint8_t)s[i]); i++)
        if (!(map[c >> 5] >> (c & 31) & 1) == !stop_in)
            break;
    return i;
}

static size_t wide_span(const WCHAR *s, const WCHAR *set, int stop_in)
{
    size_t i = 0;
    for (WCHAR c; (c = s[i]); i++)
        if (!in_set(set, c, 2) == !stop_in)
            break;
    return i;
}

size_t CDECL msvcrt_strspn(const char *s, const char *set) { return narrow_span(s, set, 0); }
size_t CDECL msvcrt_strcspn(const char *s, const char *set) { return narrow_span(s, set, 1); }
size_t CDECL msvcrt_wcsspn(const WCHAR *s, const WCHAR *set) { return wide_span(s, set, 0); }
size_t CDECL msvcrt_wcscspn(const WCHAR *s, const WCHAR *set) { return wide_span(s, set, 1); }

char *CDECL msvcrt_strpbrk(const char *s, const char *set)
{
    s += narrow_span(s, set, 1);
    return *s ? (char *)s : 0;
}

WCHAR *CDECL msvcrt_wcspbrk(const WCHAR *s, const WCHAR *set)
{
    s += wide_span(s, set, 1);
    return *s ? (WCHAR *)s : 0;
}

/* ------------------------------------------------------- in-place edits */

/* _strlwr & co. validate their argument (EINVAL, NULL). */
INLINE void *change_case(void *s, unsigned unit, int upper)
{
    if (!s) {
        set_errno(CRT_EINVAL);
        return 0;
    }
    for (size_t i = 0;; i++) {
        uint32_t c = ld(s, i, unit);
        if (!c)
            return s;
        st(s, i, upper ? fold_upper(c) : fold_lower(c), unit);
    }
}

char *CDECL msvcrt__strlwr(char *s) { return change_case(s, 1, 0); }
char *CDECL msvcrt__strupr(char *s) { return change_case(s, 1, 1); }
WCHAR *CDECL msvcrt__wcslwr(WCHAR *s) { return change_case(s, 2, 0); }
WCHAR *CDECL msvcrt__wcsupr(WCHAR *s) { return change_case(s, 2, 1); }

INLINE void *reverse(void *s, unsigned unit)
{
    size_t n = len_of(s, (size_t)-1, unit);
    for (size_t i = 0, j = n ? n - 1 : 0; i < j; i++, j--) {
        uint32_t t = ld(s, i, unit);
        st(s, i, ld(s, j, unit), unit);
        st(s, j, t, unit);
    }
    return s;
}

char *CDECL msvcrt__strrev(char *s) { return reverse(s, 1); }
WCHAR *CDECL msvcrt__wcsrev(WCHAR *s) { return reverse(s, 2); }

/* _strset(s, ch) / _strnset(s, ch, n): fill the string (at most n units). */
INLINE void *fill_str(void *s, uint32_t c, size_t n, unsigned unit)
{
    for (size_t i = 0; i < n && ld(s, i, unit); i++)
        st(s, i, c, unit);
    return s;
}

char *CDECL msvcrt__strset(char *s, int c) { return fill_str(s, (uint32_t)c, (size_t)-1, 1); }
char *CDECL msvcrt__strnset(char *s, int c, size_t n) { return fill_str(s, (uint32_t)c, n, 1); }
WCHAR *CDECL msvcrt__wcsset(WCHAR *s, uint32_t c) { return fill_str(s, c, (size_t)-1, 2); }
WCHAR *CDECL msvcrt__wcsnset(WCHAR *s, uint32_t c, size_t n) { return fill_str(s, c, n, 2); }

/* --------------------------------------------------------------- memory */

/* msvcrt's memcpy is its memmove: overlapping copies come out right.
 * Large ones go to the host after a probe (syscalls/guest/bulk_memory.c). */
void *CDECL msvcrt_memcpy(void *d, const void *s, size_t n) { return wg_move(d, s, n); }
void *CDECL msvcrt_memmove(void *d, const void *s, size_t n) { return wg_move(d, s, n); }
void *CDECL msvcrt_memset(void *d, int c, size_t n) { return wg_fill(d, c, n); }

int CDECL msvcrt_memcmp(const void *a, const void *b, size_t n) { return memcmp(a, b, n); }

int CDECL msvcrt__memicmp(const void *a, const void *b, size_t n)
{
    if (n && (!a || !b)) {
        set_errno(CRT_EINVAL);
        return NLSCMPERROR;
    }
    const uint8_t *x = a, *y = b;
    for (size_t i = 0; i < n; i++) {
        int d = (int)fold_lower(x[i]) - (int)fold_lower(y[i]);
        if (d)
            return d;
    }
    return 0;
}

void *CDECL msvcrt_memchr(const void *buf, int c, size_t n)
{
    const uint8_t *p = buf;
    for (size_t i = 0; i < n; i++)
        if (p[i] == (uint8_t)c)
            return (void *)(p + i);
    return 0;
}

/* _memccpy(dst, src, ch, n): copies through the first ch; returns the byte
 * after it in dst, or NULL when ch was not among the n bytes. */
void *CDECL msvcrt__memccpy(void *dst, const void *src, int c, size_t n)
{
    uint8_t *d = dst;
    const uint8_t *s = src;
    for (size_t i = 0; i < n; i++) {
        d[i] = s[i];
        if (s[i] == (uint8_t)c)
            return d + i + 1;
    }
    return 0;
}

/* _swab(src, dst, n): swaps adjacent bytes of n & ~1 bytes (in place too). */
void CDECL msvcrt__swab(const char *src, char *dst, int n)
{
    for (int i = 0; i + 1 < n; i += 2) {
        char a = src[i], b = src[i + 1];
        dst[i] = b;
        dst[i + 1] = a;
    }
}
