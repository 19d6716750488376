/* Service and protocol names: getservbyname, getservbyport,
 * getprotobyname, getprotobynumber, answered from wowbox's tables of the
 * well-known ports and IP protocol numbers (the entries Windows ships in
 * its services and protocol files for the common services; the host's
 * /etc files are not read, so every host answers alike). The result lives
 * in the calling thread's buffer, valid until its next call, as Winsock's
 * does. */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "core/guest_mem.h"
#include "syscalls/api.h"
#include "syscalls/ws2_32/api_args.h"
#include "syscalls/ws2_32/errors.h"
#include "syscalls/ws2_32/sock.h"
#include "syscalls/ws2_32/struct32.h"

#define MAX_ALIASES 3
#define MAX_TEXT    64

struct service {
    const char *name;
    uint16_t port;
    const char *proto;
    const char *aliases[MAX_ALIASES];
};

/* Each service once per protocol it is listed for. */
static const struct service services[] = {
    { "echo", 7, "tcp", { 0 } },            { "echo", 7, "udp", { 0 } },
    { "discard", 9, "tcp", { "sink", "null" } }, { "discard", 9, "udp", { "sink", "null" } },
    { "daytime", 13, "tcp", { 0 } },        { "daytime", 13, "udp", { 0 } },
    { "qotd", 17, "tcp", { "quote" } },     { "qotd", 17, "udp", { "quote" } },
    { "chargen", 19, "tcp", { "ttytst", "source" } }, { "chargen", 19, "udp", { "ttytst", "source" } },
    { "ftp-data", 20, "tcp", { 0 } },       { "ftp", 21, "tcp", { 0 } },
    { "ssh", 22, "tcp", { 0 } },            { "telnet", 23, "tcp", { 0 } },
    { "smtp", 25, "tcp", { "mail" } },      { "time", 37, "tcp", { "timserver" } },
    { "time", 37, "udp", { "timserver" } }, { "nameserver", 42, "udp", { "name" } },
    { "nicname", 43, "tcp", { "whois" } },  { "domain", 53, "tcp", { 0 } },
    { "domain", 53, "udp", { 0 } },         { "bootps", 67, "udp", { "dhcps" } },
    { "bootpc", 68, "udp", { "dhcpc" } },   { "tftp", 69, "udp", { 0 } },
    { "gopher", 70, "tcp", { 0 } },         { "finger", 79, "tcp", { 0 } },
    { "http", 80, "tcp", { "www", "www-http" } }, { "kerberos", 88, "tcp", { "krb5", "kerberos-sec" } },
    { "kerberos", 88, "udp", { "krb5", "kerberos-sec" } }, { "pop3", 110, "tcp", { 0 } },
    { "sunrpc", 111, "tcp", { "rpcbind", "portmap" } }, { "sunrpc", 111, "udp", { "rpcbind", "portmap" } },
    { "auth", 113, "tcp", { "ident", "tap" } }, { "nntp", 119, "tcp", { "usenet" } },
    { "ntp", 123, "udp", { 0 } },           { "epmap", 135, "tcp", { "loc-srv" } },
    { "epmap", 135, "udp", { "loc-srv" } }, { "netbios-ns", 137, "tcp", { "nbname" } },
    { "netbios-ns", 137, "udp", { "nbname" } }, { "netbios-dgm", 138, "udp", { "nbdatagram" } },
    { "netbios-ssn", 139, "tcp", { "nbsession" } }, { "imap", 143, "tcp", { "imap4" } },
    { "snmp", 161, "udp", { 0 } },          { "snmptrap", 162, "udp", { "snmp-trap" } },
    { "ldap", 389, "tcp", { 0 } },          { "https", 443, "tcp", { "MCom" } },
    { "https", 443, "udp", { "MCom" } },    { "microsoft-ds", 445, "tcp", { 0 } },
    { "microsoft-ds", 445, "udp", { 0 } },  { "isakmp", 500, "udp", { "ike" } },
    { "syslog", 514, "udp", { 0 } },        { "printer", 515, "tcp", { "spooler" } },
    { "ldaps", 636, "tcp", { "sldap" } },   { "imaps", 993, "tcp", { 0 } },
    { "pop3s", 995, "tcp", { "spop3" } },   { "ms-sql-s", 1433, "tcp", { 0 } },
    { "ms-sql-m", 1434, "udp", { 0 } },     { "ms-wbt-server", 3389, "tcp", { 0 } },
};

struct protocol {
    const char *name;
    uint16_t number;
    const char *aliases[MAX_ALIASES];
};

static const struct protocol protocols[] = {
    { "ip", 0, { "IP" } },          { "icmp", 1, { "ICMP" } },        { "ggp", 3, { "GGP" } },
    { "tcp", 6, { "TCP" } },        { "egp", 8, { "EGP" } },          { "pup", 12, { "PUP" } },
    { "udp", 17, { "UDP" } },       { "hmp", 20, { "HMP" } },         { "xns-idp", 22, { "XNS-IDP" } },
    { "rdp", 27, { "RDP" } },       { "ipv6", 41, { "IPv6" } },       { "ipv6-route", 43, { "IPv6-Route" } },
    { "ipv6-frag", 44, { "IPv6-Frag" } }, { "esp", 50, { "ESP" } },  { "ah", 51, { "AH" } },
    { "ipv6-icmp", 58, { "IPv6-ICMP" } }, { "ipv6-nonxt", 59, { "IPv6-NoNxt" } },
    { "ipv6-opts", 60, { "IPv6-Opts" } }, { "rvd", 66, { "RVD" } },
};

/* A name and its aliases as the guest sees them: the texts after the
 * structure, the alias array (NULL-ended) before them. */
struct layout {
    gaddr base, at, end;
    bool ok;
};

static gaddr put_text(struct layout *l, const char *s)
{
    size_t n = strlen(s) + 1;
    gaddr where = l->at;
    if (!l->ok || l->at + n > l->end || !gm_write(l->at, s, n))
        return l->ok = false, 0;
    l->at += (uint32_t)n;
    return where;
}

/* The alias array then its texts; the array's address. */
static gaddr put_aliases(struct layout *l, const char *const *aliases)
{
    unsigned n = 0;
    while (n < MAX_ALIASES && aliases[n])
        n++;
    gaddr array = l->at;
    l->at += 4 * (n + 1);
    for (unsigned i = 0; i < n && l->ok; i++)
        l->ok = gm_write_u32(array + 4 * i, put_text(l, aliases[i]));
    l->ok = l->ok && l->at <= l->end && gm_write_u32(array + 4 * n, 0);
    return array;
}

static gaddr put_servent(const struct service *s)
{
    gaddr base = ws_thread_buffer(WS_BUF_SERVENT);
    if (!base)
        return 0;
    struct layout l = { base, base + sizeof(SERVENT32), base + WS_SERVENT_SIZE, true };
    SERVENT32 e = { .s_aliases = put_aliases(&l, s->aliases) };
    e.s_name = put_text(&l, s->name);
    e.s_proto = put_text(&l, s->proto);
    e.s_port = (int16_t)(uint16_t)(s->port >> 8 | (s->port & 0xFF) << 8); /* network order */
    return l.ok && gm_write(base, &e, sizeof e) ? base : 0;
}

static gaddr put_protoent(const struct protocol *p)
{
    gaddr base = ws_thread_buffer(WS_BUF_PROTOENT);
    if (!base)
        return 0;
    struct layout l = { base, base + sizeof(PROTOENT32), base + WS_PROTOENT_SIZE, true };
    PROTOENT32 e = { .p_aliases = put_aliases(&l, p->aliases), .p_proto = (int16_t)p->number };
    e.p_name = put_text(&l, p->name);
    return l.ok && gm_write(base, &e, sizeof e) ? base : 0;
}

/* A guest string of at most MAX_TEXT - 1 bytes into buf; false (WSAEFAULT
 * in *err) when unreadable, (WSANO_DATA) when longer than any name here. */
static bool read_text(gaddr g, char buf[MAX_TEXT], int *err)
{
    for (unsigned i = 0; i < MAX_TEXT; i++) {
        uint8_t ch;
        if (!gm_read(g + i, &ch, 1))
            return *err = WSAEFAULT, false;
        buf[i] = (char)ch;
        if (!ch)
            return true;
    }
    return *err = WSANO_DATA, false;
}

static bool named(const char *name, const char *want, const char *const *aliases)
{
    if (!strcasecmp(name, want))
        return true;
    for (unsigned i = 0; i < MAX_ALIASES && aliases[i]; i++)
        if (!strcasecmp(aliases[i], want))
            return true;
    return false;
}

/* The service answering the name or the port (host order) for proto
 * ("tcp", "udp" or NULL for any). */
static uint64_t find_service(const char *name, int port, gaddr proto_g)
{
    char proto[MAX_TEXT];
    int err = 0;
    if (!ws_started())
        return wsa_fail(WSANOTINITIALISED), 0;
    if (proto_g && !read_text(proto_g, proto, &err))
        return wsa_fail(err), 0;
    for (size_t i = 0; i < sizeof services / sizeof services[0]; i++) {
        const struct service *s = &services[i];
        if (proto_g && strcasecmp(s->proto, proto))
            continue;
        if (name ? named(s->name, name, s->aliases) : s->port == port) {
            gaddr e = put_servent(s);
            return e ? e : (wsa_fail(WSAENOBUFS), 0);
        }
    }
    return wsa_fail(WSANO_DATA), 0;
}

uint64_t ws2_32_getservbyname(struct thunk_call *c)
{
    API_ARGS(ws2_32, getservbyname, a);
    char name[MAX_TEXT];
    int err = 0;
    if (!ws_started())
        return wsa_fail(WSANOTINITIALISED), 0;
    if (!a.name || !read_text(a.name, name, &err))
        return wsa_fail(a.name ? err : WSAEFAULT), 0;
    return find_service(name, 0, a.proto);
}

uint64_t ws2_32_getservbyport(struct thunk_call *c)
{
    API_ARGS(ws2_32, getservbyport, a);
    uint16_t net = (uint16_t)a.port; /* network byte order, in an int */
    return find_service(NULL, net >> 8 | (net & 0xFF) << 8, a.proto);
}

static uint64_t found_protocol(const struct protocol *p)
{
    gaddr e = put_protoent(p);
    return e ? e : (wsa_fail(WSAENOBUFS), 0);
}

uint64_t ws2_32_getprotobyname(struct thunk_call *c)
{
    API_ARGS(ws2_32, getprotobyname, a);
    char name[MAX_TEXT];
    int err = 0;
    if (!ws_started())
        return wsa_fail(WSANOTINITIALISED), 0;
    if (!a.name || !read_text(a.name, name, &err))
        return wsa_fail(a.name ? err : WSAEFAULT), 0;
    for (size_t i = 0; i < sizeof protocols / sizeof protocols[0]; i++)
        if (named(protocols[i].name, name, protocols[i].aliases))
            return found_protocol(&protocols[i]);
    return wsa_fail(WSANO_DATA), 0;
}

uint64_t ws2_32_getprotobynumber(struct thunk_call *c)
{
    API_ARGS(ws2_32, getprotobynumber, a);
    if (!ws_started())
        return wsa_fail(WSANOTINITIALISED), 0;
    for (size_t i = 0; i < sizeof protocols / sizeof protocols[0]; i++)
        if (protocols[i].number == a.number)
            return found_protocol(&protocols[i]);
    return wsa_fail(WSANO_DATA), 0;
}
