/* The native backend (32-bit compatibility mode on the real CPU) is not built
 * yet: it reports itself unavailable so callers fall back to Unicorn. */
#include <stdio.h>

#include "cpu/cpu.h"

static bool native_available(char *why, size_t whysz)
{
    snprintf(why, whysz, "the native backend is not implemented yet (issue 3); use --cpu=unicorn");
    return false;
}

const struct cpu_backend cpu_native = {
    .name = "native",
    .available = native_available,
};
