/* Registry change notification (NtNotifyChangeKey, advapi32's
 * RegNotifyChangeKeyValue): a call signals its event once, at the first
 * change its filter names, made through this process's NT registry
 * services or another wowbox process's of the same prefix (read from the
 * change journal, nt_reg_journal.h, when this process waits); a change
 * between two calls on one handle completes the next call at once. */
#ifndef WOWBOX_SYSCALLS_NTDLL_NT_REG_NOTIFY_H
#define WOWBOX_SYSCALLS_NTDLL_NT_REG_NOTIFY_H

#include <stdbool.h>
#include <stdint.h>

#include "core/ntstatus.h"

#define REG_NOTIFY_CHANGE_NAME       0x1u /* a subkey added, deleted or renamed */
#define REG_NOTIFY_CHANGE_ATTRIBUTES 0x2u
#define REG_NOTIFY_CHANGE_LAST_SET   0x4u /* a value set or deleted */
#define REG_NOTIFY_CHANGE_SECURITY   0x8u
#define REG_NOTIFY_THREAD_AGNOSTIC   0x10000000u
#define REG_NOTIFY_ALL (REG_NOTIFY_CHANGE_NAME | REG_NOTIFY_CHANGE_ATTRIBUTES | REG_NOTIFY_CHANGE_LAST_SET | \
                        REG_NOTIFY_CHANGE_SECURITY)

/* NtNotifyChangeKey on key handle `key`: asynchronous with `event` (an
 * event handle) gives STATUS_PENDING and signals the event later; else the
 * call waits for the change (STATUS_SUCCESS). */
NTSTATUS nt_notify_change_key(uint32_t key, uint32_t event, uint32_t filter, bool subtree, bool async);

/* For nt_registry.c: a change of kind `what` (REG_NOTIFY_CHANGE_*) to the
 * key at physical path `path`; a key handle's object went away (its watches
 * are signalled and dropped, as Windows does on close). */
void nt_reg_changed(const char *path, uint32_t what);
void nt_reg_key_closed(const void *key_object);

#endif
