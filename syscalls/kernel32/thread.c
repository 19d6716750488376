/* kernel32 threads: CreateThread (the image's stack sizes unless given,
 * CREATE_SUSPENDED, the thread id), ExitThread, exit codes, suspend and
 * resume counts, TerminateThread, thread ids and priorities, and
 * DisableThreadLibraryCalls. A thread starts in a small piece of guest
 * code in the role of kernel32!BaseThreadInitThunk. */
#include <string.h>

#include "core/guest_mem.h"
#include "core/process.h"
#include "core/thread.h"
#include "core/vm_system.h"
#include "core/vmmap.h"
#include "loader/module.h"
#include "syscalls/api.h"
#include "syscalls/kernel32/api_args.h"
#include "syscalls/kernel32/child.h"
#include "syscalls/kernel32/fls.h"
#include "syscalls/kernel32/objects.h"
#include "syscalls/kernel32/thread.h"
#include "syscalls/win32_errors.h"

#define CREATE_SUSPENDED                  0x4u
#define STACK_SIZE_PARAM_IS_A_RESERVATION 0x10000u
#define THREAD_PRIORITY_ERROR_RETURN      0x7FFFFFFFu

static uint64_t fail(uint32_t err)
{
    teb_set_last_error(err);
    return 0;
}

/* For the functions that report failure as (DWORD)-1. */
static uint64_t fail_minus1(uint32_t err)
{
    teb_set_last_error(err);
    return 0xFFFFFFFFu;
}

/* A page each: guest code may be running one while another is written. */
gaddr kernel32_thread_code(const uint8_t *code, uint32_t size)
{
    gaddr page = 0;
    if (size > VM_PAGE_SIZE || vm_alloc(&proc->vm, &page, VM_PAGE_SIZE, PAGE_READWRITE, 0) != STATUS_SUCCESS)
        return 0;
    vmmap_tag(page, "thread start code");
    vm_system_mark(page, VM_SYSTEM_CODE);
    gm_write(page, code, size);
    vm_protect(&proc->vm, page, VM_PAGE_SIZE, PAGE_EXECUTE_READ, NULL);
    return page;
}

/* Where a new thread starts, in the role of ntdll!RtlUserThreadStart: eax =
 * start routine, ebx = its parameter, on to kernel32!BaseThreadInitThunk
 * (guest/thread_start.c), which calls the routine and then ExitThread:
 *   push ebx; push 0; xor ecx, ecx; mov edx, eax; push imm; ret
 * (a jump that leaves eax the routine, as Windows does). */
gaddr kernel32_thread_start_code(void)
{
    static gaddr code;
    if (code)
        return code;
    struct module *k32 = module_find("kernel32.dll");
    gaddr init_thunk = k32 ? module_export_by_name(k32, "BaseThreadInitThunk", -1) : 0;
    if (!init_thunk)
        return 0;
    uint8_t c[16] = { 0x53, 0x6A, 0x00, 0x31, 0xC9, 0x89, 0xC2, 0x68 };
    memcpy(c + 8, &init_thunk, 4);
    c[12] = 0xC3;
    code = kernel32_thread_code(c, 13);
    return code;
}

struct kobj *kernel32_start_thread(gaddr code, gaddr fn, gaddr param, uint32_t stack_size,
                                   uint32_t flags, uint32_t *tid, uint32_t *error)
{
    struct thread_params p = { .start_eip = code, .start_eax = fn, .start_ebx = param,
                               .suspended = (flags & CREATE_SUSPENDED) != 0 };
    if (!code) {
        *error = ERROR_NOT_ENOUGH_MEMORY;
        return NULL;
    }
    if (stack_size && (flags & STACK_SIZE_PARAM_IS_A_RESERVATION)) {
        p.stack_reserve = stack_size;
    } else if (stack_size) {
        /* a commit size; the reservation grows to hold it (1 MB steps) */
        p.stack_commit = stack_size;
        if (stack_size >= proc->stack_reserve)
            p.stack_reserve = (stack_size + 0xFFFFFu) & ~0xFFFFFu;
    }
    return thread_create(&p, tid, error);
}

uint32_t kernel32_thread_handle(struct kobj *o)
{
    uint32_t h = kobj_handle_new(o);
    if (!h && o->thread)
        thread_terminate(o->thread, 0);
    kobj_unref(o);
    return h;
}

uint64_t kernel32_CreateThread(struct thunk_call *c)
{
    API_ARGS(kernel32, CreateThread, a);
    uint32_t err, tid;
    gaddr tid_out = a.lpThreadId;
    struct kobj *o = kernel32_start_thread(kernel32_thread_start_code(), a.lpStartAddress, a.lpParameter, a.dwStackSize, a.dwCreationFlags, &tid, &err);
    if (!o)
        return fail(err);
    uint32_t h = kernel32_thread_handle(o);
    if (!h)
        return fail(ERROR_NOT_ENOUGH_MEMORY);
    if (tid_out)
        gm_write_u32(tid_out, tid);
    return h;
}

void kernel32_exit_thread(struct thunk_call *c, uint32_t code)
{
    c->no_return = true;
    /* the last thread ends the process instead: no thread clean-up */
    if (thread_live_count() > 1)
        kernel32_fls_thread_exit(c);
    thread_exit(code);
}

uint64_t kernel32_ExitThread(struct thunk_call *c)
{
    API_ARGS(kernel32, ExitThread, a);
    kernel32_exit_thread(c, a.dwExitCode);
    return 0;
}

/* The live thread behind a handle (NULL: bad handle or already ended, with
 * *obj set for a thread object that ended). */
static struct guest_thread *thread_of(uint32_t h, struct kobj **obj)
{
    struct kobj *o = kobj_from_handle(h, KOBJ_THREAD);
    if (obj)
        *obj = o;
    return o ? o->thread : NULL;
}

uint64_t kernel32_GetExitCodeThread(struct thunk_call *c)
{
    API_ARGS(kernel32, GetExitCodeThread, a);
    struct kobj *o = kobj_from_handle(a.hThread, KOBJ_THREAD);
    if (!o)
        return fail(ERROR_INVALID_HANDLE);
    uint32_t code = o->signaled ? o->exit_code : STILL_ACTIVE;
    if (child_of(o)) /* a child process's main thread ends with it */
        child_exit_code(child_of(o), &code);
    if (!gm_write_u32(a.lpExitCode, code))
        return fail(ERROR_NOACCESS);
    return 1;
}

uint64_t kernel32_GetThreadId(struct thunk_call *c)
{
    API_ARGS(kernel32, GetThreadId, a);
    struct kobj *o = kobj_from_handle(a.Thread, KOBJ_THREAD);
    return o ? o->tid : fail(ERROR_INVALID_HANDLE);
}

uint64_t kernel32_GetProcessIdOfThread(struct thunk_call *c)
{
    API_ARGS(kernel32, GetProcessIdOfThread, a);
    return kobj_from_handle(a.Thread, KOBJ_THREAD) ? proc->pid : fail(ERROR_INVALID_HANDLE);
}

uint64_t kernel32_OpenThread(struct thunk_call *c)
{
    API_ARGS(kernel32, OpenThread, a);
    struct kobj *o = kobj_find_thread(a.dwThreadId);
    if (!o)
        return fail(ERROR_INVALID_PARAMETER);
    uint32_t h = kobj_handle_new(o);
    return h ? h : fail(ERROR_NOT_ENOUGH_MEMORY);
}

uint64_t kernel32_SuspendThread(struct thunk_call *c)
{
    API_ARGS(kernel32, SuspendThread, a);
    struct kobj *o;
    struct guest_thread *t = thread_of(a.hThread, &o);
    if (!o)
        return fail_minus1(ERROR_INVALID_HANDLE);
    if (!t || t->terminating || t->exiting) /* STATUS_THREAD_IS_TERMINATING */
        return fail_minus1(ERROR_ACCESS_DENIED);
    uint32_t prev = thread_suspend(t);
    if (prev == (uint32_t)-1)
        return fail_minus1(ERROR_SIGNAL_REFUSED);
    return prev;
}

uint64_t kernel32_ResumeThread(struct thunk_call *c)
{
    API_ARGS(kernel32, ResumeThread, a);
    struct kobj *o;
    struct guest_thread *t = thread_of(a.hThread, &o);
    if (!o)
        return fail_minus1(ERROR_INVALID_HANDLE);
    if (child_of(o)) /* CREATE_SUSPENDED */
        return child_resume(child_of(o));
    return t ? thread_resume(t) : 0;
}

uint64_t kernel32_TerminateThread(struct thunk_call *c)
{
    API_ARGS(kernel32, TerminateThread, a);
    struct kobj *o;
    struct guest_thread *t = thread_of(a.hThread, &o);
    if (!o)
        return fail(ERROR_INVALID_HANDLE);
    if (t) {
        thread_terminate(t, a.dwExitCode);
        if (t == current_thread)
            c->no_return = true;
    }
    return 1;
}

static bool valid_priority(int32_t p)
{
    return (p >= -2 && p <= 2) || p == -15 || p == 15 || p == 0x10000 || p == 0x20000;
}

uint64_t kernel32_SetThreadPriority(struct thunk_call *c)
{
    API_ARGS(kernel32, SetThreadPriority, a);
    struct kobj *o;
    struct guest_thread *t = thread_of(a.hThread, &o);
    int32_t p = (int32_t)a.nPriority;
    if (!o)
        return fail(ERROR_INVALID_HANDLE);
    if (!valid_priority(p))
        return fail(ERROR_INVALID_PARAMETER);
    /* background mode changes I/O and memory priority, not the level */
    if (t && p != 0x10000 && p != 0x20000)
        t->priority = p;
    return 1;
}

uint64_t kernel32_GetThreadPriority(struct thunk_call *c)
{
    API_ARGS(kernel32, GetThreadPriority, a);
    struct kobj *o;
    struct guest_thread *t = thread_of(a.hThread, &o);
    if (!o) {
        teb_set_last_error(ERROR_INVALID_HANDLE);
        return THREAD_PRIORITY_ERROR_RETURN;
    }
    return t ? (uint32_t)t->priority : 0;
}

/* Fails, as on Windows, for a module with static TLS: its TLS callbacks
 * need every thread's notifications. */
uint64_t kernel32_DisableThreadLibraryCalls(struct thunk_call *c)
{
    API_ARGS(kernel32, DisableThreadLibraryCalls, a);
    struct module *m = module_by_handle(a.hLibModule);
    if (!m || m->tls_index >= 0 || m->tls_dir_rva)
        return fail(ERROR_MOD_NOT_FOUND);
    m->no_thread_calls = true;
    return 1;
}
