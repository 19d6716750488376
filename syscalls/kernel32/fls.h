/* Fiber-local storage: what a thread's end owes it. */
#ifndef WOWBOX_SYSCALLS_KERNEL32_FLS_H
#define WOWBOX_SYSCALLS_KERNEL32_FLS_H

#include "syscalls/api.h"

/* The current thread is ending (ExitThread, _endthread, its start routine
 * returned): each slot's callback runs with the thread's non-NULL value,
 * as ntdll does before DLL_THREAD_DETACH; then the values are dropped. */
void kernel32_fls_thread_exit(struct thunk_call *c);

#endif
