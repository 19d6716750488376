/* kernel32 file and console I/O over host file descriptors: the standard
 * handles are created at start-up; reads and writes go straight to the fd. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "core/handles.h"
#include "core/process.h"
#include "core/unicode.h"
#include "loader/peb.h"
#include "syscalls/api.h"
#include "syscalls/kernel32_file.h"
#include "syscalls/win32_errors.h"

#define STD_INPUT_HANDLE  ((uint32_t)-10)
#define STD_OUTPUT_HANDLE ((uint32_t)-11)
#define STD_ERROR_HANDLE  ((uint32_t)-12)

#define FILE_TYPE_UNKNOWN 0u
#define FILE_TYPE_DISK    1u
#define FILE_TYPE_CHAR    2u
#define FILE_TYPE_PIPE    3u

static uint64_t fail(uint32_t err)
{
    teb_set_last_error(err);
    return 0;
}

uint32_t errno_to_win32(int e)
{
    switch (e) {
    case ENOENT: return ERROR_FILE_NOT_FOUND;
    case ENOTDIR: return ERROR_PATH_NOT_FOUND;
    case EACCES: case EPERM: case EROFS: return ERROR_ACCESS_DENIED;
    case EEXIST: return ERROR_FILE_EXISTS;
    case EBADF: return ERROR_INVALID_HANDLE;
    case ENOMEM: return ERROR_NOT_ENOUGH_MEMORY;
    case ENOSPC: return ERROR_DISK_FULL;
    case EMFILE: case ENFILE: return ERROR_TOO_MANY_OPEN_FILES;
    case EPIPE: return ERROR_BROKEN_PIPE;
    case ENOTEMPTY: return ERROR_DIR_NOT_EMPTY;
    case EINVAL: return ERROR_INVALID_PARAMETER;
    case ENAMETOOLONG: return ERROR_FILENAME_EXCED_RANGE;
    default: return ERROR_INVALID_FUNCTION;
    }
}

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
    for (int fd = 0; fd < 3; fd++) {
        struct handle_obj *o = calloc(1, sizeof *o);
        if (!o)
            return false;
        o->type = isatty(fd) ? HANDLE_CONSOLE : HANDLE_FILE;
        o->fd = fd;
        uint32_t h = handle_new(o);
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

uint64_t kernel32_WriteFile(struct thunk_call *c)
{
    struct handle_obj *o = kernel32_io_handle(arg(c, 0));
    gaddr buf = arg(c, 1), written = arg(c, 3);
    uint32_t n = arg(c, 2);
    if (!o)
        return fail(ERROR_INVALID_HANDLE);
    const uint8_t *p = gm_ptr(buf, n, false);
    if (!p && n)
        return fail(ERROR_NOACCESS);
    if (written && !gm_write_u32(written, 0))
        return fail(ERROR_NOACCESS);
    size_t done;
    bool ok = write_all(o->fd, p, n, &done);
    if (written)
        gm_write_u32(written, (uint32_t)done);
    return ok ? 1 : fail(errno_to_win32(errno));
}

uint64_t kernel32_ReadFile(struct thunk_call *c)
{
    struct handle_obj *o = kernel32_io_handle(arg(c, 0));
    gaddr buf = arg(c, 1), nread = arg(c, 3);
    uint32_t n = arg(c, 2);
    if (!o)
        return fail(ERROR_INVALID_HANDLE);
    uint8_t *p = gm_ptr(buf, n, true);
    if (!p && n)
        return fail(ERROR_NOACCESS);
    if (nread && !gm_write_u32(nread, 0))
        return fail(ERROR_NOACCESS);
    ssize_t r;
    do
        r = read(o->fd, p, n);
    while (r < 0 && errno == EINTR);
    if (r < 0)
        return fail(errno_to_win32(errno));
    if (r > 0 && gm_code_written) /* ReadFile into code (unpackers) must be retranslated */
        gm_code_written(buf, (size_t)r);
    if (nread)
        gm_write_u32(nread, (uint32_t)r);
    return 1;
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

uint64_t kernel32_WriteConsoleA(struct thunk_call *c)
{
    struct handle_obj *o = kernel32_io_handle(arg(c, 0));
    uint32_t n = arg(c, 2);
    if (!o)
        return fail(ERROR_INVALID_HANDLE);
    const uint8_t *p = gm_ptr(arg(c, 1), n, false);
    if (!p && n)
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
    const uint16_t *p = gm_ptr(arg(c, 1), (size_t)n * 2, false);
    if (!p && n)
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
