/* float_fault.c - proves x87 exceptions: with zero-divide unmasked in the
 * control word, 1.0 / 0.0 raises EXCEPTION_FLT_DIVIDE_BY_ZERO at the next
 * floating-point instruction; the handler masks it and clears the status
 * word in the CONTEXT's FloatSave, and the retried instruction completes. */
#include <stdio.h>
#include <windows.h>

static int seen;

static LONG CALLBACK handler(PEXCEPTION_POINTERS ep)
{
    PCONTEXT ctx = ep->ContextRecord;
    if (ep->ExceptionRecord->ExceptionCode != EXCEPTION_FLT_DIVIDE_BY_ZERO)
        return EXCEPTION_CONTINUE_SEARCH;
    seen++;
    printf("  0x%08lx, status word has ZE %d\n", ep->ExceptionRecord->ExceptionCode,
           (ctx->FloatSave.StatusWord & 0x4) != 0);
    ctx->FloatSave.StatusWord &= ~0x80BFu;   /* B, ES and the exception flags */
    ctx->FloatSave.ControlWord |= 0x3F;      /* mask everything */
    return EXCEPTION_CONTINUE_EXECUTION;
}

int main(void)
{
    static volatile double zero = 0.0;
    unsigned short cw, after;
    double r;
    AddVectoredExceptionHandler(1, handler);
    __asm__ volatile("fnstcw %0" : "=m"(cw));
    cw &= ~0x4;                                /* unmask zero-divide */
    printf("1.0 / 0.0 with zero-divide unmasked:\n");
    /* the quotient is not printed: with the exception unmasked the CPU
     * leaves st0 alone, which Unicorn's x87 does not model */
    __asm__ volatile("fldcw %2\n\t"
                     "fld1\n\t"
                     "fdivl %3\n\t"            /* st0 / 0.0: sets ZE */
                     "fwait\n\t"               /* the pending exception is raised here */
                     "fstpl %0\n\t"
                     "fnstcw %1"
                     : "=m"(r), "=m"(after) : "m"(cw), "m"(zero) : "memory");
    printf("  exceptions %d, zero-divide now masked %d\n", seen, (after & 0x4) != 0);
    return 0;
}
