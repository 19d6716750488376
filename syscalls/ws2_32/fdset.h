/* Windows' fd_set in guest memory: a count, then that many SOCKETs (not a
 * bitmap as on the host). */
#ifndef WOWBOX_SYSCALLS_WS2_32_FDSET_H
#define WOWBOX_SYSCALLS_WS2_32_FDSET_H

#include <stdbool.h>
#include <stdint.h>

#include "core/vm.h"

/* At most this many sockets per set (programs may raise FD_SETSIZE above
 * Windows' 64 before including winsock2.h). */
#define WS_FDSET_MAX 1024

/* The sockets of the set at p (0: none, count 0), at most max; the count,
 * or -1 when the set cannot be read or holds more than max. */
int ws_fdset_read(gaddr p, uint32_t *socks, unsigned max);
/* Rewrites the set at p to hold the sockets whose keep[i] is set, in
 * their order; false when it cannot be written. */
bool ws_fdset_write(gaddr p, const uint32_t *socks, const bool *keep, unsigned n);
/* __WSAFDIsSet: whether s is in the set. */
bool ws_fdset_has(gaddr p, uint32_t s);

#endif
