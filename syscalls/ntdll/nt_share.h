/* Share modes between the opens of one file (NtCreateFile's ShareAccess):
 * each open of a host file records what it reads, writes or deletes and
 * what it lets others do; a new open that conflicts is refused with
 * STATUS_SHARING_VIOLATION, as the Windows I/O manager refuses it. Within
 * this process only: the host has no share modes. */
#ifndef WOWBOX_SYSCALLS_NTDLL_NT_SHARE_H
#define WOWBOX_SYSCALLS_NTDLL_NT_SHARE_H

#include <stdint.h>
#include <sys/stat.h>

#include "core/ntstatus.h"

#define FILE_SHARE_READ   0x1u
#define FILE_SHARE_WRITE  0x2u
#define FILE_SHARE_DELETE 0x4u

/* Whether an open of the file `st` describes with this access and share
 * mode fits the opens recorded; STATUS_SHARING_VIOLATION when not. */
NTSTATUS nt_share_check(const struct stat *st, uint32_t access, uint32_t share);
/* Records an open (owner: its file object) after it succeeded. */
void nt_share_add(const struct stat *st, uint32_t access, uint32_t share, const void *owner);
/* The open went away (its last handle closed). */
void nt_share_remove(const void *owner);

#endif
