/* Socket addresses between the guest's layout (struct32.h: AF_INET6 is 23
 * there) and the host's. */
#ifndef WOWBOX_SYSCALLS_WS2_32_SOCKADDR_H
#define WOWBOX_SYSCALLS_WS2_32_SOCKADDR_H

#include <stdint.h>
#include <sys/socket.h>

#include "core/vm.h"

#define AF_UNSPEC32 0
#define AF_INET32   2
#define AF_INET6_32 23

/* -1 for a family wowbox does not carry. */
int ws_family_to_host(int family32);
int ws_family_from_host(int family);

/* Reads the guest's sockaddr (len bytes at p): 0, WSAEFAULT (unreadable
 * or too short) or WSAEAFNOSUPPORT. */
int ws_sockaddr_read(gaddr p, int32_t len, struct sockaddr_storage *out, socklen_t *outlen);
/* Writes sa to the guest at p, *plen (an int at plen) in: room, out: the
 * size; 0 or WSAEFAULT (room too small or unwritable). plen 0 with p 0:
 * nothing wanted. */
int ws_sockaddr_write(const struct sockaddr *sa, gaddr p, gaddr plen);
/* The guest's size of a host address. */
int32_t ws_sockaddr_size(const struct sockaddr *sa);
/* Fills the guest layout into buf (at least 28 bytes); its size. */
int32_t ws_sockaddr_to32(const struct sockaddr *sa, void *buf);

#endif
