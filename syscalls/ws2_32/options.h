/* Socket options by value, for ws2_32's setsockopt/getsockopt and for
 * wsock32's, which map Winsock 1's IPPROTO_IP option numbers first. */
#ifndef WOWBOX_SYSCALLS_WS2_32_OPTIONS_H
#define WOWBOX_SYSCALLS_WS2_32_OPTIONS_H

#include <stdint.h>

#include "core/vm.h"

/* 0, or SOCKET_ERROR with the thread's Winsock error set. */
uint64_t ws_setsockopt(uint32_t s, int32_t level, int32_t optname, gaddr optval, int32_t optlen);
uint64_t ws_getsockopt(uint32_t s, int32_t level, int32_t optname, gaddr optval, gaddr optlen);

#endif
