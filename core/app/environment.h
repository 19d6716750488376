/* The environment block a 32-bit process sees under WoW64, built from the
 * prefix layout, the host environment and --env. */
#ifndef WOWBOX_CORE_APP_ENVIRONMENT_H
#define WOWBOX_CORE_APP_ENVIRONMENT_H

#include <stddef.h>
#include <stdint.h>

struct prefix;

/* What the guest's environment starts from besides Windows' own variables:
 * the host's (NULL for none: --env-clear) and "NAME=value" additions
 * (--env), which win over both. */
struct env_request {
    char *const *host;
    const char *const *add;
    size_t nadd;
};

/* Double-NUL-terminated UTF-16 block, sorted case-insensitively as Windows
 * keeps it; *units counts every UTF-16 unit including the final NUL. */
uint16_t *environment_build(const struct prefix *p, const struct env_request *req, size_t *units);

#endif
