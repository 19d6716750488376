/* Data on sockets: send, recv, sendto, recvfrom and their WSA forms
 * (without overlapped I/O). The bytes go through a host buffer so that a
 * blocking call waits outside the process lock; each transfer is one
 * network record. */
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
#include "syscalls/ws2_32/sock.h"
#include "syscalls/ws2_32/sockaddr.h"
#include "syscalls/ws2_32/struct32.h"

#define MSG_OOB32       0x1
#define MSG_PEEK32      0x2
#define MSG_DONTROUTE32 0x4
#define MSG_WAITALL32   0x8
#define TERMINATED      (-1)
#define MAX_WSABUFS     64

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
 * non-blocking one. 0, a WSAE error or TERMINATED. */
static int send_bytes(struct handle_obj *o, const uint8_t *buf, uint32_t len, uint32_t flags,
                      const struct sockaddr *to, socklen_t tolen, uint32_t *sent)
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
            if (*sent == len || w->type != SOCK_STREAM || w->nonblocking)
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
        if (w->nonblocking) {
            if (*sent)
                break;
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
 * TERMINATED. */
static int recv_bytes(struct handle_obj *o, uint8_t *buf, uint32_t len, uint32_t flags,
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
        if (w->nonblocking) {
            if (*got)
                break;
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

/* The result of a call: a count, or SOCKET_ERROR with the error; the
 * thread being ended returns nowhere. */
static uint64_t finish(struct thunk_call *c, int err, uint32_t n)
{
    if (err == TERMINATED) {
        c->no_return = true;
        return 0;
    }
    return err ? wsa_fail(err) : n;
}

static uint64_t do_send(struct thunk_call *c, uint32_t s, gaddr buf, int32_t len, uint32_t flags, gaddr to,
                        int32_t tolen)
{
    int err;
    struct handle_obj *o = wsock_get(s, &err);
    if (!o)
        return wsa_fail(err);
    if (len < 0)
        return wsa_fail(WSAEFAULT);
    struct sockaddr_storage ss;
    socklen_t sl = 0;
    if (to && (err = ws_sockaddr_read(to, tolen, &ss, &sl)) != 0)
        return wsa_fail(err);
    uint8_t *bounce = malloc(len ? (size_t)len : 1);
    if (!bounce)
        return wsa_fail(WSAENOBUFS);
    if (len && !gm_read(buf, bounce, (size_t)len)) {
        free(bounce);
        return wsa_fail(WSAEFAULT);
    }
    uint32_t sent = 0;
    handle_obj_ref(o);
    err = send_bytes(o, bounce, (uint32_t)len, flags, to ? (struct sockaddr *)&ss : NULL, sl, &sent);
    handle_obj_unref(o);
    free(bounce);
    return finish(c, err, sent);
}

uint64_t ws2_32_send(struct thunk_call *c)
{
    API_ARGS(ws2_32, send, a);
    return do_send(c, a.s, a.buf, a.len, a.flags, 0, 0);
}

uint64_t ws2_32_sendto(struct thunk_call *c)
{
    API_ARGS(ws2_32, sendto, a);
    return do_send(c, a.s, a.buf, a.len, a.flags, a.to, a.tolen);
}

/* recv/recvfrom: the bytes and the sender written once the lock is held
 * again; a buffer freed meanwhile is WSAEFAULT, never a host fault. */
static uint64_t do_recv(struct thunk_call *c, uint32_t s, gaddr buf, int32_t len, uint32_t flags, gaddr from,
                        gaddr fromlen)
{
    int err;
    struct handle_obj *o = wsock_get(s, &err);
    if (!o)
        return wsa_fail(err);
    if (len < 0 || (len && !gm_writable(buf, (uint32_t)len)))
        return wsa_fail(WSAEFAULT);
    int32_t room = 0;
    if (from && (!fromlen || !gm_read_u32(fromlen, (uint32_t *)&room) || room < (int32_t)sizeof(SOCKADDR_IN32)))
        return wsa_fail(WSAEFAULT);
    uint8_t *bounce = malloc(len ? (size_t)len : 1);
    if (!bounce)
        return wsa_fail(WSAENOBUFS);
    struct sockaddr_storage src;
    uint32_t got = 0;
    handle_obj_ref(o);
    err = recv_bytes(o, bounce, (uint32_t)len, flags, &src, &got);
    bool datagram = wsock_of(o) && wsock_of(o)->type == SOCK_DGRAM;
    handle_obj_unref(o);
    if ((err == 0 || err == WSAEMSGSIZE) && got && !gm_write(buf, bounce, got))
        err = WSAEFAULT;
    free(bounce);
    if ((err == 0 || err == WSAEMSGSIZE) && from && datagram && ws_sockaddr_write((struct sockaddr *)&src, from, fromlen))
        err = WSAEFAULT;
    return finish(c, err, got);
}

uint64_t ws2_32_recv(struct thunk_call *c)
{
    API_ARGS(ws2_32, recv, a);
    return do_recv(c, a.s, a.buf, a.len, a.flags, 0, 0);
}

uint64_t ws2_32_recvfrom(struct thunk_call *c)
{
    API_ARGS(ws2_32, recvfrom, a);
    return do_recv(c, a.s, a.buf, a.len, a.flags, a.from, a.fromlen);
}

/* ------------------------------------------------------- WSABUF forms */

/* The WSABUF array, gathered: the buffers, their count and total size. */
static int read_wsabufs(gaddr bufs, uint32_t n, WSABUF32 *out, uint32_t *total)
{
    if (n == 0 || n > MAX_WSABUFS)
        return WSAEINVAL;
    if (!gm_read(bufs, out, n * sizeof *out))
        return WSAEFAULT;
    uint64_t sum = 0;
    for (uint32_t i = 0; i < n; i++)
        sum += out[i].len;
    if (sum > 0x7FFFFFFF)
        return WSAENOBUFS;
    *total = (uint32_t)sum;
    return 0;
}

/* Overlapped sockets are not supported: a call that asks for them fails
 * with WSAEOPNOTSUPP and a trace note, it does not silently run blocking. */
static bool overlapped_refused(gaddr ov, gaddr routine)
{
    if (!ov && !routine)
        return false;
    trace_note("ws2_32: overlapped socket I/O is not implemented");
    return true;
}

static uint64_t wsa_send(struct thunk_call *c, uint32_t s, gaddr bufs, uint32_t n, gaddr nsent, uint32_t flags,
                         gaddr to, int32_t tolen, gaddr ov, gaddr routine)
{
    int err;
    struct handle_obj *o = wsock_get(s, &err);
    if (!o)
        return wsa_fail(err);
    if (overlapped_refused(ov, routine))
        return wsa_fail(WSAEOPNOTSUPP);
    WSABUF32 b[MAX_WSABUFS];
    uint32_t total;
    if ((err = read_wsabufs(bufs, n, b, &total)) != 0)
        return wsa_fail(err);
    struct sockaddr_storage ss;
    socklen_t sl = 0;
    if (to && (err = ws_sockaddr_read(to, tolen, &ss, &sl)) != 0)
        return wsa_fail(err);
    uint8_t *bounce = malloc(total ? total : 1);
    if (!bounce)
        return wsa_fail(WSAENOBUFS);
    uint32_t at = 0;
    for (uint32_t i = 0; i < n; i++, at += b[i - 1].len)
        if (b[i].len && !gm_read(b[i].buf, bounce + at, b[i].len)) {
            free(bounce);
            return wsa_fail(WSAEFAULT);
        }
    uint32_t sent = 0;
    handle_obj_ref(o);
    err = send_bytes(o, bounce, total, flags, to ? (struct sockaddr *)&ss : NULL, sl, &sent);
    handle_obj_unref(o);
    free(bounce);
    if (err == 0 && nsent && !gm_write_u32(nsent, sent))
        err = WSAEFAULT;
    return finish(c, err, 0);
}

uint64_t ws2_32_WSASend(struct thunk_call *c)
{
    API_ARGS(ws2_32, WSASend, a);
    return wsa_send(c, a.s, a.lpBuffers, a.dwBufferCount, a.lpNumberOfBytesSent, a.dwFlags, 0, 0, a.lpOverlapped,
                    a.lpCompletionRoutine);
}

uint64_t ws2_32_WSASendTo(struct thunk_call *c)
{
    API_ARGS(ws2_32, WSASendTo, a);
    return wsa_send(c, a.s, a.lpBuffers, a.dwBufferCount, a.lpNumberOfBytesSent, a.dwFlags, a.lpTo, a.iTolen,
                    a.lpOverlapped, a.lpCompletionRoutine);
}

static uint64_t wsa_recv(struct thunk_call *c, uint32_t s, gaddr bufs, uint32_t n, gaddr nrecvd, gaddr pflags,
                         gaddr from, gaddr fromlen, gaddr ov, gaddr routine)
{
    int err;
    struct handle_obj *o = wsock_get(s, &err);
    if (!o)
        return wsa_fail(err);
    if (overlapped_refused(ov, routine))
        return wsa_fail(WSAEOPNOTSUPP);
    WSABUF32 b[MAX_WSABUFS];
    uint32_t total, flags;
    if ((err = read_wsabufs(bufs, n, b, &total)) != 0)
        return wsa_fail(err);
    if (!pflags || !gm_read_u32(pflags, &flags))
        return wsa_fail(WSAEFAULT);
    for (uint32_t i = 0; i < n; i++)
        if (b[i].len && !gm_writable(b[i].buf, b[i].len))
            return wsa_fail(WSAEFAULT);
    uint8_t *bounce = malloc(total ? total : 1);
    if (!bounce)
        return wsa_fail(WSAENOBUFS);
    struct sockaddr_storage src;
    uint32_t got = 0;
    handle_obj_ref(o);
    err = recv_bytes(o, bounce, total, flags, &src, &got);
    bool datagram = wsock_of(o) && wsock_of(o)->type == SOCK_DGRAM;
    handle_obj_unref(o);
    if (err == 0 || err == WSAEMSGSIZE) {
        uint32_t at = 0;
        for (uint32_t i = 0; i < n && at < got; i++) {
            uint32_t part = got - at < b[i].len ? got - at : b[i].len;
            if (!gm_write(b[i].buf, bounce + at, part))
                err = WSAEFAULT;
            at += part;
        }
        if (from && datagram && ws_sockaddr_write((struct sockaddr *)&src, from, fromlen))
            err = WSAEFAULT;
        if (nrecvd && !gm_write_u32(nrecvd, got))
            err = WSAEFAULT;
        gm_write_u32(pflags, 0);
    }
    free(bounce);
    return finish(c, err, 0);
}

uint64_t ws2_32_WSARecv(struct thunk_call *c)
{
    API_ARGS(ws2_32, WSARecv, a);
    return wsa_recv(c, a.s, a.lpBuffers, a.dwBufferCount, a.lpNumberOfBytesRecvd, a.lpFlags, 0, 0, a.lpOverlapped,
                    a.lpCompletionRoutine);
}

uint64_t ws2_32_WSARecvFrom(struct thunk_call *c)
{
    API_ARGS(ws2_32, WSARecvFrom, a);
    return wsa_recv(c, a.s, a.lpBuffers, a.dwBufferCount, a.lpNumberOfBytesRecvd, a.lpFlags, a.lpFrom,
                    a.lpFromlen, a.lpOverlapped, a.lpCompletionRoutine);
}
