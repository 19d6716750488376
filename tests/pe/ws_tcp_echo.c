// build-flags: -lws2_32
/* ws_tcp_echo.c - a TCP echo server and client on loopback in one process:
 * WSAStartup fills WSADATA (version 2.2, high version 2.2, description and
 * status), the server thread binds 127.0.0.1 port 0, listens and blocks in
 * accept while the main thread connects (the blocking calls let the other
 * thread run); send/recv move the bytes both ways, MSG_PEEK leaves them
 * queued, WriteFile and ReadFile work on the same SOCKETs, getsockname and
 * getpeername agree across the connection, shutdown(SD_SEND) gives the
 * peer a recv of 0, and closesocket ends both. The trace of this program
 * holds the kernel-logger records (tests/net_records.py checks them). */
#include <stdio.h>
#include <string.h>
#include <winsock2.h>
#include <windows.h>

static SOCKET listener;
static volatile LONG served;
/* what the server saw, printed by main once it is done (one order) */
static int from_loopback, from_len, echoed, accept_error, recv_error, send_error;

static DWORD WINAPI server(LPVOID arg)
{
    (void)arg;
    struct sockaddr_in peer;
    int len = sizeof peer;
    SOCKET s = accept(listener, (struct sockaddr *)&peer, &len);
    if (s == INVALID_SOCKET) {
        accept_error = WSAGetLastError();
        return 1;
    }
    from_loopback = peer.sin_addr.s_addr == htonl(INADDR_LOOPBACK);
    from_len = len;
    char buf[64];
    int total = 0;
    for (;;) {
        int n = recv(s, buf, sizeof buf, 0);
        if (n == 0)
            break;
        if (n < 0) {
            recv_error = WSAGetLastError();
            break;
        }
        total += n;
        if (send(s, buf, n, 0) != n)
            send_error = WSAGetLastError();
    }
    echoed = total;
    closesocket(s);
    InterlockedExchange(&served, 1);
    return 0;
}

/* Reads exactly n bytes. */
static int recv_all(SOCKET s, char *buf, int n)
{
    int got = 0;
    while (got < n) {
        int r = recv(s, buf + got, n - got, 0);
        if (r <= 0)
            return r;
        got += r;
    }
    return got;
}

int main(void)
{
    WSADATA wd;
    memset(&wd, 0xAB, sizeof wd);
    int r = WSAStartup(MAKEWORD(2, 2), &wd);
    printf("WSAStartup %d version %d.%d high %d.%d\n", r, LOBYTE(wd.wVersion), HIBYTE(wd.wVersion),
           LOBYTE(wd.wHighVersion), HIBYTE(wd.wHighVersion));
    printf("description \"%s\" status \"%s\"\n", wd.szDescription, wd.szSystemStatus);

    listener = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    struct sockaddr_in addr = { 0 };
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    r = bind(listener, (struct sockaddr *)&addr, sizeof addr);
    printf("bind %d\n", r);
    int len = sizeof addr;
    getsockname(listener, (struct sockaddr *)&addr, &len);
    printf("listening port assigned %d\n", addr.sin_port != 0);
    printf("listen %d\n", listen(listener, 4));

    HANDLE t = CreateThread(NULL, 0, server, NULL, 0, NULL);
    SOCKET c = socket(AF_INET, SOCK_STREAM, 0);
    r = connect(c, (struct sockaddr *)&addr, sizeof addr);
    printf("connect %d\n", r);

    struct sockaddr_in mine, theirs;
    int l1 = sizeof mine, l2 = sizeof theirs;
    getsockname(c, (struct sockaddr *)&mine, &l1);
    getpeername(c, (struct sockaddr *)&theirs, &l2);
    printf("peer is the listener %d, names %d %d\n", theirs.sin_port == addr.sin_port, l1, l2);

    const char *msg = "hello, echo";
    printf("send %d\n", send(c, msg, (int)strlen(msg), 0));
    char buf[64] = { 0 };
    int peeked = 0; /* MSG_PEEK leaves the echo queued: wait until all of it is */
    for (int i = 0; i < 500 && peeked < (int)strlen(msg); i++) {
        peeked = recv(c, buf, sizeof buf, MSG_PEEK);
        if (peeked < (int)strlen(msg))
            Sleep(10);
    }
    memset(buf, 0, sizeof buf);
    int got = recv_all(c, buf, (int)strlen(msg));
    printf("peeked %d, recv %d \"%s\"\n", peeked, got, buf);

    DWORD n = 0;
    BOOL ok = WriteFile((HANDLE)c, "0123456789", 10, &n, NULL);
    printf("WriteFile %d wrote %lu\n", ok, n);
    memset(buf, 0, sizeof buf);
    n = 0;
    DWORD want = 10, have = 0;
    while (have < want && ReadFile((HANDLE)c, buf + have, want - have, &n, NULL) && n)
        have += n;
    printf("ReadFile got %lu \"%s\"\n", have, buf);

    u_long avail = 99;
    ioctlsocket(c, FIONREAD, &avail);
    printf("FIONREAD %lu\n", avail);

    printf("shutdown %d\n", shutdown(c, SD_SEND));
    printf("recv after the server closed %d\n", recv(c, buf, sizeof buf, 0));
    WaitForSingleObject(t, INFINITE);
    printf("server: accepted from loopback %d, address length %d, echoed %d bytes, errors %d %d %d, served %ld\n",
           from_loopback, from_len, echoed, accept_error, recv_error, send_error, served);
    printf("closesocket %d %d\n", closesocket(c), closesocket(listener));
    printf("WSACleanup %d\n", WSACleanup());
    return 0;
}
