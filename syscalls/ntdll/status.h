/* The NT layer's one error type is NTSTATUS: host errno values become
 * NTSTATUS here (one table), and NTSTATUS becomes the C runtime's errno
 * here (one table; msvcrt's numbering, which is not the host's). The
 * Win32 mapping (RtlNtStatusToDosError) is syscalls/win32_errors.c. */
#ifndef WOWBOX_SYSCALLS_NTDLL_STATUS_H
#define WOWBOX_SYSCALLS_NTDLL_STATUS_H

#include "core/ntstatus.h"

#define NT_SUCCESS(s) ((int32_t)(s) >= 0)

/* What a failed host call on a file means to Windows. */
NTSTATUS nt_status_from_errno(int host_errno);
/* msvcrt's errno (ENOENT 2, EACCES 13, EEXIST 17, ENOTEMPTY 41, ...) for a
 * failed NT call, as msvcrt derives it through the Win32 error. */
int nt_status_to_crt_errno(NTSTATUS status);

#endif
