/* User-mode APCs: a per-thread queue of guest calls (QueueUserAPC, a
 * waitable timer's completion routine) that the thread runs when it
 * enters an alertable wait (core/sync.c kobj_wait, SleepEx). */
#ifndef WOWBOX_CORE_APC_H
#define WOWBOX_CORE_APC_H

#include <stdbool.h>
#include <stdint.h>

#include "core/vm.h"

struct guest_thread;
struct kobj;

#define APC_MAX_ARGS 4u /* a socket completion routine's */

struct thread_apc {
    gaddr fn;                    /* stdcall, nargs arguments */
    uint32_t args[APC_MAX_ARGS];
    unsigned nargs;
    struct kobj *timer;          /* a timer's completion: one queued at a time */
    struct thread_apc *next;
};

/* Queues a call on t and wakes it if it waits alertably; false when out
 * of memory or t has ended. A timer's reference is held while queued. */
bool apc_queue(struct guest_thread *t, gaddr fn, const uint32_t *args, unsigned nargs, struct kobj *timer);
/* Whether the current thread has APCs queued. */
bool apc_pending(void);
/* The current thread's oldest APC (the caller runs it, then apc_free);
 * false when none is queued. */
bool apc_take(struct thread_apc *out);
/* What an alertable wait adds to its keys: queuing an APC wakes it. */
uintptr_t apc_wake_key(struct guest_thread *t);
/* A thread's APCs that will never run (it ended). */
void apc_drop_all(struct guest_thread *t);

#endif
