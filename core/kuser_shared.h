/* KUSER_SHARED_DATA at 0x7FFE0000: the read-only page Windows maps into
 * every process (tick count, system time, version), which code reads
 * directly instead of calling an API. */
#ifndef WOWBOX_CORE_KUSER_SHARED_H
#define WOWBOX_CORE_KUSER_SHARED_H

#include "core/ntstatus.h"
#include "core/vm.h"

#define KUSER_SHARED_DATA 0x7FFE0000u

NTSTATUS kuser_shared_create(void);
/* Refreshes the tick count and times (the ticker, or the fake clock
 * whenever it moves). */
void kuser_shared_update(void);

#endif
