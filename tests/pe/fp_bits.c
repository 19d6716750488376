/* fp_bits.c - proves floating-point results are the real CPU's bits under both
 * backends: x87 arithmetic and transcendentals (also in mingw's sin, pow...),
 * SSE2, msvcrt's tanh, printf, strtod. Expectation from x86-64; an aarch64
 * host gives the same bits (cpu/x87_soft.c, docs/cpu.md). */
// build-flags: -fno-builtin -msse2 -mfpmath=sse
#include <emmintrin.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void bits64(const char *what, double d)
{
    unsigned long long b;
    memcpy(&b, &d, 8);
    printf("%-24s %08lx%08lx\n", what, (unsigned long)(b >> 32), (unsigned long)b);
}

static void bits80(const char *what, long double v)
{
    unsigned char b[10];
    memcpy(b, &v, 10);
    printf("%-24s ", what);
    for (int i = 9; i >= 0; i--)
        printf("%02x", b[i]);
    printf("\n");
}

/* x87 instructions on the full 80-bit stack, precision control at 64 bits. */
static long double x87_op(const char *op, long double x)
{
    long double r = x;
    if (!strcmp(op, "fsqrt")) __asm__("fsqrt" : "+t"(r));
    else if (!strcmp(op, "fsin")) __asm__("fsin" : "+t"(r));
    else if (!strcmp(op, "fcos")) __asm__("fcos" : "+t"(r));
    else if (!strcmp(op, "fptan")) __asm__("fptan\n\tfstp %%st(0)" : "+t"(r));
    else if (!strcmp(op, "f2xm1")) __asm__("f2xm1" : "+t"(r));
    else if (!strcmp(op, "frndint")) __asm__("frndint" : "+t"(r));
    return r;
}

static long double x87_op2(const char *op, long double x, long double y)
{
    long double r;
    if (!strcmp(op, "fyl2x")) __asm__("fyl2x" : "=t"(r) : "0"(x), "u"(y) : "st(1)");
    else if (!strcmp(op, "fpatan")) __asm__("fpatan" : "=t"(r) : "0"(x), "u"(y) : "st(1)");
    else __asm__("fscale" : "=t"(r) : "0"(x), "u"(y));
    return r;
}

int main(void)
{
    unsigned short cw = 0x037F; /* 64-bit significands, round to nearest */
    __asm__ volatile("fldcw %0" : : "m"(cw));
    volatile long double three = 3.0L, ten = 10.0L, tiny = 1e-4000L, x = 0.5L;
    bits80("1/3", 1.0L / three);
    bits80("sqrt(10) (fsqrt)", x87_op("fsqrt", ten));
    bits80("1e-4000 * 1e-10", tiny * 1e-10L);
    bits80("1/3 * 3 - 1", (1.0L / three) * three - 1.0L);
    bits80("(double)(1/3)", (double)(1.0L / three));
    bits80("fsin(0.5)", x87_op("fsin", x));
    bits80("fcos(0.5)", x87_op("fcos", x));
    bits80("fptan(0.5)", x87_op("fptan", x));
    bits80("f2xm1(0.5)", x87_op("f2xm1", x));
    bits80("frndint(2.5)", x87_op("frndint", 2.5L));
    bits80("fyl2x(10, 1)", x87_op2("fyl2x", ten, 1.0L));
    bits80("fpatan(1, 0.5)", x87_op2("fpatan", x, 1.0L));
    bits80("fscale(3, 10)", x87_op2("fscale", three, ten));

    volatile double a = 1.0 / 3.0, b = 1e308, c = 2.2250738585072014e-308;
    bits64("sse2 a*a", a * a);
    bits64("sse2 b*10", b * 10.0);
    bits64("sse2 c/3 (denormal)", c / 3.0);
    __m128d v = _mm_sqrt_pd(_mm_set_pd(2.0, a));
    bits64("sse2 sqrtpd lo", _mm_cvtsd_f64(v));
    bits64("sse2 sqrtpd hi", _mm_cvtsd_f64(_mm_unpackhi_pd(v, v)));
    bits64("sse2 float(a)", (double)(float)a);
    printf("%-24s %d\n", "sse2 cvtsd2si(2.5)", _mm_cvtsd_si32(_mm_set_sd(2.5)));

    static const double in[] = { 0.5, 1.0, 2.0, 3.141592653589793, 10.0, 1e10, 0.1 };
    char name[40];
    for (unsigned i = 0; i < sizeof in / sizeof in[0]; i++) {
        double v1 = in[i];
        snprintf(name, sizeof name, "sin(%g)", v1); bits64(name, sin(v1));
        snprintf(name, sizeof name, "cos(%g)", v1); bits64(name, cos(v1));
        snprintf(name, sizeof name, "exp(%g)", v1); bits64(name, exp(v1));
        snprintf(name, sizeof name, "log(%g)", v1); bits64(name, log(v1));
        snprintf(name, sizeof name, "pow(%g, 1.5)", v1); bits64(name, pow(v1, 1.5));
        snprintf(name, sizeof name, "atan2(%g, 3)", v1); bits64(name, atan2(v1, 3.0));
        snprintf(name, sizeof name, "tanh(%g)", v1); bits64(name, tanh(v1));
    }

    static const char *text[] = { "0.1", "3.141592653589793238", "1e-320", "2.2250738585072011e-308",
                                  "1.7976931348623157e308", "123456789012345678901234567890", "-0.0" };
    for (unsigned i = 0; i < sizeof text / sizeof text[0]; i++) {
        snprintf(name, sizeof name, "strtod(%.14s)", text[i]);
        bits64(name, strtod(text[i], NULL));
    }
    bits64("atof(2.5e-3)", atof("2.5e-3"));
    printf("printf %%.17g: %.17g %.17g %.17g\n", a, b, c);
    printf("printf %%e %%f: %e %f %.3e\n", 1.0 / 7.0, 2.0 / 3.0, 6.02214076e23);
    printf("printf %%g: %g %g %g\n", 1e-5, 123456789.0, 0.0001);
    return 0;
}
