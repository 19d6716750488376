/* ntdll's Nt* file exports: decode the 32-bit arguments (OBJECT_ATTRIBUTES,
 * IO_STATUS_BLOCK, LARGE_INTEGER offsets, information buffers), call the
 * host-side service in nt_file.c, and write the results back. Events and
 * APCs are not supported: every call completes synchronously. */
#include <stdlib.h>
#include <string.h>

#include "core/guest_mem.h"
#include "core/unicode.h"
#include "syscalls/api.h"
#include "syscalls/ntdll/api_args.h"
#include "syscalls/ntdll/nt_file.h"
#include "syscalls/ntdll/path.h"
#include "syscalls/ntdll/status.h"
#include "syscalls/ntdll/struct32.h"

#define OBJ_CASE_INSENSITIVE 0x40u
#define DUPLICATE_CLOSE_SOURCE 0x1u
#define CURRENT_PROCESS 0xFFFFFFFFu

/* Largest information buffer copied to the host at once. */
#define MAX_INFO_LENGTH (1u << 20)

/* The NT path an OBJECT_ATTRIBUTES names (RootDirectory joined). */
static char *object_path(gaddr oa_addr, NTSTATUS *st)
{
    OBJECT_ATTRIBUTES32 oa;
    if (!oa_addr || !gm_read(oa_addr, &oa, sizeof oa)) {
        *st = oa_addr ? STATUS_ACCESS_VIOLATION : STATUS_INVALID_PARAMETER;
        return NULL;
    }
    if (!oa.ObjectName) {
        *st = STATUS_OBJECT_NAME_INVALID;
        return NULL;
    }
    char *name = nt_read_unicode_string(oa.ObjectName, st);
    if (!name || !oa.RootDirectory)
        return name;
    struct handle_obj *root = nt_file_object(oa.RootDirectory, st);
    const char *dir = root ? nt_file_nt_path(root) : NULL;
    char *full = dir && name[0] != '\\' ? nt_path_join(dir, name) : NULL;
    if (!full)
        *st = !root ? *st : !dir || name[0] == '\\' ? STATUS_OBJECT_PATH_SYNTAX_BAD : STATUS_NO_MEMORY;
    free(name);
    return full;
}

/* Synchronous completion: the IO_STATUS_BLOCK gets the status and count
 * for successes, warnings and the end of a file; early failures leave it. */
static NTSTATUS complete(gaddr iosb, NTSTATUS st, uint32_t information)
{
    if (!NT_SUCCESS(st) && st != STATUS_END_OF_FILE && (st & 0xC0000000u) != 0x80000000u)
        return st;
    IO_STATUS_BLOCK32 io = { st, information };
    if (iosb && !gm_write(iosb, &io, sizeof io))
        return STATUS_ACCESS_VIOLATION;
    return st;
}

static NTSTATUS create(gaddr out_handle, uint32_t access, gaddr oa, gaddr iosb, uint32_t attrs, uint32_t share,
                       uint32_t disposition, uint32_t options)
{
    NTSTATUS st;
    if (!out_handle || !gm_writable(out_handle, 4))
        return STATUS_ACCESS_VIOLATION;
    char *path = object_path(oa, &st);
    if (!path)
        return st;
    struct nt_create req = { path, access, attrs, share, disposition, options };
    uint32_t h = 0, info = 0;
    st = nt_create_file(&req, &h, &info);
    free(path);
    if (st)
        return st;
    nt_handle_inherit_from_oa(h, oa);
    gm_write_u32(out_handle, h);
    return complete(iosb, st, info);
}

uint64_t ntdll_NtCreateFile(struct thunk_call *c)
{
    API_ARGS(ntdll, NtCreateFile, a);
    return create(a.FileHandle, a.DesiredAccess, a.ObjectAttributes, a.IoStatusBlock, a.FileAttributes, a.ShareAccess,
                  a.CreateDisposition, a.CreateOptions);
}

uint64_t ntdll_NtOpenFile(struct thunk_call *c)
{
    API_ARGS(ntdll, NtOpenFile, a);
    return create(a.FileHandle, a.DesiredAccess, a.ObjectAttributes, a.IoStatusBlock, 0, a.ShareAccess, FILE_OPEN,
                  a.OpenOptions);
}

static bool read_offset(gaddr p, int64_t *off)
{
    return !p || gm_read(p, off, sizeof *off);
}

/* NtReadFile and NtWriteFile share their signature; c is needed only to
 * report a thread terminated while blocked. */
static NTSTATUS transfer(struct thunk_call *c, uint32_t handle, uint32_t event, gaddr apc, gaddr iosb, gaddr buf,
                         uint32_t len, gaddr poff, bool write)
{
    uint32_t done = 0;
    int64_t off = FILE_USE_FILE_POINTER_POSITION;
    if (event || apc)
        return STATUS_NOT_SUPPORTED; /* events and APCs: asynchronous completion */
    if (!read_offset(poff, &off))
        return STATUS_ACCESS_VIOLATION;
    NTSTATUS st = write ? nt_write_file_guest(handle, buf, len, &off, &done)
                        : nt_read_file_guest(handle, buf, len, &off, &done);
    if (st == STATUS_THREAD_IS_TERMINATING) {
        c->no_return = true;
        return st;
    }
    return complete(iosb, st, done);
}

uint64_t ntdll_NtReadFile(struct thunk_call *c)
{
    API_ARGS(ntdll, NtReadFile, a);
    return transfer(c, a.FileHandle, a.Event, a.ApcRoutine, a.IoStatusBlock, a.Buffer, a.Length, a.ByteOffset, false);
}

uint64_t ntdll_NtWriteFile(struct thunk_call *c)
{
    API_ARGS(ntdll, NtWriteFile, a);
    return transfer(c, a.FileHandle, a.Event, a.ApcRoutine, a.IoStatusBlock, a.Buffer, a.Length, a.ByteOffset, true);
}

uint64_t ntdll_NtQueryInformationFile(struct thunk_call *c)
{
    API_ARGS(ntdll, NtQueryInformationFile, a);
    gaddr iosb = a.IoStatusBlock, out = a.FileInformation;
    uint32_t len = a.Length, written = 0;
    if (len > MAX_INFO_LENGTH)
        len = MAX_INFO_LENGTH;
    void *buf = calloc(1, len ? len : 1);
    if (!buf)
        return STATUS_NO_MEMORY;
    NTSTATUS st = nt_query_information_file(a.FileHandle, a.FileInformationClass, buf, len, &written);
    if ((NT_SUCCESS(st) || st == STATUS_BUFFER_OVERFLOW) && !gm_write(out, buf, written))
        st = STATUS_ACCESS_VIOLATION;
    free(buf);
    return complete(iosb, st, written);
}

uint64_t ntdll_NtSetInformationFile(struct thunk_call *c)
{
    API_ARGS(ntdll, NtSetInformationFile, a);
    gaddr iosb = a.IoStatusBlock, in = a.FileInformation;
    uint32_t len = a.Length;
    if (len > MAX_INFO_LENGTH)
        return STATUS_INVALID_PARAMETER;
    void *buf = calloc(1, len ? len : 1);
    if (!buf)
        return STATUS_NO_MEMORY;
    NTSTATUS st = gm_read(in, buf, len) ? nt_set_information_file(a.FileHandle, a.FileInformationClass, buf, len)
                                        : STATUS_ACCESS_VIOLATION;
    free(buf);
    return complete(iosb, st, 0);
}

uint64_t ntdll_NtQueryVolumeInformationFile(struct thunk_call *c)
{
    API_ARGS(ntdll, NtQueryVolumeInformationFile, a);
    gaddr iosb = a.IoStatusBlock, out = a.FsInformation;
    uint32_t len = a.Length, written = 0;
    if (len > MAX_INFO_LENGTH)
        len = MAX_INFO_LENGTH;
    void *buf = calloc(1, len ? len : 1);
    if (!buf)
        return STATUS_NO_MEMORY;
    NTSTATUS st = nt_query_volume_information_file(a.FileHandle, a.FsInformationClass, buf, len, &written);
    if ((NT_SUCCESS(st) || st == STATUS_BUFFER_OVERFLOW) && !gm_write(out, buf, written))
        st = STATUS_ACCESS_VIOLATION;
    free(buf);
    return complete(iosb, st, written);
}

/* ---- NtQueryDirectoryFile ------------------------------------------------ */

static uint32_t name_offset(uint32_t cls)
{
    switch (cls) {
    case FileDirectoryInformation: return offsetof(FILE_DIRECTORY_INFORMATION32, FileName);
    case FileFullDirectoryInformation: return offsetof(FILE_FULL_DIR_INFORMATION32, FileName);
    case FileBothDirectoryInformation: return offsetof(FILE_BOTH_DIR_INFORMATION32, FileName);
    case FileNamesInformation: return offsetof(FILE_NAMES_INFORMATION32, FileName);
    default: return 0;
    }
}

/* Writes one entry at out (fixed part, then as much name as fits);
 * returns its unaligned size, name_bytes gets the full name size. */
static uint32_t put_entry(uint8_t *out, uint32_t room, uint32_t cls, const struct nt_dir_entry *e,
                          uint32_t *name_bytes)
{
    uint32_t head = name_offset(cls);
    size_t n = 0;
    uint16_t *w = utf8_to_utf16(e->name, &n);
    *name_bytes = (uint32_t)n * 2;
    memset(out, 0, head);
    if (cls == FileNamesInformation) {
        FILE_NAMES_INFORMATION32 *ni = (void *)out;
        ni->FileNameLength = *name_bytes;
    } else {
        FILE_DIRECTORY_INFORMATION32 *d = (void *)out; /* the common head */
        d->CreationTime = e->info.CreationTime;
        d->LastAccessTime = e->info.LastAccessTime;
        d->LastWriteTime = e->info.LastWriteTime;
        d->ChangeTime = e->info.ChangeTime;
        d->EndOfFile = e->info.EndOfFile;
        d->AllocationSize = e->info.AllocationSize;
        d->FileAttributes = e->info.FileAttributes;
        d->FileNameLength = *name_bytes;
    }
    uint32_t copy = room - head < *name_bytes ? room - head : *name_bytes;
    if (w)
        memcpy(out + head, w, copy);
    free(w);
    return head + copy;
}

/* Entries 8-aligned and chained by NextEntryOffset; an entry that does
 * not fit waits for the next call, unless it is the first (its fixed part
 * and what fits of the name, STATUS_BUFFER_OVERFLOW). */
static NTSTATUS fill_directory(uint32_t h, uint8_t *buf, uint32_t len, uint32_t cls, bool single,
                               const char *pattern, bool restart, uint32_t *used)
{
    uint32_t head = name_offset(cls), last = 0, pos = 0;
    struct nt_dir_entry e;
    *used = 0;
    for (bool first = true;; first = false) {
        NTSTATUS st = nt_query_directory_entry(h, pattern, restart && first, &e);
        if (st)
            return first ? st : 0;
        size_t n = 0;
        uint16_t *w = utf8_to_utf16(e.name, &n);
        free(w);
        uint32_t need = head + (uint32_t)n * 2, name_bytes;
        if (!first && pos + need > len) {
            nt_query_directory_unget(h);
            return 0;
        }
        uint32_t size = put_entry(buf + pos, len - pos, cls, &e, &name_bytes);
        if (!first)
            *(uint32_t *)(buf + last) = pos - last; /* NextEntryOffset */
        *used = pos + size;
        if (size < need)
            return STATUS_BUFFER_OVERFLOW;
        last = pos;
        pos = (pos + size + 7) & ~7u;
        if (single || pos >= len)
            return 0;
    }
}

uint64_t ntdll_NtQueryDirectoryFile(struct thunk_call *c)
{
    API_ARGS(ntdll, NtQueryDirectoryFile, a);
    gaddr iosb = a.IoStatusBlock, out = a.FileInformation, pname = a.FileName;
    uint32_t len = a.Length, cls = a.FileInformationClass, used = 0;
    NTSTATUS st = 0;
    if (a.Event || a.ApcRoutine)
        return STATUS_NOT_SUPPORTED;
    if (!name_offset(cls))
        return STATUS_INVALID_INFO_CLASS;
    if (len < name_offset(cls))
        return STATUS_INFO_LENGTH_MISMATCH;
    if (len > MAX_INFO_LENGTH)
        len = MAX_INFO_LENGTH;
    char *pattern = pname ? nt_read_unicode_string(pname, &st) : NULL;
    if (pname && !pattern)
        return st;
    uint8_t *buf = calloc(1, len);
    if (!buf) {
        free(pattern);
        return STATUS_NO_MEMORY;
    }
    st = fill_directory(a.FileHandle, buf, len, cls, a.ReturnSingleEntry & 0xFF, pattern, a.RestartScan & 0xFF, &used);
    if ((NT_SUCCESS(st) || st == STATUS_BUFFER_OVERFLOW) && !gm_write(out, buf, used))
        st = STATUS_ACCESS_VIOLATION;
    free(buf);
    free(pattern);
    return complete(iosb, st, used);
}

/* ---- by name ------------------------------------------------------------- */

static NTSTATUS query_attributes(gaddr oa, FILE_NETWORK_OPEN_INFORMATION32 *info)
{
    NTSTATUS st;
    char *path = object_path(oa, &st);
    if (!path)
        return st;
    st = nt_query_full_attributes_file(path, info);
    free(path);
    return st;
}

uint64_t ntdll_NtQueryAttributesFile(struct thunk_call *c)
{
    API_ARGS(ntdll, NtQueryAttributesFile, a);
    FILE_NETWORK_OPEN_INFORMATION32 ni;
    NTSTATUS st = query_attributes(a.ObjectAttributes, &ni);
    if (st)
        return st;
    FILE_BASIC_INFORMATION32 b = { ni.CreationTime, ni.LastAccessTime, ni.LastWriteTime, ni.ChangeTime,
                                   ni.FileAttributes };
    return gm_write(a.FileInformation, &b, sizeof b) ? 0 : STATUS_ACCESS_VIOLATION;
}

uint64_t ntdll_NtQueryFullAttributesFile(struct thunk_call *c)
{
    API_ARGS(ntdll, NtQueryFullAttributesFile, a);
    FILE_NETWORK_OPEN_INFORMATION32 ni;
    NTSTATUS st = query_attributes(a.ObjectAttributes, &ni);
    if (st)
        return st;
    return gm_write(a.FileInformation, &ni, sizeof ni) ? 0 : STATUS_ACCESS_VIOLATION;
}

uint64_t ntdll_NtDeleteFile(struct thunk_call *c)
{
    API_ARGS(ntdll, NtDeleteFile, a);
    NTSTATUS st;
    char *path = object_path(a.ObjectAttributes, &st);
    if (!path)
        return st;
    st = nt_delete_file(path);
    free(path);
    return st;
}

uint64_t ntdll_NtFlushBuffersFile(struct thunk_call *c)
{
    API_ARGS(ntdll, NtFlushBuffersFile, a);
    return complete(a.IoStatusBlock, nt_flush_buffers_file(a.FileHandle), 0);
}

/* ---- handles and locks ------------------------------------------------- */

uint64_t ntdll_NtClose(struct thunk_call *c)
{
    API_ARGS(ntdll, NtClose, a);
    return nt_close(a.Handle);
}

uint64_t ntdll_NtDuplicateObject(struct thunk_call *c)
{
    API_ARGS(ntdll, NtDuplicateObject, a);
    uint32_t src_proc = a.SourceProcessHandle, h = a.SourceHandle, dst_proc = a.TargetProcessHandle;
    uint32_t options = a.Options, dup = 0;
    gaddr out = a.TargetHandle;
    if (src_proc != CURRENT_PROCESS || (dst_proc != CURRENT_PROCESS && out))
        return STATUS_INVALID_HANDLE; /* one process: no other handle tables */
    NTSTATUS st = out ? nt_duplicate_object(h, &dup) : 0;
    if (!st && out && !gm_write_u32(out, dup)) {
        nt_close(dup);
        st = STATUS_ACCESS_VIOLATION;
    }
    if (options & DUPLICATE_CLOSE_SOURCE)
        nt_close(h);
    return st;
}

static bool read_range(gaddr off, gaddr len, uint64_t *o, uint64_t *l)
{
    return off && len && gm_read(off, o, 8) && gm_read(len, l, 8);
}

uint64_t ntdll_NtLockFile(struct thunk_call *c)
{
    API_ARGS(ntdll, NtLockFile, a);
    uint64_t off, len;
    if (a.Event || a.ApcRoutine)
        return STATUS_NOT_SUPPORTED;
    if (!read_range(a.ByteOffset, a.Length, &off, &len))
        return STATUS_ACCESS_VIOLATION;
    NTSTATUS st = nt_lock_file(a.FileHandle, off, len, (a.ExclusiveLock & 0xFF) != 0);
    return complete(a.IoStatusBlock, st, 0);
}

uint64_t ntdll_NtUnlockFile(struct thunk_call *c)
{
    API_ARGS(ntdll, NtUnlockFile, a);
    uint64_t off, len;
    if (!read_range(a.ByteOffset, a.Length, &off, &len))
        return STATUS_ACCESS_VIOLATION;
    return complete(a.IoStatusBlock, nt_unlock_file(a.FileHandle, off, len), 0);
}
