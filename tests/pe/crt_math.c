/* crt_math.c - proves msvcrt math error handling (EDOM with the negative
 * "indefinite" NaN, ERANGE for overflow and poles, nothing for underflow),
 * _fpclass/_finite/_isnan/_copysign/_chgsign/_hypot, div/ldiv returning
 * a struct in edx:eax, abs of INT_MIN, and the _rotl family. */
// build-flags: -fno-builtin
#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>

typedef double (__cdecl *fn1)(double);
typedef double (__cdecl *fn2)(double, double);

static const char *err_name(int e)
{
    return e == 0 ? "0" : e == EDOM ? "EDOM" : e == ERANGE ? "ERANGE" : "other";
}

static void describe(const char *what, double r)
{
    unsigned long long bits;
    memcpy(&bits, &r, 8);
    printf("%s: bits %08lx%08lx errno %s\n", what, (unsigned long)(bits >> 32),
           (unsigned long)bits, err_name(errno));
}

int main(void)
{
    HMODULE crt = GetModuleHandleA("msvcrt.dll");
    fn1 m_sqrt = (fn1)GetProcAddress(crt, "sqrt"), m_log = (fn1)GetProcAddress(crt, "log");
    fn1 m_exp = (fn1)GetProcAddress(crt, "exp"), m_asin = (fn1)GetProcAddress(crt, "asin");
    fn2 m_pow = (fn2)GetProcAddress(crt, "pow");
    volatile double minus1 = -1.0, zero = 0.0, big = 1000.0, two = 2.0, half = 0.5;
    div_t d;
    ldiv_t ld;
    double r;

    errno = 0; r = m_sqrt(minus1); describe("sqrt(-1)", r);
    errno = 0; r = m_log(zero); describe("log(0)", r);
    errno = 0; r = m_log(minus1); describe("log(-1)", r);
    errno = 0; r = m_exp(big); describe("exp(1000)", r);
    errno = 0; r = m_exp(-big); describe("exp(-1000)", r);
    errno = 0; r = m_asin(two); describe("asin(2)", r);
    errno = 0; r = m_pow(minus1 * 2, half); describe("pow(-2, 0.5)", r);
    errno = 0; r = m_pow(zero, minus1); describe("pow(0, -1)", r);
    errno = 0; r = m_sqrt(two * two); describe("sqrt(4)", r);

    printf("_fpclass: %x %x %x %x %x %x\n", _fpclass(1.0), _fpclass(-1.0), _fpclass(zero),
           _fpclass(-zero), _fpclass(big / zero), _fpclass(DBL_MIN / 4));
    printf("_finite(1)=%d _finite(inf)=%d _isnan(nan)=%d _isnan(1)=%d\n", _finite(1.0),
           _finite(big / zero), _isnan(m_sqrt(minus1)) != 0, _isnan(1.0));
    printf("_copysign(3,-1)=%g _chgsign(2)=%g _hypot(3,4)=%g\n", _copysign(3.0, -1.0),
           _chgsign(2.0), _hypot(3.0, 4.0));

    d = div(-7, 2);
    printf("div(-7, 2) = %d rem %d\n", d.quot, d.rem);
    ld = ldiv(100000L, 7L);
    printf("ldiv(100000, 7) = %ld rem %ld\n", ld.quot, ld.rem);
    printf("abs(INT_MIN) = %d, labs(-5) = %ld\n", abs(-2147483647 - 1), labs(-5L));
    printf("_rotl(0x80000001, 1) = %08x, _rotr(1, 1) = %08x, _lrotl(0x12345678, 36) = %08lx\n",
           _rotl(0x80000001u, 1), _rotr(1u, 1), _lrotl(0x12345678UL, 36));
    return 0;
}
