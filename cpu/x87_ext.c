/* 80-bit x87 values in integer arithmetic (x87_ext.h): no long double, so
 * the results are the same bits on every host. */
#include "cpu/x87_ext.h"

#include <string.h>

#define EXP_MAX  0x7FFF
#define BIAS     16383
#define INT_BIT  0x8000000000000000ull
#define QUIET    0x4000000000000000ull

#define SW_C0 0x0100u
#define SW_C1 0x0200u
#define SW_C2 0x0400u
#define SW_C3 0x4000u
#define SW_IE 0x0001u
#define SW_DE 0x0002u
#define SW_PE 0x0020u
#define SW_SF 0x0040u
#define SW_ES 0x0080u
#define SW_B  0x8000u

struct ext {
    bool sign;
    int exp;      /* biased; after unpack_finite possibly below 1 (denormals normalised) */
    uint64_t sig; /* with the explicit integer bit */
};

static struct ext unpack(const uint8_t b[X87_EXT_SIZE])
{
    uint16_t se;
    struct ext e;
    memcpy(&e.sig, b, 8);
    memcpy(&se, b + 8, 2);
    e.sign = se >> 15;
    e.exp = se & EXP_MAX;
    return e;
}

static void pack(struct ext e, uint8_t b[X87_EXT_SIZE])
{
    uint16_t se = (uint16_t)((e.sign ? 0x8000u : 0) | (unsigned)e.exp);
    memcpy(b, &e.sig, 8);
    memcpy(b + 8, &se, 2);
}

void x87_ext_from_double(double v, uint8_t out[X87_EXT_SIZE])
{
    uint64_t bits;
    memcpy(&bits, &v, 8);
    struct ext e = { .sign = bits >> 63 };
    int exp = (int)((bits >> 52) & 0x7FF);
    uint64_t frac = bits & ((1ull << 52) - 1);
    if (exp == 0x7FF) {
        e.exp = EXP_MAX;
        e.sig = INT_BIT | frac << 11 | (frac ? QUIET : 0);
    } else if (exp == 0 && frac == 0) {
        e.exp = 0;
        e.sig = 0;
    } else if (exp == 0) { /* a double denormal is a normal 80-bit value */
        e.exp = BIAS - 1022;
        e.sig = frac << 11;
        while (!(e.sig & INT_BIT)) {
            e.sig <<= 1;
            e.exp--;
        }
    } else {
        e.exp = exp - 1023 + BIAS;
        e.sig = INT_BIT | frac << 11;
    }
    pack(e, out);
}

enum kind { ZERO, FINITE, INF, QNAN, SNAN, UNSUPPORTED };

/* Unnormals, pseudo-infinities and pseudo-NaNs (no integer bit where one
 * must be) are invalid operands since the 80387. */
static enum kind classify(struct ext e)
{
    if (e.exp == EXP_MAX) {
        if (!(e.sig & INT_BIT))
            return UNSUPPORTED;
        if (!(e.sig << 1))
            return INF;
        return e.sig & QUIET ? QNAN : SNAN;
    }
    if (e.exp == 0)
        return e.sig ? FINITE : ZERO; /* denormal or pseudo-denormal */
    return e.sig & INT_BIT ? FINITE : UNSUPPORTED;
}

/* A finite nonzero value with its significand's integer bit set; the
 * exponent may then drop below 1. */
static struct ext normalise(struct ext e)
{
    if (e.exp == 0)
        e.exp = 1; /* denormals scale as the smallest normal exponent */
    while (!(e.sig & INT_BIT)) {
        e.sig <<= 1;
        e.exp--;
    }
    return e;
}

/* Back to the register format: a value below the normal range (only ever
 * an exact multiple of the smallest denormal here) is denormal again. */
static struct ext to_register(struct ext e)
{
    if (e.sig == 0) {
        e.exp = 0;
        return e;
    }
    while (!(e.sig & INT_BIT)) {
        e.sig <<= 1;
        e.exp--;
    }
    if (e.exp < 1) {
        e.sig >>= 1 - e.exp;
        e.exp = 0;
    }
    return e;
}

/* The NaN an operation with NaN operands delivers: the QNaN one if only one
 * is signalling, else the larger significand, quieted. */
static struct ext propagate_nan(struct ext a, enum kind ka, struct ext b, enum kind kb)
{
    bool a_nan = ka == QNAN || ka == SNAN, b_nan = kb == QNAN || kb == SNAN;
    struct ext r;
    if (a_nan && b_nan) {
        if (ka != kb)
            r = ka == QNAN ? a : b;
        else
            r = (a.sig | QUIET) >= (b.sig | QUIET) ? a : b;
    } else {
        r = a_nan ? a : b;
    }
    r.sig |= QUIET;
    return r;
}

/* |x| mod |y| * 2^shift ... the school division of the significands:
 * x = mx * 2^ex, y = my * 2^ey (both integer bits set) and 0 <= ex - ey =
 * d < 64. *q gets the truncated quotient's low bits, the result is the
 * remainder's significand in units of y's last bit. */
static uint64_t divide(uint64_t mx, uint64_t my, int d, uint64_t *q)
{
    uint64_t r = mx, quot = 0;
    for (int i = 0; i <= d; i++) {
        bool carry = false;
        if (i > 0) {
            carry = r >> 63;
            r <<= 1;
        }
        quot <<= 1;
        if (carry || r >= my) {
            r -= my; /* modulo 2^64: the true difference is below my */
            quot |= 1;
        }
    }
    *q = quot;
    return r;
}

void x87_ext_fprem(bool round_nearest, const uint8_t xb[X87_EXT_SIZE], const uint8_t yb[X87_EXT_SIZE],
                   uint16_t fsw, uint8_t result[X87_EXT_SIZE], uint16_t *fsw_out)
{
    struct ext x = unpack(xb), y = unpack(yb);
    enum kind kx = classify(x), ky = classify(y);
    uint16_t cond = fsw & (SW_C0 | SW_C3); /* an invalid operation clears C1 and C2 only */
    uint16_t flags = 0;

    if (kx == UNSUPPORTED || ky == UNSUPPORTED || kx == SNAN || ky == SNAN)
        flags |= SW_IE;
    if (kx == UNSUPPORTED || ky == UNSUPPORTED) {
        pack((struct ext){ true, EXP_MAX, INT_BIT | QUIET }, result);
        *fsw_out = (uint16_t)(cond | flags);
        return;
    }
    if (kx == QNAN || kx == SNAN || ky == QNAN || ky == SNAN) {
        pack(propagate_nan(x, kx, y, ky), result);
        *fsw_out = (uint16_t)(cond | flags);
        return;
    }
    if (kx == INF || ky == ZERO) { /* the default NaN; a denormal operand is not reported */
        pack((struct ext){ true, EXP_MAX, INT_BIT | QUIET }, result);
        *fsw_out = (uint16_t)(cond | SW_IE);
        return;
    }
    if ((kx == FINITE && x.exp == 0) || (ky == FINITE && y.exp == 0))
        flags |= SW_DE;
    if (kx == ZERO || ky == INF) { /* x itself (normalised if it can be), quotient 0 */
        pack(kx == ZERO ? x : to_register(normalise(x)), result);
        *fsw_out = flags;
        return;
    }

    struct ext nx = normalise(x), ny = normalise(y);
    int d = nx.exp - ny.exp;
    struct ext r = { .sign = x.sign };
    uint64_t q = 0;
    if (d >= 64) {
        /* partial remainder: the exponent drops by 32 to 63 (AMD's rule,
         * which Intel processors follow), quotient bits not reported */
        int n = 32 + d % 32;
        r.exp = ny.exp + (d - n);
        r.sig = divide(nx.sig, ny.sig, n, &q);
        pack(to_register(r), result);
        *fsw_out = (uint16_t)(flags | SW_C2);
        return;
    }
    if (d < 0) { /* |x| < |y|: the quotient truncates to 0 */
        r = nx;
        q = 0;
        if (round_nearest && d == -1 && nx.sig > ny.sig) { /* |x| > |y| / 2 */
            /* |y| - |x| in x's units (half y's): below 2^64, so the
             * wrapped 2 * ny.sig does no harm */
            r.sig = (ny.sig << 1) - nx.sig;
            r.sign = !x.sign;
            q = 1;
        }
    } else {
        r.exp = ny.exp;
        r.sig = divide(nx.sig, ny.sig, d, &q);
        if (round_nearest) {
            uint64_t rest = ny.sig - r.sig; /* |y| - remainder */
            if (r.sig > rest || (r.sig == rest && (q & 1))) {
                r.sig = rest;
                r.sign = !r.sign;
                q++;
            }
        }
    }
    pack(to_register(r), result);
    *fsw_out = (uint16_t)(flags | (q & 4 ? SW_C0 : 0) | (q & 2 ? SW_C3 : 0) | (q & 1 ? SW_C1 : 0));
}

#define EF_CF 0x01u
#define EF_PF 0x04u
#define EF_ZF 0x40u

/* -1, 0 or 1 as |a| <, = or > |b|, for zeros, finite values and infinities
 * (a denormal compares by its value: normalised first). */
static int compare_magnitude(struct ext a, enum kind ka, struct ext b, enum kind kb)
{
    if (ka == ZERO || kb == ZERO)
        return (ka != ZERO) - (kb != ZERO);
    if (ka == FINITE)
        a = normalise(a);
    if (kb == FINITE)
        b = normalise(b);
    if (a.exp != b.exp)
        return a.exp < b.exp ? -1 : 1;
    return (a.sig > b.sig) - (a.sig < b.sig);
}

void x87_ext_fcomi(bool unordered, const uint8_t ab[X87_EXT_SIZE], const uint8_t bb[X87_EXT_SIZE],
                   uint32_t *eflags_out, uint16_t *fsw_out)
{
    struct ext a = unpack(ab), b = unpack(bb);
    enum kind ka = classify(a), kb = classify(b);
    bool nan = ka == QNAN || ka == SNAN || kb == QNAN || kb == SNAN;
    bool bad = ka == UNSUPPORTED || kb == UNSUPPORTED;
    if (nan || bad) { /* fucomi lets a quiet NaN through without an invalid operation */
        *eflags_out = EF_ZF | EF_PF | EF_CF;
        *fsw_out = bad || ka == SNAN || kb == SNAN || !unordered ? SW_IE : 0;
        return;
    }
    uint16_t flags = (ka == FINITE && a.exp == 0) || (kb == FINITE && b.exp == 0) ? SW_DE : 0;
    int order; /* of the values: -1 a < b, 0 equal, 1 a > b */
    if (ka == ZERO && kb == ZERO)
        order = 0; /* +0 == -0 */
    else if (a.sign != b.sign)
        order = a.sign ? -1 : 1;
    else
        order = a.sign ? -compare_magnitude(a, ka, b, kb) : compare_magnitude(a, ka, b, kb);
    *eflags_out = order < 0 ? EF_CF : order == 0 ? EF_ZF : 0;
    *fsw_out = flags;
}

/* The tag fnsave reports for a register's contents: valid, zero, special. */
static unsigned tag_of(struct ext e)
{
    enum kind k = classify(e);
    if (k == ZERO)
        return 1;
    return k == FINITE && e.exp != 0 ? 0 : 2;
}

/* |x| rounded to an integer under rc (0 nearest, 1 down, 2 up, 3 toward
 * zero) for a finite x (from 2^63 up: its significand, too large for any
 * caller); *inexact and *up (the magnitude grew) say how. */
static uint64_t round_integer(struct ext x, unsigned rc, bool *inexact, bool *up)
{
    int e = (x.exp ? x.exp : 1) - BIAS; /* x = sig * 2^(e-63) */
    uint64_t whole, frac, half;          /* frac and half in units of 2^(e-63), or 2^-64 */
    if (e >= 63) {
        *inexact = *up = false;
        return x.sig;
    }
    if (e >= 0) {
        whole = x.sig >> (63 - e);
        frac = x.sig << (e + 1); /* the fraction as a 64-bit binary fraction */
    } else {
        whole = 0;
        frac = e == -1 ? x.sig : e >= -64 ? x.sig >> (-1 - e) | (x.sig << (65 + e) != 0) : x.sig != 0;
    }
    half = INT_BIT;
    *inexact = frac != 0;
    switch (rc) {
    case 0: *up = frac > half || (frac == half && (whole & 1)); break;
    case 1: *up = frac != 0 && x.sign; break;
    case 2: *up = frac != 0 && !x.sign; break;
    default: *up = false; break;
    }
    return whole + *up;
}

bool x87_ext_fbstp(struct x87_stack_op *s, uint8_t bcd[X87_EXT_SIZE])
{
    static const uint8_t indefinite[X87_EXT_SIZE] = { 0, 0, 0, 0, 0, 0, 0, 0xC0, 0xFF, 0xFF };
    unsigned top = (s->fsw >> 11) & 7;
    bool empty = ((s->tag >> (2 * top)) & 3) == 3;
    struct ext x = unpack(s->st[0]);
    enum kind k = classify(x);
    uint16_t flags = 0, cond = s->fsw & (SW_C0 | SW_C2 | SW_C3);
    bool inexact = false, up = false;
    uint64_t v = 0;
    if (empty)
        flags = SW_IE | SW_SF;
    else if (k == FINITE)
        v = round_integer(x, (s->fcw >> 10) & 3u, &inexact, &up);
    if (!empty && (k == FINITE || k == ZERO) && v <= 999999999999999999ull) {
        memset(bcd, 0, X87_EXT_SIZE);
        for (unsigned i = 0; v; i++, v /= 10)
            bcd[i / 2] |= (uint8_t)((v % 10) << (4 * (i % 2)));
        bcd[9] = x.sign ? 0x80 : 0;
        flags = inexact ? SW_PE : 0;
    } else {
        flags |= SW_IE; /* NaN, infinity, unsupported, too large or empty */
        memcpy(bcd, indefinite, X87_EXT_SIZE);
        up = false;
    }
    bool stored = !(flags & SW_IE) || (s->fcw & SW_IE);
    if (stored) { /* pop */
        s->tag |= (uint16_t)(3u << (2 * top));
        top = (top + 1) & 7;
        uint8_t st[8][X87_EXT_SIZE];
        memcpy(st, s->st[1], 7 * X87_EXT_SIZE);
        memcpy(st[7], s->st[0], X87_EXT_SIZE);
        memcpy(s->st, st, sizeof st);
    }
    uint16_t tag = 0;
    for (unsigned p = 0; p < 8; p++) { /* as fnsave reports them: from the contents */
        unsigned t = (s->tag >> (2 * p)) & 3;
        if (t != 3)
            t = tag_of(unpack(s->st[(p - top) & 7]));
        tag |= (uint16_t)(t << (2 * p));
    }
    s->tag = tag;
    s->fsw = (uint16_t)(cond | (up ? SW_C1 : 0) | top << 11 | flags |
                        (flags & 0x3Fu & ~s->fcw ? SW_ES | SW_B : 0));
    return stored;
}
