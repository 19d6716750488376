/* Event-driven sockets: WSACreateEvent and friends (manual-reset kernel32
 * events), WSAEventSelect, WSAEnumNetworkEvents and
 * WSAWaitForMultipleEvents. A socket's network events are worked out
 * when the program looks (a wait, an enumeration): each FD_* condition is
 * reported once, then again only after the call that re-enables it
 * (recv for FD_READ, accept for FD_ACCEPT, a send that would block for
 * FD_WRITE), as Winsock does. */
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>

#include "core/apc.h"
#include "core/clock.h"
#include "core/thread.h"
#include "core/guest_mem.h"
#include "core/process.h"
#include "core/sync.h"
#include "syscalls/api.h"
#include "syscalls/kernel32/objects.h"
#include "syscalls/ws2_32/api_args.h"
#include "syscalls/ws2_32/errors.h"
#include "syscalls/ws2_32/sock.h"
#include "syscalls/ws2_32/struct32.h"

#define WSA_WAIT_FAILED32  0xFFFFFFFFu
#define WSA_WAIT_TIMEOUT32 0x102u
#define WSA_INFINITE32     0xFFFFFFFFu
#define MAX_SELECTED       256

/* Sockets with a WSAEventSelect in force, by SOCKET value (a closed one
 * drops out when it is next looked up). */
static uint32_t selected[MAX_SELECTED];
static unsigned nselected;

static void remember(uint32_t s)
{
    for (unsigned i = 0; i < nselected; i++)
        if (selected[i] == s)
            return;
    if (nselected < MAX_SELECTED)
        selected[nselected++] = s;
}

static void forget(uint32_t s)
{
    for (unsigned i = 0; i < nselected; i++)
        if (selected[i] == s) {
            selected[i] = selected[--nselected];
            return;
        }
}

/* The event-selected socket at slot i, or NULL (and the slot dropped). */
static struct handle_obj *selected_at(unsigned i)
{
    struct handle_obj *o = handle_get(selected[i], HANDLE_SOCKET);
    return o && o->data && wsock_of(o)->event ? o : NULL;
}

static void report(struct wsock *w, int bit, int err)
{
    w->event_pending |= 1 << bit;
    w->event_armed &= ~(1 << bit);
    w->event_errors[bit] = err;
}

/* Works out which armed conditions hold now and signals the event. */
static void update(struct handle_obj *o)
{
    struct wsock *w = wsock_of(o);
    int32_t want = w->event_mask & w->event_armed;
    if (!w->event || !want)
        return;
    if (w->connecting && (want & FD_CONNECT32)) {
        int r = wsock_connect_settle(o);
        if (r != 0)
            report(w, FD_CONNECT_BIT, r == 1 ? 0 : r);
    }
    struct pollfd p = { .fd = o->fd, .events = POLLIN | POLLOUT | POLLPRI };
    bool idle = w->type == SOCK_STREAM && !w->connected && !w->listening;
    if (!idle && poll(&p, 1, 0) > 0) {
        int avail = 0;
        ioctl(o->fd, FIONREAD, &avail);
        if (w->listening) {
            if ((p.revents & POLLIN) && (want & FD_ACCEPT32))
                report(w, FD_ACCEPT_BIT, 0);
        } else {
            bool eof = w->type == SOCK_STREAM && (p.revents & (POLLIN | POLLHUP)) && avail == 0;
            if ((p.revents & POLLIN) && !eof && (want & FD_READ32))
                report(w, FD_READ_BIT, 0);
            if (eof && (want & FD_CLOSE32))
                report(w, FD_CLOSE_BIT, (p.revents & POLLERR) ? WSAECONNRESET : 0);
            if ((p.revents & POLLOUT) && !(p.revents & POLLHUP) && (want & FD_WRITE32))
                report(w, FD_WRITE_BIT, 0);
            if ((p.revents & POLLPRI) && (want & FD_OOB32))
                report(w, FD_OOB_BIT, 0);
        }
    }
    if (w->event_pending)
        kobj_event_set(w->event, true);
}

/* What a wait watches on the socket's descriptor for its armed events. */
static short watch_events(const struct wsock *w)
{
    int32_t want = w->event_mask & w->event_armed;
    short ev = 0;
    if (want & (FD_READ32 | FD_ACCEPT32 | FD_CLOSE32))
        ev |= POLLIN;
    if ((want & FD_WRITE32) || (w->connecting && (want & FD_CONNECT32)))
        ev |= POLLOUT;
    if (want & FD_OOB32)
        ev |= POLLPRI;
    if (w->type == SOCK_STREAM && !w->connected && !w->listening && !w->connecting)
        ev = 0;
    return ev;
}

/* ---------------------------------------------------------------- events */

uint64_t ws2_32_WSACreateEvent(struct thunk_call *c)
{
    (void)c;
    struct kobj *k = kobj_create(KOBJ_EVENT);
    if (!k) {
        wsa_fail(WSA_NOT_ENOUGH_MEMORY);
        return 0;
    }
    k->manual_reset = true;
    uint32_t h = kobj_handle_new(k);
    kobj_unref(k);
    if (!h)
        wsa_fail(WSA_NOT_ENOUGH_MEMORY);
    return h;
}

static struct kobj *event_of(uint32_t h)
{
    struct kobj *k = kobj_from_handle(h, KOBJ_EVENT);
    if (!k)
        wsa_fail(WSA_INVALID_HANDLE);
    return k;
}

uint64_t ws2_32_WSACloseEvent(struct thunk_call *c)
{
    API_ARGS(ws2_32, WSACloseEvent, a);
    if (!event_of(a.hEvent))
        return 0;
    return handle_close(a.hEvent);
}

uint64_t ws2_32_WSASetEvent(struct thunk_call *c)
{
    API_ARGS(ws2_32, WSASetEvent, a);
    struct kobj *k = event_of(a.hEvent);
    if (k)
        kobj_event_set(k, true);
    return k != NULL;
}

uint64_t ws2_32_WSAResetEvent(struct thunk_call *c)
{
    API_ARGS(ws2_32, WSAResetEvent, a);
    struct kobj *k = event_of(a.hEvent);
    if (k)
        kobj_event_set(k, false);
    return k != NULL;
}

/* ---------------------------------------------------------- event select */

uint64_t ws2_32_WSAEventSelect(struct thunk_call *c)
{
    API_ARGS(ws2_32, WSAEventSelect, a);
    int err;
    struct handle_obj *o = wsock_get(a.s, &err);
    if (!o)
        return wsa_fail(err);
    struct kobj *k = NULL;
    if (a.lNetworkEvents && !(k = kobj_from_handle(a.hEventObject, KOBJ_EVENT)))
        return wsa_fail(WSAEINVAL);
    struct wsock *w = wsock_of(o);
    if (w->event)
        kobj_unref(w->event);
    w->event = k;
    if (k)
        kobj_ref(k);
    w->event_mask = a.lNetworkEvents;
    w->event_armed = a.lNetworkEvents;
    w->event_pending = 0;
    memset(w->event_errors, 0, sizeof w->event_errors);
    if (!k) {
        forget(a.s);
        return 0;
    }
    w->nonblocking = true; /* as WSAEventSelect makes it */
    remember(a.s);
    update(o);
    return 0;
}

uint64_t ws2_32_WSAEnumNetworkEvents(struct thunk_call *c)
{
    API_ARGS(ws2_32, WSAEnumNetworkEvents, a);
    int err;
    struct handle_obj *o = wsock_get(a.s, &err);
    if (!o)
        return wsa_fail(err);
    if (a.hEventObject && !kobj_from_handle(a.hEventObject, KOBJ_EVENT))
        return wsa_fail(WSAEINVAL);
    struct wsock *w = wsock_of(o);
    update(o);
    WSANETWORKEVENTS32 ne = { .lNetworkEvents = w->event_pending };
    memcpy(ne.iErrorCode, w->event_errors, sizeof ne.iErrorCode);
    if (!a.lpNetworkEvents || !gm_write(a.lpNetworkEvents, &ne, sizeof ne))
        return wsa_fail(WSAEFAULT);
    w->event_pending = 0;
    memset(w->event_errors, 0, sizeof w->event_errors);
    if (a.hEventObject)
        kobj_event_set(kobj_from_handle(a.hEventObject, KOBJ_EVENT), false);
    return 0;
}

/* ------------------------------------------------------------------ wait */

/* The thread's queued APCs, oldest first: what an alertable wait runs. */
static void run_apcs(struct thunk_call *c)
{
    struct thread_apc a;
    while (apc_take(&a))
        if (!thunk_call_guest(c, a.fn, a.args, a.nargs, NULL))
            return; /* the thread or process is ending */
}

static uint32_t remaining_ms(const struct timespec *end)
{
    int64_t ms = ((int64_t)end->tv_sec * 1000000000LL + end->tv_nsec - clock_host_ns()) / 1000000;
    return ms > 0 ? (uint32_t)ms : 0;
}

/* Index of the first signaled event (any), or whether all are. */
static int signaled(struct kobj *const *ev, unsigned n, bool all)
{
    unsigned count = 0;
    int first = -1;
    for (unsigned i = 0; i < n; i++)
        if (ev[i]->signaled) {
            count++;
            if (first < 0)
                first = (int)i;
        }
    if (all)
        return count == n ? 0 : -1;
    return first;
}

uint64_t ws2_32_WSAWaitForMultipleEvents(struct thunk_call *c)
{
    API_ARGS(ws2_32, WSAWaitForMultipleEvents, a);
    if (a.cEvents == 0 || a.cEvents > MAXIMUM_WAIT_OBJECTS) {
        wsa_fail(WSA_INVALID_PARAMETER);
        return WSA_WAIT_FAILED32;
    }
    uint32_t handles[MAXIMUM_WAIT_OBJECTS];
    struct kobj *ev[MAXIMUM_WAIT_OBJECTS];
    if (!gm_read(a.lphEvents, handles, 4 * a.cEvents)) {
        wsa_fail(WSAEFAULT);
        return WSA_WAIT_FAILED32;
    }
    for (uint32_t i = 0; i < a.cEvents; i++)
        if (!(ev[i] = kobj_from_handle(handles[i], KOBJ_ANY))) {
            wsa_fail(WSA_INVALID_HANDLE);
            return WSA_WAIT_FAILED32;
        }
    struct timespec end;
    thread_deadline(a.dwTimeout, &end);
    for (;;) {
        /* the sockets selected on these events, and what to watch on them */
        struct kobj *objs[MAXIMUM_WAIT_OBJECTS];
        struct handle_obj *socks[MAXIMUM_WAIT_OBJECTS];
        unsigned n = 0, nsocks = 0;
        for (unsigned i = 0; i < nselected; i++) {
            struct handle_obj *o = selected_at(i);
            if (!o) {
                selected[i--] = selected[--nselected];
                continue;
            }
            for (uint32_t e = 0; e < a.cEvents; e++)
                if (wsock_of(o)->event == ev[e]) {
                    update(o);
                    if (nsocks < MAXIMUM_WAIT_OBJECTS / 2 && watch_events(wsock_of(o)))
                        socks[nsocks++] = o;
                    break;
                }
        }
        int r = signaled(ev, a.cEvents, a.fWaitAll);
        if (r >= 0)
            return (uint32_t)r;
        uint32_t left = a.dwTimeout == WSA_INFINITE32 ? WSA_INFINITE32 : remaining_ms(&end);
        if (left == 0)
            return WSA_WAIT_TIMEOUT32;
        /* one wait on the unsignaled events and the sockets' descriptors */
        for (uint32_t e = 0; e < a.cEvents && n < MAXIMUM_WAIT_OBJECTS / 2; e++)
            if (!ev[e]->signaled)
                objs[n++] = ev[e];
        unsigned first_watch = n;
        for (unsigned i = 0; i < nsocks; i++) {
            struct kobj *k = kobj_create(KOBJ_FILE);
            if (!k)
                break;
            k->host_fd = socks[i]->fd;
            k->host_events = watch_events(wsock_of(socks[i]));
            handle_obj_ref(socks[i]);
            objs[n++] = k;
        }
        bool terminated = false;
        uint32_t wr = kobj_wait(objs, n, false, left, a.fAlertable != 0, &terminated);
        for (unsigned i = first_watch; i < n; i++) {
            kobj_unref(objs[i]);
            handle_obj_unref(socks[i - first_watch]);
        }
        if (terminated) {
            c->no_return = true;
            return 0;
        }
        if (wr == WAIT_IO_COMPLETION) { /* completion routines (overlapped.c) and user APCs ran */
            run_apcs(c);
            return WAIT_IO_COMPLETION;
        }
        if (wr == WSA_WAIT_TIMEOUT32 && a.dwTimeout != WSA_INFINITE32 && remaining_ms(&end) == 0) {
            /* a last look: the sockets may have become ready at the end */
            continue;
        }
    }
}
