/* The environment block a 32-bit process sees under WoW64, built from the
 * prefix layout (not copied from the host). */
#ifndef WOWBOX_CORE_APP_ENVIRONMENT_H
#define WOWBOX_CORE_APP_ENVIRONMENT_H

#include <stddef.h>
#include <stdint.h>

struct prefix;

/* Double-NUL-terminated UTF-16 block, sorted case-insensitively as Windows
 * keeps it; *units counts every UTF-16 unit including the final NUL. */
uint16_t *environment_build(const struct prefix *p, size_t *units);

#endif
