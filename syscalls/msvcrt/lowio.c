/* msvcrt low-level I/O: the descriptor table (0-2 preset from the standard
 * handles), _open/_read/_write with text-mode translation, seeking, dup,
 * modes, and the io.h / direct.h / sys/stat.h calls over kernel32's files. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "core/handles.h"
#include "core/heap.h"
#include "core/host_io.h"
#include "core/process.h"
#include "core/unicode.h"
#include "loader/peb.h"
#include "syscalls/api.h"
#include "syscalls/console_text.h"
#include "syscalls/msvcrt/api_args.h"
#include "syscalls/kernel32/file.h"
#include "syscalls/kernel32/fs.h"
#include "syscalls/msvcrt/lowio.h"
#include "syscalls/msvcrt/state.h"
#include "syscalls/msvcrt/struct32.h"
#include "syscalls/ntdll/nt_file.h"
#include "syscalls/ntdll/status.h"
#include "syscalls/win32_errors.h"

#define MAX_FD 2048

/* msvcrt's per-descriptor flag bits (ioinfo.osfile) */
#define F_OPEN   0x01
#define F_EOF    0x02 /* a text read met Ctrl-Z */
#define F_PIPE   0x08
#define F_APPEND 0x20
#define F_DEV    0x40
#define F_TEXT   0x80

#define S_IFDIR_CRT  0x4000
#define S_IFCHR_CRT  0x2000
#define S_IFIFO_CRT  0x1000
#define S_IFREG_CRT  0x8000
#define S_IREAD_CRT  0x0100
#define S_IWRITE_CRT 0x0080
#define S_IEXEC_CRT  0x0040

#define ERROR_ARENA_TRASHED 7u

struct lowfd {
    uint32_t handle;
    uint8_t flags;
    int pipech; /* byte read ahead from a pipe, -1 if none */
};

static struct lowfd fds[MAX_FD];
static bool table_ready;
static uint32_t umask_val;

static const uint32_t std_slots[3] = { PARAMS_STDIN, PARAMS_STDOUT, PARAMS_STDERR };

static uint8_t kind_flags(uint32_t h)
{
    struct handle_obj *o = kernel32_io_handle(h);
    struct stat st;
    if (!o)
        return 0;
    if (o->type == HANDLE_CONSOLE)
        return F_DEV;
    if (fstat(o->fd, &st) != 0)
        return 0;
    if (S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode))
        return F_PIPE;
    return S_ISCHR(st.st_mode) ? F_DEV : 0;
}

/* The standard descriptors take the handles the process started with, as
 * msvcrt's start-up does; they are always text mode. */
static void table_init(void)
{
    if (table_ready)
        return;
    table_ready = true;
    for (int i = 0; i < MAX_FD; i++)
        fds[i].pipech = -1;
    for (int i = 0; i < 3; i++) {
        uint32_t h = 0;
        gm_read_u32(proc->params + std_slots[i], &h);
        if (h && kernel32_io_handle(h)) {
            fds[i].handle = h;
            fds[i].flags = F_OPEN | F_TEXT | kind_flags(h);
        }
    }
}

static struct lowfd *fd_get(int fd)
{
    table_init();
    if (fd < 0 || fd >= MAX_FD || !(fds[fd].flags & F_OPEN))
        return NULL;
    return &fds[fd];
}

/* Looks the descriptor up or sets EBADF. */
static struct lowfd *fd_check(int fd)
{
    struct lowfd *f = fd_get(fd);
    if (!f)
        msvcrt_set_errno(CRT_EBADF);
    return f;
}

static void set_doserrno(uint32_t e)
{
    gm_write_u32(msvcrt_errno_addr() + 4, e);
}

void lowio_dosmaperr(uint32_t e)
{
    static const struct { uint32_t win; int crt; } map[] = {
        { ERROR_INVALID_FUNCTION, CRT_EINVAL }, { ERROR_FILE_NOT_FOUND, CRT_ENOENT },
        { ERROR_PATH_NOT_FOUND, CRT_ENOENT }, { ERROR_TOO_MANY_OPEN_FILES, CRT_EMFILE },
        { ERROR_ACCESS_DENIED, CRT_EACCES }, { ERROR_INVALID_HANDLE, CRT_EBADF },
        { ERROR_ARENA_TRASHED, CRT_ENOMEM }, { ERROR_NOT_ENOUGH_MEMORY, CRT_ENOMEM },
        { ERROR_INVALID_BLOCK, CRT_ENOMEM }, { ERROR_BAD_ENVIRONMENT, 7 /* E2BIG */ },
        { ERROR_BAD_FORMAT, 8 /* ENOEXEC */ }, { ERROR_INVALID_ACCESS, CRT_EINVAL },
        { ERROR_INVALID_DATA, CRT_EINVAL }, { ERROR_INVALID_DRIVE, CRT_ENOENT },
        { ERROR_CURRENT_DIRECTORY, CRT_EACCES }, { ERROR_NOT_SAME_DEVICE, 18 /* EXDEV */ },
        { ERROR_NO_MORE_FILES, CRT_ENOENT }, { ERROR_LOCK_VIOLATION, CRT_EACCES },
        { ERROR_FILE_EXISTS, CRT_EEXIST }, { ERROR_CANNOT_MAKE, CRT_EACCES },
        { ERROR_INVALID_PARAMETER, CRT_EINVAL }, { ERROR_BROKEN_PIPE, 32 /* EPIPE */ },
        { ERROR_DISK_FULL, CRT_ENOSPC }, { ERROR_NEGATIVE_SEEK, CRT_EINVAL },
        { ERROR_DIR_NOT_EMPTY, 41 /* ENOTEMPTY */ }, { ERROR_BAD_PATHNAME, CRT_ENOENT },
        { ERROR_ALREADY_EXISTS, CRT_EEXIST }, { ERROR_FILENAME_EXCED_RANGE, CRT_ENOENT },
    };
    set_doserrno(e);
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++) {
        if (map[i].win == e) {
            msvcrt_set_errno(map[i].crt);
            return;
        }
    }
    /* the write-protect and exec-format ranges, then everything else */
    if (e >= ERROR_WRITE_PROTECT && e <= 36)
        msvcrt_set_errno(CRT_EACCES);
    else if (e >= 188 && e <= 202)
        msvcrt_set_errno(8);
    else
        msvcrt_set_errno(CRT_EINVAL);
}

/* A failed NT file service: _doserrno gets its Win32 error, errno msvcrt's
 * value for it. */
static void nt_error(NTSTATUS st)
{
    set_doserrno(ntstatus_to_win32(st));
    msvcrt_set_errno(nt_status_to_crt_errno(st));
}

/* ---- table interface for stdio ---------------------------------------- */

bool lowio_valid(int fd)
{
    return fd_get(fd) != NULL;
}

int lowio_host_fd(int fd)
{
    struct lowfd *f = fd_get(fd);
    struct handle_obj *o = f ? kernel32_io_handle(f->handle) : NULL;
    return o ? o->fd : -1;
}

bool lowio_text(int fd)
{
    struct lowfd *f = fd_get(fd);
    return f && (f->flags & F_TEXT);
}

bool lowio_append(int fd)
{
    struct lowfd *f = fd_get(fd);
    return f && (f->flags & F_APPEND);
}

bool lowio_seekable(int fd)
{
    struct lowfd *f = fd_get(fd);
    return f && !(f->flags & (F_DEV | F_PIPE));
}

bool lowio_is_device(int fd)
{
    struct lowfd *f = fd_get(fd);
    return f && (f->flags & F_DEV);
}

/* Lowest free descriptor bound to h; 0-2 also become the standard handles,
 * as msvcrt's _set_osfhnd does for a console program. */
static int fd_assign(int fd, uint32_t h, uint8_t flags)
{
    fds[fd].handle = h;
    fds[fd].flags = (uint8_t)(F_OPEN | flags | kind_flags(h));
    fds[fd].pipech = -1;
    if (fd < 3)
        gm_write_u32(proc->params + std_slots[fd], h);
    return fd;
}

static int fd_alloc(uint32_t h, uint8_t flags)
{
    table_init();
    for (int fd = 0; fd < MAX_FD; fd++)
        if (!(fds[fd].flags & F_OPEN))
            return fd_assign(fd, h, flags);
    msvcrt_set_errno(CRT_EMFILE);
    set_doserrno(0);
    return -1;
}

static bool default_text(void)
{
    uint32_t fmode = 0;
    gm_read_u32(msvcrt.fmode, &fmode);
    return !(fmode & CRT_O_BINARY);
}

static uint8_t mode_flags(int oflag)
{
    bool text = (oflag & CRT_O_BINARY) ? false : (oflag & CRT_O_TEXT) ? true : default_text();
    return (uint8_t)((text ? F_TEXT : 0) | ((oflag & CRT_O_APPEND) ? F_APPEND : 0));
}

static uint32_t disposition_of(int oflag)
{
    switch (oflag & (CRT_O_CREAT | CRT_O_EXCL | CRT_O_TRUNC)) {
    case CRT_O_CREAT | CRT_O_EXCL:
    case CRT_O_CREAT | CRT_O_EXCL | CRT_O_TRUNC: return CREATE_NEW;
    case CRT_O_CREAT | CRT_O_TRUNC: return CREATE_ALWAYS;
    case CRT_O_CREAT: return OPEN_ALWAYS;
    case CRT_O_TRUNC:
    case CRT_O_TRUNC | CRT_O_EXCL: return TRUNCATE_EXISTING;
    default: return OPEN_EXISTING;
    }
}

/* The FILE_SHARE_* of a share flag, as the CRT passes it to CreateFile
 * (_SH_SECURE shares reading with a read-only open only); -1: no such flag. */
static int share_of(int shflag, int oflag)
{
    switch (shflag) {
    case CRT_SH_DENYRW: return 0;
    case CRT_SH_DENYWR: return FILE_SHARE_READ;
    case CRT_SH_DENYRD: return FILE_SHARE_WRITE;
    case CRT_SH_DENYNO: return FILE_SHARE_READ | FILE_SHARE_WRITE;
    case CRT_SH_SECURE: return (oflag & 3) == CRT_O_RDONLY ? FILE_SHARE_READ : 0;
    default: return -1;
    }
}

int lowio_open(const char *win, int oflag, int shflag, int pmode)
{
    static const uint32_t access[3] = { GENERIC_READ, GENERIC_WRITE, GENERIC_READ | GENERIC_WRITE };
    int share = share_of(shflag, oflag);
    if ((oflag & 3) == 3 || share < 0) {
        msvcrt_set_errno(CRT_EINVAL);
        return -1;
    }
    uint32_t flags = 0, err;
    if (oflag & CRT_O_TEMPORARY)
        flags |= FILE_FLAG_DELETE_ON_CLOSE;
    /* a new file without _S_IWRITE in its (umask'ed) mode is read-only */
    if ((oflag & CRT_O_CREAT) && !((uint32_t)pmode & ~umask_val & S_IWRITE_CRT))
        flags |= FILE_ATTRIBUTE_READONLY;
    uint32_t h = k32_create_file(win, access[oflag & 3], (uint32_t)share, disposition_of(oflag), flags, &err);
    if (!h) {
        lowio_dosmaperr(err);
        return -1;
    }
    int fd = fd_alloc(h, mode_flags(oflag));
    if (fd < 0)
        handle_close(h);
    return fd;
}

int lowio_adopt(uint32_t handle, int oflag)
{
    uint8_t flags = (uint8_t)(((oflag & CRT_O_TEXT) ? F_TEXT : 0) | ((oflag & CRT_O_APPEND) ? F_APPEND : 0));
    return fd_alloc(handle, flags);
}

int lowio_close(int fd)
{
    struct lowfd *f = fd_check(fd);
    if (!f)
        return -1;
    uint32_t h = f->handle;
    f->flags = 0;
    f->handle = 0;
    f->pipech = -1;
    if (fd < 3)
        gm_write_u32(proc->params + std_slots[fd], 0);
    if (!handle_close(h)) {
        lowio_dosmaperr(ERROR_INVALID_HANDLE);
        return -1;
    }
    return 0;
}

/* Pipes and consoles: read outside the process lock (core/host_io.h) into
 * a buffer of our own, so nothing the caller holds is written without the
 * lock; a pipe whose writers are gone is the end of the data (0). */
static long read_blocking(struct handle_obj *o, uint8_t *p, size_t got, size_t n)
{
    uint8_t *tmp = malloc(n - got);
    if (!tmp) {
        msvcrt_set_errno(CRT_ENOMEM);
        return got ? (long)got : -1;
    }
    size_t r = 0;
    handle_obj_ref(o);
    NTSTATUS st = host_io_read_fd(o->fd, tmp, n - got, &r);
    handle_obj_unref(o);
    memcpy(p + got, tmp, r);
    free(tmp);
    if (st == STATUS_SUCCESS || st == STATUS_PIPE_BROKEN || got)
        return (long)(got + r);
    lowio_dosmaperr(ntstatus_to_win32(st));
    return -1;
}

/* _read and _write say EBADF for a descriptor not open for the direction
 * (ERROR_ACCESS_DENIED), as msvcrt does; other failures map as usual. */
static void transfer_error(NTSTATUS st)
{
    nt_error(st);
    if (ntstatus_to_win32(st) == ERROR_ACCESS_DENIED)
        msvcrt_set_errno(CRT_EBADF);
}

/* One NT transfer moves at most what a 32-bit length holds; a shorter
 * read or write is what the callers already handle. */
static uint32_t io_length(size_t n)
{
    return n > 0x7FFFFFFFu ? 0x7FFFFFFFu : (uint32_t)n;
}

long lowio_read_raw(int fd, void *buf, size_t n)
{
    struct lowfd *f = fd_check(fd);
    int hfd = lowio_host_fd(fd);
    if (!f || hfd < 0) {
        msvcrt_set_errno(CRT_EBADF);
        return -1;
    }
    if (n == 0)
        return 0;
    uint8_t *p = buf;
    size_t got = 0;
    if (f->pipech >= 0) {
        p[got++] = (uint8_t)f->pipech;
        f->pipech = -1;
        if (n == 1)
            return 1;
    }
    struct handle_obj *o = kernel32_io_handle(f->handle);
    if (o && host_io_may_block(hfd))
        return read_blocking(o, p, got, n);
    uint32_t done = 0;
    NTSTATUS st = nt_read_file(f->handle, p + got, io_length(n - got), NULL, &done);
    if (NT_SUCCESS(st) || st == STATUS_END_OF_FILE || st == STATUS_PIPE_BROKEN || got)
        return (long)(got + done);
    transfer_error(st);
    return -1;
}

/* Pipes and consoles: written outside the process lock from a copy (for a
 * console, its text as UTF-8), so a
 * buffer another thread frees meanwhile is never read; a pipe whose reader
 * is gone fails (ERROR_NO_DATA, which msvcrt reports as EINVAL). */
static bool write_blocking(struct handle_obj *o, const void *buf, size_t n)
{
    uint8_t *tmp = NULL;
    if (o->type == HANDLE_CONSOLE) /* the console shows its output code page */
        tmp = (uint8_t *)console_output_to_utf8(buf, n, &n);
    else if ((tmp = malloc(n ? n : 1)))
        memcpy(tmp, buf, n);
    if (!tmp) {
        msvcrt_set_errno(CRT_ENOMEM);
        return false;
    }
    size_t done = 0;
    handle_obj_ref(o);
    NTSTATUS st = host_io_write_fd(o->fd, tmp, n, &done);
    handle_obj_unref(o);
    free(tmp);
    if (st == STATUS_SUCCESS)
        return true;
    lowio_dosmaperr(ntstatus_to_win32(st));
    return false;
}

bool lowio_write_raw(int fd, const void *buf, size_t n)
{
    struct lowfd *f = fd_check(fd);
    int hfd = lowio_host_fd(fd);
    if (!f || hfd < 0) {
        msvcrt_set_errno(CRT_EBADF);
        return false;
    }
    struct handle_obj *o = kernel32_io_handle(f->handle);
    if (o && host_io_may_block(hfd))
        return write_blocking(o, buf, n);
    /* append mode: every write goes to the end, as msvcrt seeks there first */
    const int64_t end = FILE_WRITE_TO_END_OF_FILE;
    const uint8_t *p = buf;
    for (size_t sent = 0; sent < n;) {
        uint32_t done = 0;
        NTSTATUS st = nt_write_file(f->handle, p + sent, io_length(n - sent),
                                    (f->flags & F_APPEND) ? &end : NULL, &done);
        if (!NT_SUCCESS(st)) {
            transfer_error(st);
            return false;
        }
        sent += done;
    }
    return true;
}

static NTSTATUS file_position(uint32_t h, int64_t *pos)
{
    FILE_POSITION_INFORMATION32 info = { 0 };
    uint32_t got;
    NTSTATUS st = nt_query_information_file(h, FilePositionInformation, &info, sizeof info, &got);
    *pos = info.CurrentByteOffset;
    return st;
}

static NTSTATUS file_end(uint32_t h, int64_t *end)
{
    FILE_STANDARD_INFORMATION32 info = { 0 };
    uint32_t got;
    NTSTATUS st = nt_query_information_file(h, FileStandardInformation, &info, sizeof info, &got);
    *end = info.EndOfFile;
    return st;
}

int64_t lowio_seek(int fd, int64_t off, int origin)
{
    struct lowfd *f = fd_check(fd);
    if (!f)
        return -1;
    if (origin < 0 || origin > 2) {
        msvcrt_set_errno(CRT_EINVAL);
        return -1;
    }
    if (f->flags & (F_DEV | F_PIPE)) { /* SetFilePointer refuses them */
        lowio_dosmaperr(ERROR_INVALID_FUNCTION);
        return -1;
    }
    int64_t base = 0;
    NTSTATUS st = origin == 0 ? STATUS_SUCCESS : origin == 1 ? file_position(f->handle, &base)
                                                             : file_end(f->handle, &base);
    if (!NT_SUCCESS(st)) {
        nt_error(st);
        return -1;
    }
    if (base + off < 0) { /* the file pointer stays, as SetFilePointer leaves it */
        lowio_dosmaperr(ERROR_NEGATIVE_SEEK);
        return -1;
    }
    FILE_POSITION_INFORMATION32 to = { base + off };
    st = nt_set_information_file(f->handle, FilePositionInformation, &to, sizeof to);
    if (!NT_SUCCESS(st)) {
        nt_error(st);
        return -1;
    }
    f->flags &= (uint8_t)~F_EOF;
    f->pipech = -1;
    return to.CurrentByteOffset;
}

/* ---- _open & co ---------------------------------------------------------- */

static char *path_arg(gaddr p, bool wide)
{
    uint32_t err;
    char *s = k32_path_arg(p, wide, &err);
    if (!s)
        lowio_dosmaperr(err == ERROR_NOACCESS ? ERROR_INVALID_PARAMETER : err);
    return s;
}

/* _open is _sopen sharing reading and writing (_SH_DENYNO). */
static uint64_t open_call(gaddr path, bool wide, int oflag, int shflag, int pmode)
{
    char *p = path_arg(path, wide);
    if (!p)
        return (uint64_t)(uint32_t)-1;
    int fd = lowio_open(p, oflag, shflag, pmode);
    free(p);
    return (uint64_t)(uint32_t)fd;
}

/* The mode argument is read only with _O_CREAT, as it is variadic: the
 * first word of the variadic tail at `at` (0 when unreadable, as a missing
 * argument reads). */
static int pmode_arg(int oflag, gaddr at)
{
    uint32_t v = 0;
    if (!(oflag & CRT_O_CREAT) || !gm_read(at, &v, sizeof v))
        return 0;
    return (int)v;
}

uint64_t msvcrt__open(struct thunk_call *c)
{
    API_ARGS(msvcrt, _open, a);
    int of = (int)a.oflag;
    return open_call(a.filename, false, of, CRT_SH_DENYNO, pmode_arg(of, API_VARARGS(a)));
}

uint64_t msvcrt__wopen(struct thunk_call *c)
{
    API_ARGS(msvcrt, _wopen, a);
    int of = (int)a.oflag;
    return open_call(a.filename, true, of, CRT_SH_DENYNO, pmode_arg(of, API_VARARGS(a)));
}

/* The share flags reach NtCreateFile's ShareAccess, so they hold against
 * every open of the file in the prefix's processes. */
uint64_t msvcrt__sopen(struct thunk_call *c)
{
    API_ARGS(msvcrt, _sopen, a);
    int of = (int)a.oflag;
    return open_call(a.filename, false, of, (int)a.shflag, pmode_arg(of, API_VARARGS(a)));
}

uint64_t msvcrt__wsopen(struct thunk_call *c)
{
    API_ARGS(msvcrt, _wsopen, a);
    int of = (int)a.oflag;
    return open_call(a.filename, true, of, (int)a.shflag, pmode_arg(of, API_VARARGS(a)));
}

/* _sopen_s/_wsopen_s: the descriptor through *pfh (-1 on failure, which
 * also comes back as the errno value); pmode is a plain argument. */
uint64_t lowio_sopen_s(gaddr pfh, gaddr path, bool wide, int oflag, int shflag, int pmode)
{
    if (!pfh || !path) {
        msvcrt_set_errno(CRT_EINVAL);
        return CRT_EINVAL;
    }
    gm_write_u32(pfh, (uint32_t)-1);
    msvcrt_set_errno(0);
    int fd = (int)(uint32_t)open_call(path, wide, oflag, shflag, pmode);
    if (fd < 0) {
        uint32_t e = 0;
        gm_read_u32(msvcrt_errno_addr(), &e);
        return e ? e : CRT_EINVAL;
    }
    gm_write_u32(pfh, (uint32_t)fd);
    return 0;
}

uint64_t msvcrt__wsopen_s(struct thunk_call *c)
{
    API_ARGS(msvcrt, _wsopen_s, a);
    return lowio_sopen_s(a.pfh, a.filename, true, (int)a.oflag, (int)a.shflag, (int)a.pmode);
}

uint64_t msvcrt__creat(struct thunk_call *c)
{
    API_ARGS(msvcrt, _creat, a);
    return open_call(a.filename, false, CRT_O_CREAT | CRT_O_TRUNC | CRT_O_RDWR, CRT_SH_DENYNO, (int)a.pmode);
}

uint64_t msvcrt__close(struct thunk_call *c)
{
    API_ARGS(msvcrt, _close, a);
    return (uint64_t)(uint32_t)lowio_close((int)a.fd);
}

/* The byte after a CR that ended the raw data goes back: into the file
 * position when it can seek, else into the descriptor's look-ahead. */
static void put_back(struct lowfd *f, uint8_t b)
{
    int64_t pos;
    if (!(f->flags & (F_PIPE | F_DEV)) && NT_SUCCESS(file_position(f->handle, &pos)) && pos > 0) {
        FILE_POSITION_INFORMATION32 back = { pos - 1 };
        if (NT_SUCCESS(nt_set_information_file(f->handle, FilePositionInformation, &back, sizeof back)))
            return;
    }
    f->pipech = b;
}

/* CR LF → LF in place; Ctrl-Z ends the data (and later reads, for files). */
static long translate_in(struct lowfd *f, int fd, uint8_t *p, long n)
{
    long o = 0;
    for (long i = 0; i < n; i++) {
        uint8_t ch = p[i];
        if (ch == 0x1A) {
            if (!(f->flags & F_DEV))
                f->flags |= F_EOF;
            break;
        }
        if (ch != '\r') {
            p[o++] = ch;
        } else if (i + 1 < n) {
            p[o++] = p[i + 1] == '\n' ? '\n' : '\r';
            i += p[i + 1] == '\n';
        } else {
            uint8_t next;
            long r = lowio_read_raw(fd, &next, 1);
            p[o++] = r == 1 && next == '\n' ? '\n' : '\r';
            if (r == 1 && next != '\n')
                put_back(f, next);
        }
    }
    return o;
}

/* _read on a pipe or console: through a host buffer, guest memory written
 * once the lock is held again (another thread may have freed it). */
static long read_bounced(struct thunk_call *c, int fd, gaddr buf, uint32_t n)
{
    uint8_t *tmp = malloc(n);
    if (!tmp) {
        msvcrt_set_errno(CRT_ENOMEM);
        return -1;
    }
    long r = lowio_read_raw(fd, tmp, n);
    if (current_thread && current_thread->terminating)
        c->no_return = true;
    if (r > 0 && !gm_write(buf, tmp, (size_t)r)) {
        lowio_dosmaperr(ERROR_NOACCESS);
        r = -1;
    }
    free(tmp);
    return r;
}

uint64_t msvcrt__read(struct thunk_call *c)
{
    API_ARGS(msvcrt, _read, a);
    int fd = (int)a.fd;
    uint32_t n = a.count;
    struct lowfd *f = fd_check(fd);
    if (!f)
        return (uint64_t)(uint32_t)-1;
    if (n == 0 || (f->flags & F_EOF))
        return 0;
    uint8_t *p = gm_ptr(a.buffer, n, true);
    if (!p) {
        msvcrt_set_errno(CRT_EINVAL);
        return (uint64_t)(uint32_t)-1;
    }
    long r;
    if (f->flags & (F_PIPE | F_DEV)) {
        /* may wait without the lock: never into guest memory directly */
        r = read_bounced(c, fd, a.buffer, n);
        p = r > 0 ? gm_ptr(a.buffer, (size_t)r, true) : p;
        if (!p)
            return (uint64_t)(uint32_t)-1;
    } else {
        r = lowio_read_raw(fd, p, n);
        if (r > 0 && gm_code_written)
            gm_code_written(a.buffer, (size_t)r);
    }
    if (r > 0 && (f->flags & F_TEXT))
        r = translate_in(f, fd, p, r);
    return (uint64_t)(uint32_t)r;
}

/* Text mode writes LF as CR LF; the count returned is of the caller's bytes. */
uint64_t msvcrt__write(struct thunk_call *c)
{
    API_ARGS(msvcrt, _write, a);
    int fd = (int)a.fd;
    uint32_t n = a.count;
    struct lowfd *f = fd_check(fd);
    if (!f)
        return (uint64_t)(uint32_t)-1;
    if (n == 0)
        return 0;
    const uint8_t *p = gm_ptr(a.buffer, n, false);
    if (!p) {
        msvcrt_set_errno(CRT_EINVAL);
        return (uint64_t)(uint32_t)-1;
    }
    if (!(f->flags & F_TEXT))
        return lowio_write_raw(fd, p, n) ? n : (uint64_t)(uint32_t)-1;
    uint8_t *t = malloc((size_t)n * 2);
    if (!t) {
        msvcrt_set_errno(CRT_ENOMEM);
        return (uint64_t)(uint32_t)-1;
    }
    size_t o = 0;
    for (uint32_t i = 0; i < n; i++) {
        if (p[i] == '\n')
            t[o++] = '\r';
        t[o++] = p[i];
    }
    bool ok = lowio_write_raw(fd, t, o);
    free(t);
    return ok ? n : (uint64_t)(uint32_t)-1;
}

uint64_t msvcrt__lseek(struct thunk_call *c)
{
    API_ARGS(msvcrt, _lseek, a);
    return (uint64_t)(uint32_t)lowio_seek((int)a.fd, (int32_t)a.offset, (int)a.origin);
}

uint64_t msvcrt__lseeki64(struct thunk_call *c)
{
    API_ARGS(msvcrt, _lseeki64, a);
    return (uint64_t)lowio_seek((int)a.fd, (int64_t)a.offset, (int)a.origin);
}

static int64_t tell(int fd)
{
    struct lowfd *f = fd_check(fd);
    int hfd = lowio_host_fd(fd);
    if (!f || hfd < 0)
        return -1;
    off_t pos = lseek(hfd, 0, SEEK_CUR);
    if (pos < 0) {
        lowio_dosmaperr(ERROR_INVALID_FUNCTION);
        return -1;
    }
    return pos - (f->pipech >= 0);
}

uint64_t msvcrt__tell(struct thunk_call *c)
{
    API_ARGS(msvcrt, _tell, a);
    return (uint64_t)(uint32_t)tell((int)a.fd);
}
uint64_t msvcrt__telli64(struct thunk_call *c)
{
    API_ARGS(msvcrt, _telli64, a);
    return (uint64_t)tell((int)a.fd);
}

/* Devices and pipes have no end of file: 0. */
static int64_t file_length(int fd)
{
    struct lowfd *f = fd_check(fd);
    int64_t end;
    if (!f)
        return -1;
    NTSTATUS st = file_end(f->handle, &end);
    if (!NT_SUCCESS(st)) {
        nt_error(st);
        return -1;
    }
    return end;
}

uint64_t msvcrt__filelength(struct thunk_call *c)
{
    API_ARGS(msvcrt, _filelength, a);
    return (uint64_t)(uint32_t)file_length((int)a.fd);
}
uint64_t msvcrt__filelengthi64(struct thunk_call *c)
{
    API_ARGS(msvcrt, _filelengthi64, a);
    return (uint64_t)file_length((int)a.fd);
}

uint64_t msvcrt__eof(struct thunk_call *c)
{
    API_ARGS(msvcrt, _eof, a);
    int fd = (int)a.fd;
    int64_t len = file_length(fd);
    if (len < 0)
        return (uint64_t)(uint32_t)-1;
    int64_t pos = tell(fd);
    if (pos < 0)
        return (uint64_t)(uint32_t)-1;
    return pos >= len;
}

uint64_t msvcrt__commit(struct thunk_call *c)
{
    API_ARGS(msvcrt, _commit, a);
    struct lowfd *f = fd_check((int)a.fd);
    if (!f)
        return (uint64_t)(uint32_t)-1;
    NTSTATUS st = nt_flush_buffers_file(f->handle);
    if (st == STATUS_INVALID_HANDLE && (f->flags & F_DEV))
        return 0; /* a console has nothing to commit: not a failure here */
    if (!NT_SUCCESS(st)) { /* msvcrt's errno is EBADF whatever the flush said */
        set_doserrno(ntstatus_to_win32(st));
        msvcrt_set_errno(CRT_EBADF);
        return (uint64_t)(uint32_t)-1;
    }
    return 0;
}

/* _chsize: grows with zeros or cuts; the file position stays. */
uint64_t msvcrt__chsize(struct thunk_call *c)
{
    API_ARGS(msvcrt, _chsize, a);
    struct lowfd *f = fd_check((int)a.fd);
    int32_t size = (int32_t)a.size;
    if (!f)
        return (uint64_t)(uint32_t)-1;
    if (size < 0) {
        msvcrt_set_errno(CRT_EINVAL);
        return (uint64_t)(uint32_t)-1;
    }
    FILE_END_OF_FILE_INFORMATION32 eof = { size };
    NTSTATUS st = nt_set_information_file(f->handle, FileEndOfFileInformation, &eof, sizeof eof);
    if (!NT_SUCCESS(st)) {
        nt_error(st);
        return (uint64_t)(uint32_t)-1;
    }
    return 0;
}

uint64_t msvcrt__dup(struct thunk_call *c)
{
    API_ARGS(msvcrt, _dup, a);
    struct lowfd *f = fd_check((int)a.fd);
    if (!f)
        return (uint64_t)(uint32_t)-1;
    uint32_t h = handle_dup(f->handle);
    if (!h) {
        msvcrt_set_errno(CRT_EMFILE);
        return (uint64_t)(uint32_t)-1;
    }
    int fd = fd_alloc(h, f->flags & (F_TEXT | F_APPEND));
    if (fd < 0)
        handle_close(h);
    return (uint64_t)(uint32_t)fd;
}

uint64_t msvcrt__dup2(struct thunk_call *c)
{
    API_ARGS(msvcrt, _dup2, a);
    int from = (int)a.fd1, to = (int)a.fd2;
    struct lowfd *f = fd_check(from);
    if (!f)
        return (uint64_t)(uint32_t)-1;
    if (to < 0 || to >= MAX_FD) {
        msvcrt_set_errno(CRT_EBADF);
        return (uint64_t)(uint32_t)-1;
    }
    if (from == to)
        return 0;
    uint32_t h = handle_dup(f->handle);
    if (!h) {
        msvcrt_set_errno(CRT_EMFILE);
        return (uint64_t)(uint32_t)-1;
    }
    uint8_t flags = f->flags & (F_TEXT | F_APPEND);
    if (fd_get(to))
        lowio_close(to);
    fd_assign(to, h, flags);
    return 0;
}

uint64_t msvcrt__setmode(struct thunk_call *c)
{
    API_ARGS(msvcrt, _setmode, a);
    int mode = (int)a.mode;
    struct lowfd *f = fd_check((int)a.fd);
    if (!f)
        return (uint64_t)(uint32_t)-1;
    if (mode != CRT_O_TEXT && mode != CRT_O_BINARY) {
        msvcrt_set_errno(CRT_EINVAL);
        return (uint64_t)(uint32_t)-1;
    }
    int old = (f->flags & F_TEXT) ? CRT_O_TEXT : CRT_O_BINARY;
    if (mode == CRT_O_TEXT)
        f->flags |= F_TEXT;
    else
        f->flags &= (uint8_t)~F_TEXT;
    return (uint64_t)(uint32_t)old;
}

uint64_t msvcrt__get_osfhandle(struct thunk_call *c)
{
    API_ARGS(msvcrt, _get_osfhandle, a);
    struct lowfd *f = fd_check((int)a.fd);
    return f ? f->handle : INVALID_HANDLE_VALUE;
}

uint64_t msvcrt__open_osfhandle(struct thunk_call *c)
{
    API_ARGS(msvcrt, _open_osfhandle, a);
    uint32_t h = a.osfhandle;
    if (!handle_get(h, HANDLE_FREE)) {
        lowio_dosmaperr(ERROR_INVALID_HANDLE);
        return (uint64_t)(uint32_t)-1;
    }
    return (uint64_t)(uint32_t)lowio_adopt(h, (int)a.flags);
}

uint64_t msvcrt__isatty(struct thunk_call *c)
{
    API_ARGS(msvcrt, _isatty, a);
    struct lowfd *f = fd_check((int)a.fd);
    return f ? (f->flags & F_DEV) : 0;
}

uint64_t msvcrt__umask(struct thunk_call *c)
{
    API_ARGS(msvcrt, _umask, a);
    uint32_t old = umask_val;
    umask_val = a.pmode;
    return old;
}

/* ---- names: access, chmod, directories ------------------------------- */

/* Runs a kernel32 file-system call for msvcrt: 0, or -1 with errno set. */
static uint64_t name_op(gaddr path, bool wide, uint32_t (*op)(const char *))
{
    char *p = path_arg(path, wide);
    if (!p)
        return (uint64_t)(uint32_t)-1;
    uint32_t err = op(p);
    free(p);
    if (err) {
        lowio_dosmaperr(err);
        return (uint64_t)(uint32_t)-1;
    }
    return 0;
}

uint64_t msvcrt__mkdir(struct thunk_call *c)
{
    API_ARGS(msvcrt, _mkdir, a);
    return name_op(a.dirname, false, fs_create_directory);
}
uint64_t msvcrt__wmkdir(struct thunk_call *c)
{
    API_ARGS(msvcrt, _wmkdir, a);
    return name_op(a.dirname, true, fs_create_directory);
}
uint64_t msvcrt__rmdir(struct thunk_call *c)
{
    API_ARGS(msvcrt, _rmdir, a);
    return name_op(a.dirname, false, fs_remove_directory);
}
uint64_t msvcrt__wrmdir(struct thunk_call *c)
{
    API_ARGS(msvcrt, _wrmdir, a);
    return name_op(a.dirname, true, fs_remove_directory);
}
uint64_t msvcrt__chdir(struct thunk_call *c)
{
    API_ARGS(msvcrt, _chdir, a);
    return name_op(a.dirname, false, fs_set_current_directory);
}
uint64_t msvcrt__wchdir(struct thunk_call *c)
{
    API_ARGS(msvcrt, _wchdir, a);
    return name_op(a.dirname, true, fs_set_current_directory);
}
uint64_t msvcrt__unlink(struct thunk_call *c)
{
    API_ARGS(msvcrt, _unlink, a);
    return name_op(a.filename, false, fs_delete_file);
}
uint64_t msvcrt__wunlink(struct thunk_call *c)
{
    API_ARGS(msvcrt, _wunlink, a);
    return name_op(a.filename, true, fs_delete_file);
}

static uint64_t access_call(gaddr path, uint32_t mode, bool wide)
{
    FILE_NETWORK_OPEN_INFORMATION32 info;
    char *p = path_arg(path, wide);
    if (!p)
        return (uint64_t)(uint32_t)-1;
    uint32_t err = fs_get_attributes(p, &info);
    uint32_t attrs = info.FileAttributes;
    free(p);
    if (err) {
        lowio_dosmaperr(err);
        return (uint64_t)(uint32_t)-1;
    }
    if ((mode & 2) && (attrs & FILE_ATTRIBUTE_READONLY)) {
        msvcrt_set_errno(CRT_EACCES);
        return (uint64_t)(uint32_t)-1;
    }
    return 0;
}

uint64_t msvcrt__access(struct thunk_call *c)
{
    API_ARGS(msvcrt, _access, a);
    return access_call(a.path, a.mode, false);
}
uint64_t msvcrt__waccess(struct thunk_call *c)
{
    API_ARGS(msvcrt, _waccess, a);
    return access_call(a.path, a.mode, true);
}

static uint64_t chmod_call(gaddr filename, uint32_t pmode, bool wide)
{
    char *p = path_arg(filename, wide);
    if (!p)
        return (uint64_t)(uint32_t)-1;
    uint32_t attrs = (pmode & S_IWRITE_CRT) ? 0 : FILE_ATTRIBUTE_READONLY;
    uint32_t err = fs_set_attributes(p, attrs);
    free(p);
    if (err) {
        lowio_dosmaperr(err);
        return (uint64_t)(uint32_t)-1;
    }
    return 0;
}

uint64_t msvcrt__chmod(struct thunk_call *c)
{
    API_ARGS(msvcrt, _chmod, a);
    return chmod_call(a.filename, a.pmode, false);
}
uint64_t msvcrt__wchmod(struct thunk_call *c)
{
    API_ARGS(msvcrt, _wchmod, a);
    return chmod_call(a.filename, a.pmode, true);
}

/* msvcrt's malloc sits on the process heap too: callers free() these. */
static gaddr crt_alloc(uint32_t n)
{
    return heap_alloc(proc->process_heap, n, 0);
}

/* _getcwd / _wgetcwd: into buf, or a malloc'd block of at least size
 * bytes when buf is NULL. */
static uint64_t getcwd_call(gaddr buf, int32_t size, bool wide)
{
    size_t n;
    void *s;
    if (wide) {
        s = utf8_to_utf16(proc->cwd_win, &n);
    } else {
        s = utf8_to_ansi(proc->cwd_win);
        n = s ? strlen(s) : 0;
    }
    if (!s) {
        msvcrt_set_errno(CRT_ENOMEM);
        return 0;
    }
    size_t unit = wide ? 2 : 1, need = n + 1;
    gaddr out = buf;
    if (!buf) {
        size_t want = size > 0 && (size_t)size > need ? (size_t)size : need;
        out = crt_alloc((uint32_t)(want * unit));
        if (!out)
            msvcrt_set_errno(CRT_ENOMEM);
    } else if (size <= 0 || need > (size_t)size) {
        msvcrt_set_errno(size <= 0 ? CRT_EINVAL : CRT_ERANGE);
        out = 0;
    }
    if (out && !gm_write(out, s, need * unit)) {
        msvcrt_set_errno(CRT_EINVAL);
        out = 0;
    }
    free(s);
    return out;
}

uint64_t msvcrt__getcwd(struct thunk_call *c)
{
    API_ARGS(msvcrt, _getcwd, a);
    return getcwd_call(a.buffer, (int32_t)a.maxlen, false);
}
uint64_t msvcrt__wgetcwd(struct thunk_call *c)
{
    API_ARGS(msvcrt, _wgetcwd, a);
    return getcwd_call(a.buffer, (int32_t)a.maxlen, true);
}

uint64_t msvcrt__getdrive(struct thunk_call *c)
{
    (void)c;
    char d = proc->cwd_win[0];
    return d >= 'A' && d <= 'Z' ? (uint64_t)(d - 'A' + 1) : 0;
}

/* ---- _stat / _fstat ------------------------------------------------------- */

/* The fields every _stat layout shares, in msvcrt's terms. */
struct crt_stat {
    uint32_t dev;
    uint16_t mode;
    int64_t size;
    int64_t atime, mtime, ctime;
};

enum stat_layout { LAYOUT_STAT32, LAYOUT_STAT32I64, LAYOUT_STAT64 };

/* Fills the head the layouts share; nlink is 1 and rdev is dev, as msvcrt. */
#define FILL_STAT_HEAD(st, s) \
    ((st).st_dev = (s)->dev, (st).st_mode = (s)->mode, (st).st_nlink = 1, (st).st_rdev = (s)->dev)

static bool put_stat(gaddr out, const struct crt_stat *s, enum stat_layout l)
{
    switch (l) {
    case LAYOUT_STAT32: {
        STAT32 st = { 0 };
        FILL_STAT_HEAD(st, s);
        st.st_size = (int32_t)s->size;
        st.access_time = (int32_t)s->atime, st.modify_time = (int32_t)s->mtime, st.change_time = (int32_t)s->ctime;
        return gm_write(out, &st, sizeof st);
    }
    case LAYOUT_STAT32I64: {
        STAT32I64 st = { 0 };
        FILL_STAT_HEAD(st, s);
        st.st_size = s->size;
        st.access_time = (int32_t)s->atime, st.modify_time = (int32_t)s->mtime, st.change_time = (int32_t)s->ctime;
        return gm_write(out, &st, sizeof st);
    }
    case LAYOUT_STAT64: {
        STAT64 st = { 0 };
        FILL_STAT_HEAD(st, s);
        st.st_size = s->size;
        st.access_time = s->atime, st.modify_time = s->mtime, st.change_time = s->ctime;
        return gm_write(out, &st, sizeof st);
    }
    }
    return false;
}

/* Read for everyone, write unless read-only, execute for directories and
 * programs; msvcrt copies the owner bits to group and other. */
static uint16_t crt_mode(uint32_t attrs, const char *name)
{
    uint16_t m = S_IREAD_CRT;
    if (attrs & FILE_ATTRIBUTE_DIRECTORY) {
        m |= S_IFDIR_CRT | S_IEXEC_CRT;
    } else {
        m |= S_IFREG_CRT;
        const char *dot = strrchr(name, '.');
        if (dot && (!strcasecmp(dot, ".exe") || !strcasecmp(dot, ".com") || !strcasecmp(dot, ".bat") ||
                    !strcasecmp(dot, ".cmd")))
            m |= S_IEXEC_CRT;
    }
    if (!(attrs & FILE_ATTRIBUTE_READONLY))
        m |= S_IWRITE_CRT;
    return (uint16_t)(m | (m & 0700) >> 3 | (m & 0700) >> 6);
}

/* FILETIME → seconds since 1970 (whole seconds, as msvcrt keeps them). */
static int64_t unix_secs(int64_t filetime)
{
    return filetime / 10000000 - 11644473600LL;
}

/* msvcrt refuses wildcards and a trailing separator except on a root. */
static bool stat_name_ok(const char *p)
{
    size_t n = strlen(p);
    if (strpbrk(p, "*?") || n == 0)
        return false;
    if (p[n - 1] != '\\' && p[n - 1] != '/')
        return true;
    return n == 1 || (n == 3 && p[1] == ':');
}

static uint64_t stat_call(gaddr path, gaddr buffer, bool wide, enum stat_layout l)
{
    FILE_NETWORK_OPEN_INFORMATION32 info;
    char *p = path_arg(path, wide);
    if (!p)
        return (uint64_t)(uint32_t)-1;
    uint32_t err = stat_name_ok(p) ? fs_get_attributes(p, &info) : ERROR_FILE_NOT_FOUND;
    if (err) {
        free(p);
        lowio_dosmaperr(err);
        return (uint64_t)(uint32_t)-1;
    }
    char drive = p[1] == ':' ? p[0] : proc->cwd_win[0];
    struct crt_stat s = {
        .dev = (uint32_t)((drive | 0x20) - 'a'), .mode = crt_mode(info.FileAttributes, p),
        .size = info.EndOfFile, .atime = unix_secs(info.LastAccessTime),
        .mtime = unix_secs(info.LastWriteTime), .ctime = unix_secs(info.CreationTime),
    };
    free(p);
    if (!put_stat(buffer, &s, l)) {
        msvcrt_set_errno(CRT_EINVAL);
        return (uint64_t)(uint32_t)-1;
    }
    return 0;
}

uint64_t msvcrt__stat(struct thunk_call *c)
{
    API_ARGS(msvcrt, _stat, a);
    return stat_call(a.path, a.buffer, false, LAYOUT_STAT32);
}
uint64_t msvcrt__wstat(struct thunk_call *c)
{
    API_ARGS(msvcrt, _wstat, a);
    return stat_call(a.path, a.buffer, true, LAYOUT_STAT32);
}
uint64_t msvcrt__stati64(struct thunk_call *c)
{
    API_ARGS(msvcrt, _stati64, a);
    return stat_call(a.path, a.buffer, false, LAYOUT_STAT32I64);
}
uint64_t msvcrt__wstati64(struct thunk_call *c)
{
    API_ARGS(msvcrt, _wstati64, a);
    return stat_call(a.path, a.buffer, true, LAYOUT_STAT32I64);
}
uint64_t msvcrt__stat64(struct thunk_call *c)
{
    API_ARGS(msvcrt, _stat64, a);
    return stat_call(a.path, a.buffer, false, LAYOUT_STAT64);
}
uint64_t msvcrt__wstat64(struct thunk_call *c)
{
    API_ARGS(msvcrt, _wstat64, a);
    return stat_call(a.path, a.buffer, true, LAYOUT_STAT64);
}

/* Devices report the descriptor as their device number; pipes are FIFOs. */
static uint64_t fstat_call(int fd, gaddr buffer, enum stat_layout l)
{
    struct lowfd *f = fd_check(fd);
    if (!f)
        return (uint64_t)(uint32_t)-1;
    struct crt_stat s = { 0 };
    if (f->flags & (F_DEV | F_PIPE)) { /* no permission bits, as msvcrt has it */
        s.dev = (uint32_t)fd;
        s.mode = (f->flags & F_DEV) ? S_IFCHR_CRT : S_IFIFO_CRT;
    } else {
        FILE_NETWORK_OPEN_INFORMATION32 info;
        uint32_t got;
        NTSTATUS st = nt_query_information_file(f->handle, FileNetworkOpenInformation, &info, sizeof info, &got);
        if (!NT_SUCCESS(st)) { /* msvcrt's _fstat says EBADF for any failure */
            set_doserrno(ntstatus_to_win32(st));
            msvcrt_set_errno(CRT_EBADF);
            return (uint64_t)(uint32_t)-1;
        }
        s.mode = crt_mode(info.FileAttributes, "");
        s.size = info.EndOfFile;
        s.atime = unix_secs(info.LastAccessTime);
        s.mtime = unix_secs(info.LastWriteTime);
        s.ctime = unix_secs(info.CreationTime);
    }
    if (!put_stat(buffer, &s, l)) {
        msvcrt_set_errno(CRT_EINVAL);
        return (uint64_t)(uint32_t)-1;
    }
    return 0;
}

uint64_t msvcrt__fstat(struct thunk_call *c)
{
    API_ARGS(msvcrt, _fstat, a);
    return fstat_call((int)a.fd, a.buffer, LAYOUT_STAT32);
}
uint64_t msvcrt__fstati64(struct thunk_call *c)
{
    API_ARGS(msvcrt, _fstati64, a);
    return fstat_call((int)a.fd, a.buffer, LAYOUT_STAT32I64);
}
uint64_t msvcrt__fstat64(struct thunk_call *c)
{
    API_ARGS(msvcrt, _fstat64, a);
    return fstat_call((int)a.fd, a.buffer, LAYOUT_STAT64);
}

/* ---- _findfirst / _findnext ------------------------------------------------ */

enum find_layout { FIND32, FIND32I64, FIND64 };

/* _finddata layouts: name offsets 20 / 24 / 40, sizes with 260 chars. */
static bool put_finddata(gaddr out, const struct fs_entry *e, enum find_layout l, bool wide)
{
    static const size_t name_off[3] = { 20, 24, 40 };
    uint8_t b[40 + 520];
    memset(b, 0, sizeof b);
    uint32_t attrib = e->info.FileAttributes;
    int64_t t[3] = { unix_secs(e->info.CreationTime), unix_secs(e->info.LastAccessTime),
                     unix_secs(e->info.LastWriteTime) };
    int64_t size = e->info.EndOfFile;
    memcpy(b, &attrib, 4);
    if (l == FIND64) {
        memcpy(b + 8, t, 24);
        memcpy(b + 32, &size, 8);
    } else {
        int32_t t32[3] = { (int32_t)t[0], (int32_t)t[1], (int32_t)t[2] };
        memcpy(b + 4, t32, 12);
        if (l == FIND32)
            memcpy(b + 16, &size, 4);
        else
            memcpy(b + 16, &size, 8);
    }
    size_t off = name_off[l], n = 0;
    if (wide) {
        uint16_t *w = utf8_to_utf16(e->name, &n);
        if (!w)
            return false;
        memcpy(b + off, w, (n < 259 ? n : 259) * 2);
        free(w);
    } else {
        char *a = utf8_to_ansi(e->name);
        if (!a)
            return false;
        n = strlen(a);
        memcpy(b + off, a, n < 259 ? n : 259);
        free(a);
    }
    size_t align = l == FIND32 ? 4 : 8;
    size_t total = (off + 260 * (wide ? 2 : 1) + align - 1) & ~(align - 1);
    return gm_write(out, b, total);
}

static uint64_t findfirst_call(gaddr filespec, gaddr fileinfo, enum find_layout l, bool wide)
{
    struct fs_find *f;
    char *p = path_arg(filespec, wide);
    if (!p)
        return (uint64_t)(uint32_t)-1;
    uint32_t err = fs_find_first(p, &f);
    free(p);
    if (err) {
        bool missing = err == ERROR_FILE_NOT_FOUND || err == ERROR_PATH_NOT_FOUND || err == ERROR_NO_MORE_FILES;
        msvcrt_set_errno(missing ? CRT_ENOENT : err == ERROR_NOT_ENOUGH_MEMORY ? CRT_ENOMEM : CRT_EINVAL);
        return (uint64_t)(uint32_t)-1;
    }
    const struct fs_entry *e = fs_find_next(f);
    uint32_t h = fs_find_handle(f);
    if (!h) {
        msvcrt_set_errno(CRT_EMFILE);
        return (uint64_t)(uint32_t)-1;
    }
    if (!put_finddata(fileinfo, e, l, wide)) {
        handle_close(h);
        msvcrt_set_errno(CRT_EINVAL);
        return (uint64_t)(uint32_t)-1;
    }
    return h;
}

static uint64_t findnext_call(uint32_t handle, gaddr fileinfo, enum find_layout l, bool wide)
{
    struct fs_find *f = fs_find_from_handle(handle);
    const struct fs_entry *e = f ? fs_find_next(f) : NULL;
    if (!f || !e) {
        msvcrt_set_errno(f ? CRT_ENOENT : CRT_EINVAL);
        return (uint64_t)(uint32_t)-1;
    }
    if (!put_finddata(fileinfo, e, l, wide)) {
        msvcrt_set_errno(CRT_EINVAL);
        return (uint64_t)(uint32_t)-1;
    }
    return 0;
}

uint64_t msvcrt__findfirst(struct thunk_call *c)
{
    API_ARGS(msvcrt, _findfirst, a);
    return findfirst_call(a.filespec, a.fileinfo, FIND32, false);
}
uint64_t msvcrt__findnext(struct thunk_call *c)
{
    API_ARGS(msvcrt, _findnext, a);
    return findnext_call(a.handle, a.fileinfo, FIND32, false);
}
uint64_t msvcrt__findfirsti64(struct thunk_call *c)
{
    API_ARGS(msvcrt, _findfirsti64, a);
    return findfirst_call(a.filespec, a.fileinfo, FIND32I64, false);
}
uint64_t msvcrt__findnexti64(struct thunk_call *c)
{
    API_ARGS(msvcrt, _findnexti64, a);
    return findnext_call(a.handle, a.fileinfo, FIND32I64, false);
}
uint64_t msvcrt__findfirst64(struct thunk_call *c)
{
    API_ARGS(msvcrt, _findfirst64, a);
    return findfirst_call(a.filespec, a.fileinfo, FIND64, false);
}
uint64_t msvcrt__findnext64(struct thunk_call *c)
{
    API_ARGS(msvcrt, _findnext64, a);
    return findnext_call(a.handle, a.fileinfo, FIND64, false);
}
uint64_t msvcrt__wfindfirst(struct thunk_call *c)
{
    API_ARGS(msvcrt, _wfindfirst, a);
    return findfirst_call(a.filespec, a.fileinfo, FIND32, true);
}
uint64_t msvcrt__wfindnext(struct thunk_call *c)
{
    API_ARGS(msvcrt, _wfindnext, a);
    return findnext_call(a.handle, a.fileinfo, FIND32, true);
}
uint64_t msvcrt__wfindfirsti64(struct thunk_call *c)
{
    API_ARGS(msvcrt, _wfindfirsti64, a);
    return findfirst_call(a.filespec, a.fileinfo, FIND32I64, true);
}
uint64_t msvcrt__wfindnexti64(struct thunk_call *c)
{
    API_ARGS(msvcrt, _wfindnexti64, a);
    return findnext_call(a.handle, a.fileinfo, FIND32I64, true);
}
uint64_t msvcrt__wfindfirst64(struct thunk_call *c)
{
    API_ARGS(msvcrt, _wfindfirst64, a);
    return findfirst_call(a.filespec, a.fileinfo, FIND64, true);
}
uint64_t msvcrt__wfindnext64(struct thunk_call *c)
{
    API_ARGS(msvcrt, _wfindnext64, a);
    return findnext_call(a.handle, a.fileinfo, FIND64, true);
}

uint64_t msvcrt__findclose(struct thunk_call *c)
{
    API_ARGS(msvcrt, _findclose, a);
    if (!fs_find_from_handle(a.handle) || !handle_close(a.handle)) {
        msvcrt_set_errno(CRT_EINVAL);
        return (uint64_t)(uint32_t)-1;
    }
    return 0;
}
