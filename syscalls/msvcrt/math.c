/* msvcrt math: <math.h> with msvcrt's errno rules (EDOM and the negative
 * "indefinite" NaN for domain errors, ERANGE for overflow and poles),
 * integer helpers, and rand with msvcrt's exact generator. */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "syscalls/api.h"
#include "syscalls/msvcrt/api_args.h"
#include "syscalls/msvcrt/state.h"

#define CRT_EDOM 33
#define CRT_ERANGE 34

/* -1.#IND: what the x87 produces for an invalid operation. */
static double indefinite(void)
{
    uint64_t bits = 0xFFF8000000000000ull;
    double d;
    memcpy(&d, &bits, 8);
    return d;
}

/* msvcrt's classification of a host result: a NaN from non-NaN inputs is a
 * domain error, an infinity from finite inputs overflow or a pole (both
 * ERANGE); underflow to 0 sets nothing. */
static uint64_t finish(struct thunk_call *c, double r, double x, double y)
{
    if (isnan(r) && !isnan(x) && !isnan(y)) {
        msvcrt_set_errno(CRT_EDOM);
        r = indefinite();
    } else if (isinf(r) && isfinite(x) && isfinite(y)) {
        msvcrt_set_errno(CRT_ERANGE);
    }
    return thunk_return_double(c, r);
}

#define MATH1(name, expr) \
    uint64_t msvcrt_##name(struct thunk_call *c) \
    { \
        API_ARGS(msvcrt, name, a); \
        double x = a.x; \
        return finish(c, expr, x, 0.0); \
    }
/* p and q: the declared names of the two arguments, in order. */
#define MATH2(name, p, q, expr) \
    uint64_t msvcrt_##name(struct thunk_call *c) \
    { \
        API_ARGS(msvcrt, name, a); \
        double p = a.p, q = a.q; \
        return finish(c, expr, p, q); \
    }

MATH1(sqrt, sqrt(x))
MATH1(sin, sin(x))
MATH1(cos, cos(x))
MATH1(tan, tan(x))
MATH1(asin, asin(x))
MATH1(acos, acos(x))
MATH1(atan, atan(x))
MATH1(sinh, sinh(x))
MATH1(cosh, cosh(x))
MATH1(tanh, tanh(x))
MATH1(exp, exp(x))
MATH1(log, log(x))
MATH1(log10, log10(x))
MATH1(fabs, fabs(x))
MATH1(floor, floor(x))
MATH1(ceil, ceil(x))
MATH1(_logb, logb(x))
MATH1(_chgsign, -x)
MATH2(atan2, y, x, atan2(y, x))
MATH2(pow, x, y, pow(x, y))
MATH2(fmod, x, y, fmod(x, y))
MATH2(_hypot, x, y, hypot(x, y))
MATH2(_copysign, x, y, copysign(x, y))
MATH2(_nextafter, x, y, nextafter(x, y))

/* _cabs takes struct _complex { double x, y; } by value. */
MATH2(_cabs, x, y, hypot(x, y))

uint64_t msvcrt_ldexp(struct thunk_call *c)
{
    API_ARGS(msvcrt, ldexp, a);
    double x = a.x;
    return finish(c, ldexp(x, (int32_t)a.exp), x, 0.0);
}

uint64_t msvcrt__scalb(struct thunk_call *c)
{
    API_ARGS(msvcrt, _scalb, a);
    double x = a.x;
    return finish(c, ldexp(x, (int32_t)a.exp), x, 0.0);
}

uint64_t msvcrt_modf(struct thunk_call *c)
{
    API_ARGS(msvcrt, modf, a);
    double ip, x = a.x;
    double frac = modf(x, &ip);
    gm_write(a.intpart, &ip, 8);
    return thunk_return_double(c, frac);
}

uint64_t msvcrt_frexp(struct thunk_call *c)
{
    API_ARGS(msvcrt, frexp, a);
    int e = 0;
    double m = frexp(a.x, &e);
    gm_write_u32(a.exp, (uint32_t)e);
    return thunk_return_double(c, m);
}

uint64_t msvcrt__finite(struct thunk_call *c) { API_ARGS(msvcrt, _finite, a); return isfinite(a.x) ? 1 : 0; }
uint64_t msvcrt__isnan(struct thunk_call *c) { API_ARGS(msvcrt, _isnan, a); return isnan(a.x) ? 1 : 0; }

/* _FPCLASS_* bits */
uint64_t msvcrt__fpclass(struct thunk_call *c)
{
    API_ARGS(msvcrt, _fpclass, a);
    double x = a.x;
    uint64_t bits;
    memcpy(&bits, &x, 8);
    bool neg = signbit(x);
    switch (fpclassify(x)) {
    case FP_NAN: return bits & (1ull << 51) ? 0x2 : 0x1;   /* quiet / signalling */
    case FP_INFINITE: return neg ? 0x4 : 0x200;
    case FP_ZERO: return neg ? 0x20 : 0x40;
    case FP_SUBNORMAL: return neg ? 0x10 : 0x80;
    default: return neg ? 0x8 : 0x100;
    }
}

/* _HUGE: the double msvcrt's HUGE_VAL reads (infinity). */
void msvcrt_init_huge(gaddr a, uint32_t sz)
{
    (void)sz;
    double inf = HUGE_VAL;
    gm_write_force(a, &inf, 8);
}

/* ------------------------------------------------------------ integers */

uint64_t msvcrt_abs(struct thunk_call *c)
{
    API_ARGS(msvcrt, abs, a);
    int32_t v = (int32_t)a.v;
    return v < 0 ? 0u - (uint32_t)v : (uint32_t)v; /* abs(INT_MIN) stays INT_MIN */
}

uint64_t msvcrt_labs(struct thunk_call *c) { return msvcrt_abs(c); }

/* div_t/ldiv_t come back in edx:eax: quotient in eax, remainder in edx.
 * A zero divisor raises an integer divide exception on Windows; that
 * cannot be delivered from here yet, so the result is 0, 0. */
uint64_t msvcrt_div(struct thunk_call *c)
{
    API_ARGS(msvcrt, div, a);
    int32_t n = (int32_t)a.num, d = (int32_t)a.den;
    if (d == 0)
        return 0;
    if (n == INT32_MIN && d == -1)
        return (uint32_t)n; /* idiv would overflow: quotient INT_MIN, remainder 0 */
    return (uint64_t)(uint32_t)(n % d) << 32 | (uint32_t)(n / d);
}

uint64_t msvcrt_ldiv(struct thunk_call *c) { return msvcrt_div(c); }

static uint32_t rotl32(uint32_t v, unsigned s)
{
    s &= 31;
    return s ? v << s | v >> (32 - s) : v;
}

uint64_t msvcrt__rotl(struct thunk_call *c) { API_ARGS(msvcrt, _rotl, a); return rotl32(a.v, a.shift); }
uint64_t msvcrt__rotr(struct thunk_call *c) { API_ARGS(msvcrt, _rotr, a); return rotl32(a.v, 32 - (a.shift & 31)); }
uint64_t msvcrt__lrotl(struct thunk_call *c) { API_ARGS(msvcrt, _lrotl, a); return rotl32(a.v, a.shift); }
uint64_t msvcrt__lrotr(struct thunk_call *c) { API_ARGS(msvcrt, _lrotr, a); return rotl32(a.v, 32 - (a.shift & 31)); }

/* msvcrt's generator, per thread as on Windows (each guest thread is a
 * host thread): a new thread starts from seed 1. */
static _Thread_local uint32_t rand_seed = 1;

uint64_t msvcrt_srand(struct thunk_call *c)
{
    API_ARGS(msvcrt, srand, a);
    rand_seed = a.seed;
    return 0;
}

uint64_t msvcrt_rand(struct thunk_call *c)
{
    (void)c;
    rand_seed = rand_seed * 214013u + 2531011u;
    return (rand_seed >> 16) & 0x7FFF;
}
