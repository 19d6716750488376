/* kernel32 events, mutexes and semaphores: handles to kernel objects
 * (core/sync.c), named ones in one namespace for the process ("Local\"
 * names are the same objects as plain ones; another process never sees
 * them: wowbox runs one). */
#include <stdlib.h>
#include <string.h>

#include "core/guest_mem.h"
#include "core/handles.h"
#include "core/process.h"
#include "core/unicode.h"
#include "syscalls/api.h"
#include "syscalls/kernel32/api_args.h"
#include "syscalls/kernel32/objects.h"
#include "syscalls/kernel32/struct32.h"
#include "syscalls/win32_errors.h"

static enum handle_type handle_type_of(enum kobj_type t)
{
    switch (t) {
    case KOBJ_EVENT: return HANDLE_EVENT;
    case KOBJ_MUTEX: return HANDLE_MUTEX;
    case KOBJ_SEMAPHORE: return HANDLE_SEMAPHORE;
    case KOBJ_TIMER: return HANDLE_TIMER;
    case KOBJ_THREAD: return HANDLE_THREAD;
    default: return HANDLE_PROCESS;
    }
}

static void destroy(struct handle_obj *h)
{
    kobj_unref(h->data);
}

uint32_t kobj_handle_new(struct kobj *o)
{
    struct handle_obj *h = calloc(1, sizeof *h);
    if (!h)
        return 0;
    h->type = handle_type_of(o->type);
    h->data = o;
    h->destroy = destroy;
    kobj_ref(o);
    uint32_t v = handle_new(h);
    if (!v) {
        kobj_unref(o);
        free(h);
    }
    return v;
}

/* Waiting on the current process waits for an end it cannot see. */
static struct kobj *process_object(void)
{
    static struct kobj *self;
    if (!self)
        self = kobj_create(KOBJ_PROCESS);
    return self;
}

struct kobj *kobj_from_handle(uint32_t h, int type)
{
    struct kobj *o = NULL;
    if (h == CURRENT_THREAD_HANDLE) {
        o = current_thread ? current_thread->obj : NULL;
    } else if (h == CURRENT_PROCESS_HANDLE) {
        o = process_object();
    } else {
        struct handle_obj *ho = handle_get(h, HANDLE_FREE);
        if (ho && (ho->type == HANDLE_EVENT || ho->type == HANDLE_MUTEX || ho->type == HANDLE_SEMAPHORE || ho->type == HANDLE_TIMER ||
                   ho->type == HANDLE_THREAD || ho->type == HANDLE_PROCESS))
            o = ho->data;
    }
    if (!o || (type != KOBJ_ANY && o->type != (enum kobj_type)type))
        return NULL;
    return o;
}

static uint64_t fail(uint32_t err)
{
    teb_set_last_error(err);
    return 0;
}

char *kobj_name_key(gaddr p, bool wide, uint32_t *err)
{
    *err = 0;
    if (!p)
        return NULL;
    char *n = wide ? gm_wcs_to_utf8(p) : gm_strdup(p);
    if (!n) {
        *err = ERROR_NOACCESS;
        return NULL;
    }
    if (!*n) { /* an empty name is no name */
        free(n);
        return NULL;
    }
    if (strncmp(n, "Local\\", 6) == 0)
        memmove(n, n + 6, strlen(n + 6) + 1);
    const char *rest = strncmp(n, "Global\\", 7) == 0 ? n + 7 : n;
    /* any other backslash names an object directory we do not have */
    if (strchr(rest, '\\') || strlen(n) > 260) {
        *err = strlen(n) > 260 ? ERROR_FILENAME_EXCED_RANGE : ERROR_PATH_NOT_FOUND;
        free(n);
        return NULL;
    }
    return n;
}

/* Create-or-open for a name: a handle to the existing object
 * (ERROR_ALREADY_EXISTS, *existed) or to `fresh`, whose creation
 * reference is dropped either way. */
uint64_t kobj_publish(struct kobj *fresh, gaddr name_ptr, bool wide, bool *existed)
{
    uint32_t err;
    *existed = false;
    char *name = kobj_name_key(name_ptr, wide, &err);
    struct kobj *o = fresh;
    if (!err && name) {
        struct kobj *old = kobj_find_named(name);
        if (old && old->type != fresh->type)
            err = ERROR_INVALID_HANDLE;
        else if (old)
            o = old;
        else if (!kobj_set_name(fresh, name))
            err = ERROR_NOT_ENOUGH_MEMORY;
    }
    free(name);
    uint32_t h = err ? 0 : kobj_handle_new(o);
    kobj_unref(fresh); /* a handle holds its own reference */
    if (err || !h)
        return fail(err ? err : ERROR_NOT_ENOUGH_MEMORY);
    *existed = o != fresh;
    teb_set_last_error(*existed ? ERROR_ALREADY_EXISTS : ERROR_SUCCESS);
    return h;
}

uint64_t kobj_open_named(int type, gaddr name_ptr, bool wide)
{
    uint32_t err;
    char *name = kobj_name_key(name_ptr, wide, &err);
    if (err)
        return fail(err);
    if (!name)
        return fail(ERROR_INVALID_PARAMETER);
    struct kobj *o = kobj_find_named(name);
    free(name);
    if (!o)
        return fail(ERROR_FILE_NOT_FOUND);
    if (o->type != (enum kobj_type)type)
        return fail(ERROR_INVALID_HANDLE);
    uint32_t h = kobj_handle_new(o);
    return h ? h : fail(ERROR_NOT_ENOUGH_MEMORY);
}

/* ------------------------------------------------------------- events */

static uint64_t create_event(bool manual, bool initial, gaddr name, bool wide)
{
    struct kobj *o = kobj_create(KOBJ_EVENT);
    if (!o)
        return fail(ERROR_NOT_ENOUGH_MEMORY);
    o->manual_reset = manual;
    o->signaled = initial;
    bool existed;
    return kobj_publish(o, name, wide, &existed);
}

#define CREATE_EVENT_MANUAL_RESET 0x1u
#define CREATE_EVENT_INITIAL_SET  0x2u

uint64_t kernel32_CreateEventA(struct thunk_call *c)
{
    API_ARGS(kernel32, CreateEventA, a);
    return create_event(a.bManualReset, a.bInitialState, a.lpName, false);
}
uint64_t kernel32_CreateEventW(struct thunk_call *c)
{
    API_ARGS(kernel32, CreateEventW, a);
    return create_event(a.bManualReset, a.bInitialState, a.lpName, true);
}

static uint64_t create_event_ex(gaddr lpName, uint32_t flags, bool wide)
{
    if (flags & ~(CREATE_EVENT_MANUAL_RESET | CREATE_EVENT_INITIAL_SET))
        return fail(ERROR_INVALID_PARAMETER);
    return create_event(flags & CREATE_EVENT_MANUAL_RESET, flags & CREATE_EVENT_INITIAL_SET, lpName, wide);
}

uint64_t kernel32_CreateEventExA(struct thunk_call *c)
{
    API_ARGS(kernel32, CreateEventExA, a);
    return create_event_ex(a.lpName, a.dwFlags, false);
}
uint64_t kernel32_CreateEventExW(struct thunk_call *c)
{
    API_ARGS(kernel32, CreateEventExW, a);
    return create_event_ex(a.lpName, a.dwFlags, true);
}
uint64_t kernel32_OpenEventA(struct thunk_call *c)
{
    API_ARGS(kernel32, OpenEventA, a);
    return kobj_open_named(KOBJ_EVENT, a.lpName, false);
}
uint64_t kernel32_OpenEventW(struct thunk_call *c)
{
    API_ARGS(kernel32, OpenEventW, a);
    return kobj_open_named(KOBJ_EVENT, a.lpName, true);
}

static uint64_t event_op(uint32_t hEvent, bool set)
{
    struct kobj *o = kobj_from_handle(hEvent, KOBJ_EVENT);
    if (!o)
        return fail(ERROR_INVALID_HANDLE);
    kobj_event_set(o, set);
    return 1;
}

uint64_t kernel32_SetEvent(struct thunk_call *c) { API_ARGS(kernel32, SetEvent, a); return event_op(a.hEvent, true); }
uint64_t kernel32_ResetEvent(struct thunk_call *c)
{
    API_ARGS(kernel32, ResetEvent, a);
    return event_op(a.hEvent, false);
}

uint64_t kernel32_PulseEvent(struct thunk_call *c)
{
    API_ARGS(kernel32, PulseEvent, a);
    struct kobj *o = kobj_from_handle(a.hEvent, KOBJ_EVENT);
    if (!o)
        return fail(ERROR_INVALID_HANDLE);
    kobj_event_pulse(o);
    return 1;
}

/* ------------------------------------------------------------ mutexes */

static uint64_t create_mutex(bool owned, gaddr name, bool wide)
{
    struct kobj *o = kobj_create(KOBJ_MUTEX);
    if (!o)
        return fail(ERROR_NOT_ENOUGH_MEMORY);
    if (owned) {
        o->owner = current_thread;
        o->recursion = 1;
    }
    /* an existing named mutex keeps its owner: bInitialOwner is ignored */
    bool existed;
    return kobj_publish(o, name, wide, &existed);
}

#define CREATE_MUTEX_INITIAL_OWNER 0x1u

uint64_t kernel32_CreateMutexA(struct thunk_call *c)
{
    API_ARGS(kernel32, CreateMutexA, a);
    return create_mutex(a.bInitialOwner, a.lpName, false);
}
uint64_t kernel32_CreateMutexW(struct thunk_call *c)
{
    API_ARGS(kernel32, CreateMutexW, a);
    return create_mutex(a.bInitialOwner, a.lpName, true);
}

static uint64_t create_mutex_ex(gaddr lpName, uint32_t flags, bool wide)
{
    if (flags & ~CREATE_MUTEX_INITIAL_OWNER)
        return fail(ERROR_INVALID_PARAMETER);
    return create_mutex(flags & CREATE_MUTEX_INITIAL_OWNER, lpName, wide);
}

uint64_t kernel32_CreateMutexExA(struct thunk_call *c)
{
    API_ARGS(kernel32, CreateMutexExA, a);
    return create_mutex_ex(a.lpName, a.dwFlags, false);
}
uint64_t kernel32_CreateMutexExW(struct thunk_call *c)
{
    API_ARGS(kernel32, CreateMutexExW, a);
    return create_mutex_ex(a.lpName, a.dwFlags, true);
}
uint64_t kernel32_OpenMutexA(struct thunk_call *c)
{
    API_ARGS(kernel32, OpenMutexA, a);
    return kobj_open_named(KOBJ_MUTEX, a.lpName, false);
}
uint64_t kernel32_OpenMutexW(struct thunk_call *c)
{
    API_ARGS(kernel32, OpenMutexW, a);
    return kobj_open_named(KOBJ_MUTEX, a.lpName, true);
}

uint64_t kernel32_ReleaseMutex(struct thunk_call *c)
{
    API_ARGS(kernel32, ReleaseMutex, a);
    struct kobj *o = kobj_from_handle(a.hMutex, KOBJ_MUTEX);
    if (!o)
        return fail(ERROR_INVALID_HANDLE);
    return kobj_mutex_release(o) ? 1 : fail(ERROR_NOT_OWNER);
}

/* --------------------------------------------------------- semaphores */

static uint64_t create_semaphore(int32_t initial, int32_t max, gaddr name, bool wide)
{
    if (max <= 0 || initial < 0 || initial > max)
        return fail(ERROR_INVALID_PARAMETER);
    struct kobj *o = kobj_create(KOBJ_SEMAPHORE);
    if (!o)
        return fail(ERROR_NOT_ENOUGH_MEMORY);
    o->count = initial;
    o->max = max;
    bool existed;
    return kobj_publish(o, name, wide, &existed);
}

uint64_t kernel32_CreateSemaphoreA(struct thunk_call *c)
{
    API_ARGS(kernel32, CreateSemaphoreA, a);
    return create_semaphore((int32_t)a.lInitialCount, (int32_t)a.lMaximumCount, a.lpName, false);
}

uint64_t kernel32_CreateSemaphoreW(struct thunk_call *c)
{
    API_ARGS(kernel32, CreateSemaphoreW, a);
    return create_semaphore((int32_t)a.lInitialCount, (int32_t)a.lMaximumCount, a.lpName, true);
}

static uint64_t create_semaphore_ex(uint32_t lInitialCount, uint32_t lMaximumCount, gaddr lpName, uint32_t dwFlags, bool wide)
{
    if (dwFlags != 0) /* dwFlags is reserved */
        return fail(ERROR_INVALID_PARAMETER);
    return create_semaphore((int32_t)lInitialCount, (int32_t)lMaximumCount, lpName, wide);
}

uint64_t kernel32_CreateSemaphoreExA(struct thunk_call *c)
{
    API_ARGS(kernel32, CreateSemaphoreExA, a);
    return create_semaphore_ex(a.lInitialCount, a.lMaximumCount, a.lpName, a.dwFlags, false);
}
uint64_t kernel32_CreateSemaphoreExW(struct thunk_call *c)
{
    API_ARGS(kernel32, CreateSemaphoreExW, a);
    return create_semaphore_ex(a.lInitialCount, a.lMaximumCount, a.lpName, a.dwFlags, true);
}
uint64_t kernel32_OpenSemaphoreA(struct thunk_call *c)
{
    API_ARGS(kernel32, OpenSemaphoreA, a);
    return kobj_open_named(KOBJ_SEMAPHORE, a.lpName, false);
}
uint64_t kernel32_OpenSemaphoreW(struct thunk_call *c)
{
    API_ARGS(kernel32, OpenSemaphoreW, a);
    return kobj_open_named(KOBJ_SEMAPHORE, a.lpName, true);
}

uint64_t kernel32_ReleaseSemaphore(struct thunk_call *c)
{
    API_ARGS(kernel32, ReleaseSemaphore, a);
    struct kobj *o = kobj_from_handle(a.hSemaphore, KOBJ_SEMAPHORE);
    int32_t n = (int32_t)a.lReleaseCount, previous;
    gaddr out = a.lpPreviousCount;
    if (!o)
        return fail(ERROR_INVALID_HANDLE);
    if (n <= 0)
        return fail(ERROR_INVALID_PARAMETER);
    if (out && !gm_writable(out, 4))
        return fail(ERROR_NOACCESS);
    if (!kobj_semaphore_release(o, n, &previous))
        return fail(ERROR_TOO_MANY_POSTS);
    if (out)
        gm_write_u32(out, (uint32_t)previous);
    return 1;
}

bool k32_sa_inherit(gaddr sa, bool *inherit)
{
    SECURITY_ATTRIBUTES32 a = { 0 };
    *inherit = false;
    if (sa && !gm_read(sa, &a, sizeof a))
        return false;
    *inherit = a.bInheritHandle != 0;
    return true;
}

uint32_t k32_handle_inherit(uint32_t h, bool inherit)
{
    if (h && inherit)
        handle_set_flags(h, HANDLE_FLAG_INHERIT, HANDLE_FLAG_INHERIT);
    return h;
}
