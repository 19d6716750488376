// build-flags: -lws2_32
/* ws_overlapped.c - overlapped Winsock I/O on a loopback TCP pair: a
 * WSARecv that stays pending (WSA_IO_PENDING, WSA_IO_INCOMPLETE) until data
 * comes, completed through WSAWaitForMultipleEvents, through kernel32's
 * WaitForSingleObject on its event, and through a completion routine run
 * by an alertable SleepEx; an overlapped WSASend that completes at once;
 * closesocket aborting a pending receive; WSAIoctl (FIONBIO, FIONREAD,
 * SIO_GET_EXTENSION_FUNCTION_POINTER); getservbyname/port and
 * getprotobyname/number with their per-thread result. */
#include <stdio.h>
#include <string.h>
#include <winsock2.h>
#include <mswsock.h>
#include <windows.h>

static SOCKET listener, client, server;
static DWORD routine_error = 99, routine_bytes, routine_calls;
static WSAOVERLAPPED *routine_ov;

static void CALLBACK on_done(DWORD error, DWORD bytes, LPWSAOVERLAPPED ov, DWORD flags)
{
    (void)flags;
    routine_error = error;
    routine_bytes = bytes;
    routine_ov = ov;
    routine_calls++;
}

/* The result, and the error read right after a failed call (a printf's
 * arguments are evaluated in no fixed order). */
static void show(const char *what, int r)
{
    int e = WSAGetLastError();
    if (r == SOCKET_ERROR)
        printf("%s: %d, error %d\n", what, r, e);
    else
        printf("%s: %d\n", what, r);
}

static void show_bool(const char *what, BOOL ok)
{
    int e = WSAGetLastError();
    printf("%s: %d, error %d\n", what, ok, ok ? 0 : e);
}

static void show_ptr(const char *what, const void *p)
{
    int e = WSAGetLastError();
    printf("%s: %s, error %d\n", what, p ? "found" : "NULL", e);
}

static void pair(void)
{
    struct sockaddr_in a = { 0 };
    int len = sizeof a;
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    listener = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    bind(listener, (struct sockaddr *)&a, sizeof a);
    listen(listener, 1);
    getsockname(listener, (struct sockaddr *)&a, &len);
    client = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    printf("connect: %d\n", connect(client, (struct sockaddr *)&a, sizeof a));
    server = accept(listener, NULL, NULL);
    printf("accept: %s\n", server == INVALID_SOCKET ? "failed" : "ok");
}

/* A pending receive on the server, completed by the client's send. */
static void pending_receive(void)
{
    char buf[32] = { 0 };
    WSABUF b = { sizeof buf - 1, buf };
    WSAOVERLAPPED ov = { 0 };
    ov.hEvent = WSACreateEvent();
    DWORD n = 0, flags = 0;
    show("WSARecv", WSARecv(server, &b, 1, &n, &flags, &ov, NULL));
    DWORD got = 0;
    show_bool("not yet", WSAGetOverlappedResult(server, &ov, &got, FALSE, &flags));
    printf("event before: %lu\n", WSAWaitForMultipleEvents(1, &ov.hEvent, FALSE, 0, FALSE));
    send(client, "hello", 5, 0);
    printf("wait: %lu\n", WSAWaitForMultipleEvents(1, &ov.hEvent, FALSE, 5000, FALSE));
    BOOL done = WSAGetOverlappedResult(server, &ov, &got, FALSE, &flags);
    printf("result: %d, %lu bytes \"%s\", Internal %#lx\n", done, got, buf, (unsigned long)ov.Internal);

    /* the same through kernel32's wait on the event */
    memset(buf, 0, sizeof buf);
    show("WSARecv again", WSARecv(server, &b, 1, &n, &flags, &ov, NULL));
    send(client, "world!", 6, 0);
    printf("WaitForSingleObject: %lu\n", WaitForSingleObject(ov.hEvent, 5000));
    printf("InternalHigh %lu \"%s\"\n", (unsigned long)ov.InternalHigh, buf);
    WSACloseEvent(ov.hEvent);
}

/* An overlapped send that completes at once still signals its event. */
static void immediate_send(void)
{
    WSABUF b = { 3, "abc" };
    WSAOVERLAPPED ov = { 0 };
    ov.hEvent = WSACreateEvent();
    DWORD n = 0;
    int r = WSASend(client, &b, 1, &n, 0, &ov, NULL);
    DWORD signaled = WaitForSingleObject(ov.hEvent, 0);
    printf("WSASend: %d, %lu bytes, event %lu\n", r, n, signaled);
    char buf[8] = { 0 };
    r = recv(server, buf, sizeof buf - 1, 0);
    printf("recv: %d \"%s\"\n", r, buf);
    WSACloseEvent(ov.hEvent);
}

/* A completion routine runs when the thread waits alertably. */
static void routine(void)
{
    char buf[16] = { 0 };
    WSABUF b = { sizeof buf - 1, buf };
    WSAOVERLAPPED ov = { 0 };
    DWORD n = 0, flags = 0;
    show("WSARecv with a routine", WSARecv(server, &b, 1, &n, &flags, &ov, on_done));
    send(client, "routine", 7, 0);
    DWORD slept = SleepEx(50, FALSE);
    printf("SleepEx not alertable: %lu, calls %lu\n", slept, routine_calls);
    slept = SleepEx(5000, TRUE);
    printf("SleepEx alertable: %#lx\n", slept);
    printf("routine: calls %lu, error %lu, %lu bytes, same overlapped %d, \"%s\"\n", routine_calls, routine_error,
           routine_bytes, routine_ov == &ov, buf);
}

static void ioctls(void)
{
    u_long on = 1;
    DWORD ret = 0;
    show("FIONBIO", WSAIoctl(server, FIONBIO, &on, sizeof on, NULL, 0, &ret, NULL, NULL));
    char c[8];
    show("recv on nothing", recv(server, c, 1, 0));
    send(client, "xyz", 3, 0);
    fd_set rd;
    FD_ZERO(&rd);
    FD_SET(server, &rd);
    struct timeval tv = { 5, 0 };
    select(0, &rd, NULL, NULL, &tv);
    u_long avail = 0;
    show("FIONREAD", WSAIoctl(server, FIONREAD, NULL, 0, &avail, sizeof avail, &ret, NULL, NULL));
    printf("%lu available, %lu returned\n", avail, ret);
    printf("recv: %d\n", recv(server, c, sizeof c, 0));
    GUID poll_id = WSAID_WSAPOLL, accept_id = WSAID_ACCEPTEX;
    void *fn = NULL;
    show("WSAPoll pointer", WSAIoctl(server, SIO_GET_EXTENSION_FUNCTION_POINTER, &poll_id, sizeof poll_id, &fn,
                                     sizeof fn, &ret, NULL, NULL));
    printf("is ws2_32's WSAPoll: %d, %lu bytes\n",
           fn == (void *)GetProcAddress(GetModuleHandleA("ws2_32.dll"), "WSAPoll"), ret);
    show("AcceptEx pointer", WSAIoctl(server, SIO_GET_EXTENSION_FUNCTION_POINTER, &accept_id, sizeof accept_id,
                                      &fn, sizeof fn, &ret, NULL, NULL));
}

/* closesocket ends a pending receive, its event set, its status an error. */
static void abort_pending(void)
{
    char buf[8];
    WSABUF b = { sizeof buf, buf };
    WSAOVERLAPPED ov = { 0 };
    ov.hEvent = WSACreateEvent();
    DWORD n = 0, flags = 0;
    u_long off = 0;
    ioctlsocket(server, FIONBIO, &off);
    show("pending before close", WSARecv(server, &b, 1, &n, &flags, &ov, NULL));
    closesocket(server);
    DWORD signaled = WaitForSingleObject(ov.hEvent, 0);
    printf("after close: event %lu, failed %d\n", signaled, ov.Internal != 0 && ov.Internal != STATUS_PENDING);
    WSACloseEvent(ov.hEvent);
}

static void names(void)
{
    struct servent *s = getservbyname("http", "tcp");
    printf("http/tcp: %s port %u proto %s alias %s\n", s->s_name, ntohs(s->s_port), s->s_proto,
           s->s_aliases[0] ? s->s_aliases[0] : "-");
    struct servent *again = getservbyport(htons(25), NULL);
    printf("port 25: %s/%s alias %s, same buffer %d\n", again->s_name, again->s_proto, again->s_aliases[0],
           again == s);
    s = getservbyname("domain", "udp");
    printf("domain/udp: %u %s\n", ntohs(s->s_port), s->s_proto);
    show_ptr("nosuch", getservbyname("nosuchservice", "tcp"));
    show_ptr("echo/sctp", getservbyname("echo", "sctp"));
    struct protoent *p = getprotobyname("udp");
    printf("udp: %d %s alias %s\n", p->p_proto, p->p_name, p->p_aliases[0]);
    p = getprotobynumber(6);
    printf("6: %s\n", p->p_name);
    show_ptr("200", getprotobynumber(200));
}

int main(void)
{
    WSADATA wd;
    WSAStartup(MAKEWORD(2, 2), &wd);
    pair();
    pending_receive();
    immediate_send();
    routine();
    ioctls();
    abort_pending();
    names();
    /* wowbox's own answer: its user32 has no window message queue, so
     * WSAAsyncSelect refuses (and says so on stderr) rather than accept
     * events it could never post */
    show("WSAAsyncSelect", WSAAsyncSelect(client, (HWND)0x1234, WM_USER, FD_READ));
    closesocket(client);
    closesocket(listener);
    WSACleanup();
    return 0;
}
