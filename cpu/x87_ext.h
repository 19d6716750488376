/* The x87's 80-bit extended format in plain integer arithmetic, for hosts
 * whose long double is not it (aarch64: IEEE quad): a double widened as fld
 * widens it, fprem/fprem1 and fcomi/fucomi exactly as the x87 computes them. */
#ifndef WOWBOX_CPU_X87_EXT_H
#define WOWBOX_CPU_X87_EXT_H

#include <stdbool.h>
#include <stdint.h>

#include "cpu/x87_soft.h"

/* An 80-bit image as the CPU stores it: 8-byte significand (explicit
 * integer bit), then sign and 15-bit exponent. */
#define X87_EXT_SIZE 10u

/* fld qword: every double is exact in 80 bits; a signalling NaN comes out
 * quiet, as the x87 delivers it with invalid masked. */
void x87_ext_from_double(double v, uint8_t out[X87_EXT_SIZE]);

/* fprem (round_nearest false) or fprem1 on ST0 = x, ST1 = y with every
 * exception masked. fsw is the status word before it: *fsw_out gets the
 * new C0-C3 and the exception flags raised (IE, DE), as the real CPU sets
 * them; the caller merges them. */
void x87_ext_fprem(bool round_nearest, const uint8_t x[X87_EXT_SIZE], const uint8_t y[X87_EXT_SIZE],
                   uint16_t fsw, uint8_t result[X87_EXT_SIZE], uint16_t *fsw_out);

/* fcomi (unordered false) or fucomi of ST0 = a with ST(i) = b, every
 * exception masked: *eflags_out gets ZF PF CF (0x40, 0x04, 0x01) as the CPU
 * sets them (greater: none; less: CF; equal: ZF; unordered: all three),
 * *fsw_out the exception flags raised (IE, DE). */
void x87_ext_fcomi(bool unordered, const uint8_t a[X87_EXT_SIZE], const uint8_t b[X87_EXT_SIZE],
                   uint32_t *eflags_out, uint16_t *fsw_out);

/* fbstp m80 on the guest's stack *s (struct x87_stack_op, cpu/x87_soft.h):
 * ST0 rounded to an integer under RC and stored as 18 packed BCD digits
 * and a sign byte into bcd[]; a NaN, an infinity, an unsupported operand, a
 * value of more than 18 digits or an empty ST0 is an invalid operation,
 * whose masked response stores the BCD indefinite (FFFF C000 0000 0000 0000).
 * Pops, sets C1 (rounded up) and the flags as the CPU does; false when it
 * stores nothing (an unmasked invalid operation: no pop either). */
bool x87_ext_fbstp(struct x87_stack_op *s, uint8_t bcd[X87_EXT_SIZE]);

#endif
