/* Readiness: select over Windows' fd_sets, __WSAFDIsSet and WSAPoll, with
 * Windows' meaning (a failed non-blocking connect is an exception, not
 * writable; an unconnected stream socket is never ready), waiting outside
 * the process lock. */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "core/clock.h"
#include "core/guest_mem.h"
#include "core/process.h"
#include "syscalls/api.h"
#include "syscalls/ws2_32/api_args.h"
#include "syscalls/ws2_32/errors.h"
#include "syscalls/ws2_32/fdset.h"
#include "syscalls/ws2_32/sock.h"
#include "syscalls/ws2_32/struct32.h"

enum interest { WANT_READ, WANT_WRITE, WANT_EXCEPT };

struct entry {
    uint32_t s;
    struct handle_obj *o;
    uint8_t want;
    bool ready;
};

/* What to poll for an entry; 0: it cannot become ready as things stand. */
static short events_for(const struct entry *e)
{
    const struct wsock *w = wsock_of(e->o);
    if (e->want == WANT_EXCEPT)
        return w->connecting || w->connect_failed ? POLLOUT | POLLPRI : POLLPRI;
    if (w->connect_failed)
        return 0;
    if (w->type == SOCK_STREAM && !w->connected && !w->listening && !w->connecting)
        return 0; /* the host reports POLLHUP for it; Windows reports nothing */
    if (e->want == WANT_READ)
        return w->connecting ? 0 : POLLIN;
    return POLLOUT;
}

/* Whether a polled entry is ready as Windows means it. */
static bool judge(struct entry *e, short revents)
{
    struct wsock *w = wsock_of(e->o);
    if (w->connecting && revents) {
        int r = wsock_connect_settle(e->o);
        if (e->want == WANT_EXCEPT)
            return r != 0 && r != 1;
        return e->want == WANT_WRITE && r == 1;
    }
    if (e->want == WANT_EXCEPT)
        return w->connect_failed || (revents & POLLPRI) != 0;
    return revents != 0;
}

/* One round: a poll of every entry; the count ready, or -1 (terminated). */
static int round_of(struct entry *es, unsigned n, int timeout_ms)
{
    struct pollfd *p = calloc(n ? n : 1, sizeof *p);
    if (!p)
        return 0;
    for (unsigned i = 0; i < n; i++) {
        short ev = events_for(&es[i]);
        p[i] = (struct pollfd){ .fd = ev ? es[i].o->fd : -1, .events = ev };
    }
    int rc = timeout_ms == 0 ? poll(p, n, 0) : ws_poll(p, n, timeout_ms);
    int ready = 0;
    if (rc > 0)
        for (unsigned i = 0; i < n; i++)
            if (p[i].fd >= 0 && p[i].revents && judge(&es[i], p[i].revents)) {
                es[i].ready = true;
                ready++;
            }
    free(p);
    return rc < 0 ? -1 : ready;
}

/* Waits until one entry is ready or timeout_ms pass (-1: no limit). */
static int wait_entries(struct entry *es, unsigned n, int timeout_ms)
{
    int ready = round_of(es, n, 0);
    if (ready != 0 || timeout_ms == 0)
        return ready;
    int64_t end = clock_host_ns() + (int64_t)timeout_ms * 1000000LL;
    for (;;) {
        int left = -1;
        if (timeout_ms > 0) {
            int64_t ms = (end - clock_host_ns()) / 1000000;
            if (ms <= 0)
                return round_of(es, n, 0);
            left = (int)ms;
        }
        ready = round_of(es, n, left);
        if (ready != 0)
            return ready;
    }
}

/* ---------------------------------------------------------------- select */

static void release(struct entry *es, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        handle_obj_unref(es[i].o);
}

/* Adds the set's sockets; 0 or the WSAE error. */
static int add_set(gaddr set, uint8_t want, struct entry *es, unsigned *n, uint32_t *socks, int *count)
{
    *count = ws_fdset_read(set, socks, WS_FDSET_MAX);
    if (*count < 0)
        return WSAEFAULT;
    for (int i = 0; i < *count; i++) {
        int err;
        struct handle_obj *o = wsock_get(socks[i], &err);
        if (!o)
            return err;
        handle_obj_ref(o);
        es[(*n)++] = (struct entry){ .s = socks[i], .o = o, .want = want };
    }
    return 0;
}

uint64_t ws2_32_select(struct thunk_call *c)
{
    API_ARGS(ws2_32, select, a);
    if (!ws_started())
        return wsa_fail(WSANOTINITIALISED);
    int timeout_ms = -1;
    if (a.timeout) {
        TIMEVAL32 tv;
        if (!gm_read(a.timeout, &tv, sizeof tv))
            return wsa_fail(WSAEFAULT);
        if (tv.tv_sec < 0 || tv.tv_usec < 0)
            return wsa_fail(WSAEINVAL);
        int64_t ms = (int64_t)tv.tv_sec * 1000 + (tv.tv_usec + 999) / 1000;
        timeout_ms = ms > 0x7FFFFFFF ? 0x7FFFFFFF : (int)ms;
    }
    gaddr sets[3] = { a.readfds, a.writefds, a.exceptfds };
    struct entry *es = calloc(3 * WS_FDSET_MAX, sizeof *es);
    uint32_t *socks = calloc(3 * WS_FDSET_MAX, sizeof *socks);
    if (!es || !socks) {
        free(es);
        free(socks);
        return wsa_fail(WSAENOBUFS);
    }
    unsigned n = 0;
    int counts[3] = { 0 }, err = 0;
    for (int k = 0; k < 3 && !err; k++)
        err = add_set(sets[k], (uint8_t)k, es, &n, socks + k * WS_FDSET_MAX, &counts[k]);
    if (!err && n == 0)
        err = WSAEINVAL; /* Windows refuses a select on nothing */
    int ready = err ? 0 : wait_entries(es, n, timeout_ms);
    release(es, n);
    if (ready < 0) {
        free(es);
        free(socks);
        c->no_return = true;
        return 0;
    }
    bool keep[WS_FDSET_MAX];
    unsigned at = 0;
    for (int k = 0; k < 3 && !err; k++) {
        for (int i = 0; i < counts[k]; i++)
            keep[i] = es[at + (unsigned)i].ready;
        at += (unsigned)counts[k];
        if (!ws_fdset_write(sets[k], socks + k * WS_FDSET_MAX, keep, (unsigned)counts[k]))
            err = WSAEFAULT;
    }
    free(es);
    free(socks);
    return err ? wsa_fail(err) : (uint64_t)ready;
}

uint64_t ws2_32___WSAFDIsSet(struct thunk_call *c)
{
    API_ARGS(ws2_32, __WSAFDIsSet, a);
    return ws_fdset_has(a.arg2, a.arg1);
}

/* --------------------------------------------------------------- WSAPoll */

#define POLLRDNORM32 0x0100
#define POLLRDBAND32 0x0200
#define POLLPRI32    0x0400
#define POLLWRNORM32 0x0010
#define POLLWRBAND32 0x0020
#define POLLERR32    0x0001
#define POLLHUP32    0x0002
#define POLLNVAL32   0x0004
#define WSAPOLL_MAX  4096

static short revents_of(short asked, short host, const struct wsock *w)
{
    short r = 0;
    if ((host & POLLIN) && (asked & POLLRDNORM32))
        r |= POLLRDNORM32;
    if ((host & POLLPRI) && (asked & POLLRDBAND32))
        r |= POLLRDBAND32;
    if ((host & POLLOUT) && (asked & POLLWRNORM32) && !(w->type == SOCK_STREAM && !w->connected))
        r |= POLLWRNORM32;
    if (host & POLLHUP)
        r |= POLLHUP32;
    if (host & POLLERR)
        r |= POLLERR32;
    return r;
}

uint64_t ws2_32_WSAPoll(struct thunk_call *c)
{
    API_ARGS(ws2_32, WSAPoll, a);
    if (!ws_started())
        return wsa_fail(WSANOTINITIALISED);
    if (a.nfds == 0 || a.nfds > WSAPOLL_MAX)
        return wsa_fail(WSAEINVAL);
    WSAPOLLFD32 *g = calloc(a.nfds, sizeof *g);
    struct pollfd *p = calloc(a.nfds, sizeof *p);
    struct handle_obj **objs = calloc(a.nfds, sizeof *objs);
    int err = 0;
    if (!g || !p || !objs)
        err = WSAENOBUFS;
    else if (!gm_read(a.fdarray, g, a.nfds * sizeof *g))
        err = WSAEFAULT;
    short allowed = POLLRDNORM32 | POLLRDBAND32 | POLLPRI32 | POLLWRNORM32 | POLLWRBAND32;
    for (uint32_t i = 0; !err && i < a.nfds; i++) {
        if (g[i].events & ~allowed)
            err = WSAEINVAL;
        int e;
        objs[i] = wsock_get(g[i].fd, &e);
        p[i].fd = -1;
        if (!objs[i])
            continue; /* reported as POLLNVAL */
        handle_obj_ref(objs[i]);
        struct wsock *w = wsock_of(objs[i]);
        bool idle = w->type == SOCK_STREAM && !w->connected && !w->listening && !w->connecting;
        p[i].fd = idle ? -1 : objs[i]->fd;
        p[i].events = (short)((g[i].events & POLLRDNORM32 ? POLLIN : 0) | (g[i].events & (POLLRDBAND32 | POLLPRI32) ? POLLPRI : 0) |
                              (g[i].events & (POLLWRNORM32 | POLLWRBAND32) ? POLLOUT : 0));
    }
    int ready = 0;
    if (!err) {
        int invalid = 0;
        for (uint32_t i = 0; i < a.nfds; i++)
            invalid += !objs[i];
        int rc = invalid || (int32_t)a.timeout == 0 ? poll(p, a.nfds, 0) : ws_poll(p, a.nfds, (int32_t)a.timeout < 0 ? -1 : (int32_t)a.timeout);
        if (rc < 0 && !invalid) {
            c->no_return = true;
        } else {
            for (uint32_t i = 0; i < a.nfds; i++) {
                if (!objs[i]) {
                    g[i].revents = POLLNVAL32;
                } else {
                    if (wsock_of(objs[i])->connecting && p[i].revents)
                        wsock_connect_settle(objs[i]);
                    g[i].revents = p[i].fd < 0 ? 0 : revents_of(g[i].events, p[i].revents, wsock_of(objs[i]));
                }
                ready += g[i].revents != 0;
            }
            if (!gm_write(a.fdarray, g, a.nfds * sizeof *g))
                err = WSAEFAULT;
        }
    }
    for (uint32_t i = 0; objs && i < a.nfds; i++)
        if (objs[i])
            handle_obj_unref(objs[i]);
    free(g);
    free(p);
    free(objs);
    if (c->no_return)
        return 0;
    return err ? wsa_fail(err) : (uint64_t)ready;
}
