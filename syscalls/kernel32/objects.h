/* Handles to waitable kernel objects (core/sync.h) for the Win32 layer:
 * events, mutexes, semaphores, threads and the pseudo-handles of the
 * current thread and process. */
#ifndef WOWBOX_SYSCALLS_KERNEL32_OBJECTS_H
#define WOWBOX_SYSCALLS_KERNEL32_OBJECTS_H

#include <stdbool.h>
#include <stdint.h>

#include "core/sync.h"

#define KOBJ_ANY (-1)

/* A new handle to o (one more reference); 0 when the table is full. */
uint32_t kobj_handle_new(struct kobj *o);
/* The object behind h if it is of `type` (KOBJ_ANY: any waitable one);
 * NULL otherwise. */
struct kobj *kobj_from_handle(uint32_t h, int type);
/* Create-or-open for a name (A or W; 0: anonymous): a handle to the
 * existing object of that name (last error ERROR_ALREADY_EXISTS, *existed)
 * or to `fresh`, whose creation reference is dropped either way; 0 with
 * the last error set on failure. */
uint64_t kobj_publish(struct kobj *fresh, gaddr name_ptr, bool wide, bool *existed);
/* An object's name from the guest (A or W) as the namespace keys it
 * ("Local\" dropped; malloc'd); NULL with *err when it is unreadable or
 * invalid, NULL with *err 0 for no name. */
char *kobj_name_key(gaddr name_ptr, bool wide, uint32_t *err);
/* A new handle to the named object of `type`; 0 with the last error set. */
uint64_t kobj_open_named(int type, gaddr name_ptr, bool wide);

/* A SECURITY_ATTRIBUTES' bInheritHandle (sa 0: not inheritable); false when
 * the structure cannot be read. */
bool k32_sa_inherit(gaddr sa, bool *inherit);
/* Marks h inheritable when inherit is set (bInheritHandle); returns h. */
uint32_t k32_handle_inherit(uint32_t h, bool inherit);

#endif
