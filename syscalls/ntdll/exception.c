/* ntdll's exception entry points: raising, continuing, unwinding and the
 * vectored handlers. The dispatcher itself is core/seh.c; kernel32's
 * functions (syscalls/kernel32/exception.c) forward here as on Windows. */
#include <stddef.h>
#include <string.h>

#include "core/ntstatus.h"
#include "core/process.h"
#include "core/seh.h"
#include "syscalls/api.h"
#include "syscalls/ntdll/api_args.h"
#include "syscalls/ntdll/exception.h"

/* The caller's state as the CONTEXT its exception continues with: back at
 * the return address with the arguments popped (stdcall). */
static void caller_context(struct thunk_call *c, uint32_t arg_bytes, struct seh_context32 *ctx)
{
    seh_capture(c->cpu, ctx);
    ctx->eip = c->ret_addr;
    ctx->esp = c->esp + 4 + arg_bytes;
}

uint64_t nt_raise_here(struct thunk_call *c, struct seh_record32 *rec, uint32_t arg_bytes)
{
    struct seh_context32 ctx;
    caller_context(c, arg_bytes, &ctx);
    seh_raise(c->cpu, rec, &ctx);
    c->no_return = true;
    return 0;
}

uint64_t ntdll_RtlRaiseException(struct thunk_call *c)
{
    API_ARGS(ntdll, RtlRaiseException, a);
    struct seh_record32 rec;
    gaddr p = a.ExceptionRecord;
    if (!gm_read(p, &rec, sizeof rec)) {
        rec = (struct seh_record32){ .code = STATUS_ACCESS_VIOLATION, .address = c->ret_addr,
                                     .nparams = 2, .info = { 0, p } };
        return nt_raise_here(c, &rec, 4);
    }
    if (rec.nparams > EXCEPTION_MAXIMUM_PARAMETERS)
        rec.nparams = EXCEPTION_MAXIMUM_PARAMETERS;
    /* the caller's record learns where it was raised, as on Windows */
    rec.address = c->ret_addr;
    gm_write_u32(p + offsetof(struct seh_record32, address), rec.address);
    return nt_raise_here(c, &rec, 4);
}

uint64_t ntdll_RtlRaiseStatus(struct thunk_call *c)
{
    API_ARGS(ntdll, RtlRaiseStatus, a);
    struct seh_record32 rec = { .code = a.Status, .flags = EXCEPTION_NONCONTINUABLE,
                                .address = c->ret_addr };
    return nt_raise_here(c, &rec, 4);
}

static uint64_t nt_raise(struct thunk_call *c, gaddr ExceptionRecord, gaddr ContextRecord, uint32_t FirstChance)
{
    struct seh_record32 rec;
    struct seh_context32 ctx;
    if (!gm_read(ExceptionRecord, &rec, sizeof rec) || !gm_read(ContextRecord, &ctx, sizeof ctx))
        return STATUS_ACCESS_VIOLATION;
    if (rec.nparams > EXCEPTION_MAXIMUM_PARAMETERS)
        rec.nparams = EXCEPTION_MAXIMUM_PARAMETERS;
    if (FirstChance)
        seh_raise(c->cpu, &rec, &ctx);
    else
        seh_unhandled(&rec, &ctx); /* second chance: nobody handled it */
    c->no_return = true;
    return 0;
}

uint64_t ntdll_NtRaiseException(struct thunk_call *c)
{
    API_ARGS(ntdll, NtRaiseException, a);
    return nt_raise(c, a.ExceptionRecord, a.ContextRecord, a.FirstChance);
}
uint64_t ntdll_ZwRaiseException(struct thunk_call *c)
{
    API_ARGS(ntdll, ZwRaiseException, a);
    return nt_raise(c, a.ExceptionRecord, a.ContextRecord, a.FirstChance);
}

static uint64_t nt_continue(struct thunk_call *c, gaddr ContextRecord)
{
    if (!seh_continue(c->cpu, ContextRecord))
        return STATUS_ACCESS_VIOLATION;
    c->no_return = true;
    return 0;
}

uint64_t ntdll_NtContinue(struct thunk_call *c)
{
    API_ARGS(ntdll, NtContinue, a);
    return nt_continue(c, a.ContextRecord);
}
uint64_t ntdll_ZwContinue(struct thunk_call *c)
{
    API_ARGS(ntdll, ZwContinue, a);
    return nt_continue(c, a.ContextRecord);
}

/* RtlUnwind(TargetFrame, TargetIp, ExceptionRecord, ReturnValue): TargetIp
 * is unused on i386; it returns to its caller with eax = ReturnValue. */
uint64_t nt_unwind(struct thunk_call *c, gaddr TargetFrame, gaddr ExceptionRecord, uint32_t ReturnValue)
{
    seh_unwind(c->cpu, TargetFrame, ExceptionRecord, ReturnValue, 16);
    c->no_return = true;
    return 0;
}

uint64_t ntdll_RtlUnwind(struct thunk_call *c)
{
    API_ARGS(ntdll, RtlUnwind, a);
    return nt_unwind(c, a.TargetFrame, a.ExceptionRecord, a.ReturnValue);
}

uint64_t nt_capture_context(struct thunk_call *c, gaddr p)
{
    struct seh_context32 ctx;
    caller_context(c, 4, &ctx);
    ctx.flags = CONTEXT_FULL;
    /* CONTEXT_FULL's part only: ContextFlags, then SegGs..SegSs */
    gm_write(p, &ctx.flags, 4);
    gm_write(p + offsetof(struct seh_context32, gs), &ctx.gs,
             offsetof(struct seh_context32, ext) - offsetof(struct seh_context32, gs));
    return 0;
}

uint64_t ntdll_RtlCaptureContext(struct thunk_call *c)
{
    API_ARGS(ntdll, RtlCaptureContext, a);
    return nt_capture_context(c, a.ContextRecord);
}

/* Vectored handlers: (First, Handler) → handle; Remove → nonzero if found. */
uint64_t ntdll_RtlAddVectoredExceptionHandler(struct thunk_call *c)
{
    API_ARGS(ntdll, RtlAddVectoredExceptionHandler, a);
    return seh_add_vectored(false, a.First != 0, a.Handler);
}

uint64_t ntdll_RtlRemoveVectoredExceptionHandler(struct thunk_call *c)
{
    API_ARGS(ntdll, RtlRemoveVectoredExceptionHandler, a);
    return seh_remove_vectored(false, a.Handle);
}

uint64_t ntdll_RtlAddVectoredContinueHandler(struct thunk_call *c)
{
    API_ARGS(ntdll, RtlAddVectoredContinueHandler, a);
    return seh_add_vectored(true, a.First != 0, a.Handler);
}

uint64_t ntdll_RtlRemoveVectoredContinueHandler(struct thunk_call *c)
{
    API_ARGS(ntdll, RtlRemoveVectoredContinueHandler, a);
    return seh_remove_vectored(true, a.Handle);
}
