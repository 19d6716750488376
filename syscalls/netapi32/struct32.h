/* The 32-bit LAN Manager information structures (lmwksta.h, lmserver.h,
 * lmuse.h, lmaccess.h) the implemented levels return, offsets pinned as
 * i686 Windows lays them out. Strings are guest pointers (LPWSTR). */
#ifndef WOWBOX_SYSCALLS_NETAPI32_STRUCT32_H
#define WOWBOX_SYSCALLS_NETAPI32_STRUCT32_H

#include <stdint.h>

#include "syscalls/struct32_pin.h"

typedef struct {
    uint32_t platform_id, computername, langroup, ver_major, ver_minor;
    uint32_t lanroot;          /* level 101 on */
    uint32_t logged_on_users;  /* level 102 */
} WKSTA_INFO_102_32;
PIN(WKSTA_INFO_102_32, lanroot, 20);
PIN(WKSTA_INFO_102_32, logged_on_users, 24);
PIN_SIZE(WKSTA_INFO_102_32, 28);
#define WKSTA_INFO_100_SIZE 20u
#define WKSTA_INFO_101_SIZE 24u

typedef struct {
    uint32_t platform_id, name;
    uint32_t version_major, version_minor, type, comment;                  /* level 101 on */
    uint32_t users, disc, hidden, announce, anndelta, licenses, userpath;  /* level 102 */
} SERVER_INFO_102_32;
PIN(SERVER_INFO_102_32, version_major, 8);
PIN(SERVER_INFO_102_32, comment, 20);
PIN(SERVER_INFO_102_32, userpath, 48);
PIN_SIZE(SERVER_INFO_102_32, 52);
#define SERVER_INFO_100_SIZE 8u
#define SERVER_INFO_101_SIZE 24u

/* WKSTA_USER_INFO_1; level 0 is its first member alone */
typedef struct {
    uint32_t username, logon_domain, oth_domains, logon_server;
} WKSTA_USER_INFO_1_32;
PIN_SIZE(WKSTA_USER_INFO_1_32, 16);

#endif
