/* The UCRT's accessors of the time-zone variables: __timezone & co. give
 * their addresses, the _get_ functions their values (errno_t results, the
 * invalid-parameter handler on a NULL pointer, as the UCRT's _s
 * functions). The cells are msvcrt's (syscalls/msvcrt/misc.c), filled from
 * kernel32's zone. Also localtime_s/gmtime_s (_localtime64_s...),
 * asctime_s and _ctime32_s/_ctime64_s (and their wide forms), and the
 * UCRT's names for msvcrt's 32-bit time functions (_localtime32 is
 * msvcrt's localtime). */
#include <string.h>

#include "core/guest_mem.h"
#include "syscalls/api.h"
#include "syscalls/msvcrt/state.h"
#include "syscalls/ucrtbase/api_args.h"
#include "syscalls/ucrtbase/ucrt.h"

#define CRT_EINVAL 22
#define CRT_ERANGE 34
#define TZNAME_MAX 64

enum cell { TIMEZONE, DAYLIGHT, DSTBIAS, TZNAME };

static gaddr cell(enum cell which)
{
    gaddr c[4];
    msvcrt_tz_cells(&c[TIMEZONE], &c[DAYLIGHT], &c[DSTBIAS], &c[TZNAME]);
    return c[which];
}

uint64_t ucrtbase___timezone(struct thunk_call *c) { (void)c; return cell(TIMEZONE); }
uint64_t ucrtbase___daylight(struct thunk_call *c) { (void)c; return cell(DAYLIGHT); }
uint64_t ucrtbase___dstbias(struct thunk_call *c) { (void)c; return cell(DSTBIAS); }
uint64_t ucrtbase___tzname(struct thunk_call *c) { (void)c; return cell(TZNAME); }

static uint64_t invalid(struct thunk_call *c)
{
    msvcrt_set_errno(CRT_EINVAL);
    return ucrt_invalid_parameter(c) ? CRT_EINVAL : 0;
}

static uint64_t get_value(struct thunk_call *c, gaddr out, enum cell which)
{
    uint32_t v = 0;
    if (!out)
        return invalid(c);
    gm_read_u32(cell(which), &v);
    return gm_write_u32(out, v) ? 0 : (uint64_t)CRT_EINVAL;
}

uint64_t ucrtbase__get_timezone(struct thunk_call *c) { API_ARGS(ucrtbase, _get_timezone, a); return get_value(c, a.seconds, TIMEZONE); }
uint64_t ucrtbase__get_daylight(struct thunk_call *c) { API_ARGS(ucrtbase, _get_daylight, a); return get_value(c, a.hours, DAYLIGHT); }
uint64_t ucrtbase__get_dstbias(struct thunk_call *c) { API_ARGS(ucrtbase, _get_dstbias, a); return get_value(c, a.seconds, DSTBIAS); }

/* _get_tzname(&length, buffer, size, index): the name's length with its
 * NUL always; the name itself when buffer is given and it fits (ERANGE
 * otherwise); index 0 the standard name, 1 the daylight one. */
uint64_t ucrtbase__get_tzname(struct thunk_call *c)
{
    API_ARGS(ucrtbase, _get_tzname, a);
    if (!a.length || (a.index != 0 && a.index != 1) || (!a.buffer && a.size))
        return invalid(c);
    uint32_t p = 0;
    char name[TZNAME_MAX] = "";
    if (!gm_read_u32(cell(TZNAME) + 4 * a.index, &p) || !gm_read(p, name, sizeof name - 1))
        return CRT_EINVAL;
    uint32_t len = (uint32_t)strlen(name) + 1;
    gm_write_u32(a.length, len);
    if (!a.buffer)
        return 0;
    if (a.size < len) {
        msvcrt_set_errno(CRT_ERANGE);
        return CRT_ERANGE;
    }
    return gm_write(a.buffer, name, len) ? 0 : (uint64_t)CRT_EINVAL;
}

/* _localtime64_s(tm, t) and family: a NULL pointer calls the
 * invalid-parameter handler; a time out of range is EINVAL without it; on
 * any error a given tm has every field -1. */
static uint64_t time_s(struct thunk_call *c, gaddr out, gaddr pt, bool local, bool wide64)
{
    TM32 tm;
    memset(&tm, 0xFF, sizeof tm);
    if (out && !gm_write(out, &tm, sizeof tm))
        return CRT_EINVAL;
    int64_t t = 0;
    int32_t t32 = 0;
    if (!out || !pt)
        return invalid(c);
    if (wide64 ? !gm_read(pt, &t, 8) : !gm_read(pt, &t32, 4))
        return CRT_EINVAL;
    if (!wide64)
        t = t32;
    int err = msvcrt_time_to_tm(t, local, wide64, &tm);
    if (err) {
        msvcrt_set_errno(err);
        return (uint64_t)err;
    }
    return gm_write(out, &tm, sizeof tm) ? 0 : (uint64_t)CRT_EINVAL;
}

uint64_t ucrtbase__localtime64_s(struct thunk_call *c) { API_ARGS(ucrtbase, _localtime64_s, a); return time_s(c, a.tm, a.t, true, true); }
uint64_t ucrtbase__localtime32_s(struct thunk_call *c) { API_ARGS(ucrtbase, _localtime32_s, a); return time_s(c, a.tm, a.t, true, false); }
uint64_t ucrtbase__gmtime64_s(struct thunk_call *c) { API_ARGS(ucrtbase, _gmtime64_s, a); return time_s(c, a.tm, a.t, false, true); }
uint64_t ucrtbase__gmtime32_s(struct thunk_call *c) { API_ARGS(ucrtbase, _gmtime32_s, a); return time_s(c, a.tm, a.t, false, false); }

/* asctime_s(buffer, size, tm) and the _ctime_s family put asctime's 26
 * characters into the caller's buffer (elements of `unit` bytes). The
 * UCRT's checks, in its order: no buffer or a size of 0 is the handler and
 * EINVAL with the buffer untouched; past that the buffer is emptied first,
 * and a size under 26, a NULL or invalid tm, a NULL or negative time are
 * the handler and EINVAL too. A time past the range is localtime_s's
 * EINVAL, without the handler. */
static bool asc_start(gaddr buf, uint32_t size, unsigned unit, gaddr src)
{
    if (!buf || !size)
        return false;
    uint16_t nul = 0;
    gm_write(buf, &nul, unit);
    return size >= MSVCRT_ASCTIME_CHARS && src;
}

static uint64_t asc_put(gaddr buf, const TM32 *tm, unsigned unit)
{
    char s[MSVCRT_ASCTIME_CHARS];
    msvcrt_asctime_text(tm, s);
    for (unsigned i = 0; i < MSVCRT_ASCTIME_CHARS; i++) {
        uint16_t ch = (uint8_t)s[i];
        if (!gm_write(buf + i * unit, &ch, unit))
            return CRT_EINVAL;
    }
    return 0;
}

static uint64_t asctime_s_of(struct thunk_call *c, gaddr buf, uint32_t size, gaddr ptm, unsigned unit)
{
    TM32 tm;
    if (!asc_start(buf, size, unit, ptm) || !gm_read(ptm, &tm, sizeof tm) || !msvcrt_tm_valid(&tm))
        return invalid(c);
    return asc_put(buf, &tm, unit);
}

static uint64_t ctime_s_of(struct thunk_call *c, gaddr buf, uint32_t size, gaddr pt, bool wide64, unsigned unit)
{
    int64_t t = 0;
    int32_t t32 = 0;
    if (!asc_start(buf, size, unit, pt) || (wide64 ? !gm_read(pt, &t, 8) : !gm_read(pt, &t32, 4)))
        return invalid(c);
    if (!wide64)
        t = t32;
    if (t < 0)
        return invalid(c);
    TM32 tm;
    int err = msvcrt_time_to_tm(t, true, wide64, &tm);
    if (err) {
        msvcrt_set_errno(err);
        return (uint64_t)err;
    }
    return asc_put(buf, &tm, unit);
}

uint64_t ucrtbase_asctime_s(struct thunk_call *c) { API_ARGS(ucrtbase, asctime_s, a); return asctime_s_of(c, a.buffer, a.size, a.tm, 1); }
uint64_t ucrtbase__wasctime_s(struct thunk_call *c) { API_ARGS(ucrtbase, _wasctime_s, a); return asctime_s_of(c, a.buffer, a.size, a.tm, 2); }
uint64_t ucrtbase__ctime32_s(struct thunk_call *c) { API_ARGS(ucrtbase, _ctime32_s, a); return ctime_s_of(c, a.buffer, a.size, a.t, false, 1); }
uint64_t ucrtbase__ctime64_s(struct thunk_call *c) { API_ARGS(ucrtbase, _ctime64_s, a); return ctime_s_of(c, a.buffer, a.size, a.t, true, 1); }
uint64_t ucrtbase__wctime32_s(struct thunk_call *c) { API_ARGS(ucrtbase, _wctime32_s, a); return ctime_s_of(c, a.buffer, a.size, a.t, false, 2); }
uint64_t ucrtbase__wctime64_s(struct thunk_call *c) { API_ARGS(ucrtbase, _wctime64_s, a); return ctime_s_of(c, a.buffer, a.size, a.t, true, 2); }

/* msvcrt's handlers of the same functions under their msvcrt names (same
 * arguments): ucrtbase's 32-bit names are these. */
uint64_t msvcrt_time(struct thunk_call *c);
uint64_t msvcrt_difftime(struct thunk_call *c);
uint64_t msvcrt_gmtime(struct thunk_call *c);
uint64_t msvcrt_localtime(struct thunk_call *c);
uint64_t msvcrt_mktime(struct thunk_call *c);
uint64_t msvcrt_ctime(struct thunk_call *c);
uint64_t msvcrt__wctime(struct thunk_call *c);

uint64_t ucrtbase__time32(struct thunk_call *c) { return msvcrt_time(c); }
uint64_t ucrtbase__difftime32(struct thunk_call *c) { return msvcrt_difftime(c); }
uint64_t ucrtbase__gmtime32(struct thunk_call *c) { return msvcrt_gmtime(c); }
uint64_t ucrtbase__localtime32(struct thunk_call *c) { return msvcrt_localtime(c); }
uint64_t ucrtbase__mktime32(struct thunk_call *c) { return msvcrt_mktime(c); }
uint64_t ucrtbase__ctime32(struct thunk_call *c) { return msvcrt_ctime(c); }
uint64_t ucrtbase__wctime32(struct thunk_call *c) { return msvcrt__wctime(c); }
