/* Critical sections as the condition variables use them. */
#ifndef WOWBOX_SYSCALLS_KERNEL32_SYNC_H
#define WOWBOX_SYSCALLS_KERNEL32_SYNC_H

#include <stdbool.h>
#include <stdint.h>

#include "core/guest_mem.h"

/* EnterCriticalSection; false when the thread is being ended instead. */
bool kernel32_cs_enter(gaddr cs);
/* Leaves a section the current thread owns however deep it entered it:
 * the depth (0: not the owner, nothing changed). */
uint32_t kernel32_cs_leave_all(gaddr cs);
/* Enters it again to that depth; false when the thread is being ended. */
bool kernel32_cs_reenter(gaddr cs, uint32_t depth);

#endif
