/* msvcrt's string functions that stay host code: duplication (the CRT
 * heap), collation, strtok (per-thread state), the ctype tables and the
 * wide classes (the host's Unicode tables), number and multibyte
 * conversions in the "C" locale, on guest memory through checked host
 * views. The plain mem*, str*, wcs* and narrow ctype functions are guest
 * code (guest/string.c, guest/ctype.c). Narrow and wide variants share one
 * implementation with a unit size. */
#define _GNU_SOURCE /* strtod_l */
#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

#include "syscalls/api.h"
#include "syscalls/msvcrt/api_args.h"
#include "syscalls/msvcrt/heap.h"
#include "syscalls/msvcrt/state.h"

#define CRT_EINVAL 22
#define CRT_ERANGE 34
#define CRT_EILSEQ 42
#define NLSCMPERROR 0x7FFFFFFFu
#define NOMAX ((size_t)0xFFFFFFFFu)

/* Windows faults when a C routine is handed a bad pointer. Host handlers
 * cannot raise a guest exception yet, so those paths return FAULT (0 / NULL)
 * instead; each is marked with it. (The guest-code ones fault as Windows'.) */
#define FAULT 0

/* ---------------------------------------------------------------- views */

static size_t page_left(gaddr g) { return VM_PAGE_SIZE - (g & (VM_PAGE_SIZE - 1)); }

static unsigned ld(const uint8_t *p, size_t i, unsigned unit)
{
    return unit == 1 ? p[i] : (unsigned)(p[2 * i] | p[2 * i + 1] << 8);
}

static void st(uint8_t *p, size_t i, unsigned v, unsigned unit)
{
    if (unit == 1) {
        p[i] = (uint8_t)v;
    } else {
        p[2 * i] = (uint8_t)v;
        p[2 * i + 1] = (uint8_t)(v >> 8);
    }
}

/* Units (1 or 2 bytes) before the terminator of the guest string at g, at
 * most max; -1 when the memory becomes unreadable first. Checks a page at a
 * time, so a string ending just before an unmapped page is fine. */
static long slen(gaddr g, size_t max, unsigned unit)
{
    size_t n = 0;
    while (n < max) {
        gaddr at = g + (gaddr)(n * unit);
        size_t avail = page_left(at) / unit;
        if (avail == 0)
            avail = 1; /* a wide unit straddling two pages */
        if (avail > max - n)
            avail = max - n;
        const uint8_t *p = gm_ptr(at, avail * unit, false);
        if (!p)
            return -1;
        if (unit == 1) {
            const uint8_t *z = memchr(p, 0, avail);
            if (z)
                return (long)(n + (size_t)(z - p));
        } else {
            for (size_t i = 0; i < avail; i++)
                if (!(p[2 * i] | p[2 * i + 1]))
                    return (long)(n + i);
        }
        n += avail;
    }
    return (long)n;
}

/* Host view of a whole guest string, terminator included; NULL if unreadable. */
static const uint8_t *sview(gaddr g, unsigned unit, size_t *len)
{
    long n = slen(g, NOMAX, unit);
    if (n < 0)
        return NULL;
    *len = (size_t)n;
    return gm_ptr(g, ((size_t)n + 1) * unit, false);
}

/* Guest-to-guest copy; overlap allowed (msvcrt's memcpy is memmove). */
static bool gmove(gaddr dst, gaddr src, size_t n)
{
    if (n == 0)
        return true;
    const uint8_t *s = gm_ptr(src, n, false);
    if (!s || !gm_writable(dst, n))
        return false;
    if ((uint64_t)dst + n <= src || (uint64_t)src + n <= dst)
        return gm_write(dst, s, n);
    uint8_t *tmp = malloc(n);
    if (!tmp)
        return false;
    memcpy(tmp, s, n);
    bool ok = gm_write(dst, tmp, n);
    free(tmp);
    return ok;
}

static unsigned fold_lower(unsigned c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

/* Compares up to n units of two guest strings, stopping after a
 * terminator; ASCII case folded when `icase` (the "C" locale rule).
 * Returns the difference of the first differing units (0: equal) and sets
 * *bad when memory runs out before the answer is known. */
static int compare(gaddr a, gaddr b, size_t n, unsigned unit, bool icase, bool *bad)
{
    size_t i = 0;
    *bad = false;
    while (i < n) {
        gaddr pa_g = a + (gaddr)(i * unit), pb_g = b + (gaddr)(i * unit);
        size_t ca = page_left(pa_g), cb = page_left(pb_g);
        size_t chunk = (ca < cb ? ca : cb) / unit;
        if (chunk == 0)
            chunk = 1;
        if (chunk > n - i)
            chunk = n - i;
        const uint8_t *pa = gm_ptr(pa_g, chunk * unit, false), *pb = gm_ptr(pb_g, chunk * unit, false);
        if (!pa || !pb) {
            *bad = true;
            return 0;
        }
        for (size_t k = 0; k < chunk; k++) {
            unsigned x = ld(pa, k, unit), y = ld(pb, k, unit);
            if (icase) {
                x = fold_lower(x);
                y = fold_lower(y);
            }
            if (x != y)
                return (int)x - (int)y;
            if (x == 0)
                return 0;
        }
        i += chunk;
    }
    return 0;
}

static int sign_of(int v) { return (v > 0) - (v < 0); }

/* ---------------------------------------------------------- duplication */

static uint64_t do_dup(gaddr s, unsigned unit)
{
    if (!s)
        return 0;
    long n = slen(s, NOMAX, unit);
    if (n < 0)
        return FAULT;
    size_t bytes = ((size_t)n + 1) * unit;
    gaddr d = bytes <= 0xFFFFFFFFu ? crt_malloc((uint32_t)bytes) : 0;
    if (d)
        gmove(d, s, bytes);
    return d;
}

uint64_t msvcrt__strdup(struct thunk_call *c) { API_ARGS(msvcrt, _strdup, a); return do_dup(a.str, 1); }
uint64_t msvcrt__wcsdup(struct thunk_call *c) { API_ARGS(msvcrt, _wcsdup, a); return do_dup(a.str, 2); }

/* ------------------------------------------------------------ collation */

/* Collation gives -1/0/1, as strcmp does in 32-bit msvcrt; the
 * case-insensitive forms the difference of the deciding characters. */
static uint64_t do_cmp(gaddr a, gaddr b, uint32_t count, unsigned unit, bool icase, bool sign)
{
    if (icase && (!a || !b)) {
        msvcrt_set_errno(CRT_EINVAL);
        return NLSCMPERROR;
    }
    bool bad;
    int r = compare(a, b, count, unit, icase, &bad);
    if (bad)
        return FAULT;
    return (uint32_t)(sign ? sign_of(r) : r);
}

/* "C" locale collation is plain comparison. */
uint64_t msvcrt_strcoll(struct thunk_call *c)
{
    API_ARGS(msvcrt, strcoll, args);
    return do_cmp(args.a, args.b, NOMAX, 1, false, true);
}
uint64_t msvcrt_wcscoll(struct thunk_call *c)
{
    API_ARGS(msvcrt, wcscoll, args);
    return do_cmp(args.a, args.b, NOMAX, 2, false, true);
}
uint64_t msvcrt__stricoll(struct thunk_call *c)
{
    API_ARGS(msvcrt, _stricoll, args);
    return do_cmp(args.a, args.b, NOMAX, 1, true, false);
}
uint64_t msvcrt__wcsicoll(struct thunk_call *c)
{
    API_ARGS(msvcrt, _wcsicoll, args);
    return do_cmp(args.a, args.b, NOMAX, 2, true, false);
}

/* The "C" locale (the only one setlocale accepts) collates by code unit, so
 * the transformed string is the string itself: copied when it fits with its
 * NUL, its length returned either way; INT_MAX and EINVAL for a bad source. */
static uint64_t xfrm(gaddr dst, gaddr src, uint32_t count, unsigned unit)
{
    long n = unit == 1 ? gm_strnlen(src, 0x7FFFFFFF) : gm_wcsnlen(src, 0x3FFFFFFF);
    if (n < 0 || (count && !dst)) {
        msvcrt_set_errno(CRT_EINVAL);
        return 0x7FFFFFFF;
    }
    if ((uint64_t)n < count && !gmove(dst, src, ((size_t)n + 1) * unit)) {
        msvcrt_set_errno(CRT_EINVAL);
        return 0x7FFFFFFF;
    }
    return (uint64_t)n;
}

uint64_t msvcrt_strxfrm(struct thunk_call *c)
{
    API_ARGS(msvcrt, strxfrm, a);
    return xfrm(a.dst, a.src, a.count, 1);
}

uint64_t msvcrt_wcsxfrm(struct thunk_call *c)
{
    API_ARGS(msvcrt, wcsxfrm, a);
    return xfrm(a.dst, a.src, a.count, 2);
}

/* --------------------------------------------------------------- strtok */

/* A set of characters: one bit per possible unit. */
struct charset { uint8_t bits[8192]; };

static bool set_build(struct charset *set, gaddr g, unsigned unit)
{
    size_t len;
    const uint8_t *v = sview(g, unit, &len);
    if (!v)
        return false;
    memset(set->bits, 0, sizeof set->bits);
    for (size_t i = 0; i < len; i++) {
        unsigned ch = ld(v, i, unit);
        set->bits[ch >> 3] |= (uint8_t)(1u << (ch & 7));
    }
    return true;
}

static bool set_has(const struct charset *set, unsigned ch) { return set->bits[ch >> 3] & (1u << (ch & 7)); }

/* strtok/wcstok: one saved position per variant and thread, as msvcrt
 * keeps them in its per-thread data (a guest thread is a host thread). */
static _Thread_local gaddr tok_next[3];

static uint64_t do_tok(gaddr str, gaddr delim, unsigned unit)
{
    static struct charset set;
    gaddr s = str ? str : tok_next[unit];
    if (!s)
        return 0;
    size_t len;
    const uint8_t *v = sview(s, unit, &len);
    if (!v || !set_build(&set, delim, unit))
        return FAULT;
    size_t i = 0;
    while (i < len && set_has(&set, ld(v, i, unit)))
        i++;
    if (i == len) {
        tok_next[unit] = s + (gaddr)(len * unit);
        return 0;
    }
    size_t start = i;
    while (i < len && !set_has(&set, ld(v, i, unit)))
        i++;
    if (i < len) {
        gm_fill(s + (gaddr)(i * unit), 0, unit);
        i++;
    }
    tok_next[unit] = s + (gaddr)(i * unit);
    return s + (gaddr)(start * unit);
}

uint64_t msvcrt_strtok(struct thunk_call *c) { API_ARGS(msvcrt, strtok, a); return do_tok(a.str, a.delim, 1); }
/* msvcrt's wcstok is the two-argument form */
uint64_t msvcrt_wcstok(struct thunk_call *c) { API_ARGS(msvcrt, wcstok, a); return do_tok(a.str, a.delim, 2); }

/* Host fast paths: one range check, then memmove/memset on the mapping. */

/* _memccpy(dst, src, ch, n): copies through the first ch; returns the byte
 * after it in dst, or NULL when ch was not among the n bytes. */

/* _swab(src, dst, n): swaps adjacent bytes of n & ~1 bytes. */

/* ---------------------------------------------------------------- ctype */

#define CT_UPPER 0x1
#define CT_LOWER 0x2
#define CT_DIGIT 0x4
#define CT_SPACE 0x8
#define CT_PUNCT 0x10
#define CT_CONTROL 0x20
#define CT_BLANK 0x40
#define CT_HEX 0x80
#define CT_ALPHA 0x100

/* The "C" locale class of a byte: ASCII only, 0x80-0xFF have none. */
static uint16_t c_class(unsigned ch)
{
    if (ch >= 0x80)
        return 0;
    if (ch == ' ')
        return CT_SPACE | CT_BLANK;
    if (ch == '\t')
        return CT_CONTROL | CT_SPACE | CT_BLANK;
    if (ch >= 0x0A && ch <= 0x0D)
        return CT_CONTROL | CT_SPACE;
    if (ch < 0x20 || ch == 0x7F)
        return CT_CONTROL;
    if (ch >= '0' && ch <= '9')
        return CT_DIGIT | CT_HEX;
    if (ch >= 'A' && ch <= 'Z')
        return CT_ALPHA | CT_UPPER | (ch <= 'F' ? CT_HEX : 0);
    if (ch >= 'a' && ch <= 'z')
        return CT_ALPHA | CT_LOWER | (ch <= 'f' ? CT_HEX : 0);
    return CT_PUNCT;
}

/* The class of a UTF-16 unit below 256 (the _pwctype table): Latin-1
 * letters, controls and punctuation as Windows' GetStringTypeW has them. */
static uint16_t w_class(unsigned ch)
{
    if (ch < 0x80)
        return c_class(ch);
    if (ch < 0xA0)
        return ch == 0x85 ? CT_CONTROL | CT_SPACE : CT_CONTROL;
    if (ch == 0xA0)
        return CT_SPACE | CT_BLANK;
    if (ch == 0xAA || ch == 0xB5 || ch == 0xBA)
        return CT_ALPHA | CT_LOWER;
    if (ch == 0xB2 || ch == 0xB3 || ch == 0xB9)
        return CT_DIGIT | CT_PUNCT;
    if (ch < 0xC0 || ch == 0xD7 || ch == 0xF7)
        return CT_PUNCT;
    return ch < 0xDF ? CT_ALPHA | CT_UPPER : CT_ALPHA | CT_LOWER;
}

/* Wide classes above 0xFF come from the host's Unicode tables (C.UTF-8),
 * which agree with GetStringTypeW on letters, digits and spaces. */
static uint16_t wide_class(unsigned ch)
{
    static locale_t utf8;
    if (ch < 0x100)
        return w_class(ch);
    if (!utf8)
        utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
    if (!utf8 || (ch >= 0xD800 && ch <= 0xDFFF))
        return 0;
    wint_t w = (wint_t)ch;
    uint16_t v = 0;
    if (iswupper_l(w, utf8))
        v |= CT_UPPER;
    if (iswlower_l(w, utf8))
        v |= CT_LOWER;
    if (iswalpha_l(w, utf8))
        v |= CT_ALPHA;
    if (iswdigit_l(w, utf8))
        v |= CT_DIGIT;
    if (iswspace_l(w, utf8))
        v |= CT_SPACE;
    if (iswblank_l(w, utf8))
        v |= CT_BLANK;
    if (iswpunct_l(w, utf8))
        v |= CT_PUNCT;
    if (iswcntrl_l(w, utf8))
        v |= CT_CONTROL;
    return v;
}

/* DATA exports: _ctype is the 257-entry table (EOF first); _pctype and
 * _pwctype are pointers, each followed in its own slot by the table it
 * points at (the export symbol itself is only ever read as a pointer). */
void msvcrt_init_ctype(gaddr a, uint32_t sz)
{
    (void)sz;
    for (unsigned i = 0; i < 256; i++) {
        uint16_t v = c_class(i);
        gm_write_force(a + 2 + 2 * i, &v, 2);
    }
}

static gaddr pctype_table, pwctype_table, pctype_var, pwctype_var;

void msvcrt_init_pctype(gaddr a, uint32_t sz)
{
    msvcrt_init_ctype(a + 4, sz);
    pctype_var = a;
    pctype_table = a + 4 + 2;
    gm_write_force(a, &pctype_table, 4);
}

void msvcrt_init_pwctype(gaddr a, uint32_t sz)
{
    (void)sz;
    pwctype_var = a;
    pwctype_table = a + 4;
    gm_write_force(a, &pwctype_table, 4);
    for (unsigned i = 0; i < 256; i++) {
        uint16_t v = w_class(i);
        gm_write_force(pwctype_table + 2 * i, &v, 2);
    }
}

uint64_t msvcrt___pctype_func(struct thunk_call *c) { (void)c; return pctype_table; }
uint64_t msvcrt___pwctype_func(struct thunk_call *c) { (void)c; return pwctype_table; }
/* __p__pctype/__p__pwctype: the address of the _pctype/_pwctype variable */
uint64_t msvcrt___p__pctype(struct thunk_call *c) { (void)c; return pctype_var; }
uint64_t msvcrt___p__pwctype(struct thunk_call *c) { (void)c; return pwctype_var; }

#define CTYPE_FN(name, mask) \
    uint64_t msvcrt_##name(struct thunk_call *c) { API_ARGS(msvcrt, name, a); return cls((int32_t)a.ch) & (mask); }

/* _toupper/_tolower convert unconditionally. */

static uint32_t wcls(uint32_t ch) { return ch <= 0xFFFF ? wide_class(ch & 0xFFFF) : 0; }

#define WCTYPE_FN(name, mask) \
    uint64_t msvcrt_##name(struct thunk_call *c) { API_ARGS(msvcrt, name, a); return wcls(a.ch & 0xFFFF) & (mask); }
WCTYPE_FN(iswalpha, CT_ALPHA | CT_UPPER | CT_LOWER)
WCTYPE_FN(iswupper, CT_UPPER)
WCTYPE_FN(iswlower, CT_LOWER)
WCTYPE_FN(iswdigit, CT_DIGIT)
WCTYPE_FN(iswxdigit, CT_HEX)
WCTYPE_FN(iswspace, CT_SPACE)
WCTYPE_FN(iswpunct, CT_PUNCT)
WCTYPE_FN(iswalnum, CT_ALPHA | CT_UPPER | CT_LOWER | CT_DIGIT)
WCTYPE_FN(iswprint, CT_BLANK | CT_PUNCT | CT_ALPHA | CT_UPPER | CT_LOWER | CT_DIGIT)
WCTYPE_FN(iswgraph, CT_PUNCT | CT_ALPHA | CT_UPPER | CT_LOWER | CT_DIGIT)
WCTYPE_FN(iswcntrl, CT_CONTROL)

uint64_t msvcrt_iswctype(struct thunk_call *c)
{
    API_ARGS(msvcrt, iswctype, a);
    return wcls(a.ch & 0xFFFF) & (a.mask & 0xFFFF);
}
uint64_t msvcrt_is_wctype(struct thunk_call *c)
{
    API_ARGS(msvcrt, is_wctype, a);
    return wcls(a.ch & 0xFFFF) & (a.mask & 0xFFFF);
}

/* "C" locale: only ASCII letters change case. */

/* ---------------------------------------------------- number conversion */

/* A parsed string: a host view of narrow bytes or UTF-16 units. */
struct chars {
    const uint8_t *p;
    size_t len;
    unsigned unit;
};

static unsigned ch_at(const struct chars *s, size_t i) { return i < s->len ? ld(s->p, i, s->unit) : 0; }
static bool is_space(unsigned ch) { return ch == ' ' || (ch >= 9 && ch <= 13); }

static unsigned digit_value(unsigned ch)
{
    if (ch >= '0' && ch <= '9')
        return ch - '0';
    ch |= 0x20;
    return ch >= 'a' && ch <= 'z' ? ch - 'a' + 10 : 99;
}

struct parsed_int {
    uint64_t mag;
    bool neg, overflow;
    size_t end; /* 0 when there were no digits: the start, as msvcrt has it */
};

/* msvcrt's strtol grammar: [spaces][sign][0x when base is 16 or 0]digits;
 * base 0 picks 16, 8 or 10 from the prefix. */
static void parse_int(const struct chars *s, unsigned base, struct parsed_int *r)
{
    size_t i = 0;
    *r = (struct parsed_int){ 0 };
    while (is_space(ch_at(s, i)))
        i++;
    if (ch_at(s, i) == '-' || ch_at(s, i) == '+')
        r->neg = ch_at(s, i++) == '-';
    bool x_prefix = ch_at(s, i) == '0' && (ch_at(s, i + 1) | 0x20) == 'x';
    if (base == 0)
        base = x_prefix ? 16 : ch_at(s, i) == '0' ? 8 : 10;
    if (base == 16 && x_prefix)
        i += 2;
    size_t first = i;
    for (unsigned d; (d = digit_value(ch_at(s, i))) < base; i++) {
        if (r->mag > (UINT64_MAX - d) / base)
            r->overflow = true;
        r->mag = r->mag * base + d;
    }
    r->end = i > first ? i : 0;
}

enum int_kind { K_LONG, K_ULONG, K_I64, K_UI64 };

/* Clamps to the kind's range as msvcrt does: ERANGE and the extreme value. */
static uint64_t clamp_int(const struct parsed_int *r, enum int_kind kind)
{
    uint64_t max_pos = kind == K_LONG ? 0x7FFFFFFFu : kind == K_I64 ? INT64_MAX : 0;
    if (kind == K_LONG || kind == K_I64) {
        uint64_t limit = r->neg ? max_pos + 1 : max_pos;
        if (r->overflow || r->mag > limit) {
            msvcrt_set_errno(CRT_ERANGE);
            return r->neg ? (kind == K_LONG ? 0x80000000u : (uint64_t)INT64_MIN) : max_pos;
        }
    } else {
        uint64_t limit = kind == K_ULONG ? 0xFFFFFFFFu : UINT64_MAX;
        if (r->overflow || r->mag > limit) {
            msvcrt_set_errno(CRT_ERANGE);
            return limit;
        }
    }
    uint64_t v = r->neg ? 0 - r->mag : r->mag;
    return kind == K_LONG || kind == K_ULONG ? (uint32_t)v : v;
}

static uint64_t strto_int(gaddr s, gaddr endp, uint32_t base, unsigned unit, enum int_kind kind)
{
    if (endp)
        gm_write_u32(endp, s);
    if (!s || (base != 0 && (base < 2 || base > 36))) {
        msvcrt_set_errno(CRT_EINVAL);
        return 0;
    }
    struct chars ch = { .unit = unit };
    if (!(ch.p = sview(s, unit, &ch.len)))
        return FAULT;
    struct parsed_int r;
    parse_int(&ch, base, &r);
    if (endp)
        gm_write_u32(endp, s + (gaddr)(r.end * unit));
    return r.end ? clamp_int(&r, kind) : 0;
}

uint64_t msvcrt_strtol(struct thunk_call *c)
{
    API_ARGS(msvcrt, strtol, a);
    return strto_int(a.str, a.end, a.base, 1, K_LONG);
}
uint64_t msvcrt_strtoul(struct thunk_call *c)
{
    API_ARGS(msvcrt, strtoul, a);
    return strto_int(a.str, a.end, a.base, 1, K_ULONG);
}
uint64_t msvcrt__strtoi64(struct thunk_call *c)
{
    API_ARGS(msvcrt, _strtoi64, a);
    return strto_int(a.str, a.end, a.base, 1, K_I64);
}
uint64_t msvcrt__strtoui64(struct thunk_call *c)
{
    API_ARGS(msvcrt, _strtoui64, a);
    return strto_int(a.str, a.end, a.base, 1, K_UI64);
}
uint64_t msvcrt_wcstol(struct thunk_call *c)
{
    API_ARGS(msvcrt, wcstol, a);
    return strto_int(a.str, a.end, a.base, 2, K_LONG);
}
uint64_t msvcrt_wcstoul(struct thunk_call *c)
{
    API_ARGS(msvcrt, wcstoul, a);
    return strto_int(a.str, a.end, a.base, 2, K_ULONG);
}
uint64_t msvcrt__wcstoi64(struct thunk_call *c)
{
    API_ARGS(msvcrt, _wcstoi64, a);
    return strto_int(a.str, a.end, a.base, 2, K_I64);
}
uint64_t msvcrt__wcstoui64(struct thunk_call *c)
{
    API_ARGS(msvcrt, _wcstoui64, a);
    return strto_int(a.str, a.end, a.base, 2, K_UI64);
}

/* atoi & co.: decimal, no range check — msvcrt.dll's value wraps around. */
static uint64_t ato_int(gaddr s, unsigned unit, bool wide64)
{
    if (!s) {
        msvcrt_set_errno(CRT_EINVAL);
        return 0;
    }
    struct chars ch = { .unit = unit };
    if (!(ch.p = sview(s, unit, &ch.len)))
        return FAULT;
    struct parsed_int r;
    parse_int(&ch, 10, &r);
    uint64_t v = r.neg ? 0 - r.mag : r.mag;
    return wide64 ? v : (uint32_t)v;
}

uint64_t msvcrt_atoi(struct thunk_call *c) { API_ARGS(msvcrt, atoi, a); return ato_int(a.str, 1, false); }
uint64_t msvcrt_atol(struct thunk_call *c) { API_ARGS(msvcrt, atol, a); return ato_int(a.str, 1, false); }
uint64_t msvcrt__atoi64(struct thunk_call *c) { API_ARGS(msvcrt, _atoi64, a); return ato_int(a.str, 1, true); }
uint64_t msvcrt__wtoi(struct thunk_call *c) { API_ARGS(msvcrt, _wtoi, a); return ato_int(a.str, 2, false); }
uint64_t msvcrt__wtol(struct thunk_call *c) { API_ARGS(msvcrt, _wtol, a); return ato_int(a.str, 2, false); }
uint64_t msvcrt__wtoi64(struct thunk_call *c) { API_ARGS(msvcrt, _wtoi64, a); return ato_int(a.str, 2, true); }

/* msvcrt's strtod grammar: [spaces][sign]digits[.digits][(e|E|d|D)[sign]digits]
 * — no inf/nan/hex forms. Returns the units consumed (0: no number) and
 * copies the number into buf in the host's notation. */
static size_t scan_double(const struct chars *s, char *buf, size_t bufsz)
{
    size_t i = 0, o = 0, digits = 0;
#define PUT(ch) do { if (o + 1 < bufsz) buf[o++] = (char)(ch); } while (0)
    while (is_space(ch_at(s, i)))
        i++;
    if (ch_at(s, i) == '-' || ch_at(s, i) == '+')
        PUT(ch_at(s, i++));
    for (; ch_at(s, i) >= '0' && ch_at(s, i) <= '9'; i++, digits++)
        PUT(ch_at(s, i));
    if (ch_at(s, i) == '.') {
        PUT('.');
        for (i++; ch_at(s, i) >= '0' && ch_at(s, i) <= '9'; i++, digits++)
            PUT(ch_at(s, i));
    }
    if (!digits) {
        buf[0] = 0;
        return 0;
    }
    unsigned e = ch_at(s, i) | 0x20;
    if (e == 'e' || e == 'd') {
        size_t j = i + 1;
        bool sign = ch_at(s, j) == '-' || ch_at(s, j) == '+';
        if (ch_at(s, j + sign) >= '0' && ch_at(s, j + sign) <= '9') {
            PUT('e');
            if (sign)
                PUT(ch_at(s, j++));
            for (; ch_at(s, j) >= '0' && ch_at(s, j) <= '9'; j++)
                PUT(ch_at(s, j));
            i = j;
        }
    }
#undef PUT
    buf[o] = 0;
    return i;
}

/* Parses like msvcrt (ERANGE with HUGE_VAL or 0 out of range); the view is
 * checked by the caller. */
static double parse_double(const struct chars *s, size_t *end)
{
    static locale_t c_loc;
    char buf[512];
    *end = scan_double(s, buf, sizeof buf);
    if (!*end)
        return 0.0;
    if (!c_loc)
        c_loc = newlocale(LC_ALL_MASK, "C", (locale_t)0);
    int saved = errno;
    errno = 0;
    double v = c_loc ? strtod_l(buf, NULL, c_loc) : strtod(buf, NULL);
    if (errno == ERANGE || isinf(v))
        msvcrt_set_errno(CRT_ERANGE);
    errno = saved;
    return v;
}

static uint64_t strto_double(struct thunk_call *c, gaddr s, gaddr endp, unsigned unit)
{
    if (!s) {
        msvcrt_set_errno(CRT_EINVAL);
        if (endp)
            gm_write_u32(endp, 0);
        return thunk_return_double(c, 0.0);
    }
    struct chars ch = { .unit = unit };
    if (!(ch.p = sview(s, unit, &ch.len)))
        return thunk_return_double(c, FAULT);
    size_t end;
    double v = parse_double(&ch, &end);
    if (endp)
        gm_write_u32(endp, s + (gaddr)(end * unit));
    return thunk_return_double(c, v);
}

uint64_t msvcrt_strtod(struct thunk_call *c)
{
    API_ARGS(msvcrt, strtod, a);
    return strto_double(c, a.str, a.end, 1);
}
uint64_t msvcrt_wcstod(struct thunk_call *c)
{
    API_ARGS(msvcrt, wcstod, a);
    return strto_double(c, a.str, a.end, 2);
}
uint64_t msvcrt_atof(struct thunk_call *c)
{
    API_ARGS(msvcrt, atof, a);
    return strto_double(c, a.str, 0, 1);
}
uint64_t msvcrt__wtof(struct thunk_call *c)
{
    API_ARGS(msvcrt, _wtof, a);
    return strto_double(c, a.str, 0, 2);
}

/* _itoa family: digits in lower case; a minus sign only in radix 10. */
static uint64_t xtoa(uint64_t v, bool neg, gaddr buf, uint32_t radix, unsigned unit)
{
    uint8_t out[2 * 72];
    char tmp[72];
    size_t n = 0, len = 0;
    if (radix < 2 || radix > 36) {
        msvcrt_set_errno(CRT_EINVAL);
        radix = 0;
    }
    if (radix) {
        if (neg)
            v = 0 - v;
        do {
            unsigned d = (unsigned)(v % radix);
            tmp[n++] = (char)(d < 10 ? '0' + d : 'a' + d - 10);
            v /= radix;
        } while (v);
        if (neg)
            st(out, len++, '-', unit);
        while (n)
            st(out, len++, (unsigned char)tmp[--n], unit);
    }
    st(out, len++, 0, unit);
    return gm_write(buf, out, len * unit) ? buf : FAULT;
}

static uint64_t itoa32(uint32_t value, gaddr buf, uint32_t radix, unsigned unit, bool is_signed)
{
    int32_t v = (int32_t)value;
    bool neg = is_signed && radix == 10 && v < 0;
    return xtoa(is_signed && neg ? (uint64_t)(int64_t)v : (uint32_t)v, neg, buf, radix, unit);
}

static uint64_t itoa64(uint64_t v, gaddr buf, uint32_t radix, unsigned unit, bool is_signed)
{
    bool neg = is_signed && radix == 10 && (int64_t)v < 0;
    return xtoa(v, neg, buf, radix, unit);
}

uint64_t msvcrt__itoa(struct thunk_call *c)
{
    API_ARGS(msvcrt, _itoa, a);
    return itoa32(a.value, a.buf, a.radix, 1, true);
}
uint64_t msvcrt__ltoa(struct thunk_call *c)
{
    API_ARGS(msvcrt, _ltoa, a);
    return itoa32(a.value, a.buf, a.radix, 1, true);
}
uint64_t msvcrt__ultoa(struct thunk_call *c)
{
    API_ARGS(msvcrt, _ultoa, a);
    return itoa32(a.value, a.buf, a.radix, 1, false);
}
uint64_t msvcrt__i64toa(struct thunk_call *c)
{
    API_ARGS(msvcrt, _i64toa, a);
    return itoa64(a.value, a.buf, a.radix, 1, true);
}
uint64_t msvcrt__ui64toa(struct thunk_call *c)
{
    API_ARGS(msvcrt, _ui64toa, a);
    return itoa64(a.value, a.buf, a.radix, 1, false);
}
uint64_t msvcrt__itow(struct thunk_call *c)
{
    API_ARGS(msvcrt, _itow, a);
    return itoa32(a.value, a.buf, a.radix, 2, true);
}
uint64_t msvcrt__ltow(struct thunk_call *c)
{
    API_ARGS(msvcrt, _ltow, a);
    return itoa32(a.value, a.buf, a.radix, 2, true);
}
uint64_t msvcrt__ultow(struct thunk_call *c)
{
    API_ARGS(msvcrt, _ultow, a);
    return itoa32(a.value, a.buf, a.radix, 2, false);
}
uint64_t msvcrt__i64tow(struct thunk_call *c)
{
    API_ARGS(msvcrt, _i64tow, a);
    return itoa64(a.value, a.buf, a.radix, 2, true);
}
uint64_t msvcrt__ui64tow(struct thunk_call *c)
{
    API_ARGS(msvcrt, _ui64tow, a);
    return itoa64(a.value, a.buf, a.radix, 2, false);
}

/* _ecvt/_fcvt: msvcrt first takes 17 significant digits, then rounds them
 * half-up to the count asked for and pads with zeros; the result lives in
 * one buffer the two share, per thread as on Windows. */
#define CVT_BUF 350
static _Thread_local gaddr cvt_buffer;

static uint64_t cvt(double v, int32_t ndig, gaddr pdec, gaddr psign, bool fixed)
{
    if (!cvt_buffer && !(cvt_buffer = crt_malloc(CVT_BUF)))
        return 0;
    char d[32], out[CVT_BUF];
    int dec = 0;
    bool zero = v == 0.0 || !isfinite(v);
    if (!zero) {
        char e[40];
        snprintf(e, sizeof e, "%.16e", fabs(v));
        d[0] = e[0];
        memcpy(d + 1, e + 2, 16);
        d[17] = 0;
        dec = atoi(e + 19) + 1;
    } else {
        memset(d, '0', 17);
        d[17] = 0;
    }
    long count = fixed ? (long)dec + ndig : ndig;
    if (count > CVT_BUF - 2)
        count = CVT_BUF - 2;
    size_t n = 0;
    if (count == 0 && !zero && d[0] >= '5') { /* rounds up to 10^dec */
        if (fixed)
            out[n++] = '1';
        dec++;
    }
    for (long i = 0; i < count; i++)
        out[n++] = i < 17 ? d[i] : '0';
    if (count > 0 && count < 17 && d[count] >= '5' && !zero) {
        long i = count - 1;
        while (i >= 0 && out[i] == '9')
            out[i--] = '0';
        if (i >= 0) {
            out[i]++;
        } else { /* all nines: 10^k */
            out[0] = '1';
            dec++;
            if (fixed && n < CVT_BUF - 2)
                out[n++] = '0';
        }
    }
    out[n] = 0;
    gm_write(cvt_buffer, out, n + 1);
    gm_write_u32(pdec, (uint32_t)dec);
    gm_write_u32(psign, signbit(v) ? 1 : 0);
    return cvt_buffer;
}

uint64_t msvcrt__ecvt(struct thunk_call *c)
{
    API_ARGS(msvcrt, _ecvt, a);
    return cvt(a.value, a.count, a.dec, a.sign, false);
}
uint64_t msvcrt__fcvt(struct thunk_call *c)
{
    API_ARGS(msvcrt, _fcvt, a);
    return cvt(a.value, a.count, a.dec, a.sign, true);
}

/* _gcvt(value, digits, buf): %g-like, but the decimal point stays after an
 * integral mantissa ("314150.") and exponents have three digits. */
uint64_t msvcrt__gcvt(struct thunk_call *c)
{
    API_ARGS(msvcrt, _gcvt, a);
    double v = a.value;
    int32_t digits = (int32_t)a.digits;
    gaddr buf = a.buf;
    if (!buf || digits < 0) {
        msvcrt_set_errno(digits < 0 ? CRT_ERANGE : CRT_EINVAL);
        return 0;
    }
    int p = digits ? digits : 1;
    if (p > 300)
        p = 300;
    char e[400], out[420];
    snprintf(e, sizeof e, "%.*e", p - 1, v);
    char *ep = strchr(e, 'e');
    int x = ep ? atoi(ep + 1) : 0;
    if (ep)
        *ep = 0;
    if (x < -4 || x >= p) {
        /* mantissa without trailing zeros, then e+XXX */
        char *dot = strchr(e, '.');
        size_t len = strlen(e);
        while (dot && len > 0 && e[len - 1] == '0')
            e[--len] = 0;
        if (!dot)
            strcat(e, ".");
        snprintf(out, sizeof out, "%se%c%03d", e, x < 0 ? '-' : '+', x < 0 ? -x : x);
    } else {
        snprintf(out, sizeof out, "%.*f", p - 1 - x, v);
        if (strchr(out, '.')) {
            size_t len = strlen(out);
            while (out[len - 1] == '0')
                out[--len] = 0;
        } else {
            strcat(out, ".");
        }
    }
    return gm_write(buf, out, strlen(out) + 1) ? buf : FAULT;
}

/* ------------------------------------------- multibyte ("C": one byte) */

/* mbstowcs: each byte becomes the UTF-16 unit of the same value. */
uint64_t msvcrt_mbstowcs(struct thunk_call *c)
{
    API_ARGS(msvcrt, mbstowcs, a);
    gaddr dst = a.dst, src = a.src;
    size_t n = a.count;
    if (!src) {
        msvcrt_set_errno(CRT_EINVAL);
        return 0xFFFFFFFFu;
    }
    long len = slen(src, dst ? n : NOMAX, 1);
    if (len < 0)
        return FAULT;
    if (!dst)
        return (uint64_t)len;
    size_t count = (size_t)len < n ? (size_t)len + 1 : n; /* terminator if it fits */
    const uint8_t *s = gm_ptr(src, count, false);
    uint16_t *w = malloc(count * 2 + 2);
    if (!s || !w) {
        free(w);
        return FAULT;
    }
    for (size_t i = 0; i < count; i++)
        w[i] = s[i];
    bool ok = gm_write(dst, w, count * 2);
    free(w);
    return ok ? (uint64_t)len : FAULT;
}

/* wcstombs: units above 0xFF have no "C" locale byte: EILSEQ, -1. */
uint64_t msvcrt_wcstombs(struct thunk_call *c)
{
    API_ARGS(msvcrt, wcstombs, a);
    gaddr dst = a.dst, src = a.src;
    size_t n = a.count;
    if (!src) {
        msvcrt_set_errno(CRT_EINVAL);
        return 0xFFFFFFFFu;
    }
    long len = slen(src, dst ? n : NOMAX, 2);
    if (len < 0)
        return FAULT;
    size_t count = dst && (size_t)len >= n ? n : (size_t)len + 1;
    const uint8_t *w = gm_ptr(src, count * 2, false);
    uint8_t *b = malloc(count + 1);
    if (!w || !b) {
        free(b);
        return FAULT;
    }
    for (size_t i = 0; i < count; i++) {
        unsigned u = ld(w, i, 2);
        if (u > 0xFF) {
            free(b);
            msvcrt_set_errno(CRT_EILSEQ);
            return 0xFFFFFFFFu;
        }
        b[i] = (uint8_t)u;
    }
    bool ok = !dst || gm_write(dst, b, count);
    free(b);
    return ok ? (uint64_t)len : FAULT;
}

uint64_t msvcrt_mbtowc(struct thunk_call *c)
{
    API_ARGS(msvcrt, mbtowc, a);
    gaddr pwc = a.pwc, s = a.src;
    uint8_t b = 0;
    if (!s || a.count == 0)
        return 0;
    if (!gm_read_u8(s, &b))
        return FAULT;
    if (pwc)
        gm_write_u16(pwc, b);
    return b ? 1 : 0;
}

uint64_t msvcrt_wctomb(struct thunk_call *c)
{
    API_ARGS(msvcrt, wctomb, a);
    gaddr s = a.dst;
    uint32_t wc = a.wc & 0xFFFF;
    if (!s)
        return 0;
    if (wc > 0xFF) {
        msvcrt_set_errno(CRT_EILSEQ);
        return 0xFFFFFFFFu;
    }
    return gm_write_u8(s, (uint8_t)wc) ? 1 : FAULT;
}

uint64_t msvcrt_mblen(struct thunk_call *c)
{
    API_ARGS(msvcrt, mblen, a);
    uint8_t b = 0;
    if (!a.src || a.count == 0)
        return 0;
    if (!gm_read_u8(a.src, &b))
        return FAULT;
    return b ? 1 : 0;
}
