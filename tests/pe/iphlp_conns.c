// build-flags: -liphlpapi -lws2_32
/* iphlp_conns.c - iphlpapi's TCP/UDP endpoint tables hold this program's own
 * sockets (the host's other endpoints vary and are not printed): a TCP
 * listener and a UDP socket on 127.0.0.1, and a connection to the listener,
 * found in GetTcpTable (LISTEN, then ESTABLISHED both ways), GetUdpTable and
 * GetExtendedTcpTable/GetExtendedUdpTable (the owner-PID classes, the
 * listener/connection filters) and the TCP/UDP statistics' counts; the tables follow the size protocol
 * (ERROR_INSUFFICIENT_BUFFER and the size) and bOrder sorts them. Then
 * WSAAddressToString and WSAStringToAddress with the cases Windows
 * documents: the port only when not 0, IPv6 in brackets with a port, the
 * scope after '%', WSAEFAULT with the length needed, WSAEINVAL for bad
 * families, lengths and text. */
#define __USE_MINGW_ANSI_STDIO 0 /* msvcrt.dll's printf */
#include <winsock2.h>
#include <ws2tcpip.h>
#include <iphlpapi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>

static unsigned short lport, uport, cport; /* host order */
static const DWORD loop = 0x0100007F;      /* 127.0.0.1 in network order, as a DWORD */

static unsigned short bound_port(SOCKET s)
{
    struct sockaddr_in sa;
    int len = sizeof sa;
    getsockname(s, (struct sockaddr *)&sa, &len);
    return ntohs(sa.sin_port);
}

static void *table_of(const char *what, DWORD (*get)(void *, DWORD *))
{
    DWORD size = 0;
    DWORD r = get(NULL, &size);
    printf("%s(NULL): %lu, size holds the count: %d\n", what, r, size >= 4);
    DWORD small = 3;
    void *t = malloc(size + 4096); /* room for endpoints that appear meanwhile */
    r = get(t, &small);
    printf("%s(3 bytes): %lu, size asked again: %d\n", what, r, small >= 4);
    size += 4096;
    r = get(t, &size);
    printf("%s: %lu\n", what, r);
    return t;
}

static DWORD tcp_sorted(void *t, DWORD *s) { return GetTcpTable(t, s, TRUE); }
static DWORD udp_sorted(void *t, DWORD *s) { return GetUdpTable(t, s, TRUE); }

static int tcp_before(const MIB_TCPROW *a, const MIB_TCPROW *b)
{
    if (a->dwLocalAddr != b->dwLocalAddr)
        return ntohl(a->dwLocalAddr) < ntohl(b->dwLocalAddr);
    if (a->dwLocalPort != b->dwLocalPort)
        return ntohs((u_short)a->dwLocalPort) < ntohs((u_short)b->dwLocalPort);
    if (a->dwRemoteAddr != b->dwRemoteAddr)
        return ntohl(a->dwRemoteAddr) < ntohl(b->dwRemoteAddr);
    return ntohs((u_short)a->dwRemotePort) <= ntohs((u_short)b->dwRemotePort);
}

static void tcp_table(void)
{
    MIB_TCPTABLE *t = table_of("GetTcpTable", tcp_sorted);
    int sorted = 1;
    char lines[3][80] = {"", "", ""}; /* printed in this order, whatever the ports' order */
    for (DWORD i = 0; i < t->dwNumEntries; i++) {
        MIB_TCPROW *r = &t->table[i];
        if (i)
            sorted &= tcp_before(&t->table[i - 1], r);
        if (r->dwLocalAddr != loop || (r->dwLocalPort >> 16))
            continue;
        unsigned short l = ntohs((u_short)r->dwLocalPort), rp = ntohs((u_short)r->dwRemotePort);
        if (l == lport && r->dwState == MIB_TCP_STATE_LISTEN)
            sprintf(lines[0], "  listener: state %lu, remote %08lx:%u\n", r->dwState, r->dwRemoteAddr, rp);
        if (cport && l == lport && rp == cport)
            sprintf(lines[1], "  accepted side: state %lu, remote is 127.0.0.1: %d\n", r->dwState,
                    r->dwRemoteAddr == loop);
        if (cport && l == cport && rp == lport)
            sprintf(lines[2], "  connecting side: state %lu, remote is 127.0.0.1: %d\n", r->dwState,
                    r->dwRemoteAddr == loop);
    }
    printf("%s%s%s  sorted: %d\n", lines[0], lines[1], lines[2], sorted);
    free(t);
}

static void udp_table(void)
{
    MIB_UDPTABLE *t = table_of("GetUdpTable", udp_sorted);
    int sorted = 1, found = 0;
    for (DWORD i = 0; i < t->dwNumEntries; i++) {
        MIB_UDPROW *r = &t->table[i];
        if (i && t->table[i - 1].dwLocalAddr == r->dwLocalAddr)
            sorted &= ntohs((u_short)t->table[i - 1].dwLocalPort) <= ntohs((u_short)r->dwLocalPort);
        else if (i)
            sorted &= ntohl(t->table[i - 1].dwLocalAddr) < ntohl(r->dwLocalAddr);
        found += r->dwLocalAddr == loop && r->dwLocalPort == htons(uport);
    }
    printf("  own UDP socket found: %d, sorted: %d\n", found, sorted);
    free(t);
}

/* The owner-PID tables, with a class's filter: is each own endpoint in? */
static void extended(void)
{
    static const struct { TCP_TABLE_CLASS cls; const char *name; } classes[] = {
        {TCP_TABLE_OWNER_PID_LISTENER, "OWNER_PID_LISTENER"},
        {TCP_TABLE_OWNER_PID_CONNECTIONS, "OWNER_PID_CONNECTIONS"},
        {TCP_TABLE_OWNER_PID_ALL, "OWNER_PID_ALL"},
        {TCP_TABLE_BASIC_LISTENER, "BASIC_LISTENER"},
    };
    for (int k = 0; k < 4; k++) {
        DWORD size = 0;
        DWORD r = GetExtendedTcpTable(NULL, &size, TRUE, AF_INET, classes[k].cls, 0);
        size += 4096;
        BYTE *t = malloc(size);
        DWORD r2 = GetExtendedTcpTable(t, &size, TRUE, AF_INET, classes[k].cls, 0);
        int listener = 0, conns = 0;
        DWORD n = *(DWORD *)t, stride = k < 3 ? sizeof(MIB_TCPROW_OWNER_PID) : sizeof(MIB_TCPROW);
        for (DWORD i = 0; r2 == 0 && i < n; i++) {
            MIB_TCPROW *row = (MIB_TCPROW *)(t + 4 + i * stride); /* the PID row begins as the basic one */
            if (row->dwLocalAddr != loop)
                continue;
            listener += row->dwLocalPort == htons(lport) && row->dwState == MIB_TCP_STATE_LISTEN;
            conns += (row->dwLocalPort == htons(lport) || row->dwLocalPort == htons(cport)) &&
                     row->dwState == MIB_TCP_STATE_ESTAB;
        }
        printf("GetExtendedTcpTable(%s): %lu then %lu, listener %d, connection ends %d\n", classes[k].name, r, r2,
               listener, conns);
        free(t);
    }
    DWORD size = 0;
    printf("GetExtendedTcpTable(OWNER_MODULE_ALL): %lu\n",
           GetExtendedTcpTable(NULL, &size, FALSE, AF_INET, TCP_TABLE_OWNER_MODULE_ALL, 0));
    printf("GetExtendedTcpTable(family 99): %lu\n",
           GetExtendedTcpTable(NULL, &size, FALSE, 99, TCP_TABLE_OWNER_PID_ALL, 0));
    size = 0;
    DWORD r = GetExtendedUdpTable(NULL, &size, TRUE, AF_INET, UDP_TABLE_OWNER_PID, 0);
    size += 4096;
    MIB_UDPTABLE_OWNER_PID *u = malloc(size);
    DWORD r2 = GetExtendedUdpTable(u, &size, TRUE, AF_INET, UDP_TABLE_OWNER_PID, 0);
    int found = 0;
    for (DWORD i = 0; r2 == 0 && i < u->dwNumEntries; i++)
        found += u->table[i].dwLocalAddr == loop && u->table[i].dwLocalPort == htons(uport);
    printf("GetExtendedUdpTable(OWNER_PID): %lu then %lu, own UDP socket %d\n", r, r2, found);
    free(u);
}

static void to_string(const char *what, void *sa, DWORD salen, DWORD room)
{
    char buf[80];
    DWORD len = room;
    memset(buf, '#', sizeof buf);
    int r = WSAAddressToStringA(sa, salen, NULL, buf, &len);
    if (r == 0)
        printf("WSAAddressToStringA(%s): \"%s\", length %lu\n", what, buf, len);
    else
        printf("WSAAddressToStringA(%s): %d, error %d, length %lu\n", what, r, WSAGetLastError(), len);
}

static void v6(struct sockaddr_in6 *s, const char *text, unsigned short port, ULONG scope)
{
    memset(s, 0, sizeof *s);
    s->sin6_family = AF_INET6;
    s->sin6_port = htons(port);
    s->sin6_scope_id = scope;
    inet_pton(AF_INET6, text, &s->sin6_addr);
}

static void address_to_string(void)
{
    struct sockaddr_in in = {.sin_family = AF_INET};
    struct sockaddr_in6 in6;
    in.sin_addr.s_addr = loop;
    to_string("127.0.0.1 port 0", &in, sizeof in, 80);
    in.sin_addr.s_addr = inet_addr("10.1.2.3");
    in.sin_port = htons(8080);
    to_string("10.1.2.3 port 8080", &in, sizeof in, 80);
    to_string("room 13", &in, sizeof in, 13);
    to_string("room 14", &in, sizeof in, 14);
    to_string("length 8", &in, 8, 80);
    v6(&in6, "::1", 0, 0);
    to_string("::1", &in6, sizeof in6, 80);
    v6(&in6, "fe80::1", 0, 3);
    to_string("fe80::1 scope 3", &in6, sizeof in6, 80);
    v6(&in6, "2001:db8::1", 443, 0);
    to_string("2001:db8::1 port 443", &in6, sizeof in6, 80);
    v6(&in6, "fe80::1", 80, 7);
    to_string("fe80::1 scope 7 port 80", &in6, sizeof in6, 80);
    v6(&in6, "2001:db8:0:0:1:0:0:1", 0, 0);
    to_string("2001:db8:0:0:1:0:0:1", &in6, sizeof in6, 80);
    v6(&in6, "2001:0db8:0000:0001:0000:0000:0000:0001", 0, 0);
    to_string("one zero group, then three", &in6, sizeof in6, 80);
    v6(&in6, "::ffff:10.0.0.1", 0, 0);
    to_string("IPv4-mapped", &in6, sizeof in6, 80);
    to_string("IPv6 length 16", &in6, 16, 80);
    in.sin_family = 99;
    to_string("family 99", &in, sizeof in, 80);
    in.sin_family = AF_INET;
    WCHAR w[40];
    DWORD len = 40;
    int r = WSAAddressToStringW((struct sockaddr *)&in, sizeof in, NULL, w, &len);
    printf("WSAAddressToStringW: %d \"%ls\", length %lu\n", r, w, len);
}

static void from_string(const char *text, int family, int room)
{
    struct sockaddr_in6 sa;
    int len = room;
    memset(&sa, 0xAA, sizeof sa);
    int r = WSAStringToAddressA((char *)text, family, NULL, (struct sockaddr *)&sa, &len);
    if (r != 0) {
        printf("WSAStringToAddressA(\"%s\", %d): %d, error %d, length %d\n", text, family, r, WSAGetLastError(), len);
        return;
    }
    char back[80];
    DWORD blen = sizeof back;
    WSAAddressToStringA((struct sockaddr *)&sa, len, NULL, back, &blen);
    if (sa.sin6_family == AF_INET) {
        struct sockaddr_in *in = (struct sockaddr_in *)&sa;
        printf("WSAStringToAddressA(\"%s\", %d): length %d, port %u, zero padding %d, back: \"%s\"\n", text, family,
               len, ntohs(in->sin_port), !memcmp(in->sin_zero, "\0\0\0\0\0\0\0\0", 8), back);
    } else {
        printf("WSAStringToAddressA(\"%s\", %d): length %d, port %u, scope %lu, flowinfo %lu, back: \"%s\"\n", text,
               family, len, ntohs(sa.sin6_port), sa.sin6_scope_id, sa.sin6_flowinfo, back);
    }
}

static void string_to_address(void)
{
    from_string("192.168.0.1", AF_INET, 16);
    from_string("192.168.0.1:80", AF_INET, 16);
    from_string("192.168.0.1", AF_INET, 15);
    from_string("192.168.0.1:x", AF_INET, 16);
    from_string("not an address", AF_INET, 16);
    from_string("::1", AF_INET6, 28);
    from_string("fe80::1%2", AF_INET6, 28);
    from_string("[fe80::1%2]:8080", AF_INET6, 28);
    from_string("[2001:db8::1]", AF_INET6, 28);
    from_string("::1", AF_INET6, 27);
    from_string("1.2.3.4", AF_INET6, 28);
    from_string("1.2.3.4", 99, 28);
    struct sockaddr_in in;
    int len = sizeof in;
    int r = WSAStringToAddressW(L"10.0.0.1:53", AF_INET, NULL, (struct sockaddr *)&in, &len);
    printf("WSAStringToAddressW(\"10.0.0.1:53\"): %d, %s port %u, length %d\n", r, inet_ntoa(in.sin_addr),
           ntohs(in.sin_port), len);
}

int main(void)
{
    WSADATA wsa;
    if (WSAStartup(MAKEWORD(2, 2), &wsa) != 0)
        return 1;
    struct sockaddr_in sa = {.sin_family = AF_INET};
    sa.sin_addr.s_addr = loop;
    SOCKET l = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP), u = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    if (bind(l, (struct sockaddr *)&sa, sizeof sa) || listen(l, 4) || bind(u, (struct sockaddr *)&sa, sizeof sa)) {
        printf("sockets: error %d\n", WSAGetLastError());
        return 1;
    }
    lport = bound_port(l);
    uport = bound_port(u);
    printf("listening\n");
    tcp_table();
    udp_table();
    SOCKET cl = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    sa.sin_port = htons(lport);
    if (connect(cl, (struct sockaddr *)&sa, sizeof sa)) {
        printf("connect: error %d\n", WSAGetLastError());
        return 1;
    }
    SOCKET acc = accept(l, NULL, NULL);
    cport = bound_port(cl);
    printf("connected\n");
    tcp_table();
    extended();
    MIB_TCPSTATS ts;
    MIB_UDPSTATS us;
    DWORD r = GetTcpStatistics(&ts);
    printf("GetTcpStatistics: %lu, established >= 2: %d, connections >= 3: %d, active opens >= 1: %d\n", r,
           ts.dwCurrEstab >= 2, ts.dwNumConns >= 3, ts.dwActiveOpens >= 1);
    r = GetUdpStatistics(&us);
    printf("GetUdpStatistics: %lu, addresses >= 1: %d; NULL: %lu\n", r, us.dwNumAddrs >= 1, GetUdpStatistics(NULL));
    address_to_string();
    string_to_address();
    closesocket(acc);
    closesocket(cl);
    closesocket(l);
    closesocket(u);
    WSACleanup();
    return 0;
}
