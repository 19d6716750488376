/* The host's network interfaces and resolver settings as iphlpapi reports
 * them: one snapshot per call from getifaddrs, /sys/class/net, /proc/net
 * and /etc/resolv.conf. */
#ifndef WOWBOX_SYSCALLS_IPHLPAPI_HOST_IF_H
#define WOWBOX_SYSCALLS_IPHLPAPI_HOST_IF_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>

#define HOST_IF_MAX_ADDRS 16
#define HOST_IF_MAX 32
#define HOST_DNS_MAX 8

/* Windows' interface types (ipifcons.h) */
#define IF_TYPE_OTHER32 1
#define IF_TYPE_ETHERNET_CSMACD32 6
#define IF_TYPE_SOFTWARE_LOOPBACK32 24

struct host_addr {
    int family; /* AF_INET or AF_INET6 (host values) */
    union {
        struct in_addr v4;
        struct in6_addr v6;
    } addr;
    uint8_t prefix_len;
};

struct host_if {
    char name[32];
    uint32_t index; /* the kernel's ifindex: lo is 1 here as on Windows */
    uint32_t type;  /* IF_TYPE_* */
    bool up, running;
    uint8_t mac[8];
    uint32_t mac_len;
    uint32_t mtu;
    uint64_t speed_bps; /* 0: unknown */
    struct in_addr gateway; /* default IPv4 route through it; 0: none */
    unsigned naddrs;
    struct host_addr addrs[HOST_IF_MAX_ADDRS];
    uint64_t rx_bytes, rx_packets, rx_errors, rx_dropped, rx_multicast;
    uint64_t tx_bytes, tx_packets, tx_errors, tx_dropped;
    char guid[39]; /* {XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}, stable per name */
    uint8_t guid_bytes[16];
};

struct host_net {
    unsigned nifs;
    struct host_if ifs[HOST_IF_MAX];
    unsigned ndns;
    struct host_addr dns[HOST_DNS_MAX]; /* nameserver lines */
    char domain[128];                   /* the first of domain/search */
};

/* A new snapshot (free() it); NULL when the host will not say. */
struct host_net *host_net_read(void);

/* Counts of the interface's addresses of one family (AF_INET/AF_INET6). */
unsigned host_if_count(const struct host_if *hi, int family);

/* "a.b.c.d" of an IPv4 address and of the mask of a prefix length. */
void host_ipv4_text(struct in_addr a, char out[16]);
void host_mask_text(unsigned prefix_len, char out[16]);

#endif
