/* exit_call.c - proves exit(7) runs atexit handlers in LIFO order (guest
 * callbacks invoked at shutdown), flushes stdio afterwards, and exits with 7. */
#include <stdio.h>
#include <stdlib.h>

static void first_registered(void)
{
    printf("atexit handler registered first (runs last)\n");
}

static void second_registered(void)
{
    printf("atexit handler registered second (runs first)\n");
}

int main(void)
{
    if (atexit(first_registered) != 0 || atexit(second_registered) != 0) {
        printf("atexit failed\n");
        return 1;
    }
    printf("main: calling exit(7)\n");
    exit(7);
    printf("not reached\n");
    return 0;
}
