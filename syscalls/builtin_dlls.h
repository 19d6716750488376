/* The builtin DLLs of this build (syscalls/builtin_dlls.c), in load order:
 * what the start-up hands the dispatcher and builds images from. Above
 * every DLL folder: only the start-up (core/app) and tests include it. */
#ifndef WOWBOX_SYSCALLS_BUILTIN_DLLS_H
#define WOWBOX_SYSCALLS_BUILTIN_DLLS_H

#include <stddef.h>

#include "syscalls/api.h"

extern const struct builtin_dll *const builtin_dlls[];
extern const size_t builtin_dll_count;

#endif
