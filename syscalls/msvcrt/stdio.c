/* msvcrt stdio streams. Each guest FILE (the _iob entries and fopen'ed ones)
 * has a host-side stream holding msvcrt's state: a buffer over a low-level
 * descriptor (raw bytes when reading, the caller's bytes when writing),
 * text-mode translation (CR LF read as LF, Ctrl-Z ends input; LF written as
 * CR LF when the buffer goes out), msvcrt's buffering rules, and _flag /
 * _file kept current in the guest struct. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/guest_mem.h"
#include "core/heap.h"
#include "core/process.h"
#include "core/thread.h"
#include "core/unicode.h"
#include "syscalls/api.h"
#include "syscalls/msvcrt/api_args.h"
#include "syscalls/kernel32/file.h"
#include "syscalls/kernel32/fs.h"
#include "syscalls/msvcrt/lowio.h"
#include "syscalls/msvcrt/state.h"
#include "syscalls/msvcrt/stdio.h"
#include "syscalls/msvcrt/struct32.h"
#include "syscalls/win32_errors.h"

/* msvcrt's _flag bits */
#define IOREAD 0x0001u
#define IOWRT  0x0002u
#define IONBF  0x0004u
#define IOEOF  0x0010u
#define IOERR  0x0020u
#define IORW   0x0080u

#define FILE_SIZE   32u
#define IOB_ENTRIES 20
#define BUFSIZE     4096u
#define MAX_STREAMS 2048

#define RET_EOF ((uint64_t)(uint32_t)CRT_EOF)

enum direction { IDLE, READING, WRITING };

struct stream {
    gaddr file;
    bool in_use;
    int fd;
    uint32_t flags;      /* _flag as the guest sees it */
    enum direction dir;
    bool unbuffered;     /* setvbuf(_IONBF), stderr */
    bool console;        /* stdout/stderr on a device: flushed after each call */
    bool ctrlz;          /* a text read met Ctrl-Z: the end until a seek */
    uint8_t *buf;
    size_t size;         /* buffer size (setvbuf) */
    size_t pos, len;     /* reading: unread raw bytes [pos, len); writing: pending [0, len) */
    uint8_t back[8];     /* ungetc'd bytes, last pushed on top */
    int nback;
    int reading;         /* threads in a raw read that may wait without the lock */
};

static struct stream *streams[MAX_STREAMS];
static int nstreams;
static int max_stdio = 512;
static bool streams_ready;

/* ---- the stream table ----------------------------------------------- */

static void sync_guest(struct stream *s)
{
    FILE32 f = { ._flag = (int32_t)s->flags, ._file = s->fd, ._bufsiz = s->buf ? (int32_t)s->size : 0 };
    gm_write(s->file, &f, sizeof f);
}

static struct stream *new_stream(gaddr file)
{
    struct stream *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->file = file;
    s->fd = -1;
    s->size = BUFSIZE;
    streams[nstreams++] = s;
    return s;
}

/* _iob[0..2] are open from the start; stderr is unbuffered, stdout is
 * when it is a console (msvcrt buffers each call and flushes at its end). */
static void streams_init(void)
{
    static const uint32_t std_flags[3] = { IOREAD, IOWRT, IOWRT };
    if (streams_ready)
        return;
    streams_ready = true;
    for (int i = 0; i < IOB_ENTRIES; i++) {
        struct stream *s = new_stream(msvcrt.iob + (gaddr)i * FILE_SIZE);
        if (!s || i >= 3)
            continue;
        s->in_use = true;
        s->fd = i;
        s->flags = std_flags[i];
        s->unbuffered = i == 2;
        s->console = i > 0 && lowio_is_device(i);
        sync_guest(s);
    }
}

gaddr stdio_iob(int i)
{
    return msvcrt.iob + (gaddr)i * FILE_SIZE;
}

static struct stream *find_stream(gaddr file)
{
    streams_init();
    for (int i = 0; i < nstreams; i++)
        if (streams[i]->file == file && streams[i]->in_use)
            return streams[i];
    return NULL;
}

struct stream *stream_of(gaddr file)
{
    struct stream *s = find_stream(file);
    if (!s)
        msvcrt_set_errno(CRT_EINVAL);
    return s;
}

/* A free FILE: _iob entries first, then blocks on the heap (kept for
 * reuse once closed, as msvcrt keeps its __piob entries). */
static struct stream *alloc_stream(void)
{
    streams_init();
    int open_count = 0;
    for (int i = 0; i < nstreams; i++)
        open_count += streams[i]->in_use;
    if (open_count >= max_stdio) {
        msvcrt_set_errno(CRT_EMFILE);
        return NULL;
    }
    for (int i = 3; i < nstreams; i++)
        if (!streams[i]->in_use)
            return streams[i];
    for (int i = 0; i < 3; i++) /* a closed standard stream is free too */
        if (!streams[i]->in_use)
            return streams[i];
    gaddr file = nstreams < MAX_STREAMS ? heap_alloc(proc->process_heap, FILE_SIZE, HEAP_ZERO_MEMORY) : 0;
    struct stream *s = file ? new_stream(file) : NULL;
    if (!s)
        msvcrt_set_errno(file ? CRT_ENOMEM : CRT_EMFILE);
    return s;
}

static void stream_setup(struct stream *s, int fd, uint32_t flags)
{
    s->in_use = true;
    s->fd = fd;
    s->flags = flags;
    s->dir = IDLE;
    s->unbuffered = false;
    s->console = false;
    s->ctrlz = false;
    s->size = BUFSIZE;
    s->pos = s->len = 0;
    s->nback = 0;
    sync_guest(s);
}

static bool text(const struct stream *s)
{
    return lowio_text(s->fd);
}

bool stream_is_text(struct stream *s)
{
    return text(s);
}

static void set_flag(struct stream *s, uint32_t f)
{
    s->flags |= f;
    sync_guest(s);
}

static bool ensure_buffer(struct stream *s)
{
    if (s->buf)
        return true;
    s->buf = malloc(s->size);
    if (!s->buf) {
        msvcrt_set_errno(CRT_ENOMEM);
        set_flag(s, IOERR);
        return false;
    }
    sync_guest(s);
    return true;
}

/* ---- writing ---------------------------------------------------------- */

/* Writes bytes as msvcrt's _write does: text mode (the descriptor's mode
 * now, so a _setmode or _dup2 since they were buffered counts) turns LF
 * into CR LF. */
static bool write_out(struct stream *s, const uint8_t *p, size_t n)
{
    bool ok;
    if (!text(s) || !memchr(p, '\n', n)) {
        ok = lowio_write_raw(s->fd, p, n);
    } else {
        uint8_t *t = malloc(n * 2);
        size_t o = 0;
        for (size_t i = 0; t && i < n; i++) {
            if (p[i] == '\n')
                t[o++] = '\r';
            t[o++] = p[i];
        }
        ok = t && lowio_write_raw(s->fd, t, o);
        if (!t)
            msvcrt_set_errno(CRT_ENOMEM);
        free(t);
    }
    if (!ok)
        set_flag(s, IOERR);
    return ok;
}

static bool flush_write(struct stream *s)
{
    if (s->dir != WRITING || s->len == 0)
        return true;
    size_t n = s->len;
    s->len = 0;
    return write_out(s, s->buf, n);
}

/* Read-ahead goes back to the file so the descriptor's position is the
 * stream's; a pipe or console just loses it. */
static void drop_read(struct stream *s)
{
    long unread = (long)(s->len - s->pos) + s->nback;
    if (s->dir == READING && unread > 0 && lowio_seekable(s->fd))
        lowio_seek(s->fd, -unread, 1);
    s->pos = s->len = 0;
    s->nback = 0;
    s->dir = IDLE;
}

/* Flushes pending output or drops read-ahead; the stream is then idle. */
static bool stream_sync(struct stream *s)
{
    bool ok = true;
    if (s->dir == WRITING)
        ok = flush_write(s);
    else if (s->dir == READING)
        drop_read(s);
    s->dir = IDLE;
    if (s->flags & IORW) {
        s->flags &= ~(IOREAD | IOWRT);
        sync_guest(s);
    }
    return ok;
}

static bool begin_write(struct stream *s)
{
    if (s->dir == WRITING)
        return true;
    if (!(s->flags & (IOWRT | IORW))) {
        msvcrt_set_errno(CRT_EBADF);
        set_flag(s, IOERR);
        return false;
    }
    if (s->dir == READING)
        drop_read(s);
    if (!ensure_buffer(s))
        return false;
    s->dir = WRITING;
    s->len = 0;
    if (s->flags & IORW) {
        s->flags = (s->flags & ~IOREAD) | IOWRT;
        sync_guest(s);
    }
    return true;
}

/* The buffer holds the caller's bytes; translation happens on the way out. */
bool stream_put(struct stream *s, const void *data, size_t n)
{
    if (!begin_write(s))
        return false;
    const uint8_t *p = data;
    while (n) {
        if (s->len == s->size && !flush_write(s))
            return false;
        if (s->len == 0 && n >= s->size) /* large writes skip the buffer */
            return write_out(s, p, n);
        size_t k = s->size - s->len < n ? s->size - s->len : n;
        memcpy(s->buf + s->len, p, k);
        s->len += k;
        p += k;
        n -= k;
    }
    return true;
}

bool stream_put_wide(struct stream *s, uint16_t wc)
{
    if (!text(s)) {
        uint8_t b[2] = { (uint8_t)wc, (uint8_t)(wc >> 8) };
        return stream_put(s, b, 2);
    }
    if (wc > 0xFF) {
        msvcrt_set_errno(CRT_EILSEQ);
        return false;
    }
    uint8_t b = (uint8_t)wc;
    return stream_put(s, &b, 1);
}

void stream_end(struct stream *s)
{
    if (s && s->dir == WRITING && (s->unbuffered || s->console))
        flush_write(s);
}

/* ---- reading ---------------------------------------------------------- */

static bool begin_read(struct stream *s)
{
    if (s->dir == READING)
        return true;
    if (!(s->flags & (IOREAD | IORW))) {
        msvcrt_set_errno(CRT_EBADF);
        set_flag(s, IOERR);
        return false;
    }
    if (s->dir == WRITING && !flush_write(s))
        return false;
    if (!ensure_buffer(s))
        return false;
    s->dir = READING;
    s->pos = s->len = 0;
    if (s->flags & IORW) {
        s->flags = (s->flags & ~IOWRT) | IOREAD;
        sync_guest(s);
    }
    return true;
}

/* Next raw byte: -1 at the end, -2 on an error. Reading the console or a
 * pipe for stdin first shows what stdout has pending. */
static int raw_get(struct stream *s)
{
    if (s->pos < s->len)
        return s->buf[s->pos++];
    if (s->fd == 0) {
        struct stream *out = find_stream(stdio_iob(1));
        if (out)
            flush_write(out);
    }
    size_t want = s->unbuffered ? 1 : s->size;
    s->reading++;
    long r = lowio_read_raw(s->fd, s->buf, want);
    if (--s->reading == 0)
        thread_wake((uintptr_t)s);
    if (r <= 0)
        return r < 0 ? -2 : -1;
    s->pos = 1;
    s->len = (size_t)r;
    return s->buf[0];
}

static int end_of_input(struct stream *s, int r)
{
    set_flag(s, r == -2 ? IOERR : IOEOF);
    return CRT_EOF;
}

int stream_getc(struct stream *s)
{
    if (s->nback)
        return s->back[--s->nback];
    if (!begin_read(s))
        return CRT_EOF;
    if (s->ctrlz)
        return end_of_input(s, -1);
    int c = raw_get(s);
    if (c < 0)
        return end_of_input(s, c);
    if (!text(s))
        return c;
    if (c == 0x1A) { /* stays in the buffer: later reads see the end too */
        s->pos--;
        s->ctrlz = true;
        return end_of_input(s, -1);
    }
    if (c != '\r')
        return c;
    int next = raw_get(s);
    if (next == '\n')
        return '\n';
    if (next >= 0)
        s->pos--;
    return '\r';
}

int stream_ungetc(struct stream *s, int c)
{
    if (c == CRT_EOF || s->nback == (int)sizeof s->back || !(s->flags & (IOREAD | IORW)))
        return CRT_EOF;
    if (s->dir != READING && !begin_read(s))
        return CRT_EOF;
    /* in binary mode the byte just read can be given back to the buffer */
    if (!s->nback && s->pos > 0 && s->buf[s->pos - 1] == (uint8_t)c && !text(s))
        s->pos--;
    else
        s->back[s->nback++] = (uint8_t)c;
    s->flags &= ~IOEOF;
    sync_guest(s);
    return c & 0xFF;
}

uint32_t stream_getwc(struct stream *s)
{
    int lo = stream_getc(s);
    if (lo < 0)
        return CRT_WEOF;
    if (text(s))
        return (uint32_t)lo;
    int hi = stream_getc(s);
    return hi < 0 ? CRT_WEOF : (uint32_t)(lo | hi << 8);
}

/* ---- flushing, positions --------------------------------------------- */

void msvcrt_flush_all(void)
{
    if (!streams_ready)
        return;
    for (int i = 0; i < nstreams; i++)
        if (streams[i]->in_use && streams[i]->dir == WRITING)
            flush_write(streams[i]);
}

static int64_t stream_tell(struct stream *s)
{
    int64_t pos = lowio_seek(s->fd, 0, 1);
    if (pos < 0)
        return -1;
    if (s->dir == READING)
        pos -= (int64_t)(s->len - s->pos);
    if (s->dir == WRITING) {
        int64_t pending = (int64_t)s->len;
        for (size_t i = 0; text(s) && i < s->len; i++)
            pending += s->buf[i] == '\n';
        pos = (lowio_append(s->fd) && s->len ? lowio_seek(s->fd, 0, 2) : pos) + pending;
    }
    return pos - s->nback;
}

static int stream_seek(struct stream *s, int64_t off, int origin)
{
    if (origin < 0 || origin > 2) {
        msvcrt_set_errno(CRT_EINVAL);
        return -1;
    }
    if (origin == 1) {
        int64_t cur = stream_tell(s);
        if (cur < 0)
            return -1;
        off += cur;
        origin = 0;
    }
    bool ok = stream_sync(s);
    s->pos = s->len = 0;
    s->nback = 0;
    s->ctrlz = false;
    s->flags &= ~IOEOF;
    sync_guest(s);
    if (!ok || lowio_seek(s->fd, off, origin) < 0)
        return -1;
    return 0;
}

/* ---- opening and closing --------------------------------------------- */

/* fopen's mode string as msvcrt reads it: parsing stops at the first
 * character it does not know or a repeated '+' / text-binary letter. */
static bool parse_mode(const char *m, int *oflag, uint32_t *flags)
{
    switch (*m) {
    case 'r': *oflag = CRT_O_RDONLY; *flags = IOREAD; break;
    case 'w': *oflag = CRT_O_WRONLY | CRT_O_CREAT | CRT_O_TRUNC; *flags = IOWRT; break;
    case 'a': *oflag = CRT_O_WRONLY | CRT_O_CREAT | CRT_O_APPEND; *flags = IOWRT; break;
    default:
        msvcrt_set_errno(CRT_EINVAL);
        return false;
    }
    bool plus = false, tb = false;
    for (m++; *m; m++) {
        char ch = *m;
        if ((ch == '+' && plus) || ((ch == 't' || ch == 'b') && tb))
            break;
        if (ch == '+') {
            plus = true;
            *oflag = (*oflag & ~3) | CRT_O_RDWR;
            *flags = IORW;
        } else if (ch == 't' || ch == 'b') {
            tb = true;
            *oflag |= ch == 't' ? CRT_O_TEXT : CRT_O_BINARY;
        } else if (ch == 'T') {
            *oflag |= CRT_O_SHORT_LIVED;
        } else if (ch == 'D') {
            *oflag |= CRT_O_TEMPORARY;
        } else if (ch == 'N') {
            *oflag |= CRT_O_NOINHERIT;
        } else if (ch != 'c' && ch != 'n' && ch != 'S' && ch != 'R') {
            break;
        }
    }
    return true;
}

static char *str_arg(gaddr p, bool wide)
{
    uint32_t err;
    char *s = k32_path_arg(p, wide, &err);
    if (!s)
        msvcrt_set_errno(CRT_EINVAL);
    return s;
}

/* Opens path into stream s (fopen, freopen: shflag _SH_DENYNO; _fsopen);
 * the FILE address or 0. */
static gaddr open_into(struct stream *s, const char *path, const char *mode, int shflag)
{
    int oflag;
    uint32_t flags;
    if (!parse_mode(mode, &oflag, &flags))
        return 0;
    int fd = lowio_open(path, oflag, shflag, 0x180 /* _S_IREAD | _S_IWRITE */);
    if (fd < 0)
        return 0;
    stream_setup(s, fd, flags);
    return s->file;
}

static uint64_t fopen_call(gaddr path, gaddr mode, bool wide, int shflag)
{
    char *p = str_arg(path, wide), *m = str_arg(mode, wide);
    if (p && !*p)
        msvcrt_set_errno(CRT_EINVAL);
    struct stream *s = p && *p && m ? alloc_stream() : NULL;
    gaddr r = s ? open_into(s, p, m, shflag) : 0;
    free(p);
    free(m);
    return r;
}

uint64_t msvcrt_fopen(struct thunk_call *c)
{
    API_ARGS(msvcrt, fopen, a);
    return fopen_call(a.filename, a.mode, false, CRT_SH_DENYNO);
}
uint64_t msvcrt__wfopen(struct thunk_call *c)
{
    API_ARGS(msvcrt, _wfopen, a);
    return fopen_call(a.filename, a.mode, true, CRT_SH_DENYNO);
}
/* The share flags hold as _sopen's do. */
uint64_t msvcrt__fsopen(struct thunk_call *c)
{
    API_ARGS(msvcrt, _fsopen, a);
    return fopen_call(a.filename, a.mode, false, (int)a.shflag);
}
uint64_t msvcrt__wfsopen(struct thunk_call *c)
{
    API_ARGS(msvcrt, _wfsopen, a);
    return fopen_call(a.filename, a.mode, true, (int)a.shflag);
}

/* A pipe or console read releases the process lock and fills s->buf when
 * it is taken again, so the buffer must outlive it: closing or rebuffering
 * a stream waits for such reads, as msvcrt's per-stream lock makes fclose
 * wait for a pending fread. False when this thread is being ended. */
static bool wait_reads_done(struct stream *s)
{
    uintptr_t key = (uintptr_t)s;
    while (s->reading)
        if (thread_wait(&key, 1, NULL) == THREAD_TERMINATED)
            return false;
    return true;
}

static void free_buffer(struct stream *s)
{
    if (wait_reads_done(s))
        free(s->buf); /* else left to the pending read: leaked, never reused */
    s->buf = NULL;
}

static int close_stream(struct stream *s)
{
    int r = stream_sync(s) ? 0 : CRT_EOF;
    if (lowio_close(s->fd) != 0)
        r = CRT_EOF;
    free_buffer(s);
    s->in_use = false;
    s->fd = -1;
    s->flags = 0;
    s->nback = 0;
    s->pos = s->len = 0;
    sync_guest(s);
    return r;
}

uint64_t msvcrt_fclose(struct thunk_call *c)
{
    API_ARGS(msvcrt, fclose, a);
    struct stream *s = stream_of(a.stream);
    return s ? (uint64_t)(uint32_t)close_stream(s) : RET_EOF;
}

uint64_t msvcrt__fcloseall(struct thunk_call *c)
{
    (void)c;
    streams_init();
    int n = 0;
    for (int i = 3; i < nstreams; i++) {
        if (streams[i]->in_use) {
            close_stream(streams[i]);
            n++;
        }
    }
    return (uint64_t)(uint32_t)n;
}

static uint64_t freopen_call(gaddr path, gaddr mode, gaddr file, bool wide)
{
    struct stream *s = stream_of(file);
    char *p = str_arg(path, wide), *m = str_arg(mode, wide);
    gaddr r = 0;
    if (s && p && m) {
        close_stream(s);
        r = open_into(s, p, m, CRT_SH_DENYNO);
    }
    free(p);
    free(m);
    return r;
}

uint64_t msvcrt_freopen(struct thunk_call *c)
{
    API_ARGS(msvcrt, freopen, a);
    return freopen_call(a.filename, a.mode, a.stream, false);
}
uint64_t msvcrt__wfreopen(struct thunk_call *c)
{
    API_ARGS(msvcrt, _wfreopen, a);
    return freopen_call(a.filename, a.mode, a.stream, true);
}

gaddr stdio_fdopen(int fd, const char *mode)
{
    int oflag;
    uint32_t flags;
    if (!parse_mode(mode, &oflag, &flags))
        return 0;
    if (!lowio_valid(fd)) {
        msvcrt_set_errno(CRT_EBADF);
        return 0;
    }
    struct stream *s = alloc_stream();
    if (!s)
        return 0;
    stream_setup(s, fd, flags);
    return s->file;
}

int stdio_fclose(gaddr file)
{
    struct stream *s = stream_of(file);
    return s ? close_stream(s) : CRT_EOF;
}

static uint64_t fdopen_call(int fd, gaddr mode, bool wide)
{
    int oflag;
    uint32_t flags;
    char *m = str_arg(mode, wide);
    if (!m)
        return 0;
    bool ok = parse_mode(m, &oflag, &flags);
    free(m);
    if (!ok)
        return 0;
    if (!lowio_valid(fd)) {
        msvcrt_set_errno(CRT_EBADF);
        return 0;
    }
    struct stream *s = alloc_stream();
    if (!s)
        return 0;
    stream_setup(s, fd, flags);
    return s->file;
}

uint64_t msvcrt__fdopen(struct thunk_call *c)
{
    API_ARGS(msvcrt, _fdopen, a);
    return fdopen_call((int)a.fd, a.mode, false);
}
uint64_t msvcrt__wfdopen(struct thunk_call *c)
{
    API_ARGS(msvcrt, _wfdopen, a);
    return fdopen_call((int)a.fd, a.mode, true);
}

/* msvcrt puts tmpfile()s in the current drive's root; this one uses the
 * Temp directory, which a program can always write. Deleted on close. */
uint64_t msvcrt_tmpfile(struct thunk_call *c)
{
    (void)c;
    static unsigned counter;
    char *dir = fs_temp_dir();
    struct stream *s = dir ? alloc_stream() : NULL;
    if (!s) {
        free(dir);
        return 0;
    }
    size_t n = strlen(dir) + 32;
    char *name = malloc(n);
    int fd = -1;
    for (unsigned tries = 0; name && fd < 0 && tries < 1000; tries++) {
        snprintf(name, n, "%st%x.%x", dir, (unsigned)proc->pid & 0xFFFF, ++counter);
        fd = lowio_open(name, CRT_O_RDWR | CRT_O_CREAT | CRT_O_EXCL | CRT_O_BINARY | CRT_O_TEMPORARY, CRT_SH_DENYNO,
                       0x180);
    }
    free(name);
    free(dir);
    if (fd < 0)
        return 0;
    stream_setup(s, fd, IORW);
    return s->file;
}

/* No file or directory has this name yet. */
static bool name_free(const char *name)
{
    FILE_NETWORK_OPEN_INFORMATION32 info;
    return fs_get_attributes(name, &info) == ERROR_FILE_NOT_FOUND;
}

static gaddr put_guest_string(gaddr out, const char *s, bool wide)
{
    size_t n;
    void *conv = wide ? (void *)utf8_to_utf16(s, &n) : (void *)utf8_to_ansi(s);
    if (!conv)
        return 0;
    if (!wide)
        n = strlen(conv);
    size_t bytes = (n + 1) * (wide ? 2 : 1);
    if (!out)
        out = heap_alloc(proc->process_heap, (uint32_t)bytes, 0);
    bool ok = out && gm_write(out, conv, bytes);
    free(conv);
    return ok ? out : 0;
}

static void base32(char *out, unsigned v)
{
    char tmp[16];
    int n = 0;
    do
        tmp[n++] = "0123456789abcdefghijklmnopqrstuv"[v % 32];
    while ((v /= 32) != 0);
    while (n)
        *out++ = tmp[--n];
    *out = '\0';
}

/* tmpnam: "s<pid>.<n>" in base 32 as msvcrt spells it (at most L_tmpnam,
 * 14 chars), but in the current directory: msvcrt's names sit in the
 * drive's root, which programs usually cannot write. */
static uint64_t tmpnam_call(gaddr buf, bool wide)
{
    static gaddr own[2];
    static unsigned counter;
    char pid[8], num[8], name[24];
    base32(pid, (unsigned)proc->pid & 0x7FFF);
    do {
        base32(num, ++counter & 0x7FFF);
        snprintf(name, sizeof name, "s%s.%s", pid, num);
    } while (!name_free(name) && counter < 0x8000);
    if (!buf && !own[wide])
        own[wide] = heap_alloc(proc->process_heap, 260 * 2, HEAP_ZERO_MEMORY);
    return put_guest_string(buf ? buf : own[wide], name, wide);
}

uint64_t msvcrt_tmpnam(struct thunk_call *c)
{
    API_ARGS(msvcrt, tmpnam, a);
    return tmpnam_call(a.buffer, false);
}
uint64_t msvcrt__wtmpnam(struct thunk_call *c)
{
    API_ARGS(msvcrt, _wtmpnam, a);
    return tmpnam_call(a.buffer, true);
}

static bool is_directory(const char *win)
{
    FILE_NETWORK_OPEN_INFORMATION32 info;
    return fs_get_attributes(win, &info) == 0 && (info.FileAttributes & FILE_ATTRIBUTE_DIRECTORY);
}

/* _tempnam: TMP's directory, else dir, else the current one; the prefix
 * and a decimal number; a malloc'd block the caller frees. */
static uint64_t tempnam_call(gaddr dir, gaddr prefix, bool wide)
{
    static unsigned counter;
    char *tmp = fs_temp_dir(), *d = dir ? str_arg(dir, wide) : NULL;
    char *p = prefix ? str_arg(prefix, wide) : strdup("");
    const char *base = tmp && is_directory(tmp) ? tmp : d && is_directory(d) ? d : proc->cwd_win;
    size_t n = strlen(base) + (p ? strlen(p) : 0) + 16;
    char *name = p ? malloc(n) : NULL;
    gaddr r = 0;
    while (name && counter < 0x7FFFFFFF) {
        size_t bl = strlen(base);
        snprintf(name, n, "%s%s%s%u", base, bl && base[bl - 1] != '\\' ? "\\" : "", p, ++counter);
        if (name_free(name)) {
            r = put_guest_string(0, name, wide);
            break;
        }
    }
    if (!r)
        msvcrt_set_errno(CRT_ENOMEM);
    free(name);
    free(tmp);
    free(d);
    free(p);
    return r;
}

uint64_t msvcrt__tempnam(struct thunk_call *c)
{
    API_ARGS(msvcrt, _tempnam, a);
    return tempnam_call(a.dir, a.prefix, false);
}
uint64_t msvcrt__wtempnam(struct thunk_call *c)
{
    API_ARGS(msvcrt, _wtempnam, a);
    return tempnam_call(a.dir, a.prefix, true);
}

/* ---- buffering, state, positions -------------------------------------- */

uint64_t msvcrt_fflush(struct thunk_call *c)
{
    API_ARGS(msvcrt, fflush, a);
    gaddr file = a.stream;
    if (file) {
        struct stream *s = stream_of(file);
        return s && stream_sync(s) ? 0 : RET_EOF;
    }
    streams_init();
    bool ok = true;
    for (int i = 0; i < nstreams; i++)
        if (streams[i]->in_use && streams[i]->dir == WRITING)
            ok = flush_write(streams[i]) && ok;
    return ok ? 0 : RET_EOF;
}

uint64_t msvcrt__flushall(struct thunk_call *c)
{
    (void)c;
    streams_init();
    int n = 0;
    for (int i = 0; i < nstreams; i++) {
        if (streams[i]->in_use) {
            stream_sync(streams[i]);
            n++;
        }
    }
    return (uint64_t)(uint32_t)n;
}

/* msvcrt treats _IOLBF as _IOFBF; sizes below 2 are refused. */
uint64_t msvcrt_setvbuf(struct thunk_call *c)
{
    API_ARGS(msvcrt, setvbuf, a);
    struct stream *s = stream_of(a.stream);
    uint32_t mode = a.mode, size = a.size;
    if (!s || (mode != 0 && mode != 0x40 && mode != IONBF) || (mode != IONBF && (size < 2 || size > 0x7FFFFFFF)))
        return RET_EOF;
    stream_sync(s);
    free_buffer(s);
    s->unbuffered = mode == IONBF;
    s->size = mode == IONBF ? BUFSIZE : size & ~1u;
    s->flags = mode == IONBF ? s->flags | IONBF : s->flags & ~IONBF;
    sync_guest(s);
    return 0;
}

uint64_t msvcrt_setbuf(struct thunk_call *c)
{
    API_ARGS(msvcrt, setbuf, a);
    struct stream *s = stream_of(a.stream);
    if (!s)
        return 0;
    stream_sync(s);
    free_buffer(s);
    s->unbuffered = a.buffer == 0;
    s->size = s->unbuffered ? BUFSIZE : 512;
    s->flags = s->unbuffered ? s->flags | IONBF : s->flags & ~IONBF;
    sync_guest(s);
    return 0;
}

uint64_t msvcrt_feof(struct thunk_call *c)
{
    API_ARGS(msvcrt, feof, a);
    struct stream *s = stream_of(a.stream);
    return s ? (s->flags & IOEOF) : 0;
}

uint64_t msvcrt_ferror(struct thunk_call *c)
{
    API_ARGS(msvcrt, ferror, a);
    struct stream *s = stream_of(a.stream);
    return s ? (s->flags & IOERR) : 0;
}

uint64_t msvcrt_clearerr(struct thunk_call *c)
{
    API_ARGS(msvcrt, clearerr, a);
    struct stream *s = stream_of(a.stream);
    if (s) {
        s->flags &= ~(IOEOF | IOERR);
        sync_guest(s);
    }
    return 0;
}

/* Read from the guest struct, so it works for any FILE the program built. */
uint64_t msvcrt__fileno(struct thunk_call *c)
{
    API_ARGS(msvcrt, _fileno, a);
    uint32_t fd = (uint32_t)-1;
    if (!gm_read_u32(a.stream + (gaddr)offsetof(FILE32, _file), &fd))
        msvcrt_set_errno(CRT_EINVAL);
    return fd;
}

uint64_t msvcrt_fseek(struct thunk_call *c)
{
    API_ARGS(msvcrt, fseek, a);
    struct stream *s = stream_of(a.stream);
    return s ? (uint64_t)(uint32_t)stream_seek(s, (int32_t)a.offset, (int)a.origin) : RET_EOF;
}

uint64_t msvcrt_ftell(struct thunk_call *c)
{
    API_ARGS(msvcrt, ftell, a);
    struct stream *s = stream_of(a.stream);
    int64_t pos = s ? stream_tell(s) : -1;
    if (pos > 0x7FFFFFFF) {
        msvcrt_set_errno(CRT_EINVAL);
        pos = -1;
    }
    return (uint64_t)(uint32_t)pos;
}

uint64_t msvcrt_rewind(struct thunk_call *c)
{
    API_ARGS(msvcrt, rewind, a);
    struct stream *s = stream_of(a.stream);
    if (s) {
        stream_seek(s, 0, 0);
        s->flags &= ~IOERR;
        sync_guest(s);
    }
    return 0;
}

/* fpos_t is a 64-bit offset in msvcrt. */
uint64_t msvcrt_fgetpos(struct thunk_call *c)
{
    API_ARGS(msvcrt, fgetpos, a);
    struct stream *s = stream_of(a.stream);
    int64_t pos = s ? stream_tell(s) : -1;
    if (pos < 0)
        return RET_EOF;
    if (!gm_write(a.pos, &pos, 8)) {
        msvcrt_set_errno(CRT_EINVAL);
        return RET_EOF;
    }
    return 0;
}

uint64_t msvcrt_fsetpos(struct thunk_call *c)
{
    API_ARGS(msvcrt, fsetpos, a);
    struct stream *s = stream_of(a.stream);
    int64_t pos;
    if (!s)
        return RET_EOF;
    if (!gm_read(a.pos, &pos, 8)) {
        msvcrt_set_errno(CRT_EINVAL);
        return RET_EOF;
    }
    return (uint64_t)(uint32_t)stream_seek(s, pos, 0);
}

uint64_t msvcrt__getmaxstdio(struct thunk_call *c) { (void)c; return (uint64_t)max_stdio; }

uint64_t msvcrt__setmaxstdio(struct thunk_call *c)
{
    API_ARGS(msvcrt, _setmaxstdio, a);
    int n = (int)a.newmax;
    if (n < IOB_ENTRIES || n > MAX_STREAMS)
        return RET_EOF;
    max_stdio = n;
    return (uint64_t)(uint32_t)n;
}

uint64_t msvcrt___p__iob(struct thunk_call *c) { (void)c; return msvcrt.iob; }

/* ---- characters and lines ---------------------------------------------- */

static uint64_t getc_call(gaddr file)
{
    struct stream *s = stream_of(file);
    return s ? (uint64_t)(uint32_t)stream_getc(s) : RET_EOF;
}

uint64_t msvcrt_fgetc(struct thunk_call *c)
{
    API_ARGS(msvcrt, fgetc, a);
    return getc_call(a.stream);
}
uint64_t msvcrt_getc(struct thunk_call *c)
{
    API_ARGS(msvcrt, getc, a);
    return getc_call(a.stream);
}
uint64_t msvcrt_getchar(struct thunk_call *c) { (void)c; return getc_call(stdio_iob(0)); }
uint64_t msvcrt__fgetchar(struct thunk_call *c) { (void)c; return getc_call(stdio_iob(0)); }

/* The MSVC getc/putc macros count _cnt down and call these when it goes
 * negative; _cnt stays 0 here, so every macro call lands in them. */
uint64_t msvcrt__filbuf(struct thunk_call *c)
{
    API_ARGS(msvcrt, _filbuf, a);
    uint64_t r = getc_call(a.stream);
    gm_write_u32(a.stream + (gaddr)offsetof(FILE32, _cnt), 0);
    return r;
}

static uint64_t putc_call(gaddr file, uint32_t ch)
{
    struct stream *s = stream_of(file);
    uint8_t b = (uint8_t)ch;
    if (!s || !stream_put(s, &b, 1))
        return RET_EOF;
    stream_end(s);
    return b;
}

uint64_t msvcrt_fputc(struct thunk_call *c)
{
    API_ARGS(msvcrt, fputc, a);
    return putc_call(a.stream, a.c);
}
uint64_t msvcrt_putc(struct thunk_call *c)
{
    API_ARGS(msvcrt, putc, a);
    return putc_call(a.stream, a.c);
}
uint64_t msvcrt_putchar(struct thunk_call *c)
{
    API_ARGS(msvcrt, putchar, a);
    return putc_call(stdio_iob(1), a.c);
}
uint64_t msvcrt__fputchar(struct thunk_call *c)
{
    API_ARGS(msvcrt, _fputchar, a);
    return putc_call(stdio_iob(1), a.c);
}

uint64_t msvcrt__flsbuf(struct thunk_call *c)
{
    API_ARGS(msvcrt, _flsbuf, a);
    uint64_t r = putc_call(a.stream, a.c);
    gm_write_u32(a.stream + (gaddr)offsetof(FILE32, _cnt), 0);
    return r;
}

uint64_t msvcrt_ungetc(struct thunk_call *c)
{
    API_ARGS(msvcrt, ungetc, a);
    struct stream *s = stream_of(a.stream);
    return s ? (uint64_t)(uint32_t)stream_ungetc(s, (int)a.c) : RET_EOF;
}

/* fgets: up to n-1 bytes, through the newline; NULL if nothing was read. */
uint64_t msvcrt_fgets(struct thunk_call *c)
{
    API_ARGS(msvcrt, fgets, a);
    gaddr buf = a.buffer;
    int32_t n = (int32_t)a.n;
    struct stream *s = stream_of(a.stream);
    if (!s || n <= 0) {
        msvcrt_set_errno(CRT_EINVAL);
        return 0;
    }
    uint8_t *p = gm_ptr(buf, (size_t)n, true);
    if (!p) {
        msvcrt_set_errno(CRT_EINVAL);
        return 0;
    }
    int32_t k = 0;
    while (k < n - 1) {
        int ch = stream_getc(s);
        if (ch < 0)
            break;
        p[k++] = (uint8_t)ch;
        if (ch == '\n')
            break;
    }
    if (k == 0 && n > 1)
        return 0;
    p[k] = 0;
    return buf;
}

/* gets: the line without its newline, written byte by byte since the
 * buffer's size is unknown. */
uint64_t msvcrt_gets(struct thunk_call *c)
{
    API_ARGS(msvcrt, gets, a);
    gaddr buf = a.buffer;
    struct stream *s = stream_of(stdio_iob(0));
    if (!s)
        return 0;
    gaddr at = buf;
    int ch;
    while ((ch = stream_getc(s)) >= 0 && ch != '\n') {
        if (!gm_write_u8(at++, (uint8_t)ch)) {
            msvcrt_set_errno(CRT_EINVAL);
            return 0;
        }
    }
    if (ch < 0 && at == buf)
        return 0;
    return gm_write_u8(at, 0) ? buf : 0;
}

static uint64_t puts_call(struct stream *s, gaddr str, bool newline)
{
    char *t = gm_strdup(str);
    if (!t)
        msvcrt_set_errno(CRT_EINVAL);
    bool ok = s && t && stream_put(s, t, strlen(t)) && (!newline || stream_put(s, "\n", 1));
    free(t);
    stream_end(s);
    return ok ? 0 : RET_EOF;
}

uint64_t msvcrt_fputs(struct thunk_call *c)
{
    API_ARGS(msvcrt, fputs, a);
    return puts_call(stream_of(a.stream), a.str, false);
}
uint64_t msvcrt_puts(struct thunk_call *c)
{
    API_ARGS(msvcrt, puts, a);
    return puts_call(stream_of(stdio_iob(1)), a.str, true);
}

uint64_t msvcrt__putw(struct thunk_call *c)
{
    API_ARGS(msvcrt, _putw, a);
    struct stream *s = stream_of(a.stream);
    uint32_t v = a.w;
    if (!s || !stream_put(s, &v, 4))
        return RET_EOF;
    stream_end(s);
    return v;
}

uint64_t msvcrt__getw(struct thunk_call *c)
{
    API_ARGS(msvcrt, _getw, a);
    struct stream *s = stream_of(a.stream);
    uint8_t b[4];
    for (int i = 0; i < 4; i++) {
        int ch = s ? stream_getc(s) : CRT_EOF;
        if (ch < 0)
            return RET_EOF;
        b[i] = (uint8_t)ch;
    }
    return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

/* ---- blocks ------------------------------------------------------------- */

uint64_t msvcrt_fwrite(struct thunk_call *c)
{
    API_ARGS(msvcrt, fwrite, a);
    struct stream *s = stream_of(a.stream);
    uint32_t size = a.size, count = a.count;
    uint64_t total = (uint64_t)size * count;
    if (!s || total == 0)
        return 0;
    const void *p = total <= 0x7FFFFFFF ? gm_ptr(a.buffer, (size_t)total, false) : NULL;
    if (!p) {
        msvcrt_set_errno(CRT_EINVAL);
        return 0;
    }
    bool ok = stream_put(s, p, (size_t)total);
    stream_end(s);
    return ok ? count : 0;
}

/* Binary reads take whole runs from the buffer; text mode goes byte by
 * byte through the translation. */
static size_t read_bytes(struct stream *s, uint8_t *p, size_t n)
{
    size_t got = 0;
    bool bin = !text(s);
    while (got < n) {
        if (bin && !s->nback && s->dir == READING && s->pos < s->len) {
            size_t k = s->len - s->pos < n - got ? s->len - s->pos : n - got;
            memcpy(p + got, s->buf + s->pos, k);
            s->pos += k;
            got += k;
            continue;
        }
        int ch = stream_getc(s);
        if (ch < 0)
            break;
        p[got++] = (uint8_t)ch;
    }
    return got;
}

uint64_t msvcrt_fread(struct thunk_call *c)
{
    API_ARGS(msvcrt, fread, a);
    struct stream *s = stream_of(a.stream);
    uint32_t size = a.size, count = a.count;
    uint64_t total = (uint64_t)size * count;
    if (!s || total == 0)
        return 0;
    uint8_t *p = total <= 0x7FFFFFFF ? gm_ptr(a.buffer, (size_t)total, true) : NULL;
    if (!p) {
        msvcrt_set_errno(CRT_EINVAL);
        return 0;
    }
    size_t got = read_bytes(s, p, (size_t)total);
    if (got && gm_code_written)
        gm_code_written(a.buffer, got);
    return got / size;
}

/* ---- wide characters ---------------------------------------------------- */

static uint64_t getwc_call(gaddr file)
{
    struct stream *s = stream_of(file);
    return s ? stream_getwc(s) : CRT_WEOF;
}

uint64_t msvcrt_fgetwc(struct thunk_call *c)
{
    API_ARGS(msvcrt, fgetwc, a);
    return getwc_call(a.stream);
}
uint64_t msvcrt_getwc(struct thunk_call *c)
{
    API_ARGS(msvcrt, getwc, a);
    return getwc_call(a.stream);
}
uint64_t msvcrt_getwchar(struct thunk_call *c) { (void)c; return getwc_call(stdio_iob(0)); }
uint64_t msvcrt__fgetwchar(struct thunk_call *c) { (void)c; return getwc_call(stdio_iob(0)); }

static uint64_t putwc_call(gaddr file, uint32_t wc)
{
    struct stream *s = stream_of(file);
    if (!s || !stream_put_wide(s, (uint16_t)wc))
        return CRT_WEOF;
    stream_end(s);
    return wc & 0xFFFF;
}

uint64_t msvcrt_fputwc(struct thunk_call *c)
{
    API_ARGS(msvcrt, fputwc, a);
    return putwc_call(a.stream, a.c);
}
uint64_t msvcrt_putwc(struct thunk_call *c)
{
    API_ARGS(msvcrt, putwc, a);
    return putwc_call(a.stream, a.c);
}
uint64_t msvcrt_putwchar(struct thunk_call *c)
{
    API_ARGS(msvcrt, putwchar, a);
    return putwc_call(stdio_iob(1), a.c);
}
uint64_t msvcrt__fputwchar(struct thunk_call *c)
{
    API_ARGS(msvcrt, _fputwchar, a);
    return putwc_call(stdio_iob(1), a.c);
}

uint64_t msvcrt_ungetwc(struct thunk_call *c)
{
    API_ARGS(msvcrt, ungetwc, a);
    struct stream *s = stream_of(a.stream);
    uint32_t wc = a.c & 0xFFFF;
    if (!s || wc == CRT_WEOF)
        return CRT_WEOF;
    if (text(s))
        return wc > 0xFF || stream_ungetc(s, (int)wc) < 0 ? CRT_WEOF : wc;
    if (stream_ungetc(s, (int)(wc >> 8)) < 0 || stream_ungetc(s, (int)(wc & 0xFF)) < 0)
        return CRT_WEOF;
    return wc;
}

uint64_t msvcrt_fgetws(struct thunk_call *c)
{
    API_ARGS(msvcrt, fgetws, a);
    gaddr buf = a.buffer;
    int32_t n = (int32_t)a.n;
    struct stream *s = stream_of(a.stream);
    if (!s || n <= 0) {
        msvcrt_set_errno(CRT_EINVAL);
        return 0;
    }
    int32_t k = 0;
    while (k < n - 1) {
        uint32_t wc = stream_getwc(s);
        if (wc == CRT_WEOF)
            break;
        if (!gm_write_u16(buf + 2 * (gaddr)k++, (uint16_t)wc))
            return 0;
        if (wc == '\n')
            break;
    }
    if (k == 0 && n > 1)
        return 0;
    return gm_write_u16(buf + 2 * (gaddr)k, 0) ? buf : 0;
}

uint64_t msvcrt__getws(struct thunk_call *c)
{
    API_ARGS(msvcrt, _getws, a);
    gaddr buf = a.buffer, at = buf;
    struct stream *s = stream_of(stdio_iob(0));
    uint32_t wc = CRT_WEOF;
    while (s && (wc = stream_getwc(s)) != CRT_WEOF && wc != '\n')
        if (!gm_write_u16(at, (uint16_t)wc))
            return 0;
        else
            at += 2;
    if (wc == CRT_WEOF && at == buf)
        return 0;
    return gm_write_u16(at, 0) ? buf : 0;
}

static uint64_t putws_call(struct stream *s, gaddr str, bool newline)
{
    size_t n = 0;
    uint16_t *w = gm_wcsdup(str, &n);
    bool ok = s && w;
    for (size_t i = 0; ok && i < n; i++)
        ok = stream_put_wide(s, w[i]);
    if (ok && newline)
        ok = stream_put_wide(s, '\n');
    free(w);
    stream_end(s);
    return ok ? 0 : CRT_WEOF;
}

uint64_t msvcrt_fputws(struct thunk_call *c)
{
    API_ARGS(msvcrt, fputws, a);
    return putws_call(stream_of(a.stream), a.str, false);
}
uint64_t msvcrt__putws(struct thunk_call *c)
{
    API_ARGS(msvcrt, _putws, a);
    return putws_call(stream_of(stdio_iob(1)), a.str, true);
}

/* ---- files by name, errors --------------------------------------------- */

static uint64_t name_call(gaddr path, bool wide, uint32_t (*op)(const char *))
{
    char *p = str_arg(path, wide);
    if (!p)
        return RET_EOF;
    uint32_t err = op(p);
    free(p);
    if (err) {
        lowio_dosmaperr(err);
        return RET_EOF;
    }
    return 0;
}

uint64_t msvcrt_remove(struct thunk_call *c)
{
    API_ARGS(msvcrt, remove, a);
    return name_call(a.path, false, fs_delete_file);
}
uint64_t msvcrt__wremove(struct thunk_call *c)
{
    API_ARGS(msvcrt, _wremove, a);
    return name_call(a.path, true, fs_delete_file);
}

/* rename is MoveFile: unlike POSIX, an existing target is an error (EEXIST). */
static uint64_t rename_call(gaddr oldname, gaddr newname, bool wide)
{
    char *from = str_arg(oldname, wide), *to = str_arg(newname, wide);
    uint32_t err = from && to ? fs_move_file(from, to, MOVEFILE_COPY_ALLOWED) : ERROR_INVALID_PARAMETER;
    free(from);
    free(to);
    if (err) {
        lowio_dosmaperr(err);
        return RET_EOF;
    }
    return 0;
}

uint64_t msvcrt_rename(struct thunk_call *c)
{
    API_ARGS(msvcrt, rename, a);
    return rename_call(a.oldname, a.newname, false);
}
uint64_t msvcrt__wrename(struct thunk_call *c)
{
    API_ARGS(msvcrt, _wrename, a);
    return rename_call(a.oldname, a.newname, true);
}

/* msvcrt's _sys_errlist texts (perror and strerror print these). */
static const char *const errlist[] = {
    "No error", "Operation not permitted", "No such file or directory", "No such process",
    "Interrupted function call", "Input/output error", "No such device or address",
    "Arg list too long", "Exec format error", "Bad file descriptor", "No child processes",
    "Resource temporarily unavailable", "Not enough space", "Permission denied", "Bad address",
    "Unknown error", "Resource device", "File exists", "Improper link", "No such device",
    "Not a directory", "Is a directory", "Invalid argument", "Too many open files in system",
    "Too many open files", "Inappropriate I/O control operation", "Unknown error", "File too large",
    "No space left on device", "Invalid seek", "Read-only file system", "Too many links",
    "Broken pipe", "Domain error", "Result too large", "Unknown error", "Resource deadlock avoided",
    "Unknown error", "Filename too long", "No locks available", "Function not implemented",
    "Directory not empty", "Illegal byte sequence",
};

/* "prefix: message\n" straight to descriptor 2, after what stderr holds. */
static uint64_t perror_call(char *prefix)
{
    uint32_t e = 0;
    gm_read_u32(msvcrt_errno_addr(), &e);
    const char *msg = e < sizeof errlist / sizeof errlist[0] ? errlist[e] : "Unknown error";
    struct stream *err = find_stream(stdio_iob(2));
    if (err)
        flush_write(err);
    size_t n = (prefix ? strlen(prefix) : 0) + strlen(msg) + 8;
    char *line = malloc(n);
    if (line) {
        if (prefix && *prefix)
            snprintf(line, n, "%s: %s%s", prefix, msg, lowio_text(2) ? "\r\n" : "\n");
        else
            snprintf(line, n, "%s%s", msg, lowio_text(2) ? "\r\n" : "\n");
        lowio_write_raw(2, line, strlen(line));
    }
    free(line);
    free(prefix);
    return 0;
}

uint64_t msvcrt_perror(struct thunk_call *c)
{
    API_ARGS(msvcrt, perror, a);
    return perror_call(a.message ? gm_strdup(a.message) : NULL);
}

uint64_t msvcrt__wperror(struct thunk_call *c)
{
    API_ARGS(msvcrt, _wperror, a);
    char *u = a.message ? gm_wcs_to_utf8(a.message) : NULL;
    char *ansi = u ? utf8_to_ansi(u) : NULL;
    free(u);
    return perror_call(ansi);
}
