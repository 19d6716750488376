/* kernel32 file-system names on the NT file services: delete, move, copy,
 * attributes, directories, the current directory, full paths, temp paths
 * and drives, with the errors Windows reports. Searches live in
 * kernel32/find.c. */
#define _GNU_SOURCE
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/identity.h"
#include "core/heap.h"
#include "core/process.h"
#include "core/unicode.h"
#include "loader/peb.h"
#include "redirect/prefix.h"
#include "syscalls/api.h"
#include "syscalls/kernel32/api_args.h"
#include "syscalls/kernel32/file.h"
#include "syscalls/kernel32/fs.h"
#include "syscalls/kernel32/struct32_file.h"
#include "syscalls/ntdll/nt_file.h"
#include "syscalls/ntdll/path.h"
#include "syscalls/ntdll/status.h"
#include "syscalls/win32_errors.h"

#define MAX_PATH 260u

#define DRIVE_UNKNOWN     0u
#define DRIVE_NO_ROOT_DIR 1u
#define DRIVE_FIXED       3u

#define FILE_ATTRIBUTE_VALID_SET_FLAGS 0x31A7u

static uint64_t fail(uint32_t err)
{
    teb_set_last_error(err);
    return 0;
}

/* 0 → TRUE; an error → FALSE with the last error set. */
static uint64_t result(uint32_t err)
{
    if (err)
        return fail(err);
    return 1;
}

static uint32_t win32(NTSTATUS st)
{
    return st ? ntstatus_to_win32(st) : 0;
}

/* NtCreateFile on a Win32 path: 0 or a Win32 error. */
static uint32_t open_path(const char *win, uint32_t access, uint32_t disposition, uint32_t options,
                          uint32_t *h)
{
    uint32_t err = 0, info;
    char *nt = k32_nt_path(win, &err);
    if (!nt)
        return err;
    struct nt_create req = { nt, access | NT_SYNCHRONIZE, 0, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                             disposition, options | FILE_SYNCHRONOUS_IO_NONALERT };
    NTSTATUS st = nt_create_file(&req, h, &info);
    free(nt);
    return win32(st);
}

/* Win32 names never reach the host's device nodes (NUL is /dev/null)
 * through the name calls: they are refused as Windows refuses them. */
static bool is_device(uint32_t h)
{
    FILE_FS_DEVICE_INFORMATION32 dev;
    uint32_t got;
    return nt_query_volume_information_file(h, FileFsDeviceInformation, &dev, sizeof dev, &got) == 0 &&
           dev.DeviceType != FILE_DEVICE_DISK;
}

/* Marks an open file for deletion and closes it: DeleteFile and
 * RemoveDirectory as kernelbase does them. */
static uint32_t delete_open(uint32_t h)
{
    FILE_DISPOSITION_INFORMATION32 d = { 1 };
    NTSTATUS st = is_device(h) ? STATUS_ACCESS_DENIED
                               : nt_set_information_file(h, FileDispositionInformation, &d, sizeof d);
    nt_close(h);
    return win32(st);
}

/* ---- delete, move, copy ------------------------------------------------ */

uint32_t fs_delete_file(const char *win)
{
    uint32_t h;
    uint32_t err = open_path(win, NT_DELETE, FILE_OPEN, FILE_NON_DIRECTORY_FILE, &h);
    return err ? err : delete_open(h);
}

/* (volume, index): two names of one file compare equal. */
static bool file_id(uint32_t h, uint64_t id[2])
{
    union {
        FILE_FS_VOLUME_INFORMATION32 v;
        uint8_t space[64];
    } vol;
    FILE_INTERNAL_INFORMATION32 in;
    uint32_t got;
    if (nt_query_information_file(h, FileInternalInformation, &in, sizeof in, &got) ||
        !NT_SUCCESS(nt_query_volume_information_file(h, FileFsVolumeInformation, &vol, sizeof vol, &got)))
        return false;
    id[0] = vol.v.VolumeSerialNumber;
    id[1] = (uint64_t)in.IndexNumber;
    return true;
}

static uint32_t copy_data(uint32_t in, uint32_t out)
{
    static char buf[65536]; /* under the process lock */
    for (;;) {
        uint32_t n = 0, w = 0;
        NTSTATUS st = nt_read_file(in, buf, sizeof buf, NULL, &n);
        if (st == STATUS_END_OF_FILE || (!st && n == 0))
            return 0;
        if (st)
            return win32(st);
        if ((st = nt_write_file(out, buf, n, NULL, &w)) != 0)
            return win32(st);
    }
}

/* What stands at the destination may be replaced (same file: the source
 * is open for reading, a sharing violation). */
static uint32_t check_copy_target(const char *to, uint32_t src, bool fail_if_exists)
{
    FILE_NETWORK_OPEN_INFORMATION32 info;
    if (fs_get_attributes(to, &info) != 0)
        return 0;
    if (fail_if_exists)
        return ERROR_FILE_EXISTS;
    uint32_t h;
    uint64_t a[2], b[2];
    if (open_path(to, 0, FILE_OPEN, 0, &h) == 0) {
        bool same = file_id(src, a) && file_id(h, b) && a[0] == b[0] && a[1] == b[1];
        bool device = is_device(h);
        nt_close(h);
        if (same)
            return ERROR_SHARING_VIOLATION;
        if (device)
            return ERROR_ACCESS_DENIED;
    }
    if (info.FileAttributes & (FILE_ATTRIBUTE_DIRECTORY | FILE_ATTRIBUTE_READONLY))
        return ERROR_ACCESS_DENIED;
    return 0;
}

/* Contents, read-only state and last-write time, as CopyFile keeps them. */
static uint32_t copy_file(const char *from, const char *to, bool fail_if_exists)
{
    uint32_t src, dst, got;
    FILE_BASIC_INFORMATION32 basic;
    uint32_t err = open_path(from, GENERIC_READ, FILE_OPEN, FILE_NON_DIRECTORY_FILE, &src);
    if (err)
        return err;
    if (is_device(src) || nt_query_information_file(src, FileBasicInformation, &basic, sizeof basic, &got))
        err = ERROR_ACCESS_DENIED;
    if (!err)
        err = check_copy_target(to, src, fail_if_exists);
    if (!err)
        err = open_path(to, GENERIC_WRITE | FILE_WRITE_ATTRIBUTES, FILE_OVERWRITE_IF, FILE_NON_DIRECTORY_FILE, &dst);
    if (err) {
        nt_close(src);
        return err;
    }
    err = copy_data(src, dst);
    nt_close(src);
    if (!err) {
        FILE_BASIC_INFORMATION32 keep = { 0, basic.LastAccessTime, basic.LastWriteTime, 0,
                                          basic.FileAttributes | FILE_ATTRIBUTE_NORMAL };
        nt_set_information_file(dst, FileBasicInformation, &keep, sizeof keep);
        nt_close(dst);
        return 0;
    }
    delete_open(dst);
    return err;
}

/* FileRenameInformation with the destination's NT path. */
static uint32_t rename_open(uint32_t h, const char *to, bool replace)
{
    uint32_t err = 0;
    char *nt = k32_nt_path(to, &err);
    size_t n = 0;
    uint16_t *w = nt ? utf8_to_utf16(nt, &n) : NULL;
    free(nt);
    if (!w)
        return err ? err : ERROR_NOT_ENOUGH_MEMORY;
    uint32_t head = offsetof(FILE_RENAME_INFORMATION32, FileName), size = head + (uint32_t)n * 2;
    FILE_RENAME_INFORMATION32 *ri = calloc(1, size + 2);
    if (!ri) {
        free(w);
        return ERROR_NOT_ENOUGH_MEMORY;
    }
    ri->ReplaceIfExists = replace;
    ri->FileNameLength = (uint32_t)n * 2;
    memcpy((uint8_t *)ri + head, w, n * 2);
    free(w);
    NTSTATUS st = nt_set_information_file(h, FileRenameInformation, ri, size);
    free(ri);
    return win32(st);
}

uint32_t fs_move_file(const char *from, const char *to, uint32_t flags)
{
    uint32_t h;
    if (flags & MOVEFILE_DELAY_UNTIL_REBOOT)
        return ERROR_ACCESS_DENIED; /* needs administrator rights on Windows */
    if (!to)
        return ERROR_INVALID_PARAMETER;
    uint32_t err = open_path(from, NT_DELETE, FILE_OPEN, FILE_OPEN_FOR_BACKUP_INTENT, &h);
    if (err)
        return err;
    FILE_STANDARD_INFORMATION32 std;
    uint32_t got;
    bool dir = nt_query_information_file(h, FileStandardInformation, &std, sizeof std, &got) == 0 && std.Directory;
    err = is_device(h) ? ERROR_ACCESS_DENIED : rename_open(h, to, (flags & MOVEFILE_REPLACE_EXISTING) != 0);
    nt_close(h);
    /* another volume: MoveFile copies and deletes, when allowed to */
    if (err != ERROR_NOT_SAME_DEVICE)
        return err;
    if (!(flags & MOVEFILE_COPY_ALLOWED) || dir)
        return ERROR_NOT_SAME_DEVICE;
    err = copy_file(from, to, !(flags & MOVEFILE_REPLACE_EXISTING));
    return err ? err : fs_delete_file(from);
}

#define ERROR_UNABLE_TO_REMOVE_REPLACED    1175u
#define ERROR_UNABLE_TO_MOVE_REPLACEMENT   1176u
#define ERROR_UNABLE_TO_MOVE_REPLACEMENT_2 1177u
#define REPLACEFILE_KNOWN_FLAGS            0x7u /* WRITE_THROUGH, IGNORE_MERGE_ERRORS, IGNORE_ACL_ERRORS */

/* ReplaceFile: the replacement takes the replaced file's name, attributes
 * and creation time; the replaced file becomes the backup when one is
 * named, else it goes. The errors say which step failed, as Windows'. */
static uint32_t replace_file(const char *replaced, const char *replacement, const char *backup)
{
    uint32_t old, rep, got;
    FILE_BASIC_INFORMATION32 basic;
    uint32_t err = open_path(replaced, NT_DELETE | FILE_READ_ATTRIBUTES, FILE_OPEN, FILE_NON_DIRECTORY_FILE, &old);
    if (err)
        return err;
    if (nt_query_information_file(old, FileBasicInformation, &basic, sizeof basic, &got) != 0) {
        nt_close(old);
        return ERROR_UNABLE_TO_REMOVE_REPLACED;
    }
    err = open_path(replacement, NT_DELETE | FILE_WRITE_ATTRIBUTES, FILE_OPEN, FILE_NON_DIRECTORY_FILE, &rep);
    if (err) {
        nt_close(old);
        return err;
    }
    if (backup && rename_open(old, backup, true) != 0)
        err = ERROR_UNABLE_TO_REMOVE_REPLACED;
    nt_close(old);
    if (!err && rename_open(rep, replaced, true) != 0)
        err = backup ? ERROR_UNABLE_TO_MOVE_REPLACEMENT_2 : ERROR_UNABLE_TO_MOVE_REPLACEMENT;
    if (!err) {
        FILE_BASIC_INFORMATION32 keep = { basic.CreationTime, 0, 0, 0, basic.FileAttributes | FILE_ATTRIBUTE_NORMAL };
        nt_set_information_file(rep, FileBasicInformation, &keep, sizeof keep);
    }
    nt_close(rep);
    return err;
}

static uint64_t replace_call(gaddr replaced, gaddr replacement, gaddr backup, uint32_t flags, gaddr exclude,
                             gaddr reserved, bool wide)
{
    if (!replaced || !replacement || exclude || reserved || (flags & ~REPLACEFILE_KNOWN_FLAGS))
        return fail(ERROR_INVALID_PARAMETER);
    uint32_t err;
    char *a = k32_path_arg(replaced, wide, &err), *b = a ? k32_path_arg(replacement, wide, &err) : NULL;
    char *c = b && backup ? k32_path_arg(backup, wide, &err) : NULL;
    if (b && (!backup || c))
        err = replace_file(a, b, c);
    free(a);
    free(b);
    free(c);
    return result(err);
}

uint64_t kernel32_ReplaceFile(struct thunk_call *c)
{
    API_ARGS(kernel32, ReplaceFile, a);
    return replace_call(a.lpReplacedFileName, a.lpReplacementFileName, a.lpBackupFileName, a.dwReplaceFlags,
                        a.lpExclude, a.lpReserved, false);
}

uint64_t kernel32_ReplaceFileA(struct thunk_call *c)
{
    API_ARGS(kernel32, ReplaceFileA, a);
    return replace_call(a.lpReplacedFileName, a.lpReplacementFileName, a.lpBackupFileName, a.dwReplaceFlags,
                        a.lpExclude, a.lpReserved, false);
}

uint64_t kernel32_ReplaceFileW(struct thunk_call *c)
{
    API_ARGS(kernel32, ReplaceFileW, a);
    return replace_call(a.lpReplacedFileName, a.lpReplacementFileName, a.lpBackupFileName, a.dwReplaceFlags,
                        a.lpExclude, a.lpReserved, true);
}

/* Runs a one-path operation on an A or W path argument. */
static uint64_t path_op(gaddr path, bool wide, uint32_t (*op)(const char *))
{
    uint32_t err;
    char *p = k32_path_arg(path, wide, &err);
    if (!p)
        return fail(err);
    err = op(p);
    free(p);
    return result(err);
}

uint64_t kernel32_DeleteFileA(struct thunk_call *c)
{
    API_ARGS(kernel32, DeleteFileA, a);
    return path_op(a.lpFileName, false, fs_delete_file);
}

uint64_t kernel32_DeleteFileW(struct thunk_call *c)
{
    API_ARGS(kernel32, DeleteFileW, a);
    return path_op(a.lpFileName, true, fs_delete_file);
}

static uint64_t move_file(gaddr existing, gaddr new_name, uint32_t flags, bool wide)
{
    uint32_t err;
    char *from = k32_path_arg(existing, wide, &err);
    if (!from)
        return fail(err);
    char *to = NULL;
    if (new_name && !(to = k32_path_arg(new_name, wide, &err))) {
        free(from);
        return fail(err);
    }
    err = fs_move_file(from, to, flags);
    free(from);
    free(to);
    return result(err);
}

uint64_t kernel32_MoveFileA(struct thunk_call *c)
{
    API_ARGS(kernel32, MoveFileA, a);
    return move_file(a.lpExistingFileName, a.lpNewFileName, MOVEFILE_COPY_ALLOWED, false);
}

uint64_t kernel32_MoveFileW(struct thunk_call *c)
{
    API_ARGS(kernel32, MoveFileW, a);
    return move_file(a.lpExistingFileName, a.lpNewFileName, MOVEFILE_COPY_ALLOWED, true);
}

uint64_t kernel32_MoveFileExA(struct thunk_call *c)
{
    API_ARGS(kernel32, MoveFileExA, a);
    return move_file(a.lpExistingFileName, a.lpNewFileName, a.dwFlags, false);
}

uint64_t kernel32_MoveFileExW(struct thunk_call *c)
{
    API_ARGS(kernel32, MoveFileExW, a);
    return move_file(a.lpExistingFileName, a.lpNewFileName, a.dwFlags, true);
}

static uint64_t copy_file_call(gaddr existing, gaddr new_name, uint32_t fail_if_exists, bool wide)
{
    uint32_t err;
    char *from = k32_path_arg(existing, wide, &err);
    if (!from)
        return fail(err);
    char *to = k32_path_arg(new_name, wide, &err);
    if (to)
        err = copy_file(from, to, fail_if_exists != 0);
    free(from);
    free(to);
    return result(err);
}

uint64_t kernel32_CopyFileA(struct thunk_call *c)
{
    API_ARGS(kernel32, CopyFileA, a);
    return copy_file_call(a.lpExistingFileName, a.lpNewFileName, a.bFailIfExists, false);
}

uint64_t kernel32_CopyFileW(struct thunk_call *c)
{
    API_ARGS(kernel32, CopyFileW, a);
    return copy_file_call(a.lpExistingFileName, a.lpNewFileName, a.bFailIfExists, true);
}

/* ---- attributes ---------------------------------------------------------- */

uint32_t fs_get_attributes(const char *win, FILE_NETWORK_OPEN_INFORMATION32 *info)
{
    uint32_t err = 0;
    char *nt = k32_nt_path(win, &err);
    if (!nt)
        return err;
    NTSTATUS st = nt_query_full_attributes_file(nt, info);
    free(nt);
    return win32(st);
}

/* FileBasicInformation with the new attributes (FILE_ATTRIBUTE_NORMAL
 * keeps "no change" from being read into 0). */
uint32_t fs_set_attributes(const char *win, uint32_t attrs)
{
    uint32_t h;
    uint32_t err = open_path(win, FILE_WRITE_ATTRIBUTES, FILE_OPEN, FILE_OPEN_FOR_BACKUP_INTENT, &h);
    if (err)
        return err;
    FILE_BASIC_INFORMATION32 b = { 0, 0, 0, 0, (attrs & FILE_ATTRIBUTE_VALID_SET_FLAGS) | FILE_ATTRIBUTE_NORMAL };
    NTSTATUS st = is_device(h) ? STATUS_ACCESS_DENIED : nt_set_information_file(h, FileBasicInformation, &b, sizeof b);
    nt_close(h);
    return win32(st);
}

static uint64_t get_attributes(gaddr name, bool wide)
{
    uint32_t err;
    FILE_NETWORK_OPEN_INFORMATION32 info;
    char *p = k32_path_arg(name, wide, &err);
    if (p) {
        err = fs_get_attributes(p, &info);
        free(p);
    }
    if (err) {
        teb_set_last_error(err);
        return INVALID_FILE_ATTRIBUTES;
    }
    return info.FileAttributes;
}

uint64_t kernel32_GetFileAttributesA(struct thunk_call *c)
{
    API_ARGS(kernel32, GetFileAttributesA, a);
    return get_attributes(a.lpFileName, false);
}

uint64_t kernel32_GetFileAttributesW(struct thunk_call *c)
{
    API_ARGS(kernel32, GetFileAttributesW, a);
    return get_attributes(a.lpFileName, true);
}

static uint64_t get_attributes_ex(gaddr name, uint32_t level, gaddr out, bool wide)
{
    uint32_t err;
    FILE_NETWORK_OPEN_INFORMATION32 info;
    if (level != 0) /* GetFileExInfoStandard is the only level */
        return fail(ERROR_INVALID_PARAMETER);
    char *p = k32_path_arg(name, wide, &err);
    if (!p)
        return fail(err);
    err = fs_get_attributes(p, &info);
    free(p);
    if (err)
        return fail(err);
    WIN32_FILE_ATTRIBUTE_DATA32 d = {
        info.FileAttributes, filetime32(info.CreationTime), filetime32(info.LastAccessTime),
        filetime32(info.LastWriteTime), (uint32_t)((uint64_t)info.EndOfFile >> 32), (uint32_t)info.EndOfFile,
    };
    return gm_write(out, &d, sizeof d) ? 1 : fail(ERROR_NOACCESS);
}

uint64_t kernel32_GetFileAttributesExA(struct thunk_call *c)
{
    API_ARGS(kernel32, GetFileAttributesExA, a);
    return get_attributes_ex(a.lpFileName, a.fInfoLevelId, a.lpFileInformation, false);
}

uint64_t kernel32_GetFileAttributesExW(struct thunk_call *c)
{
    API_ARGS(kernel32, GetFileAttributesExW, a);
    return get_attributes_ex(a.lpFileName, a.fInfoLevelId, a.lpFileInformation, true);
}

static uint64_t set_attributes(gaddr name, uint32_t attrs, bool wide)
{
    uint32_t err;
    char *p = k32_path_arg(name, wide, &err);
    if (!p)
        return fail(err);
    err = fs_set_attributes(p, attrs);
    free(p);
    return result(err);
}

uint64_t kernel32_SetFileAttributesA(struct thunk_call *c)
{
    API_ARGS(kernel32, SetFileAttributesA, a);
    return set_attributes(a.lpFileName, a.dwFileAttributes, false);
}

uint64_t kernel32_SetFileAttributesW(struct thunk_call *c)
{
    API_ARGS(kernel32, SetFileAttributesW, a);
    return set_attributes(a.lpFileName, a.dwFileAttributes, true);
}

/* ---- directories ------------------------------------------------------- */

uint32_t fs_create_directory(const char *win)
{
    uint32_t h;
    uint32_t err = open_path(win, FILE_LIST_DIRECTORY, FILE_CREATE, FILE_DIRECTORY_FILE, &h);
    if (!err)
        nt_close(h);
    return err;
}

uint32_t fs_remove_directory(const char *win)
{
    uint32_t h;
    uint32_t err = open_path(win, NT_DELETE, FILE_OPEN, FILE_DIRECTORY_FILE, &h);
    return err ? err : delete_open(h);
}

uint32_t fs_open_directory(const char *win, uint32_t *h)
{
    uint32_t err = open_path(win, FILE_LIST_DIRECTORY, FILE_OPEN, FILE_DIRECTORY_FILE, h);
    return err == ERROR_FILE_NOT_FOUND ? ERROR_PATH_NOT_FOUND : err;
}

uint64_t kernel32_CreateDirectoryA(struct thunk_call *c)
{
    API_ARGS(kernel32, CreateDirectoryA, a);
    return path_op(a.lpPathName, false, fs_create_directory);
}

uint64_t kernel32_CreateDirectoryW(struct thunk_call *c)
{
    API_ARGS(kernel32, CreateDirectoryW, a);
    return path_op(a.lpPathName, true, fs_create_directory);
}

uint64_t kernel32_CreateDirectoryExA(struct thunk_call *c)
{
    API_ARGS(kernel32, CreateDirectoryExA, a);
    return path_op(a.lpNewDirectory, false, fs_create_directory);
}

uint64_t kernel32_CreateDirectoryExW(struct thunk_call *c)
{
    API_ARGS(kernel32, CreateDirectoryExW, a);
    return path_op(a.lpNewDirectory, true, fs_create_directory);
}

uint64_t kernel32_RemoveDirectoryA(struct thunk_call *c)
{
    API_ARGS(kernel32, RemoveDirectoryA, a);
    return path_op(a.lpPathName, false, fs_remove_directory);
}

uint64_t kernel32_RemoveDirectoryW(struct thunk_call *c)
{
    API_ARGS(kernel32, RemoveDirectoryW, a);
    return path_op(a.lpPathName, true, fs_remove_directory);
}

/* ---- current directory and full paths --------------------------------- */

/* The PEB's CurrentDirectory.DosPath (with its trailing backslash) follows
 * the current directory for code that reads it directly. */
static void update_peb_curdir(const char *cwd)
{
    char buf[PATH_MAX + 2];
    snprintf(buf, sizeof buf, "%s%s", cwd, cwd[strlen(cwd) - 1] == '\\' ? "" : "\\");
    size_t n;
    uint16_t *w = utf8_to_utf16(buf, &n);
    if (!w)
        return;
    gaddr us = proc->params + PARAMS_CURDIR;
    uint16_t max = 0;
    uint32_t old = 0;
    gm_read_u16(us + 2, &max);
    gm_read_u32(us + 4, &old);
    size_t need = (n + 1) * 2;
    gaddr dst = old;
    if (!old || need > max) {
        uint32_t size = need > MAX_PATH * 2 ? (uint32_t)need : MAX_PATH * 2;
        dst = heap_alloc(proc->process_heap, size, 0);
        max = (uint16_t)(size > 0xFFFF ? 0xFFFE : size);
    }
    if (dst && need <= 0xFFFF && gm_write(dst, w, need)) {
        gm_write_u16(us, (uint16_t)(n * 2));
        gm_write_u16(us + 2, max);
        gm_write_u32(us + 4, dst);
    }
    free(w);
}

uint32_t fs_set_current_directory(const char *win)
{
    NTSTATUS st;
    FILE_NETWORK_OPEN_INFORMATION32 info;
    char *norm = nt_full_dos_path(proc->cwd_win, win, &st);
    if (!norm)
        return win32(st);
    uint32_t err = strncmp(norm, "\\\\.\\", 4) == 0 ? ERROR_DIRECTORY : fs_get_attributes(norm, &info);
    if (!err && !(info.FileAttributes & FILE_ATTRIBUTE_DIRECTORY))
        err = ERROR_DIRECTORY;
    if (err) {
        free(norm);
        return err;
    }
    size_t len = strlen(norm);
    if (len > 3 && norm[len - 1] == '\\')
        norm[len - 1] = '\0';
    free(proc->cwd_win);
    proc->cwd_win = norm;
    update_peb_curdir(norm);
    return 0;
}

static uint64_t get_current_directory(uint32_t cch, gaddr buf, bool wide)
{
    return k32_put_string(proc->cwd_win, buf, cch, wide);
}

uint64_t kernel32_GetCurrentDirectoryA(struct thunk_call *c)
{
    API_ARGS(kernel32, GetCurrentDirectoryA, a);
    return get_current_directory(a.nBufferLength, a.lpBuffer, false);
}

uint64_t kernel32_GetCurrentDirectoryW(struct thunk_call *c)
{
    API_ARGS(kernel32, GetCurrentDirectoryW, a);
    return get_current_directory(a.nBufferLength, a.lpBuffer, true);
}

uint64_t kernel32_SetCurrentDirectoryA(struct thunk_call *c)
{
    API_ARGS(kernel32, SetCurrentDirectoryA, a);
    return path_op(a.lpPathName, false, fs_set_current_directory);
}

uint64_t kernel32_SetCurrentDirectoryW(struct thunk_call *c)
{
    API_ARGS(kernel32, SetCurrentDirectoryW, a);
    return path_op(a.lpPathName, true, fs_set_current_directory);
}

/* RtlGetFullPathName_U's result: names are not validated (wildcards
 * travel through). */
char *fs_full_path(const char *win, uint32_t *err)
{
    NTSTATUS st;
    char *full = nt_full_dos_path(proc->cwd_win, win, &st);
    if (!full)
        *err = win32(st);
    return full;
}

/* Offset in output units of the last component, -1 if the path ends with
 * a separator (lpFilePart is then NULL). */
static long file_part_offset(const char *path, bool wide)
{
    const char *sep = strrchr(path, '\\');
    if (!sep || !sep[1])
        return -1;
    char *head = strndup(path, (size_t)(sep + 1 - path));
    if (!head)
        return -1;
    long units = -1;
    if (wide) {
        size_t n = 0;
        uint16_t *w = utf8_to_utf16(head, &n);
        if (w)
            units = (long)n;
        free(w);
    } else {
        char *a = utf8_to_ansi(head);
        if (a)
            units = (long)strlen(a);
        free(a);
    }
    free(head);
    return units;
}

static uint64_t get_full_path_name(gaddr name, uint32_t cch, gaddr buf, gaddr part, bool wide)
{
    uint32_t err;
    char *p = k32_path_arg(name, wide, &err);
    char *full = p ? fs_full_path(p, &err) : NULL;
    free(p);
    if (!full)
        return fail(err);
    uint32_t r = k32_put_string(full, buf, cch, wide);
    if (r && r < cch && part) {
        long off = file_part_offset(full, wide);
        gm_write_u32(part, off < 0 ? 0 : buf + (gaddr)off * (wide ? 2 : 1));
    }
    free(full);
    return r;
}

uint64_t kernel32_GetFullPathNameA(struct thunk_call *c)
{
    API_ARGS(kernel32, GetFullPathNameA, a);
    return get_full_path_name(a.lpFileName, a.nBufferLength, a.lpBuffer, a.lpFilePart, false);
}

uint64_t kernel32_GetFullPathNameW(struct thunk_call *c)
{
    API_ARGS(kernel32, GetFullPathNameW, a);
    return get_full_path_name(a.lpFileName, a.nBufferLength, a.lpBuffer, a.lpFilePart, true);
}

/* GetLongPathName / GetShortPathName: there are no 8.3 aliases, so an
 * existing path is its own long and short form, returned as given. */
static uint64_t same_path_name(gaddr name, gaddr buf, uint32_t cch, bool wide)
{
    uint32_t err;
    FILE_NETWORK_OPEN_INFORMATION32 info;
    char *p = k32_path_arg(name, wide, &err);
    if (!p)
        return fail(ERROR_INVALID_PARAMETER);
    err = fs_get_attributes(p, &info);
    uint32_t r = err ? (uint32_t)fail(err) : k32_put_string(p, buf, cch, wide);
    free(p);
    return r;
}

uint64_t kernel32_GetLongPathNameA(struct thunk_call *c)
{
    API_ARGS(kernel32, GetLongPathNameA, a);
    return same_path_name(a.lpszShortPath, a.lpszLongPath, a.cchBuffer, false);
}

uint64_t kernel32_GetLongPathNameW(struct thunk_call *c)
{
    API_ARGS(kernel32, GetLongPathNameW, a);
    return same_path_name(a.lpszShortPath, a.lpszLongPath, a.cchBuffer, true);
}

uint64_t kernel32_GetShortPathNameA(struct thunk_call *c)
{
    API_ARGS(kernel32, GetShortPathNameA, a);
    return same_path_name(a.lpszLongPath, a.lpszShortPath, a.cchBuffer, false);
}

uint64_t kernel32_GetShortPathNameW(struct thunk_call *c)
{
    API_ARGS(kernel32, GetShortPathNameW, a);
    return same_path_name(a.lpszLongPath, a.lpszShortPath, a.cchBuffer, true);
}

/* ---- temp paths ------------------------------------------------------- */

/* A variable of the process environment block (what SetEnvironmentVariable
 * edits), malloc'd UTF-8 or NULL. */
static char *peb_getenv(const char *name)
{
    uint32_t block = 0;
    size_t nlen = strlen(name);
    gm_read_u32(proc->params + PARAMS_ENVIRONMENT, &block);
    for (gaddr p = block; p;) {
        long n = gm_wcsnlen(p, 1u << 16);
        if (n <= 0)
            return NULL;
        char *entry = gm_wcs_to_utf8(p);
        if (entry && strncasecmp(entry, name, nlen) == 0 && entry[nlen] == '=') {
            char *v = strdup(entry + nlen + 1);
            free(entry);
            return v;
        }
        free(entry);
        p += (gaddr)(n + 1) * 2;
    }
    return NULL;
}

/* GetTempPath's lookup order (see kernel32/fs.h). */
char *fs_temp_dir(void)
{
    static const char *const vars[] = { "TMP", "TEMP", "USERPROFILE" };
    char *dir = NULL;
    for (size_t i = 0; i < 3 && !dir; i++) {
        char *v = peb_getenv(vars[i]);
        uint32_t err;
        dir = v && *v ? fs_full_path(v, &err) : NULL;
        free(v);
    }
    if (!dir) {
        dir = malloc(PATH_MAX);
        if (!dir)
            return NULL;
        snprintf(dir, PATH_MAX, "C:\\Users\\%s\\AppData\\Local\\Temp", proc->prefix->user);
    }
    size_t n = strlen(dir);
    if (n && dir[n - 1] != '\\') {
        char *d = realloc(dir, n + 2);
        if (!d) {
            free(dir);
            return NULL;
        }
        dir = d;
        strcpy(dir + n, "\\");
    }
    return dir;
}

static uint64_t get_temp_path(uint32_t cch, gaddr buf, bool wide)
{
    char *t = fs_temp_dir();
    if (!t)
        return fail(ERROR_NOT_ENOUGH_MEMORY);
    uint32_t r = k32_put_string(t, buf, cch, wide);
    free(t);
    return r;
}

uint64_t kernel32_GetTempPathA(struct thunk_call *c)
{
    API_ARGS(kernel32, GetTempPathA, a);
    return get_temp_path(a.nBufferLength, a.lpBuffer, false);
}

uint64_t kernel32_GetTempPathW(struct thunk_call *c)
{
    API_ARGS(kernel32, GetTempPathW, a);
    return get_temp_path(a.nBufferLength, a.lpBuffer, true);
}

/* <path>\<up to 3 prefix chars><hex>.tmp */
static char *temp_name(const char *dir, const char *prefix, uint32_t unique)
{
    char pre[16] = "";
    size_t k = 0;
    /* three characters, not bytes: keep whole UTF-8 sequences */
    for (size_t chars = 0; prefix[k] && chars < 3; chars++) {
        k++;
        while (((unsigned char)prefix[k] & 0xC0) == 0x80)
            k++;
    }
    memcpy(pre, prefix, k < sizeof pre ? k : sizeof pre - 1);
    size_t n = strlen(dir);
    const char *sep = n && dir[n - 1] != '\\' && dir[n - 1] != '/' ? "\\" : "";
    char *out = malloc(n + 32);
    if (out)
        snprintf(out, n + 32, "%s%s%s%X.tmp", dir, sep, pre, unique & 0xFFFFu);
    return out;
}

/* Tries numbers from a random start until CREATE_NEW succeeds. */
static uint32_t create_unique(const char *dir, const char *prefix, char **name)
{
    static uint32_t counter;
    if (!counter)
        identity_random(&counter, sizeof counter);
    for (uint32_t tries = 0; tries < 0x10000; tries++) {
        uint32_t num = ++counter & 0xFFFF;
        if (!num)
            continue;
        char *cand = temp_name(dir, prefix, num);
        uint32_t err;
        if (!cand)
            return 0;
        uint32_t h = k32_create_file(cand, GENERIC_WRITE, 0, CREATE_NEW, 0, &err);
        if (h) {
            handle_close(h);
            *name = cand;
            return num;
        }
        free(cand);
        if (err != ERROR_FILE_EXISTS && err != ERROR_ACCESS_DENIED) {
            teb_set_last_error(err == ERROR_PATH_NOT_FOUND || err == ERROR_FILE_NOT_FOUND ? ERROR_DIRECTORY : err);
            return 0;
        }
    }
    teb_set_last_error(ERROR_FILE_EXISTS);
    return 0;
}

static uint64_t get_temp_file_name(gaddr path, gaddr prefix_arg, uint32_t unique, gaddr out, bool wide)
{
    uint32_t err;
    char *dir = k32_path_arg(path, wide, &err);
    if (!dir)
        return fail(ERROR_INVALID_PARAMETER);
    char *prefix = prefix_arg ? k32_path_arg(prefix_arg, wide, &err) : strdup("");
    char *name = NULL;
    uint32_t r = 0;
    if (!prefix)
        teb_set_last_error(err);
    else if (unique)
        r = (name = temp_name(dir, prefix, unique)) ? unique : (uint32_t)fail(ERROR_NOT_ENOUGH_MEMORY);
    else
        r = create_unique(dir, prefix, &name);
    uint32_t put = r ? k32_put_string(name, out, MAX_PATH, wide) : 0;
    if (r && (put == 0 || put >= MAX_PATH)) /* 0: bad buffer, error already set */
        r = put ? (uint32_t)fail(ERROR_BUFFER_OVERFLOW) : 0;
    free(dir);
    free(prefix);
    free(name);
    return r;
}

uint64_t kernel32_GetTempFileNameA(struct thunk_call *c)
{
    API_ARGS(kernel32, GetTempFileNameA, a);
    return get_temp_file_name(a.lpPathName, a.lpPrefixString, a.uUnique, a.lpTempFileName, false);
}

uint64_t kernel32_GetTempFileNameW(struct thunk_call *c)
{
    API_ARGS(kernel32, GetTempFileNameW, a);
    return get_temp_file_name(a.lpPathName, a.lpPrefixString, a.uUnique, a.lpTempFileName, true);
}

/* ---- drives -------------------------------------------------------------- */

/* C:, the --drive mappings and Z: while it maps the host root. */
static uint32_t drive_mask(void)
{
    uint32_t mask = 0;
    for (int d = 0; d < 26; d++)
        if (prefix_drive_root(proc->prefix, d, NULL))
            mask |= 1u << d;
    return mask;
}

/* "X:" or "X:\" → drive index, -1 for anything else. */
static int root_drive(const char *s)
{
    char d = s[0];
    if (d >= 'a' && d <= 'z')
        d = (char)(d - 'a' + 'A');
    if (d < 'A' || d > 'Z' || s[1] != ':' || (s[2] && (s[2] != '\\' && s[2] != '/')) || (s[2] && s[3]))
        return -1;
    return d - 'A';
}

static uint64_t get_drive_type(gaddr root, bool wide)
{
    uint32_t err;
    char *p = root ? k32_path_arg(root, wide, &err) : strdup(proc->cwd_win);
    if (!p)
        return DRIVE_UNKNOWN;
    if (!root && strlen(p) > 3)
        p[3] = '\0';
    int d = root_drive(p);
    free(p);
    if (d < 0 || !(drive_mask() & (1u << d)))
        return DRIVE_NO_ROOT_DIR;
    return DRIVE_FIXED;
}

uint64_t kernel32_GetDriveTypeA(struct thunk_call *c)
{
    API_ARGS(kernel32, GetDriveTypeA, a);
    return get_drive_type(a.lpRootPathName, false);
}

uint64_t kernel32_GetDriveTypeW(struct thunk_call *c)
{
    API_ARGS(kernel32, GetDriveTypeW, a);
    return get_drive_type(a.lpRootPathName, true);
}

uint64_t kernel32_GetLogicalDrives(struct thunk_call *c) { (void)c; return drive_mask(); }

/* "C:\<NUL>Z:\<NUL><NUL>": the length without the final NUL, or the size
 * needed when the buffer is too small. */
static uint64_t get_logical_drive_strings(uint32_t cch, gaddr out, bool wide)
{
    uint32_t mask = drive_mask(), n = 0;
    uint16_t buf[26 * 4 + 1];
    for (int d = 0; d < 26; d++) {
        if (!(mask & (1u << d)))
            continue;
        buf[n++] = (uint16_t)('A' + d);
        buf[n++] = ':';
        buf[n++] = '\\';
        buf[n++] = 0;
    }
    buf[n] = 0;
    if (n + 1 > cch)
        return n + 1;
    for (uint32_t i = 0; i <= n; i++) {
        bool ok = wide ? gm_write_u16(out + 2 * i, buf[i]) : gm_write_u8(out + i, (uint8_t)buf[i]);
        if (!ok)
            return fail(ERROR_NOACCESS);
    }
    return n;
}

uint64_t kernel32_GetLogicalDriveStringsA(struct thunk_call *c)
{
    API_ARGS(kernel32, GetLogicalDriveStringsA, a);
    return get_logical_drive_strings(a.nBufferLength, a.lpBuffer, false);
}

uint64_t kernel32_GetLogicalDriveStringsW(struct thunk_call *c)
{
    API_ARGS(kernel32, GetLogicalDriveStringsW, a);
    return get_logical_drive_strings(a.nBufferLength, a.lpBuffer, true);
}

static bool put_u64(gaddr at, uint64_t v)
{
    return !at || (gm_write_u32(at, (uint32_t)v) && gm_write_u32(at + 4, (uint32_t)(v >> 32)));
}

/* Free space of the volume behind a directory. */
static uint64_t get_disk_free_space_ex(gaddr dir, gaddr free_to_caller, gaddr total, gaddr total_free, bool wide)
{
    uint32_t err = 0, h, got;
    char *p = dir ? k32_path_arg(dir, wide, &err) : strdup(proc->cwd_win);
    if (!p)
        return fail(err ? err : ERROR_NOT_ENOUGH_MEMORY);
    err = fs_open_directory(p, &h);
    free(p);
    if (err)
        return fail(err);
    FILE_FS_FULL_SIZE_INFORMATION32 fs;
    NTSTATUS st = nt_query_volume_information_file(h, FileFsFullSizeInformation, &fs, sizeof fs, &got);
    nt_close(h);
    if (st)
        return fail(win32(st));
    uint64_t unit = (uint64_t)fs.SectorsPerAllocationUnit * fs.BytesPerSector;
    if (!put_u64(free_to_caller, unit * (uint64_t)fs.CallerAvailableAllocationUnits) ||
        !put_u64(total, unit * (uint64_t)fs.TotalAllocationUnits) ||
        !put_u64(total_free, unit * (uint64_t)fs.ActualAvailableAllocationUnits))
        return fail(ERROR_NOACCESS);
    return 1;
}

uint64_t kernel32_GetDiskFreeSpaceExA(struct thunk_call *c)
{
    API_ARGS(kernel32, GetDiskFreeSpaceExA, a);
    return get_disk_free_space_ex(a.lpDirectoryName, a.lpFreeBytesAvailableToCaller, a.lpTotalNumberOfBytes,
                                  a.lpTotalNumberOfFreeBytes, false);
}

uint64_t kernel32_GetDiskFreeSpaceExW(struct thunk_call *c)
{
    API_ARGS(kernel32, GetDiskFreeSpaceExW, a);
    return get_disk_free_space_ex(a.lpDirectoryName, a.lpFreeBytesAvailableToCaller, a.lpTotalNumberOfBytes,
                                  a.lpTotalNumberOfFreeBytes, true);
}
