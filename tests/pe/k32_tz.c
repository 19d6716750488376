/* k32_tz.c - kernel32 time zones with explicit rules (no host zone):
 * SystemTimeToTzSpecificLocalTime and back across the US and Australian
 * daylight-saving transitions and a zone without them, malformed input,
 * and the UTC zone of a deterministic run (GetTimeZoneInformation, the
 * dynamic form, FileTimeToLocalFileTime, GetLocalTime, GetSystemTimes). */
#define __USE_MINGW_ANSI_STDIO 0 /* msvcrt.dll's printf */
#include <stdio.h>
#include <windows.h>

static SYSTEMTIME rule(WORD month, WORD dow, WORD nth, WORD hour)
{
    SYSTEMTIME st = { 0, month, dow, nth, hour, 0, 0, 0 };
    return st;
}

static void zone(TIME_ZONE_INFORMATION *tz, LONG bias, SYSTEMTIME std, SYSTEMTIME dst)
{
    ZeroMemory(tz, sizeof *tz);
    tz->Bias = bias;
    tz->StandardDate = std;
    tz->DaylightDate = dst;
    tz->DaylightBias = dst.wMonth ? -60 : 0;
}

static void convert(const char *name, TIME_ZONE_INFORMATION *tz, WORD y, WORD mo, WORD d, WORD h, WORD mi, WORD s)
{
    SYSTEMTIME utc = { y, mo, 0, d, h, mi, s, 0 }, local, back;

    SetLastError(0);
    if (!SystemTimeToTzSpecificLocalTime(tz, &utc, &local)) {
        printf("%s %04u-%02u-%02u %02u:%02u:%02u UTC -> failed, error %lu\n", name, y, mo, d, h, mi, s,
               GetLastError());
        return;
    }
    printf("%s %04u-%02u-%02u %02u:%02u:%02u UTC -> %04u-%02u-%02u %02u:%02u:%02u dow %u", name, y, mo, d, h, mi, s,
           local.wYear, local.wMonth, local.wDay, local.wHour, local.wMinute, local.wSecond, local.wDayOfWeek);
    if (!TzSpecificLocalTimeToSystemTime(tz, &local, &back))
        printf(", back failed %lu\n", GetLastError());
    else
        printf(", back %02u:%02u:%02u\n", back.wHour, back.wMinute, back.wSecond);
}

int main(void)
{
    TIME_ZONE_INFORMATION us, aus, india, bad, tz;
    DYNAMIC_TIME_ZONE_INFORMATION dtz;
    SYSTEMTIME none = { 0 }, in = { 2024, 13, 0, 1, 0, 0, 0, 0 }, out, st, lt;
    FILETIME ft = { 0x8f29fdb0, 0x01da6b15 }, local, back, idle, kern, user;
    DWORD r;

    /* US Eastern: daylight from the second Sunday of March 02:00, standard
     * from the first Sunday of November 02:00 (daylight clock). */
    zone(&us, 300, rule(11, 0, 1, 2), rule(3, 0, 2, 2));
    convert("us", &us, 2024, 1, 15, 12, 0, 0);
    convert("us", &us, 2024, 7, 4, 16, 0, 0);
    convert("us", &us, 2024, 3, 10, 6, 59, 59);
    convert("us", &us, 2024, 3, 10, 7, 0, 0);
    convert("us", &us, 2024, 11, 3, 5, 59, 59);
    convert("us", &us, 2024, 11, 3, 6, 0, 0);
    convert("us", &us, 2023, 3, 12, 7, 0, 0);
    /* AUS Eastern: daylight over the new year (October to April). */
    zone(&aus, -600, rule(4, 0, 1, 3), rule(10, 0, 1, 2));
    convert("aus", &aus, 2024, 1, 15, 0, 0, 0);
    convert("aus", &aus, 2024, 7, 15, 0, 0, 0);
    convert("aus", &aus, 2024, 12, 31, 14, 0, 0);
    convert("aus", &aus, 2024, 10, 5, 15, 59, 59);
    convert("aus", &aus, 2024, 10, 5, 16, 0, 0);
    /* India: no daylight saving, a half-hour offset. */
    zone(&india, -330, none, none);
    convert("india", &india, 2024, 6, 1, 0, 0, 0);
    convert("india", &india, 2024, 12, 31, 20, 0, 0);
    /* malformed: a month 13 time, a rule with a 6th week */
    SetLastError(0);
    r = SystemTimeToTzSpecificLocalTime(&us, &in, &out);
    printf("month 13: %lu error %lu\n", r, GetLastError());
    zone(&bad, 300, rule(11, 0, 6, 2), rule(3, 0, 2, 2));
    convert("bad rule", &bad, 2024, 1, 15, 12, 0, 0);

    /* a deterministic run is in UTC */
    r = GetTimeZoneInformation(&tz);
    printf("GetTimeZoneInformation: %lu bias %ld std \"%ls\" dst \"%ls\" month %u\n", r, tz.Bias, tz.StandardName,
           tz.DaylightName, tz.DaylightDate.wMonth);
    r = GetDynamicTimeZoneInformation(&dtz);
    printf("GetDynamicTimeZoneInformation: %lu key \"%ls\" bias %ld\n", r, dtz.TimeZoneKeyName, dtz.Bias);
    convert("current", NULL, 2024, 7, 4, 16, 0, 0);
    FileTimeToLocalFileTime(&ft, &local);
    LocalFileTimeToFileTime(&local, &back);
    printf("FileTimeToLocalFileTime same: %d, round trip: %d\n",
           local.dwLowDateTime == ft.dwLowDateTime && local.dwHighDateTime == ft.dwHighDateTime,
           back.dwLowDateTime == ft.dwLowDateTime && back.dwHighDateTime == ft.dwHighDateTime);
    GetSystemTime(&st);
    GetLocalTime(&lt);
    printf("GetLocalTime: %04u-%02u-%02u %02u:%02u, same day and hour as GetSystemTime: %d\n", lt.wYear, lt.wMonth,
           lt.wDay, lt.wHour, lt.wMinute, lt.wDay == st.wDay && lt.wHour == st.wHour);
    printf("GetSystemTimes: %d", GetSystemTimes(&idle, &kern, &user));
    printf(", idle > 0: %d, kernel >= idle: %d, user: %lu\n", idle.dwLowDateTime | idle.dwHighDateTime ? 1 : 0,
           CompareFileTime(&kern, &idle) >= 0, user.dwLowDateTime);
    printf("GetSystemTimes(NULL, NULL, NULL): %d\n", GetSystemTimes(NULL, NULL, NULL));
    return 0;
}
