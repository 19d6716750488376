/* The Universal CRT's abort(), shared by terminate() (syscalls/ucrtbase/abort.c). */
#ifndef WOWBOX_SYSCALLS_UCRTBASE_ABORT_H
#define WOWBOX_SYSCALLS_UCRTBASE_ABORT_H

#include <stdint.h>

struct thunk_call;

/* Ends the process as ucrtbase's abort() does; never returns to the guest. */
uint64_t ucrt_abort(struct thunk_call *c);
/* _set_abort_behavior: sets the flags under mask, returns the old ones. */
uint32_t ucrt_abort_behavior(uint32_t flags, uint32_t mask);

#endif
