/* _except_handler3, _local_unwind2, _global_unwind2 and
 * _abnormal_termination as guest code: the __try / __except / __finally
 * machinery of programs built by Visual C++ 6 to 2003 (SEH3; vcruntime140
 * exports the first three too). Filters, __except blocks
 * and __finally funclets run with the function's ebp; the frame and scope
 * table layouts are syscalls/msvcrt/seh3_struct32.h. */
#include "syscalls/guest/wg.h"

#include "core/seh.h"
#include "syscalls/guest/funclet.h"
#include "syscalls/msvcrt/seh3_struct32.h"

WG_IMPORT(kernel32, RtlUnwind, void, WINAPI, (void *frame, void *ip, struct seh_record32 *rec, uint32_t value));

#define DISPOSITION_CONTINUE_EXECUTION 0u
#define DISPOSITION_CONTINUE_SEARCH 1u
#define DISPOSITION_COLLIDED_UNWIND 3u
#define EXCEPTION_UNWIND (EXCEPTION_UNWINDING | EXCEPTION_EXIT_UNWIND)

/* EXCEPTION_POINTERS, what GetExceptionInformation() reads at [ebp-14h] */
struct exception_pointers {
    uint32_t record, context;
};

/* The registration _local_unwind2 puts at the head of fs:[0] while it runs
 * __finally blocks, as Windows' CRT does: _abnormal_termination looks for
 * it there, and an unwind that reaches it (an exception leaving a
 * __finally) is a collided unwind that goes on from the frame below. */
struct unwind_registration {
    uint32_t next, handler;
    uint32_t level; /* the level the running __finally leaves to */
    uint32_t frame; /* the registration of the function being unwound */
};

static uint32_t CDECL unwind_handler(struct seh_record32 *rec, uint32_t rn, void *ctx, uint32_t *dc)
{
    (void)ctx;
    if (!(rec->flags & EXCEPTION_UNWIND))
        return DISPOSITION_CONTINUE_SEARCH;
    *dc = rn;
    return DISPOSITION_COLLIDED_UNWIND;
}

/* _local_unwind2(frame, level): leaves the __try levels from the frame's
 * current one out to `level`, running each __finally on the way (the level
 * is lowered first, so a __finally that faults is not run again). */
void CDECL msvcrt__local_unwind2(uint32_t rn, uint32_t level)
{
    EH3_FRAME32 *f = (EH3_FRAME32 *)EH3_FRAME_FROM_REGISTRATION(rn);
    const EH3_SCOPETABLE_ENTRY32 *st = (const EH3_SCOPETABLE_ENTRY32 *)f->scopeTable;
    volatile struct unwind_registration reg = {TEB_GET(TEB_EXCEPTION_LIST), (uint32_t)unwind_handler,
                                               EH3_TOPMOST_LEVEL, rn};
    TEB_SET(TEB_EXCEPTION_LIST, (uint32_t)&reg);
    while (f->tryLevel != level && f->tryLevel != EH3_TOPMOST_LEVEL) {
        const EH3_SCOPETABLE_ENTRY32 *e = &st[f->tryLevel];
        reg.level = e->previousTryLevel;
        f->tryLevel = e->previousTryLevel;
        if (!e->lpfnFilter)
            call_with_ebp(e->lpfnHandler, EH3_FRAME_EBP(rn));
    }
    TEB_SET(TEB_EXCEPTION_LIST, reg.next);
}

/* AbnormalTermination() in a __finally block: 1 when _local_unwind2 runs
 * it (an exception's unwind, or a return/goto out of the __try), 0 when
 * the function reached it by leaving the __try normally. Only the head of
 * fs:[0] counts, as in Windows: a __finally that installs a frame of its
 * own before asking sees 0. */
int CDECL msvcrt__abnormal_termination(void)
{
    uint32_t head = TEB_GET(TEB_EXCEPTION_LIST);
    if (head == 0xFFFFFFFFu || !head)
        return 0;
    const struct unwind_registration *r = (const struct unwind_registration *)head;
    if (r->handler != (uint32_t)unwind_handler)
        return 0;
    const EH3_FRAME32 *f = (const EH3_FRAME32 *)EH3_FRAME_FROM_REGISTRATION(r->frame);
    return r->level == f->tryLevel;
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
