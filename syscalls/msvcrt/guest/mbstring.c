/* msvcrt's multibyte byte-string functions (_mbs*, _ismbb*, _mbc*) as guest
 * code: they walk characters of the multibyte code page _setmbcp chose (the
 * ANSI page at start), so a double-byte character's trail byte is never
 * taken for a character of its own ('\\' or 'a' in Shift-JIS). The page's
 * lead and trail bytes are the _mbctype flags the host writes into this
 * blob (wg_mbcs_state, mbcs.c); case changes only ASCII letters (and in
 * 932 the fullwidth Latin ones). A NULL string fails with EINVAL. */
#include "syscalls/guest/wg.h"
#include "syscalls/msvcrt/mbcs_state.h"

#define CRT_EINVAL 22
#define NLSCMPERROR 0x7FFFFFFF
#define MBC_SINGLE 0
#define MBC_LEAD 1
#define MBC_TRAIL 2
#define MBC_ILLEGAL (-1)

WG_IMPORT(msvcrt, _errno, int *, CDECL, (void));

/* The state lives in the code section, which the guest only reads; the
 * host finds it by its name and rewrites it (guest code has no data). */
#define STR_(x) #x
#define STR(x) STR_(x)
__asm__(".section .text$mbcs,\"xr\"\n"
        "\t.globl _" MBCS_STATE_SYMBOL "\n"
        "\t.balign 16\n"
        "_" MBCS_STATE_SYMBOL ":\n"
        "\t.fill " STR(MBCS_STATE_SIZE) ",1,0\n"
        "\t.text\n");
extern const struct mbcs_state wg_mbcs_state;

typedef unsigned char uchar;

static int lead(uint32_t c) { return wg_mbcs_state.ctype[(c & 0xFF) + 1] & MBCS_LEAD; }
static int trail(uint32_t c) { return wg_mbcs_state.ctype[(c & 0xFF) + 1] & MBCS_TRAIL; }

static void *invalid(void)
{
    *wg_imp_msvcrt__errno() = CRT_EINVAL;
    return NULL;
}

/* The character at p (a pair when a lead byte has its trail) and its size. */
static uint32_t char_at(const uchar *p, unsigned *size)
{
    if (lead(p[0]) && p[1]) {
        *size = 2;
        return (uint32_t)p[0] << 8 | p[1];
    }
    *size = 1;
    return p[0];
}

static const uchar *next(const uchar *p)
{
    return p + (lead(p[0]) && p[1] ? 2 : 1);
}

int CDECL msvcrt__ismbblead(uint32_t c) { return lead(c); }
int CDECL msvcrt__ismbbtrail(uint32_t c) { return trail(c); }

unsigned CDECL msvcrt__mbclen(const uchar *p) { return lead(p[0]) && p[1] ? 2 : 1; }

uchar *CDECL msvcrt__mbsinc(const uchar *p) { return p ? (uchar *)next(p) : invalid(); }

uchar *CDECL msvcrt__mbsninc(const uchar *p, size_t n)
{
    if (!p)
        return NULL;
    while (n-- && *p)
        p = next(p);
    return (uchar *)p;
}

/* The character before cur: found by walking from start, as a byte alone
 * cannot tell a trail from a single character. */
uchar *CDECL msvcrt__mbsdec(const uchar *start, const uchar *cur)
{
    if (!start || !cur)
        return invalid();
    if (start >= cur)
        return NULL;
    const uchar *p = start, *prev = start;
    while (p < cur) {
        prev = p;
        p += lead(*p) ? 2 : 1;
    }
    return (uchar *)prev;
}

uint32_t CDECL msvcrt__mbsnextc(const uchar *p)
{
    unsigned size;
    return p ? char_at(p, &size) : 0;
}

size_t CDECL msvcrt__mbslen(const uchar *s)
{
    if (!s) {
        invalid();
        return 0;
    }
    size_t n = 0;
    while (*s && !(lead(*s) && !s[1])) { /* a lead byte without trail ends it */
        s = next(s);
        n++;
    }
    return n;
}

size_t CDECL msvcrt__mbsnccnt(const uchar *s, size_t bytes)
{
    size_t n = 0;
    for (const uchar *p = s; p && (size_t)(p - s) < bytes && *p; n++)
        p = next(p);
    return n;
}

size_t CDECL msvcrt__mbsnbcnt(const uchar *s, size_t chars)
{
    const uchar *p = s;
    while (p && chars-- && *p)
        p = next(p);
    return p ? (size_t)(p - s) : 0;
}

uchar *CDECL msvcrt__mbschr(const uchar *s, uint32_t c)
{
    if (!s)
        return invalid();
    for (;; s = next(s)) {
        unsigned size;
        if (char_at(s, &size) == c)
            return (uchar *)s;
        if (!*s)
            return NULL;
    }
}

uchar *CDECL msvcrt__mbsrchr(const uchar *s, uint32_t c)
{
    if (!s)
        return invalid();
    const uchar *found = NULL;
    for (;; s = next(s)) {
        unsigned size;
        if (char_at(s, &size) == c)
            found = s;
        if (!*s)
            return (uchar *)found;
    }
}

uchar *CDECL msvcrt__mbsstr(const uchar *s, const uchar *sub)
{
    if (!s || !sub)
        return invalid();
    for (;; s = next(s)) {
        size_t i = 0;
        while (sub[i] && s[i] == sub[i])
            i++;
        if (!sub[i])
            return (uchar *)s;
        if (!*s)
            return NULL;
    }
}

static int in_set(const uchar *set, uint32_t c)
{
    for (const uchar *p = set; *p; p = next(p)) {
        unsigned size;
        if (char_at(p, &size) == c)
            return 1;
    }
    return 0;
}

/* The first character of s that is (want 1) or is not (want 0) in set. */
static const uchar *scan(const uchar *s, const uchar *set, int want)
{
    while (*s) {
        unsigned size;
        if (in_set(set, char_at(s, &size)) == want)
            break;
        s += size;
    }
    return s;
}

size_t CDECL msvcrt__mbsspn(const uchar *s, const uchar *set)
{
    if (!s || !set) {
        invalid();
        return 0;
    }
    return (size_t)(scan(s, set, 0) - s);
}

uchar *CDECL msvcrt__mbsspnp(const uchar *s, const uchar *set)
{
    if (!s || !set)
        return invalid();
    s = scan(s, set, 0);
    return *s ? (uchar *)s : NULL;
}

size_t CDECL msvcrt__mbscspn(const uchar *s, const uchar *set)
{
    if (!s || !set) {
        invalid();
        return 0;
    }
    return (size_t)(scan(s, set, 1) - s);
}

uchar *CDECL msvcrt__mbspbrk(const uchar *s, const uchar *set)
{
    if (!s || !set)
        return invalid();
    s = scan(s, set, 1);
    return *s ? (uchar *)s : NULL;
}

/* Case of one character: ASCII letters, and 932's fullwidth A-Z/a-z
 * (0x8260-0x8279, 0x8281-0x829A). */
static uint32_t to_upper(uint32_t c)
{
    if (c >= 'a' && c <= 'z')
        return c - 0x20;
    if (wg_mbcs_state.casemap && c >= 0x8281 && c <= 0x829A)
        return c - 0x21;
    return c;
}

static uint32_t to_lower(uint32_t c)
{
    if (c >= 'A' && c <= 'Z')
        return c + 0x20;
    if (wg_mbcs_state.casemap && c >= 0x8260 && c <= 0x8279)
        return c + 0x21;
    return c;
}

uint32_t CDECL msvcrt__mbctoupper(uint32_t c) { return to_upper(c); }
uint32_t CDECL msvcrt__mbctolower(uint32_t c) { return to_lower(c); }

/* Characters compared as numbers (a pair is lead << 8 | trail), up to n
 * characters (by_bytes: n bytes), case folded or not. */
static int compare(const uchar *a, const uchar *b, size_t n, int by_bytes, int fold)
{
    if (!a || !b) {
        invalid();
        return NLSCMPERROR;
    }
    const uchar *a0 = a;
    for (size_t k = 0; by_bytes ? (size_t)(a - a0) < n : k < n; k++) {
        unsigned sa, sb;
        uint32_t ca = char_at(a, &sa), cb = char_at(b, &sb);
        if (by_bytes && (size_t)(a - a0) + sa > n) { /* only the lead byte is in range */
            ca = a[0];
            cb = b[0];
        }
        if (fold) {
            ca = to_upper(ca);
            cb = to_upper(cb);
        }
        if (ca != cb)
            return ca < cb ? -1 : 1;
        if (!ca)
            return 0;
        a += sa;
        b += sb;
    }
    return 0;
}

int CDECL msvcrt__mbscmp(const uchar *a, const uchar *b) { return compare(a, b, (size_t)-1, 0, 0); }
int CDECL msvcrt__mbsicmp(const uchar *a, const uchar *b) { return compare(a, b, (size_t)-1, 0, 1); }
int CDECL msvcrt__mbsncmp(const uchar *a, const uchar *b, size_t n) { return compare(a, b, n, 0, 0); }
int CDECL msvcrt__mbsnicmp(const uchar *a, const uchar *b, size_t n) { return compare(a, b, n, 0, 1); }
int CDECL msvcrt__mbsnbcmp(const uchar *a, const uchar *b, size_t n) { return compare(a, b, n, 1, 0); }
int CDECL msvcrt__mbsnbicmp(const uchar *a, const uchar *b, size_t n) { return compare(a, b, n, 1, 1); }

static uchar *recase(uchar *s, uint32_t (*fn)(uint32_t))
{
    if (!s)
        return invalid();
    for (uchar *p = s; *p;) {
        unsigned size;
        uint32_t c = fn(char_at(p, &size));
        if (size == 2) {
            p[0] = (uchar)(c >> 8);
            p[1] = (uchar)c;
        } else {
            p[0] = (uchar)c;
        }
        p += size;
    }
    return s;
}

uchar *CDECL msvcrt__mbsupr(uchar *s) { return recase(s, to_upper); }
uchar *CDECL msvcrt__mbslwr(uchar *s) { return recase(s, to_lower); }

/* Reversed by characters, a pair keeping its lead first: each pair's two
 * bytes swapped (while the lead bytes can still be told), then all bytes. */
uchar *CDECL msvcrt__mbsrev(uchar *s)
{
    if (!s)
        return invalid();
    uchar *p = s;
    while (*p) {
        if (lead(p[0]) && p[1]) {
            uchar t = p[0];
            p[0] = p[1];
            p[1] = t;
            p += 2;
        } else {
            p++;
        }
    }
    for (uchar *i = s, *j = p; i + 1 < j; i++, j--) {
        uchar t = *i;
        *i = j[-1];
        j[-1] = t;
    }
    return s;
}

void CDECL msvcrt__mbccpy(uchar *dst, const uchar *src)
{
    if (!dst || !src) {
        invalid();
        return;
    }
    dst[0] = src[0];
    if (lead(src[0]) && src[1])
        dst[1] = src[1];
}

/* The byte at pos: single, lead, trail, or illegal past the end. */
int CDECL msvcrt__mbsbtype(const uchar *s, size_t pos)
{
    if (!s) {
        invalid();
        return MBC_ILLEGAL;
    }
    const uchar *p = s, *at = s + pos;
    while (p < at) {
        if (!*p)
            return MBC_ILLEGAL;
        unsigned size = lead(*p) ? 2 : 1;
        if (size == 2 && p + 1 == at)
            return p[1] ? MBC_TRAIL : MBC_ILLEGAL;
        p += size;
    }
    if (!*p)
        return MBC_ILLEGAL;
    return lead(*p) ? MBC_LEAD : MBC_SINGLE;
}

int CDECL msvcrt__ismbslead(const uchar *s, const uchar *pos)
{
    if (!s || !pos) {
        invalid();
        return 0;
    }
    return msvcrt__mbsbtype(s, (size_t)(pos - s)) == MBC_LEAD ? -1 : 0;
}

int CDECL msvcrt__ismbstrail(const uchar *s, const uchar *pos)
{
    if (!s || !pos) {
        invalid();
        return 0;
    }
    return msvcrt__mbsbtype(s, (size_t)(pos - s)) == MBC_TRAIL ? -1 : 0;
}

/* After a lead byte (type 1) the byte must be a trail; otherwise it is a
 * lead or a single character. */
int CDECL msvcrt__mbbtype(uint32_t c, int type)
{
    if (type == 1)
        return trail(c) ? MBC_TRAIL : MBC_ILLEGAL;
    return lead(c) ? MBC_LEAD : MBC_SINGLE;
}

/* The next token of *context's string (s when not NULL): delimiters
 * skipped, the token's end cut with a NUL (both bytes of a pair that ends
 * it, so the rest of a cut character is never taken for a delimiter). */
uchar *CDECL msvcrt__mbstok_s(uchar *s, const uchar *delim, uchar **context)
{
    if (!delim || !context || (!s && !*context))
        return invalid();
    uchar *p = s ? s : *context;
    p = (uchar *)scan(p, delim, 0);
    if (!*p) {
        *context = p;
        return NULL;
    }
    uchar *tok = p;
    p = (uchar *)scan(p, delim, 1);
    if (*p) {
        unsigned size;
        char_at(p, &size);
        p[0] = 0;
        if (size == 2)
            p[1] = 0;
        p += size;
    }
    *context = p;
    return tok;
}

/* _mbstok keeps its position per thread, in the block _errno() is in. */
uchar *CDECL msvcrt__mbstok(uchar *s, const uchar *delim)
{
    uchar **next = (uchar **)((uint8_t *)wg_imp_msvcrt__errno() + CRT_THREAD_MBSTOK_OFFSET);
    if (!s && !*next)
        return NULL;
    return msvcrt__mbstok_s(s, delim, next);
}

/* _mbscpy and _mbscat copy bytes: a whole string is whole characters. */
uchar *CDECL msvcrt__mbscpy(uchar *d, const uchar *s)
{
    uchar *r = d;
    while ((*d++ = *s++))
        ;
    return r;
}

uchar *CDECL msvcrt__mbscat(uchar *d, const uchar *s)
{
    uchar *e = d;
    while (*e)
        e++;
    msvcrt__mbscpy(e, s);
    return d;
}
