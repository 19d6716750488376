/* Windows exception dispatch for guest code, shared by the CPU backends:
 * the exception frame (EXCEPTION_RECORD + CONTEXT) on the guest stack,
 * vectored handlers, the fs:[0] SEH chain, the unhandled-exception filter,
 * vectored continue handlers, RtlUnwind and RaiseException. */
#ifndef WOWBOX_CORE_SEH_H
#define WOWBOX_CORE_SEH_H

#include <stdbool.h>
#include <stdint.h>

#include "core/vm.h"
#include "core/cpu_backend.h"

/* Thunk indices of the dispatcher's own stubs (handler-return points), far
 * above the export table's indices. */
#define SEH_STUB_BASE 0xFFFF0000u

/* EXCEPTION_RECORD.ExceptionFlags */
#define EXCEPTION_NONCONTINUABLE 0x01u
#define EXCEPTION_UNWINDING      0x02u
#define EXCEPTION_EXIT_UNWIND    0x04u
#define EXCEPTION_STACK_INVALID  0x08u
#define EXCEPTION_NESTED_CALL    0x10u
#define EXCEPTION_MAXIMUM_PARAMETERS 15u

/* The i386 CONTEXT as winnt.h lays it out (0x2CC bytes). */
#define CONTEXT_I386               0x00010000u
#define CONTEXT_CONTROL            (CONTEXT_I386 | 0x01u)
#define CONTEXT_INTEGER            (CONTEXT_I386 | 0x02u)
#define CONTEXT_SEGMENTS           (CONTEXT_I386 | 0x04u)
#define CONTEXT_FLOATING_POINT     (CONTEXT_I386 | 0x08u)
#define CONTEXT_DEBUG_REGISTERS    (CONTEXT_I386 | 0x10u)
#define CONTEXT_EXTENDED_REGISTERS (CONTEXT_I386 | 0x20u)
#define CONTEXT_FULL (CONTEXT_CONTROL | CONTEXT_INTEGER | CONTEXT_SEGMENTS)
#define CONTEXT_ALL  (CONTEXT_FULL | CONTEXT_FLOATING_POINT | CONTEXT_DEBUG_REGISTERS | \
                      CONTEXT_EXTENDED_REGISTERS)

struct seh_float_save { /* FLOATING_SAVE_AREA: the FSAVE image */
    uint32_t control, status, tag, error_offset, error_selector, data_offset, data_selector;
    uint8_t regs[80];   /* ST0..ST7, 10 bytes each */
    uint32_t cr0_npx_state;
};

struct seh_context32 {
    uint32_t flags;
    uint32_t dr0, dr1, dr2, dr3, dr6, dr7;
    struct seh_float_save fsave;
    uint32_t gs, fs, es, ds;
    uint32_t edi, esi, ebx, edx, ecx, eax;
    uint32_t ebp, eip, cs, eflags, esp, ss;
    uint8_t ext[CPU_FXSAVE_SIZE]; /* ExtendedRegisters: the FXSAVE image */
};

struct seh_record32 { /* EXCEPTION_RECORD (0x50 bytes) */
    uint32_t code, flags, record, address, nparams;
    uint32_t info[EXCEPTION_MAXIMUM_PARAMETERS];
};

/* Creates the dispatcher's stub page; after the backend and the builtin
 * DLLs are up. */
bool seh_init(void);

/* cpu_hooks.exception: a hardware fault of the current thread. */
bool seh_fault(struct cpu_thread *t, const struct cpu_exception *exc);
/* A dispatcher stub was reached (index - SEH_STUB_BASE). */
void seh_stub(struct cpu_thread *t, uint32_t index);
/* Runs the thread from ctx until it stops, dispatching faults that a
 * backend reports as CPU_EXIT_EXCEPTION instead of through the hook. */
enum cpu_exit seh_run(struct cpu_thread *t, const struct cpu_context *ctx);

/* The thread's state as a CONTEXT (CONTEXT_ALL), and back. */
void seh_capture(struct cpu_thread *t, struct seh_context32 *ctx);
void seh_restore(struct cpu_thread *t, const struct seh_context32 *ctx);

/* Raises a software exception from a thunk handler: ctx is the state the
 * exception continues with. Sets the thread up to run the dispatch; the
 * handler must then return with no_return set. */
void seh_raise(struct cpu_thread *t, const struct seh_record32 *rec, const struct seh_context32 *ctx);
/* RtlUnwind(target, ip, record, value) called with the thread's esp at the
 * return address; the thread returns to the caller (esp + 4 + pop) with eax
 * = value once every frame above target was unwound. */
void seh_unwind(struct cpu_thread *t, gaddr target, gaddr record, uint32_t value, uint32_t pop);
/* A second-chance exception: the crash report, then the process ends. */
void seh_unhandled(const struct seh_record32 *rec, const struct seh_context32 *ctx);
/* NtContinue: resume from a guest CONTEXT; false if it is unreadable. */
bool seh_continue(struct cpu_thread *t, gaddr ctx);

/* Vectored exception (continue = false) and continue handlers: returns the
 * handle (0 on failure) / whether it was found. */
gaddr seh_add_vectored(bool continue_list, bool first, gaddr handler);
bool seh_remove_vectored(bool continue_list, gaddr handle);

/* SetUnhandledExceptionFilter's value; set returns the previous one. */
gaddr seh_top_level_filter(void);
gaddr seh_set_top_level_filter(gaddr filter);

/* UnhandledExceptionFilter's default action for people: the crash report
 * of a guest EXCEPTION_POINTERS, once. */
void seh_report(gaddr exception_pointers);

#endif
