/* Watches on registry keys: NtNotifyChangeKey arms its key handle's watch,
 * a change made through nt_registry.c looks for the watches on that key (or
 * on a key above it, for a subtree watch) and signals their events once.
 * Changes other processes made come from the change journal: once this
 * process watches a key, every wait reads the journal first and also
 * sleeps on its inotify descriptor, so a change wakes it. */
#include "syscalls/ntdll/nt_reg_notify.h"

#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/handles.h"
#include "core/sync.h"
#include "core/trace.h"
#include "syscalls/ntdll/nt_reg_journal.h"
#include "syscalls/ntdll/nt_registry.h"

/* One per key handle that asked: it stays after it fired, and a change
 * seen while it is not armed is kept for the next call on that handle,
 * which then completes at once (Windows keeps the notify block on the
 * handle the same way). */
struct watch {
    char *path;             /* the key's physical path */
    const void *key_object; /* the handle's key object */
    uint32_t filter;
    bool subtree;
    bool pending;           /* a change came while not armed */
    struct kobj *event;     /* armed: the event to signal */
    struct watch *next;
};
static struct watch *watches;

static void signal_watch(struct watch *w)
{
    kobj_event_set(w->event, true);
    kobj_unref(w->event);
    w->event = NULL;
}

/* Whether a change at `path` concerns the watch. */
static bool covers(const struct watch *w, const char *path)
{
    size_t n = strlen(w->path);
    if (strncasecmp(w->path, path, n) != 0)
        return false;
    return path[n] == 0 || (w->subtree && path[n] == '\\');
}

static void fire(struct watch *w)
{
    if (w->event)
        signal_watch(w);
    else
        w->pending = true;
}

static void changed(const char *path, uint32_t what)
{
    for (struct watch *w = watches; w; w = w->next)
        if ((w->filter & what) && covers(w, path))
            fire(w);
}

/* The journal lost records for this process: any key may have changed. */
static void lost(void)
{
    for (struct watch *w = watches; w; w = w->next)
        fire(w);
}

void nt_reg_changed(const char *path, uint32_t what)
{
    changed(path, what);
    regjournal_append(path, what);
}

/* kobj_wait's progress function: other processes' changes. */
static unsigned journal_progress(struct kobj *const *objs, unsigned n, bool alertable, struct pollfd *fds,
                                 unsigned room)
{
    (void)objs, (void)n, (void)alertable;
    regjournal_read(changed, lost);
    int fd = regjournal_wake_fd();
    if (fd < 0 || room == 0)
        return 0;
    fds[0] = (struct pollfd){ .fd = fd, .events = POLLIN };
    return 1;
}

void nt_reg_key_closed(const void *key_object)
{
    for (struct watch **pw = &watches; *pw; pw = &(*pw)->next) {
        struct watch *w = *pw;
        if (w->key_object != key_object)
            continue;
        if (w->event) /* a closed key completes its watch */
            signal_watch(w);
        *pw = w->next;
        free(w->path);
        free(w);
        return;
    }
}

static struct watch *watch_of(uint32_t key, NTSTATUS *st)
{
    struct handle_obj *o = handle_get(key, HANDLE_KEY);
    const char *path = nt_key_path(key);
    *st = STATUS_INVALID_HANDLE;
    if (!o || !path)
        return NULL;
    for (struct watch *w = watches; w; w = w->next)
        if (w->key_object == o->data)
            return w;
    struct watch *w = calloc(1, sizeof *w);
    char *copy = strdup(path);
    if (!w || !copy) {
        free(w);
        free(copy);
        *st = STATUS_NO_MEMORY;
        return NULL;
    }
    w->path = copy;
    w->key_object = o->data;
    w->next = watches;
    watches = w;
    if (regjournal_follow()) /* from now on other processes' changes count */
        kobj_add_wait_progress(journal_progress);
    return w;
}

/* Arms the key's watch with `event`; true when it fired at once. */
static NTSTATUS arm(uint32_t key, struct kobj *event, uint32_t filter, bool subtree)
{
    NTSTATUS st;
    struct watch *w = watch_of(key, &st);
    if (!w)
        return st;
    if (w->event)
        kobj_unref(w->event);
    kobj_ref(event);
    w->event = event;
    w->filter = filter;
    w->subtree = subtree;
    if (w->pending) {
        w->pending = false;
        signal_watch(w);
    }
    return STATUS_SUCCESS;
}

static NTSTATUS notify(uint32_t key, uint32_t event, uint32_t filter, bool subtree, bool async)
{
    if (filter & ~(REG_NOTIFY_ALL | REG_NOTIFY_THREAD_AGNOSTIC))
        return STATUS_INVALID_PARAMETER;
    if (!nt_key_path(key))
        return STATUS_INVALID_HANDLE;
    if (async) {
        struct handle_obj *e = handle_get(event, HANDLE_EVENT);
        if (!e)
            return STATUS_INVALID_HANDLE;
        NTSTATUS st = arm(key, e->data, filter, subtree);
        return st == STATUS_SUCCESS ? STATUS_PENDING : st;
    }
    /* synchronous: an event of our own, waited on here */
    struct kobj *own = kobj_create(KOBJ_EVENT);
    if (!own)
        return STATUS_NO_MEMORY;
    own->manual_reset = true;
    NTSTATUS st = arm(key, own, filter, subtree);
    if (st == STATUS_SUCCESS) {
        bool terminated = false;
        kobj_wait(&own, 1, false, WAIT_INFINITE, false, &terminated);
        if (terminated)
            st = STATUS_THREAD_IS_TERMINATING;
    }
    kobj_unref(own);
    return st;
}

NTSTATUS nt_notify_change_key(uint32_t key, uint32_t event, uint32_t filter, bool subtree, bool async)
{
    int tr = TRACE_NT_BEGIN("NtNotifyChangeKey", "h KeyHandle, h Event, x CompletionFilter, b WatchTree, b Asynchronous",
                            key, event, filter, subtree, async);
    NTSTATUS st = notify(key, event, filter, subtree, async);
    TRACE_NT_END(tr, st, "");
    return st;
}
