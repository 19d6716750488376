/* WoW64 file-system redirection state: per thread, as Windows keeps it
 * (the thread's WOW64_TLS_FILESYSREDIR slot), consulted once by the NT path
 * translation (syscalls/ntdll/path.c). */
#ifndef WOWBOX_SYSCALLS_NTDLL_WOW64_FS_H
#define WOWBOX_SYSCALLS_NTDLL_WOW64_FS_H

#include <stdbool.h>
#include <stdint.h>

/* Whether System32 → SysWOW64 applies to the calling thread's paths now
 * (never under --no-fs-redirect). */
bool wow64_fs_redirected(void);

/* The calling thread's value: 0 while redirected. */
uint32_t wow64_fs_value(void);

/* RtlWow64EnableFsRedirectionEx: stores `disable` as the thread's value
 * (nonzero = not redirected) and returns the value it replaces. */
uint32_t wow64_fs_exchange(uint32_t disable);

#endif
