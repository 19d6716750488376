// build-flags: -lws2_32
/* ws_nonblock.c - non-blocking sockets: FIONBIO makes connect return
 * WSAEWOULDBLOCK and select then reports the socket writable once the
 * connection is up (not readable: nothing came); accept and recv with
 * nothing pending give WSAEWOULDBLOCK; select with a zero timeout returns
 * 0, and a set left unready is emptied; FIONREAD counts queued bytes;
 * WSAPoll reports POLLRDNORM; a non-blocking connect to a port nobody
 * listens on is reported in exceptfds (not writefds) with SO_ERROR
 * WSAECONNREFUSED; WSAEventSelect signals FD_ACCEPT, FD_CONNECT/FD_WRITE
 * and FD_READ/FD_CLOSE through WSAWaitForMultipleEvents and
 * WSAEnumNetworkEvents. */
#include <stdio.h>
#include <string.h>
#include <winsock2.h>
#include <windows.h>

static SOCKET listening(struct sockaddr_in *a)
{
    SOCKET s = socket(AF_INET, SOCK_STREAM, 0);
    memset(a, 0, sizeof *a);
    a->sin_family = AF_INET;
    a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(s, (struct sockaddr *)a, sizeof *a);
    int len = sizeof *a;
    getsockname(s, (struct sockaddr *)a, &len);
    listen(s, 4);
    return s;
}

static void nonblocking(SOCKET s)
{
    u_long on = 1;
    if (ioctlsocket(s, FIONBIO, &on) != 0)
        printf("FIONBIO failed %d\n", WSAGetLastError());
}

static void select_connect(void)
{
    struct sockaddr_in a;
    SOCKET l = listening(&a);
    nonblocking(l);
    SOCKET none = accept(l, NULL, NULL);
    printf("accept with nothing pending %d error %d\n", none == INVALID_SOCKET, WSAGetLastError());

    SOCKET c = socket(AF_INET, SOCK_STREAM, 0);
    nonblocking(c);
    int r = connect(c, (struct sockaddr *)&a, sizeof a);
    printf("connect %d error %d\n", r, WSAGetLastError());
    fd_set rd, wr;
    FD_ZERO(&rd);
    FD_ZERO(&wr);
    FD_SET(c, &rd);
    FD_SET(c, &wr);
    struct timeval tv = { 5, 0 };
    r = select(0, &rd, &wr, NULL, &tv);
    printf("select %d readable %d writable %d counts %u %u\n", r, FD_ISSET(c, &rd) != 0, FD_ISSET(c, &wr) != 0,
           rd.fd_count, wr.fd_count);

    FD_ZERO(&rd);
    FD_SET(l, &rd);
    r = select(0, &rd, NULL, NULL, &tv);
    printf("listener readable: select %d\n", r);
    SOCKET s = accept(l, NULL, NULL);
    printf("accepted %d\n", s != INVALID_SOCKET);

    char buf[16];
    r = recv(c, buf, sizeof buf, 0);
    printf("recv with nothing queued %d error %d\n", r, WSAGetLastError());
    FD_ZERO(&rd);
    FD_SET(c, &rd);
    struct timeval zero = { 0, 0 };
    r = select(0, &rd, NULL, NULL, &zero);
    printf("select zero timeout %d count %u\n", r, rd.fd_count);

    send(s, "12345", 5, 0);
    WSAPOLLFD p = { c, POLLRDNORM, 0 };
    r = WSAPoll(&p, 1, 5000);
    printf("WSAPoll %d revents %#x\n", r, p.revents);
    u_long avail = 0;
    ioctlsocket(c, FIONREAD, &avail);
    printf("FIONREAD %lu\n", avail);
    printf("recv %d\n", recv(c, buf, sizeof buf, 0));
    closesocket(s);
    closesocket(c);
    closesocket(l);
}

static void refused(void)
{
    struct sockaddr_in a;
    SOCKET l = listening(&a);
    closesocket(l); /* nobody listens on that port now */
    SOCKET c = socket(AF_INET, SOCK_STREAM, 0);
    nonblocking(c);
    int r = connect(c, (struct sockaddr *)&a, sizeof a);
    printf("connect to a closed port %d error %d\n", r, WSAGetLastError());
    fd_set wr, ex;
    FD_ZERO(&wr);
    FD_ZERO(&ex);
    FD_SET(c, &wr);
    FD_SET(c, &ex);
    struct timeval tv = { 5, 0 };
    r = select(0, NULL, &wr, &ex, &tv);
    printf("select %d writable %d exception %d\n", r, FD_ISSET(c, &wr) != 0, FD_ISSET(c, &ex) != 0);
    int err = 0, len = sizeof err;
    getsockopt(c, SOL_SOCKET, SO_ERROR, (char *)&err, &len);
    printf("SO_ERROR %d\n", err);
    closesocket(c);
}

static void events(void)
{
    struct sockaddr_in a;
    SOCKET l = listening(&a);
    WSAEVENT le = WSACreateEvent(), ce = WSACreateEvent();
    printf("WSAEventSelect listener %d\n", WSAEventSelect(l, le, FD_ACCEPT));
    DWORD r = WSAWaitForMultipleEvents(1, &le, FALSE, 0, FALSE);
    printf("nothing pending: %s\n", r == WSA_WAIT_TIMEOUT ? "WSA_WAIT_TIMEOUT" : "signaled");

    SOCKET c = socket(AF_INET, SOCK_STREAM, 0);
    printf("WSAEventSelect client %d\n", WSAEventSelect(c, ce, FD_CONNECT | FD_WRITE | FD_READ | FD_CLOSE));
    int cr = connect(c, (struct sockaddr *)&a, sizeof a);
    printf("connect %d error %d\n", cr, WSAGetLastError());

    WSAEVENT both[2] = { le, ce };
    WSANETWORKEVENTS ne;
    int seen_accept = 0, seen_connect = 0, seen_write = 0;
    SOCKET s = INVALID_SOCKET;
    for (int i = 0; i < 10 && !(seen_accept && seen_connect && seen_write); i++) {
        r = WSAWaitForMultipleEvents(2, both, FALSE, 5000, FALSE);
        if (r == WSA_WAIT_EVENT_0) {
            WSAEnumNetworkEvents(l, le, &ne);
            if (ne.lNetworkEvents & FD_ACCEPT) {
                seen_accept = 1;
                s = accept(l, NULL, NULL);
            }
        } else if (r == WSA_WAIT_EVENT_0 + 1) {
            WSAEnumNetworkEvents(c, ce, &ne);
            if (ne.lNetworkEvents & FD_CONNECT)
                seen_connect = 1 + ne.iErrorCode[FD_CONNECT_BIT];
            if (ne.lNetworkEvents & FD_WRITE)
                seen_write = 1;
        } else {
            printf("wait %lu\n", r);
            break;
        }
    }
    printf("FD_ACCEPT %d FD_CONNECT %d (error 0) FD_WRITE %d\n", seen_accept, seen_connect, seen_write);

    send(s, "ping", 4, 0);
    r = WSAWaitForMultipleEvents(1, &ce, FALSE, 5000, FALSE);
    WSAEnumNetworkEvents(c, ce, &ne);
    printf("wait %lu FD_READ %d\n", r, (ne.lNetworkEvents & FD_READ) != 0);
    char buf[8];
    printf("recv %d\n", recv(c, buf, sizeof buf, 0));
    closesocket(s);
    r = WSAWaitForMultipleEvents(1, &ce, FALSE, 5000, FALSE);
    WSAEnumNetworkEvents(c, ce, &ne);
    printf("wait %lu FD_CLOSE %d error %d\n", r, (ne.lNetworkEvents & FD_CLOSE) != 0, ne.iErrorCode[FD_CLOSE_BIT]);
    u_long off = 0;
    int fr = ioctlsocket(c, FIONBIO, &off);
    printf("FIONBIO off under WSAEventSelect %d error %d\n", fr, WSAGetLastError());
    closesocket(c);
    closesocket(l);
    printf("WSACloseEvent %d %d\n", WSACloseEvent(le), WSACloseEvent(ce));
}

int main(void)
{
    WSADATA wd;
    WSAStartup(MAKEWORD(2, 2), &wd);
    select_connect();
    refused();
    events();
    WSACleanup();
    return 0;
}
