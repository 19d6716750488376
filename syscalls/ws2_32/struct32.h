/* Winsock structures as a 32-bit Windows program lays them out (winsock2.h,
 * ws2def.h, ws2tcpip.h), each offset and size pinned. Addresses and ports
 * inside sockaddrs are in network byte order, as on the host. */
#ifndef WOWBOX_SYSCALLS_WS2_32_STRUCT32_H
#define WOWBOX_SYSCALLS_WS2_32_STRUCT32_H

#include <stdint.h>

#include "syscalls/struct32_pin.h"

#define WSADESCRIPTION_LEN 256
#define WSASYS_STATUS_LEN  128

typedef struct {
    uint16_t wVersion;
    uint16_t wHighVersion;
    char szDescription[WSADESCRIPTION_LEN + 1];
    char szSystemStatus[WSASYS_STATUS_LEN + 1];
    uint16_t iMaxSockets;
    uint16_t iMaxUdpDg;
    uint32_t lpVendorInfo;
} WSADATA32;
PIN(WSADATA32, wHighVersion, 2);
PIN(WSADATA32, szDescription, 4);
PIN(WSADATA32, szSystemStatus, 261);
PIN(WSADATA32, iMaxSockets, 390);
PIN(WSADATA32, iMaxUdpDg, 392);
PIN(WSADATA32, lpVendorInfo, 396);
PIN_SIZE(WSADATA32, 400);

typedef struct {
    uint16_t sin_family;
    uint16_t sin_port;
    uint8_t sin_addr[4];
    uint8_t sin_zero[8];
} SOCKADDR_IN32;
PIN(SOCKADDR_IN32, sin_port, 2);
PIN(SOCKADDR_IN32, sin_addr, 4);
PIN_SIZE(SOCKADDR_IN32, 16);

typedef struct {
    uint16_t sin6_family;
    uint16_t sin6_port;
    uint32_t sin6_flowinfo;
    uint8_t sin6_addr[16];
    uint32_t sin6_scope_id;
} SOCKADDR_IN6_32;
PIN(SOCKADDR_IN6_32, sin6_port, 2);
PIN(SOCKADDR_IN6_32, sin6_flowinfo, 4);
PIN(SOCKADDR_IN6_32, sin6_addr, 8);
PIN(SOCKADDR_IN6_32, sin6_scope_id, 24);
PIN_SIZE(SOCKADDR_IN6_32, 28);

/* fd_set: a count, then that many SOCKETs (FD_SETSIZE 64 unless the
 * program defines it larger before winsock2.h). */
#define FD_SETSIZE32 64
typedef struct {
    uint32_t fd_count;
    uint32_t fd_array[FD_SETSIZE32];
} FD_SET32;
PIN(FD_SET32, fd_array, 4);
PIN_SIZE(FD_SET32, 260);

typedef struct {
    int32_t tv_sec;
    int32_t tv_usec;
} TIMEVAL32;
PIN(TIMEVAL32, tv_usec, 4);
PIN_SIZE(TIMEVAL32, 8);

typedef struct {
    uint32_t fd;
    int16_t events;
    int16_t revents;
} WSAPOLLFD32;
PIN(WSAPOLLFD32, events, 4);
PIN(WSAPOLLFD32, revents, 6);
PIN_SIZE(WSAPOLLFD32, 8);

typedef struct {
    uint16_t l_onoff;
    uint16_t l_linger;
} LINGER32;
PIN(LINGER32, l_linger, 2);
PIN_SIZE(LINGER32, 4);

typedef struct {
    uint32_t h_name;      /* char * */
    uint32_t h_aliases;   /* char ** */
    int16_t h_addrtype;
    int16_t h_length;
    uint32_t h_addr_list; /* char ** */
} HOSTENT32;
PIN(HOSTENT32, h_aliases, 4);
PIN(HOSTENT32, h_addrtype, 8);
PIN(HOSTENT32, h_length, 10);
PIN(HOSTENT32, h_addr_list, 12);
PIN_SIZE(HOSTENT32, 16);

/* ADDRINFOA and ADDRINFOW: the same layout, ai_canonname narrow or wide. */
typedef struct {
    int32_t ai_flags;
    int32_t ai_family;
    int32_t ai_socktype;
    int32_t ai_protocol;
    uint32_t ai_addrlen;
    uint32_t ai_canonname;
    uint32_t ai_addr;
    uint32_t ai_next;
} ADDRINFO32;
PIN(ADDRINFO32, ai_family, 4);
PIN(ADDRINFO32, ai_socktype, 8);
PIN(ADDRINFO32, ai_protocol, 12);
PIN(ADDRINFO32, ai_addrlen, 16);
PIN(ADDRINFO32, ai_canonname, 20);
PIN(ADDRINFO32, ai_addr, 24);
PIN(ADDRINFO32, ai_next, 28);
PIN_SIZE(ADDRINFO32, 32);

#define FD_MAX_EVENTS32 10
typedef struct {
    int32_t lNetworkEvents;
    int32_t iErrorCode[FD_MAX_EVENTS32];
} WSANETWORKEVENTS32;
PIN(WSANETWORKEVENTS32, iErrorCode, 4);
PIN_SIZE(WSANETWORKEVENTS32, 44);

typedef struct {
    uint32_t len;
    uint32_t buf; /* char * */
} WSABUF32;
PIN(WSABUF32, buf, 4);
PIN_SIZE(WSABUF32, 8);

/* servent as 32-bit Windows lays it out: s_port before s_proto (64-bit
 * Windows swaps them). */
typedef struct {
    uint32_t s_name;    /* char * */
    uint32_t s_aliases; /* char ** */
    int16_t s_port;     /* network byte order */
    uint32_t s_proto;   /* char * */
} SERVENT32;
PIN(SERVENT32, s_aliases, 4);
PIN(SERVENT32, s_port, 8);
PIN(SERVENT32, s_proto, 12);
PIN_SIZE(SERVENT32, 16);

typedef struct {
    uint32_t p_name;    /* char * */
    uint32_t p_aliases; /* char ** */
    int16_t p_proto;
} PROTOENT32;
PIN(PROTOENT32, p_aliases, 4);
PIN(PROTOENT32, p_proto, 8);
PIN_SIZE(PROTOENT32, 12);

/* A GUID (WSAIoctl's extension function identifiers). */
typedef struct {
    uint32_t Data1;
    uint16_t Data2;
    uint16_t Data3;
    uint8_t Data4[8];
} GUID32;
PIN(GUID32, Data2, 4);
PIN(GUID32, Data3, 6);
PIN(GUID32, Data4, 8);
PIN_SIZE(GUID32, 16);

#endif
