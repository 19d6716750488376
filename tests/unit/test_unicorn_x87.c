/* The Unicorn backend's host x87 instructions (cpu/unicorn_x87.c) against
 * results the real CPU gives (the x87 unit is the same in 64-bit mode):
 * fprem/fprem1 (the host's x87 on x86, cpu/x87_ext.c elsewhere) and the
 * transcendentals with their stack effects (the host's x87, cpu/x87_soft.c
 * elsewhere; fbstp the host's x87 or cpu/x87_ext.c). tests/pe/x87_fprem.c and
 * tests/pe/fp_bits.c prove the hooks end to end. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "cpu/unicorn_x87.h"

#define C0 0x0100u
#define C1 0x0200u
#define C2 0x0400u
#define C3 0x4000u
#define IE 0x0001u
#define SF 0x0040u
#define PE 0x0020u
#define TOP(n) ((uint16_t)((n) << 11))
#define ONLY_ST(p) ((uint16_t)(0xFFFFu & ~(3u << (2 * (p))))) /* physical register p valid */

/* An 80-bit image: significand, then sign|exponent. */
static void ext(uint8_t out[10], uint64_t significand, uint16_t sign_exp)
{
    memcpy(out, &significand, 8);
    memcpy(out + 8, &sign_exp, 2);
}

static void check(bool nearest, uint8_t *x, uint8_t *y, uint64_t want_sig, uint16_t want_se,
                  uint16_t want_sw)
{
    uint8_t r[10], want[10];
    uint16_t sw = 0;
    assert_true(x87_fprem_host(nearest, x, y, 0x27F, 0, r, &sw));
    ext(want, want_sig, want_se);
    assert_memory_equal(r, want, 10);
    assert_int_equal(sw, want_sw);
}

static void test_complete_remainder(void **state)
{
    (void)state;
    uint8_t x[10], y[10];
    ext(x, 0x8000000000000000u, 0x3FFF + 54); /* 2^54 */
    ext(y, 0xC000000000000000u, 0x4000);      /* 3 */
    check(false, x, y, 0x8000000000000000u, 0x3FFF, C1 | C0); /* 1, quotient ...011 */
    ext(x, 0xD000000000000000u, 0x4002); /* 13 */
    ext(y, 0x8000000000000000u, 0x4001); /* 4 */
    check(false, x, y, 0x8000000000000000u, 0x3FFF, C3 | C1); /* 1, quotient 3 */
    check(true, x, y, 0x8000000000000000u, 0x3FFF, C3 | C1);
}

static void test_partial_remainder(void **state)
{
    (void)state;
    uint8_t x[10], y[10];
    ext(x, 0xBF21E44003ACE000u, 0x43E3); /* 1e300 as an 80-bit value rounded from double */
    ext(y, 0xECCCCCCCCCCCD000u, 0x4000); /* 3.7 from double */
    uint8_t r[10];
    uint16_t sw = 0;
    assert_true(x87_fprem_host(false, x, y, 0x27F, 0, r, &sw));
    /* exponents 990 apart: one step reduces by less than 64, C2 says "again" */
    assert_int_equal(sw & C2, C2);
    uint16_t se;
    memcpy(&se, r + 8, 2);
    assert_true(se < 0x43E3 && se >= 0x43E3 - 64);
}

static void test_invalid_operands(void **state)
{
    (void)state;
    uint8_t x[10], y[10];
    ext(x, 0xA000000000000000u, 0x4001); /* 5 */
    ext(y, 0, 0);                        /* 0 */
    uint8_t r[10];
    uint16_t sw = 0;
    assert_true(x87_fprem_host(false, x, y, 0x27F, 0, r, &sw));
    assert_int_equal(sw & IE, IE);
    uint8_t qnan[10];
    ext(qnan, 0xC000000000000000u, 0xFFFF); /* the default NaN */
    assert_memory_equal(r, qnan, 10);
}

/* The guest's stack for x87_stack_op_host: TOP and tags, ST0.. in order. */
static void stack_of(struct x87_stack_op *s, unsigned top, uint16_t tag)
{
    memset(s, 0, sizeof *s);
    s->fcw = 0x37F; /* 64-bit significands, round to nearest, all masked */
    s->fsw = TOP(top);
    s->tag = tag;
}

static void assert_ext(const uint8_t *got, uint64_t significand, uint16_t sign_exp)
{
    uint8_t want[10];
    ext(want, significand, sign_exp);
    assert_memory_equal(got, want, 10);
}

/* fsin(0.5) in 80 bits as the CPU gives it: the engine's double-precision
 * answer ends in ...2f8000. */
static void test_fsin_extended(void **state)
{
    (void)state;
    struct x87_stack_op s;
    stack_of(&s, 7, ONLY_ST(7));
    ext(s.st[0], 0x8000000000000000u, 0x3FFE); /* 0.5 */
    assert_true(x87_stack_op_host(0xFE, &s));
    assert_ext(s.st[0], 0xF57743A2582F7F44u, 0x3FFD);
    assert_int_equal(s.fsw & (0x3800u | C2 | IE | SF), TOP(7));
    assert_int_equal(s.fsw & PE, PE);
    assert_int_equal(s.tag, ONLY_ST(7));
}

/* fptan pushes 1.0 over tan(x); out of range (|x| >= 2^63) it sets C2 and
 * leaves the stack alone. */
static void test_fptan_push_and_range(void **state)
{
    (void)state;
    struct x87_stack_op s;
    stack_of(&s, 7, ONLY_ST(7));
    ext(s.st[0], 0x8000000000000000u, 0x3FFE); /* 0.5 */
    assert_true(x87_stack_op_host(0xF2, &s));
    assert_int_equal(s.fsw & 0x3800u, TOP(6));
    assert_int_equal(s.tag, (uint16_t)(ONLY_ST(7) & ONLY_ST(6)));
    assert_ext(s.st[0], 0x8000000000000000u, 0x3FFF); /* 1.0 */
    assert_ext(s.st[1], 0x8BDA7ADF9A3A5219u, 0x3FFE); /* tan(0.5) */
    assert_int_equal(s.fsw & C2, 0);

    stack_of(&s, 7, ONLY_ST(7));
    ext(s.st[0], 0x8000000000000000u, 0x3FFF + 63); /* 2^63 */
    assert_true(x87_stack_op_host(0xF2, &s));
    assert_int_equal(s.fsw & (0x3800u | C2), TOP(7) | C2);
    assert_int_equal(s.tag, ONLY_ST(7));
    assert_ext(s.st[0], 0x8000000000000000u, 0x3FFF + 63);
}

/* fpatan: ST1 = atan(ST1 / ST0), then a pop. */
static void test_fpatan_pops(void **state)
{
    (void)state;
    struct x87_stack_op s;
    stack_of(&s, 6, (uint16_t)(ONLY_ST(6) & ONLY_ST(7)));
    ext(s.st[0], 0x8000000000000000u, 0x3FFE); /* 0.5 */
    ext(s.st[1], 0x8000000000000000u, 0x3FFF); /* 1 */
    assert_true(x87_stack_op_host(0xF3, &s));
    assert_int_equal(s.fsw & 0x3800u, TOP(7));
    assert_int_equal(s.tag, ONLY_ST(7));
    assert_ext(s.st[0], 0x8DB70C975DF22363u, 0x3FFF); /* atan(2) */
}

/* fsincos on an empty stack: a stack underflow (IE and SF, C1 clear) whose
 * masked response pushes two indefinites; the engine computes on the
 * stale register instead. */
static void test_stack_underflow(void **state)
{
    (void)state;
    struct x87_stack_op s;
    stack_of(&s, 0, 0xFFFF);
    assert_true(x87_stack_op_host(0xFB, &s));
    assert_int_equal(s.fsw & (IE | SF | C1), IE | SF);
    assert_int_equal(s.fsw & 0x3800u, TOP(7));
    assert_ext(s.st[0], 0xC000000000000000u, 0xFFFF);
    assert_ext(s.st[1], 0xC000000000000000u, 0xFFFF);
}

/* fldpi under round-down: the CPU rounds the constant by RC, the engine
 * always to nearest. */
static void test_constant_rounding(void **state)
{
    (void)state;
    struct x87_stack_op s;
    stack_of(&s, 0, 0xFFFF);
    s.fcw = 0x77F; /* round down */
    assert_true(x87_stack_op_host(0xEB, &s));
    assert_ext(s.st[0], 0xC90FDAA22168C234u, 0x4000);
    stack_of(&s, 0, 0xFFFF);
    assert_true(x87_stack_op_host(0xEB, &s));
    assert_ext(s.st[0], 0xC90FDAA22168C235u, 0x4000);
    assert_false(x87_stack_op_host(0xE8, &s)); /* fld1 is exact: not done on the host */
}

/* fbstp of a NaN stores the packed BCD indefinite (the engine: the largest
 * 18-digit value); of 12345, its digits; both pop. */
static void test_fbstp(void **state)
{
    (void)state;
    struct x87_stack_op s;
    uint8_t bcd[10];
    bool stored = false;
    stack_of(&s, 7, ONLY_ST(7));
    ext(s.st[0], 0xC000000000000000u, 0x7FFF); /* a quiet NaN */
    assert_true(x87_fbstp_host(&s, bcd, &stored));
    assert_true(stored);
    static const uint8_t indefinite[10] = { 0, 0, 0, 0, 0, 0, 0, 0xC0, 0xFF, 0xFF };
    assert_memory_equal(bcd, indefinite, 10);
    assert_int_equal(s.fsw & (0x3800u | IE), TOP(0) | IE);
    assert_int_equal(s.tag, 0xFFFF);

    stack_of(&s, 7, ONLY_ST(7));
    ext(s.st[0], 0xC0E4000000000000u, 0x400C); /* 12345 */
    assert_true(x87_fbstp_host(&s, bcd, &stored));
    static const uint8_t digits[10] = { 0x45, 0x23, 0x01 };
    assert_memory_equal(bcd, digits, 10);
    assert_int_equal(s.fsw & IE, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_complete_remainder),
        cmocka_unit_test(test_partial_remainder),
        cmocka_unit_test(test_invalid_operands),
        cmocka_unit_test(test_fsin_extended),
        cmocka_unit_test(test_fptan_push_and_range),
        cmocka_unit_test(test_fpatan_pops),
        cmocka_unit_test(test_stack_underflow),
        cmocka_unit_test(test_constant_rounding),
        cmocka_unit_test(test_fbstp),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
