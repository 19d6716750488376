/* Names: gethostname, gethostbyname/gethostbyaddr (a hostent in the
 * thread's guest buffer), getaddrinfo/freeaddrinfo/getnameinfo and their
 * wide forms, answered by the host's resolver. getaddrinfo's list lives
 * in the process heap, one block per entry (its sockaddr and canonical
 * name inside), so freeaddrinfo frees each block. */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/identity.h"
#include "core/guest_mem.h"
#include "core/heap.h"
#include "core/process.h"
#include "core/unicode.h"
#include "syscalls/api.h"
#include "syscalls/ws2_32/api_args.h"
#include "syscalls/ws2_32/errors.h"
#include "syscalls/ws2_32/sock.h"
#include "syscalls/ws2_32/sockaddr.h"
#include "syscalls/ws2_32/struct32.h"

#define MAX_NAME 256
#define MAX_ADDRS 16

/* A guest string (narrow, or wide as UTF-16) as host UTF-8; NULL for a
 * NULL pointer, *bad for an unreadable one. */
static char *guest_text(gaddr p, bool wide, bool *bad)
{
    *bad = false;
    if (!p)
        return NULL;
    long n = wide ? gm_wcsnlen(p, 1024) : gm_strnlen(p, 1024);
    if (n < 0) {
        *bad = true;
        return NULL;
    }
    if (!wide) {
        char *s = calloc(1, (size_t)n + 1);
        if (s)
            gm_read(p, s, (size_t)n);
        return s;
    }
    uint16_t *w = calloc((size_t)n + 1, 2);
    char *s = w && gm_read(p, w, 2 * (size_t)n) ? utf16_to_utf8(w, (size_t)n) : NULL;
    free(w);
    return s;
}

/* ----------------------------------------------------------- host name */

static uint64_t host_name(gaddr name, int32_t namelen, bool wide)
{
    if (!ws_started())
        return wsa_fail(WSANOTINITIALISED);
    char host[MAX_NAME];
    snprintf(host, sizeof host, "%s", identity_host_name());
    size_t n = strlen(host) + 1;
    if (!name || namelen < 0 || (size_t)namelen < n)
        return wsa_fail(WSAEFAULT);
    if (!wide)
        return gm_write(name, host, n) ? 0 : wsa_fail(WSAEFAULT);
    uint16_t w[MAX_NAME];
    for (size_t i = 0; i < n; i++)
        w[i] = (uint8_t)host[i];
    return gm_write(name, w, 2 * n) ? 0 : wsa_fail(WSAEFAULT);
}

uint64_t ws2_32_gethostname(struct thunk_call *c)
{
    API_ARGS(ws2_32, gethostname, a);
    return host_name(a.name, a.namelen, false);
}

uint64_t ws2_32_GetHostNameW(struct thunk_call *c)
{
    API_ARGS(ws2_32, GetHostNameW, a);
    return host_name(a.name, a.namelen, true);
}

/* ------------------------------------------------------------- hostent */

/* Lays out the hostent, its name, an empty alias list and the addresses
 * in the thread's buffer; its address, or 0. */
static gaddr put_hostent(const char *name, const uint8_t (*addrs)[4], unsigned n)
{
    gaddr base = ws_thread_buffer(WS_BUF_HOSTENT);
    if (!base)
        return 0;
    size_t name_len = strlen(name) + 1;
    if (name_len > MAX_NAME)
        name_len = MAX_NAME;
    gaddr aliases = base + sizeof(HOSTENT32);
    gaddr list = aliases + 4;
    gaddr bytes = list + 4 * (n + 1);
    gaddr text = bytes + 4 * n;
    if (text + name_len > base + WS_HOSTENT_SIZE)
        return 0;
    HOSTENT32 h = { .h_name = text, .h_aliases = aliases, .h_addrtype = AF_INET32, .h_length = 4,
                    .h_addr_list = list };
    bool ok = gm_write(base, &h, sizeof h) && gm_write_u32(aliases, 0);
    for (unsigned i = 0; i < n && ok; i++)
        ok = gm_write_u32(list + 4 * i, bytes + 4 * i) && gm_write(bytes + 4 * i, addrs[i], 4);
    ok = ok && gm_write_u32(list + 4 * n, 0) && gm_write(text, name, name_len - 1) &&
         gm_write(text + name_len - 1, "", 1);
    return ok ? base : 0;
}

uint64_t ws2_32_gethostbyname(struct thunk_call *c)
{
    API_ARGS(ws2_32, gethostbyname, a);
    if (!ws_started())
        return wsa_fail(WSANOTINITIALISED), 0;
    bool bad;
    char *name = guest_text(a.name, false, &bad);
    if (bad)
        return wsa_fail(WSAEFAULT), 0;
    char local[MAX_NAME];
    if (!name) { /* NULL: this host */
        snprintf(local, sizeof local, "%s", identity_host_name());
        name = strdup(local);
    }
    struct addrinfo hints = { .ai_family = AF_INET, .ai_flags = AI_CANONNAME }, *res = NULL;
    int r = name ? getaddrinfo(name, NULL, &hints, &res) : EAI_MEMORY;
    if (r != 0) {
        free(name);
        wsa_fail(r == EAI_AGAIN ? WSATRY_AGAIN : WSAHOST_NOT_FOUND);
        return 0;
    }
    uint8_t addrs[MAX_ADDRS][4];
    unsigned n = 0;
    for (struct addrinfo *ai = res; ai && n < MAX_ADDRS; ai = ai->ai_next) {
        const uint8_t *b = (const uint8_t *)&((struct sockaddr_in *)ai->ai_addr)->sin_addr;
        bool seen = false; /* the host lists one entry per socket type */
        for (unsigned i = 0; i < n; i++)
            seen |= memcmp(addrs[i], b, 4) == 0;
        if (!seen)
            memcpy(addrs[n++], b, 4);
    }
    gaddr h = put_hostent(res->ai_canonname ? res->ai_canonname : name, (const uint8_t(*)[4])addrs, n);
    freeaddrinfo(res);
    free(name);
    if (!h)
        wsa_fail(WSAENOBUFS);
    return h;
}

uint64_t ws2_32_gethostbyaddr(struct thunk_call *c)
{
    API_ARGS(ws2_32, gethostbyaddr, a);
    if (!ws_started())
        return wsa_fail(WSANOTINITIALISED), 0;
    if (a.type != AF_INET32)
        return wsa_fail(WSAEAFNOSUPPORT), 0;
    uint8_t addr[4];
    if (a.len < 4 || !a.addr || !gm_read(a.addr, addr, 4))
        return wsa_fail(WSAEFAULT), 0;
    struct sockaddr_in sin = { .sin_family = AF_INET };
    memcpy(&sin.sin_addr, addr, 4);
    char host[NI_MAXHOST];
    if (getnameinfo((struct sockaddr *)&sin, sizeof sin, host, sizeof host, NULL, 0, NI_NAMEREQD) != 0)
        return wsa_fail(WSAHOST_NOT_FOUND), 0;
    gaddr h = put_hostent(host, (const uint8_t(*)[4])&addr, 1);
    if (!h)
        wsa_fail(WSAENOBUFS);
    return h;
}

/* ---------------------------------------------------------- getaddrinfo */

/* Windows' AI_* flags and the host's. */
static const struct { int32_t win; int host; } ai_flags[] = {
    { 0x0001, AI_PASSIVE }, { 0x0002, AI_CANONNAME }, { 0x0004, AI_NUMERICHOST },
    { 0x0008, AI_NUMERICSERV }, { 0x0100, AI_ALL }, { 0x0400, AI_ADDRCONFIG }, { 0x0800, AI_V4MAPPED },
};

static bool read_hints(gaddr p, struct addrinfo *h)
{
    memset(h, 0, sizeof *h);
    if (!p)
        return true;
    ADDRINFO32 g;
    if (!gm_read(p, &g, sizeof g))
        return false;
    for (size_t i = 0; i < sizeof ai_flags / sizeof ai_flags[0]; i++)
        if (g.ai_flags & ai_flags[i].win)
            h->ai_flags |= ai_flags[i].host;
    h->ai_family = ws_family_to_host(g.ai_family);
    h->ai_socktype = g.ai_socktype == 1 ? SOCK_STREAM : g.ai_socktype == 2 ? SOCK_DGRAM : g.ai_socktype ? -1 : 0;
    h->ai_protocol = g.ai_protocol;
    return true;
}

/* One guest ADDRINFO block: the entry, its sockaddr, its canonical name. */
static gaddr put_entry(const struct addrinfo *ai, bool wide, gaddr next)
{
    uint8_t sa[sizeof(SOCKADDR_IN6_32)];
    int32_t salen = ws_sockaddr_to32(ai->ai_addr, sa);
    uint16_t *wname = NULL;
    size_t name_bytes = 0;
    if (ai->ai_canonname) {
        if (wide) {
            size_t n = 0;
            wname = utf8_to_utf16(ai->ai_canonname, &n);
            name_bytes = 2 * (n + 1);
        } else {
            name_bytes = strlen(ai->ai_canonname) + 1;
        }
    }
    uint32_t size = (uint32_t)(sizeof(ADDRINFO32) + sizeof sa + name_bytes);
    gaddr b = heap_alloc(proc->process_heap, size, HEAP_ZERO_MEMORY);
    if (b) {
        ADDRINFO32 g = { .ai_flags = 0, .ai_family = ws_family_from_host(ai->ai_family),
                         .ai_socktype = ai->ai_socktype == SOCK_STREAM ? 1 : ai->ai_socktype == SOCK_DGRAM ? 2 : 0,
                         .ai_protocol = ai->ai_protocol, .ai_addrlen = (uint32_t)salen,
                         .ai_addr = b + sizeof g, .ai_next = next };
        if (name_bytes) {
            g.ai_canonname = b + sizeof g + sizeof sa;
            gm_write(g.ai_canonname, wide ? (const void *)wname : ai->ai_canonname, name_bytes);
        }
        gm_write(b, &g, sizeof g);
        gm_write(b + sizeof g, sa, (size_t)salen);
    }
    free(wname);
    return b;
}

static void free_list(gaddr p)
{
    for (unsigned guard = 0; p && guard < 4096; guard++) {
        uint32_t next = 0;
        if (!gm_read_u32(p + offsetof(ADDRINFO32, ai_next), &next))
            return;
        heap_free(proc->process_heap, p);
        p = next;
    }
}

/* The result code (0 or a WSA code, also the thread's last error). */
static uint64_t get_addr_info(gaddr node, gaddr service, gaddr hints, gaddr res, bool wide)
{
    if (!ws_started()) {
        teb_set_last_error(WSANOTINITIALISED);
        return WSANOTINITIALISED;
    }
    bool bad1, bad2;
    struct addrinfo h, *list = NULL;
    char *n = guest_text(node, wide, &bad1), *s = guest_text(service, wide, &bad2);
    int err = 0;
    if (bad1 || bad2 || !res || !gm_write_u32(res, 0) || !read_hints(hints, &h))
        err = WSAEFAULT;
    else if (!n && !s)
        err = WSAHOST_NOT_FOUND;
    else if (h.ai_family < 0)
        err = WSAEAFNOSUPPORT;
    else if (h.ai_socktype < 0)
        err = WSAESOCKTNOSUPPORT;
    if (!err) {
        int r = getaddrinfo(n, s, &h, &list);
        err = wsa_error_from_eai(r, errno);
    }
    free(n);
    free(s);
    if (err) {
        teb_set_last_error((uint32_t)err);
        return (uint32_t)err;
    }
    /* built back to front so each entry knows its successor */
    unsigned count = 0;
    for (struct addrinfo *ai = list; ai; ai = ai->ai_next)
        count += ai->ai_family == AF_INET || ai->ai_family == AF_INET6;
    struct addrinfo **order = calloc(count ? count : 1, sizeof *order);
    unsigned i = 0;
    for (struct addrinfo *ai = list; order && ai; ai = ai->ai_next)
        if (ai->ai_family == AF_INET || ai->ai_family == AF_INET6)
            order[i++] = ai;
    gaddr head = 0;
    bool ok = order != NULL;
    while (ok && i-- > 0) {
        gaddr e = put_entry(order[i], wide, head);
        ok = e != 0;
        head = e ? e : head;
    }
    free(order);
    freeaddrinfo(list);
    if (!ok) {
        free_list(head);
        teb_set_last_error(WSA_NOT_ENOUGH_MEMORY);
        return WSA_NOT_ENOUGH_MEMORY;
    }
    if (!head) {
        teb_set_last_error(WSANO_DATA);
        return WSANO_DATA;
    }
    gm_write_u32(res, head);
    return 0;
}

uint64_t ws2_32_getaddrinfo(struct thunk_call *c)
{
    API_ARGS(ws2_32, getaddrinfo, a);
    return get_addr_info(a.nodename, a.servname, a.hints, a.res, false);
}

uint64_t ws2_32_GetAddrInfoW(struct thunk_call *c)
{
    API_ARGS(ws2_32, GetAddrInfoW, a);
    return get_addr_info(a.pNodeName, a.pServiceName, a.pHints, a.ppResult, true);
}

uint64_t ws2_32_freeaddrinfo(struct thunk_call *c)
{
    API_ARGS(ws2_32, freeaddrinfo, a);
    free_list(a.pAddrInfo);
    return 0;
}

uint64_t ws2_32_FreeAddrInfoW(struct thunk_call *c)
{
    API_ARGS(ws2_32, FreeAddrInfoW, a);
    free_list(a.pAddrInfo);
    return 0;
}

/* ---------------------------------------------------------- getnameinfo */

static const struct { int32_t win; int host; } ni_flags[] = {
    { 0x01, NI_NOFQDN }, { 0x02, NI_NUMERICHOST }, { 0x04, NI_NAMEREQD }, { 0x08, NI_NUMERICSERV }, { 0x10, NI_DGRAM },
};

static bool put_text(gaddr p, uint32_t room, const char *text, bool wide)
{
    size_t n = strlen(text) + 1;
    if (!p || room < n)
        return false;
    if (!wide)
        return gm_write(p, text, n);
    size_t wn = 0;
    uint16_t *w = utf8_to_utf16(text, &wn);
    bool ok = w && wn + 1 <= room && gm_write(p, w, 2 * (wn + 1));
    free(w);
    return ok;
}

static uint64_t get_name_info(gaddr sa, int32_t salen, gaddr host, uint32_t hostlen, gaddr serv, uint32_t servlen,
                              int32_t flags, bool wide)
{
    if (!ws_started()) {
        teb_set_last_error(WSANOTINITIALISED);
        return WSANOTINITIALISED;
    }
    struct sockaddr_storage ss;
    socklen_t len;
    int err = ws_sockaddr_read(sa, salen, &ss, &len);
    int hf = 0;
    for (size_t i = 0; i < sizeof ni_flags / sizeof ni_flags[0]; i++)
        if (flags & ni_flags[i].win)
            hf |= ni_flags[i].host;
    char h[NI_MAXHOST], s[NI_MAXSERV];
    if (!err && !host && !serv)
        err = WSAHOST_NOT_FOUND;
    if (!err) {
        int r = getnameinfo((struct sockaddr *)&ss, len, host ? h : NULL, host ? sizeof h : 0, serv ? s : NULL,
                            serv ? sizeof s : 0, hf);
        err = wsa_error_from_eai(r, errno);
    }
    if (!err && ((host && !put_text(host, hostlen, h, wide)) || (serv && !put_text(serv, servlen, s, wide))))
        err = WSAEFAULT;
    if (err)
        teb_set_last_error((uint32_t)err);
    return (uint32_t)err;
}

uint64_t ws2_32_getnameinfo(struct thunk_call *c)
{
    API_ARGS(ws2_32, getnameinfo, a);
    return get_name_info(a.sa, a.salen, a.host, a.hostlen, a.serv, a.servlen, a.flags, false);
}

uint64_t ws2_32_GetNameInfoW(struct thunk_call *c)
{
    API_ARGS(ws2_32, GetNameInfoW, a);
    return get_name_info(a.pSockaddr, a.SockaddrLength, a.pNodeBuffer, a.NodeBufferSize, a.pServiceBuffer,
                         a.ServiceBufferSize, a.Flags, true);
}
