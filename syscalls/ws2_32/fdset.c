/* fd_set conversion: Windows' count + SOCKET array, read and rewritten
 * through the checked guest accessors. */
#include "syscalls/ws2_32/fdset.h"

#include <stddef.h>

#include "core/guest_mem.h"
#include "syscalls/ws2_32/struct32.h"

#define ARRAY offsetof(FD_SET32, fd_array)

int ws_fdset_read(gaddr p, uint32_t *socks, unsigned max)
{
    if (!p)
        return 0;
    uint32_t count;
    if (!gm_read_u32(p + offsetof(FD_SET32, fd_count), &count) || count > max)
        return -1;
    if (count && !gm_read(p + ARRAY, socks, count * sizeof *socks))
        return -1;
    return (int)count;
}

bool ws_fdset_write(gaddr p, const uint32_t *socks, const bool *keep, unsigned n)
{
    if (!p)
        return true;
    uint32_t kept = 0;
    for (unsigned i = 0; i < n; i++)
        if (keep[i] && !gm_write_u32(p + ARRAY + 4 * kept++, socks[i]))
            return false;
    return gm_write_u32(p + offsetof(FD_SET32, fd_count), kept);
}

bool ws_fdset_has(gaddr p, uint32_t s)
{
    uint32_t count, v;
    if (!p || !gm_read_u32(p + offsetof(FD_SET32, fd_count), &count))
        return false;
    for (uint32_t i = 0; i < count && i < WS_FDSET_MAX; i++)
        if (gm_read_u32(p + ARRAY + 4 * i, &v) && v == s)
            return true;
    return false;
}
