/* Socket lifetime and connections: WSAStartup/WSACleanup, socket and
 * WSASocket, bind, listen, accept, connect (blocking, or non-blocking
 * with WSAEWOULDBLOCK), shutdown, closesocket, and the local and peer
 * names (ioctlsocket: ioctl.c). */
#define _GNU_SOURCE
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

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

#define SOCK_STREAM32 1
#define SOCK_DGRAM32  2

/* Success leaves the thread's last error alone, as Winsock does. */
static uint64_t ok(void)
{
    return 0;
}

/* ------------------------------------------------------------- startup */

/* Versions 1.0 to 2.2 are granted as asked; anything above gets 2.2. */
uint64_t ws2_32_WSAStartup(struct thunk_call *c)
{
    API_ARGS(ws2_32, WSAStartup, a);
    uint8_t major = a.wVersionRequested & 0xFF, minor = (a.wVersionRequested >> 8) & 0xFF;
    if (!a.lpWSAData)
        return WSAEFAULT;
    WSADATA32 d;
    memset(&d, 0, sizeof d);
    d.wHighVersion = 0x0202;
    d.wVersion = major > 2 || (major == 2 && minor > 2) ? 0x0202 : (uint16_t)a.wVersionRequested;
    strcpy(d.szDescription, "WinSock 2.0");
    strcpy(d.szSystemStatus, "Running");
    if (major < 2) { /* Winsock 1 programs read the limits; 2 ignores them */
        d.iMaxSockets = 32767;
        d.iMaxUdpDg = 65467;
    }
    if (!gm_write(a.lpWSAData, &d, sizeof d))
        return WSAEFAULT;
    if (major < 1)
        return WSAVERNOTSUPPORTED;
    ws_startup_count(1);
    return 0;
}

uint64_t ws2_32_WSACleanup(struct thunk_call *c)
{
    (void)c;
    if (!ws_started())
        return wsa_fail(WSANOTINITIALISED);
    ws_startup_count(-1);
    return ok();
}

/* ------------------------------------------------------------- sockets */

static uint64_t new_socket(int32_t af, int32_t type, int32_t protocol)
{
    if (!ws_started())
        return wsa_fail(WSANOTINITIALISED);
    int family = ws_family_to_host(af);
    if (family < 0 || family == AF_UNSPEC) {
        /* AF_UNSPEC with a protocol picks IPv4, as Windows' catalog does */
        if (af != AF_UNSPEC32 || (!protocol && !type))
            return wsa_fail(WSAEAFNOSUPPORT);
        family = AF_INET;
    }
    int htype = type == SOCK_STREAM32 ? SOCK_STREAM : type == SOCK_DGRAM32 ? SOCK_DGRAM : -1;
    if (htype < 0)
        return wsa_fail(type == 3 ? WSAEACCES : WSAESOCKTNOSUPPORT); /* raw sockets need admin rights */
    if (protocol != 0 && protocol != IPPROTO_TCP && protocol != IPPROTO_UDP)
        return wsa_fail(WSAEPROTONOSUPPORT);
    if ((htype == SOCK_STREAM && protocol == IPPROTO_UDP) || (htype == SOCK_DGRAM && protocol == IPPROTO_TCP))
        return wsa_fail(WSAEPROTONOSUPPORT); /* no catalog entry has the pair */
    int fd = socket(family, htype | SOCK_NONBLOCK | SOCK_CLOEXEC, protocol);
    if (fd < 0)
        return wsa_fail(wsa_error_from_errno(errno));
    int err = 0;
    uint32_t h = wsock_new(fd, family, htype, protocol, &err);
    if (!h)
        return wsa_fail(err);
    return h;
}

uint64_t ws2_32_socket(struct thunk_call *c)
{
    API_ARGS(ws2_32, socket, a);
    return new_socket(a.af, a.type, a.protocol);
}

/* Protocol-info and group arguments are not supported: a program that
 * passes them gets WSAEINVAL rather than a socket that ignores them. */
static uint64_t wsa_socket(int32_t af, int32_t type, int32_t protocol, uint32_t info, uint32_t group)
{
    if (info || group)
        return wsa_fail(WSAEINVAL);
    return new_socket(af, type, protocol);
}

uint64_t ws2_32_WSASocketA(struct thunk_call *c)
{
    API_ARGS(ws2_32, WSASocketA, a);
    return wsa_socket(a.af, a.type, a.protocol, a.lpProtocolInfo, a.g);
}

uint64_t ws2_32_WSASocketW(struct thunk_call *c)
{
    API_ARGS(ws2_32, WSASocketW, a);
    return wsa_socket(a.af, a.type, a.protocol, a.lpProtocolInfo, a.g);
}

uint64_t ws2_32_closesocket(struct thunk_call *c)
{
    API_ARGS(ws2_32, closesocket, a);
    int err;
    struct handle_obj *o = wsock_get(a.s, &err);
    if (!o)
        return wsa_fail(err);
    ws_overlapped_abort(a.s); /* its pending operations end WSA_OPERATION_ABORTED */
    /* a thread blocked in accept on it returns, as on Windows */
    if (wsock_of(o)->listening)
        shutdown(o->fd, SHUT_RDWR);
    handle_close(a.s);
    return ok();
}

uint64_t ws2_32_bind(struct thunk_call *c)
{
    API_ARGS(ws2_32, bind, a);
    int err;
    struct handle_obj *o = wsock_get(a.s, &err);
    if (!o)
        return wsa_fail(err);
    struct sockaddr_storage ss;
    socklen_t len;
    if ((err = ws_sockaddr_read(a.name, a.namelen, &ss, &len)) != 0)
        return wsa_fail(err);
    if (ss.ss_family != wsock_of(o)->family)
        return wsa_fail(WSAEFAULT); /* as Windows answers a v6 address on a v4 socket */
    if ((err = ws_policy_check((struct sockaddr *)&ss, "bind")) != 0)
        return wsa_fail(err);
    if (bind(o->fd, (struct sockaddr *)&ss, len) != 0)
        return wsa_fail(errno == EINVAL ? WSAEINVAL : wsa_error_from_errno(errno));
    return ok();
}

uint64_t ws2_32_listen(struct thunk_call *c)
{
    API_ARGS(ws2_32, listen, a);
    int err;
    struct handle_obj *o = wsock_get(a.s, &err);
    if (!o)
        return wsa_fail(err);
    struct wsock *w = wsock_of(o);
    if (w->type != SOCK_STREAM)
        return wsa_fail(WSAEOPNOTSUPP);
    if (w->connected)
        return wsa_fail(WSAEISCONN);
    /* Windows refuses an unbound socket; Linux would bind it anywhere */
    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;
    if (getsockname(o->fd, (struct sockaddr *)&ss, &len) == 0) {
        uint16_t port = ss.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&ss)->sin6_port
                                                 : ((struct sockaddr_in *)&ss)->sin_port;
        if (port == 0)
            return wsa_fail(WSAEINVAL);
    }
    if (listen(o->fd, (int)a.backlog > 0 ? (int)a.backlog : 1) != 0)
        return wsa_fail(wsa_error_from_errno(errno));
    w->listening = true;
    return ok();
}

uint64_t ws2_32_accept(struct thunk_call *c)
{
    API_ARGS(ws2_32, accept, a);
    int err;
    struct handle_obj *o = wsock_get(a.s, &err);
    if (!o)
        return wsa_fail(err);
    struct wsock *w = wsock_of(o);
    if (!w->listening)
        return wsa_fail(WSAEINVAL);
    int32_t room = 0, need = w->family == AF_INET6 ? (int32_t)sizeof(SOCKADDR_IN6_32) : (int32_t)sizeof(SOCKADDR_IN32);
    if (a.addr && (!a.addrlen || !gm_read_u32(a.addrlen, (uint32_t *)&room) || room < need))
        return wsa_fail(WSAEFAULT); /* checked before a connection is taken */
    uint64_t t0 = trace_enabled ? trace_filetime_now() : 0;
    struct sockaddr_storage peer;
    for (;;) {
        socklen_t len = sizeof peer;
        int fd = accept4(o->fd, (struct sockaddr *)&peer, &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd >= 0) {
            uint32_t h = wsock_new(fd, w->family, w->type, w->protocol, &err);
            if (!h)
                return wsa_fail(err);
            struct handle_obj *n = handle_get(h, HANDLE_SOCKET);
            struct wsock *nw = wsock_of(n);
            nw->connected = true;
            nw->nonblocking = w->nonblocking;
            w->event_armed |= FD_ACCEPT32; /* the next connection is reported again */
            wsock_record(n, TRACE_NET_ACCEPT, 0, NULL, t0);
            if (a.addr && ws_sockaddr_write((struct sockaddr *)&peer, a.addr, a.addrlen) != 0) {
                handle_close(h);
                return wsa_fail(WSAEFAULT);
            }
            return h;
        }
        if (errno == EINTR || errno == ECONNABORTED)
            continue;
        if (errno != EAGAIN)
            return wsa_fail(errno == EINVAL ? WSAEINTR : wsa_error_from_errno(errno)); /* closed meanwhile */
        if (w->nonblocking) {
            w->event_armed |= FD_ACCEPT32;
            return wsa_fail(WSAEWOULDBLOCK);
        }
        int r = wsock_wait(o, POLLIN, 0);
        if (r < 0) {
            c->no_return = true;
            return 0;
        }
        if (!wsock_of(o) || handle_get(a.s, HANDLE_SOCKET) != o)
            return wsa_fail(WSAEINTR); /* closesocket from another thread */
    }
}

/* A pending non-blocking connect finished: the socket is connected (and
 * recorded) or has failed. 0 while still pending; 1 connected; else the
 * WSAE error. */
int wsock_connect_settle(struct handle_obj *o)
{
    struct wsock *w = wsock_of(o);
    if (!w->connecting)
        return w->connected ? 1 : 0;
    struct pollfd p = { .fd = o->fd, .events = POLLOUT };
    if (poll(&p, 1, 0) <= 0)
        return 0;
    int soerr = 0;
    socklen_t len = sizeof soerr;
    getsockopt(o->fd, SOL_SOCKET, SO_ERROR, &soerr, &len);
    w->connecting = false;
    if (soerr) {
        w->connect_failed = true;
        w->event_armed |= FD_CONNECT32;
        return w->connect_error = wsa_error_from_errno(soerr);
    }
    w->connected = true;
    w->event_armed |= FD_WRITE32 | FD_CONNECT32;
    wsock_record(o, TRACE_NET_CONNECT, 0, NULL, 0);
    return 1;
}

uint64_t ws2_32_connect(struct thunk_call *c)
{
    API_ARGS(ws2_32, connect, a);
    int err;
    struct handle_obj *o = wsock_get(a.s, &err);
    if (!o)
        return wsa_fail(err);
    struct wsock *w = wsock_of(o);
    struct sockaddr_storage ss;
    socklen_t len;
    if ((err = ws_sockaddr_read(a.name, a.namelen, &ss, &len)) != 0)
        return wsa_fail(err);
    if (ss.ss_family != w->family)
        return wsa_fail(WSAEAFNOSUPPORT);
    if (w->listening)
        return wsa_fail(WSAEINVAL);
    if (w->connecting)
        return wsa_fail(wsock_connect_settle(o) == 1 ? WSAEISCONN : WSAEALREADY);
    if (w->connected && w->type == SOCK_STREAM)
        return wsa_fail(WSAEISCONN);
    if ((err = ws_policy_check((struct sockaddr *)&ss, "connect")) != 0)
        return wsa_fail(err);
    uint64_t t0 = trace_enabled ? trace_filetime_now() : 0;
    w->connect_failed = false;
    w->connect_error = 0;
    int r;
    do
        r = connect(o->fd, (struct sockaddr *)&ss, len);
    while (r != 0 && errno == EINTR);
    if (r == 0) {
        w->connected = true;
        if (w->type == SOCK_STREAM)
            wsock_record(o, TRACE_NET_CONNECT, 0, NULL, t0);
        return ok();
    }
    if (errno != EINPROGRESS)
        return wsa_fail(wsa_error_from_errno(errno));
    w->connecting = true;
    if (w->nonblocking)
        return wsa_fail(WSAEWOULDBLOCK);
    for (;;) {
        int wr = wsock_wait(o, POLLOUT, 0);
        if (wr < 0) {
            c->no_return = true;
            return 0;
        }
        int s = wsock_connect_settle(o);
        if (s == 1)
            return ok();
        if (s != 0)
            return wsa_fail(s);
    }
}

uint64_t ws2_32_shutdown(struct thunk_call *c)
{
    API_ARGS(ws2_32, shutdown, a);
    int err;
    struct handle_obj *o = wsock_get(a.s, &err);
    if (!o)
        return wsa_fail(err);
    static const int how[] = { SHUT_RD, SHUT_WR, SHUT_RDWR };
    if (a.how > 2)
        return wsa_fail(WSAEINVAL);
    struct wsock *w = wsock_of(o);
    if (w->type == SOCK_STREAM && !w->connected)
        return wsa_fail(WSAENOTCONN);
    if (shutdown(o->fd, how[a.how]) != 0 && errno != ENOTCONN)
        return wsa_fail(wsa_error_from_errno(errno));
    if (a.how != 0)
        w->shut_send = true;
    return ok();
}

static uint64_t name_of(struct thunk_call *c, uint32_t s, gaddr name, gaddr namelen, bool peer)
{
    (void)c;
    int err;
    struct handle_obj *o = wsock_get(s, &err);
    if (!o)
        return wsa_fail(err);
    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;
    memset(&ss, 0, sizeof ss);
    int r = peer ? getpeername(o->fd, (struct sockaddr *)&ss, &len) : getsockname(o->fd, (struct sockaddr *)&ss, &len);
    if (r != 0)
        return wsa_fail(peer ? WSAENOTCONN : wsa_error_from_errno(errno));
    if (!peer && !wsock_of(o)->listening && !wsock_of(o)->connected) {
        /* an unbound socket has no name on Windows */
        uint16_t port = ss.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&ss)->sin6_port
                                                 : ((struct sockaddr_in *)&ss)->sin_port;
        if (!port)
            return wsa_fail(WSAEINVAL);
    }
    if (!name || !namelen)
        return wsa_fail(WSAEFAULT);
    if ((err = ws_sockaddr_write((struct sockaddr *)&ss, name, namelen)) != 0)
        return wsa_fail(err);
    return ok();
}

uint64_t ws2_32_getsockname(struct thunk_call *c)
{
    API_ARGS(ws2_32, getsockname, a);
    return name_of(c, a.s, a.name, a.namelen, false);
}

uint64_t ws2_32_getpeername(struct thunk_call *c)
{
    API_ARGS(ws2_32, getpeername, a);
    return name_of(c, a.s, a.name, a.namelen, true);
}
