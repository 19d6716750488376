/* The NT file services, host side: NTSTATUS-returning functions on file
 * handles and NT paths, used by ntdll's Nt* exports and by kernel32 and
 * msvcrt alike, so each file operation has one implementation. Structures
 * are the 32-bit layouts of syscalls/ntdll/struct32.h in host memory.
 * Every service is one C function: the one place a trace event for the
 * NT layer can be emitted. */
#ifndef WOWBOX_SYSCALLS_NTDLL_NT_FILE_H
#define WOWBOX_SYSCALLS_NTDLL_NT_FILE_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/stat.h>

#include "core/handles.h"
#include "core/ntstatus.h"
#include "core/vm.h"
#include "syscalls/ntdll/struct32.h"

/* Access rights (winnt.h). */
#define FILE_READ_DATA         0x0001u
#define FILE_LIST_DIRECTORY    0x0001u
#define FILE_WRITE_DATA        0x0002u
#define FILE_APPEND_DATA       0x0004u
#define FILE_READ_ATTRIBUTES   0x0080u
#define FILE_WRITE_ATTRIBUTES  0x0100u
#define FILE_WRITE_EA          0x0010u
#define WRITE_DAC              0x00040000u
#define WRITE_OWNER            0x00080000u
#define NT_DELETE              0x00010000u
#define NT_SYNCHRONIZE         0x00100000u
#define MAXIMUM_ALLOWED        0x02000000u
#define GENERIC_ALL            0x10000000u
#define GENERIC_EXECUTE        0x20000000u
#define GENERIC_WRITE          0x40000000u
#define GENERIC_READ           0x80000000u

/* CreateDisposition */
#define FILE_SUPERSEDE    0u
#define FILE_OPEN         1u
#define FILE_CREATE       2u
#define FILE_OPEN_IF      3u
#define FILE_OVERWRITE    4u
#define FILE_OVERWRITE_IF 5u
/* CreateOptions */
#define FILE_DIRECTORY_FILE          0x00000001u
#define FILE_SYNCHRONOUS_IO_NONALERT 0x00000020u
#define FILE_NON_DIRECTORY_FILE      0x00000040u
#define FILE_DELETE_ON_CLOSE         0x00001000u
#define FILE_OPEN_FOR_BACKUP_INTENT  0x00004000u
/* IO_STATUS_BLOCK.Information of a create */
#define FILE_SUPERSEDED  0u
#define FILE_OPENED      1u
#define FILE_CREATED     2u
#define FILE_OVERWRITTEN 3u

#define FILE_ATTRIBUTE_READONLY  0x01u
#define FILE_ATTRIBUTE_DIRECTORY 0x10u
#define FILE_ATTRIBUTE_ARCHIVE   0x20u
#define FILE_ATTRIBUTE_NORMAL    0x80u

/* ByteOffset values that mean "no offset" */
#define FILE_USE_FILE_POINTER_POSITION (-2LL) /* 0xFFFFFFFE:0xFFFFFFFF */
#define FILE_WRITE_TO_END_OF_FILE      (-1LL)

struct nt_create {
    const char *nt_path; /* "\??\C:\x" */
    uint32_t access, attributes, share, disposition, options;
};

/* NtCreateFile. *info is the IO_STATUS_BLOCK Information (FILE_OPENED ...). */
NTSTATUS nt_create_file(const struct nt_create *req, uint32_t *handle, uint32_t *info);
/* A handle on one of the host's fds 0-2 (a console when it is a tty). */
uint32_t nt_std_handle(int fd);

/* NtReadFile / NtWriteFile, synchronous, into or from host memory (guest
 * buffers come through gm_ptr). offset NULL or FILE_USE_FILE_POINTER_POSITION
 * means the file pointer. A read at the end is STATUS_END_OF_FILE with
 * *done 0; a pipe whose writer is gone STATUS_PIPE_BROKEN. */
NTSTATUS nt_read_file(uint32_t h, void *buf, uint32_t len, const int64_t *offset, uint32_t *done);
NTSTATUS nt_write_file(uint32_t h, const void *buf, uint32_t len, const int64_t *offset, uint32_t *done);
/* The same on guest memory: a descriptor that may block (pipes, consoles)
 * goes through core/host_io.h outside the process lock, with its bounce
 * buffer; STATUS_THREAD_IS_TERMINATING then means the caller must not
 * return to guest code. Reads into code are retranslated. */
NTSTATUS nt_read_file_guest(uint32_t h, gaddr buf, uint32_t len, const int64_t *offset, uint32_t *done);
NTSTATUS nt_write_file_guest(uint32_t h, gaddr buf, uint32_t len, const int64_t *offset, uint32_t *done);
NTSTATUS nt_flush_buffers_file(uint32_t h);

/* NtQueryInformationFile / NtSetInformationFile on a host buffer.
 * *written: bytes filled (IO_STATUS_BLOCK Information). */
NTSTATUS nt_query_information_file(uint32_t h, uint32_t cls, void *buf, uint32_t len, uint32_t *written);
NTSTATUS nt_set_information_file(uint32_t h, uint32_t cls, const void *buf, uint32_t len);
/* The open file's current Win32 path ("C:\dir\name", after renames too),
 * as the object name GetFinalPathNameByHandle starts from. */
NTSTATUS nt_query_dos_name(uint32_t h, char *out, size_t outsz);
NTSTATUS nt_query_volume_information_file(uint32_t h, uint32_t cls, void *buf, uint32_t len, uint32_t *written);

/* NtQueryAttributesFile / NtQueryFullAttributesFile: by name, no handle. */
NTSTATUS nt_query_full_attributes_file(const char *nt_path, FILE_NETWORK_OPEN_INFORMATION32 *out);
/* NtDeleteFile: the name goes at once (files and empty directories). */
NTSTATUS nt_delete_file(const char *nt_path);
NTSTATUS nt_close(uint32_t h);
/* NtDuplicateObject within the process. */
NTSTATUS nt_duplicate_object(uint32_t h, uint32_t *out);

/* One directory entry (NtQueryDirectoryFile). */
struct nt_dir_entry {
    const char *name; /* UTF-8 */
    FILE_NETWORK_OPEN_INFORMATION32 info;
    uint64_t file_id;
};
/* The next entry matching the handle's pattern (given on the first call or
 * with restart; NULL = "*"; '<' '>' '"' are DOS_STAR, DOS_QM, DOS_DOT as
 * kernelbase writes them). STATUS_NO_SUCH_FILE when nothing matched at all,
 * STATUS_NO_MORE_FILES at the end. The entry stays valid until the next call. */
NTSTATUS nt_query_directory_entry(uint32_t h, const char *pattern, bool restart, struct nt_dir_entry *out);
/* Whether a name matches a directory pattern as the listing matches it
 * (case-insensitive, with the DOS wildcards above); linear in both lengths. */
bool nt_name_in_expression(const char *pattern, const char *name);
/* Pushes an entry back (the caller's buffer was full). */
void nt_query_directory_unget(uint32_t h);

/* Byte-range locks (NtLockFile / NtUnlockFile): kept in-process with
 * Windows' overlap rules; a conflict is refused at once. */
NTSTATUS nt_lock_file(uint32_t h, uint64_t offset, uint64_t length, bool exclusive);
NTSTATUS nt_unlock_file(uint32_t h, uint64_t offset, uint64_t length);

/* Host stat data in Windows terms. */
int64_t nt_filetime(const struct timespec *ts);
void nt_stat_to_info(const struct stat *st, FILE_NETWORK_OPEN_INFORMATION32 *out);
uint32_t nt_stat_attributes(const struct stat *st);

/* For the services' own files (nt_lock.c, nt_dir.c). */
struct handle_obj *nt_file_object(uint32_t h, NTSTATUS *status);
NTSTATUS nt_lock_check(struct handle_obj *o, uint64_t start, uint64_t len, bool write);
void nt_locks_release(struct handle_obj *o);
void nt_dir_release(struct handle_obj *o);
/* The enumeration state slot and NT path of a file opened by nt_create_file
 * (NULL for other handles: consoles, standard handles). */
void **nt_file_dir_slot(struct handle_obj *o);
/* The change-watch slot of a directory opened by nt_create_file (nt_dir_notify.c). */
void **nt_file_notify_slot(struct handle_obj *o);
void nt_dir_notify_release(struct handle_obj *o);

/* The FILE_NOTIFY_CHANGE_* filter of NtNotifyChangeDirectoryFile and
 * FindFirstChangeNotification, and the inotify events it wants. */
#define FILE_NOTIFY_CHANGE_FILE_NAME   0x001u
#define FILE_NOTIFY_CHANGE_DIR_NAME    0x002u
#define FILE_NOTIFY_CHANGE_ATTRIBUTES  0x004u
#define FILE_NOTIFY_CHANGE_SIZE        0x008u
#define FILE_NOTIFY_CHANGE_LAST_WRITE  0x010u
#define FILE_NOTIFY_CHANGE_LAST_ACCESS 0x020u
#define FILE_NOTIFY_CHANGE_CREATION    0x040u
#define FILE_NOTIFY_CHANGE_SECURITY    0x100u
#define FILE_NOTIFY_VALID_MASK         0x17Fu
uint32_t nt_dir_notify_mask(uint32_t filter);

/* NtNotifyChangeDirectoryFile, synchronous: waits (outside the process
 * lock) for changes the filter names in the directory h (its subtree when
 * asked), then fills buf with FILE_NOTIFY_INFORMATION records; *written 0
 * with STATUS_NOTIFY_ENUM_DIR when they do not fit. The watch starts at the
 * first call and keeps collecting between calls, as Windows' does. */
NTSTATUS nt_notify_change_directory(uint32_t h, void *buf, uint32_t len, uint32_t filter, bool subtree,
                                    uint32_t *written);
const char *nt_file_nt_path(struct handle_obj *o);

#endif
