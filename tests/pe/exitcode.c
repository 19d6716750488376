/* exitcode.c - proves that the value returned from main() becomes the process
 * exit code (CRT calls exit(main(...))), and that buffered output is flushed. */
#include <stdio.h>

int main(void)
{
    printf("returning 42 from main\n");
    return 42;
}
