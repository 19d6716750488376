/* Registry changes across the wowbox processes of one prefix: every change
 * a process makes through its NT registry services is also appended to a
 * small ring of records in the prefix ("<prefix>/registry.changes", next
 * to the store), so a process watching a key (NtNotifyChangeKey) learns of
 * another process's changes too. */
#ifndef WOWBOX_SYSCALLS_NTDLL_NT_REG_JOURNAL_H
#define WOWBOX_SYSCALLS_NTDLL_NT_REG_JOURNAL_H

#include <stdbool.h>
#include <stdint.h>

/* Records a change of kind `what` (REG_NOTIFY_CHANGE_*) to the key at
 * physical path `path` made by this process; quietly nothing when the
 * journal cannot be opened (no prefix). */
void regjournal_append(const char *path, uint32_t what);

/* The reading side. regjournal_follow starts following the journal from
 * its current end (false: no journal); regjournal_read hands every record
 * another process appended since the last read to `changed`, or calls
 * `lost` once when more were appended than the ring keeps (then any key
 * may have changed). regjournal_wake_fd is a descriptor that becomes
 * readable when a record is appended (an inotify watch; regjournal_read
 * drains it), -1 when not following. */
typedef void regjournal_changed_fn(const char *path, uint32_t what);
typedef void regjournal_lost_fn(void);
bool regjournal_follow(void);
void regjournal_read(regjournal_changed_fn *changed, regjournal_lost_fn *lost);
int regjournal_wake_fd(void);

#endif
