/* Guest code that survives bad pointers the way Windows' kernel32 does
 * (lstrlen, lstrcpy, IsBadReadPtr...: __try around the work, __except
 * returning a failure value): wg_guarded calls a function under an SEH
 * frame of its own on the guest stack, so the exception dispatcher finds it
 * like any program's frame. Its handler resumes after the call with the
 * failure value; the guarded function must leave no frame of its own on the
 * chain (leaf code), as there is nothing to unwind. */
#include "syscalls/guest/wg.h"

#include "core/seh.h"

#define DISPOSITION_CONTINUE_EXECUTION 0u
#define DISPOSITION_CONTINUE_SEARCH 1u
#define EFLAGS_DF 0x400u

/* The registration record wg_guarded pushes: the chain link, the handler,
 * then its own fields. */
struct guard_frame {
    uint32_t next, handler;
    uint32_t failed; /* what wg_guarded returns after an exception */
};

uint32_t CDECL wg_guard_handler(struct seh_record32 *rec, struct guard_frame *f, struct seh_context32 *ctx,
                                void *dc);

/* wg_guarded(fn, arg, failed): callee-saved registers on the stack, then
 * the record (its address is the esp the handler resumes with), then the
 * call. Both ways out meet at wg_guard_resume with eax set. */
__asm__(".text\n"
        ".globl _wg_guarded\n"
        "_wg_guarded:\n\t"
        "pushl %ebp\n\t"
        "movl %esp, %ebp\n\t"
        "pushl %ebx\n\t"
        "pushl %esi\n\t"
        "pushl %edi\n\t"
        "pushl 16(%ebp)\n\t"           /* failed */
        "pushl $_wg_guard_handler\n\t" /* handler */
        "pushl %fs:0\n\t"              /* next */
        "movl %esp, %fs:0\n\t"
        "pushl 12(%ebp)\n\t"
        "call *8(%ebp)\n\t"
        "addl $4, %esp\n"
        ".globl _wg_guard_resume\n"
        "_wg_guard_resume:\n\t"
        "popl %fs:0\n\t"
        "addl $8, %esp\n\t"
        "popl %edi\n\t"
        "popl %esi\n\t"
        "popl %ebx\n\t"
        "popl %ebp\n\t"
        "ret\n");

extern const uint8_t wg_guard_resume[];

/* Every exception in the guarded call ends it (Windows' lstr* and IsBad*
 * use EXCEPTION_EXECUTE_HANDLER): resume at wg_guard_resume with the
 * record as esp and the failure value in eax. */
uint32_t CDECL wg_guard_handler(struct seh_record32 *rec, struct guard_frame *f, struct seh_context32 *ctx,
                                void *dc)
{
    (void)dc;
    if (rec->flags & (EXCEPTION_UNWINDING | EXCEPTION_EXIT_UNWIND))
        return DISPOSITION_CONTINUE_SEARCH;
    ctx->eip = (uint32_t)wg_guard_resume;
    ctx->esp = (uint32_t)f;
    ctx->eax = f->failed;
    ctx->eflags &= ~EFLAGS_DF; /* the function may have faulted in a backwards copy */
    return DISPOSITION_CONTINUE_EXECUTION;
}
