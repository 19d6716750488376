/* x87_fcomi_flags.c - proves fcomi/fucomi set ZF PF CF from the comparison
 * and clear OF SF AF (Intel SDM), also right after an add that set them.
 * The differential tester (tests/cpu-diff) found the emulator leaving them. */
#include <math.h>
#include <stdio.h>

static unsigned compare(int unordered, long double a, long double b)
{
    unsigned f;
    if (unordered)
        __asm__ volatile("movl $0x7fffffff, %%eax\n\taddl $1, %%eax\n\tfucomi %%st(1), %%st\n\t"
                         "pushfl\n\tpopl %0"
                         : "=r"(f) : "t"(a), "u"(b) : "eax", "cc");
    else
        __asm__ volatile("movl $0x7fffffff, %%eax\n\taddl $1, %%eax\n\tfcomi %%st(1), %%st\n\t"
                         "pushfl\n\tpopl %0"
                         : "=r"(f) : "t"(a), "u"(b) : "eax", "cc");
    return f & 0x8D5; /* OF SF ZF AF PF CF */
}

int main(void)
{
    long double nan = NAN;
    printf("fcomi  1 vs 2:   %03x\n", compare(0, 1, 2));
    printf("fcomi  2 vs 1:   %03x\n", compare(0, 2, 1));
    printf("fcomi  1 vs 1:   %03x\n", compare(0, 1, 1));
    printf("fucomi nan vs 1: %03x\n", compare(1, nan, 1));
    printf("fucomi 3 vs -3:  %03x\n", compare(1, 3, -3));
    return 0;
}
