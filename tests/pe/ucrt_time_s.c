// build-flags: -specs=ucrt.specs -D_UCRT
/* ucrt_time_s.c - proves the UCRT's secure and 32-bit-named time functions
 * in a zone with daylight saving (ucrt_time_s.opts: America/New_York):
 * localtime_s/gmtime_s (_localtime64_s, _gmtime64_s) and their 32-bit
 * forms fill a caller's struct tm like localtime/gmtime; a time out of
 * range is EINVAL with every field -1; a NULL pointer goes through the
 * invalid-parameter handler; _localtime32, _gmtime32, _mktime32, _ctime32
 * and _time32 are msvcrt's 32-bit functions. asctime_s and the _ctime_s
 * family (narrow and wide) fill the caller's buffer with asctime's 26
 * characters; no buffer or a size of 0 leaves it alone, every other error
 * empties it; all go through the handler but a time past the range
 * (localtime_s's EINVAL), as Microsoft's documentation of asctime_s and
 * ctime_s and the UCRT's order of checks say (not run under Wine). The
 * rest was checked against 32-bit Wine
 * (TZ=EST5EDT there): the same but for the handler, which Microsoft's
 * documentation of localtime_s says the two NULL cases invoke and Wine 8
 * does not. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wchar.h>

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

static void show_buf(const char *what, int err, const char *buf)
{
    printf("%-14s err %d errno %d handler calls %d: [%.*s]\n", what, err, errno, handler_calls,
           (int)strcspn(buf, "\n"), buf);
}

/* asctime_s, _ctime64_s/_ctime32_s and the wide forms */
static void secure_text(const __time64_t *summer, __time32_t winter)
{
    char buf[32];
    wchar_t wbuf[32];
    struct tm tm;
    _gmtime64_s(&tm, summer);
    handler_calls = 0;
    errno = 0;
    show_buf("asctime_s", asctime_s(buf, sizeof buf, &tm), buf);
    show_buf("_ctime64_s", _ctime64_s(buf, sizeof buf, summer), buf);
    show_buf("_ctime32_s", _ctime32_s(buf, 26, &winter), buf);
    int err = _wasctime_s(wbuf, 32, &tm);
    printf("_wasctime_s    err %d: [%.24ls] newline %d\n", err, wbuf, wbuf[24] == L'\n' && !wbuf[25]);
    err = _wctime64_s(wbuf, 32, summer);
    printf("_wctime64_s    err %d: [%.24ls]\n", err, wbuf);
    err = _wctime32_s(wbuf, 32, &winter);
    printf("_wctime32_s    err %d: [%.24ls]\n", err, wbuf);

    errno = 0;
    strcpy(buf, "untouched");
    show_buf("size 0", asctime_s(buf, 0, &tm), buf);
    show_buf("NULL buffer", _ctime64_s(NULL, 32, summer), "");
    strcpy(buf, "untouched");
    show_buf("size 25", asctime_s(buf, 25, &tm), buf);
    strcpy(buf, "untouched");
    show_buf("NULL tm", asctime_s(buf, sizeof buf, NULL), buf);
    struct tm bad = tm;
    bad.tm_mday = 31; /* June has 30 days */
    bad.tm_mon = 5;
    strcpy(buf, "untouched");
    show_buf("June 31", asctime_s(buf, sizeof buf, &bad), buf);
    __time64_t negative = -1, far = 32535244800LL; /* 3001-01-01: past _MAX__TIME64_T */
    strcpy(buf, "untouched");
    show_buf("time -1", _ctime64_s(buf, sizeof buf, &negative), buf);
    errno = 0;
    strcpy(buf, "untouched");
    show_buf("year 3001", _ctime64_s(buf, sizeof buf, &far), buf);
    strcpy(buf, "untouched");
    show_buf("NULL time", _ctime32_s(buf, sizeof buf, NULL), buf);
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
    secure_text(&summer, winter);
    return 0;
}
