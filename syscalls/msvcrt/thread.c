/* msvcrt threads: _beginthreadex/_beginthread and their _end* partners
 * (the CRT's start wrappers in guest code), the CRT's internal locks
 * (_lock/_unlock, held across guest code), and each thread's errno. */
#include <string.h>

#include "core/handles.h"
#include "core/heap.h"
#include "core/process.h"
#include "core/thread.h"
#include "loader/module.h"
#include "syscalls/api.h"
#include "syscalls/msvcrt/api_args.h"
#include "syscalls/kernel32/objects.h"
#include "syscalls/kernel32/thread.h"
#include "syscalls/msvcrt/state.h"
#include "syscalls/msvcrt/struct32.h"

#define CRT_EAGAIN 11
#define CRT_ENOMEM 12
#define CRT_EINVAL 22
#define CREATE_SUSPENDED 0x4u

gaddr msvcrt_errno_addr(void)
{
    struct guest_thread *t = current_thread;
    if (!t || t == &proc->main_thread)
        return msvcrt.errno_cell;
    if (!t->crt_errno) /* freed with the thread (core/thread.c) */
        t->crt_errno = heap_alloc(proc->process_heap, sizeof(CRT_THREAD_DATA32), HEAP_ZERO_MEMORY);
    return t->crt_errno ? t->crt_errno : msvcrt.errno_cell;
}

/* Start code for `f(arg)` the CRT way: _beginthreadex's routine is
 * stdcall and its result the exit code; _beginthread's is cdecl void and
 * ends in _endthread, which closes the thread's handle. */
static gaddr start_code(bool ex)
{
    static gaddr code[2];
    if (code[ex])
        return code[ex];
    struct module *k32 = module_find("kernel32.dll"), *crt = module_find("msvcrt.dll");
    gaddr target = ex ? (k32 ? module_export_by_name(k32, "ExitThread", -1) : 0)
                      : (crt ? module_export_by_name(crt, "_endthread", -1) : 0);
    if (!target)
        return 0;
    /* push ebx; call eax; [push eax]; mov ecx, target; call ecx; hlt */
    uint8_t c[16] = { 0x53, 0xFF, 0xD0 };
    uint32_t n = 3;
    if (ex)
        c[n++] = 0x50;
    c[n++] = 0xB9;
    memcpy(c + n, &target, 4);
    n += 4;
    c[n++] = 0xFF;
    c[n++] = 0xD1;
    c[n++] = 0xF4;
    code[ex] = kernel32_thread_code(c, n);
    return code[ex];
}

static int crt_errno_of(uint32_t win32)
{
    return win32 == 8 /* ERROR_NOT_ENOUGH_MEMORY */ ? CRT_ENOMEM : CRT_EAGAIN;
}

uint64_t msvcrt__beginthreadex(struct thunk_call *c)
{
    API_ARGS(msvcrt, _beginthreadex, a);
    gaddr fn = a.start_address, tid_out = a.thrdaddr;
    if (!fn) {
        msvcrt_set_errno(CRT_EINVAL);
        return 0;
    }
    uint32_t err = 8, tid;
    struct kobj *o = kernel32_start_thread(start_code(true), fn, a.arglist, a.stack_size,
                                           a.initflag & CREATE_SUSPENDED, &tid, &err);
    uint32_t h = o ? kernel32_thread_handle(o) : 0;
    if (!h) {
        msvcrt_set_errno(crt_errno_of(err));
        return 0;
    }
    if (tid_out)
        gm_write_u32(tid_out, tid);
    return h;
}

/* Created suspended so the handle _endthread closes is in place first. */
uint64_t msvcrt__beginthread(struct thunk_call *c)
{
    API_ARGS(msvcrt, _beginthread, a);
    gaddr fn = a.start_address;
    if (!fn) {
        msvcrt_set_errno(CRT_EINVAL);
        return 0xFFFFFFFFu;
    }
    uint32_t err = 8, tid;
    struct kobj *o = kernel32_start_thread(start_code(false), fn, a.arglist, a.stack_size,
                                           CREATE_SUSPENDED, &tid, &err);
    struct guest_thread *t = o ? o->thread : NULL; /* suspended: still there */
    uint32_t h = o ? kernel32_thread_handle(o) : 0;
    if (!h || !t) {
        msvcrt_set_errno(crt_errno_of(err));
        return 0xFFFFFFFFu;
    }
    t->crt_handle = h;
    thread_resume(t);
    return h;
}

uint64_t msvcrt__endthreadex(struct thunk_call *c)
{
    API_ARGS(msvcrt, _endthreadex, a);
    kernel32_exit_thread(c, a.retval);
    return 0;
}

uint64_t msvcrt__endthread(struct thunk_call *c)
{
    struct guest_thread *t = current_thread;
    if (t->crt_handle) {
        handle_close(t->crt_handle);
        t->crt_handle = 0;
    }
    kernel32_exit_thread(c, 0);
    return 0;
}

/* msvcrt's lock table (_TOTAL_LOCKS is 36 plus the stream locks); what a
 * number guards is the caller's business. */
#define CRT_LOCKS 256u
static struct thread_lock crt_locks[CRT_LOCKS];

uint64_t msvcrt__lock(struct thunk_call *c)
{
    API_ARGS(msvcrt, _lock, a);
    uint32_t n = a.locknum;
    if (n < CRT_LOCKS && !thread_lock_enter(&crt_locks[n]))
        c->no_return = true; /* the thread is being ended */
    return 0;
}

uint64_t msvcrt__unlock(struct thunk_call *c)
{
    API_ARGS(msvcrt, _unlock, a);
    uint32_t n = a.locknum;
    if (n < CRT_LOCKS)
        thread_lock_leave(&crt_locks[n]);
    return 0;
}
