/* The TCP and UDP endpoint tables (GetTcpTable, GetUdpTable, their IPv6
 * forms and GetExtendedTcpTable/GetExtendedUdpTable), read fresh from the
 * host's /proc/net/{tcp,tcp6,udp,udp6}. Owning PIDs are 0: the host's
 * socket inode -> process mapping is not looked up. GetTcpStatistics and
 * GetUdpStatistics from /proc/net/snmp. */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "syscalls/api.h"
#include "syscalls/iphlpapi/api_args.h"
#include "syscalls/iphlpapi/struct32.h"
#include "syscalls/win32_errors.h"

#define AF_INET32 2u
#define AF_INET6_32 23u

/* MIB_TCP_STATE */
#define MIB_TCP_STATE_CLOSED 1u
#define MIB_TCP_STATE_LISTEN 2u

/* TCP_TABLE_CLASS and UDP_TABLE_CLASS */
enum { TCP_BASIC_LISTENER, TCP_BASIC_CONNECTIONS, TCP_BASIC_ALL, TCP_PID_LISTENER, TCP_PID_CONNECTIONS, TCP_PID_ALL };
enum { UDP_BASIC, UDP_PID };

struct conn {
    uint8_t laddr[16], raddr[16]; /* network order; IPv4 in the first 4 */
    uint16_t lport, rport;        /* host order */
    uint32_t state;               /* MIB_TCP_STATE; 0 for UDP */
};

struct conns {
    struct conn *v;
    uint32_t n, cap;
};

/* Linux's TCP states (include/net/tcp_states.h, 1..11) as MIB_TCP_STATE */
static uint32_t tcp_state(unsigned linux_state)
{
    static const uint8_t map[12] = {0, 5 /* ESTABLISHED */, 3 /* SYN_SENT */, 4 /* SYN_RECV */,
                                    6 /* FIN_WAIT1 */, 7 /* FIN_WAIT2 */, 11 /* TIME_WAIT */,
                                    1 /* CLOSE */, 8 /* CLOSE_WAIT */, 10 /* LAST_ACK */,
                                    2 /* LISTEN */, 9 /* CLOSING */};
    return linux_state < 12 && map[linux_state] ? map[linux_state] : MIB_TCP_STATE_CLOSED;
}

/* "0100007F:0277": the address as the kernel prints it, 32-bit words with
 * %08X of their in-memory value (so each word's bytes come back in memory
 * order on this little-endian host), then the port in host order. */
static bool parse_endpoint(const char *s, unsigned words, uint8_t *addr, uint16_t *port)
{
    for (unsigned w = 0; w < words; w++) {
        char hex[9];
        memcpy(hex, s + 8 * w, 8);
        hex[8] = 0;
        char *end;
        uint32_t v = (uint32_t)strtoul(hex, &end, 16);
        if (*end)
            return false;
        memcpy(addr + 4 * w, &v, 4);
    }
    s += 8 * words;
    if (*s != ':')
        return false;
    char *end;
    unsigned long p = strtoul(s + 1, &end, 16);
    *port = (uint16_t)p;
    return end != s + 1 && p <= 0xFFFF;
}

/* Appends the file's endpoints; false if it cannot be read (no IPv6 on
 * the host, for one: then the table is just empty for the caller). */
static bool read_proc(struct conns *cs, const char *path, bool v6, bool tcp)
{
    FILE *f = fopen(path, "re");
    if (!f)
        return false;
    char line[512], local[64], remote[64];
    unsigned st;
    bool header = true;
    while (fgets(line, sizeof line, f)) {
        if (header) {
            header = false;
            continue;
        }
        if (sscanf(line, " %*u: %63s %63s %x", local, remote, &st) != 3)
            continue;
        struct conn c = {0};
        if (!parse_endpoint(local, v6 ? 4 : 1, c.laddr, &c.lport) ||
            !parse_endpoint(remote, v6 ? 4 : 1, c.raddr, &c.rport))
            continue;
        c.state = tcp ? tcp_state(st) : 0;
        if (cs->n == cs->cap) {
            uint32_t cap = cs->cap ? 2 * cs->cap : 64;
            struct conn *v = realloc(cs->v, cap * sizeof *v);
            if (!v)
                break;
            cs->v = v;
            cs->cap = cap;
        }
        cs->v[cs->n++] = c;
    }
    fclose(f);
    return true;
}

/* Windows's order with bOrder: local address, local port, remote address,
 * remote port, each compared as the number it is in network order. */
static int by_endpoints(const void *a, const void *b)
{
    const struct conn *x = a, *y = b;
    int d = memcmp(x->laddr, y->laddr, 16);
    if (d)
        return d;
    if (x->lport != y->lport)
        return x->lport < y->lport ? -1 : 1;
    d = memcmp(x->raddr, y->raddr, 16);
    if (d)
        return d;
    return x->rport < y->rport ? -1 : x->rport > y->rport;
}

static uint32_t port32(uint16_t port) { return htons(port); }

enum row_kind { TCP4, TCP4_PID, TCP6, TCP6_PID, UDP4, UDP4_PID, UDP6, UDP6_PID };

static const uint32_t row_size[] = {
    [TCP4] = sizeof(MIB_TCPROW32), [TCP4_PID] = sizeof(MIB_TCPROW_OWNER_PID32),
    [TCP6] = sizeof(MIB_TCP6ROW32), [TCP6_PID] = sizeof(MIB_TCP6ROW_OWNER_PID32),
    [UDP4] = sizeof(MIB_UDPROW32), [UDP4_PID] = sizeof(MIB_UDPROW_OWNER_PID32),
    [UDP6] = sizeof(MIB_UDP6ROW32), [UDP6_PID] = sizeof(MIB_UDP6ROW_OWNER_PID32),
};

/* One row in the kind's layout into out (row_size bytes). */
static void row_fill(enum row_kind k, const struct conn *c, void *out)
{
    memset(out, 0, row_size[k]);
    uint32_t la, ra;
    memcpy(&la, c->laddr, 4);
    memcpy(&ra, c->raddr, 4);
    switch (k) {
    case TCP4:
    case TCP4_PID: { /* the PID row is the basic row and a 0 PID */
        MIB_TCPROW32 *r = out;
        *r = (MIB_TCPROW32){c->state, la, port32(c->lport), ra, port32(c->rport)};
        break;
    }
    case TCP6: {
        MIB_TCP6ROW32 *r = out;
        r->State = c->state;
        memcpy(r->LocalAddr, c->laddr, 16);
        memcpy(r->RemoteAddr, c->raddr, 16);
        r->dwLocalPort = port32(c->lport);
        r->dwRemotePort = port32(c->rport);
        break;
    }
    case TCP6_PID: {
        MIB_TCP6ROW_OWNER_PID32 *r = out;
        memcpy(r->ucLocalAddr, c->laddr, 16);
        memcpy(r->ucRemoteAddr, c->raddr, 16);
        r->dwLocalPort = port32(c->lport);
        r->dwRemotePort = port32(c->rport);
        r->dwState = c->state;
        break;
    }
    case UDP4:
    case UDP4_PID: {
        MIB_UDPROW32 *r = out;
        *r = (MIB_UDPROW32){la, port32(c->lport)};
        break;
    }
    case UDP6:
    case UDP6_PID: { /* MIB_UDP6ROW_OWNER_PID begins as MIB_UDP6ROW */
        MIB_UDP6ROW32 *r = out;
        memcpy(r->dwLocalAddr, c->laddr, 16);
        r->dwLocalPort = port32(c->lport);
        break;
    }
    }
}

/* Which TCP rows a table class keeps */
enum which { ALL, LISTENERS, CONNECTIONS };

/* The tables' common part: the caller's room (*sizep), the host's
 * endpoints, the size needed (ERROR_INSUFFICIENT_BUFFER with it when the
 * table is missing or too small), then the count and the rows. */
static uint32_t conn_table(enum row_kind k, enum which which, gaddr table, gaddr sizep, bool order)
{
    uint32_t room;
    if (!sizep || !gm_read_u32(sizep, &room))
        return ERROR_INVALID_PARAMETER;
    bool tcp = k <= TCP6_PID, v6 = k == TCP6 || k == TCP6_PID || k == UDP6 || k == UDP6_PID;
    char path[32];
    snprintf(path, sizeof path, "/proc/net/%s%s", tcp ? "tcp" : "udp", v6 ? "6" : "");
    struct conns cs = {0};
    if (!read_proc(&cs, path, v6, tcp) && !v6)
        return ERROR_NOT_SUPPORTED;
    uint32_t n = 0;
    for (uint32_t i = 0; i < cs.n; i++) {
        bool listening = cs.v[i].state == MIB_TCP_STATE_LISTEN;
        if (which == ALL || (which == LISTENERS) == listening)
            cs.v[n++] = cs.v[i];
    }
    uint32_t need = 4u + n * row_size[k], ret = ERROR_SUCCESS;
    if (!table || room < need) {
        ret = gm_write_u32(sizep, need) ? ERROR_INSUFFICIENT_BUFFER : ERROR_INVALID_PARAMETER;
    } else {
        if (order && n)
            qsort(cs.v, n, sizeof cs.v[0], by_endpoints);
        uint8_t *buf = calloc(1, need);
        if (!buf) {
            ret = ERROR_NOT_ENOUGH_MEMORY;
        } else {
            memcpy(buf, &n, 4);
            for (uint32_t i = 0; i < n; i++)
                row_fill(k, &cs.v[i], buf + 4 + i * row_size[k]);
            ret = gm_write(table, buf, need) ? ERROR_SUCCESS : ERROR_INVALID_PARAMETER;
            free(buf);
        }
    }
    free(cs.v);
    return ret;
}

uint64_t iphlpapi_GetTcpTable(struct thunk_call *c)
{
    API_ARGS(iphlpapi, GetTcpTable, a);
    return conn_table(TCP4, ALL, a.TcpTable, a.SizePointer, a.Order != 0);
}

uint64_t iphlpapi_GetTcp6Table(struct thunk_call *c)
{
    API_ARGS(iphlpapi, GetTcp6Table, a);
    return conn_table(TCP6, ALL, a.TcpTable, a.SizePointer, a.Order != 0);
}

uint64_t iphlpapi_GetUdpTable(struct thunk_call *c)
{
    API_ARGS(iphlpapi, GetUdpTable, a);
    return conn_table(UDP4, ALL, a.UdpTable, a.SizePointer, a.Order != 0);
}

uint64_t iphlpapi_GetUdp6Table(struct thunk_call *c)
{
    API_ARGS(iphlpapi, GetUdp6Table, a);
    return conn_table(UDP6, ALL, a.Udp6Table, a.SizePointer, a.Order != 0);
}

/* The basic classes for AF_INET and the owner-PID classes for both
 * families; the owner-module classes and the basic ones for AF_INET6
 * are not carried (ERROR_NOT_SUPPORTED). */
uint64_t iphlpapi_GetExtendedTcpTable(struct thunk_call *c)
{
    API_ARGS(iphlpapi, GetExtendedTcpTable, a);
    if (a.ulAf != AF_INET32 && a.ulAf != AF_INET6_32)
        return ERROR_INVALID_PARAMETER;
    bool v6 = a.ulAf == AF_INET6_32;
    int cls = a.TableClass;
    if (cls < TCP_BASIC_LISTENER || cls > TCP_PID_ALL || (v6 && cls < TCP_PID_LISTENER))
        return ERROR_NOT_SUPPORTED;
    static const enum which which[] = {LISTENERS, CONNECTIONS, ALL, LISTENERS, CONNECTIONS, ALL};
    enum row_kind k = cls >= TCP_PID_LISTENER ? (v6 ? TCP6_PID : TCP4_PID) : TCP4;
    return conn_table(k, which[cls], a.pTcpTable, a.pdwSize, a.bOrder != 0);
}

uint64_t iphlpapi_GetExtendedUdpTable(struct thunk_call *c)
{
    API_ARGS(iphlpapi, GetExtendedUdpTable, a);
    if (a.ulAf != AF_INET32 && a.ulAf != AF_INET6_32)
        return ERROR_INVALID_PARAMETER;
    bool v6 = a.ulAf == AF_INET6_32;
    if (a.TableClass != UDP_PID && (a.TableClass != UDP_BASIC || v6))
        return ERROR_NOT_SUPPORTED;
    enum row_kind k = a.TableClass == UDP_PID ? (v6 ? UDP6_PID : UDP4_PID) : UDP4;
    return conn_table(k, ALL, a.pUdpTable, a.pdwSize, a.bOrder != 0);
}

/* ------------------------------------------------------------ statistics */

/* The values of /proc/net/snmp's "<proto>:" lines (a names line, then a
 * values line) in order; how many were read, 0 if none. */
static unsigned snmp_values(const char *proto, uint32_t *v, unsigned max)
{
    FILE *f = fopen("/proc/net/snmp", "re");
    if (!f)
        return 0;
    char line[1024];
    size_t plen = strlen(proto);
    unsigned n = 0, seen = 0;
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, proto, plen) || line[plen] != ':' || ++seen < 2)
            continue;
        char *p = line + plen + 1, *end;
        for (long long x; n < max && (x = strtoll(p, &end, 10), end != p); p = end)
            v[n++] = (uint32_t)x; /* RtoMax/MaxConn are -1 on Linux: as DWORD, all ones */
        break;
    }
    fclose(f);
    return n;
}

/* How many rows a /proc/net table has (for dwNumConns, dwNumAddrs). */
static uint32_t endpoint_count(const char *path, bool tcp)
{
    struct conns cs = {0};
    read_proc(&cs, path, false, tcp);
    free(cs.v);
    return cs.n;
}

/* MIB_TCPSTATS: Linux's Tcp counters come in the same order as its first
 * 14 DWORDs; dwNumConns is the IPv4 TCP table's size. */
uint64_t iphlpapi_GetTcpStatistics(struct thunk_call *c)
{
    API_ARGS(iphlpapi, GetTcpStatistics, a);
    uint32_t v[15] = {0};
    if (!a.Statistics)
        return ERROR_INVALID_PARAMETER;
    if (snmp_values("Tcp", v, 14) < 14)
        return ERROR_NOT_SUPPORTED;
    v[14] = endpoint_count("/proc/net/tcp", true);
    return gm_write(a.Statistics, v, sizeof v) ? ERROR_SUCCESS : ERROR_INVALID_PARAMETER;
}

/* MIB_UDPSTATS: InDatagrams, NoPorts, InErrors, OutDatagrams as Linux
 * has them first, then the IPv4 UDP table's size. */
uint64_t iphlpapi_GetUdpStatistics(struct thunk_call *c)
{
    API_ARGS(iphlpapi, GetUdpStatistics, a);
    uint32_t v[5] = {0};
    if (!a.Stats)
        return ERROR_INVALID_PARAMETER;
    if (snmp_values("Udp", v, 4) < 4)
        return ERROR_NOT_SUPPORTED;
    v[4] = endpoint_count("/proc/net/udp", false);
    return gm_write(a.Stats, v, sizeof v) ? ERROR_SUCCESS : ERROR_INVALID_PARAMETER;
}
