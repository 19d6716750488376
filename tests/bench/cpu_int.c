/* cpu_int: integer ALU and byte stores - a sieve of Eratosthenes over n
 * bytes, then a dependent chain of 4n hash steps.
 * usage: cpu_int [n]   (sieve limit, default 16000000) */
#include <stdio.h>
#include <stdlib.h>

#include "bench.h"

int main(int argc, char **argv)
{
    uint32_t n = bench_arg(argc, argv, 1, 16000000);
    if (n > (1u << 28))
        return printf("cpu_int: n must be at most %u\n", 1u << 28), 1;
    unsigned char *composite = calloc(n + 1, 1);
    if (!composite)
        return printf("cpu_int: out of memory\n"), 1;

    uint32_t primes = 0, h = 0x9e3779b9U;
    for (uint32_t i = 2; i <= n; i++) {
        if (composite[i])
            continue;
        primes++;
        h = bench_mix(h ^ i);
        if (i <= n / i)
            for (uint32_t j = i * i; j <= n; j += i)
                composite[j] = 1;
    }
    /* a serial chain: each step needs the previous one (latency-bound ALU) */
    for (uint32_t i = 0; i < 4 * n; i++)
        h = bench_mix(h + i) ^ (h >> 7);

    printf("cpu_int n=%u primes=%u checksum=%08x\n", n, primes, h);
    free(composite);
    return 0;
}
