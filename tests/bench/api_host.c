/* api_host: n calls of an API that needs the host. Windows:
 * FlushInstructionCache(GetCurrentProcess(), NULL, 0) - under wowbox one
 * thunk round trip (guest -> host handler -> guest) each. Linux: getppid,
 * a real system call, as the reference cost of a kernel entry.
 * usage: api_host [n]   (calls, default 2000000) */
#include <stdio.h>
#include <stdlib.h>
#ifdef _WIN32
#include <windows.h>
#else
#include <unistd.h>
#endif

#include "bench.h"

int main(int argc, char **argv)
{
    uint32_t n = bench_arg(argc, argv, 1, 2000000);
    uint32_t ok = 0;
#ifdef _WIN32
    HANDLE self = GetCurrentProcess();
    for (uint32_t i = 0; i < n; i++)
        ok += FlushInstructionCache(self, NULL, 0) != 0;
#else
    pid_t parent = getppid();
    for (uint32_t i = 0; i < n; i++)
        ok += getppid() == parent;
#endif
    printf("api_host calls=%u checksum=%08x\n", n, bench_mix(ok ^ 0x5bd1e995U));
    return ok != n;
}
