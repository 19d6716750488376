/* kernel32 clocks and calendar conversions (SYSTEMTIME, FILETIME, DOS
 * dates); local time and the time zone are syscalls/kernel32/timezone.c's. */
#include <string.h>
#include <time.h>

#include "core/clock.h"
#include "core/process.h"
#include "syscalls/api.h"
#include "syscalls/kernel32/api_args.h"
#include "syscalls/kernel32/calendar.h"
#include "syscalls/kernel32/struct32.h"
#include "syscalls/win32_errors.h"

#define TICKS_PER_SEC      10000000ull           /* FILETIME unit: 100 ns */
#define QPC_FREQUENCY      10000000ull           /* what Windows 10 reports */

static uint64_t fail(uint32_t err)
{
    teb_set_last_error(err);
    return 0;
}

static uint64_t now_filetime(void) { return clock_filetime(); }

/* Time since boot, as the tick count and performance counter measure it. */
static uint64_t boot_ticks(void) { return clock_uptime(); }

static bool read_u64(gaddr g, uint64_t *v) { return gm_read(g, v, 8); }
static bool write_u64(gaddr g, uint64_t v) { return gm_write(g, &v, 8); }

/* ---------------------------------------------------------------- clocks */

uint64_t kernel32_GetTickCount(struct thunk_call *c)
{
    (void)c;
    return (uint32_t)(boot_ticks() / 10000);
}

uint64_t kernel32_GetTickCount64(struct thunk_call *c)
{
    (void)c;
    return boot_ticks() / 10000;
}

uint64_t kernel32_QueryPerformanceCounter(struct thunk_call *c)
{
    API_ARGS(kernel32, QueryPerformanceCounter, a);
    return write_u64(a.lpPerformanceCount, boot_ticks() * (QPC_FREQUENCY / TICKS_PER_SEC)) ? 1 : fail(ERROR_NOACCESS);
}

uint64_t kernel32_QueryPerformanceFrequency(struct thunk_call *c)
{
    API_ARGS(kernel32, QueryPerformanceFrequency, a);
    return write_u64(a.lpFrequency, QPC_FREQUENCY) ? 1 : fail(ERROR_NOACCESS);
}

uint64_t kernel32_GetSystemTimeAsFileTime(struct thunk_call *c)
{
    API_ARGS(kernel32, GetSystemTimeAsFileTime, a);
    write_u64(a.lpSystemTimeAsFileTime, now_filetime());
    return 0;
}

uint64_t kernel32_GetSystemTimePreciseAsFileTime(struct thunk_call *c)
{
    API_ARGS(kernel32, GetSystemTimePreciseAsFileTime, a);
    write_u64(a.lpSystemTimeAsFileTime, now_filetime());
    return 0;
}

/* -------------------------------------------------------------- calendar */


static bool leap(unsigned y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

unsigned calendar_month_days(unsigned y, unsigned m)
{
    static const unsigned char d[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    return m == 2 && leap(y) ? 29 : d[m - 1];
}

/* Days from 1601-01-01 to the first of the given month. */
static uint64_t days_before(unsigned y, unsigned m)
{
    uint64_t yy = y - 1601;
    uint64_t days = yy * 365 + yy / 4 - yy / 100 + yy / 400;
    for (unsigned i = 1; i < m; i++)
        days += calendar_month_days(y, i);
    return days;
}

bool calendar_filetime_to_st(uint64_t ft, SYSTEMTIME32 *st)
{
    if (ft >> 63) /* FileTimeToSystemTime refuses values past 0x7FFF... */
        return false;
    uint64_t days = ft / (TICKS_PER_SEC * 86400);
    uint64_t rest = ft % (TICKS_PER_SEC * 86400);
    st->wDayOfWeek = (uint16_t)((days + 1) % 7); /* 1601-01-01 was a Monday */
    unsigned y = 1601 + (unsigned)(days / 146097) * 400;
    days %= 146097;
    while (days >= (leap(y) ? 366u : 365u)) {
        days -= leap(y) ? 366 : 365;
        y++;
    }
    unsigned m = 1;
    while (days >= calendar_month_days(y, m)) {
        days -= calendar_month_days(y, m);
        m++;
    }
    st->wYear = (uint16_t)y;
    st->wMonth = (uint16_t)m;
    st->wDay = (uint16_t)(days + 1);
    st->wHour = (uint16_t)(rest / (TICKS_PER_SEC * 3600));
    st->wMinute = (uint16_t)(rest / (TICKS_PER_SEC * 60) % 60);
    st->wSecond = (uint16_t)(rest / TICKS_PER_SEC % 60);
    st->wMilliseconds = (uint16_t)(rest / 10000 % 1000);
    return true;
}

/* SystemTimeToFileTime's checks: every field in range, wDayOfWeek ignored. */
bool calendar_st_to_filetime(const SYSTEMTIME32 *st, uint64_t *ft)
{
    if (st->wYear < 1601 || st->wYear > 30827 || st->wMonth < 1 || st->wMonth > 12 || st->wDay < 1 ||
        st->wDay > calendar_month_days(st->wYear, st->wMonth) || st->wHour > 23 || st->wMinute > 59 ||
        st->wSecond > 59 || st->wMilliseconds > 999)
        return false;
    uint64_t days = days_before(st->wYear, st->wMonth) + st->wDay - 1;
    uint64_t secs = days * 86400 + st->wHour * 3600u + st->wMinute * 60u + st->wSecond;
    *ft = secs * TICKS_PER_SEC + st->wMilliseconds * 10000ull;
    return true;
}

static uint64_t put_now(gaddr lpSystemTime)
{
    SYSTEMTIME32 st;
    calendar_filetime_to_st(now_filetime(), &st);
    gm_write(lpSystemTime, &st, sizeof st);
    return 0;
}

uint64_t kernel32_GetSystemTime(struct thunk_call *c)
{
    API_ARGS(kernel32, GetSystemTime, a);
    return put_now(a.lpSystemTime);
}

uint64_t kernel32_SystemTimeToFileTime(struct thunk_call *c)
{
    API_ARGS(kernel32, SystemTimeToFileTime, a);
    SYSTEMTIME32 st;
    uint64_t ft;
    if (!gm_read(a.lpSystemTime, &st, sizeof st))
        return fail(ERROR_NOACCESS);
    if (!calendar_st_to_filetime(&st, &ft))
        return fail(ERROR_INVALID_PARAMETER);
    return write_u64(a.lpFileTime, ft) ? 1 : fail(ERROR_NOACCESS);
}

uint64_t kernel32_FileTimeToSystemTime(struct thunk_call *c)
{
    API_ARGS(kernel32, FileTimeToSystemTime, a);
    uint64_t ft;
    SYSTEMTIME32 st;
    if (!read_u64(a.lpFileTime, &ft))
        return fail(ERROR_NOACCESS);
    if (!calendar_filetime_to_st(ft, &st))
        return fail(ERROR_INVALID_PARAMETER);
    return gm_write(a.lpSystemTime, &st, sizeof st) ? 1 : fail(ERROR_NOACCESS);
}

uint64_t kernel32_CompareFileTime(struct thunk_call *c)
{
    API_ARGS(kernel32, CompareFileTime, args);
    uint64_t a = 0, b = 0;
    read_u64(args.lpFileTime1, &a);
    read_u64(args.lpFileTime2, &b);
    return a < b ? (uint32_t)-1 : a > b;
}

/* MS-DOS date/time: the date packs (year-1980)<<9 | month<<5 | day, the
 * time hour<<11 | minute<<5 | second/2; years 1980-2107 only. */
uint64_t kernel32_FileTimeToDosDateTime(struct thunk_call *c)
{
    API_ARGS(kernel32, FileTimeToDosDateTime, a);
    uint64_t ft;
    SYSTEMTIME32 st;
    if (!read_u64(a.lpFileTime, &ft))
        return fail(ERROR_NOACCESS);
    if (!calendar_filetime_to_st(ft, &st) || st.wYear < 1980 || st.wYear > 2107)
        return fail(ERROR_INVALID_PARAMETER);
    uint16_t date = (uint16_t)((st.wYear - 1980) << 9 | st.wMonth << 5 | st.wDay);
    uint16_t time = (uint16_t)(st.wHour << 11 | st.wMinute << 5 | st.wSecond / 2);
    if (!gm_write_u16(a.lpFatDate, date) || !gm_write_u16(a.lpFatTime, time))
        return fail(ERROR_NOACCESS);
    return 1;
}

uint64_t kernel32_DosDateTimeToFileTime(struct thunk_call *c)
{
    API_ARGS(kernel32, DosDateTimeToFileTime, a);
    uint16_t date = (uint16_t)a.wFatDate, time = (uint16_t)a.wFatTime;
    SYSTEMTIME32 st = {
        .wYear = (uint16_t)(1980 + (date >> 9)), .wMonth = (uint16_t)(date >> 5 & 15),
        .wDay = (uint16_t)(date & 31), .wHour = (uint16_t)(time >> 11),
        .wMinute = (uint16_t)(time >> 5 & 63), .wSecond = (uint16_t)((time & 31) * 2),
    };
    uint64_t ft;
    if (!calendar_st_to_filetime(&st, &ft))
        return fail(ERROR_INVALID_PARAMETER);
    return write_u64(a.lpFileTime, ft) ? 1 : fail(ERROR_NOACCESS);
}
