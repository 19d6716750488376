/* msvcrt's heap as other msvcrt handler files use it: blocks they hand to
 * the program (_strdup, getenv copies, ...) must be ones free() accepts. */
#ifndef WOWBOX_SYSCALLS_MSVCRT_HEAP_H
#define WOWBOX_SYSCALLS_MSVCRT_HEAP_H

#include <stdint.h>

#include "core/vm.h"

/* malloc: 0 (errno ENOMEM) on failure. */
gaddr crt_malloc(uint32_t size);
/* free: 0 is fine. */
void crt_free(gaddr block);

#endif
