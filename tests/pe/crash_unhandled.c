/* crash_unhandled.c - proves that a fault nobody handles (no vectored
 * handler, no frame, the CRT's filter declining: no SIGSEGV handler) ends
 * the process with the exception code, after wowbox's crash report on
 * stderr (exception, code around the fault, frames). The report is
 * wowbox's; Windows would show its error reporting instead. */
#include <stdio.h>

static void __attribute__((noinline)) store(volatile int *p, int v)
{
    *p = v;
}

int main(void)
{
    printf("writing to 0x10\n");
    fflush(stdout);
    store((volatile int *)0x10, 1);
    printf("not reached\n");
    return 0;
}
