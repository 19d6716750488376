/* Socket objects: creation, lookup, blocking waits outside the process
 * lock, the network records and the --net policy. */
#include "syscalls/ws2_32/sock.h"

#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/heap.h"
#include "core/process.h"
#include "core/thread.h"
#include "core/trace.h"
#include "syscalls/ws2_32/errors.h"

enum ws_net_policy ws_net_policy = WS_NET_HOST;

static int startups;
static uint32_t next_connid = 1;

bool ws_started(void) { return startups > 0; }
void ws_startup_count(int delta) { startups += delta; }

static void sock_destroy(struct handle_obj *o)
{
    struct wsock *w = o->data;
    if (w && w->connected && !w->disconnect_told && w->protocol == IPPROTO_TCP)
        wsock_record(o, TRACE_NET_DISCONNECT, 0, NULL, 0);
    if (w && w->event)
        kobj_unref(w->event);
    if (o->fd >= 0)
        close(o->fd);
    free(w);
    o->data = NULL;
}

static void sock_io_done(struct handle_obj *o, bool wrote, uint32_t n, uint64_t start_ft)
{
    wsock_record(o, wrote ? TRACE_NET_SEND : TRACE_NET_RECV, n, NULL, start_ft);
}

uint32_t wsock_new(int fd, int family, int type, int protocol, int *err)
{
    struct handle_obj *o = calloc(1, sizeof *o);
    struct wsock *w = calloc(1, sizeof *w);
    if (!o || !w) {
        free(o);
        free(w);
        close(fd);
        *err = WSAENOBUFS;
        return 0;
    }
    w->family = family;
    w->type = type;
    w->protocol = protocol ? protocol : type == SOCK_DGRAM ? IPPROTO_UDP : IPPROTO_TCP;
    w->connid = next_connid++;
    o->type = HANDLE_SOCKET;
    o->fd = fd;
    o->data = w;
    o->destroy = sock_destroy;
    o->io_done = sock_io_done;
    uint32_t h = handle_new(o);
    if (!h) {
        sock_destroy(o);
        free(o);
        *err = WSAEMFILE;
    }
    return h;
}

struct handle_obj *wsock_get(uint32_t s, int *err)
{
    if (!ws_started()) {
        *err = WSANOTINITIALISED;
        return NULL;
    }
    struct handle_obj *o = handle_get(s, HANDLE_SOCKET);
    if (!o || !o->data) {
        *err = WSAENOTSOCK;
        return NULL;
    }
    return o;
}

int wsock_wait(struct handle_obj *o, short events, uint32_t timeout_ms)
{
    struct timespec deadline;
    if (timeout_ms)
        thread_deadline(timeout_ms, &deadline);
    handle_obj_ref(o); /* another thread's closesocket must not close the fd under the poll */
    int result = -2;
    while (result == -2) {
        struct pollfd p = { .fd = o->fd, .events = events };
        enum thread_wake r = thread_wait_io(NULL, 0, &p, 1, timeout_ms ? &deadline : NULL);
        if (r == THREAD_TERMINATED)
            result = -1;
        else if (p.revents)
            result = 0;
        else if (r == THREAD_TIMEOUT)
            result = WSAETIMEDOUT;
    }
    handle_obj_unref(o);
    return result;
}

int ws_poll(struct pollfd *fds, unsigned n, int timeout_ms)
{
    struct pollfd *all = calloc(n + 1, sizeof *all);
    if (!all)
        return 0;
    memcpy(all, fds, n * sizeof *fds);
    struct timespec deadline;
    if (timeout_ms > 0)
        thread_deadline((uint32_t)timeout_ms, &deadline);
    int wake = thread_unlock(NULL, 0);
    all[n] = (struct pollfd){ .fd = wake, .events = POLLIN };
    int rc;
    for (;;) {
        int left = timeout_ms;
        if (timeout_ms > 0) {
            int64_t ms = ((int64_t)deadline.tv_sec * 1000000000LL + deadline.tv_nsec - clock_host_ns()) / 1000000;
            left = ms > 0 ? (int)ms : 0;
        }
        rc = poll(all, n + (wake >= 0), left);
        if (!(rc < 0 && errno == EINTR))
            break;
    }
    bool woken = wake >= 0 && all[n].revents;
    enum thread_wake r = thread_relock();
    for (unsigned i = 0; i < n; i++)
        fds[i].revents = all[i].revents;
    free(all);
    if (r == THREAD_TERMINATED)
        return -1;
    if (rc > 0 && woken)
        rc--;
    return rc < 0 ? 0 : rc;
}

static const uint32_t thread_buf_sizes[WS_BUF_COUNT] = {
    [WS_BUF_NTOA] = WS_NTOA_SIZE, [WS_BUF_HOSTENT] = WS_HOSTENT_SIZE,
    [WS_BUF_SERVENT] = WS_SERVENT_SIZE, [WS_BUF_PROTOENT] = WS_PROTOENT_SIZE,
};

gaddr ws_thread_buffer(enum ws_thread_buf which)
{
    static _Thread_local gaddr block;
    uint32_t total = 0, at = 0;
    for (unsigned i = 0; i < WS_BUF_COUNT; i++) {
        at = i == which ? total : at;
        total += thread_buf_sizes[i];
    }
    if (!block)
        block = heap_alloc(proc->process_heap, total, 0);
    return block ? block + at : 0;
}

/* ------------------------------------------------------------- records */

static void endpoint(const struct sockaddr_storage *ss, uint8_t *addr, uint16_t *port)
{
    if (ss->ss_family == AF_INET6) {
        const struct sockaddr_in6 *a = (const struct sockaddr_in6 *)ss;
        memcpy(addr, &a->sin6_addr, 16);
        *port = ntohs(a->sin6_port);
    } else if (ss->ss_family == AF_INET) {
        const struct sockaddr_in *a = (const struct sockaddr_in *)ss;
        memcpy(addr, &a->sin_addr, 4);
        *port = ntohs(a->sin_port);
    }
}

void wsock_record(struct handle_obj *o, uint8_t op, uint32_t size, const struct sockaddr *peer,
                  uint64_t start_ft)
{
    struct wsock *w = o->data;
    uint32_t seq = op == TRACE_NET_RECV ? w->received : w->sent;
    if (op == TRACE_NET_SEND)
        w->sent += size;
    else if (op == TRACE_NET_RECV)
        w->received += size;
    else if (op == TRACE_NET_DISCONNECT)
        w->disconnect_told = true;
    if (!trace_enabled)
        return;
    struct sockaddr_storage here, there;
    socklen_t len = sizeof here;
    memset(&here, 0, sizeof here);
    memset(&there, 0, sizeof there);
    getsockname(o->fd, (struct sockaddr *)&here, &len);
    if (peer) {
        memcpy(&there, peer, peer->sa_family == AF_INET6 ? sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in));
    } else {
        len = sizeof there;
        if (getpeername(o->fd, (struct sockaddr *)&there, &len) == 0)
            w->peer = there;
        else
            there = w->peer; /* the peer is gone (a disconnect) */
    }
    struct trace_net r = { .op = op, .proto = w->protocol == IPPROTO_UDP ? TRACE_NET_UDP : TRACE_NET_TCP,
                           .family = w->family == AF_INET6 ? 6 : 4, .size = size, .connid = w->connid,
                           .seqnum = seq, .start_filetime = start_ft };
    endpoint(&here, r.saddr, &r.sport);
    endpoint(&there, r.daddr, &r.dport);
    trace_net(&r);
}

/* -------------------------------------------------------------- policy */

static bool is_loopback(const struct sockaddr *sa)
{
    if (sa->sa_family == AF_INET)
        return (ntohl(((const struct sockaddr_in *)sa)->sin_addr.s_addr) >> 24) == 127;
    if (sa->sa_family == AF_INET6) {
        const struct in6_addr *a = &((const struct sockaddr_in6 *)sa)->sin6_addr;
        if (IN6_IS_ADDR_LOOPBACK(a))
            return true;
        return IN6_IS_ADDR_V4MAPPED(a) && a->s6_addr[12] == 127;
    }
    return false;
}

/* INADDR_ANY for a bind: the socket still only reaches what connect and
 * sendto allow. */
static bool is_any(const struct sockaddr *sa)
{
    if (sa->sa_family == AF_INET)
        return ((const struct sockaddr_in *)sa)->sin_addr.s_addr == htonl(INADDR_ANY);
    if (sa->sa_family == AF_INET6)
        return IN6_IS_ADDR_UNSPECIFIED(&((const struct sockaddr_in6 *)sa)->sin6_addr);
    return false;
}

int ws_policy_check(const struct sockaddr *addr, const char *what)
{
    if (ws_net_policy == WS_NET_HOST)
        return 0;
    bool binding = strcmp(what, "bind") == 0;
    if (ws_net_policy == WS_NET_LOOPBACK && (is_loopback(addr) || (binding && is_any(addr))))
        return 0;
    if (ws_net_policy == WS_NET_NONE && binding)
        return 0; /* nothing can be reached through it */
    char host[64] = "?";
    uint16_t port = 0;
    struct sockaddr_storage ss;
    memset(&ss, 0, sizeof ss);
    memcpy(&ss, addr, addr->sa_family == AF_INET6 ? sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in));
    uint8_t raw[16] = { 0 };
    endpoint(&ss, raw, &port);
    trace_net_addr(addr->sa_family == AF_INET6 ? 6 : 4, raw, host, sizeof host);
    int err = ws_net_policy == WS_NET_NONE ? WSAENETUNREACH : WSAEACCES;
    trace_note("net: %s to %s:%u refused by --net=%s (error %d)", what, host, port,
               ws_net_policy == WS_NET_NONE ? "none" : "loopback", err);
    return err;
}
