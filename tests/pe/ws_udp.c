// build-flags: -lws2_32
/* ws_udp.c - UDP on loopback: sendto/recvfrom between two bound sockets
 * (the sender's address comes back in recvfrom), a datagram larger than
 * the buffer is cut and reported as WSAEMSGSIZE, MSG_PEEK leaves a
 * datagram queued, a connected UDP socket uses send/recv, WSASendTo and
 * WSARecvFrom gather and scatter WSABUFs, and recvfrom on an unbound
 * socket fails with WSAEINVAL. */
#include <stdio.h>
#include <string.h>
#include <winsock2.h>
#include <windows.h>

static struct sockaddr_in bound(SOCKET s)
{
    struct sockaddr_in a = { 0 };
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(s, (struct sockaddr *)&a, sizeof a) != 0)
        printf("bind failed %d\n", WSAGetLastError());
    int len = sizeof a;
    getsockname(s, (struct sockaddr *)&a, &len);
    return a;
}

int main(void)
{
    WSADATA wd;
    WSAStartup(MAKEWORD(2, 2), &wd);
    SOCKET a = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP), b = socket(AF_INET, SOCK_DGRAM, 0);
    SOCKET unbound = socket(AF_INET, SOCK_DGRAM, 0);
    char buf[64];
    struct sockaddr_in from;
    int fromlen = sizeof from;
    int r = recvfrom(unbound, buf, sizeof buf, 0, (struct sockaddr *)&from, &fromlen);
    printf("recvfrom on an unbound socket %d error %d\n", r, WSAGetLastError());

    struct sockaddr_in aa = bound(a), ba = bound(b);
    printf("sendto %d\n", sendto(a, "datagram one", 12, 0, (struct sockaddr *)&ba, sizeof ba));
    memset(buf, 0, sizeof buf);
    fromlen = sizeof from;
    r = recvfrom(b, buf, sizeof buf, 0, (struct sockaddr *)&from, &fromlen);
    printf("recvfrom %d \"%s\" from the sender %d, fromlen %d\n", r, buf,
           from.sin_port == aa.sin_port && from.sin_addr.s_addr == htonl(INADDR_LOOPBACK), fromlen);

    sendto(a, "peek at me", 10, 0, (struct sockaddr *)&ba, sizeof ba);
    memset(buf, 0, sizeof buf);
    r = recv(b, buf, sizeof buf, MSG_PEEK);
    printf("peek %d \"%s\"\n", r, buf);
    memset(buf, 0, sizeof buf);
    r = recv(b, buf, sizeof buf, 0);
    printf("recv %d \"%s\"\n", r, buf);

    sendto(a, "0123456789abcdef", 16, 0, (struct sockaddr *)&ba, sizeof ba);
    memset(buf, 0, sizeof buf);
    r = recv(b, buf, 4, 0);
    printf("short buffer %d error %d kept \"%.4s\"\n", r, WSAGetLastError(), buf);

    /* connected: send and recv without addresses */
    printf("connect %d %d\n", connect(a, (struct sockaddr *)&ba, sizeof ba), connect(b, (struct sockaddr *)&aa, sizeof aa));
    printf("send %d\n", send(b, "reply", 5, 0));
    memset(buf, 0, sizeof buf);
    printf("recv %d \"%s\"\n", recv(a, buf, sizeof buf, 0), buf);

    WSABUF out[2] = { { 3, "abc" }, { 4, "defg" } };
    DWORD sent = 0;
    r = WSASendTo(a, out, 2, &sent, 0, (struct sockaddr *)&ba, sizeof ba, NULL, NULL);
    printf("WSASendTo %d sent %lu\n", r, sent);
    char p1[2] = { 0 }, p2[8] = { 0 };
    WSABUF in[2] = { { 2, p1 }, { 7, p2 } };
    DWORD got = 0, flags = 0;
    fromlen = sizeof from;
    r = WSARecvFrom(b, in, 2, &got, &flags, (struct sockaddr *)&from, &fromlen, NULL, NULL);
    printf("WSARecvFrom %d got %lu \"%.2s\" \"%s\" flags %lu\n", r, got, p1, p2, flags);

    printf("closesocket %d %d %d\n", closesocket(a), closesocket(b), closesocket(unbound));
    WSACleanup();
    return 0;
}
