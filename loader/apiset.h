/* API set names (api-ms-win-*): which loaded or builtin DLL hosts a
 * contract, as Windows 10's SysWOW64 schema says (loader/apiset.c). */
#ifndef WOWBOX_LOADER_APISET_H
#define WOWBOX_LOADER_APISET_H

#include <stdbool.h>
#include <stddef.h>

/* "api-..." or "ext-...": a name the loader never looks for on disk when
 * the schema knows it. */
bool apiset_is_name(const char *name);
/* The DLL that serves a bare API set name ("api-ms-win-crt-stdio-l1-1-0.dll",
 * with or without ".dll", any minor version, any case) in wowbox, or NULL
 * when the name is no contract of the schema (or carries a path).
 * *windows_host, if given, receives the DLL Windows names. */
const char *apiset_host(const char *name, const char **windows_host);
/* The contracts, for listings and tests. */
size_t apiset_count(void);
const char *apiset_contract(size_t i);

#endif
