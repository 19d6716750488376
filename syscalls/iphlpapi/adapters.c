/* GetAdaptersInfo and GetAdaptersAddresses over the host's interfaces
 * (host_if.c), with Windows' buffer-size protocol: the size needed goes
 * back with ERROR_BUFFER_OVERFLOW when the caller's buffer is missing or
 * too small, ERROR_NO_DATA when there is nothing to list. */
#include <arpa/inet.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "syscalls/api.h"
#include "syscalls/iphlpapi/api_args.h"
#include "syscalls/iphlpapi/host_if.h"
#include "syscalls/iphlpapi/out_buf.h"
#include "syscalls/iphlpapi/struct32.h"
#include "syscalls/win32_errors.h"
#include "syscalls/ws2_32/sockaddr.h"

/* GetAdaptersAddresses flags (iptypes.h) */
#define GAA_FLAG_SKIP_UNICAST       0x0001u
#define GAA_FLAG_SKIP_DNS_SERVER    0x0008u
#define GAA_FLAG_INCLUDE_PREFIX     0x0010u
#define GAA_FLAG_SKIP_FRIENDLY_NAME 0x0020u
#define GAA_FLAG_INCLUDE_GATEWAYS   0x0080u
/* IP_ADAPTER_ADDRESSES.Flags */
#define IP_ADAPTER_DDNS_ENABLED  0x0001u
#define IP_ADAPTER_IPV4_ENABLED  0x0080u
#define IP_ADAPTER_IPV6_ENABLED  0x0100u
/* NL_PREFIX_ORIGIN, NL_SUFFIX_ORIGIN, NL_DAD_STATE, IF_OPER_STATUS */
#define IP_ORIGIN_MANUAL 1u
#define IP_ORIGIN_WELL_KNOWN 2u
#define IP_SUFFIX_LINK_LAYER 4u
#define IP_DAD_PREFERRED 4u
#define IF_OPER_UP 1u
#define IF_OPER_DOWN 2u
#define NET_IF_CONNECTION_DEDICATED 1u
#define INFINITE_LIFETIME 0xFFFFFFFFu

/* ------------------------------------------------------------------ GetAdaptersInfo */

static uint32_t info_size(const struct host_if *hi)
{
    unsigned n = host_if_count(hi, AF_INET);
    return (uint32_t)sizeof(IP_ADAPTER_INFO32) + (n > 1 ? n - 1 : 0) * (uint32_t)sizeof(IP_ADDR_STRING32);
}

static void addr_string(IP_ADDR_STRING32 *s, struct in_addr a, unsigned prefix)
{
    host_ipv4_text(a, s->IpAddress);
    host_mask_text(prefix, s->IpMask);
}

/* One adapter at off; its extra IPv4 addresses follow it. */
static void info_fill(struct out_buf *b, uint32_t off, const struct host_if *hi)
{
    IP_ADAPTER_INFO32 *ai = ob_at(b, off);
    ai->ComboIndex = ai->Index = hi->index;
    snprintf(ai->AdapterName, sizeof ai->AdapterName, "%s", hi->guid);
    snprintf(ai->Description, sizeof ai->Description, "%s", hi->name);
    ai->AddressLength = hi->mac_len;
    memcpy(ai->Address, hi->mac, hi->mac_len);
    ai->Type = hi->type;
    ai->CurrentIpAddress = 0;
    struct in_addr none = {0};
    addr_string(&ai->IpAddressList, none, 0);
    addr_string(&ai->GatewayList, hi->gateway, hi->gateway.s_addr ? 32 : 0);
    if (!hi->gateway.s_addr)
        strcpy(ai->GatewayList.IpMask, "0.0.0.0");
    IP_ADDR_STRING32 *last = NULL;
    for (unsigned i = 0; i < hi->naddrs; i++) {
        const struct host_addr *ha = &hi->addrs[i];
        if (ha->family != AF_INET)
            continue;
        IP_ADDR_STRING32 *s;
        if (!last) {
            s = &ai->IpAddressList;
        } else {
            uint32_t soff = ob_take(b, sizeof *s, 4);
            s = ob_at(b, soff);
            last->Next = ob_addr(b, soff);
        }
        addr_string(s, ha->addr.v4, ha->prefix_len);
        last = s;
    }
}

static uint32_t adapters_info(const struct host_net *net, gaddr out, gaddr sizep, uint32_t room)
{
    uint32_t need = 0, count = 0;
    for (unsigned i = 0; i < net->nifs; i++)
        if (net->ifs[i].type != IF_TYPE_SOFTWARE_LOOPBACK32) /* not listed by this API on Windows */
            need += info_size(&net->ifs[i]), count++;
    if (!count)
        return ERROR_NO_DATA;
    if (!out || room < need)
        return gm_write_u32(sizep, need) ? ERROR_BUFFER_OVERFLOW : ERROR_INVALID_PARAMETER;
    struct out_buf b = {calloc(1, need), need, 0, out};
    if (!b.data)
        return ERROR_NOT_ENOUGH_MEMORY;
    uint32_t prev = UINT32_MAX;
    for (unsigned i = 0; i < net->nifs; i++) {
        if (net->ifs[i].type == IF_TYPE_SOFTWARE_LOOPBACK32)
            continue;
        uint32_t off = ob_take(&b, sizeof(IP_ADAPTER_INFO32), 8);
        if (prev != UINT32_MAX)
            ((IP_ADAPTER_INFO32 *)ob_at(&b, prev))->Next = ob_addr(&b, off);
        info_fill(&b, off, &net->ifs[i]);
        prev = off;
    }
    bool ok = gm_write(out, b.data, b.used);
    free(b.data);
    return ok ? ERROR_SUCCESS : ERROR_INVALID_PARAMETER;
}

uint64_t iphlpapi_GetAdaptersInfo(struct thunk_call *c)
{
    API_ARGS(iphlpapi, GetAdaptersInfo, a);
    uint32_t room;
    if (!a.SizePointer || !gm_read_u32(a.SizePointer, &room))
        return ERROR_INVALID_PARAMETER;
    struct host_net *net = host_net_read();
    if (!net)
        return ERROR_NO_DATA;
    uint32_t ret = adapters_info(net, a.AdapterInfo, a.SizePointer, room);
    free(net);
    return ret;
}

/* ------------------------------------------------------------------ GetAdaptersAddresses */

/* A Windows sockaddr of the address in the buffer; its SOCKET_ADDRESS. */
static SOCKET_ADDRESS32 put_sockaddr(struct out_buf *b, const struct host_addr *ha, uint32_t scope)
{
    struct sockaddr_storage ss;
    memset(&ss, 0, sizeof ss);
    if (ha->family == AF_INET) {
        struct sockaddr_in *in = (struct sockaddr_in *)&ss;
        in->sin_family = AF_INET;
        in->sin_addr = ha->addr.v4;
    } else {
        struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&ss;
        in6->sin6_family = AF_INET6;
        in6->sin6_addr = ha->addr.v6;
        in6->sin6_scope_id = scope;
    }
    uint8_t buf[32];
    int32_t n = ws_sockaddr_to32((const struct sockaddr *)&ss, buf);
    uint32_t off = ob_take(b, (uint32_t)n, 4);
    memcpy(ob_at(b, off), buf, (size_t)n);
    return (SOCKET_ADDRESS32){ob_addr(b, off), n};
}

static bool link_local(const struct host_addr *ha)
{
    return ha->family == AF_INET6 && IN6_IS_ADDR_LINKLOCAL(&ha->addr.v6);
}

/* Appends an entry of size n to the chain whose last Next field is at
 * *link_off (UINT32_MAX: the head field at head_off); its offset. */
static uint32_t chain_add(struct out_buf *b, uint32_t n, uint32_t head_off, uint32_t *link_off)
{
    uint32_t off = ob_take(b, n, 8);
    uint32_t *field = ob_at(b, *link_off == UINT32_MAX ? head_off : *link_off);
    *field = ob_addr(b, off);
    *link_off = off + (uint32_t)offsetof(IP_ADAPTER_ADDRESS_ENTRY32, Next);
    ((uint32_t *)ob_at(b, off))[0] = n; /* Length */
    return off;
}

static void add_unicasts(struct out_buf *b, uint32_t aoff, const struct host_if *hi, int family)
{
    uint32_t link = UINT32_MAX;
    bool loop = hi->type == IF_TYPE_SOFTWARE_LOOPBACK32;
    for (unsigned i = 0; i < hi->naddrs; i++) {
        const struct host_addr *ha = &hi->addrs[i];
        if (family != AF_UNSPEC && ha->family != family)
            continue;
        uint32_t off = chain_add(b, sizeof(IP_ADAPTER_UNICAST_ADDRESS32),
                                 aoff + (uint32_t)offsetof(IP_ADAPTER_ADDRESSES32, FirstUnicastAddress), &link);
        SOCKET_ADDRESS32 sa = put_sockaddr(b, ha, link_local(ha) ? hi->index : 0);
        IP_ADAPTER_UNICAST_ADDRESS32 *u = ob_at(b, off);
        u->Address = sa;
        u->PrefixOrigin = loop || link_local(ha) ? IP_ORIGIN_WELL_KNOWN : IP_ORIGIN_MANUAL;
        u->SuffixOrigin = loop ? IP_ORIGIN_WELL_KNOWN : link_local(ha) ? IP_SUFFIX_LINK_LAYER : IP_ORIGIN_MANUAL;
        u->DadState = IP_DAD_PREFERRED;
        u->ValidLifetime = u->PreferredLifetime = u->LeaseLifetime = INFINITE_LIFETIME;
        u->OnLinkPrefixLength = ha->prefix_len;
    }
}

/* The network prefix of each address (Windows adds host and broadcast
 * prefixes too; wowbox lists the network ones). */
static void add_prefixes(struct out_buf *b, uint32_t aoff, const struct host_if *hi, int family)
{
    uint32_t link = UINT32_MAX;
    for (unsigned i = 0; i < hi->naddrs; i++) {
        struct host_addr net = hi->addrs[i];
        if (family != AF_UNSPEC && net.family != family)
            continue;
        uint8_t *bytes = net.family == AF_INET ? (uint8_t *)&net.addr.v4 : (uint8_t *)&net.addr.v6;
        unsigned total = net.family == AF_INET ? 32 : 128;
        for (unsigned bit = net.prefix_len; bit < total; bit++)
            bytes[bit / 8] &= (uint8_t)~(0x80u >> (bit % 8));
        uint32_t off = chain_add(b, sizeof(IP_ADAPTER_PREFIX32),
                                 aoff + (uint32_t)offsetof(IP_ADAPTER_ADDRESSES32, FirstPrefix), &link);
        SOCKET_ADDRESS32 sa = put_sockaddr(b, &net, 0);
        IP_ADAPTER_PREFIX32 *p = ob_at(b, off);
        p->Address = sa;
        p->PrefixLength = net.prefix_len;
    }
}

static void add_entries(struct out_buf *b, uint32_t head_off, const struct host_addr *list, unsigned n, int family)
{
    uint32_t link = UINT32_MAX;
    for (unsigned i = 0; i < n; i++) {
        if (family != AF_UNSPEC && list[i].family != family)
            continue;
        uint32_t off = chain_add(b, sizeof(IP_ADAPTER_ADDRESS_ENTRY32), head_off, &link);
        SOCKET_ADDRESS32 sa = put_sockaddr(b, &list[i], 0);
        ((IP_ADAPTER_ADDRESS_ENTRY32 *)ob_at(b, off))->Address = sa;
    }
}

static bool listed(const struct host_if *hi, int family)
{
    return family == AF_UNSPEC || host_if_count(hi, family) > 0;
}

static void addresses_fill(struct out_buf *b, uint32_t off, const struct host_if *hi, const struct host_net *net,
                           int family, uint32_t flags)
{
    bool loop = hi->type == IF_TYPE_SOFTWARE_LOOPBACK32;
    IP_ADAPTER_ADDRESSES32 *aa = ob_at(b, off);
    aa->Length = sizeof *aa;
    aa->IfIndex = host_if_count(hi, AF_INET) ? hi->index : 0;
    aa->Ipv6IfIndex = host_if_count(hi, AF_INET6) ? hi->index : 0;
    if (family == AF_INET6 || (!aa->IfIndex && !aa->Ipv6IfIndex))
        aa->IfIndex = hi->index;
    memcpy(aa->PhysicalAddress, hi->mac, hi->mac_len);
    aa->PhysicalAddressLength = hi->mac_len;
    aa->Flags = (loop ? 0 : IP_ADAPTER_DDNS_ENABLED) | (host_if_count(hi, AF_INET) ? IP_ADAPTER_IPV4_ENABLED : 0) |
                (host_if_count(hi, AF_INET6) ? IP_ADAPTER_IPV6_ENABLED : 0);
    aa->Mtu = loop ? 0xFFFFFFFFu : hi->mtu; /* Windows' loopback has no MTU limit */
    aa->IfType = hi->type;
    aa->OperStatus = hi->up && (hi->running || loop) ? IF_OPER_UP : IF_OPER_DOWN;
    for (unsigned z = 1; z <= 4; z++) /* interface, link, subnet and admin scopes */
        aa->ZoneIndices[z] = hi->index;
    aa->ZoneIndices[5] = aa->ZoneIndices[8] = 1; /* site, organization */
    aa->TransmitLinkSpeed = aa->ReceiveLinkSpeed = hi->speed_bps;
    aa->Ipv4Metric = aa->Ipv6Metric = loop ? 75 : 25; /* Windows' automatic metrics: loopback, a 1 Gb/s link */
    aa->Luid = ((uint64_t)hi->type << 48) | ((uint64_t)(hi->index & 0xFFFFFFu) << 24);
    aa->CompartmentId = 1;
    aa->ConnectionType = NET_IF_CONNECTION_DEDICATED;
    /* the strings and lists follow the entry (the buffer never moves) */
    gaddr name = ob_str(b, hi->guid);
    gaddr suffix = ob_wstr(b, loop ? "" : net->domain);
    gaddr descr = ob_wstr(b, loop ? "Software Loopback Interface 1" : hi->name);
    gaddr friendly = ob_wstr(b, (flags & GAA_FLAG_SKIP_FRIENDLY_NAME) ? "" : loop ? "Loopback Pseudo-Interface 1" : hi->name);
    aa->AdapterName = name;
    aa->DnsSuffix = suffix;
    aa->Description = descr;
    aa->FriendlyName = friendly;
    if (!(flags & GAA_FLAG_SKIP_UNICAST))
        add_unicasts(b, off, hi, family);
    if (flags & GAA_FLAG_INCLUDE_PREFIX)
        add_prefixes(b, off, hi, family);
    if (!(flags & GAA_FLAG_SKIP_DNS_SERVER) && !loop && hi->up)
        add_entries(b, off + (uint32_t)offsetof(IP_ADAPTER_ADDRESSES32, FirstDnsServerAddress), net->dns, net->ndns,
                    AF_UNSPEC);
    if ((flags & GAA_FLAG_INCLUDE_GATEWAYS) && hi->gateway.s_addr && family != AF_INET6) {
        struct host_addr gw = {.family = AF_INET, .addr.v4 = hi->gateway, .prefix_len = 32};
        add_entries(b, off + (uint32_t)offsetof(IP_ADAPTER_ADDRESSES32, FirstGatewayAddress), &gw, 1, AF_INET);
    }
}

/* The whole answer at base (0 while measuring); its size. */
static uint32_t addresses_build(struct out_buf *b, const struct host_net *net, int family, uint32_t flags)
{
    uint32_t prev = UINT32_MAX;
    for (unsigned i = 0; i < net->nifs; i++) {
        if (!listed(&net->ifs[i], family))
            continue;
        uint32_t off = ob_take(b, sizeof(IP_ADAPTER_ADDRESSES32), 8);
        if (prev != UINT32_MAX)
            ((IP_ADAPTER_ADDRESSES32 *)ob_at(b, prev))->Next = ob_addr(b, off);
        addresses_fill(b, off, &net->ifs[i], net, family, flags);
        prev = off;
    }
    return b->used;
}

uint64_t iphlpapi_GetAdaptersAddresses(struct thunk_call *c)
{
    API_ARGS(iphlpapi, GetAdaptersAddresses, a);
    int family;
    switch (a.Family) {
    case AF_UNSPEC32: family = AF_UNSPEC; break;
    case AF_INET32: family = AF_INET; break;
    case AF_INET6_32: family = AF_INET6; break;
    default: return ERROR_INVALID_PARAMETER;
    }
    uint32_t room;
    if (!a.SizePointer || !gm_read_u32(a.SizePointer, &room))
        return ERROR_INVALID_PARAMETER;
    struct host_net *net = host_net_read();
    if (!net)
        return ERROR_NO_DATA;
    /* 8 KB per adapter holds the most host_if.h keeps of one */
    uint32_t cap = (net->nifs + 1) * 8192u;
    struct out_buf b = {calloc(1, cap), cap, 0, a.AdapterAddresses};
    uint32_t need = b.data ? addresses_build(&b, net, family, a.Flags) : 0;
    free(net);
    uint32_t ret = ERROR_SUCCESS;
    if (!b.data)
        ret = ERROR_NOT_ENOUGH_MEMORY;
    else if (!need)
        ret = ERROR_NO_DATA;
    else if (!a.AdapterAddresses || room < need)
        ret = gm_write_u32(a.SizePointer, need) ? ERROR_BUFFER_OVERFLOW : ERROR_INVALID_PARAMETER;
    else if (!gm_write(a.AdapterAddresses, b.data, need))
        ret = ERROR_INVALID_PARAMETER;
    free(b.data);
    return ret;
}
