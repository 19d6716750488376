/* `wowbox inspect FILE`: what the loader sees in an image, for people. */
#ifndef WOWBOX_LOADER_INSPECT_H
#define WOWBOX_LOADER_INSPECT_H

#include <stdio.h>

/* Returns the process exit status (0, or 2 for a file that is not a valid PE32). */
int inspect_file(const char *path, FILE *out);

#endif
