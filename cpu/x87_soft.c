/* x87_soft.h's instructions without an x87: each function evaluated in IEEE
 * binary128 (113-bit significand: aarch64's long double, libquadmath's
 * __float128 where the unit test checks it against the real x87) and rounded
 * once to the 64-bit significand under the guest's rounding control: the
 * correctly rounded value (fpatan: from just below it, as the CPU errs).
 * fsin/fcos/fptan/fsincos reduce the argument exactly by the x87's 66-bit
 * pi, as the CPU does. The real x87 is not correctly rounded: up to ~3% of
 * transcendental results differ in the last bit (docs/cpu.md). */
#include "cpu/x87_soft.h"

#include <float.h>
#include <math.h>
#include <string.h>

#if LDBL_MANT_DIG == 113
typedef long double quad;
#define QF(f) f##l
#elif defined(__x86_64__) || defined(__i386__)
#include <quadmath.h>
typedef __float128 quad;
#define QF(f) f##q
#else
#error "cpu/x87_soft.c needs an IEEE binary128 type"
#endif

#define EXP_MAX  0x7FFF
#define BIAS     16383
#define INT_BIT  0x8000000000000000ull
#define QUIET    0x4000000000000000ull

#define SW_IE 0x0001u
#define SW_DE 0x0002u
#define SW_ZE 0x0004u
#define SW_OE 0x0008u
#define SW_UE 0x0010u
#define SW_PE 0x0020u
#define SW_SF 0x0040u
#define SW_ES 0x0080u
#define SW_C0 0x0100u
#define SW_C1 0x0200u
#define SW_C2 0x0400u
#define SW_C3 0x4000u
#define SW_B  0x8000u
#define SW_TOP 0x3800u
#define WRAP   0x6000 /* exponent bias adjustment of an unmasked underflow or overflow */

struct ext {
    bool sign;
    int exp;      /* biased */
    uint64_t sig; /* with the explicit integer bit */
};

enum kind { ZERO, NORMAL, DENORMAL, INF, QNAN, SNAN, UNSUPPORTED, EMPTY };

static struct ext unpack(const uint8_t b[10])
{
    uint16_t se;
    struct ext e;
    memcpy(&e.sig, b, 8);
    memcpy(&se, b + 8, 2);
    e.sign = se >> 15;
    e.exp = se & EXP_MAX;
    return e;
}

static void pack(struct ext e, uint8_t b[10])
{
    uint16_t se = (uint16_t)((e.sign ? 0x8000u : 0) | (unsigned)e.exp);
    memcpy(b, &e.sig, 8);
    memcpy(b + 8, &se, 2);
}

static enum kind classify(struct ext e)
{
    if (e.exp == EXP_MAX) {
        if (!(e.sig & INT_BIT))
            return UNSUPPORTED; /* pseudo-infinity, pseudo-NaN */
        if (!(e.sig << 1))
            return INF;
        return e.sig & QUIET ? QNAN : SNAN;
    }
    if (e.exp == 0)
        return e.sig ? DENORMAL : ZERO; /* pseudo-denormals too */
    return e.sig & INT_BIT ? NORMAL : UNSUPPORTED; /* unnormal */
}

static bool is_nan(enum kind k) { return k == QNAN || k == SNAN; }

static const struct ext INDEFINITE = { true, EXP_MAX, INT_BIT | QUIET };

static struct ext infinity(bool sign) { return (struct ext){ sign, EXP_MAX, INT_BIT }; }
static struct ext zero(bool sign) { return (struct ext){ sign, 0, 0 }; }

/* The unbiased exponent of a finite operand's significand (x = sig *
 * 2^(uexp - 63)): denormals scale as the smallest normal. */
static int uexp(struct ext e) { return (e.exp ? e.exp : 1) - BIAS; }

/* The exact value of a finite operand. */
static quad to_quad(struct ext e)
{
    quad q = QF(ldexp)((quad)e.sig, uexp(e) - 63);
    return e.sign ? -q : q;
}

/* 2^16000 for an operand below 2^-200 (scaled up, it keeps every bit in
 * a binary128 product), else 0. */
static long tiny_scale(struct ext e)
{
    return uexp(e) < -200 ? 16000 : 0;
}

/* The whole operation: rounding control, flags raised, C1. */
struct op {
    unsigned rc; /* 0 nearest, 1 down, 2 up, 3 toward zero */
    uint16_t fcw;
    uint16_t flags;
    bool round_up; /* C1 of the last rounded result */
};

/* How the true value lies against the binary128 one: the same (exact), or
 * its magnitude a little below or above it (sin x is below x, tan x above,
 * where binary128 cannot tell them apart), or unknown. */
enum truth { EXACT, BELOW, ABOVE, INEXACT };

/* v * 2^scale (v finite; scale only for fscale's large shifts) rounded to
 * the 80-bit format under the rounding control. Tininess is detected before
 * rounding; an unmasked underflow or overflow delivers the significand with
 * the exponent wrapped by 3 * 2^13, as the CPU does. */
static struct ext round_ext(struct op *o, quad v, long scale, enum truth truth)
{
    struct ext r = { .sign = QF(copysign)(1, v) < 0 }; /* -0 too */
    if (v == 0) {
        if (truth != EXACT)
            o->flags |= SW_PE;
        o->round_up = false;
        return r;
    }
    int e2;
    quad m = QF(frexp)(r.sign ? -v : v, &e2); /* |v| = m * 2^e2, m in [0.5, 1) */
    long e = (long)e2 - 1 + scale;             /* unbiased exponent of the leading bit */
    bool tiny = e + BIAS < 1, wrap_under = tiny && !(o->fcw & SW_UE);
    bool grid = tiny && !wrap_under; /* rounded at the denormals' fixed point */
    quad scaled;
    if (!grid) {
        scaled = QF(ldexp)(m, 64);
    } else {
        long shift = e + 1 + (BIAS - 1 + 63); /* the units of the smallest denormal */
        scaled = QF(ldexp)(m, shift < -2 ? -2 : (int)shift);
    }
    uint64_t hi = (uint64_t)scaled; /* scaled < 2^64: truncates */
    quad frac = scaled - (quad)hi;
    if (frac == 0 && truth == BELOW) { /* just under hi */
        if (hi == INT_BIT && !grid) {
            hi = ~0ull;
            e--;
        } else {
            hi--;
        }
        frac = 0.75;
    } else if (frac == 0 && truth == ABOVE) {
        frac = 0.25;
    }
    bool up;
    switch (o->rc) {
    case 0: up = frac > 0.5 || (frac == 0.5 && (hi & 1)); break;
    case 1: up = frac != 0 && r.sign; break;
    case 2: up = frac != 0 && !r.sign; break;
    default: up = false; break;
    }
    bool lost = frac != 0 || truth != EXACT;
    if (lost)
        o->flags |= SW_PE;
    if (wrap_under || (tiny && lost))
        o->flags |= SW_UE;
    o->round_up = up;
    if (grid) {
        hi += up;
        r.sig = hi;
        r.exp = (hi & INT_BIT) ? 1 : 0;
        return r;
    }
    if (up && ++hi == 0) {
        hi = INT_BIT;
        e++;
    }
    r.sig = hi;
    if (wrap_under) {
        if (e + BIAS + WRAP < 1) { /* too small even wrapped: zero */
            o->flags |= SW_PE;
            o->round_up = false;
            return zero(r.sign);
        }
        r.exp = (int)(e + BIAS + WRAP);
        return r;
    }
    if (e + BIAS >= EXP_MAX) {
        o->flags |= SW_OE | (lost ? SW_PE : 0);
        if (!(o->fcw & SW_OE) && e + BIAS - WRAP < EXP_MAX) {
            r.exp = (int)(e + BIAS - WRAP);
            return r;
        }
        /* masked: infinity or the largest finite, as rounding goes (unmasked
         * but too large even wrapped: infinity) */
        o->flags |= SW_PE;
        bool to_inf = o->rc == 0 || (o->rc == 1 && r.sign) || (o->rc == 2 && !r.sign) ||
                      !(o->fcw & SW_OE);
        r.exp = to_inf ? EXP_MAX : EXP_MAX - 1;
        r.sig = to_inf ? INT_BIT : ~0ull;
        o->round_up = to_inf;
        return r;
    }
    r.exp = (int)(e + BIAS);
    return r;
}

static struct ext quiet(struct ext e)
{
    e.sig |= QUIET;
    return e;
}

/* The NaN an operation on NaN operands delivers (an SNaN raises IE). */
static struct ext nan_result(struct op *o, struct ext a, enum kind ka, struct ext b, enum kind kb)
{
    if (ka == SNAN || kb == SNAN)
        o->flags |= SW_IE;
    if (is_nan(ka) && is_nan(kb)) {
        if (ka != kb)
            return quiet(ka == QNAN ? a : b);
        return quiet((a.sig | QUIET) >= (b.sig | QUIET) ? a : b);
    }
    return quiet(is_nan(ka) ? a : b);
}

static struct ext invalid(struct op *o)
{
    o->flags |= SW_IE;
    return INDEFINITE;
}

/* 66 bits of pi (2 integer bits), the x87's own: pi/2 in units of 2^-65. */
static const unsigned __int128 PI66 = ((unsigned __int128)0x3u << 64) | 0x243F6A8885A308D3ull;

/* x = k * pi/2 + r, |r| <= pi/4, reduced exactly by the 66-bit pi: r and the
 * quadrant k mod 4 (|x| < 2^63). */
static quad reduce(struct ext x, unsigned *quadrant)
{
    int e = uexp(x);
    *quadrant = 0;
    if (e < -1)                         /* below 1/2 < pi/4: no reduction */
        return to_quad(x);
    unsigned __int128 X = (unsigned __int128)x.sig << (e + 2); /* units of 2^-65 */
    unsigned __int128 k = X / PI66, rem = X % PI66;
    quad r;
    if (rem > PI66 - rem) { /* nearer the next multiple */
        k++;
        r = -(quad)(PI66 - rem);
    } else {
        r = (quad)rem;
    }
    r = QF(ldexp)(r, -65);
    *quadrant = (unsigned)(k & 3);
    return x.sign ? -r : r;
}

/* sin (want_cos false) or cos of x = k * pi/2 + r. */
static quad sin_cos(quad r, unsigned k, bool negative, bool want_cos)
{
    if (negative) /* r is -|r| of |x|'s quadrant: sin(-y) = -sin y */
        k = (4 - k) & 3;
    unsigned q = (k + (want_cos ? 1u : 0u)) & 3;
    quad v = (q & 1) ? QF(cos)(r) : QF(sin)(r);
    return (q & 2) ? -v : v;
}

static quad tangent(quad r, unsigned k, bool negative)
{
    if (negative)
        k = (4 - k) & 3;
    return (k & 1) ? -QF(cos)(r) / QF(sin)(r) : QF(tan)(r);
}

/* Operands: NaN, unsupported, or denormal (DE) handled here; true when
 * *out is the answer already. */
static bool special_one(struct op *o, struct ext x, enum kind kx, struct ext *out)
{
    if (kx == UNSUPPORTED) {
        *out = invalid(o);
        return true;
    }
    if (is_nan(kx)) {
        *out = nan_result(o, x, kx, x, kx);
        return true;
    }
    if (kx == DENORMAL)
        o->flags |= SW_DE;
    return false;
}

/* Two operands: either unsupported (the default NaN) or a NaN (the NaN
 * the pair delivers); true when *out is the answer already. Else a
 * denormal one raises DE when report_denormal (fyl2x and fyl2xp1 decide
 * after their domain checks). */
static bool special_two(struct op *o, struct ext x, struct ext y, bool report_denormal, struct ext *out)
{
    enum kind kx = classify(x), ky = classify(y);
    if (kx == UNSUPPORTED || ky == UNSUPPORTED) {
        *out = invalid(o);
        return true;
    }
    if (is_nan(kx) || is_nan(ky)) {
        *out = nan_result(o, x, kx, y, ky);
        return true;
    }
    if (report_denormal && (kx == DENORMAL || ky == DENORMAL))
        o->flags |= SW_DE;
    return false;
}

/* fsin, fcos, fptan (its tangent; the 1.0 pushed by the caller) and
 * fsincos (both): 0 done, 1 out of range (C2, nothing changes). */
static int trig(struct op *o, uint8_t op, struct ext x, struct ext *a, struct ext *b)
{
    enum kind kx = classify(x);
    if (special_one(o, x, kx, a)) {
        *b = *a;
        return 0;
    }
    if (kx == INF) {
        *a = *b = invalid(o);
        return 0;
    }
    if (kx != ZERO && uexp(x) >= 63)
        return 1;
    unsigned k;
    quad r = kx == ZERO ? 0 : reduce(x, &k);
    if (kx == ZERO) {
        k = 0;
        r = to_quad(x);
    }
    /* |sin| and |cos| lie below their Taylor terms, |tan| above, |cot| below 1/r */
    enum truth below = kx == ZERO ? EXACT : BELOW;
    enum truth tan_truth = kx == ZERO ? EXACT : (k & 1) ? BELOW : ABOVE;
    switch (op) {
    case 0xFE: *a = round_ext(o, kx == ZERO ? r : sin_cos(r, k, x.sign, false), 0, below); break;
    case 0xFF: *a = round_ext(o, kx == ZERO ? 1 : sin_cos(r, k, x.sign, true), 0, below); break;
    case 0xF2: *a = round_ext(o, kx == ZERO ? r : tangent(r, k, x.sign), 0, tan_truth); break;
    default: /* fsincos: sin into ST0, then cos pushed */
        *b = round_ext(o, kx == ZERO ? 1 : sin_cos(r, k, x.sign, true), 0, below);
        *a = round_ext(o, kx == ZERO ? r : sin_cos(r, k, x.sign, false), 0, below); /* C1: sin's */
        break;
    }
    return 0;
}

static struct ext f2xm1(struct op *o, struct ext x)
{
    enum kind kx = classify(x);
    struct ext r;
    if (special_one(o, x, kx, &r))
        return r;
    if (kx == ZERO)
        return x;
    if (kx == INF)
        return x.sign ? (struct ext){ true, BIAS, INT_BIT } : x; /* -1 or +inf */
    if (uexp(x) < -200) /* 2^x - 1 = x ln 2 to far beyond 64 bits; scaled, so denormals keep 64 */
        return round_ext(o, QF(ldexp)(to_quad(x), 16000) * QF(log)((quad)2), -16000, INEXACT);
    quad v = to_quad(x);
    bool exact = v == 1 || v == -1;
    return round_ext(o, exact ? (v > 0 ? 1 : (quad)-0.5) : QF(expm1)(v * QF(log)((quad)2)), 0,
                     exact ? EXACT : INEXACT);
}

static quad log2_e(void) { return 1 / QF(log)((quad)2); }

/* fyl2x: y * log2(x). */
static struct ext fyl2x(struct op *o, struct ext x, struct ext y)
{
    enum kind kx = classify(x), ky = classify(y);
    struct ext r;
    if (special_two(o, x, y, false, &r))
        return r;
    if (x.sign && kx != ZERO)
        return invalid(o); /* log of a negative number (no DE then) */
    if (kx == DENORMAL || (ky == DENORMAL && kx != ZERO)) /* log 0: ZE alone */
        o->flags |= SW_DE;
    if (kx == ZERO) {
        if (ky == ZERO)
            return invalid(o);
        if (ky != INF)
            o->flags |= SW_ZE;
        return infinity(!y.sign); /* -inf * y */
    }
    if (kx == INF) {
        if (ky == ZERO)
            return invalid(o);
        return infinity(y.sign);
    }
    quad lx = x.exp == BIAS && x.sig == INT_BIT ? 0 : QF(log2)(to_quad(x));
    if (ky == INF) {
        if (lx == 0)
            return invalid(o); /* inf * 0 */
        return infinity((lx < 0) != y.sign);
    }
    if (ky == ZERO || lx == 0)
        return zero((lx < 0) != y.sign);
    /* PE even for a power of two (an integer logarithm), as the CPU has it */
    long sy = tiny_scale(y);
    return round_ext(o, QF(ldexp)(to_quad(y), (int)sy) * lx, -sy, INEXACT);
}

/* fyl2xp1: y * log2(x + 1). */
static struct ext fyl2xp1(struct op *o, struct ext x, struct ext y)
{
    enum kind kx = classify(x), ky = classify(y);
    struct ext r;
    if (special_two(o, x, y, false, &r))
        return r;
    quad vx = kx == INF ? 0 : to_quad(x);
    if ((kx == INF && x.sign) || vx < -1 || (kx == INF && ky == ZERO))
        return invalid(o);
    if (kx == DENORMAL || ky == DENORMAL)
        o->flags |= SW_DE;
    if (kx == INF)
        return infinity(y.sign);
    if (kx == ZERO) {
        if (ky == INF)
            return invalid(o);
        return zero(x.sign != y.sign);
    }
    if (vx == -1) {
        if (ky == ZERO)
            return invalid(o);
        o->flags |= ky == INF ? 0 : SW_ZE;
        return infinity(!y.sign);
    }
    if (ky == INF)
        return infinity(x.sign != y.sign);
    if (ky == ZERO)
        return zero(x.sign != y.sign);
    /* operands near the bottom of the range scaled up: binary128's own
     * denormals would lose the bits an unmasked underflow delivers */
    long sy = tiny_scale(y), sx = tiny_scale(x);
    quad l = sx ? QF(ldexp)(vx, (int)sx) : QF(log1p)(vx); /* log1p x = x to 2^-200 */
    return round_ext(o, QF(ldexp)(to_quad(y), (int)sy) * (l * log2_e()), -(sx + sy), INEXACT);
}

/* v less 1/32 of a 64-bit ulp in magnitude. The x87's fpatan is not
 * correctly rounded and errs low: its result lies as if computed from a
 * value below the true arctangent by 0 to ~0.08 ulp (measured on an AMD
 * EPYC: 232 of 241 last-bit differences from the correctly rounded value
 * were below it). Rounding from v less 1/32 ulp makes 0.34% of results
 * differ from the CPU's instead of 1.2% (docs/cpu.md). */
static quad below_by_32nd(quad v)
{
    if (v == 0)
        return v;
    return v - QF(copysign)(QF(ldexp)((quad)1, QF(ilogb)(v) - 63 - 5), v);
}

/* fpatan: atan2(y, x). */
static struct ext fpatan(struct op *o, struct ext x, struct ext y)
{
    enum kind kx = classify(x), ky = classify(y);
    struct ext r;
    if (special_two(o, x, y, true, &r))
        return r;
    quad vx = kx == INF ? QF(copysign)((quad)INFINITY, x.sign ? -1 : 1) : to_quad(x); /* -0 too */
    quad vy = ky == INF ? QF(copysign)((quad)INFINITY, y.sign ? -1 : 1) : to_quad(y);
    if (kx != INF && kx != ZERO && !x.sign && ky != ZERO && ky != INF &&
        uexp(y) - uexp(x) < -200) { /* atan t = t far past 64 bits */
        int ey = uexp(y), ex = uexp(x);
        quad t = QF(ldexp)(vy, -ey) / QF(ldexp)(vx, -ex); /* y / x without binary128's range */
        return round_ext(o, below_by_32nd(t), (long)ey - ex, BELOW);
    }
    quad v = QF(atan2)(vy, vx);
    return round_ext(o, below_by_32nd(v), 0, v == 0 ? EXACT : BELOW); /* |atan t| < |t| */
}

/* fscale: x * 2^trunc(y). */
static struct ext fscale(struct op *o, struct ext x, struct ext y)
{
    enum kind kx = classify(x), ky = classify(y);
    struct ext r;
    if (special_two(o, x, y, true, &r))
        return r;
    if (ky == INF) {
        if ((kx == ZERO && !y.sign) || (kx == INF && y.sign))
            return invalid(o);
        if (kx == ZERO || kx == INF)
            return x;
        return y.sign ? zero(x.sign) : infinity(x.sign);
    }
    if (kx == ZERO || kx == INF)
        return x;
    long n = 0;
    int ey = uexp(y);
    if (ey >= 30)
        n = 1L << 30;
    else if (ey >= 0)
        n = (long)(y.sig >> (63 - ey));
    if (y.sign)
        n = -n;
    return round_ext(o, to_quad(x), n, EXACT);
}

/* fxtract: the exponent into *e, the significand (exponent 0) into *s. */
static void fxtract(struct op *o, struct ext x, struct ext *e, struct ext *s)
{
    enum kind kx = classify(x);
    if (special_one(o, x, kx, e)) {
        *s = *e;
        return;
    }
    if (kx == ZERO) {
        o->flags |= SW_ZE;
        *e = infinity(true);
        *s = x;
        return;
    }
    if (kx == INF) {
        *e = infinity(false);
        *s = x;
        return;
    }
    int ex = uexp(x);
    uint64_t sig = x.sig;
    while (!(sig & INT_BIT)) {
        sig <<= 1;
        ex--;
    }
    *s = (struct ext){ x.sign, BIAS, sig };
    *e = round_ext(o, (quad)ex, 0, EXACT);
}

/* fxam: C3 C2 C0 the class, C1 the sign. */
static uint16_t fxam(struct ext x, bool empty)
{
    uint16_t c1 = x.sign ? SW_C1 : 0;
    if (empty)
        return c1 | SW_C3 | SW_C0;
    switch (classify(x)) {
    case UNSUPPORTED: return c1;
    case QNAN: case SNAN: return c1 | SW_C0;
    case NORMAL: return c1 | SW_C2;
    case INF: return c1 | SW_C2 | SW_C0;
    case ZERO: return c1 | SW_C3;
    default: return c1 | SW_C3 | SW_C2; /* denormal */
    }
}

/* The constants, each rounded from 113 bits (not exact in 64). */
static struct ext constant(struct op *o, uint8_t op)
{
    quad v;
    switch (op) {
    case 0xE9: v = QF(log2)((quad)10); break;
    case 0xEA: v = log2_e(); break;
    case 0xEB: v = QF(acos)((quad)-1); break;
    case 0xEC: v = QF(log10)((quad)2); break;
    default: v = QF(log)((quad)2); break;
    }
    uint16_t flags = o->flags;
    struct ext r = round_ext(o, v, 0, INEXACT);
    o->flags = flags; /* loading a constant raises no precision exception */
    return r;
}

/* The tag fnsave reports for a register's contents. */
static unsigned tag_of(struct ext e)
{
    switch (classify(e)) {
    case NORMAL: return 0;
    case ZERO: return 1;
    default: return 2;
    }
}

struct stack {
    unsigned top;
    struct ext reg[8]; /* physical */
    bool empty[8];
};

static unsigned phys(const struct stack *k, unsigned i) { return (k->top + i) & 7; }
static bool is_empty(const struct stack *k, unsigned i) { return k->empty[phys(k, i)]; }
static struct ext st(const struct stack *k, unsigned i) { return k->reg[phys(k, i)]; }
static void set_st(struct stack *k, unsigned i, struct ext v)
{
    k->reg[phys(k, i)] = v;
    k->empty[phys(k, i)] = false;
}
static void push(struct stack *k, struct ext v)
{
    k->top = (k->top - 1) & 7;
    set_st(k, 0, v);
}
static void pop(struct stack *k)
{
    k->empty[phys(k, 0)] = true;
    k->top = (k->top + 1) & 7;
}

static bool pops(uint8_t op) { return op == 0xF1 || op == 0xF3 || op == 0xF9; }
static bool pushes(uint8_t op) { return op == 0xF2 || op == 0xF4 || op == 0xFB; }

/* The results onto the stack: a replaces ST1 and pops (fyl2x fyl2xp1
 * fpatan) or replaces ST0, and b is pushed (fxtract, fsincos; fptan: 1.0,
 * or the NaN again). */
static void deliver(struct stack *k, uint8_t op, struct ext a, struct ext b)
{
    if (pops(op)) {
        set_st(k, 1, a);
        pop(k);
        return;
    }
    set_st(k, 0, a);
    if (op == 0xF2)
        push(k, is_nan(classify(a)) ? a : (struct ext){ false, BIAS, INT_BIT });
    else if (pushes(op))
        push(k, b);
}

/* Runs op on the stack; returns C0-C3 as it leaves them (cond: before). */
static uint16_t run(struct op *o, uint8_t op, struct stack *k, uint16_t cond, uint16_t fcw)
{
    struct ext a, b;
    bool unmasked_ie = !(fcw & SW_IE);
    cond &= (uint16_t)~SW_C1;
    if (op == 0xE5)
        return fxam(st(k, 0), is_empty(k, 0));
    if (op >= 0xE9 && op <= 0xED) { /* load a constant */
        if (!is_empty(k, 7)) {
            o->flags |= SW_IE | SW_SF;
            if (!unmasked_ie)
                push(k, INDEFINITE);
            return cond | SW_C1;
        }
        push(k, constant(o, op));
        return cond; /* C1 0: the CPU does not say it rounded a constant up */
    }
    if (op == 0xFE || op == 0xFF || op == 0xF2 || op == 0xFB)
        cond &= (uint16_t)~SW_C2; /* C2: the argument out of range */
    bool binary = pops(op) || op == 0xFD;
    if (is_empty(k, 0) || (binary && is_empty(k, 1))) { /* stack underflow */
        o->flags |= SW_IE | SW_SF;
        if (unmasked_ie)
            return cond;
        deliver(k, op, INDEFINITE, INDEFINITE);
        return cond;
    }
    if (pushes(op) && !is_empty(k, 7)) { /* stack overflow */
        o->flags |= SW_IE | SW_SF;
        if (unmasked_ie)
            return cond | SW_C1;
        set_st(k, 0, INDEFINITE);
        push(k, INDEFINITE);
        return cond | SW_C1;
    }
    struct ext x = st(k, 0);
    switch (op) {
    case 0xFE: case 0xFF: case 0xF2: case 0xFB:
        if (trig(o, op, x, &a, &b))
            return cond | SW_C2;
        break;
    case 0xF0: a = f2xm1(o, x); break;
    case 0xF1: a = fyl2x(o, x, st(k, 1)); break;
    case 0xF9: a = fyl2xp1(o, x, st(k, 1)); break;
    case 0xF3: a = fpatan(o, x, st(k, 1)); break;
    case 0xFD: a = fscale(o, x, st(k, 1)); break;
    case 0xF4: fxtract(o, x, &a, &b); break;
    default: return cond;
    }
    /* an unmasked invalid operand, denormal or division by zero stores nothing */
    if (o->flags & (SW_IE | SW_DE | SW_ZE) & ~fcw) {
        o->flags &= SW_IE | SW_DE | SW_ZE; /* nothing was computed */
        return cond;
    }
    deliver(k, op, a, b);
    return (uint16_t)(cond | (o->round_up ? SW_C1 : 0));
}

bool x87_soft_stack_op(uint8_t op, struct x87_stack_op *s)
{
    switch (op) {
    case 0xE5: case 0xE9: case 0xEA: case 0xEB: case 0xEC: case 0xED:
    case 0xF0: case 0xF1: case 0xF2: case 0xF3: case 0xF4:
    case 0xF9: case 0xFB: case 0xFD: case 0xFE: case 0xFF:
        break;
    default:
        return false;
    }
    struct stack k = { .top = (s->fsw >> 11) & 7 };
    for (unsigned i = 0; i < 8; i++) {
        k.reg[phys(&k, i)] = unpack(s->st[i]);
        k.empty[phys(&k, i)] = ((s->tag >> (2 * phys(&k, i))) & 3) == 3;
    }
    struct op o = { .rc = (s->fcw >> 10) & 3u, .fcw = s->fcw };
    uint16_t cond = run(&o, op, &k, s->fsw & (SW_C0 | SW_C1 | SW_C2 | SW_C3), s->fcw);
    uint16_t fsw = (uint16_t)(cond | (unsigned)k.top << 11 | o.flags);
    if (o.flags & 0x3Fu & ~s->fcw)
        fsw |= SW_ES | SW_B;
    s->fsw = fsw;
    s->tag = 0;
    for (unsigned p = 0; p < 8; p++)
        s->tag |= (uint16_t)((k.empty[p] ? 3u : tag_of(k.reg[p])) << (2 * p));
    for (unsigned i = 0; i < 8; i++)
        pack(k.reg[phys(&k, i)], s->st[i]);
    return true;
}
