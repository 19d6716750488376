/* kernel32's exception functions: RaiseException builds the caller's
 * record, the rest forward to ntdll (syscalls/ntdll/exception.c) as on
 * Windows (the vectored handlers go straight to core/seh.c); the top-level
 * filter lives here. */
#include "core/ntstatus.h"
#include "core/seh.h"
#include "syscalls/api.h"
#include "syscalls/kernel32/api_args.h"
#include "syscalls/ntdll/exception.h"

#define EXCEPTION_CONTINUE_EXECUTION 0xFFFFFFFFu
#define EXCEPTION_EXECUTE_HANDLER    1u

/* RaiseException's record is the caller's: code, the noncontinuable flag,
 * up to 15 parameters, and the return address as where it happened. */
uint64_t kernel32_RaiseException(struct thunk_call *c)
{
    API_ARGS(kernel32, RaiseException, a);
    struct seh_record32 rec = { .code = a.dwExceptionCode, .flags = a.dwExceptionFlags & EXCEPTION_NONCONTINUABLE,
                                .address = c->ret_addr };
    uint32_t n = a.nNumberOfArguments, params = a.lpArguments;
    if (params) {
        rec.nparams = n > EXCEPTION_MAXIMUM_PARAMETERS ? EXCEPTION_MAXIMUM_PARAMETERS : n;
        if (!gm_read(params, rec.info, 4 * rec.nparams)) {
            /* Windows faults reading them: an access violation instead */
            rec = (struct seh_record32){ .code = STATUS_ACCESS_VIOLATION, .address = c->ret_addr,
                                         .nparams = 2, .info = { 0, params } };
        }
    }
    return nt_raise_here(c, &rec, 16);
}

uint64_t kernel32_RtlUnwind(struct thunk_call *c)
{
    API_ARGS(kernel32, RtlUnwind, a);
    return nt_unwind(c, a.TargetFrame, a.ExceptionRecord, a.ReturnValue);
}

uint64_t kernel32_RtlCaptureContext(struct thunk_call *c)
{
    API_ARGS(kernel32, RtlCaptureContext, a);
    return nt_capture_context(c, a.ContextRecord);
}

uint64_t kernel32_AddVectoredExceptionHandler(struct thunk_call *c)
{
    API_ARGS(kernel32, AddVectoredExceptionHandler, a);
    return seh_add_vectored(false, a.First != 0, a.Handler);
}

uint64_t kernel32_RemoveVectoredExceptionHandler(struct thunk_call *c)
{
    API_ARGS(kernel32, RemoveVectoredExceptionHandler, a);
    return seh_remove_vectored(false, a.Handle);
}

uint64_t kernel32_AddVectoredContinueHandler(struct thunk_call *c)
{
    API_ARGS(kernel32, AddVectoredContinueHandler, a);
    return seh_add_vectored(true, a.First != 0, a.Handler);
}

uint64_t kernel32_RemoveVectoredContinueHandler(struct thunk_call *c)
{
    API_ARGS(kernel32, RemoveVectoredContinueHandler, a);
    return seh_remove_vectored(true, a.Handle);
}

uint64_t kernel32_SetUnhandledExceptionFilter(struct thunk_call *c)
{
    API_ARGS(kernel32, SetUnhandledExceptionFilter, a);
    return seh_set_top_level_filter(a.lpTopLevelExceptionFilter);
}

/* UnhandledExceptionFilter(EXCEPTION_POINTERS *): the program's top-level
 * filter decides first; otherwise Windows' default for a process without a
 * debugger: report the crash (here: the crash report) and tell the caller
 * to execute its handler, which ends the process with the code. */
uint64_t kernel32_UnhandledExceptionFilter(struct thunk_call *c)
{
    API_ARGS(kernel32, UnhandledExceptionFilter, a);
    gaddr ptrs = a.ExceptionInfo, filter = seh_top_level_filter();
    if (filter) {
        uint32_t r = 0;
        if (!thunk_call_guest(c, filter, &ptrs, 1, &r))
            return 0;
        if (r == EXCEPTION_EXECUTE_HANDLER || r == EXCEPTION_CONTINUE_EXECUTION)
            return r;
    }
    seh_report(ptrs);
    return EXCEPTION_EXECUTE_HANDLER;
}
