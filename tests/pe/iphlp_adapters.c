// build-flags: -liphlpapi -lws2_32
/* iphlp_adapters.c - iphlpapi over the host's interfaces: what holds on any
 * machine. GetAdaptersAddresses lists the loopback adapter (127.0.0.1 and
 * its Windows names) and follows the buffer-size protocol (size with
 * ERROR_BUFFER_OVERFLOW, bad family / missing size ERROR_INVALID_PARAMETER);
 * GetAdaptersInfo leaves the loopback out; GetNetworkParams and GetIfTable
 * ask for their sizes the same way (GetIfTable with
 * ERROR_INSUFFICIENT_BUFFER); GetIfEntry finds interface 1, GetIpAddrTable
 * 127.0.0.1/8 on it; the loopback
 * route goes through interface 1. Host-dependent values are not printed. */
#define __USE_MINGW_ANSI_STDIO 0 /* msvcrt.dll's printf */
#include <winsock2.h>
#include <ws2tcpip.h>
#include <iphlpapi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>

static void adapters_addresses(void)
{
    ULONG size = 0;
    printf("GetAdaptersAddresses(no size pointer): %lu\n", GetAdaptersAddresses(AF_UNSPEC, 0, NULL, NULL, NULL));
    printf("GetAdaptersAddresses(family 99): %lu\n", GetAdaptersAddresses(99, 0, NULL, NULL, &size));
    ULONG r = GetAdaptersAddresses(AF_UNSPEC, GAA_FLAG_INCLUDE_PREFIX, NULL, NULL, &size);
    printf("GetAdaptersAddresses(NULL buffer): %lu, size asked >= one entry: %d\n", r,
           size >= sizeof(IP_ADAPTER_ADDRESSES));
    ULONG small = size - 1;
    IP_ADAPTER_ADDRESSES *aa = malloc(size);
    r = GetAdaptersAddresses(AF_UNSPEC, GAA_FLAG_INCLUDE_PREFIX, NULL, aa, &small);
    printf("one byte short: %lu, same size asked again: %d\n", r, small == size);
    r = GetAdaptersAddresses(AF_UNSPEC, GAA_FLAG_INCLUDE_PREFIX, NULL, aa, &size);
    printf("with the size asked: %lu\n", r);
    int loopbacks = 0, inside = 1;
    for (IP_ADAPTER_ADDRESSES *p = aa; p; p = p->Next) {
        inside &= (char *)p >= (char *)aa && (char *)p < (char *)aa + size && p->Length == sizeof *p;
        if (p->IfType != IF_TYPE_SOFTWARE_LOOPBACK)
            continue;
        loopbacks++;
        printf("loopback: index %lu, status %d, name \"%ls\", description \"%ls\", adapter name is a GUID: %d\n",
               p->IfIndex, p->OperStatus, p->FriendlyName, p->Description, p->AdapterName[0] == '{' && strlen(p->AdapterName) == 38);
        for (IP_ADAPTER_UNICAST_ADDRESS *u = p->FirstUnicastAddress; u; u = u->Next) {
            if (u->Address.lpSockaddr->sa_family != AF_INET)
                continue;
            struct sockaddr_in *in = (struct sockaddr_in *)u->Address.lpSockaddr;
            printf("  IPv4 %s/%u, sockaddr length %d, entry length %lu\n", inet_ntoa(in->sin_addr),
                   u->OnLinkPrefixLength, u->Address.iSockaddrLength, u->Length);
        }
        int net8 = 0; /* Windows lists host and broadcast prefixes too */
        for (IP_ADAPTER_PREFIX *x = p->FirstPrefix; x; x = x->Next)
            net8 |= x->Address.lpSockaddr->sa_family == AF_INET && x->PrefixLength == 8 &&
                    !strcmp(inet_ntoa(((struct sockaddr_in *)x->Address.lpSockaddr)->sin_addr), "127.0.0.0");
        printf("  prefix 127.0.0.0/8 listed: %d\n", net8);
    }
    printf("loopback adapters: %d, every entry in the buffer: %d\n", loopbacks, inside);
    free(aa);
}

static void adapters_info(void)
{
    ULONG size = 0;
    printf("GetAdaptersInfo(no size pointer): %lu\n", GetAdaptersInfo(NULL, NULL));
    ULONG r = GetAdaptersInfo(NULL, &size);
    /* a machine with only a loopback has nothing to list here */
    if (r == ERROR_NO_DATA) {
        printf("GetAdaptersInfo: sized or no data (1)\nGetAdaptersInfo: filled, no loopback: 1\n");
        return;
    }
    printf("GetAdaptersInfo: sized or no data (%d)\n", r == ERROR_BUFFER_OVERFLOW && size >= sizeof(IP_ADAPTER_INFO));
    IP_ADAPTER_INFO *ai = malloc(size);
    r = GetAdaptersInfo(ai, &size);
    int loop = 0;
    for (IP_ADAPTER_INFO *p = ai; r == NO_ERROR && p; p = p->Next)
        loop |= p->Type == MIB_IF_TYPE_LOOPBACK || !strcmp(p->IpAddressList.IpAddress.String, "127.0.0.1");
    printf("GetAdaptersInfo: filled, no loopback: %d\n", r == NO_ERROR && !loop);
    free(ai);
}

static void network_params(void)
{
    ULONG size = 0;
    printf("GetNetworkParams(no size pointer): %lu\n", GetNetworkParams(NULL, NULL));
    ULONG r = GetNetworkParams(NULL, &size);
    printf("GetNetworkParams(NULL): %lu, size asked >= FIXED_INFO: %d\n", r, size >= sizeof(FIXED_INFO));
    FIXED_INFO *fi = malloc(size);
    r = GetNetworkParams(fi, &size);
    printf("GetNetworkParams: %lu, host name set: %d\n", r, fi->HostName[0] != 0);
    free(fi);
}

static void if_table(void)
{
    ULONG size = 0;
    DWORD count = 0;
    printf("GetIfTable(no size pointer): %lu\n", GetIfTable(NULL, NULL, FALSE));
    ULONG r = GetIfTable(NULL, &size, TRUE);
    printf("GetIfTable(NULL): %lu\n", r);
    MIB_IFTABLE *t = malloc(size);
    r = GetIfTable(t, &size, TRUE);
    printf("GetIfTable: %lu, size is 4 + rows * %u: %d\n", r, (unsigned)sizeof(MIB_IFROW),
           size == 4 + t->dwNumEntries * sizeof(MIB_IFROW));
    GetNumberOfInterfaces(&count);
    printf("GetNumberOfInterfaces agrees: %d, sorted: %d\n", count == t->dwNumEntries,
           t->dwNumEntries < 2 || t->table[0].dwIndex < t->table[1].dwIndex);
    free(t);
    MIB_IFROW row = {0};
    row.dwIndex = 1;
    r = GetIfEntry(&row);
    printf("GetIfEntry(1): %lu, type %lu, description \"%.*s\"\n", r, row.dwType, (int)row.dwDescrLen, row.bDescr);
    row.dwIndex = 0x7FFFFFF0;
    printf("GetIfEntry(no such index): %lu\n", GetIfEntry(&row));
    size = 0;
    printf("GetIpAddrTable(no size pointer): %lu\n", GetIpAddrTable(NULL, NULL, FALSE));
    r = GetIpAddrTable(NULL, &size, TRUE);
    printf("GetIpAddrTable(NULL): %lu\n", r);
    MIB_IPADDRTABLE *ip = malloc(size);
    r = GetIpAddrTable(ip, &size, TRUE);
    int lo = 0;
    for (DWORD i = 0; r == NO_ERROR && i < ip->dwNumEntries; i++)
        if (ip->table[i].dwAddr == inet_addr("127.0.0.1"))
            lo = ip->table[i].dwIndex == 1 && ip->table[i].dwMask == inet_addr("255.0.0.0") &&
                 ip->table[i].dwBCastAddr == 1;
    printf("GetIpAddrTable: %lu, 127.0.0.1/8 on interface 1: %d\n", r, lo);
    free(ip);
    DWORD best = 0;
    r = GetBestInterface(inet_addr("127.0.0.1"), &best);
    printf("GetBestInterface(127.0.0.1): %lu, index %lu\n", r, best);
    printf("GetBestInterface(no out pointer): %lu\n", GetBestInterface(inet_addr("127.0.0.1"), NULL));
}

int main(void)
{
    adapters_addresses();
    adapters_info();
    network_params();
    if_table();
    return 0;
}
