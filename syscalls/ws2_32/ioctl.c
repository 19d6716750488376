/* Socket control: ioctlsocket and WSAIoctl share the commands both take
 * (FIONBIO, FIONREAD, SIOCATMARK); WSAIoctl adds
 * SIO_GET_EXTENSION_FUNCTION_POINTER, which hands out the functions
 * wowbox has (WSAPoll) and says which it has not (AcceptEx, ConnectEx...:
 * mswsock's, not implemented). WSAAsyncSelect needs a window message
 * queue, which wowbox's user32 does not have: it fails and says so. */
#define _GNU_SOURCE
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include "core/guest_mem.h"
#include "core/log.h"
#include "core/trace.h"
#include "loader/module.h"
#include "syscalls/api.h"
#include "syscalls/ws2_32/api_args.h"
#include "syscalls/ws2_32/errors.h"
#include "syscalls/ws2_32/sock.h"
#include "syscalls/ws2_32/struct32.h"

#define FIONBIO32    0x8004667Eu
#define FIONREAD32   0x4004667Fu
#define SIOCATMARK32 0x40047307u
#define SIO_GET_EXTENSION_FUNCTION_POINTER32 0xC8000006u

/* The ioctlsocket commands: value is the argument (FIONBIO) or the
 * answer. 0, a WSAE error, or -1 for a command that is none of them. */
static int basic_ioctl(struct handle_obj *o, uint32_t cmd, uint32_t *value)
{
    struct wsock *w = wsock_of(o);
    switch (cmd) {
    case FIONBIO32:
        if (!*value && w->event_mask)
            return WSAEINVAL; /* WSAEventSelect keeps it non-blocking */
        w->nonblocking = *value != 0;
        return 0;
    case FIONREAD32: {
        int n = 0;
        if (ioctl(o->fd, FIONREAD, &n) != 0)
            n = 0;
        *value = (uint32_t)n;
        return 0;
    }
    case SIOCATMARK32:
        *value = sockatmark(o->fd) != 0; /* TRUE: no OOB data pending */
        return 0;
    default:
        return -1;
    }
}

uint64_t ws2_32_ioctlsocket(struct thunk_call *c)
{
    API_ARGS(ws2_32, ioctlsocket, a);
    int err;
    struct handle_obj *o = wsock_get(a.s, &err);
    if (!o)
        return wsa_fail(err);
    uint32_t v = 0;
    if ((uint32_t)a.cmd == FIONBIO32 && !gm_read_u32(a.argp, &v))
        return wsa_fail(WSAEFAULT);
    err = basic_ioctl(o, (uint32_t)a.cmd, &v);
    if (err)
        return wsa_fail(err < 0 ? WSAEINVAL : err);
    if ((uint32_t)a.cmd != FIONBIO32 && !gm_write_u32(a.argp, v))
        return wsa_fail(WSAEFAULT);
    return 0;
}

/* The extension functions a program may ask WSAIoctl for, by GUID
 * (mswsock.h); export: the ws2_32 export that is it, or NULL when wowbox
 * does not have it. */
static const struct {
    GUID32 id;
    const char *name;
    const char *export;
} extensions[] = {
    { { 0xb5367df0, 0xcbac, 0x11cf, { 0x95, 0xca, 0x00, 0x80, 0x5f, 0x48, 0xa1, 0x92 } }, "TransmitFile", NULL },
    { { 0xb5367df1, 0xcbac, 0x11cf, { 0x95, 0xca, 0x00, 0x80, 0x5f, 0x48, 0xa1, 0x92 } }, "AcceptEx", NULL },
    { { 0xb5367df2, 0xcbac, 0x11cf, { 0x95, 0xca, 0x00, 0x80, 0x5f, 0x48, 0xa1, 0x92 } }, "GetAcceptExSockaddrs", NULL },
    { { 0xd9689da0, 0x1f90, 0x11d3, { 0x99, 0x71, 0x00, 0xc0, 0x4f, 0x68, 0xc8, 0x76 } }, "TransmitPackets", NULL },
    { { 0x25a207b9, 0xddf3, 0x4660, { 0x8e, 0xe9, 0x76, 0xe5, 0x8c, 0x74, 0x06, 0x3e } }, "ConnectEx", NULL },
    { { 0x7fda2e11, 0x8630, 0x436f, { 0xa0, 0x31, 0xf5, 0x36, 0xa6, 0xee, 0xc1, 0x57 } }, "DisconnectEx", NULL },
    { { 0xf689d7c8, 0x6f1f, 0x436b, { 0x8a, 0x53, 0xe5, 0x4f, 0xe3, 0x51, 0xc3, 0x22 } }, "WSARecvMsg", NULL },
    { { 0xa441e712, 0x754f, 0x43ca, { 0x84, 0xa7, 0x0d, 0xee, 0x44, 0xcf, 0x60, 0x6d } }, "WSASendMsg", NULL },
    { { 0x18c76f85, 0xdc66, 0x4964, { 0x97, 0x2e, 0x23, 0xc2, 0x72, 0x38, 0x31, 0x2b } }, "WSAPoll", "WSAPoll" },
};

/* The function pointer for the GUID at in, written to out. */
static int extension_pointer(gaddr in, uint32_t in_size, gaddr out, uint32_t out_size)
{
    GUID32 id;
    if (in_size < sizeof id || out_size < 4 || !gm_read(in, &id, sizeof id))
        return WSAEFAULT;
    for (size_t i = 0; i < sizeof extensions / sizeof extensions[0]; i++) {
        if (memcmp(&extensions[i].id, &id, sizeof id) != 0)
            continue;
        struct module *m = extensions[i].export ? module_find("ws2_32") : NULL;
        gaddr fn = m ? module_export_by_name(m, extensions[i].export, -1) : 0;
        if (!fn) {
            wb_error("ws2_32!WSAIoctl: the %s extension (mswsock) is not implemented: WSAEINVAL", extensions[i].name);
            trace_note("ws2_32: WSAIoctl SIO_GET_EXTENSION_FUNCTION_POINTER for %s: not implemented",
                       extensions[i].name);
            return WSAEINVAL;
        }
        return gm_write_u32(out, fn) ? 0 : WSAEFAULT;
    }
    return WSAEINVAL; /* not an extension Winsock has either */
}

uint64_t ws2_32_WSAIoctl(struct thunk_call *c)
{
    API_ARGS(ws2_32, WSAIoctl, a);
    int err;
    struct handle_obj *o = wsock_get(a.s, &err);
    if (!o)
        return wsa_fail(err);
    if (a.lpOverlapped || a.lpCompletionRoutine) {
        trace_note("ws2_32: overlapped WSAIoctl is not implemented");
        return wsa_fail(WSAEOPNOTSUPP);
    }
    uint32_t returned = 0;
    if (a.dwIoControlCode == SIO_GET_EXTENSION_FUNCTION_POINTER32) {
        err = extension_pointer(a.lpvInBuffer, a.cbInBuffer, a.lpvOutBuffer, a.cbOutBuffer);
        returned = 4;
    } else {
        uint32_t v = 0;
        bool setting = a.dwIoControlCode == FIONBIO32;
        if (setting && (a.cbInBuffer < 4 || !gm_read_u32(a.lpvInBuffer, &v)))
            return wsa_fail(WSAEFAULT);
        err = basic_ioctl(o, a.dwIoControlCode, &v);
        if (err < 0) {
            trace_note("ws2_32: WSAIoctl control code 0x%08X is not implemented", a.dwIoControlCode);
            return wsa_fail(WSAEOPNOTSUPP);
        }
        if (!err && !setting) {
            if (a.cbOutBuffer < 4 || !gm_write_u32(a.lpvOutBuffer, v))
                return wsa_fail(WSAEFAULT);
            returned = 4;
        }
    }
    if (err)
        return wsa_fail(err);
    if (!a.lpcbBytesReturned || !gm_write_u32(a.lpcbBytesReturned, returned))
        return wsa_fail(WSAEFAULT);
    return 0;
}

/* Window messages for socket events need a message queue; wowbox's user32
 * has no windows and no queue, so no message could ever arrive. */
uint64_t ws2_32_WSAAsyncSelect(struct thunk_call *c)
{
    API_ARGS(ws2_32, WSAAsyncSelect, a);
    int err;
    if (!wsock_get(a.s, &err))
        return wsa_fail(err);
    static bool told;
    if (!told)
        wb_error("ws2_32!WSAAsyncSelect: socket events as window messages need a message queue, which wowbox's "
                 "user32 does not have (use WSAEventSelect or select): WSAEOPNOTSUPP");
    told = true;
    trace_note("ws2_32: WSAAsyncSelect needs a window message queue (user32 has none): WSAEOPNOTSUPP");
    return wsa_fail(WSAEOPNOTSUPP);
}
