/* kernel32 fiber-local storage: FlsAlloc with a callback per slot, values
 * per thread (one fiber per thread: wowbox has no fibers), and the
 * callbacks run when a thread ends or its slot is freed. The slots and
 * values live host-side; nothing in guest memory refers to them. */
#include <stdlib.h>

#include "core/process.h"
#include "core/thread.h"
#include "syscalls/api.h"
#include "syscalls/kernel32/api_args.h"
#include "syscalls/kernel32/fls.h"
#include "syscalls/win32_errors.h"

#define FLS_SLOTS          128u /* FLS_MAXIMUM_AVAILABLE before Windows 10 */
#define FLS_OUT_OF_INDEXES 0xFFFFFFFFu

struct fls_slot {
    bool used;
    gaddr callback; /* PFLS_CALLBACK_FUNCTION, 0 for none */
};

/* One thread's values, made at its first FlsSetValue. */
struct fls_values {
    uint32_t tid;
    gaddr value[FLS_SLOTS];
    struct fls_values *next;
};

/* Slot 0 stays unused, as a first FlsAlloc on Windows never returns it. */
static struct fls_slot slots[FLS_SLOTS] = { [0] = { .used = true } };
static struct fls_values *threads;

static bool valid(uint32_t i)
{
    return i > 0 && i < FLS_SLOTS && slots[i].used;
}

static struct fls_values **find(uint32_t tid)
{
    struct fls_values **p = &threads;
    while (*p && (*p)->tid != tid)
        p = &(*p)->next;
    return p;
}

/* Values of threads that ended without ExitThread (TerminateThread). */
static void drop_dead(void)
{
    for (struct fls_values **p = &threads; *p;) {
        if (thread_by_tid((*p)->tid)) {
            p = &(*p)->next;
            continue;
        }
        struct fls_values *dead = *p;
        *p = dead->next;
        free(dead);
    }
}

uint64_t kernel32_FlsAlloc(struct thunk_call *c)
{
    API_ARGS(kernel32, FlsAlloc, a);
    for (uint32_t i = 1; i < FLS_SLOTS; i++) {
        if (slots[i].used)
            continue;
        slots[i] = (struct fls_slot){ true, a.lpCallback };
        for (struct fls_values *v = threads; v; v = v->next)
            v->value[i] = 0;
        return i;
    }
    teb_set_last_error(ERROR_NO_MORE_ITEMS);
    return FLS_OUT_OF_INDEXES;
}

/* Runs the callback on a value; false when the thread is being ended. */
static bool run_callback(struct thunk_call *c, gaddr callback, gaddr value)
{
    if (!callback || !value)
        return true;
    return thunk_call_guest(c, callback, &value, 1, NULL);
}

/* The callback runs on the freeing thread for every thread's value. */
uint64_t kernel32_FlsFree(struct thunk_call *c)
{
    API_ARGS(kernel32, FlsFree, a);
    uint32_t i = a.dwFlsIndex;
    if (!valid(i)) {
        teb_set_last_error(ERROR_INVALID_PARAMETER);
        return 0;
    }
    gaddr callback = slots[i].callback;
    slots[i] = (struct fls_slot){ false, 0 };
    /* the list may change while guest code runs: look again after each */
    for (;;) {
        struct fls_values *v = threads;
        while (v && !v->value[i])
            v = v->next;
        if (!v)
            return 1;
        gaddr value = v->value[i];
        v->value[i] = 0;
        if (!run_callback(c, callback, value))
            return 0;
    }
}

uint64_t kernel32_FlsGetValue(struct thunk_call *c)
{
    API_ARGS(kernel32, FlsGetValue, a);
    if (!valid(a.dwFlsIndex)) {
        teb_set_last_error(ERROR_INVALID_PARAMETER);
        return 0;
    }
    struct fls_values *v = *find(current_thread->tid);
    return v ? v->value[a.dwFlsIndex] : 0;
}

uint64_t kernel32_FlsSetValue(struct thunk_call *c)
{
    API_ARGS(kernel32, FlsSetValue, a);
    if (!valid(a.dwFlsIndex)) {
        teb_set_last_error(ERROR_INVALID_PARAMETER);
        return 0;
    }
    struct fls_values **p = find(current_thread->tid);
    if (!*p) {
        if (!a.lpFlsData)
            return 1;
        drop_dead();
        p = find(current_thread->tid);
        *p = calloc(1, sizeof **p);
        if (!*p) {
            teb_set_last_error(ERROR_NOT_ENOUGH_MEMORY);
            return 0;
        }
        (*p)->tid = current_thread->tid;
    }
    (*p)->value[a.dwFlsIndex] = a.lpFlsData;
    return 1;
}

void kernel32_fls_thread_exit(struct thunk_call *c)
{
    uint32_t tid = current_thread->tid;
    for (uint32_t i = 1; i < FLS_SLOTS; i++) {
        struct fls_values *v = *find(tid);
        if (!v)
            return;
        gaddr value = v->value[i];
        v->value[i] = 0;
        if (slots[i].used && !run_callback(c, slots[i].callback, value))
            break;
    }
    struct fls_values **p = find(tid);
    struct fls_values *v = *p;
    if (v) {
        *p = v->next;
        free(v);
    }
}
