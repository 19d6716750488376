/* setsockopt/getsockopt: the SOL_SOCKET, IPPROTO_TCP and IPPROTO_IP
 * options programs use, by a table from Windows' numbers to the host's.
 * Send and receive timeouts (milliseconds on Windows) are kept here: the
 * host socket never blocks, the waits do. */
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>
#include <sys/socket.h>

#include "core/guest_mem.h"
#include "syscalls/api.h"
#include "syscalls/ws2_32/api_args.h"
#include "syscalls/ws2_32/errors.h"
#include "syscalls/ws2_32/options.h"
#include "syscalls/ws2_32/sock.h"
#include "syscalls/ws2_32/struct32.h"

#define SOL_SOCKET32 0xFFFF
#define IPPROTO_IP32 0
#define IPPROTO_TCP32 6

enum opt_kind {
    OPT_BOOL,    /* a BOOL (or one byte) in, a 4-byte BOOL out */
    OPT_INT,     /* an int */
    OPT_LINGER,  /* LINGER32 */
    OPT_DONTLINGER, /* the inverse of SO_LINGER's l_onoff */
    OPT_TIMEO,   /* DWORD milliseconds, kept here */
    OPT_ERROR,   /* SO_ERROR: read only */
    OPT_TYPE,    /* SO_TYPE: read only */
    OPT_ACCEPTCONN, /* read only */
};

static const struct option {
    int level32, name32;
    int level, name;
    uint8_t kind;
} options[] = {
    { SOL_SOCKET32, 0x0001, SOL_SOCKET, SO_DEBUG, OPT_BOOL },
    { SOL_SOCKET32, 0x0002, SOL_SOCKET, SO_ACCEPTCONN, OPT_ACCEPTCONN },
    { SOL_SOCKET32, 0x0004, SOL_SOCKET, SO_REUSEADDR, OPT_BOOL },
    { SOL_SOCKET32, 0x0008, SOL_SOCKET, SO_KEEPALIVE, OPT_BOOL },
    { SOL_SOCKET32, 0x0010, SOL_SOCKET, SO_DONTROUTE, OPT_BOOL },
    { SOL_SOCKET32, 0x0020, SOL_SOCKET, SO_BROADCAST, OPT_BOOL },
    { SOL_SOCKET32, 0x0080, SOL_SOCKET, SO_LINGER, OPT_LINGER },
    { SOL_SOCKET32, (int)~0x0080, SOL_SOCKET, SO_LINGER, OPT_DONTLINGER },
    { SOL_SOCKET32, 0x0100, SOL_SOCKET, SO_OOBINLINE, OPT_BOOL },
    { SOL_SOCKET32, 0x1001, SOL_SOCKET, SO_SNDBUF, OPT_INT },
    { SOL_SOCKET32, 0x1002, SOL_SOCKET, SO_RCVBUF, OPT_INT },
    { SOL_SOCKET32, 0x1003, SOL_SOCKET, SO_SNDLOWAT, OPT_INT },
    { SOL_SOCKET32, 0x1004, SOL_SOCKET, SO_RCVLOWAT, OPT_INT },
    { SOL_SOCKET32, 0x1005, SOL_SOCKET, SO_SNDTIMEO, OPT_TIMEO },
    { SOL_SOCKET32, 0x1006, SOL_SOCKET, SO_RCVTIMEO, OPT_TIMEO },
    { SOL_SOCKET32, 0x1007, SOL_SOCKET, SO_ERROR, OPT_ERROR },
    { SOL_SOCKET32, 0x1008, SOL_SOCKET, SO_TYPE, OPT_TYPE },
    { IPPROTO_TCP32, 0x0001, IPPROTO_TCP, TCP_NODELAY, OPT_BOOL },
    { IPPROTO_IP32, 4, IPPROTO_IP, IP_TTL, OPT_INT },
    { IPPROTO_IP32, 10, IPPROTO_IP, IP_MULTICAST_TTL, OPT_INT },
    { IPPROTO_IP32, 11, IPPROTO_IP, IP_MULTICAST_LOOP, OPT_BOOL },
};

static const struct option *find(int level, int name, int *err)
{
    bool level_known = false;
    for (size_t i = 0; i < sizeof options / sizeof options[0]; i++) {
        if (options[i].level32 != level)
            continue;
        level_known = true;
        if (options[i].name32 == name)
            return &options[i];
    }
    *err = level_known ? WSAENOPROTOOPT : WSAEINVAL;
    return NULL;
}

/* The option value the guest gave: a BOOL may come as one byte. */
static bool read_value(gaddr p, int32_t len, uint32_t *v)
{
    uint8_t b[4] = { 0 };
    if (!p || len <= 0 || !gm_read(p, b, len < 4 ? (size_t)len : 4))
        return false;
    memcpy(v, b, 4);
    return true;
}

uint64_t ws2_32_setsockopt(struct thunk_call *c)
{
    API_ARGS(ws2_32, setsockopt, a);
    return ws_setsockopt(a.s, a.level, a.optname, a.optval, a.optlen);
}

uint64_t ws_setsockopt(uint32_t s, int32_t level, int32_t optname, gaddr optval, int32_t optlen)
{
    struct { uint32_t s; int32_t level, optname; gaddr optval; int32_t optlen; } a = { s, level, optname, optval, optlen };
    int err;
    struct handle_obj *o = wsock_get(a.s, &err);
    if (!o)
        return wsa_fail(err);
    const struct option *opt = find(a.level, a.optname, &err);
    if (!opt)
        return wsa_fail(err);
    struct wsock *w = wsock_of(o);
    uint32_t v = 0;
    int hv;
    int r = 0;
    switch (opt->kind) {
    case OPT_LINGER: {
        LINGER32 l;
        if (a.optlen < (int32_t)sizeof l || !gm_read(a.optval, &l, sizeof l))
            return wsa_fail(WSAEFAULT);
        struct linger hl = { .l_onoff = l.l_onoff != 0, .l_linger = l.l_linger };
        r = setsockopt(o->fd, SOL_SOCKET, SO_LINGER, &hl, sizeof hl);
        break;
    }
    case OPT_DONTLINGER: {
        if (!read_value(a.optval, a.optlen, &v))
            return wsa_fail(WSAEFAULT);
        struct linger hl = { .l_onoff = v == 0, .l_linger = 0 };
        r = setsockopt(o->fd, SOL_SOCKET, SO_LINGER, &hl, sizeof hl);
        break;
    }
    case OPT_TIMEO:
        if (a.optlen < 4 || !read_value(a.optval, a.optlen, &v))
            return wsa_fail(WSAEFAULT);
        if (opt->name == SO_SNDTIMEO)
            w->sndtimeo = v;
        else
            w->rcvtimeo = v;
        return 0;
    case OPT_ERROR: case OPT_TYPE: case OPT_ACCEPTCONN:
        return wsa_fail(WSAENOPROTOOPT);
    case OPT_INT:
        if (a.optlen < 4 || !read_value(a.optval, a.optlen, &v))
            return wsa_fail(WSAEFAULT);
        hv = (int)v;
        r = setsockopt(o->fd, opt->level, opt->name, &hv, sizeof hv);
        break;
    default: /* BOOL */
        if (!read_value(a.optval, a.optlen, &v))
            return wsa_fail(WSAEFAULT);
        if (a.optlen < 4)
            v &= 0xFF;
        hv = v != 0;
        r = setsockopt(o->fd, opt->level, opt->name, &hv, sizeof hv);
        break;
    }
    return r == 0 ? 0 : wsa_fail(wsa_error_from_errno(errno));
}

/* The value as the guest reads it: 4 bytes, or LINGER32. */
static int get_value(struct handle_obj *o, const struct option *opt, uint8_t out[4])
{
    struct wsock *w = wsock_of(o);
    uint32_t v = 0;
    int hv = 0;
    socklen_t len = sizeof hv;
    switch (opt->kind) {
    case OPT_LINGER: case OPT_DONTLINGER: {
        struct linger hl = { 0 };
        len = sizeof hl;
        if (getsockopt(o->fd, SOL_SOCKET, SO_LINGER, &hl, &len) != 0)
            return wsa_error_from_errno(errno);
        if (opt->kind == OPT_DONTLINGER) {
            v = !hl.l_onoff;
            break;
        }
        LINGER32 l = { .l_onoff = (uint16_t)(hl.l_onoff != 0), .l_linger = (uint16_t)hl.l_linger };
        memcpy(out, &l, sizeof l);
        return 0;
    }
    case OPT_TIMEO: v = opt->name == SO_SNDTIMEO ? w->sndtimeo : w->rcvtimeo; break;
    case OPT_ERROR:
        if (w->connect_error) { /* a failed non-blocking connect, once */
            v = (uint32_t)w->connect_error;
            w->connect_error = 0;
            break;
        }
        if (getsockopt(o->fd, SOL_SOCKET, SO_ERROR, &hv, &len) != 0)
            return wsa_error_from_errno(errno);
        v = hv ? (uint32_t)wsa_error_from_errno(hv) : 0;
        break;
    case OPT_TYPE: v = w->type == SOCK_STREAM ? 1 : 2; break;
    case OPT_ACCEPTCONN: v = w->listening; break;
    default:
        if (getsockopt(o->fd, opt->level, opt->name, &hv, &len) != 0)
            return wsa_error_from_errno(errno);
        v = opt->kind == OPT_BOOL ? hv != 0 : (uint32_t)hv;
        break;
    }
    memcpy(out, &v, 4);
    return 0;
}

uint64_t ws2_32_getsockopt(struct thunk_call *c)
{
    API_ARGS(ws2_32, getsockopt, a);
    return ws_getsockopt(a.s, a.level, a.optname, a.optval, a.optlen);
}

uint64_t ws_getsockopt(uint32_t s, int32_t level, int32_t optname, gaddr optval, gaddr optlen)
{
    struct { uint32_t s; int32_t level, optname; gaddr optval, optlen; } a = { s, level, optname, optval, optlen };
    int err;
    struct handle_obj *o = wsock_get(a.s, &err);
    if (!o)
        return wsa_fail(err);
    const struct option *opt = find(a.level, a.optname, &err);
    if (!opt)
        return wsa_fail(err);
    int32_t room;
    if (!a.optval || !a.optlen || !gm_read_u32(a.optlen, (uint32_t *)&room))
        return wsa_fail(WSAEFAULT);
    /* Windows hands a BOOL option to a one-byte buffer too */
    int32_t size = opt->kind == OPT_BOOL && room < 4 ? 1 : 4;
    if (room < size)
        return wsa_fail(WSAEFAULT);
    uint8_t v[4];
    if ((err = get_value(o, opt, v)) != 0)
        return wsa_fail(err);
    if (!gm_write(a.optval, v, (size_t)size) || !gm_write_u32(a.optlen, (uint32_t)size))
        return wsa_fail(WSAEFAULT);
    return 0;
}
