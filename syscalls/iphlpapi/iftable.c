/* The MIB-II interface and address tables (GetIfTable, GetIfEntry,
 * GetIpAddrTable), the interface count
 * and the interface a destination is reached through, from the host's
 * interfaces (host_if.c) and its routing (a connected UDP socket). */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "syscalls/api.h"
#include "syscalls/iphlpapi/api_args.h"
#include "syscalls/iphlpapi/host_if.h"
#include "syscalls/iphlpapi/struct32.h"
#include "syscalls/win32_errors.h"

#ifndef ERROR_CAN_NOT_COMPLETE
#define ERROR_CAN_NOT_COMPLETE 1003u
#endif

/* MIB_IF_ADMIN_STATUS_*, INTERNAL_IF_OPER_STATUS */
#define IF_ADMIN_UP 1u
#define IF_ADMIN_DOWN 2u
#define IF_OPER_NON_OPERATIONAL 0u
#define IF_OPER_OPERATIONAL 5u

static uint32_t clamp32(uint64_t v) { return v > 0xFFFFFFFFu ? 0xFFFFFFFFu : (uint32_t)v; }

static void row_fill(MIB_IFROW32 *r, const struct host_if *hi)
{
    bool loop = hi->type == IF_TYPE_SOFTWARE_LOOPBACK32;
    char name[MAX_INTERFACE_NAME_LEN32];
    snprintf(name, sizeof name, "\\DEVICE\\TCPIP_%s", hi->guid);
    memset(r, 0, sizeof *r);
    for (size_t i = 0; name[i]; i++)
        r->wszName[i] = (uint8_t)name[i];
    r->dwIndex = hi->index;
    r->dwType = hi->type;
    r->dwMtu = loop ? 0xFFFFFFFFu : hi->mtu;
    r->dwSpeed = clamp32(hi->speed_bps);
    r->dwPhysAddrLen = hi->mac_len;
    memcpy(r->bPhysAddr, hi->mac, hi->mac_len);
    r->dwAdminStatus = hi->up ? IF_ADMIN_UP : IF_ADMIN_DOWN;
    r->dwOperStatus = hi->up && (hi->running || loop) ? IF_OPER_OPERATIONAL : IF_OPER_NON_OPERATIONAL;
    r->dwInOctets = (uint32_t)hi->rx_bytes; /* MIB-II counters wrap at 32 bits */
    r->dwInUcastPkts = (uint32_t)(hi->rx_packets - hi->rx_multicast);
    r->dwInNUcastPkts = (uint32_t)hi->rx_multicast;
    r->dwInDiscards = (uint32_t)hi->rx_dropped;
    r->dwInErrors = (uint32_t)hi->rx_errors;
    r->dwOutOctets = (uint32_t)hi->tx_bytes;
    r->dwOutUcastPkts = (uint32_t)hi->tx_packets;
    r->dwOutDiscards = (uint32_t)hi->tx_dropped;
    r->dwOutErrors = (uint32_t)hi->tx_errors;
    const char *descr = loop ? "Software Loopback Interface 1" : hi->name;
    r->dwDescrLen = (uint32_t)strlen(descr) + 1; /* the NUL counts, as on Windows */
    memcpy(r->bDescr, descr, r->dwDescrLen);
}

static int by_index(const void *a, const void *b)
{
    const struct host_if *x = a, *y = b;
    return x->index < y->index ? -1 : x->index > y->index;
}

/* *pdwSize in: the room; too small or no table: the size needed and
 * ERROR_INSUFFICIENT_BUFFER (not BUFFER_OVERFLOW, unlike the adapter
 * functions). */
static uint32_t if_table(struct host_net *net, gaddr table, gaddr sizep, uint32_t room, bool order)
{
    uint32_t need = 4u + net->nifs * (uint32_t)sizeof(MIB_IFROW32);
    if (!table || room < need)
        return gm_write_u32(sizep, need) ? ERROR_INSUFFICIENT_BUFFER : ERROR_INVALID_PARAMETER;
    if (order)
        qsort(net->ifs, net->nifs, sizeof net->ifs[0], by_index);
    if (!gm_write_u32(table, net->nifs))
        return ERROR_INVALID_PARAMETER;
    for (unsigned i = 0; i < net->nifs; i++) {
        MIB_IFROW32 row;
        row_fill(&row, &net->ifs[i]);
        if (!gm_write(table + 4u + i * (uint32_t)sizeof row, &row, sizeof row))
            return ERROR_INVALID_PARAMETER;
    }
    return ERROR_SUCCESS;
}

typedef uint32_t table_fill(struct host_net *net, gaddr table, gaddr sizep, uint32_t room, bool order);

/* The table functions' common part: the caller's room, the host's
 * interfaces read fresh, then the table. */
static uint32_t host_table(table_fill *fill, gaddr table, gaddr sizep, bool order)
{
    uint32_t room;
    if (!sizep || !gm_read_u32(sizep, &room))
        return ERROR_INVALID_PARAMETER;
    struct host_net *net = host_net_read();
    if (!net)
        return ERROR_NOT_SUPPORTED;
    uint32_t ret = fill(net, table, sizep, room, order);
    free(net);
    return ret;
}

uint64_t iphlpapi_GetIfTable(struct thunk_call *c)
{
    API_ARGS(iphlpapi, GetIfTable, a);
    return host_table(if_table, a.pIfTable, a.pdwSize, a.bOrder != 0);
}

/* The row whose dwIndex the caller set; ERROR_INVALID_DATA for an index
 * no interface has. */
uint64_t iphlpapi_GetIfEntry(struct thunk_call *c)
{
    API_ARGS(iphlpapi, GetIfEntry, a);
    uint32_t index;
    if (!a.pIfRow || !gm_read_u32(a.pIfRow + (gaddr)offsetof(MIB_IFROW32, dwIndex), &index))
        return ERROR_INVALID_PARAMETER;
    struct host_net *net = host_net_read();
    if (!net)
        return ERROR_NOT_SUPPORTED;
    uint32_t ret = ERROR_INVALID_DATA;
    for (unsigned i = 0; i < net->nifs; i++) {
        if (net->ifs[i].index != index)
            continue;
        MIB_IFROW32 row;
        row_fill(&row, &net->ifs[i]);
        ret = gm_write(a.pIfRow, &row, sizeof row) ? ERROR_SUCCESS : ERROR_INVALID_PARAMETER;
        break;
    }
    free(net);
    return ret;
}

uint64_t iphlpapi_GetNumberOfInterfaces(struct thunk_call *c)
{
    API_ARGS(iphlpapi, GetNumberOfInterfaces, a);
    if (!a.pdwNumIf)
        return ERROR_INVALID_PARAMETER;
    struct host_net *net = host_net_read();
    if (!net)
        return ERROR_NOT_SUPPORTED;
    bool ok = gm_write_u32(a.pdwNumIf, net->nifs);
    free(net);
    return ok ? ERROR_SUCCESS : ERROR_INVALID_PARAMETER;
}

/* ------------------------------------------------------------------ GetIpAddrTable */

#define MIB_IPADDR_PRIMARY 0x0001u

static int by_address(const void *a, const void *b)
{
    const MIB_IPADDRROW32 *x = a, *y = b;
    return x->dwAddr < y->dwAddr ? -1 : x->dwAddr > y->dwAddr;
}

/* Every IPv4 address with its interface and mask. dwBCastAddr is 1 and
 * dwReasmSize 65535, the values Windows puts there. */
static uint32_t ip_addr_table(struct host_net *net, gaddr table, gaddr sizep, uint32_t room, bool order)
{
    MIB_IPADDRROW32 rows[HOST_IF_MAX * HOST_IF_MAX_ADDRS];
    uint32_t n = 0;
    for (unsigned i = 0; i < net->nifs; i++)
        for (unsigned k = 0; k < net->ifs[i].naddrs; k++) {
            const struct host_addr *ha = &net->ifs[i].addrs[k];
            if (ha->family != AF_INET)
                continue;
            unsigned p = ha->prefix_len;
            rows[n++] = (MIB_IPADDRROW32){.dwAddr = ha->addr.v4.s_addr, .dwIndex = net->ifs[i].index,
                                          .dwMask = htonl(p ? 0xFFFFFFFFu << (32 - p) : 0), .dwBCastAddr = 1,
                                          .dwReasmSize = 65535, .wType = MIB_IPADDR_PRIMARY};
        }
    uint32_t need = 4u + n * (uint32_t)sizeof rows[0];
    if (!table || room < need)
        return gm_write_u32(sizep, need) ? ERROR_INSUFFICIENT_BUFFER : ERROR_INVALID_PARAMETER;
    if (order)
        qsort(rows, n, sizeof rows[0], by_address);
    if (!gm_write_u32(table, n) || !gm_write(table + 4u, rows, n * sizeof rows[0]))
        return ERROR_INVALID_PARAMETER;
    return ERROR_SUCCESS;
}

uint64_t iphlpapi_GetIpAddrTable(struct thunk_call *c)
{
    API_ARGS(iphlpapi, GetIpAddrTable, a);
    return host_table(ip_addr_table, a.pIpAddrTable, a.pdwSize, a.bOrder != 0);
}

/* The host's routing decides: a UDP socket connected to the destination
 * (no packet is sent) has the source address of the route, and the
 * interface holding that address is the answer. */
uint64_t iphlpapi_GetBestInterface(struct thunk_call *c)
{
    API_ARGS(iphlpapi, GetBestInterface, a);
    if (!a.pdwBestIfIndex)
        return ERROR_INVALID_PARAMETER;
    int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (s < 0)
        return ERROR_CAN_NOT_COMPLETE;
    struct sockaddr_in dst = {.sin_family = AF_INET, .sin_port = htons(9), .sin_addr.s_addr = a.dwDestAddr};
    struct sockaddr_in src;
    socklen_t len = sizeof src;
    bool routed = connect(s, (struct sockaddr *)&dst, sizeof dst) == 0 &&
                  getsockname(s, (struct sockaddr *)&src, &len) == 0;
    close(s);
    if (!routed)
        return ERROR_CAN_NOT_COMPLETE;
    struct host_net *net = host_net_read();
    if (!net)
        return ERROR_CAN_NOT_COMPLETE;
    uint32_t index = 0;
    for (unsigned i = 0; i < net->nifs && !index; i++)
        for (unsigned k = 0; k < net->ifs[i].naddrs; k++) {
            const struct host_addr *ha = &net->ifs[i].addrs[k];
            if (ha->family == AF_INET && ha->addr.v4.s_addr == src.sin_addr.s_addr)
                index = net->ifs[i].index;
        }
    free(net);
    if (!index)
        return ERROR_CAN_NOT_COMPLETE;
    return gm_write_u32(a.pdwBestIfIndex, index) ? ERROR_SUCCESS : ERROR_INVALID_PARAMETER;
}
