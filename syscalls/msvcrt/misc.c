/* msvcrt odds and ends (qsort and bsearch are guest code: guest/sort.c): the CRT's own
 * environment copy, time and date (the guest's local time zone is UTC),
 * process trivia (setjmp/longjmp are guest code: guest/setjmp.c). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "core/clock.h"
#include "core/process.h"
#include "core/unicode.h"
#include "loader/peb.h"
#include "syscalls/api.h"
#include "syscalls/msvcrt/api_args.h"
#include "syscalls/msvcrt/struct32.h"
#include "syscalls/kernel32/env.h"
#include "syscalls/kernel32/timezone.h"
#include "syscalls/msvcrt/heap.h"
#include "syscalls/msvcrt/state.h"

#define CRT_EINVAL 22
#define CRT_ERANGE 34

/* Windows faults when a plain C routine is handed a bad pointer; guest
 * exceptions cannot be raised from a handler yet, so those paths return
 * FAULT (0 / NULL) instead. */
#define FAULT 0

/* ========================================================== environment */

/* msvcrt keeps "NAME=value" arrays of its own (_environ, _wenviron), built
 * at start-up; _putenv edits both and pushes the change to the OS block. */

#define MAX_ENV 32767

/* Host copy of a NULL-terminated guest array of guest pointers. */
static gaddr *env_array(gaddr cell, size_t *n)
{
    uint32_t arr = 0;
    *n = 0;
    if (!gm_read_u32(cell, &arr) || !arr)
        return calloc(1, sizeof(gaddr));
    size_t cap = 16;
    gaddr *v = malloc(cap * sizeof *v);
    for (uint32_t p = 0; v && gm_read_u32(arr + 4 * (gaddr)*n, &p) && p; (*n)++) {
        if (*n + 1 >= cap) {
            gaddr *nv = realloc(v, (cap *= 2) * sizeof *v);
            if (!nv) {
                free(v);
                return NULL;
            }
            v = nv;
        }
        v[*n] = p;
    }
    return v;
}

static unsigned unit_at(gaddr g, size_t i, unsigned unit)
{
    uint16_t v = 0;
    gm_read(g + (gaddr)(i * unit), &v, unit);
    return v;
}

static unsigned lower(unsigned ch) { return ch >= 'A' && ch <= 'Z' ? ch + 32 : ch; }

/* Whether the entry is "NAME=..." for the len-unit name (ASCII case folded). */
static bool env_match(gaddr entry, gaddr name, size_t len, unsigned unit)
{
    for (size_t i = 0; i < len; i++) {
        unsigned e = unit_at(entry, i, unit);
        if (!e || lower(e) != lower(unit_at(name, i, unit)))
            return false;
    }
    return unit_at(entry, len, unit) == '=';
}

static long env_index(const gaddr *v, size_t n, gaddr name, size_t len, unsigned unit)
{
    for (size_t i = 0; i < n; i++)
        if (env_match(v[i], name, len, unit))
            return (long)i;
    return -1;
}

static long glen(gaddr g, unsigned unit) { return unit == 1 ? gm_strnlen(g, MAX_ENV + 1) : gm_wcsnlen(g, MAX_ENV + 1); }

/* getenv/_wgetenv: a pointer into the CRT's own copy. */
static uint64_t do_getenv(gaddr name, unsigned unit)
{
    long len = name ? glen(name, unit) : -1;
    if (len < 0 || len > MAX_ENV) {
        msvcrt_set_errno(CRT_EINVAL);
        return 0;
    }
    if (len == 0)
        return 0;
    size_t n;
    gaddr *v = env_array(unit == 1 ? msvcrt.environ_ : msvcrt.wenviron, &n);
    long i = v ? env_index(v, n, name, (size_t)len, unit) : -1;
    uint64_t r = i >= 0 ? v[i] + (gaddr)((size_t)len + 1) * unit : 0;
    free(v);
    return r;
}

uint64_t msvcrt_getenv(struct thunk_call *c) { API_ARGS(msvcrt, getenv, a); return do_getenv(a.name, 1); }
uint64_t msvcrt__wgetenv(struct thunk_call *c) { API_ARGS(msvcrt, _wgetenv, a); return do_getenv(a.name, 2); }

/* getenv_s(size_t *needed, char *buf, size_t bufsz, const char *name) */
static uint64_t do_getenv_s(gaddr pneeded, gaddr buf, uint32_t bufsz, gaddr name, unsigned unit)
{
    if (!pneeded || (!buf && bufsz) || !name) {
        msvcrt_set_errno(CRT_EINVAL);
        return CRT_EINVAL;
    }
    gm_write_u32(pneeded, 0);
    if (buf && bufsz)
        gm_fill(buf, 0, unit);
    gaddr value = (gaddr)do_getenv(name, unit);
    if (!value)
        return 0;
    long len = glen(value, unit);
    if (len < 0)
        return CRT_EINVAL;
    gm_write_u32(pneeded, (uint32_t)len + 1);
    if (bufsz == 0)
        return 0;
    if ((uint32_t)len + 1 > bufsz) {
        msvcrt_set_errno(CRT_ERANGE);
        return CRT_ERANGE;
    }
    const void *src = gm_ptr(value, ((size_t)len + 1) * unit, false);
    return src && gm_write(buf, src, ((size_t)len + 1) * unit) ? 0 : CRT_EINVAL;
}

uint64_t msvcrt_getenv_s(struct thunk_call *c)
{
    API_ARGS(msvcrt, getenv_s, a);
    return do_getenv_s(a.needed, a.buf, a.size, a.name, 1);
}
uint64_t msvcrt__wgetenv_s(struct thunk_call *c)
{
    API_ARGS(msvcrt, _wgetenv_s, a);
    return do_getenv_s(a.needed, a.buf, a.size, a.name, 2);
}

/* Writes a new guest array for the cell; the start-up array (which
 * __initenv also shows) is left alone, later ones are freed. */
static bool env_store(gaddr cell, gaddr initial_cell, const gaddr *v, size_t n)
{
    gaddr arr = crt_malloc((uint32_t)((n + 1) * 4));
    if (!arr)
        return false;
    for (size_t i = 0; i < n; i++)
        gm_write_u32(arr + 4 * (gaddr)i, v[i]);
    gm_write_u32(arr + 4 * (gaddr)n, 0);
    uint32_t old = 0, initial = 0;
    gm_read_u32(cell, &old);
    gm_read_u32(initial_cell, &initial);
    gm_write_u32(cell, arr);
    if (old && old != initial)
        crt_free(old);
    return true;
}

/* Sets or (value NULL) removes NAME in one CRT array. Entries are fresh
 * heap strings; replaced ones may be start-up strings, so they stay. */
static bool env_update(unsigned unit, const char *name_u8, const char *value_u8)
{
    gaddr cell = unit == 1 ? msvcrt.environ_ : msvcrt.wenviron;
    gaddr initial_cell = unit == 1 ? msvcrt.initenv : msvcrt.winitenv;
    size_t n;
    gaddr *v = env_array(cell, &n);
    if (!v)
        return false;
    /* the entry as guest bytes: ANSI or UTF-16 */
    size_t elen = strlen(name_u8) + 1 + (value_u8 ? strlen(value_u8) : 0);
    char *entry_u8 = malloc(elen + 1);
    gaddr entry = 0;
    bool ok = false;
    if (!entry_u8)
        goto out;
    snprintf(entry_u8, elen + 1, "%s=%s", name_u8, value_u8 ? value_u8 : "");
    if (value_u8) {
        size_t bytes = 0;
        void *data = NULL;
        if (unit == 1) {
            data = utf8_to_ansi(entry_u8);
            bytes = data ? strlen(data) + 1 : 0;
        } else {
            size_t units;
            data = utf8_to_utf16(entry_u8, &units);
            bytes = (units + 1) * 2;
        }
        entry = data ? crt_malloc((uint32_t)bytes) : 0;
        if (entry)
            gm_write(entry, data, bytes);
        free(data);
        if (!entry)
            goto out;
    }
    /* find by name: compare against the new entry's name part */
    long idx = -1;
    for (size_t i = 0; i < n && idx < 0; i++) {
        char *s = NULL;
        if (unit == 1) {
            char *a = gm_strdup(v[i]);
            s = a ? ansi_to_utf8(a) : NULL;
            free(a);
        } else {
            s = gm_wcs_to_utf8(v[i]);
        }
        size_t nl = strlen(name_u8);
        if (s && strncasecmp(s, name_u8, nl) == 0 && s[nl] == '=')
            idx = (long)i;
        free(s);
    }
    if (idx >= 0 && entry) {
        v[idx] = entry;
    } else if (idx >= 0) {
        memmove(v + idx, v + idx + 1, (n - (size_t)idx - 1) * sizeof *v);
        n--;
    } else if (entry) {
        gaddr *nv = realloc(v, (n + 2) * sizeof *v);
        if (!nv)
            goto out;
        v = nv;
        v[n++] = entry;
    }
    ok = env_store(cell, initial_cell, v, n);
out:
    free(entry_u8);
    free(v);
    return ok;
}

/* The shared end of _putenv/_wputenv/_putenv_s: name and value as UTF-8,
 * value "" removes. */
static int putenv_utf8(const char *name, const char *value)
{
    if (!name[0] || strchr(name, '=')) {
        msvcrt_set_errno(CRT_EINVAL);
        return -1;
    }
    const char *v = value[0] ? value : NULL;
    if (!env_update(1, name, v) || !env_update(2, name, v))
        return -1;
    env_set(name, v); /* the OS block follows, as msvcrt's SetEnvironmentVariable call makes it */
    return 0;
}

/* "NAME=value" (value empty: remove), narrow (ANSI) or wide. */
static uint64_t do_putenv(gaddr option, unsigned unit)
{
    char *s = NULL;
    if (option && unit == 1) {
        char *a = gm_strdup(option);
        s = a ? ansi_to_utf8(a) : NULL;
        free(a);
    } else if (option) {
        s = gm_wcs_to_utf8(option);
    }
    char *eq = s ? strchr(s, '=') : NULL;
    if (!eq || eq == s) {
        free(s);
        msvcrt_set_errno(CRT_EINVAL);
        return (uint32_t)-1;
    }
    *eq = 0;
    int r = putenv_utf8(s, eq + 1);
    free(s);
    return (uint32_t)r;
}

uint64_t msvcrt__putenv(struct thunk_call *c) { API_ARGS(msvcrt, _putenv, a); return do_putenv(a.option, 1); }
uint64_t msvcrt__wputenv(struct thunk_call *c) { API_ARGS(msvcrt, _wputenv, a); return do_putenv(a.option, 2); }

/* _putenv_s(name, value): errno_t result. */
static uint64_t do_putenv_s(gaddr gname, gaddr gvalue, unsigned unit)
{
    char *name = NULL, *value = NULL;
    if (gname && gvalue) {
        if (unit == 1) {
            char *a = gm_strdup(gname), *b = gm_strdup(gvalue);
            name = a ? ansi_to_utf8(a) : NULL;
            value = b ? ansi_to_utf8(b) : NULL;
            free(a);
            free(b);
        } else {
            name = gm_wcs_to_utf8(gname);
            value = gm_wcs_to_utf8(gvalue);
        }
    }
    int r = name && value ? putenv_utf8(name, value) : -1;
    free(name);
    free(value);
    if (r) {
        msvcrt_set_errno(CRT_EINVAL);
        return CRT_EINVAL;
    }
    return 0;
}

uint64_t msvcrt__putenv_s(struct thunk_call *c)
{
    API_ARGS(msvcrt, _putenv_s, a);
    return do_putenv_s(a.name, a.value, 1);
}
uint64_t msvcrt__wputenv_s(struct thunk_call *c)
{
    API_ARGS(msvcrt, _wputenv_s, a);
    return do_putenv_s(a.name, a.value, 2);
}

/* ================================================================= time */

/* The guest's local time zone is UTC: _timezone 0, no daylight saving. */
#define TZ_NAME "Coordinated Universal Time"

static gaddr timezone_cell, daylight_cell, dstbias_cell, tzname_cell;
#define TZNAME_SLOT 64 /* each _tzname string's room, its NUL included */

void msvcrt_init_timezone(gaddr a, uint32_t sz) { (void)sz; timezone_cell = a; }
void msvcrt_init_daylight(gaddr a, uint32_t sz) { (void)sz; daylight_cell = a; }

void msvcrt_init_dstbias(gaddr a, uint32_t sz)
{
    (void)sz;
    int32_t bias = -3600;
    dstbias_cell = a;
    gm_write_force(a, &bias, 4);
}

/* _tzname: two char* followed, in the same slot, by the names they show
 * (UTC until _tzset, or the first local-time call, reads the zone). */
void msvcrt_init_tzname(gaddr a, uint32_t sz)
{
    (void)sz;
    uint32_t p[2] = { a + 8, a + 8 + TZNAME_SLOT };
    tzname_cell = a;
    gm_write_force(a, p, 8);
    gm_write_force(p[0], TZ_NAME, sizeof TZ_NAME);
    gm_write_force(p[1], TZ_NAME, sizeof TZ_NAME);
}

/* ------------------------------------------------ the zone, kernel32's
 * The C runtime's local time is kernel32's zone (GetTimeZoneInformation),
 * as Windows' CRT reads it when TZ is not set; wowbox's kernel32 itself
 * honours the guest's TZ, so the two always agree. */

static const TIME_ZONE_INFORMATION32 *crt_zone(void) { return &tz_guest_zone()->tzi; }

/* A zone name (UTF-16 in the zone) as the ANSI string _tzname holds. */
static void zone_name(const uint16_t *w, char *out, size_t size)
{
    size_t n = 0;
    while (n < 32 && w[n])
        n++;
    char *u = utf16_to_utf8(w, n), *a = u ? utf8_to_ansi(u) : NULL;
    snprintf(out, size, "%s", a ? a : "");
    free(u);
    free(a);
}

/* _tzset's values, as the CRT derives them from GetTimeZoneInformation:
 * _timezone the standard bias in seconds west, _daylight whether the zone
 * has daylight time, _dstbias its extra bias, _tzname the two names. */
static void crt_tzset(void)
{
    const TIME_ZONE_INFORMATION32 *z = crt_zone();
    bool daylight = tz_has_daylight(z) && z->DaylightBias != 0;
    int32_t timezone = (z->Bias + (z->StandardDate.wMonth ? z->StandardBias : 0)) * 60;
    int32_t dstbias = daylight ? (z->DaylightBias - z->StandardBias) * 60 : 0;
    gm_write_u32(timezone_cell, (uint32_t)timezone);
    gm_write_u32(daylight_cell, daylight);
    gm_write_u32(dstbias_cell, (uint32_t)dstbias);
    for (int i = 0; i < 2; i++) {
        char name[TZNAME_SLOT];
        zone_name(i ? z->DaylightName : z->StandardName, name, sizeof name);
        gm_write_force(tzname_cell + 8 + (gaddr)(i * TZNAME_SLOT), name, strlen(name) + 1);
    }
}

/* The CRT reads the zone once on its own, at the first local-time call. */
static pthread_once_t crt_tz_once = PTHREAD_ONCE_INIT;
static void crt_tz_ready(void) { pthread_once(&crt_tz_once, crt_tzset); }

void msvcrt_tz_cells(gaddr *timezone, gaddr *daylight, gaddr *dstbias, gaddr *tzname)
{
    crt_tz_ready();
    *timezone = timezone_cell;
    *daylight = daylight_cell;
    *dstbias = dstbias_cell;
    *tzname = tzname_cell;
}

uint64_t msvcrt__tzset(struct thunk_call *c)
{
    (void)c;
    crt_tz_ready();
    crt_tzset();
    return 0;
}

static uint64_t unix_to_filetime(int64_t t)
{
    return (uint64_t)(t * (int64_t)CLOCK_TICKS_PER_SEC) + CLOCK_UNIX_EPOCH_FILETIME;
}

static int64_t filetime_to_unix(uint64_t ft)
{
    return ((int64_t)ft - (int64_t)CLOCK_UNIX_EPOCH_FILETIME) / (int64_t)CLOCK_TICKS_PER_SEC;
}

/* UTC seconds as local seconds under the zone's rules for that date;
 * *dst tells whether daylight time applied. */
static int64_t utc_to_local(int64_t t, bool *dst)
{
    uint64_t local;
    crt_tz_ready();
    *dst = false;
    if (!tz_utc_to_local(crt_zone(), unix_to_filetime(t), &local, dst))
        return t;
    return filetime_to_unix(local);
}

uint64_t msvcrt___p__timezone(struct thunk_call *c) { (void)c; return timezone_cell; }
uint64_t msvcrt___p__daylight(struct thunk_call *c) { (void)c; return daylight_cell; }
uint64_t msvcrt___p__dstbias(struct thunk_call *c) { (void)c; return dstbias_cell; }
uint64_t msvcrt___p__tzname(struct thunk_call *c) { (void)c; return tzname_cell; }

/* time(): msvcrt.dll's time_t is 32 bits; _time64 has the 64-bit one. */
uint64_t msvcrt_time(struct thunk_call *c)
{
    API_ARGS(msvcrt, time, a);
    uint32_t t = (uint32_t)(clock_unix_ns() / 1000000000);
    if (a.t)
        gm_write_u32(a.t, t);
    return t;
}

uint64_t msvcrt__time64(struct thunk_call *c)
{
    API_ARGS(msvcrt, _time64, a);
    int64_t t = clock_unix_ns() / 1000000000;
    if (a.t)
        gm_write(a.t, &t, 8);
    return (uint64_t)t;
}

/* clock(): milliseconds (CLOCKS_PER_SEC 1000) of wall time since start. */
uint64_t msvcrt_clock(struct thunk_call *c)
{
    (void)c;
    return (uint32_t)(clock_process_ticks() / 10000);
}

uint64_t msvcrt_difftime(struct thunk_call *c)
{
    API_ARGS(msvcrt, difftime, a);
    return thunk_return_double(c, (double)(int32_t)a.t1 - (double)(int32_t)a.t0);
}

uint64_t msvcrt__difftime64(struct thunk_call *c)
{
    API_ARGS(msvcrt, _difftime64, a);
    return thunk_return_double(c, (double)(int64_t)a.t1 - (double)(int64_t)a.t0);
}

/* Civil dates: days since 1970-01-01 of a proleptic Gregorian date, and back. */
static int64_t days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

/* struct tm is TM32 (syscalls/msvcrt/struct32.h), read and written whole. */
static void tm_from_time(int64_t t, TM32 *tm)
{
    int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
    int64_t secs = t - days * 86400, y;
    int m, d;
    civil_from_days(days, &y, &m, &d);
    tm->tm_sec = (int32_t)(secs % 60);
    tm->tm_min = (int32_t)(secs / 60 % 60);
    tm->tm_hour = (int32_t)(secs / 3600);
    tm->tm_mday = d;
    tm->tm_mon = m - 1;
    tm->tm_year = (int32_t)(y - 1900);
    tm->tm_wday = (int32_t)(((days % 7) + 11) % 7); /* 1970-01-01 was a Thursday */
    tm->tm_yday = (int32_t)(days - days_from_civil(y, 1, 1));
    tm->tm_isdst = 0;
}

/* Normalising conversion (mktime's arithmetic) of possibly out-of-range fields. */
static int64_t time_from_tm(const TM32 *tm)
{
    int64_t mon = tm->tm_mon, year = (int64_t)tm->tm_year + 1900;
    year += mon >= 0 ? mon / 12 : -((11 - mon) / 12);
    mon = ((mon % 12) + 12) % 12;
    int64_t days = days_from_civil(year, (int)mon + 1, 1) + tm->tm_mday - 1;
    return days * 86400 + (int64_t)tm->tm_hour * 3600 + (int64_t)tm->tm_min * 60 + tm->tm_sec;
}

/* gmtime and localtime share one static struct tm, as in msvcrt. */
static gaddr tm_buffer;
#define MAX_TIME32 0x7FFFFFFFll
#define MAX_TIME64 32535215999ll /* 3000-12-31 23:59:59 */

static uint64_t to_tm(gaddr pt, bool wide64, bool local)
{
    int64_t t = 0;
    if (!pt) {
        msvcrt_set_errno(CRT_EINVAL);
        return 0;
    }
    if (wide64) {
        if (!gm_read(pt, &t, 8))
            return FAULT;
    } else {
        int32_t t32;
        if (!gm_read(pt, &t32, 4))
            return FAULT;
        t = t32;
    }
    if (t < 0 || t > (wide64 ? MAX_TIME64 : MAX_TIME32)) {
        msvcrt_set_errno(CRT_EINVAL);
        return 0;
    }
    if (!tm_buffer && !(tm_buffer = crt_malloc(sizeof(TM32))))
        return 0;
    TM32 tm;
    bool dst = false;
    tm_from_time(local ? utc_to_local(t, &dst) : t, &tm);
    tm.tm_isdst = dst;
    gm_write(tm_buffer, &tm, sizeof tm);
    return tm_buffer;
}

int msvcrt_time_to_tm(int64_t t, bool local, bool wide64, TM32 *out)
{
    if (t < 0 || t > (wide64 ? MAX_TIME64 : MAX_TIME32))
        return CRT_EINVAL;
    bool dst = false;
    tm_from_time(local ? utc_to_local(t, &dst) : t, out);
    out->tm_isdst = dst;
    return 0;
}

uint64_t msvcrt_gmtime(struct thunk_call *c) { API_ARGS(msvcrt, gmtime, a); return to_tm(a.t, false, false); }
uint64_t msvcrt__gmtime64(struct thunk_call *c) { API_ARGS(msvcrt, _gmtime64, a); return to_tm(a.t, true, false); }
uint64_t msvcrt_localtime(struct thunk_call *c) { API_ARGS(msvcrt, localtime, a); return to_tm(a.t, false, true); }
uint64_t msvcrt__localtime64(struct thunk_call *c) { API_ARGS(msvcrt, _localtime64, a); return to_tm(a.t, true, true); }

/* Local fields as UTC seconds, as the CRT's mktime does it: the standard
 * bias always, the daylight bias too when tm_isdst says so, or (negative)
 * when the zone's rules put that local time in daylight time. */
static int64_t local_fields_to_utc(const TM32 *tm)
{
    const TIME_ZONE_INFORMATION32 *z = crt_zone();
    int64_t local = time_from_tm(tm);
    int64_t t = local + (int64_t)(z->Bias + z->StandardBias) * 60;
    bool dst = tm->tm_isdst > 0;
    if (tm->tm_isdst < 0 && tz_has_daylight(z)) {
        uint64_t utc;
        bool in_dst = false, ok = tz_local_to_utc(z, unix_to_filetime(local), &utc);
        uint64_t back;
        if (ok && tz_utc_to_local(z, utc, &back, &in_dst))
            dst = in_dst;
    }
    if (dst && tz_has_daylight(z))
        t += (int64_t)(z->DaylightBias - z->StandardBias) * 60;
    return t;
}

/* mktime (local) and _mkgmtime (UTC): normalise the fields in place; -1
 * when out of range. */
static uint64_t do_mktime(gaddr ptm, bool wide64, bool local)
{
    TM32 tm;
    if (!ptm || !gm_read(ptm, &tm, sizeof tm)) {
        msvcrt_set_errno(CRT_EINVAL);
        return wide64 ? (uint64_t)-1 : 0xFFFFFFFFu;
    }
    if (local)
        crt_tz_ready();
    int64_t t = local ? local_fields_to_utc(&tm) : time_from_tm(&tm);
    if (t < 0 || t > (wide64 ? MAX_TIME64 : MAX_TIME32)) {
        msvcrt_set_errno(CRT_EINVAL);
        return wide64 ? (uint64_t)-1 : 0xFFFFFFFFu;
    }
    bool dst = false;
    tm_from_time(local ? utc_to_local(t, &dst) : t, &tm);
    tm.tm_isdst = dst;
    gm_write(ptm, &tm, sizeof tm);
    return wide64 ? (uint64_t)t : (uint32_t)t;
}

uint64_t msvcrt_mktime(struct thunk_call *c) { API_ARGS(msvcrt, mktime, a); return do_mktime(a.tm, false, true); }
uint64_t msvcrt__mktime64(struct thunk_call *c) { API_ARGS(msvcrt, _mktime64, a); return do_mktime(a.tm, true, true); }
uint64_t msvcrt__mkgmtime(struct thunk_call *c) { API_ARGS(msvcrt, _mkgmtime, a); return do_mktime(a.tm, false, false); }
uint64_t msvcrt__mkgmtime32(struct thunk_call *c) { API_ARGS(msvcrt, _mkgmtime32, a); return do_mktime(a.tm, false, false); }
uint64_t msvcrt__mkgmtime64(struct thunk_call *c) { API_ARGS(msvcrt, _mkgmtime64, a); return do_mktime(a.tm, true, false); }

static const char *const day_names[7] = { "Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday" };
static const char *const month_names[12] = { "January", "February", "March", "April", "May", "June", "July",
                                             "August", "September", "October", "November", "December" };

static bool leap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

/* asctime's checks: every field in range (tm_yday is ignored), the day
 * within its month, years from 1900. */
bool msvcrt_tm_valid(const TM32 *tm)
{
    static const int mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    if (tm->tm_sec < 0 || tm->tm_sec > 59 || tm->tm_min < 0 || tm->tm_min > 59 || tm->tm_hour < 0 ||
        tm->tm_hour > 23 || tm->tm_mon < 0 || tm->tm_mon > 11 || tm->tm_wday < 0 || tm->tm_wday > 6 ||
        tm->tm_year < 0 || tm->tm_mday < 1)
        return false;
    int max = mdays[tm->tm_mon] + (tm->tm_mon == 1 && leap((int64_t)tm->tm_year + 1900));
    return tm->tm_mday <= max;
}

/* "Thu Jan 01 00:00:00 1970\n" (msvcrt writes the day of the month with
 * two digits) for a tm msvcrt_tm_valid accepts. */
void msvcrt_asctime_text(const TM32 *tm, char out[MSVCRT_ASCTIME_CHARS])
{
    char s[64];
    int64_t y = (int64_t)tm->tm_year + 1900;
    /* the year is four digit cells: years past 9999 spill over into ':' */
    snprintf(s, sizeof s, "%.3s %.3s %02d %02d:%02d:%02d %c%c%c%c\n", day_names[tm->tm_wday],
             month_names[tm->tm_mon], tm->tm_mday, tm->tm_hour, tm->tm_min, tm->tm_sec,
             (char)('0' + y / 1000), (char)('0' + y / 100 % 10), (char)('0' + y / 10 % 10),
             (char)('0' + y % 10));
    memcpy(out, s, MSVCRT_ASCTIME_CHARS - 1);
    out[MSVCRT_ASCTIME_CHARS - 1] = 0;
}

/* asctime and ctime share one 26-byte buffer. */
static gaddr asc_buffer[2]; /* narrow, wide */

static uint64_t asctime_of(const TM32 *tm, unsigned unit)
{
    char s[MSVCRT_ASCTIME_CHARS];
    msvcrt_asctime_text(tm, s);
    gaddr *buf = &asc_buffer[unit - 1];
    if (!*buf && !(*buf = crt_malloc(64 * unit)))
        return 0;
    size_t n = strlen(s) + 1;
    for (size_t i = 0; i < n; i++) {
        uint16_t ch = (uint8_t)s[i];
        gm_write(*buf + (gaddr)(i * unit), &ch, unit);
    }
    return *buf;
}

static uint64_t do_asctime(gaddr ptm, unsigned unit)
{
    TM32 tm;
    if (!ptm || !gm_read(ptm, &tm, sizeof tm) || !msvcrt_tm_valid(&tm)) {
        msvcrt_set_errno(CRT_EINVAL);
        return 0;
    }
    return asctime_of(&tm, unit);
}

uint64_t msvcrt_asctime(struct thunk_call *c) { API_ARGS(msvcrt, asctime, a); return do_asctime(a.tm, 1); }
uint64_t msvcrt__wasctime(struct thunk_call *c) { API_ARGS(msvcrt, _wasctime, a); return do_asctime(a.tm, 2); }

static uint64_t do_ctime(gaddr t, unsigned unit, bool wide64)
{
    gaddr tmp = (gaddr)to_tm(t, wide64, true);
    TM32 tm;
    if (!tmp || !gm_read(tmp, &tm, sizeof tm))
        return 0;
    return asctime_of(&tm, unit);
}

uint64_t msvcrt_ctime(struct thunk_call *c) { API_ARGS(msvcrt, ctime, a); return do_ctime(a.t, 1, false); }
uint64_t msvcrt__ctime64(struct thunk_call *c) { API_ARGS(msvcrt, _ctime64, a); return do_ctime(a.t, 1, true); }
uint64_t msvcrt__wctime(struct thunk_call *c) { API_ARGS(msvcrt, _wctime, a); return do_ctime(a.t, 2, false); }
uint64_t msvcrt__wctime64(struct thunk_call *c) { API_ARGS(msvcrt, _wctime64, a); return do_ctime(a.t, 2, true); }

/* strftime in the "C" locale with msvcrt's conversions (no C99 additions)
 * and its '#' flag. Output units go to out[]; false on an unknown
 * conversion. */
struct out_units {
    uint16_t *u;
    size_t n, cap;
};

static void out_put(struct out_units *o, unsigned ch)
{
    if (o->n < o->cap)
        o->u[o->n] = (uint16_t)ch;
    o->n++;
}

static void out_str(struct out_units *o, const char *s)
{
    while (*s)
        out_put(o, (uint8_t)*s++);
}

static void out_num(struct out_units *o, int v, int width, bool alt)
{
    char s[16];
    snprintf(s, sizeof s, "%0*d", alt ? 1 : width, v); /* '#': no leading zeros */
    out_str(o, s);
}

static void out_abbrev(struct out_units *o, const char *name)
{
    for (int i = 0; i < 3; i++)
        out_put(o, (uint8_t)name[i]);
}

static bool format_tm(struct out_units *o, const uint16_t *fmt, size_t flen, const TM32 *tm);

static bool format_one(struct out_units *o, unsigned conv, bool alt, const TM32 *tm)
{
    int hour12 = tm->tm_hour % 12 ? tm->tm_hour % 12 : 12;
    switch (conv) {
    case 'a': out_abbrev(o, day_names[tm->tm_wday % 7]); return true;
    case 'A': out_str(o, day_names[tm->tm_wday % 7]); return true;
    case 'b': out_abbrev(o, month_names[tm->tm_mon % 12]); return true;
    case 'B': out_str(o, month_names[tm->tm_mon % 12]); return true;
    case 'd': out_num(o, tm->tm_mday, 2, alt); return true;
    case 'H': out_num(o, tm->tm_hour, 2, alt); return true;
    case 'I': out_num(o, hour12, 2, alt); return true;
    case 'j': out_num(o, tm->tm_yday + 1, 3, alt); return true;
    case 'm': out_num(o, tm->tm_mon + 1, 2, alt); return true;
    case 'M': out_num(o, tm->tm_min, 2, alt); return true;
    case 'p': out_str(o, tm->tm_hour < 12 ? "AM" : "PM"); return true;
    case 'S': out_num(o, tm->tm_sec, 2, alt); return true;
    case 'U': out_num(o, (tm->tm_yday + 7 - tm->tm_wday) / 7, 2, alt); return true;
    case 'W': out_num(o, (tm->tm_yday + 7 - (tm->tm_wday + 6) % 7) / 7, 2, alt); return true;
    case 'w': out_num(o, tm->tm_wday, 1, alt); return true;
    case 'y': out_num(o, (tm->tm_year + 1900) % 100, 2, alt); return true;
    case 'Y': out_num(o, tm->tm_year + 1900, 1, alt); return true;
    case 'z': case 'Z': { /* msvcrt: both are the zone's name */
        char name[TZNAME_SLOT];
        crt_tz_ready();
        zone_name(tm->tm_isdst > 0 ? crt_zone()->DaylightName : crt_zone()->StandardName, name, sizeof name);
        out_str(o, name);
        return true;
    }
    case '%': out_put(o, '%'); return true;
    case 'c': case 'x': case 'X': {
        /* the "C" locale's short and (with #) long date/time forms */
        const char *pic = conv == 'X' ? "%H:%M:%S"
                        : conv == 'x' ? (alt ? "%A, %B %#d, %Y" : "%m/%d/%y")
                                      : (alt ? "%A, %B %#d, %Y %H:%M:%S" : "%m/%d/%y %H:%M:%S");
        uint16_t w[32];
        size_t n = strlen(pic);
        for (size_t i = 0; i < n; i++)
            w[i] = (uint8_t)pic[i];
        return format_tm(o, w, n, tm);
    }
    default:
        return false;
    }
}

static bool format_tm(struct out_units *o, const uint16_t *fmt, size_t flen, const TM32 *tm)
{
    for (size_t i = 0; i < flen; i++) {
        if (fmt[i] != '%') {
            out_put(o, fmt[i]);
            continue;
        }
        bool alt = i + 1 < flen && fmt[i + 1] == '#';
        i += alt;
        if (i + 1 >= flen || !format_one(o, fmt[++i], alt, tm))
            return false;
    }
    return true;
}

/* strftime(buf, max, fmt, tm): characters written without the terminator,
 * or 0 (ERANGE) when they and the terminator do not fit in max. */
static uint64_t do_strftime(gaddr buf, uint32_t max, gaddr fmt, gaddr ptm, unsigned unit)
{
    TM32 tm;
    if (!buf || !max || !fmt || !ptm || !gm_read(ptm, &tm, sizeof tm)) {
        msvcrt_set_errno(CRT_EINVAL);
        return 0;
    }
    long flen = unit == 1 ? gm_strnlen(fmt, 1u << 20) : gm_wcsnlen(fmt, 1u << 20);
    if (flen < 0)
        return FAULT;
    uint16_t *w = malloc(((size_t)flen + 1) * 2);
    struct out_units o = { malloc((size_t)max * 2), 0, max };
    bool ok = w && o.u;
    for (long i = 0; ok && i < flen; i++) {
        uint16_t ch = 0;
        gm_read(fmt + (gaddr)((size_t)i * unit), &ch, unit);
        w[i] = ch;
    }
    if (ok && !format_tm(&o, w, (size_t)flen, &tm)) {
        msvcrt_set_errno(CRT_EINVAL);
        ok = false;
    } else if (ok && o.n >= max) {
        msvcrt_set_errno(CRT_ERANGE);
        ok = false;
    }
    if (!ok)
        o.n = 0;
    if (o.u) {
        o.u[o.n] = 0;
        for (size_t i = 0; i <= o.n; i++)
            gm_write(buf + (gaddr)(i * unit), &o.u[i], unit);
    }
    free(w);
    free(o.u);
    return ok ? o.n : 0;
}

uint64_t msvcrt_strftime(struct thunk_call *c)
{
    API_ARGS(msvcrt, strftime, a);
    return do_strftime(a.buf, a.max, a.format, a.tm, 1);
}
uint64_t msvcrt_wcsftime(struct thunk_call *c)
{
    API_ARGS(msvcrt, wcsftime, a);
    return do_strftime(a.buf, a.max, a.format, a.tm, 2);
}

/* _strdate "MM/DD/YY" and _strtime "HH:MM:SS" of the local time. */
static uint64_t date_or_time(gaddr buf, unsigned unit, bool date)
{
    if (!buf) {
        msvcrt_set_errno(CRT_EINVAL);
        return 0;
    }
    TM32 tm;
    bool dst;
    tm_from_time(utc_to_local(clock_unix_ns() / 1000000000, &dst), &tm);
    char s[48];
    if (date)
        snprintf(s, sizeof s, "%02d/%02d/%02d", tm.tm_mon + 1, tm.tm_mday, tm.tm_year % 100);
    else
        snprintf(s, sizeof s, "%02d:%02d:%02d", tm.tm_hour, tm.tm_min, tm.tm_sec);
    for (size_t i = 0; i < 9; i++) {
        uint16_t ch = (uint8_t)s[i];
        if (!gm_write(buf + (gaddr)(i * unit), &ch, unit))
            return FAULT;
    }
    return buf;
}

uint64_t msvcrt__strdate(struct thunk_call *c) { API_ARGS(msvcrt, _strdate, a); return date_or_time(a.buf, 1, true); }
uint64_t msvcrt__strtime(struct thunk_call *c) { API_ARGS(msvcrt, _strtime, a); return date_or_time(a.buf, 1, false); }
uint64_t msvcrt__wstrdate(struct thunk_call *c) { API_ARGS(msvcrt, _wstrdate, a); return date_or_time(a.buf, 2, true); }
uint64_t msvcrt__wstrtime(struct thunk_call *c)
{
    API_ARGS(msvcrt, _wstrtime, a);
    return date_or_time(a.buf, 2, false);
}

/* _ftime's TIMEB32 or TIMEB64: the time, the zone's standard bias
 * (minutes west) and whether daylight time is in force now. */
static bool ftime_fill(gaddr p, bool wide64)
{
    int64_t ns = clock_unix_ns();
    int64_t t = ns / 1000000000;
    uint16_t ms = (uint16_t)(ns / 1000000 % 1000);
    bool dst;
    utc_to_local(t, &dst);
    const TIME_ZONE_INFORMATION32 *z = crt_zone();
    int16_t west = (int16_t)(z->Bias + z->StandardBias);
    if (wide64) {
        TIMEB64 tb = { .time = t, .millitm = ms, .timezone = west, .dstflag = dst };
        return gm_write(p, &tb, sizeof tb);
    }
    TIMEB32 tb = { .time = (int32_t)t, .millitm = ms, .timezone = west, .dstflag = dst };
    return gm_write(p, &tb, sizeof tb);
}

uint64_t msvcrt__ftime(struct thunk_call *c)
{
    API_ARGS(msvcrt, _ftime, a);
    return ftime_fill(a.tb, false) ? 0 : FAULT;
}
uint64_t msvcrt__ftime64(struct thunk_call *c)
{
    API_ARGS(msvcrt, _ftime64, a);
    return ftime_fill(a.tb, true) ? 0 : FAULT;
}

static uint64_t ftime_s(gaddr tb, bool wide64)
{
    if (!tb || !ftime_fill(tb, wide64)) {
        msvcrt_set_errno(CRT_EINVAL);
        return CRT_EINVAL;
    }
    return 0;
}

uint64_t msvcrt__ftime32_s(struct thunk_call *c) { API_ARGS(msvcrt, _ftime32_s, a); return ftime_s(a.tb, false); }
uint64_t msvcrt__ftime64_s(struct thunk_call *c) { API_ARGS(msvcrt, _ftime64_s, a); return ftime_s(a.tb, true); }

/* ============================================================= process */

uint64_t msvcrt__getpid(struct thunk_call *c) { (void)c; return proc->pid; }

uint64_t msvcrt__sleep(struct thunk_call *c)
{
    API_ARGS(msvcrt, _sleep, a);
    clock_sleep((uint64_t)a.ms * 10000);
    return 0;
}

