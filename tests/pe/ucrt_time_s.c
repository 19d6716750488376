// build-flags: -specs=ucrt.specs -D_UCRT
/* ucrt_time_s.c - proves the UCRT's secure and 32-bit-named time functions
 * in a zone with daylight saving (ucrt_time_s.opts: America/New_York):
 * localtime_s/gmtime_s (_localtime64_s, _gmtime64_s) and their 32-bit
 * forms fill a caller's struct tm like localtime/gmtime; a time out of
 * range is EINVAL with every field -1; a NULL pointer goes through the
 * invalid-parameter handler; _localtime32, _gmtime32, _mktime32, _ctime32
 * and _time32 are msvcrt's 32-bit functions. Checked against 32-bit Wine
 * (TZ=EST5EDT there): the same but for the handler, which Microsoft's
 * documentation of localtime_s says the two NULL cases invoke and Wine 8
 * does not. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static int handler_calls;
static void handler(const wchar_t *e, const wchar_t *f, const wchar_t *file, unsigned line, uintptr_t r)
{
    handler_calls++;
}

static void show(const char *what, int err, const struct tm *tm)
{
    printf("%-18s err %d: %04d-%02d-%02d %02d:%02d:%02d isdst %d\n", what, err, tm->tm_year + 1900, tm->tm_mon + 1,
           tm->tm_mday, tm->tm_hour, tm->tm_min, tm->tm_sec, tm->tm_isdst);
}

int main(void)
{
    _set_invalid_parameter_handler(handler);
    struct tm tm;
    __time64_t summer = 1719835200; /* 2024-07-01 12:00:00 UTC */
    __time32_t winter = 1704110400; /* 2024-01-01 12:00:00 UTC */
    show("_localtime64_s", _localtime64_s(&tm, &summer), &tm);
    show("_gmtime64_s", _gmtime64_s(&tm, &summer), &tm);
    show("_localtime32_s", _localtime32_s(&tm, &winter), &tm);
    show("_gmtime32_s", _gmtime32_s(&tm, &winter), &tm);
    __time64_t negative = -1;
    int err = _localtime64_s(&tm, &negative);
    printf("out of range: err %d, tm_year %d, tm_isdst %d, handler calls %d\n", err, tm.tm_year, tm.tm_isdst,
           handler_calls);
    err = _localtime64_s(NULL, &summer);
    printf("NULL tm: err %d, handler calls %d\n", err, handler_calls);
    err = _gmtime64_s(&tm, NULL);
    printf("NULL time: err %d, tm_mday %d, handler calls %d\n", err, tm.tm_mday, handler_calls);

    struct tm *l = _localtime32(&winter);
    printf("_localtime32: %02d:%02d isdst %d\n", l->tm_hour, l->tm_min, l->tm_isdst);
    struct tm *g = _gmtime32(&winter);
    printf("_gmtime32: %02d:%02d\n", g->tm_hour, g->tm_min);
    struct tm noon = { .tm_year = 124, .tm_mon = 6, .tm_mday = 1, .tm_hour = 8, .tm_isdst = -1 };
    printf("_mktime32(2024-07-01 08:00 local): %ld\n", (long)_mktime32(&noon));
    printf("_ctime32: %s", _ctime32(&winter));
    __time32_t now = _time32(NULL);
    printf("_time32 after 2020: %s\n", now > 1577836800 ? "yes" : "no");
    return 0;
}
