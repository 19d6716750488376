/* _except_handler4_common and _local_unwind4 as guest code: the __try /
 * __except / __finally machinery of programs built by Visual C++ (their
 * statically linked _except_handler4 calls _except_handler4_common with the
 * image's security cookie and its cookie check). Filters, __except blocks
 * and __finally funclets run with the function's ebp, as in Windows'
 * vcruntime140.dll; the frame and scope-table layouts are
 * syscalls/vcruntime140/struct32.h. */
#include "syscalls/guest/wg.h"

#include "core/seh.h"
#include "syscalls/guest/funclet.h"
#include "syscalls/ucrtbase/guest/seh4_unwind.h"
#include "syscalls/vcruntime140/struct32.h"

WG_IMPORT(kernel32, RtlUnwind, void, WINAPI, (void *frame, void *ip, struct seh_record32 *rec, uint32_t value));

#define DISPOSITION_CONTINUE_EXECUTION 0u
#define DISPOSITION_CONTINUE_SEARCH 1u
#define DISPOSITION_COLLIDED_UNWIND 3u
#define EXCEPTION_UNWIND (EXCEPTION_UNWINDING | EXCEPTION_EXIT_UNWIND)

typedef void(__attribute__((fastcall)) * cookie_check_fn)(uint32_t cookie);

/* EXCEPTION_POINTERS, what GetExceptionInformation() reads at [ebp-14h] */
struct exception_pointers {
    uint32_t record, context;
};

/* The /GS and EH cookies stored in the frame, each XORed with an address
 * in it, must give the image's cookie back: check() ends the process if not. */
static void check_cookies(const EH4_SCOPETABLE32 *st, uint32_t ebp, cookie_check_fn check)
{
    if (st->GSCookieOffset != EH4_NO_GS_COOKIE)
        check(*(const uint32_t *)(ebp + st->GSCookieOffset) ^ (ebp + st->GSCookieXOROffset));
    check(*(const uint32_t *)(ebp + st->EHCookieOffset) ^ (ebp + st->EHCookieXOROffset));
}

static const EH4_SCOPETABLE32 *scope_table(const EH4_FRAME32 *f, const uint32_t *cookie)
{
    return (const EH4_SCOPETABLE32 *)(f->encodedScopeTable ^ *cookie);
}

/* The handler of the registration local_unwind pushes: an unwind that
 * reaches it (an exception leaving a __finally) is a collided unwind that
 * goes on from the frame below; a new exception passes it by. */
static uint32_t CDECL unwind_handler4(struct seh_record32 *rec, uint32_t rn, void *ctx, uint32_t *dc)
{
    (void)ctx;
    if (!(rec->flags & EXCEPTION_UNWIND))
        return DISPOSITION_CONTINUE_SEARCH;
    *dc = rn;
    return DISPOSITION_COLLIDED_UNWIND;
}

/* Leaves the __try levels from the frame's current one out to `target`,
 * running each __finally on the way (the level is lowered first, so a
 * __finally that faults is not run again) under a registration of its own
 * at the head of fs:[0], as Windows' runtime does: ucrtbase's
 * __intrinsic_abnormal_termination finds it there
 * (syscalls/ucrtbase/guest/seh4_unwind.h). */
static void local_unwind(EH4_FRAME32 *f, const EH4_SCOPETABLE32 *st, uint32_t target, uint32_t ebp)
{
    volatile struct eh4_unwind_registration reg = { TEB_GET(TEB_EXCEPTION_LIST), (uint32_t)unwind_handler4, 0,
                                                    EH4_TOPMOST_LEVEL, (uint32_t)&f->tryLevel };
    reg.tag = (uint32_t)&reg ^ EH4_UNWIND_TAG;
    TEB_SET(TEB_EXCEPTION_LIST, (uint32_t)&reg);
    while (f->tryLevel != target && f->tryLevel != EH4_TOPMOST_LEVEL) {
        const EH4_SCOPETABLE_RECORD32 *r = &st->ScopeRecord[f->tryLevel];
        reg.level = r->EnclosingLevel;
        f->tryLevel = r->EnclosingLevel;
        if (!r->FilterFunc)
            call_with_ebp(r->HandlerFunc, ebp);
    }
    TEB_SET(TEB_EXCEPTION_LIST, reg.next);
}

uint32_t CDECL vcruntime140__except_handler4_common(const uint32_t *cookie, cookie_check_fn check,
                                                    struct seh_record32 *rec, uint32_t rn, void *ctx,
                                                    void *dc)
{
    (void)dc;
    EH4_FRAME32 *f = (EH4_FRAME32 *)EH4_FRAME_FROM_REGISTRATION(rn);
    const EH4_SCOPETABLE32 *st = scope_table(f, cookie);
    uint32_t ebp = EH4_FRAME_EBP(rn);
    check_cookies(st, ebp, check);
    if (rec->flags & EXCEPTION_UNWIND) {
        local_unwind(f, st, EH4_TOPMOST_LEVEL, ebp);
        return DISPOSITION_CONTINUE_SEARCH;
    }
    struct exception_pointers ep = { (uint32_t)rec, (uint32_t)ctx };
    f->exceptionPointers = (uint32_t)&ep;
    for (uint32_t level = f->tryLevel; level != EH4_TOPMOST_LEVEL;) {
        const EH4_SCOPETABLE_RECORD32 *r = &st->ScopeRecord[level];
        if (r->FilterFunc) {
            int32_t verdict = (int32_t)call_with_ebp(r->FilterFunc, ebp);
            if (verdict < 0) /* EXCEPTION_CONTINUE_EXECUTION */
                return DISPOSITION_CONTINUE_EXECUTION;
            if (verdict > 0) { /* EXCEPTION_EXECUTE_HANDLER */
                wg_imp_kernel32_RtlUnwind((void *)rn, 0, rec, 0);
                local_unwind(f, st, level, ebp);
                f->tryLevel = r->EnclosingLevel;
                check_cookies(st, ebp, check);
                jump_with_ebp(r->HandlerFunc, ebp);
            }
        }
        level = r->EnclosingLevel;
    }
    return DISPOSITION_CONTINUE_SEARCH;
}

/* _local_unwind4(cookie, frame, level): the function leaves its __try
 * blocks out to `level` (return or goto out of a __try with __finally). */
void CDECL vcruntime140__local_unwind4(const uint32_t *cookie, uint32_t rn, uint32_t level)
{
    EH4_FRAME32 *f = (EH4_FRAME32 *)EH4_FRAME_FROM_REGISTRATION(rn);
    local_unwind(f, scope_table(f, cookie), level, EH4_FRAME_EBP(rn));
}

/* __report_gsfailure-style end of a /GS check failure: __fastfail, which
 * no handler sees (Windows 8 and later). */
void CDECL vcruntime140___report_gsfailure(void)
{
    __asm__ volatile("int $0x29" : : "c"(2u) /* FAST_FAIL_STACK_COOKIE_CHECK_FAILURE */);
    __builtin_unreachable();
}
