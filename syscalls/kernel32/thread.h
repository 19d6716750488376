/* Thread creation shared by kernel32 and msvcrt's _beginthread family. */
#ifndef WOWBOX_SYSCALLS_KERNEL32_THREAD_H
#define WOWBOX_SYSCALLS_KERNEL32_THREAD_H

#include <stdint.h>

#include "core/thread.h"

/* Places a few bytes of guest code (thread start routines) in an
 * executable page of their own; 0 on failure. */
gaddr kernel32_thread_code(const uint8_t *code, uint32_t size);
/* CreateThread's start code (eax = routine, ebx = parameter; ExitThread
 * with its result); 0 when it cannot be placed. */
gaddr kernel32_thread_start_code(void);
/* CreateThread's work: start in `code` with eax = fn, ebx = param;
 * stack_size and flags as CreateThread takes them. The thread object, with
 * a reference for the caller (see thread_create). */
struct kobj *kernel32_start_thread(gaddr code, gaddr fn, gaddr param, uint32_t stack_size,
                                   uint32_t flags, uint32_t *tid, uint32_t *error);
/* A handle to a thread object thread_create returned (its reference is
 * passed on to the handle); 0 when the table is full, and the thread is
 * terminated. */
uint32_t kernel32_thread_handle(struct kobj *o);
/* ExitThread's work for every way a thread ends itself: the thread's
 * fiber-local storage callbacks, then DLL_THREAD_DETACH and the end (the
 * handler must return at once: c->no_return is set). */
struct thunk_call;
void kernel32_exit_thread(struct thunk_call *c, uint32_t code);

#endif
