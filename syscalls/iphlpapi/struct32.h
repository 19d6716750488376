/* The 32-bit iphlpapi structures (iphlpapi.h, iptypes.h, ifmib.h), each
 * declared once with its offsets pinned as i686 Windows lays them out. */
#ifndef WOWBOX_SYSCALLS_IPHLPAPI_STRUCT32_H
#define WOWBOX_SYSCALLS_IPHLPAPI_STRUCT32_H

#include <stdint.h>

#include "syscalls/struct32_pin.h"

#define MAX_ADAPTER_NAME_LENGTH32 256
#define MAX_ADAPTER_DESCRIPTION_LENGTH32 128
#define MAX_ADAPTER_ADDRESS_LENGTH32 8
#define MAX_HOSTNAME_LEN32 128
#define MAX_DOMAIN_NAME_LEN32 128
#define MAX_SCOPE_ID_LEN32 256
#define MAX_INTERFACE_NAME_LEN32 256
#define MAXLEN_IFDESCR32 256
#define MAX_DHCPV6_DUID_LENGTH32 130

/* IP_ADDR_STRING: one dotted address and mask in a chain */
typedef struct {
    uint32_t Next;
    char IpAddress[16];
    char IpMask[16];
    uint32_t Context;
} IP_ADDR_STRING32;
PIN(IP_ADDR_STRING32, IpMask, 20);
PIN(IP_ADDR_STRING32, Context, 36);
PIN_SIZE(IP_ADDR_STRING32, 40);

/* IP_ADAPTER_INFO ends with two time_t: 640 bytes where time_t is 32-bit
 * (mingw-w64, old Visual C++), 648 with Visual C++ 2005's 64-bit default.
 * Each entry takes 648 (the entries are chained by Next, so the stride is
 * the DLL's choice): a buffer sized count * sizeof by either kind of
 * program holds what GetAdaptersInfo asks for, and the leases, both 0,
 * read the same through either layout. */
typedef struct {
    uint32_t Next;
    uint32_t ComboIndex;
    char AdapterName[MAX_ADAPTER_NAME_LENGTH32 + 4];
    char Description[MAX_ADAPTER_DESCRIPTION_LENGTH32 + 4];
    uint32_t AddressLength;
    uint8_t Address[MAX_ADAPTER_ADDRESS_LENGTH32];
    uint32_t Index;
    uint32_t Type;
    uint32_t DhcpEnabled;
    uint32_t CurrentIpAddress;
    IP_ADDR_STRING32 IpAddressList;
    IP_ADDR_STRING32 GatewayList;
    IP_ADDR_STRING32 DhcpServer;
    uint32_t HaveWins;
    IP_ADDR_STRING32 PrimaryWinsServer;
    IP_ADDR_STRING32 SecondaryWinsServer;
    uint32_t LeaseObtained[2] __attribute__((aligned(8)));
    uint32_t LeaseExpires[2];
} IP_ADAPTER_INFO32;
PIN(IP_ADAPTER_INFO32, Description, 268);
PIN(IP_ADAPTER_INFO32, AddressLength, 400);
PIN(IP_ADAPTER_INFO32, Index, 412);
PIN(IP_ADAPTER_INFO32, CurrentIpAddress, 424);
PIN(IP_ADAPTER_INFO32, IpAddressList, 428);
PIN(IP_ADAPTER_INFO32, GatewayList, 468);
PIN(IP_ADAPTER_INFO32, HaveWins, 548);
PIN(IP_ADAPTER_INFO32, LeaseObtained, 632);
PIN_SIZE(IP_ADAPTER_INFO32, 648);

/* FIXED_INFO (GetNetworkParams) */
typedef struct {
    char HostName[MAX_HOSTNAME_LEN32 + 4];
    char DomainName[MAX_DOMAIN_NAME_LEN32 + 4];
    uint32_t CurrentDnsServer;
    IP_ADDR_STRING32 DnsServerList;
    uint32_t NodeType;
    char ScopeId[MAX_SCOPE_ID_LEN32 + 4];
    uint32_t EnableRouting;
    uint32_t EnableProxy;
    uint32_t EnableDns;
} FIXED_INFO32;
PIN(FIXED_INFO32, CurrentDnsServer, 264);
PIN(FIXED_INFO32, DnsServerList, 268);
PIN(FIXED_INFO32, NodeType, 308);
PIN(FIXED_INFO32, EnableRouting, 572);
PIN_SIZE(FIXED_INFO32, 584);

/* SOCKET_ADDRESS: a pointer to a sockaddr and its length */
typedef struct {
    uint32_t lpSockaddr;
    int32_t iSockaddrLength;
} SOCKET_ADDRESS32;
PIN_SIZE(SOCKET_ADDRESS32, 8);

/* The head every GetAdaptersAddresses list entry shares: Length and the
 * flags (or IfIndex) in one 8-byte-aligned union, then Next. */
#define IPHLP_LIST_HEAD   \
    uint32_t Length;      \
    uint32_t Flags;       \
    uint32_t Next

/* IP_ADAPTER_UNICAST_ADDRESS_LH */
typedef struct __attribute__((aligned(8))) {
    IPHLP_LIST_HEAD;
    SOCKET_ADDRESS32 Address;
    uint32_t PrefixOrigin;
    uint32_t SuffixOrigin;
    uint32_t DadState;
    uint32_t ValidLifetime;
    uint32_t PreferredLifetime;
    uint32_t LeaseLifetime;
    uint8_t OnLinkPrefixLength;
} IP_ADAPTER_UNICAST_ADDRESS32;
PIN(IP_ADAPTER_UNICAST_ADDRESS32, Address, 12);
PIN(IP_ADAPTER_UNICAST_ADDRESS32, PrefixOrigin, 20);
PIN(IP_ADAPTER_UNICAST_ADDRESS32, OnLinkPrefixLength, 44);
PIN_SIZE(IP_ADAPTER_UNICAST_ADDRESS32, 48);

/* IP_ADAPTER_DNS_SERVER_ADDRESS, _GATEWAY_ADDRESS: an address in a chain;
 * IP_ADAPTER_PREFIX adds the prefix length */
typedef struct __attribute__((aligned(8))) {
    IPHLP_LIST_HEAD;
    SOCKET_ADDRESS32 Address;
} IP_ADAPTER_ADDRESS_ENTRY32;
PIN(IP_ADAPTER_ADDRESS_ENTRY32, Address, 12);
PIN_SIZE(IP_ADAPTER_ADDRESS_ENTRY32, 24);

typedef struct __attribute__((aligned(8))) {
    IPHLP_LIST_HEAD;
    SOCKET_ADDRESS32 Address;
    uint32_t PrefixLength;
} IP_ADAPTER_PREFIX32;
PIN(IP_ADAPTER_PREFIX32, PrefixLength, 20);
PIN_SIZE(IP_ADAPTER_PREFIX32, 24);

/* IP_ADAPTER_ADDRESSES_LH (the Vista+ layout, which Length says) */
typedef struct __attribute__((aligned(8))) {
    uint32_t Length;
    uint32_t IfIndex;
    uint32_t Next;
    uint32_t AdapterName;
    uint32_t FirstUnicastAddress;
    uint32_t FirstAnycastAddress;
    uint32_t FirstMulticastAddress;
    uint32_t FirstDnsServerAddress;
    uint32_t DnsSuffix;
    uint32_t Description;
    uint32_t FriendlyName;
    uint8_t PhysicalAddress[MAX_ADAPTER_ADDRESS_LENGTH32];
    uint32_t PhysicalAddressLength;
    uint32_t Flags;
    uint32_t Mtu;
    uint32_t IfType;
    uint32_t OperStatus;
    uint32_t Ipv6IfIndex;
    uint32_t ZoneIndices[16];
    uint32_t FirstPrefix;
    uint64_t TransmitLinkSpeed __attribute__((aligned(8)));
    uint64_t ReceiveLinkSpeed __attribute__((aligned(8)));
    uint32_t FirstWinsServerAddress;
    uint32_t FirstGatewayAddress;
    uint32_t Ipv4Metric;
    uint32_t Ipv6Metric;
    uint64_t Luid __attribute__((aligned(8)));
    SOCKET_ADDRESS32 Dhcpv4Server;
    uint32_t CompartmentId;
    uint8_t NetworkGuid[16];
    uint32_t ConnectionType;
    uint32_t TunnelType;
    SOCKET_ADDRESS32 Dhcpv6Server;
    uint8_t Dhcpv6ClientDuid[MAX_DHCPV6_DUID_LENGTH32];
    uint32_t Dhcpv6ClientDuidLength;
    uint32_t Dhcpv6Iaid;
    uint32_t FirstDnsSuffix;
} IP_ADAPTER_ADDRESSES32;
PIN(IP_ADAPTER_ADDRESSES32, Next, 8);
PIN(IP_ADAPTER_ADDRESSES32, FriendlyName, 40);
PIN(IP_ADAPTER_ADDRESSES32, PhysicalAddress, 44);
PIN(IP_ADAPTER_ADDRESSES32, Flags, 56);
PIN(IP_ADAPTER_ADDRESSES32, ZoneIndices, 76);
PIN(IP_ADAPTER_ADDRESSES32, FirstPrefix, 140);
PIN(IP_ADAPTER_ADDRESSES32, TransmitLinkSpeed, 144);
PIN(IP_ADAPTER_ADDRESSES32, FirstGatewayAddress, 164);
PIN(IP_ADAPTER_ADDRESSES32, Luid, 176);
PIN(IP_ADAPTER_ADDRESSES32, Dhcpv4Server, 184);
PIN(IP_ADAPTER_ADDRESSES32, NetworkGuid, 196);
PIN(IP_ADAPTER_ADDRESSES32, Dhcpv6Server, 220);
PIN(IP_ADAPTER_ADDRESSES32, Dhcpv6ClientDuid, 228);
PIN(IP_ADAPTER_ADDRESSES32, Dhcpv6ClientDuidLength, 360);
PIN(IP_ADAPTER_ADDRESSES32, FirstDnsSuffix, 368);
PIN_SIZE(IP_ADAPTER_ADDRESSES32, 376);

/* MIB_IFROW (GetIfTable, GetIfEntry) */
typedef struct {
    uint16_t wszName[MAX_INTERFACE_NAME_LEN32];
    uint32_t dwIndex;
    uint32_t dwType;
    uint32_t dwMtu;
    uint32_t dwSpeed;
    uint32_t dwPhysAddrLen;
    uint8_t bPhysAddr[MAX_ADAPTER_ADDRESS_LENGTH32];
    uint32_t dwAdminStatus;
    uint32_t dwOperStatus;
    uint32_t dwLastChange;
    uint32_t dwInOctets;
    uint32_t dwInUcastPkts;
    uint32_t dwInNUcastPkts;
    uint32_t dwInDiscards;
    uint32_t dwInErrors;
    uint32_t dwInUnknownProtos;
    uint32_t dwOutOctets;
    uint32_t dwOutUcastPkts;
    uint32_t dwOutNUcastPkts;
    uint32_t dwOutDiscards;
    uint32_t dwOutErrors;
    uint32_t dwOutQLen;
    uint32_t dwDescrLen;
    uint8_t bDescr[MAXLEN_IFDESCR32];
} MIB_IFROW32;
PIN(MIB_IFROW32, dwIndex, 512);
PIN(MIB_IFROW32, bPhysAddr, 532);
PIN(MIB_IFROW32, dwAdminStatus, 540);
PIN(MIB_IFROW32, dwInOctets, 552);
PIN(MIB_IFROW32, dwOutOctets, 576);
PIN(MIB_IFROW32, dwDescrLen, 600);
PIN_SIZE(MIB_IFROW32, 860);

/* MIB_IPADDRROW (GetIpAddrTable): addresses in network order */
typedef struct {
    uint32_t dwAddr;
    uint32_t dwIndex;
    uint32_t dwMask;
    uint32_t dwBCastAddr;
    uint32_t dwReasmSize;
    uint16_t unused1;
    uint16_t wType;
} MIB_IPADDRROW32;
PIN(MIB_IPADDRROW32, dwBCastAddr, 12);
PIN(MIB_IPADDRROW32, wType, 22);
PIN_SIZE(MIB_IPADDRROW32, 24);

/* The connection tables' rows (tcpmib.h, udpmib.h). Addresses are in
 * network byte order; ports too, in the low 16 bits of their DWORD. Each
 * table is a DWORD count followed by its rows (all 4-aligned: offset 4). */
typedef struct {
    uint32_t dwState; /* MIB_TCP_STATE */
    uint32_t dwLocalAddr;
    uint32_t dwLocalPort;
    uint32_t dwRemoteAddr;
    uint32_t dwRemotePort;
} MIB_TCPROW32;
PIN(MIB_TCPROW32, dwRemotePort, 16);
PIN_SIZE(MIB_TCPROW32, 20);

typedef struct {
    uint32_t dwState;
    uint32_t dwLocalAddr;
    uint32_t dwLocalPort;
    uint32_t dwRemoteAddr;
    uint32_t dwRemotePort;
    uint32_t dwOwningPid;
} MIB_TCPROW_OWNER_PID32;
PIN(MIB_TCPROW_OWNER_PID32, dwOwningPid, 20);
PIN_SIZE(MIB_TCPROW_OWNER_PID32, 24);

typedef struct {
    uint32_t dwLocalAddr;
    uint32_t dwLocalPort;
} MIB_UDPROW32;
PIN_SIZE(MIB_UDPROW32, 8);

typedef struct {
    uint32_t dwLocalAddr;
    uint32_t dwLocalPort;
    uint32_t dwOwningPid;
} MIB_UDPROW_OWNER_PID32;
PIN(MIB_UDPROW_OWNER_PID32, dwOwningPid, 8);
PIN_SIZE(MIB_UDPROW_OWNER_PID32, 12);

/* MIB_TCP6ROW (GetTcp6Table): the state first */
typedef struct {
    uint32_t State;
    uint8_t LocalAddr[16];
    uint32_t dwLocalScopeId;
    uint32_t dwLocalPort;
    uint8_t RemoteAddr[16];
    uint32_t dwRemoteScopeId;
    uint32_t dwRemotePort;
} MIB_TCP6ROW32;
PIN(MIB_TCP6ROW32, dwLocalPort, 24);
PIN(MIB_TCP6ROW32, RemoteAddr, 28);
PIN(MIB_TCP6ROW32, dwRemotePort, 48);
PIN_SIZE(MIB_TCP6ROW32, 52);

/* MIB_TCP6ROW_OWNER_PID (GetExtendedTcpTable, AF_INET6): the state last */
typedef struct {
    uint8_t ucLocalAddr[16];
    uint32_t dwLocalScopeId;
    uint32_t dwLocalPort;
    uint8_t ucRemoteAddr[16];
    uint32_t dwRemoteScopeId;
    uint32_t dwRemotePort;
    uint32_t dwState;
    uint32_t dwOwningPid;
} MIB_TCP6ROW_OWNER_PID32;
PIN(MIB_TCP6ROW_OWNER_PID32, dwLocalPort, 20);
PIN(MIB_TCP6ROW_OWNER_PID32, dwState, 48);
PIN_SIZE(MIB_TCP6ROW_OWNER_PID32, 56);

typedef struct {
    uint8_t dwLocalAddr[16];
    uint32_t dwLocalScopeId;
    uint32_t dwLocalPort;
} MIB_UDP6ROW32;
PIN(MIB_UDP6ROW32, dwLocalPort, 20);
PIN_SIZE(MIB_UDP6ROW32, 24);

typedef struct {
    uint8_t ucLocalAddr[16];
    uint32_t dwLocalScopeId;
    uint32_t dwLocalPort;
    uint32_t dwOwningPid;
} MIB_UDP6ROW_OWNER_PID32;
PIN(MIB_UDP6ROW_OWNER_PID32, dwOwningPid, 24);
PIN_SIZE(MIB_UDP6ROW_OWNER_PID32, 28);

#endif
