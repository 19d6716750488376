/* segv.c - proves an unhandled access violation terminates the process with
 * the exception code as exit code (0xC0000005), after mingw's unhandled
 * exception filter finds no SIGSEGV handler; output flushed before survives. */
#include <stdio.h>

int main(void)
{
    volatile int *volatile p = NULL;   /* volatile both: gcc neither traps nor drops the store */

    printf("about to write through a NULL pointer\n");
    fflush(stdout);
    *p = 1;
    printf("not reached\n");
    return 0;
}
