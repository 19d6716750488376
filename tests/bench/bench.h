/* Helpers shared by the benchmark programs: argument parsing without the C
 * library (so a program depends only on what it measures) and a mixer. */
#ifndef WOWBOX_BENCH_H
#define WOWBOX_BENCH_H

#include <stdint.h>

/* argv[i] as a decimal number, or dflt when absent or not a number. */
static uint32_t bench_arg(int argc, char **argv, int i, uint32_t dflt)
{
    if (argc <= i || !argv[i][0])
        return dflt;
    uint32_t v = 0;
    for (const char *p = argv[i]; *p; p++) {
        if (*p < '0' || *p > '9')
            return dflt;
        v = v * 10 + (uint32_t)(*p - '0');
    }
    return v;
}

/* A 32-bit finaliser (xor-shift-multiply): spreads every input bit. */
static inline uint32_t bench_mix(uint32_t x)
{
    x ^= x >> 16;
    x *= 0x7feb352dU;
    x ^= x >> 15;
    x *= 0x846ca68bU;
    x ^= x >> 16;
    return x;
}

#endif
