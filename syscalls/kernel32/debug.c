/* kernel32 debugging and code-modification support: FlushInstructionCache
 * (JIT compilers, unpackers and self-patching code call it after writing),
 * and the debug API as a process sees it with no debugger anywhere. */
#include "core/handles.h"
#include "core/process.h"
#include "syscalls/api.h"
#include "syscalls/kernel32/api_args.h"
#include "syscalls/kernel32/child.h"
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
    API_ARGS(kernel32, FlushInstructionCache, a);
    uint32_t base = a.lpBaseAddress, size = a.dwSize;
    if (!is_current_process(a.hProcess)) {
        teb_set_last_error(ERROR_INVALID_HANDLE);
        return 0;
    }
    /* Size 0 (with a NULL base: "the whole cache") names no range. The
     * backends keep their translations coherent with guest writes anyway,
     * as x86 caches are, so nothing is stale: succeed and drop nothing. */
    if (size == 0)
        return 1;
    if ((uint64_t)base + size > 0x100000000ull) /* clip a range past 4 GB */
        size = (uint32_t)(0x100000000ull - base);
    proc->cpu->invalidate_code(base, size);
    return 1;
}

/* The debugger side of the debug API. This thread is no debugger (nothing
 * here attaches to a debuggee), so it has no debug object: Windows' ntdll
 * then waits on a NULL handle and fails with STATUS_INVALID_HANDLE, which
 * callers polling in a loop take as "stop". */
static uint64_t fail(uint32_t err)
{
    teb_set_last_error(err);
    return 0;
}

static uint64_t no_debug_object(void)
{
    teb_set_last_error(ERROR_INVALID_HANDLE);
    return 0;
}

uint64_t kernel32_WaitForDebugEvent(struct thunk_call *c)
{
    (void)c;
    return no_debug_object();
}

uint64_t kernel32_ContinueDebugEvent(struct thunk_call *c)
{
    (void)c;
    return no_debug_object();
}

/* No debugger is attached to this process, and wowbox can attach none. */
uint64_t kernel32_CheckRemoteDebuggerPresent(struct thunk_call *c)
{
    API_ARGS(kernel32, CheckRemoteDebuggerPresent, a);
    if (!a.pbDebuggerPresent)
        return fail(ERROR_INVALID_PARAMETER);
    if (!is_current_process(a.hProcess) && !handle_get(a.hProcess, HANDLE_PROCESS))
        return fail(ERROR_INVALID_HANDLE);
    return gm_write_u32(a.pbDebuggerPresent, 0) ? 1 : fail(ERROR_NOACCESS);
}

/* Attaching as a debugger is not supported: a process cannot debug
 * itself (ERROR_ACCESS_DENIED, as on Windows), an unknown id is
 * ERROR_INVALID_PARAMETER, a child would need a debug port wowbox does
 * not have (ERROR_NOT_SUPPORTED). */
uint64_t kernel32_DebugActiveProcess(struct thunk_call *c)
{
    API_ARGS(kernel32, DebugActiveProcess, a);
    if (a.dwProcessId == proc->pid)
        return fail(ERROR_ACCESS_DENIED);
    return fail(child_by_pid(a.dwProcessId) ? ERROR_NOT_SUPPORTED : ERROR_INVALID_PARAMETER);
}

/* Nothing is being debugged: the thread has no debug object. */
uint64_t kernel32_DebugActiveProcessStop(struct thunk_call *c)
{
    API_ARGS(kernel32, DebugActiveProcessStop, a);
    if (a.dwProcessId != proc->pid && !child_by_pid(a.dwProcessId))
        return fail(ERROR_INVALID_PARAMETER);
    return no_debug_object();
}

uint64_t kernel32_DebugSetProcessKillOnExit(struct thunk_call *c)
{
    (void)c;
    return no_debug_object();
}

/* No debugger listens, so the string goes nowhere (the trace shows it).
 * Windows first raises DBG_PRINTEXCEPTION_C, which a vectored handler of
 * the program could see; that is not done here. */
uint64_t kernel32_OutputDebugStringA(struct thunk_call *c)
{
    (void)c;
    return 0;
}

uint64_t kernel32_OutputDebugStringW(struct thunk_call *c)
{
    (void)c;
    return 0;
}
