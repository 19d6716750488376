/* msvcrt's floating-point control and status (_control87, _controlfp,
 * _statusfp, _clearfp, _fpreset) as guest code: they read and write the
 * guest's own x87 control/status words and MXCSR, which only guest code can
 * reach. The C library's abstract bits (_EM_*, _RC_*, _PC_*, _IC_*, _SW_*)
 * are mapped to each unit's; SSE has no precision or infinity control, and
 * its exception masks and rounding follow the x87's, as msvcrt keeps them. */
#include "syscalls/guest/wg.h"

#define EM_INEXACT 0x00000001u
#define EM_UNDERFLOW 0x00000002u
#define EM_OVERFLOW 0x00000004u
#define EM_ZERODIVIDE 0x00000008u
#define EM_INVALID 0x00000010u
#define EM_DENORMAL 0x00080000u
#define MCW_EM 0x0008001Fu
#define MCW_RC 0x00000300u
#define MCW_PC 0x00030000u
#define MCW_IC 0x00040000u
#define PC_24 0x00020000u
#define PC_53 0x00010000u
#define IC_AFFINE 0x00040000u
#define EM_AMBIGUOUS 0x80000000u

/* The x87 and MXCSR bit of each exception, in the abstract bit's order:
 * the _SW_* status bits are the _EM_* mask bits' values. */
static const struct {
    uint32_t abstract;
    uint16_t x87; /* control-word mask bit = status-word flag bit */
    uint16_t sse_mask, sse_flag;
} exceptions[] = {
    { EM_INVALID, 0x01, 0x0080, 0x01 },   { EM_DENORMAL, 0x02, 0x0100, 0x02 },
    { EM_ZERODIVIDE, 0x04, 0x0200, 0x04 }, { EM_OVERFLOW, 0x08, 0x0400, 0x08 },
    { EM_UNDERFLOW, 0x10, 0x0800, 0x10 },  { EM_INEXACT, 0x20, 0x1000, 0x20 },
};
#define NEXC (sizeof exceptions / sizeof exceptions[0])

static uint16_t get_cw(void)
{
    uint16_t cw;
    __asm__ volatile("fnstcw %0" : "=m"(cw));
    return cw;
}

static uint32_t get_mxcsr(void)
{
    uint32_t m;
    __asm__ volatile("stmxcsr %0" : "=m"(m));
    return m;
}

static void set_mxcsr(uint32_t m) { __asm__ volatile("ldmxcsr %0" : : "m"(m)); }

/* x87 control word -> abstract control. */
static uint32_t abstract_of(uint16_t cw)
{
    uint32_t a = 0;
    for (unsigned i = 0; i < NEXC; i++)
        if (cw & exceptions[i].x87)
            a |= exceptions[i].abstract;
    a |= (uint32_t)((cw >> 10) & 3) << 8; /* RC: near, down, up, chop */
    uint32_t pc = (cw >> 8) & 3;          /* 0: 24 bits, 2: 53, 3: 64 */
    a |= pc == 0 ? PC_24 : pc == 2 ? PC_53 : 0;
    if (cw & 0x1000)
        a |= IC_AFFINE;
    return a;
}

static uint16_t x87_of(uint32_t a, uint16_t cw)
{
    cw &= (uint16_t)~0x1F3Fu;
    for (unsigned i = 0; i < NEXC; i++)
        if (a & exceptions[i].abstract)
            cw |= exceptions[i].x87;
    cw |= (uint16_t)(((a >> 8) & 3) << 10);
    cw |= (uint16_t)((a & MCW_PC) == PC_24 ? 0x000 : (a & MCW_PC) == PC_53 ? 0x200 : 0x300);
    if (a & IC_AFFINE)
        cw |= 0x1000;
    return cw;
}

/* MXCSR -> abstract control (masks and rounding). */
static uint32_t abstract_of_sse(uint32_t m)
{
    uint32_t a = 0;
    for (unsigned i = 0; i < NEXC; i++)
        if (m & exceptions[i].sse_mask)
            a |= exceptions[i].abstract;
    return a | ((m >> 13) & 3) << 8;
}

static uint32_t sse_of(uint32_t a, uint32_t m)
{
    m &= ~0x7F80u; /* masks and rounding */
    for (unsigned i = 0; i < NEXC; i++)
        if (a & exceptions[i].abstract)
            m |= exceptions[i].sse_mask;
    return m | ((a >> 8) & 3) << 13;
}

/* The bits of mask take new's values in both units; returns the control
 * afterwards: the x87's, with the SSE unit's masks and rounding ORed in and
 * _EM_AMBIGUOUS when the two disagree (a program set one of them alone). */
uint32_t CDECL msvcrt__control87(uint32_t value, uint32_t mask)
{
    uint16_t cw = get_cw();
    uint32_t a = (abstract_of(cw) & ~mask) | (value & mask);
    uint16_t next = x87_of(a, cw);
    __asm__ volatile("fldcw %0" : : "m"(next));
    uint32_t m = mask ? sse_of(a, get_mxcsr()) : get_mxcsr();
    set_mxcsr(m);
    uint32_t x87 = abstract_of(next), sse = abstract_of_sse(m);
    uint32_t same = MCW_EM & ~EM_DENORMAL;
    same |= MCW_RC;
    return ((x87 ^ sse) & same) ? x87 | sse | EM_AMBIGUOUS : x87;
}

/* _controlfp leaves the denormal-operand mask alone. */
uint32_t CDECL msvcrt__controlfp(uint32_t value, uint32_t mask) { return msvcrt__control87(value, mask & ~EM_DENORMAL); }

/* The exception flags raised so far, of both units. */
uint32_t CDECL msvcrt__statusfp(void)
{
    uint16_t sw;
    __asm__ volatile("fnstsw %0" : "=m"(sw));
    uint32_t m = get_mxcsr(), a = 0;
    for (unsigned i = 0; i < NEXC; i++)
        if ((sw & exceptions[i].x87) || (m & exceptions[i].sse_flag))
            a |= exceptions[i].abstract;
    return a;
}

uint32_t CDECL msvcrt__clearfp(void)
{
    uint32_t a = msvcrt__statusfp();
    __asm__ volatile("fnclex");
    set_mxcsr(get_mxcsr() & ~0x3Fu);
    return a;
}

/* The start-up state: x87 control word 0x27F (53-bit precision, all
 * exceptions masked), MXCSR 0x1F80. */
void CDECL msvcrt__fpreset(void)
{
    uint16_t cw = 0x27F;
    __asm__ volatile("fninit\n\tfldcw %0" : : "m"(cw));
    set_mxcsr(0x1F80);
}
