/* Anonymous pipes: a host pipe(2) pair, each end a file handle whose
 * descriptor closes with its last handle (duplicates included), so the
 * reader sees the end of the data exactly when Windows' would. Reads and
 * writes need nothing pipe-specific: core/host_io.c waits outside the
 * process lock and reports a broken pipe (reader side) or a closing one
 * (writer side) as Windows does. */
#define _GNU_SOURCE
#include "syscalls/ntdll/pipe.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/stat.h>

#include "core/guest_mem.h"

static uint32_t new_end(int fd, bool inherit)
{
    struct handle_obj *o = calloc(1, sizeof *o);
    if (!o)
        return 0;
    o->type = HANDLE_FILE;
    o->fd = fd;
    uint32_t h = handle_new(o);
    if (!h) {
        free(o);
        return 0;
    }
    handle_set_flags(h, HANDLE_FLAG_INHERIT, inherit ? HANDLE_FLAG_INHERIT : 0);
    return h;
}

NTSTATUS nt_pipe_create(uint32_t size, bool inherit, uint32_t *read_h, uint32_t *write_h)
{
    int fds[2];
    /* O_CLOEXEC: the host never sees them; inheritance is the handle flag */
    if (pipe2(fds, O_CLOEXEC) != 0)
        return errno == EMFILE || errno == ENFILE ? STATUS_TOO_MANY_OPENED_FILES : STATUS_NO_MEMORY;
    if (size)
        fcntl(fds[1], F_SETPIPE_SZ, (int)(size < (1u << 20) ? size : 1u << 20)); /* a hint: may be refused */
    uint32_t r = new_end(fds[0], inherit);
    uint32_t w = r ? new_end(fds[1], inherit) : 0;
    if (!r || !w) {
        if (r)
            handle_close(r);
        else
            close(fds[0]);
        close(fds[1]);
        return STATUS_NO_MEMORY;
    }
    *read_h = r;
    *write_h = w;
    return STATUS_SUCCESS;
}

static bool is_fifo(int fd)
{
    struct stat st;
    return fstat(fd, &st) == 0 && S_ISFIFO(st.st_mode);
}

/* Copies up to n bytes from the pipe without consuming them: tee(2)
 * duplicates them into a scratch pipe, which is read. */
static uint32_t peek_bytes(int fd, uint8_t *dst, uint32_t n)
{
    int scratch[2];
    if (pipe2(scratch, O_CLOEXEC | O_NONBLOCK) != 0)
        return 0;
    ssize_t t = tee(fd, scratch[1], n, SPLICE_F_NONBLOCK);
    ssize_t r = t > 0 ? read(scratch[0], dst, (size_t)t) : 0;
    close(scratch[0]);
    close(scratch[1]);
    return r > 0 ? (uint32_t)r : 0;
}

NTSTATUS nt_pipe_peek(struct handle_obj *o, gaddr buf, uint32_t n, uint32_t *copied, uint32_t *avail)
{
    *copied = 0;
    *avail = 0;
    if (!is_fifo(o->fd))
        return STATUS_INVALID_DEVICE_REQUEST;
    int count = 0;
    if (ioctl(o->fd, FIONREAD, &count) != 0)
        return STATUS_INVALID_DEVICE_REQUEST;
    if (count == 0) {
        struct pollfd p = { .fd = o->fd, .events = POLLIN };
        if (poll(&p, 1, 0) == 1 && (p.revents & POLLHUP))
            return STATUS_PIPE_BROKEN;
        return STATUS_SUCCESS;
    }
    *avail = (uint32_t)count;
    uint32_t want = n < (uint32_t)count ? n : (uint32_t)count;
    if (!buf || want == 0)
        return STATUS_SUCCESS;
    uint8_t *tmp = malloc(want);
    if (!tmp)
        return STATUS_NO_MEMORY;
    uint32_t got = peek_bytes(o->fd, tmp, want);
    bool ok = gm_write(buf, tmp, got);
    free(tmp);
    if (!ok)
        return STATUS_ACCESS_VIOLATION;
    *copied = got;
    return STATUS_SUCCESS;
}
