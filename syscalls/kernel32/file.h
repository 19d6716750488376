/* Shared pieces of kernel32's file layer for other handler files: path
 * arguments, CreateFile's core, FILETIME/attribute conversion (msvcrt's
 * low-level I/O and the file-system calls sit on the same handles, which
 * are the NT layer's: syscalls/ntdll/nt_file.h). */
#ifndef WOWBOX_SYSCALLS_KERNEL32_FILE_H
#define WOWBOX_SYSCALLS_KERNEL32_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#include "core/handles.h"
#include "core/vm.h"

/* CreateFile vocabulary (winnt.h / winbase.h values). */
#define GENERIC_READ             0x80000000u
#define GENERIC_WRITE            0x40000000u
#define GENERIC_EXECUTE          0x20000000u
#define GENERIC_ALL              0x10000000u
#define MAXIMUM_ALLOWED          0x02000000u
#define FILE_READ_DATA           0x0001u
#define FILE_WRITE_DATA          0x0002u
#define FILE_APPEND_DATA         0x0004u
#define FILE_SHARE_READ          0x1u
#define FILE_SHARE_WRITE         0x2u
#define FILE_SHARE_DELETE        0x4u
#define CREATE_NEW               1u
#define CREATE_ALWAYS            2u
#define OPEN_EXISTING            3u
#define OPEN_ALWAYS              4u
#define TRUNCATE_EXISTING        5u
#define FILE_FLAG_DELETE_ON_CLOSE   0x04000000u
#define FILE_FLAG_BACKUP_SEMANTICS  0x02000000u

#define FILE_ATTRIBUTE_READONLY  0x01u
#define FILE_ATTRIBUTE_HIDDEN    0x02u
#define FILE_ATTRIBUTE_SYSTEM    0x04u
#define FILE_ATTRIBUTE_DIRECTORY 0x10u
#define FILE_ATTRIBUTE_ARCHIVE   0x20u
#define FILE_ATTRIBUTE_NORMAL    0x80u
#define INVALID_FILE_ATTRIBUTES  0xFFFFFFFFu

bool kernel32_std_handles_init(void);
/* A file or console handle, or NULL. */
struct handle_obj *kernel32_io_handle(uint32_t h);
uint32_t errno_to_win32(int e);

/* A path argument as UTF-8 from an ANSI or UTF-16 guest string. NULL with
 * *err = ERROR_PATH_NOT_FOUND for a NULL pointer, ERROR_NOACCESS for an
 * unreadable one. */
char *k32_path_arg(gaddr p, bool wide, uint32_t *err);
/* A Win32 path as the NT path the NT services take (malloc'd), or NULL
 * with *err. */
char *k32_nt_path(const char *win, uint32_t *err);

/* CreateFile's core. Returns the new handle, or 0 with *err the failure;
 * on success *err is ERROR_ALREADY_EXISTS or 0, the value CreateFile
 * leaves in the last error. `share` is passed on as asked (the NT layer
 * records it; sharing is not enforced yet). */
uint32_t k32_create_file(const char *win, uint32_t access, uint32_t share, uint32_t disposition,
                         uint32_t flags, uint32_t *err);

/* SetFilePointerEx's core (method FILE_BEGIN 0, FILE_CURRENT 1, FILE_END 2):
 * 0 with the new position in *pos, or a Win32 error. */
uint32_t k32_set_file_pointer(uint32_t h, int64_t dist, uint32_t method, int64_t *pos);

/* Writes s (UTF-8) as ANSI or UTF-16 into a guest buffer of cch chars with
 * the Win32 convention: the length without the NUL when it fits, else the
 * size needed including it (nothing written). 0 with ERROR_NOACCESS when the
 * buffer is bad. */
uint32_t k32_put_string(const char *s, gaddr buf, uint32_t cch, bool wide);

/* Host stat data in Windows terms. */
uint64_t k32_filetime(const struct timespec *ts);
uint32_t k32_attributes(const struct stat *st);
/* True when Windows would call the file read-only (no write bit at all;
 * checked by hand because root ignores the permission bits). */
bool k32_readonly(const struct stat *st);

#endif
