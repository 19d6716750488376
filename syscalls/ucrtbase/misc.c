/* ucrtbase's C99/C11 additions: strtod/strtof with the C99 grammar (inf,
 * nan, hexadecimal; msvcrt's strtod has none of them) and timespec_get. */
#define _GNU_SOURCE /* strtod_l */
#include <errno.h>
#include <locale.h>
#include <stdlib.h>
#include <time.h>

#include "core/clock.h"
#include "core/guest_mem.h"
#include "syscalls/api.h"
#include "syscalls/msvcrt/state.h"
#include "syscalls/ucrtbase/api_args.h"
#include "syscalls/ucrtbase/struct32.h"

#define CRT_EINVAL 22
#define CRT_ERANGE 34
#define TIME_UTC 1
/* Longest text a number is looked for in (a float needs far less). */
#define MAX_NUMBER_TEXT 4096

/* The C locale's C99 strtod, which glibc implements as the standard says
 * and as the Universal CRT behaves; *used is how many bytes it consumed. */
static double c99_strtod(gaddr str, size_t *used, bool *range)
{
    static locale_t c_locale;
    if (!c_locale)
        c_locale = newlocale(LC_ALL_MASK, "C", (locale_t)0);
    long n = gm_strnlen(str, MAX_NUMBER_TEXT);
    char *s = n >= 0 ? gm_strdup(str) : NULL;
    *used = 0;
    *range = false;
    if (!s)
        return 0;
    s[n] = 0;
    char *end = s;
    errno = 0;
    double v = strtod_l(s, &end, c_locale);
    *range = errno == ERANGE;
    *used = (size_t)(end - s);
    free(s);
    return v;
}

static uint64_t strtod_call(struct thunk_call *c, gaddr str, gaddr endp, bool single)
{
    if (!str) {
        msvcrt_set_errno(CRT_EINVAL);
        if (endp)
            gm_write_u32(endp, 0);
        return thunk_return_double(c, 0);
    }
    size_t used;
    bool range;
    double v = c99_strtod(str, &used, &range);
    if (single) {
        float f = (float)v;
        range |= (f == 0 && v != 0) || (__builtin_isinf(f) && !__builtin_isinf(v));
        v = f;
    }
    if (range)
        msvcrt_set_errno(CRT_ERANGE);
    if (endp)
        gm_write_u32(endp, str + (gaddr)used);
    return thunk_return_double(c, v);
}

uint64_t ucrtbase_strtod(struct thunk_call *c)
{
    API_ARGS(ucrtbase, strtod, a);
    return strtod_call(c, a.str, a.end, false);
}

uint64_t ucrtbase_strtof(struct thunk_call *c)
{
    API_ARGS(ucrtbase, strtof, a);
    return strtod_call(c, a.str, a.end, true);
}

/* timespec_get(ts, TIME_UTC): the system time; base on success, 0 otherwise. */
static bool now(struct timespec *t)
{
    int64_t ns = clock_unix_ns();
    t->tv_sec = (time_t)(ns / 1000000000);
    t->tv_nsec = (long)(ns % 1000000000);
    return true;
}

uint64_t ucrtbase__timespec32_get(struct thunk_call *c)
{
    API_ARGS(ucrtbase, _timespec32_get, a);
    struct timespec t;
    if (a.base != TIME_UTC || !a.ts) {
        msvcrt_set_errno(CRT_EINVAL);
        return 0;
    }
    if (!now(&t))
        return 0;
    TIMESPEC32 ts = { (int32_t)t.tv_sec, (int32_t)t.tv_nsec };
    return gm_write(a.ts, &ts, sizeof ts) ? (uint64_t)TIME_UTC : 0;
}

uint64_t ucrtbase__timespec64_get(struct thunk_call *c)
{
    API_ARGS(ucrtbase, _timespec64_get, a);
    struct timespec t;
    if (a.base != TIME_UTC || !a.ts) {
        msvcrt_set_errno(CRT_EINVAL);
        return 0;
    }
    if (!now(&t))
        return 0;
    TIMESPEC64 ts = { (int64_t)t.tv_sec, (int32_t)t.tv_nsec, 0 };
    return gm_write(a.ts, &ts, sizeof ts) ? (uint64_t)TIME_UTC : 0;
}
