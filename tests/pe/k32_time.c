/* k32_time.c - kernel32 time: SYSTEMTIME <-> FILETIME with fixed inputs
 * (leap days, the 1601 and 30828 ends, invalid fields), CompareFileTime,
 * DOS date/time, the UTC time zone wowbox reports, and sane clocks. */
#define __USE_MINGW_ANSI_STDIO 0 /* msvcrt.dll's printf */
#include <stdio.h>
#include <windows.h>

static ULONGLONG ft64(FILETIME ft) { return (ULONGLONG)ft.dwHighDateTime << 32 | ft.dwLowDateTime; }

static FILETIME mkft(ULONGLONG v)
{
    FILETIME ft;
    ft.dwLowDateTime = (DWORD)v;
    ft.dwHighDateTime = (DWORD)(v >> 32);
    return ft;
}

static void show_st(const char *label, const SYSTEMTIME *st)
{
    printf("%s: %04u-%02u-%02u %02u:%02u:%02u.%03u dow %u\n", label, st->wYear, st->wMonth, st->wDay,
           st->wHour, st->wMinute, st->wSecond, st->wMilliseconds, st->wDayOfWeek);
}

static void to_st(ULONGLONG v)
{
    FILETIME ft = mkft(v);
    SYSTEMTIME st;

    SetLastError(0);
    if (!FileTimeToSystemTime(&ft, &st)) {
        printf("FileTimeToSystemTime(0x%016I64x) failed, error %lu\n", v, GetLastError());
        return;
    }
    printf("0x%016I64x", v);
    show_st("", &st);
}

static void to_ft(WORD y, WORD mo, WORD d, WORD h, WORD mi, WORD s, WORD ms)
{
    SYSTEMTIME st = { y, mo, 9 /* day of week is ignored */, d, h, mi, s, ms };
    FILETIME ft;
    SYSTEMTIME back;

    SetLastError(0);
    if (!SystemTimeToFileTime(&st, &ft)) {
        printf("%04u-%02u-%02u %02u:%02u:%02u.%03u -> failed, error %lu\n", y, mo, d, h, mi, s, ms, GetLastError());
        return;
    }
    FileTimeToSystemTime(&ft, &back);
    printf("%04u-%02u-%02u %02u:%02u:%02u.%03u -> 0x%016I64x, round trip %s, dow %u\n", y, mo, d, h, mi, s, ms,
           ft64(ft),
           back.wYear == y && back.wMonth == mo && back.wDay == d && back.wHour == h && back.wMinute == mi &&
                   back.wSecond == s && back.wMilliseconds == ms ? "ok" : "WRONG",
           back.wDayOfWeek);
}

int main(void)
{
    FILETIME a = mkft(100), b = mkft(200), local, now_ft;
    SYSTEMTIME now, now2;
    TIME_ZONE_INFORMATION tz;
    WORD dd = 0, dt = 0;
    FILETIME dos;
    LARGE_INTEGER f, c1, c2;
    ULONGLONG t1, t2;
    DWORD r;

    to_st(0);
    to_st(116444736000000000ull); /* the Unix epoch */
    to_st(0x01da6b158f29fdb0ull);
    to_st(0x7FFFFFFFFFFFFFFFull);
    to_st(0x8000000000000000ull);

    to_ft(2024, 2, 29, 13, 45, 30, 123);
    to_ft(2000, 2, 29, 0, 0, 0, 0);
    to_ft(1601, 1, 1, 0, 0, 0, 0);
    to_ft(30827, 12, 31, 23, 59, 59, 999);
    to_ft(1999, 12, 31, 23, 59, 59, 999);
    to_ft(1900, 2, 29, 0, 0, 0, 0);
    to_ft(2023, 4, 31, 0, 0, 0, 0);
    to_ft(1600, 12, 31, 0, 0, 0, 0);
    to_ft(2024, 13, 1, 0, 0, 0, 0);
    to_ft(2024, 0, 1, 0, 0, 0, 0);
    to_ft(2024, 1, 0, 0, 0, 0, 0);
    to_ft(2024, 1, 1, 24, 0, 0, 0);
    to_ft(2024, 1, 1, 0, 60, 0, 0);
    to_ft(2024, 1, 1, 0, 0, 60, 0);
    to_ft(2024, 1, 1, 0, 0, 0, 1000);

    printf("CompareFileTime: %ld %ld %ld\n", CompareFileTime(&a, &b), CompareFileTime(&b, &b),
           CompareFileTime(&b, &a));

    a = mkft(0x01da6b158f29fdb0ull);
    printf("FileTimeToDosDateTime: %d", FileTimeToDosDateTime(&a, &dd, &dt));
    printf(" date 0x%04x time 0x%04x\n", dd, dt);
    printf("DosDateTimeToFileTime: %d", DosDateTimeToFileTime(dd, dt, &dos));
    printf(" -> 0x%016I64x\n", ft64(dos));

    /* wowbox runs the guest in UTC */
    printf("FileTimeToLocalFileTime: %d", FileTimeToLocalFileTime(&a, &local));
    printf(" same: %d\n", ft64(local) == ft64(a));
    r = GetTimeZoneInformation(&tz);
    printf("GetTimeZoneInformation: %lu bias %ld std \"%ls\" dst \"%ls\" dstbias %ld month %u\n", r, tz.Bias,
           tz.StandardName, tz.DaylightName, tz.DaylightBias, tz.DaylightDate.wMonth);

    /* clocks: consistent and moving forward */
    GetSystemTime(&now);
    GetSystemTimeAsFileTime(&now_ft);
    FileTimeToSystemTime(&now_ft, &now2);
    printf("system time year >= 2024: %d, GetSystemTime matches the FILETIME: %d\n", now.wYear >= 2024,
           now.wYear == now2.wYear && now.wMonth == now2.wMonth && now.wDay == now2.wDay);
    GetLocalTime(&now2);
    printf("GetLocalTime == GetSystemTime (UTC): %d\n", now2.wHour == now.wHour && now2.wDay == now.wDay);
    QueryPerformanceFrequency(&f);
    printf("QueryPerformanceFrequency: %I64d\n", f.QuadPart);
    t1 = GetTickCount64();
    QueryPerformanceCounter(&c1);
    Sleep(20);
    QueryPerformanceCounter(&c2);
    t2 = GetTickCount64();
    printf("QPC advanced >= 15 ms: %d, tick count advanced: %d, GetTickCount low part: %d\n",
           (c2.QuadPart - c1.QuadPart) >= f.QuadPart / 1000 * 15, t2 > t1,
           (DWORD)t2 - GetTickCount() < 1000 || GetTickCount() - (DWORD)t2 < 1000);
    return 0;
}
