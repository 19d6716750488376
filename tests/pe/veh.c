/* veh.c - proves exception dispatch to a vectored exception handler: a
 * continuable RaiseException with parameters, and hardware faults (integer
 * divide by zero, read and write access violations) whose CONTEXT the handler
 * edits (Eip past the faulting instruction, Eax) before continuing. */
#include <stdio.h>
#include <windows.h>

static volatile LONG handled;

static LONG CALLBACK handler(PEXCEPTION_POINTERS ep)
{
    PEXCEPTION_RECORD er = ep->ExceptionRecord;
    PCONTEXT ctx = ep->ContextRecord;
    DWORD i;

    handled++;
    printf("  handler: code 0x%08lx flags %lu params %lu", er->ExceptionCode,
           er->ExceptionFlags, er->NumberParameters);
    switch (er->ExceptionCode) {
    case 0xE0001234:                        /* our software exception */
        for (i = 0; i < er->NumberParameters; i++)
            printf(" [%lu]", (unsigned long)er->ExceptionInformation[i]);
        printf("\n");
        return EXCEPTION_CONTINUE_EXECUTION;
    case EXCEPTION_INT_DIVIDE_BY_ZERO:
        printf(" at fault instruction %d\n",
               *(unsigned char *)ctx->Eip == 0xF7 && *(unsigned char *)(ctx->Eip + 1) == 0xF9);
        ctx->Eip += 2;                      /* skip "idiv ecx" (F7 F9) */
        ctx->Eax = 77;
        return EXCEPTION_CONTINUE_EXECUTION;
    case EXCEPTION_ACCESS_VIOLATION:
        printf(" %s address 0x%lx\n", er->ExceptionInformation[0] ? "write" : "read",
               (unsigned long)er->ExceptionInformation[1]);
        ctx->Eip += 2;                      /* skip the 2-byte mov */
        ctx->Eax = 55;
        return EXCEPTION_CONTINUE_EXECUTION;
    }
    printf(" (not ours)\n");
    return EXCEPTION_CONTINUE_SEARCH;
}

static int divide_by_zero(void)
{
    int r;
    __asm__ volatile("xorl %%ecx, %%ecx\n\t"
                     "movl $1, %%eax\n\t"
                     "cltd\n\t"
                     ".byte 0xF7, 0xF9\n\t"     /* idiv ecx */
                     : "=a"(r) : : "ecx", "edx", "cc", "memory");
    return r;
}

static int read_null(void)
{
    int r;
    __asm__ volatile("xorl %%ecx, %%ecx\n\t"
                     "movl $1, %%eax\n\t"
                     ".byte 0x8B, 0x01\n\t"     /* mov eax, [ecx] */
                     : "=a"(r) : : "ecx", "memory");
    return r;
}

static int write_low(void)
{
    int r;
    __asm__ volatile("movl $0x10, %%ecx\n\t"
                     "movl $1, %%eax\n\t"
                     ".byte 0x89, 0x01\n\t"     /* mov [ecx], eax */
                     : "=a"(r) : : "ecx", "memory");
    return r;
}

int main(void)
{
    ULONG_PTR args[2] = { 7, 9 };
    PVOID h;

    h = AddVectoredExceptionHandler(1, handler);
    printf("AddVectoredExceptionHandler: %s\n", h ? "ok" : "failed");

    printf("RaiseException(0xE0001234, 2 params):\n");
    RaiseException(0xE0001234, 0, 2, args);
    printf("  continued after RaiseException\n");

    printf("integer divide by zero:\n");
    printf("  result after handler: %d\n", divide_by_zero());

    printf("read from NULL:\n");
    printf("  result after handler: %d\n", read_null());

    printf("write to 0x10:\n");
    printf("  result after handler: %d\n", write_low());

    printf("handler calls: %ld\n", handled);
    printf("RemoveVectoredExceptionHandler: %d\n", RemoveVectoredExceptionHandler(h) != 0);
    return 0;
}
