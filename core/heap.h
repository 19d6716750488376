/* Guest heaps (HeapCreate/HeapAlloc/... and the process heap msvcrt's
 * malloc sits on). Blocks live in guest memory with an 8-byte header, as
 * on Windows, so overruns corrupt what they would corrupt there. */
#ifndef WOWBOX_CORE_HEAP_H
#define WOWBOX_CORE_HEAP_H

#include <stdbool.h>
#include <stdint.h>

#include "core/ntstatus.h"
#include "core/vm.h"

#define HEAP_NO_SERIALIZE        0x1u
#define HEAP_GENERATE_EXCEPTIONS 0x4u
#define HEAP_ZERO_MEMORY         0x8u
#define HEAP_REALLOC_IN_PLACE_ONLY 0x10u

/* Handles are guest addresses of a small heap header page. */
gaddr heap_create(uint32_t initial, uint32_t maximum);
bool heap_destroy(gaddr heap);
gaddr heap_alloc(gaddr heap, uint32_t size, uint32_t flags);
bool heap_free(gaddr heap, gaddr block);
/* Returns 0 on failure; the old block stays valid then. */
gaddr heap_realloc(gaddr heap, gaddr block, uint32_t size, uint32_t flags);
/* (uint32_t)-1 for a block this heap does not own. */
uint32_t heap_size(gaddr heap, gaddr block);
bool heap_validate(gaddr heap, gaddr block);

#endif
