/* ntdll's heap calls that kernel32's host handlers share. */
#ifndef WOWBOX_SYSCALLS_NTDLL_HEAP_H
#define WOWBOX_SYSCALLS_NTDLL_HEAP_H

#include "syscalls/api.h"

/* RtlFreeHeap: 1, or 0 with ERROR_INVALID_PARAMETER for a block the heap
 * does not own (after HeapEnableTerminationOnCorruption the process ends). */
uint64_t nt_heap_free(struct thunk_call *c, gaddr heap, gaddr block);

#endif
