/* Static TLS (the TLS directory): a slot per module, a per-thread copy of
 * each module's template in ThreadLocalStoragePointer, and TLS callbacks. */
#ifndef WOWBOX_LOADER_TLS_H
#define WOWBOX_LOADER_TLS_H

#include <stdbool.h>
#include <stdint.h>

#include "core/ntstatus.h"
#include "loader/module.h"

#define DLL_PROCESS_DETACH 0u
#define DLL_PROCESS_ATTACH 1u
#define DLL_THREAD_ATTACH  2u
#define DLL_THREAD_DETACH  3u

/* Gives the thread its ThreadLocalStoragePointer array. */
NTSTATUS tls_thread_init(gaddr teb);
/* Assigns the module's slot and gives every thread its data block. */
NTSTATUS tls_module_attach(struct module *m);
/* A new thread: its array and a block for every module with a slot. */
NTSTATUS tls_thread_setup(gaddr teb);
/* A thread's end: its blocks and array go back to the heap. */
void tls_thread_free(gaddr teb);
/* Runs the module's TLS callbacks; false when the process is going away. */
bool tls_run_callbacks(const struct module *m, uint32_t reason);

#endif
