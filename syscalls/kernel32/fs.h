/* kernel32's file-system operations as host-side calls returning Win32
 * errors, shared by the kernel32 handlers and msvcrt's low-level I/O
 * (remove, rename, _mkdir, _findfirst, ... behave as their kernel32
 * counterparts do on Windows). All paths are UTF-8 Windows paths; the
 * work is done by the NT file services (syscalls/ntdll/nt_file.h). */
#ifndef WOWBOX_SYSCALLS_KERNEL32_FS_H
#define WOWBOX_SYSCALLS_KERNEL32_FS_H

#include <stdbool.h>
#include <stdint.h>

#include "syscalls/ntdll/struct32.h"

#define MOVEFILE_REPLACE_EXISTING   0x1u
#define MOVEFILE_COPY_ALLOWED       0x2u
#define MOVEFILE_DELAY_UNTIL_REBOOT 0x4u
#define MOVEFILE_WRITE_THROUGH      0x8u

/* Each returns 0 or the Win32 error the kernel32 call would set. */
uint32_t fs_delete_file(const char *win);
uint32_t fs_move_file(const char *from, const char *to, uint32_t flags);
uint32_t fs_create_directory(const char *win);
uint32_t fs_remove_directory(const char *win);
uint32_t fs_set_current_directory(const char *win);
/* Attributes, times and size of an existing file or directory. */
uint32_t fs_get_attributes(const char *win, FILE_NETWORK_OPEN_INFORMATION32 *info);
uint32_t fs_set_attributes(const char *win, uint32_t attrs);
/* GetTempPath's directory: TMP, TEMP, USERPROFILE, then the prefix user's
 * Temp, as a full path ending with a backslash (malloc'd; NULL if out of
 * memory). */
char *fs_temp_dir(void);
/* GetFullPathName's result (malloc'd), or NULL with *err. */
char *fs_full_path(const char *win, uint32_t *err);
/* An NT handle on an existing directory (volume queries, searches). */
uint32_t fs_open_directory(const char *win, uint32_t *handle);

/* Directory search (FindFirstFile): the matching entries of one directory,
 * "." and ".." first, then in NTFS order. */
struct fs_entry {
    const char *name; /* UTF-8 */
    FILE_NETWORK_OPEN_INFORMATION32 info;
};
struct fs_find;
uint32_t fs_find_first(const char *pattern, struct fs_find **out);
/* The next entry (valid until the next call), NULL when there are no more. */
const struct fs_entry *fs_find_next(struct fs_find *f);
/* A kernel32 search handle owning f (FindNextFile/FindClose work on it),
 * 0 when the table is full (f is then freed). */
uint32_t fs_find_handle(struct fs_find *f);
struct fs_find *fs_find_from_handle(uint32_t h);

#endif
