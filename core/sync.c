/* Waitable kernel objects and the wait over them: a thread checks the
 * objects under the process lock, takes what it waits for in one step (so
 * wait-all acquires atomically), or sleeps until an object it watches
 * changes. Every object is its own wake key. */
#include "core/sync.h"

#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/clock.h"
#include "core/apc.h"
#include "core/thread.h"

static struct kobj *named, *mutexes, *threads;
static struct kobj *timers; /* every timer, through next_timer */

/* The list an object sits on (named ones, mutexes, thread objects), if any. */
static struct kobj **list_of(const struct kobj *o)
{
    if (o->name)
        return &named;
    if (o->type == KOBJ_MUTEX)
        return &mutexes;
    if (o->type == KOBJ_THREAD)
        return &threads;
    return NULL;
}

struct kobj *kobj_create(enum kobj_type type)
{
    struct kobj *o = calloc(1, sizeof *o);
    if (!o)
        return NULL;
    o->type = type;
    o->refs = 1;
    o->host_fd = -1;
    struct kobj **list = list_of(o);
    if (list) {
        o->next = *list;
        *list = o;
    }
    if (type == KOBJ_TIMER) {
        o->next_timer = timers;
        timers = o;
    }
    return o;
}

void kobj_ref(struct kobj *o)
{
    o->refs++;
}

static void unlink_from(struct kobj **list, struct kobj *o)
{
    for (struct kobj **p = list; *p; p = &(*p)->next)
        if (*p == o) {
            *p = o->next;
            return;
        }
}

void kobj_unref(struct kobj *o)
{
    if (--o->refs > 0)
        return;
    struct kobj **list = list_of(o);
    if (list)
        unlink_from(list, o);
    if (o->ext_free)
        o->ext_free(o);
    for (struct kobj **p = &timers; *p; p = &(*p)->next_timer)
        if (*p == o) {
            *p = o->next_timer;
            break;
        }
    free(o->name);
    free(o);
}

/* ---------------------------------------------------------------- timers */

/* Timers run on the guest's uptime clock (core/clock.h), in ns. */
static int64_t guest_now_ns(void)
{
    return (int64_t)clock_peek_uptime() * 100;
}

/* The UTC FILETIME of an instant on that clock (the completion routine's
 * argument). */
static uint64_t filetime_of(int64_t due_ns)
{
    return clock_peek_filetime() - (uint64_t)((guest_now_ns() - due_ns) / 100);
}

/* A timer past its due time becomes signaled, queues its completion
 * routine (unless one is still queued) and moves to its next period. */
static void timer_update(struct kobj *o, int64_t now)
{
    if (!o->due_ns || now < o->due_ns)
        return;
    o->signaled = true;
    thread_wake((uintptr_t)o);
    if (o->apc_fn && !o->apc_queued) {
        uint64_t ft = filetime_of(o->due_ns);
        uint32_t args[3] = { o->apc_arg, (uint32_t)ft, (uint32_t)(ft >> 32) };
        o->apc_queued = apc_queue(thread_by_tid(o->apc_tid), o->apc_fn, args, 3, o);
    }
    if (!o->period_ms) {
        o->due_ns = 0;
        return;
    }
    int64_t period = (int64_t)o->period_ms * 1000000LL;
    o->due_ns += ((now - o->due_ns) / period + 1) * period;
}

void kobj_timer_set(struct kobj *o, int64_t due_in_ns, uint32_t period_ms, gaddr apc_fn, gaddr apc_arg)
{
    int64_t now = guest_now_ns();
    o->signaled = false;
    o->due_ns = now + (due_in_ns > 0 ? due_in_ns : 0);
    if (o->due_ns == 0)
        o->due_ns = 1;
    o->period_ms = period_ms;
    o->apc_fn = apc_fn;
    o->apc_arg = apc_arg;
    o->apc_tid = current_thread ? current_thread->tid : 0;
    timer_update(o, now);
}

void kobj_timer_cancel(struct kobj *o)
{
    o->due_ns = 0;
}

/* Brings the timers that concern this wait up to date: those waited on
 * and, for an alertable wait, those whose routine goes to this thread.
 * The earliest next expiry among them (0: none). */
static int64_t timers_update(struct kobj *const *objs, unsigned n, bool alertable)
{
    int64_t now = guest_now_ns(), next = 0;
    uint32_t me = current_thread ? current_thread->tid : 0;
    for (struct kobj *o = timers; o; o = o->next_timer) {
        bool mine = alertable && o->apc_fn && o->apc_tid == me;
        for (unsigned i = 0; i < n && !mine; i++)
            mine = objs[i] == o;
        if (!mine)
            continue;
        timer_update(o, now);
        if (o->due_ns && (!next || o->due_ns < next))
            next = o->due_ns;
    }
    return next;
}

struct kobj *kobj_find_thread(uint32_t tid)
{
    for (struct kobj *o = threads; o; o = o->next)
        if (o->tid == tid)
            return o;
    return NULL;
}

struct kobj *kobj_find_named(const char *name)
{
    for (struct kobj *o = named; o; o = o->next)
        if (strcmp(o->name, name) == 0) /* object names are case-sensitive */
            return o;
    return NULL;
}

/* A named object moves from the mutex list (if it is one) to the named
 * list; kobj_thread_ended looks at both. */
bool kobj_set_name(struct kobj *o, const char *name)
{
    char *copy = strdup(name);
    if (!copy)
        return false;
    struct kobj **list = list_of(o);
    if (list)
        unlink_from(list, o);
    o->name = copy;
    o->next = named;
    named = o;
    return true;
}

static bool host_ready(const struct kobj *o)
{
    struct pollfd p = { .fd = o->host_fd, .events = o->host_events };
    return poll(&p, 1, 0) == 1 && (p.revents & (o->host_events | POLLHUP | POLLERR | POLLNVAL));
}

/* A pulse of an event since the wait began (`seen`) that is still there
 * for the current thread to take. */
static bool pulsed(const struct kobj *o, uint32_t seen)
{
    return o->type == KOBJ_EVENT && o->pulse != seen && (o->manual_reset || !o->pulse_taken);
}

/* Can the current thread take o now? */
static bool ready(const struct kobj *o, const struct guest_thread *me, uint32_t seen)
{
    if (o->host_fd >= 0)
        return host_ready(o); /* nothing to take: readiness is the host's */
    switch (o->type) {
    case KOBJ_EVENT:
        return o->signaled || pulsed(o, seen);
    case KOBJ_THREAD:
    case KOBJ_TIMER:
        return o->signaled;
    case KOBJ_MUTEX:
        return !o->owner || o->owner == me;
    case KOBJ_SEMAPHORE:
        return o->count > 0;
    default:
        return false; /* our own process never ends while we wait on it */
    }
}

/* Takes o (it is ready); true if it was an abandoned mutex. */
static bool take(struct kobj *o, struct guest_thread *me)
{
    bool abandoned = false;
    switch (o->type) {
    case KOBJ_EVENT:
        if (!o->signaled)
            o->pulse_taken = true; /* released by a pulse */
        else if (!o->manual_reset)
            o->signaled = false;
        break;
    case KOBJ_MUTEX:
        abandoned = o->abandoned;
        o->abandoned = false;
        o->owner = me;
        o->recursion++;
        break;
    case KOBJ_SEMAPHORE:
        o->count--;
        break;
    case KOBJ_TIMER:
        if (!o->manual_reset)
            o->signaled = false; /* a synchronization timer */
        break;
    default:
        break;
    }
    return abandoned;
}

/* WAIT_TIMEOUT when the wait cannot be satisfied yet. */
static uint32_t try_satisfy(struct kobj *const *objs, unsigned n, bool all, const uint32_t *seen)
{
    struct guest_thread *me = current_thread;
    if (!all) {
        for (unsigned i = 0; i < n; i++)
            if (ready(objs[i], me, seen[i]))
                return (take(objs[i], me) ? WAIT_ABANDONED_0 : WAIT_OBJECT_0) + i;
        return WAIT_TIMEOUT;
    }
    for (unsigned i = 0; i < n; i++)
        if (!ready(objs[i], me, seen[i]))
            return WAIT_TIMEOUT;
    uint32_t r = WAIT_OBJECT_0;
    for (unsigned i = 0; i < n; i++)
        if (take(objs[i], me) && r == WAIT_OBJECT_0)
            r = WAIT_ABANDONED_0 + i;
    return r;
}

/* Waits until the guest time `until_ns` (-1: no end) at most; the guest
 * clock counts a wait that timed out as waited (core/clock.h). */
static enum thread_wake wait_until(const uintptr_t *keys, unsigned nkeys, struct pollfd *fds, unsigned nfds,
                                   int64_t until_ns)
{
    if (until_ns < 0)
        return thread_wait_io(keys, nkeys, fds, nfds, NULL);
    int64_t left = until_ns - guest_now_ns();
    uint64_t ticks = left > 0 ? (uint64_t)(left + 99) / 100 : 0;
    struct timespec deadline;
    clock_deadline(ticks, &deadline);
    enum thread_wake w = thread_wait_io(keys, nkeys, fds, nfds, &deadline);
    if (w == THREAD_TIMEOUT)
        clock_waited(ticks);
    return w;
}

static kobj_wait_progress_fn *progress_fns[KOBJ_MAX_WAIT_PROGRESS];
static unsigned nprogress;

void kobj_add_wait_progress(kobj_wait_progress_fn *fn)
{
    for (unsigned i = 0; i < nprogress; i++)
        if (progress_fns[i] == fn)
            return;
    if (nprogress < KOBJ_MAX_WAIT_PROGRESS)
        progress_fns[nprogress++] = fn;
}

/* Every progress function in turn, sharing the room for descriptors. */
static unsigned wait_progress(struct kobj *const *objs, unsigned n, bool alertable, struct pollfd *fds,
                              unsigned room)
{
    unsigned got = 0;
    for (unsigned i = 0; i < nprogress && got <= room; i++)
        got += progress_fns[i](objs, n, alertable, fds + got, room - got);
    return got;
}

uint32_t kobj_wait(struct kobj *const *objs, unsigned n, bool all, uint32_t timeout_ms, bool alertable,
                   bool *terminated)
{
    *terminated = false;
    uintptr_t keys[MAXIMUM_WAIT_OBJECTS + 1];
    uint32_t seen[MAXIMUM_WAIT_OBJECTS];
    struct pollfd fds[2 * MAXIMUM_WAIT_OBJECTS];
    unsigned nfds = 0, nkeys = n;
    for (unsigned i = 0; i < n; i++) {
        keys[i] = (uintptr_t)objs[i];
        seen[i] = objs[i]->pulse;
        if (objs[i]->host_fd >= 0)
            fds[nfds++] = (struct pollfd){ .fd = objs[i]->host_fd, .events = objs[i]->host_events };
    }
    if (alertable)
        keys[nkeys++] = apc_wake_key(current_thread);
    int64_t end = timeout_ms == WAIT_INFINITE ? -1 : guest_now_ns() + (int64_t)timeout_ms * 1000000LL;
    unsigned own_fds = nfds;
    for (;;) {
        int64_t next_timer = timers ? timers_update(objs, n, alertable) : 0;
        if (nprogress)
            nfds = own_fds + wait_progress(objs, n, alertable, fds + own_fds, MAXIMUM_WAIT_OBJECTS);
        /* a signaled object wins over queued APCs, as in the kernel */
        uint32_t r = try_satisfy(objs, n, all, seen);
        if (r == WAIT_TIMEOUT && alertable && apc_pending())
            return WAIT_IO_COMPLETION;
        if (r != WAIT_TIMEOUT || timeout_ms == 0)
            return r;
        /* the objects stay alive: the caller's handles reference them;
         * host descriptors among them: the same wait, in poll() */
        bool timer_first = next_timer && (end < 0 || next_timer < end);
        enum thread_wake w = wait_until(keys, nkeys, fds, nfds, timer_first ? next_timer : end);
        if (w == THREAD_TERMINATED) {
            *terminated = true;
            return WAIT_FAILED;
        }
        if (w == THREAD_TIMEOUT && !timer_first) {
            if (timers)
                timers_update(objs, n, alertable);
            if (nprogress)
                wait_progress(objs, n, alertable, fds + own_fds, MAXIMUM_WAIT_OBJECTS);
            r = try_satisfy(objs, n, all, seen);
            return r == WAIT_TIMEOUT && alertable && apc_pending() ? WAIT_IO_COMPLETION : r;
        }
    }
}

void kobj_event_set(struct kobj *o, bool signaled)
{
    o->signaled = signaled;
    if (signaled)
        thread_wake((uintptr_t)o);
}

void kobj_event_pulse(struct kobj *o)
{
    o->signaled = false;
    o->pulse++;
    o->pulse_taken = false;
    thread_wake((uintptr_t)o);
}

bool kobj_mutex_release(struct kobj *o)
{
    if (o->owner != current_thread || o->recursion == 0)
        return false;
    if (--o->recursion == 0) {
        o->owner = NULL;
        thread_wake((uintptr_t)o);
    }
    return true;
}

bool kobj_semaphore_release(struct kobj *o, int32_t n, int32_t *previous)
{
    if (previous)
        *previous = o->count;
    if (n <= 0 || o->count > o->max - n)
        return false;
    o->count += n;
    thread_wake((uintptr_t)o);
    return true;
}

static void abandon_owned(struct kobj *list, struct guest_thread *t)
{
    for (struct kobj *o = list; o; o = o->next)
        if (o->type == KOBJ_MUTEX && o->owner == t) {
            o->owner = NULL;
            o->recursion = 0;
            o->abandoned = true;
            thread_wake((uintptr_t)o);
        }
}

void kobj_thread_ended(struct guest_thread *t)
{
    abandon_owned(mutexes, t);
    abandon_owned(named, t);
    struct kobj *o = t->obj;
    if (!o)
        return;
    o->exit_code = t->exit_code;
    o->signaled = true;
    o->thread = NULL;
    thread_wake((uintptr_t)o);
    t->obj = NULL;
    kobj_unref(o); /* the thread's own reference: handles may keep it */
}
