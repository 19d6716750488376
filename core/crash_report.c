/* Crash report for an unhandled guest exception (one no vectored handler,
 * SEH frame or top-level filter took: core/seh.c): what happened, where
 * (module+offset), the registers, the code around the fault disassembled
 * with Capstone, a stack walk by frame pointers and the last API calls. */
#include "core/crash_report.h"

#include <capstone/capstone.h>
#include <string.h>

#include "core/guest_mem.h"
#include "core/trace.h"

const char *exception_name(uint32_t code)
{
    switch (code) {
    case 0xC0000005u: return "access violation";
    case 0x80000001u: return "guard page violation";
    case 0x80000003u: return "breakpoint";
    case 0x80000004u: return "single step";
    case 0xC000001Du: return "illegal instruction";
    case 0xC0000096u: return "privileged instruction";
    case 0xC0000094u: return "integer divide by zero";
    case 0xC0000095u: return "integer overflow";
    case 0xC00000FDu: return "stack overflow";
    case 0xC000008Eu: return "float divide by zero";
    case 0xC0000090u: return "float invalid operation";
    case 0xC0000409u: return "stack buffer overrun (fail fast)";
    case 0xC0000374u: return "heap corruption";
    case 0x80000002u: return "datatype misalignment";
    case 0xC0000025u: return "noncontinuable exception continued";
    case 0xC0000026u: return "invalid disposition from a handler";
    case 0xC0000028u: return "bad stack (broken exception chain)";
    case 0xC0000029u: return "invalid unwind target";
    case 0xC000008Cu: return "array bounds exceeded";
    case 0xC000008Du: return "float denormal operand";
    case 0xC000008Fu: return "float inexact result";
    case 0xC0000091u: return "float overflow";
    case 0xC0000092u: return "float stack check";
    case 0xC0000093u: return "float underflow";
    case 0xE06D7363u: return "C++ exception";
    default: return "exception";
    }
}

static void describe_access(FILE *out, const struct cpu_exception *exc)
{
    if (exc->code != 0xC0000005u || exc->nparams < 2)
        return;
    const char *kind = exc->params[0] == 1 ? "write to" : exc->params[0] == 8 ? "execute at" : "read of";
    fprintf(out, ": %s 0x%08x", kind, exc->params[1]);
}

static void disassemble(FILE *out, gaddr at)
{
    csh cs;
    if (cs_open(CS_ARCH_X86, CS_MODE_32, &cs) != CS_ERR_OK)
        return;
    uint8_t code[48];
    size_t n = 0;
    while (n < sizeof code && gm_readable(at + (gaddr)n, 1)) {
        gm_read_u8(at + (gaddr)n, &code[n]);
        n++;
    }
    if (n == 0) {
        fprintf(out, "  (code at %#010x is not readable)\n", at);
        cs_close(&cs);
        return;
    }
    cs_insn *insn;
    size_t count = cs_disasm(cs, code, n, at, 6, &insn);
    for (size_t i = 0; i < count; i++) {
        char where[96];
        describe_addr((gaddr)insn[i].address, where, sizeof where);
        fprintf(out, "  %s %08x  %-28s %s %s\n", i == 0 ? "=>" : "  ", (uint32_t)insn[i].address,
                where, insn[i].mnemonic, insn[i].op_str);
    }
    cs_free(insn, count);
    cs_close(&cs);
}

static void stack_walk(FILE *out, const struct cpu_context *ctx)
{
    gaddr ebp = ctx->ebp;
    for (int depth = 0; depth < 16 && ebp; depth++) {
        uint32_t next, ret;
        if (!gm_read_u32(ebp, &next) || !gm_read_u32(ebp + 4, &ret) || next <= ebp)
            break;
        char where[96];
        describe_addr(ret, where, sizeof where);
        fprintf(out, "  #%d %08x %s\n", depth + 1, ret, where);
        ebp = next;
    }
}

void crash_report(FILE *out, const struct cpu_exception *exc, const struct cpu_context *ctx)
{
    char where[96];
    describe_addr(exc->address, where, sizeof where);
    /* the trace ends with the crash and is written before the report */
    trace_note("unhandled exception %#010x at %s", exc->code, where);
    trace_flush_all();
    fprintf(out, "wowbox: unhandled exception %#010x (%s", exc->code, exception_name(exc->code));
    describe_access(out, exc);
    fprintf(out, ") at %s\n", where);
    fprintf(out, "  eax=%08x ebx=%08x ecx=%08x edx=%08x esi=%08x edi=%08x\n",
            ctx->eax, ctx->ebx, ctx->ecx, ctx->edx, ctx->esi, ctx->edi);
    fprintf(out, "  eip=%08x esp=%08x ebp=%08x efl=%08x\n", exc->address, ctx->esp, ctx->ebp, ctx->eflags);
    fprintf(out, "code:\n");
    disassemble(out, exc->address);
    fprintf(out, "frames:\n  #0 %08x %s\n", exc->address, where);
    stack_walk(out, ctx);
    fprintf(out, "last API calls:\n");
    trace_recent(out, 8);
}
