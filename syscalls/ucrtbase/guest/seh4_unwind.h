/* The registration SEH4's local unwind (vcruntime140's _local_unwind4 and
 * _except_handler4_common) puts at the head of fs:[0] while it runs a
 * __finally block, as Windows' runtime does, and which the Universal CRT's
 * __intrinsic_abnormal_termination looks for there. The two are in
 * different DLLs (each with its own copy of the handler), so the record
 * proves itself: `tag` is its own address XORed with EH4_UNWIND_TAG. */
#ifndef WOWBOX_SYSCALLS_UCRTBASE_GUEST_SEH4_UNWIND_H
#define WOWBOX_SYSCALLS_UCRTBASE_GUEST_SEH4_UNWIND_H

#include <stdint.h>

#define EH4_UNWIND_TAG 0x34484555u /* "UEH4" */

struct eh4_unwind_registration {
    uint32_t next, handler; /* EXCEPTION_REGISTRATION_RECORD */
    uint32_t tag;           /* (uint32_t)this ^ EH4_UNWIND_TAG */
    uint32_t level;         /* the level the running __finally leaves to */
    uint32_t try_level;     /* the address of the unwound frame's try level */
};
_Static_assert(sizeof(struct eh4_unwind_registration) == 20, "eh4_unwind_registration");

#endif
