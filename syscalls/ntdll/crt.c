/* ntdll's own copies of the printf family (_vsnprintf, _snprintf, sprintf,
 * vsprintf): Windows' ntdll.dll exports them for code that has no C
 * runtime (drivers' user-mode helpers, Wine's PE debug output). They format
 * as msvcrt does, through the shared engine (syscalls/format.c); ntdll has
 * no errno to set. */
#include <stdlib.h>

#include "core/guest_mem.h"
#include "core/strbuf.h"
#include "syscalls/api.h"
#include "syscalls/format.h"
#include "syscalls/ntdll/api_args.h"

#define RET_ERR 0xFFFFFFFFu

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

static int format(struct strbuf *out, gaddr fmt, gaddr va)
{
    strbuf_init(out);
    char *f = gm_strdup(fmt);
    if (!f)
        return -1;
    struct stack_args sa = { va };
    struct crt_args args = { &sa, next32, read_str, read_wstr, write_mem };
    int n = crt_format(out, f, &args);
    free(f);
    return n;
}

/* count chars at most; the NUL only when there is room; -1 when cut */
static uint64_t counted(gaddr buf, uint32_t count, gaddr fmt, gaddr va)
{
    struct strbuf out;
    int n = format(&out, fmt, va);
    uint64_t r = RET_ERR;
    size_t copy = out.len < count ? out.len : count;
    if ((!copy || gm_write(buf, out.data, copy)) && n >= 0 && out.len <= count) {
        if (out.len < count)
            gm_write(buf + (gaddr)out.len, "", 1);
        r = (uint32_t)out.len;
    }
    strbuf_free(&out);
    return r;
}

static uint64_t unbounded(gaddr buf, gaddr fmt, gaddr va)
{
    struct strbuf out;
    int n = format(&out, fmt, va);
    uint64_t r = RET_ERR;
    if (n >= 0 && gm_write(buf, out.data ? out.data : "", out.len) && gm_write(buf + (gaddr)out.len, "", 1))
        r = (uint32_t)n;
    strbuf_free(&out);
    return r;
}

uint64_t ntdll__vsnprintf(struct thunk_call *c)
{
    API_ARGS(ntdll, _vsnprintf, a);
    return counted(a._Dest, a._Count, a._Format, a._Args);
}

uint64_t ntdll__snprintf(struct thunk_call *c)
{
    API_ARGS(ntdll, _snprintf, a);
    return counted(a._Dest, a._Count, a._Format, API_VARARGS(a));
}

uint64_t ntdll_vsprintf(struct thunk_call *c)
{
    API_ARGS(ntdll, vsprintf, a);
    return unbounded(a._Dest, a._Format, a._Args);
}

uint64_t ntdll_sprintf(struct thunk_call *c)
{
    API_ARGS(ntdll, sprintf, a);
    return unbounded(a._Dest, a._Format, API_VARARGS(a));
}
