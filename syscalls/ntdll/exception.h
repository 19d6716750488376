/* ntdll's exception primitives that kernel32's forwarders share. */
#ifndef WOWBOX_SYSCALLS_NTDLL_EXCEPTION_H
#define WOWBOX_SYSCALLS_NTDLL_EXCEPTION_H

#include "core/seh.h"
#include "syscalls/api.h"

/* Raises rec as if from the handler's caller (stdcall: arg_bytes popped). */
uint64_t nt_raise_here(struct thunk_call *c, struct seh_record32 *rec, uint32_t arg_bytes);
/* RtlUnwind: TargetIp is unused on i386; returns with eax = ReturnValue. */
uint64_t nt_unwind(struct thunk_call *c, gaddr TargetFrame, gaddr ExceptionRecord, uint32_t ReturnValue);
/* RtlCaptureContext: the caller's CONTEXT_FULL part into the guest's CONTEXT. */
uint64_t nt_capture_context(struct thunk_call *c, gaddr p);

#endif
