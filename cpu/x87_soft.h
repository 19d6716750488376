/* The x87's register-only D9 instructions Unicorn computes in double
 * precision (fsin fcos fsincos fptan fpatan f2xm1 fyl2x fyl2xp1 fscale
 * fxtract fxam and the rounded constants), computed in IEEE binary128 for
 * hosts without an x87 (cpu/x87_soft.c; docs/cpu.md says how close). */
#ifndef WOWBOX_CPU_X87_SOFT_H
#define WOWBOX_CPU_X87_SOFT_H

#include <stdbool.h>
#include <stdint.h>

/* The guest's x87 around one instruction: control word, status word (TOP,
 * C0-C3, flags), tag word (physical order, 11 = empty) and ST0..ST7 as
 * 80-bit images (8-byte significand, then sign and exponent), as fnsave
 * stores them. */
struct x87_stack_op {
    uint16_t fcw, fsw, tag;
    uint8_t st[8][10];
};

/* D9 op on *s as the CPU does it: results, pushes and pops, C0-C3, the
 * exception flags this instruction raises (ES and B when one is unmasked),
 * stack faults; non-empty tags recomputed from the contents (as fnsave has
 * them). False for an op it does not know. */
bool x87_soft_stack_op(uint8_t op, struct x87_stack_op *s);

#endif
