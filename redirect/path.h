/* Translation between the Windows paths a 32-bit program uses and host paths
 * inside a wowbox prefix, including the WoW64 file-system redirector.
 * Paths in the comments below are written as C string literals. */
#ifndef WOWBOX_REDIRECT_PATH_H
#define WOWBOX_REDIRECT_PATH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "redirect/prefix.h"

/* flags */
#define PATH_NO_WOW64_REDIRECT 1u  /* Wow64DisableWow64FsRedirection in effect */
#define PATH_FOR_CREATE        2u  /* last component may not exist yet */

/*
 * Not an error: the path names a Win32 device rather than a file.  The
 * output buffer holds the device name as written after "\\.\", upper-cased
 * for DOS devices: "CON", "CONIN$", "CONOUT$", "PRN", "AUX", "COM1".."COM9",
 * "LPT1".."LPT9", or e.g. "pipe\\foo" for other device-namespace paths.
 * Callers open consoles/pipes themselves or fail.  NUL never yields this: it
 * is mapped to /dev/null.  Being 0x4..., NT_SUCCESS() would call it success,
 * so compare against 0, not with NT_SUCCESS.
 */
#define PATH_STATUS_DEVICE 0x40000000u

/* NTSTATUS values returned here; guarded so a later ntstatus header using
 * the same names and values does not clash. */
#ifndef STATUS_BUFFER_TOO_SMALL
#define STATUS_BUFFER_TOO_SMALL       0xC0000023u
#endif
#ifndef STATUS_ACCESS_DENIED
#define STATUS_ACCESS_DENIED          0xC0000022u
#endif
#ifndef STATUS_OBJECT_NAME_INVALID
#define STATUS_OBJECT_NAME_INVALID    0xC0000033u
#endif
#ifndef STATUS_OBJECT_NAME_NOT_FOUND
#define STATUS_OBJECT_NAME_NOT_FOUND  0xC0000034u
#endif
#ifndef STATUS_OBJECT_PATH_NOT_FOUND
#define STATUS_OBJECT_PATH_NOT_FOUND  0xC000003Au
#endif
#ifndef STATUS_OBJECT_PATH_SYNTAX_BAD
#define STATUS_OBJECT_PATH_SYNTAX_BAD 0xC000003Bu
#endif
#ifndef STATUS_NO_MEMORY
#define STATUS_NO_MEMORY              0xC0000017u
#endif

/*
 * Translate a Windows path to a host path.  cwd_win is the process's current
 * directory as a full Windows path ("C:\\users\\x"); NULL means "C:\\".
 * Returns 0 or an NTSTATUS (or PATH_STATUS_DEVICE, see above).  On error out
 * is set to "".
 *
 * - The path is first normalised with path_win_normalize (flags apply).
 * - C: is <prefix>/drive_c; a drive mapped with prefix_map_drive is its
 *   directory; Z: is host "/" when p->map_z_to_root; any other drive, and
 *   UNC paths, give STATUS_OBJECT_PATH_NOT_FOUND.
 * - Each component is matched against the host directory case-insensitively
 *   (ASCII letters only; other UTF-8 bytes must match exactly).  An exact
 *   match wins, otherwise the existing entry's spelling is used (the
 *   strcmp-smallest one if the host has several that differ only in case).
 * - A missing last component keeps the given spelling and still returns 0,
 *   with or without PATH_FOR_CREATE: whether the file must exist is the
 *   caller's call (it gets ENOENT from the host).  PATH_FOR_CREATE is
 *   accepted so call sites state their intent; it changes nothing today.
 *   A missing or non-directory intermediate component gives
 *   STATUS_OBJECT_PATH_NOT_FOUND.
 * - A trailing backslash is kept as a trailing "/", so the host rejects
 *   "file.txt\\" with ENOTDIR just as Windows refuses it.
 * - Confinement: ".." is resolved on the Windows path and cannot climb above
 *   the drive root.  When Z: does not map the host root, a symlink met inside
 *   any drive is followed only if its fully resolved target stays inside
 *   that drive's root, and a dangling one is refused (a create through it
 *   would land outside); both give STATUS_ACCESS_DENIED.  With Z: mapped to
 *   "/" the whole host is reachable anyway, so symlinks are not checked.
 *   This is a check on the path, not a sandbox: the host can change between
 *   the check and the open (--sandbox's Landlock rules close that gap).
 */
uint32_t path_win_to_host(const struct prefix *p, const char *cwd_win, const char *winpath,
                          unsigned flags, char *out, size_t outsz);

/* path_win_to_host that also tells (when readonly is not NULL) whether the
 * path lies on a drive mapped read-only. */
uint32_t path_win_to_host_ro(const struct prefix *p, const char *cwd_win, const char *winpath,
                             unsigned flags, char *out, size_t outsz, bool *readonly);

/*
 * Normalise a Windows path to its full form ("C:\\Windows\\SysWOW64\\x.dll")
 * as GetFullPathName would, without touching the host file system:
 * - relative paths join cwd_win (NULL means "C:\\"); "\\x" is relative to the
 *   cwd's drive; "D:x" is relative to the cwd if it is on D:, else to "D:\\"
 *   (no per-drive cwds are tracked).  A cwd that is not "X:\\..." gives
 *   STATUS_OBJECT_PATH_SYNTAX_BAD when it is needed.
 * - "/" is a separator, repeated separators collapse, "." and ".." are
 *   resolved and ".." stops at the drive root.  A trailing separator is kept.
 * - Trailing dots and spaces are stripped from the last component; a single
 *   trailing dot is stripped from other components ("a.\\b" -> "a\\b").
 * - The drive letter is upper-cased; other spelling is kept as given.
 * - "\\\\?\\X:\\" and "\\??\\X:\\" are verbatim, as on NT: no "/" handling,
 *   no trimming, and "." / ".." / empty components are
 *   STATUS_OBJECT_NAME_INVALID.  The prefix is stripped from the output.
 *   "\\\\.\\X:\\" is normalised like "X:\\".  Other "\\\\.\\name" or
 *   "\\\\?\\name" paths come out as "\\\\.\\name" (device namespace).
 * - DOS device names (NUL, CON, PRN, AUX, COM1-9, LPT1-9) as the last
 *   component, in any directory and with any extension, give "\\\\.\\NUL"
 *   etc., as Win32 did before Windows 11; CONIN$ / CONOUT$ only when they
 *   are the whole path.  Verbatim paths are never devices.
 * - Names containing < > : " | ? * or control characters give
 *   STATUS_OBJECT_NAME_INVALID (so do alternate data streams "f:s";
 *   wildcard patterns must be split off by FindFirstFile callers first).
 * - UNC "\\\\server\\share" gives STATUS_OBJECT_PATH_NOT_FOUND: there is no
 *   network redirector.  An empty path gives STATUS_OBJECT_PATH_NOT_FOUND
 *   (CreateFile("") fails with ERROR_PATH_NOT_FOUND).
 * - No MAX_PATH limit is applied (as with long-path-aware Windows 10); only
 *   outsz bounds the result (STATUS_BUFFER_TOO_SMALL).
 * - Unless PATH_NO_WOW64_REDIRECT, the WoW64 redirector is applied to
 *   C:\\Windows: System32 -> SysWOW64 except System32\\catroot, catroot2,
 *   driverstore, drivers\\etc, logfiles and spool (Windows 7+ list);
 *   Sysnative -> System32; lastgood\\system32 -> lastgood\\SysWOW64;
 *   regedit.exe -> SysWOW64\\regedit.exe.  With redirection off, Sysnative
 *   is an ordinary (normally missing) name, as on Windows.
 */
uint32_t path_win_normalize(const char *cwd_win, const char *winpath, unsigned flags,
                            char *out, size_t outsz);

/*
 * Host path -> Windows path (GetModuleFileName of a program given as a host
 * path, GetCurrentDirectory).  Relative paths are taken against the host cwd;
 * "." and ".." are resolved lexically.  Inside drive_c or a mapped drive
 * (also when reached through a host symlink; the longest root wins) gives
 * "C:\\...", "D:\\..." etc., otherwise "Z:\\..." if
 * p->map_z_to_root, else STATUS_OBJECT_PATH_NOT_FOUND.  No reverse WoW64
 * mapping is done.  A host name that cannot be a Windows name (contains a
 * backslash, ':' or another invalid character) gives
 * STATUS_OBJECT_NAME_INVALID.
 */
uint32_t path_host_to_win(const struct prefix *p, const char *hostpath, char *out, size_t outsz);

#endif
