/* The CPU backends this build has. Their interface is core's
 * (core/cpu_backend.h); only the start-up (core/app) picks one by name. */
#ifndef WOWBOX_CPU_CPU_H
#define WOWBOX_CPU_CPU_H

#include "core/cpu_backend.h"

extern const struct cpu_backend cpu_unicorn;
extern const struct cpu_backend cpu_native;

#endif
