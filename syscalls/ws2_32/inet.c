/* Address text and byte order: inet_addr, inet_ntoa (a per-thread buffer
 * in guest memory, as Windows keeps one), inet_pton/inet_ntop and their
 * wide forms, htons/htonl/ntohs/ntohl and the WSA forms. */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/guest_mem.h"
#include "core/unicode.h"
#include "syscalls/api.h"
#include "syscalls/ws2_32/api_args.h"
#include "syscalls/ws2_32/errors.h"
#include "syscalls/ws2_32/sock.h"
#include "syscalls/ws2_32/sockaddr.h"

#define INADDR_NONE32 0xFFFFFFFFu

uint64_t ws2_32_htons(struct thunk_call *c)
{
    API_ARGS(ws2_32, htons, a);
    return htons((uint16_t)a.hostshort);
}

uint64_t ws2_32_ntohs(struct thunk_call *c)
{
    API_ARGS(ws2_32, ntohs, a);
    return ntohs((uint16_t)a.netshort);
}

uint64_t ws2_32_htonl(struct thunk_call *c)
{
    API_ARGS(ws2_32, htonl, a);
    return htonl(a.hostlong);
}

uint64_t ws2_32_ntohl(struct thunk_call *c)
{
    API_ARGS(ws2_32, ntohl, a);
    return ntohl(a.netlong);
}

/* The WSA forms check the socket first (Winsock 2 wants one). */
static uint64_t put_converted(uint32_t s, gaddr out, uint32_t v, size_t size)
{
    int err;
    if (!wsock_get(s, &err))
        return wsa_fail(err);
    if (!out || !gm_write(out, &v, size))
        return wsa_fail(WSAEFAULT);
    return 0;
}

uint64_t ws2_32_WSAHtons(struct thunk_call *c)
{
    API_ARGS(ws2_32, WSAHtons, a);
    return put_converted(a.s, a.lpnetshort, htons((uint16_t)a.hostshort), 2);
}

uint64_t ws2_32_WSANtohs(struct thunk_call *c)
{
    API_ARGS(ws2_32, WSANtohs, a);
    return put_converted(a.s, a.lphostshort, ntohs((uint16_t)a.netshort), 2);
}

uint64_t ws2_32_WSAHtonl(struct thunk_call *c)
{
    API_ARGS(ws2_32, WSAHtonl, a);
    return put_converted(a.s, a.lpnetlong, htonl(a.hostlong), 4);
}

uint64_t ws2_32_WSANtohl(struct thunk_call *c)
{
    API_ARGS(ws2_32, WSANtohl, a);
    return put_converted(a.s, a.lphostlong, ntohl(a.netlong), 4);
}

/* "a.b.c.d" and the shorter classful forms, decimal, octal or hex parts;
 * INADDR_NONE for anything else (an empty string too). */
uint64_t ws2_32_inet_addr(struct thunk_call *c)
{
    API_ARGS(ws2_32, inet_addr, a);
    char text[64];
    long n = a.cp ? gm_strnlen(a.cp, sizeof text) : -1;
    if (n <= 0 || n >= (long)sizeof text || !gm_read(a.cp, text, (size_t)n + 1))
        return INADDR_NONE32;
    struct in_addr in;
    if (!inet_aton(text, &in))
        return INADDR_NONE32;
    return in.s_addr;
}

uint64_t ws2_32_inet_ntoa(struct thunk_call *c)
{
    API_ARGS(ws2_32, inet_ntoa, a);
    gaddr buf = ws_thread_buffer(WS_BUF_NTOA);
    if (!buf)
        return 0;
    const uint8_t *b = (const uint8_t *)&a.in;
    char text[16];
    snprintf(text, sizeof text, "%u.%u.%u.%u", b[0], b[1], b[2], b[3]);
    return gm_write(buf, text, strlen(text) + 1) ? buf : 0;
}

/* 1 parsed, 0 not an address of the family, or SOCKET_ERROR. */
static uint64_t pton(int32_t family32, const char *text, gaddr out)
{
    int family = ws_family_to_host(family32);
    if (family != AF_INET && family != AF_INET6)
        return wsa_fail(WSAEAFNOSUPPORT);
    uint8_t addr[16];
    if (inet_pton(family, text, addr) != 1)
        return 0;
    if (!out || !gm_write(out, addr, family == AF_INET ? 4 : 16))
        return wsa_fail(WSAEFAULT);
    return 1;
}

uint64_t ws2_32_inet_pton(struct thunk_call *c)
{
    API_ARGS(ws2_32, inet_pton, a);
    char text[64];
    long n = a.pStringBuf ? gm_strnlen(a.pStringBuf, sizeof text) : -1;
    if (n < 0)
        return a.pStringBuf ? 0 : wsa_fail(WSAEFAULT);
    gm_read(a.pStringBuf, text, (size_t)n + 1);
    return pton(a.Family, text, a.pAddr);
}

uint64_t ws2_32_InetPtonW(struct thunk_call *c)
{
    API_ARGS(ws2_32, InetPtonW, a);
    uint16_t w[64];
    long n = a.pStringBuf ? gm_wcsnlen(a.pStringBuf, 63) : -1;
    if (n < 0)
        return a.pStringBuf ? 0 : wsa_fail(WSAEFAULT);
    gm_read(a.pStringBuf, w, 2 * (size_t)n);
    char *text = utf16_to_utf8(w, (size_t)n);
    uint64_t r = text ? pton(a.Family, text, a.pAddr) : wsa_fail(WSAENOBUFS);
    free(text);
    return r;
}

/* The text of an address, or NULL with the error set. */
static bool ntop(int32_t family32, gaddr addr, char *text, size_t size)
{
    int family = ws_family_to_host(family32);
    if (family != AF_INET && family != AF_INET6) {
        wsa_fail(WSAEAFNOSUPPORT);
        return false;
    }
    uint8_t raw[16];
    if (!addr || !gm_read(addr, raw, family == AF_INET ? 4 : 16)) {
        wsa_fail(WSAEFAULT);
        return false;
    }
    inet_ntop(family, raw, text, (socklen_t)size);
    return true;
}

uint64_t ws2_32_inet_ntop(struct thunk_call *c)
{
    API_ARGS(ws2_32, inet_ntop, a);
    char text[INET6_ADDRSTRLEN];
    if (!ntop(a.Family, a.pAddr, text, sizeof text))
        return 0;
    size_t n = strlen(text) + 1;
    if (!a.pStringBuf || a.StringBufSize < n) {
        wsa_fail(WSA_INVALID_PARAMETER); /* ERROR_INVALID_PARAMETER, as InetNtop documents */
        return 0;
    }
    return gm_write(a.pStringBuf, text, n) ? a.pStringBuf : (wsa_fail(WSAEFAULT), 0);
}

uint64_t ws2_32_InetNtopW(struct thunk_call *c)
{
    API_ARGS(ws2_32, InetNtopW, a);
    char text[INET6_ADDRSTRLEN];
    if (!ntop(a.Family, a.pAddr, text, sizeof text))
        return 0;
    size_t n = strlen(text) + 1;
    if (!a.pStringBuf || a.StringBufSIze < n) {
        wsa_fail(WSA_INVALID_PARAMETER); /* ERROR_INVALID_PARAMETER, as InetNtop documents */
        return 0;
    }
    uint16_t w[INET6_ADDRSTRLEN];
    for (size_t i = 0; i < n; i++)
        w[i] = (uint8_t)text[i];
    return gm_write(a.pStringBuf, w, 2 * n) ? a.pStringBuf : (wsa_fail(WSAEFAULT), 0);
}
