/* std::terminate, for vcruntime140's __std_terminate. */
#ifndef WOWBOX_SYSCALLS_UCRTBASE_TERMINATE_H
#define WOWBOX_SYSCALLS_UCRTBASE_TERMINATE_H

#include <stdint.h>

#include "syscalls/api.h"

/* Calls the thread's terminate handler, then abort() if it returns (or
 * there is none); never returns to the caller (sets c->no_return). */
uint64_t ucrt_terminate(struct thunk_call *c);

#endif
