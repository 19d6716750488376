/* The instruction templates and the generator: a table-driven encoder
 * for instructions whose encoding and meaning are the same in 32-bit
 * protected mode and in 64-bit mode with 32-bit operands (no REX, no
 * 0x40-0x4F, no stack, no RIP-relative addressing), so the host CPU in
 * 64-bit mode can be the oracle, and the "legacy" class only the native
 * oracle runs (BCD, inc/dec 0x40-0x4F, the stack, near control flow).
 * Flag effects are from the Intel SDM. */
#include <string.h>

#include "cpudiff.h"

/* operand kinds */
enum kind {
    K_NONE,
    K_R8, K_R16, K_R32,       /* general register (no ESP for 16/32) */
    K_RM8, K_RM16, K_RM32,    /* register or memory */
    K_M,                      /* memory only */
    K_X, K_XM,                /* xmm register, xmm or 16-byte aligned memory */
    K_MM, K_MMM,              /* mmx register, mmx or memory */
    K_STI,                    /* x87 register in the opcode's last byte */
    K_STI1,                   /* the same, not st(0) (popping forms) */
};

/* immediates */
enum imm { I_NONE, I_8, I_16, I_32, I_SHIFT, I_BIT, I_SHUF, I_CMP };

/* special generation */
enum special {
    S_NONE,
    S_SHIFT_IMM,  /* flag effects depend on the count */
    S_SHIFT_1,
    S_SHIFT_CL,
    S_ROT_IMM,
    S_ROT_1,
    S_ROT_CL,
    S_DIV,        /* edx prepared by the unit before it */
    S_IDIV,
    S_STRING,     /* esi/edi/ecx set-up, direction */
    S_LEA,
    S_CC,         /* condition code in the opcode's low nibble: flags read */
    S_FLDCW,      /* a control word with every exception masked stored first */
    S_LDMXCSR,    /* the same for MXCSR: rounding control */
    S_LDMXCSR_DAZ, /* and denormals-are-zero, flush-to-zero */
    S_FBLD,       /* valid packed BCD stored first */
    S_LOADED_CMPXCHG8B, /* edx:eax loaded from the operand first: the exchange happens */
    S_GROUP,      /* legacy: a short fixed group (legacy_unit) */
};

enum cls { C_INT, C_X87, C_MMX, C_SSE, C_LEGACY };

struct tmpl {
    const char *name;
    uint8_t pre;       /* 0, 0x66, 0xF2, 0xF3 */
    uint8_t op[3];
    uint8_t nop;
    int8_t digit;      /* modrm.reg: /digit; -1: operand a; -2: no modrm */
    uint8_t a, b;      /* operand in modrm.reg (a), in modrm.rm (b) */
    uint8_t imm;
    uint16_t fr, fd, fu; /* EFLAGS read, defined, undefined */
    uint8_t special;
    uint8_t cls;
    uint16_t cdef, cundef; /* x87 condition bits defined / left undefined */
    int8_t need;           /* x87 stack depth needed */
    int8_t push;           /* x87 net push */
};

#define ALL FL_ARITH
#define LOGIC_D (FL_CF | FL_OF | FL_SF | FL_ZF | FL_PF)
#define INCDEC_D (FL_OF | FL_SF | FL_ZF | FL_AF | FL_PF)
#define MUL_U (FL_SF | FL_ZF | FL_AF | FL_PF)
#define BT_U (FL_OF | FL_SF | FL_AF | FL_PF)

#define ALU(nm, base, r)                                                                        \
    { nm " r/m32,r32", 0, { base + 1 }, 1, -1, K_R32, K_RM32, 0, r, ALL, 0, 0, C_INT, 0, 0, 0, 0 }, \
    { nm " r32,r/m32", 0, { base + 3 }, 1, -1, K_R32, K_RM32, 0, r, ALL, 0, 0, C_INT, 0, 0, 0, 0 }, \
    { nm " r/m8,r8", 0, { base }, 1, -1, K_R8, K_RM8, 0, r, ALL, 0, 0, C_INT, 0, 0, 0, 0 },         \
    { nm " r/m16,r16", 0x66, { base + 1 }, 1, -1, K_R16, K_RM16, 0, r, ALL, 0, 0, C_INT, 0, 0, 0, 0 }, \
    { nm " r/m32,imm32", 0, { 0x81 }, 1, base / 8, 0, K_RM32, I_32, r, ALL, 0, 0, C_INT, 0, 0, 0, 0 }, \
    { nm " r/m32,imm8", 0, { 0x83 }, 1, base / 8, 0, K_RM32, I_8, r, ALL, 0, 0, C_INT, 0, 0, 0, 0 },   \
    { nm " r/m8,imm8", 0, { 0x80 }, 1, base / 8, 0, K_RM8, I_8, r, ALL, 0, 0, C_INT, 0, 0, 0, 0 }

#define LOGIC(nm, base)                                                                              \
    { nm " r/m32,r32", 0, { base + 1 }, 1, -1, K_R32, K_RM32, 0, 0, LOGIC_D, FL_AF, 0, C_INT, 0, 0, 0, 0 }, \
    { nm " r/m8,r8", 0, { base }, 1, -1, K_R8, K_RM8, 0, 0, LOGIC_D, FL_AF, 0, C_INT, 0, 0, 0, 0 },       \
    { nm " r/m16,r16", 0x66, { base + 1 }, 1, -1, K_R16, K_RM16, 0, 0, LOGIC_D, FL_AF, 0, C_INT, 0, 0, 0, 0 }, \
    { nm " r/m32,imm32", 0, { 0x81 }, 1, base / 8, 0, K_RM32, I_32, 0, LOGIC_D, FL_AF, 0, C_INT, 0, 0, 0, 0 }, \
    { nm " r/m32,imm8", 0, { 0x83 }, 1, base / 8, 0, K_RM32, I_8, 0, LOGIC_D, FL_AF, 0, C_INT, 0, 0, 0, 0 }

#define SHIFTS(nm, digit, imm_sp, one_sp, cl_sp, rd)                                              \
    { nm " r/m32,imm8", 0, { 0xC1 }, 1, digit, 0, K_RM32, I_SHIFT, rd, 0, 0, imm_sp, C_INT, 0, 0, 0, 0 }, \
    { nm " r/m32,1", 0, { 0xD1 }, 1, digit, 0, K_RM32, 0, rd, 0, 0, one_sp, C_INT, 0, 0, 0, 0 },          \
    { nm " r/m32,cl", 0, { 0xD3 }, 1, digit, 0, K_RM32, 0, rd, 0, 0, cl_sp, C_INT, 0, 0, 0, 0 },          \
    { nm " r/m8,imm8", 0, { 0xC0 }, 1, digit, 0, K_RM8, I_SHIFT, rd, 0, 0, imm_sp, C_INT, 0, 0, 0, 0 },   \
    { nm " r/m8,cl", 0, { 0xD2 }, 1, digit, 0, K_RM8, 0, rd, 0, 0, cl_sp, C_INT, 0, 0, 0, 0 },            \
    { nm " r/m16,imm8", 0x66, { 0xC1 }, 1, digit, 0, K_RM16, I_SHIFT, rd, 0, 0, imm_sp, C_INT, 0, 0, 0, 0 }, \
    { nm " r/m16,cl", 0x66, { 0xD3 }, 1, digit, 0, K_RM16, 0, rd, 0, 0, cl_sp, C_INT, 0, 0, 0, 0 }

#define INT1(nm, pre, o0, dg, a, b, im, fr, fd, fu) \
    { nm, pre, { o0 }, 1, dg, a, b, im, fr, fd, fu, 0, C_INT, 0, 0, 0, 0 }
#define INT2(nm, pre, o1, dg, a, b, im, fr, fd, fu) \
    { nm, pre, { 0x0F, o1 }, 2, dg, a, b, im, fr, fd, fu, 0, C_INT, 0, 0, 0, 0 }
#define SP1(nm, pre, o0, dg, a, b, im, fr, fd, fu, sp) \
    { nm, pre, { o0 }, 1, dg, a, b, im, fr, fd, fu, sp, C_INT, 0, 0, 0, 0 }
#define SP2(nm, pre, o1, dg, a, b, im, fr, fd, fu, sp) \
    { nm, pre, { 0x0F, o1 }, 2, dg, a, b, im, fr, fd, fu, sp, C_INT, 0, 0, 0, 0 }

static const struct tmpl templates[] = {
    ALU("add", 0x00, 0), ALU("adc", 0x10, FL_CF), ALU("sbb", 0x18, FL_CF), ALU("sub", 0x28, 0),
    ALU("cmp", 0x38, 0),
    LOGIC("or", 0x08), LOGIC("and", 0x20), LOGIC("xor", 0x30),
    INT1("test r/m32,r32", 0, 0x85, -1, K_R32, K_RM32, 0, 0, LOGIC_D, FL_AF),
    INT1("test r/m8,r8", 0, 0x84, -1, K_R8, K_RM8, 0, 0, LOGIC_D, FL_AF),
    INT1("test r/m32,imm32", 0, 0xF7, 0, 0, K_RM32, I_32, 0, LOGIC_D, FL_AF),
    INT1("neg r/m32", 0, 0xF7, 3, 0, K_RM32, 0, 0, ALL, 0),
    INT1("neg r/m8", 0, 0xF6, 3, 0, K_RM8, 0, 0, ALL, 0),
    INT1("not r/m32", 0, 0xF7, 2, 0, K_RM32, 0, 0, 0, 0),
    INT1("inc r/m32", 0, 0xFF, 0, 0, K_RM32, 0, 0, INCDEC_D, 0),
    INT1("dec r/m32", 0, 0xFF, 1, 0, K_RM32, 0, 0, INCDEC_D, 0),
    INT1("inc r/m8", 0, 0xFE, 0, 0, K_RM8, 0, 0, INCDEC_D, 0),
    INT1("dec r/m16", 0x66, 0xFF, 1, 0, K_RM16, 0, 0, INCDEC_D, 0),
    SHIFTS("rol", 0, S_ROT_IMM, S_ROT_1, S_ROT_CL, 0),
    SHIFTS("ror", 1, S_ROT_IMM, S_ROT_1, S_ROT_CL, 0),
    SHIFTS("rcl", 2, S_ROT_IMM, S_ROT_1, S_ROT_CL, FL_CF),
    SHIFTS("rcr", 3, S_ROT_IMM, S_ROT_1, S_ROT_CL, FL_CF),
    SHIFTS("shl", 4, S_SHIFT_IMM, S_SHIFT_1, S_SHIFT_CL, 0),
    SHIFTS("shr", 5, S_SHIFT_IMM, S_SHIFT_1, S_SHIFT_CL, 0),
    SHIFTS("sar", 7, S_SHIFT_IMM, S_SHIFT_1, S_SHIFT_CL, 0),
    INT1("mul r/m32", 0, 0xF7, 4, 0, K_RM32, 0, 0, FL_CF | FL_OF, MUL_U),
    INT1("imul r/m32", 0, 0xF7, 5, 0, K_RM32, 0, 0, FL_CF | FL_OF, MUL_U),
    INT1("mul r/m8", 0, 0xF6, 4, 0, K_RM8, 0, 0, FL_CF | FL_OF, MUL_U),
    INT1("imul r/m16", 0x66, 0xF7, 5, 0, K_RM16, 0, 0, FL_CF | FL_OF, MUL_U),
    INT2("imul r32,r/m32", 0, 0xAF, -1, K_R32, K_RM32, 0, 0, FL_CF | FL_OF, MUL_U),
    INT1("imul r32,r/m32,imm8", 0, 0x6B, -1, K_R32, K_RM32, I_8, 0, FL_CF | FL_OF, MUL_U),
    INT1("imul r32,r/m32,imm32", 0, 0x69, -1, K_R32, K_RM32, I_32, 0, FL_CF | FL_OF, MUL_U),
    SP1("div r/m32", 0, 0xF7, 6, 0, K_RM32, 0, 0, 0, ALL, S_DIV),
    SP1("idiv r/m32", 0, 0xF7, 7, 0, K_RM32, 0, 0, 0, ALL, S_IDIV),
    SP1("div r/m8", 0, 0xF6, 6, 0, K_RM8, 0, 0, 0, ALL, S_DIV),
    SP1("idiv r/m16", 0x66, 0xF7, 7, 0, K_RM16, 0, 0, 0, ALL, S_IDIV),
    INT2("bt r32,r32", 0, 0xA3, -1, K_R32, K_R32, 0, 0, FL_CF, BT_U),
    INT2("bts r32,r32", 0, 0xAB, -1, K_R32, K_R32, 0, 0, FL_CF, BT_U),
    INT2("btr r32,r32", 0, 0xB3, -1, K_R32, K_R32, 0, 0, FL_CF, BT_U),
    INT2("btc r32,r32", 0, 0xBB, -1, K_R32, K_R32, 0, 0, FL_CF, BT_U),
    INT2("bt r/m32,imm8", 0, 0xBA, 4, 0, K_RM32, I_BIT, 0, FL_CF, BT_U),
    INT2("bts r/m32,imm8", 0, 0xBA, 5, 0, K_RM32, I_BIT, 0, FL_CF, BT_U),
    INT2("btr r/m32,imm8", 0, 0xBA, 6, 0, K_RM32, I_BIT, 0, FL_CF, BT_U),
    INT2("btc r/m32,imm8", 0, 0xBA, 7, 0, K_RM32, I_BIT, 0, FL_CF, BT_U),
    INT2("bsf r32,r/m32", 0, 0xBC, -1, K_R32, K_RM32, 0, 0, FL_ZF, FL_CF | FL_OF | FL_SF | FL_AF | FL_PF),
    INT2("bsr r32,r/m32", 0, 0xBD, -1, K_R32, K_RM32, 0, 0, FL_ZF, FL_CF | FL_OF | FL_SF | FL_AF | FL_PF),
    SP2("cmovcc r32,r/m32", 0, 0x40, -1, K_R32, K_RM32, 0, 0, 0, 0, S_CC),
    SP2("setcc r/m8", 0, 0x90, 0, 0, K_RM8, 0, 0, 0, 0, S_CC),
    INT2("shld r/m32,r32,imm8", 0, 0xA4, -1, K_R32, K_RM32, I_SHIFT, 0, 0, 0),
    INT2("shld r/m32,r32,cl", 0, 0xA5, -1, K_R32, K_RM32, 0, 0, 0, 0),
    INT2("shrd r/m32,r32,imm8", 0, 0xAC, -1, K_R32, K_RM32, I_SHIFT, 0, 0, 0),
    INT2("shrd r/m32,r32,cl", 0, 0xAD, -1, K_R32, K_RM32, 0, 0, 0, 0),
    INT2("bswap r32", 0, 0xC8, -3, 0, K_R32, 0, 0, 0, 0),
    INT1("xchg r/m32,r32", 0, 0x87, -1, K_R32, K_RM32, 0, 0, 0, 0),
    INT1("xchg r/m8,r8", 0, 0x86, -1, K_R8, K_RM8, 0, 0, 0, 0),
    INT2("cmpxchg r/m32,r32", 0, 0xB1, -1, K_R32, K_RM32, 0, 0, ALL, 0),
    INT2("cmpxchg r/m8,r8", 0, 0xB0, -1, K_R8, K_RM8, 0, 0, ALL, 0),
    INT2("xadd r/m32,r32", 0, 0xC1, -1, K_R32, K_RM32, 0, 0, ALL, 0),
    INT2("xadd r/m16,r16", 0x66, 0xC1, -1, K_R16, K_RM16, 0, 0, ALL, 0),
    INT2("cmpxchg8b m64", 0, 0xC7, 1, 0, K_M, 0, 0, FL_ZF, 0),
    INT2("lock cmpxchg8b m64", 0xF0, 0xC7, 1, 0, K_M, 0, 0, FL_ZF, 0),
    SP2("cmpxchg8b m64 (equal)", 0, 0xC7, 1, 0, K_M, 0, 0, FL_ZF, 0, S_LOADED_CMPXCHG8B),
    INT2("movzx r32,r/m8", 0, 0xB6, -1, K_R32, K_RM8, 0, 0, 0, 0),
    INT2("movzx r32,r/m16", 0, 0xB7, -1, K_R32, K_RM16, 0, 0, 0, 0),
    INT2("movsx r32,r/m8", 0, 0xBE, -1, K_R32, K_RM8, 0, 0, 0, 0),
    INT2("movsx r32,r/m16", 0, 0xBF, -1, K_R32, K_RM16, 0, 0, 0, 0),
    INT1("mov r/m32,r32", 0, 0x89, -1, K_R32, K_RM32, 0, 0, 0, 0),
    INT1("mov r32,imm32", 0, 0xB8, -3, 0, K_R32, I_32, 0, 0, 0),
    SP1("lea r32,m", 0, 0x8D, -1, K_R32, K_M, 0, 0, 0, 0, S_LEA),
    INT1("cwde", 0, 0x98, -2, 0, 0, 0, 0, 0, 0),
    INT1("cdq", 0, 0x99, -2, 0, 0, 0, 0, 0, 0),
    INT1("cwd", 0x66, 0x99, -2, 0, 0, 0, 0, 0, 0),
    INT1("lahf", 0, 0x9F, -2, 0, 0, 0, FL_SF | FL_ZF | FL_AF | FL_PF | FL_CF, 0, 0),
    INT1("sahf", 0, 0x9E, -2, 0, 0, 0, 0, FL_SF | FL_ZF | FL_AF | FL_PF | FL_CF, 0),
    INT1("clc", 0, 0xF8, -2, 0, 0, 0, 0, FL_CF, 0),
    INT1("stc", 0, 0xF9, -2, 0, 0, 0, 0, FL_CF, 0),
    INT1("cmc", 0, 0xF5, -2, 0, 0, 0, FL_CF, FL_CF, 0),
    INT1("cld", 0, 0xFC, -2, 0, 0, 0, 0, FL_DF, 0),
    INT1("std", 0, 0xFD, -2, 0, 0, 0, 0, FL_DF, 0),
    SP1("movsb", 0, 0xA4, -2, 0, 0, 0, 0, 0, 0, S_STRING),
    SP1("movsd", 0, 0xA5, -2, 0, 0, 0, 0, 0, 0, S_STRING),
    SP1("stosb", 0, 0xAA, -2, 0, 0, 0, 0, 0, 0, S_STRING),
    SP1("stosd", 0, 0xAB, -2, 0, 0, 0, 0, 0, 0, S_STRING),
    SP1("lodsd", 0, 0xAD, -2, 0, 0, 0, 0, 0, 0, S_STRING),
    SP1("lodsb", 0, 0xAC, -2, 0, 0, 0, 0, 0, 0, S_STRING),
    SP1("cmpsb", 0, 0xA6, -2, 0, 0, 0, 0, ALL, 0, S_STRING),
    SP1("cmpsd", 0, 0xA7, -2, 0, 0, 0, 0, ALL, 0, S_STRING),
    SP1("scasb", 0, 0xAE, -2, 0, 0, 0, 0, ALL, 0, S_STRING),
    SP1("scasd", 0, 0xAF, -2, 0, 0, 0, 0, ALL, 0, S_STRING),
#include "templates_fp.h"
#include "templates_legacy.h"
};

#define NTEMPLATES (sizeof templates / sizeof templates[0])

unsigned template_count(void) { return NTEMPLATES; }
const char *template_name(unsigned i) { return templates[i].name; }

static uint32_t scratch_base;
void gen_set_scratch(uint32_t addr) { scratch_base = addr; }

/* xorshift64*: one stream per seed, the same on every machine */
uint64_t rng_next(uint64_t *s)
{
    uint64_t x = *s;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *s = x;
    return x * 0x2545F4914F6CDD1DULL;
}

static uint32_t rnd(uint64_t *r, uint32_t n) { return (uint32_t)(rng_next(r) % n); }

/* Values worth testing: edges more often than chance gives them. */
static uint32_t interesting32(uint64_t *r)
{
    static const uint32_t edge[] = { 0, 1, 2, 0x7F, 0x80, 0xFF, 0x7FFF, 0x8000, 0xFFFF, 0x7FFFFFFF,
                                     0x80000000u, 0xFFFFFFFFu, 0xFFFFFFFEu, 31, 32, 33, 63, 64 };
    switch (rnd(r, 4)) {
    case 0: return edge[rnd(r, sizeof edge / sizeof edge[0])];
    case 1: return rnd(r, 256);
    default: return (uint32_t)rng_next(r);
    }
}

static void put(struct unit *u, uint8_t b)
{
    if (u->len < MAX_UNIT_BYTES)
        u->bytes[u->len++] = b;
}

static void put32(struct unit *u, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        put(u, (uint8_t)(v >> (8 * i)));
}

/* A general register for a 16/32-bit operand: never ESP (the two sides'
 * stacks differ). 8-bit: any (4-7 are AH CH DH BH without REX). */
static unsigned pick_gpr(uint64_t *r, enum kind k)
{
    if (k == K_R8 || k == K_RM8)
        return rnd(r, 8);
    unsigned g;
    do
        g = rnd(r, 8);
    while (g == ESP);
    return g;
}

static bool is_mem_capable(enum kind k)
{
    return k == K_RM8 || k == K_RM16 || k == K_RM32 || k == K_M || k == K_XM || k == K_MMM;
}

/* [disp32] through a SIB byte without base or index: absolute in both
 * modes (mod=00 rm=101 would be RIP-relative in 64-bit mode). */
static void put_mem(struct unit *u, unsigned reg, uint32_t offset)
{
    put(u, (uint8_t)(0x04 | reg << 3));
    put(u, 0x25);
    put32(u, scratch_base + offset);
}

static uint32_t mem_offset(uint64_t *r, enum kind k, unsigned msize)
{
    uint32_t align = k == K_XM ? 16 : rnd(r, 4) == 0 ? 1 : (msize >= 4 ? 4 : msize);
    uint32_t off = rnd(r, MEM_AREA - 16);
    return off & ~(align - 1);
}

/* lea with a register base and index: the address arithmetic, no access. */
static void put_lea_modrm(struct unit *u, uint64_t *r, unsigned reg)
{
    unsigned base = pick_gpr(r, K_R32), index = rnd(r, 8), mod = 1 + rnd(r, 2);
    if (index == ESP && rnd(r, 2))
        index = ESP; /* none */
    else if (index == ESP)
        index = EAX;
    put(u, (uint8_t)(mod << 6 | reg << 3 | 4));
    put(u, (uint8_t)(rnd(r, 4) << 6 | index << 3 | base));
    if (mod == 1)
        put(u, (uint8_t)rng_next(r));
    else
        put32(u, interesting32(r));
}

static const uint16_t cc_reads[16] = {
    FL_OF, FL_OF, FL_CF, FL_CF, FL_ZF, FL_ZF, FL_CF | FL_ZF, FL_CF | FL_ZF,
    FL_SF, FL_SF, FL_PF, FL_PF, FL_SF | FL_OF, FL_SF | FL_OF, FL_ZF | FL_SF | FL_OF, FL_ZF | FL_SF | FL_OF,
};

static unsigned operand_bits(const struct tmpl *t)
{
    if (t->b == K_RM8 || t->b == K_R8)
        return 8;
    return t->pre == 0x66 ? 16 : 32;
}

/* Flag effects of a shift or rotate by a known count. */
static void shift_flags(const struct tmpl *t, struct unit *u, unsigned count)
{
    unsigned bits = operand_bits(t);
    unsigned masked = count & 31;
    bool rotate = t->special == S_ROT_IMM || t->special == S_ROT_1;
    u->flags_def = u->flags_undef = 0;
    if (masked == 0)
        return;
    if (rotate) {
        u->flags_def = FL_CF;
        if (masked == 1)
            u->flags_def |= FL_OF;
        else
            u->flags_undef = FL_OF;
        return;
    }
    if (masked >= bits && t->digit != 7) { /* shl/shr: CF undefined from the operand size on */
        u->flags_def = FL_SF | FL_ZF | FL_PF;
        u->flags_undef = FL_CF | FL_OF | FL_AF;
        return;
    }
    u->flags_def = FL_CF | FL_SF | FL_ZF | FL_PF;
    u->flags_undef = FL_AF;
    if (masked == 1)
        u->flags_def |= FL_OF;
    else
        u->flags_undef |= FL_OF;
}

/* shld/shrd: the count modulo 32; 0 changes nothing. */
static void double_shift_flags(struct unit *u, unsigned count)
{
    unsigned masked = count & 31;
    u->flags_def = u->flags_undef = 0;
    if (masked == 0)
        return;
    u->flags_def = FL_CF | FL_SF | FL_ZF | FL_PF | (masked == 1 ? FL_OF : 0);
    u->flags_undef = FL_AF | (masked == 1 ? 0 : FL_OF);
}

static unsigned mem_size(enum kind k, const struct tmpl *t)
{
    if (k == K_RM8)
        return 1;
    if (k == K_RM16)
        return 2;
    if (k == K_XM)
        return 16;
    if (k == K_MMM || (k == K_M && t->cls == C_INT))
        return 8;
    return k == K_M ? 10 : 4;
}

static bool shift_by_cl(const struct tmpl *t)
{
    return t->special == S_SHIFT_CL || t->special == S_ROT_CL ||
           (t->nop == 2 && (t->op[1] == 0xA5 || t->op[1] == 0xAD));
}

/* One instruction from a template. */
static void encode(const struct tmpl *t, struct unit *u, uint64_t *r, unsigned depth)
{
    memset(u, 0, sizeof *u);
    u->name = t->name;
    u->flags_read = t->fr;
    u->flags_def = t->fd;
    u->flags_undef = t->fu;
    u->fsw_def = t->cdef;
    u->fsw_undef = t->cundef;
    u->x87_need = t->need;
    u->x87_push = t->push;
    u->sti = -1;
    u->fpu = t->cls == C_X87 ? FPU_X87 : t->cls == C_MMX ? FPU_MMX : FPU_NONE;
    if (t->pre)
        put(u, t->pre);
    unsigned cc = rnd(r, 16);
    for (unsigned i = 0; i < t->nop; i++) {
        uint8_t b = t->op[i];
        if (i + 1u == t->nop && t->special == S_CC) {
            b = (uint8_t)(b | cc);
            u->flags_read |= cc_reads[cc];
        }
        if (i + 1u == t->nop && t->digit == -3) /* register in the opcode */
            b = (uint8_t)(b | pick_gpr(r, K_R32));
        if (i + 1u == t->nop && (t->b == K_STI || t->b == K_STI1)) {
            unsigned lo = t->b == K_STI1, hi = depth > lo ? depth : lo + 1;
            u->sti = (int8_t)(lo + rnd(r, hi - lo));
            b = (uint8_t)(b | u->sti);
        }
        put(u, b);
    }
    if (t->digit >= -1) {
        unsigned reg = t->digit >= 0 ? (unsigned)t->digit : t->a == K_X || t->a == K_MM ? rnd(r, 8) : pick_gpr(r, t->a);
        if (t->special == S_LEA)
            put_lea_modrm(u, r, reg);
        else if (is_mem_capable(t->b) && (t->b == K_M || rnd(r, 3) == 0))
            put_mem(u, reg, mem_offset(r, t->b, mem_size(t->b, t)));
        else {
            unsigned rm = t->b == K_XM || t->b == K_X || t->b == K_MMM || t->b == K_MM ? rnd(r, 8) : pick_gpr(r, t->b);
            put(u, (uint8_t)(0xC0 | reg << 3 | rm));
        }
    }
    unsigned count = 0;
    switch (t->imm) {
    case I_8: put(u, (uint8_t)interesting32(r)); break;
    case I_SHUF: put(u, (uint8_t)rng_next(r)); break;
    case I_CMP: put(u, (uint8_t)rnd(r, 8)); break;
    case I_16: put(u, (uint8_t)interesting32(r)); put(u, (uint8_t)rng_next(r)); break;
    case I_32: put32(u, interesting32(r)); break;
    case I_SHIFT: {
        static const uint8_t counts[] = { 0, 1, 2, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 255 };
        count = rnd(r, 2) ? counts[rnd(r, sizeof counts)] : rnd(r, 256);
        put(u, (uint8_t)count);
        break;
    }
    case I_BIT: put(u, (uint8_t)rnd(r, 256)); break;
    default: break;
    }
    if (t->special == S_SHIFT_IMM || t->special == S_ROT_IMM)
        shift_flags(t, u, count);
    else if (t->special == S_SHIFT_1 || t->special == S_ROT_1)
        shift_flags(t, u, 1);
    else if (shift_by_cl(t)) {
        /* the count is not known here: only what every count leaves
         * undefined is dropped, nothing is credited as defined */
        u->flags_def = 0;
        u->flags_undef = t->special == S_ROT_CL ? FL_OF : FL_OF | FL_AF | (operand_bits(t) < 32 ? FL_CF : 0);
    } else if (t->imm == I_SHIFT) /* shld/shrd imm8 */
        double_shift_flags(u, count);
}

/* A unit that defines every arithmetic flag: cmp r32, r32. */
static void flag_definer(struct unit *u, uint64_t *r)
{
    memset(u, 0, sizeof *u);
    u->name = "cmp r/m32,r32";
    put(u, 0x39);
    put(u, (uint8_t)(0xC0 | pick_gpr(r, K_R32) << 3 | pick_gpr(r, K_R32)));
    u->flags_def = FL_ARITH;
}

static void mov_imm(struct unit *u, unsigned reg, uint32_t v)
{
    put(u, (uint8_t)(0xB8 + reg));
    put32(u, v);
}

/* A string instruction with ESI/EDI in the string area, a small count in
 * ECX, a direction and maybe a rep prefix, as one unit. */
static void string_unit(const struct tmpl *t, struct unit *u, uint64_t *r)
{
    memset(u, 0, sizeof *u);
    u->name = t->name;
    unsigned count = rnd(r, 4) == 0 ? 0 : 1 + rnd(r, 12);
    bool down = rnd(r, 2);
    uint32_t mid = scratch_base + STRING_AREA + 0x400;
    mov_imm(u, ESI, mid - 0x100 + 4 * rnd(r, 64) + (rnd(r, 4) == 0 ? rnd(r, 4) : 0));
    mov_imm(u, EDI, mid - 0x100 + 4 * rnd(r, 64) + (rnd(r, 4) == 0 ? rnd(r, 4) : 0));
    mov_imm(u, ECX, count);
    put(u, down ? 0xFD : 0xFC);
    bool compares = t->fd != 0;
    unsigned rep = rnd(r, 3); /* none, F3, F2 (F2 only for cmps/scas) */
    if (rep == 2 && !compares)
        rep = 1;
    if (rep)
        put(u, rep == 1 ? 0xF3 : 0xF2);
    put(u, t->op[0]);
    u->flags_def = FL_DF;
    if (compares && (!rep || count))
        u->flags_def |= FL_ARITH;
}

/* mov dword/word [scratch+off], imm */
static void put_store_imm(struct unit *u, uint32_t off, uint32_t v, bool word)
{
    if (word)
        put(u, 0x66);
    put(u, 0xC7);
    put_mem(u, 0, off);
    put(u, (uint8_t)v);
    put(u, (uint8_t)(v >> 8));
    if (!word) {
        put(u, (uint8_t)(v >> 16));
        put(u, (uint8_t)(v >> 24));
    }
}

/* fldcw, ldmxcsr, fbld with an operand stored just before: exceptions
 * stay masked (an unmasked one would trap on the oracle's side first),
 * and the BCD digits are valid (invalid ones give undefined results). */
static void stored_operand_unit(const struct tmpl *t, struct unit *u, uint64_t *r)
{
    encode(t, u, r, 0);
    u->len = 0;
    uint32_t off = rnd(r, (MEM_AREA - 16) / 16) * 16;
    if (t->special == S_FLDCW) {
        static const uint16_t pc[] = { 0x000, 0x200, 0x300 };
        uint32_t cw = 0x107F & ~(rnd(r, 2) ? 0x1000u : 0) ;
        cw |= pc[rnd(r, 3)] | rnd(r, 4) << 10;
        put_store_imm(u, off, cw, true);
        u->fsw_def = 0;
        u->fsw_undef = FSW_CC;
    } else if (t->special == S_LDMXCSR || t->special == S_LDMXCSR_DAZ) {
        uint32_t m = 0x1F80 | rnd(r, 4) << 13 | rnd(r, 64);
        if (t->special == S_LDMXCSR_DAZ)
            m |= rnd(r, 3) == 0 ? 0x8040 : rnd(r, 2) ? 0x8000 : 0x40;
        put_store_imm(u, off, m, false);
    } else {
        uint32_t w[3] = { 0 };
        for (unsigned i = 0; i < 18; i++)
            w[i / 8] |= rnd(r, 10) << (4 * (i % 8));
        w[2] |= rnd(r, 2) ? 0x8000u : 0;
        put_store_imm(u, off, w[0], false);
        put_store_imm(u, off + 4, w[1], false);
        put_store_imm(u, off + 8, w[2], true);
    }
    for (unsigned i = 0; i < t->nop; i++)
        put(u, t->op[i]);
    put_mem(u, (unsigned)t->digit, off);
}

/* mov eax, [m]; mov edx, [m+4]; cmpxchg8b [m] */
static void loaded_cmpxchg8b_unit(const struct tmpl *t, struct unit *u, uint64_t *r)
{
    encode(t, u, r, 0);
    u->len = 0;
    uint32_t off = rnd(r, (MEM_AREA - 16) / 8) * 8;
    put(u, 0x8B);
    put_mem(u, EAX, off);
    put(u, 0x8B);
    put_mem(u, EDX, off + 4);
    for (unsigned i = 0; i < t->nop; i++)
        put(u, t->op[i]);
    put_mem(u, 1, off);
}

/* A forward branch over `not eax` (the unit's own end or the skip). */
static void put_skip(struct unit *u)
{
    put(u, 0xF7);
    put(u, 0xD0);
}

/* mov dword [esp-4], 0, then push sreg: with a 32-bit operand size the CPU
 * may write the selector with a 16-bit move, leaving the slot's upper half
 * (recent processors do; the SDM allows that or zero extension, which
 * Unicorn does), so the slot is zeroed first. */
static void push_sreg(struct unit *u, uint8_t op)
{
    put(u, 0xC7), put(u, 0x44), put(u, 0x24), put(u, 0xFC);
    put32(u, 0);
    put(u, op);
}

/* The legacy groups: each leaves the stack and EIP where the next unit
 * expects them, so units stay independent (minimizing drops any of them).
 * The code is at the same address on both sides, so return addresses are
 * the same values. */
static void legacy_unit(const struct tmpl *t, struct unit *u, uint64_t *r)
{
    encode(t, u, r, 0);
    u->len = 0;
    unsigned cc = rnd(r, 16);
    switch (t->op[0]) {
    case 0x9D: /* push imm32; popfd: arithmetic flags and DF only (TF would trap) */
        put(u, 0x68);
        put32(u, (interesting32(r) & (FL_ARITH | FL_DF)) | 0x2u);
        put(u, 0x9D);
        break;
    case 0xC8: /* mov ebp, esp; enter size, level: nested frames read from the stack */
        put(u, 0x89);
        put(u, 0xE5);
        put(u, 0xC8);
        put(u, (uint8_t)(rnd(r, 4) == 0 ? rnd(r, 64) : 4 * rnd(r, 16)));
        put(u, 0);
        put(u, (uint8_t)(rnd(r, 8) == 0 ? 32 + rnd(r, 4) : rnd(r, 5))); /* level mod 32 */
        break;
    case 0xC9: /* lea ebp, [esp+d8]; leave */
        put(u, 0x8D);
        put(u, 0x6C);
        put(u, 0x24);
        put(u, (uint8_t)(4 * rnd(r, 16)));
        put(u, 0xC9);
        break;
    case 0xC3: /* call L; jmp over; L: ret */
        put(u, 0xE8), put32(u, 2);
        put(u, 0xEB), put(u, 1);
        put(u, 0xC3);
        break;
    case 0xC2: /* call L; jmp over; L: ret imm16 */
        put(u, 0xE8), put32(u, 2);
        put(u, 0xEB), put(u, 3);
        put(u, 0xC2);
        put(u, (uint8_t)(rnd(r, 4) == 0 ? rnd(r, 32) : 4 * rnd(r, 5)));
        put(u, 0);
        break;
    case 0xE8: /* call next; pop r32: the return address */
        put(u, 0xE8), put32(u, 0);
        put(u, (uint8_t)(0x58 + pick_gpr(r, K_R32)));
        break;
    case 0x70: /* jcc rel8 over not eax */
        put(u, (uint8_t)(0x70 | cc)), put(u, 2);
        put_skip(u);
        u->flags_read = cc_reads[cc];
        break;
    case 0x0F: /* jcc rel32 over not eax */
        put(u, 0x0F), put(u, (uint8_t)(0x80 | cc)), put32(u, 2);
        put_skip(u);
        u->flags_read = cc_reads[cc];
        break;
    case 0xEB: /* jmp rel8 over not eax */
        put(u, 0xEB), put(u, 2);
        put_skip(u);
        break;
    case 0xE0: case 0xE1: case 0xE2: case 0xE3: /* loopnz loopz loop jecxz, maybe 16-bit (cx) */
        if (t->pre == 0x67)
            put(u, 0x67);
        put(u, t->op[0]), put(u, 2);
        put_skip(u);
        break;
    case 0x0E: case 0x16: case 0x1E: case 0x06: /* push cs/ss/ds/es */
        push_sreg(u, t->op[0]);
        break;
    case 0x07: /* push ds; pop es */
        push_sreg(u, 0x1E);
        put(u, 0x07);
        break;
    case 0xCB: /* push cs; call L; jmp over; L: retf (a far return to the same code) */
        push_sreg(u, 0x0E);
        put(u, 0xE8), put32(u, 2);
        put(u, 0xEB), put(u, 1);
        put(u, 0xCB);
        break;
    case 0xCA: /* push cs; call L; jmp over; L: retf imm16 */
        push_sreg(u, 0x0E);
        put(u, 0xE8), put32(u, 2);
        put(u, 0xEB), put(u, 3);
        put(u, 0xCA);
        put(u, (uint8_t)(4 * rnd(r, 5)));
        put(u, 0);
        break;
    case 0xCF: /* pushfd; push cs; call L; jmp over; L: iretd (EIP, CS, EFLAGS popped) */
        put(u, 0x9C);
        push_sreg(u, 0x0E);
        put(u, 0xE8), put32(u, 2);
        put(u, 0xEB), put(u, 1);
        put(u, 0xCF);
        break;
    case 0xD7: /* mov ebx, table; xlatb */
        mov_imm(u, EBX, scratch_base + 4 * rnd(r, (MEM_AREA - 256) / 4));
        put(u, 0xD7);
        break;
    default:
        break;
    }
}

static bool excluded(const struct tmpl *t, const struct gen_options *o)
{
    if (t->cls == C_INT && !o->integer)
        return true;
    if (t->cls == C_X87 && !o->x87)
        return true;
    if ((t->cls == C_MMX || t->cls == C_SSE) && !o->sse)
        return true;
    if (t->cls == C_LEGACY && !o->legacy)
        return true;
    if (o->only && !strstr(t->name, o->only))
        return true;
    for (const char *const *e = o->exclude; e && *e; e++)
        if (!strcmp(*e, t->name))
            return true;
    return false;
}

static bool add_unit(struct sequence *s, const struct unit *u)
{
    if (s->n >= MAX_UNITS)
        return false;
    s->u[s->n++] = *u;
    return true;
}

static void x87_unit(struct unit *u, const char *name, uint8_t b0, uint8_t b1, int push)
{
    memset(u, 0, sizeof *u);
    u->name = name;
    put(u, b0);
    put(u, b1);
    u->fpu = b0 == 0x0F ? FPU_EMMS : FPU_X87;
    u->x87_push = (int8_t)push;
    u->x87_need = push < 0 ? 1 : 0;
    u->sti = -1;
    u->fsw_def = u->fpu == FPU_X87 ? FSW_C1 : 0;
    u->fsw_undef = u->fpu == FPU_X87 ? FSW_C0 | FSW_C2 | FSW_C3 : 0;
}

/* Brings the x87 stack to what the next unit needs: emms after MMX code,
 * constants pushed, st(0) popped. */
static void fit_x87(struct sequence *s, uint64_t *r, unsigned *depth, bool *mmx, const struct tmpl *t)
{
    struct unit f;
    if (*mmx) {
        x87_unit(&f, "emms", 0x0F, 0x77, 0);
        add_unit(s, &f);
        *mmx = false;
        *depth = 0;
    }
    static const uint8_t consts[] = { 0xE8, 0xEE }; /* exact: no rounding */
    while (*depth < (unsigned)t->need) {
        x87_unit(&f, "fld constant", 0xD9, consts[rnd(r, sizeof consts)], 1);
        add_unit(s, &f);
        (*depth)++;
    }
    while (t->push > 0 && *depth + (unsigned)t->push > 8) {
        x87_unit(&f, "fstp st(0)", 0xDD, 0xD8, -1);
        add_unit(s, &f);
        (*depth)--;
    }
}

void gen_sequence(struct sequence *s, uint64_t *rng, unsigned n, unsigned depth0,
                  const struct gen_options *o)
{
    const struct tmpl *pool[NTEMPLATES];
    unsigned npool = 0;
    for (unsigned i = 0; i < NTEMPLATES; i++)
        if (!excluded(&templates[i], o))
            pool[npool++] = &templates[i];
    s->n = 0;
    s->depth0 = depth0;
    if (!npool)
        return;
    uint16_t defined = FL_ARITH | FL_DF;
    unsigned depth = depth0;
    bool mmx = false, no_emms = false;
    for (const char *const *e = o->exclude; e && *e; e++)
        no_emms |= !strcmp(*e, "emms");
    while (s->n + 12 < MAX_UNITS && n--) {
        const struct tmpl *t = pool[rnd(rng, npool)];
        if (t->cls == C_X87 && mmx && no_emms)
            continue; /* MMX state stays to the end */
        if (t->cls == C_X87)
            fit_x87(s, rng, &depth, &mmx, t);
        struct unit u;
        if (t->special == S_STRING)
            string_unit(t, &u, rng);
        else if (t->special == S_LOADED_CMPXCHG8B)
            loaded_cmpxchg8b_unit(t, &u, rng);
        else if (t->special == S_GROUP)
            legacy_unit(t, &u, rng);
        else if (t->special == S_FLDCW || t->special == S_LDMXCSR || t->special == S_LDMXCSR_DAZ ||
                 t->special == S_FBLD)
            stored_operand_unit(t, &u, rng);
        else
            encode(t, &u, rng, depth);
        if (u.flags_read & ~defined) {
            struct unit d;
            flag_definer(&d, rng);
            add_unit(s, &d);
            defined |= d.flags_def;
        }
        if (t->special == S_DIV || t->special == S_IDIV) {
            /* mostly a quotient that fits: edx 0 / sign-extended, else #DE */
            struct unit p;
            memset(&p, 0, sizeof p);
            if (rnd(rng, 4) < 3) {
                p.name = t->special == S_DIV ? "xor edx,edx" : "cdq";
                if (t->special == S_DIV) {
                    put(&p, 0x31);
                    put(&p, 0xD2);
                    p.flags_def = LOGIC_D;
                    p.flags_undef = FL_AF;
                } else
                    put(&p, 0x99);
                add_unit(s, &p);
                defined = (uint16_t)((defined | p.flags_def) & ~p.flags_undef);
            }
        }
        add_unit(s, &u);
        defined = (uint16_t)((defined | u.flags_def) & ~u.flags_undef);
        if (u.fpu == FPU_X87)
            depth = (unsigned)((int)depth + u.x87_push);
        else if (u.fpu == FPU_MMX) {
            mmx = true;
            depth = 8;
        }
    }
}

size_t seq_code(const struct sequence *s, uint8_t *code)
{
    size_t n = 0;
    for (unsigned i = 0; i < s->n; i++) {
        memcpy(code + n, s->u[i].bytes, s->u[i].len);
        n += s->u[i].len;
    }
    return n;
}

/* True when no unit reads a flag left undefined before it and the x87
 * stack holds what each x87 unit needs; *end gets what is defined after
 * `upto` units. */
bool seq_valid(const struct sequence *s, struct defined *end, unsigned upto)
{
    uint16_t defined = FL_ARITH | FL_DF, fsw = FSW_CC;
    int depth = (int)s->depth0;
    bool ok = true, mmx = false, used_mmx = false;
    for (unsigned i = 0; i < s->n && i < upto; i++) {
        const struct unit *u = &s->u[i];
        if (u->flags_read & ~defined)
            ok = false;
        defined = (uint16_t)((defined | u->flags_def) & ~u->flags_undef);
        fsw = (uint16_t)((fsw | u->fsw_def) & ~u->fsw_undef);
        switch (u->fpu) {
        case FPU_X87:
            if (mmx || depth < u->x87_need || depth + u->x87_push > 8 || u->sti >= depth)
                ok = false;
            depth += u->x87_push;
            break;
        case FPU_MMX: mmx = true, depth = 8, used_mmx = true; break;
        case FPU_EMMS: mmx = false, depth = 0; break;
        default: break;
        }
    }
    if (end) {
        end->flags = defined;
        end->fsw = fsw;
        end->gprs = 0xFF & ~(1u << ESP);
        end->mmx_used = used_mmx;
        end->fsw_ignore = 0;
        end->mxcsr_ignore = 0;
        end->mmx_exponent_ignore = false;
        end->xmm_nan_ignore = false;
    }
    return ok;
}

/* 80-bit values worth having on the x87 stack at the start. */
static void interesting80(uint64_t *r, uint8_t out[10])
{
    static const struct { uint64_t m; uint16_t se; } pool[] = {
        { 0, 0 }, { 0, 0x8000 }, { 1ull << 63, 0x3FFF }, { 1ull << 63, 0xBFFF },
        { 0xC000000000000000ull, 0x4000 }, { 0xC90FDAA22168C235ull, 0x4000 },
        { 1ull << 63, 0x7FFF }, { 1ull << 63, 0xFFFF }, { 0xC000000000000000ull, 0x7FFF },
        { 0xA000000000000000ull, 0x7FFF }, /* signalling NaN */
        { 0x0000000000000001ull, 0x0000 }, /* denormal */
        { 0x4000000000000000ull, 0x8000 }, /* negative denormal */
        { 0xFFFFFFFFFFFFFFFFull, 0x7FFE }, { 1ull << 63, 0x0001 },
        { 0xBF21E44003ACE000ull, 0x43E3 }, { 0xECCCCCCCCCCCD000ull, 0x4000 },
        { 1ull << 63, 0x3FFF + 54 }, { 0xAAAAAAAAAAAAAAABull, 0x3FFD },
    };
    uint64_t m;
    uint16_t se;
    if (rnd(r, 3)) {
        unsigned k = rnd(r, sizeof pool / sizeof pool[0]);
        m = pool[k].m, se = pool[k].se;
    } else { /* a normal number near 1, or anywhere */
        m = rng_next(r) | 1ull << 63;
        se = (uint16_t)(rnd(r, 2) ? 0x3FFF - 70 + rnd(r, 140) : 1 + rnd(r, 0x7FFE));
        se |= (uint16_t)(rnd(r, 2) << 15);
    }
    memcpy(out, &m, 8);
    memcpy(out + 8, &se, 2);
}

/* The initial state: random registers and flags (IF set, DF clear), a
 * random scratch block, an x87 stack of a few values, precision and
 * rounding control at random, every exception masked. */
unsigned gen_state(struct state *st, uint64_t *r, bool fpu)
{
    memset(st, 0, sizeof *st);
    for (int i = 0; i < 8; i++)
        st->gpr[i] = interesting32(r);
    st->gpr[ESP] = 0;
    st->eflags = 0x202 | ((uint32_t)rng_next(r) & FL_ARITH);
    for (size_t i = 0; i < SCRATCH_SIZE; i += 4) {
        uint32_t v = interesting32(r);
        memcpy(st->scratch + i, &v, 4);
    }
    for (size_t i = 0x100; i < 0x200 && fpu; i += 16) /* x87 values to load */
        interesting80(r, st->scratch + i);
    static const uint16_t pc[] = { 0x000, 0x200, 0x300 };
    uint16_t fcw = fpu ? (uint16_t)(0x107F | pc[rnd(r, 3)] | rnd(r, 4) << 10) : 0x037F;
    memcpy(st->fx, &fcw, 2);
    unsigned depth = fpu ? rnd(r, 5) : 0, top = (8 - depth) & 7;
    uint16_t fsw = (uint16_t)(top << 11);
    memcpy(st->fx + 2, &fsw, 2);
    for (unsigned i = 0; i < depth; i++) {
        interesting80(r, st->fx + 32 + 16 * i);
        st->fx[4] |= (uint8_t)(1u << ((top + i) & 7));
    }
    uint32_t mxcsr = fpu ? 0x1F80 | rnd(r, 4) << 13 : 0x1F80;
    memcpy(st->fx + 24, &mxcsr, 4);
    uint32_t mask = 0xFFFF;
    memcpy(st->fx + 28, &mask, 4);
    for (int i = 0; i < 8; i++)
        for (int j = 0; j < 16; j += 4) {
            uint32_t v = interesting32(r);
            memcpy(st->fx + 160 + 16 * i + j, &v, 4);
        }
    return depth;
}
