/* ntdll's and kernel32's exception entry points: raising, continuing,
 * unwinding, vectored handlers and the top-level filter. The dispatcher
 * itself is core/seh.c; kernel32's functions forward here as on Windows. */
#include <stddef.h>
#include <string.h>

#include "core/ntstatus.h"
#include "core/process.h"
#include "core/seh.h"
#include "syscalls/api.h"

#define EXCEPTION_CONTINUE_EXECUTION 0xFFFFFFFFu
#define EXCEPTION_EXECUTE_HANDLER    1u

/* The caller's state as the CONTEXT its exception continues with: back at
 * the return address with the arguments popped (stdcall). */
static void caller_context(struct thunk_call *c, uint32_t arg_bytes, struct seh_context32 *ctx)
{
    seh_capture(c->cpu, ctx);
    ctx->eip = c->ret_addr;
    ctx->esp = c->esp + 4 + arg_bytes;
}

static uint64_t raise_here(struct thunk_call *c, struct seh_record32 *rec, uint32_t arg_bytes)
{
    struct seh_context32 ctx;
    caller_context(c, arg_bytes, &ctx);
    seh_raise(c->cpu, rec, &ctx);
    c->no_return = true;
    return 0;
}

/* RaiseException's record is the caller's: code, the noncontinuable flag,
 * up to 15 parameters, and the return address as where it happened. */
uint64_t kernel32_RaiseException(struct thunk_call *c)
{
    struct seh_record32 rec = { .code = arg(c, 0), .flags = arg(c, 1) & EXCEPTION_NONCONTINUABLE,
                                .address = c->ret_addr };
    uint32_t n = arg(c, 2), params = arg(c, 3);
    if (params) {
        rec.nparams = n > EXCEPTION_MAXIMUM_PARAMETERS ? EXCEPTION_MAXIMUM_PARAMETERS : n;
        if (!gm_read(params, rec.info, 4 * rec.nparams)) {
            /* Windows faults reading them: an access violation instead */
            rec = (struct seh_record32){ .code = STATUS_ACCESS_VIOLATION, .address = c->ret_addr,
                                         .nparams = 2, .info = { 0, params } };
        }
    }
    return raise_here(c, &rec, 16);
}

uint64_t ntdll_RtlRaiseException(struct thunk_call *c)
{
    struct seh_record32 rec;
    gaddr p = arg(c, 0);
    if (!gm_read(p, &rec, sizeof rec)) {
        rec = (struct seh_record32){ .code = STATUS_ACCESS_VIOLATION, .address = c->ret_addr,
                                     .nparams = 2, .info = { 0, p } };
        return raise_here(c, &rec, 4);
    }
    if (rec.nparams > EXCEPTION_MAXIMUM_PARAMETERS)
        rec.nparams = EXCEPTION_MAXIMUM_PARAMETERS;
    /* the caller's record learns where it was raised, as on Windows */
    rec.address = c->ret_addr;
    gm_write_u32(p + 12, rec.address);
    return raise_here(c, &rec, 4);
}

uint64_t ntdll_RtlRaiseStatus(struct thunk_call *c)
{
    struct seh_record32 rec = { .code = arg(c, 0), .flags = EXCEPTION_NONCONTINUABLE,
                                .address = c->ret_addr };
    return raise_here(c, &rec, 4);
}

static uint64_t nt_raise(struct thunk_call *c)
{
    struct seh_record32 rec;
    struct seh_context32 ctx;
    if (!gm_read(arg(c, 0), &rec, sizeof rec) || !gm_read(arg(c, 1), &ctx, sizeof ctx))
        return STATUS_ACCESS_VIOLATION;
    if (rec.nparams > EXCEPTION_MAXIMUM_PARAMETERS)
        rec.nparams = EXCEPTION_MAXIMUM_PARAMETERS;
    if (arg(c, 2))
        seh_raise(c->cpu, &rec, &ctx);
    else
        seh_unhandled(&rec, &ctx); /* second chance: nobody handled it */
    c->no_return = true;
    return 0;
}

uint64_t ntdll_NtRaiseException(struct thunk_call *c) { return nt_raise(c); }
uint64_t ntdll_ZwRaiseException(struct thunk_call *c) { return nt_raise(c); }

static uint64_t nt_continue(struct thunk_call *c)
{
    if (!seh_continue(c->cpu, arg(c, 0)))
        return STATUS_ACCESS_VIOLATION;
    c->no_return = true;
    return 0;
}

uint64_t ntdll_NtContinue(struct thunk_call *c) { return nt_continue(c); }
uint64_t ntdll_ZwContinue(struct thunk_call *c) { return nt_continue(c); }

/* RtlUnwind(TargetFrame, TargetIp, ExceptionRecord, ReturnValue): TargetIp
 * is unused on i386; it returns to its caller with eax = ReturnValue. */
static uint64_t unwind(struct thunk_call *c)
{
    seh_unwind(c->cpu, arg(c, 0), arg(c, 2), arg(c, 3), 16);
    c->no_return = true;
    return 0;
}

uint64_t ntdll_RtlUnwind(struct thunk_call *c) { return unwind(c); }
uint64_t kernel32_RtlUnwind(struct thunk_call *c) { return unwind(c); }

static uint64_t capture_context(struct thunk_call *c)
{
    struct seh_context32 ctx;
    gaddr p = arg(c, 0);
    caller_context(c, 4, &ctx);
    ctx.flags = CONTEXT_FULL;
    /* CONTEXT_FULL's part only: ContextFlags, then SegGs..SegSs */
    gm_write(p, &ctx.flags, 4);
    gm_write(p + offsetof(struct seh_context32, gs), &ctx.gs,
             offsetof(struct seh_context32, ext) - offsetof(struct seh_context32, gs));
    return 0;
}

uint64_t ntdll_RtlCaptureContext(struct thunk_call *c) { return capture_context(c); }
uint64_t kernel32_RtlCaptureContext(struct thunk_call *c) { return capture_context(c); }

/* Vectored handlers: (First, Handler) → handle; Remove → nonzero if found. */
uint64_t ntdll_RtlAddVectoredExceptionHandler(struct thunk_call *c)
{
    return seh_add_vectored(false, arg(c, 0) != 0, arg(c, 1));
}

uint64_t ntdll_RtlRemoveVectoredExceptionHandler(struct thunk_call *c)
{
    return seh_remove_vectored(false, arg(c, 0));
}

uint64_t ntdll_RtlAddVectoredContinueHandler(struct thunk_call *c)
{
    return seh_add_vectored(true, arg(c, 0) != 0, arg(c, 1));
}

uint64_t ntdll_RtlRemoveVectoredContinueHandler(struct thunk_call *c)
{
    return seh_remove_vectored(true, arg(c, 0));
}

uint64_t kernel32_AddVectoredExceptionHandler(struct thunk_call *c)
{
    return ntdll_RtlAddVectoredExceptionHandler(c);
}

uint64_t kernel32_RemoveVectoredExceptionHandler(struct thunk_call *c)
{
    return ntdll_RtlRemoveVectoredExceptionHandler(c);
}

uint64_t kernel32_AddVectoredContinueHandler(struct thunk_call *c)
{
    return ntdll_RtlAddVectoredContinueHandler(c);
}

uint64_t kernel32_RemoveVectoredContinueHandler(struct thunk_call *c)
{
    return ntdll_RtlRemoveVectoredContinueHandler(c);
}

uint64_t kernel32_SetUnhandledExceptionFilter(struct thunk_call *c)
{
    return seh_set_top_level_filter(arg(c, 0));
}

/* UnhandledExceptionFilter(EXCEPTION_POINTERS *): the program's top-level
 * filter decides first; otherwise Windows' default for a process without a
 * debugger: report the crash (here: the crash report) and tell the caller
 * to execute its handler, which ends the process with the code. */
uint64_t kernel32_UnhandledExceptionFilter(struct thunk_call *c)
{
    gaddr ptrs = arg(c, 0), filter = seh_top_level_filter();
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
