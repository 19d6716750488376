/* x87_fbstp.c - proves fbstp m80 stores 18 packed BCD digits and a sign
 * byte rounded under the rounding control (PE for an inexact value), and the
 * BCD indefinite (FFFF C000 0000 0000 0000) with IE for a NaN, an infinity or
 * more than 18 digits, as the CPU does (Unicorn 2.0.1 stores
 * 9223372036854775807 for those; done on the host's x87, or cpu/x87_ext.c
 * where the host has none). */
#include <math.h>
#include <stdio.h>

static void store(const char *what, long double v, unsigned short rc)
{
    unsigned char bcd[10];
    unsigned short cw, sw, old;
    __asm__ volatile("fnstcw %0" : "=m"(old));
    cw = (unsigned short)((old & ~0x0C00u) | rc << 10 | 0x3F); /* every exception masked */
    __asm__ volatile("fldcw %3\n\tfnclex\n\tfldt %2\n\tfbstp %0\n\tfnstsw %1\n\tfldcw %4"
                     : "=m"(bcd), "=m"(sw)
                     : "m"(v), "m"(cw), "m"(old)
                     : "memory");
    printf("%-22s", what);
    for (int i = 9; i >= 0; i--)
        printf("%02x", bcd[i]);
    printf("  IE %d PE %d\n", sw & 1, (sw >> 5) & 1);
}

int main(void)
{
    store("12345", 12345.0L, 0);
    store("-987654321", -987654321.0L, 0);
    store("999999999999999999", 999999999999999999.0L, 0);
    store("1e18", 1e18L, 0);
    store("nan", NAN, 0);
    store("-inf", -INFINITY, 0);
    store("2.5 nearest", 2.5L, 0);
    store("2.5 down", 2.5L, 1);
    store("-2.5 down", -2.5L, 1);
    store("2.5 up", 2.5L, 2);
    store("2.5 chop", 2.5L, 3);
    store("-0.25 nearest", -0.25L, 0);
    return 0;
}
