/* StackWalk64 / StackWalk for x86 by the frame-pointer chain: each frame's
 * EBP holds the caller's EBP, the return address sits above it. That is
 * what code built with frame pointers (the default without -fomit-frame-
 * pointer / /Oy) gives; wowbox has no PDB frame data or unwind tables to
 * walk anything else. Memory is read from this process (the read-memory
 * and other callbacks are not called). */
#include <string.h>

#include "core/process.h"
#include "syscalls/api.h"
#include "syscalls/dbghelp/api_args.h"
#include "syscalls/dbghelp/struct32.h"
#include "syscalls/win32_errors.h"

#define IMAGE_FILE_MACHINE_I386 0x14Cu
#define ADDR_MODE_FLAT 3u
/* x86 CONTEXT: Ebp, Eip, Esp */
#define CONTEXT_EBP 0xB4u
#define CONTEXT_EIP 0xB8u
#define CONTEXT_ESP 0xC4u

struct frame {
    uint32_t pc, ret, frame, stack, params[4];
};

/* One step. walked: a frame was already returned (Windows keeps such
 * state in the frame's reserved fields too). The first call takes the
 * caller's PC/frame/stack (or the context's when PC is 0); each later one
 * moves to the caller. False at the end of the chain. */
static bool step(struct frame *f, bool walked, gaddr context)
{
    if (!walked) {
        if (!f->pc && context &&
            (!gm_read_u32(context + CONTEXT_EIP, &f->pc) || !gm_read_u32(context + CONTEXT_EBP, &f->frame) ||
             !gm_read_u32(context + CONTEXT_ESP, &f->stack)))
            return false;
    } else {
        uint32_t up;
        if (!f->ret || !gm_read_u32(f->frame, &up) || up <= f->frame)
            return false; /* the chain ends, or it would not move up the stack */
        f->pc = f->ret;
        f->stack = f->frame + 8;
        f->frame = up;
    }
    if (!f->pc || !f->frame || !gm_read_u32(f->frame + 4, &f->ret) || !gm_read(f->frame + 8, f->params, sizeof f->params))
        return false;
    return true;
}

uint64_t dbghelp_StackWalk64(struct thunk_call *c)
{
    API_ARGS(dbghelp, StackWalk64, a);
    STACKFRAME64_32 sf;
    if (a.MachineType != IMAGE_FILE_MACHINE_I386 || !a.StackFrame || !gm_read(a.StackFrame, &sf, sizeof sf)) {
        teb_set_last_error(ERROR_INVALID_PARAMETER);
        return 0;
    }
    struct frame f = {(uint32_t)sf.AddrPC.Offset, (uint32_t)sf.AddrReturn.Offset, (uint32_t)sf.AddrFrame.Offset,
                      (uint32_t)sf.AddrStack.Offset, {0}};
    if (!step(&f, sf.Reserved[0] != 0, a.ContextRecord))
        return 0;
    sf.AddrPC.Offset = f.pc;
    sf.AddrReturn.Offset = f.ret;
    sf.AddrFrame.Offset = f.frame;
    sf.AddrStack.Offset = f.stack;
    sf.AddrPC.Mode = sf.AddrReturn.Mode = sf.AddrFrame.Mode = sf.AddrStack.Mode = ADDR_MODE_FLAT;
    for (int i = 0; i < 4; i++)
        sf.Params[i] = f.params[i];
    sf.Far = 0;
    sf.Virtual = 1;
    sf.Reserved[0] = 1;
    return gm_write(a.StackFrame, &sf, sizeof sf);
}

uint64_t dbghelp_StackWalk(struct thunk_call *c)
{
    API_ARGS(dbghelp, StackWalk, a);
    STACKFRAME_32 sf;
    if (a.MachineType != IMAGE_FILE_MACHINE_I386 || !a.StackFrame || !gm_read(a.StackFrame, &sf, sizeof sf)) {
        teb_set_last_error(ERROR_INVALID_PARAMETER);
        return 0;
    }
    struct frame f = {sf.AddrPC.Offset, sf.AddrReturn.Offset, sf.AddrFrame.Offset, sf.AddrStack.Offset, {0}};
    if (!step(&f, sf.Reserved[0] != 0, a.ContextRecord))
        return 0;
    sf.AddrPC.Offset = f.pc;
    sf.AddrReturn.Offset = f.ret;
    sf.AddrFrame.Offset = f.frame;
    sf.AddrStack.Offset = f.stack;
    sf.AddrPC.Mode = sf.AddrReturn.Mode = sf.AddrFrame.Mode = sf.AddrStack.Mode = ADDR_MODE_FLAT;
    memcpy(sf.Params, f.params, sizeof sf.Params);
    sf.Far = 0;
    sf.Virtual = 1;
    sf.Reserved[0] = 1;
    return gm_write(a.StackFrame, &sf, sizeof sf);
}
