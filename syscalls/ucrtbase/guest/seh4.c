/* __intrinsic_abnormal_termination as guest code: AbnormalTermination() in
 * a __finally block of a program built by Visual C++ 2015 or later (SEH4
 * frames, unwound by vcruntime140). */
#include "syscalls/guest/wg.h"

#include "syscalls/ucrtbase/guest/seh4_unwind.h"

/* 1 when SEH4's local unwind runs the __finally (an exception's unwind, or
 * a return/goto out of the __try through _local_unwind4), 0 when the
 * function reached it by leaving the __try normally. Only the head of
 * fs:[0] counts, as in Windows: a __finally that installs a frame of its
 * own before asking sees 0. */
int CDECL ucrtbase___intrinsic_abnormal_termination(void)
{
    uint32_t head = TEB_GET(TEB_EXCEPTION_LIST);
    if (head == 0xFFFFFFFFu || !head)
        return 0;
    const volatile struct eh4_unwind_registration *r = (const volatile struct eh4_unwind_registration *)head;
    if (r->tag != (head ^ EH4_UNWIND_TAG))
        return 0;
    return r->level == *(const volatile uint32_t *)r->try_level;
}
