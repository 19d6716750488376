/* printf_fmt.c - proves msvcrt.dll's own printf formatting (mingw's C99
 * printf replacement is switched off): flags, widths, %I64, three-digit
 * exponents, %p, and msvcrt's 1.#INF00 / 1.#QNAN0 / -1.#IND00 spellings.
 * Its UCRT build prints the UCRT's C99 forms (printf_fmt_ucrt.stdout). */
#define __USE_MINGW_ANSI_STDIO 0
#include <stdio.h>
#include <string.h>

static double from_bits(unsigned long long bits)
{
    double d;
    memcpy(&d, &bits, sizeof d);
    return d;
}

int main(void)
{
    /* volatile: keep the compiler from folding anything */
    volatile double pinf = from_bits(0x7FF0000000000000ULL);
    volatile double ninf = from_bits(0xFFF0000000000000ULL);
    volatile double qnan = from_bits(0x7FF8000000000000ULL); /* positive quiet NaN */
    volatile double ind  = from_bits(0xFFF8000000000000ULL); /* x87 "indefinite" */
    int n;

    printf("[%d] [%5d] [%-5d] [%05d] [%i]\n", 42, 42, 42, 42, -7);
    printf("[%x] [%X] [%#x] [%#X] [%o] [%#o] [%x]\n", 255, 255, 255, 255, 8, 8, -1);
    printf("[%u] [%+d] [% d] [%+d] [%d]\n", 3000000000u, 5, 5, -5, -2147483647 - 1);
    printf("[%c] [%s] [%.3s] [%10s] [%-10s]\n", 'A', "str", "abcdef", "right", "left");
    printf("[%*d] [%-*d] [%.4d] [%hd] [%ld] [%%]\n", 6, 42, 6, 42, 7, (int)65537, 123456789L);
    printf("[%I64d] [%I64u] [%I64x]\n", -1234567890123LL, 18446744073709551615ULL,
           0x123456789abcdefULL);
    printf("[%e] [%E] [%.2e] [%e]\n", 12345.678, 0.000123, 1.0, 0.0);
    printf("[%f] [%.3f] [%10.4f] [%-10.2f] [%.0f] [%f] [%.1f]\n",
           3.14159, 2.71828, 3.14159265, 1.5, 3.7, -0.5, 1e15);
    printf("[%g] [%g] [%g] [%g] [%G] [%g] [%#g]\n",
           0.0001234, 1234567.0, 100000.0, 1e-5, 1e-10, 0.5, 1.0);
    printf("[%p]\n", (void *)0x1234);
    printf("[%f] [%f] [%f] [%f]\n", pinf, ninf, qnan, ind);
    n = printf("abc\n");
    printf("printf returned %d\n", n);
    return 0;
}
