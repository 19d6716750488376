/* kernel32 slim reader/writer locks and condition variables. Both keep
 * their state where Windows does, in the guest's pointer-size word: an
 * SRWLOCK reads 0 when free, 1 held exclusively and (n << 4) | 1 held
 * shared by n threads (Windows' lock bit and share count); a
 * CONDITION_VARIABLE reads the number of threads sleeping on it (0 when
 * none; Windows keeps a pointer to its waiters there). The state changes
 * under the process lock; blocked threads wait outside it. */
#include <stdlib.h>

#include "core/clock.h"
#include "core/guest_mem.h"
#include "core/sync.h"
#include "core/process.h"
#include "core/thread.h"
#include "syscalls/api.h"
#include "syscalls/kernel32/api_args.h"
#include "syscalls/kernel32/sync.h"
#include "syscalls/win32_errors.h"

#define SRW_LOCKED      1u
#define SRW_SHARE_SHIFT 4
#define SRW_ONE_SHARER  (1u << SRW_SHARE_SHIFT)
#define CONDITION_VARIABLE_LOCKMODE_SHARED 1u

/* Waiters wait on an odd key made of the word's address (host object
 * keys are even pointers). */
static uintptr_t key_of(gaddr word)
{
    return (uintptr_t)word << 1 | 1u;
}

/* An unwritable word gives NULL: the lock then neither blocks nor changes. */
static uint32_t *word_at(gaddr a)
{
    return gm_ptr(a, 4, true);
}

static bool try_exclusive(uint32_t *w)
{
    uint32_t free_word = 0;
    return __atomic_compare_exchange_n(w, &free_word, SRW_LOCKED, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
}

static bool try_shared(uint32_t *w)
{
    uint32_t v = __atomic_load_n(w, __ATOMIC_SEQ_CST);
    for (;;) {
        if (v == SRW_LOCKED) /* held exclusively */
            return false;
        uint32_t next = v == 0 ? SRW_ONE_SHARER | SRW_LOCKED : v + SRW_ONE_SHARER;
        if (__atomic_compare_exchange_n(w, &v, next, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
            return true;
    }
}

/* Blocks until the lock is taken; false when the thread is being ended. */
static bool srw_acquire(gaddr lock, bool shared)
{
    uint32_t *w = word_at(lock);
    uintptr_t key = key_of(lock);
    while (w && !(shared ? try_shared(w) : try_exclusive(w))) {
        if (thread_wait(&key, 1, NULL) == THREAD_TERMINATED)
            return false;
        w = word_at(lock);
    }
    return true;
}

static void srw_release(gaddr lock, bool shared)
{
    uint32_t *w = word_at(lock);
    if (!w)
        return;
    uint32_t v = __atomic_load_n(w, __ATOMIC_SEQ_CST);
    if (!(v & SRW_LOCKED) || (shared != (v != SRW_LOCKED)))
        return; /* not held that way: Windows raises STATUS_RESOURCE_NOT_OWNED */
    uint32_t next = shared && v >> SRW_SHARE_SHIFT > 1 ? v - SRW_ONE_SHARER : 0;
    __atomic_store_n(w, next, __ATOMIC_SEQ_CST);
    if (next == 0)
        thread_wake(key_of(lock));
}

uint64_t kernel32_InitializeSRWLock(struct thunk_call *c)
{
    API_ARGS(kernel32, InitializeSRWLock, a);
    gm_write_u32(a.SRWLock, 0);
    return 0;
}

uint64_t kernel32_AcquireSRWLockExclusive(struct thunk_call *c)
{
    API_ARGS(kernel32, AcquireSRWLockExclusive, a);
    if (!srw_acquire(a.SRWLock, false))
        c->no_return = true;
    return 0;
}

uint64_t kernel32_AcquireSRWLockShared(struct thunk_call *c)
{
    API_ARGS(kernel32, AcquireSRWLockShared, a);
    if (!srw_acquire(a.SRWLock, true))
        c->no_return = true;
    return 0;
}

uint64_t kernel32_ReleaseSRWLockExclusive(struct thunk_call *c)
{
    API_ARGS(kernel32, ReleaseSRWLockExclusive, a);
    srw_release(a.SRWLock, false);
    return 0;
}

uint64_t kernel32_ReleaseSRWLockShared(struct thunk_call *c)
{
    API_ARGS(kernel32, ReleaseSRWLockShared, a);
    srw_release(a.SRWLock, true);
    return 0;
}

uint64_t kernel32_TryAcquireSRWLockExclusive(struct thunk_call *c)
{
    API_ARGS(kernel32, TryAcquireSRWLockExclusive, a);
    uint32_t *w = word_at(a.SRWLock);
    return w && try_exclusive(w);
}

uint64_t kernel32_TryAcquireSRWLockShared(struct thunk_call *c)
{
    API_ARGS(kernel32, TryAcquireSRWLockShared, a);
    uint32_t *w = word_at(a.SRWLock);
    return w && try_shared(w);
}

/* ------------------------------------------------- condition variables */

/* A condition variable with sleepers: how many sleep and how many wakes
 * are owed to them (each sleeper that finds one owed takes it). */
struct sleepers {
    gaddr cv;
    uint32_t waiting, owed;
    struct sleepers *next;
};

static struct sleepers *sleeping;

static struct sleepers *find_cv(gaddr cv)
{
    struct sleepers *s = sleeping;
    while (s && s->cv != cv)
        s = s->next;
    return s;
}

static void publish(struct sleepers *s)
{
    gm_write_u32(s->cv, s->waiting);
}

static void forget(struct sleepers *s)
{
    if (s->waiting)
        return;
    for (struct sleepers **p = &sleeping; *p; p = &(*p)->next)
        if (*p == s) {
            *p = s->next;
            break;
        }
    free(s);
}

/* How a sleeper gives up its lock and takes it again. */
struct cv_lock {
    gaddr addr;
    bool is_cs, shared;
    uint32_t depth; /* critical section: how deep it was entered */
};

static void lock_leave(struct cv_lock *l)
{
    if (l->is_cs)
        l->depth = kernel32_cs_leave_all(l->addr);
    else
        srw_release(l->addr, l->shared);
}

static bool lock_take(struct cv_lock *l)
{
    if (l->is_cs)
        return l->depth == 0 || kernel32_cs_reenter(l->addr, l->depth);
    return srw_acquire(l->addr, l->shared);
}

enum sleep_end { SLEEP_WOKEN, SLEEP_TIMEOUT, SLEEP_ENDED };

static enum sleep_end sleep_on(gaddr cv, struct cv_lock *l, uint32_t ms)
{
    struct sleepers *s = find_cv(cv);
    if (!s) {
        s = calloc(1, sizeof *s);
        if (!s)
            return SLEEP_TIMEOUT;
        s->cv = cv;
        s->next = sleeping;
        sleeping = s;
    }
    s->waiting++;
    publish(s);
    lock_leave(l);
    struct timespec deadline;
    if (ms != WAIT_INFINITE)
        clock_deadline((uint64_t)ms * 10000, &deadline);
    uintptr_t key = key_of(cv);
    enum sleep_end end;
    for (;;) {
        enum thread_wake w = ms == 0 ? THREAD_TIMEOUT
                                     : thread_wait(&key, 1, ms == WAIT_INFINITE ? NULL : &deadline);
        if (s->owed) {
            s->owed--;
            end = SLEEP_WOKEN;
            break;
        }
        if (w != THREAD_WOKEN) {
            end = w == THREAD_TERMINATED ? SLEEP_ENDED : SLEEP_TIMEOUT;
            if (end == SLEEP_TIMEOUT && ms != 0)
                clock_waited((uint64_t)ms * 10000);
            break;
        }
    }
    s->waiting--;
    if (s->owed > s->waiting)
        s->owed = s->waiting;
    publish(s);
    forget(s);
    if (end == SLEEP_ENDED || !lock_take(l))
        return SLEEP_ENDED;
    return end;
}

static uint64_t sleep_result(struct thunk_call *c, enum sleep_end end)
{
    if (end == SLEEP_ENDED)
        c->no_return = true;
    if (end == SLEEP_WOKEN)
        return 1;
    teb_set_last_error(ERROR_TIMEOUT);
    return 0;
}

uint64_t kernel32_InitializeConditionVariable(struct thunk_call *c)
{
    API_ARGS(kernel32, InitializeConditionVariable, a);
    gm_write_u32(a.ConditionVariable, 0);
    return 0;
}

uint64_t kernel32_SleepConditionVariableCS(struct thunk_call *c)
{
    API_ARGS(kernel32, SleepConditionVariableCS, a);
    struct cv_lock l = { .addr = a.CriticalSection, .is_cs = true };
    return sleep_result(c, sleep_on(a.ConditionVariable, &l, a.dwMilliseconds));
}

uint64_t kernel32_SleepConditionVariableSRW(struct thunk_call *c)
{
    API_ARGS(kernel32, SleepConditionVariableSRW, a);
    if (a.Flags & ~CONDITION_VARIABLE_LOCKMODE_SHARED) {
        teb_set_last_error(ERROR_INVALID_PARAMETER);
        return 0;
    }
    struct cv_lock l = { .addr = a.SRWLock, .shared = (a.Flags & CONDITION_VARIABLE_LOCKMODE_SHARED) != 0 };
    return sleep_result(c, sleep_on(a.ConditionVariable, &l, a.dwMilliseconds));
}

static void wake(gaddr cv, bool all)
{
    struct sleepers *s = find_cv(cv);
    if (!s || s->owed >= s->waiting)
        return;
    s->owed = all ? s->waiting : s->owed + 1;
    thread_wake(key_of(cv));
}

uint64_t kernel32_WakeConditionVariable(struct thunk_call *c)
{
    API_ARGS(kernel32, WakeConditionVariable, a);
    wake(a.ConditionVariable, false);
    return 0;
}

uint64_t kernel32_WakeAllConditionVariable(struct thunk_call *c)
{
    API_ARGS(kernel32, WakeAllConditionVariable, a);
    wake(a.ConditionVariable, true);
    return 0;
}
