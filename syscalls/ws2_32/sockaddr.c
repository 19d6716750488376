/* Guest ↔ host socket addresses: the same bytes apart from the family's
 * number (AF_INET6 is 23 on Windows, 10 on Linux). */
#include "syscalls/ws2_32/sockaddr.h"

#include <netinet/in.h>
#include <string.h>

#include "core/guest_mem.h"
#include "syscalls/ws2_32/errors.h"
#include "syscalls/ws2_32/struct32.h"

int ws_family_to_host(int family32)
{
    switch (family32) {
    case AF_UNSPEC32: return AF_UNSPEC;
    case AF_INET32: return AF_INET;
    case AF_INET6_32: return AF_INET6;
    default: return -1;
    }
}

int ws_family_from_host(int family)
{
    switch (family) {
    case AF_UNSPEC: return AF_UNSPEC32;
    case AF_INET: return AF_INET32;
    case AF_INET6: return AF_INET6_32;
    default: return -1;
    }
}

int ws_sockaddr_read(gaddr p, int32_t len, struct sockaddr_storage *out, socklen_t *outlen)
{
    uint16_t family;
    memset(out, 0, sizeof *out);
    if (!p || len < 2 || !gm_read_u16(p, &family))
        return WSAEFAULT;
    if (family == AF_INET32) {
        SOCKADDR_IN32 in;
        if (len < (int32_t)sizeof in || !gm_read(p, &in, sizeof in))
            return WSAEFAULT;
        struct sockaddr_in *h = (struct sockaddr_in *)out;
        h->sin_family = AF_INET;
        h->sin_port = in.sin_port;
        memcpy(&h->sin_addr, in.sin_addr, 4);
        *outlen = sizeof *h;
        return 0;
    }
    if (family == AF_INET6_32) {
        SOCKADDR_IN6_32 in6;
        memset(&in6, 0, sizeof in6);
        /* the scope id came with Windows XP; older programs pass 24 bytes */
        if (len < 24 || !gm_read(p, &in6, len < (int32_t)sizeof in6 ? 24 : sizeof in6))
            return WSAEFAULT;
        struct sockaddr_in6 *h = (struct sockaddr_in6 *)out;
        h->sin6_family = AF_INET6;
        h->sin6_port = in6.sin6_port;
        h->sin6_flowinfo = in6.sin6_flowinfo;
        memcpy(&h->sin6_addr, in6.sin6_addr, 16);
        h->sin6_scope_id = in6.sin6_scope_id;
        *outlen = sizeof *h;
        return 0;
    }
    return WSAEAFNOSUPPORT;
}

int32_t ws_sockaddr_to32(const struct sockaddr *sa, void *buf)
{
    if (sa->sa_family == AF_INET6) {
        const struct sockaddr_in6 *h = (const struct sockaddr_in6 *)sa;
        SOCKADDR_IN6_32 in6 = { .sin6_family = AF_INET6_32, .sin6_port = h->sin6_port,
                                .sin6_flowinfo = h->sin6_flowinfo, .sin6_scope_id = h->sin6_scope_id };
        memcpy(in6.sin6_addr, &h->sin6_addr, 16);
        memcpy(buf, &in6, sizeof in6);
        return sizeof in6;
    }
    const struct sockaddr_in *h = (const struct sockaddr_in *)sa;
    SOCKADDR_IN32 in = { .sin_family = AF_INET32, .sin_port = h->sin_port };
    if (sa->sa_family == AF_INET)
        memcpy(in.sin_addr, &h->sin_addr, 4);
    memcpy(buf, &in, sizeof in);
    return sizeof in;
}

int32_t ws_sockaddr_size(const struct sockaddr *sa)
{
    return sa->sa_family == AF_INET6 ? (int32_t)sizeof(SOCKADDR_IN6_32) : (int32_t)sizeof(SOCKADDR_IN32);
}

int ws_sockaddr_write(const struct sockaddr *sa, gaddr p, gaddr plen)
{
    if (!p && !plen)
        return 0;
    int32_t room;
    if (!p || !plen || !gm_read_u32(plen, (uint32_t *)&room))
        return WSAEFAULT;
    uint8_t buf[sizeof(SOCKADDR_IN6_32)];
    int32_t size = ws_sockaddr_to32(sa, buf);
    if (room < size)
        return WSAEFAULT;
    if (!gm_write(p, buf, (size_t)size) || !gm_write_u32(plen, (uint32_t)size))
        return WSAEFAULT;
    return 0;
}
