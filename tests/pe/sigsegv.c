/* sigsegv.c - proves the C signal() emulation for faults: an access violation
 * reaches mingw's unhandled-exception filter, which calls the SIGSEGV handler
 * registered with msvcrt signal(); the handler prints and exit(11)s. */
#include <stdio.h>
#include <stdlib.h>
#include <signal.h>

static void on_segv(int sig)
{
    printf("caught signal %d (SIGSEGV=%d)\n", sig, SIGSEGV);
    exit(11);
}

int main(void)
{
    int *volatile p = (int *)0x20;

    if (signal(SIGSEGV, on_segv) == SIG_ERR) {
        printf("signal() failed\n");
        return 1;
    }
    printf("reading from 0x20\n");
    printf("value %d\n", *p);
    printf("not reached\n");
    return 0;
}
