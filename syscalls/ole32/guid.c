/* CoCreateGuid: a version 4 (random) GUID from the run's random bytes
 * (core/identity.h: the host's entropy, fixed in a deterministic run). */
#include "core/identity.h"
#include "syscalls/api.h"
#include "syscalls/ole32/api_args.h"

#define E_INVALIDARG 0x80070057u

uint64_t ole32_CoCreateGuid(struct thunk_call *c)
{
    API_ARGS(ole32, CoCreateGuid, a);
    uint8_t g[16];
    identity_random(g, sizeof g);
    g[7] = (uint8_t)((g[7] & 0x0F) | 0x40); /* Data3's top nibble: version 4 */
    g[8] = (uint8_t)((g[8] & 0x3F) | 0x80); /* the RFC 4122 variant */
    if (!a.pguid || !gm_write(a.pguid, g, sizeof g))
        return E_INVALIDARG;
    return 0;
}
