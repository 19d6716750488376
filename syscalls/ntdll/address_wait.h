/* Waits on a guest address, shared by ntdll's RtlWaitOnAddress and
 * kernel32's WaitOnAddress. */
#ifndef WOWBOX_SYSCALLS_NTDLL_ADDRESS_WAIT_H
#define WOWBOX_SYSCALLS_NTDLL_ADDRESS_WAIT_H

#include <stdbool.h>
#include <stdint.h>

#include "core/ntstatus.h"
#include "syscalls/api.h"

#define STATUS_TIMEOUT 0x00000102u

/* Blocks while the `size` bytes (1, 2, 4 or 8) at addr equal those at cmp,
 * until a wake on addr or `ticks` (100 ns; NULL: no limit) pass:
 * STATUS_SUCCESS (woken, or the values differ), STATUS_TIMEOUT,
 * STATUS_INVALID_PARAMETER (size), STATUS_ACCESS_VIOLATION (unreadable).
 * A thread ended meanwhile sets c->no_return. */
NTSTATUS nt_wait_on_address(struct thunk_call *c, gaddr addr, gaddr cmp, uint32_t size,
                            const uint64_t *ticks);

#endif
