/* divzero.c - proves integer divide errors: a zero divisor gives
 * EXCEPTION_INT_DIVIDE_BY_ZERO at the div instruction (register or memory
 * operand), a quotient that does not fit (INT_MIN / -1) gives
 * EXCEPTION_INT_OVERFLOW; repeated faults keep being delivered; the
 * top-level filter skips the instruction and continues. */
#include <limits.h>
#include <stdio.h>
#include <windows.h>

static LONG WINAPI filter(EXCEPTION_POINTERS *ep)
{
    PCONTEXT ctx = ep->ContextRecord;
    unsigned char *ip = (unsigned char *)ctx->Eip;
    printf("  filter: 0x%08lx at the idiv %d\n", ep->ExceptionRecord->ExceptionCode,
           ip[0] == 0xF7 && (DWORD)ep->ExceptionRecord->ExceptionAddress == ctx->Eip);
    ctx->Eip += ip[1] == 0x3D ? 6 : 2;     /* idiv dword [abs32] / idiv ecx */
    ctx->Eax = -1;
    return EXCEPTION_CONTINUE_EXECUTION;
}

static int __attribute__((noinline)) divide(int a, int b)
{
    int q;
    __asm__ volatile("cltd\n\t"
                     ".byte 0xF7, 0xF9"        /* idiv ecx */
                     : "=a"(q) : "a"(a), "c"(b) : "edx", "cc");
    return q;
}

static volatile int zero;

static int __attribute__((noinline)) divide_mem(int a)
{
    int q;
    __asm__ volatile("cltd\n\t"
                     "idivl %2"                /* idiv dword ptr [_zero] */
                     : "=a"(q) : "a"(a), "m"(zero) : "edx", "cc");
    return q;
}

int main(void)
{
    SetUnhandledExceptionFilter(filter);
    printf("7 / 2 = %d\n", divide(7, 2));
    printf("1 / 0:\n");
    printf("  result %d\n", divide(1, 0));
    printf("2 / 0:\n");
    printf("  result %d\n", divide(2, 0));
    printf("3 / 0:\n");
    printf("  result %d\n", divide(3, 0));
    printf("INT_MIN / -1:\n");
    printf("  result %d\n", divide(INT_MIN, -1));
    printf("5 / [zero]:\n");
    printf("  result %d\n", divide_mem(5));
    printf("9 / 3 = %d\n", divide(9, 3));
    return 0;
}
