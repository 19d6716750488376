// build-flags: -lws2_32
/* ws_errors.c - Winsock's errors: calls before WSAStartup fail with
 * WSANOTINITIALISED, a version below 1.0 with WSAVERNOTSUPPORTED (and
 * 1.1 is granted as 1.1 with the Winsock 1 limits filled); a closed or
 * made-up SOCKET gives WSAENOTSOCK; bad pointers give WSAEFAULT, never a
 * crash; listen on an unbound socket, shutdown with a bad mode and an
 * unknown ioctl give WSAEINVAL; send on an unconnected stream socket gives
 * WSAENOTCONN, after shutdown(SD_SEND) WSAESHUTDOWN; unknown options give
 * WSAENOPROTOOPT and unknown levels WSAEINVAL; bad families and types are
 * refused; WSASetLastError and GetLastError share the value; a second
 * WSACleanup fails. */
#include <stdio.h>
#include <string.h>
#include <winsock2.h>
#include <windows.h>

#define SHOW(what, call)                                                  \
    do {                                                                  \
        WSASetLastError(0);                                               \
        long r_ = (long)(call);                                           \
        printf("%-40s %ld error %d\n", what, r_, WSAGetLastError());      \
    } while (0)

int main(void)
{
    SHOW("socket before WSAStartup", socket(AF_INET, SOCK_STREAM, 0));
    SHOW("closesocket before WSAStartup", closesocket(4));
    SHOW("WSACleanup before WSAStartup", WSACleanup());

    WSADATA wd;
    printf("WSAStartup(0.1) %d\n", WSAStartup(MAKEWORD(0, 1), &wd));
    memset(&wd, 0, sizeof wd);
    int r = WSAStartup(MAKEWORD(1, 1), &wd);
    printf("WSAStartup(1.1) %d version %d.%d high %d.%d sockets %u udp %u\n", r, LOBYTE(wd.wVersion),
           HIBYTE(wd.wVersion), LOBYTE(wd.wHighVersion), HIBYTE(wd.wHighVersion), wd.iMaxSockets, wd.iMaxUdpDg);
    r = WSAStartup(MAKEWORD(3, 0), &wd);
    printf("WSAStartup(3.0) %d version %d.%d\n", r, LOBYTE(wd.wVersion), HIBYTE(wd.wVersion));
    printf("WSAStartup(NULL) %d\n", WSAStartup(MAKEWORD(2, 2), NULL));

    SOCKET s = socket(AF_INET, SOCK_STREAM, 0);
    char buf[8];
    SHOW("closesocket", closesocket(s));
    SHOW("send on a closed socket", send(s, "x", 1, 0));
    SHOW("recv on a closed socket", recv(s, buf, sizeof buf, 0));
    SHOW("closesocket again", closesocket(s));
    SHOW("bind on a made-up socket", bind((SOCKET)0x12345678, NULL, 0));
    SHOW("closesocket(INVALID_SOCKET)", closesocket(INVALID_SOCKET));
    HANDLE ev = CreateEventA(NULL, FALSE, FALSE, NULL);
    SHOW("send on an event handle", send((SOCKET)ev, "x", 1, 0));
    CloseHandle(ev);

    s = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = { 0 };
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    SHOW("bind with a NULL address", bind(s, NULL, sizeof a));
    SHOW("bind with a short length", bind(s, (struct sockaddr *)&a, 4));
    SHOW("bind with a bad pointer", bind(s, (struct sockaddr *)16, sizeof a));
    SHOW("listen before bind", listen(s, 1));
    SHOW("send unconnected", send(s, "x", 1, 0));
    SHOW("recv unconnected", recv(s, buf, sizeof buf, 0));
    SHOW("getpeername unconnected", getpeername(s, (struct sockaddr *)&a, &(int){ sizeof a }));
    SHOW("shutdown(7)", shutdown(s, 7));
    u_long v = 0;
    SHOW("ioctlsocket(unknown)", ioctlsocket(s, 0x12345, &v));
    SHOW("ioctlsocket(FIONBIO, NULL)", ioctlsocket(s, FIONBIO, NULL));
    int opt = 1, optlen = sizeof opt;
    SHOW("setsockopt(unknown level)", setsockopt(s, 0x4242, SO_REUSEADDR, (char *)&opt, sizeof opt));
    SHOW("setsockopt(unknown option)", setsockopt(s, SOL_SOCKET, 0x7777, (char *)&opt, sizeof opt));
    SHOW("setsockopt(SO_REUSEADDR)", setsockopt(s, SOL_SOCKET, SO_REUSEADDR, (char *)&opt, sizeof opt));
    opt = 0;
    SHOW("getsockopt(SO_REUSEADDR)", getsockopt(s, SOL_SOCKET, SO_REUSEADDR, (char *)&opt, &optlen));
    printf("SO_REUSEADDR %d len %d\n", opt, optlen);
    optlen = sizeof opt;
    SHOW("getsockopt(SO_TYPE)", getsockopt(s, SOL_SOCKET, SO_TYPE, (char *)&opt, &optlen));
    printf("SO_TYPE %d\n", opt);
    optlen = 2;
    SHOW("getsockopt(SO_RCVBUF, 2 bytes)", getsockopt(s, SOL_SOCKET, SO_RCVBUF, (char *)&opt, &optlen));
    DWORD ms = 1500;
    SHOW("setsockopt(SO_RCVTIMEO)", setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, (char *)&ms, sizeof ms));
    ms = 0;
    optlen = sizeof ms;
    getsockopt(s, SOL_SOCKET, SO_RCVTIMEO, (char *)&ms, &optlen);
    printf("SO_RCVTIMEO %lu\n", ms);
    opt = 1;
    SHOW("setsockopt(TCP_NODELAY)", setsockopt(s, IPPROTO_TCP, TCP_NODELAY, (char *)&opt, sizeof opt));
    closesocket(s);

    SHOW("socket(family 99)", socket(99, SOCK_STREAM, 0));
    SHOW("socket(type 77)", socket(AF_INET, 77, 0));
    SHOW("socket(stream, udp)", socket(AF_INET, SOCK_STREAM, IPPROTO_UDP));

    /* a connection, then a send after our own shutdown(SD_SEND) */
    SOCKET l = socket(AF_INET, SOCK_STREAM, 0);
    bind(l, (struct sockaddr *)&a, sizeof a);
    int len = sizeof a;
    getsockname(l, (struct sockaddr *)&a, &len);
    listen(l, 1);
    SOCKET c = socket(AF_INET, SOCK_STREAM, 0);
    connect(c, (struct sockaddr *)&a, sizeof a);
    SOCKET sv = accept(l, NULL, NULL);
    SHOW("accept into a short address", accept(l, (struct sockaddr *)&a, &(int){ 4 }));
    SHOW("recv into a bad buffer", recv(c, (char *)16, 4, 0));
    SHOW("send from a bad buffer", send(c, (char *)16, 4, 0));
    SHOW("shutdown(SD_SEND)", shutdown(c, SD_SEND));
    SHOW("send after SD_SEND", send(c, "x", 1, 0));
    SHOW("connect when connected", connect(sv, (struct sockaddr *)&a, sizeof a));
    closesocket(sv);
    closesocket(c);
    closesocket(l);

    WSASetLastError(10054);
    printf("GetLastError after WSASetLastError %lu\n", GetLastError());
    SHOW("WSACleanup 1", WSACleanup());
    SHOW("WSACleanup 2", WSACleanup());
    SHOW("WSACleanup 3", WSACleanup());
    SHOW("WSACleanup 4", WSACleanup());
    return 0;
}
