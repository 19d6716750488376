/* crt_setjmp.c - proves msvcrt _setjmp3/longjmp: the saved context resumes
 * after the setjmp call with longjmp's value (0 becomes 1), from nested
 * calls several frames deep, with the stack usable afterwards. */
#include <setjmp.h>
#include <stdio.h>
#include <string.h>

static jmp_buf env;

static int deep(int n, int value)
{
    char pad[64];
    memset(pad, n, sizeof pad);
    if (n == 0) {
        if (value != 12345)
            longjmp(env, value);
        return 0;
    }
    return deep(n - 1, value) + pad[3];
}

static int sum_to(int n)
{
    return n ? n + sum_to(n - 1) : 0;
}

int main(void)
{
    volatile int rounds = 0;
    volatile int seen = 0;
    int r;

    r = setjmp(env);
    seen += r;
    printf("setjmp returned %d (round %d)\n", r, rounds);
    rounds++;
    if (rounds == 1)
        deep(5, 42);
    else if (rounds == 2)
        longjmp(env, 0);
    else if (rounds == 3)
        deep(50, -7);
    printf("after %d rounds, sum of values %d\n", rounds, seen);
    printf("stack still fine: sum_to(100) = %d\n", sum_to(100));

    /* a second buffer, jumped to from inside a loop */
    {
        jmp_buf inner;
        volatile int i = 0;
        if (setjmp(inner) == 0) {
            for (i = 0; i < 1000; i++)
                if (i == 321)
                    longjmp(inner, 5);
        }
        printf("left the loop at i = %d\n", i);
    }
    return 0;
}
