/* Unit tests for the PF_* table built from cpuid (core/cpu_features.c) and
 * the process pointer encoding (syscalls/ntdll/pointer.c). The CPUs are
 * made up: a bare Pentium-class model, a modern one with AVX enabled by
 * the OS, and one whose OS left AVX state off. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/cpu_features.h"
#include "syscalls/ntdll/pointer.h"

static void test_bare_cpu(void **state)
{
    (void)state;
    struct cpu_ident id = { .leaf1 = { 0, 0, 0, (1u << 4) | (1u << 8) } }; /* TSC, CX8 */
    uint8_t pf[CPU_PF_COUNT];
    cpu_features_from(&id, pf);
    assert_int_equal(pf[2], 1);  /* PF_COMPARE_EXCHANGE_DOUBLE */
    assert_int_equal(pf[8], 1);  /* PF_RDTSC_INSTRUCTION_AVAILABLE */
    assert_int_equal(pf[3], 0);  /* no MMX */
    assert_int_equal(pf[10], 0); /* no SSE2 */
    assert_int_equal(pf[12], 1); /* NX: always, as Windows 8 and later */
    assert_int_equal(pf[9], 1);  /* PAE: 64-bit Windows */
    assert_int_equal(pf[23], 1); /* __fastfail */
    assert_int_equal(pf[1], 0);  /* PF_FLOATING_POINT_EMULATED */
}

static void test_modern_cpu(void **state)
{
    (void)state;
    struct cpu_ident id = {
        .leaf1 = { 0, 0, 1u | (1u << 9) | (1u << 13) | (1u << 19) | (1u << 20) | (1u << 26) | (1u << 27) | (1u << 28),
                   (1u << 4) | (1u << 8) | (1u << 23) | (1u << 25) | (1u << 26) },
        .leaf7 = { 0, (1u << 5) | (1u << 9), 0, 0 },
        .ext1 = { 0, 0, 0, (1u << 20) | (1u << 27) },
        .mxcsr_mask = 0xFFFF,
        .xcr0 = 7,
    };
    uint8_t pf[CPU_PF_COUNT];
    cpu_features_from(&id, pf);
    static const int present[] = { 2, 3, 6, 8, 9, 10, 11, 12, 13, 14, 17, 23, 32, 36, 37, 38, 39, 40, 42 };
    for (size_t i = 0; i < sizeof present / sizeof present[0]; i++)
        assert_int_equal(pf[present[i]], 1);
    assert_int_equal(pf[41], 0); /* no AVX-512 */
    assert_int_equal(pf[7], 0);  /* no 3DNow! */
    assert_int_equal(pf[28], 0); /* no RDRAND */
}

static void test_avx_needs_the_os(void **state)
{
    (void)state;
    struct cpu_ident id = { .leaf1 = { 0, 0, (1u << 26) | (1u << 27) | (1u << 28), 1u << 25 },
                            .leaf7 = { 0, 1u << 5, 0, 0 }, .mxcsr_mask = 0xFFBF, .xcr0 = 3 };
    uint8_t pf[CPU_PF_COUNT];
    cpu_features_from(&id, pf);
    assert_int_equal(pf[17], 1); /* XSAVE enabled */
    assert_int_equal(pf[39], 0); /* YMM state off in XCR0: no AVX */
    assert_int_equal(pf[40], 0);
    assert_int_equal(pf[11], 0); /* the default mask 0xFFBF lacks DAZ */
}

static void test_pointer_round_trip(void **state)
{
    (void)state;
    static const uint32_t values[] = { 0, 1, 0x401000, 0x7FFEFFFF, 0x80000000u, 0xFFFFFFFFu };
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
        uint32_t e = ntdll_encode_pointer(values[i], false);
        assert_int_equal(ntdll_decode_pointer(e, false), values[i]);
        assert_int_equal(ntdll_encode_pointer(values[i], false), e); /* one cookie per process */
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bare_cpu),
        cmocka_unit_test(test_modern_cpu),
        cmocka_unit_test(test_avx_needs_the_os),
        cmocka_unit_test(test_pointer_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
