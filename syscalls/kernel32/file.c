/* kernel32 file handles on the NT file services (syscalls/ntdll/nt_file.h):
 * the standard handles, CreateFile's dispositions and errors, reads, writes,
 * file pointers, sizes and times; NTSTATUS becomes the last error through
 * the one table. Names and directories live in kernel32/fs.c. */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "core/handles.h"
#include "core/host_io.h"
#include "core/process.h"
#include "core/unicode.h"
#include "loader/peb.h"
#include "syscalls/api.h"
#include "syscalls/console_text.h"
#include "syscalls/kernel32/api_args.h"
#include "syscalls/kernel32/file.h"
#include "syscalls/kernel32/child_spec.h"
#include "syscalls/kernel32/iocp.h"
#include "syscalls/kernel32/objects.h"
#include "syscalls/kernel32/struct32_file.h"
#include "syscalls/ntdll/nt_file.h"
#include "syscalls/ntdll/path.h"
#include "syscalls/ntdll/status.h"
#include "syscalls/win32_errors.h"

#define STD_INPUT_HANDLE  ((uint32_t)-10)
#define STD_OUTPUT_HANDLE ((uint32_t)-11)
#define STD_ERROR_HANDLE  ((uint32_t)-12)

#define FILE_TYPE_UNKNOWN 0u
#define FILE_TYPE_DISK    1u
#define FILE_TYPE_CHAR    2u
#define FILE_TYPE_PIPE    3u

#define FILE_BEGIN   0u
#define FILE_CURRENT 1u
#define FILE_END     2u

#define INVALID_SET_FILE_POINTER 0xFFFFFFFFu
#define INVALID_FILE_SIZE        0xFFFFFFFFu

static uint64_t fail(uint32_t err)
{
    teb_set_last_error(err);
    return 0;
}

/* For the calls whose failure value is not 0. */
static uint64_t fail_ret(uint32_t err, uint64_t ret)
{
    teb_set_last_error(err);
    return ret;
}

/* The NT layer's errno table, read as a Win32 error; an existing name is
 * "file exists" for the creating callers that still use this. */
uint32_t errno_to_win32(int e)
{
    return e == EEXIST ? ERROR_FILE_EXISTS : ntstatus_to_win32(nt_status_from_errno(e));
}

/* ---- helpers shared with kernel32/fs.c and msvcrt ---------------------- */

char *k32_path_arg(gaddr p, bool wide, uint32_t *err)
{
    if (!p) {
        *err = ERROR_PATH_NOT_FOUND;
        return NULL;
    }
    char *s;
    if (wide) {
        s = gm_wcs_to_utf8(p);
    } else {
        char *a = gm_strdup(p);
        s = a ? ansi_to_utf8(a) : NULL;
        free(a);
    }
    if (!s)
        *err = ERROR_NOACCESS;
    return s;
}

uint32_t k32_put_string(const char *s, gaddr buf, uint32_t cch, bool wide)
{
    size_t n;
    void *conv;
    if (wide) {
        conv = utf8_to_utf16(s, &n);
    } else {
        conv = utf8_to_ansi(s);
        n = conv ? strlen(conv) : 0;
    }
    if (!conv) {
        teb_set_last_error(ERROR_NOT_ENOUGH_MEMORY);
        return 0;
    }
    size_t unit = wide ? 2 : 1;
    uint32_t r = (uint32_t)n;
    if (n + 1 > cch)
        r = (uint32_t)n + 1;
    else if (!gm_write(buf, conv, (n + 1) * unit))
        r = (uint32_t)fail(ERROR_NOACCESS);
    free(conv);
    return r;
}

uint64_t k32_filetime(const struct timespec *ts)
{
    return (uint64_t)nt_filetime(ts);
}

bool k32_readonly(const struct stat *st)
{
    return (nt_stat_attributes(st) & FILE_ATTRIBUTE_READONLY) != 0;
}

uint32_t k32_attributes(const struct stat *st)
{
    return nt_stat_attributes(st);
}

/* ---- standard handles --------------------------------------------------- */

static uint32_t std_slot(uint32_t which)
{
    switch (which) {
    case STD_INPUT_HANDLE: return PARAMS_STDIN;
    case STD_OUTPUT_HANDLE: return PARAMS_STDOUT;
    case STD_ERROR_HANDLE: return PARAMS_STDERR;
    default: return 0;
    }
}

/* Console handles wrap host fds 0-2; a terminal is a console, a pipe or
 * file stays what it is (GetFileType tells the guest). */
bool kernel32_std_handles_init(void)
{
    static const uint32_t slots[3] = { PARAMS_STDIN, PARAMS_STDOUT, PARAMS_STDERR };
    /* a created process: inherited handles first, at their values */
    if (!child_spec_restore_handles())
        return false;
    for (int fd = 0; fd < 3; fd++) {
        uint32_t given = child_spec_self ? child_spec_self->std[fd] : 0;
        uint32_t h = given && handle_get(given, HANDLE_FREE) ? given : nt_std_handle(fd);
        if (!h)
            return false;
        gm_write_u32(proc->params + slots[fd], h);
    }
    return true;
}

uint64_t kernel32_GetStdHandle(struct thunk_call *c)
{
    API_ARGS(kernel32, GetStdHandle, a);
    uint32_t slot = std_slot(a.nStdHandle), h = 0;
    if (!slot) {
        teb_set_last_error(ERROR_INVALID_HANDLE);
        return INVALID_HANDLE_VALUE;
    }
    gm_read_u32(proc->params + slot, &h);
    return h;
}

uint64_t kernel32_SetStdHandle(struct thunk_call *c)
{
    API_ARGS(kernel32, SetStdHandle, a);
    uint32_t slot = std_slot(a.nStdHandle);
    if (!slot)
        return fail(ERROR_INVALID_HANDLE);
    return gm_write_u32(proc->params + slot, a.hHandle);
}

struct handle_obj *kernel32_io_handle(uint32_t h)
{
    struct handle_obj *o = handle_get(h, HANDLE_FREE);
    if (!o || (o->type != HANDLE_FILE && o->type != HANDLE_CONSOLE && o->type != HANDLE_SOCKET))
        return NULL;
    return o;
}

/* A handle to a file object (not a console). */
static bool is_file_handle(uint32_t h)
{
    struct handle_obj *o = kernel32_io_handle(h);
    return o && o->type == HANDLE_FILE;
}

/* ---- CreateFile ---------------------------------------------------------- */

char *k32_nt_path(const char *win, uint32_t *err)
{
    NTSTATUS st;
    char *nt = nt_dos_path_to_nt(proc->cwd_win, win, NULL, &st);
    if (!nt)
        *err = ntstatus_to_win32(st);
    return nt;
}

/* CreateFile's dispositions as NtCreateFile's. */
static const uint32_t nt_disposition[] = {
    [CREATE_NEW] = FILE_CREATE, [CREATE_ALWAYS] = FILE_OVERWRITE_IF, [OPEN_EXISTING] = FILE_OPEN,
    [OPEN_ALWAYS] = FILE_OPEN_IF, [TRUNCATE_EXISTING] = FILE_OVERWRITE,
};

uint32_t k32_create_file(const char *win, uint32_t access, uint32_t share, uint32_t disposition,
                         uint32_t flags, uint32_t *err)
{
    if (disposition < CREATE_NEW || disposition > TRUNCATE_EXISTING) {
        *err = ERROR_INVALID_PARAMETER;
        return 0;
    }
    if (!*win) {
        *err = ERROR_PATH_NOT_FOUND;
        return 0;
    }
    char *nt = k32_nt_path(win, err);
    if (!nt)
        return 0;
    uint32_t options = FILE_SYNCHRONOUS_IO_NONALERT;
    options |= (flags & FILE_FLAG_BACKUP_SEMANTICS) ? FILE_OPEN_FOR_BACKUP_INTENT : FILE_NON_DIRECTORY_FILE;
    /* deleting on close is a delete: kernelbase asks for DELETE with it */
    if (flags & FILE_FLAG_DELETE_ON_CLOSE) {
        options |= FILE_DELETE_ON_CLOSE;
        access |= NT_DELETE;
    }
    struct nt_create req = { nt, access | NT_SYNCHRONIZE | FILE_READ_ATTRIBUTES, flags & 0xFFFFu,
                             share & (FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE), nt_disposition[disposition],
                             options };
    uint32_t h = 0, info = 0;
    NTSTATUS st = 0;
    /* FILE_WRITE_DATA alone does not truncate: kernelbase asks for GENERIC_WRITE */
    if (disposition == TRUNCATE_EXISTING && !(access & (GENERIC_WRITE | GENERIC_ALL)))
        st = STATUS_INVALID_PARAMETER;
    else
        st = nt_create_file(&req, &h, &info);
    free(nt);
    if (st) {
        /* CreateFile's own reading of a name collision */
        *err = st == STATUS_OBJECT_NAME_COLLISION ? ERROR_FILE_EXISTS : ntstatus_to_win32(st);
        return 0;
    }
    bool reported = disposition == CREATE_ALWAYS || disposition == OPEN_ALWAYS;
    *err = reported && (info == FILE_OPENED || info == FILE_OVERWRITTEN) ? ERROR_ALREADY_EXISTS : 0;
    return h;
}

static uint64_t create_file(gaddr name, uint32_t access, uint32_t share, gaddr sa, uint32_t disposition,
                            uint32_t flags, bool wide)
{
    uint32_t err = ERROR_NOACCESS;
    bool inherit;
    char *path = k32_sa_inherit(sa, &inherit) ? k32_path_arg(name, wide, &err) : NULL;
    if (!path) {
        teb_set_last_error(err);
        return INVALID_HANDLE_VALUE;
    }
    uint32_t h = k32_create_file(path, access, share, disposition, flags, &err);
    free(path);
    teb_set_last_error(err);
    return h ? k32_handle_inherit(h, inherit) : INVALID_HANDLE_VALUE;
}

uint64_t kernel32_CreateFileA(struct thunk_call *c)
{
    API_ARGS(kernel32, CreateFileA, a);
    return create_file(a.lpFileName, a.dwDesiredAccess, a.dwShareMode, a.lpSecurityAttributes,
                       a.dwCreationDisposition, a.dwFlagsAndAttributes, false);
}

uint64_t kernel32_CreateFileW(struct thunk_call *c)
{
    API_ARGS(kernel32, CreateFileW, a);
    return create_file(a.lpFileName, a.dwDesiredAccess, a.dwShareMode, a.lpSecurityAttributes,
                       a.dwCreationDisposition, a.dwFlagsAndAttributes, true);
}

/* ---- reads and writes ---------------------------------------------------- */

/* An OVERLAPPED on a synchronous handle carries the file offset to use. */
static bool overlapped_offset(gaddr ov, int64_t *off)
{
    OVERLAPPED32 o;
    *off = FILE_USE_FILE_POINTER_POSITION;
    if (!ov)
        return true;
    if (!gm_read(ov, &o, sizeof o))
        return false;
    *off = (int64_t)((uint64_t)o.OffsetHigh << 32 | o.Offset);
    return true;
}

static void finish_overlapped(gaddr ov, NTSTATUS st, uint32_t n)
{
    if (!ov)
        return;
    gm_write_u32(ov + offsetof(OVERLAPPED32, Internal), st);
    gm_write_u32(ov + offsetof(OVERLAPPED32, InternalHigh), n);
}

uint64_t kernel32_WriteFile(struct thunk_call *c)
{
    API_ARGS(kernel32, WriteFile, a);
    uint32_t h = a.hFile, n = a.nNumberOfBytesToWrite, done = 0;
    gaddr buf = a.lpBuffer, written = a.lpNumberOfBytesWritten, ov = a.lpOverlapped;
    int64_t off;
    if (!kernel32_io_handle(h))
        return fail(ERROR_INVALID_HANDLE);
    const void *p = n ? gm_ptr(buf, n, false) : "";
    if (!p)
        return fail(ERROR_NOACCESS);
    if (written && !gm_write_u32(written, 0))
        return fail(ERROR_NOACCESS);
    if (!overlapped_offset(ov, &off))
        return fail(ERROR_NOACCESS);
    NTSTATUS st = nt_write_file_guest(h, buf, n, &off, &done); /* pipes, consoles: outside the lock */
    if (st == STATUS_THREAD_IS_TERMINATING) {
        c->no_return = true;
        return 0;
    }
    if (written)
        gm_write_u32(written, done);
    finish_overlapped(ov, st, done);
    iocp_io_completed(kernel32_io_handle(h), ov, st, done);
    return st ? fail(ntstatus_to_win32(st)) : 1;
}

uint64_t kernel32_ReadFile(struct thunk_call *c)
{
    API_ARGS(kernel32, ReadFile, a);
    uint32_t h = a.hFile, n = a.nNumberOfBytesToRead, done = 0;
    gaddr buf = a.lpBuffer, nread = a.lpNumberOfBytesRead, ov = a.lpOverlapped;
    int64_t off;
    if (!kernel32_io_handle(h))
        return fail(ERROR_INVALID_HANDLE);
    void *p = n ? gm_ptr(buf, n, true) : NULL;
    if (!p && n)
        return fail(ERROR_NOACCESS);
    if (nread && !gm_write_u32(nread, 0))
        return fail(ERROR_NOACCESS);
    if (!overlapped_offset(ov, &off))
        return fail(ERROR_NOACCESS);
    NTSTATUS st = nt_read_file_guest(h, buf, n, &off, &done); /* pipes, consoles: outside the lock */
    if (st == STATUS_THREAD_IS_TERMINATING) {
        c->no_return = true;
        return 0;
    }
    if (nread)
        gm_write_u32(nread, done);
    finish_overlapped(ov, st, done);
    iocp_io_completed(kernel32_io_handle(h), ov, st, done);
    /* the end of a file is a successful read of nothing for ReadFile */
    if (st == STATUS_END_OF_FILE)
        return 1;
    return st ? fail(ntstatus_to_win32(st)) : 1;
}

uint64_t kernel32_CloseHandle(struct thunk_call *c)
{
    API_ARGS(kernel32, CloseHandle, a);
    uint32_t h = a.hObject;
    if (h == CURRENT_PROCESS_HANDLE || h == CURRENT_THREAD_HANDLE)
        return 1;
    return nt_close(h) ? fail(ERROR_INVALID_HANDLE) : 1;
}

uint64_t kernel32_GetFileType(struct thunk_call *c)
{
    API_ARGS(kernel32, GetFileType, a);
    FILE_FS_DEVICE_INFORMATION32 dev;
    uint32_t got;
    NTSTATUS st = nt_query_volume_information_file(a.hFile, FileFsDeviceInformation, &dev, sizeof dev, &got);
    if (st) {
        teb_set_last_error(ERROR_INVALID_HANDLE);
        return FILE_TYPE_UNKNOWN;
    }
    switch (dev.DeviceType) {
    case FILE_DEVICE_CONSOLE:
    case FILE_DEVICE_NULL: return FILE_TYPE_CHAR;
    case FILE_DEVICE_NAMED_PIPE: return FILE_TYPE_PIPE;
    default: return FILE_TYPE_DISK;
    }
}

/* ---- file pointer, size, end of file ------------------------------------ */

static uint64_t fail_status(NTSTATUS st)
{
    return fail(ntstatus_to_win32(st));
}

static NTSTATUS query(uint32_t h, uint32_t cls, void *buf, uint32_t size)
{
    uint32_t got;
    if (!is_file_handle(h))
        return STATUS_INVALID_HANDLE;
    return nt_query_information_file(h, cls, buf, size, &got);
}

/* Where SetFilePointerEx would move to; 0 or a Win32 error. */
static uint32_t pointer_target(uint32_t h, int64_t dist, uint32_t method, int64_t *target)
{
    FILE_POSITION_INFORMATION32 pos;
    FILE_STANDARD_INFORMATION32 std;
    NTSTATUS st = 0;
    int64_t base = 0;
    switch (method) {
    case FILE_BEGIN: st = query(h, FilePositionInformation, &pos, sizeof pos); break;
    case FILE_CURRENT: st = query(h, FilePositionInformation, &pos, sizeof pos); base = pos.CurrentByteOffset; break;
    case FILE_END: st = query(h, FileStandardInformation, &std, sizeof std); base = std.EndOfFile; break;
    default: return is_file_handle(h) ? ERROR_INVALID_PARAMETER : ERROR_INVALID_HANDLE;
    }
    if (st)
        return ntstatus_to_win32(st);
    *target = base + dist;
    return *target < 0 ? ERROR_NEGATIVE_SEEK : 0;
}

static uint32_t move_pointer(uint32_t h, int64_t target)
{
    FILE_POSITION_INFORMATION32 pos = { target };
    NTSTATUS st = nt_set_information_file(h, FilePositionInformation, &pos, sizeof pos);
    return st ? ntstatus_to_win32(st) : 0;
}

uint32_t k32_set_file_pointer(uint32_t h, int64_t dist, uint32_t method, int64_t *pos)
{
    uint32_t err = pointer_target(h, dist, method, pos);
    return err ? err : move_pointer(h, *pos);
}

uint64_t kernel32_SetFilePointer(struct thunk_call *c)
{
    API_ARGS(kernel32, SetFilePointer, a);
    uint32_t h = a.hFile, high = 0;
    gaddr phigh = a.lpDistanceToMoveHigh;
    if (!is_file_handle(h))
        return fail_ret(ERROR_INVALID_HANDLE, INVALID_SET_FILE_POINTER);
    if (phigh && !gm_read_u32(phigh, &high))
        return fail_ret(ERROR_NOACCESS, INVALID_SET_FILE_POINTER);
    /* without a high part the distance is a signed 32-bit value */
    int64_t dist = phigh ? (int64_t)((uint64_t)high << 32 | a.lDistanceToMove) : (int32_t)a.lDistanceToMove;
    int64_t pos = 0;
    uint32_t err = pointer_target(h, dist, a.dwMoveMethod, &pos);
    if (!err && !phigh && pos > 0xFFFFFFFFLL)
        err = ERROR_INVALID_PARAMETER;
    if (!err)
        err = move_pointer(h, pos);
    if (err)
        return fail_ret(err, INVALID_SET_FILE_POINTER);
    if (phigh)
        gm_write_u32(phigh, (uint32_t)((uint64_t)pos >> 32));
    /* a real position of 0xFFFFFFFF is told apart by GetLastError() == 0 */
    if ((uint32_t)pos == INVALID_SET_FILE_POINTER)
        teb_set_last_error(0);
    return (uint32_t)pos;
}

uint64_t kernel32_SetFilePointerEx(struct thunk_call *c)
{
    API_ARGS(kernel32, SetFilePointerEx, a);
    uint32_t h = a.hFile;
    gaddr out = a.lpNewFilePointer;
    int64_t pos = 0;
    if (!is_file_handle(h))
        return fail(ERROR_INVALID_HANDLE);
    uint32_t err = pointer_target(h, (int64_t)a.liDistanceToMove, a.dwMoveMethod, &pos);
    if (!err)
        err = move_pointer(h, pos);
    if (err)
        return fail(err);
    if (out && !gm_write(out, &pos, sizeof pos))
        return fail(ERROR_NOACCESS);
    return 1;
}

static bool handle_size(uint32_t h, uint64_t *size)
{
    FILE_STANDARD_INFORMATION32 std;
    if (query(h, FileStandardInformation, &std, sizeof std)) {
        teb_set_last_error(ERROR_INVALID_HANDLE);
        return false;
    }
    *size = (uint64_t)std.EndOfFile;
    return true;
}

uint64_t kernel32_GetFileSize(struct thunk_call *c)
{
    API_ARGS(kernel32, GetFileSize, a);
    uint64_t size;
    if (!handle_size(a.hFile, &size))
        return INVALID_FILE_SIZE;
    if (a.lpFileSizeHigh && !gm_write_u32(a.lpFileSizeHigh, (uint32_t)(size >> 32)))
        return fail_ret(ERROR_NOACCESS, INVALID_FILE_SIZE);
    if ((uint32_t)size == INVALID_FILE_SIZE)
        teb_set_last_error(0);
    return (uint32_t)size;
}

uint64_t kernel32_GetFileSizeEx(struct thunk_call *c)
{
    API_ARGS(kernel32, GetFileSizeEx, a);
    uint64_t size;
    if (!handle_size(a.hFile, &size))
        return 0;
    return gm_write(a.lpFileSize, &size, sizeof size) ? 1 : fail(ERROR_NOACCESS);
}

uint64_t kernel32_SetEndOfFile(struct thunk_call *c)
{
    API_ARGS(kernel32, SetEndOfFile, a);
    FILE_POSITION_INFORMATION32 pos;
    uint32_t h = a.hFile;
    NTSTATUS st = query(h, FilePositionInformation, &pos, sizeof pos);
    if (st)
        return fail(ERROR_INVALID_HANDLE);
    FILE_END_OF_FILE_INFORMATION32 eof = { pos.CurrentByteOffset };
    st = nt_set_information_file(h, FileEndOfFileInformation, &eof, sizeof eof);
    return st ? fail_status(st) : 1;
}

uint64_t kernel32_FlushFileBuffers(struct thunk_call *c)
{
    API_ARGS(kernel32, FlushFileBuffers, a);
    NTSTATUS st = nt_flush_buffers_file(a.hFile);
    return st ? fail_status(st) : 1;
}

/* ---- times and information ---------------------------------------------- */

static bool put_filetime(gaddr at, int64_t t)
{
    FILETIME32 ft = filetime32(t);
    return !at || gm_write(at, &ft, sizeof ft);
}

uint64_t kernel32_GetFileTime(struct thunk_call *c)
{
    API_ARGS(kernel32, GetFileTime, a);
    FILE_BASIC_INFORMATION32 b;
    if (query(a.hFile, FileBasicInformation, &b, sizeof b))
        return fail(ERROR_INVALID_HANDLE);
    if (!put_filetime(a.lpCreationTime, b.CreationTime) || !put_filetime(a.lpLastAccessTime, b.LastAccessTime) ||
        !put_filetime(a.lpLastWriteTime, b.LastWriteTime))
        return fail(ERROR_NOACCESS);
    return 1;
}

/* NULL and 0 leave a time alone (so do -1 and -2, "stop updating"). */
static bool get_time_arg(gaddr p, int64_t *t)
{
    FILETIME32 ft = { 0, 0 };
    if (p && !gm_read(p, &ft, sizeof ft))
        return false;
    *t = filetime32_value(ft);
    return true;
}

uint64_t kernel32_SetFileTime(struct thunk_call *c)
{
    API_ARGS(kernel32, SetFileTime, a);
    FILE_BASIC_INFORMATION32 b = { 0 };
    uint32_t h = a.hFile;
    if (!is_file_handle(h))
        return fail(ERROR_INVALID_HANDLE);
    if (!get_time_arg(a.lpCreationTime, &b.CreationTime) || !get_time_arg(a.lpLastAccessTime, &b.LastAccessTime) ||
        !get_time_arg(a.lpLastWriteTime, &b.LastWriteTime))
        return fail(ERROR_NOACCESS);
    NTSTATUS st = nt_set_information_file(h, FileBasicInformation, &b, sizeof b);
    return st ? fail_status(st) : 1;
}

/* The volume serial GetVolumeInformation reports for the file's volume. */
static uint32_t volume_serial(uint32_t h)
{
    union {
        FILE_FS_VOLUME_INFORMATION32 v;
        uint8_t space[64];
    } u;
    uint32_t got;
    NTSTATUS st = nt_query_volume_information_file(h, FileFsVolumeInformation, &u, sizeof u, &got);
    return NT_SUCCESS(st) ? u.v.VolumeSerialNumber : 0;
}

uint64_t kernel32_GetFileInformationByHandle(struct thunk_call *c)
{
    API_ARGS(kernel32, GetFileInformationByHandle, a);
    uint32_t h = a.hFile;
    FILE_BASIC_INFORMATION32 b;
    FILE_STANDARD_INFORMATION32 s;
    FILE_INTERNAL_INFORMATION32 id;
    if (query(h, FileBasicInformation, &b, sizeof b) || query(h, FileStandardInformation, &s, sizeof s) ||
        query(h, FileInternalInformation, &id, sizeof id))
        return fail(ERROR_INVALID_HANDLE);
    BY_HANDLE_FILE_INFORMATION32 info = {
        .dwFileAttributes = b.FileAttributes,
        .ftCreationTime = filetime32(b.CreationTime),
        .ftLastAccessTime = filetime32(b.LastAccessTime),
        .ftLastWriteTime = filetime32(b.LastWriteTime),
        .dwVolumeSerialNumber = volume_serial(h),
        .nFileSizeHigh = (uint32_t)((uint64_t)s.EndOfFile >> 32),
        .nFileSizeLow = (uint32_t)s.EndOfFile,
        .nNumberOfLinks = s.NumberOfLinks,
        .nFileIndexHigh = (uint32_t)((uint64_t)id.IndexNumber >> 32),
        .nFileIndexLow = (uint32_t)id.IndexNumber,
    };
    return gm_write(a.lpFileInformation, &info, sizeof info) ? 1 : fail(ERROR_NOACCESS);
}

/* ---- console output ------------------------------------------------------ */

/* WriteConsole writes only to a console: on a redirected handle (file,
 * pipe) it fails with ERROR_INVALID_HANDLE, as on Windows, which is how
 * programs learn to fall back to WriteFile in the console's code page. */
static bool is_console(uint32_t h)
{
    return handle_get(h, HANDLE_CONSOLE) != NULL;
}

/* Console text goes out as UTF-8 (len bytes) through the same write service. */
static uint64_t write_console(uint32_t console, gaddr written, char *utf8, size_t len, uint32_t chars)
{
    uint32_t done = 0;
    NTSTATUS st = utf8 ? nt_write_file(console, utf8, (uint32_t)len, NULL, &done) : STATUS_NO_MEMORY;
    free(utf8);
    if (written)
        gm_write_u32(written, st ? 0 : chars);
    return st ? fail(ERROR_INVALID_HANDLE) : 1;
}

/* The bytes are in the console's output code page, not the ANSI one. */
uint64_t kernel32_WriteConsoleA(struct thunk_call *c)
{
    API_ARGS(kernel32, WriteConsoleA, a);
    uint32_t n = a.nNumberOfCharsToWrite;
    if (!is_console(a.hConsoleOutput))
        return fail(ERROR_INVALID_HANDLE);
    const uint8_t *p = n ? gm_ptr(a.lpBuffer, n, false) : (const uint8_t *)"";
    if (!p)
        return fail(ERROR_NOACCESS);
    size_t len = 0;
    char *u = console_output_to_utf8(p, n, &len);
    return write_console(a.hConsoleOutput, a.lpNumberOfCharsWritten, u, len, n);
}

uint64_t kernel32_WriteConsoleW(struct thunk_call *c)
{
    API_ARGS(kernel32, WriteConsoleW, a);
    uint32_t n = a.nNumberOfCharsToWrite;
    if (!is_console(a.hConsoleOutput))
        return fail(ERROR_INVALID_HANDLE);
    const uint16_t *p = n ? gm_ptr(a.lpBuffer, (size_t)n * 2, false) : (const uint16_t *)u"";
    if (!p)
        return fail(ERROR_NOACCESS);
    char *u = utf16_to_utf8(p, n);
    return write_console(a.hConsoleOutput, a.lpNumberOfCharsWritten, u, u ? strlen(u) : 0, n);
}
