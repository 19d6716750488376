/* The binary128 x87 (cpu/x87_soft.c) that hosts without an x87 use for the
 * transcendentals and the other register-only D9 instructions: the bits
 * tests/pe/fp_bits.stdout holds from the real CPU on every host, and on x86
 * the real instruction (x87_stack_op_host: frstor, the instruction, fnsave)
 * on many random stacks: operands of every kind, empty and full stacks,
 * every rounding and precision control. fscale, fxtract, fxam, the
 * constants and every special case must be the same bits, status and tags
 * included; a transcendental of a finite operand may differ in its last
 * bit only (the x87 is not correctly rounded), in a bounded share. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "cpu/unicorn_x87.h"
#include "cpu/x87_soft.h"

#define TOP(n) ((uint16_t)((n) << 11))

static void ext(uint8_t out[10], uint64_t significand, uint16_t sign_exp)
{
    memcpy(out, &significand, 8);
    memcpy(out + 8, &sign_exp, 2);
}

static uint64_t sig_of(const uint8_t b[10])
{
    uint64_t v;
    memcpy(&v, b, 8);
    return v;
}

static uint16_t se_of(const uint8_t b[10])
{
    return (uint16_t)(b[8] | b[9] << 8);
}

/* A stack with x in ST0 and y in ST1 (TOP 6), the rest empty. */
static struct x87_stack_op two(uint64_t xs, uint16_t xe, uint64_t ys, uint16_t ye)
{
    struct x87_stack_op s = { .fcw = 0x037F, .fsw = TOP(6), .tag = 0x0FFF };
    ext(s.st[0], xs, xe);
    ext(s.st[1], ys, ye);
    return s;
}

static void expect(const uint8_t got[10], uint16_t se, uint64_t sig)
{
    if (se_of(got) != se || sig_of(got) != sig)
        fail_msg("got %04x:%016llx, want %04x:%016llx", se_of(got), (unsigned long long)sig_of(got), se,
                 (unsigned long long)sig);
}

/* tests/pe/fp_bits.stdout: what the CPU gives (Intel and AMD alike). */
static void test_fp_bits_values(void **state)
{
    (void)state;
    const uint64_t half = 0x8000000000000000u;
    struct x87_stack_op s = two(half, 0x3FFE, 0, 0); /* 0.5 */
    assert_true(x87_soft_stack_op(0xFE, &s));
    expect(s.st[0], 0x3FFD, 0xF57743A2582F7F44u);
    s = two(half, 0x3FFE, 0, 0);
    assert_true(x87_soft_stack_op(0xFF, &s));
    expect(s.st[0], 0x3FFE, 0xE0A94032DBEA7CEEu);
    s = two(half, 0x3FFE, 0, 0);
    assert_true(x87_soft_stack_op(0xF2, &s)); /* tan in ST1, 1.0 pushed */
    expect(s.st[1], 0x3FFE, 0x8BDA7ADF9A3A5219u);
    expect(s.st[0], 0x3FFF, half);
    assert_int_equal((s.fsw >> 11) & 7, 5);
    s = two(half, 0x3FFE, 0, 0);
    assert_true(x87_soft_stack_op(0xF0, &s));
    expect(s.st[0], 0x3FFD, 0xD413CCCFE7799211u);
    s = two(0xA000000000000000u, 0x4002, half, 0x3FFF); /* fyl2x: 1 * log2(10) */
    assert_true(x87_soft_stack_op(0xF1, &s));
    expect(s.st[0], 0x4000, 0xD49A784BCD1B8AFEu);
    assert_int_equal((s.fsw >> 11) & 7, 7);
    s = two(half, 0x3FFE, half, 0x3FFF); /* fpatan: atan2(1, 0.5) */
    assert_true(x87_soft_stack_op(0xF3, &s));
    expect(s.st[0], 0x3FFF, 0x8DB70C975DF22363u);
    s = two(0xC000000000000000u, 0x4000, 0xA000000000000000u, 0x4002); /* fscale(3, 10) */
    assert_true(x87_soft_stack_op(0xFD, &s));
    expect(s.st[0], 0x400A, 0xC000000000000000u);
    /* sin(pi as a double) through the 66-bit pi: 1.2246e-16 only to 66 bits */
    s = two(0xC90FDAA22168C000u, 0x4000, 0, 0);
    assert_true(x87_soft_stack_op(0xFE, &s));
    expect(s.st[0], 0x3FCA, 0x8D30000000000000u); /* pi66 - pi: 0x234C * 2^-66 */
    /* out of range: C2, nothing changes */
    s = two(half, 0x3FFF + 63, 0, 0);
    assert_true(x87_soft_stack_op(0xFE, &s));
    assert_int_equal(s.fsw & 0x0400, 0x0400);
    expect(s.st[0], 0x3FFF + 63, half);
}

#if defined(__x86_64__) || defined(__i386__)
static uint64_t rng = 0x2545F4914F6CDD1Du;
static uint64_t next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

/* An operand of any kind; finite ones with unbiased exponents in [lo, hi]. */
static void operand(uint8_t b[10], int lo, int hi, bool any)
{
    uint64_t sig = next();
    unsigned kind = (unsigned)(next() % 64);
    int e;
    if (kind == 0) { e = 0; sig >>= next() % 64; }                 /* denormal */
    else if (kind == 1) { e = 0; sig |= 1ull << 63; }              /* pseudo-denormal */
    else if (kind == 2) { e = 0; sig = 0; }                        /* zero */
    else if (kind == 3) { e = 0x7FFF; sig = 1ull << 63; }          /* infinity */
    else if (kind == 4) { e = 0x7FFF; sig |= 3ull << 62; }         /* QNaN */
    else if (kind == 5) { e = 0x7FFF; sig = (sig | 1ull << 63 | 1) & ~(1ull << 62); } /* SNaN */
    else if (kind == 6) { e = 1 + (int)(next() % 0x7FFE); sig &= ~(1ull << 63); } /* unnormal */
    else if (kind == 7) { e = 0x3FFF + lo; sig = 1ull << 63; }     /* a power of two */
    else if (kind == 8 && any) { e = 1 + (int)(next() % 0x7FFE); sig |= 1ull << 63; } /* any */
    else { e = 0x3FFF + lo + (int)(next() % (unsigned)(hi - lo + 1)); sig |= 1ull << 63; }
    if (e < 0 || e > 0x7FFF)
        e = 0x3FFF;
    ext(b, sig, (uint16_t)(e | (next() & 1) << 15));
}

static bool transcendental(uint8_t op)
{
    return op == 0xF0 || op == 0xF1 || op == 0xF2 || op == 0xF3 || op == 0xF9 || op == 0xFB ||
           op == 0xFE || op == 0xFF;
}

/* 80-bit images one unit in the last place apart (same sign). */
static bool one_ulp(const uint8_t a[10], const uint8_t b[10])
{
    if ((se_of(a) ^ se_of(b)) & 0x8000)
        return false;
    unsigned __int128 x = (unsigned __int128)(se_of(a) & 0x7FFF) << 64 | sig_of(a);
    unsigned __int128 y = (unsigned __int128)(se_of(b) & 0x7FFF) << 64 | sig_of(b);
    unsigned __int128 d = x > y ? x - y : y - x;
    /* across a binade the significand wraps from ~0 to 2^63 */
    return d == 1 || d == ((unsigned __int128)1 << 64) - ((unsigned __int128)1 << 63) + 1;
}

static void dump(const char *who, const struct x87_stack_op *s)
{
    print_message("  %s fsw %04x tag %04x", who, s->fsw, s->tag);
    for (int i = 0; i < 8; i++)
        print_message(" %04x:%016llx", se_of(s->st[i]), (unsigned long long)sig_of(s->st[i]));
    print_message("\n");
}

/* One random case of op; returns 1 for a last-bit difference of a
 * transcendental, fails on any other difference. */
/* Every RC and PC; all exceptions masked, or all but one. */
static uint16_t random_fcw(bool unmask)
{
    uint16_t fcw = (uint16_t)(0x0040 | 0x3F | (next() & 0x0F00));
    if (unmask)
        fcw &= (uint16_t)~(1u << (next() % 6));
    return fcw;
}

static int compare_one(uint8_t op, int lo, int hi, uint16_t fcw)
{
    struct x87_stack_op in = { 0 };
    in.fcw = fcw;
    unsigned top = (unsigned)(next() & 7);
    in.fsw = (uint16_t)(TOP(top) | (next() & 0x4700));
    unsigned depth = next() % 16 == 0 ? (unsigned)(next() % 9) : 2 + (unsigned)(next() % 3);
    in.tag = 0;
    for (unsigned i = 0; i < 8; i++) {
        /* f2xm1 and fyl2xp1 only inside their defined range */
        operand(in.st[i], lo, hi, op != 0xF0 && op != 0xF9);
        if (i == 1 && (op == 0xF1 || op == 0xF3 || op == 0xF9 || op == 0xFD))
            operand(in.st[i], -20, 20, true);
        unsigned p = (top + i) & 7;
        in.tag |= (uint16_t)((i < depth ? (unsigned)(next() % 3) : 3u) << (2 * p));
    }
    struct x87_stack_op hw = in, sw = in;
    assert_true(x87_stack_op_host(op, &hw));
    assert_true(x87_soft_stack_op(op, &sw));
    if (!memcmp(&hw, &sw, sizeof hw))
        return 0;
    /* (a last bit can make a denormal zero: the tags may differ) */
    bool close = transcendental(op) && (hw.fsw & ~0x0200) == (sw.fsw & ~0x0200);
    for (int i = 0; close && i < 8; i++)
        close = !memcmp(hw.st[i], sw.st[i], 10) || one_ulp(hw.st[i], sw.st[i]);
    if (close && getenv("X87_SOFT_VERBOSE")) {
        print_message("D9 %02X fcw %04x: last bit\n", op, in.fcw);
        dump("in ", &in);
        dump("x87", &hw);
        dump("sw ", &sw);
    }
    if (close) /* 1: C1 alone, 2: a last bit */
        return 1 + (memcmp(hw.st, sw.st, sizeof hw.st) != 0);
    print_message("D9 %02X fcw %04x: the x87 and x87_soft differ\n", op, in.fcw);
    dump("in ", &in);
    dump("x87", &hw);
    dump("sw ", &sw);
    fail();
    return 0;
}

/* Each op over its defined argument range (f2xm1 |x| <= 1, fyl2xp1 |x| <
 * 1 - sqrt(2)/2, the trigonometric ones |x| < 2^63: past it only C2), and
 * the most last-bit differences allowed, in thousandths of the cases: about
 * twice those measured on an AMD EPYC (docs/cpu.md), so a model that fits
 * the CPU worse fails (fpatan's was 7.9, 7.8 and 2.3 before it modelled
 * the CPU's low error); fptan's directed rounding of |x| < 2^-33 goes
 * either way on the CPU (docs/cpu.md), hence its 250. */
static const struct {
    uint8_t op;
    int lo, hi;              /* ST0's exponents */
    int nearest, other, c1; /* last bits to nearest, otherwise; C1 alone, per mille */
} ops[] = {
    { 0xFE, -70, 66, 8, 9, 3 }, { 0xFF, -70, 66, 10, 10, 3 }, { 0xF2, -70, 66, 35, 250, 71 },
    { 0xFB, -70, 66, 17, 18, 3 }, { 0xF0, -70, -1, 45, 46, 11 }, { 0xF1, -300, 300, 16, 17, 6 },
    { 0xF9, -70, -3, 46, 49, 13 }, { 0xF3, -300, 300, 6, 5, 2 }, { 0xFD, -16400, 16400, 0, 0, 0 },
    { 0xF4, -16400, 16400, 0, 0, 0 }, { 0xE5, -16400, 16400, 0, 0, 0 }, { 0xE9, 0, 0, 0, 0, 0 },
    { 0xEA, 0, 0, 0, 0, 0 }, { 0xEB, 0, 0, 0, 0, 0 }, { 0xEC, 0, 0, 0, 0, 0 }, { 0xED, 0, 0, 0, 0, 0 },
};

static void test_matches_x87(void **state)
{
    (void)state;
    for (size_t k = 0; k < sizeof ops / sizeof ops[0]; k++) {
        int c1[2] = { 0, 0 }, bit[2] = { 0, 0 }, n[2] = { 0, 0 };
        for (int i = 0; i < 40000; i++) {
            uint16_t fcw = random_fcw(false);
            bool nearest = !(fcw & 0x0C00);
            int d = compare_one(ops[k].op, ops[k].lo, ops[k].hi, fcw);
            c1[nearest] += d == 1;
            bit[nearest] += d == 2;
            n[nearest]++;
        }
        print_message("D9 %02X: rounded to nearest %d: %d last bits, %d C1 alone differ; "
                      "otherwise %d: %d, %d\n", ops[k].op, n[1], bit[1], c1[1], n[0], bit[0], c1[0]);
        assert_true(bit[1] * 1000 <= n[1] * ops[k].nearest);
        assert_true(bit[0] * 1000 <= n[0] * ops[k].other);
        assert_true((c1[0] + c1[1]) * 1000 <= (n[0] + n[1]) * ops[k].c1);
    }
}

static void test_matches_x87_unmasked(void **state)
{
    (void)state;
    for (size_t k = 0; k < sizeof ops / sizeof ops[0]; k++)
        for (int i = 0; i < 5000; i++)
            compare_one(ops[k].op, ops[k].lo, ops[k].hi, random_fcw(true));
}
#else
static void test_matches_x87(void **state) { (void)state; skip(); } /* no x87 here */
static void test_matches_x87_unmasked(void **state) { (void)state; skip(); }
#endif

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fp_bits_values),
        cmocka_unit_test(test_matches_x87),
        cmocka_unit_test(test_matches_x87_unmasked),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
