/* msvcrt's C95 restartable multibyte conversions (btowc, mbrtowc, wcsrtombs,
 * ...) in the "C" locale, where one byte is one character of the same value. */
#include <stdbool.h>
#include <stdint.h>

#include "syscalls/api.h"
#include "syscalls/msvcrt/api_args.h"
#include "syscalls/msvcrt/state.h"

#define CRT_EINVAL 22
#define CRT_EILSEQ 42
#define CRT_EOF 0xFFFFFFFFu
#define CRT_WEOF 0xFFFFu
#define SIZE_ERROR 0xFFFFFFFFu   /* (size_t)-1 */
#define SIZE_PARTIAL 0xFFFFFFFEu /* (size_t)-2: an incomplete character */

/* The "C" locale has no shift states and no multibyte sequences, so an
 * mbstate_t never holds anything: the state arguments are accepted and left
 * alone. Windows raises an access violation inside these functions for a
 * bad pointer; handlers cannot raise one, so they fail with EINVAL instead. */
static uint64_t bad_pointer(void)
{
    msvcrt_set_errno(CRT_EINVAL);
    return SIZE_ERROR;
}

static uint64_t unconvertible(void)
{
    msvcrt_set_errno(CRT_EILSEQ);
    return SIZE_ERROR;
}

uint64_t msvcrt_btowc(struct thunk_call *c)
{
    API_ARGS(msvcrt, btowc, a);
    if ((int32_t)a.c == -1)
        return CRT_WEOF;
    return (uint8_t)a.c;
}

uint64_t msvcrt_wctob(struct thunk_call *c)
{
    API_ARGS(msvcrt, wctob, a);
    uint16_t wc = (uint16_t)a.wc;
    return wc <= 0xFF ? wc : CRT_EOF;
}

/* mbrtowc(NULL-s) asks whether the state is initial: it always is here. */
static uint64_t one_char(gaddr pwc, gaddr s, uint32_t n)
{
    if (!s)
        return 0;
    if (n == 0)
        return SIZE_PARTIAL;
    uint8_t b;
    if (!gm_read_u8(s, &b))
        return bad_pointer();
    if (pwc && !gm_write_u16(pwc, b))
        return bad_pointer();
    return b ? 1 : 0;
}

uint64_t msvcrt_mbrtowc(struct thunk_call *c)
{
    API_ARGS(msvcrt, mbrtowc, a);
    return one_char(a.pwc, a.src, a.count);
}

uint64_t msvcrt_mbrlen(struct thunk_call *c)
{
    API_ARGS(msvcrt, mbrlen, a);
    return one_char(0, a.src, a.count);
}

uint64_t msvcrt_wcrtomb(struct thunk_call *c)
{
    API_ARGS(msvcrt, wcrtomb, a);
    uint16_t wc = (uint16_t)a.wc;
    if (!a.dst)
        return 1; /* as wcrtomb(buf, L'\0', ps): the reset sequence is one NUL */
    if (wc > 0xFF)
        return unconvertible();
    return gm_write_u8(a.dst, (uint8_t)wc) ? 1 : bad_pointer();
}

/* mbsrtowcs/wcsrtombs: *psrc is a guest string pointer. With no destination
 * they count the whole string and leave *psrc; otherwise they write at most
 * len units, and *psrc becomes NULL when the terminator was converted or
 * points at the first unit not converted. */
struct conversion {
    gaddr psrc, src, dst;
    uint32_t len;
    unsigned from_unit, to_unit; /* 1 = char, 2 = wchar_t */
};

static bool read_unit(gaddr at, unsigned unit, uint16_t *v)
{
    if (unit == 2)
        return gm_read_u16(at, v);
    uint8_t b;
    if (!gm_read_u8(at, &b))
        return false;
    *v = b;
    return true;
}

static bool write_unit(gaddr at, unsigned unit, uint16_t v)
{
    return unit == 2 ? gm_write_u16(at, v) : gm_write_u8(at, (uint8_t)v);
}

static uint64_t convert_string(struct conversion *cv)
{
    uint32_t done = 0;
    for (;;) {
        if (cv->dst && done == cv->len)
            break;
        uint16_t v;
        gaddr from = cv->src + done * cv->from_unit;
        if (!read_unit(from, cv->from_unit, &v))
            return bad_pointer();
        if (cv->to_unit == 1 && v > 0xFF) {
            if (cv->dst && !gm_write_u32(cv->psrc, from))
                return bad_pointer();
            return unconvertible();
        }
        if (cv->dst && !write_unit(cv->dst + done * cv->to_unit, cv->to_unit, v))
            return bad_pointer();
        if (v == 0) {
            if (cv->dst && !gm_write_u32(cv->psrc, 0))
                return bad_pointer();
            return done;
        }
        done++;
    }
    return gm_write_u32(cv->psrc, cv->src + done * cv->from_unit) ? done : bad_pointer();
}

static uint64_t convert_restartable(gaddr dst, gaddr psrc, uint32_t len,
                                    unsigned from_unit, unsigned to_unit)
{
    uint32_t src = 0;
    if (!psrc || !gm_read_u32(psrc, &src) || !src)
        return bad_pointer();
    struct conversion cv = { .psrc = psrc, .src = src, .dst = dst, .len = len,
                             .from_unit = from_unit, .to_unit = to_unit };
    return convert_string(&cv);
}

uint64_t msvcrt_mbsrtowcs(struct thunk_call *c)
{
    API_ARGS(msvcrt, mbsrtowcs, a);
    return convert_restartable(a.dst, a.psrc, a.len, 1, 2);
}

uint64_t msvcrt_wcsrtombs(struct thunk_call *c)
{
    API_ARGS(msvcrt, wcsrtombs, a);
    return convert_restartable(a.dst, a.psrc, a.len, 2, 1);
}
