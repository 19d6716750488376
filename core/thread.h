/* Guest threads: each runs on a host thread of its own. Host code (handlers,
 * the loader, exception dispatch) runs under one process-wide lock; guest
 * code runs without it (or with it, under a serial backend). Blocking waits
 * release it. Creation, exit, termination and the end of the process. */
#ifndef WOWBOX_CORE_THREAD_H
#define WOWBOX_CORE_THREAD_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "core/vm.h"

struct cpu_thread;
struct kobj;
struct thread_apc;

struct guest_thread {
    struct cpu_thread *cpu;
    gaddr teb;
    gaddr stack_alloc, stack_base, stack_limit; /* reservation, top, committed bottom */
    uint32_t tid;
    struct kobj *obj;          /* the thread object handles refer to */
    /* where the guest starts (eip) with eax = start routine, ebx = parameter */
    gaddr start_eip, start_eax, start_ebx;
    uint32_t suspend_count;
    int32_t priority;          /* THREAD_PRIORITY_*: kept, the host schedules */
    uint32_t exit_code;
    bool terminating;          /* end without running more guest code */
    bool exiting;              /* ExitThread is running its detach work */
    bool ended;                /* its guest code is over */
    bool attached;             /* DLL_THREAD_ATTACH ran: detach at exit */
    struct thread_start *start; /* the creator's, until the thread reports */
    /* a blocked thread: what it waits for (keys, see thread_wait) */
    pthread_cond_t cond;
    int wake_fd;               /* eventfd: wakes a wait that polls host descriptors */
    bool waiting, woken;
    bool polling;              /* blocked in poll(): a wake also writes wake_fd */
    const uintptr_t *wait_keys;
    unsigned nwait;
    struct thread_apc *apcs;   /* user APCs queued to it (core/apc.h) */
    /* msvcrt's per-thread state (syscalls/msvcrt/thread.c) */
    gaddr crt_errno;           /* errno, _doserrno cells; 0 until first used */
    uint32_t crt_handle;       /* _beginthread: the handle _endthread closes */
    /* WoW64 file-system redirection, what Windows keeps in the 64-bit TEB's
     * WOW64_TLS_FILESYSREDIR slot: the value RtlWow64EnableFsRedirectionEx
     * stored, nonzero = System32 is not redirected for this thread
     * (syscalls/ntdll/wow64_fs.c). A new thread starts at 0. */
    uint32_t fs_redirect_disabled;
    struct guest_thread *next;
};

/* What the loader does at a thread's start and end (loader/dll_load.c,
 * loader/tls.c), as the kernel hands every new thread to ntdll's
 * LdrInitializeThunk: set once at start-up (core/app), so core never
 * includes loader/. */
struct thread_loader_hooks {
    /* static TLS, TLS callbacks and DllMain(THREAD_ATTACH) on the current
     * thread; false when it is being ended meanwhile */
    bool (*attach)(void);
    /* THREAD_DETACH, DLLs in reverse order */
    void (*detach)(void);
    /* the last thread ends the process: PROCESS_DETACH instead */
    void (*detach_all)(void);
    /* a thread's static TLS blocks go back to the heap */
    void (*free_tls)(gaddr teb);
};
extern struct thread_loader_hooks thread_loader;

/* The guest thread this host thread runs (NULL on host-only threads). */
extern _Thread_local struct guest_thread *current_thread;
/* Every thread that has not finished, the main thread first. */
extern struct guest_thread *thread_list;

/* The main thread, once its TEB, stack and CPU exist. */
bool threads_init(struct guest_thread *main_thread);
/* The main thread's kernel-logger Thread Start (start) or End record. */
void thread_record_main(bool start);

/* Transitions of the current host thread: into host code (a thunk, an
 * exception, back from a guest call) and back into guest code. */
void thread_to_host(void);
void thread_to_guest(void);

enum thread_wake { THREAD_WOKEN, THREAD_TIMEOUT, THREAD_TERMINATED };
/* Blocks the current thread (the process lock released) until another
 * thread calls thread_wake with one of `keys`, the deadline passes
 * (CLOCK_MONOTONIC; NULL: none), or the thread is being terminated. Wakes
 * may be spurious: callers re-check their condition. */
enum thread_wake thread_wait(const uintptr_t *keys, unsigned n, const struct timespec *deadline);
/* The same wait, also ended by one of the host descriptors becoming ready
 * (poll(2) events in fds[i].events; revents are filled in). The hook for
 * every waitable host object: pipes, the console, sockets, pidfds. */
struct pollfd;
enum thread_wake thread_wait_io(const uintptr_t *keys, unsigned n, struct pollfd *fds, unsigned nfds,
                                const struct timespec *deadline);
/* A blocking host call outside the process lock: between thread_unlock
 * and thread_relock the thread must touch neither guest memory nor shared
 * host state, and should block only in poll() on the returned descriptor
 * too, which becomes readable when the thread is being ended (or woken on
 * one of `keys`). -1 when there is no such descriptor. */
int thread_unlock(const uintptr_t *keys, unsigned n);
/* Takes the process lock again; THREAD_TERMINATED when the thread is
 * being ended, THREAD_WOKEN when one of the keys was signalled. */
enum thread_wake thread_relock(void);
/* The key of waits on a guest address (ntdll RtlWaitOnAddress, a heap's
 * lock word): never a host object's (even) nor a critical section's (odd). */
static inline uintptr_t thread_address_key(gaddr a) { return (uintptr_t)a << 2 | 2u; }
/* Wakes every thread waiting on `key` (host code, process lock held). */
void thread_wake(uintptr_t key);
/* now + ms of host time on CLOCK_MONOTONIC, for the layer's own waits;
 * a guest wait's deadline is core/clock.h's clock_deadline (scaled) */
void thread_deadline(uint32_t ms, struct timespec *ts);
/* Lets other threads run (Sleep(0), SwitchToThread); whether some could. */
bool thread_yield(void);
/* Blocks while the current thread's suspend count is above zero. */
void thread_check_suspend(void);
/* cpu_hooks.interrupted */
void thread_interrupted(struct cpu_thread *c);

/* A new guest thread (CreateThread): stack, TEB and host thread; the CPU
 * state is created on the host thread, which then waits while suspended,
 * gets its static TLS and DLL_THREAD_ATTACH, and runs from start_eip.
 * Returns its thread object with a reference for the caller (the thread
 * may be over before the caller looks: obj->thread is NULL then), and its
 * id; NULL with *error (a Win32 code) when it cannot exist. */
struct thread_params {
    gaddr start_eip, start_eax, start_ebx;
    uint32_t stack_reserve, stack_commit; /* 0: the image's */
    bool suspended;
};
struct kobj *thread_create(const struct thread_params *p, uint32_t *tid, uint32_t *error);
/* ExitThread from a handler: DLL_THREAD_DETACH, then the thread stops; the
 * last thread ends the process instead, as Windows does. */
void thread_exit(uint32_t code);
/* TerminateThread: the thread stops without running more guest code. */
void thread_terminate(struct guest_thread *t, uint32_t code);
/* Suspend count changes: the previous count. */
uint32_t thread_suspend(struct guest_thread *t);
uint32_t thread_resume(struct guest_thread *t);
struct guest_thread *thread_by_tid(uint32_t tid);
/* Threads whose guest code has not ended. */
unsigned thread_live_count(void);

/* ExitProcess: ends every other thread and waits until none runs guest
 * code any more; false when the current thread is itself being ended. */
bool threads_terminate_others(void);
/* process_exit: every thread stops (the current one at its next chance). */
void threads_stop_all(void);
/* The main host thread, its guest code over: waits until every other
 * thread is gone. */
void threads_finish(void);

/* A recursive lock that guest code runs under (the loader lock, msvcrt's
 * _lock): the owner may call guest code while holding it. */
struct thread_lock {
    uint32_t owner; /* thread id, 0 when free */
    uint32_t depth;
};
/* false: the thread is being terminated (it does not hold the lock). */
bool thread_lock_enter(struct thread_lock *l);
void thread_lock_leave(struct thread_lock *l);

#endif
