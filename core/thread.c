/* Guest threads, each on a host thread of its own (pthreads), and the one
 * process lock that host code runs under. Handlers, the loader, exception
 * dispatch and every host-side table (handles, heaps, msvcrt's streams, the
 * vm map and its mirrors, the trace ring) are only touched with the lock
 * held; guest code runs without it, so native threads run in parallel and
 * meet only in host code. A serial backend (Unicorn) keeps the lock while
 * guest code runs too, handing it over in FIFO order at blocking waits and
 * when a ticker interrupts a thread that others are waiting for. Blocking
 * waits release the lock; wakes are keyed (an object, a critical section's
 * address, a lock). Until a second thread exists nothing is locked. */
#include "core/thread.h"

#include <errno.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/eventfd.h>

#include "core/clock.h"
#include "core/apc.h"
#include "core/guest_mem.h"
#include "core/heap.h"
#include "core/log.h"
#include "core/process.h"
#include "core/seh.h"
#include "core/stack.h"
#include "core/sync.h"
#include "core/trace.h"
#include "core/trace_record.h"
#include "core/vm_system.h"
#include "core/vmmap.h"
#include "core/teb.h"

#define TICK_NS      4000000L /* serial backends: a thread others wait for runs ~4 ms at most */
#define REKICK_MS    2        /* how often a thread that must stop is asked again */
#define SUSPEND_POLL 50       /* SuspendThread waits up to this many REKICK_MS for the target */
#define MAX_SUSPEND  127u     /* MAXIMUM_SUSPEND_COUNT */
#define TEB_STRIDE   0x3000u  /* WoW64 puts a 64-bit TEB (two pages) beside each 32-bit one */
#define TEB_SLOTS    48u

_Thread_local struct guest_thread *current_thread;
struct guest_thread *thread_list;
struct thread_loader_hooks thread_loader;

/* The process lock. Parallel mode: `lock` itself. Serial mode: a ticket
 * lock built on it (FIFO, so an interrupted thread goes behind the ones
 * waiting); `lock` then only guards the tickets, the wait registrations
 * and `holder`. */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t turn = PTHREAD_COND_INITIALIZER;
static bool serial;
static atomic_bool multi;
static uint64_t next_ticket, serving;
static struct guest_thread *holder;
static _Thread_local bool held;

static unsigned live;          /* threads whose guest code has not ended */
static bool closing;           /* the process is ending its threads: no new ones */
static unsigned hosts;         /* host threads that have not finished */
static uint32_t next_tid;
static pthread_t ticker;
static bool ticker_running, ticker_quit;

/* Wake keys of our own: distinct host addresses. */
static char key_ended, key_hosts;

/* ---------------------------------------------------------------- lock */

static void take_turn(void)
{
    uint64_t mine = next_ticket++;
    while (serving != mine)
        pthread_cond_wait(&turn, &lock);
    holder = current_thread;
    held = true;
}

static void give_turn(void)
{
    holder = NULL;
    held = false;
    serving++;
    pthread_cond_broadcast(&turn);
}

static void lock_acquire(void)
{
    pthread_mutex_lock(&lock);
    if (serial) {
        take_turn();
        pthread_mutex_unlock(&lock);
    } else {
        held = true;
    }
}

static void lock_release(void)
{
    if (!held)
        return;
    if (serial) {
        pthread_mutex_lock(&lock);
        give_turn();
    } else {
        held = false;
    }
    pthread_mutex_unlock(&lock);
}

void thread_to_host(void)
{
    if (!serial && !held && atomic_load_explicit(&multi, memory_order_relaxed)) {
        pthread_mutex_lock(&lock);
        held = true;
    }
}

void thread_to_guest(void)
{
    if (!serial && held) {
        held = false;
        pthread_mutex_unlock(&lock);
    }
}

/* Serial backends: a thread that runs guest code while others wait for the
 * lock is interrupted every tick, and so is one that must stop. */
static void *tick(void *arg)
{
    (void)arg;
    struct timespec ts = { 0, TICK_NS };
    for (;;) {
        nanosleep(&ts, NULL);
        pthread_mutex_lock(&lock);
        if (ticker_quit) {
            pthread_mutex_unlock(&lock);
            return NULL;
        }
        struct guest_thread *h = holder;
        if (h && h->cpu && (next_ticket - serving > 1 || h->terminating || h->suspend_count))
            proc->cpu->interrupt(h->cpu);
        pthread_mutex_unlock(&lock);
    }
}

/* The first CreateThread: from now on host code runs under the lock. The
 * creator takes it at once (it is inside a handler). */
static bool go_multi(void)
{
    if (atomic_load(&multi))
        return true;
    lock_acquire();
    atomic_store(&multi, true);
    if (serial) {
        sigset_t all, old;
        sigfillset(&all);
        pthread_sigmask(SIG_SETMASK, &all, &old);
        ticker_running = pthread_create(&ticker, NULL, tick, NULL) == 0;
        pthread_sigmask(SIG_SETMASK, &old, NULL);
        if (!ticker_running)
            wb_error("cannot start the scheduler thread: threads may wait longer for their turn");
    }
    return true;
}

/* ---------------------------------------------------------------- waits */

void thread_deadline(uint32_t ms, struct timespec *ts)
{
    int64_t at = clock_host_ns() + (int64_t)ms * 1000000LL;
    ts->tv_sec = at / 1000000000LL;
    ts->tv_nsec = at % 1000000000LL;
}

/* `abortable`: a thread being terminated returns at once (guest waits);
 * host-side waits of a finishing thread are not. */
static enum thread_wake wait_keys(const uintptr_t *keys, unsigned n, const struct timespec *deadline,
                                  bool abortable)
{
    struct guest_thread *t = current_thread;
    bool had = held, took = false;
    if (serial) {
        pthread_mutex_lock(&lock);
    } else if (!held) {
        pthread_mutex_lock(&lock); /* one thread, or a host-side caller */
        took = true;
    }
    enum thread_wake r = THREAD_TERMINATED;
    if (!(abortable && t->terminating)) {
        t->wait_keys = keys;
        t->nwait = n;
        t->woken = false;
        t->waiting = true;
        if (serial && had)
            give_turn();
        int rc = 0;
        while (!t->woken && !(abortable && t->terminating) && rc != ETIMEDOUT)
            rc = deadline ? pthread_cond_timedwait(&t->cond, &lock, deadline)
                          : pthread_cond_wait(&t->cond, &lock);
        t->waiting = false;
        t->nwait = 0;
        r = abortable && t->terminating ? THREAD_TERMINATED : t->woken ? THREAD_WOKEN : THREAD_TIMEOUT;
        if (serial && had)
            take_turn();
    }
    if (serial || took)
        pthread_mutex_unlock(&lock);
    return r;
}

enum thread_wake thread_wait(const uintptr_t *keys, unsigned n, const struct timespec *deadline)
{
    trace_thread_flush(); /* a blocked thread's trace is not held back */
    return wait_keys(keys, n, deadline, true);
}

static void kick_wake_fd(struct guest_thread *t)
{
    uint64_t one = 1;
    if (t->wake_fd >= 0 && write(t->wake_fd, &one, sizeof one) < 0) {
        /* the counter is already non-zero: the poll ends anyway */
    }
}

static void wake_thread(struct guest_thread *t)
{
    t->woken = true;
    pthread_cond_signal(&t->cond);
    if (t->polling)
        kick_wake_fd(t);
}

/* Whether the current thread held the process lock when it left it for a
 * blocking host call (thread_unlock .. thread_relock). */
static _Thread_local bool unlocked_had;

int thread_unlock(const uintptr_t *keys, unsigned n)
{
    struct guest_thread *t = current_thread;
    trace_thread_flush(); /* a blocked thread's trace is not held back */
    unlocked_had = held;
    if (serial || !held)
        pthread_mutex_lock(&lock);
    t->wait_keys = keys;
    t->nwait = n;
    t->woken = false;
    t->waiting = true;
    t->polling = true;
    if (t->terminating) /* asked before it got here: the poll must not block */
        kick_wake_fd(t);
    if (serial && unlocked_had)
        give_turn();
    held = false;
    pthread_mutex_unlock(&lock);
    return t->wake_fd;
}

enum thread_wake thread_relock(void)
{
    struct guest_thread *t = current_thread;
    pthread_mutex_lock(&lock);
    t->waiting = false;
    t->polling = false;
    t->nwait = 0;
    uint64_t v;
    while (t->wake_fd >= 0 && read(t->wake_fd, &v, sizeof v) > 0)
        ; /* drained: the next poll blocks again */
    enum thread_wake r = t->terminating ? THREAD_TERMINATED : t->woken ? THREAD_WOKEN : THREAD_TIMEOUT;
    if (serial) {
        if (unlocked_had)
            take_turn();
        pthread_mutex_unlock(&lock);
    } else if (unlocked_had) {
        held = true; /* keeps the mutex */
    } else {
        pthread_mutex_unlock(&lock);
    }
    return r;
}

/* Milliseconds from now until the deadline, rounded up; -1 for none. */
static int poll_timeout(const struct timespec *deadline)
{
    if (!deadline)
        return -1;
    int64_t ns = (int64_t)deadline->tv_sec * 1000000000LL + deadline->tv_nsec - clock_host_ns();
    if (ns <= 0)
        return 0;
    int64_t ms = (ns + 999999) / 1000000;
    return ms > INT32_MAX ? INT32_MAX : (int)ms;
}

#define MAX_WAIT_FDS 64u

enum thread_wake thread_wait_io(const uintptr_t *keys, unsigned n, struct pollfd *fds, unsigned nfds,
                                const struct timespec *deadline)
{
    if (nfds == 0)
        return thread_wait(keys, n, deadline);
    if (nfds > MAX_WAIT_FDS)
        nfds = MAX_WAIT_FDS;
    struct pollfd all[MAX_WAIT_FDS + 1];
    memcpy(all, fds, nfds * sizeof *fds);
    int wfd = thread_unlock(keys, n);
    all[nfds] = (struct pollfd){ .fd = wfd, .events = POLLIN };
    int rc;
    do
        rc = poll(all, nfds + (wfd >= 0), poll_timeout(deadline));
    while (rc < 0 && errno == EINTR);
    enum thread_wake r = thread_relock();
    bool ready = false;
    for (unsigned i = 0; i < nfds; i++) {
        fds[i].revents = all[i].revents;
        ready |= all[i].revents != 0;
    }
    if (r != THREAD_TIMEOUT)
        return r;
    return ready || rc < 0 ? THREAD_WOKEN : THREAD_TIMEOUT;
}

void thread_wake(uintptr_t key)
{
    if (serial)
        pthread_mutex_lock(&lock);
    for (struct guest_thread *t = thread_list; t; t = t->next) {
        if (!t->waiting)
            continue;
        for (unsigned i = 0; i < t->nwait; i++)
            if (t->wait_keys[i] == key) {
                wake_thread(t);
                break;
            }
    }
    if (serial)
        pthread_mutex_unlock(&lock);
}

bool thread_yield(void)
{
    if (serial) {
        if (!held)
            return false;
        pthread_mutex_lock(&lock);
        bool others = next_ticket - serving > 1;
        if (others) {
            give_turn();
            take_turn();
        }
        pthread_mutex_unlock(&lock);
        return others;
    }
    bool had = held;
    thread_to_guest();
    sched_yield();
    if (had)
        thread_to_host();
    return live > 1;
}

void thread_check_suspend(void)
{
    struct guest_thread *t = current_thread;
    uintptr_t key = (uintptr_t)&t->suspend_count;
    while (t->suspend_count && !t->terminating)
        thread_wait(&key, 1, NULL);
}

/* hooks.interrupted: another thread's turn (serial), or a suspension. */
void thread_interrupted(struct cpu_thread *c)
{
    thread_to_host();
    if (serial)
        thread_yield();
    thread_check_suspend();
    /* a stop request the backend dropped (a run starting clears it) */
    if (current_thread->terminating)
        proc->cpu->stop(c);
    thread_to_guest();
}

/* ------------------------------------------------------------- recursive locks */

static struct guest_thread *by_tid(uint32_t tid)
{
    for (struct guest_thread *t = thread_list; t; t = t->next)
        if (t->tid == tid)
            return t;
    return NULL;
}

bool thread_lock_enter(struct thread_lock *l)
{
    struct guest_thread *me = current_thread;
    uintptr_t key = (uintptr_t)l;
    while (l->owner && l->owner != me->tid) {
        struct guest_thread *o = by_tid(l->owner);
        if (!o || o->ended) /* its owner was terminated holding it */
            break;
        if (thread_wait(&key, 1, NULL) == THREAD_TERMINATED)
            return false;
    }
    if (l->owner != me->tid) {
        l->owner = me->tid;
        l->depth = 0;
    }
    l->depth++;
    return true;
}

void thread_lock_leave(struct thread_lock *l)
{
    if (l->owner != current_thread->tid || l->depth == 0)
        return;
    if (--l->depth == 0) {
        l->owner = 0;
        thread_wake((uintptr_t)l);
    }
}

/* ------------------------------------------------------------------ TEBs */

static gaddr *teb_free;
static size_t nteb_free, teb_free_cap;
static unsigned teb_next = 1;
static gaddr own_granules[64];
static unsigned nown;

static bool own_granule(gaddr g)
{
    for (unsigned i = 0; i < nown; i++)
        if (own_granules[i] == g)
            return true;
    return false;
}

static bool push_free_teb(gaddr a)
{
    if (nteb_free == teb_free_cap) {
        size_t cap = teb_free_cap ? teb_free_cap * 2 : 16;
        gaddr *n = realloc(teb_free, cap * sizeof *n);
        if (!n)
            return false;
        teb_free = n;
        teb_free_cap = cap;
    }
    teb_free[nteb_free++] = a;
    return true;
}

/* Where WoW64 on Windows 7 put them: below the main TEB, 0x3000 apart, in
 * the PEB's reservation and the ones under it; elsewhere when taken. */
static bool teb_place(gaddr a)
{
    gaddr g = a & ~(VM_GRANULARITY - 1);
    if (nown == 0)
        own_granules[nown++] = PEB_ADDR & ~(VM_GRANULARITY - 1);
    if (own_granule(g))
        return true;
    if (nown == sizeof own_granules / sizeof own_granules[0])
        return false;
    gaddr base = g;
    if (vm_reserve(&proc->vm, &base, VM_GRANULARITY, 0, PAGE_READWRITE, false) != STATUS_SUCCESS)
        return false;
    vmmap_tag(base, "PEB and TEBs");
    vm_system_mark(base, VM_SYSTEM_SECURED);
    own_granules[nown++] = g;
    return true;
}

static gaddr teb_alloc(void)
{
    if (nteb_free) {
        gaddr a = teb_free[--nteb_free];
        gm_fill(a, 0, TEB_SIZE);
        return a;
    }
    while (teb_next < TEB_SLOTS) {
        gaddr a = TEB_MAIN_ADDR - TEB_STRIDE * teb_next++;
        if (teb_place(a))
            return a;
    }
    gaddr base = 0;
    if (vm_reserve(&proc->vm, &base, VM_GRANULARITY, MEM_TOP_DOWN, PAGE_READWRITE, false) != STATUS_SUCCESS)
        return 0;
    vmmap_tag(base, "TEBs");
    vm_system_mark(base, VM_SYSTEM_SECURED);
    for (gaddr a = base + VM_GRANULARITY - VM_PAGE_SIZE; a > base; a -= VM_PAGE_SIZE)
        if (!push_free_teb(a))
            break;
    return base;
}

/* --------------------------------------------------------------- threads */

static bool init_cond(pthread_cond_t *c)
{
    pthread_condattr_t a;
    pthread_condattr_init(&a);
    pthread_condattr_setclock(&a, CLOCK_MONOTONIC);
    bool ok = pthread_cond_init(c, &a) == 0;
    pthread_condattr_destroy(&a);
    return ok;
}

/* The thread's condition variable and wake descriptor. */
static bool init_wait(struct guest_thread *t)
{
    t->wake_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (t->wake_fd < 0)
        return false;
    if (init_cond(&t->cond))
        return true;
    close(t->wake_fd);
    t->wake_fd = -1;
    return false;
}

static void destroy_wait(struct guest_thread *t)
{
    pthread_cond_destroy(&t->cond);
    if (t->wake_fd >= 0)
        close(t->wake_fd);
    t->wake_fd = -1;
}

bool threads_init(struct guest_thread *t)
{
    serial = proc->cpu->serial;
    if (!init_wait(t))
        return false;
    t->obj = kobj_create(KOBJ_THREAD);
    if (!t->obj)
        return false;
    t->obj->thread = t;
    t->obj->tid = t->tid;
    next_tid = t->tid + 4;
    t->attached = true; /* PROCESS_ATTACH stands for THREAD_ATTACH */
    thread_list = t;
    current_thread = t;
    live = 1;
    hosts = 1;
    return true;
}

struct guest_thread *thread_by_tid(uint32_t tid)
{
    struct guest_thread *t = by_tid(tid);
    return t && !t->ended ? t : NULL;
}

unsigned thread_live_count(void)
{
    return live;
}

static void unlink_thread(struct guest_thread *t)
{
    for (struct guest_thread **p = &thread_list; *p; p = &(*p)->next)
        if (*p == t) {
            *p = t->next;
            return;
        }
}

/* The thread's CPU state goes away under the scheduler's lock: the ticker
 * reads it there. */
static void set_cpu(struct guest_thread *t, struct cpu_thread *cpu)
{
    pthread_mutex_t *m = serial ? &lock : NULL;
    if (m)
        pthread_mutex_lock(m);
    t->cpu = cpu;
    if (m)
        pthread_mutex_unlock(m);
}

/* Asks a thread to stop running guest code (it may be anywhere). */
static void request_stop(struct guest_thread *t)
{
    if (t->ended)
        return;
    if (serial)
        pthread_mutex_lock(&lock);
    t->terminating = true;
    wake_thread(t);
    if (serial)
        pthread_mutex_unlock(&lock);
    if (t->cpu) {
        proc->cpu->stop(t->cpu);
        proc->cpu->interrupt(t->cpu);
    }
}

/* Frees what only the thread used: TLS blocks, msvcrt cells, its stack and
 * TEB; its object is signaled. Runs on the thread, its guest code over. */
static void release_thread(struct guest_thread *t)
{
    apc_drop_all(t);
    thread_loader.free_tls(t->teb);
    if (t->crt_errno)
        heap_free(proc->process_heap, t->crt_errno);
    t->crt_errno = 0;
    if (t->stack_alloc)
        vm_release(&proc->vm, t->stack_alloc);
    if (t->teb)
        push_free_teb(t->teb);
    if (t->cpu) {
        struct cpu_thread *cpu = t->cpu;
        set_cpu(t, NULL);
        proc->cpu->thread_destroy(cpu);
    }
    unlink_thread(t);
    destroy_wait(t);
}

/* The guest part of a thread is over: its object is signaled and its
 * mutexes abandoned; the last thread to end ends the process. */
static void guest_part_ended(struct guest_thread *t)
{
    t->ended = true;
    if (!t->exiting && live > 0) {
        live--;
        if (live == 0 && !proc->exiting && t->terminating)
            process_exit(t->exit_code); /* the last thread was terminated */
    }
    kobj_thread_ended(t);
    thread_wake((uintptr_t)&key_ended);
}

/* Waits until no other thread runs guest code, asking the stragglers
 * again every few milliseconds (a request can arrive while a thread is
 * between host and guest code, where it is not seen). */
static void wait_others_ended(bool abortable)
{
    struct guest_thread *me = current_thread;
    uintptr_t key = (uintptr_t)&key_ended;
    for (;;) {
        bool all = true;
        for (struct guest_thread *t = thread_list; t; t = t->next)
            if (t != me && !t->ended) {
                all = false;
                request_stop(t);
            }
        if (all)
            return;
        struct timespec d;
        thread_deadline(REKICK_MS, &d);
        if (wait_keys(&key, 1, &d, abortable) == THREAD_TERMINATED)
            return;
    }
}

/* The kernel logger's Thread Start/End record: no kernel stack here; the
 * start address is the thread start thunk, the Win32 one the routine. */
static void record_thread(unsigned kind, const struct guest_thread *t)
{
    TRACE_RECORD(kind, proc->pid, t->tid, 0u, 0u, t->stack_base, t->stack_limit, t->start_eip, t->start_eax,
                 t->teb, 0u);
}

void thread_record_main(bool start)
{
    record_thread(start ? TRACE_REC_THREAD_START : TRACE_REC_THREAD_END, &proc->main_thread);
}

static void finish_host_thread(struct guest_thread *t)
{
    trace_thread_end(); /* its trace is written before the process may end */
    hosts--;
    thread_wake((uintptr_t)&key_hosts);
    release_thread(t);
    current_thread = NULL;
    lock_release();
    free(t);
}

/* What the creator waits for, on its own stack: the thread may be over
 * and freed before the creator runs again. */
struct thread_start {
    bool created, failed;
};

static void report_start(struct guest_thread *t, bool ok)
{
    struct thread_start *s = t->start;
    t->start = NULL;
    if (ok)
        s->created = true;
    else
        s->failed = true;
    thread_wake((uintptr_t)s);
}

static void *thread_main(void *arg)
{
    struct guest_thread *t = arg;
    current_thread = t;
    lock_acquire();
    struct cpu_thread *cpu = proc->cpu->thread_create(t->teb);
    if (!cpu) {
        report_start(t, false);
        hosts--;
        current_thread = NULL;
        lock_release(); /* the creator frees the rest */
        return NULL;
    }
    set_cpu(t, cpu);
    record_thread(TRACE_REC_THREAD_START, t);
    report_start(t, true);
    thread_check_suspend();
    /* DLL_THREAD_ATTACH already runs on the thread's stack */
    struct cpu_context ctx = { 0 };
    ctx.esp = t->stack_base - 16;
    ctx.eflags = 0x202;
    proc->cpu->set_context(cpu, &ctx);
    if (!t->terminating && thread_loader.attach()) {
        t->attached = true;
        ctx.eip = t->start_eip;
        ctx.eax = t->start_eax;
        ctx.ebx = t->start_ebx;
        thread_to_guest();
        seh_run(cpu, &ctx);
        thread_to_host();
    }
    guest_part_ended(t);
    record_thread(TRACE_REC_THREAD_END, t);
    if (proc->exiting)
        wait_others_ended(false);
    finish_host_thread(t);
    return NULL;
}

static void destroy_unstarted(struct guest_thread *t)
{
    t->ended = true;
    live--;
    if (t->stack_alloc)
        vm_release(&proc->vm, t->stack_alloc);
    if (t->teb)
        push_free_teb(t->teb);
    unlink_thread(t);
    if (t->obj) {
        t->obj->thread = NULL;
        t->obj->signaled = true;
        kobj_unref(t->obj);
    }
    destroy_wait(t);
    free(t);
}

struct kobj *thread_create(const struct thread_params *p, uint32_t *tid, uint32_t *error)
{
    *error = 8; /* ERROR_NOT_ENOUGH_MEMORY */
    if (closing || proc->exiting) {
        *error = 5; /* ERROR_ACCESS_DENIED: STATUS_PROCESS_IS_TERMINATING */
        return NULL;
    }
    if (!go_multi())
        return NULL;
    struct guest_thread *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    if (!init_wait(t)) {
        free(t);
        return NULL;
    }
    t->tid = next_tid;
    next_tid += 4;
    t->start_eip = p->start_eip;
    t->start_eax = p->start_eax;
    t->start_ebx = p->start_ebx;
    t->suspend_count = p->suspended ? 1 : 0;
    t->next = thread_list ? thread_list->next : NULL; /* the main thread stays first */
    if (thread_list)
        thread_list->next = t;
    else
        thread_list = t;
    live++;
    t->obj = kobj_create(KOBJ_THREAD);
    uint32_t reserve = p->stack_reserve ? p->stack_reserve : proc->stack_reserve;
    uint32_t commit = p->stack_commit ? p->stack_commit : proc->stack_commit;
    if (!t->obj || !stack_create(t, reserve, commit)) {
        destroy_unstarted(t);
        return NULL;
    }
    t->obj->thread = t;
    t->obj->tid = t->tid;
    t->teb = teb_alloc();
    if (!t->teb || teb_create(t->teb, proc->peb, t->stack_base, t->stack_limit, proc->pid, t->tid) !=
                       STATUS_SUCCESS) {
        destroy_unstarted(t);
        return NULL;
    }
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    hosts++;
    /* the caller's reference: the thread may end before it looks */
    struct kobj *obj = t->obj;
    kobj_ref(obj);
    *tid = t->tid;
    struct thread_start start = { false, false };
    t->start = &start;
    pthread_t h;
    int rc = pthread_create(&h, &attr, thread_main, t);
    pthread_attr_destroy(&attr);
    if (rc != 0) {
        hosts--;
        kobj_unref(obj);
        destroy_unstarted(t);
        return NULL;
    }
    /* the CPU state is made on the new host thread: wait for the verdict */
    uintptr_t key = (uintptr_t)&start;
    while (!start.created && !start.failed)
        wait_keys(&key, 1, NULL, false);
    if (start.failed) {
        kobj_unref(obj);
        destroy_unstarted(t);
        return NULL;
    }
    return obj;
}

void thread_exit(uint32_t code)
{
    struct guest_thread *t = current_thread;
    if (t->exiting || t->terminating)
        return;
    t->exiting = true;
    t->exit_code = code;
    if (--live == 0) {
        /* the last thread: the process ends with its code, as ExitProcess
         * ends it (threads still in their own ExitThread end first), and
         * the DLLs get PROCESS_DETACH instead */
        if (threads_terminate_others()) {
            thread_loader.detach_all();
            process_exit(code);
        }
        return;
    }
    if (t->attached)
        thread_loader.detach();
    if (t->cpu)
        proc->cpu->stop(t->cpu);
}

void thread_terminate(struct guest_thread *t, uint32_t code)
{
    if (t->ended || t->terminating)
        return;
    t->exit_code = code;
    if (t == current_thread) {
        t->terminating = true;
        proc->cpu->stop(t->cpu);
        return;
    }
    request_stop(t);
}

uint32_t thread_suspend(struct guest_thread *t)
{
    uint32_t prev = t->suspend_count, tid = t->tid;
    if (prev >= MAX_SUSPEND)
        return (uint32_t)-1;
    t->suspend_count++;
    if (t == current_thread || !t->cpu || t->ended)
        return prev; /* the current thread stops as its call returns */
    /* asynchronous on Windows too; give it a moment to get there (it may
     * end meanwhile: look it up again after each wait) */
    for (int i = 0; i < SUSPEND_POLL && (t = by_tid(tid)) && t->suspend_count && !t->ended && !t->waiting;
         i++) {
        if (serial)
            pthread_mutex_lock(&lock);
        if (t->cpu)
            proc->cpu->interrupt(t->cpu);
        if (serial)
            pthread_mutex_unlock(&lock);
        if (serial)
            break; /* it cannot run before it has seen the request */
        struct timespec d;
        thread_deadline(REKICK_MS / 2 ? REKICK_MS / 2 : 1, &d);
        uintptr_t key = (uintptr_t)&key_ended;
        wait_keys(&key, 1, &d, false);
    }
    return prev;
}

uint32_t thread_resume(struct guest_thread *t)
{
    uint32_t prev = t->suspend_count;
    if (prev > 0 && --t->suspend_count == 0)
        thread_wake((uintptr_t)&t->suspend_count);
    return prev;
}

/* ----------------------------------------------------------- process end */

bool threads_terminate_others(void)
{
    if (!atomic_load(&multi))
        return true;
    if (current_thread->terminating)
        return false;
    closing = true;
    wait_others_ended(true);
    return !current_thread->terminating;
}

void threads_stop_all(void)
{
    struct guest_thread *me = current_thread;
    closing = true;
    if (me && me->cpu)
        proc->cpu->stop(me->cpu);
    if (!atomic_load(&multi))
        return;
    for (struct guest_thread *t = thread_list; t; t = t->next)
        if (t != me)
            request_stop(t);
}

void threads_finish(void)
{
    struct guest_thread *me = current_thread;
    if (!me)
        return;
    if (!me->ended)
        guest_part_ended(me);
    if (!atomic_load(&multi))
        return;
    uintptr_t key = (uintptr_t)&key_hosts;
    while (hosts > 1) {
        struct timespec d;
        if (proc->exiting) {
            for (struct guest_thread *t = thread_list; t; t = t->next)
                if (t != me)
                    request_stop(t);
            thread_deadline(REKICK_MS, &d);
        }
        wait_keys(&key, 1, proc->exiting ? &d : NULL, false);
    }
    if (ticker_running) {
        pthread_mutex_lock(&lock);
        ticker_quit = true;
        pthread_mutex_unlock(&lock);
        pthread_join(ticker, NULL);
        ticker_running = false;
    }
}
