/* Builtin DLLs as real PE images in guest memory: headers, an export
 * directory naming every export of the real DLL, one stub per export. Built
 * from the DLL's tables (syscalls/api.h), registered as a loader module. */
#ifndef WOWBOX_SYSCALLS_BUILTIN_IMAGE_H
#define WOWBOX_SYSCALLS_BUILTIN_IMAGE_H

#include "core/ntstatus.h"
#include "core/cpu_backend.h"
#include "loader/module.h"

struct builtin_dll;

/* Builds and registers the image; stubs get thunk indices first_index.. in
 * export order. *trap (if non-NULL) receives the address of one spare
 * stub-sized slot after the last stub (used as the nested-call return trap). */
NTSTATUS builtin_image_load(const struct builtin_dll *dll, uint32_t first_index,
                            const struct cpu_backend *cpu, struct module **out, gaddr *trap);

/* The guest address of a global of m's guest code (a function, or state
 * the host writes, as msvcrt's multibyte code page); 0 when it has none. */
gaddr builtin_guest_symbol(const struct module *m, const char *name);

#endif
