/* Anonymous pipes as file objects of the NT layer (what NtCreateNamedPipeFile
 * makes for CreatePipe): a host pipe behind two file handles, read and
 * written through core/host_io.h like every other file object. */
#ifndef WOWBOX_SYSCALLS_NTDLL_PIPE_H
#define WOWBOX_SYSCALLS_NTDLL_PIPE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/handles.h"
#include "core/ntstatus.h"
#include "core/vm.h"

/* A new pipe: *read_h reads what *write_h writes. size: the buffer the
 * caller asks for (0: the default), a hint as on Windows. inherit: both
 * handles get HANDLE_FLAG_INHERIT. */
NTSTATUS nt_pipe_create(uint32_t size, bool inherit, uint32_t *read_h, uint32_t *write_h);
/* FSCTL_PIPE_PEEK on a pipe's read end: copies up to n bytes to buf (0
 * with no buffer) without consuming them; *avail: the bytes in the pipe.
 * STATUS_PIPE_BROKEN once it is drained and every writer is gone;
 * STATUS_INVALID_DEVICE_REQUEST for an object that is not a pipe. */
NTSTATUS nt_pipe_peek(struct handle_obj *o, gaddr buf, uint32_t n, uint32_t *copied, uint32_t *avail);

#endif
