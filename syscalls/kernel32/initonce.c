/* kernel32 one-time initialization. The INIT_ONCE word holds Windows'
 * state: its low two bits are 0 before anyone began, 1 while a synchronous
 * initialization runs, 3 while asynchronous ones may run, 2 once done,
 * with the context (its low two bits clear) above them. Threads that meet
 * a synchronous initialization in progress wait outside the process lock
 * until it completes or fails. */
#include "core/guest_mem.h"
#include "core/heap.h"
#include "core/process.h"
#include "core/thread.h"
#include "syscalls/api.h"
#include "syscalls/kernel32/api_args.h"
#include "syscalls/win32_errors.h"

#define INIT_ONCE_CHECK_ONLY  0x1u
#define INIT_ONCE_ASYNC       0x2u
#define INIT_ONCE_INIT_FAILED 0x4u
#define STATE_MASK   3u
#define STATE_FRESH  0u
#define STATE_SYNC   1u
#define STATE_DONE   2u
#define STATE_ASYNC  3u

static uintptr_t key_of(gaddr once)
{
    return (uintptr_t)once << 1 | 1u;
}

static uint64_t fail(uint32_t err)
{
    teb_set_last_error(err);
    return 0;
}

enum begin { BEGIN_DONE, BEGIN_PENDING, BEGIN_ENDED };

/* InitOnceBeginInitialize's decision; 0 or the Win32 error in *err. */
static enum begin begin(gaddr once, uint32_t flags, uint32_t *context, uint32_t *err)
{
    uintptr_t key = key_of(once);
    *err = 0;
    for (;;) {
        uint32_t *w = gm_ptr(once, 4, true);
        if (!w) {
            *err = ERROR_NOACCESS;
            return BEGIN_DONE;
        }
        uint32_t v = __atomic_load_n(w, __ATOMIC_SEQ_CST);
        switch (v & STATE_MASK) {
        case STATE_DONE:
            *context = v & ~STATE_MASK;
            return BEGIN_DONE;
        case STATE_FRESH:
            if (flags & INIT_ONCE_CHECK_ONLY) {
                *err = ERROR_GEN_FAILURE; /* STATUS_UNSUCCESSFUL */
                return BEGIN_DONE;
            }
            __atomic_store_n(w, flags & INIT_ONCE_ASYNC ? STATE_ASYNC : STATE_SYNC, __ATOMIC_SEQ_CST);
            return BEGIN_PENDING;
        case STATE_ASYNC:
            if (flags & INIT_ONCE_CHECK_ONLY) {
                *err = ERROR_GEN_FAILURE;
                return BEGIN_DONE;
            }
            if (!(flags & INIT_ONCE_ASYNC)) {
                *err = ERROR_INVALID_PARAMETER;
                return BEGIN_DONE;
            }
            return BEGIN_PENDING;
        default: /* STATE_SYNC: another thread initializes */
            if (flags & (INIT_ONCE_CHECK_ONLY | INIT_ONCE_ASYNC)) {
                *err = flags & INIT_ONCE_ASYNC ? ERROR_INVALID_PARAMETER : ERROR_GEN_FAILURE;
                return BEGIN_DONE;
            }
            if (thread_wait(&key, 1, NULL) == THREAD_TERMINATED)
                return BEGIN_ENDED;
        }
    }
}

/* InitOnceComplete: 0 or the Win32 error. */
static uint32_t complete(gaddr once, uint32_t flags, uint32_t context)
{
    if ((flags & ~(INIT_ONCE_ASYNC | INIT_ONCE_INIT_FAILED)) ||
        (flags & INIT_ONCE_ASYNC && flags & INIT_ONCE_INIT_FAILED) || (context & STATE_MASK))
        return ERROR_INVALID_PARAMETER;
    uint32_t *w = gm_ptr(once, 4, true);
    if (!w)
        return ERROR_NOACCESS;
    uint32_t v = __atomic_load_n(w, __ATOMIC_SEQ_CST);
    if (flags & INIT_ONCE_ASYNC) {
        if ((v & STATE_MASK) == STATE_DONE)
            return ERROR_ALREADY_EXISTS; /* another one completed first */
        if ((v & STATE_MASK) != STATE_ASYNC)
            return ERROR_INVALID_PARAMETER;
    } else if ((v & STATE_MASK) != STATE_SYNC) {
        return ERROR_INVALID_PARAMETER;
    }
    __atomic_store_n(w, flags & INIT_ONCE_INIT_FAILED ? STATE_FRESH : context | STATE_DONE, __ATOMIC_SEQ_CST);
    thread_wake(key_of(once));
    return 0;
}

uint64_t kernel32_InitOnceInitialize(struct thunk_call *c)
{
    API_ARGS(kernel32, InitOnceInitialize, a);
    gm_write_u32(a.InitOnce, 0);
    return 0;
}

uint64_t kernel32_InitOnceBeginInitialize(struct thunk_call *c)
{
    API_ARGS(kernel32, InitOnceBeginInitialize, a);
    if (a.dwFlags & ~(INIT_ONCE_CHECK_ONLY | INIT_ONCE_ASYNC))
        return fail(ERROR_INVALID_PARAMETER);
    if (!a.fPending)
        return fail(ERROR_INVALID_PARAMETER);
    uint32_t context = 0, err;
    enum begin b = begin(a.lpInitOnce, a.dwFlags, &context, &err);
    if (b == BEGIN_ENDED) {
        c->no_return = true;
        return 0;
    }
    if (err)
        return fail(err);
    if (!gm_write_u32(a.fPending, b == BEGIN_PENDING))
        return fail(ERROR_NOACCESS);
    if (b == BEGIN_DONE && a.lpContext)
        gm_write_u32(a.lpContext, context);
    return 1;
}

uint64_t kernel32_InitOnceComplete(struct thunk_call *c)
{
    API_ARGS(kernel32, InitOnceComplete, a);
    uint32_t err = complete(a.lpInitOnce, a.dwFlags, a.lpContext);
    return err ? fail(err) : 1;
}

/* The callback gets a context cell of its own; what it leaves there
 * becomes the INIT_ONCE's context. BOOL CALLBACK fn(once, param, &ctx). */
uint64_t kernel32_InitOnceExecuteOnce(struct thunk_call *c)
{
    API_ARGS(kernel32, InitOnceExecuteOnce, a);
    uint32_t context = 0, err;
    enum begin b = begin(a.InitOnce, 0, &context, &err);
    if (b == BEGIN_ENDED) {
        c->no_return = true;
        return 0;
    }
    if (err)
        return fail(err);
    if (b == BEGIN_PENDING) {
        gaddr cell = heap_alloc(proc->process_heap, 4, HEAP_ZERO_MEMORY);
        uint32_t ok = 0, args[3] = { a.InitOnce, a.Parameter, cell };
        if (!cell) {
            complete(a.InitOnce, INIT_ONCE_INIT_FAILED, 0);
            return fail(ERROR_NOT_ENOUGH_MEMORY);
        }
        if (!thunk_call_guest(c, a.InitFn, args, 3, &ok))
            return 0; /* the thread or process is ending */
        gm_read_u32(cell, &context);
        heap_free(proc->process_heap, cell);
        context &= ~STATE_MASK;
        complete(a.InitOnce, ok ? 0 : INIT_ONCE_INIT_FAILED, context);
        if (!ok)
            return 0; /* the callback's last error stands */
    }
    if (a.Context)
        gm_write_u32(a.Context, context);
    return 1;
}
