/* GetNetworkParams: the host name, the resolver's domain and its IPv4 name
 * servers (/etc/resolv.conf), in one FIXED_INFO and its chain. */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/identity.h"
#include "syscalls/api.h"
#include "syscalls/iphlpapi/api_args.h"
#include "syscalls/iphlpapi/host_if.h"
#include "syscalls/iphlpapi/struct32.h"
#include "syscalls/win32_errors.h"

#define BROADCAST_NODETYPE 1u /* NetBIOS over broadcasts: no WINS server is configured */

uint64_t iphlpapi_GetNetworkParams(struct thunk_call *c)
{
    API_ARGS(iphlpapi, GetNetworkParams, a);
    uint32_t room;
    if (!a.pOutBufLen || !gm_read_u32(a.pOutBufLen, &room))
        return ERROR_INVALID_PARAMETER;
    struct host_net *net = host_net_read();
    if (!net)
        return ERROR_NOT_SUPPORTED;
    struct in_addr dns[HOST_DNS_MAX];
    unsigned ndns = 0;
    for (unsigned i = 0; i < net->ndns; i++)
        if (net->dns[i].family == AF_INET) /* the chain holds dotted IPv4 text only */
            dns[ndns++] = net->dns[i].addr.v4;
    char domain[sizeof net->domain];
    memcpy(domain, net->domain, sizeof domain);
    free(net);
    uint32_t need = (uint32_t)sizeof(FIXED_INFO32) + (ndns > 1 ? ndns - 1 : 0) * (uint32_t)sizeof(IP_ADDR_STRING32);
    if (!a.pFixedInfo || room < need)
        return gm_write_u32(a.pOutBufLen, need) ? ERROR_BUFFER_OVERFLOW : ERROR_INVALID_PARAMETER;

    uint8_t *buf = calloc(1, need);
    if (!buf)
        return ERROR_NOT_ENOUGH_MEMORY;
    FIXED_INFO32 *fi = (FIXED_INFO32 *)buf;
    const char *host = identity_host_name(), *dot = strchr(host, '.');
    /* the host part; the domain: the resolver's, else the rest of the name */
    snprintf(fi->HostName, sizeof fi->HostName, "%.*s", dot ? (int)(dot - host) : (int)strlen(host), host);
    snprintf(fi->DomainName, sizeof fi->DomainName, "%s", domain[0] ? domain : dot ? dot + 1 : "");
    fi->NodeType = BROADCAST_NODETYPE;
    IP_ADDR_STRING32 *s = &fi->DnsServerList;
    if (ndns)
        fi->CurrentDnsServer = a.pFixedInfo + (gaddr)offsetof(FIXED_INFO32, DnsServerList);
    for (unsigned i = 0; i < ndns; i++) {
        host_ipv4_text(dns[i], s->IpAddress);
        /* IpMask stays empty, as Windows leaves it for name servers */
        if (i + 1 < ndns) {
            uint32_t next = (uint32_t)sizeof(FIXED_INFO32) + i * (uint32_t)sizeof(IP_ADDR_STRING32);
            s->Next = a.pFixedInfo + next;
            s = (IP_ADDR_STRING32 *)(buf + next);
        }
    }
    bool ok = gm_write(a.pFixedInfo, buf, need);
    free(buf);
    return ok ? ERROR_SUCCESS : ERROR_INVALID_PARAMETER;
}
