/* Waitable kernel objects (events, mutexes, semaphores, threads, and
 * objects whose state is a host descriptor's: pipe ends and the console
 * now, sockets and child processes later) and the one wait that
 * WaitForSingleObject/WaitForMultipleObjects build on. All state
 * lives host-side and changes under the process lock (core/thread.h). */
#ifndef WOWBOX_CORE_SYNC_H
#define WOWBOX_CORE_SYNC_H

#include <stdbool.h>
#include <stdint.h>

#include "core/vm.h"

struct guest_thread;

#define WAIT_OBJECT_0    0x000u
#define WAIT_ABANDONED_0 0x080u
#define WAIT_IO_COMPLETION 0x0C0u
#define WAIT_TIMEOUT     0x102u
#define WAIT_FAILED      0xFFFFFFFFu
#define WAIT_INFINITE    0xFFFFFFFFu
#define MAXIMUM_WAIT_OBJECTS 64u
#define STILL_ACTIVE     259u

/* KOBJ_SECTION: a file mapping (syscalls/ntdll/nt_section.c), never waited on;
 * it is a kernel object here for the one namespace of names. */
enum kobj_type { KOBJ_EVENT, KOBJ_MUTEX, KOBJ_SEMAPHORE, KOBJ_THREAD, KOBJ_PROCESS, KOBJ_FILE, KOBJ_TIMER,
                 KOBJ_SECTION };

struct kobj {
    enum kobj_type type;
    int refs;                  /* handle objects, plus a running thread's own */
    char *name;                /* named objects (UTF-8), NULL if anonymous */
    bool signaled;             /* events; threads that ended */
    bool manual_reset;         /* events */
    int32_t count, max;        /* semaphores */
    struct guest_thread *owner;/* mutexes */
    uint32_t recursion;
    bool abandoned;
    /* PulseEvent: each pulse starts a generation; the threads that were
     * waiting before it may take it (an auto-reset event: one of them) */
    uint32_t pulse;
    bool pulse_taken;
    /* waitable timers (manual_reset: a notification timer): the next
     * expiry on the guest uptime clock (core/clock.h) in ns (0: not set), the period, and the
     * completion routine queued to the thread that set it (one at a time) */
    int64_t due_ns;
    uint32_t period_ms;
    gaddr apc_fn, apc_arg;
    uint32_t apc_tid;
    bool apc_queued;
    struct kobj *next_timer;
    struct guest_thread *thread; /* threads, while their guest_thread exists */
    uint32_t tid, exit_code;
    /* Signaled while this host descriptor has host_events ready (poll(2):
     * POLLIN for a pipe's read end or console input, POLLOUT for a write
     * end; a hang-up or error counts as ready). -1: the object's own state
     * decides. A socket sets its fd, a child process its pidfd, and the
     * same wait covers them. The descriptor belongs to whoever set it and
     * must stay open while the object may be waited on. */
    int host_fd;
    short host_events;
    struct kobj *next;         /* named objects and mutexes are listed */
    /* Objects whose state lives elsewhere (a child process): what the
     * owner keeps, and its clean-up when the last reference goes. */
    void *ext;
    void (*ext_free)(struct kobj *o);
};

/* A new object with one reference. */
struct kobj *kobj_create(enum kobj_type type);
void kobj_ref(struct kobj *o);
void kobj_unref(struct kobj *o);

/* A thread object by its thread id, while it exists (a handle to it is
 * open or the thread runs). */
struct kobj *kobj_find_thread(uint32_t tid);
/* Named objects share one namespace within the process. */
struct kobj *kobj_find_named(const char *name);
bool kobj_set_name(struct kobj *o, const char *name);

/* WaitForMultipleObjects: WAIT_OBJECT_0 + i, WAIT_ABANDONED_0 + i or
 * WAIT_TIMEOUT; *terminated when the thread is being ended instead. The
 * objects must be distinct when `all` is set. An alertable wait returns
 * WAIT_IO_COMPLETION as soon as the thread has user APCs queued (the
 * caller runs them); n may be 0 (SleepEx). */
uint32_t kobj_wait(struct kobj *const *objs, unsigned n, bool all, uint32_t timeout_ms, bool alertable,
                   bool *terminated);

void kobj_event_set(struct kobj *o, bool signaled);
/* Work that completes when a wait looks at it (overlapped socket I/O,
 * syscalls/ws2_32/overlapped.c; other processes' registry changes,
 * syscalls/ntdll/nt_reg_notify.c): called with the process lock held
 * before each check of a wait on objs (n of them; alertable as the wait
 * is). It may complete operations (signal objects, queue APCs to the
 * current thread) and puts up to room host descriptors the wait must also
 * watch into fds; returns how many. Added once, kept for the process (at
 * most KOBJ_MAX_WAIT_PROGRESS; adding the same one again does nothing). */
struct pollfd;
typedef unsigned kobj_wait_progress_fn(struct kobj *const *objs, unsigned n, bool alertable, struct pollfd *fds,
                                       unsigned room);
#define KOBJ_MAX_WAIT_PROGRESS 4
void kobj_add_wait_progress(kobj_wait_progress_fn *fn);
/* PulseEvent: releases the threads waiting now (one for an auto-reset
 * event) and leaves the event reset. */
void kobj_event_pulse(struct kobj *o);
/* false: the current thread does not own the mutex. */
bool kobj_mutex_release(struct kobj *o);
/* false: the count would pass the maximum (nothing changes). */
bool kobj_semaphore_release(struct kobj *o, int32_t n, int32_t *previous);
/* SetWaitableTimer: due in ns of guest time from now, a period in
 * ms (0: once), a completion routine (0: none) queued on the current
 * thread at each expiry; the timer is reset until it expires. */
void kobj_timer_set(struct kobj *o, int64_t due_in_ns, uint32_t period_ms, gaddr apc_fn, gaddr apc_arg);
void kobj_timer_cancel(struct kobj *o);

/* The thread ended: its object is signaled (and loses the thread's own
 * reference), its mutexes are abandoned. */
void kobj_thread_ended(struct guest_thread *t);

#endif
