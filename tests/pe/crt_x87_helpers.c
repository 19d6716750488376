/* crt_x87_helpers.c - msvcrt's register-argument helpers, called as
 * Visual C++ code calls them (operands on the x87 stack, result in st0 or
 * edx:eax): _CIpow(st1, st0), _CIsqrt, _CIfmod, _CIatan2, _CIlog, _CIexp,
 * _CIsin, and _ftol, which truncates whatever the rounding mode and leaves
 * the control word as it found it; a domain error through _CIsqrt sets
 * errno as sqrt does; the x87 stack is as deep afterwards as before. */
#include <errno.h>
#include <stdio.h>
#include <windows.h>

/* _CIpow(x, y) between two reads of the status word: whether TOP, the
 * x87 stack pointer, is where it was once the result is stored. */
static int pow_balanced(FARPROC f, double x, double y, double *r)
{
    unsigned short before, after;
    __asm__ volatile("fnstsw %0\n\tfldl %3\n\tfldl %4\n\tcall *%5\n\tfstpl %2\n\tfnstsw %1"
                     : "=m"(before), "=m"(after), "=m"(*r)
                     : "m"(x), "m"(y), "r"(f)
                     : "eax", "ecx", "edx", "memory");
    return ((before ^ after) & 0x3800) == 0;
}

static FARPROC crt(const char *name) { return GetProcAddress(GetModuleHandleA("msvcrt.dll"), name); }

static double ci1(FARPROC f, double x)
{
    double r;
    __asm__ volatile("fldl %1\n\tcall *%2" : "=t"(r) : "m"(x), "r"(f) : "eax", "ecx", "edx", "memory");
    return r;
}

static double ci2(FARPROC f, double x, double y)
{
    double r;
    __asm__ volatile("fldl %1\n\tfldl %2\n\tcall *%3" : "=t"(r) : "m"(x), "m"(y), "r"(f)
                     : "eax", "ecx", "edx", "memory");
    return r;
}

static long long ftol(FARPROC f, double x)
{
    long long r;
    __asm__ volatile("fldl %1\n\tcall *%2" : "=A"(r) : "m"(x), "r"(f) : "ecx", "memory");
    return r;
}

int main(void)
{
    printf("_CIpow(2, 10) = %g\n", ci2(crt("_CIpow"), 2.0, 10.0));
    printf("_CIpow(9, 0.5) = %g\n", ci2(crt("_CIpow"), 9.0, 0.5));
    printf("_CIfmod(7.5, 2) = %g\n", ci2(crt("_CIfmod"), 7.5, 2.0));
    printf("_CIatan2(1, -1) = %.6f\n", ci2(crt("_CIatan2"), 1.0, -1.0));
    printf("_CIsqrt(2) = %.12f\n", ci1(crt("_CIsqrt"), 2.0));
    printf("_CIlog(1) = %g, _CIexp(0) = %g, _CIsin(0) = %g\n", ci1(crt("_CIlog"), 1.0),
           ci1(crt("_CIexp"), 0.0), ci1(crt("_CIsin"), 0.0));
    errno = 0;
    double bad = ci1(crt("_CIsqrt"), -1.0);
    printf("_CIsqrt(-1): %s, errno %s\n", bad != bad ? "NaN" : "a number", errno == EDOM ? "EDOM" : "not EDOM");
    FARPROC f = crt("_ftol");
    printf("_ftol(2.9) = %lld, _ftol(-2.9) = %lld, _ftol(1e12 + 0.5) = %lld\n", ftol(f, 2.9), ftol(f, -2.9),
           ftol(f, 1e12 + 0.5));
    unsigned short cw, up;
    __asm__ volatile("fnstcw %0" : "=m"(cw));
    up = (unsigned short)((cw & ~0x0C00) | 0x0800); /* round up */
    __asm__ volatile("fldcw %0" : : "m"(up));
    long long r = ftol(f, 2.1);
    unsigned short after;
    __asm__ volatile("fnstcw %0" : "=m"(after));
    __asm__ volatile("fldcw %0" : : "m"(cw));
    printf("rounding up: _ftol(2.1) = %lld, control word kept: %s\n", r, after == up ? "yes" : "no");
    double eight = 0;
    int balanced = pow_balanced(crt("_CIpow"), 2.0, 3.0, &eight);
    printf("x87 stack balanced: %s (%g)\n", balanced ? "yes" : "no", eight);
    return 0;
}
