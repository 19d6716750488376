/* k32_tz_host.c - the host's zone as kernel32 reports it: run with the
 * POSIX zone TZ=EST5EDT,M3.2.0,M11.1.0 (k32_tz_host.opts), which needs no
 * zone database, and the real clock. */
#define __USE_MINGW_ANSI_STDIO 0 /* msvcrt.dll's printf */
#include <stdio.h>
#include <windows.h>

static void show_rule(const char *name, const SYSTEMTIME *r)
{
    printf("%s: year %u month %u dow %u week %u %02u:%02u:%02u\n", name, r->wYear, r->wMonth, r->wDayOfWeek,
           r->wDay, r->wHour, r->wMinute, r->wSecond);
}

int main(void)
{
    TIME_ZONE_INFORMATION tz;
    DYNAMIC_TIME_ZONE_INFORMATION dtz;
    SYSTEMTIME utc = { 2024, 7, 0, 4, 16, 0, 0, 0 }, local, st, lt;
    FILETIME now, local_now, back;
    ULONGLONG diff;
    DWORD r = GetTimeZoneInformation(&tz), r2 = GetDynamicTimeZoneInformation(&dtz);

    printf("GetTimeZoneInformation: standard or daylight: %d, bias %ld std \"%ls\" dst \"%ls\"\n",
           r == TIME_ZONE_ID_STANDARD || r == TIME_ZONE_ID_DAYLIGHT, tz.Bias, tz.StandardName, tz.DaylightName);
    printf("standard bias %ld daylight bias %ld\n", tz.StandardBias, tz.DaylightBias);
    show_rule("StandardDate", &tz.StandardDate);
    show_rule("DaylightDate", &tz.DaylightDate);
    printf("GetDynamicTimeZoneInformation: same id %d, key \"%ls\", same bias %d\n", r2 == r, dtz.TimeZoneKeyName,
           dtz.Bias == tz.Bias);
    SystemTimeToTzSpecificLocalTime(NULL, &utc, &local);
    printf("2024-07-04 16:00 UTC in the current zone: %02u:%02u\n", local.wHour, local.wMinute);
    utc.wMonth = 1;
    SystemTimeToTzSpecificLocalTime(NULL, &utc, &local);
    printf("2024-01-04 16:00 UTC in the current zone: %02u:%02u\n", local.wHour, local.wMinute);

    /* local file times apply the bias in force now */
    GetSystemTimeAsFileTime(&now);
    FileTimeToLocalFileTime(&now, &local_now);
    LocalFileTimeToFileTime(&local_now, &back);
    diff = ((ULONGLONG)now.dwHighDateTime << 32 | now.dwLowDateTime) -
           ((ULONGLONG)local_now.dwHighDateTime << 32 | local_now.dwLowDateTime);
    printf("UTC - local: %I64u minutes, as the zone says: %d, round trip: %d\n", diff / 600000000,
           diff / 600000000 == (ULONGLONG)(tz.Bias + (r == TIME_ZONE_ID_DAYLIGHT ? tz.DaylightBias : 0)),
           back.dwLowDateTime == now.dwLowDateTime && back.dwHighDateTime == now.dwHighDateTime);
    GetSystemTime(&st);
    GetLocalTime(&lt);
    printf("GetLocalTime 4 or 5 hours behind GetSystemTime: %d\n",
           (st.wHour - lt.wHour + 24) % 24 == 4 || (st.wHour - lt.wHour + 24) % 24 == 5);
    return 0;
}
