/* WoW64 file-system redirection switches: RtlWow64EnableFsRedirection(Ex)
 * over the calling thread's value, which the NT path translation reads. */
#include "syscalls/ntdll/wow64_fs.h"

#include "core/guest_mem.h"
#include "core/ntstatus.h"
#include "core/process.h"
#include "core/thread.h"
#include "syscalls/api.h"
#include "syscalls/ntdll/api_args.h"

uint32_t wow64_fs_value(void)
{
    return current_thread ? current_thread->fs_redirect_disabled : 0;
}

/* --no-fs-redirect wins over what the thread asked for; the thread's value
 * still answers Disable/Revert as it would. */
bool wow64_fs_redirected(void)
{
    return !proc->opt.no_fs_redirect && wow64_fs_value() == 0;
}

uint32_t wow64_fs_exchange(uint32_t disable)
{
    if (!current_thread)
        return 0;
    uint32_t old = current_thread->fs_redirect_disabled;
    current_thread->fs_redirect_disabled = disable;
    return old;
}

/* The argument is "enable" (a BOOLEAN: only its low byte counts); the
 * thread's value becomes 1 when it is FALSE. */
uint64_t ntdll_RtlWow64EnableFsRedirection(struct thunk_call *c)
{
    API_ARGS(ntdll, RtlWow64EnableFsRedirection, a);
    wow64_fs_exchange((a.Wow64FsEnableRedirection & 0xFFu) ? 0 : 1);
    return STATUS_SUCCESS;
}

/* Despite its name the first argument is the value to store, "disable"
 * (Wow64DisableWow64FsRedirection passes TRUE, Wow64Revert... the value it
 * got back). The old value is written first: an unwritable pointer is
 * STATUS_ACCESS_VIOLATION and the state stays as it was. */
uint64_t ntdll_RtlWow64EnableFsRedirectionEx(struct thunk_call *c)
{
    API_ARGS(ntdll, RtlWow64EnableFsRedirectionEx, a);
    if (!gm_write_u32(a.OldFsRedirectionLevel, wow64_fs_value()))
        return STATUS_ACCESS_VIOLATION;
    wow64_fs_exchange(a.Wow64FsEnableRedirection);
    return STATUS_SUCCESS;
}
