/* advapi32 random bytes: RtlGenRandom (exported as SystemFunction036), from
 * core/identity.h's source (the host's entropy, or a fixed seed's stream in
 * a deterministic run). */
#include "core/guest_mem.h"
#include "core/identity.h"
#include "core/process.h"
#include "syscalls/api.h"
#include "syscalls/advapi32/api_args.h"
#include "syscalls/win32_errors.h"

/* TRUE with the buffer filled; FALSE (ERROR_NOACCESS) when it is not
 * writable, with the bytes before the bad page already written. */
uint64_t advapi32_SystemFunction036(struct thunk_call *c)
{
    API_ARGS(advapi32, SystemFunction036, a);
    uint8_t chunk[4096];
    for (uint32_t done = 0; done < a.RandomBufferLength;) {
        uint32_t n = a.RandomBufferLength - done < sizeof chunk ? a.RandomBufferLength - done : (uint32_t)sizeof chunk;
        identity_random(chunk, n);
        if (!gm_write(a.RandomBuffer + done, chunk, n)) {
            teb_set_last_error(ERROR_NOACCESS);
            return 0;
        }
        done += n;
    }
    return 1;
}
