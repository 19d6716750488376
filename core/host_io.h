/* Host I/O that can block (pipes, the console, later sockets), done outside
 * the process lock so one thread waiting for input never stops the others.
 * The NT layer's NtReadFile/NtWriteFile, kernel32 and msvcrt all call it. */
#ifndef WOWBOX_CORE_HOST_IO_H
#define WOWBOX_CORE_HOST_IO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/ntstatus.h"
#include "core/vm.h"

struct handle_obj;

/* Whether I/O on the descriptor can wait for another party (a pipe, a
 * socket, a terminal or other character device); regular files and
 * directories cannot. */
bool host_io_may_block(int fd);

/* Reads up to n bytes of the handle's descriptor into guest memory at buf.
 * A descriptor that may block is read with the process lock released, into
 * a host bounce buffer, and buf is written once the lock is held again: if
 * another thread freed it meanwhile, the result is STATUS_ACCESS_VIOLATION
 * (the bytes are consumed, as on Windows), never a host fault. The handle
 * stays alive across the call even if another thread closes it.
 * Results: STATUS_SUCCESS with *done (0 at the end of a file or of console
 * input), STATUS_PIPE_BROKEN (a pipe, drained, whose writers are all gone),
 * STATUS_THREAD_IS_TERMINATING (the thread is being ended: the caller must
 * not return to guest code), or the failure. */
NTSTATUS host_io_read(struct handle_obj *o, gaddr buf, uint32_t n, uint32_t *done);
/* Writes n bytes from guest memory (read first, under the lock); a pipe
 * whose readers are all gone gives STATUS_PIPE_CLOSING (ERROR_NO_DATA),
 * never SIGPIPE. *done: the bytes written before a failure. */
NTSTATUS host_io_write(struct handle_obj *o, gaddr buf, uint32_t n, uint32_t *done);

/* The same on host memory that no other thread can free (a buffer of the
 * caller's own): the descriptor is used as it is. */
NTSTATUS host_io_read_fd(int fd, void *buf, size_t n, size_t *done);
NTSTATUS host_io_write_fd(int fd, const void *buf, size_t n, size_t *done);

/* An errno from a read or write as an NTSTATUS. */
NTSTATUS host_io_status(int e, bool writing);

/* Called once at start-up: SIGPIPE is ignored, so a write to a pipe whose
 * reader is gone fails with EPIPE instead of killing wowbox. */
void host_io_init(void);

#endif
