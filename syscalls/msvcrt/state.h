/* msvcrt's process-wide state shared by its handler files: data-export
 * addresses, errno, the exit-time hooks. */
#ifndef WOWBOX_SYSCALLS_MSVCRT_STATE_H
#define WOWBOX_SYSCALLS_MSVCRT_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/vm.h"

struct msvcrt_data {
    gaddr iob, initenv, winitenv, mb_cur_max, fmode, commode, acmdln, wcmdln;
    gaddr argc, argv, wargv, environ_, wenviron;
    gaddr errno_cell, doserrno_cell;
};
extern struct msvcrt_data msvcrt;

bool msvcrt_process_start(char *err, size_t errsz);
/* Flushes every open stream (exit, _cexit, process end). */
void msvcrt_flush_all(void);
void msvcrt_set_errno(int e);
/* The current thread's CRT_THREAD_DATA32 (syscalls/msvcrt/struct32.h):
 * errno first, _doserrno at +4, then the error-message buffers. */
gaddr msvcrt_errno_addr(void);
/* errno for a host errno value (msvcrt's numbering matches for the common ones). */
int msvcrt_errno_from_host(int e);

#endif
