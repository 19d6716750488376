/* Overlapped socket operations (overlapped.h): a list of pending
 * operations, completed through the one transfer path (transfer.h) when a
 * wait, an alertable wait or WSAGetOverlappedResult looks at them. */
#include "syscalls/ws2_32/overlapped.h"

#include <poll.h>
#include <stddef.h>
#include <stdlib.h>

#include "core/apc.h"
#include "core/guest_mem.h"
#include "core/ntstatus.h"
#include "core/process.h"
#include "core/sync.h"
#include "core/thread.h"
#include "syscalls/kernel32/objects.h"
#include "syscalls/kernel32/struct32_file.h"
#include "syscalls/ws2_32/api_args.h"
#include "syscalls/ws2_32/errors.h"
#include "syscalls/ws2_32/sock.h"

#define STATUS_CANCELLED32            0xC0000120u
#define STATUS_CONNECTION_RESET32     0xC000020Du
#define STATUS_CONNECTION_ABORTED32   0xC0000241u
#define STATUS_CONNECTION_REFUSED32   0xC0000236u
#define STATUS_NETWORK_UNREACHABLE32  0xC000023Cu
#define STATUS_HOST_UNREACHABLE32     0xC000023Du
#define STATUS_IO_TIMEOUT32           0xC00000B5u
#define STATUS_INVALID_CONNECTION32   0xC0000140u
#define STATUS_INSUFFICIENT_RESOURCES32 0xC000009Au

/* The WSAOVERLAPPED's Internal holds an NTSTATUS, as the kernel leaves it;
 * WSAGetOverlappedResult gives the Winsock error back. An error the table
 * lacks is stored as STATUS_UNSUCCESSFUL and read back as WSAEINVAL. */
static const struct { int wsa; uint32_t status; } completion_status[] = {
    { WSA_OPERATION_ABORTED, STATUS_CANCELLED32 },
    { WSAECONNRESET, STATUS_CONNECTION_RESET32 },
    { WSAECONNABORTED, STATUS_CONNECTION_ABORTED32 },
    { WSAECONNREFUSED, STATUS_CONNECTION_REFUSED32 },
    { WSAENETUNREACH, STATUS_NETWORK_UNREACHABLE32 },
    { WSAEHOSTUNREACH, STATUS_HOST_UNREACHABLE32 },
    { WSAETIMEDOUT, STATUS_IO_TIMEOUT32 },
    { WSAENOTCONN, STATUS_INVALID_CONNECTION32 },
    { WSAEMSGSIZE, STATUS_BUFFER_OVERFLOW },
    { WSAEFAULT, STATUS_ACCESS_VIOLATION },
    { WSAEACCES, STATUS_ACCESS_DENIED },
    { WSAENOBUFS, STATUS_INSUFFICIENT_RESOURCES32 },
    { WSAEINVAL, STATUS_UNSUCCESSFUL },
};

static uint32_t status_of(int wsa)
{
    for (size_t i = 0; i < sizeof completion_status / sizeof completion_status[0]; i++)
        if (completion_status[i].wsa == wsa)
            return completion_status[i].status;
    return wsa ? STATUS_UNSUCCESSFUL : 0;
}

static int wsa_of(uint32_t status)
{
    for (size_t i = 0; i < sizeof completion_status / sizeof completion_status[0]; i++)
        if (completion_status[i].status == status)
            return completion_status[i].wsa;
    return status ? WSAEINVAL : 0;
}

struct pending {
    struct ws_overlapped_op op;
    struct handle_obj *o;   /* a reference while pending */
    struct kobj *event;     /* the WSAOVERLAPPED's hEvent (a reference), or NULL */
    uint32_t tid;           /* the thread that started it: its routine runs there */
    uint32_t done;          /* bytes sent so far (a stream send completes whole) */
    struct pending *next;
};

static struct pending *pending;

/* The op's buffers from byte `skip` on (what a send has left to do). */
static void bufs_after(const struct ws_bufs *g, uint32_t skip, struct ws_bufs *out)
{
    out->n = 0;
    out->total = g->total - skip;
    for (uint32_t i = 0; i < g->n; i++) {
        if (skip >= g->b[i].len) {
            skip -= g->b[i].len;
            continue;
        }
        out->b[out->n++] = (WSABUF32){ g->b[i].len - skip, g->b[i].buf + skip };
        skip = 0;
    }
}

/* Writes the result where the program looks for it and tells it. */
static void complete(struct pending *p, int err, uint32_t n)
{
    gaddr ov = p->op.ov;
    if (ov) {
        gm_write_u32(ov + offsetof(OVERLAPPED32, Internal), status_of(err));
        gm_write_u32(ov + offsetof(OVERLAPPED32, InternalHigh), n);
    }
    if (!p->op.sending && p->op.pflags)
        gm_write_u32(p->op.pflags, 0);
    if (p->event)
        kobj_event_set(p->event, true);
    if (p->op.routine) {
        uint32_t args[4] = { (uint32_t)err, n, ov, 0 };
        apc_queue(thread_by_tid(p->tid), p->op.routine, args, 4, NULL);
    }
}

/* One attempt that does not wait: WSAEWOULDBLOCK while the operation is
 * not over, else its result (the bytes in p->done). */
static int attempt(struct pending *p)
{
    struct ws_bufs left;
    bufs_after(&p->op.bufs, p->done, &left);
    uint32_t n = 0;
    int err = p->op.sending ? ws_send(p->o, &left, p->op.flags, &p->op.peer, true, &n)
                            : ws_recv(p->o, &left, p->op.flags, &p->op.peer, true, &n);
    p->done += n;
    if (err == 0 && p->op.sending && p->done < p->op.bufs.total && wsock_of(p->o)->type == SOCK_STREAM)
        return WSAEWOULDBLOCK; /* a stream send completes whole: the rest when there is room */
    return err;
}

static bool try_complete(struct pending *p)
{
    int err = attempt(p);
    if (err == WSAEWOULDBLOCK)
        return false;
    complete(p, err, p->done);
    return true;
}

static void release(struct pending *p)
{
    handle_obj_unref(p->o);
    if (p->event)
        kobj_unref(p->event);
    free(p);
}

static bool among(const struct kobj *k, struct kobj *const *objs, unsigned n)
{
    for (unsigned i = 0; k && i < n; i++)
        if (objs[i] == k)
            return true;
    return false;
}

static short watch_events(const struct pending *p)
{
    return p->op.sending ? POLLOUT : POLLIN | POLLPRI;
}

/* The sync layer's progress hook: the operations a wait is about (one
 * of its events, or the waiting thread's routines in an alertable wait)
 * complete if they can; the others' sockets are watched. */
static unsigned progress(struct kobj *const *objs, unsigned n, bool alertable, struct pollfd *fds, unsigned room)
{
    uint32_t me = current_thread ? current_thread->tid : 0;
    unsigned added = 0;
    for (struct pending **pp = &pending; *pp;) {
        struct pending *p = *pp;
        bool wanted = among(p->event, objs, n) || (alertable && p->op.routine && p->tid == me);
        if (wanted && try_complete(p)) {
            *pp = p->next;
            release(p);
            continue;
        }
        if (wanted && added < room)
            fds[added++] = (struct pollfd){ .fd = p->o->fd, .events = watch_events(p) };
        pp = &p->next;
    }
    return added;
}

static struct pending *find(uint32_t s, gaddr ov)
{
    for (struct pending *p = pending; p; p = p->next)
        if (p->op.s == s && p->op.ov == ov)
            return p;
    return NULL;
}

static void drop(struct pending *gone)
{
    for (struct pending **pp = &pending; *pp; pp = &(*pp)->next)
        if (*pp == gone) {
            *pp = gone->next;
            release(gone);
            return;
        }
}

uint64_t ws_overlapped_start(struct thunk_call *c, struct handle_obj *o, const struct ws_overlapped_op *op,
                             gaddr count)
{
    OVERLAPPED32 ovl = { 0 };
    if (op->ov && !gm_read(op->ov, &ovl, sizeof ovl))
        return wsa_fail(WSAEFAULT);
    struct kobj *event = NULL;
    if (!op->routine && ovl.hEvent && !(event = kobj_from_handle(ovl.hEvent, KOBJ_EVENT)))
        return wsa_fail(WSA_INVALID_HANDLE);
    struct pending *p = calloc(1, sizeof *p);
    if (!p)
        return wsa_fail(WSAENOBUFS);
    p->op = *op;
    p->o = o;
    handle_obj_ref(o);
    p->event = event;
    if (event) {
        kobj_ref(event);
        kobj_event_set(event, false); /* signaled again when this completes */
    }
    p->tid = current_thread ? current_thread->tid : 0;
    kobj_add_wait_progress(progress);
    if (op->ov)
        gm_write_u32(op->ov + offsetof(OVERLAPPED32, Internal), STATUS_PENDING);
    int err = attempt(p);
    if (err == WSAEWOULDBLOCK) {
        p->next = pending;
        pending = p;
        return wsa_fail(WSA_IO_PENDING);
    }
    uint32_t n = p->done;
    if (err == 0) /* done at once: the event and the routine as for any completion */
        complete(p, 0, n);
    release(p);
    (void)c;
    if (err) /* failed at once: no completion is signalled */
        return wsa_fail(err == WS_TERMINATED ? WSAEINTR : err);
    if (count && !gm_write_u32(count, n))
        return wsa_fail(WSAEFAULT);
    return 0;
}

void ws_overlapped_abort(uint32_t s)
{
    for (struct pending **pp = &pending; *pp;) {
        struct pending *p = *pp;
        if (p->op.s != s) {
            pp = &p->next;
            continue;
        }
        complete(p, WSA_OPERATION_ABORTED, p->done);
        *pp = p->next;
        release(p);
    }
}

uint64_t ws2_32_WSAGetOverlappedResult(struct thunk_call *c)
{
    API_ARGS(ws2_32, WSAGetOverlappedResult, a);
    int err;
    if (!wsock_get(a.s, &err)) {
        wsa_fail(err);
        return 0;
    }
    if (!a.lpOverlapped || !a.lpcbTransfer || !a.lpdwFlags) {
        wsa_fail(WSAEFAULT);
        return 0;
    }
    for (struct pending *p; (p = find(a.s, a.lpOverlapped)) != NULL;) {
        if (try_complete(p)) {
            drop(p);
            break;
        }
        if (!a.fWait) {
            wsa_fail(WSA_IO_INCOMPLETE);
            return 0;
        }
        struct handle_obj *o = p->o; /* p may complete on another thread meanwhile */
        handle_obj_ref(o);
        int wr = wsock_wait(o, watch_events(p), 0);
        handle_obj_unref(o);
        if (wr == WS_TERMINATED) {
            c->no_return = true;
            return 0;
        }
    }
    OVERLAPPED32 ovl;
    if (!gm_read(a.lpOverlapped, &ovl, sizeof ovl)) {
        wsa_fail(WSAEFAULT);
        return 0;
    }
    if (ovl.Internal == STATUS_PENDING) { /* no operation of this socket uses it */
        wsa_fail(WSA_IO_INCOMPLETE);
        return 0;
    }
    if (!gm_write_u32(a.lpcbTransfer, ovl.InternalHigh) || !gm_write_u32(a.lpdwFlags, 0)) {
        wsa_fail(WSAEFAULT);
        return 0;
    }
    if (ovl.Internal != 0) {
        wsa_fail(wsa_of(ovl.Internal));
        return 0;
    }
    return 1;
}
