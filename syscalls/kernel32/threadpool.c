/* kernel32 thread pool, the simple way: every callback runs on a guest
 * thread of its own, started at a few bytes of guest code that call it
 * and end the thread (callbacks still run concurrently, in no promised
 * order, as on Windows). QueueUserWorkItem, work objects
 * (CreateThreadpoolWork/Submit/WaitFor...Callbacks/Close),
 * TrySubmitThreadpoolCallback, and RegisterWaitForSingleObject (a thread
 * that waits on the object and a cancel event in a loop). The guest sees
 * a PTP_WORK or wait handle as the address of a small block the guest
 * code reads: {callback, context, ...}. Callback environments are
 * accepted and not used. Host-side lists remember the threads, and the
 * blocks are freed once their threads are over. */
#include <stdlib.h>
#include <string.h>

#include "core/handles.h"
#include "core/heap.h"
#include "core/process.h"
#include "core/sync.h"
#include "core/thread.h"
#include "loader/module.h"
#include "syscalls/api.h"
#include "syscalls/kernel32/api_args.h"
#include "syscalls/kernel32/objects.h"
#include "syscalls/kernel32/thread.h"
#include "syscalls/win32_errors.h"

#define WT_EXECUTEONLYONCE 0x8u
#define INVALID_HANDLE     0xFFFFFFFFu

/* The guest code, ebx = the block (nasm listings; EXIT is patched with
 * kernel32!ExitThread):
 *   work:   push ebx; push [ebx+4]; push ebx; call [ebx]      fn(instance, ctx, work)
 *   simple: push [ebx+4]; push ebx; call [ebx]                fn(instance, ctx)
 *   wait:   loop: push [ebx+12]; push 0; lea eax,[ebx+4]; push eax; push 2
 *           call [ebx+20]                                     WaitForMultipleObjects
 *           cmp eax,1; je done; cmp eax,0x102; ja done        cancelled or failed
 *           sete al; movzx eax,al; push eax; push [ebx+16]
 *           call [ebx]                                        fn(ctx, timed_out)
 *           test byte [ebx+24],8; jz loop                     WT_EXECUTEONLYONCE
 *   each ends: push 0; mov ecx, EXIT; call ecx; hlt */
#define EXIT_SEQ 0x6A, 0x00, 0xB9, 0, 0, 0, 0, 0xFF, 0xD1, 0xF4
enum { STUB_WORK = 0, STUB_SIMPLE = 0x11, STUB_WAIT = 0x21, STUB_SIZE = 0x57 };
static const uint8_t stub_bytes[STUB_SIZE] = {
    0x53, 0xFF, 0x73, 0x04, 0x53, 0xFF, 0x13, EXIT_SEQ,
    0xFF, 0x73, 0x04, 0x53, 0xFF, 0x13, EXIT_SEQ,
    0xFF, 0x73, 0x0C, 0x6A, 0x00, 0x8D, 0x43, 0x04, 0x50, 0x6A, 0x02, 0xFF, 0x53, 0x14,
    0x83, 0xF8, 0x01, 0x74, 0x19, 0x3D, 0x02, 0x01, 0x00, 0x00, 0x77, 0x12,
    0x0F, 0x94, 0xC0, 0x0F, 0xB6, 0xC0, 0x50, 0xFF, 0x73, 0x10, 0xFF, 0x13,
    0xF6, 0x43, 0x18, 0x08, 0x74, 0xD4, EXIT_SEQ,
};
static const uint32_t exit_patch[] = { STUB_WORK + 10, STUB_SIMPLE + 9, STUB_WAIT + 0x2F };

/* The wait block, as the guest code reads it. */
struct wait_block {
    uint32_t callback, object, cancel, ms, context, wait_fn, flags;
};
_Static_assert(sizeof(struct wait_block) == 28, "wait block");

static gaddr stubs;

static gaddr stub(unsigned offset)
{
    if (stubs)
        return stubs + offset;
    struct module *k32 = module_find("kernel32.dll");
    gaddr exit_thread = k32 ? module_export_by_name(k32, "ExitThread", -1) : 0;
    if (!exit_thread)
        return 0;
    uint8_t code[STUB_SIZE];
    memcpy(code, stub_bytes, sizeof code);
    for (unsigned i = 0; i < sizeof exit_patch / sizeof exit_patch[0]; i++)
        memcpy(code + exit_patch[i], &exit_thread, 4);
    stubs = kernel32_thread_code(code, sizeof code);
    return stubs ? stubs + offset : 0;
}

/* A thread at stub `offset` with ebx = block; its object (a reference for
 * the caller) or NULL with the last error set. */
static struct kobj *start(unsigned offset, gaddr block)
{
    uint32_t tid, err = ERROR_NOT_ENOUGH_MEMORY;
    gaddr code = stub(offset);
    struct kobj *o = code ? kernel32_start_thread(code, 0, block, 0, 0, &tid, &err) : NULL;
    if (!o)
        teb_set_last_error(err);
    return o;
}

static gaddr block_new(uint32_t size)
{
    return heap_alloc(proc->process_heap, size, HEAP_ZERO_MEMORY);
}

/* ------------------------------------------------------------ runs */

/* A callback's thread, and the block to free after it (0: none). */
struct run {
    struct kobj *thread;
    gaddr block;
    struct run *next;
};

struct work {
    gaddr block; /* the PTP_WORK */
    struct run *runs;
    bool closed;
    struct work *next;
};

static struct run *simple_runs;
static struct work *works;

/* Drops the runs whose threads are over (freeing their blocks). */
static void reap(struct run **list)
{
    for (struct run **p = list; *p;) {
        struct run *r = *p;
        if (!r->thread->signaled) {
            p = &r->next;
            continue;
        }
        *p = r->next;
        kobj_unref(r->thread);
        if (r->block)
            heap_free(proc->process_heap, r->block);
        free(r);
    }
}

static void reap_all(void)
{
    reap(&simple_runs);
    for (struct work **p = &works; *p;) {
        struct work *w = *p;
        reap(&w->runs);
        if (!w->closed || w->runs) {
            p = &w->next;
            continue;
        }
        *p = w->next;
        heap_free(proc->process_heap, w->block);
        free(w);
    }
}

static bool add_run(struct run **list, struct kobj *thread, gaddr block)
{
    struct run *r = calloc(1, sizeof *r);
    if (!r)
        return false;
    *r = (struct run){ thread, block, *list };
    *list = r;
    return true;
}

static struct work *find_work(gaddr block)
{
    struct work *w = works;
    while (w && (w->block != block || w->closed))
        w = w->next;
    return w;
}

/* QueueUserWorkItem's callback is a thread start routine: it starts as
 * CreateThread's do. */
uint64_t kernel32_QueueUserWorkItem(struct thunk_call *c)
{
    API_ARGS(kernel32, QueueUserWorkItem, a);
    uint32_t tid, err = ERROR_NOT_ENOUGH_MEMORY;
    gaddr code = kernel32_thread_start_code();
    struct kobj *t = code ? kernel32_start_thread(code, a.Function, a.Context, 0, 0, &tid, &err) : NULL;
    if (!t) {
        teb_set_last_error(err);
        return 0;
    }
    kobj_unref(t);
    return 1;
}

uint64_t kernel32_TrySubmitThreadpoolCallback(struct thunk_call *c)
{
    API_ARGS(kernel32, TrySubmitThreadpoolCallback, a);
    reap_all();
    gaddr block = block_new(8);
    if (!block) {
        teb_set_last_error(ERROR_NOT_ENOUGH_MEMORY);
        return 0;
    }
    uint32_t cells[2] = { a.pfns, a.pv };
    gm_write(block, cells, sizeof cells);
    struct kobj *t = start(STUB_SIMPLE, block);
    if (!t || !add_run(&simple_runs, t, block)) {
        if (t)
            kobj_unref(t);
        heap_free(proc->process_heap, block);
        return 0;
    }
    return 1;
}

uint64_t kernel32_CreateThreadpoolWork(struct thunk_call *c)
{
    API_ARGS(kernel32, CreateThreadpoolWork, a);
    reap_all();
    struct work *w = calloc(1, sizeof *w);
    gaddr block = w ? block_new(8) : 0;
    if (!block) {
        free(w);
        teb_set_last_error(ERROR_NOT_ENOUGH_MEMORY);
        return 0;
    }
    uint32_t cells[2] = { a.pfnwk, a.pv };
    gm_write(block, cells, sizeof cells);
    w->block = block;
    w->next = works;
    works = w;
    return block;
}

uint64_t kernel32_SubmitThreadpoolWork(struct thunk_call *c)
{
    API_ARGS(kernel32, SubmitThreadpoolWork, a);
    struct work *w = find_work(a.pwk);
    if (!w)
        return 0;
    struct kobj *t = start(STUB_WORK, w->block);
    if (t && !add_run(&w->runs, t, 0))
        kobj_unref(t);
    return 0;
}

/* Waits for every callback submitted so far (none is pending unstarted:
 * each has its thread, so there is nothing to cancel). */
uint64_t kernel32_WaitForThreadpoolWorkCallbacks(struct thunk_call *c)
{
    API_ARGS(kernel32, WaitForThreadpoolWorkCallbacks, a);
    for (;;) {
        struct work *w = find_work(a.pwk);
        if (!w)
            return 0;
        reap(&w->runs);
        struct kobj *objs[MAXIMUM_WAIT_OBJECTS];
        unsigned n = 0;
        for (struct run *r = w->runs; r && n < MAXIMUM_WAIT_OBJECTS; r = r->next) {
            objs[n++] = r->thread;
            kobj_ref(r->thread); /* another thread may reap them meanwhile */
        }
        if (n == 0)
            return 0;
        bool terminated;
        kobj_wait(objs, n, true, WAIT_INFINITE, false, &terminated);
        for (unsigned i = 0; i < n; i++)
            kobj_unref(objs[i]);
        if (terminated) {
            c->no_return = true;
            return 0;
        }
    }
}

/* The block goes once its callbacks are over. */
uint64_t kernel32_CloseThreadpoolWork(struct thunk_call *c)
{
    API_ARGS(kernel32, CloseThreadpoolWork, a);
    struct work *w = find_work(a.pwk);
    if (w)
        w->closed = true;
    reap_all();
    return 0;
}

/* ------------------------------------------------------------ waits */

struct reg_wait {
    gaddr block; /* the wait handle */
    struct kobj *thread, *cancel;
    uint32_t cancel_handle;
    bool unregistered;
    struct reg_wait *next;
};

static struct reg_wait *waits;

static void reap_waits(void)
{
    for (struct reg_wait **p = &waits; *p;) {
        struct reg_wait *r = *p;
        if (!r->unregistered || !r->thread->signaled) {
            p = &r->next;
            continue;
        }
        *p = r->next;
        handle_close(r->cancel_handle);
        kobj_unref(r->thread);
        heap_free(proc->process_heap, r->block);
        free(r);
    }
}

uint64_t kernel32_RegisterWaitForSingleObject(struct thunk_call *c)
{
    API_ARGS(kernel32, RegisterWaitForSingleObject, a);
    reap_waits();
    if (!kobj_from_handle(a.hObject, KOBJ_ANY) && !handle_get(a.hObject, HANDLE_FREE)) {
        teb_set_last_error(ERROR_INVALID_HANDLE);
        return 0;
    }
    if (!gm_writable(a.phNewWaitObject, 4)) {
        teb_set_last_error(ERROR_NOACCESS);
        return 0;
    }
    struct module *k32 = module_find("kernel32.dll");
    gaddr wait_fn = k32 ? module_export_by_name(k32, "WaitForMultipleObjects", -1) : 0;
    struct reg_wait *r = calloc(1, sizeof *r);
    struct kobj *cancel = r ? kobj_create(KOBJ_EVENT) : NULL;
    uint32_t cancel_handle = cancel ? kobj_handle_new(cancel) : 0;
    gaddr block = cancel_handle && wait_fn ? block_new(sizeof(struct wait_block)) : 0;
    struct wait_block b = { a.Callback, a.hObject, cancel_handle, a.dwMilliseconds, a.Context, wait_fn,
                            a.dwFlags };
    struct kobj *t = block && gm_write(block, &b, sizeof b) ? start(STUB_WAIT, block) : NULL;
    if (cancel)
        kobj_unref(cancel); /* the handle holds it */
    if (!t) {
        if (block)
            heap_free(proc->process_heap, block);
        if (cancel_handle)
            handle_close(cancel_handle);
        free(r);
        if (!block)
            teb_set_last_error(ERROR_NOT_ENOUGH_MEMORY);
        return 0;
    }
    *r = (struct reg_wait){ block, t, cancel, cancel_handle, false, waits };
    waits = r;
    gm_write_u32(a.phNewWaitObject, block);
    return 1;
}

static struct reg_wait *find_wait(uint32_t h)
{
    struct reg_wait *r = waits;
    while (r && (r->block != h || r->unregistered))
        r = r->next;
    return r;
}

/* Stops the wait thread; a callback already running finishes. With
 * `until_done` the caller waits for that (not from the callback itself). */
static uint64_t unregister(struct thunk_call *c, uint32_t h, bool until_done, struct kobj *done_event)
{
    struct reg_wait *r = find_wait(h);
    if (!r) {
        teb_set_last_error(ERROR_INVALID_HANDLE);
        return 0;
    }
    r->unregistered = true;
    kobj_event_set(r->cancel, true);
    struct kobj *t = r->thread;
    kobj_ref(t);
    if ((until_done || done_event) && !(t->thread && t->thread == current_thread)) {
        bool terminated;
        kobj_wait(&t, 1, false, WAIT_INFINITE, false, &terminated);
        if (terminated) {
            kobj_unref(t);
            c->no_return = true;
            return 0;
        }
    }
    kobj_unref(t);
    if (done_event)
        kobj_event_set(done_event, true);
    reap_waits();
    return 1;
}

uint64_t kernel32_UnregisterWait(struct thunk_call *c)
{
    API_ARGS(kernel32, UnregisterWait, a);
    return unregister(c, a.WaitHandle, false, NULL);
}

/* CompletionEvent: INVALID_HANDLE_VALUE waits for a running callback, an
 * event is set once it is over (here: after waiting too), NULL neither. */
uint64_t kernel32_UnregisterWaitEx(struct thunk_call *c)
{
    API_ARGS(kernel32, UnregisterWaitEx, a);
    struct kobj *ev = NULL;
    if (a.CompletionEvent && a.CompletionEvent != INVALID_HANDLE) {
        ev = kobj_from_handle(a.CompletionEvent, KOBJ_EVENT);
        if (!ev) {
            teb_set_last_error(ERROR_INVALID_HANDLE);
            return 0;
        }
    }
    return unregister(c, a.WaitHandle, a.CompletionEvent == INVALID_HANDLE, ev);
}
