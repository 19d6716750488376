/* privileged.c - proves the codes of instructions user code may not run:
 * hlt, cli and sti give EXCEPTION_PRIV_INSTRUCTION at the instruction, ud2
 * gives EXCEPTION_ILLEGAL_INSTRUCTION, a call to NULL an execute access
 * violation {8, 0} at address 0; a vectored handler skips each one and
 * execution goes on. (in/out are left out: Unicorn 2.0.1 runs them
 * without the I/O permission check.) */
#include <stdio.h>
#include <windows.h>

static unsigned skip;

static LONG CALLBACK handler(PEXCEPTION_POINTERS ep)
{
    PCONTEXT ctx = ep->ContextRecord;
    PEXCEPTION_RECORD er = ep->ExceptionRecord;
    if (er->ExceptionCode == EXCEPTION_ACCESS_VIOLATION) {
        /* an execute fault: return to the caller as if the call returned 5 */
        printf("  0x%08lx, params %lu [%lu 0x%lx], at the target %d\n", er->ExceptionCode,
               er->NumberParameters, (unsigned long)er->ExceptionInformation[0],
               (unsigned long)er->ExceptionInformation[1], ctx->Eip == 0);
        ctx->Eip = *(DWORD *)ctx->Esp;
        ctx->Esp += 4;
        ctx->Eax = 5;
        return EXCEPTION_CONTINUE_EXECUTION;
    }
    printf("  0x%08lx, at the instruction %d\n", ep->ExceptionRecord->ExceptionCode,
           (DWORD)ep->ExceptionRecord->ExceptionAddress == ctx->Eip);
    ctx->Eip += skip;
    return EXCEPTION_CONTINUE_EXECUTION;
}

static int (*volatile null_fn)(void);

static int __attribute__((noinline)) call_null(void)
{
    return null_fn();
}

#define TRY(name, len, bytes)                                  \
    do {                                                       \
        printf("%s:\n", name);                                 \
        skip = len;                                            \
        __asm__ volatile(bytes ::: "eax", "edx", "memory");     \
    } while (0)

int main(void)
{
    AddVectoredExceptionHandler(1, handler);
    TRY("hlt", 1, ".byte 0xF4");
    TRY("cli", 1, ".byte 0xFA");
    TRY("sti", 1, ".byte 0xFB");
    TRY("ud2", 2, ".byte 0x0F, 0x0B");
    printf("call through a NULL pointer:\n");
    printf("  returned %d\n", call_null());
    printf("done\n");
    return 0;
}
