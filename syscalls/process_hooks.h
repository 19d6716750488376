/* Per-process start and exit work of the syscalls layer (console handles,
 * msvcrt state, flushing buffered output), called by core/process. */
#ifndef WOWBOX_SYSCALLS_PROCESS_HOOKS_H
#define WOWBOX_SYSCALLS_PROCESS_HOOKS_H

#include <stdbool.h>
#include <stddef.h>

bool process_hooks_start(char *err, size_t errsz);
void process_hooks_exit(void);

#endif
