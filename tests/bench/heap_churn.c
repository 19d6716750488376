/* heap_churn: n malloc/free pairs of pseudo-random sizes (16..1039 bytes)
 * with a window of 1024 live blocks: the C library's heap fast path (under
 * wowbox today: two thunks per pair, msvcrt's heap on the host).
 * usage: heap_churn [n]   (pairs, default 5000000) */
#include <stdio.h>
#include <stdlib.h>

#include "bench.h"

int main(int argc, char **argv)
{
    uint32_t n = bench_arg(argc, argv, 1, 5000000), x = 99, sum = 0;
    static unsigned char *live[1024];
    for (uint32_t i = 0; i < n; i++) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        uint32_t k = x & 1023, size = 16 + (x >> 22);
        free(live[k]);
        live[k] = malloc(size);
        if (!live[k])
            return printf("heap_churn: out of memory\n"), 1;
        live[k][0] = (unsigned char)i;
        live[k][size - 1] = (unsigned char)k;
        sum = bench_mix(sum ^ size ^ live[k][0]); /* not the address: it differs by allocator */
    }
    printf("heap_churn pairs=%u checksum=%08x\n", n, sum);
    return 0;
}
