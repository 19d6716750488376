/* The dispatcher: builds the global thunk table from the builtin DLL tables
 * and serves every thunk the CPU backend reports. */
#ifndef WOWBOX_SYSCALLS_DISPATCH_H
#define WOWBOX_SYSCALLS_DISPATCH_H

#include <stdbool.h>
#include <stdint.h>

#include "syscalls/api.h"

/* Checks the tables of the given DLLs (syscalls/builtin_dlls.c's list,
 * handed over by the start-up: the dispatcher sits below the DLL folders)
 * and builds the thunk table; false with a message on an inconsistent table. */
/* Builds the thunk table once: a second call with the same list keeps it
 * (a forked test run inherits the runner's). */
bool dispatch_init(const struct builtin_dll *const *list, size_t count, char *err, size_t errsz);
/* First thunk index of a DLL's stubs, in export-table order. */
uint32_t dispatch_first_index(const struct builtin_dll *dll);
struct thunk_entry *dispatch_entry(uint32_t index);
/* The CPU backend's thunk hook. */
void dispatch_thunk(struct cpu_thread *t, uint32_t index);
/* Looks up an implementation by DLL and export name (tests, data exports). */
const struct api_impl *dispatch_find_impl(const struct builtin_dll *dll, const char *name);
/* The export of dll->forward_to that e forwards to, or NULL (e is the
 * DLL's own: implemented here, or a stub). */
const struct api_export *dispatch_forward_target(const struct builtin_dll *dll, const struct api_export *e);

#endif
