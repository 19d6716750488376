/* `wowbox inspect FILE`: what the loader sees in an image, for people. */
#ifndef WOWBOX_LOADER_INSPECT_H
#define WOWBOX_LOADER_INSPECT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Where the builtin DLLs sit (the syscalls layer's list, which the loader
 * does not include): the program's image must not overlap them. */
struct inspect_builtin {
    const char *name;
    uint32_t base;
};

/* Returns the process exit status (0, or 2 for a file that is not a valid PE32). */
int inspect_file(const char *path, FILE *out, const struct inspect_builtin *builtins, size_t nbuiltins);

#endif
