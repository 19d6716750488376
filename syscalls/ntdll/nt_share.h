/* Share modes between the opens of one file (NtCreateFile's ShareAccess) and
 * its delete-pending state, across every wowbox process of the prefix:
 * each open of a host file records what it reads, writes or deletes and
 * what it lets others do; a new open that conflicts is refused with
 * STATUS_SHARING_VIOLATION, as the Windows I/O manager refuses it, and an
 * open of a file whose deletion is pending with STATUS_DELETE_PENDING. */
#ifndef WOWBOX_SYSCALLS_NTDLL_NT_SHARE_H
#define WOWBOX_SYSCALLS_NTDLL_NT_SHARE_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/stat.h>

#include "core/ntstatus.h"

#define FILE_SHARE_READ   0x1u
#define FILE_SHARE_WRITE  0x2u
#define FILE_SHARE_DELETE 0x4u

struct share_open;

/* Whether a new open of the regular file at `host` (`st`: its stat) with
 * this access and share mode fits the opens of it, in this process and the
 * others: STATUS_SHARING_VIOLATION or STATUS_DELETE_PENDING when not. On
 * success *claim holds the open's place: nt_share_add once the open is
 * made, nt_share_cancel when it is not. */
NTSTATUS nt_share_check(const char *host, const struct stat *st, uint32_t access, uint32_t share,
                        struct share_open **claim);
void nt_share_add(struct share_open *claim, const void *owner);
void nt_share_cancel(struct share_open *claim);
/* The open went away (its last handle closed). When the file's deletion is
 * pending and this was its last open in any process, the file goes. False:
 * no open of that owner was recorded. */
bool nt_share_remove(const void *owner);
/* The open's file was renamed to host. */
void nt_share_moved(const void *owner, const char *host);

/* The delete-pending state of a regular file (FileDispositionInformation):
 * set, new opens fail and the last close removes the file; cleared, it
 * stays. False when the state cannot be kept (no prefix): the caller then
 * deletes on its own close, as before the state existed. */
bool nt_share_set_delete_pending(const struct stat *st, bool on);
bool nt_share_delete_pending(const struct stat *st);

#endif
