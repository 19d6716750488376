/* What netapi32's files share: LAN Manager status codes and the one-block
 * result buffers (a structure, then the strings it points to). */
#ifndef WOWBOX_SYSCALLS_NETAPI32_NETAPI_H
#define WOWBOX_SYSCALLS_NETAPI32_NETAPI_H

#include <stdbool.h>
#include <stdint.h>

#include "core/vm.h"

#define NERR_SUCCESS      0u

/* A zeroed block of the process heap (NetApiBufferFree frees it); 0 when
 * the heap has no room. */
gaddr netapi_alloc(uint32_t size);

/* A result being built on the host: `fixed` bytes of structures, then the
 * UTF-16 strings their pointer members name. */
#define NETAPI_RESULT_MAX 2048u
#define NETAPI_SLOTS_MAX 32u
struct netapi_result {
    uint8_t data[NETAPI_RESULT_MAX];
    uint32_t used;
    uint32_t slots[NETAPI_SLOTS_MAX]; /* offsets of pointer members to relocate */
    unsigned nslots;
};
/* Starts a result whose structures take `fixed` bytes (zeroed). */
void netapi_result_init(struct netapi_result *r, uint32_t fixed);
/* Sets the 32-bit member at `member` (an offset) to a copy of the UTF-8
 * string s; false when the result is full. */
bool netapi_result_str(struct netapi_result *r, uint32_t member, const char *s);
/* Sets the 32-bit member at `member` to the value v. */
void netapi_result_u32(struct netapi_result *r, uint32_t member, uint32_t v);
/* Copies the result into a new heap block, pointers made guest addresses,
 * and stores the block's address at out: a NET_API_STATUS. */
uint32_t netapi_result_return(struct netapi_result *r, gaddr out);

#endif
