/* Instructions Unicorn 2.0.1 gets wrong, done on the host instead: fprem
 * and fprem1 (the engine computes the partial remainder in double precision,
 * so fmod is wrong whenever the exponents differ by 64 or more), the
 * transcendentals and other x87 instructions it computes in double, and
 * cmpxchg8b (the engine changes flags other than ZF), fcomi/fucomi(p) (the
 * engine leaves OF SF AF, which the CPU clears), loopz/loopnz (garbage flags
 * after the count runs out), emms (TOP) and fbstp (the BCD indefinite). */
#ifndef WOWBOX_CPU_UNICORN_X87_H
#define WOWBOX_CPU_UNICORN_X87_H

#include <stdbool.h>
#include <stdint.h>

#include <unicorn/unicorn.h>

#include "cpu/x87_soft.h"

/* One engine's fixer: the addresses it already hooks, and translations to
 * drop before the engine runs again. */
struct ux87;

/* Installs the translation-time scanner on an engine; NULL when it cannot
 * (the engine then keeps its own fprem and cmpxchg8b). */
struct ux87 *ux87_attach(uc_engine *uc);
void ux87_detach(struct ux87 *x);

/* Before uc_emu_start at eip: the first block of a run is never reported
 * to the translation hook, so it is scanned here. */
void ux87_before_run(struct ux87 *x, uint32_t eip);
/* After uc_emu_start returned: drops the translations made before their
 * instruction was hooked. True when the run stopped only for that (go on at EIP). */
bool ux87_after_run(struct ux87 *x);
/* Code changed under the engine: scan start addresses again. */
void ux87_forget(struct ux87 *x);

/* The instruction itself, on 80-bit operands as the CPU stores them
 * (8-byte significand, then sign and exponent). fcw/fsw are the guest's;
 * *fsw_out gets C0-C3 and the exception flags the real CPU sets: the host's
 * x87 on x86, cpu/x87_ext.c elsewhere. False when it cannot be computed. */
bool x87_fprem_host(bool round_nearest, const uint8_t st0[10], const uint8_t st1[10],
                    uint16_t fcw, uint16_t fsw, uint8_t result[10], uint16_t *fsw_out);

/* fcomi/fucomi (unordered) of st0 with st(i) on the host: ZF PF CF in
 * *flags_out, the exception flags raised in *fsw_out. */
bool x87_fcomi_host(bool unordered, const uint8_t st0[10], const uint8_t sti[10], uint16_t fcw,
                    uint32_t *flags_out, uint16_t *fsw_out);

/* Register-only x87 instructions (D9 op) the engine computes in double
 * precision: fsin fcos fsincos fptan fpatan f2xm1 fyl2x fyl2xp1 fscale
 * fxtract fxam and the constants fldl2t fldl2e fldpi fldlg2 fldln2 (fld1
 * and fldz are exact: the engine's are right). */
bool x87_stack_op_known(uint8_t op);

/* One of them on the host's x87 with the guest's control word, on the
 * guest's whole stack (struct x87_stack_op, cpu/x87_soft.h): out, what the
 * CPU leaves (results, pushes and pops, exception flags of this instruction
 * alone, stack faults). A host without an x87 computes them in binary128
 * (x87_soft_stack_op). */
bool x87_stack_op_host(uint8_t op, struct x87_stack_op *s);
/* fbstp on the host the same way: *bcd the 10 bytes it stores, *stored
 * false when it stores nothing (an unmasked invalid operation). A host
 * without an x87 computes it in integer arithmetic (x87_ext_fbstp). */
bool x87_fbstp_host(struct x87_stack_op *s, uint8_t bcd[10], bool *stored);

#endif
