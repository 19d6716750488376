/* ucrtbase's stdio entry points: __acrt_iob_func over msvcrt's FILE table
 * and the __stdio_common_* functions, which run msvcrt's printf/scanf
 * plumbing (msvcrt/printf.h) in the Universal CRT's C99 flavour unless the
 * caller's _CRT_INTERNAL_PRINTF_LEGACY_* options ask for msvcrt's forms. */
#include <stdlib.h>

#include "core/guest_mem.h"
#include "core/strbuf.h"
#include "syscalls/api.h"
#include "syscalls/format.h"
#include "syscalls/msvcrt/lowio.h"
#include "syscalls/msvcrt/printf.h"
#include "syscalls/msvcrt/state.h"
#include "syscalls/msvcrt/struct32.h"
#include "syscalls/ucrtbase/api_args.h"
#include "syscalls/ucrtbase/ucrt.h"

#define PRINTF_LEGACY_VSPRINTF_NULL_TERMINATION 0x1u
#define PRINTF_STANDARD_SNPRINTF_BEHAVIOR 0x2u
#define PRINTF_LEGACY_MSVCRT_COMPATIBILITY 0x8u
#define PRINTF_LEGACY_THREE_DIGIT_EXPONENTS 0x10u
#define TRUNCATE 0xFFFFFFFFu
#define CRT_EINVAL 22
#define CRT_ERANGE 34
#define RET_ERR ((uint64_t)(uint32_t)-1)

static uint32_t printf_count_output;

/* The first 20 FILEs are msvcrt's _iob: stdin, stdout, stderr first. */
uint64_t ucrtbase___acrt_iob_func(struct thunk_call *c)
{
    API_ARGS(ucrtbase, __acrt_iob_func, a);
    return a.index < 20 ? msvcrt.iob + a.index * (gaddr)sizeof(FILE32) : 0;
}

static unsigned flavour_of(uint64_t options)
{
    unsigned f = CRT_FMT_UCRT;
    if (options & PRINTF_LEGACY_THREE_DIGIT_EXPONENTS)
        f &= ~CRT_FMT_TWO_DIGIT_EXPONENT;
    if (options & PRINTF_LEGACY_MSVCRT_COMPATIBILITY)
        f &= ~CRT_FMT_C99_SPECIALS;
    return f;
}

/* ---- to streams ---------------------------------------------------------- */

uint64_t ucrtbase___stdio_common_vfprintf(struct thunk_call *c)
{
    API_ARGS(ucrtbase, __stdio_common_vfprintf, a);
    return crt_printf_stream(a.stream, a.format, a.args, flavour_of(a.options), false);
}
uint64_t ucrtbase___stdio_common_vfprintf_s(struct thunk_call *c)
{
    API_ARGS(ucrtbase, __stdio_common_vfprintf_s, a);
    return crt_printf_stream(a.stream, a.format, a.args, flavour_of(a.options), false);
}
uint64_t ucrtbase___stdio_common_vfwprintf(struct thunk_call *c)
{
    API_ARGS(ucrtbase, __stdio_common_vfwprintf, a);
    return crt_printf_stream(a.stream, a.format, a.args, flavour_of(a.options), true);
}
uint64_t ucrtbase___stdio_common_vfwprintf_s(struct thunk_call *c)
{
    API_ARGS(ucrtbase, __stdio_common_vfwprintf_s, a);
    return crt_printf_stream(a.stream, a.format, a.args, flavour_of(a.options), true);
}

/* ---- to buffers ---------------------------------------------------------- */

/* What one buffer call asks: count units of room (0 with a NULL buffer:
 * only measure), and how a result that does not fit ends. */
enum overflow {
    OVERFLOW_C99,      /* vsnprintf: truncate, NUL, return the full length */
    OVERFLOW_LEGACY,   /* _vsnprintf: -1; no NUL when asked for the legacy form */
    OVERFLOW_SECURE,   /* vsprintf_s: empty string, invalid parameter, -1 */
    OVERFLOW_TRUNCATE, /* vsnprintf_s with _TRUNCATE: truncate, NUL, -1 */
};

static bool put_units(gaddr buf, const struct strbuf *out, size_t units, size_t unit, bool nul)
{
    static const uint8_t zero[2];
    if (units && !gm_write(buf, out->data, units * unit))
        return false;
    return !nul || gm_write(buf + (gaddr)(units * unit), zero, unit);
}

static uint64_t print_to_buffer(struct thunk_call *c, uint64_t options, gaddr buf, uint32_t count, gaddr fmt,
                                gaddr va, bool wide, enum overflow how)
{
    size_t unit = wide ? 2 : 1;
    struct strbuf out;
    int n = crt_printf_format(&out, fmt, va, flavour_of(options), wide);
    size_t len = out.len / unit;
    uint64_t r = (uint64_t)(uint32_t)n;
    if (n < 0) {
        r = RET_ERR;
    } else if (!buf && count == 0) {
        /* measuring only */
    } else if (!buf) {
        msvcrt_set_errno(CRT_EINVAL);
        r = RET_ERR;
    } else if (len < count) {
        if (!put_units(buf, &out, len, unit, true))
            r = RET_ERR;
    } else if (how == OVERFLOW_C99) {
        if (count && !put_units(buf, &out, count - 1, unit, true))
            r = RET_ERR;
    } else if (how == OVERFLOW_LEGACY && (options & PRINTF_LEGACY_VSPRINTF_NULL_TERMINATION)) {
        put_units(buf, &out, count, unit, false);
        r = len == count ? (uint64_t)len : RET_ERR;
    } else if (how == OVERFLOW_LEGACY || how == OVERFLOW_TRUNCATE) {
        if (count)
            put_units(buf, &out, count - 1, unit, true);
        r = RET_ERR;
    } else {
        struct strbuf empty = { 0 };
        if (count)
            put_units(buf, &empty, 0, unit, true);
        msvcrt_set_errno(CRT_ERANGE);
        r = ucrt_invalid_parameter(c) ? RET_ERR : 0;
    }
    strbuf_free(&out);
    return r;
}

static enum overflow vsprintf_overflow(uint64_t options)
{
    return (options & PRINTF_STANDARD_SNPRINTF_BEHAVIOR) ? OVERFLOW_C99 : OVERFLOW_LEGACY;
}

uint64_t ucrtbase___stdio_common_vsprintf(struct thunk_call *c)
{
    API_ARGS(ucrtbase, __stdio_common_vsprintf, a);
    return print_to_buffer(c, a.options, a.buffer, a.count, a.format, a.args, false, vsprintf_overflow(a.options));
}
uint64_t ucrtbase___stdio_common_vswprintf(struct thunk_call *c)
{
    API_ARGS(ucrtbase, __stdio_common_vswprintf, a);
    return print_to_buffer(c, a.options, a.buffer, a.count, a.format, a.args, true, vsprintf_overflow(a.options));
}
uint64_t ucrtbase___stdio_common_vsprintf_s(struct thunk_call *c)
{
    API_ARGS(ucrtbase, __stdio_common_vsprintf_s, a);
    return print_to_buffer(c, a.options, a.buffer, a.count, a.format, a.args, false, OVERFLOW_SECURE);
}
uint64_t ucrtbase___stdio_common_vswprintf_s(struct thunk_call *c)
{
    API_ARGS(ucrtbase, __stdio_common_vswprintf_s, a);
    return print_to_buffer(c, a.options, a.buffer, a.count, a.format, a.args, true, OVERFLOW_SECURE);
}

/* vsnprintf_s: room is size units; at most count characters are wanted
 * (_TRUNCATE: as many as fit, and -1 when some did not). */
static uint64_t snprintf_s_call(struct thunk_call *c, uint64_t options, gaddr buf, uint32_t size, uint32_t count,
                                gaddr fmt, gaddr va, bool wide)
{
    if (count == TRUNCATE)
        return print_to_buffer(c, options, buf, size, fmt, va, wide, OVERFLOW_TRUNCATE);
    uint32_t room = count < size ? count + 1 : size;
    struct strbuf out;
    int n = crt_printf_format(&out, fmt, va, flavour_of(options), wide);
    size_t len = out.len / (wide ? 2 : 1);
    strbuf_free(&out);
    if (n >= 0 && len > count && count < size) /* what count allows: truncated, not an error */
        return print_to_buffer(c, options, buf, room, fmt, va, wide, OVERFLOW_TRUNCATE);
    return print_to_buffer(c, options, buf, room, fmt, va, wide, OVERFLOW_SECURE);
}

uint64_t ucrtbase___stdio_common_vsnprintf_s(struct thunk_call *c)
{
    API_ARGS(ucrtbase, __stdio_common_vsnprintf_s, a);
    return snprintf_s_call(c, a.options, a.buffer, a.size, a.count, a.format, a.args, false);
}
uint64_t ucrtbase___stdio_common_vsnwprintf_s(struct thunk_call *c)
{
    API_ARGS(ucrtbase, __stdio_common_vsnwprintf_s, a);
    return snprintf_s_call(c, a.options, a.buffer, a.size, a.count, a.format, a.args, true);
}

/* ---- scanf ----------------------------------------------------------------- */

uint64_t ucrtbase___stdio_common_vfscanf(struct thunk_call *c)
{
    API_ARGS(ucrtbase, __stdio_common_vfscanf, a);
    return crt_scanf_stream(a.stream, a.format, a.args, false);
}
uint64_t ucrtbase___stdio_common_vfwscanf(struct thunk_call *c)
{
    API_ARGS(ucrtbase, __stdio_common_vfwscanf, a);
    return crt_scanf_stream(a.stream, a.format, a.args, true);
}
/* count (size_t)-1: the string's own length. */
uint64_t ucrtbase___stdio_common_vsscanf(struct thunk_call *c)
{
    API_ARGS(ucrtbase, __stdio_common_vsscanf, a);
    return crt_scanf_string(a.buffer, a.count == TRUNCATE ? 1u << 30 : a.count, a.format, a.args, false);
}
uint64_t ucrtbase___stdio_common_vswscanf(struct thunk_call *c)
{
    API_ARGS(ucrtbase, __stdio_common_vswscanf, a);
    return crt_scanf_string(a.buffer, a.count == TRUNCATE ? 1u << 29 : a.count, a.format, a.args, true);
}

/* %n is refused unless enabled here (the bookkeeping; the engine still
 * honours %n, see docs). */
uint64_t ucrtbase__set_printf_count_output(struct thunk_call *c)
{
    API_ARGS(ucrtbase, _set_printf_count_output, a);
    uint32_t old = printf_count_output;
    printf_count_output = a.enable != 0;
    return old;
}
uint64_t ucrtbase__get_printf_count_output(struct thunk_call *c) { (void)c; return printf_count_output; }

/* msvcrt.dll of this mingw has no _sopen_s; the UCRT's is msvcrt's _wsopen_s
 * for a narrow name. */
uint64_t ucrtbase__sopen_s(struct thunk_call *c)
{
    API_ARGS(ucrtbase, _sopen_s, a);
    return lowio_sopen_s(a.pfh, a.filename, false, (int)a.oflag, (int)a.shflag, (int)a.pmode);
}
