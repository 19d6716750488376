/* wsock32's setsockopt/getsockopt: Winsock 1.1 numbered the IPPROTO_IP
 * options differently (IP_TTL is 7 there, 4 in Winsock 2), so wsock32
 * keeps its own entry points, maps the number and lets ws2_32 do the rest;
 * every other option means the same in both. */
#include "syscalls/api.h"
#include "syscalls/ws2_32/options.h"
#include "syscalls/wsock32/api_args.h"

#define IPPROTO_IP32 0

/* Winsock 1 IPPROTO_IP option → Winsock 2's (winsock.h vs ws2ipdef.h). */
static const struct { int32_t v1, v2; } ip_options[] = {
    { 2, 9 },   /* IP_MULTICAST_IF */
    { 3, 10 },  /* IP_MULTICAST_TTL */
    { 4, 11 },  /* IP_MULTICAST_LOOP */
    { 5, 12 },  /* IP_ADD_MEMBERSHIP */
    { 6, 13 },  /* IP_DROP_MEMBERSHIP */
    { 7, 4 },   /* IP_TTL */
    { 8, 3 },   /* IP_TOS */
    { 9, 14 },  /* IP_DONTFRAGMENT */
};

/* The Winsock 2 number; -1 for one Winsock 1 did not have. */
static int32_t v2_option(int32_t level, int32_t optname)
{
    if (level != IPPROTO_IP32)
        return optname;
    for (size_t i = 0; i < sizeof ip_options / sizeof ip_options[0]; i++)
        if (ip_options[i].v1 == optname)
            return ip_options[i].v2;
    return -1;
}

uint64_t wsock32_setsockopt(struct thunk_call *c)
{
    API_ARGS(wsock32, setsockopt, a);
    return ws_setsockopt(a.s, a.level, v2_option(a.level, a.optname), a.optval, a.optlen);
}

uint64_t wsock32_getsockopt(struct thunk_call *c)
{
    API_ARGS(wsock32, getsockopt, a);
    return ws_getsockopt(a.s, a.level, v2_option(a.level, a.optname), a.optval, a.optlen);
}
