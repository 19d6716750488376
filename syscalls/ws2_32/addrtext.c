/* WSAAddressToString and WSAStringToAddress: a SOCKADDR_IN/SOCKADDR_IN6 as
 * "a.b.c.d[:port]" or "[v6%scope]:port" (RFC 5952 text) and back. */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/guest_mem.h"
#include "core/unicode.h"
#include "syscalls/api.h"
#include "syscalls/ws2_32/api_args.h"
#include "syscalls/ws2_32/errors.h"
#include "syscalls/ws2_32/sockaddr.h"
#include "syscalls/ws2_32/struct32.h"

#define ADDR_TEXT_MAX 64 /* "[" v6 (45) "%" scope (10) "]:" port (5) NUL */

/* The address's text, or a WSAE code: WSAEINVAL for no address, a family
 * other than AF_INET/AF_INET6 or a length short of its structure. The port
 * is shown when it is not 0; an IPv6 scope when it is not 0, and with a
 * port the IPv6 part goes in brackets. */
static int addr_text(gaddr sa, uint32_t len, char *text)
{
    uint16_t family;
    if (!sa || len < 2 || !gm_read_u16(sa, &family))
        return WSAEINVAL;
    if (family == AF_INET32) {
        SOCKADDR_IN32 in;
        if (len < sizeof in || !gm_read(sa, &in, sizeof in))
            return WSAEINVAL;
        int n = snprintf(text, ADDR_TEXT_MAX, "%u.%u.%u.%u", in.sin_addr[0], in.sin_addr[1], in.sin_addr[2],
                         in.sin_addr[3]);
        if (in.sin_port)
            snprintf(text + n, (size_t)(ADDR_TEXT_MAX - n), ":%u", ntohs(in.sin_port));
        return 0;
    }
    if (family == AF_INET6_32) {
        SOCKADDR_IN6_32 in6;
        if (len < sizeof in6 || !gm_read(sa, &in6, sizeof in6))
            return WSAEINVAL;
        char v6[INET6_ADDRSTRLEN], scope[16] = "";
        inet_ntop(AF_INET6, in6.sin6_addr, v6, sizeof v6); /* glibc's text is RFC 5952's */
        if (in6.sin6_scope_id)
            snprintf(scope, sizeof scope, "%%%u", in6.sin6_scope_id);
        if (in6.sin6_port)
            snprintf(text, ADDR_TEXT_MAX, "[%s%s]:%u", v6, scope, ntohs(in6.sin6_port));
        else
            snprintf(text, ADDR_TEXT_MAX, "%s%s", v6, scope);
        return 0;
    }
    return WSAEINVAL;
}

/* The text's length in characters with its NUL goes to *lenp either way;
 * a missing or too small buffer is WSAEFAULT. */
static uint64_t address_to_string(gaddr sa, uint32_t salen, gaddr out, gaddr lenp, bool wide)
{
    char text[ADDR_TEXT_MAX];
    uint32_t room;
    int err = addr_text(sa, salen, text);
    if (err)
        return wsa_fail(err);
    if (!lenp || !gm_read_u32(lenp, &room))
        return wsa_fail(WSAEFAULT);
    uint32_t need = (uint32_t)strlen(text) + 1;
    if (!gm_write_u32(lenp, need) || !out || room < need)
        return wsa_fail(WSAEFAULT);
    uint16_t w[ADDR_TEXT_MAX];
    for (uint32_t i = 0; i < need; i++)
        w[i] = (uint8_t)text[i];
    bool ok = wide ? gm_write(out, w, 2 * need) : gm_write(out, text, need);
    return ok ? 0 : wsa_fail(WSAEFAULT);
}

uint64_t ws2_32_WSAAddressToStringA(struct thunk_call *c)
{
    API_ARGS(ws2_32, WSAAddressToStringA, a);
    return address_to_string(a.lpsaAddress, a.dwAddressLength, a.lpszAddressString, a.lpdwAddressStringLength,
                             false);
}

uint64_t ws2_32_WSAAddressToStringW(struct thunk_call *c)
{
    API_ARGS(ws2_32, WSAAddressToStringW, a);
    return address_to_string(a.lpsaAddress, a.dwAddressLength, a.lpszAddressString, a.lpdwAddressStringLength,
                             true);
}

/* A decimal port after ':' (the text's end otherwise); false if bad. */
static bool parse_port(const char *s, uint16_t *port)
{
    *port = 0;
    if (!*s)
        return true;
    if (*s != ':' || !s[1])
        return false;
    char *end;
    unsigned long p = strtoul(s + 1, &end, 10);
    if (*end || p > 0xFFFF || s[1] < '0' || s[1] > '9')
        return false;
    *port = (uint16_t)p;
    return true;
}

/* IPv4: the forms inet_aton takes (a.b.c.d, a.b.c, a.b, a, each part
 * decimal, 0x hex or 0 octal: RtlIpv4StringToAddressEx's non-strict
 * forms) and ":port". IPv6: "v6", "v6%scope", "[v6]", "[v6%scope]" and
 * the bracketed forms with ":port". The guest structure is filled into
 * buf; its size, or 0 for text that is no address. */
static uint32_t parse_address(const char *s, int32_t family, uint8_t *buf)
{
    char tmp[ADDR_TEXT_MAX];
    if (strlen(s) >= sizeof tmp)
        return 0;
    strcpy(tmp, s);
    if (family == AF_INET32) {
        SOCKADDR_IN32 in = {.sin_family = AF_INET32};
        char *colon = strchr(tmp, ':');
        uint16_t port = 0;
        if (colon && !parse_port(s + (colon - tmp), &port))
            return 0;
        if (colon)
            *colon = 0;
        struct in_addr ia;
        if (!tmp[0] || !inet_aton(tmp, &ia))
            return 0;
        memcpy(in.sin_addr, &ia, 4);
        in.sin_port = htons(port);
        memcpy(buf, &in, sizeof in);
        return sizeof in;
    }
    SOCKADDR_IN6_32 in6 = {.sin6_family = AF_INET6_32};
    char *addr = tmp;
    uint16_t port = 0;
    if (tmp[0] == '[') {
        char *close = strchr(tmp, ']');
        if (!close || !parse_port(s + (close - tmp) + 1, &port))
            return 0;
        *close = 0;
        addr = tmp + 1;
    }
    char *pct = strchr(addr, '%');
    if (pct) {
        char *end;
        *pct = 0;
        unsigned long scope = strtoul(pct + 1, &end, 10);
        if (*end || !pct[1] || scope > 0xFFFFFFFFul)
            return 0;
        in6.sin6_scope_id = (uint32_t)scope;
    }
    if (inet_pton(AF_INET6, addr, in6.sin6_addr) != 1)
        return 0;
    in6.sin6_port = htons(port);
    memcpy(buf, &in6, sizeof in6);
    return sizeof in6;
}

/* WSAEINVAL for a family other than AF_INET/AF_INET6 or text that is no
 * address of it; WSAEFAULT with the size needed in *lpAddressLength when
 * the structure does not fit. */
static uint64_t string_to_address(const char *text, int32_t family, gaddr out, gaddr lenp)
{
    if (family != AF_INET32 && family != AF_INET6_32)
        return wsa_fail(WSAEINVAL);
    uint8_t buf[sizeof(SOCKADDR_IN6_32)];
    uint32_t need = parse_address(text, family, buf);
    if (!need)
        return wsa_fail(WSAEINVAL);
    int32_t room;
    if (!lenp || !gm_read_u32(lenp, (uint32_t *)&room))
        return wsa_fail(WSAEFAULT);
    if (!out || room < (int32_t)need) {
        gm_write_u32(lenp, need);
        return wsa_fail(WSAEFAULT);
    }
    if (!gm_write(out, buf, need) || !gm_write_u32(lenp, need))
        return wsa_fail(WSAEFAULT);
    return 0;
}

uint64_t ws2_32_WSAStringToAddressA(struct thunk_call *c)
{
    API_ARGS(ws2_32, WSAStringToAddressA, a);
    char text[ADDR_TEXT_MAX + 1];
    long n = a.AddressString ? gm_strnlen(a.AddressString, ADDR_TEXT_MAX) : -1;
    if (n < 0)
        return wsa_fail(a.AddressString ? WSAEINVAL : WSAEFAULT);
    gm_read(a.AddressString, text, (size_t)n + 1);
    return string_to_address(text, a.AddressFamily, a.lpAddress, a.lpAddressLength);
}

uint64_t ws2_32_WSAStringToAddressW(struct thunk_call *c)
{
    API_ARGS(ws2_32, WSAStringToAddressW, a);
    uint16_t w[ADDR_TEXT_MAX];
    long n = a.AddressString ? gm_wcsnlen(a.AddressString, ADDR_TEXT_MAX - 1) : -1;
    if (n < 0)
        return wsa_fail(a.AddressString ? WSAEINVAL : WSAEFAULT);
    gm_read(a.AddressString, w, 2 * (size_t)n);
    char *text = utf16_to_utf8(w, (size_t)n);
    uint64_t r = text ? string_to_address(text, a.AddressFamily, a.lpAddress, a.lpAddressLength)
                      : wsa_fail(WSAENOBUFS);
    free(text);
    return r;
}
