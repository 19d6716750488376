/* I/O completion ports: what the file functions report when an
 * overlapped operation completes (syscalls/kernel32/iocp.c). */
#ifndef WOWBOX_SYSCALLS_KERNEL32_IOCP_H
#define WOWBOX_SYSCALLS_KERNEL32_IOCP_H

#include <stdint.h>

#include "core/handles.h"
#include "core/vm.h"

/* An operation with an OVERLAPPED on the object o completed with status st
 * and n bytes: its event is set, and a packet goes to the port the object
 * is associated with (on success, unless the event's low bit says not to). */
void iocp_io_completed(struct handle_obj *o, gaddr ov, uint32_t st, uint32_t n);

#endif
