/* The per-thread user APC queue: host-side, changed under the process
 * lock; an alertable wait sleeps on the queue's key as well as its
 * objects' keys. */
#include "core/apc.h"

#include <stdlib.h>

#include "core/sync.h"
#include "core/thread.h"

uintptr_t apc_wake_key(struct guest_thread *t)
{
    return (uintptr_t)&t->apcs;
}

bool apc_queue(struct guest_thread *t, gaddr fn, const uint32_t *args, unsigned nargs, struct kobj *timer)
{
    if (!t || t->ended || t->terminating || nargs > APC_MAX_ARGS)
        return false;
    struct thread_apc *a = calloc(1, sizeof *a);
    if (!a)
        return false;
    a->fn = fn;
    a->nargs = nargs;
    for (unsigned i = 0; i < nargs; i++)
        a->args[i] = args[i];
    a->timer = timer;
    if (timer)
        kobj_ref(timer);
    struct thread_apc **p = &t->apcs;
    while (*p)
        p = &(*p)->next;
    *p = a;
    thread_wake(apc_wake_key(t));
    return true;
}

bool apc_pending(void)
{
    return current_thread && current_thread->apcs;
}

static void release(struct thread_apc *a)
{
    if (a->timer) {
        a->timer->apc_queued = false;
        kobj_unref(a->timer);
    }
    free(a);
}

bool apc_take(struct thread_apc *out)
{
    struct guest_thread *t = current_thread;
    struct thread_apc *a = t ? t->apcs : NULL;
    if (!a)
        return false;
    t->apcs = a->next;
    *out = *a;
    out->timer = NULL;
    out->next = NULL;
    release(a);
    return true;
}

void apc_drop_all(struct guest_thread *t)
{
    while (t->apcs) {
        struct thread_apc *a = t->apcs;
        t->apcs = a->next;
        release(a);
    }
}
