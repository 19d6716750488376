/* Host-side access to the process environment block (the one
 * GetEnvironmentVariable and SetEnvironmentVariable work on), so msvcrt's
 * getenv/_putenv can keep the OS copy in step. */
#ifndef WOWBOX_SYSCALLS_KERNEL32_ENV_H
#define WOWBOX_SYSCALLS_KERNEL32_ENV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Value of a variable (name matched case-insensitively) as malloc'd UTF-8,
 * NULL when it is not set. */
char *env_get(const char *name);

/* Sets (value != NULL, "" gives an empty variable) or removes (value ==
 * NULL) a variable, keeping the block sorted as Windows does. False for an
 * invalid name (empty, or '=' past the first character) or no memory. */
bool env_set(const char *name, const char *value);

/* A host copy of the whole block (what a child process inherits), final
 * empty string included; *units counts every unit. NULL when unreadable. */
uint16_t *env_block_copy(size_t *units);

/* src (n UTF-16 units) with each %NAME% of a set variable replaced, as
 * ExpandEnvironmentStrings does: malloc'd, *olen units without a NUL;
 * NULL only when out of memory. */
uint16_t *env_expand(const uint16_t *src, size_t n, size_t *olen);

#endif
