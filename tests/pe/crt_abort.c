/* crt_abort.c - msvcrt's abort(), unlike the Universal CRT's (ucrt_abort):
 * a SIGABRT handler runs first; then its message on stderr and exit code 3,
 * with no atexit function run. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

static void on_sigabrt(int sig)
{
    printf("SIGABRT handler ran (signal %d)\n", sig);
    fflush(stdout);
}

static void never_atexit(void) { printf("atexit ran (wrong)\n"); }

int main(void)
{
    atexit(never_atexit);
    signal(SIGABRT, on_sigabrt);
    printf("aborting\n");
    fflush(stdout);
    abort();
    printf("abort returned (wrong)\n");
    return 1;
}
