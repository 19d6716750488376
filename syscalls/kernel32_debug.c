/* kernel32 debugging and code-modification support: FlushInstructionCache
 * (JIT compilers, unpackers and self-patching code call it after writing). */
#include "core/handles.h"
#include "core/process.h"
#include "syscalls/api.h"
#include "syscalls/win32_errors.h"

/* wowbox hosts one process: the pseudo-handle names it, and so does a real
 * process handle whose object points at it (a handle to another process,
 * once there are any, points elsewhere). */
static bool is_current_process(uint32_t h)
{
    if (h == CURRENT_PROCESS_HANDLE)
        return true;
    struct handle_obj *o = handle_get(h, HANDLE_PROCESS);
    return o && o->data == (void *)proc;
}

uint64_t kernel32_FlushInstructionCache(struct thunk_call *c)
{
    uint32_t base = arg(c, 1), size = arg(c, 2);
    if (!is_current_process(arg(c, 0))) {
        teb_set_last_error(ERROR_INVALID_HANDLE);
        return 0;
    }
    /* Size 0 asks for the whole cache. The backends already keep their
     * translations coherent with guest writes (as x86 caches are), so there
     * is nothing stale to drop: succeed without touching anything. */
    if (size == 0)
        return 1;
    if (size > 0u - base) /* clip a range that would wrap past 4 GB */
        size = 0u - base;
    if (size)
        proc->cpu->invalidate_code(base, size);
    return 1;
}
