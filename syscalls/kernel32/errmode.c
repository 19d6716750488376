/* kernel32's error modes: the process-wide mode (SetErrorMode) and each
 * thread's own (SetThreadErrorMode), kept in the TEB's HardErrorMode in
 * ntdll's bit encoding as Windows keeps it. wowbox shows no dialog boxes,
 * so the modes change nothing visible; programs set them first thing and
 * read them back, and the values must be right. */
#include "core/process.h"
#include "core/teb.h"
#include "core/thread.h"
#include "syscalls/api.h"
#include "syscalls/kernel32/api_args.h"
#include "syscalls/win32_errors.h"

#define SEM_FAILCRITICALERRORS     0x0001u
#define SEM_NOGPFAULTERRORBOX      0x0002u
#define SEM_NOALIGNMENTFAULTEXCEPT 0x0004u
#define SEM_NOOPENFILEERRORBOX     0x8000u
/* ntdll's per-thread bits for the same three modes */
#define RTL_ERRORMODE_FAILCRITICALERRORS 0x10u
#define RTL_ERRORMODE_NOGPFAULTERRORBOX  0x20u
#define RTL_ERRORMODE_NOOPENFILEERRORBOX 0x40u

static uint32_t process_mode;

/* SEM_NOALIGNMENTFAULTEXCEPT cannot be cleared once set (as on Windows). */
uint64_t kernel32_SetErrorMode(struct thunk_call *c)
{
    API_ARGS(kernel32, SetErrorMode, a);
    uint32_t old = process_mode;
    process_mode = a.uMode | (old & SEM_NOALIGNMENTFAULTEXCEPT);
    return old;
}

uint64_t kernel32_GetErrorMode(struct thunk_call *c)
{
    (void)c;
    return process_mode;
}

static uint32_t to_rtl(uint32_t sem)
{
    return (sem & SEM_FAILCRITICALERRORS ? RTL_ERRORMODE_FAILCRITICALERRORS : 0) |
           (sem & SEM_NOGPFAULTERRORBOX ? RTL_ERRORMODE_NOGPFAULTERRORBOX : 0) |
           (sem & SEM_NOOPENFILEERRORBOX ? RTL_ERRORMODE_NOOPENFILEERRORBOX : 0);
}

static uint32_t from_rtl(uint32_t rtl)
{
    return (rtl & RTL_ERRORMODE_FAILCRITICALERRORS ? SEM_FAILCRITICALERRORS : 0) |
           (rtl & RTL_ERRORMODE_NOGPFAULTERRORBOX ? SEM_NOGPFAULTERRORBOX : 0) |
           (rtl & RTL_ERRORMODE_NOOPENFILEERRORBOX ? SEM_NOOPENFILEERRORBOX : 0);
}

static gaddr thread_mode_cell(void)
{
    return current_thread->teb + TEB_HARD_ERROR_MODE;
}

uint64_t kernel32_GetThreadErrorMode(struct thunk_call *c)
{
    (void)c;
    uint32_t rtl = 0;
    gm_read_u32(thread_mode_cell(), &rtl);
    return from_rtl(rtl);
}

uint64_t kernel32_SetThreadErrorMode(struct thunk_call *c)
{
    API_ARGS(kernel32, SetThreadErrorMode, a);
    if (a.dwNewMode & ~(SEM_FAILCRITICALERRORS | SEM_NOGPFAULTERRORBOX | SEM_NOOPENFILEERRORBOX)) {
        teb_set_last_error(ERROR_INVALID_PARAMETER);
        return 0;
    }
    uint32_t rtl = 0;
    gm_read_u32(thread_mode_cell(), &rtl);
    if (a.lpOldMode && !gm_write_u32(a.lpOldMode, from_rtl(rtl))) {
        teb_set_last_error(ERROR_NOACCESS);
        return 0;
    }
    gm_write_u32(thread_mode_cell(), (rtl & ~to_rtl(~0u)) | to_rtl(a.dwNewMode));
    return 1;
}
