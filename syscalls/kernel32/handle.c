/* kernel32 handles of any kind: DuplicateHandle (within the one process
 * wowbox runs; a duplicate shares the object, so a pipe end's descriptor
 * closes with its last handle) and the per-handle inherit and
 * protect-from-close flags. Access masks are not kept per handle, so a
 * duplicate has the access of its source whatever dwDesiredAccess asks. */
#include "core/handles.h"
#include "core/process.h"
#include "core/thread.h"
#include "syscalls/api.h"
#include "syscalls/kernel32/api_args.h"
#include "syscalls/kernel32/objects.h"
#include "syscalls/win32_errors.h"

#define DUPLICATE_CLOSE_SOURCE 0x1u
#define DUPLICATE_SAME_ACCESS  0x2u

static uint64_t fail(uint32_t err)
{
    teb_set_last_error(err);
    return 0;
}

/* Only our own process can be named: GetCurrentProcess() or a handle to it. */
static bool own_process(uint32_t h)
{
    struct kobj *o = kobj_from_handle(h, KOBJ_PROCESS);
    return o && o == kobj_from_handle(CURRENT_PROCESS_HANDLE, KOBJ_PROCESS);
}

/* A new handle to what h names; the pseudo-handles give real ones. */
static uint32_t duplicate(uint32_t h)
{
    if (h == CURRENT_THREAD_HANDLE || h == CURRENT_PROCESS_HANDLE) {
        struct kobj *o = kobj_from_handle(h, KOBJ_ANY);
        return o ? kobj_handle_new(o) : 0;
    }
    return handle_dup(h);
}

uint64_t kernel32_DuplicateHandle(struct thunk_call *c)
{
    API_ARGS(kernel32, DuplicateHandle, a);
    uint32_t src = a.hSourceHandle, options = a.dwOptions;
    gaddr out = a.lpTargetHandle;
    if (!own_process(a.hSourceProcessHandle) || (out && !own_process(a.hTargetProcessHandle)))
        return fail(ERROR_INVALID_HANDLE);
    bool pseudo = src == CURRENT_THREAD_HANDLE || src == CURRENT_PROCESS_HANDLE;
    if (!pseudo && !handle_get(src, HANDLE_FREE))
        return fail(ERROR_INVALID_HANDLE);
    if (out && !gm_writable(out, 4))
        return fail(ERROR_NOACCESS);
    uint32_t dup = 0;
    if (out) {
        dup = duplicate(src);
        if (!dup)
            return fail(ERROR_NOT_ENOUGH_MEMORY);
        handle_set_flags(dup, HANDLE_FLAG_INHERIT, a.bInheritHandle ? HANDLE_FLAG_INHERIT : 0);
        gm_write_u32(out, dup);
    }
    /* the source goes even when no copy was asked for */
    if ((options & DUPLICATE_CLOSE_SOURCE) && !pseudo)
        handle_close(src);
    return 1;
}

uint64_t kernel32_GetHandleInformation(struct thunk_call *c)
{
    API_ARGS(kernel32, GetHandleInformation, a);
    if (!handle_get(a.hObject, HANDLE_FREE))
        return fail(ERROR_INVALID_HANDLE);
    return gm_write_u32(a.lpdwFlags, handle_flags(a.hObject)) ? 1 : fail(ERROR_NOACCESS);
}

uint64_t kernel32_SetHandleInformation(struct thunk_call *c)
{
    API_ARGS(kernel32, SetHandleInformation, a);
    if (a.dwMask & ~(HANDLE_FLAG_INHERIT | HANDLE_FLAG_PROTECT_FROM_CLOSE))
        return fail(ERROR_INVALID_PARAMETER);
    return handle_set_flags(a.hObject, a.dwMask, a.dwFlags) ? 1 : fail(ERROR_INVALID_HANDLE);
}
