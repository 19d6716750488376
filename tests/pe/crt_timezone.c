/* crt_timezone.c - proves the C runtime's local time agrees with kernel32's
 * zone, in a zone with daylight saving given through the guest's TZ
 * (crt_timezone.opts: America/New_York; crt_timezone_berlin: Europe/Berlin;
 * built against msvcrt and the UCRT): _tzset's _timezone, _daylight,
 * _dstbias and _tzname from GetTimeZoneInformation; localtime of fixed
 * times (winter, summer, both sides of the spring change) against
 * SystemTimeToTzSpecificLocalTime, with tm_isdst and strftime's %Z;
 * mktime back to the same time, and with tm_isdst -1 deciding by itself;
 * ctime in local time; _ftime's timezone field. The run is not
 * --deterministic (which is UTC), but prints only fixed times. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/timeb.h>
#include <time.h>
#include <windows.h>

static void show(const char *what, time_t t)
{
    struct tm tm = *localtime(&t);
    char crt[64];
    strftime(crt, sizeof crt, "%Y-%m-%d %H:%M:%S %Z", &tm);
    ULONGLONG ft = (ULONGLONG)t * 10000000ull + 116444736000000000ull;
    FILETIME f = { (DWORD)ft, (DWORD)(ft >> 32) };
    SYSTEMTIME utc, local;
    FileTimeToSystemTime(&f, &utc);
    SystemTimeToTzSpecificLocalTime(NULL, &utc, &local);
    int agree = local.wYear == tm.tm_year + 1900 && local.wMonth == tm.tm_mon + 1 && local.wDay == tm.tm_mday &&
                local.wHour == tm.tm_hour && local.wMinute == tm.tm_min && local.wSecond == tm.tm_sec;
    struct tm back = tm;
    time_t again = mktime(&back);
    printf("%-13s %s isdst %d, kernel32 %s, mktime %s\n", what, crt, tm.tm_isdst, agree ? "agrees" : "DIFFERS",
           again == t ? "round-trips" : "DIFFERS");
}

int main(void)
{
    TIME_ZONE_INFORMATION tzi;
    GetTimeZoneInformation(&tzi);
    printf("kernel32: Bias %ld, DaylightBias %ld, %ls / %ls\n", tzi.Bias, tzi.DaylightBias, tzi.StandardName,
           tzi.DaylightName);
    printf("  daylight from month %d week %d, standard from month %d week %d\n", tzi.DaylightDate.wMonth,
           tzi.DaylightDate.wDay, tzi.StandardDate.wMonth, tzi.StandardDate.wDay);
    _tzset();
    printf("CRT: _timezone %ld, _daylight %d, _dstbias %ld, _tzname %s / %s\n", _timezone, _daylight, _dstbias,
           _tzname[0], _tzname[1]);
    printf("  _timezone is kernel32's bias: %s\n", _timezone == tzi.Bias * 60 ? "yes" : "NO");

    show("winter", 1704110400);  /* 2024-01-01 12:00:00 UTC */
    show("summer", 1719835200);  /* 2024-07-01 12:00:00 UTC */
    /* the spring change of each zone: the second before and the second it happens */
    time_t change = tzi.Bias == 300 ? 1710054000 /* 2024-03-10 07:00 UTC */ : 1711846800 /* 2024-03-31 01:00 UTC */;
    show("before change", change - 1);
    show("at change", change);

    struct tm noon = { .tm_year = 124, .tm_mon = 6, .tm_mday = 1, .tm_hour = 12, .tm_isdst = -1 };
    time_t t = mktime(&noon);
    printf("mktime(2024-07-01 12:00 local, isdst -1): %lld, isdst %d, UTC hour %d\n", (long long)t, noon.tm_isdst,
           gmtime(&t)->tm_hour);
    time_t winter = 1704110400;
    printf("ctime: %s", ctime(&winter));
    struct _timeb tb;
    _ftime(&tb);
    printf("_ftime timezone %d (kernel32's bias: %s)\n", tb.timezone, tb.timezone == tzi.Bias ? "yes" : "NO");
    return 0;
}
