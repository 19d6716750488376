/* msvcrt's process-wide state shared by its handler files: data-export
 * addresses, errno, the exit-time hooks. */
#ifndef WOWBOX_SYSCALLS_MSVCRT_STATE_H
#define WOWBOX_SYSCALLS_MSVCRT_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/vm.h"
#include "syscalls/msvcrt/struct32.h"

struct msvcrt_data {
    gaddr iob, initenv, winitenv, mb_cur_max, fmode, commode, acmdln, wcmdln;
    gaddr argc, argv, wargv, environ_, wenviron;
    gaddr errno_cell, doserrno_cell;
    gaddr sys_errlist, sys_nerr;
};
extern struct msvcrt_data msvcrt;

struct thunk_call;

bool msvcrt_process_start(char *err, size_t errsz);
/* The multibyte code page at start: the ANSI one (mbcs.c). */
void msvcrt_mbcs_start(void);
/* The exit-time list that atexit and _onexit fill (ucrtbase's _crt_atexit too). */
bool msvcrt_add_atexit(gaddr fn);
/* Calls each non-NULL pointer in [start, end); with check (_initterm_e),
 * stops at the first nonzero result and returns it. */
uint32_t msvcrt_initterm(struct thunk_call *c, gaddr start, gaddr end, bool check);
/* exit (handlers true) and _exit: atexit list, flush, the process ends. */
uint64_t msvcrt_exit_process(struct thunk_call *c, uint32_t code, bool handlers);
/* The handler signal() installed for sig (0 = SIG_DFL), and its reset. */
uint32_t msvcrt_signal_handler(uint32_t sig);
void msvcrt_signal_reset(uint32_t sig);
/* Calls the handler signal() installed for sig, reset to SIG_DFL first
 * (nothing for SIG_DFL or SIG_IGN); false when the process is going away. */
bool msvcrt_call_signal_handler(struct thunk_call *c, uint32_t sig);
/* The cells of _timezone, _daylight, _dstbias and _tzname (two char *,
 * then the names), filled from the zone at the first local-time call or
 * _tzset (ucrtbase's __timezone and _get_timezone families read them). */
void msvcrt_tz_cells(gaddr *timezone, gaddr *daylight, gaddr *dstbias, gaddr *tzname);
/* A time as a struct tm, in local time (kernel32's zone) or UTC: 0, or
 * EINVAL when it is negative or past the range of a 32-bit time (wide64
 * false) or of year 3000. */
int msvcrt_time_to_tm(int64_t t, bool local, bool wide64, TM32 *out);
/* asctime's checks (every field in range, the day within its month, years
 * from 1900) and its text, NUL included (ucrtbase's asctime_s family). */
#define MSVCRT_ASCTIME_CHARS 26
bool msvcrt_tm_valid(const TM32 *tm);
void msvcrt_asctime_text(const TM32 *tm, char out[MSVCRT_ASCTIME_CHARS]);
/* Flushes every open stream (exit, _cexit, process end). */
void msvcrt_flush_all(void);
void msvcrt_set_errno(int e);
/* The current thread's CRT_THREAD_DATA32 (syscalls/msvcrt/struct32.h):
 * errno first, _doserrno at +4, then the error-message buffers. */
gaddr msvcrt_errno_addr(void);
/* errno for a host errno value (msvcrt's numbering matches for the common ones). */
int msvcrt_errno_from_host(int e);

#endif
