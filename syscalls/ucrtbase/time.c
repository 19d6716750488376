/* The UCRT's accessors of the time-zone variables: __timezone & co. give
 * their addresses, the _get_ functions their values (errno_t results, the
 * invalid-parameter handler on a NULL pointer, as the UCRT's _s
 * functions). The cells are msvcrt's (syscalls/msvcrt/misc.c), filled from
 * kernel32's zone. */
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
