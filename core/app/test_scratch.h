/* Directory trees for the test runner: the template prefix made once per run,
 * the per-sample copies of it (and of directory samples), and their removal. */
#ifndef WOWBOX_CORE_APP_TEST_SCRATCH_H
#define WOWBOX_CORE_APP_TEST_SCRATCH_H

#include <stdbool.h>
#include <stddef.h>

/* Copies the tree at src to dst (which must not exist): directories,
 * regular files (contents and mode) and symbolic links. On failure writes a
 * one-line reason into err and returns false; dst may be partly made. */
bool tree_copy(const char *src, const char *dst, char *err, size_t errsz);

/* A tree listed once (the template prefix), so each copy of it is only the
 * mkdir/copy/symlink calls themselves: no directory reads, no stats. */
struct tree_entry {
    char *rel;         /* path below the root, parents listed before children */
    unsigned mode;     /* permission bits */
    char type;         /* 'd' directory, 'f' regular file, 'l' symbolic link */
};

struct tree_manifest {
    char *root;
    unsigned root_mode;
    struct tree_entry *entries;
    size_t count;
};

bool manifest_load(struct tree_manifest *m, const char *root, char *err, size_t errsz);
/* Makes dst (which must not exist) a copy of the listed tree. */
bool manifest_copy(const struct tree_manifest *m, const char *dst, char *err, size_t errsz);
void manifest_free(struct tree_manifest *m);

/* Removes the tree at path (not following symbolic links); false when
 * something was left behind. A missing path is not an error. */
bool tree_remove(const char *path);

/* Makes the template prefix at dir: the skeleton wowbox would create on
 * first use, copied from `from` when that is not NULL (--prefix). */
bool template_prefix_make(const char *dir, const char *from, char *err, size_t errsz);

#endif
