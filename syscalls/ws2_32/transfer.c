/* Data on sockets: send, recv, sendto, recvfrom and their WSA forms, one
 * path for all (transfer.h); WSASend/WSARecv with an OVERLAPPED go to
 * overlapped.c, which completes them through the same path. Each transfer
 * is one network record. */
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "core/guest_mem.h"
#include "core/process.h"
#include "core/trace.h"
#include "syscalls/api.h"
#include "syscalls/ws2_32/api_args.h"
#include "syscalls/ws2_32/errors.h"
#include "syscalls/ws2_32/overlapped.h"
#include "syscalls/ws2_32/sock.h"
#include "syscalls/ws2_32/sockaddr.h"
#include "syscalls/ws2_32/struct32.h"
#include "syscalls/ws2_32/transfer.h"

#define MSG_OOB32       0x1
#define MSG_PEEK32      0x2
#define MSG_DONTROUTE32 0x4
#define MSG_WAITALL32   0x8

/* Host flags for the guest's, or -1 for one Winsock does not take here. */
static int host_flags(uint32_t flags, bool receiving)
{
    uint32_t known = MSG_OOB32 | MSG_PEEK32 | MSG_DONTROUTE32 | (receiving ? MSG_WAITALL32 : 0);
    if (flags & ~known)
        return -1;
    if (!receiving && (flags & MSG_PEEK32))
        return -1;
    return (flags & MSG_OOB32 ? MSG_OOB : 0) | (flags & MSG_PEEK32 ? MSG_PEEK : 0) |
           (flags & MSG_DONTROUTE32 ? MSG_DONTROUTE : 0) | (flags & MSG_WAITALL32 ? MSG_WAITALL : 0);
}

/* Sends len bytes of buf: all of them on a blocking socket, what fits on a
 * non-blocking one (or with no_wait). 0, a WSAE error or WS_TERMINATED. */
static int send_bytes(struct handle_obj *o, const uint8_t *buf, uint32_t len, uint32_t flags,
                      const struct sockaddr *to, socklen_t tolen, bool no_wait, uint32_t *sent)
{
    struct wsock *w = wsock_of(o);
    *sent = 0;
    int hf = host_flags(flags, false);
    if (hf < 0)
        return WSAEOPNOTSUPP;
    if (w->shut_send)
        return WSAESHUTDOWN;
    if (w->type == SOCK_STREAM) {
        wsock_connect_settle(o);
        if (!w->connected)
            return WSAENOTCONN;
        to = NULL; /* ignored on a connected stream, as on Windows */
    } else if (!to && !w->connected) {
        return WSAENOTCONN;
    }
    int err;
    if (to && (err = ws_policy_check(to, "sendto")) != 0)
        return err;
    uint64_t t0 = trace_enabled ? trace_filetime_now() : 0;
    for (;;) {
        ssize_t r = to ? sendto(o->fd, buf + *sent, len - *sent, hf | MSG_NOSIGNAL | MSG_DONTWAIT, to, tolen)
                       : send(o->fd, buf + *sent, len - *sent, hf | MSG_NOSIGNAL | MSG_DONTWAIT);
        if (r >= 0) {
            *sent += (uint32_t)r;
            if (*sent == len || w->type != SOCK_STREAM || w->nonblocking || no_wait)
                break;
            continue;
        }
        if (errno == EINTR)
            continue;
        if (errno != EAGAIN) {
            if (*sent)
                break;
            return errno == EPIPE && w->shut_send ? WSAESHUTDOWN : wsa_error_from_errno(errno);
        }
        if (w->nonblocking || no_wait) {
            if (*sent)
                break;
            if (!no_wait)
                w->event_armed |= FD_WRITE32; /* FD_WRITE comes again once there is room */
            return WSAEWOULDBLOCK;
        }
        int wr = wsock_wait(o, POLLOUT, w->sndtimeo);
        if (wr != 0)
            return wr;
    }
    if (*sent || len == 0)
        wsock_record(o, TRACE_NET_SEND, *sent, to, t0);
    return 0;
}

/* Receives up to len bytes. *from gets the sender (datagrams). 0, a WSAE
 * error (WSAEMSGSIZE keeps the truncated datagram: *got is set) or
 * WS_TERMINATED. */
static int recv_bytes(struct handle_obj *o, uint8_t *buf, uint32_t len, uint32_t flags, bool no_wait,
                      struct sockaddr_storage *from, uint32_t *got)
{
    struct wsock *w = wsock_of(o);
    *got = 0;
    int hf = host_flags(flags, true);
    if (hf < 0)
        return WSAEOPNOTSUPP;
    if (w->listening)
        return WSAENOTCONN;
    if (w->type == SOCK_STREAM) {
        wsock_connect_settle(o);
        if (!w->connected)
            return WSAENOTCONN;
    } else {
        struct sockaddr_storage ss;
        socklen_t sl = sizeof ss;
        if (getsockname(o->fd, (struct sockaddr *)&ss, &sl) == 0 &&
            (ss.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&ss)->sin6_port
                                      : ((struct sockaddr_in *)&ss)->sin_port) == 0)
            return WSAEINVAL; /* an unbound datagram socket cannot receive on Windows */
    }
    bool waitall = (hf & MSG_WAITALL) && w->type == SOCK_STREAM;
    hf &= ~MSG_WAITALL;
    if (w->type == SOCK_DGRAM)
        hf |= MSG_TRUNC; /* the datagram's real size: WSAEMSGSIZE when it did not fit */
    uint64_t t0 = trace_enabled ? trace_filetime_now() : 0;
    for (;;) {
        socklen_t fl = sizeof *from;
        memset(from, 0, sizeof *from);
        ssize_t r = recvfrom(o->fd, buf + *got, len - *got, hf | MSG_DONTWAIT, (struct sockaddr *)from, &fl);
        if (r > 0 || (r == 0 && len > 0)) {
            if (w->type == SOCK_DGRAM && (size_t)r > len) {
                *got = len;
                if (!(hf & MSG_PEEK))
                    wsock_record(o, TRACE_NET_RECV, len, (struct sockaddr *)from, t0);
                return WSAEMSGSIZE;
            }
            *got += (uint32_t)r;
            if (r == 0) { /* the peer closed its side */
                if (w->type == SOCK_STREAM && !w->disconnect_told)
                    wsock_record(o, TRACE_NET_DISCONNECT, 0, NULL, t0);
                break;
            }
            if (waitall && *got < len)
                continue;
            break;
        }
        if (r == 0)
            break; /* len 0 */
        if (errno == EINTR)
            continue;
        if (errno != EAGAIN)
            return *got ? 0 : wsa_error_from_errno(errno);
        if (*got && !waitall)
            break;
        if (w->nonblocking || no_wait) {
            if (*got)
                break;
            if (!no_wait)
                w->event_armed |= FD_READ32;
            return WSAEWOULDBLOCK;
        }
        int wr = wsock_wait(o, POLLIN, w->rcvtimeo);
        if (wr != 0)
            return wr;
    }
    w->event_armed |= FD_READ32 | FD_OOB32; /* more data is reported again */
    if (*got && !(hf & MSG_PEEK)) /* a peek moves nothing */
        wsock_record(o, TRACE_NET_RECV, *got, w->type == SOCK_DGRAM ? (struct sockaddr *)from : NULL, t0);
    return 0;
}

/* ------------------------------------------------------- buffer lists */

int ws_bufs_one(struct ws_bufs *g, gaddr buf, int32_t len)
{
    if (len < 0)
        return WSAEFAULT;
    g->b[0] = (WSABUF32){ (uint32_t)len, buf };
    g->n = 1;
    g->total = (uint32_t)len;
    return 0;
}

int ws_bufs_read(struct ws_bufs *g, gaddr bufs, uint32_t n)
{
    if (n == 0 || n > WS_MAX_WSABUFS)
        return WSAEINVAL;
    if (!gm_read(bufs, g->b, n * sizeof g->b[0]))
        return WSAEFAULT;
    uint64_t sum = 0;
    for (uint32_t i = 0; i < n; i++)
        sum += g->b[i].len;
    if (sum > 0x7FFFFFFF)
        return WSAENOBUFS;
    g->n = n;
    g->total = (uint32_t)sum;
    return 0;
}

int ws_send(struct handle_obj *o, const struct ws_bufs *g, uint32_t flags, const struct ws_peer *to, bool no_wait,
            uint32_t *sent)
{
    *sent = 0;
    struct sockaddr_storage ss;
    socklen_t sl = 0;
    int err;
    if (to && to->addr && (err = ws_sockaddr_read(to->addr, to->tolen, &ss, &sl)) != 0)
        return err;
    uint8_t *bounce = malloc(g->total ? g->total : 1);
    if (!bounce)
        return WSAENOBUFS;
    uint32_t at = 0;
    for (uint32_t i = 0; i < g->n; at += g->b[i].len, i++)
        if (g->b[i].len && !gm_read(g->b[i].buf, bounce + at, g->b[i].len)) {
            free(bounce);
            return WSAEFAULT;
        }
    handle_obj_ref(o);
    err = send_bytes(o, bounce, g->total, flags, sl ? (struct sockaddr *)&ss : NULL, sl, no_wait, sent);
    handle_obj_unref(o);
    free(bounce);
    return err;
}

/* The bytes and the sender are written once the lock is held again; a
 * buffer freed meanwhile is WSAEFAULT, never a host fault. */
int ws_recv(struct handle_obj *o, const struct ws_bufs *g, uint32_t flags, const struct ws_peer *from,
            bool no_wait, uint32_t *got)
{
    *got = 0;
    for (uint32_t i = 0; i < g->n; i++)
        if (g->b[i].len && !gm_writable(g->b[i].buf, g->b[i].len))
            return WSAEFAULT;
    int32_t room = 0;
    if (from && from->addr &&
        (!from->len || !gm_read_u32(from->len, (uint32_t *)&room) || room < (int32_t)sizeof(SOCKADDR_IN32)))
        return WSAEFAULT;
    uint8_t *bounce = malloc(g->total ? g->total : 1);
    if (!bounce)
        return WSAENOBUFS;
    struct sockaddr_storage src;
    handle_obj_ref(o);
    int err = recv_bytes(o, bounce, g->total, flags, no_wait, &src, got);
    bool datagram = wsock_of(o) && wsock_of(o)->type == SOCK_DGRAM;
    handle_obj_unref(o);
    if (err == 0 || err == WSAEMSGSIZE) {
        uint32_t at = 0;
        for (uint32_t i = 0; i < g->n && at < *got; i++) {
            uint32_t part = *got - at < g->b[i].len ? *got - at : g->b[i].len;
            if (!gm_write(g->b[i].buf, bounce + at, part))
                err = WSAEFAULT;
            at += part;
        }
        if (from && from->addr && datagram && ws_sockaddr_write((struct sockaddr *)&src, from->addr, from->len))
            err = WSAEFAULT;
    }
    free(bounce);
    return err;
}

/* ------------------------------------------------------------ the calls */

/* The result of a call: a count, or SOCKET_ERROR with the error; the
 * thread being ended returns nowhere. */
static uint64_t finish(struct thunk_call *c, int err, uint32_t n)
{
    if (err == WS_TERMINATED) {
        c->no_return = true;
        return 0;
    }
    return err ? wsa_fail(err) : n;
}

static uint64_t send_call(struct thunk_call *c, uint32_t s, gaddr buf, int32_t len, uint32_t flags,
                          const struct ws_peer *to)
{
    int err;
    struct handle_obj *o = wsock_get(s, &err);
    struct ws_bufs g;
    if (!o || (err = ws_bufs_one(&g, buf, len)) != 0)
        return wsa_fail(err);
    uint32_t sent = 0;
    err = ws_send(o, &g, flags, to, false, &sent);
    return finish(c, err, sent);
}

uint64_t ws2_32_send(struct thunk_call *c)
{
    API_ARGS(ws2_32, send, a);
    return send_call(c, a.s, a.buf, a.len, a.flags, NULL);
}

uint64_t ws2_32_sendto(struct thunk_call *c)
{
    API_ARGS(ws2_32, sendto, a);
    return send_call(c, a.s, a.buf, a.len, a.flags, &(struct ws_peer){ a.to, 0, a.tolen });
}

static uint64_t recv_call(struct thunk_call *c, uint32_t s, gaddr buf, int32_t len, uint32_t flags,
                          const struct ws_peer *from)
{
    int err;
    struct handle_obj *o = wsock_get(s, &err);
    struct ws_bufs g;
    if (!o || (err = ws_bufs_one(&g, buf, len)) != 0)
        return wsa_fail(err);
    uint32_t got = 0;
    err = ws_recv(o, &g, flags, from, false, &got);
    return finish(c, err, got);
}

uint64_t ws2_32_recv(struct thunk_call *c)
{
    API_ARGS(ws2_32, recv, a);
    return recv_call(c, a.s, a.buf, a.len, a.flags, NULL);
}

uint64_t ws2_32_recvfrom(struct thunk_call *c)
{
    API_ARGS(ws2_32, recvfrom, a);
    return recv_call(c, a.s, a.buf, a.len, a.flags, &(struct ws_peer){ a.from, a.fromlen, 0 });
}

/* ------------------------------------------------------- WSABUF forms */

/* WSASend/WSASendTo/WSARecv/WSARecvFrom: the count goes to *count; with an
 * OVERLAPPED the operation is overlapped.c's. */
struct wsa_call {
    uint32_t s;
    gaddr bufs;
    uint32_t nbufs;
    gaddr count;        /* lpNumberOf... */
    uint32_t flags;     /* send: dwFlags */
    gaddr pflags;       /* receive: lpFlags (in and out) */
    struct ws_peer peer;
    gaddr ov, routine;
};

static uint64_t wsa_transfer(struct thunk_call *c, const struct wsa_call *w, bool sending)
{
    int err;
    struct handle_obj *o = wsock_get(w->s, &err);
    if (!o)
        return wsa_fail(err);
    struct ws_bufs g;
    if ((err = ws_bufs_read(&g, w->bufs, w->nbufs)) != 0)
        return wsa_fail(err);
    uint32_t flags = w->flags;
    if (!sending && (!w->pflags || !gm_read_u32(w->pflags, &flags)))
        return wsa_fail(WSAEFAULT);
    if (w->ov) { /* without an OVERLAPPED the routine is ignored, as Winsock does */
        struct ws_overlapped_op op = { .sending = sending, .s = w->s, .bufs = g, .flags = flags,
                                       .pflags = w->pflags, .peer = w->peer, .ov = w->ov,
                                       .routine = w->routine };
        return ws_overlapped_start(c, o, &op, w->count);
    }
    uint32_t n = 0;
    err = sending ? ws_send(o, &g, flags, &w->peer, false, &n) : ws_recv(o, &g, flags, &w->peer, false, &n);
    if ((err == 0 || err == WSAEMSGSIZE) && w->count && !gm_write_u32(w->count, n))
        err = WSAEFAULT;
    if ((err == 0 || err == WSAEMSGSIZE) && !sending)
        gm_write_u32(w->pflags, 0); /* no MSG_PARTIAL: a datagram is whole or cut */
    return finish(c, err, 0);
}

uint64_t ws2_32_WSASend(struct thunk_call *c)
{
    API_ARGS(ws2_32, WSASend, a);
    struct wsa_call w = { a.s, a.lpBuffers, a.dwBufferCount, a.lpNumberOfBytesSent, a.dwFlags, 0, { 0 },
                          a.lpOverlapped, a.lpCompletionRoutine };
    return wsa_transfer(c, &w, true);
}

uint64_t ws2_32_WSASendTo(struct thunk_call *c)
{
    API_ARGS(ws2_32, WSASendTo, a);
    struct wsa_call w = { a.s, a.lpBuffers, a.dwBufferCount, a.lpNumberOfBytesSent, a.dwFlags, 0,
                          { a.lpTo, 0, a.iTolen }, a.lpOverlapped, a.lpCompletionRoutine };
    return wsa_transfer(c, &w, true);
}

uint64_t ws2_32_WSARecv(struct thunk_call *c)
{
    API_ARGS(ws2_32, WSARecv, a);
    struct wsa_call w = { a.s, a.lpBuffers, a.dwBufferCount, a.lpNumberOfBytesRecvd, 0, a.lpFlags, { 0 },
                          a.lpOverlapped, a.lpCompletionRoutine };
    return wsa_transfer(c, &w, false);
}

uint64_t ws2_32_WSARecvFrom(struct thunk_call *c)
{
    API_ARGS(ws2_32, WSARecvFrom, a);
    struct wsa_call w = { a.s, a.lpBuffers, a.dwBufferCount, a.lpNumberOfBytesRecvd, 0, a.lpFlags,
                          { a.lpFrom, a.lpFromlen, 0 }, a.lpOverlapped, a.lpCompletionRoutine };
    return wsa_transfer(c, &w, false);
}
