/* A Winsock socket: a handle (core/handles.h, HANDLE_SOCKET) whose
 * descriptor is a host socket, always non-blocking on the host; the
 * guest's blocking mode is kept here and blocking calls wait outside the
 * process lock. ReadFile, WriteFile, CloseHandle and waits take the same
 * handle. Every transfer, connect, accept and disconnect emits one
 * kernel-logger record (core/trace.h) from here, whoever asked for it. */
#ifndef WOWBOX_SYSCALLS_WS2_32_SOCK_H
#define WOWBOX_SYSCALLS_WS2_32_SOCK_H

#include <stdbool.h>
#include <stdint.h>
#include <poll.h>
#include <sys/socket.h>

#include "core/handles.h"
#include "core/sync.h"
#include "core/vm.h"

struct wsock {
    int family, type, protocol; /* host values */
    bool nonblocking;           /* the guest's mode (FIONBIO, WSAEventSelect) */
    bool listening, connecting, connected;
    bool shut_send;
    bool disconnect_told;       /* the disconnect record was emitted */
    int connect_error;          /* a non-blocking connect's failure, for SO_ERROR (WSAE code) */
    bool connect_failed;        /* ... which select reports as an exception */
    struct sockaddr_storage peer; /* once connected: for the records after the peer is gone */
    uint32_t connid;
    uint32_t sent, received;    /* bytes: the records' seqnum */
    uint32_t rcvtimeo, sndtimeo; /* ms; 0: none */
    /* WSAEventSelect */
    struct kobj *event;
    int32_t event_mask;         /* FD_* the guest asked for */
    int32_t event_armed;        /* of those, the ones that may be reported again */
    int32_t event_pending;      /* seen, not yet taken by WSAEnumNetworkEvents */
    int32_t event_errors[10];
};

#define FD_READ_BIT    0
#define FD_WRITE_BIT   1
#define FD_OOB_BIT     2
#define FD_ACCEPT_BIT  3
#define FD_CONNECT_BIT 4
#define FD_CLOSE_BIT   5
#define FD_READ32    (1 << FD_READ_BIT)
#define FD_WRITE32   (1 << FD_WRITE_BIT)
#define FD_OOB32     (1 << FD_OOB_BIT)
#define FD_ACCEPT32  (1 << FD_ACCEPT_BIT)
#define FD_CONNECT32 (1 << FD_CONNECT_BIT)
#define FD_CLOSE32   (1 << FD_CLOSE_BIT)

/* The socket behind a SOCKET value, or NULL with the Winsock error in
 * *err (WSANOTINITIALISED before WSAStartup, WSAENOTSOCK for anything
 * else). */
struct handle_obj *wsock_get(uint32_t s, int *err);
static inline struct wsock *wsock_of(struct handle_obj *o) { return o->data; }
/* A new socket handle around fd (taken); 0 with *err set on failure. */
uint32_t wsock_new(int fd, int family, int type, int protocol, int *err);

/* Whether WSAStartup has been called (and not undone by WSACleanup). */
bool ws_started(void);
void ws_startup_count(int delta);

/* Waits outside the process lock until fd has one of `events` (poll(2)),
 * for at most timeout_ms (0: no limit). 0 ready, WSAETIMEDOUT, or -1: the
 * thread is being ended (the handler sets no_return). */
int wsock_wait(struct handle_obj *o, short events, uint32_t timeout_ms);

/* poll(2) on host descriptors outside the process lock: the count
 * ready, 0 on timeout (timeout_ms < 0: none), or -1: the thread is being
 * ended. The caller holds references on the objects behind fds. */
int ws_poll(struct pollfd *fds, unsigned n, int timeout_ms);

/* The kernel-logger record of a piece of work on the socket. peer: the
 * other side when the socket is not connected (sendto, recvfrom); NULL
 * asks the host. start_ft: trace_filetime_now() before the work. */
void wsock_record(struct handle_obj *o, uint8_t op, uint32_t size, const struct sockaddr *peer,
                  uint64_t start_ft);

/* A pending non-blocking connect: 0 still pending, 1 connected (and
 * recorded), else the WSAE error it failed with. */
int wsock_connect_settle(struct handle_obj *o);

/* The calling thread's Winsock buffers in guest memory (allocated once
 * per thread from the process heap, as Windows keeps them per thread):
 * inet_ntoa's text, gethostbyname's hostent, getservby*'s servent,
 * getprotoby*'s protoent. 0 when out of memory. */
enum ws_thread_buf { WS_BUF_NTOA, WS_BUF_HOSTENT, WS_BUF_SERVENT, WS_BUF_PROTOENT, WS_BUF_COUNT };
#define WS_NTOA_SIZE     16u
#define WS_HOSTENT_SIZE  1024u
#define WS_SERVENT_SIZE  256u
#define WS_PROTOENT_SIZE 128u
gaddr ws_thread_buffer(enum ws_thread_buf which);

/* What the guest may reach (--net). */
enum ws_net_policy { WS_NET_HOST, WS_NET_LOOPBACK, WS_NET_NONE };
extern enum ws_net_policy ws_net_policy;
/* 0, or the error the policy gives a connect/sendto/bind to addr (and the
 * trace says why). */
int ws_policy_check(const struct sockaddr *addr, const char *what);

#endif
