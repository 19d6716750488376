/* Shared pieces of kernel32's file layer for other handler files (msvcrt's
 * low-level I/O sits on the same handles). */
#ifndef WOWBOX_SYSCALLS_KERNEL32_FILE_H
#define WOWBOX_SYSCALLS_KERNEL32_FILE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/handles.h"

bool kernel32_std_handles_init(void);
/* A file or console handle, or NULL. */
struct handle_obj *kernel32_io_handle(uint32_t h);
uint32_t errno_to_win32(int e);

#endif
