/* int3.c - proves breakpoint and single-step exceptions: int3 gives
 * STATUS_BREAKPOINT at the int3 itself, with CONTEXT.Eip pointing at it too
 * (a handler adds 1 to go on) and the FPU state in the CONTEXT's float
 * areas, again for a second int3; setting the trap
 * flag gives one STATUS_SINGLE_STEP after the next instruction, with TF
 * already cleared in the CONTEXT. */
#include <stdio.h>
#include <windows.h>

extern char after_step[];
static int singles;

static LONG CALLBACK handler(PEXCEPTION_POINTERS ep)
{
    PEXCEPTION_RECORD er = ep->ExceptionRecord;
    PCONTEXT ctx = ep->ContextRecord;

    if (er->ExceptionCode == EXCEPTION_BREAKPOINT) {
        DWORD mxcsr = *(DWORD *)(ctx->ExtendedRegisters + 24);
        printf("  breakpoint: at int3 %d, Eip at int3 %d\n",
               *(unsigned char *)er->ExceptionAddress == 0xCC,
               ctx->Eip == (DWORD)er->ExceptionAddress);
        /* the FPU state a 32-bit thread starts with, in both float areas */
        printf("  context: x87 control word 0x%03lx, MXCSR 0x%04lx\n",
               ctx->FloatSave.ControlWord & 0xFFFF, mxcsr);
        ctx->Eip += 1;
        return EXCEPTION_CONTINUE_EXECUTION;
    }
    if (er->ExceptionCode == EXCEPTION_SINGLE_STEP) {
        singles++;
        printf("  single step: at the next instruction %d, TF cleared %d\n",
               er->ExceptionAddress == (void *)after_step && ctx->Eip == (DWORD)after_step,
               !(ctx->EFlags & 0x100));
        return EXCEPTION_CONTINUE_EXECUTION;
    }
    printf("  unexpected 0x%08lx\n", er->ExceptionCode);
    return EXCEPTION_CONTINUE_SEARCH;
}

static int __attribute__((noinline)) breakpoint(int v)
{
    __asm__ volatile("int3\n\taddl $1, %0" : "+r"(v));
    return v;
}

static void __attribute__((noinline)) trap_flag(void)
{
    __asm__ volatile("pushfl\n\t"
                     "orl $0x100, (%%esp)\n\t"
                     "popfl\n\t"
                     "nop\n"                   /* runs, then the trap */
                     ".globl _after_step\n_after_step:\n\t"
                     "nop\n\t"
                     "nop" : : : "memory", "cc");
}

int main(void)
{
    AddVectoredExceptionHandler(1, handler);
    printf("int3:\n");
    printf("  continued, value %d\n", breakpoint(1));
    printf("int3 again:\n");
    printf("  continued, value %d\n", breakpoint(41));
    printf("trap flag:\n");
    trap_flag();
    printf("  single-step exceptions: %d\n", singles);
    return 0;
}
