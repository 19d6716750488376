/* The Net* queries about this computer: a Windows 10 workstation named
 * WOWBOX in the workgroup WORKGROUP, its user the prefix's, no network
 * connections (wowbox maps no remote drives). Another server's name
 * fails as an unreachable one. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/heap.h"
#include "core/identity.h"
#include "core/process.h"
#include "redirect/prefix.h"
#include "syscalls/api.h"
#include "syscalls/netapi32/api_args.h"
#include "syscalls/netapi32/netapi.h"
#include "syscalls/netapi32/struct32.h"
#include "syscalls/win32_errors.h"

#define PLATFORM_ID_NT     500u
#define WINDOWS_MAJOR      10u
#define WINDOWS_MINOR      0u
#define WORKGROUP          "WORKGROUP"
#define SV_TYPE_WORKSTATION 0x1u
#define SV_TYPE_SERVER      0x2u
#define SV_TYPE_NT          0x1000u
#define NET_SETUP_WORKGROUP_NAME 2u /* NETSETUP_JOIN_STATUS */

static const char *user_name(void)
{
    return proc->prefix && proc->prefix->user ? proc->prefix->user : "user";
}

/* NULL, "", "WOWBOX" or "\\WOWBOX" (any case): this computer. */
static bool local_server(gaddr name)
{
    if (!name)
        return true;
    char *s = gm_wcs_to_utf8(name);
    if (!s)
        return false;
    const char *n = s;
    if (n[0] == '\\' && n[1] == '\\')
        n += 2;
    bool local = !*s || strcasecmp(n, IDENTITY_COMPUTER_NAME) == 0;
    free(s);
    return local;
}

uint64_t netapi32_NetWkstaGetInfo(struct thunk_call *c)
{
    API_ARGS(netapi32, NetWkstaGetInfo, a);
    if (!local_server(a.servername))
        return ERROR_BAD_NETPATH;
    uint32_t size = a.level == 100 ? WKSTA_INFO_100_SIZE : a.level == 101 ? WKSTA_INFO_101_SIZE
                  : a.level == 102 ? (uint32_t)sizeof(WKSTA_INFO_102_32) : 0;
    if (!size)
        return ERROR_INVALID_LEVEL;
    if (!a.bufptr)
        return ERROR_INVALID_PARAMETER;
    struct netapi_result r;
    netapi_result_init(&r, size);
    netapi_result_u32(&r, offsetof(WKSTA_INFO_102_32, platform_id), PLATFORM_ID_NT);
    netapi_result_str(&r, offsetof(WKSTA_INFO_102_32, computername), IDENTITY_COMPUTER_NAME);
    netapi_result_str(&r, offsetof(WKSTA_INFO_102_32, langroup), WORKGROUP);
    netapi_result_u32(&r, offsetof(WKSTA_INFO_102_32, ver_major), WINDOWS_MAJOR);
    netapi_result_u32(&r, offsetof(WKSTA_INFO_102_32, ver_minor), WINDOWS_MINOR);
    if (a.level >= 101)
        netapi_result_str(&r, offsetof(WKSTA_INFO_102_32, lanroot), "C:\\Windows");
    if (a.level == 102) /* the one interactive user */
        netapi_result_u32(&r, offsetof(WKSTA_INFO_102_32, logged_on_users), 1);
    return netapi_result_return(&r, a.bufptr);
}

uint64_t netapi32_NetServerGetInfo(struct thunk_call *c)
{
    API_ARGS(netapi32, NetServerGetInfo, a);
    if (!local_server(a.servername))
        return ERROR_BAD_NETPATH;
    uint32_t size = a.level == 100 ? SERVER_INFO_100_SIZE : a.level == 101 ? SERVER_INFO_101_SIZE
                  : a.level == 102 ? (uint32_t)sizeof(SERVER_INFO_102_32) : 0;
    if (!size)
        return ERROR_INVALID_LEVEL;
    if (!a.bufptr)
        return ERROR_INVALID_PARAMETER;
    struct netapi_result r;
    netapi_result_init(&r, size);
    netapi_result_u32(&r, offsetof(SERVER_INFO_102_32, platform_id), PLATFORM_ID_NT);
    netapi_result_str(&r, offsetof(SERVER_INFO_102_32, name), IDENTITY_COMPUTER_NAME);
    if (a.level >= 101) {
        netapi_result_u32(&r, offsetof(SERVER_INFO_102_32, version_major), WINDOWS_MAJOR);
        netapi_result_u32(&r, offsetof(SERVER_INFO_102_32, version_minor), WINDOWS_MINOR);
        netapi_result_u32(&r, offsetof(SERVER_INFO_102_32, type), SV_TYPE_WORKSTATION | SV_TYPE_SERVER | SV_TYPE_NT);
        netapi_result_str(&r, offsetof(SERVER_INFO_102_32, comment), "");
    }
    if (a.level == 102) {
        /* the LanmanServer defaults of a Windows workstation: 20 users,
         * autodisconnect after 15 minutes, visible, announced every 240 s
         * give or take 3000 ms */
        netapi_result_u32(&r, offsetof(SERVER_INFO_102_32, users), 20);
        netapi_result_u32(&r, offsetof(SERVER_INFO_102_32, disc), 15);
        netapi_result_u32(&r, offsetof(SERVER_INFO_102_32, announce), 240);
        netapi_result_u32(&r, offsetof(SERVER_INFO_102_32, anndelta), 3000);
        netapi_result_str(&r, offsetof(SERVER_INFO_102_32, userpath), "c:\\");
    }
    return netapi_result_return(&r, a.bufptr);
}

/* The logged-on user: no domain, so the logon domain and server are this
 * computer. */
uint64_t netapi32_NetWkstaUserGetInfo(struct thunk_call *c)
{
    API_ARGS(netapi32, NetWkstaUserGetInfo, a);
    if (a.reserved)
        return ERROR_INVALID_PARAMETER;
    if (a.level != 0 && a.level != 1)
        return ERROR_INVALID_LEVEL;
    if (!a.bufptr)
        return ERROR_INVALID_PARAMETER;
    struct netapi_result r;
    netapi_result_init(&r, a.level == 0 ? 4 : (uint32_t)sizeof(WKSTA_USER_INFO_1_32));
    netapi_result_str(&r, offsetof(WKSTA_USER_INFO_1_32, username), user_name());
    if (a.level == 1) {
        netapi_result_str(&r, offsetof(WKSTA_USER_INFO_1_32, logon_domain), IDENTITY_COMPUTER_NAME);
        netapi_result_str(&r, offsetof(WKSTA_USER_INFO_1_32, oth_domains), "");
        netapi_result_str(&r, offsetof(WKSTA_USER_INFO_1_32, logon_server), IDENTITY_COMPUTER_NAME);
    }
    return netapi_result_return(&r, a.bufptr);
}

uint64_t netapi32_NetGetJoinInformation(struct thunk_call *c)
{
    API_ARGS(netapi32, NetGetJoinInformation, a);
    if (!local_server(a.lpServer))
        return ERROR_BAD_NETPATH;
    if (!a.lpNameBuffer || !a.BufferType)
        return ERROR_INVALID_PARAMETER;
    static const uint16_t name[] = u"" WORKGROUP; /* the name alone is the block */
    gaddr b = netapi_alloc(sizeof name);
    if (!b)
        return ERROR_NOT_ENOUGH_MEMORY;
    if (!gm_write(b, name, sizeof name) || !gm_write_u32(a.lpNameBuffer, b)) {
        heap_free(proc->process_heap, b);
        return ERROR_INVALID_PARAMETER;
    }
    return gm_write_u32(a.BufferType, NET_SETUP_WORKGROUP_NAME) ? NERR_SUCCESS : ERROR_INVALID_PARAMETER;
}

/* Levels 0-2 of an empty list: no drive or device is redirected. */
uint64_t netapi32_NetUseEnum(struct thunk_call *c)
{
    API_ARGS(netapi32, NetUseEnum, a);
    if (!local_server(a.UncServerName))
        return ERROR_BAD_NETPATH;
    if (a.Level > 2)
        return ERROR_INVALID_LEVEL;
    if (!a.BufPtr || !a.EntriesRead || !a.TotalEntries)
        return ERROR_INVALID_PARAMETER;
    if (!gm_write_u32(a.BufPtr, 0) || !gm_write_u32(a.EntriesRead, 0) || !gm_write_u32(a.TotalEntries, 0))
        return ERROR_INVALID_PARAMETER;
    return NERR_SUCCESS;
}

/* The one account: the prefix's user, at level 0 (USER_INFO_0: the
 * name); the other documented levels are not implemented. */
uint64_t netapi32_NetUserEnum(struct thunk_call *c)
{
    API_ARGS(netapi32, NetUserEnum, a);
    if (!local_server(a.servername))
        return ERROR_BAD_NETPATH;
    if (a.level != 0) {
        bool documented = a.level <= 3 || a.level == 10 || a.level == 11 || a.level == 20 || a.level == 23;
        return documented ? ERROR_CALL_NOT_IMPLEMENTED : ERROR_INVALID_LEVEL;
    }
    if (!a.bufptr || !a.entriesread || !a.totalentries)
        return ERROR_INVALID_PARAMETER;
    struct netapi_result r;
    netapi_result_init(&r, 4);
    netapi_result_str(&r, 0, user_name());
    uint32_t err = netapi_result_return(&r, a.bufptr);
    if (err == NERR_SUCCESS && (!gm_write_u32(a.entriesread, 1) || !gm_write_u32(a.totalentries, 1) ||
                                (a.resume_handle && !gm_write_u32(a.resume_handle, 0))))
        return ERROR_INVALID_PARAMETER;
    return err;
}
