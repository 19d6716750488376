/* The PF_* table from cpuid, as 64-bit Windows fills it for every process
 * (a 32-bit process sees the same table): each x86 feature flag Windows
 * looks at, plus what 64-bit Windows 10 always provides. */
#include "core/cpu_features.h"

#include <string.h>

enum ident_reg { L1_ECX, L1_EDX, L7_EBX, L7_ECX, E1_ECX, E1_EDX, ALWAYS };

struct pf_rule {
    uint8_t pf;
    uint8_t reg;
    uint8_t bit;
};

/* PF_* index <- cpuid bit (Intel SDM / AMD APM bit names in comments). */
static const struct pf_rule rules[] = {
    { 2, L1_EDX, 8 },    /* PF_COMPARE_EXCHANGE_DOUBLE: CX8 */
    { 3, L1_EDX, 23 },   /* PF_MMX_INSTRUCTIONS_AVAILABLE: MMX */
    { 6, L1_EDX, 25 },   /* PF_XMMI_INSTRUCTIONS_AVAILABLE: SSE */
    { 7, E1_EDX, 31 },   /* PF_3DNOW_INSTRUCTIONS_AVAILABLE: 3DNow! */
    { 8, L1_EDX, 4 },    /* PF_RDTSC_INSTRUCTION_AVAILABLE: TSC */
    { 9, ALWAYS, 0 },    /* PF_PAE_ENABLED: long mode runs with PAE paging */
    { 10, L1_EDX, 26 },  /* PF_XMMI64_INSTRUCTIONS_AVAILABLE: SSE2 */
    { 12, ALWAYS, 0 },   /* PF_NX_ENABLED: Windows 8 and later require NX and enforce it (so
                          * does wowbox, for either backend, whatever cpuid says) */
    { 13, L1_ECX, 0 },   /* PF_SSE3_INSTRUCTIONS_AVAILABLE: SSE3 */
    { 14, L1_ECX, 13 },  /* PF_COMPARE_EXCHANGE128: CMPXCHG16B */
    { 22, L7_EBX, 0 },   /* PF_RDWRFSGSBASE_AVAILABLE: FSGSBASE */
    { 23, ALWAYS, 0 },   /* PF_FASTFAIL_AVAILABLE: int 29h ends the process */
    { 28, L1_ECX, 30 },  /* PF_RDRAND_INSTRUCTION_AVAILABLE: RDRAND */
    { 32, E1_EDX, 27 },  /* PF_RDTSCP_INSTRUCTION_AVAILABLE: RDTSCP */
    { 33, L7_ECX, 22 },  /* PF_RDPID_INSTRUCTION_AVAILABLE: RDPID */
    { 35, E1_ECX, 29 },  /* PF_MONITORX_INSTRUCTION_AVAILABLE: MONITORX */
    { 36, L1_ECX, 9 },   /* PF_SSSE3_INSTRUCTIONS_AVAILABLE: SSSE3 */
    { 37, L1_ECX, 19 },  /* PF_SSE4_1_INSTRUCTIONS_AVAILABLE: SSE4.1 */
    { 38, L1_ECX, 20 },  /* PF_SSE4_2_INSTRUCTIONS_AVAILABLE: SSE4.2 */
    { 42, L7_EBX, 9 },   /* PF_ERMS_AVAILABLE: enhanced REP MOVSB/STOSB */
};

#define XCR0_SSE_AVX 0x6u    /* XMM and YMM state enabled by the OS */
#define XCR0_AVX512 0xE0u    /* opmask, ZMM_Hi256, Hi16_ZMM */

static uint32_t reg_of(const struct cpu_ident *id, uint8_t reg)
{
    switch (reg) {
    case L1_ECX: return id->leaf1[2];
    case L1_EDX: return id->leaf1[3];
    case L7_EBX: return id->leaf7[1];
    case L7_ECX: return id->leaf7[2];
    case E1_ECX: return id->ext1[2];
    case E1_EDX: return id->ext1[3];
    default: return ~0u;
    }
}

void cpu_features_from(const struct cpu_ident *id, uint8_t pf[CPU_PF_COUNT])
{
    memset(pf, 0, CPU_PF_COUNT);
    for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++)
        pf[rules[i].pf] = (reg_of(id, rules[i].reg) >> rules[i].bit) & 1u;
    /* PF_SSE_DAZ_MODE_AVAILABLE: the MXCSR mask FXSAVE stores has DAZ (bit 6) */
    pf[11] = pf[6] && (id->mxcsr_mask & 0x40u);
    /* the XSAVE/AVX family counts only when the OS enabled the state (XCR0) */
    bool osxsave = (id->leaf1[2] >> 27) & 1u;
    pf[17] = osxsave && ((id->leaf1[2] >> 26) & 1u);                   /* PF_XSAVE_ENABLED */
    bool avx_os = osxsave && (id->xcr0 & XCR0_SSE_AVX) == XCR0_SSE_AVX;
    pf[39] = avx_os && ((id->leaf1[2] >> 28) & 1u);                    /* PF_AVX_INSTRUCTIONS_AVAILABLE */
    pf[40] = pf[39] && ((id->leaf7[1] >> 5) & 1u);                     /* PF_AVX2_INSTRUCTIONS_AVAILABLE */
    pf[41] = pf[39] && (id->xcr0 & XCR0_AVX512) == XCR0_AVX512 &&
             ((id->leaf7[1] >> 16) & 1u);                                /* PF_AVX512F_INSTRUCTIONS_AVAILABLE */
}
