/* NT file services on host file descriptors: create/open with NT
 * dispositions and statuses, synchronous reads and writes, information
 * classes, volumes, deletes and delete-on-close. */
#define _GNU_SOURCE
#include "syscalls/ntdll/nt_file.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/statvfs.h>

#include "core/clock.h"
#include "core/guest_mem.h"
#include "core/host_io.h"
#include "core/process.h"
#include "core/trace.h"
#include "core/trace_record.h"
#include "core/unicode.h"
#include "syscalls/console_text.h"
#include "syscalls/ntdll/path.h"
#include "syscalls/ntdll/nt_section.h"
#include "syscalls/ntdll/nt_share.h"
#include "syscalls/ntdll/status.h"

/* Seconds from 1601-01-01 (FILETIME epoch) to 1970-01-01. */

/* What an NT file handle carries beyond the fd (handle_obj.data). */
struct nt_file {
    bool delete_on_close;
    bool readonly; /* on a read-only drive: nothing about the file may change */
    char *nt_path;
    void *dir; /* enumeration state (nt_dir.c) */
    void *notify; /* change watch (nt_dir_notify.c) */
};

/* ---- host stat data in Windows terms ------------------------------------ */

int64_t nt_filetime(const struct timespec *ts)
{
    return clock_filetime_of_host(ts);
}

static struct timespec timespec_of(int64_t ft)
{
    return clock_host_of_filetime(ft);
}

/* Checked by hand because root ignores the permission bits. */
static bool stat_readonly(const struct stat *st)
{
    return !S_ISDIR(st->st_mode) && (st->st_mode & 0222) == 0;
}

uint32_t nt_stat_attributes(const struct stat *st)
{
    uint32_t a = S_ISDIR(st->st_mode) ? FILE_ATTRIBUTE_DIRECTORY : FILE_ATTRIBUTE_ARCHIVE;
    if (stat_readonly(st))
        a |= FILE_ATTRIBUTE_READONLY;
    return a;
}

/* Linux keeps no creation time that can be set; the older of the change
 * and modification times stands in for it. */
static int64_t creation_time(const struct stat *st)
{
    int64_t c = nt_filetime(&st->st_ctim), m = nt_filetime(&st->st_mtim);
    return c < m ? c : m;
}

void nt_stat_to_info(const struct stat *st, FILE_NETWORK_OPEN_INFORMATION32 *out)
{
    memset(out, 0, sizeof *out);
    out->CreationTime = creation_time(st);
    out->LastAccessTime = nt_filetime(&st->st_atim);
    out->LastWriteTime = nt_filetime(&st->st_mtim);
    out->ChangeTime = nt_filetime(&st->st_ctim);
    out->EndOfFile = S_ISREG(st->st_mode) ? (int64_t)st->st_size : 0;
    out->AllocationSize = S_ISREG(st->st_mode) ? (int64_t)st->st_blocks * 512 : 0;
    out->FileAttributes = nt_stat_attributes(st);
}

/* A regular file or directory (not a device such as NUL's /dev/null):
 * only those may have their host metadata changed or be deleted. */
static bool plain_file(int fd)
{
    struct stat st;
    return fstat(fd, &st) == 0 && (S_ISREG(st.st_mode) || S_ISDIR(st.st_mode));
}

/* ---- delete-on-close ----------------------------------------------------- */

/* Files still marked delete-on-close when the process ends go then, as
 * Windows removes them when the last handle dies with the process. */
static char **pending_deletes;
static size_t pending_count;

/* Removes a file or empty directory, never a device node. */
static void remove_host(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return;
    if (S_ISDIR(st.st_mode))
        rmdir(path);
    else if (S_ISREG(st.st_mode) || S_ISLNK(st.st_mode))
        unlink(path);
}

static void delete_pending_at_exit(void)
{
    for (size_t i = 0; i < pending_count; i++)
        if (pending_deletes[i])
            remove_host(pending_deletes[i]);
}

static void forget_pending(const char *path)
{
    for (size_t i = 0; i < pending_count; i++) {
        if (pending_deletes[i] && strcmp(pending_deletes[i], path) == 0) {
            free(pending_deletes[i]);
            pending_deletes[i] = NULL;
            return;
        }
    }
}

static void remember_pending(const char *path)
{
    static bool registered;
    if (!registered)
        registered = atexit(delete_pending_at_exit) == 0;
    char **n = realloc(pending_deletes, (pending_count + 1) * sizeof *n);
    if (!n)
        return;
    pending_deletes = n;
    pending_deletes[pending_count] = strdup(path);
    if (pending_deletes[pending_count])
        pending_count++;
}

static void file_destroy(struct handle_obj *o);

static struct nt_file *file_of(struct handle_obj *o)
{
    return o && o->destroy == file_destroy ? o->data : NULL;
}

void **nt_file_notify_slot(struct handle_obj *o)
{
    struct nt_file *f = file_of(o);
    return f ? &f->notify : NULL;
}

void **nt_file_dir_slot(struct handle_obj *o)
{
    struct nt_file *f = file_of(o);
    return f ? &f->dir : NULL;
}

const char *nt_file_nt_path(struct handle_obj *o)
{
    struct nt_file *f = file_of(o);
    return f ? f->nt_path : NULL;
}

static void set_delete_on_close(struct handle_obj *o, bool on)
{
    struct nt_file *f = file_of(o);
    if (!f || !o->host_path || f->delete_on_close == on || (on && !plain_file(o->fd)))
        return;
    f->delete_on_close = on;
    if (on)
        remember_pending(o->host_path);
    else
        forget_pending(o->host_path);
}

/* The last handle to an open file went away. */
static void file_destroy(struct handle_obj *o)
{
    struct nt_file *f = o->data;
    /* FILE_DELETE_ON_CLOSE: the file's deletion is pending from now on, and
     * it goes when its last open in any process closes (nt_share.c); a
     * directory, or a file no open is recorded for, goes now */
    bool doc = f && f->delete_on_close && o->host_path;
    struct stat st;
    bool marked = doc && fstat(o->fd, &st) == 0 && S_ISREG(st.st_mode) && nt_share_set_delete_pending(&st, true);
    if (!nt_share_remove(o) && marked) {
        nt_share_set_delete_pending(&st, false);
        marked = false;
    }
    nt_locks_release(o);
    nt_dir_release(o);
    nt_dir_notify_release(o);
    if (doc) {
        if (!marked)
            remove_host(o->host_path);
        forget_pending(o->host_path);
    }
    if (f)
        free(f->nt_path);
    free(f);
    o->data = NULL;
}

/* ---- kernel-logger records ----------------------------------------------- */

/* FileObject and FileKey name the open file (core/trace_record.h); its
 * Cleanup and Close records come from core/handles.c, where every close
 * (CloseHandle, _close, fclose) ends the object. */
static uint32_t file_object_id(struct handle_obj *o)
{
    return trace_record_object_id(&o->trace_id);
}

static uint32_t record_tid(void)
{
    return current_thread ? current_thread->tid : 0;
}

static void record_file_io(unsigned kind, struct handle_obj *o, uint64_t offset, uint32_t size)
{
    TRACE_RECORD(kind, offset, trace_record_irp(), record_tid(), file_object_id(o), file_object_id(o), size, 0u);
}

/* Where the next transfer starts (0 where there is no position: pipes). */
static uint64_t file_position(const struct handle_obj *o)
{
    off_t pos = trace_enabled ? lseek(o->fd, 0, SEEK_CUR) : 0;
    return pos < 0 ? 0 : (uint64_t)pos;
}

/* ---- handles ------------------------------------------------------------- */

struct handle_obj *nt_file_object(uint32_t h, NTSTATUS *status)
{
    struct handle_obj *o = handle_get(h, HANDLE_FREE);
    if (!o) {
        *status = STATUS_INVALID_HANDLE;
        return NULL;
    }
    if (o->type != HANDLE_FILE && o->type != HANDLE_CONSOLE && o->type != HANDLE_SOCKET) {
        *status = STATUS_OBJECT_TYPE_MISMATCH;
        return NULL;
    }
    *status = 0;
    return o;
}

uint32_t nt_std_handle(int fd)
{
    struct handle_obj *o = calloc(1, sizeof *o);
    if (!o)
        return 0;
    o->type = isatty(fd) ? HANDLE_CONSOLE : HANDLE_FILE;
    o->fd = fd;
    uint32_t h = handle_new(o);
    if (!h)
        free(o);
    return h;
}

static NTSTATUS new_file_handle(int fd, const struct nt_host_path *hp, const char *nt_path, uint32_t options,
                                uint32_t *out)
{
    const char *host = hp->host;
    struct handle_obj *o = calloc(1, sizeof *o);
    struct nt_file *f = calloc(1, sizeof *f);
    char *path = strdup(host), *ntp = strdup(nt_path);
    if (!o || !f || !path || !ntp) {
        free(o);
        free(f);
        free(path);
        free(ntp);
        close(fd);
        return STATUS_NO_MEMORY;
    }
    f->nt_path = ntp;
    f->readonly = hp->readonly;
    o->type = HANDLE_FILE;
    o->fd = fd;
    o->append = (fcntl(fd, F_GETFL) & O_APPEND) != 0;
    o->host_path = path;
    o->data = f;
    o->destroy = file_destroy;
    set_delete_on_close(o, (options & FILE_DELETE_ON_CLOSE) != 0);
    *out = handle_new(o);
    if (*out)
        return 0;
    set_delete_on_close(o, false);
    o->destroy = NULL;
    close(fd);
    free(path);
    free(ntp);
    free(f);
    free(o);
    return STATUS_TOO_MANY_OPENED_FILES;
}

/* ---- NtCreateFile -------------------------------------------------------- */

static bool wants_write(uint32_t access)
{
    return access & (GENERIC_WRITE | GENERIC_ALL | FILE_WRITE_DATA | FILE_APPEND_DATA);
}

static bool wants_read(uint32_t access)
{
    return access & (GENERIC_READ | GENERIC_ALL | FILE_READ_DATA | MAXIMUM_ALLOWED);
}

static int open_flags(uint32_t access)
{
    bool r = wants_read(access), w = wants_write(access);
    int fl = O_CLOEXEC | (r && w ? O_RDWR : w ? O_WRONLY : O_RDONLY);
    /* FILE_APPEND_DATA without FILE_WRITE_DATA: every write goes to the end */
    if ((access & FILE_APPEND_DATA) && !(access & (GENERIC_WRITE | GENERIC_ALL | FILE_WRITE_DATA)))
        fl |= O_APPEND;
    return fl;
}

/* CONIN$, CONOUT$ and CON share the host's fds 0 and 1; other device
 * names (COM1, PRN, pipes, ...) have nothing behind them. */
static NTSTATUS open_device(const char *name, uint32_t access, uint32_t *handle)
{
    int fd;
    if (strcasecmp(name, "CONIN$") == 0)
        fd = 0;
    else if (strcasecmp(name, "CONOUT$") == 0)
        fd = 1;
    else if (strcasecmp(name, "CON") == 0)
        fd = wants_write(access) ? 1 : 0;
    else
        return STATUS_OBJECT_NAME_NOT_FOUND;
    *handle = nt_std_handle(fd);
    return *handle ? 0 : STATUS_TOO_MANY_OPENED_FILES;
}

static NTSTATUS plan_directory(uint32_t disposition, uint32_t options, int *oflags, uint32_t *info)
{
    if (disposition == FILE_CREATE)
        return STATUS_OBJECT_NAME_COLLISION;
    if (options & FILE_NON_DIRECTORY_FILE)
        return STATUS_FILE_IS_A_DIRECTORY;
    if (disposition != FILE_OPEN && disposition != FILE_OPEN_IF)
        return STATUS_ACCESS_DENIED;
    *oflags = O_RDONLY | O_DIRECTORY | O_CLOEXEC;
    *info = FILE_OPENED;
    return 0;
}

/* What open(2) must do for a disposition, given what exists. */
static NTSTATUS plan_open(const char *host, const struct stat *st, bool exists, const struct nt_create *r,
                          int *oflags, uint32_t *info)
{
    size_t len = strlen(host);
    bool trailing = len > 1 && host[len - 1] == '/';
    uint32_t disp = r->disposition;
    if (exists && S_ISDIR(st->st_mode))
        return plan_directory(disp, r->options, oflags, info);
    if (trailing)
        return exists || disp != FILE_OPEN ? STATUS_OBJECT_NAME_INVALID : STATUS_OBJECT_NAME_NOT_FOUND;
    if (exists && (r->options & FILE_DIRECTORY_FILE))
        return STATUS_NOT_A_DIRECTORY;
    *info = FILE_OPENED;
    if (exists && S_ISCHR(st->st_mode)) { /* NUL: dispositions do not apply */
        *oflags = open_flags(r->access) & ~O_APPEND;
        return 0;
    }
    int fl = open_flags(r->access);
    switch (disp) {
    case FILE_CREATE:
        if (exists)
            return STATUS_OBJECT_NAME_COLLISION;
        fl |= O_CREAT | O_EXCL;
        *info = FILE_CREATED;
        break;
    case FILE_SUPERSEDE:
    case FILE_OVERWRITE_IF:
        fl |= exists ? O_TRUNC : O_CREAT;
        *info = !exists ? FILE_CREATED : disp == FILE_SUPERSEDE ? FILE_SUPERSEDED : FILE_OVERWRITTEN;
        break;
    case FILE_OPEN:
        if (!exists)
            return STATUS_OBJECT_NAME_NOT_FOUND;
        break;
    case FILE_OPEN_IF:
        if (!exists) {
            fl |= O_CREAT;
            *info = FILE_CREATED;
        }
        break;
    case FILE_OVERWRITE:
        if (!exists)
            return STATUS_OBJECT_NAME_NOT_FOUND;
        fl |= O_TRUNC;
        *info = FILE_OVERWRITTEN;
        break;
    default:
        return STATUS_INVALID_PARAMETER;
    }
    bool writes = wants_write(r->access) || (fl & O_TRUNC);
    if (exists && writes && stat_readonly(st))
        return STATUS_ACCESS_DENIED;
    /* O_TRUNC needs write access on the host even for a read-only handle */
    if ((fl & O_TRUNC) && (fl & O_ACCMODE) == O_RDONLY)
        fl = (fl & ~O_ACCMODE) | O_RDWR;
    *oflags = fl;
    return 0;
}

static int open_host(const char *host, int fl, uint32_t attrs)
{
    mode_t mode = (attrs & FILE_ATTRIBUTE_READONLY) ? 0444 : 0666;
    int fd = open(host, fl, mode);
    /* access 0 (attribute queries, deletes) on a file we may not read */
    if (fd < 0 && errno == EACCES && (fl & O_ACCMODE) == O_RDONLY && !(fl & O_CREAT))
        fd = open(host, O_PATH | O_CLOEXEC);
    return fd;
}

static NTSTATUS open_failed(int e, int fl)
{
    if (e == ENOENT && (fl & O_CREAT))
        return STATUS_OBJECT_PATH_NOT_FOUND;
    return nt_status_from_errno(e);
}

/* Would the open change the file system (create, overwrite, or a handle
 * that may write, delete or change attributes)?  A read-only drive
 * refuses those as write-protected media does. */
static bool open_modifies(const struct nt_create *r, bool exists)
{
    const uint32_t changing = NT_DELETE | FILE_WRITE_ATTRIBUTES | FILE_WRITE_EA | WRITE_DAC | WRITE_OWNER;
    if (wants_write(r->access) || (r->access & changing) || (r->options & FILE_DELETE_ON_CLOSE))
        return true;
    if (r->disposition == FILE_SUPERSEDE || r->disposition == FILE_OVERWRITE || r->disposition == FILE_OVERWRITE_IF)
        return true;
    return !exists && (r->disposition == FILE_CREATE || r->disposition == FILE_OPEN_IF);
}

/* FILE_DIRECTORY_FILE with a create disposition and nothing there yet. */
static NTSTATUS create_directory(const char *host)
{
    if (mkdir(host, 0777) == 0)
        return 0;
    return errno == ENOENT ? STATUS_OBJECT_PATH_NOT_FOUND : nt_status_from_errno(errno);
}

/* The NT name a path reached after WoW64 redirection, for the trace: the
 * path asked for and the path used, side by side. */
static void used_name(const char *nt, const struct nt_host_path *hp, char *used, size_t usedsz)
{
    char dos[4096];
    if (hp->device[0] || nt_host_to_dos_path(hp->host, dos, sizeof dos) != STATUS_SUCCESS)
        snprintf(used, usedsz, "%s", nt);
    else
        snprintf(used, usedsz, "\\??\\%s", dos);
}

static NTSTATUS create_file(const struct nt_create *r, uint32_t *handle, uint32_t *info, char *used,
                            size_t usedsz)
{
    struct nt_host_path hp;
    *handle = 0;
    *info = 0;
    used[0] = 0;
    if (r->disposition > FILE_OVERWRITE_IF)
        return STATUS_INVALID_PARAMETER;
    if ((r->options & FILE_DIRECTORY_FILE) && (r->options & FILE_NON_DIRECTORY_FILE))
        return STATUS_INVALID_PARAMETER;
    NTSTATUS st = nt_path_to_host(r->nt_path, 0, &hp);
    if (st)
        return st;
    used_name(r->nt_path, &hp, used, usedsz);
    if (hp.device[0])
        return open_device(hp.device, r->access, handle);
    struct stat sb;
    bool exists = stat(hp.host, &sb) == 0;
    if (hp.readonly && open_modifies(r, exists))
        return STATUS_MEDIA_WRITE_PROTECTED;
    int fl = 0;
    if (!exists && (r->options & FILE_DIRECTORY_FILE)) {
        if (r->disposition != FILE_CREATE && r->disposition != FILE_OPEN_IF)
            return STATUS_OBJECT_NAME_NOT_FOUND;
        if ((st = create_directory(hp.host)) != 0)
            return st;
        fl = O_RDONLY | O_DIRECTORY | O_CLOEXEC;
        *info = FILE_CREATED;
    } else if ((st = plan_open(hp.host, &sb, exists, r, &fl, info)) != 0) {
        return st;
    }
    /* before the open: a refused CREATE_ALWAYS must not truncate */
    struct share_open *claim = NULL;
    if (exists && S_ISREG(sb.st_mode) && (st = nt_share_check(hp.host, &sb, r->access, r->share, &claim)) != 0)
        return st;
    int fd = open_host(hp.host, fl, r->attributes);
    if (fd < 0) {
        nt_share_cancel(claim);
        return open_failed(errno, fl);
    }
    /* a file this open created is claimed now (nothing can conflict yet) */
    bool created = !claim && fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode);
    if (created && nt_share_check(hp.host, &sb, r->access, r->share, &claim) != 0)
        claim = NULL;
    st = new_file_handle(fd, &hp, r->nt_path, r->options, handle);
    if (st == 0)
        nt_share_add(claim, handle_get(*handle, HANDLE_FILE));
    else
        nt_share_cancel(claim);
    return st;
}

/* Each service shows in the trace as a nested NT call when kernel32 or
 * msvcrt issues it (when the guest called the ntdll export itself, that
 * call is the NT event and nothing nests). */
NTSTATUS nt_create_file(const struct nt_create *r, uint32_t *handle, uint32_t *info)
{
    int tr = TRACE_NT_BEGIN("NtCreateFile",
                            "S ObjectName, x DesiredAccess, x FileAttributes, x ShareAccess, u CreateDisposition, x CreateOptions",
                            r->nt_path, r->access, r->attributes, r->share, r->disposition, r->options);
    char used[4200];
    used[0] = 0;
    NTSTATUS st = create_file(r, handle, info, used, sizeof used);
    TRACE_NT_END(tr, st, "h FileHandle, u Information, S UsedName", *handle, *info, used);
    struct handle_obj *o = trace_enabled && st == 0 ? handle_get(*handle, HANDLE_FREE) : NULL;
    if (o) /* CreateOptions carries the disposition in its top byte, as the kernel logger's does */
        TRACE_RECORD(TRACE_REC_FILE_CREATE, trace_record_irp(), record_tid(), file_object_id(o),
                     r->disposition << 24 | (r->options & 0xFFFFFF), r->attributes, r->share, used);
    return st;
}

/* ---- reads and writes ---------------------------------------------------- */

static bool is_pipe(int fd)
{
    struct stat st;
    return fstat(fd, &st) == 0 && (S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode));
}

/* A handle that is valid but lacks the access gives EBADF on the host. */
static NTSTATUS io_status(int e)
{
    if (e == EBADF)
        return STATUS_ACCESS_DENIED;
    if (e == EISDIR)
        return STATUS_INVALID_DEVICE_REQUEST;
    return nt_status_from_errno(e);
}

/* Another handle's byte-range lock over the bytes about to move. */
static NTSTATUS io_lock_check(struct handle_obj *o, uint32_t n, bool write)
{
    if (o->type != HANDLE_FILE || n == 0)
        return 0;
    off_t pos = o->append && write ? lseek(o->fd, 0, SEEK_END) : lseek(o->fd, 0, SEEK_CUR);
    return pos < 0 ? 0 : nt_lock_check(o, (uint64_t)pos, n, write);
}

static NTSTATUS seek_to(struct handle_obj *o, const int64_t *offset)
{
    if (!offset || *offset == FILE_USE_FILE_POINTER_POSITION)
        return 0;
    if (*offset == FILE_WRITE_TO_END_OF_FILE)
        return lseek(o->fd, 0, SEEK_END), 0; /* pipes and consoles have no end */
    if (*offset < 0)
        return STATUS_INVALID_PARAMETER;
    lseek(o->fd, (off_t)*offset, SEEK_SET); /* pipes and consoles ignore it */
    return 0;
}

static NTSTATUS read_file(uint32_t h, void *buf, uint32_t len, const int64_t *offset, uint32_t *done)
{
    NTSTATUS st;
    struct handle_obj *o = nt_file_object(h, &st);
    *done = 0;
    if (!o)
        return st;
    if ((st = seek_to(o, offset)) != 0 || (st = io_lock_check(o, len, false)) != 0)
        return st;
    record_file_io(TRACE_REC_FILE_READ, o, file_position(o), len);
    if (!len)
        return 0;
    ssize_t r;
    do
        r = read(o->fd, buf, len);
    while (r < 0 && errno == EINTR);
    if (r < 0)
        return io_status(errno);
    *done = (uint32_t)r;
    if (r > 0 || o->type == HANDLE_CONSOLE)
        return 0;
    /* an anonymous pipe whose writer is gone reports the end this way */
    return is_pipe(o->fd) ? STATUS_PIPE_BROKEN : STATUS_END_OF_FILE;
}

static NTSTATUS write_file(uint32_t h, const void *buf, uint32_t len, const int64_t *offset, uint32_t *done)
{
    NTSTATUS st;
    struct handle_obj *o = nt_file_object(h, &st);
    *done = 0;
    if (!o)
        return st;
    if ((st = seek_to(o, offset)) != 0 || (st = io_lock_check(o, len, true)) != 0)
        return st;
    record_file_io(TRACE_REC_FILE_WRITE, o, file_position(o), len);
    const uint8_t *p = buf;
    /* everything goes, short writes retried as WriteFile does for pipes */
    while (*done < len) {
        ssize_t w = write(o->fd, p + *done, len - *done);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0)
            return errno == EPIPE ? host_io_status(errno, true) : io_status(errno);
        if (w == 0)
            return STATUS_DISK_FULL;
        *done += (uint32_t)w;
    }
    return 0;
}

static NTSTATUS read_guest(uint32_t h, gaddr buf, uint32_t len, const int64_t *offset, uint32_t *done)
{
    NTSTATUS st;
    struct handle_obj *o = nt_file_object(h, &st);
    *done = 0;
    if (!o)
        return st;
    if (host_io_may_block(o->fd)) {
        record_file_io(TRACE_REC_FILE_READ, o, 0, len);
        return host_io_read(o, buf, len, done);
    }
    void *p = len ? gm_ptr(buf, len, true) : NULL;
    if (len && !p)
        return STATUS_ACCESS_VIOLATION;
    st = read_file(h, p, len, offset, done);
    if (*done && gm_code_written) /* reads into code (unpackers) must be retranslated */
        gm_code_written(buf, *done);
    return st;
}

/* Bytes to a console: the terminal gets them as UTF-8 from the console's
 * output code page (console_text.c); the caller is told all len went. */
static NTSTATUS write_console_bytes(struct handle_obj *o, gaddr buf, uint32_t len, uint32_t *done)
{
    uint8_t *bytes = malloc(len ? len : 1);
    if (!bytes)
        return STATUS_NO_MEMORY;
    if (len && !gm_read(buf, bytes, len)) {
        free(bytes);
        return STATUS_ACCESS_VIOLATION;
    }
    size_t n = 0, put = 0;
    char *text = console_output_to_utf8(bytes, len, &n);
    free(bytes);
    if (!text)
        return STATUS_NO_MEMORY;
    record_file_io(TRACE_REC_FILE_WRITE, o, 0, len);
    handle_obj_ref(o);
    NTSTATUS st = n ? host_io_write_fd(o->fd, text, n, &put) : STATUS_SUCCESS;
    handle_obj_unref(o);
    free(text);
    *done = st == STATUS_SUCCESS ? len : 0;
    return st;
}

static NTSTATUS write_guest(uint32_t h, gaddr buf, uint32_t len, const int64_t *offset, uint32_t *done)
{
    NTSTATUS st;
    struct handle_obj *o = nt_file_object(h, &st);
    *done = 0;
    if (!o)
        return st;
    if (o->type == HANDLE_CONSOLE)
        return write_console_bytes(o, buf, len, done);
    if (host_io_may_block(o->fd)) {
        record_file_io(TRACE_REC_FILE_WRITE, o, 0, len);
        return host_io_write(o, buf, len, done);
    }
    const void *p = len ? gm_ptr(buf, len, false) : "";
    if (!p)
        return STATUS_ACCESS_VIOLATION;
    return write_file(h, p, len, offset, done);
}

static int64_t offset_value(const int64_t *offset)
{
    return offset ? *offset : FILE_USE_FILE_POINTER_POSITION;
}

NTSTATUS nt_read_file(uint32_t h, void *buf, uint32_t len, const int64_t *offset, uint32_t *done)
{
    int tr = TRACE_NT_BEGIN("NtReadFile", "h FileHandle, u Length, l ByteOffset", h, len, offset_value(offset));
    NTSTATUS st = read_file(h, buf, len, offset, done);
    TRACE_NT_END(tr, st, "u Information", *done);
    return st;
}

NTSTATUS nt_write_file(uint32_t h, const void *buf, uint32_t len, const int64_t *offset, uint32_t *done)
{
    int tr = TRACE_NT_BEGIN("NtWriteFile", "h FileHandle, u Length, l ByteOffset", h, len, offset_value(offset));
    NTSTATUS st = write_file(h, buf, len, offset, done);
    TRACE_NT_END(tr, st, "u Information", *done);
    return st;
}

NTSTATUS nt_read_file_guest(uint32_t h, gaddr buf, uint32_t len, const int64_t *offset, uint32_t *done)
{
    int tr = TRACE_NT_BEGIN("NtReadFile", "h FileHandle, p Buffer, u Length, l ByteOffset", h, buf, len,
                            offset_value(offset));
    NTSTATUS st = read_guest(h, buf, len, offset, done);
    TRACE_NT_END(tr, st, "u Information", *done);
    return st;
}

NTSTATUS nt_write_file_guest(uint32_t h, gaddr buf, uint32_t len, const int64_t *offset, uint32_t *done)
{
    int tr = TRACE_NT_BEGIN("NtWriteFile", "h FileHandle, p Buffer, u Length, l ByteOffset", h, buf, len,
                            offset_value(offset));
    NTSTATUS st = write_guest(h, buf, len, offset, done);
    TRACE_NT_END(tr, st, "u Information", *done);
    return st;
}

NTSTATUS nt_flush_buffers_file(uint32_t h)
{
    NTSTATUS st;
    struct handle_obj *o = nt_file_object(h, &st);
    if (!o)
        return st;
    if (o->type == HANDLE_CONSOLE)
        return STATUS_INVALID_HANDLE;
    /* pipes and devices have nothing to sync: that is not a failure */
    if (fsync(o->fd) != 0 && errno != EINVAL && errno != EROFS)
        return io_status(errno);
    return 0;
}

NTSTATUS nt_close(uint32_t h)
{
    int tr = TRACE_NT_BEGIN("NtClose", "h Handle", h);
    NTSTATUS st = handle_close(h) ? 0 : STATUS_INVALID_HANDLE;
    TRACE_NT_END(tr, st, "");
    return st;
}

NTSTATUS nt_duplicate_object(uint32_t h, uint32_t *out)
{
    *out = handle_dup(h);
    return *out ? 0 : STATUS_INVALID_HANDLE;
}

/* ---- NtQueryInformationFile ---------------------------------------------- */

/* The file's current host path: /proc knows where the open file is now,
 * even after a rename. */
static void current_host_path(struct handle_obj *o, char *host, size_t size)
{
    char link[64];
    snprintf(link, sizeof link, "/proc/self/fd/%d", o->fd);
    ssize_t n = readlink(link, host, size - 1);
    if (n <= 0) {
        snprintf(host, size, "%s", o->host_path ? o->host_path : "");
        return;
    }
    host[n] = '\0';
    static const char deleted[] = " (deleted)";
    size_t dl = sizeof deleted - 1;
    if ((size_t)n > dl && strcmp(host + n - dl, deleted) == 0)
        host[n - dl] = '\0';
}

/* FILE_NAME_INFORMATION: the path from the volume root ("\dir\name"); a
 * short buffer gets what fits and STATUS_BUFFER_OVERFLOW, FileNameLength
 * always being the full size. */
static NTSTATUS query_name(struct handle_obj *o, void *buf, uint32_t len, uint32_t *written)
{
    char host[4096], win[4096];
    if (!o->host_path)
        return STATUS_INVALID_HANDLE;
    current_host_path(o, host, sizeof host);
    NTSTATUS st = nt_host_to_dos_path(host, win, sizeof win);
    if (st)
        return st;
    size_t n = 0;
    uint16_t *w = utf8_to_utf16(win + 2, &n);
    if (!w)
        return STATUS_NO_MEMORY;
    FILE_NAME_INFORMATION32 *ni = buf;
    uint32_t bytes = (uint32_t)n * 2, head = offsetof(FILE_NAME_INFORMATION32, FileName);
    uint32_t room = len - head < bytes ? len - head : bytes;
    ni->FileNameLength = bytes;
    memcpy((uint8_t *)buf + head, w, room);
    free(w);
    *written = head + room;
    return room < bytes ? STATUS_BUFFER_OVERFLOW : 0;
}

NTSTATUS nt_query_dos_name(uint32_t h, char *out, size_t outsz)
{
    NTSTATUS st;
    struct handle_obj *o = nt_file_object(h, &st);
    char host[4096];
    if (!o)
        return st;
    if (!o->host_path)
        return STATUS_INVALID_HANDLE;
    current_host_path(o, host, sizeof host);
    return nt_host_to_dos_path(host, out, outsz);
}

static const uint32_t query_size[] = {
    [FileBasicInformation] = sizeof(FILE_BASIC_INFORMATION32),
    [FileStandardInformation] = sizeof(FILE_STANDARD_INFORMATION32),
    [FileInternalInformation] = sizeof(FILE_INTERNAL_INFORMATION32),
    [FileNameInformation] = sizeof(FILE_NAME_INFORMATION32),
    [FilePositionInformation] = sizeof(FILE_POSITION_INFORMATION32),
    [FileNetworkOpenInformation] = sizeof(FILE_NETWORK_OPEN_INFORMATION32),
    [FileAttributeTagInformation] = sizeof(FILE_ATTRIBUTE_TAG_INFORMATION32),
};

static void fill_info(struct handle_obj *o, uint32_t cls, const struct stat *st, void *buf)
{
    FILE_NETWORK_OPEN_INFORMATION32 ni;
    nt_stat_to_info(st, &ni);
    struct nt_file *f = file_of(o);
    switch (cls) {
    case FileBasicInformation: {
        FILE_BASIC_INFORMATION32 *b = buf;
        *b = (FILE_BASIC_INFORMATION32){ ni.CreationTime, ni.LastAccessTime, ni.LastWriteTime, ni.ChangeTime,
                                         ni.FileAttributes };
        break;
    }
    case FileStandardInformation: {
        FILE_STANDARD_INFORMATION32 *s = buf;
        *s = (FILE_STANDARD_INFORMATION32){ ni.AllocationSize, ni.EndOfFile, (uint32_t)st->st_nlink,
                                            (f && f->delete_on_close) ||
                                                (S_ISREG(st->st_mode) && nt_share_delete_pending(st)),
                                            S_ISDIR(st->st_mode) };
        break;
    }
    case FileInternalInformation:
        ((FILE_INTERNAL_INFORMATION32 *)buf)->IndexNumber = (int64_t)st->st_ino;
        break;
    case FilePositionInformation: {
        off_t pos = lseek(o->fd, 0, SEEK_CUR);
        ((FILE_POSITION_INFORMATION32 *)buf)->CurrentByteOffset = pos < 0 ? 0 : pos;
        break;
    }
    case FileNetworkOpenInformation:
        *(FILE_NETWORK_OPEN_INFORMATION32 *)buf = ni;
        break;
    default: /* FileAttributeTagInformation */
        *(FILE_ATTRIBUTE_TAG_INFORMATION32 *)buf = (FILE_ATTRIBUTE_TAG_INFORMATION32){ ni.FileAttributes, 0 };
    }
}

static NTSTATUS query_information(uint32_t h, uint32_t cls, void *buf, uint32_t len, uint32_t *written)
{
    NTSTATUS st;
    struct handle_obj *o = nt_file_object(h, &st);
    struct stat sb;
    *written = 0;
    if (!o)
        return st;
    if (cls >= sizeof query_size / sizeof query_size[0] || !query_size[cls])
        return STATUS_INVALID_INFO_CLASS;
    if (len < query_size[cls])
        return STATUS_INFO_LENGTH_MISMATCH;
    if (fstat(o->fd, &sb) != 0)
        return STATUS_INVALID_HANDLE;
    if (cls == FileNameInformation)
        return query_name(o, buf, len, written);
    memset(buf, 0, query_size[cls]);
    fill_info(o, cls, &sb, buf);
    *written = query_size[cls];
    return 0;
}

/* ---- NtSetInformationFile ------------------------------------------------ */

/* Times of 0 (and -1) stay; the read-only bit is the only attribute with a
 * host equivalent (0 leaves attributes alone). */
static NTSTATUS set_basic(struct handle_obj *o, const FILE_BASIC_INFORMATION32 *b)
{
    struct timespec ts[2] = { { 0, UTIME_OMIT }, { 0, UTIME_OMIT } };
    int64_t t[2] = { b->LastAccessTime, b->LastWriteTime };
    for (int i = 0; i < 2; i++)
        if (t[i] > 0)
            ts[i] = timespec_of(t[i]);
    if ((ts[0].tv_nsec != UTIME_OMIT || ts[1].tv_nsec != UTIME_OMIT) && futimens(o->fd, ts) != 0)
        return io_status(errno);
    struct stat st;
    if (!b->FileAttributes || fstat(o->fd, &st) != 0 || S_ISDIR(st.st_mode))
        return 0;
    mode_t mode = st.st_mode & 07777;
    if (b->FileAttributes & FILE_ATTRIBUTE_READONLY)
        mode &= ~(mode_t)0222;
    else if (stat_readonly(&st))
        mode |= S_IWUSR;
    return fchmod(o->fd, mode) == 0 ? 0 : io_status(errno);
}

static bool same_file(const char *a, const char *b)
{
    struct stat sa, sb;
    return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

static bool dir_empty(const char *host)
{
    int fd = open(host, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return true;
    /* getdents through a DIR stream: anything besides . and .. */
    DIR *d = fdopendir(fd);
    if (!d) {
        close(fd);
        return true;
    }
    struct dirent *e;
    bool empty = true;
    while (empty && (e = readdir(d)) != NULL)
        empty = strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0;
    closedir(d);
    return empty;
}

static NTSTATUS set_disposition(struct handle_obj *o, bool del)
{
    struct stat st;
    char cwd[4096] = "";
    if (fstat(o->fd, &st) != 0)
        return STATUS_INVALID_HANDLE;
    if (!del) {
        set_delete_on_close(o, false);
        if (S_ISREG(st.st_mode))
            nt_share_set_delete_pending(&st, false);
        return 0;
    }
    if (stat_readonly(&st))
        return STATUS_CANNOT_DELETE;
    if (S_ISDIR(st.st_mode)) {
        if (!dir_empty(o->host_path))
            return STATUS_DIRECTORY_NOT_EMPTY;
        /* the process keeps its current directory open without FILE_SHARE_DELETE */
        struct nt_host_path hp;
        char *nt = proc->cwd_win ? nt_path_join("\\??", proc->cwd_win) : NULL;
        if (nt && nt_path_to_host(nt, NT_PATH_NO_REDIRECT, &hp) == 0)
            snprintf(cwd, sizeof cwd, "%s", hp.host);
        free(nt);
        if (cwd[0] && same_file(o->host_path, cwd))
            return STATUS_SHARING_VIOLATION;
    }
    /* a file's deletion is pending for every open of it at once; a
     * directory goes with this handle */
    if (!S_ISREG(st.st_mode) || !nt_share_set_delete_pending(&st, true))
        set_delete_on_close(o, true);
    return 0;
}

/* The last component of an NT path as written (for case-only renames). */
static const char *nt_base(const char *nt)
{
    const char *b = strrchr(nt, '\\');
    return b ? b + 1 : nt;
}

/* "a.txt" → "A.TXT": the host path lookup finds the old spelling, so the
 * new one is spliced in by hand. */
static NTSTATUS rename_case(const char *host, const char *to_nt)
{
    char target[4096];
    const char *slash = strrchr(host, '/');
    const char *base = nt_base(to_nt);
    size_t dirlen = slash ? (size_t)(slash - host) : 0;
    if (dirlen + strlen(base) + 2 > sizeof target)
        return STATUS_NAME_TOO_LONG;
    snprintf(target, sizeof target, "%.*s/%s", (int)dirlen, host, base);
    return rename(host, target) == 0 ? 0 : nt_status_from_errno(errno);
}

/* Replacing: a directory never goes, a file does unless read-only (even by
 * a directory, which the host rename refuses: the file goes first). */
static NTSTATUS replace_target(const char *host, const struct stat *src, const struct stat *dst, bool replace)
{
    if (!replace)
        return STATUS_OBJECT_NAME_COLLISION;
    if (S_ISDIR(dst->st_mode) || stat_readonly(dst))
        return STATUS_ACCESS_DENIED;
    if (S_ISDIR(src->st_mode) && unlink(host) != 0)
        return nt_status_from_errno(errno);
    return 0;
}

static bool is_special(const struct stat *st)
{
    return !S_ISREG(st->st_mode) && !S_ISDIR(st->st_mode) && !S_ISLNK(st->st_mode);
}

/* Renames the open file to an NT path (a bare name: in its directory). */
static NTSTATUS rename_to(struct handle_obj *o, const char *to_nt, bool replace)
{
    struct nt_file *f = file_of(o);
    char from[4096];
    struct stat sf, sd;
    struct nt_host_path hp;
    char *target = NULL;
    if (!f)
        return STATUS_INVALID_HANDLE;
    if (to_nt[0] != '\\') {
        const char *slash = strrchr(f->nt_path, '\\');
        size_t n = slash ? (size_t)(slash - f->nt_path) : 0;
        target = malloc(n + strlen(to_nt) + 2);
        if (!target)
            return STATUS_NO_MEMORY;
        sprintf(target, "%.*s\\%s", (int)n, f->nt_path, to_nt);
        to_nt = target;
    }
    current_host_path(o, from, sizeof from);
    NTSTATUS st = lstat(from, &sf) == 0 ? nt_path_to_host(to_nt, 0, &hp) : STATUS_OBJECT_NAME_NOT_FOUND;
    if (!st && hp.device[0])
        st = STATUS_ACCESS_DENIED;
    if (!st && hp.readonly)
        st = STATUS_MEDIA_WRITE_PROTECTED;
    if (!st && lstat(hp.host, &sd) == 0) {
        if (is_special(&sd))
            st = STATUS_ACCESS_DENIED;
        else if (sd.st_dev == sf.st_dev && sd.st_ino == sf.st_ino)
            st = strcmp(from, hp.host) == 0 ? rename_case(from, to_nt) : 0;
        else
            st = replace_target(hp.host, &sf, &sd, replace);
        if (st || (sd.st_dev == sf.st_dev && sd.st_ino == sf.st_ino)) {
            free(target);
            return st;
        }
    }
    if (!st && rename(from, hp.host) != 0)
        st = errno == ENOENT ? STATUS_OBJECT_PATH_NOT_FOUND : nt_status_from_errno(errno);
    if (!st) {
        char *np = strdup(hp.host), *nn = strdup(to_nt);
        if (np && nn) {
            if (f->delete_on_close)
                forget_pending(o->host_path), remember_pending(np);
            nt_share_moved(o, np);
            free(o->host_path);
            o->host_path = np;
            free(f->nt_path);
            f->nt_path = nn;
        } else {
            free(np);
            free(nn);
        }
    }
    free(target);
    return st;
}

static NTSTATUS set_rename(struct handle_obj *o, const void *buf, uint32_t len)
{
    const FILE_RENAME_INFORMATION32 *ri = buf;
    uint32_t head = offsetof(FILE_RENAME_INFORMATION32, FileName);
    if (ri->RootDirectory || ri->FileNameLength == 0 || ri->FileNameLength % 2 ||
        ri->FileNameLength > len - head)
        return STATUS_INVALID_PARAMETER;
    char *to = utf16_to_utf8((const uint16_t *)((const uint8_t *)buf + head), ri->FileNameLength / 2);
    if (!to)
        return STATUS_NO_MEMORY;
    NTSTATUS st = rename_to(o, to, ri->ReplaceIfExists != 0);
    free(to);
    return st;
}

static NTSTATUS set_size(struct handle_obj *o, int64_t v, bool allocation)
{
    struct stat st;
    if (v < 0)
        return STATUS_INVALID_PARAMETER;
    /* a smaller allocation cuts the file, a larger one is not visible */
    if (allocation && (fstat(o->fd, &st) != 0 || v >= st.st_size))
        return 0;
    /* a view's pages must not go from under it */
    if (nt_file_has_views(o->fd) && fstat(o->fd, &st) == 0 && v < st.st_size)
        return STATUS_USER_MAPPED_FILE;
    return ftruncate(o->fd, (off_t)v) == 0 ? 0 : io_status(errno);
}

static const uint32_t set_size_min[] = {
    [FileBasicInformation] = sizeof(FILE_BASIC_INFORMATION32),
    [FileRenameInformation] = offsetof(FILE_RENAME_INFORMATION32, FileName),
    [FileDispositionInformation] = sizeof(FILE_DISPOSITION_INFORMATION32),
    [FilePositionInformation] = sizeof(FILE_POSITION_INFORMATION32),
    [FileAllocationInformation] = 8,
    [FileEndOfFileInformation] = sizeof(FILE_END_OF_FILE_INFORMATION32),
};

static NTSTATUS set_information(uint32_t h, uint32_t cls, const void *buf, uint32_t len)
{
    NTSTATUS st;
    struct handle_obj *o = nt_file_object(h, &st);
    if (!o)
        return st;
    if (cls >= sizeof set_size_min / sizeof set_size_min[0] || !set_size_min[cls])
        return STATUS_INVALID_INFO_CLASS;
    if (len < set_size_min[cls])
        return STATUS_INFO_LENGTH_MISMATCH;
    if (cls == FilePositionInformation) {
        int64_t pos = ((const FILE_POSITION_INFORMATION32 *)buf)->CurrentByteOffset;
        if (pos < 0)
            return STATUS_INVALID_PARAMETER;
        return lseek(o->fd, (off_t)pos, SEEK_SET) < 0 && !is_pipe(o->fd) ? io_status(errno) : 0;
    }
    if (o->type != HANDLE_FILE || !plain_file(o->fd)) /* NUL is the host's /dev/null: hands off */
        return STATUS_INVALID_DEVICE_REQUEST;
    if (file_of(o) && file_of(o)->readonly)
        return STATUS_MEDIA_WRITE_PROTECTED;
    switch (cls) {
    case FileBasicInformation:
        return set_basic(o, buf);
    case FileRenameInformation:
        return set_rename(o, buf, len);
    case FileDispositionInformation:
        return set_disposition(o, ((const FILE_DISPOSITION_INFORMATION32 *)buf)->DeleteFile != 0);
    case FileAllocationInformation:
        return set_size(o, *(const int64_t *)buf, true);
    default: /* FileEndOfFileInformation */
        return set_size(o, ((const FILE_END_OF_FILE_INFORMATION32 *)buf)->EndOfFile, false);
    }
}

NTSTATUS nt_query_information_file(uint32_t h, uint32_t cls, void *buf, uint32_t len, uint32_t *written)
{
    int tr = TRACE_NT_BEGIN("NtQueryInformationFile", "h FileHandle, u Length, u FileInformationClass", h, len, cls);
    NTSTATUS st = query_information(h, cls, buf, len, written);
    TRACE_NT_END(tr, st, "u Information", *written);
    return st;
}

NTSTATUS nt_set_information_file(uint32_t h, uint32_t cls, const void *buf, uint32_t len)
{
    int tr = TRACE_NT_BEGIN("NtSetInformationFile", "h FileHandle, u Length, u FileInformationClass", h, len, cls);
    NTSTATUS st = set_information(h, cls, buf, len);
    TRACE_NT_END(tr, st, "");
    struct handle_obj *o = trace_enabled && st == 0 ? handle_get(h, HANDLE_FILE) : NULL;
    bool deletes = cls == FileDispositionInformation && ((const FILE_DISPOSITION_INFORMATION32 *)buf)->DeleteFile;
    if (o && (deletes || cls == FileRenameInformation))
        TRACE_RECORD(deletes ? TRACE_REC_FILE_DELETE : TRACE_REC_FILE_RENAME, trace_record_irp(), record_tid(),
                     file_object_id(o), file_object_id(o), 0u, cls);
    return st;
}

/* ---- volumes ------------------------------------------------------------- */

static uint32_t device_type(struct handle_obj *o)
{
    struct stat st;
    if (o->type == HANDLE_CONSOLE)
        return FILE_DEVICE_CONSOLE;
    if (fstat(o->fd, &st) != 0)
        return FILE_DEVICE_DISK;
    if (S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode))
        return FILE_DEVICE_NAMED_PIPE;
    if (S_ISCHR(st.st_mode))
        return FILE_DEVICE_NULL;
    return FILE_DEVICE_DISK;
}

/* Variable-length tail of a volume class: UTF-16 name after head bytes. */
static NTSTATUS put_name(void *buf, uint32_t len, uint32_t head, const char *name, uint32_t *name_len,
                         uint32_t *written)
{
    size_t n = 0;
    uint16_t *w = utf8_to_utf16(name, &n);
    if (!w)
        return STATUS_NO_MEMORY;
    uint32_t bytes = (uint32_t)n * 2, room = len - head < bytes ? len - head : bytes;
    memcpy((uint8_t *)buf + head, w, room);
    free(w);
    *name_len = bytes;
    *written = head + room;
    return room < bytes ? STATUS_BUFFER_OVERFLOW : 0;
}

static const uint32_t fs_size[] = {
    [FileFsVolumeInformation] = offsetof(FILE_FS_VOLUME_INFORMATION32, VolumeLabel),
    [FileFsSizeInformation] = sizeof(FILE_FS_SIZE_INFORMATION32),
    [FileFsDeviceInformation] = sizeof(FILE_FS_DEVICE_INFORMATION32),
    [FileFsAttributeInformation] = offsetof(FILE_FS_ATTRIBUTE_INFORMATION32, FileSystemName),
    [FileFsFullSizeInformation] = sizeof(FILE_FS_FULL_SIZE_INFORMATION32),
};

#define FILE_READ_ONLY_VOLUME 0x00080000u /* a drive mapped with :ro */

/* Volume serial numbers from the host file system id and the drive, so
 * two drives on one host file system still tell apart. */
static uint32_t volume_serial(const struct statvfs *vfs, const char *nt_path)
{
    const char *p = nt_path ? nt_path : "";
    char drive = strncmp(p, "\\??\\", 4) == 0 && p[4] && p[5] == ':' ? (char)(p[4] & ~0x20) : 'C';
    return (uint32_t)vfs->f_fsid ^ (uint32_t)((uint64_t)vfs->f_fsid >> 32) ^ (uint32_t)drive << 24;
}

NTSTATUS nt_query_volume_information_file(uint32_t h, uint32_t cls, void *buf, uint32_t len, uint32_t *written)
{
    NTSTATUS st;
    struct handle_obj *o = nt_file_object(h, &st);
    struct statvfs vfs;
    *written = 0;
    if (!o)
        return st;
    if (cls >= sizeof fs_size / sizeof fs_size[0] || !fs_size[cls])
        return STATUS_INVALID_INFO_CLASS;
    if (len < fs_size[cls])
        return STATUS_INFO_LENGTH_MISMATCH;
    memset(buf, 0, fs_size[cls]);
    if (cls == FileFsDeviceInformation) {
        ((FILE_FS_DEVICE_INFORMATION32 *)buf)->DeviceType = device_type(o);
        *written = fs_size[cls];
        return 0;
    }
    if (fstatvfs(o->fd, &vfs) != 0)
        return io_status(errno);
    struct nt_file *f = file_of(o);
    uint64_t bs = vfs.f_frsize ? vfs.f_frsize : vfs.f_bsize;
    /* allocation units of 4 KB = 8 sectors of 512 bytes */
    uint64_t total = bs * vfs.f_blocks / 4096, avail = bs * vfs.f_bavail / 4096, free_ = bs * vfs.f_bfree / 4096;
    switch (cls) {
    case FileFsVolumeInformation: {
        FILE_FS_VOLUME_INFORMATION32 *v = buf;
        v->VolumeSerialNumber = volume_serial(&vfs, f ? f->nt_path : NULL);
        bool c_drive = !f || strncasecmp(f->nt_path, "\\??\\C:", 6) == 0;
        return put_name(buf, len, fs_size[cls], c_drive ? "" : "host", &v->VolumeLabelLength, written);
    }
    case FileFsSizeInformation:
        *(FILE_FS_SIZE_INFORMATION32 *)buf = (FILE_FS_SIZE_INFORMATION32){ (int64_t)total, (int64_t)avail, 8, 512 };
        break;
    case FileFsFullSizeInformation:
        *(FILE_FS_FULL_SIZE_INFORMATION32 *)buf =
            (FILE_FS_FULL_SIZE_INFORMATION32){ (int64_t)total, (int64_t)avail, (int64_t)free_, 8, 512 };
        break;
    default: { /* FileFsAttributeInformation */
        FILE_FS_ATTRIBUTE_INFORMATION32 *a = buf;
        /* case-sensitive search, case-preserved names, Unicode, ACLs: NTFS's basics */
        a->FileSystemAttributes = 0x0000000Fu | (f && f->readonly ? FILE_READ_ONLY_VOLUME : 0);
        a->MaximumComponentNameLength = vfs.f_namemax ? (int32_t)vfs.f_namemax : 255;
        return put_name(buf, len, fs_size[cls], "NTFS", &a->FileSystemNameLength, written);
    }
    }
    *written = fs_size[cls];
    return 0;
}

/* ---- by name -------------------------------------------------------------- */

static NTSTATUS query_full_attributes(const char *nt_path, FILE_NETWORK_OPEN_INFORMATION32 *out, char *used,
                                      size_t usedsz)
{
    struct nt_host_path hp;
    struct stat st;
    NTSTATUS s = nt_path_to_host(nt_path, 0, &hp);
    if (s)
        return s;
    used_name(nt_path, &hp, used, usedsz);
    if (hp.device[0])
        return STATUS_OBJECT_NAME_NOT_FOUND;
    if (stat(hp.host, &st) != 0 && lstat(hp.host, &st) != 0)
        return nt_status_from_errno(errno);
    size_t n = strlen(hp.host);
    if (n > 1 && hp.host[n - 1] == '/' && !S_ISDIR(st.st_mode))
        return STATUS_OBJECT_NAME_INVALID;
    if (S_ISREG(st.st_mode) && nt_share_delete_pending(&st)) /* the query opens the file, as on Windows */
        return STATUS_DELETE_PENDING;
    nt_stat_to_info(&st, out);
    return 0;
}

NTSTATUS nt_query_full_attributes_file(const char *nt_path, FILE_NETWORK_OPEN_INFORMATION32 *out)
{
    int tr = TRACE_NT_BEGIN("NtQueryFullAttributesFile", "S ObjectName", nt_path);
    char used[4200] = "";
    NTSTATUS st = query_full_attributes(nt_path, out, used, sizeof used);
    uint32_t attrs = st ? 0 : out->FileAttributes;
    /* the path used only when redirection changed it: the golden traces of
     * every other lookup stay as they were */
    if (used[0] && strcasecmp(used, nt_path) != 0)
        TRACE_NT_END(tr, st, "x FileAttributes, S UsedName", attrs, used);
    else
        TRACE_NT_END(tr, st, "x FileAttributes", attrs);
    return st;
}

NTSTATUS nt_delete_file(const char *nt_path)
{
    struct nt_create req = { nt_path, NT_DELETE, 0, 7, FILE_OPEN, FILE_OPEN_FOR_BACKUP_INTENT };
    uint32_t h, info;
    NTSTATUS st = nt_create_file(&req, &h, &info);
    if (st)
        return st;
    FILE_DISPOSITION_INFORMATION32 d = { 1 };
    st = nt_set_information_file(h, FileDispositionInformation, &d, sizeof d);
    nt_close(h);
    return st;
}
