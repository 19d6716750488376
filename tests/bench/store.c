/* store: a store-heavy loop - n passes over a 64 KiB buffer (cache
 * resident), four 32-bit stores per iteration and little else, so the
 * time per store of an emulator's store path shows.
 * usage: store [n]   (passes, default 100000; stores = n * 16384) */
#include <stdio.h>
#include <stdlib.h>

#include "bench.h"

#define WORDS 16384u

int main(int argc, char **argv)
{
    uint32_t n = bench_arg(argc, argv, 1, 100000);
    if (n > 0xFFFFFFFFu / WORDS)
        return printf("store: n must be at most %u\n", 0xFFFFFFFFu / WORDS), 1;
    /* volatile: every store is emitted, as written */
    volatile uint32_t *buf = malloc(WORDS * sizeof *buf);
    if (!buf)
        return printf("store: out of memory\n"), 1;
    uint32_t x = 0x12345678U;
    for (uint32_t r = 0; r < n; r++) {
        for (uint32_t i = 0; i < WORDS; i += 4) {
            buf[i] = x;
            buf[i + 1] = x + 1;
            buf[i + 2] = x + 2;
            buf[i + 3] = x + 3;
            x += 5;
        }
        x ^= buf[r % WORDS]; /* a pass depends on the one before */
    }
    uint32_t sum = x;
    for (uint32_t i = 0; i < WORDS; i += 64)
        sum = bench_mix(sum ^ buf[i]);

    printf("store passes=%u stores=%u checksum=%08x\n", n, n * WORDS, sum);
    free((void *)buf);
    return 0;
}
