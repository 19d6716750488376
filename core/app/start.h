/* Starting the one guest process: the top layer, which wires the loader,
 * the syscalls layer and the CPU backend into core (core/app is allowed to
 * include every folder; nothing includes it). */
#ifndef WOWBOX_CORE_APP_START_H
#define WOWBOX_CORE_APP_START_H

#include <stdbool.h>
#include <stdint.h>

#include "core/process.h"

/* Runs the program; returns the guest's 32-bit exit code, or sets *failed
 * when the program could not be started (a message was printed). */
uint32_t process_run(const struct options *opt, bool *failed);

#endif
