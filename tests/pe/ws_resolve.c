// build-flags: -lws2_32
/* ws_resolve.c - names and address text without any network: getaddrinfo
 * ("localhost", "80") with AF_INET hints gives 127.0.0.1 port 80 as a
 * stream entry, numeric hosts need no resolver, freeaddrinfo takes the
 * list back, GetAddrInfoW does the same with wide strings, getnameinfo
 * with NI_NUMERICHOST|NI_NUMERICSERV prints an address and port,
 * gethostbyname("localhost") fills a hostent with 127.0.0.1,
 * gethostname gives a non-empty name (and WSAEFAULT for a 1-byte
 * buffer), inet_addr/inet_ntoa/inet_pton/inet_ntop convert both ways
 * (INADDR_NONE for junk), and htons/htonl swap bytes. */
#include <stdio.h>
#include <string.h>
#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>

int main(void)
{
    WSADATA wd;
    WSAStartup(MAKEWORD(2, 2), &wd);

    struct addrinfo hints = { 0 }, *res = NULL;
    hints.ai_family = AF_INET;
    hints.ai_socktype = SOCK_STREAM;
    int r = getaddrinfo("localhost", "80", &hints, &res);
    printf("getaddrinfo(localhost) %d\n", r);
    int n = 0;
    for (struct addrinfo *ai = res; ai; ai = ai->ai_next, n++) {
        struct sockaddr_in *sin = (struct sockaddr_in *)ai->ai_addr;
        if (n == 0)
            printf("first: family %d socktype %d addrlen %d %s:%d\n", ai->ai_family, ai->ai_socktype,
                   (int)ai->ai_addrlen, inet_ntoa(sin->sin_addr), ntohs(sin->sin_port));
    }
    printf("entries >= 1: %d\n", n >= 1);
    freeaddrinfo(res);

    hints.ai_flags = AI_NUMERICHOST;
    hints.ai_socktype = SOCK_DGRAM;
    r = getaddrinfo("10.1.2.3", "53", &hints, &res);
    struct sockaddr_in *sin = r == 0 ? (struct sockaddr_in *)res->ai_addr : NULL;
    printf("numeric %d %s:%d socktype %d next %p\n", r, sin ? inet_ntoa(sin->sin_addr) : "-",
           sin ? ntohs(sin->sin_port) : 0, r == 0 ? res->ai_socktype : 0, r == 0 ? (void *)res->ai_next : NULL);
    if (r == 0)
        freeaddrinfo(res);
    r = getaddrinfo("not an address", NULL, &hints, &res);
    printf("numeric junk %d\n", r);

    ADDRINFOW hw = { 0 }, *rw = NULL;
    hw.ai_family = AF_INET;
    hw.ai_flags = AI_NUMERICHOST;
    r = GetAddrInfoW(L"127.0.0.1", L"8080", &hw, &rw);
    printf("GetAddrInfoW %d port %d\n", r, r == 0 ? ntohs(((struct sockaddr_in *)rw->ai_addr)->sin_port) : 0);
    if (r == 0)
        FreeAddrInfoW(rw);

    struct sockaddr_in a = { 0 };
    a.sin_family = AF_INET;
    a.sin_port = htons(4321);
    a.sin_addr.s_addr = inet_addr("192.168.7.9");
    char host[64], serv[16];
    r = getnameinfo((struct sockaddr *)&a, sizeof a, host, sizeof host, serv, sizeof serv,
                    NI_NUMERICHOST | NI_NUMERICSERV);
    printf("getnameinfo %d %s %s\n", r, host, serv);

    struct hostent *h = gethostbyname("localhost");
    if (h)
        printf("gethostbyname: type %d length %d first %s\n", h->h_addrtype, h->h_length,
               inet_ntoa(*(struct in_addr *)h->h_addr_list[0]));
    else
        printf("gethostbyname failed %d\n", WSAGetLastError());

    char name[256] = "";
    r = gethostname(name, sizeof name);
    printf("gethostname %d non-empty %d\n", r, name[0] != 0);
    r = gethostname(name, 1);
    printf("gethostname(1 byte) %d error %d\n", r, WSAGetLastError());

    printf("inet_addr %#lx %#lx %#lx\n", (unsigned long)ntohl(inet_addr("1.2.3.4")),
           (unsigned long)inet_addr("junk"), (unsigned long)inet_addr(""));
    struct in_addr in;
    in.s_addr = htonl(0x7f000001);
    printf("inet_ntoa %s\n", inet_ntoa(in));
    unsigned char six[16];
    r = inet_pton(AF_INET6, "::1", six);
    printf("inet_pton(::1) %d last byte %d\n", r, six[15]);
    printf("inet_pton(junk) %d\n", inet_pton(AF_INET, "1.2.3", &in));
    char text[64];
    const char *t = inet_ntop(AF_INET6, six, text, sizeof text);
    printf("inet_ntop %s\n", t ? t : "NULL");
    t = inet_ntop(AF_INET6, six, text, 2);
    printf("inet_ntop short %s error %d\n", t ? t : "NULL", WSAGetLastError());
    printf("htons %#x htonl %#lx ntohs %#x\n", htons(0x1234), (unsigned long)htonl(0x12345678), ntohs(0x3412));
    WSACleanup();
    return 0;
}
