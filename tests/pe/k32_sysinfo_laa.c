// build-flags: -Wl,--large-address-aware
/* k32_sysinfo_laa.c - k32_sysinfo.c linked large-address-aware: the 4 GB
 * WoW64 address space shows in the maximum address and total virtual. */
#define LARGE_AWARE 1
#include "k32_sysinfo.c"
