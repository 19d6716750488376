/* kernel32 file handles over host file descriptors: the standard handles,
 * CreateFile with Windows' dispositions and errors, reads, writes, file
 * pointers, sizes and times. Names and directories live in kernel32/fs.c. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "core/handles.h"
#include "core/host_io.h"
#include "core/process.h"
#include "core/unicode.h"
#include "loader/peb.h"
#include "redirect/path.h"
#include "syscalls/api.h"
#include "syscalls/kernel32/file.h"
#include "syscalls/win32_errors.h"

#define STD_INPUT_HANDLE  ((uint32_t)-10)
#define STD_OUTPUT_HANDLE ((uint32_t)-11)
#define STD_ERROR_HANDLE  ((uint32_t)-12)

#define FILE_TYPE_UNKNOWN 0u
#define FILE_TYPE_DISK    1u
#define FILE_TYPE_CHAR    2u
#define FILE_TYPE_PIPE    3u

#define INVALID_SET_FILE_POINTER 0xFFFFFFFFu
#define INVALID_FILE_SIZE        0xFFFFFFFFu

/* Seconds from 1601-01-01 (FILETIME epoch) to 1970-01-01. */
#define EPOCH_DIFF 11644473600LL

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

uint32_t errno_to_win32(int e)
{
    switch (e) {
    case ENOENT: return ERROR_FILE_NOT_FOUND;
    case ENOTDIR: return ERROR_PATH_NOT_FOUND;
    case EACCES: case EPERM: case EROFS: case EISDIR: return ERROR_ACCESS_DENIED;
    case EEXIST: return ERROR_FILE_EXISTS;
    case EBADF: return ERROR_INVALID_HANDLE;
    case ENOMEM: return ERROR_NOT_ENOUGH_MEMORY;
    case ENOSPC: case EFBIG: return ERROR_DISK_FULL;
    case EMFILE: case ENFILE: return ERROR_TOO_MANY_OPEN_FILES;
    case EPIPE: return ERROR_BROKEN_PIPE;
    case ENOTEMPTY: return ERROR_DIR_NOT_EMPTY;
    case EINVAL: return ERROR_INVALID_PARAMETER;
    case ENAMETOOLONG: return ERROR_FILENAME_EXCED_RANGE;
    case EXDEV: return ERROR_NOT_SAME_DEVICE;
    case EBUSY: return ERROR_BUSY;
    default: return ERROR_INVALID_FUNCTION;
    }
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

uint32_t k32_host_path(const char *win, char *host, size_t hostsz)
{
    uint32_t st = path_win_to_host(proc->prefix, proc->cwd_win, win, 0, host, hostsz);
    if (st == PATH_STATUS_DEVICE)
        return ERROR_FILE_NOT_FOUND;
    return st ? ntstatus_to_win32(st) : 0;
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
    int64_t s = (int64_t)ts->tv_sec + EPOCH_DIFF;
    if (s < 0)
        return 0;
    return (uint64_t)s * 10000000u + (uint64_t)ts->tv_nsec / 100u;
}

static struct timespec timespec_of(uint64_t ft)
{
    struct timespec ts;
    ts.tv_sec = (time_t)((int64_t)(ft / 10000000u) - EPOCH_DIFF);
    ts.tv_nsec = (long)(ft % 10000000u) * 100;
    return ts;
}

bool k32_readonly(const struct stat *st)
{
    return !S_ISDIR(st->st_mode) && (st->st_mode & 0222) == 0;
}

uint32_t k32_attributes(const struct stat *st)
{
    uint32_t a = S_ISDIR(st->st_mode) ? FILE_ATTRIBUTE_DIRECTORY : FILE_ATTRIBUTE_ARCHIVE;
    if (k32_readonly(st))
        a |= FILE_ATTRIBUTE_READONLY;
    return a;
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

/* A handle on one of the host's fds 0-2 (never closed by the handle table). */
static uint32_t std_fd_handle(int fd)
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

/* Console handles wrap host fds 0-2; a terminal is a console, a pipe or
 * file stays what it is (GetFileType tells the guest). */
bool kernel32_std_handles_init(void)
{
    static const uint32_t slots[3] = { PARAMS_STDIN, PARAMS_STDOUT, PARAMS_STDERR };
    for (int fd = 0; fd < 3; fd++) {
        uint32_t h = std_fd_handle(fd);
        if (!h)
            return false;
        gm_write_u32(proc->params + slots[fd], h);
    }
    return true;
}

uint64_t kernel32_GetStdHandle(struct thunk_call *c)
{
    uint32_t slot = std_slot(arg(c, 0)), h = 0;
    if (!slot) {
        teb_set_last_error(ERROR_INVALID_HANDLE);
        return INVALID_HANDLE_VALUE;
    }
    gm_read_u32(proc->params + slot, &h);
    return h;
}

uint64_t kernel32_SetStdHandle(struct thunk_call *c)
{
    uint32_t slot = std_slot(arg(c, 0));
    if (!slot)
        return fail(ERROR_INVALID_HANDLE);
    return gm_write_u32(proc->params + slot, arg(c, 1));
}

struct handle_obj *kernel32_io_handle(uint32_t h)
{
    struct handle_obj *o = handle_get(h, HANDLE_FREE);
    if (!o || (o->type != HANDLE_FILE && o->type != HANDLE_CONSOLE))
        return NULL;
    return o;
}

/* ---- CreateFile ---------------------------------------------------------- */

/* Files still marked delete-on-close when the process ends go then, as
 * Windows removes them when the last handle dies with the process. */
static char **pending_deletes;
static size_t pending_count;

/* Removes a file or empty directory, never a device node: NUL's handle
 * is /dev/null's, and marking it delete-on-close must not reach the host. */
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

/* What a CreateFile handle carries beyond the fd (handle_obj.data). */
struct file_extra {
    bool delete_on_close;
};

bool k32_plain_file(int fd)
{
    struct stat st;
    return fstat(fd, &st) == 0 && (S_ISREG(st.st_mode) || S_ISDIR(st.st_mode));
}

void k32_set_delete_on_close(struct handle_obj *o, bool on)
{
    struct file_extra *x = o->data;
    if (!x || !o->host_path || x->delete_on_close == on || (on && !k32_plain_file(o->fd)))
        return;
    x->delete_on_close = on;
    if (on)
        remember_pending(o->host_path);
    else
        forget_pending(o->host_path);
}

/* The last handle to an open file went away. */
static void file_destroy(struct handle_obj *o)
{
    struct file_extra *x = o->data;
    k32_locks_release(o);
    if (x && x->delete_on_close && o->host_path) {
        remove_host(o->host_path);
        forget_pending(o->host_path);
    }
    free(x);
    o->data = NULL;
}

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
static uint32_t open_device(const char *name, uint32_t access, uint32_t *err)
{
    int fd;
    if (strcmp(name, "CONIN$") == 0)
        fd = 0;
    else if (strcmp(name, "CONOUT$") == 0)
        fd = 1;
    else if (strcmp(name, "CON") == 0)
        fd = wants_write(access) ? 1 : 0;
    else {
        *err = ERROR_FILE_NOT_FOUND;
        return 0;
    }
    uint32_t h = std_fd_handle(fd);
    *err = h ? 0 : ERROR_TOO_MANY_OPEN_FILES;
    return h;
}

static uint32_t new_file_handle(int fd, const char *host, uint32_t flags, uint32_t *err)
{
    struct handle_obj *o = calloc(1, sizeof *o);
    struct file_extra *x = calloc(1, sizeof *x);
    char *path = strdup(host);
    if (!o || !x || !path) {
        free(o);
        free(x);
        free(path);
        close(fd);
        *err = ERROR_NOT_ENOUGH_MEMORY;
        return 0;
    }
    o->type = HANDLE_FILE;
    o->fd = fd;
    o->append = (fcntl(fd, F_GETFL) & O_APPEND) != 0;
    o->host_path = path;
    o->data = x;
    o->destroy = file_destroy;
    k32_set_delete_on_close(o, (flags & FILE_FLAG_DELETE_ON_CLOSE) != 0);
    uint32_t h = handle_new(o);
    if (!h) {
        k32_set_delete_on_close(o, false);
        o->destroy = NULL;
        close(fd);
        free(path);
        free(x);
        free(o);
        *err = ERROR_TOO_MANY_OPEN_FILES;
    }
    return h;
}

/* Decides what open(2) must do for a disposition, given what exists;
 * 0 or the Win32 error Windows reports. */
static uint32_t plan_open(const char *host, const struct stat *st, bool exists, uint32_t access,
                          uint32_t disposition, uint32_t flags, int *oflags)
{
    size_t len = strlen(host);
    bool trailing = len > 1 && host[len - 1] == '/';
    if (exists && S_ISDIR(st->st_mode)) {
        if (disposition == CREATE_NEW)
            return ERROR_FILE_EXISTS;
        bool open_only = disposition == OPEN_EXISTING || disposition == OPEN_ALWAYS;
        if (!(flags & FILE_FLAG_BACKUP_SEMANTICS) || !open_only)
            return ERROR_ACCESS_DENIED;
        *oflags = O_RDONLY | O_DIRECTORY | O_CLOEXEC;
        return 0;
    }
    if (trailing)
        return exists || disposition != OPEN_EXISTING ? ERROR_INVALID_NAME : ERROR_FILE_NOT_FOUND;
    if (exists && S_ISCHR(st->st_mode)) { /* NUL: dispositions do not apply */
        *oflags = open_flags(access) & ~O_APPEND;
        return 0;
    }
    int fl = open_flags(access);
    switch (disposition) {
    case CREATE_NEW:
        if (exists)
            return ERROR_FILE_EXISTS;
        fl |= O_CREAT | O_EXCL;
        break;
    case CREATE_ALWAYS:
        fl |= exists ? O_TRUNC : O_CREAT;
        break;
    case OPEN_EXISTING:
        if (!exists)
            return ERROR_FILE_NOT_FOUND;
        break;
    case OPEN_ALWAYS:
        if (!exists)
            fl |= O_CREAT;
        break;
    case TRUNCATE_EXISTING:
        if (!exists)
            return ERROR_FILE_NOT_FOUND;
        if (!(access & (GENERIC_WRITE | GENERIC_ALL))) /* FILE_WRITE_DATA alone is refused */
            return ERROR_INVALID_PARAMETER;
        fl |= O_TRUNC;
        break;
    default:
        return ERROR_INVALID_PARAMETER;
    }
    bool writes = wants_write(access) || disposition == CREATE_ALWAYS;
    if (exists && writes && k32_readonly(st))
        return ERROR_ACCESS_DENIED;
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
    /* access 0 (attribute queries) on a file we may not read */
    if (fd < 0 && errno == EACCES && (fl & O_ACCMODE) == O_RDONLY && !(fl & O_CREAT))
        fd = open(host, O_PATH | O_CLOEXEC);
    return fd;
}

uint32_t k32_create_file(const char *win, uint32_t access, uint32_t disposition, uint32_t flags,
                         uint32_t *err)
{
    char host[PATH_MAX];
    if (disposition < CREATE_NEW || disposition > TRUNCATE_EXISTING) {
        *err = ERROR_INVALID_PARAMETER;
        return 0;
    }
    if (!*win) {
        *err = ERROR_PATH_NOT_FOUND;
        return 0;
    }
    uint32_t st = path_win_to_host(proc->prefix, proc->cwd_win, win, PATH_FOR_CREATE, host, sizeof host);
    if (st == PATH_STATUS_DEVICE)
        return open_device(host, access, err);
    if (st) {
        *err = ntstatus_to_win32(st);
        return 0;
    }
    struct stat sb;
    bool exists = stat(host, &sb) == 0;
    int fl = 0;
    *err = plan_open(host, &sb, exists, access, disposition, flags, &fl);
    if (*err)
        return 0;
    int fd = open_host(host, fl, flags);
    if (fd < 0) {
        *err = errno == ENOENT && (fl & O_CREAT) ? ERROR_PATH_NOT_FOUND
             : errno == EEXIST ? ERROR_FILE_EXISTS : errno_to_win32(errno);
        return 0;
    }
    uint32_t h = new_file_handle(fd, host, flags, err);
    if (!h)
        return 0;
    bool reported = disposition == CREATE_ALWAYS || disposition == OPEN_ALWAYS;
    *err = exists && reported ? ERROR_ALREADY_EXISTS : 0;
    return h;
}

static uint64_t create_file(struct thunk_call *c, bool wide)
{
    uint32_t err;
    char *path = k32_path_arg(arg(c, 0), wide, &err);
    if (!path) {
        teb_set_last_error(err);
        return INVALID_HANDLE_VALUE;
    }
    uint32_t h = k32_create_file(path, arg(c, 1), arg(c, 4), arg(c, 5), &err);
    free(path);
    teb_set_last_error(err);
    return h ? h : INVALID_HANDLE_VALUE;
}

uint64_t kernel32_CreateFileA(struct thunk_call *c) { return create_file(c, false); }
uint64_t kernel32_CreateFileW(struct thunk_call *c) { return create_file(c, true); }

/* ---- reads and writes ---------------------------------------------------- */

/* Writes everything, retrying short writes as WriteFile does for pipes. */
static bool write_all(int fd, const uint8_t *p, size_t n, size_t *done)
{
    *done = 0;
    while (*done < n) {
        ssize_t w = write(fd, p + *done, n - *done);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return false;
        *done += (size_t)w;
    }
    return true;
}

/* A handle that is valid but lacks the access gives EBADF on the host;
 * Windows calls that ERROR_ACCESS_DENIED. */
static uint32_t io_error(int e)
{
    return e == EBADF ? ERROR_ACCESS_DENIED : errno_to_win32(e);
}

/* Another handle's byte-range lock over the bytes about to move. */
static uint32_t io_lock_check(struct handle_obj *o, uint32_t n, bool write)
{
    if (o->type != HANDLE_FILE || n == 0)
        return 0;
    off_t pos = o->append && write ? lseek(o->fd, 0, SEEK_END) : lseek(o->fd, 0, SEEK_CUR);
    return pos < 0 ? 0 : k32_lock_check(o, (uint64_t)pos, n, write);
}

/* An OVERLAPPED on a synchronous handle carries the file offset to use. */
static bool seek_overlapped(struct handle_obj *o, gaddr ov)
{
    uint32_t lo = 0, hi = 0;
    if (!ov)
        return true;
    if (!gm_read_u32(ov + 8, &lo) || !gm_read_u32(ov + 12, &hi))
        return false;
    lseek(o->fd, (off_t)((uint64_t)hi << 32 | lo), SEEK_SET);
    return true;
}

static void finish_overlapped(gaddr ov, uint32_t n)
{
    if (!ov)
        return;
    gm_write_u32(ov, 0); /* Internal: STATUS_SUCCESS */
    gm_write_u32(ov + 4, n);
}

uint64_t kernel32_WriteFile(struct thunk_call *c)
{
    struct handle_obj *o = kernel32_io_handle(arg(c, 0));
    gaddr buf = arg(c, 1), written = arg(c, 3), ov = arg(c, 4);
    uint32_t n = arg(c, 2);
    if (!o)
        return fail(ERROR_INVALID_HANDLE);
    const uint8_t *p = n ? gm_ptr(buf, n, false) : (const uint8_t *)"";
    if (!p)
        return fail(ERROR_NOACCESS);
    if (written && !gm_write_u32(written, 0))
        return fail(ERROR_NOACCESS);
    if (!seek_overlapped(o, ov))
        return fail(ERROR_NOACCESS);
    uint32_t lock = io_lock_check(o, n, true);
    if (lock)
        return fail(lock);
    uint32_t done;
    NTSTATUS st = host_io_write(o, buf, n, &done); /* pipes and consoles: outside the lock */
    if (st == STATUS_THREAD_IS_TERMINATING) {
        c->no_return = true;
        return 0;
    }
    if (written)
        gm_write_u32(written, done);
    finish_overlapped(ov, done);
    return st == STATUS_SUCCESS ? 1 : fail(ntstatus_to_win32(st));
}

uint64_t kernel32_ReadFile(struct thunk_call *c)
{
    struct handle_obj *o = kernel32_io_handle(arg(c, 0));
    gaddr buf = arg(c, 1), nread = arg(c, 3), ov = arg(c, 4);
    uint32_t n = arg(c, 2);
    if (!o)
        return fail(ERROR_INVALID_HANDLE);
    uint8_t *p = n ? gm_ptr(buf, n, true) : NULL;
    if (!p && n)
        return fail(ERROR_NOACCESS);
    if (nread && !gm_write_u32(nread, 0))
        return fail(ERROR_NOACCESS);
    if (!seek_overlapped(o, ov))
        return fail(ERROR_NOACCESS);
    uint32_t lock = io_lock_check(o, n, false);
    if (lock)
        return fail(lock);
    /* pipes and consoles wait outside the lock; a drained pipe whose
     * writers are gone gives ERROR_BROKEN_PIPE */
    uint32_t got;
    NTSTATUS st = host_io_read(o, buf, n, &got);
    if (st == STATUS_THREAD_IS_TERMINATING) {
        c->no_return = true;
        return 0;
    }
    if (nread)
        gm_write_u32(nread, got);
    finish_overlapped(ov, got);
    return st == STATUS_SUCCESS ? 1 : fail(ntstatus_to_win32(st));
}

uint64_t kernel32_CloseHandle(struct thunk_call *c)
{
    uint32_t h = arg(c, 0);
    if (h == CURRENT_PROCESS_HANDLE || h == CURRENT_THREAD_HANDLE)
        return 1;
    return handle_close(h) ? 1 : fail(ERROR_INVALID_HANDLE);
}

uint64_t kernel32_GetFileType(struct thunk_call *c)
{
    struct handle_obj *o = kernel32_io_handle(arg(c, 0));
    if (!o) {
        teb_set_last_error(ERROR_INVALID_HANDLE);
        return FILE_TYPE_UNKNOWN;
    }
    if (o->type == HANDLE_CONSOLE)
        return FILE_TYPE_CHAR;
    struct stat st;
    if (fstat(o->fd, &st) != 0)
        return FILE_TYPE_UNKNOWN;
    if (S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode))
        return FILE_TYPE_PIPE;
    if (S_ISCHR(st.st_mode))
        return FILE_TYPE_CHAR;
    return FILE_TYPE_DISK;
}

/* ---- file pointer, size, end of file ------------------------------------ */

/* Moves the pointer as SetFilePointerEx does; 0 or a Win32 error. */
static uint32_t move_pointer(struct handle_obj *o, int64_t dist, uint32_t method, int64_t *newpos)
{
    struct stat st;
    int64_t base;
    switch (method) {
    case 0: base = 0; break;
    case 1: base = lseek(o->fd, 0, SEEK_CUR); break;
    case 2: base = fstat(o->fd, &st) == 0 ? st.st_size : -1; break;
    default: return ERROR_INVALID_PARAMETER;
    }
    if (base < 0)
        return errno_to_win32(errno);
    int64_t target = base + dist;
    if (target < 0)
        return ERROR_NEGATIVE_SEEK;
    if (lseek(o->fd, target, SEEK_SET) < 0)
        return errno_to_win32(errno);
    *newpos = target;
    return 0;
}

static struct handle_obj *file_handle(uint32_t h)
{
    struct handle_obj *o = kernel32_io_handle(h);
    return o && o->type == HANDLE_FILE ? o : NULL;
}

uint64_t kernel32_SetFilePointer(struct thunk_call *c)
{
    struct handle_obj *o = file_handle(arg(c, 0));
    gaddr phigh = arg(c, 2);
    uint32_t high = 0;
    if (!o)
        return fail_ret(ERROR_INVALID_HANDLE, INVALID_SET_FILE_POINTER);
    if (phigh && !gm_read_u32(phigh, &high))
        return fail_ret(ERROR_NOACCESS, INVALID_SET_FILE_POINTER);
    /* without a high part the distance is a signed 32-bit value */
    int64_t dist = phigh ? (int64_t)((uint64_t)high << 32 | arg(c, 1)) : (int32_t)arg(c, 1);
    int64_t pos;
    uint32_t err = move_pointer(o, dist, arg(c, 3), &pos);
    if (!err && !phigh && pos > 0xFFFFFFFFLL) {
        lseek(o->fd, 0, SEEK_CUR);
        err = ERROR_INVALID_PARAMETER;
    }
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
    struct handle_obj *o = file_handle(arg(c, 0));
    gaddr out = arg(c, 3);
    if (!o)
        return fail(ERROR_INVALID_HANDLE);
    int64_t pos;
    uint32_t err = move_pointer(o, (int64_t)arg64(c, 1), arg(c, 4), &pos);
    if (err)
        return fail(err);
    if (out && (!gm_write_u32(out, (uint32_t)pos) || !gm_write_u32(out + 4, (uint32_t)((uint64_t)pos >> 32))))
        return fail(ERROR_NOACCESS);
    return 1;
}

static bool handle_size(uint32_t h, uint64_t *size)
{
    struct handle_obj *o = file_handle(h);
    struct stat st;
    if (!o || fstat(o->fd, &st) != 0) {
        teb_set_last_error(ERROR_INVALID_HANDLE);
        return false;
    }
    *size = S_ISREG(st.st_mode) ? (uint64_t)st.st_size : 0;
    return true;
}

uint64_t kernel32_GetFileSize(struct thunk_call *c)
{
    uint64_t size;
    if (!handle_size(arg(c, 0), &size))
        return INVALID_FILE_SIZE;
    if (arg(c, 1) && !gm_write_u32(arg(c, 1), (uint32_t)(size >> 32)))
        return fail_ret(ERROR_NOACCESS, INVALID_FILE_SIZE);
    if ((uint32_t)size == INVALID_FILE_SIZE)
        teb_set_last_error(0);
    return (uint32_t)size;
}

uint64_t kernel32_GetFileSizeEx(struct thunk_call *c)
{
    uint64_t size;
    if (!handle_size(arg(c, 0), &size))
        return 0;
    gaddr out = arg(c, 1);
    if (!gm_write_u32(out, (uint32_t)size) || !gm_write_u32(out + 4, (uint32_t)(size >> 32)))
        return fail(ERROR_NOACCESS);
    return 1;
}

uint64_t kernel32_SetEndOfFile(struct thunk_call *c)
{
    struct handle_obj *o = file_handle(arg(c, 0));
    if (!o)
        return fail(ERROR_INVALID_HANDLE);
    off_t pos = lseek(o->fd, 0, SEEK_CUR);
    if (pos < 0 || ftruncate(o->fd, pos) != 0)
        return fail(io_error(errno));
    return 1;
}

uint64_t kernel32_FlushFileBuffers(struct thunk_call *c)
{
    struct handle_obj *o = kernel32_io_handle(arg(c, 0));
    if (!o || o->type == HANDLE_CONSOLE)
        return fail(ERROR_INVALID_HANDLE);
    /* pipes and devices have nothing to sync: that is not a failure */
    if (fsync(o->fd) != 0 && errno != EINVAL && errno != EROFS)
        return fail(io_error(errno));
    return 1;
}

/* ---- times and information ---------------------------------------------- */

static bool put_filetime(gaddr at, uint64_t ft)
{
    return !at || (gm_write_u32(at, (uint32_t)ft) && gm_write_u32(at + 4, (uint32_t)(ft >> 32)));
}

/* Linux keeps no creation time that can be set; the older of the change
 * and modification times stands in for it. */
static uint64_t creation_time(const struct stat *st)
{
    uint64_t c = k32_filetime(&st->st_ctim), m = k32_filetime(&st->st_mtim);
    return c < m ? c : m;
}

uint64_t kernel32_GetFileTime(struct thunk_call *c)
{
    struct handle_obj *o = file_handle(arg(c, 0));
    struct stat st;
    if (!o || fstat(o->fd, &st) != 0)
        return fail(ERROR_INVALID_HANDLE);
    if (!put_filetime(arg(c, 1), creation_time(&st)) || !put_filetime(arg(c, 2), k32_filetime(&st.st_atim)) ||
        !put_filetime(arg(c, 3), k32_filetime(&st.st_mtim)))
        return fail(ERROR_NOACCESS);
    return 1;
}

/* NULL, 0 and the -1/-2 "stop updating" values leave a time alone. */
static bool get_time_arg(gaddr p, struct timespec *ts)
{
    uint32_t lo = 0, hi = 0;
    ts->tv_sec = 0;
    ts->tv_nsec = UTIME_OMIT;
    if (!p)
        return true;
    if (!gm_read_u32(p, &lo) || !gm_read_u32(p + 4, &hi))
        return false;
    uint64_t ft = (uint64_t)hi << 32 | lo;
    if (ft != 0 && ft < 0xFFFFFFFFFFFFFFFEull)
        *ts = timespec_of(ft);
    return true;
}

uint64_t kernel32_SetFileTime(struct thunk_call *c)
{
    struct handle_obj *o = file_handle(arg(c, 0));
    struct timespec ts[2], created;
    if (!o)
        return fail(ERROR_INVALID_HANDLE);
    if (!k32_plain_file(o->fd)) /* device nodes keep their host times */
        return fail(ERROR_INVALID_FUNCTION);
    /* the creation time has no host equivalent; it is validated and dropped */
    if (!get_time_arg(arg(c, 1), &created) || !get_time_arg(arg(c, 2), &ts[0]) || !get_time_arg(arg(c, 3), &ts[1]))
        return fail(ERROR_NOACCESS);
    if (futimens(o->fd, ts) != 0)
        return fail(io_error(errno));
    return 1;
}

uint64_t kernel32_GetFileInformationByHandle(struct thunk_call *c)
{
    struct handle_obj *o = file_handle(arg(c, 0));
    gaddr out = arg(c, 1);
    struct stat st;
    if (!o || fstat(o->fd, &st) != 0)
        return fail(ERROR_INVALID_HANDLE);
    uint32_t v[13];
    uint64_t t[3] = { creation_time(&st), k32_filetime(&st.st_atim), k32_filetime(&st.st_mtim) };
    uint64_t size = S_ISREG(st.st_mode) ? (uint64_t)st.st_size : 0;
    v[0] = k32_attributes(&st);
    for (int i = 0; i < 3; i++) {
        v[1 + 2 * i] = (uint32_t)t[i];
        v[2 + 2 * i] = (uint32_t)(t[i] >> 32);
    }
    v[7] = (uint32_t)st.st_dev ^ (uint32_t)((uint64_t)st.st_dev >> 32); /* volume serial */
    v[8] = (uint32_t)(size >> 32);
    v[9] = (uint32_t)size;
    v[10] = (uint32_t)st.st_nlink;
    v[11] = (uint32_t)((uint64_t)st.st_ino >> 32);
    v[12] = (uint32_t)st.st_ino;
    return gm_write(out, v, sizeof v) ? 1 : fail(ERROR_NOACCESS);
}

/* ---- console output ------------------------------------------------------ */

uint64_t kernel32_WriteConsoleA(struct thunk_call *c)
{
    struct handle_obj *o = kernel32_io_handle(arg(c, 0));
    uint32_t n = arg(c, 2);
    if (!o)
        return fail(ERROR_INVALID_HANDLE);
    const uint8_t *p = n ? gm_ptr(arg(c, 1), n, false) : (const uint8_t *)"";
    if (!p)
        return fail(ERROR_NOACCESS);
    char *tmp = malloc((size_t)n + 1);
    if (!tmp)
        return fail(ERROR_NOT_ENOUGH_MEMORY);
    memcpy(tmp, p, n);
    tmp[n] = 0;
    char *u = ansi_to_utf8(tmp);
    size_t done;
    bool ok = u && write_all(o->fd, (const uint8_t *)u, strlen(u), &done);
    free(tmp);
    free(u);
    if (arg(c, 3))
        gm_write_u32(arg(c, 3), ok ? n : 0);
    return ok ? 1 : fail(ERROR_INVALID_HANDLE);
}

uint64_t kernel32_WriteConsoleW(struct thunk_call *c)
{
    struct handle_obj *o = kernel32_io_handle(arg(c, 0));
    uint32_t n = arg(c, 2);
    if (!o)
        return fail(ERROR_INVALID_HANDLE);
    const uint16_t *p = n ? gm_ptr(arg(c, 1), (size_t)n * 2, false) : (const uint16_t *)u"";
    if (!p)
        return fail(ERROR_NOACCESS);
    char *u = utf16_to_utf8(p, n);
    size_t done;
    bool ok = u && write_all(o->fd, (const uint8_t *)u, strlen(u), &done);
    free(u);
    if (arg(c, 3))
        gm_write_u32(arg(c, 3), ok ? n : 0);
    return ok ? 1 : fail(ERROR_INVALID_HANDLE);
}

uint64_t kernel32_GetConsoleMode(struct thunk_call *c)
{
    struct handle_obj *o = handle_get(arg(c, 0), HANDLE_CONSOLE);
    if (!o) /* redirected handles are not consoles: callers rely on this */
        return fail(ERROR_INVALID_HANDLE);
    return gm_write_u32(arg(c, 1), o->fd == 0 ? 0x1F7u : 0x3u) ? 1 : fail(ERROR_NOACCESS);
}
