// build-flags: -fno-builtin
/* crt_fault_unhandled.c - proves an access violation inside the CRT's
 * strlen that nobody handles ends the process as Windows ends it: exit
 * code 0xC0000005, after mingw's unhandled exception filter finds no
 * SIGSEGV handler; output flushed before survives. */
#include <stdio.h>
#include <string.h>

int main(void)
{
    const char *volatile bad = (const char *)0x10;
    printf("strlen of an unmapped address\n");
    fflush(stdout);
    printf("%u\n", (unsigned)strlen(bad));
    printf("not reached\n");
    return 0;
}
