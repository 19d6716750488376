/* x87_fprem.c - proves fprem/fprem1 give the exact partial remainders the
 * real CPU gives: mingw's fmod and remainder loop on them (fprem; fnstsw;
 * sahf; jp), so a wrong partial remainder makes fmod wrong for any pair
 * whose exponents differ by 64 or more. Also the quotient bits in C0/C3/C1
 * and the special operands (zero divisor, infinities, NaN). */
#include <math.h>
#include <stdio.h>
#include <string.h>

/* One raw fprem/fprem1 step: result and the status word after it. */
static long double step(int round_nearest, long double x, long double y, unsigned short *sw)
{
    long double r;
    if (round_nearest)
        __asm__ volatile("fprem1\n\tfnstsw %1" : "=t"(r), "=m"(*sw) : "0"(x), "u"(y));
    else
        __asm__ volatile("fprem\n\tfnstsw %1" : "=t"(r), "=m"(*sw) : "0"(x), "u"(y));
    return r;
}

static void show_step(const char *what, int nearest, long double x, long double y)
{
    unsigned short sw = 0;
    long double r = step(nearest, x, y, &sw);
    unsigned char b[10];
    memcpy(b, &r, 10);
    printf("%-22s %s C3C2C1C0=%d%d%d%d bits=", what, nearest ? "fprem1" : "fprem ",
           (sw >> 14) & 1, (sw >> 10) & 1, (sw >> 9) & 1, (sw >> 8) & 1);
    for (int i = 9; i >= 0; i--)
        printf("%02x", b[i]);
    printf("\n");
}

int main(void)
{
    static const double fm[][2] = {
        { 18014398509481984.0, 3.0 }, /* 2^54 mod 3 */
        { 1e300, 3.7 }, { -1e300, 3.7 }, { 1e300, -3.7 },
        { 5.5, 2.0 }, { -5.5, 2.0 }, { 7.0, 7.0 }, { 1e-300, 3.0 },
        { 3.0, 1e-300 }, { 1.5e308, 1e-308 }, { 0.0, 1.0 }, { 123456789.0, 0.001 },
    };
    for (unsigned i = 0; i < sizeof fm / sizeof fm[0]; i++)
        printf("fmod(%.17g, %.17g) = %.17g\n", fm[i][0], fm[i][1], fmod(fm[i][0], fm[i][1]));
    for (unsigned i = 0; i < sizeof fm / sizeof fm[0]; i++)
        printf("remainder(%.17g, %.17g) = %.17g\n", fm[i][0], fm[i][1],
               remainder(fm[i][0], fm[i][1]));
    printf("fmodl(1e4000L, 7) = %.17g\n", (double)fmodl(1e4000L, 7.0L));
    printf("fmodl(2^16000, 10) = %.17g\n", (double)fmodl(ldexpl(1.0L, 16000), 10.0L));

    show_step("2^54 , 3", 0, 18014398509481984.0L, 3.0L);
    show_step("2^54 , 3", 1, 18014398509481984.0L, 3.0L);
    show_step("1e300 , 3.7", 0, 1e300L, 3.7L);
    show_step("1e300 , 3.7", 1, 1e300L, 3.7L);
    show_step("13 , 4 (q=3)", 0, 13.0L, 4.0L);
    show_step("13 , 4 (q=3)", 1, 13.0L, 4.0L);
    show_step("-13 , 4", 0, -13.0L, 4.0L);
    show_step("29 , 4 (q=7)", 0, 29.0L, 4.0L);
    show_step("5 , 0", 0, 5.0L, 0.0L);
    show_step("inf , 2", 0, INFINITY, 2.0L);
    show_step("2 , inf", 0, 2.0L, INFINITY);
    show_step("nan , 2", 0, NAN, 2.0L);
    show_step("0 , 3", 0, 0.0L, 3.0L);
    show_step("-0 , 3", 0, -0.0L, 3.0L);
    return 0;
}
