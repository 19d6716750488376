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
