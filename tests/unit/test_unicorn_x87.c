/* The Unicorn backend's host fprem/fprem1 (cpu/unicorn_x87.c) against
 * results the real CPU gives (the x87 unit is the same in 64-bit mode): the
 * host's x87 on x86, cpu/x87_ext.c elsewhere; tests/pe/x87_fprem.c proves
 * the hook end to end. */
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_complete_remainder),
        cmocka_unit_test(test_partial_remainder),
        cmocka_unit_test(test_invalid_operands),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
