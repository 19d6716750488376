/* Host reads and writes that can block, outside the process lock. The
 * thread leaves the lock (thread_unlock), waits in poll() on the descriptor
 * and on its own wake descriptor (so ExitProcess or TerminateThread still
 * reach it), moves the bytes through a host buffer, and takes the lock
 * again before it touches guest memory or any shared table. */
#define _GNU_SOURCE
#include "core/host_io.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/stat.h>

#include "core/guest_mem.h"
#include "core/handles.h"
#include "core/thread.h"
#include "core/trace.h"

/* One call moves at most this much through the bounce buffer; pipes give
 * less per read anyway, and callers loop as Windows' callers do. */
#define BOUNCE_MAX (1u << 20)

void host_io_init(void)
{
    signal(SIGPIPE, SIG_IGN);
}

bool host_io_may_block(int fd)
{
    struct stat st;
    if (fstat(fd, &st) != 0)
        return false;
    return S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode) || S_ISCHR(st.st_mode);
}

static bool is_fifo(int fd)
{
    struct stat st;
    return fstat(fd, &st) == 0 && S_ISFIFO(st.st_mode);
}

NTSTATUS host_io_status(int e, bool writing)
{
    switch (e) {
    case EPIPE: return writing ? STATUS_PIPE_CLOSING : STATUS_PIPE_BROKEN;
    case EBADF: return STATUS_ACCESS_DENIED; /* a valid handle without that access */
    case EFAULT: return STATUS_ACCESS_VIOLATION;
    case ENOSPC: case EFBIG: case EDQUOT: return STATUS_DISK_FULL;
    case ENOMEM: return STATUS_NO_MEMORY;
    case EINVAL: return STATUS_INVALID_PARAMETER;
    case EISDIR: return STATUS_INVALID_DEVICE_REQUEST;
    case EIO: return STATUS_IO_DEVICE_ERROR;
    default: return STATUS_UNSUCCESSFUL;
    }
}

/* ---------------------------------------------------------------- reads */

enum outcome { DONE, INTERRUPTED };

/* Waits until fd has `events` ready or the wake descriptor fires; the
 * lock is not held. */
static enum outcome poll_ready(int fd, short events, int wake_fd, int *err)
{
    struct pollfd p[2] = { { .fd = fd, .events = events }, { .fd = wake_fd, .events = POLLIN } };
    for (;;) {
        int rc = poll(p, wake_fd >= 0 ? 2 : 1, -1);
        if (rc < 0 && errno == EINTR)
            continue; /* a backend's interrupt signal: termination comes through wake_fd */
        if (rc < 0) {
            *err = errno;
            return DONE;
        }
        if (wake_fd >= 0 && p[1].revents)
            return INTERRUPTED;
        return DONE;
    }
}

/* Reads without the lock. poll() first, then only what FIONREAD says is
 * there, so a descriptor we do not own (the host's stdin) never blocks in
 * read() where the wake descriptor could not reach it. Two threads reading
 * the same descriptor can still race for the same bytes; the loser then
 * blocks in read() until more arrive. */
static enum outcome unlocked_read(int fd, int wake_fd, void *buf, size_t n, ssize_t *r, int *err)
{
    for (;;) {
        *err = 0;
        if (poll_ready(fd, POLLIN, wake_fd, err) == INTERRUPTED)
            return INTERRUPTED;
        if (*err) {
            *r = -1;
            return DONE;
        }
        int avail = 0;
        size_t want = n;
        if (ioctl(fd, FIONREAD, &avail) == 0 && avail > 0 && (size_t)avail < want)
            want = (size_t)avail;
        *r = read(fd, buf, want);
        if (*r < 0 && (errno == EINTR || errno == EAGAIN))
            continue;
        if (*r < 0)
            *err = errno;
        return DONE;
    }
}

/* A descriptor opened without the access: poll() would wait on it forever
 * where read(2)/write(2) fail at once. */
static bool lacks_access(int fd, bool writing)
{
    int fl = fcntl(fd, F_GETFL);
    if (fl < 0)
        return false;
    return (fl & O_ACCMODE) == (writing ? O_RDONLY : O_WRONLY);
}

static NTSTATUS read_result(int fd, ssize_t r, int err, size_t *done)
{
    if (r < 0)
        return host_io_status(err, false);
    *done = (size_t)r;
    /* an anonymous pipe reports its end as a broken pipe, once drained */
    if (r == 0 && is_fifo(fd))
        return STATUS_PIPE_BROKEN;
    return STATUS_SUCCESS;
}

NTSTATUS host_io_read_fd(int fd, void *buf, size_t n, size_t *done)
{
    *done = 0;
    if (n == 0)
        return STATUS_SUCCESS;
    ssize_t r;
    int err = 0;
    if (!host_io_may_block(fd) || !current_thread) {
        /* regular files: the data is there (or the end is): no wait */
        do
            r = read(fd, buf, n);
        while (r < 0 && errno == EINTR);
        return read_result(fd, r, r < 0 ? errno : 0, done);
    }
    if (lacks_access(fd, false))
        return STATUS_ACCESS_DENIED;
    for (;;) {
        int wake_fd = thread_unlock(NULL, 0);
        enum outcome o = unlocked_read(fd, wake_fd, buf, n, &r, &err);
        if (thread_relock() == THREAD_TERMINATED)
            return STATUS_THREAD_IS_TERMINATING;
        if (o == DONE)
            return read_result(fd, r, err, done);
    }
}

/* A handle's descriptor stays open while the call runs without the lock,
 * even when another thread closes the handle meanwhile. */
NTSTATUS host_io_read(struct handle_obj *o, gaddr buf, uint32_t n, uint32_t *done)
{
    *done = 0;
    if (n == 0)
        return STATUS_SUCCESS;
    if (!gm_writable(buf, n))
        return STATUS_ACCESS_VIOLATION; /* probed first: nothing is consumed */
    if (!host_io_may_block(o->fd)) {
        /* Regular files keep the direct path: read(2) into guest memory
         * under the lock. It never waits for another party, and the bounce
         * copy would cost a memcpy per byte read (large file reads are the
         * common case, e.g. loaders and unpackers). */
        uint8_t *p = gm_ptr(buf, n, true);
        size_t got = 0;
        NTSTATUS st = p ? host_io_read_fd(o->fd, p, n, &got) : STATUS_ACCESS_VIOLATION;
        if (got && gm_code_written) /* ReadFile into code (unpackers) must be retranslated */
            gm_code_written(buf, got);
        *done = (uint32_t)got;
        return st;
    }
    size_t cap = n < BOUNCE_MAX ? n : BOUNCE_MAX;
    uint8_t *bounce = malloc(cap);
    if (!bounce)
        return STATUS_NO_MEMORY;
    size_t got = 0;
    uint64_t t0 = o->io_done && trace_enabled ? trace_filetime_now() : 0;
    handle_obj_ref(o);
    NTSTATUS st = host_io_read_fd(o->fd, bounce, cap, &got);
    if (st == STATUS_SUCCESS && got && o->io_done)
        o->io_done(o, false, (uint32_t)got, t0);
    handle_obj_unref(o);
    if (st == STATUS_SUCCESS && got && !gm_write(buf, bounce, got))
        st = STATUS_ACCESS_VIOLATION; /* freed by another thread meanwhile */
    else
        *done = (uint32_t)got;
    free(bounce);
    return st;
}

/* --------------------------------------------------------------- writes */

/* Writes everything without the lock. After POLLOUT a pipe takes PIPE_BUF
 * bytes without blocking, so pipes are written in such chunks and the wake
 * descriptor is looked at between them. */
static enum outcome unlocked_write(int fd, int wake_fd, const uint8_t *p, size_t n, size_t *done, int *err)
{
    size_t chunk = is_fifo(fd) ? PIPE_BUF : n;
    while (*done < n) {
        if (poll_ready(fd, POLLOUT, wake_fd, err) == INTERRUPTED)
            return INTERRUPTED;
        if (*err)
            return DONE;
        size_t want = n - *done < chunk ? n - *done : chunk;
        ssize_t w = write(fd, p + *done, want);
        if (w < 0 && (errno == EINTR || errno == EAGAIN))
            continue;
        if (w <= 0) {
            *err = w < 0 ? errno : ENOSPC;
            return DONE;
        }
        *done += (size_t)w;
    }
    return DONE;
}

NTSTATUS host_io_write_fd(int fd, const void *buf, size_t n, size_t *done)
{
    *done = 0;
    int err = 0;
    if (!host_io_may_block(fd) || !current_thread) {
        const uint8_t *p = buf;
        while (*done < n) {
            ssize_t w = write(fd, p + *done, n - *done);
            if (w < 0 && errno == EINTR)
                continue;
            if (w <= 0)
                return host_io_status(w < 0 ? errno : ENOSPC, true);
            *done += (size_t)w;
        }
        return STATUS_SUCCESS;
    }
    if (lacks_access(fd, true))
        return STATUS_ACCESS_DENIED;
    for (;;) {
        int wake_fd = thread_unlock(NULL, 0);
        enum outcome o = unlocked_write(fd, wake_fd, buf, n, done, &err);
        if (thread_relock() == THREAD_TERMINATED)
            return STATUS_THREAD_IS_TERMINATING;
        if (o == DONE)
            return err ? host_io_status(err, true) : STATUS_SUCCESS;
    }
}

NTSTATUS host_io_write(struct handle_obj *o, gaddr buf, uint32_t n, uint32_t *done)
{
    *done = 0;
    if (!host_io_may_block(o->fd)) {
        /* regular files: straight from guest memory, as for reads */
        const uint8_t *p = n ? gm_ptr(buf, n, false) : (const uint8_t *)"";
        if (!p)
            return STATUS_ACCESS_VIOLATION;
        size_t put = 0;
        NTSTATUS st = host_io_write_fd(o->fd, p, n, &put);
        *done = (uint32_t)put;
        return st;
    }
    uint8_t *bounce = malloc(n ? n : 1);
    if (!bounce)
        return STATUS_NO_MEMORY;
    if (n && !gm_read(buf, bounce, n)) {
        free(bounce);
        return STATUS_ACCESS_VIOLATION;
    }
    size_t put = 0;
    uint64_t t0 = o->io_done && trace_enabled ? trace_filetime_now() : 0;
    handle_obj_ref(o);
    NTSTATUS st = n ? host_io_write_fd(o->fd, bounce, n, &put) : STATUS_SUCCESS;
    if (put && o->io_done)
        o->io_done(o, true, (uint32_t)put, t0);
    handle_obj_unref(o);
    free(bounce);
    *done = (uint32_t)put;
    return st;
}
