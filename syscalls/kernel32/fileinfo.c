/* kernel32 calls about an open file and its volume, on the NT file
 * services: final path names, the FILE_*_INFO classes of Get/Set-
 * FileInformationByHandle, byte-range locks, and volume information /
 * free space. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/handles.h"
#include "core/process.h"
#include "core/unicode.h"
#include "syscalls/api.h"
#include "syscalls/kernel32/api_args.h"
#include "syscalls/kernel32/file.h"
#include "syscalls/kernel32/fs.h"
#include "syscalls/kernel32/struct32_file.h"
#include "syscalls/ntdll/nt_file.h"
#include "syscalls/ntdll/status.h"
#include "syscalls/win32_errors.h"

#define VOLUME_NAME_DOS  0x0u
#define VOLUME_NAME_GUID 0x1u
#define VOLUME_NAME_NT   0x2u
#define VOLUME_NAME_NONE 0x4u

#define LOCKFILE_FAIL_IMMEDIATELY 0x1u
#define LOCKFILE_EXCLUSIVE_LOCK   0x2u

static uint64_t fail(uint32_t err)
{
    teb_set_last_error(err);
    return 0;
}

static uint64_t status_result(NTSTATUS st)
{
    return st ? fail(ntstatus_to_win32(st)) : 1;
}

/* An open disk file (not a console or a standard handle). */
static bool is_file(uint32_t h)
{
    struct handle_obj *o = kernel32_io_handle(h);
    return o && o->type == HANDLE_FILE && o->host_path;
}

/* ---- GetFinalPathNameByHandle --------------------------------------------- */

static uint64_t get_final_path(uint32_t h, gaddr buf, uint32_t size, uint32_t flags, bool wide)
{
    uint32_t kind = flags & 7;
    char win[4096], out[4096 + 64];
    if (!is_file(h))
        return fail(ERROR_INVALID_HANDLE);
    if (kind != VOLUME_NAME_DOS && kind != VOLUME_NAME_NT && kind != VOLUME_NAME_NONE)
        return fail(ERROR_INVALID_PARAMETER); /* no volume GUIDs here */
    NTSTATUS st = nt_query_dos_name(h, win, sizeof win);
    if (st)
        return fail(ntstatus_to_win32(st));
    if (kind == VOLUME_NAME_DOS)
        snprintf(out, sizeof out, "\\\\?\\%s", win);
    else if (kind == VOLUME_NAME_NT) /* C: is the first volume, Z: the second */
        snprintf(out, sizeof out, "\\Device\\HarddiskVolume%d%s", win[0] == 'C' ? 1 : 2, win + 2);
    else
        snprintf(out, sizeof out, "%s", win + 2);
    return k32_put_string(out, buf, size, wide);
}

uint64_t kernel32_GetFinalPathNameByHandleA(struct thunk_call *c)
{
    API_ARGS(kernel32, GetFinalPathNameByHandleA, a);
    return get_final_path(a.hFile, a.lpszFilePath, a.cchFilePath, a.dwFlags, false);
}

uint64_t kernel32_GetFinalPathNameByHandleW(struct thunk_call *c)
{
    API_ARGS(kernel32, GetFinalPathNameByHandleW, a);
    return get_final_path(a.hFile, a.lpszFilePath, a.cchFilePath, a.dwFlags, true);
}

/* ---- Get/SetFileInformationByHandle ------------------------------------- */

/* FILE_INFO_BY_HANDLE_CLASS → FILE_INFORMATION_CLASS; the structures are
 * the NT ones. */
enum { FileBasicInfo = 0, FileStandardInfo = 1, FileNameInfo = 2, FileRenameInfo = 3,
       FileDispositionInfo = 4, FileAllocationInfo = 5, FileEndOfFileInfo = 6,
       FileAttributeTagInfo = 9, FileIdInfo = 18 };

static const uint32_t nt_class[] = {
    [FileBasicInfo] = FileBasicInformation,
    [FileStandardInfo] = FileStandardInformation,
    [FileNameInfo] = FileNameInformation,
    [FileRenameInfo] = FileRenameInformation,
    [FileDispositionInfo] = FileDispositionInformation,
    [FileAllocationInfo] = FileAllocationInformation,
    [FileEndOfFileInfo] = FileEndOfFileInformation,
    [FileAttributeTagInfo] = FileAttributeTagInformation,
};

static uint32_t map_class(uint32_t cls)
{
    return cls < sizeof nt_class / sizeof nt_class[0] ? nt_class[cls] : 0;
}

/* FILE_ID_INFO: the volume serial and the file's index. */
static NTSTATUS query_id(uint32_t h, FILE_ID_INFO32 *id)
{
    union {
        FILE_FS_VOLUME_INFORMATION32 v;
        uint8_t space[64];
    } vol;
    FILE_INTERNAL_INFORMATION32 in;
    uint32_t got;
    NTSTATUS st = nt_query_information_file(h, FileInternalInformation, &in, sizeof in, &got);
    if (!st)
        st = nt_query_volume_information_file(h, FileFsVolumeInformation, &vol, sizeof vol, &got);
    if (!NT_SUCCESS(st))
        return st;
    memset(id, 0, sizeof *id);
    id->VolumeSerialNumber = vol.v.VolumeSerialNumber;
    memcpy(id->FileId, &in.IndexNumber, sizeof in.IndexNumber);
    return 0;
}

uint64_t kernel32_GetFileInformationByHandleEx(struct thunk_call *c)
{
    API_ARGS(kernel32, GetFileInformationByHandleEx, a);
    uint32_t h = a.hFile, cls = a.FileInformationClass, size = a.dwBufferSize, got = 0;
    gaddr out = a.lpFileInformation;
    if (!is_file(h))
        return fail(ERROR_INVALID_HANDLE);
    bool readable = cls == FileBasicInfo || cls == FileStandardInfo || cls == FileNameInfo ||
                    cls == FileAttributeTagInfo || cls == FileIdInfo;
    if (!readable)
        return fail(ERROR_INVALID_PARAMETER);
    if (cls == FileIdInfo) {
        FILE_ID_INFO32 id;
        if (size < sizeof id)
            return fail(ERROR_BAD_LENGTH);
        NTSTATUS st = query_id(h, &id);
        if (st)
            return status_result(st);
        return gm_write(out, &id, sizeof id) ? 1 : fail(ERROR_NOACCESS);
    }
    uint32_t room = size > 65536 ? 65536 : size;
    void *buf = calloc(1, room ? room : 1);
    if (!buf)
        return fail(ERROR_NOT_ENOUGH_MEMORY);
    NTSTATUS st = nt_query_information_file(h, map_class(cls), buf, room, &got);
    bool wrote = (NT_SUCCESS(st) || st == STATUS_BUFFER_OVERFLOW) && !gm_write(out, buf, got);
    free(buf);
    if (wrote)
        return fail(ERROR_NOACCESS);
    return status_result(st);
}

/* FILE_RENAME_INFO carries a Win32 name (or a bare one); the NT service
 * takes an NT path, so the buffer is rebuilt around the converted name. */
static uint32_t rename_info(uint32_t h, gaddr in, uint32_t size)
{
    FILE_RENAME_INFORMATION32 ri;
    uint32_t head = offsetof(FILE_RENAME_INFORMATION32, FileName);
    if (size < head + 2)
        return ERROR_BAD_LENGTH;
    if (!gm_read(in, &ri, head))
        return ERROR_NOACCESS;
    if (ri.RootDirectory || ri.FileNameLength == 0 || ri.FileNameLength % 2 || ri.FileNameLength > size - head)
        return ERROR_INVALID_PARAMETER;
    const uint16_t *w = gm_ptr(in + head, ri.FileNameLength, false);
    char *name = w ? utf16_to_utf8(w, ri.FileNameLength / 2) : NULL;
    if (!name)
        return ERROR_NOACCESS;
    uint32_t err = 0;
    bool bare = !strpbrk(name, "\\/:");
    char *nt = bare ? strdup(name) : k32_nt_path(name, &err);
    free(name);
    if (!nt)
        return err ? err : ERROR_NOT_ENOUGH_MEMORY;
    size_t n = 0;
    uint16_t *nw = utf8_to_utf16(nt, &n);
    free(nt);
    FILE_RENAME_INFORMATION32 *out = nw ? calloc(1, head + n * 2 + 2) : NULL;
    if (!out) {
        free(nw);
        return ERROR_NOT_ENOUGH_MEMORY;
    }
    out->ReplaceIfExists = ri.ReplaceIfExists;
    out->FileNameLength = (uint32_t)n * 2;
    memcpy((uint8_t *)out + head, nw, n * 2);
    NTSTATUS st = nt_set_information_file(h, FileRenameInformation, out, head + (uint32_t)n * 2);
    free(out);
    free(nw);
    return st ? ntstatus_to_win32(st) : 0;
}

uint64_t kernel32_SetFileInformationByHandle(struct thunk_call *c)
{
    API_ARGS(kernel32, SetFileInformationByHandle, a);
    uint32_t h = a.hFile, cls = a.FileInformationClass, size = a.dwBufferSize;
    gaddr in = a.lpFileInformation;
    if (!is_file(h))
        return fail(ERROR_INVALID_HANDLE);
    bool writable = cls == FileBasicInfo || cls == FileRenameInfo || cls == FileDispositionInfo ||
                    cls == FileAllocationInfo || cls == FileEndOfFileInfo;
    if (!writable)
        return fail(ERROR_INVALID_PARAMETER);
    if (cls == FileRenameInfo) {
        uint32_t err = rename_info(h, in, size);
        return err ? fail(err) : 1;
    }
    uint8_t buf[sizeof(FILE_BASIC_INFORMATION32)];
    uint32_t n = size < sizeof buf ? size : sizeof buf;
    if (!gm_read(in, buf, n))
        return fail(ERROR_NOACCESS);
    return status_result(nt_set_information_file(h, map_class(cls), buf, size < sizeof buf ? size : sizeof buf));
}

/* ---- byte-range locks ------------------------------------------------- */

static uint64_t u64_of(uint32_t low, uint32_t high)
{
    return (uint64_t)high << 32 | low;
}

static bool overlapped_offset(gaddr ov, uint64_t *off)
{
    OVERLAPPED32 o;
    if (!ov || !gm_read(ov, &o, sizeof o))
        return false;
    *off = (uint64_t)o.OffsetHigh << 32 | o.Offset;
    return true;
}

static uint64_t lock_result(uint32_t h, NTSTATUS st)
{
    return is_file(h) ? status_result(st) : fail(ERROR_INVALID_HANDLE);
}

uint64_t kernel32_LockFile(struct thunk_call *c)
{
    API_ARGS(kernel32, LockFile, a);
    uint32_t h = a.hFile;
    uint64_t off = u64_of(a.dwFileOffsetLow, a.dwFileOffsetHigh);
    uint64_t len = u64_of(a.nNumberOfBytesToLockLow, a.nNumberOfBytesToLockHigh);
    return lock_result(h, is_file(h) ? nt_lock_file(h, off, len, true) : 0);
}

uint64_t kernel32_UnlockFile(struct thunk_call *c)
{
    API_ARGS(kernel32, UnlockFile, a);
    uint32_t h = a.hFile;
    uint64_t off = u64_of(a.dwFileOffsetLow, a.dwFileOffsetHigh);
    uint64_t len = u64_of(a.nNumberOfBytesToUnlockLow, a.nNumberOfBytesToUnlockHigh);
    return lock_result(h, is_file(h) ? nt_unlock_file(h, off, len) : 0);
}

uint64_t kernel32_LockFileEx(struct thunk_call *c)
{
    API_ARGS(kernel32, LockFileEx, a);
    uint32_t h = a.hFile;
    uint64_t off;
    if (!overlapped_offset(a.lpOverlapped, &off))
        return fail(ERROR_INVALID_PARAMETER);
    bool exclusive = (a.dwFlags & LOCKFILE_EXCLUSIVE_LOCK) != 0;
    uint64_t len = u64_of(a.nNumberOfBytesToLockLow, a.nNumberOfBytesToLockHigh);
    return lock_result(h, is_file(h) ? nt_lock_file(h, off, len, exclusive) : 0);
}

uint64_t kernel32_UnlockFileEx(struct thunk_call *c)
{
    API_ARGS(kernel32, UnlockFileEx, a);
    uint32_t h = a.hFile;
    uint64_t off;
    if (!overlapped_offset(a.lpOverlapped, &off))
        return fail(ERROR_INVALID_PARAMETER);
    uint64_t len = u64_of(a.nNumberOfBytesToUnlockLow, a.nNumberOfBytesToUnlockHigh);
    return lock_result(h, is_file(h) ? nt_unlock_file(h, off, len) : 0);
}

/* ---- volumes ------------------------------------------------------------- */

/* Opens the directory a root path argument names ("C:\", NULL = the
 * current drive); roots only, as Windows requires. */
static uint32_t open_volume_root(gaddr p, bool wide, uint32_t *h)
{
    uint32_t err = 0;
    char *s = p ? k32_path_arg(p, wide, &err) : strndup(proc->cwd_win, 3);
    if (!s)
        return err ? err : ERROR_NOT_ENOUGH_MEMORY;
    size_t n = strlen(s);
    bool root = n == 3 && s[1] == ':' && (s[2] == '\\' || s[2] == '/');
    if (!root)
        err = n >= 2 && s[1] == ':' ? ERROR_DIR_NOT_ROOT : ERROR_INVALID_NAME;
    else
        err = fs_open_directory(s, h);
    free(s);
    return err;
}

static bool put_name(const char *s, gaddr buf, uint32_t cch, bool wide)
{
    return !buf || k32_put_string(s, buf, cch, wide) < cch;
}

/* A volume class with a name tail, as UTF-8. */
static char *volume_name(uint32_t h, uint32_t cls, uint32_t head, uint32_t *fixed, size_t fixed_size)
{
    uint8_t buf[512];
    uint32_t got;
    NTSTATUS st = nt_query_volume_information_file(h, cls, buf, sizeof buf, &got);
    if (!NT_SUCCESS(st))
        return NULL;
    memcpy(fixed, buf, fixed_size);
    return utf16_to_utf8((const uint16_t *)(buf + head), (got - head) / 2);
}

/* The answers of GetVolumeInformation(ByHandle) for the volume of h. */
static uint64_t volume_information(uint32_t h, gaddr label_buf, uint32_t label_size, gaddr serial,
                                   gaddr max_component, gaddr fs_flags, gaddr fsname_buf, uint32_t fsname_size,
                                   bool wide)
{
    FILE_FS_VOLUME_INFORMATION32 vol;
    FILE_FS_ATTRIBUTE_INFORMATION32 attr;
    char *label = volume_name(h, FileFsVolumeInformation, offsetof(FILE_FS_VOLUME_INFORMATION32, VolumeLabel),
                              (uint32_t *)&vol, offsetof(FILE_FS_VOLUME_INFORMATION32, VolumeLabel));
    char *fsname = volume_name(h, FileFsAttributeInformation,
                               offsetof(FILE_FS_ATTRIBUTE_INFORMATION32, FileSystemName), (uint32_t *)&attr,
                               offsetof(FILE_FS_ATTRIBUTE_INFORMATION32, FileSystemName));
    uint64_t r = 1;
    if (!label || !fsname)
        r = fail(ERROR_NOT_ENOUGH_MEMORY);
    else if (!put_name(label, label_buf, label_size, wide) || !put_name(fsname, fsname_buf, fsname_size, wide))
        r = fail(ERROR_BAD_LENGTH);
    else if ((serial && !gm_write_u32(serial, vol.VolumeSerialNumber)) ||
             (max_component && !gm_write_u32(max_component, (uint32_t)attr.MaximumComponentNameLength)) ||
             (fs_flags && !gm_write_u32(fs_flags, attr.FileSystemAttributes)))
        r = fail(ERROR_NOACCESS);
    free(label);
    free(fsname);
    return r;
}

static uint64_t get_volume_information(gaddr root, gaddr label_buf, uint32_t label_size, gaddr serial,
                                       gaddr max_component, gaddr fs_flags, gaddr fsname_buf, uint32_t fsname_size,
                                       bool wide)
{
    uint32_t h;
    uint32_t err = open_volume_root(root, wide, &h);
    if (err)
        return fail(err);
    uint64_t r = volume_information(h, label_buf, label_size, serial, max_component, fs_flags, fsname_buf,
                                    fsname_size, wide);
    nt_close(h);
    return r;
}

uint64_t kernel32_GetVolumeInformationByHandleW(struct thunk_call *c)
{
    API_ARGS(kernel32, GetVolumeInformationByHandleW, a);
    NTSTATUS st;
    struct handle_obj *o = nt_file_object(a.hFile, &st);
    if (!o || o->type != HANDLE_FILE)
        return fail(ERROR_INVALID_HANDLE);
    return volume_information(a.hFile, a.lpVolumeNameBuffer, a.nVolumeNameSize, a.lpVolumeSerialNumber,
                              a.lpMaximumComponentLength, a.lpFileSystemFlags, a.lpFileSystemNameBuffer,
                              a.nFileSystemNameSize, true);
}

uint64_t kernel32_GetVolumeInformationA(struct thunk_call *c)
{
    API_ARGS(kernel32, GetVolumeInformationA, a);
    return get_volume_information(a.lpRootPathName, a.lpVolumeNameBuffer, a.nVolumeNameSize, a.lpVolumeSerialNumber,
                                  a.lpMaximumComponentLength, a.lpFileSystemFlags, a.lpFileSystemNameBuffer,
                                  a.nFileSystemNameSize, false);
}

uint64_t kernel32_GetVolumeInformationW(struct thunk_call *c)
{
    API_ARGS(kernel32, GetVolumeInformationW, a);
    return get_volume_information(a.lpRootPathName, a.lpVolumeNameBuffer, a.nVolumeNameSize, a.lpVolumeSerialNumber,
                                  a.lpMaximumComponentLength, a.lpFileSystemFlags, a.lpFileSystemNameBuffer,
                                  a.nFileSystemNameSize, true);
}

/* Counts beyond 32 bits are capped, as the old call cannot describe big
 * volumes. */
static uint64_t get_disk_free_space(gaddr root, const gaddr out[4], bool wide)
{
    uint32_t h, got;
    uint32_t err = open_volume_root(root, wide, &h);
    if (err)
        return fail(err);
    FILE_FS_FULL_SIZE_INFORMATION32 fs;
    NTSTATUS st = nt_query_volume_information_file(h, FileFsFullSizeInformation, &fs, sizeof fs, &got);
    nt_close(h);
    if (st)
        return status_result(st);
    uint64_t free_cl = (uint64_t)fs.CallerAvailableAllocationUnits, total_cl = (uint64_t)fs.TotalAllocationUnits;
    uint32_t v[4] = { fs.SectorsPerAllocationUnit, fs.BytesPerSector,
                      free_cl > 0xFFFFFFFFu ? 0xFFFFFFFFu : (uint32_t)free_cl,
                      total_cl > 0xFFFFFFFFu ? 0xFFFFFFFFu : (uint32_t)total_cl };
    for (unsigned i = 0; i < 4; i++)
        if (out[i] && !gm_write_u32(out[i], v[i]))
            return fail(ERROR_NOACCESS);
    return 1;
}

uint64_t kernel32_GetDiskFreeSpaceA(struct thunk_call *c)
{
    API_ARGS(kernel32, GetDiskFreeSpaceA, a);
    const gaddr out[4] = { a.lpSectorsPerCluster, a.lpBytesPerSector, a.lpNumberOfFreeClusters,
                           a.lpTotalNumberOfClusters };
    return get_disk_free_space(a.lpRootPathName, out, false);
}

uint64_t kernel32_GetDiskFreeSpaceW(struct thunk_call *c)
{
    API_ARGS(kernel32, GetDiskFreeSpaceW, a);
    const gaddr out[4] = { a.lpSectorsPerCluster, a.lpBytesPerSector, a.lpNumberOfFreeClusters,
                           a.lpTotalNumberOfClusters };
    return get_disk_free_space(a.lpRootPathName, out, true);
}

/* The file calls take ANSI strings in the ANSI code page (never switched
 * to OEM here). */
uint64_t kernel32_AreFileApisANSI(struct thunk_call *c) { (void)c; return 1; }
