/* mem: the C library at work - qsort of n pseudo-random ints through a
 * comparator (under wowbox: a guest callback from the thunk layer for
 * every comparison), then n/16384 copies of a 16 MiB buffer with memcpy
 * (1 GiB for the default n). stderr: how many comparisons qsort made.
 * usage: mem [n]   (ints to sort, default 1048576) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"

#define COPY_BYTES (16u << 20)
#define INTS_PER_COPY 16384u

static uint32_t compares;

static int compare_ints(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    compares++;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    uint32_t n = bench_arg(argc, argv, 1, 1048576);
    if (n > (64u << 20))
        return printf("mem: n must be at most %u\n", 64u << 20), 1;
    uint32_t rounds = n / INTS_PER_COPY;
    int *v = malloc((n ? n : 1) * sizeof *v);
    unsigned char *src = malloc(COPY_BYTES), *dst = malloc(COPY_BYTES);
    if (!v || !src || !dst)
        return printf("mem: out of memory\n"), 1;

    uint32_t x = 2463534242U, sum = 0;
    for (uint32_t i = 0; i < n; i++) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        v[i] = (int)x;
    }
    qsort(v, n, sizeof *v, compare_ints);
    for (uint32_t i = 0; i < n; i++) {
        if (i && v[i - 1] > v[i])
            return printf("mem: not sorted at %u\n", i), 1;
        sum = sum * 31 + (uint32_t)v[i];
    }

    if (rounds) {
        for (uint32_t i = 0; i < COPY_BYTES; i += 4)
            *(uint32_t *)(src + i) = bench_mix(i);
    }
    for (uint32_t r = 0; r < rounds; r++) {
        memcpy(dst, src, COPY_BYTES);
        src[(r * 65536) % COPY_BYTES] ^= dst[COPY_BYTES - 1 - r % 4096]; /* each copy feeds the next */
    }
    for (uint32_t i = 0; rounds && i < COPY_BYTES; i += 4096)
        sum = bench_mix(sum ^ dst[i]);

    printf("mem n=%u copied=%u MiB checksum=%08x\n", n, rounds * (COPY_BYTES >> 20), sum);
    /* the count depends on the qsort implementation: not in the line */
    fprintf(stderr, "mem: compares=%u\n", compares);
    free(v);
    free(src);
    free(dst);
    return 0;
}
