/* Paths in the NT layer: Win32 (DOS) path forms become NT paths once, as
 * kernelbase does (RtlDosPathNameToNtPathName_U), and NT paths become host
 * paths once, here, which is where redirect/ (drives, System32 → SysWOW64,
 * confinement) is applied. All strings are UTF-8. */
#ifndef WOWBOX_SYSCALLS_NTDLL_PATH_H
#define WOWBOX_SYSCALLS_NTDLL_PATH_H

#include <stdbool.h>
#include <stddef.h>

#include "core/ntstatus.h"
#include "core/vm.h"

/*
 * The full Win32 path, as RtlGetFullPathName_U gives it: relative, rooted
 * ("\x") and drive-relative ("C:x") forms are joined with cwd (the process's
 * current directory, "C:\dir"; NULL means "C:\"), "/" becomes "\", "." and
 * ".." are resolved, trailing dots and spaces leave the last component, and
 * DOS device names (NUL, CON, COM1, ...) become "\\.\NUL" etc. Names are not
 * validated (wildcards pass through). "\\server\share\..." stays UNC with
 * the share as its root. Returns malloc'd text or NULL with *status.
 */
char *nt_full_dos_path(const char *cwd, const char *dos, NTSTATUS *status);

/*
 * RtlDosPathNameToNtPathName_U: "C:\x" → "\??\C:\x", "\\?\anything" →
 * "\??\anything" (verbatim, not normalised), "\\.\X" → "\??\X" (normalised),
 * "\\server\share\x" → "\??\UNC\server\share\x", device names →
 * "\??\NUL"; everything else through nt_full_dos_path first. No WoW64
 * redirection here: that belongs to the NT path (nt_path_to_host).
 * *file_part (optional) is the offset of the last component in the result,
 * or -1 when the path ends with a separator. Malloc'd, or NULL with *status.
 */
char *nt_dos_path_to_nt(const char *cwd, const char *dos, long *file_part, NTSTATUS *status);

/* What an NT path names on the host. */
struct nt_host_path {
    char host[4096];  /* host file-system path ("/dev/null" for NUL) */
    char device[64];  /* non-empty: a console device ("CON", "CONIN$", "CONOUT$") or
                         another DOS device that has nothing behind it ("COM1") */
    bool readonly;    /* on a drive mapped read-only (--drive X:=DIR:ro) */
};

/* No System32 → SysWOW64 whatever the thread's state; without it the
 * calling thread's redirection state decides (syscalls/ntdll/wow64_fs.h). */
#define NT_PATH_NO_REDIRECT 1u

/*
 * "\??\C:\x", "\DosDevices\C:\x", "\GLOBAL??\C:\x", "\??\NUL", "\Device\Null"
 * → the host; UNC and other devices give STATUS_OBJECT_PATH_NOT_FOUND, a
 * path not starting with "\" STATUS_OBJECT_PATH_SYNTAX_BAD. The NT name is
 * taken verbatim (".." or a wildcard in it is STATUS_OBJECT_NAME_INVALID).
 * A missing last component is not an error (creates need it); a missing
 * directory on the way is STATUS_OBJECT_PATH_NOT_FOUND.
 */
NTSTATUS nt_path_to_host(const char *nt, unsigned flags, struct nt_host_path *out);

/* A Win32 path straight to its host path (DOS → NT → host), for the
 * loader's DLL search; devices are STATUS_OBJECT_NAME_NOT_FOUND. */
NTSTATUS nt_dos_path_to_host(const char *dos, char *host, size_t hostsz);

/* A host path as the Win32 path the guest knows it by ("C:\x", "Z:\tmp"). */
NTSTATUS nt_host_to_dos_path(const char *host, char *out, size_t outsz);

/* Joins an NT directory path and a relative name (OBJECT_ATTRIBUTES with a
 * RootDirectory). Malloc'd, NULL when out of memory. */
char *nt_path_join(const char *dir, const char *name);

/* A guest UNICODE_STRING32 as UTF-8 (malloc'd), or NULL with *status
 * (STATUS_ACCESS_VIOLATION for unreadable memory, STATUS_INVALID_PARAMETER
 * for an odd length). */
char *nt_read_unicode_string(gaddr us, NTSTATUS *status);

/* After a handle h was made for an OBJECT_ATTRIBUTES (0: none): OBJ_INHERIT
 * in its Attributes marks the handle inheritable (CreateProcess passes it). */
void nt_handle_inherit_from_oa(uint32_t h, gaddr oa);

#endif
