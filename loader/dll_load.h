/* Loading DLL images from files: Windows' search order, recursive import
 * loading, DllMain and TLS callbacks in initialization order, reference
 * counts, and detach at process exit. */
#ifndef WOWBOX_LOADER_DLL_LOAD_H
#define WOWBOX_LOADER_DLL_LOAD_H

#include <stdbool.h>
#include <stddef.h>

#include "core/ntstatus.h"
#include "loader/module.h"

/* The host path of a Win32 path, as the NT layer resolves it (with
 * redirection): set by the start-up, as the loader sits below syscalls/. */
extern NTSTATUS (*dll_host_path)(const char *winpath, char *host, size_t hostsz);

/* Makes pe_load load missing imports through dll_load. */
void dll_loader_init(void);
/* Finds or loads NAME (a bare name, or a Windows path). dynamic: a
 * LoadLibrary (counts a reference). err gets one line on failure. */
NTSTATUS dll_load(const char *name, const char *importer, bool dynamic, struct module **out,
                  char *err, size_t errsz);
/* Runs TLS callbacks and DllMain(PROCESS_ATTACH) for every module loaded
 * since the last call, dependencies first. */
NTSTATUS dll_attach_pending(char *err, size_t errsz);
/* FreeLibrary: drops a reference; at zero, detaches and unmaps. */
NTSTATUS dll_unload(struct module *m);
/* ExitProcess: DllMain(PROCESS_DETACH) in reverse initialization order,
 * then the program's own TLS callbacks. */
void dll_detach_all(void);
/* A new thread (the current one): its static TLS blocks, then TLS
 * callbacks and DllMain(THREAD_ATTACH) of every DLL in initialization order
 * (DisableThreadLibraryCalls skips one), then the program's TLS callbacks.
 * false when the thread is being ended meanwhile. */
bool dll_thread_attach(void);
/* ExitThread: the same with THREAD_DETACH, DLLs in reverse order. */
void dll_thread_detach(void);

#endif
