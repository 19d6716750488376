/* Waitable kernel objects and the wait over them: a thread checks the
 * objects under the process lock, takes what it waits for in one step (so
 * wait-all acquires atomically), or sleeps until an object it watches
 * changes. Every object is its own wake key. */
#include "core/sync.h"

#include <poll.h>
#include <stdlib.h>
#include <string.h>

#include "core/thread.h"

static struct kobj *named, *mutexes, *threads;

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
    free(o->name);
    free(o);
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

uint32_t kobj_wait(struct kobj *const *objs, unsigned n, bool all, uint32_t timeout_ms,
                   bool *terminated)
{
    *terminated = false;
    uintptr_t keys[MAXIMUM_WAIT_OBJECTS];
    uint32_t seen[MAXIMUM_WAIT_OBJECTS];
    struct pollfd fds[MAXIMUM_WAIT_OBJECTS];
    unsigned nfds = 0;
    for (unsigned i = 0; i < n; i++) {
        keys[i] = (uintptr_t)objs[i];
        seen[i] = objs[i]->pulse;
        if (objs[i]->host_fd >= 0)
            fds[nfds++] = (struct pollfd){ .fd = objs[i]->host_fd, .events = objs[i]->host_events };
    }
    struct timespec deadline;
    if (timeout_ms != WAIT_INFINITE)
        thread_deadline(timeout_ms, &deadline);
    for (;;) {
        uint32_t r = try_satisfy(objs, n, all, seen);
        if (r != WAIT_TIMEOUT || timeout_ms == 0)
            return r;
        /* the objects stay alive: the caller's handles reference them */
        /* host descriptors among them: the same wait, in poll() */
        enum thread_wake w = thread_wait_io(keys, n, fds, nfds, timeout_ms == WAIT_INFINITE ? NULL : &deadline);
        if (w == THREAD_TERMINATED) {
            *terminated = true;
            return WAIT_FAILED;
        }
        if (w == THREAD_TIMEOUT)
            return try_satisfy(objs, n, all, seen);
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
