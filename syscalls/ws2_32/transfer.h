/* Moving bytes on a socket, shared by the calls that ask for it (send,
 * recv, their WSA forms, overlapped operations completing): the guest's
 * buffers as one list, gathered into a host buffer to send and scattered
 * from one after a receive, so that a blocking call waits outside the
 * process lock and never holds a guest pointer meanwhile. */
#ifndef WOWBOX_SYSCALLS_WS2_32_TRANSFER_H
#define WOWBOX_SYSCALLS_WS2_32_TRANSFER_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>

#include "core/handles.h"
#include "syscalls/ws2_32/struct32.h"

#define WS_MAX_WSABUFS 64
/* What a transfer returns besides 0 and WSAE* codes: the thread is being
 * ended (the handler sets no_return). */
#define WS_TERMINATED (-1)

/* The guest buffers of one call: one (send, recv) or a WSABUF array. */
struct ws_bufs {
    WSABUF32 b[WS_MAX_WSABUFS];
    uint32_t n;
    uint32_t total;
};
/* One buffer of len bytes; 0 or WSAEFAULT (a negative length). */
int ws_bufs_one(struct ws_bufs *g, gaddr buf, int32_t len);
/* n WSABUFs at bufs; 0, WSAEINVAL, WSAEFAULT or WSAENOBUFS. */
int ws_bufs_read(struct ws_bufs *g, gaddr bufs, uint32_t n);

/* Where a datagram goes (sendto) or came from (recvfrom): guest addresses. */
struct ws_peer {
    gaddr addr;
    gaddr len;   /* recvfrom: the guest's int length; sendto: unused */
    int32_t tolen;
};

/* Sends g's bytes: 0 (with *sent), a WSAE error or WS_TERMINATED. With
 * no_wait a socket that is not ready gives WSAEWOULDBLOCK whatever its
 * mode (an overlapped operation that stays pending). */
int ws_send(struct handle_obj *o, const struct ws_bufs *g, uint32_t flags, const struct ws_peer *to, bool no_wait,
            uint32_t *sent);
/* Receives into g's buffers (and the sender into from, datagrams): 0 or
 * WSAEMSGSIZE with *got, another WSAE error or WS_TERMINATED. */
int ws_recv(struct handle_obj *o, const struct ws_bufs *g, uint32_t flags, const struct ws_peer *from,
            bool no_wait, uint32_t *got);

#endif
