/* Faults in wowbox's own (host) code: a wowbox bug, never a guest
 * exception. Reported with a host backtrace, then abort(). */
#ifndef WOWBOX_CORE_HOST_CRASH_H
#define WOWBOX_CORE_HOST_CRASH_H

/* Installs the SIGSEGV/SIGBUS/SIGILL/SIGFPE handlers (once). A CPU backend
 * that takes these signals for guest faults installs its own afterwards and
 * passes on those that are not the guest's. */
void host_crash_install(void);

/* Run first by the crash handler, async-signal-safe: puts host state back
 * that must not outlive wowbox (the terminal a console made raw). */
extern void (*host_crash_cleanup)(void);

#endif
