/* _except_handler3, _local_unwind2 and _global_unwind2 as guest code: the
 * __try / __except / __finally machinery of programs built by Visual C++
 * 6 to 2003 (SEH3; vcruntime140 exports them too). Filters, __except blocks
 * and __finally funclets run with the function's ebp; the frame and scope
 * table layouts are syscalls/msvcrt/seh3_struct32.h. */
#include "syscalls/guest/wg.h"

#include "core/seh.h"
#include "syscalls/guest/funclet.h"
#include "syscalls/msvcrt/seh3_struct32.h"

WG_IMPORT(kernel32, RtlUnwind, void, WINAPI, (void *frame, void *ip, struct seh_record32 *rec, uint32_t value));

#define DISPOSITION_CONTINUE_EXECUTION 0u
#define DISPOSITION_CONTINUE_SEARCH 1u
#define EXCEPTION_UNWIND (EXCEPTION_UNWINDING | EXCEPTION_EXIT_UNWIND)

/* EXCEPTION_POINTERS, what GetExceptionInformation() reads at [ebp-14h] */
struct exception_pointers {
    uint32_t record, context;
};

/* _local_unwind2(frame, level): leaves the __try levels from the frame's
 * current one out to `level`, running each __finally on the way (the level
 * is lowered first, so a __finally that faults is not run again). */
void CDECL msvcrt__local_unwind2(uint32_t rn, uint32_t level)
{
    EH3_FRAME32 *f = (EH3_FRAME32 *)EH3_FRAME_FROM_REGISTRATION(rn);
    const EH3_SCOPETABLE_ENTRY32 *st = (const EH3_SCOPETABLE_ENTRY32 *)f->scopeTable;
    while (f->tryLevel != level && f->tryLevel != EH3_TOPMOST_LEVEL) {
        const EH3_SCOPETABLE_ENTRY32 *e = &st[f->tryLevel];
        f->tryLevel = e->previousTryLevel;
        if (!e->lpfnFilter)
            call_with_ebp(e->lpfnHandler, EH3_FRAME_EBP(rn));
    }
}

/* _global_unwind2(frame): the frames registered above `frame` run their
 * unwind (RtlUnwind, which returns here). */
void CDECL msvcrt__global_unwind2(uint32_t rn)
{
    wg_imp_kernel32_RtlUnwind((void *)rn, 0, 0, 0);
}

uint32_t CDECL msvcrt__except_handler3(struct seh_record32 *rec, uint32_t rn, void *ctx, void *dc)
{
    (void)dc;
    EH3_FRAME32 *f = (EH3_FRAME32 *)EH3_FRAME_FROM_REGISTRATION(rn);
    const EH3_SCOPETABLE_ENTRY32 *st = (const EH3_SCOPETABLE_ENTRY32 *)f->scopeTable;
    uint32_t ebp = EH3_FRAME_EBP(rn);
    if (rec->flags & EXCEPTION_UNWIND) {
        msvcrt__local_unwind2(rn, EH3_TOPMOST_LEVEL);
        return DISPOSITION_CONTINUE_SEARCH;
    }
    struct exception_pointers ep = { (uint32_t)rec, (uint32_t)ctx };
    f->exceptionPointers = (uint32_t)&ep;
    for (uint32_t level = f->tryLevel; level != EH3_TOPMOST_LEVEL;) {
        const EH3_SCOPETABLE_ENTRY32 *e = &st[level];
        if (e->lpfnFilter) {
            int32_t verdict = (int32_t)call_with_ebp(e->lpfnFilter, ebp);
            if (verdict < 0) /* EXCEPTION_CONTINUE_EXECUTION */
                return DISPOSITION_CONTINUE_EXECUTION;
            if (verdict > 0) { /* EXCEPTION_EXECUTE_HANDLER */
                wg_imp_kernel32_RtlUnwind((void *)rn, 0, rec, 0);
                msvcrt__local_unwind2(rn, level);
                f->tryLevel = e->previousTryLevel;
                jump_with_ebp(e->lpfnHandler, ebp);
            }
        }
        level = e->previousTryLevel;
    }
    return DISPOSITION_CONTINUE_SEARCH;
}
