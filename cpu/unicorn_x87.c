/* Instructions Unicorn 2.0.1 gets wrong, done on the host for the Unicorn
 * backend: fprem/fprem1 (80-bit remainder), the transcendentals and the other
 * register-only x87 instructions the engine computes in double precision
 * (fsin, fcos, fsincos, fptan, fpatan, f2xm1, fyl2x, fyl2xp1, fscale,
 * fxtract, fxam, the constants), fbstp (its NaN and out-of-range store),
 * emms (TOP), fcomi, cmpxchg8b and loopz/loopnz (their flags). Unicorn has
 * no hook for one instruction kind, so translations are scanned as they are
 * made (and the first block of each run before it starts): each such
 * instruction found gets a code hook of its own, which
 * does it on the host and steps over it. A block translated before its hook
 * existed is dropped and translated again, so none of them ever runs in the
 * engine. A host without an x87 computes fprem's, fcomi's and fbstp's bits
 * in integer arithmetic (cpu/x87_ext.c), the transcendentals and the rest
 * of the register-only ones in binary128 (cpu/x87_soft.c). */
#include "cpu/unicorn_x87.h"

#include <stdlib.h>
#include <string.h>

#include <Zydis/Zydis.h>

#include "core/guest_mem.h"
#include "cpu/unicorn_api.h"
#include "cpu/unicorn_fault.h"
#include "cpu/x87_ext.h"

#define FSW_COND    0x4700u /* C3, C2, C1, C0 */
#define FSW_C1      0x0200u
#define FSW_EXCEPT  0x003Fu /* IE DE ZE OE UE PE */
#define FSW_SF      0x0040u /* stack fault (with IE) */
#define FSW_SUMMARY 0x8080u /* B and ES: an unmasked exception is pending */
#define SCAN_MAX    512u    /* longest first block scanned before a run */
#define SEEN_SLOTS  256u    /* run start addresses already scanned */
#if defined(__x86_64__) || defined(__i386__)
#define HOST_X87 1 /* the host runs x87 instructions itself */
#else
#define HOST_X87 0
#endif

struct ux87 {
    uc_engine *uc;
    ZydisDecoder dec;
    uint32_t *hooked; /* sorted addresses of the hooked instructions */
    size_t nhooked, caphooked;
    bool flush_pending;
    uint32_t flush_lo, flush_hi;
    uint32_t seen[SEEN_SLOTS]; /* direct-mapped: start eip + 1 (0 = empty) */
};

bool x87_stack_op_known(uint8_t op)
{
    switch (op) {
    case 0xE5:                                         /* fxam */
    case 0xE9: case 0xEA: case 0xEB: case 0xEC: case 0xED: /* fldl2t fldl2e fldpi fldlg2 fldln2 */
    case 0xF0: case 0xF1: case 0xF2: case 0xF3: case 0xF4: /* f2xm1 fyl2x fptan fpatan fxtract */
    case 0xF9: case 0xFB: case 0xFD: case 0xFE: case 0xFF: /* fyl2xp1 fsincos fscale fsin fcos */
        return true;
    default:
        return false;
    }
}

#if HOST_X87
struct x87_env28 {
    uint16_t cw, r0, sw, r1, tw, r2;
    uint32_t ip;
    uint16_t cs, op;
    uint32_t dp;
    uint16_t ds, r3;
};
_Static_assert(sizeof(struct x87_env28) == 28, "fnstenv image (32-bit operand size)");

/* noinline: the caller's x87 stack is then empty, as the ABI has it at a call. */
__attribute__((noinline)) bool x87_fprem_host(bool round_nearest, const uint8_t st0[10],
                                              const uint8_t st1[10], uint16_t fcw, uint16_t fsw,
                                              uint8_t result[10], uint16_t *fsw_out)
{
    struct x87_env28 saved, env;
    uint16_t sw = 0;
    __asm__ volatile("fnstenv %0" : "=m"(saved)); /* also masks every host exception */
    env = saved;
    env.cw = (uint16_t)(fcw | 0x3Fu); /* the guest's precision and rounding, nothing raised */
    env.sw = (uint16_t)(fsw & FSW_COND); /* the CPU leaves some C bits as they were */
    env.tw = 0xFFFF;
    __asm__ volatile("fldenv %0" : : "m"(env));
    if (round_nearest)
        __asm__ volatile("fldt %2\n\tfldt %1\n\tfprem1\n\tfnstsw %0\n\tfstpt %3\n\tfstp %%st(0)"
                         : "=m"(sw)
                         : "m"(*(const uint8_t(*)[10])st0), "m"(*(const uint8_t(*)[10])st1),
                           "m"(*(uint8_t(*)[10])result)
                         : "st", "st(1)", "memory");
    else
        __asm__ volatile("fldt %2\n\tfldt %1\n\tfprem\n\tfnstsw %0\n\tfstpt %3\n\tfstp %%st(0)"
                         : "=m"(sw)
                         : "m"(*(const uint8_t(*)[10])st0), "m"(*(const uint8_t(*)[10])st1),
                           "m"(*(uint8_t(*)[10])result)
                         : "st", "st(1)", "memory");
    __asm__ volatile("fldenv %0" : : "m"(saved));
    *fsw_out = (uint16_t)(sw & (FSW_COND | FSW_EXCEPT));
    return true;
}

__attribute__((noinline)) bool x87_fcomi_host(bool unordered, const uint8_t st0[10], const uint8_t sti[10],
                                              uint16_t fcw, uint32_t *flags_out, uint16_t *fsw_out)
{
    struct x87_env28 saved, env;
    uint16_t sw = 0;
    uint8_t z = 0, p = 0, c = 0;
    __asm__ volatile("fnstenv %0" : "=m"(saved));
    env = saved;
    env.cw = (uint16_t)(fcw | 0x3Fu);
    env.sw = 0;
    env.tw = 0xFFFF;
    __asm__ volatile("fldenv %0" : : "m"(env));
    if (unordered)
        __asm__ volatile("fldt %4\n\tfldt %5\n\tfucomip %%st(1), %%st\n\tsetz %0\n\tsetp %1\n\tsetc %2\n\t"
                         "fnstsw %3\n\tfstp %%st(0)"
                         : "=m"(z), "=m"(p), "=m"(c), "=m"(sw)
                         : "m"(*(const uint8_t(*)[10])sti), "m"(*(const uint8_t(*)[10])st0)
                         : "st", "st(1)", "cc", "memory");
    else
        __asm__ volatile("fldt %4\n\tfldt %5\n\tfcomip %%st(1), %%st\n\tsetz %0\n\tsetp %1\n\tsetc %2\n\t"
                         "fnstsw %3\n\tfstp %%st(0)"
                         : "=m"(z), "=m"(p), "=m"(c), "=m"(sw)
                         : "m"(*(const uint8_t(*)[10])sti), "m"(*(const uint8_t(*)[10])st0)
                         : "st", "st(1)", "cc", "memory");
    __asm__ volatile("fldenv %0" : : "m"(saved));
    *flags_out = (z ? 0x40u : 0) | (p ? 0x04u : 0) | (c ? 0x01u : 0);
    *fsw_out = (uint16_t)(sw & FSW_EXCEPT);
    return true;
}

struct x87_save108 {
    struct x87_env28 env;
    uint8_t st[8][10]; /* ST0..ST7 */
};
_Static_assert(sizeof(struct x87_save108) == 108, "fnsave image (32-bit operand size)");

/* One register-only D9 instruction on a frstor'ed image: the host's x87 does
 * exactly what the guest's would, exceptions raised but left pending (fnsave
 * does not wait for them), and the result comes back as the fnsave image. */
#define RUN_ON_IMAGE(insn)                                                                    \
    __asm__ volatile("frstor %1\n\t" insn "\n\tfnsave %0"                                   \
                     : "=m"(out)                                                              \
                     : "m"(in)                                                                \
                     : "st", "st(1)", "st(2)", "st(3)", "st(4)", "st(5)", "st(6)", "st(7)", \
                       "memory")

static void image_in(const struct x87_stack_op *s, struct x87_save108 *in)
{
    memset(in, 0, sizeof *in);
    in->env.cw = s->fcw; /* unmasked exceptions stay pending: nothing waits before fnsave */
    in->env.sw = (uint16_t)(s->fsw & (FSW_COND | 0x3800u)); /* no flags: nothing pending */
    in->env.tw = s->tag;
    memcpy(in->st, s->st, sizeof in->st);
}

static void image_out(const struct x87_save108 *out, struct x87_stack_op *s)
{
    s->fsw = out->env.sw;
    s->tag = out->env.tw;
    memcpy(s->st, out->st, sizeof out->st);
}

__attribute__((noinline)) bool x87_stack_op_host(uint8_t op, struct x87_stack_op *s)
{
    if (!x87_stack_op_known(op))
        return false;
    struct x87_env28 saved;
    struct x87_save108 in, out;
    image_in(s, &in);
    memset(&out, 0, sizeof out);
    __asm__ volatile("fnstenv %0" : "=m"(saved));
    switch (op) {
    case 0xE5: RUN_ON_IMAGE("fxam"); break;
    case 0xE9: RUN_ON_IMAGE("fldl2t"); break;
    case 0xEA: RUN_ON_IMAGE("fldl2e"); break;
    case 0xEB: RUN_ON_IMAGE("fldpi"); break;
    case 0xEC: RUN_ON_IMAGE("fldlg2"); break;
    case 0xED: RUN_ON_IMAGE("fldln2"); break;
    case 0xF0: RUN_ON_IMAGE("f2xm1"); break;
    case 0xF1: RUN_ON_IMAGE("fyl2x"); break;
    case 0xF2: RUN_ON_IMAGE("fptan"); break;
    case 0xF3: RUN_ON_IMAGE("fpatan"); break;
    case 0xF4: RUN_ON_IMAGE("fxtract"); break;
    case 0xF9: RUN_ON_IMAGE("fyl2xp1"); break;
    case 0xFB: RUN_ON_IMAGE("fsincos"); break;
    case 0xFD: RUN_ON_IMAGE("fscale"); break;
    case 0xFE: RUN_ON_IMAGE("fsin"); break;
    case 0xFF: RUN_ON_IMAGE("fcos"); break;
    default: return false;
    }
    __asm__ volatile("fldenv %0" : : "m"(saved)); /* fnsave left the x87 initialized */
    image_out(&out, s);
    return true;
}

__attribute__((noinline)) bool x87_fbstp_host(struct x87_stack_op *s, uint8_t bcd[10], bool *stored)
{
    struct x87_env28 saved;
    struct x87_save108 in, out;
    uint8_t buf[10] = { 0 };
    image_in(s, &in);
    memset(&out, 0, sizeof out);
    __asm__ volatile("fnstenv %0" : "=m"(saved));
    __asm__ volatile("frstor %2\n\tfbstp %1\n\tfnsave %0"
                     : "=m"(out), "=m"(buf)
                     : "m"(in)
                     : "st", "st(1)", "st(2)", "st(3)", "st(4)", "st(5)", "st(6)", "st(7)", "memory");
    __asm__ volatile("fldenv %0" : : "m"(saved));
    /* an unmasked invalid operation stores nothing and does not pop */
    *stored = ((out.env.sw ^ in.env.sw) & 0x3800u) != 0;
    image_out(&out, s);
    memcpy(bcd, buf, 10);
    return true;
}
#else
/* The comparison does not depend on precision or rounding control. */
bool x87_fcomi_host(bool unordered, const uint8_t st0[10], const uint8_t sti[10], uint16_t fcw,
                    uint32_t *flags_out, uint16_t *fsw_out)
{
    (void)fcw;
    x87_ext_fcomi(unordered, st0, sti, flags_out, fsw_out);
    return true;
}
/* No x87 on this host (aarch64): the same store from integer arithmetic
 * (cpu/x87_ext.c, checked against the real instruction on x86-64). */
bool x87_fbstp_host(struct x87_stack_op *s, uint8_t bcd[10], bool *stored)
{
    *stored = x87_ext_fbstp(s, bcd);
    return true;
}
/* No x87 on this host (aarch64): computed in binary128 and rounded as the
 * x87 rounds (cpu/x87_soft.c, checked against the real instruction on x86-64). */
bool x87_stack_op_host(uint8_t op, struct x87_stack_op *s)
{
    return x87_stack_op_known(op) && x87_soft_stack_op(op, s);
}
/* No x87 on this host (aarch64): the same bits from integer arithmetic
 * (cpu/x87_ext.c, checked against the real instruction on x86-64). */
bool x87_fprem_host(bool round_nearest, const uint8_t st0[10], const uint8_t st1[10],
                    uint16_t fcw, uint16_t fsw, uint8_t result[10], uint16_t *fsw_out)
{
    (void)fcw; /* exact: neither precision nor rounding control matters */
    x87_ext_fprem(round_nearest, st0, st1, fsw, result, fsw_out);
    return true;
}
#endif

/* fprem/fprem1: the engine's registers in, the host's answer out, and on to
 * the next instruction. */
static void do_fprem(uc_engine *uc, uint64_t addr, uint32_t size)
{
    uint8_t code[2] = { 0 };
    if (size != 2 || !gm_read((uint32_t)addr, code, 2) || code[0] != 0xD9 ||
        (code[1] != 0xF8 && code[1] != 0xF5))
        return; /* rewritten since it was hooked: let the engine run it */
    uint16_t fcw = 0, fsw = 0, tag = 0;
    uc_reg_read(uc, UC_X86_REG_FPCW, &fcw);
    uc_reg_read(uc, UC_X86_REG_FPSW, &fsw);
    uc_reg_read(uc, UC_X86_REG_FPTAG, &tag);
    unsigned top = (fsw >> 11) & 7;
    /* an empty operand is a stack fault: the engine handles that right */
    if (((tag >> (2 * top)) & 3) == 3 || ((tag >> (2 * ((top + 1) & 7))) & 3) == 3)
        return;
    /* the engine reads and writes ST registers as the 10-byte memory image
     * (significand, then sign and exponent); 16 bytes leave it room */
    uint8_t x[16] = { 0 }, y[16] = { 0 }, r[16] = { 0 };
    uc_reg_read(uc, UC_X86_REG_ST0, x);
    uc_reg_read(uc, UC_X86_REG_ST1, y);
    uint16_t sw = 0;
    if (!x87_fprem_host(code[1] == 0xF5, x, y, fcw, fsw, r, &sw))
        return;
    uint16_t out = (uint16_t)((fsw & ~FSW_COND) | (sw & FSW_COND) | (sw & FSW_EXCEPT));
    if (sw & FSW_EXCEPT & ~fcw)
        out |= FSW_SUMMARY; /* raised at the next waiting x87 instruction */
    uc_reg_write(uc, UC_X86_REG_ST0, r);
    uc_reg_write(uc, UC_X86_REG_FPSW, &out);
    uint32_t next = (uint32_t)addr + 2;
    uc_reg_write(uc, UC_X86_REG_EIP, &next);
}

/* The engine's x87 state, as x87_stack_op_host takes it. */
static void read_x87(uc_engine *uc, struct x87_stack_op *s)
{
    uc_reg_read(uc, UC_X86_REG_FPCW, &s->fcw);
    uc_reg_read(uc, UC_X86_REG_FPSW, &s->fsw);
    uc_reg_read(uc, UC_X86_REG_FPTAG, &s->tag);
    for (int i = 0; i < 8; i++) {
        uint8_t v[16] = { 0 }; /* the engine writes the 10-byte image; room to spare */
        uc_reg_read(uc, UC_X86_REG_ST0 + i, v);
        memcpy(s->st[i], v, 10);
    }
}

/* The host's answer back into the engine; fsw_before's sticky flags stay. */
static void write_x87(uc_engine *uc, const struct x87_stack_op *s, uint16_t fsw_before)
{
    /* exception and stack fault flags are sticky; B and ES say one unmasked is pending */
    uint16_t out = (uint16_t)((s->fsw & ~FSW_SUMMARY) | (fsw_before & (FSW_EXCEPT | FSW_SF)));
    if (out & FSW_EXCEPT & ~s->fcw)
        out |= FSW_SUMMARY; /* raised at the next waiting x87 instruction */
    uc_reg_write(uc, UC_X86_REG_FPSW, &out); /* TOP first: ST(i) are relative to it */
    uc_reg_write(uc, UC_X86_REG_FPTAG, &s->tag);
    for (int i = 0; i < 8; i++) {
        uint8_t v[16] = { 0 };
        memcpy(v, s->st[i], 10);
        uc_reg_write(uc, UC_X86_REG_ST0 + i, v);
    }
}

/* A register-only x87 instruction the engine computes in double precision
 * (x87_stack_op_known): the whole x87 stack from the engine, through the
 * host's x87, back: results, pushes and pops, C0-C3, exception flags and
 * stack faults (which the engine gets wrong for fsincos, say) as the CPU
 * leaves them. */
static void do_stack_op(uc_engine *uc, uint64_t addr, uint8_t op)
{
    struct x87_stack_op s = { 0 };
    read_x87(uc, &s);
    uint16_t fsw_before = s.fsw;
    if (!x87_stack_op_host(op, &s))
        return;
    write_x87(uc, &s, fsw_before);
    uint32_t next = (uint32_t)addr + 2;
    uc_reg_write(uc, UC_X86_REG_EIP, &next);
}

static const int gpr_ids[8] = { UC_X86_REG_EAX, UC_X86_REG_ECX, UC_X86_REG_EDX, UC_X86_REG_EBX,
                                UC_X86_REG_ESP, UC_X86_REG_EBP, UC_X86_REG_ESI, UC_X86_REG_EDI };

static uint32_t reg32(uc_engine *uc, int id)
{
    uint32_t v = 0;
    uc_reg_read(uc, id, &v);
    return v;
}

/* A 32-bit general register's value, 0 for none; false for any other. */
static bool address_reg(uc_engine *uc, ZydisRegister r, uint32_t *v)
{
    if (r == ZYDIS_REGISTER_NONE) {
        *v = 0;
        return true;
    }
    if (r < ZYDIS_REGISTER_EAX || r > ZYDIS_REGISTER_EDI)
        return false;
    *v = reg32(uc, gpr_ids[r - ZYDIS_REGISTER_EAX]);
    return true;
}

/* The instruction at addr (size bytes) is still `want` with a memory
 * operand through DS/ES/SS: its effective address. False for anything else
 * (rewritten code, FS/GS, an address register the hooks do not read), which
 * the engine then runs itself. */
static bool memory_operand(struct ux87 *x, uc_engine *uc, uint64_t addr, uint32_t size, ZydisMnemonic want,
                           uint32_t *ea)
{
    uint8_t code[16];
    ZydisDecodedInstruction in;
    ZydisDecodedOperand ops[ZYDIS_MAX_OPERAND_COUNT];
    if (size > sizeof code || !gm_read((uint32_t)addr, code, size) ||
        ZYAN_FAILED(ZydisDecoderDecodeFull(&x->dec, code, size, &in, ops)) || in.mnemonic != want ||
        ops[0].type != ZYDIS_OPERAND_TYPE_MEMORY)
        return false;
    const ZydisDecodedOperand *m = &ops[0];
    uint32_t base, index;
    if (m->mem.segment == ZYDIS_REGISTER_FS || m->mem.segment == ZYDIS_REGISTER_GS ||
        !address_reg(uc, m->mem.base, &base) || !address_reg(uc, m->mem.index, &index))
        return false;
    *ea = base + index * m->mem.scale + (uint32_t)m->mem.disp.value;
    return true;
}

/* cmpxchg8b m64: the engine's result is right but it changes CF PF AF SF OF,
 * which the CPU leaves alone (only ZF says whether the exchange happened).
 * Anything unusual (FS/GS, a fault) is left to the engine. The backend runs
 * one guest thread at a time, so doing it here is atomic for the guest. */
static void do_cmpxchg8b(struct ux87 *x, uc_engine *uc, uint64_t addr, uint32_t size)
{
    uint32_t ea, mem[2];
    if (!memory_operand(x, uc, addr, size, ZYDIS_MNEMONIC_CMPXCHG8B, &ea))
        return;
    /* inside a block the engine's lazy flags may be those of an earlier
     * instruction: bring them to this one before EFLAGS is read */
    if (!gm_read(ea, mem, 8) || !ucf_precise_state(uc))
        return;
    uint32_t eax = reg32(uc, UC_X86_REG_EAX), edx = reg32(uc, UC_X86_REG_EDX);
    uint32_t flags = reg32(uc, UC_X86_REG_EFLAGS) & ~0x40u; /* ZF */
    bool equal = mem[0] == eax && mem[1] == edx;
    uint32_t out[2] = { mem[0], mem[1] }; /* the CPU writes the old value back */
    if (equal) {
        out[0] = reg32(uc, UC_X86_REG_EBX);
        out[1] = reg32(uc, UC_X86_REG_ECX);
        flags |= 0x40u;
    }
    if (!gm_write(ea, out, 8))
        return; /* read-only: the engine raises the fault */
    if (!equal) {
        uc_reg_write(uc, UC_X86_REG_EAX, &mem[0]);
        uc_reg_write(uc, UC_X86_REG_EDX, &mem[1]);
    }
    uc_reg_write(uc, UC_X86_REG_EFLAGS, &flags);
    uint32_t next = (uint32_t)addr + size;
    uc_reg_write(uc, UC_X86_REG_EIP, &next);
}

/* fbstp m80: the engine stores 9223372036854775807 for a NaN, an infinity or
 * a value out of range, where the CPU stores the BCD indefinite. Done on
 * the host's x87; FS/GS or a fault is left to the engine. */
static void do_fbstp(struct ux87 *x, uc_engine *uc, uint64_t addr, uint32_t size)
{
    uint32_t ea;
    if (!memory_operand(x, uc, addr, size, ZYDIS_MNEMONIC_FBSTP, &ea))
        return;
    struct x87_stack_op s = { 0 };
    read_x87(uc, &s);
    uint16_t fsw_before = s.fsw;
    uint8_t bcd[10];
    bool stored = false;
    if (!x87_fbstp_host(&s, bcd, &stored) || (stored && !gm_write(ea, bcd, 10)))
        return; /* not writable: the engine raises the fault */
    write_x87(uc, &s, fsw_before);
    uint32_t next = (uint32_t)addr + size;
    uc_reg_write(uc, UC_X86_REG_EIP, &next);
}

/* loopz/loopnz (E1/E0 rel8, with 67: on CX): when the count reaches 0 the
 * engine skips its flag computation but goes on as if it had done it, so
 * the flags after it are garbage. Done here: the count, ZF, the jump. */
static void do_loopcc(uc_engine *uc, uint64_t addr, uint32_t size)
{
    uint8_t code[3] = { 0 };
    if (size < 2 || size > 3 || !gm_read((uint32_t)addr, code, size))
        return;
    bool cx = size == 3;
    uint8_t op = code[size - 2];
    if ((cx && code[0] != 0x67) || (op != 0xE0 && op != 0xE1))
        return; /* another prefix (or rewritten since): the engine's */
    /* ZF is read: the engine's lazy flags must be this instruction's */
    if (!ucf_precise_state(uc))
        return;
    uint32_t ecx = reg32(uc, UC_X86_REG_ECX), flags = reg32(uc, UC_X86_REG_EFLAGS);
    uint32_t count = cx ? (ecx - 1) & 0xFFFFu : ecx - 1;
    ecx = cx ? (ecx & 0xFFFF0000u) | count : count;
    bool zf = (flags & 0x40u) != 0;
    bool jump = count != 0 && (op == 0xE1 ? zf : !zf);
    uint32_t next = (uint32_t)addr + size + (jump ? (uint32_t)(int32_t)(int8_t)code[size - 1] : 0);
    uc_reg_write(uc, UC_X86_REG_ECX, &ecx);
    uc_reg_write(uc, UC_X86_REG_EFLAGS, &flags); /* the flags as they are, no longer lazy */
    uc_reg_write(uc, UC_X86_REG_EIP, &next);
}

/* emms: the engine empties the tags but leaves TOP, which the CPU (AMD and
 * Intel alike) sets to 0. */
static void do_emms(uc_engine *uc, uint64_t addr)
{
    uint16_t fsw = 0, tag = 0xFFFF;
    uc_reg_read(uc, UC_X86_REG_FPSW, &fsw);
    fsw &= (uint16_t)~0x3800u;
    uc_reg_write(uc, UC_X86_REG_FPSW, &fsw);
    uc_reg_write(uc, UC_X86_REG_FPTAG, &tag);
    uint32_t next = (uint32_t)addr + 2;
    uc_reg_write(uc, UC_X86_REG_EIP, &next);
}

/* fcomi/fucomi and their popping forms (DB/DF F0+i, E8+i): the engine sets
 * ZF PF CF right but leaves OF SF AF, which the CPU clears. */
static void do_fcomi(uc_engine *uc, uint64_t addr, const uint8_t code[2])
{
    uint16_t fcw = 0, fsw = 0, tag = 0;
    uc_reg_read(uc, UC_X86_REG_FPCW, &fcw);
    uc_reg_read(uc, UC_X86_REG_FPSW, &fsw);
    uc_reg_read(uc, UC_X86_REG_FPTAG, &tag);
    unsigned top = (fsw >> 11) & 7, i = code[1] & 7;
    if (((tag >> (2 * top)) & 3) == 3 || ((tag >> (2 * ((top + i) & 7))) & 3) == 3)
        return; /* a stack fault: the engine's */
    uint8_t a[16] = { 0 }, b[16] = { 0 };
    uc_reg_read(uc, UC_X86_REG_ST0, a);
    uc_reg_read(uc, UC_X86_REG_ST0 + (int)i, b);
    uint32_t result = 0;
    uint16_t exc = 0;
    bool unordered = (code[1] & 0xF8) == 0xE8;
    /* EFLAGS is read: the engine's lazy flags must be this instruction's */
    if (!ucf_precise_state(uc) || !x87_fcomi_host(unordered, a, b, fcw, &result, &exc))
        return;
    uint32_t flags = (reg32(uc, UC_X86_REG_EFLAGS) & ~0x8D5u) | result;
    uint16_t out = (uint16_t)((fsw & ~FSW_C1) | exc);
    if (exc & ~fcw)
        out |= FSW_SUMMARY;
    if (code[0] == 0xDF) { /* pop: st0 empty, TOP + 1 */
        tag = (uint16_t)(tag | 3u << (2 * top));
        out = (uint16_t)((out & ~0x3800u) | ((top + 1) & 7) << 11);
        uc_reg_write(uc, UC_X86_REG_FPTAG, &tag);
    }
    uc_reg_write(uc, UC_X86_REG_FPSW, &out);
    uc_reg_write(uc, UC_X86_REG_EFLAGS, &flags);
    uint32_t next = (uint32_t)addr + 2;
    uc_reg_write(uc, UC_X86_REG_EIP, &next);
}

static bool is_fcomi(const uint8_t *b)
{
    return (b[0] == 0xDB || b[0] == 0xDF) && b[1] >= 0xE8 && b[1] <= 0xF7;
}

/* The code hook on one of the instructions done here (rewritten since it
 * was hooked: the engine runs it). */
static void hook_host(uc_engine *uc, uint64_t addr, uint32_t size, void *user)
{
    uint8_t code[2] = { 0 };
    if (size < 2 || !gm_read((uint32_t)addr, code, 2))
        return;
    if (code[0] == 0xD9 && size == 2 && x87_stack_op_known(code[1]))
        do_stack_op(uc, addr, code[1]);
    else if (size == 2 && is_fcomi(code))
        do_fcomi(uc, addr, code);
    else if (size == 2 && code[0] == 0x0F && code[1] == 0x77)
        do_emms(uc, addr);
    else if (code[0] == 0xE0 || code[0] == 0xE1 || (code[0] == 0x67 && (code[1] == 0xE0 || code[1] == 0xE1)))
        do_loopcc(uc, addr, size);
    else if (code[0] == 0xDF)
        do_fbstp(user, uc, addr, size);
    else if (size == 2)
        do_fprem(uc, addr, size);
    else
        do_cmpxchg8b(user, uc, addr, size);
}

static bool done_on_host(const ZydisDecodedInstruction *in, const uint8_t *bytes)
{
    if (in->length == 2 && bytes[0] == 0xD9 && x87_stack_op_known(bytes[1]))
        return true;
    switch (in->mnemonic) {
    case ZYDIS_MNEMONIC_FPREM:
    case ZYDIS_MNEMONIC_FPREM1:
    case ZYDIS_MNEMONIC_FCOMI:
    case ZYDIS_MNEMONIC_FCOMIP:
    case ZYDIS_MNEMONIC_FUCOMI:
    case ZYDIS_MNEMONIC_FUCOMIP:
        return in->length == 2;
    case ZYDIS_MNEMONIC_CMPXCHG8B:
        return true;
    case ZYDIS_MNEMONIC_FBSTP:
        return bytes[0] == 0xDF; /* no prefix */
    case ZYDIS_MNEMONIC_EMMS:
        return in->length == 2;
    case ZYDIS_MNEMONIC_LOOPE:
    case ZYDIS_MNEMONIC_LOOPNE:
        return in->length == 2 || (in->length == 3 && bytes[0] == 0x67);
    default:
        return false;
    }
}

static bool ends_block(const ZydisDecodedInstruction *in)
{
    switch (in->meta.category) {
    case ZYDIS_CATEGORY_COND_BR:
    case ZYDIS_CATEGORY_UNCOND_BR:
    case ZYDIS_CATEGORY_CALL:
    case ZYDIS_CATEGORY_RET:
    case ZYDIS_CATEGORY_INTERRUPT:
    case ZYDIS_CATEGORY_SYSCALL:
    case ZYDIS_CATEGORY_SYSTEM:
        return true;
    default:
        return false;
    }
}

static size_t hooked_slot(const struct ux87 *x, uint32_t a)
{
    size_t lo = 0, hi = x->nhooked;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (x->hooked[mid] < a)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* True when a hook was added (the caller's translation lacks it). */
static bool hook_at(struct ux87 *x, uint32_t a)
{
    size_t i = hooked_slot(x, a);
    if (i < x->nhooked && x->hooked[i] == a)
        return false;
    if (x->nhooked == x->caphooked) {
        size_t cap = x->caphooked ? 2 * x->caphooked : 16;
        uint32_t *n = realloc(x->hooked, cap * sizeof *n);
        if (!n)
            return false;
        x->hooked = n;
        x->caphooked = cap;
    }
    uc_hook hh;
    if (uc_hook_add(x->uc, &hh, UC_HOOK_CODE, (void *)hook_host, x, (uint64_t)a, (uint64_t)a) != UC_ERR_OK)
        return false;
    memmove(x->hooked + i + 1, x->hooked + i, (x->nhooked - i) * sizeof *x->hooked);
    x->hooked[i] = a;
    x->nhooked++;
    return true;
}

/* Reads as much of [a, a+n) as is readable guest memory, page by page. */
static size_t read_code(uint32_t a, uint8_t *buf, size_t n)
{
    size_t got = 0;
    while (got < n) {
        uint32_t at = a + (uint32_t)got;
        size_t chunk = 0x1000u - (at & 0xFFFu);
        if (chunk > n - got)
            chunk = n - got;
        if (!gm_read(at, buf + got, chunk))
            break;
        got += chunk;
    }
    return got;
}

/* Hooks every instruction done here among those from `a` (to the first branch when
 * `to_branch`, else `n` bytes); true when one was new. */
static bool scan(struct ux87 *x, uint32_t a, size_t n, bool to_branch)
{
    uint8_t buf[SCAN_MAX + 16];
    if (n > SCAN_MAX)
        n = SCAN_MAX;
    size_t have = read_code(a, buf, n);
    bool added = false;
    size_t off = 0;
    ZydisDecodedInstruction in;
    while (off < have) {
        if (ZYAN_FAILED(ZydisDecoderDecodeInstruction(&x->dec, NULL, buf + off, have - off, &in)))
            break;
        if (done_on_host(&in, buf + off) && hook_at(x, a + (uint32_t)off))
            added = true;
        off += in.length;
        if (to_branch && ends_block(&in))
            break;
    }
    return added;
}

static void want_flush(struct ux87 *x, uint32_t lo, uint32_t hi)
{
    if (!x->flush_pending || lo < x->flush_lo)
        x->flush_lo = lo;
    if (!x->flush_pending || hi > x->flush_hi)
        x->flush_hi = hi;
    x->flush_pending = true;
}

/* A new translation, before it first runs: a new hooked one in it means the
 * translation lacks the hook, so the engine stops before running it (its
 * prologue sees the stop request) and the block is translated again. */
static void hook_translated(uc_engine *uc, uc_tb *cur, uc_tb *prev, void *user)
{
    (void)prev;
    struct ux87 *x = user;
    uint32_t pc = (uint32_t)cur->pc;
    if (!scan(x, pc, cur->size, false))
        return;
    want_flush(x, pc, pc + cur->size);
    uc_emu_stop(uc);
}

struct ux87 *ux87_attach(uc_engine *uc)
{
    struct ux87 *x = calloc(1, sizeof *x);
    if (!x)
        return NULL;
    x->uc = uc;
    uc_hook hh;
    if (ZYAN_FAILED(ZydisDecoderInit(&x->dec, ZYDIS_MACHINE_MODE_LEGACY_32, ZYDIS_STACK_WIDTH_32)) ||
        uc_hook_add(uc, &hh, UC_HOOK_EDGE_GENERATED, (void *)hook_translated, x, 1, 0) != UC_ERR_OK) {
        free(x);
        return NULL;
    }
    return x;
}

void ux87_detach(struct ux87 *x)
{
    if (!x)
        return;
    free(x->hooked);
    free(x);
}

void ux87_before_run(struct ux87 *x, uint32_t eip)
{
    if (!x)
        return;
    uint32_t *slot = &x->seen[(eip ^ (eip >> 8)) % SEEN_SLOTS];
    if (*slot == eip + 1)
        return;
    *slot = eip + 1;
    if (scan(x, eip, SCAN_MAX, true))
        ucf_remove_cache(x->uc, eip, (uint64_t)eip + SCAN_MAX);
}

bool ux87_after_run(struct ux87 *x)
{
    if (!x || !x->flush_pending)
        return false;
    x->flush_pending = false;
    ucf_remove_cache(x->uc, x->flush_lo, (uint64_t)x->flush_hi);
    return true;
}

void ux87_forget(struct ux87 *x)
{
    if (x)
        memset(x->seen, 0, sizeof x->seen);
}
