// ucrt-build-flags: -D__USE_MINGW_ANSI_STDIO=1
/* printf_mingw.c - proves mingw's own C99 printf (libmingwex __mingw_printf,
 * the default for C99 code) runs correctly as guest code: %lld/%hhd/%zu/%Lf,
 * exact decimal conversion (gdtoa bignum arithmetic), C99 inf/nan, snprintf.
 * A UCRT build would call the UCRT's printf (which has no 80-bit %Lf), so
 * that one asks for mingw's too (the first line). */
#include <stdio.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

static double from_bits(unsigned long long bits)
{
    double d;
    memcpy(&d, &bits, sizeof d);
    return d;
}

int main(void)
{
    volatile double pinf = from_bits(0x7FF0000000000000ULL);
    volatile double ninf = from_bits(0xFFF0000000000000ULL);
    volatile double qnan = from_bits(0x7FF8000000000000ULL);
    volatile long double third = 1.0L / 3.0L;
    volatile long double tenth = 0.1L;
    const char *volatile digits = "0123456789"; /* opaque to -Wformat-truncation */
    char buf[8];
    int n;

    printf("[%lld] [%llu] [%llx] [%hhd] [%zu] [%jd]\n",
           -1234567890123LL, 18446744073709551615ULL, 0x123456789abcdefULL,
           (signed char)200, (size_t)4000000000u, (intmax_t)-9);
    printf("[%d] [%5d] [%-5d] [%05d] [%+d] [% d] [%.4d] [%#o] [%#x]\n",
           42, 42, 42, 42, 5, 5, 7, 8, 255);
    printf("[%f] [%.3f] [%10.4f] [%-10.2f] [%.0f] [%.17f]\n",
           3.14159, 2.71828, 3.14159265, 1.5, 3.7, 0.1);
    printf("[%g] [%g] [%g] [%#g]\n", 0.0001234, 100000.0, 0.5, 1.0);
    printf("[%Lf] [%.25Lf]\n", third, tenth);
    printf("[%f] [%f] [%f] [%F] [%5.1f]\n", pinf, ninf, qnan, pinf, -2.26);
    n = snprintf(buf, sizeof buf, "%s", digits);
    printf("snprintf returned %d, buffer [%s]\n", n, buf);
    return 0;
}
