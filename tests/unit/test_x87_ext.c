/* The software 80-bit format (cpu/x87_ext.c) that aarch64 hosts use for the
 * x87 results Unicorn gets wrong: known values on every host, and on x86
 * the same bits as the real fld, fprem/fprem1 and fcomi/fucomi for many
 * random operands (normal, denormal, zero, infinite, NaN, unsupported;
 * exponents close and far apart), status and EFLAGS bits included; fbstp
 * against the real one on random stacks. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "cpu/unicorn_x87.h"
#include "cpu/x87_ext.h"

#define COND_AND_FLAGS 0x473Fu /* C3 C2 C1 C0, the exception flags */

static void ext(uint8_t out[10], uint64_t significand, uint16_t sign_exp)
{
    memcpy(out, &significand, 8);
    memcpy(out + 8, &sign_exp, 2);
}

static double from_bits(uint64_t b)
{
    double d;
    memcpy(&d, &b, 8);
    return d;
}

static void check_double(double v, uint64_t want_sig, uint16_t want_se)
{
    uint8_t got[10], want[10];
    x87_ext_from_double(v, got);
    ext(want, want_sig, want_se);
    assert_memory_equal(got, want, 10);
}

static void test_from_double_known(void **state)
{
    (void)state;
    check_double(1.0, 0x8000000000000000u, 0x3FFF);
    check_double(-2.5, 0xA000000000000000u, 0xC000);
    check_double(0.0, 0, 0);
    check_double(-0.0, 0, 0x8000);
    check_double(from_bits(1), 0x8000000000000000u, 0x3FFF - 1074); /* smallest denormal */
    check_double(from_bits(0x7FF0000000000000u), 0x8000000000000000u, 0x7FFF);
    check_double(from_bits(0x7FF0000000000001u), 0xC000000000000800u, 0x7FFF); /* SNaN comes out quiet */
    check_double(from_bits(0xFFF8000000000000u), 0xC000000000000000u, 0xFFFF);
}

static void check_fprem(int nearest, uint64_t xs, uint16_t xe, uint64_t ys, uint16_t ye,
                        uint64_t want_sig, uint16_t want_se, uint16_t want_sw)
{
    uint8_t x[10], y[10], r[10], want[10];
    uint16_t sw = 0;
    ext(x, xs, xe);
    ext(y, ys, ye);
    x87_ext_fprem(nearest, x, y, 0, r, &sw);
    ext(want, want_sig, want_se);
    assert_memory_equal(r, want, 10);
    assert_int_equal(sw, want_sw);
}

/* The bits tests/pe/x87_fprem.stdout holds from the real CPU. */
static void test_fprem_known(void **state)
{
    (void)state;
    /* 2^54 rem 3 = 1, quotient ...011: C1 C0 */
    check_fprem(0, 0x8000000000000000u, 0x3FFF + 54, 0xC000000000000000u, 0x4000,
                0x8000000000000000u, 0x3FFF, 0x0300);
    /* 1e300L rem 3.7L: partial, the exponent drops by 36, C2 */
    check_fprem(0, 0xBF21E44003ACDD2Du, 0x43E3, 0xECCCCCCCCCCCCCCDu, 0x4000,
                0xFACDD2CD6AC9060Eu, 0x43BF, 0x0400);
    /* 13 rem 4 = 1, quotient 3 (C3 C1); fprem1 too */
    check_fprem(0, 0xD000000000000000u, 0x4002, 0x8000000000000000u, 0x4001,
                0x8000000000000000u, 0x3FFF, 0x4200);
    check_fprem(1, 0xD000000000000000u, 0x4002, 0x8000000000000000u, 0x4001,
                0x8000000000000000u, 0x3FFF, 0x4200);
    /* fprem1 5.5 rem 2 = -0.5, quotient 3 rounded */
    check_fprem(1, 0xB000000000000000u, 0x4001, 0x8000000000000000u, 0x4000,
                0x8000000000000000u, 0xBFFE, 0x4200);
    /* 5 rem 0: invalid, the default NaN */
    check_fprem(0, 0xA000000000000000u, 0x4001, 0, 0, 0xC000000000000000u, 0xFFFF, 0x0001);
}

/* fbstp m80 with ST0 = x alone on the stack (TOP 7) under fcw: the BCD
 * stored, or the indefinite; TOP and the flags after it. */
static void check_fbstp(uint64_t sig, uint16_t se, uint16_t fcw, const uint8_t want[10], uint16_t want_fsw)
{
    struct x87_stack_op s = { .fcw = fcw, .fsw = 7u << 11, .tag = 0x3FFF };
    uint8_t bcd[10];
    ext(s.st[0], sig, se);
    bool stored = x87_ext_fbstp(&s, bcd);
    assert_true(stored == ((want_fsw & 0x3800u) == 0));
    if (stored)
        assert_memory_equal(bcd, want, 10);
    assert_int_equal(s.fsw, want_fsw);
}

static void test_fbstp_known(void **state)
{
    (void)state;
    static const uint8_t indefinite[10] = { 0, 0, 0, 0, 0, 0, 0, 0xC0, 0xFF, 0xFF };
    static const uint8_t n12345[10] = { 0x45, 0x23, 0x01 };
    static const uint8_t minus_zero[10] = { [9] = 0x80 };
    static const uint8_t n2[10] = { 0x02 }, n1[10] = { 0x01 };
    static const uint8_t max18[10] = { 0x99, 0x99, 0x99, 0x99, 0x99, 0x99, 0x99, 0x99, 0x99 };
    check_fbstp(0xC000000000000000u, 0x7FFF, 0x037F, indefinite, 0x0001); /* QNaN: IE, popped */
    check_fbstp(0x8000000000000000u, 0xFFFF, 0x037F, indefinite, 0x0001); /* -inf */
    check_fbstp(0xC0E4000000000000u, 0x400C, 0x037F, n12345, 0);         /* 12345 */
    check_fbstp(0x8000000000000000u, 0xBFFE, 0x037F, minus_zero, 0x0020); /* -0.5 to even: -0, PE */
    check_fbstp(0xC000000000000000u, 0x3FFF, 0x037F, n2, 0x0220);         /* 1.5: 2, PE, C1 */
    check_fbstp(0xC000000000000000u, 0x3FFF, 0x0F7F, n1, 0x0020);         /* chop: 1 */
    /* 999999999999999999 is the largest; 10^18 is out of range */
    check_fbstp(0xDE0B6B3A763FFFF0u, 0x403A, 0x037F, max18, 0);
    check_fbstp(0xDE0B6B3A76400000u, 0x403A, 0x037F, indefinite, 0x0001);
    /* unmasked invalid: nothing stored, no pop, ES and B */
    check_fbstp(0xC000000000000000u, 0x7FFF, 0x037E, NULL, 0x8081 | 7u << 11);
    /* empty ST0: a stack underflow */
    struct x87_stack_op s = { .fcw = 0x037F, .fsw = 7u << 11, .tag = 0xFFFF };
    uint8_t bcd[10];
    assert_true(x87_ext_fbstp(&s, bcd));
    assert_memory_equal(bcd, indefinite, 10);
    assert_int_equal(s.fsw, 0x0041);
}

static void check_fcomi(int unordered, uint64_t as, uint16_t ae, uint64_t bs, uint16_t be, uint32_t want_flags,
                        uint16_t want_sw)
{
    uint8_t a[10], b[10];
    uint32_t flags = 0xFFFF;
    uint16_t sw = 0xFFFF;
    ext(a, as, ae);
    ext(b, bs, be);
    x87_ext_fcomi(unordered, a, b, &flags, &sw);
    assert_int_equal(flags, want_flags);
    assert_int_equal(sw, want_sw);
}

/* What tests/pe/x87_fcomi_flags.stdout holds from the real CPU, and the
 * special operands. */
static void test_fcomi_known(void **state)
{
    (void)state;
    const uint64_t one = 0x8000000000000000u, qnan = 0xC000000000000000u, snan = 0xA000000000000000u;
    check_fcomi(0, one, 0x3FFF, one, 0x4000, 0x01, 0);       /* 1 < 2: CF */
    check_fcomi(0, one, 0x4000, one, 0x3FFF, 0x00, 0);       /* 2 > 1 */
    check_fcomi(0, one, 0x3FFF, one, 0x3FFF, 0x40, 0);       /* 1 = 1: ZF */
    check_fcomi(0, 0, 0x8000, 0, 0, 0x40, 0);                /* -0 = +0 */
    check_fcomi(0, one, 0xBFFF, one, 0x3FFF, 0x01, 0);       /* -1 < 1 */
    check_fcomi(0, one, 0xC000, one, 0xBFFF, 0x01, 0);       /* -2 < -1 */
    check_fcomi(0, one, 0x7FFF, one, 0x7FFE, 0x00, 0);       /* inf > the largest finite */
    check_fcomi(0, 1, 0, 0, 0, 0x00, 0x0002);                /* denormal > 0: DE */
    check_fcomi(0, one, 0, 0x4000000000000000u, 0, 0x00, 0x0002); /* pseudo-denormal > denormal */
    check_fcomi(0, qnan, 0x7FFF, one, 0x3FFF, 0x45, 0x0001); /* fcomi: a quiet NaN is invalid */
    check_fcomi(1, qnan, 0x7FFF, one, 0x3FFF, 0x45, 0);      /* fucomi: unordered only */
    check_fcomi(1, one, 0x3FFF, snan, 0x7FFF, 0x45, 0x0001); /* a signalling NaN always is */
    check_fcomi(1, 0x4000000000000000u, 0x3FFF, one, 0x3FFF, 0x45, 0x0001); /* unnormal */
}

#if defined(__x86_64__) || defined(__i386__)
struct env28 {
    uint16_t cw, r0, sw, r1, tw, r2;
    uint32_t ip;
    uint16_t cs, op;
    uint32_t dp;
    uint16_t ds, r3;
};

static void hw_fprem(int nearest, const uint8_t *x, const uint8_t *y, uint16_t fsw, uint8_t *r,
                     uint16_t *out)
{
    struct env28 saved, env;
    uint16_t sw = 0;
    __asm__ volatile("fnstenv %0" : "=m"(saved));
    env = saved;
    env.cw = 0x27F | 0x3F;
    env.sw = fsw & 0x4700;
    env.tw = 0xFFFF;
    __asm__ volatile("fldenv %0" : : "m"(env));
    if (nearest)
        __asm__ volatile("fldt %2\n\tfldt %1\n\tfprem1\n\tfnstsw %0\n\tfstpt %3\n\tfstp %%st(0)"
                         : "=m"(sw)
                         : "m"(*(const uint8_t(*)[10])x), "m"(*(const uint8_t(*)[10])y),
                           "m"(*(uint8_t(*)[10])r)
                         : "st", "st(1)", "memory");
    else
        __asm__ volatile("fldt %2\n\tfldt %1\n\tfprem\n\tfnstsw %0\n\tfstpt %3\n\tfstp %%st(0)"
                         : "=m"(sw)
                         : "m"(*(const uint8_t(*)[10])x), "m"(*(const uint8_t(*)[10])y),
                           "m"(*(uint8_t(*)[10])r)
                         : "st", "st(1)", "memory");
    __asm__ volatile("fldenv %0" : : "m"(saved));
    *out = sw & COND_AND_FLAGS;
}

static uint64_t rng = 0x9E3779B97F4A7C15u;
static uint64_t next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

/* One operand of every kind the x87 distinguishes. */
static void random_operand(uint8_t b[10], int near_exp)
{
    uint64_t sig = next();
    unsigned kind = (unsigned)(next() % 40);
    int e;
    if (kind == 0) { e = 0; sig >>= next() % 64; }                 /* denormal */
    else if (kind == 1) { e = 0; sig |= 1ull << 63; }              /* pseudo-denormal */
    else if (kind == 2) { e = 0; sig = 0; }                        /* zero */
    else if (kind == 3) { e = 0x7FFF; sig = 1ull << 63; }          /* infinity */
    else if (kind == 4) { e = 0x7FFF; sig |= 3ull << 62; }         /* QNaN */
    else if (kind == 5) { e = 0x7FFF; sig = (sig | 1ull << 63 | 1) & ~(1ull << 62); } /* SNaN */
    else if (kind == 6) { e = 1 + (int)(next() % 0x7FFE); sig &= ~(1ull << 63); } /* unnormal */
    else if (kind < 26 && near_exp > 0) { e = near_exp + (int)(next() % 150) - 75; sig |= 1ull << 63; }
    else if (kind < 30) { e = 1 + (int)(next() % 80); sig |= 1ull << 63; } /* tiny */
    else { e = 1 + (int)(next() % 0x7FFE); sig |= 1ull << 63; }
    if (e < 0 || e > 0x7FFE)
        e = 0x3FFF;
    ext(b, sig, (uint16_t)(e | (next() & 1) << 15));
}

static void test_fprem_matches_x87(void **state)
{
    (void)state;
    for (int i = 0; i < 300000; i++) {
        uint8_t x[10], y[10], hw[10], sw[10];
        uint16_t hs, ss, se;
        int nearest = (int)(next() & 1);
        uint16_t fsw = (uint16_t)(next() & 0x4700);
        random_operand(x, 0);
        memcpy(&se, x + 8, 2);
        random_operand(y, (next() & 1) ? (se & 0x7FFF) : 0);
        hw_fprem(nearest, x, y, fsw, hw, &hs);
        x87_ext_fprem(nearest, x, y, fsw, sw, &ss);
        if (memcmp(hw, sw, 10) || hs != ss)
            fail_msg("%s %04x:%016llx, %04x:%016llx (fsw %04x): x87 %04x:%016llx sw %04x, "
                     "software %04x:%016llx sw %04x", nearest ? "fprem1" : "fprem",
                     x[8] | x[9] << 8, *(unsigned long long *)x, y[8] | y[9] << 8,
                     *(unsigned long long *)y, fsw, hw[8] | hw[9] << 8, *(unsigned long long *)hw, hs,
                     sw[8] | sw[9] << 8, *(unsigned long long *)sw, ss);
    }
}

static void hw_fcomi(int unordered, const uint8_t *a, const uint8_t *b, uint32_t *flags, uint16_t *out)
{
    struct env28 saved, env;
    uint16_t sw = 0;
    uint8_t z = 0, p = 0, c = 0;
    __asm__ volatile("fnstenv %0" : "=m"(saved));
    env = saved;
    env.cw = 0x27F | 0x3F;
    env.sw = 0;
    env.tw = 0xFFFF;
    __asm__ volatile("fldenv %0" : : "m"(env));
    if (unordered)
        __asm__ volatile("fldt %4\n\tfldt %5\n\tfucomip %%st(1), %%st\n\tsetz %0\n\tsetp %1\n\tsetc %2\n\t"
                         "fnstsw %3\n\tfstp %%st(0)"
                         : "=m"(z), "=m"(p), "=m"(c), "=m"(sw)
                         : "m"(*(const uint8_t(*)[10])b), "m"(*(const uint8_t(*)[10])a)
                         : "st", "st(1)", "cc", "memory");
    else
        __asm__ volatile("fldt %4\n\tfldt %5\n\tfcomip %%st(1), %%st\n\tsetz %0\n\tsetp %1\n\tsetc %2\n\t"
                         "fnstsw %3\n\tfstp %%st(0)"
                         : "=m"(z), "=m"(p), "=m"(c), "=m"(sw)
                         : "m"(*(const uint8_t(*)[10])b), "m"(*(const uint8_t(*)[10])a)
                         : "st", "st(1)", "cc", "memory");
    __asm__ volatile("fldenv %0" : : "m"(saved));
    *flags = (z ? 0x40u : 0) | (p ? 0x04u : 0) | (c ? 0x01u : 0);
    *out = sw & 0x3F;
}

static void test_fcomi_matches_x87(void **state)
{
    (void)state;
    for (int i = 0; i < 300000; i++) {
        uint8_t a[10], b[10];
        uint32_t hf, sf;
        uint16_t hs, ss, ae;
        int unordered = (int)(next() & 1);
        random_operand(a, 0);
        memcpy(&ae, a + 8, 2);
        if (i % 8 == 0)
            memcpy(b, a, 10); /* equal operands */
        else if (i % 8 == 1) {
            memcpy(b, a, 10); /* one bit of the significand apart, either sign */
            b[0] ^= (uint8_t)(1u << (next() % 8));
            b[9] ^= (uint8_t)((next() & 1) << 7);
        } else
            random_operand(b, (next() & 1) ? (ae & 0x7FFF) : 0);
        hw_fcomi(unordered, a, b, &hf, &hs);
        x87_ext_fcomi(unordered, a, b, &sf, &ss);
        if (hf != sf || hs != ss)
            fail_msg("%s %04x:%016llx, %04x:%016llx: x87 eflags %02x sw %04x, software eflags %02x sw %04x",
                     unordered ? "fucomi" : "fcomi", a[8] | a[9] << 8, *(unsigned long long *)a,
                     b[8] | b[9] << 8, *(unsigned long long *)b, hf, hs, sf, ss);
    }
}

static void test_from_double_matches_fld(void **state)
{
    (void)state;
    for (int i = 0; i < 300000; i++) {
        uint64_t b = next();
        if (i % 4 == 1)
            b &= 0x800FFFFFFFFFFFFFu; /* denormals and zeros */
        else if (i % 4 == 2)
            b |= 0x7FF0000000000000u; /* infinities and NaNs */
        double d = from_bits(b);
        long double ld = d;
        uint8_t want[10], got[10];
        memcpy(want, &ld, 10);
        x87_ext_from_double(d, got);
        if (memcmp(want, got, 10))
            fail_msg("double %016llx", (unsigned long long)b);
    }
}
/* fbstp on random stacks (ST0 of every kind, integers of every size near
 * the 18 digits, every RC, one exception unmasked at times) against the
 * real instruction (x87_fbstp_host: frstor, fbstp, fnsave). */
static void test_fbstp_matches_x87(void **state)
{
    (void)state;
    for (int i = 0; i < 200000; i++) {
        struct x87_stack_op in = { .fcw = (uint16_t)(0x0040 | 0x3F | (next() & 0x0F00)) };
        if (next() % 4 == 0)
            in.fcw &= (uint16_t)~(1u << (next() % 6));
        unsigned top = (unsigned)(next() & 7);
        in.fsw = (uint16_t)(top << 11 | (next() & 0x4700));
        for (unsigned r = 0; r < 8; r++) {
            random_operand(in.st[r], (next() & 1) ? 0x3FFF + (int)(next() % 64) : 0);
            in.tag |= (uint16_t)((r == 0 && next() % 16 == 0 ? 3u : (unsigned)(next() % 4)) << (2 * ((top + r) & 7)));
        }
        if (((in.tag >> (2 * top)) & 3) == 3 && next() % 2)
            in.tag &= (uint16_t)~(3u << (2 * top)); /* mostly a full ST0 */
        struct x87_stack_op hw = in, sw = in;
        uint8_t hb[10] = { 0 }, sb[10] = { 0 };
        bool hs = false;
        assert_true(x87_fbstp_host(&hw, hb, &hs));
        bool ss = x87_ext_fbstp(&sw, sb);
        if (hs != ss || (hs && memcmp(hb, sb, 10)) || memcmp(&hw, &sw, sizeof hw))
            fail_msg("fbstp %04x:%016llx fcw %04x fsw %04x tag %04x: x87 %d %02x%02x..%02x%02x fsw %04x tag %04x, "
                     "software %d %02x%02x..%02x%02x fsw %04x tag %04x",
                     in.st[0][8] | in.st[0][9] << 8, *(unsigned long long *)in.st[0], in.fcw, in.fsw, in.tag,
                     hs, hb[9], hb[8], hb[1], hb[0], hw.fsw, hw.tag, ss, sb[9], sb[8], sb[1], sb[0], sw.fsw,
                     sw.tag);
    }
}
#else
static void test_fprem_matches_x87(void **state) { (void)state; skip(); }      /* no x87 here */
static void test_from_double_matches_fld(void **state) { (void)state; skip(); }
static void test_fcomi_matches_x87(void **state) { (void)state; skip(); }
static void test_fbstp_matches_x87(void **state) { (void)state; skip(); }
#endif

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_from_double_known),
        cmocka_unit_test(test_fprem_known),
        cmocka_unit_test(test_fprem_matches_x87),
        cmocka_unit_test(test_from_double_matches_fld),
        cmocka_unit_test(test_fcomi_known),
        cmocka_unit_test(test_fcomi_matches_x87),
        cmocka_unit_test(test_fbstp_known),
        cmocka_unit_test(test_fbstp_matches_x87),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
