// build-flags: -lws2_32
/* ws_netpolicy.c - what --net lets a program reach (tests/net_records.py
 * runs it under --net=loopback and --net=none): a TCP connect and a UDP
 * sendto to a loopback listener, and with the argument "external" the
 * same to 192.0.2.1 (TEST-NET-1), which only the policy's refusal may
 * answer: the tests never run that part under --net=host. Each line
 * prints the result and the Winsock error. */
#include <stdio.h>
#include <string.h>
#include <winsock2.h>
#include <windows.h>

static void try_reach(const char *what, struct sockaddr_in *to)
{
    SOCKET t = socket(AF_INET, SOCK_STREAM, 0);
    WSASetLastError(0);
    int r = connect(t, (struct sockaddr *)to, sizeof *to);
    printf("%s: connect %d error %d\n", what, r, r ? WSAGetLastError() : 0);
    closesocket(t);
    SOCKET u = socket(AF_INET, SOCK_DGRAM, 0);
    WSASetLastError(0);
    r = sendto(u, "x", 1, 0, (struct sockaddr *)to, sizeof *to);
    printf("%s: sendto %d error %d\n", what, r, r < 0 ? WSAGetLastError() : 0);
    closesocket(u);
}

int main(int argc, char **argv)
{
    WSADATA wd;
    WSAStartup(MAKEWORD(2, 2), &wd);
    SOCKET l = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = { 0 };
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    printf("bind loopback %d\n", bind(l, (struct sockaddr *)&a, sizeof a));
    int len = sizeof a;
    getsockname(l, (struct sockaddr *)&a, &len);
    listen(l, 4);
    try_reach("loopback", &a);
    if (argc > 1 && strcmp(argv[1], "external") == 0) {
        struct sockaddr_in x = { 0 };
        x.sin_family = AF_INET;
        x.sin_port = htons(9);
        x.sin_addr.s_addr = inet_addr("192.0.2.1");
        try_reach("external", &x);
    }
    closesocket(l);
    WSACleanup();
    return 0;
}
