/* api_null: n calls of a leaf OS function. Windows: GetCurrentProcessId,
 * which kernel32 answers from the TEB in user mode (wowbox: guest code in
 * its kernel32 image, no transition). Linux: getpid, a real system call,
 * as the reference cost of a kernel entry.
 * usage: api_null [n]   (calls, default 4000000) */
#include <stdio.h>
#include <stdlib.h>
#ifdef _WIN32
#include <windows.h>
#else
#include <unistd.h>
#endif

#include "bench.h"

static unsigned long leaf_call(void)
{
#ifdef _WIN32
    return GetCurrentProcessId();
#else
    return (unsigned long)getpid();
#endif
}

int main(int argc, char **argv)
{
    uint32_t n = bench_arg(argc, argv, 1, 4000000);
    unsigned long first = leaf_call();
    uint32_t same = 0;
    for (uint32_t i = 0; i < n; i++)
        same += leaf_call() == first;

    printf("api_null calls=%u checksum=%08x\n", n, bench_mix(same ^ 0x5bd1e995U));
    return same != n;
}
