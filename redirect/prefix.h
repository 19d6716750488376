/* The wowbox prefix: a host directory whose drive_c/ is the program's C:
 * drive, created on first use with a minimal Windows directory skeleton. */
#ifndef WOWBOX_REDIRECT_PREFIX_H
#define WOWBOX_REDIRECT_PREFIX_H

#include <stdbool.h>
#include <stddef.h>

/* A drive mapped with --drive X:=DIR[:ro]. */
struct prefix_drive {
    char *root;          /* absolute host directory (symlinks resolved); NULL: unmapped */
    bool  readonly;      /* writes fail with STATUS_MEDIA_WRITE_PROTECTED */
};

struct prefix {
    char *root;          /* absolute host path of the prefix dir (symlinks resolved) */
    char *drive_c;       /* root + "/drive_c" */
    char *user;          /* Windows user name */
    bool  map_z_to_root; /* Z: -> host "/"; false confines the program to its drives */
    struct prefix_drive drives[26]; /* by letter (0 = A:); C: and the host's Z: are not here */
};

/*
 * Resolve the prefix dir: explicit_dir (from --prefix) if non-NULL, else
 * $WOWBOX_PREFIX, else $XDG_DATA_HOME/wowbox/default (only if absolute, as the
 * XDG spec requires), else $HOME/.local/share/wowbox/default (the passwd home
 * if HOME is unset).  A relative dir is taken relative to the host cwd.
 *
 * Creates the dir and the skeleton under drive_c/ if missing; idempotent.
 * Existing skeleton directories are matched case-insensitively, so pointing
 * at a Wine prefix reuses its "windows/system32" instead of adding a second
 * "Windows".  The user name is prefix_user_name_source's (the host login
 * name when unset), or "user" if that is not usable as a Windows file
 * name.  map_z_to_root starts out true.
 *
 * On failure returns false, leaves *p empty (safe to prefix_close) and writes
 * a one-line reason without a "wowbox:" prefix into err, e.g.
 * "cannot create prefix /x/y: Permission denied".  An existing but
 * unwritable prefix is refused too: programs expect a writable Temp.
 */
bool prefix_open(struct prefix *p, const char *explicit_dir, char *err, size_t errsz);

/*
 * Maps drive letter (A-Z, either case; not C:, which is the prefix's) to the
 * host directory dir, which must exist; a later mapping of the same letter
 * replaces the earlier one.  Mapping Z: replaces the host-root Z:.  On
 * failure returns false with a one-line reason in err.
 */
bool prefix_map_drive(struct prefix *p, char letter, const char *dir, bool readonly, char *err, size_t errsz);

/* prefix_map_drive from a --drive value: "X:=DIR" or "X:=DIR:ro". */
bool prefix_map_drive_spec(struct prefix *p, const char *spec, char *err, size_t errsz);

/* The host root of drive d (0 = A:): drive_c for C:, the --drive directory,
 * "/" for Z: while map_z_to_root; NULL when d is not mapped.  *readonly (if
 * not NULL) tells whether the drive refuses writes. */
const char *prefix_drive_root(const struct prefix *p, int d, bool *readonly);

/* Where the user name comes from (start-up sets it to core/identity.h's,
 * which a deterministic run fixes); NULL: the host login name. */
extern const char *(*prefix_user_name_source)(void);

/* Frees the strings; p may come from a failed prefix_open. */
void prefix_close(struct prefix *p);

#endif
