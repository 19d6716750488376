/* A throw-away prefix for the fuzz targets that need files: made once per
 * process under /tmp, left for the system to clean. */
#ifndef WOWBOX_TESTS_FUZZ_PREFIX_H
#define WOWBOX_TESTS_FUZZ_PREFIX_H

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

#include "redirect/prefix.h"

#define FUZZ_TMPDIR_SIZE 64

/* Opens a new prefix at <tmpdir>/pfx; tmpdir (FUZZ_TMPDIR_SIZE bytes) gets
 * the directory, for the target's other files. Aborts when it cannot. */
static inline void fuzz_prefix_open(struct prefix *pfx, const char *name, char *tmpdir)
{
    char err[256], p[FUZZ_TMPDIR_SIZE + 8];
    if (snprintf(tmpdir, FUZZ_TMPDIR_SIZE, "/tmp/wowbox-fuzz-%s-XXXXXX", name) >= FUZZ_TMPDIR_SIZE)
        abort();
    if (!mkdtemp(tmpdir))
        abort();
    snprintf(p, sizeof p, "%s/pfx", tmpdir);
    if (!prefix_open(pfx, p, err, sizeof err))
        abort();
}

#endif
