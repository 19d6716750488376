/* hello.c - proves the minimal path: a mingw-built PE32 console program starts
 * (msvcrt CRT startup), prints one line through msvcrt stdio and returns 0. */
#include <stdio.h>

int main(void)
{
    printf("Hello from a 32-bit PE!\n");
    return 0;
}
