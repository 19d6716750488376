/* kernel32's WoW64 file-system redirection switches for the calling thread,
 * over ntdll's per-thread value (syscalls/ntdll/wow64_fs.h): every file API
 * sees it because the NT path translation reads it. */
#include "core/guest_mem.h"
#include "core/process.h"
#include "syscalls/api.h"
#include "syscalls/kernel32/api_args.h"
#include "syscalls/ntdll/wow64_fs.h"
#include "syscalls/win32_errors.h"

/* OldValue gets the thread's previous value (0 while redirected); an
 * unwritable OldValue fails with ERROR_NOACCESS (ntdll's
 * STATUS_ACCESS_VIOLATION) and changes nothing. */
uint64_t kernel32_Wow64DisableWow64FsRedirection(struct thunk_call *c)
{
    API_ARGS(kernel32, Wow64DisableWow64FsRedirection, a);
    if (!gm_write_u32(a.OldValue, wow64_fs_value())) {
        teb_set_last_error(ERROR_NOACCESS);
        return 0;
    }
    wow64_fs_exchange(1);
    return 1;
}

/* The value is stored back as it is, as Windows does: it is opaque to the
 * caller, and any nonzero value (one Disable never returned included)
 * leaves redirection off; 0 turns it back on. Never fails. */
uint64_t kernel32_Wow64RevertWow64FsRedirection(struct thunk_call *c)
{
    API_ARGS(kernel32, Wow64RevertWow64FsRedirection, a);
    wow64_fs_exchange(a.OlValue);
    return 1;
}

/* The older switch: a BOOLEAN (only its low byte counts), TRUE = redirect. */
uint64_t kernel32_Wow64EnableWow64FsRedirection(struct thunk_call *c)
{
    API_ARGS(kernel32, Wow64EnableWow64FsRedirection, a);
    wow64_fs_exchange((a.Wow64FsEnableRedirection & 0xFFu) ? 0 : 1);
    return 1;
}
