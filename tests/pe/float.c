/* float.c - proves double arithmetic (x87 code from gcc), int<->double
 * conversions, math functions both as linked (mingw links some from msvcrt,
 * some from its own libmingwex) and fetched explicitly from msvcrt.dll,
 * strtod/atof, and msvcrt printf of ordinary doubles with %.6f. */
#define __USE_MINGW_ANSI_STDIO 0
#include <stdio.h>
#include <stdlib.h>
#include <math.h>
#include <errno.h>
#include <windows.h>

typedef double (__cdecl *fn1)(double);
typedef double (__cdecl *fn2)(double, double);
typedef double (__cdecl *strtod_fn)(const char *, char **);

int main(void)
{
    /* volatile inputs: stop gcc from constant-folding the library calls */
    volatile double a = 1.5, b = 0.25, one = 1.0, two = 2.0, ten = 10.0, three = 3.0;
    volatile double neg = -2.5, big = 3e9, frac = 2.7;
    volatile float f = 0.1f;
    volatile long long ll = 123456789012345LL;
    double ip, r, sum = 0.0;
    char *end;
    const char *s;
    int e, i;
    HMODULE crt;

    printf("a+b=%.6f a-b=%.6f a*b=%.6f a/b=%.6f 1/3=%.6f\n", a + b, a - b, a * b, a / b,
           one / three);
    printf("sqrt(2)=%.6f\n", sqrt(two));
    printf("sin(1)=%.6f cos(1)=%.6f tan(1)=%.6f\n", sin(one), cos(one), tan(one));
    printf("atan(1)*4=%.6f atan2(1,1)=%.6f asin(1)=%.6f acos(0.5)=%.6f\n", atan(one) * 4,
           atan2(one, one), asin(one), acos(one / two));
    printf("exp(1)=%.6f log(10)=%.6f log10(1000)=%.6f\n", exp(one), log(ten),
           log10(ten * ten * ten));
    printf("pow(2,10)=%.6f pow(2,0.5)=%.6f pow(-2,3)=%.6f pow(10,-2)=%.6f\n", pow(two, ten),
           pow(two, one / two), pow(-two, three), pow(ten, -two));
    printf("floor(-2.5)=%.6f ceil(-2.5)=%.6f floor(2.7)=%.6f ceil(2.7)=%.6f\n", floor(neg),
           ceil(neg), floor(frac), ceil(frac));
    printf("fmod(10,3)=%.6f fmod(-7.5,2)=%.6f fabs(-2.5)=%.6f\n", fmod(ten, three),
           fmod(neg * 3, two), fabs(neg));
    r = modf(a * 2.5, &ip);
    printf("modf(3.75)=%.6f int part %.6f\n", r, ip);
    r = frexp(ten - two, &e);
    printf("frexp(8)=%.6f exp %d; ldexp(0.75,4)=%.6f\n", r, e, ldexp(0.75, 4));
    printf("sinh(1)=%.6f cosh(1)=%.6f tanh(1)=%.6f\n", sinh(one), cosh(one), tanh(one));

    /* the same functions taken straight from msvcrt.dll */
    crt = GetModuleHandleA("msvcrt.dll");
    if (crt) {
        fn1 m_sqrt = (fn1)GetProcAddress(crt, "sqrt"), m_sin = (fn1)GetProcAddress(crt, "sin");
        fn1 m_cos = (fn1)GetProcAddress(crt, "cos"), m_exp = (fn1)GetProcAddress(crt, "exp");
        fn1 m_log = (fn1)GetProcAddress(crt, "log"), m_floor = (fn1)GetProcAddress(crt, "floor");
        fn1 m_ceil = (fn1)GetProcAddress(crt, "ceil");
        fn2 m_pow = (fn2)GetProcAddress(crt, "pow"), m_fmod = (fn2)GetProcAddress(crt, "fmod");
        fn2 m_atan2 = (fn2)GetProcAddress(crt, "atan2");
        strtod_fn m_strtod = (strtod_fn)GetProcAddress(crt, "strtod");

        if (m_sqrt && m_sin && m_cos && m_exp && m_log && m_floor && m_ceil && m_pow && m_fmod &&
            m_atan2 && m_strtod) {
            printf("msvcrt: sqrt(2)=%.6f sin(1)=%.6f cos(1)=%.6f exp(1)=%.6f log(10)=%.6f\n",
                   m_sqrt(two), m_sin(one), m_cos(one), m_exp(one), m_log(ten));
            printf("msvcrt: pow(2,10)=%.6f pow(2,0.5)=%.6f fmod(-7.5,2)=%.6f atan2(1,1)=%.6f\n",
                   m_pow(two, ten), m_pow(two, one / two), m_fmod(neg * 3, two), m_atan2(one, one));
            printf("msvcrt: floor(-2.5)=%.6f ceil(-2.5)=%.6f\n", m_floor(neg), m_ceil(neg));
            r = m_strtod("  -0.125xyz", &end);
            printf("msvcrt: strtod=%.6f rest [%s]\n", r, end);
        } else {
            printf("msvcrt: missing math exports\n");
        }
    } else {
        printf("msvcrt.dll not loaded\n");
    }

    /* conversions */
    printf("(int)2.7=%d (int)-2.7=%d (int)-2.5=%d\n", (int)frac, (int)-frac, (int)neg);
    printf("(unsigned)3e9=%u (long long)3e9*3=%I64d\n", (unsigned)big, (long long)(big * 3));
    printf("(double)123456789012345=%.6f\n", (double)ll);
    printf("float 0.1 as double=%.10f\n", (double)f);
    for (i = 1; i <= 1000; i++)
        sum += one / i;
    printf("harmonic(1000)=%.6f\n", sum);

    /* strtod / atof */
    s = "1.5e3";
    r = strtod(s, &end);
    printf("strtod(\"%s\")=%.6f rest [%s]\n", s, r, end);
    s = "  -0.125xyz";
    r = strtod(s, &end);
    printf("strtod(\"%s\")=%.6f rest [%s]\n", s, r, end);
    s = "abc";
    r = strtod(s, &end);
    printf("strtod(\"abc\")=%.6f end %s\n", r, end == s ? "== start" : "moved");
    errno = 0;
    r = strtod("1e400", NULL);
    printf("strtod(\"1e400\") > 1e308: %d, errno %s\n", r > 1e308, errno == ERANGE ? "ERANGE" : "other");
    printf("atof(\"3.14159abc\")=%.6f atof(\".5\")=%.6f atof(\"-1E-2\")=%.6f\n",
           atof("3.14159abc"), atof(".5"), atof("-1E-2"));
    return 0;
}
