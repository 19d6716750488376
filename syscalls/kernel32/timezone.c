/* kernel32 local time and time zones: the zone is the TZ the program
 * starts with, else the host's TZ or /etc/localtime (through the C
 * library's tzset), described once as Windows does (bias, names, yearly
 * transition rules); a --deterministic run is in UTC so it repeats. The
 * C runtime's local time (msvcrt, ucrtbase) uses the same zone. */
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/log.h"
#include "core/process.h"
#include "syscalls/api.h"
#include "syscalls/kernel32/api_args.h"
#include "syscalls/kernel32/calendar.h"
#include "syscalls/kernel32/env.h"
#include "syscalls/kernel32/timezone.h"
#include "syscalls/win32_errors.h"

#define TIME_ZONE_ID_UNKNOWN  0u
#define TIME_ZONE_ID_STANDARD 1u
#define TIME_ZONE_ID_DAYLIGHT 2u
#define TIME_ZONE_ID_INVALID  0xFFFFFFFFu

#define TICKS_PER_MINUTE (60 * (int64_t)CLOCK_TICKS_PER_SEC)
#define TICKS_PER_DAY    (86400 * (uint64_t)CLOCK_TICKS_PER_SEC)
#define SCAN_DAYS        400 /* a year of transitions, whatever the start */

/* Windows' names of the zones a host is most likely in (the CLDR
 * windowsZones mapping); the standard name is also the registry key. */
static const struct {
    const char *iana, *standard, *daylight;
} known_zones[] = {
    { "UTC", "Coordinated Universal Time", "Coordinated Universal Time" },
    { "Etc/UTC", "Coordinated Universal Time", "Coordinated Universal Time" },
    { "Etc/GMT", "Coordinated Universal Time", "Coordinated Universal Time" },
    { "Europe/London", "GMT Standard Time", "GMT Daylight Time" },
    { "Europe/Berlin", "W. Europe Standard Time", "W. Europe Daylight Time" },
    { "Europe/Amsterdam", "W. Europe Standard Time", "W. Europe Daylight Time" },
    { "Europe/Rome", "W. Europe Standard Time", "W. Europe Daylight Time" },
    { "Europe/Vienna", "W. Europe Standard Time", "W. Europe Daylight Time" },
    { "Europe/Zurich", "W. Europe Standard Time", "W. Europe Daylight Time" },
    { "Europe/Stockholm", "W. Europe Standard Time", "W. Europe Daylight Time" },
    { "Europe/Paris", "Romance Standard Time", "Romance Daylight Time" },
    { "Europe/Madrid", "Romance Standard Time", "Romance Daylight Time" },
    { "Europe/Brussels", "Romance Standard Time", "Romance Daylight Time" },
    { "Europe/Moscow", "Russian Standard Time", "Russian Daylight Time" },
    { "America/New_York", "Eastern Standard Time", "Eastern Daylight Time" },
    { "America/Chicago", "Central Standard Time", "Central Daylight Time" },
    { "America/Denver", "Mountain Standard Time", "Mountain Daylight Time" },
    { "America/Los_Angeles", "Pacific Standard Time", "Pacific Daylight Time" },
    { "Asia/Tokyo", "Tokyo Standard Time", "Tokyo Daylight Time" },
    { "Asia/Shanghai", "China Standard Time", "China Daylight Time" },
    { "Asia/Kolkata", "India Standard Time", "India Daylight Time" },
    { "Australia/Sydney", "AUS Eastern Standard Time", "AUS Eastern Daylight Time" },
};

static uint64_t fail(uint32_t err)
{
    teb_set_last_error(err);
    return 0;
}

static void put_name(uint16_t *dst, size_t cap, const char *s)
{
    size_t i = 0;
    for (; s[i] && i + 1 < cap; i++)
        dst[i] = (uint8_t)s[i];
    dst[i] = 0;
}

/* "UTC", "UTC+01:00", "UTC-03:30": the name of a zone not in the table. */
static void offset_name(long gmtoff, char *buf, size_t size)
{
    if (gmtoff == 0) {
        snprintf(buf, size, "UTC");
        return;
    }
    long m = labs(gmtoff) / 60;
    snprintf(buf, size, "UTC%c%02ld:%02ld", gmtoff < 0 ? '-' : '+', m / 60, m % 60);
}

/* ------------------------------------------------- deriving the zone */

struct offset {
    long gmtoff;
    bool dst;
};

static struct offset offset_at(time_t t)
{
    struct tm tm;
    if (!localtime_r(&t, &tm))
        return (struct offset){ 0, false };
    return (struct offset){ tm.tm_gmtoff, tm.tm_isdst > 0 };
}

static bool same(struct offset a, struct offset b) { return a.gmtoff == b.gmtoff && a.dst == b.dst; }

/* The first second in (lo, hi] whose offset differs from lo's. */
static time_t first_change(time_t lo, time_t hi)
{
    struct offset from = offset_at(lo);
    while (hi - lo > 1) {
        time_t mid = lo + (hi - lo) / 2;
        if (same(offset_at(mid), from))
            lo = mid;
        else
            hi = mid;
    }
    return hi;
}

/* The recurring rule of a transition at t: the wall time it happens at,
 * on the clock that was in force (gmtoff), as "the Nth (5: last) weekday
 * of the month". */
static SYSTEMTIME32 rule_of(time_t t, long gmtoff)
{
    time_t wall = t + gmtoff;
    struct tm tm;
    gmtime_r(&wall, &tm);
    unsigned days = calendar_month_days((unsigned)tm.tm_year + 1900, (unsigned)tm.tm_mon + 1);
    return (SYSTEMTIME32){
        .wMonth = (uint16_t)(tm.tm_mon + 1),
        .wDayOfWeek = (uint16_t)tm.tm_wday,
        .wDay = (uint16_t)(tm.tm_mday + 7 > (int)days ? 5 : (tm.tm_mday - 1) / 7 + 1),
        .wHour = (uint16_t)tm.tm_hour,
        .wMinute = (uint16_t)tm.tm_min,
        .wSecond = (uint16_t)tm.tm_sec,
    };
}

void tz_derive(const char *iana, time_t now, DYNAMIC_TIME_ZONE_INFORMATION32 *out)
{
    memset(out, 0, sizeof *out);
    TIME_ZONE_INFORMATION32 *z = &out->tzi;
    bool to_dst_found = false, to_std_found = false;
    long std_off = offset_at(now).gmtoff, dst_off = std_off;
    time_t t = now;
    for (int day = 1; day <= SCAN_DAYS && !(to_dst_found && to_std_found); day++) {
        time_t next = now + (time_t)day * 86400;
        while (!same(offset_at(t), offset_at(next))) {
            time_t c = first_change(t, next);
            struct offset before = offset_at(c - 1), after = offset_at(c);
            if (!before.dst && after.dst && !to_dst_found) {
                to_dst_found = true;
                std_off = before.gmtoff;
                dst_off = after.gmtoff;
                z->DaylightDate = rule_of(c, before.gmtoff);
            } else if (before.dst && !after.dst && !to_std_found) {
                to_std_found = true;
                z->StandardDate = rule_of(c, before.gmtoff);
            }
            t = c;
        }
        t = next;
    }
    if (!to_dst_found || !to_std_found) { /* no yearly daylight saving */
        memset(&z->StandardDate, 0, sizeof z->StandardDate);
        memset(&z->DaylightDate, 0, sizeof z->DaylightDate);
        std_off = dst_off = offset_at(now).gmtoff;
    }
    z->Bias = (int32_t)(-std_off / 60);
    z->DaylightBias = (int32_t)(-(dst_off - std_off) / 60);

    tz_set_names(out, iana, std_off, dst_off);
}

void tz_set_names(DYNAMIC_TIME_ZONE_INFORMATION32 *out, const char *iana, long std_off, long dst_off)
{
    char std_name[32], dst_name[32];
    offset_name(std_off, std_name, sizeof std_name);
    offset_name(dst_off, dst_name, sizeof dst_name);
    const char *sn = std_name, *dn = dst_name;
    for (size_t i = 0; iana && i < sizeof known_zones / sizeof known_zones[0]; i++)
        if (strcmp(iana, known_zones[i].iana) == 0) {
            sn = known_zones[i].standard;
            dn = known_zones[i].daylight;
        }
    put_name(out->tzi.StandardName, 32, sn);
    put_name(out->tzi.DaylightName, 32, dn);
    put_name(out->TimeZoneKeyName, 128, strcmp(sn, "Coordinated Universal Time") == 0 ? "UTC" : sn);
}

void tz_utc(DYNAMIC_TIME_ZONE_INFORMATION32 *out)
{
    memset(out, 0, sizeof *out);
    put_name(out->tzi.StandardName, 32, "Coordinated Universal Time");
    put_name(out->tzi.DaylightName, 32, "Coordinated Universal Time");
    put_name(out->TimeZoneKeyName, 128, "UTC");
}

/* ---------------------------------------------------- applying rules */

bool tz_has_daylight(const TIME_ZONE_INFORMATION32 *tzi)
{
    return tzi->StandardDate.wMonth != 0 && tzi->DaylightDate.wMonth != 0;
}

/* The local wall time a rule fires at in `year`: 1, 0 when it does not
 * fire that year (an absolute date of another year), -1 when malformed. */
static int rule_in_year(const SYSTEMTIME32 *r, unsigned year, uint64_t *local)
{
    SYSTEMTIME32 st = { .wYear = (uint16_t)year, .wMonth = r->wMonth, .wDay = 1, .wHour = r->wHour,
                        .wMinute = r->wMinute, .wSecond = r->wSecond, .wMilliseconds = r->wMilliseconds };
    if (r->wYear) { /* absolute: that date of that year only */
        if (r->wYear != year)
            return 0;
        st.wDay = r->wDay;
        return calendar_st_to_filetime(&st, local) ? 1 : -1;
    }
    uint64_t first;
    if (r->wDay < 1 || r->wDay > 5 || r->wDayOfWeek > 6 || !calendar_st_to_filetime(&st, &first))
        return -1;
    unsigned first_dow = (unsigned)((first / TICKS_PER_DAY + 1) % 7); /* 1601-01-01: a Monday */
    unsigned day = 1 + (r->wDayOfWeek + 7 - first_dow) % 7 + (r->wDay - 1u) * 7;
    while (day > calendar_month_days(year, r->wMonth))
        day -= 7;
    st.wDay = (uint16_t)day;
    return calendar_st_to_filetime(&st, local) ? 1 : -1;
}

static uint64_t shift(uint64_t t, int64_t minutes) { return (uint64_t)((int64_t)t + minutes * TICKS_PER_MINUTE); }

/* Whether t (UTC, or local wall time) falls in the zone's daylight time;
 * false when the rules are malformed. */
static bool in_daylight(const TIME_ZONE_INFORMATION32 *z, uint64_t t, bool t_is_local, bool *dst)
{
    *dst = false;
    if (!tz_has_daylight(z))
        return true;
    SYSTEMTIME32 st;
    uint64_t on, off;
    if (!calendar_filetime_to_st(t, &st))
        return false;
    int a = rule_in_year(&z->DaylightDate, st.wYear, &on);
    int b = rule_in_year(&z->StandardDate, st.wYear, &off);
    if (a < 0 || b < 0)
        return false;
    if (a == 0 || b == 0)
        return true;
    if (!t_is_local) { /* each rule is on the clock in force before it */
        on = shift(on, z->Bias + z->StandardBias);
        off = shift(off, z->Bias + z->DaylightBias);
    }
    *dst = on < off ? t >= on && t < off : !(t >= off && t < on);
    return true;
}

bool tz_utc_to_local(const TIME_ZONE_INFORMATION32 *tzi, uint64_t utc, uint64_t *local, bool *daylight)
{
    bool dst;
    if (!in_daylight(tzi, utc, false, &dst))
        return false;
    *local = shift(utc, -(int64_t)(tzi->Bias + (dst ? tzi->DaylightBias : tzi->StandardBias)));
    if (daylight)
        *daylight = dst;
    return true;
}

bool tz_local_to_utc(const TIME_ZONE_INFORMATION32 *tzi, uint64_t local, uint64_t *utc)
{
    bool dst;
    if (!in_daylight(tzi, local, true, &dst))
        return false;
    *utc = shift(local, tzi->Bias + (dst ? tzi->DaylightBias : tzi->StandardBias));
    return true;
}

/* ------------------------------------------------------ the guest zone */

static DYNAMIC_TIME_ZONE_INFORMATION32 guest_zone;
static pthread_once_t guest_zone_once = PTHREAD_ONCE_INIT;

/* The IANA name behind /etc/localtime (a link into .../zoneinfo/). */
static const char *localtime_link(char *buf, size_t size)
{
    ssize_t n = readlink("/etc/localtime", buf, size - 1);
    if (n <= 0)
        return NULL;
    buf[n] = 0;
    const char *p = strstr(buf, "zoneinfo/");
    return p ? p + strlen("zoneinfo/") : NULL;
}

/* Once, at the first use. A TZ in the program's starting environment that
 * differs from wowbox's own (an --env TZ=...) is read by tz_from_tz
 * (syscalls/kernel32/tz_posix.c), without touching wowbox's own TZ (setenv
 * is not thread-safe); otherwise the zone is the C library's, from
 * wowbox's TZ or /etc/localtime. */
static void guest_zone_init(void)
{
    if (clock_settings()->deterministic) {
        tz_utc(&guest_zone);
        return;
    }
    time_t now = (time_t)((clock_peek_filetime() - CLOCK_UNIX_EPOCH_FILETIME) / CLOCK_TICKS_PER_SEC);
    char *guest_tz = env_get("TZ");
    const char *host_tz = getenv("TZ");
    if (guest_tz && *guest_tz && (!host_tz || strcmp(guest_tz, host_tz) != 0)) {
        if (!tz_from_tz(guest_tz, now, &guest_zone)) {
            wb_note("TZ=%s names no time zone wowbox can read; the program runs in UTC", guest_tz);
            tz_utc(&guest_zone);
        }
        free(guest_tz);
        return;
    }
    free(guest_tz);
    tzset();
    char link[PATH_MAX];
    const char *iana = host_tz && *host_tz ? host_tz + (host_tz[0] == ':') : localtime_link(link, sizeof link);
    tz_derive(iana, now, &guest_zone);
}

const DYNAMIC_TIME_ZONE_INFORMATION32 *tz_guest_zone(void)
{
    pthread_once(&guest_zone_once, guest_zone_init);
    return &guest_zone;
}

static const DYNAMIC_TIME_ZONE_INFORMATION32 *zone(void) { return tz_guest_zone(); }

/* The bias in force now, as FileTimeToLocalFileTime and GetLocalTime use
 * it for any time (Windows does not look up the bias of the time given). */
static int64_t bias_now(void)
{
    const TIME_ZONE_INFORMATION32 *z = &zone()->tzi;
    uint64_t local;
    bool dst = false;
    tz_utc_to_local(z, clock_peek_filetime(), &local, &dst);
    return z->Bias + (dst ? z->DaylightBias : z->StandardBias);
}

static uint32_t zone_id(const TIME_ZONE_INFORMATION32 *z)
{
    uint64_t local;
    bool dst = false;
    if (!tz_has_daylight(z) || !tz_utc_to_local(z, clock_peek_filetime(), &local, &dst))
        return TIME_ZONE_ID_UNKNOWN;
    return dst ? TIME_ZONE_ID_DAYLIGHT : TIME_ZONE_ID_STANDARD;
}

/* ------------------------------------------------------------------ APIs */

uint64_t kernel32_GetTimeZoneInformation(struct thunk_call *c)
{
    API_ARGS(kernel32, GetTimeZoneInformation, a);
    const TIME_ZONE_INFORMATION32 *z = &zone()->tzi;
    if (!gm_write(a.lpTimeZoneInformation, z, sizeof *z)) {
        teb_set_last_error(ERROR_NOACCESS);
        return TIME_ZONE_ID_INVALID;
    }
    return zone_id(z);
}

uint64_t kernel32_GetDynamicTimeZoneInformation(struct thunk_call *c)
{
    API_ARGS(kernel32, GetDynamicTimeZoneInformation, a);
    const DYNAMIC_TIME_ZONE_INFORMATION32 *z = zone();
    if (!gm_write(a.pTimeZoneInformation, z, sizeof *z)) {
        teb_set_last_error(ERROR_NOACCESS);
        return TIME_ZONE_ID_INVALID;
    }
    return zone_id(&z->tzi);
}

/* The zone a conversion names, or the guest's for NULL. */
static bool read_zone(gaddr g, TIME_ZONE_INFORMATION32 *z)
{
    if (!g) {
        *z = zone()->tzi;
        return true;
    }
    return gm_read(g, z, sizeof *z);
}

static uint64_t convert_st(gaddr zone_ptr, gaddr in, gaddr out, bool to_local)
{
    TIME_ZONE_INFORMATION32 z;
    SYSTEMTIME32 st;
    uint64_t from, to;
    if (!read_zone(zone_ptr, &z) || !gm_read(in, &st, sizeof st))
        return fail(ERROR_NOACCESS);
    if (!calendar_st_to_filetime(&st, &from))
        return fail(ERROR_INVALID_PARAMETER);
    bool ok = to_local ? tz_utc_to_local(&z, from, &to, NULL) : tz_local_to_utc(&z, from, &to);
    if (!ok || !calendar_filetime_to_st(to, &st))
        return fail(ERROR_INVALID_PARAMETER);
    return gm_write(out, &st, sizeof st) ? 1 : fail(ERROR_NOACCESS);
}

uint64_t kernel32_SystemTimeToTzSpecificLocalTime(struct thunk_call *c)
{
    API_ARGS(kernel32, SystemTimeToTzSpecificLocalTime, a);
    return convert_st(a.lpTimeZoneInformation, a.lpUniversalTime, a.lpLocalTime, true);
}

uint64_t kernel32_TzSpecificLocalTimeToSystemTime(struct thunk_call *c)
{
    API_ARGS(kernel32, TzSpecificLocalTimeToSystemTime, a);
    return convert_st(a.lpTimeZoneInformation, a.lpLocalTime, a.lpUniversalTime, false);
}

/* Both directions apply the bias in force now, so each undoes the other. */
static uint64_t shift_filetime(gaddr in, gaddr out, int64_t minutes)
{
    uint64_t ft;
    if (!gm_read(in, &ft, 8))
        return fail(ERROR_NOACCESS);
    ft = shift(ft, minutes);
    return gm_write(out, &ft, 8) ? 1 : fail(ERROR_NOACCESS);
}

uint64_t kernel32_FileTimeToLocalFileTime(struct thunk_call *c)
{
    API_ARGS(kernel32, FileTimeToLocalFileTime, a);
    return shift_filetime(a.lpFileTime, a.lpLocalFileTime, -bias_now());
}

uint64_t kernel32_LocalFileTimeToFileTime(struct thunk_call *c)
{
    API_ARGS(kernel32, LocalFileTimeToFileTime, a);
    return shift_filetime(a.lpLocalFileTime, a.lpFileTime, bias_now());
}

void tz_local_now(SYSTEMTIME32 *st)
{
    calendar_filetime_to_st(shift(clock_filetime(), -bias_now()), st);
}

uint64_t kernel32_GetLocalTime(struct thunk_call *c)
{
    API_ARGS(kernel32, GetLocalTime, a);
    SYSTEMTIME32 st;
    tz_local_now(&st);
    gm_write(a.lpSystemTime, &st, sizeof st);
    return 0;
}
