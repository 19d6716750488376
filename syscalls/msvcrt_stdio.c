/* msvcrt stdio streams. Each guest FILE (the _iob entries and fopen'ed
 * ones) has a host-side stream record holding the buffer and mode; text
 * mode turns "\n" into "\r\n" on output as msvcrt does. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/guest_mem.h"
#include "core/handles.h"
#include "core/process.h"
#include "core/strbuf.h"
#include "loader/peb.h"
#include "syscalls/api.h"
#include "syscalls/kernel32_file.h"
#include "syscalls/msvcrt_format.h"
#include "syscalls/msvcrt_state.h"

#define EOF_ (-1)

struct stream {
    gaddr file;        /* the guest FILE */
    uint32_t handle;   /* kernel32 handle */
    bool text;
    bool error;
};

static struct stream std_streams[3];

static struct stream *stream_of(gaddr file)
{
    if (file >= msvcrt.iob && file < msvcrt.iob + 3 * 32 && (file - msvcrt.iob) % 32 == 0) {
        struct stream *s = &std_streams[(file - msvcrt.iob) / 32];
        if (!s->file) {
            static const uint32_t slots[3] = { PARAMS_STDIN, PARAMS_STDOUT, PARAMS_STDERR };
            s->file = file;
            s->text = true;
            gm_read_u32(proc->params + slots[(file - msvcrt.iob) / 32], &s->handle);
        }
        return s;
    }
    return NULL;
}

static bool stream_write(struct stream *s, const void *data, size_t n)
{
    struct handle_obj *o = kernel32_io_handle(s->handle);
    if (!o) {
        s->error = true;
        return false;
    }
    struct strbuf out;
    strbuf_init(&out);
    const char *p = data;
    if (s->text) {
        for (size_t i = 0; i < n; i++) {
            if (p[i] == '\n')
                strbuf_putc(&out, '\r');
            strbuf_putc(&out, p[i]);
        }
        p = out.data;
        n = out.len;
    }
    size_t done = 0;
    while (done < n) {
        ssize_t w = write(o->fd, p + done, n - done);
        if (w <= 0) {
            s->error = true;
            break;
        }
        done += (size_t)w;
    }
    strbuf_free(&out);
    return done == n;
}

void msvcrt_flush_all(void)
{
    /* streams are unbuffered for now: nothing pending */
}

/* Variadic arguments read straight from the guest stack. */
struct stack_args {
    gaddr next;
};

static uint32_t next32(void *ctx)
{
    struct stack_args *a = ctx;
    uint32_t v = 0;
    gm_read_u32(a->next, &v);
    a->next += 4;
    return v;
}

static char *read_str(void *ctx, uint32_t g) { (void)ctx; return gm_strdup(g); }
static uint16_t *read_wstr(void *ctx, uint32_t g, size_t *len) { (void)ctx; return gm_wcsdup(g, len); }
static bool write_mem(void *ctx, uint32_t g, const void *src, size_t n) { (void)ctx; return gm_write(g, src, n); }

static uint64_t format_to(struct stream *s, gaddr fmt, gaddr va)
{
    char *f = gm_strdup(fmt);
    if (!s || !f) {
        free(f);
        msvcrt_set_errno(22);
        return (uint64_t)(uint32_t)-1;
    }
    struct stack_args sa = { va };
    struct crt_args args = { &sa, next32, read_str, read_wstr, write_mem };
    struct strbuf out;
    strbuf_init(&out);
    int n = crt_format(&out, f, &args);
    free(f);
    if (n >= 0 && !stream_write(s, out.data, out.len))
        n = -1;
    strbuf_free(&out);
    return (uint64_t)(uint32_t)n;
}

uint64_t msvcrt_printf(struct thunk_call *c) { return format_to(stream_of(msvcrt.iob + 32), arg(c, 0), c->esp + 8); }
uint64_t msvcrt_fprintf(struct thunk_call *c) { return format_to(stream_of(arg(c, 0)), arg(c, 1), c->esp + 12); }
uint64_t msvcrt_vfprintf(struct thunk_call *c) { return format_to(stream_of(arg(c, 0)), arg(c, 1), arg(c, 2)); }
uint64_t msvcrt_vprintf(struct thunk_call *c) { return format_to(stream_of(msvcrt.iob + 32), arg(c, 0), arg(c, 1)); }

uint64_t msvcrt_fwrite(struct thunk_call *c)
{
    struct stream *s = stream_of(arg(c, 3));
    uint32_t size = arg(c, 1), count = arg(c, 2);
    uint64_t total = (uint64_t)size * count;
    if (!s || total == 0 || total > 0x7FFFFFFF)
        return 0;
    const void *p = gm_ptr(arg(c, 0), (size_t)total, false);
    if (!p)
        return 0;
    return stream_write(s, p, (size_t)total) ? count : 0;
}

static uint64_t put_char(gaddr file, uint32_t ch)
{
    struct stream *s = stream_of(file);
    char b = (char)ch;
    if (!s || !stream_write(s, &b, 1))
        return (uint64_t)(uint32_t)EOF_;
    return ch & 0xFF;
}

uint64_t msvcrt_fputc(struct thunk_call *c) { return put_char(arg(c, 1), arg(c, 0)); }
uint64_t msvcrt_putc(struct thunk_call *c) { return put_char(arg(c, 1), arg(c, 0)); }
uint64_t msvcrt_putchar(struct thunk_call *c) { return put_char(msvcrt.iob + 32, arg(c, 0)); }

static uint64_t put_string(gaddr file, gaddr str, bool newline)
{
    struct stream *s = stream_of(file);
    char *t = gm_strdup(str);
    bool ok = s && t && stream_write(s, t, strlen(t)) && (!newline || stream_write(s, "\n", 1));
    free(t);
    return ok ? 0 : (uint64_t)(uint32_t)EOF_;
}

uint64_t msvcrt_fputs(struct thunk_call *c) { return put_string(arg(c, 1), arg(c, 0), false); }
uint64_t msvcrt_puts(struct thunk_call *c) { return put_string(msvcrt.iob + 32, arg(c, 0), true); }
uint64_t msvcrt_fflush(struct thunk_call *c) { (void)c; return 0; }
