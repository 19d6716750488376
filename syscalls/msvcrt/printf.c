/* msvcrt's printf and scanf families: the shared engines (syscalls/format.h,
 * msvcrt/scan.h) fed from the guest stack, writing to streams or guest
 * buffers with msvcrt's rules (_snprintf: -1 and no NUL when it does not
 * fit; wide output to a text stream goes through the C locale's wctomb). */
#include <stdlib.h>
#include <string.h>

#include "core/guest_mem.h"
#include "core/strbuf.h"
#include "syscalls/api.h"
#include "syscalls/format.h"
#include "syscalls/msvcrt/api_args.h"
#include "syscalls/msvcrt/lowio.h"
#include "syscalls/msvcrt/printf.h"
#include "syscalls/msvcrt/scan.h"
#include "syscalls/msvcrt/state.h"
#include "syscalls/msvcrt/stdio.h"

#define RET_ERR ((uint64_t)(uint32_t)-1)

/* ---- arguments from the guest stack ----------------------------------- */

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

/* Formats into out; -1 with EINVAL when the format is unreadable. */
static int format_narrow_as(struct strbuf *out, gaddr fmt, gaddr va, unsigned flavour)
{
    strbuf_init(out);
    char *f = gm_strdup(fmt);
    if (!f) {
        msvcrt_set_errno(CRT_EINVAL);
        return -1;
    }
    struct stack_args sa = { va };
    struct crt_args args = { &sa, next32, read_str, read_wstr, write_mem };
    int n = crt_format_as(out, f, &args, flavour);
    free(f);
    return n;
}

/* Wide formatting: out holds UTF-16LE units. */
static int format_wide_as(struct strbuf *out, gaddr fmt, gaddr va, unsigned flavour)
{
    strbuf_init(out);
    size_t len;
    uint16_t *f = gm_wcsdup(fmt, &len);
    if (!f) {
        msvcrt_set_errno(CRT_EINVAL);
        return -1;
    }
    struct stack_args sa = { va };
    struct crt_args args = { &sa, next32, read_str, read_wstr, write_mem };
    int n = crt_wformat_as(out, f, &args, flavour);
    free(f);
    return n;
}

static int format_narrow(struct strbuf *out, gaddr fmt, gaddr va)
{
    return format_narrow_as(out, fmt, va, CRT_FMT_MSVCRT);
}

static int format_wide(struct strbuf *out, gaddr fmt, gaddr va)
{
    return format_wide_as(out, fmt, va, CRT_FMT_MSVCRT);
}

int crt_printf_format(struct strbuf *out, gaddr fmt, gaddr va, unsigned flavour, bool wide)
{
    return wide ? format_wide_as(out, fmt, va, flavour) : format_narrow_as(out, fmt, va, flavour);
}

/* ---- to streams --------------------------------------------------------- */

/* What was produced before a failure is still written, as msvcrt emits
 * characters as it goes. */
static uint64_t print_stream_as(struct stream *s, gaddr fmt, gaddr va, unsigned flavour)
{
    if (!s)
        return RET_ERR;
    struct strbuf out;
    int n = format_narrow_as(&out, fmt, va, flavour);
    if (out.len && !stream_put(s, out.data, out.len))
        n = -1;
    stream_end(s);
    strbuf_free(&out);
    return (uint64_t)(uint32_t)n;
}

static uint64_t wprint_stream_as(struct stream *s, gaddr fmt, gaddr va, unsigned flavour)
{
    if (!s)
        return RET_ERR;
    struct strbuf out;
    int n = format_wide_as(&out, fmt, va, flavour);
    for (size_t i = 0; i + 1 < out.len; i += 2) {
        uint16_t wc = (uint16_t)((uint8_t)out.data[i] | (uint8_t)out.data[i + 1] << 8);
        if (!stream_put_wide(s, wc)) {
            n = -1;
            break;
        }
    }
    stream_end(s);
    strbuf_free(&out);
    return (uint64_t)(uint32_t)n;
}

static uint64_t print_stream(struct stream *s, gaddr fmt, gaddr va)
{
    return print_stream_as(s, fmt, va, CRT_FMT_MSVCRT);
}

static uint64_t wprint_stream(struct stream *s, gaddr fmt, gaddr va)
{
    return wprint_stream_as(s, fmt, va, CRT_FMT_MSVCRT);
}

uint64_t crt_printf_stream(gaddr stream, gaddr fmt, gaddr va, unsigned flavour, bool wide)
{
    struct stream *s = stream_of(stream);
    return wide ? wprint_stream_as(s, fmt, va, flavour) : print_stream_as(s, fmt, va, flavour);
}

uint64_t msvcrt_printf(struct thunk_call *c)
{
    API_ARGS(msvcrt, printf, a);
    return print_stream(stream_of(stdio_iob(1)), a.format, API_VARARGS(a));
}
uint64_t msvcrt_vprintf(struct thunk_call *c)
{
    API_ARGS(msvcrt, vprintf, a);
    return print_stream(stream_of(stdio_iob(1)), a.format, a.args);
}
uint64_t msvcrt_fprintf(struct thunk_call *c)
{
    API_ARGS(msvcrt, fprintf, a);
    return print_stream(stream_of(a.stream), a.format, API_VARARGS(a));
}
uint64_t msvcrt_vfprintf(struct thunk_call *c)
{
    API_ARGS(msvcrt, vfprintf, a);
    return print_stream(stream_of(a.stream), a.format, a.args);
}
uint64_t msvcrt_wprintf(struct thunk_call *c)
{
    API_ARGS(msvcrt, wprintf, a);
    return wprint_stream(stream_of(stdio_iob(1)), a.format, API_VARARGS(a));
}
uint64_t msvcrt_vwprintf(struct thunk_call *c)
{
    API_ARGS(msvcrt, vwprintf, a);
    return wprint_stream(stream_of(stdio_iob(1)), a.format, a.args);
}
uint64_t msvcrt_fwprintf(struct thunk_call *c)
{
    API_ARGS(msvcrt, fwprintf, a);
    return wprint_stream(stream_of(a.stream), a.format, API_VARARGS(a));
}
uint64_t msvcrt_vfwprintf(struct thunk_call *c)
{
    API_ARGS(msvcrt, vfwprintf, a);
    return wprint_stream(stream_of(a.stream), a.format, a.args);
}

/* ---- to guest buffers --------------------------------------------------- */

/* sprintf: everything plus the NUL (the caller promised the room). */
static uint64_t print_buffer(gaddr buf, const struct strbuf *out, int n, size_t unit)
{
    static const uint8_t zero[2];
    if (!gm_write(buf, out->data ? out->data : "", out->len) || !gm_write(buf + (gaddr)out->len, zero, unit)) {
        msvcrt_set_errno(CRT_EINVAL);
        return RET_ERR;
    }
    return (uint64_t)(uint32_t)n;
}

/* _snprintf: the output when it fits (NUL only if there is room for it),
 * else count units and -1. */
static uint64_t print_counted(gaddr buf, uint32_t count, const struct strbuf *out, int n, size_t unit)
{
    static const uint8_t zero[2];
    size_t units = out->len / unit;
    size_t copy = units < count ? units : count;
    if (copy && !gm_write(buf, out->data, copy * unit)) {
        msvcrt_set_errno(CRT_EINVAL);
        return RET_ERR;
    }
    if (n < 0 || units > count)
        return RET_ERR;
    if (units < count)
        gm_write(buf + (gaddr)(units * unit), zero, unit);
    return (uint64_t)units;
}

static uint64_t sprintf_call(gaddr buf, gaddr fmt, gaddr va)
{
    struct strbuf out;
    int n = format_narrow(&out, fmt, va);
    uint64_t r = print_buffer(buf, &out, n, 1);
    strbuf_free(&out);
    return r;
}

static uint64_t snprintf_call(gaddr buf, uint32_t count, gaddr fmt, gaddr va)
{
    struct strbuf out;
    int n = format_narrow(&out, fmt, va);
    uint64_t r = print_counted(buf, count, &out, n, 1);
    strbuf_free(&out);
    return r;
}

static uint64_t swprintf_call(gaddr buf, gaddr fmt, gaddr va)
{
    struct strbuf out;
    int n = format_wide(&out, fmt, va);
    uint64_t r = print_buffer(buf, &out, n, 2);
    strbuf_free(&out);
    return r;
}

static uint64_t snwprintf_call(gaddr buf, uint32_t count, gaddr fmt, gaddr va)
{
    struct strbuf out;
    int n = format_wide(&out, fmt, va);
    uint64_t r = print_counted(buf, count, &out, n, 2);
    strbuf_free(&out);
    return r;
}

static uint64_t scwprintf_call(gaddr fmt, gaddr va)
{
    struct strbuf out;
    int n = format_wide(&out, fmt, va);
    strbuf_free(&out);
    return (uint64_t)(uint32_t)n;
}

uint64_t msvcrt_sprintf(struct thunk_call *c)
{
    API_ARGS(msvcrt, sprintf, a);
    return sprintf_call(a.buffer, a.format, API_VARARGS(a));
}
uint64_t msvcrt_vsprintf(struct thunk_call *c)
{
    API_ARGS(msvcrt, vsprintf, a);
    return sprintf_call(a.buffer, a.format, a.args);
}
uint64_t msvcrt__snprintf(struct thunk_call *c)
{
    API_ARGS(msvcrt, _snprintf, a);
    return snprintf_call(a.buffer, a.count, a.format, API_VARARGS(a));
}
uint64_t msvcrt__vsnprintf(struct thunk_call *c)
{
    API_ARGS(msvcrt, _vsnprintf, a);
    return snprintf_call(a.buffer, a.count, a.format, a.args);
}
/* msvcrt's swprintf/vswprintf are the old forms without a count. */
uint64_t msvcrt_swprintf(struct thunk_call *c)
{
    API_ARGS(msvcrt, swprintf, a);
    return swprintf_call(a.buffer, a.format, API_VARARGS(a));
}
uint64_t msvcrt_vswprintf(struct thunk_call *c)
{
    API_ARGS(msvcrt, vswprintf, a);
    return swprintf_call(a.buffer, a.format, a.args);
}
uint64_t msvcrt__snwprintf(struct thunk_call *c)
{
    API_ARGS(msvcrt, _snwprintf, a);
    return snwprintf_call(a.buffer, a.count, a.format, API_VARARGS(a));
}
uint64_t msvcrt__vsnwprintf(struct thunk_call *c)
{
    API_ARGS(msvcrt, _vsnwprintf, a);
    return snwprintf_call(a.buffer, a.count, a.format, a.args);
}
uint64_t msvcrt__scwprintf(struct thunk_call *c)
{
    API_ARGS(msvcrt, _scwprintf, a);
    return scwprintf_call(a.format, API_VARARGS(a));
}
uint64_t msvcrt__vscwprintf(struct thunk_call *c)
{
    API_ARGS(msvcrt, _vscwprintf, a);
    return scwprintf_call(a.format, a.args);
}

/* ---- scanf -------------------------------------------------------------- */

static int stream_get(void *ctx) { return stream_getc(ctx); }
static void stream_unget(void *ctx, int ch) { if (ch >= 0) stream_ungetc(ctx, ch); }

/* A wide stream read for the narrow engine: characters beyond Latin-1
 * cannot pass and read as '?'. */
static int wstream_get(void *ctx)
{
    uint32_t wc = stream_getwc(ctx);
    return wc == CRT_WEOF ? -1 : wc > 0xFF ? '?' : (int)wc;
}

/* A binary-mode wide character is two bytes to give back. */
static void wstream_unget(void *ctx, int ch)
{
    if (ch < 0)
        return;
    if (!stream_is_text(ctx))
        stream_ungetc(ctx, 0);
    stream_ungetc(ctx, ch);
}

struct mem_input {
    const uint8_t *p;
    size_t n, i;
};

static int mem_get(void *ctx)
{
    struct mem_input *m = ctx;
    return m->i < m->n ? m->p[m->i++] : -1;
}

static void mem_unget(void *ctx, int ch)
{
    struct mem_input *m = ctx;
    if (ch >= 0 && m->i > 0)
        m->i--;
}

static uint64_t scan(struct crt_input *in, const char *fmt, gaddr va)
{
    if (!fmt) {
        msvcrt_set_errno(CRT_EINVAL);
        return RET_ERR;
    }
    struct stack_args sa = { va };
    struct crt_args args = { &sa, next32, read_str, read_wstr, write_mem };
    return (uint64_t)(uint32_t)crt_scan(in, fmt, &args);
}

static uint64_t scan_stream(struct stream *s, gaddr fmt, gaddr va)
{
    if (!s)
        return RET_ERR;
    char *f = gm_strdup(fmt);
    struct crt_input in = { s, stream_get, stream_unget };
    uint64_t r = scan(&in, f, va);
    free(f);
    return r;
}

/* sscanf reads at most max bytes of the string (_snscanf's limit). */
static uint64_t scan_string(gaddr str, size_t max, char *fmt, gaddr va)
{
    long n = gm_strnlen(str, max);
    const uint8_t *p = n > 0 ? gm_ptr(str, (size_t)n, false) : n == 0 ? (const uint8_t *)"" : NULL;
    if (!p) {
        free(fmt);
        msvcrt_set_errno(CRT_EINVAL);
        return RET_ERR;
    }
    struct mem_input m = { p, (size_t)n, 0 };
    struct crt_input in = { &m, mem_get, mem_unget };
    uint64_t r = scan(&in, fmt, va);
    free(fmt);
    return r;
}

uint64_t msvcrt_scanf(struct thunk_call *c)
{
    API_ARGS(msvcrt, scanf, a);
    return scan_stream(stream_of(stdio_iob(0)), a.format, API_VARARGS(a));
}
uint64_t msvcrt_fscanf(struct thunk_call *c)
{
    API_ARGS(msvcrt, fscanf, a);
    return scan_stream(stream_of(a.stream), a.format, API_VARARGS(a));
}
uint64_t msvcrt_sscanf(struct thunk_call *c)
{
    API_ARGS(msvcrt, sscanf, a);
    return scan_string(a.buffer, 1u << 30, gm_strdup(a.format), API_VARARGS(a));
}
uint64_t msvcrt__snscanf(struct thunk_call *c)
{
    API_ARGS(msvcrt, _snscanf, a);
    return scan_string(a.buffer, a.count, gm_strdup(a.format), API_VARARGS(a));
}

/* Wide scanf through the narrow engine: the format's unsized %s %c %[
 * store wide strings (as %ls ...), %S %C narrow ones (as %hs ...). */
static void put_byte(struct strbuf *sb, uint16_t ch)
{
    strbuf_putc(sb, (char)(ch > 0xFF ? '?' : ch));
}

static size_t copy_scanset(struct strbuf *sb, const uint16_t *w, size_t n, size_t i)
{
    if (i < n && w[i] == '^')
        put_byte(sb, w[i++]);
    if (i < n && w[i] == ']')
        put_byte(sb, w[i++]);
    while (i < n && w[i] != ']')
        put_byte(sb, w[i++]);
    if (i < n)
        put_byte(sb, w[i++]);
    return i;
}

static char *narrow_scan_format(const uint16_t *w, size_t n)
{
    struct strbuf sb;
    strbuf_init(&sb);
    for (size_t i = 0; i < n;) {
        uint16_t ch = w[i++];
        put_byte(&sb, ch);
        if (ch != '%')
            continue;
        bool sized = false;
        while (i < n && (w[i] == '*' || (w[i] >= '0' && w[i] <= '9') || w[i] == 'h' || w[i] == 'l' ||
                         w[i] == 'w' || w[i] == 'L' || w[i] == 'I')) {
            sized |= w[i] == 'h' || w[i] == 'l' || w[i] == 'w';
            put_byte(&sb, w[i++]);
        }
        if (i >= n)
            break;
        ch = w[i++];
        if (!sized && (ch == 's' || ch == 'c' || ch == '['))
            strbuf_putc(&sb, 'l');
        else if (!sized && (ch == 'S' || ch == 'C'))
            strbuf_putc(&sb, 'h');
        put_byte(&sb, ch);
        if (ch == '[')
            i = copy_scanset(&sb, w, n, i);
    }
    if (!sb.data)
        strbuf_putc(&sb, '\0');
    return strbuf_release(&sb);
}

static char *wide_format_arg(gaddr fmt)
{
    size_t n;
    uint16_t *w = gm_wcsdup(fmt, &n);
    char *f = w ? narrow_scan_format(w, n) : NULL;
    free(w);
    return f;
}

static uint64_t wscan_stream(struct stream *s, gaddr fmt, gaddr va)
{
    if (!s)
        return RET_ERR;
    char *f = wide_format_arg(fmt);
    struct crt_input in = { s, wstream_get, wstream_unget };
    uint64_t r = scan(&in, f, va);
    free(f);
    return r;
}

/* The wide input string becomes bytes (beyond Latin-1: '?'). */
static uint64_t wscan_string(gaddr str, size_t max, gaddr fmt, gaddr va)
{
    long n = gm_wcsnlen(str, max);
    const uint16_t *w = n > 0 ? gm_ptr(str, (size_t)n * 2, false) : NULL;
    uint8_t *bytes = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (!bytes || (!w && n > 0)) {
        free(bytes);
        msvcrt_set_errno(CRT_EINVAL);
        return RET_ERR;
    }
    for (long i = 0; i < n; i++)
        bytes[i] = (uint8_t)(w[i] > 0xFF ? '?' : w[i]);
    struct mem_input m = { bytes, (size_t)n, 0 };
    struct crt_input in = { &m, mem_get, mem_unget };
    char *f = wide_format_arg(fmt);
    uint64_t r = scan(&in, f, va);
    free(f);
    free(bytes);
    return r;
}

uint64_t msvcrt_wscanf(struct thunk_call *c)
{
    API_ARGS(msvcrt, wscanf, a);
    return wscan_stream(stream_of(stdio_iob(0)), a.format, API_VARARGS(a));
}
uint64_t msvcrt_fwscanf(struct thunk_call *c)
{
    API_ARGS(msvcrt, fwscanf, a);
    return wscan_stream(stream_of(a.stream), a.format, API_VARARGS(a));
}
uint64_t msvcrt_swscanf(struct thunk_call *c)
{
    API_ARGS(msvcrt, swscanf, a);
    return wscan_string(a.buffer, 1u << 29, a.format, API_VARARGS(a));
}
uint64_t msvcrt__snwscanf(struct thunk_call *c)
{
    API_ARGS(msvcrt, _snwscanf, a);
    return wscan_string(a.buffer, a.count, a.format, API_VARARGS(a));
}

uint64_t crt_scanf_stream(gaddr stream, gaddr fmt, gaddr va, bool wide)
{
    struct stream *s = stream_of(stream);
    return wide ? wscan_stream(s, fmt, va) : scan_stream(s, fmt, va);
}

uint64_t crt_scanf_string(gaddr str, size_t max, gaddr fmt, gaddr va, bool wide)
{
    return wide ? wscan_string(str, max, fmt, va) : scan_string(str, max, gm_strdup(fmt), va);
}
