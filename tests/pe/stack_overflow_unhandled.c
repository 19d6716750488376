/* stack_overflow_unhandled.c - the same runaway recursion with nobody to
 * handle it: the process ends with STATUS_STACK_OVERFLOW (0xC00000FD). */
#include <stdio.h>

static unsigned deeper(unsigned n)
{
    volatile char pad[512];
    pad[n % 512] = (char)n;
    return deeper(n + 1) + pad[0];
}

int main(void)
{
    printf("recursing\n");
    fflush(stdout);
    return (int)deeper(0);
}
