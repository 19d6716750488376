/* The host's network interfaces and resolver settings (host_if.h): the
 * snapshot every iphlpapi query builds its answer from. */
#include "syscalls/iphlpapi/host_if.h"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <inttypes.h>
#include <net/if.h>
#include <netpacket/packet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned prefix_of(const struct sockaddr *mask)
{
    if (!mask)
        return 0;
    const uint8_t *b;
    size_t n;
    if (mask->sa_family == AF_INET) {
        b = (const uint8_t *)&((const struct sockaddr_in *)mask)->sin_addr;
        n = 4;
    } else if (mask->sa_family == AF_INET6) {
        b = (const uint8_t *)&((const struct sockaddr_in6 *)mask)->sin6_addr;
        n = 16;
    } else {
        return 0;
    }
    unsigned bits = 0;
    for (size_t i = 0; i < n; i++)
        bits += (unsigned)__builtin_popcount(b[i]);
    return bits;
}

static uint64_t sys_value(const char *ifname, const char *file)
{
    char path[128], line[64];
    snprintf(path, sizeof path, "/sys/class/net/%s/%s", ifname, file);
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    uint64_t v = 0;
    if (fgets(line, sizeof line, f)) {
        long long s = strtoll(line, NULL, 10);
        v = s > 0 ? (uint64_t)s : 0; /* "speed" is -1 when unknown */
    }
    fclose(f);
    return v;
}

/* A GUID of the interface name (FNV-1a), so the adapter keeps its
 * "{...}" name from run to run as a Windows adapter keeps its own. */
static void make_guid(struct host_if *hi)
{
    uint64_t h[2] = {0xcbf29ce484222325ull, 0x84222325cbf29ce4ull};
    for (int k = 0; k < 2; k++)
        for (const char *p = hi->name; *p; p++)
            h[k] = (h[k] ^ (uint8_t)*p) * 0x100000001b3ull;
    memcpy(hi->guid_bytes, h, 16);
    hi->guid_bytes[7] = (uint8_t)((hi->guid_bytes[7] & 0x0F) | 0x40); /* version 4 */
    hi->guid_bytes[8] = (uint8_t)((hi->guid_bytes[8] & 0x3F) | 0x80);
    const uint8_t *g = hi->guid_bytes;
    snprintf(hi->guid, sizeof hi->guid,
             "{%02X%02X%02X%02X-%02X%02X-%02X%02X-%02X%02X-%02X%02X%02X%02X%02X%02X}",
             g[3], g[2], g[1], g[0], g[5], g[4], g[7], g[6], g[8], g[9], g[10], g[11], g[12], g[13], g[14], g[15]);
}

static struct host_if *find_or_add(struct host_net *net, const char *name)
{
    for (unsigned i = 0; i < net->nifs; i++)
        if (!strcmp(net->ifs[i].name, name))
            return &net->ifs[i];
    if (net->nifs == HOST_IF_MAX || strlen(name) >= sizeof net->ifs[0].name)
        return NULL;
    struct host_if *hi = &net->ifs[net->nifs++];
    memset(hi, 0, sizeof *hi);
    strcpy(hi->name, name);
    hi->index = if_nametoindex(name);
    make_guid(hi);
    return hi;
}

static void add_addr(struct host_if *hi, const struct ifaddrs *a)
{
    if (hi->naddrs == HOST_IF_MAX_ADDRS)
        return;
    struct host_addr *ha = &hi->addrs[hi->naddrs++];
    ha->family = a->ifa_addr->sa_family;
    if (ha->family == AF_INET)
        ha->addr.v4 = ((const struct sockaddr_in *)a->ifa_addr)->sin_addr;
    else
        ha->addr.v6 = ((const struct sockaddr_in6 *)a->ifa_addr)->sin6_addr;
    ha->prefix_len = (uint8_t)prefix_of(a->ifa_netmask);
}

/* /proc/net/route: "Iface Destination Gateway Flags ..." in hex, network order */
static void read_gateways(struct host_net *net)
{
    FILE *f = fopen("/proc/net/route", "r");
    if (!f)
        return;
    char line[256], ifname[32];
    unsigned dest, gw, flags;
    while (fgets(line, sizeof line, f)) {
        if (sscanf(line, "%31s %x %x %x", ifname, &dest, &gw, &flags) != 4 || dest != 0 || !(flags & 2))
            continue; /* only default routes with RTF_GATEWAY */
        for (unsigned i = 0; i < net->nifs; i++)
            if (!strcmp(net->ifs[i].name, ifname) && !net->ifs[i].gateway.s_addr)
                net->ifs[i].gateway.s_addr = gw;
    }
    fclose(f);
}

static void read_resolv(struct host_net *net)
{
    FILE *f = fopen("/etc/resolv.conf", "r");
    if (!f)
        return;
    char line[512], word[256];
    while (fgets(line, sizeof line, f)) {
        if (sscanf(line, "nameserver %255s", word) == 1 && net->ndns < HOST_DNS_MAX) {
            struct host_addr *d = &net->dns[net->ndns];
            char *pct = strchr(word, '%'); /* fe80::1%eth0 */
            if (pct)
                *pct = 0;
            if (inet_pton(AF_INET, word, &d->addr.v4) == 1)
                d->family = AF_INET, net->ndns++;
            else if (inet_pton(AF_INET6, word, &d->addr.v6) == 1)
                d->family = AF_INET6, net->ndns++;
        } else if (!net->domain[0] && (sscanf(line, "domain %127s", word) == 1 || sscanf(line, "search %127s", word) == 1)) {
            snprintf(net->domain, sizeof net->domain, "%.127s", word);
        }
    }
    fclose(f);
}

static void read_sys(struct host_if *hi)
{
    hi->mtu = (uint32_t)sys_value(hi->name, "mtu");
    hi->speed_bps = sys_value(hi->name, "speed") * 1000000u;
    if (hi->type == IF_TYPE_SOFTWARE_LOOPBACK32)
        hi->speed_bps = 1073741824u; /* what Windows reports for its loopback */
    hi->rx_bytes = sys_value(hi->name, "statistics/rx_bytes");
    hi->rx_packets = sys_value(hi->name, "statistics/rx_packets");
    hi->rx_errors = sys_value(hi->name, "statistics/rx_errors");
    hi->rx_dropped = sys_value(hi->name, "statistics/rx_dropped");
    hi->rx_multicast = sys_value(hi->name, "statistics/multicast");
    hi->tx_bytes = sys_value(hi->name, "statistics/tx_bytes");
    hi->tx_packets = sys_value(hi->name, "statistics/tx_packets");
    hi->tx_errors = sys_value(hi->name, "statistics/tx_errors");
    hi->tx_dropped = sys_value(hi->name, "statistics/tx_dropped");
}

struct host_net *host_net_read(void)
{
    struct ifaddrs *list;
    if (getifaddrs(&list) != 0)
        return NULL;
    struct host_net *net = calloc(1, sizeof *net);
    if (!net) {
        freeifaddrs(list);
        return NULL;
    }
    for (struct ifaddrs *a = list; a; a = a->ifa_next) {
        struct host_if *hi = find_or_add(net, a->ifa_name);
        if (!hi)
            continue;
        hi->up = a->ifa_flags & IFF_UP;
        hi->running = a->ifa_flags & IFF_RUNNING;
        hi->type = (a->ifa_flags & IFF_LOOPBACK) ? IF_TYPE_SOFTWARE_LOOPBACK32 : hi->type ? hi->type : IF_TYPE_OTHER32;
        if (!a->ifa_addr)
            continue;
        if (a->ifa_addr->sa_family == AF_PACKET) {
            const struct sockaddr_ll *ll = (const struct sockaddr_ll *)a->ifa_addr;
            if (ll->sll_hatype == 1 /* ARPHRD_ETHER */ && hi->type != IF_TYPE_SOFTWARE_LOOPBACK32)
                hi->type = IF_TYPE_ETHERNET_CSMACD32;
            if (hi->type != IF_TYPE_SOFTWARE_LOOPBACK32 && ll->sll_halen <= sizeof hi->mac) {
                memcpy(hi->mac, ll->sll_addr, ll->sll_halen);
                hi->mac_len = ll->sll_halen;
            }
        } else if (a->ifa_addr->sa_family == AF_INET || a->ifa_addr->sa_family == AF_INET6) {
            add_addr(hi, a);
        }
    }
    freeifaddrs(list);
    for (unsigned i = 0; i < net->nifs; i++)
        read_sys(&net->ifs[i]);
    read_gateways(net);
    read_resolv(net);
    return net;
}

unsigned host_if_count(const struct host_if *hi, int family)
{
    unsigned n = 0;
    for (unsigned i = 0; i < hi->naddrs; i++)
        n += hi->addrs[i].family == family;
    return n;
}

void host_ipv4_text(struct in_addr a, char out[16])
{
    inet_ntop(AF_INET, &a, out, 16);
}

void host_mask_text(unsigned prefix_len, char out[16])
{
    struct in_addr m = {htonl(prefix_len ? 0xFFFFFFFFu << (32 - prefix_len) : 0)};
    host_ipv4_text(m, out);
}
