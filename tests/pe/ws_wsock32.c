// build-flags: -lwsock32
/* ws_wsock32.c - a Winsock 1.1 program linked against wsock32.dll: its
 * imports resolve through wsock32's forwarders to ws2_32 (GetProcAddress
 * on wsock32 gives ws2_32's code for send), the Winsock 1.1 ordinals hold
 * (wsock32 #10 is inet_addr and #12 ioctlsocket, where ws2_32 #10 is
 * ioctlsocket), a UDP datagram goes round on loopback through the
 * forwarded calls, and wsock32's setsockopt takes Winsock 1's IP_TTL (7),
 * which ws2_32's getsockopt reads back as IP_TTL (4). */
#include <stdio.h>
#include <string.h>
#include <winsock.h>
#include <windows.h>

typedef int(WINAPI *getsockopt_fn)(SOCKET, int, int, char *, int *);

int main(void)
{
    WSADATA wd;
    int r = WSAStartup(MAKEWORD(1, 1), &wd);
    printf("WSAStartup %d version %d.%d\n", r, LOBYTE(wd.wVersion), HIBYTE(wd.wVersion));
    HMODULE ws1 = GetModuleHandleA("wsock32.dll"), ws2 = LoadLibraryA("ws2_32.dll");
    printf("modules %d %d\n", ws1 != NULL, ws2 != NULL);
    printf("send forwarded to ws2_32: %d\n", GetProcAddress(ws1, "send") == GetProcAddress(ws2, "send"));
    printf("wsock32 #10 is inet_addr: %d\n", GetProcAddress(ws1, (LPCSTR)10) == GetProcAddress(ws2, "inet_addr"));
    printf("wsock32 #12 is ioctlsocket: %d\n", GetProcAddress(ws1, (LPCSTR)12) == GetProcAddress(ws2, "ioctlsocket"));
    printf("ws2_32 #10 is ioctlsocket: %d\n", GetProcAddress(ws2, (LPCSTR)10) == GetProcAddress(ws2, "ioctlsocket"));
    printf("wsock32 #23 is socket: %d\n", GetProcAddress(ws1, (LPCSTR)23) == GetProcAddress(ws2, "socket"));
    printf("setsockopt is wsock32's own: %d\n", GetProcAddress(ws1, "setsockopt") != GetProcAddress(ws2, "setsockopt"));

    SOCKET a = socket(AF_INET, SOCK_DGRAM, 0), b = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in addr = { 0 };
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = inet_addr("127.0.0.1");
    bind(b, (struct sockaddr *)&addr, sizeof addr);
    int len = sizeof addr;
    getsockname(b, (struct sockaddr *)&addr, &len);
    printf("sendto %d\n", sendto(a, "winsock 1", 9, 0, (struct sockaddr *)&addr, sizeof addr));
    char buf[32] = { 0 };
    printf("recv %d \"%s\"\n", recv(b, buf, sizeof buf, 0), buf);

    int ttl = 33;
    r = setsockopt(a, IPPROTO_IP, 7 /* Winsock 1 IP_TTL */, (char *)&ttl, sizeof ttl);
    int back = 0, blen = sizeof back;
    int r2 = ((getsockopt_fn)GetProcAddress(ws2, "getsockopt"))(a, IPPROTO_IP, 4 /* Winsock 2 IP_TTL */,
                                                                (char *)&back, &blen);
    printf("IP_TTL set through wsock32 %d, read through ws2_32 %d: %d\n", r, r2, back);
    back = 0;
    blen = sizeof back;
    r = getsockopt(a, IPPROTO_IP, 7, (char *)&back, &blen);
    printf("read through wsock32 %d: %d\n", r, back);
    closesocket(a);
    closesocket(b);
    WSACleanup();
    return 0;
}
