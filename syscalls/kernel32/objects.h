/* Handles to waitable kernel objects (core/sync.h) for the Win32 layer:
 * events, mutexes, semaphores, threads and the pseudo-handles of the
 * current thread and process. */
#ifndef WOWBOX_SYSCALLS_KERNEL32_OBJECTS_H
#define WOWBOX_SYSCALLS_KERNEL32_OBJECTS_H

#include <stdint.h>

#include "core/sync.h"

#define KOBJ_ANY (-1)

/* A new handle to o (one more reference); 0 when the table is full. */
uint32_t kobj_handle_new(struct kobj *o);
/* The object behind h if it is of `type` (KOBJ_ANY: any waitable one);
 * NULL otherwise. */
struct kobj *kobj_from_handle(uint32_t h, int type);

#endif
