/* Exception dispatch as KiUserExceptionDispatcher and RtlDispatchException
 * do it, driven from the host: the exception frame and the dispatcher's own
 * state live on the guest stack, and every handler is called as plain guest
 * code that returns into one of our stubs. A handler that never returns
 * (it unwinds and jumps to its __except block) simply abandons that frame,
 * as on Windows, and nothing is left behind on the host. */
#include "core/seh.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/crash_report.h"
#include "core/guest_mem.h"
#include "core/heap.h"
#include "core/log.h"
#include "core/ntstatus.h"
#include "core/process.h"
#include "core/stack.h"
#include "core/vm_system.h"
#include "core/vmmap.h"
#include "core/teb.h"

_Static_assert(sizeof(struct seh_float_save) == 0x70, "FLOATING_SAVE_AREA");
_Static_assert(offsetof(struct seh_context32, fsave) == 0x1C, "CONTEXT.FloatSave");
_Static_assert(offsetof(struct seh_context32, gs) == 0x8C, "CONTEXT.SegGs");
_Static_assert(offsetof(struct seh_context32, edi) == 0x9C, "CONTEXT.Edi");
_Static_assert(offsetof(struct seh_context32, eax) == 0xB0, "CONTEXT.Eax");
_Static_assert(offsetof(struct seh_context32, eip) == 0xB8, "CONTEXT.Eip");
_Static_assert(offsetof(struct seh_context32, esp) == 0xC4, "CONTEXT.Esp");
_Static_assert(offsetof(struct seh_context32, ext) == 0xCC, "CONTEXT.ExtendedRegisters");
_Static_assert(sizeof(struct seh_context32) == 0x2CC, "CONTEXT");
_Static_assert(sizeof(struct seh_record32) == 0x50, "EXCEPTION_RECORD");

#define CHAIN_END 0xFFFFFFFFu
#define STATE_MAGIC 0x48455357u /* "WSEH" */
#define MAX_NESTING 16          /* exceptions raised while dispatching others */

/* Filter and handler results. */
#define EXCEPTION_EXECUTE_HANDLER    1u
#define EXCEPTION_CONTINUE_EXECUTION 0xFFFFFFFFu
#define DISPOSITION_CONTINUE_EXECUTION 0u
#define DISPOSITION_CONTINUE_SEARCH    1u
#define DISPOSITION_NESTED_EXCEPTION   2u
#define DISPOSITION_COLLIDED_UNWIND    3u

#define EFLAGS_TF 0x100u
#define EFLAGS_DF 0x400u

enum phase { PH_VEH, PH_SEH, PH_FILTER, PH_VCH, PH_UNWIND };
enum unwind_end { END_RETURN, END_EXIT };
/* STUB_RETURN: every handler returns there. The other two are the
 * handlers of the registration record the dispatcher links at fs:[0] while
 * a frame handler runs (Windows' ExecuteHandler does the same), for an
 * exception dispatch and for an unwind: code that walks the chain from
 * inside a handler finds that record first, as on Windows. */
enum stub { STUB_RETURN, STUB_NESTED_DISPATCH, STUB_NESTED_UNWIND, STUB_COUNT };

/* One dispatch or unwind in progress, on the guest stack just below its
 * EXCEPTION_POINTERS (dispatch) or CONTEXT (unwind). */
struct dstate {
    uint32_t magic, self;  /* a stale copy elsewhere never matches self */
    uint32_t phase;
    uint32_t index;        /* next vectored (continue) handler */
    uint32_t frame;        /* SEH frame whose handler runs */
    uint32_t outer;        /* the dispatch this one was raised in, if in its SEH phase */
    uint32_t nested_frame; /* ...and the frame that dispatch was calling */
    uint32_t dispctx;      /* the handler's DispatcherContext */
    uint32_t rec, ctx, ptrs;
    /* unwinds */
    uint32_t target, end, value, ret_eip, ret_esp, ebx, esi, edi, ebp;
    /* the registration record linked while a frame handler runs:
     * EXCEPTION_REGISTRATION_RECORD + the frame whose handler it calls */
    uint32_t reg_next, reg_handler, reg_establisher;
};

struct nested_record32 {
    uint32_t next, handler, establisher;
};
_Static_assert(offsetof(struct dstate, reg_handler) == offsetof(struct dstate, reg_next) + 4,
               "the registration record is three consecutive dwords");
_Static_assert(offsetof(struct nested_record32, establisher) == 8, "record: Next, Handler, frame");

struct vectored {
    gaddr handle, fn;
};

static gaddr stub_page;
static struct vectored *vlist[2];
static unsigned vcount[2], vcap[2];
static gaddr top_filter;
/* the current thread's dispatch states, outermost first */
static _Thread_local gaddr live[MAX_NESTING + 1];
static _Thread_local unsigned nlive;

static gaddr stub_addr(enum stub s) { return stub_page + (uint32_t)s * CPU_STUB_SIZE; }

bool seh_init(void)
{
    gaddr page = 0;
    if (vm_alloc(&proc->vm, &page, VM_PAGE_SIZE, PAGE_READWRITE, MEM_TOP_DOWN) != STATUS_SUCCESS)
        return false;
    uint8_t buf[STUB_COUNT * CPU_STUB_SIZE];
    for (uint32_t i = 0; i < STUB_COUNT; i++)
        proc->cpu->write_stub(buf + i * CPU_STUB_SIZE, page + i * CPU_STUB_SIZE, SEH_STUB_BASE + i, CPU_STUB_NO_RETURN);
    gm_write(page, buf, sizeof buf);
    vm_protect(&proc->vm, page, VM_PAGE_SIZE, PAGE_EXECUTE_READ, NULL);
    proc->cpu->add_stub_range(page, STUB_COUNT, SEH_STUB_BASE);
    vmmap_tag(page, "exception dispatcher stubs");
    vm_system_mark(page, VM_SYSTEM_CODE);
    stub_page = page;
    return true;
}

/* ---------------------------------------------------------------- CONTEXT */

static bool fx_reg_empty(const uint8_t *fx, unsigned phys)
{
    return !(fx[4] & (1u << phys));
}

/* The FSAVE tag of one register from its 80-bit value: 0 valid, 1 zero,
 * 2 special (NaN, infinity, denormal). */
static uint32_t x87_tag_of(const uint8_t *v)
{
    uint64_t mant;
    uint16_t se;
    memcpy(&mant, v, 8);
    memcpy(&se, v + 8, 2);
    uint16_t exp = se & 0x7FFF;
    if (exp == 0 && mant == 0)
        return 1;
    if (exp == 0 || exp == 0x7FFF || !(mant >> 63))
        return 2;
    return 0;
}

static void fx_to_fsave(const uint8_t *fx, struct seh_float_save *f)
{
    uint16_t fcw, fsw, fop, fcs, fds;
    uint32_t fip, fdp;
    memcpy(&fcw, fx, 2);
    memcpy(&fsw, fx + 2, 2);
    memcpy(&fop, fx + 6, 2);
    memcpy(&fip, fx + 8, 4);
    memcpy(&fcs, fx + 12, 2);
    memcpy(&fdp, fx + 16, 4);
    memcpy(&fds, fx + 20, 2);
    unsigned top = (fsw >> 11) & 7;
    uint32_t tag = 0;
    for (unsigned phys = 0; phys < 8; phys++) {
        unsigned st = (phys - top) & 7;
        uint32_t t = fx_reg_empty(fx, phys) ? 3 : x87_tag_of(fx + 32 + 16 * st);
        tag |= t << (2 * phys);
    }
    /* 16-bit fields read back with the upper half set, as fnsave leaves it */
    f->control = 0xFFFF0000u | fcw;
    f->status = 0xFFFF0000u | fsw;
    f->tag = 0xFFFF0000u | tag;
    f->error_offset = fip;
    f->error_selector = fcs | (uint32_t)(fop & 0x7FF) << 16;
    f->data_offset = fdp;
    f->data_selector = 0xFFFF0000u | fds;
    for (unsigned i = 0; i < 8; i++)
        memcpy(f->regs + 10 * i, fx + 32 + 16 * i, 10);
    f->cr0_npx_state = 0;
}

static void fsave_to_fx(const struct seh_float_save *f, uint8_t *fx)
{
    uint16_t fcw = (uint16_t)f->control, fsw = (uint16_t)f->status;
    uint16_t fop = (uint16_t)((f->error_selector >> 16) & 0x7FF);
    uint16_t fcs = (uint16_t)f->error_selector, fds = (uint16_t)f->data_selector;
    memcpy(fx, &fcw, 2);
    memcpy(fx + 2, &fsw, 2);
    uint8_t abridged = 0;
    for (unsigned phys = 0; phys < 8; phys++)
        if (((f->tag >> (2 * phys)) & 3) != 3)
            abridged |= (uint8_t)(1u << phys);
    fx[4] = abridged;
    memcpy(fx + 6, &fop, 2);
    memcpy(fx + 8, &f->error_offset, 4);
    memcpy(fx + 12, &fcs, 2);
    memcpy(fx + 16, &f->data_offset, 4);
    memcpy(fx + 20, &fds, 2);
    for (unsigned i = 0; i < 8; i++) {
        memset(fx + 32 + 16 * i, 0, 16);
        memcpy(fx + 32 + 16 * i, f->regs + 10 * i, 10);
    }
}

void seh_capture(struct cpu_thread *t, struct seh_context32 *ctx)
{
    struct cpu_context c;
    proc->cpu->get_context(t, &c);
    memset(ctx, 0, sizeof *ctx);
    ctx->flags = CONTEXT_FULL | CONTEXT_DEBUG_REGISTERS;
    ctx->gs = c.gs;
    ctx->fs = c.fs;
    ctx->es = c.es;
    ctx->ds = c.ds;
    ctx->edi = c.edi;
    ctx->esi = c.esi;
    ctx->ebx = c.ebx;
    ctx->edx = c.edx;
    ctx->ecx = c.ecx;
    ctx->eax = c.eax;
    ctx->ebp = c.ebp;
    ctx->eip = c.eip;
    ctx->cs = c.cs;
    ctx->eflags = c.eflags;
    ctx->esp = c.esp;
    ctx->ss = c.ss;
    if (proc->cpu->get_fpu) {
        proc->cpu->get_fpu(t, ctx->ext);
        fx_to_fsave(ctx->ext, &ctx->fsave);
        ctx->flags |= CONTEXT_FLOATING_POINT | CONTEXT_EXTENDED_REGISTERS;
    }
}

void seh_restore(struct cpu_thread *t, const struct seh_context32 *ctx)
{
    struct cpu_context c;
    proc->cpu->get_context(t, &c);
    if ((ctx->flags & CONTEXT_INTEGER) == CONTEXT_INTEGER) {
        c.edi = ctx->edi;
        c.esi = ctx->esi;
        c.ebx = ctx->ebx;
        c.edx = ctx->edx;
        c.ecx = ctx->ecx;
        c.eax = ctx->eax;
    }
    if ((ctx->flags & CONTEXT_CONTROL) == CONTEXT_CONTROL) {
        c.ebp = ctx->ebp;
        c.eip = ctx->eip;
        c.esp = ctx->esp;
        /* user-settable flags only (CF PF AF ZF SF TF DF OF, AC, ID); IF
         * stays on, as the kernel sanitizes them */
        c.eflags = (ctx->eflags & 0x00240DD5u) | 0x202u;
    }
    proc->cpu->set_context(t, &c);
    if (!proc->cpu->set_fpu)
        return;
    bool ext = (ctx->flags & CONTEXT_EXTENDED_REGISTERS) == CONTEXT_EXTENDED_REGISTERS;
    bool fp = (ctx->flags & CONTEXT_FLOATING_POINT) == CONTEXT_FLOATING_POINT;
    if (!ext && !fp)
        return;
    uint8_t fx[CPU_FXSAVE_SIZE];
    if (ext)
        memcpy(fx, ctx->ext, sizeof fx);
    else
        proc->cpu->get_fpu(t, fx);
    /* FloatSave wins for the x87 part, as the kernel applies it last: a
     * handler clearing StatusWord's exception bits must take effect */
    if (fp)
        fsave_to_fx(&ctx->fsave, fx);
    proc->cpu->set_fpu(t, fx);
}

/* ------------------------------------------------------------ bookkeeping */

static bool read_state(gaddr s, struct dstate *st)
{
    return s && gm_read(s, st, sizeof *st) && st->magic == STATE_MAGIC && st->self == s;
}

static bool write_state(const struct dstate *st)
{
    return gm_write(st->self, st, sizeof *st);
}

static void forget(gaddr s)
{
    gm_write_u32(s, 0);
    for (unsigned i = 0; i < nlive; i++)
        if (live[i] == s) {
            nlive = i; /* anything nested inside it is gone too */
            return;
        }
}

/* Drops dispatches the thread has left: their state lies below esp now (it
 * continued above them) or was overwritten. One at esp itself is the one a
 * nested raise comes from. */
static void prune(gaddr esp)
{
    struct dstate st;
    unsigned keep = 0;
    for (unsigned i = 0; i < nlive; i++)
        if (live[i] >= esp && read_state(live[i], &st))
            live[keep++] = live[i];
    nlive = keep;
}

static void stack_limits(gaddr *base, gaddr *limit)
{
    *base = current_thread->stack_base;
    *limit = current_thread->stack_limit;
    gm_read_u32(current_thread->teb + TEB_STACK_BASE, base);
    gm_read_u32(current_thread->teb + TEB_STACK_LIMIT, limit);
}

/* RtlDispatchException's check: a registration record must lie in the
 * thread's stack, aligned. */
static bool frame_valid(gaddr frame)
{
    gaddr base, limit;
    stack_limits(&base, &limit);
    return !(frame & 3) && frame >= limit && (uint64_t)frame + 8 <= base;
}

static void record_to_exc(const struct seh_record32 *rec, struct cpu_exception *exc)
{
    exc->code = rec->code;
    exc->address = rec->address;
    exc->nparams = rec->nparams > 2 ? 2 : rec->nparams;
    exc->params[0] = rec->info[0];
    exc->params[1] = rec->info[1];
}

static void context_to_cpu(const struct seh_context32 *ctx, struct cpu_context *c)
{
    *c = (struct cpu_context){
        .eax = ctx->eax, .ebx = ctx->ebx, .ecx = ctx->ecx, .edx = ctx->edx,
        .esi = ctx->esi, .edi = ctx->edi, .ebp = ctx->ebp, .esp = ctx->esp,
        .eip = ctx->eip, .eflags = ctx->eflags,
        .cs = (uint16_t)ctx->cs, .ds = (uint16_t)ctx->ds, .es = (uint16_t)ctx->es,
        .fs = (uint16_t)ctx->fs, .gs = (uint16_t)ctx->gs, .ss = (uint16_t)ctx->ss,
    };
}

/* Nobody handled it: the crash report, then the process ends with the
 * exception code, as Windows' default (no debugger) does. */
static void terminate(const struct seh_record32 *rec, const struct seh_context32 *ctx)
{
    if (proc->exiting)
        return;
    struct cpu_exception exc;
    struct cpu_context c;
    record_to_exc(rec, &exc);
    context_to_cpu(ctx, &c);
    if (!proc->crashed)
        crash_report(stderr, &exc, &c);
    proc->crashed = true;
    process_exit(rec->code);
}

void seh_unhandled(const struct seh_record32 *rec, const struct seh_context32 *ctx)
{
    terminate(rec, ctx);
}

static bool read_frame(const struct dstate *st, struct seh_record32 *rec, struct seh_context32 *ctx)
{
    return gm_read(st->rec, rec, sizeof *rec) && gm_read(st->ctx, ctx, sizeof *ctx);
}

static void terminate_state(const struct dstate *st)
{
    struct seh_record32 rec;
    struct seh_context32 ctx;
    if (!read_frame(st, &rec, &ctx)) {
        wb_error("the exception frame at %#x was overwritten; ending the process", st->self);
        process_exit(STATUS_BAD_STACK);
        return;
    }
    terminate(&rec, &ctx);
}

/* Calls fn(args) as guest code returning into our stub just below the
 * state, so the state is found again at esp (stdcall) or above the
 * arguments (cdecl). */
static bool call_handler(struct cpu_thread *t, const struct dstate *st, gaddr fn,
                         const uint32_t *args, unsigned n)
{
    uint32_t frame[5] = { stub_addr(STUB_RETURN) };
    memcpy(frame + 1, args, 4 * n);
    gaddr esp = st->self - 4 * n - 4;
    if (!write_state(st) || !gm_write(esp, frame, 4 + 4 * n))
        return false;
    const struct cpu_backend *cpu = proc->cpu;
    cpu->set_reg(t, REG_ESP, esp);
    cpu->set_reg(t, REG_EIP, fn);
    /* the ABI's direction flag, and no single-stepping into the handler */
    cpu->set_reg(t, REG_EFLAGS, (cpu->get_reg(t, REG_EFLAGS) & ~(EFLAGS_DF | EFLAGS_TF)) | 0x202u);
    return true;
}

static gaddr nested_record(const struct dstate *st)
{
    return st->self + (uint32_t)offsetof(struct dstate, reg_next);
}

/* A frame handler's call: (rec, frame, ctx, &dispctx), with the
 * dispatcher's own registration record linked at fs:[0] for the duration,
 * so an exception inside the handler is seen as nested and an unwind
 * inside it as collided, by whoever walks the chain. */
static bool call_frame_handler(struct cpu_thread *t, struct dstate *st, gaddr handler, gaddr frame)
{
    gaddr list = current_thread->teb + TEB_EXCEPTION_LIST;
    st->dispctx = 0;
    st->reg_next = CHAIN_END;
    gm_read_u32(list, &st->reg_next);
    st->reg_handler = stub_addr(st->phase == PH_UNWIND ? STUB_NESTED_UNWIND : STUB_NESTED_DISPATCH);
    st->reg_establisher = frame;
    uint32_t args[4] = { st->rec, frame, st->ctx, st->self + (uint32_t)offsetof(struct dstate, dispctx) };
    if (!call_handler(t, st, handler, args, 4))
        return false;
    return gm_write_u32(list, nested_record(st));
}

/* The handler came back: unlink the head record as ExecuteHandler does
 * (whatever fs:[0] now holds is taken to be that record). */
static void unlink_nested_record(void)
{
    gaddr list = current_thread->teb + TEB_EXCEPTION_LIST, head = 0, next = 0;
    if (gm_read_u32(list, &head) && head != CHAIN_END && gm_read_u32(head, &next))
        gm_write_u32(list, next);
}

/* -------------------------------------------------------------- dispatch */

static void step(struct cpu_thread *t, struct dstate *st, bool returned, uint32_t result);

/* Starts dispatching rec with ctx, its frame built below `below`. */
static void dispatch_new(struct cpu_thread *t, const struct seh_record32 *rec,
                         const struct seh_context32 *ctx, gaddr below)
{
    prune(below);
    if (nlive >= MAX_NESTING) {
        wb_error("exceptions nest %u deep while dispatching; ending the process", nlive);
        terminate(rec, ctx);
        return;
    }
    struct dstate st = { .magic = STATE_MAGIC, .phase = PH_VEH };
    st.ctx = (below - (uint32_t)sizeof *ctx) & ~3u;
    st.rec = st.ctx - (uint32_t)sizeof *rec;
    st.ptrs = st.rec - 8;
    st.self = st.ptrs - (uint32_t)sizeof st;
    struct dstate outer;
    if (nlive && read_state(live[nlive - 1], &outer) && outer.phase == PH_SEH) {
        st.outer = outer.self;
        st.nested_frame = outer.frame;
    }
    uint32_t ptrs[2] = { st.rec, st.ctx };
    stack_make_room(current_thread, st.self);
    if (!gm_write(st.ctx, ctx, sizeof *ctx) || !gm_write(st.rec, rec, sizeof *rec) ||
        !gm_write(st.ptrs, ptrs, sizeof ptrs) || !write_state(&st)) {
        /* no room for the exception frame: Windows cannot deliver it either */
        wb_error("no stack left to deliver exception %#x; ending the process", rec->code);
        terminate(rec, ctx);
        return;
    }
    live[nlive++] = st.self;
    step(t, &st, false, 0);
}

/* A second exception raised by the dispatcher itself (a handler continued
 * a noncontinuable exception, or returned nonsense): its record chains to
 * the first, and its frame goes below the first one's state. */
static void raise_nested(struct cpu_thread *t, struct dstate *st, uint32_t code)
{
    struct seh_record32 rec, nrec = { .code = code, .flags = EXCEPTION_NONCONTINUABLE, .record = st->rec };
    struct seh_context32 ctx;
    if (!read_frame(st, &rec, &ctx)) {
        terminate_state(st);
        return;
    }
    nrec.address = rec.address;
    ctx.esp = st->self;
    /* raised after the handler returned: no handler call is in progress,
     * so the new dispatch is not "nested" in the EXCEPTION_NESTED_CALL sense */
    st->phase = PH_FILTER;
    write_state(st);
    dispatch_new(t, &nrec, &ctx, st->self);
}

static bool record_flags(const struct dstate *st, uint32_t set, uint32_t clear)
{
    uint32_t flags;
    if (!gm_read_u32(st->rec + 4, &flags))
        return false;
    return gm_write_u32(st->rec + 4, (flags | set) & ~clear);
}

static bool noncontinuable(const struct dstate *st)
{
    uint32_t flags = 0;
    gm_read_u32(st->rec + 4, &flags);
    return flags & EXCEPTION_NONCONTINUABLE;
}

static void resume(struct cpu_thread *t, struct dstate *st)
{
    struct seh_context32 ctx;
    if (!gm_read(st->ctx, &ctx, sizeof ctx)) {
        terminate_state(st);
        return;
    }
    forget(st->self);
    seh_restore(t, &ctx);
}

/* Someone asked to continue: a noncontinuable exception raises another,
 * anything else runs the vectored continue handlers first. */
static bool handled(struct cpu_thread *t, struct dstate *st)
{
    if (noncontinuable(st)) {
        raise_nested(t, st, STATUS_NONCONTINUABLE_EXCEPTION);
        return false;
    }
    st->phase = PH_VCH;
    st->index = 0;
    return true;
}

/* The end of an unwind: back to RtlUnwind's caller, or (after the
 * top-level filter chose to handle the exception) kernel32!ExitProcess with
 * the exception code, as the __except block of the thread's start does. */
static void unwind_done(struct cpu_thread *t, struct dstate *st)
{
    const struct cpu_backend *cpu = proc->cpu;
    forget(st->self);
    if (st->end == END_EXIT) {
        gaddr exitp = proc->exit_process;
        uint32_t frame[2] = { 0, st->value };
        gaddr esp = st->self - 8;
        if (!exitp || !gm_write(esp, frame, sizeof frame)) {
            process_exit(st->value);
            return;
        }
        cpu->set_reg(t, REG_ESP, esp);
        cpu->set_reg(t, REG_EIP, exitp);
        return;
    }
    struct cpu_context c;
    cpu->get_context(t, &c);
    c.ebx = st->ebx;
    c.esi = st->esi;
    c.edi = st->edi;
    c.ebp = st->ebp;
    c.eax = st->value;
    c.esp = st->ret_esp;
    c.eip = st->ret_eip;
    c.eflags &= ~EFLAGS_DF;
    cpu->set_context(t, &c);
}

/* One pass of the state machine; each branch either calls a guest handler
 * (and returns: the handler comes back through seh_stub) or moves on. */
static void step(struct cpu_thread *t, struct dstate *st, bool returned, uint32_t result)
{
    for (;;) {
        switch (st->phase) {
        case PH_VEH:
            if (returned && result == EXCEPTION_CONTINUE_EXECUTION) {
                if (!handled(t, st))
                    return;
                returned = false;
                break;
            }
            returned = false;
            if (st->index < vcount[0]) {
                gaddr fn = vlist[0][st->index++].fn;
                if (!call_handler(t, st, fn, &st->ptrs, 1))
                    terminate_state(st);
                return;
            }
            st->phase = PH_SEH;
            st->frame = 0;
            break;

        case PH_SEH: {
            gaddr next = 0;
            if (returned) {
                returned = false;
                unlink_nested_record();
                if (st->frame == st->nested_frame) {
                    record_flags(st, 0, EXCEPTION_NESTED_CALL);
                    st->nested_frame = 0;
                }
                if (result == DISPOSITION_CONTINUE_EXECUTION) {
                    if (!handled(t, st))
                        return;
                    break;
                }
                if (result == DISPOSITION_NESTED_EXCEPTION) {
                    record_flags(st, EXCEPTION_NESTED_CALL, 0);
                    if (st->dispctx > st->nested_frame)
                        st->nested_frame = st->dispctx;
                } else if (result != DISPOSITION_CONTINUE_SEARCH) {
                    raise_nested(t, st, STATUS_INVALID_DISPOSITION);
                    return;
                }
                if (!gm_read_u32(st->frame, &next))
                    next = 1; /* unreadable: fails the check below */
            } else {
                gm_read_u32(current_thread->teb + TEB_EXCEPTION_LIST, &next);
            }
            if (next == CHAIN_END || next == 0) {
                st->phase = PH_FILTER;
                break;
            }
            gaddr handler;
            if (!frame_valid(next) || !gm_read_u32(next + 4, &handler)) {
                /* a broken chain: Windows gives up on the frame-based
                 * handlers and the exception is unhandled */
                record_flags(st, EXCEPTION_STACK_INVALID, 0);
                terminate_state(st);
                return;
            }
            st->frame = next;
            /* frames past the dispatch this one is nested in, up to the
             * frame that dispatch was calling, see EXCEPTION_NESTED_CALL */
            if (st->nested_frame && next > st->outer && next <= st->nested_frame)
                record_flags(st, EXCEPTION_NESTED_CALL, 0);
            if (!call_frame_handler(t, st, handler, next))
                terminate_state(st);
            return;
        }

        case PH_FILTER:
            if (returned) {
                returned = false;
                if (result == EXCEPTION_CONTINUE_EXECUTION) {
                    if (!handled(t, st))
                        return;
                    break;
                }
                if (result == EXCEPTION_EXECUTE_HANDLER) {
                    /* the thread start's __except: unwind every frame,
                     * then ExitProcess(code) */
                    uint32_t code = 0;
                    gm_read_u32(st->rec, &code);
                    record_flags(st, EXCEPTION_UNWINDING, 0);
                    st->phase = PH_UNWIND;
                    st->target = CHAIN_END;
                    st->end = END_EXIT;
                    st->value = code;
                    st->frame = 0;
                    break;
                }
                terminate_state(st);
                return;
            }
            if (!top_filter) {
                terminate_state(st);
                return;
            }
            if (!call_handler(t, st, top_filter, &st->ptrs, 1))
                terminate_state(st);
            return;

        case PH_VCH:
            if ((returned && result == EXCEPTION_CONTINUE_EXECUTION) || st->index >= vcount[1]) {
                resume(t, st);
                return;
            }
            if (!call_handler(t, st, vlist[1][st->index++].fn, &st->ptrs, 1))
                terminate_state(st);
            return;

        case PH_UNWIND: {
            gaddr frame = 0;
            if (returned) {
                returned = false;
                unlink_nested_record();
                if (result == DISPOSITION_COLLIDED_UNWIND) {
                    st->frame = st->dispctx;
                } else if (result != DISPOSITION_CONTINUE_SEARCH) {
                    raise_nested(t, st, STATUS_INVALID_DISPOSITION);
                    return;
                }
                if (!gm_read_u32(st->frame, &frame))
                    frame = 1;
                gm_write_u32(current_thread->teb + TEB_EXCEPTION_LIST, frame);
            } else {
                gm_read_u32(current_thread->teb + TEB_EXCEPTION_LIST, &frame);
            }
            if (frame == st->target || frame == CHAIN_END || frame == 0) {
                if (frame != st->target && st->end != END_EXIT && st->target != CHAIN_END) {
                    /* the target is not on the chain: Windows re-raises the
                     * exception, which nobody may handle any more */
                    terminate_state(st);
                    return;
                }
                unwind_done(t, st);
                return;
            }
            if (st->target != CHAIN_END && st->target < frame) {
                raise_nested(t, st, STATUS_INVALID_UNWIND_TARGET);
                return;
            }
            gaddr handler;
            if (!frame_valid(frame) || !gm_read_u32(frame + 4, &handler)) {
                raise_nested(t, st, STATUS_BAD_STACK);
                return;
            }
            st->frame = frame;
            if (!call_frame_handler(t, st, handler, frame))
                terminate_state(st);
            return;
        }
        default:
            terminate_state(st);
            return;
        }
    }
}

/* The handlers of the dispatcher's registration record, called like any
 * frame handler (cdecl: rec, frame, ctx, dispctx). Inside a dispatch's
 * handler, a new exception is nested: the frames up to the one that
 * handler serves get EXCEPTION_NESTED_CALL. Inside an unwind's handler, a
 * second unwind collides and goes on past the frame the first one was at. */
static void nested_record_handler(struct cpu_thread *t, bool of_unwind)
{
    const struct cpu_backend *cpu = proc->cpu;
    gaddr esp = cpu->get_reg(t, REG_ESP);
    uint32_t frame[5], flags = 0, establisher = 0, result = DISPOSITION_CONTINUE_SEARCH;
    if (!gm_read(esp, frame, sizeof frame) || !gm_read_u32(frame[1] + 4, &flags) ||
        !gm_read_u32(frame[2] + 8, &establisher)) {
        wb_error("the dispatcher's registration record was called with bad arguments (esp %#x); "
                 "ending the process", esp);
        process_exit(STATUS_BAD_STACK);
        cpu->stop(t);
        return;
    }
    bool unwinding = flags & (EXCEPTION_UNWINDING | EXCEPTION_EXIT_UNWIND);
    if (unwinding == of_unwind && gm_write_u32(frame[4], establisher))
        result = of_unwind ? DISPOSITION_COLLIDED_UNWIND : DISPOSITION_NESTED_EXCEPTION;
    cpu->set_reg(t, REG_EAX, result);
    cpu->set_reg(t, REG_ESP, esp + 4);
    cpu->set_reg(t, REG_EIP, frame[0]);
}

void seh_stub(struct cpu_thread *t, uint32_t index)
{
    if (index == STUB_NESTED_DISPATCH || index == STUB_NESTED_UNWIND) {
        nested_record_handler(t, index == STUB_NESTED_UNWIND);
        return;
    }
    gaddr esp = proc->cpu->get_reg(t, REG_ESP);
    uint32_t eax = proc->cpu->get_reg(t, REG_EAX);
    struct dstate st;
    /* stdcall handlers popped their argument; cdecl ones left 1 or 4 */
    static const uint32_t above[] = { 0, 4, 16 };
    for (size_t i = 0; i < sizeof above / sizeof above[0]; i++)
        if (read_state(esp + above[i], &st)) {
            step(t, &st, true, eax);
            if (proc->exiting)
                proc->cpu->stop(t);
            return;
        }
    wb_error("an exception handler returned to the dispatcher with a corrupt stack "
             "(esp %#x); ending the process", esp);
    process_exit(STATUS_BAD_STACK);
    proc->cpu->stop(t);
}

/* -------------------------------------------------------- entry points */

/* __fastfail (int 0x29) ends the process at once: no handler sees it. */
static bool fail_fast(const struct cpu_exception *exc)
{
    return exc->code == STATUS_STACK_BUFFER_OVERRUN;
}

bool seh_fault(struct cpu_thread *t, const struct cpu_exception *exc)
{
    if (proc->exiting)
        return false;
    struct seh_record32 rec = { .code = exc->code, .address = exc->address, .nparams = exc->nparams };
    for (uint32_t i = 0; i < exc->nparams && i < 2; i++)
        rec.info[i] = exc->params[i];
    struct seh_context32 ctx;
    seh_capture(t, &ctx);
    ctx.eip = exc->address;
    if (exc->code == STATUS_SINGLE_STEP)
        ctx.eflags &= ~EFLAGS_TF; /* the kernel clears TF before delivering it */
    if (exc->code == STATUS_GUARD_PAGE_VIOLATION && exc->nparams >= 2) {
        /* guard pages are one-shot: the protection drops the flag first */
        gaddr page = exc->params[1] & ~(VM_PAGE_SIZE - 1);
        struct vm_region_info ri;
        if (vm_query(&proc->vm, page, &ri) == STATUS_SUCCESS && (ri.prot & PAGE_GUARD))
            vm_protect(&proc->vm, page, VM_PAGE_SIZE, ri.prot & ~PAGE_GUARD, NULL);
        /* the stack's guard page: grow silently, or overflow */
        switch (stack_guard_hit(current_thread, exc->params[1])) {
        case STACK_GROWN:
            seh_restore(t, &ctx);
            return true;
        case STACK_OVERFLOW:
            rec.code = STATUS_STACK_OVERFLOW;
            break;
        case STACK_NOT_OURS:
            break;
        }
    }
    if (fail_fast(exc)) {
        terminate(&rec, &ctx);
        return false;
    }
    dispatch_new(t, &rec, &ctx, ctx.esp);
    return !proc->exiting;
}

void seh_raise(struct cpu_thread *t, const struct seh_record32 *rec, const struct seh_context32 *ctx)
{
    gaddr esp = proc->cpu->get_reg(t, REG_ESP);
    dispatch_new(t, rec, ctx, esp < ctx->esp ? esp : ctx->esp);
}

void seh_unwind(struct cpu_thread *t, gaddr target, gaddr record, uint32_t value, uint32_t pop)
{
    const struct cpu_backend *cpu = proc->cpu;
    gaddr esp = cpu->get_reg(t, REG_ESP);
    struct dstate st = { .magic = STATE_MAGIC, .phase = PH_UNWIND, .end = END_RETURN, .value = value };
    gm_read_u32(esp, &st.ret_eip);
    st.ret_esp = esp + 4 + pop;
    st.target = target ? target : CHAIN_END;
    struct seh_context32 ctx;
    seh_capture(t, &ctx);
    ctx.eip = st.ret_eip;
    ctx.esp = st.ret_esp;
    ctx.eax = value;
    st.ebx = ctx.ebx;
    st.esi = ctx.esi;
    st.edi = ctx.edi;
    st.ebp = ctx.ebp;
    st.ctx = (esp - (uint32_t)sizeof ctx) & ~3u;
    st.self = st.ctx - (uint32_t)sizeof st;
    uint32_t flags = EXCEPTION_UNWINDING | (target ? 0 : EXCEPTION_EXIT_UNWIND);
    if (record) {
        st.rec = record;
    } else {
        /* no record: a STATUS_UNWIND one of our own */
        st.self -= (uint32_t)sizeof(struct seh_record32);
        st.rec = st.self + (uint32_t)sizeof st;
        struct seh_record32 rec = { .code = STATUS_UNWIND, .address = st.ret_eip };
        gm_write(st.rec, &rec, sizeof rec);
    }
    prune(esp);
    stack_make_room(current_thread, st.self);
    if (!gm_write(st.ctx, &ctx, sizeof ctx) || !write_state(&st)) {
        wb_error("no stack left for RtlUnwind; ending the process");
        terminate(&(struct seh_record32){ .code = STATUS_BAD_STACK, .address = st.ret_eip }, &ctx);
        return;
    }
    record_flags(&st, flags, 0);
    if (nlive < MAX_NESTING)
        live[nlive++] = st.self;
    step(t, &st, false, 0);
}

bool seh_continue(struct cpu_thread *t, gaddr addr)
{
    struct seh_context32 ctx;
    if (!gm_read(addr, &ctx, sizeof ctx))
        return false;
    seh_restore(t, &ctx);
    prune(proc->cpu->get_reg(t, REG_ESP));
    return true;
}

enum cpu_exit seh_run(struct cpu_thread *t, const struct cpu_context *ctx)
{
    struct cpu_exception exc;
    enum cpu_exit r = proc->cpu->run(t, ctx, &exc);
    while (r == CPU_EXIT_EXCEPTION) {
        /* a backend that reports faults instead of calling the hook: its
         * registers hold the faulting state */
        if (!seh_fault(t, &exc))
            return CPU_EXIT_STOPPED;
        struct cpu_context next;
        proc->cpu->get_context(t, &next);
        r = proc->cpu->run(t, &next, &exc);
    }
    return r;
}

/* ------------------------------------------------------ handler lists */

gaddr seh_add_vectored(bool continue_list, bool first, gaddr handler)
{
    unsigned l = continue_list;
    if (vcount[l] == vcap[l]) {
        unsigned cap = vcap[l] ? vcap[l] * 2 : 8;
        struct vectored *n = realloc(vlist[l], cap * sizeof *n);
        if (!n)
            return 0;
        vlist[l] = n;
        vcap[l] = cap;
    }
    /* the handle is a small heap block, as Windows' list entry is */
    gaddr handle = heap_alloc(proc->process_heap, 8, HEAP_ZERO_MEMORY);
    if (!handle)
        return 0;
    gm_write_u32(handle, handler);
    struct vectored v = { handle, handler };
    if (first) {
        memmove(vlist[l] + 1, vlist[l], vcount[l] * sizeof v);
        vlist[l][0] = v;
    } else {
        vlist[l][vcount[l]] = v;
    }
    vcount[l]++;
    return handle;
}

bool seh_remove_vectored(bool continue_list, gaddr handle)
{
    unsigned l = continue_list;
    for (unsigned i = 0; i < vcount[l]; i++)
        if (vlist[l][i].handle == handle) {
            memmove(vlist[l] + i, vlist[l] + i + 1, (vcount[l] - i - 1) * sizeof *vlist[l]);
            vcount[l]--;
            heap_free(proc->process_heap, handle);
            return true;
        }
    return false;
}

gaddr seh_top_level_filter(void) { return top_filter; }

gaddr seh_set_top_level_filter(gaddr filter)
{
    gaddr old = top_filter;
    top_filter = filter;
    return old;
}

void seh_report(gaddr exception_pointers)
{
    uint32_t ptrs[2];
    struct seh_record32 rec;
    struct seh_context32 ctx;
    if (proc->crashed || !gm_read(exception_pointers, ptrs, sizeof ptrs) ||
        !gm_read(ptrs[0], &rec, sizeof rec) || !gm_read(ptrs[1], &ctx, sizeof ctx))
        return;
    struct cpu_exception exc;
    struct cpu_context c;
    record_to_exc(&rec, &exc);
    context_to_cpu(&ctx, &c);
    crash_report(stderr, &exc, &c);
    proc->crashed = true;
}
