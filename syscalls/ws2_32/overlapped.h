/* Overlapped socket I/O: WSASend/WSASendTo/WSARecv/WSARecvFrom with a
 * WSAOVERLAPPED or a completion routine, and WSAGetOverlappedResult. An
 * operation that cannot complete at once stays pending and completes when
 * the program looks: a wait on its event (any wait: kernel32's or
 * WSAWaitForMultipleEvents, through the sync layer's progress hook), an
 * alertable wait of the thread that started it (for its completion
 * routine), or WSAGetOverlappedResult. Completing writes the bytes, the
 * WSAOVERLAPPED's Internal (NTSTATUS) and InternalHigh (bytes), sets the
 * event and queues the completion routine, as Winsock does. */
#ifndef WOWBOX_SYSCALLS_WS2_32_OVERLAPPED_H
#define WOWBOX_SYSCALLS_WS2_32_OVERLAPPED_H

#include <stdbool.h>
#include <stdint.h>

#include "core/handles.h"
#include "syscalls/api.h"
#include "syscalls/ws2_32/transfer.h"

struct ws_overlapped_op {
    bool sending;
    uint32_t s;            /* the SOCKET */
    struct ws_bufs bufs;
    uint32_t flags;
    gaddr pflags;          /* receive: lpFlags */
    struct ws_peer peer;   /* sendto's destination, recvfrom's source */
    gaddr ov;              /* the WSAOVERLAPPED */
    gaddr routine;         /* the completion routine, or 0 */
};

/* Starts op on socket o: 0 with *count set when it completed at once
 * (its event and routine still fire), else SOCKET_ERROR with
 * WSA_IO_PENDING, or the error it failed with at once. */
uint64_t ws_overlapped_start(struct thunk_call *c, struct handle_obj *o, const struct ws_overlapped_op *op,
                             gaddr count);
/* closesocket: the socket's pending operations complete with
 * WSA_OPERATION_ABORTED. */
void ws_overlapped_abort(uint32_t s);

#endif
