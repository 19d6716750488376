/* GetDateFormat / GetTimeFormat (A, W, Ex) on the en-US locale: the
 * locale's pictures, caller pictures with quoted text, the flags that
 * leave fields out, the size query and Windows' failures. */
#include <windows.h>
#include <stdio.h>

static void date(const char *what, DWORD flags, const SYSTEMTIME *st, const char *pic)
{
    char buf[80];
    int n = GetDateFormatA(LOCALE_USER_DEFAULT, flags, st, pic, buf, sizeof buf);
    if (n)
        printf("%s: [%s] %d\n", what, buf, n);
    else
        printf("%s: 0 (error %lu)\n", what, GetLastError());
}

static void time_(const char *what, DWORD flags, const SYSTEMTIME *st, const char *pic)
{
    char buf[80];
    int n = GetTimeFormatA(LOCALE_USER_DEFAULT, flags, st, pic, buf, sizeof buf);
    if (n)
        printf("%s: [%s] %d\n", what, buf, n);
    else
        printf("%s: 0 (error %lu)\n", what, GetLastError());
}

int main(void)
{
    /* 2024-03-05 was a Tuesday: wDayOfWeek is ignored (given as 0 here) */
    SYSTEMTIME st = { .wYear = 2024, .wMonth = 3, .wDay = 5, .wHour = 14, .wMinute = 7, .wSecond = 9 };
    date("short", DATE_SHORTDATE, &st, NULL);
    date("long", DATE_LONGDATE, &st, NULL);
    date("year and month", DATE_YEARMONTH, &st, NULL);
    date("default", 0, &st, NULL);
    date("picture", 0, &st, "ddd dd MMM yy, d/M/y, yyyy 'o''clock' gg");
    date("picture with time letters", 0, &st, "hh:mm yyyy");
    date("picture and a format flag", DATE_LONGDATE, &st, "yyyy");
    date("two format flags", DATE_LONGDATE | DATE_SHORTDATE, &st, NULL);
    SYSTEMTIME bad = st;
    bad.wMonth = 13;
    date("month 13", 0, &bad, NULL);
    bad = st;
    bad.wMonth = 2;
    bad.wDay = 30;
    date("February 30", 0, &bad, NULL);
    printf("size query: %d\n", GetDateFormatA(LOCALE_USER_DEFAULT, DATE_LONGDATE, &st, NULL, NULL, 0));
    char small[5];
    int r = GetDateFormatA(LOCALE_USER_DEFAULT, DATE_LONGDATE, &st, NULL, small, sizeof small);
    printf("small buffer: %d (error %lu)\n", r, GetLastError());
    r = GetDateFormatA(0x0407, 0, &st, NULL, small, sizeof small);
    printf("unknown locale: %d (error %lu)\n", r, GetLastError());
    r = GetDateFormatA(LOCALE_USER_DEFAULT, 0, (const SYSTEMTIME *)16, NULL, small, sizeof small);
    printf("unreadable date: %d (error %lu)\n", r, GetLastError());
    r = GetTimeFormatA(LOCALE_USER_DEFAULT, 0, &st, NULL, (char *)16, 80);
    printf("unwritable buffer: %d (error %lu)\n", r, GetLastError());

    time_("default", 0, &st, NULL);
    time_("no seconds", TIME_NOSECONDS, &st, NULL);
    time_("no minutes or seconds", TIME_NOMINUTESORSECONDS, &st, NULL);
    time_("no marker", TIME_NOTIMEMARKER, &st, NULL);
    time_("24 hours", TIME_FORCE24HOURFORMAT, &st, NULL);
    time_("picture", 0, &st, "HH'h'mm t, hh:mm:ss tt");
    time_("delimiters go with the seconds", TIME_NOSECONDS, &st, "h.@:m.@:s.@:tt");
    time_("text around the marker goes", TIME_NOTIMEMARKER, &st, "h1t2tt3m");
    time_("only skipped fields", TIME_NOMINUTESORSECONDS, &st, "m1s2m3s4");
    time_("no user override with a picture", LOCALE_NOUSEROVERRIDE, &st, "h");
    time_("quotes", 0, &st, "'''HH'' ''''");
    SYSTEMTIME midnight = { .wYear = 2024, .wMonth = 1, .wDay = 1 };
    time_("midnight", 0, &midnight, NULL);
    SYSTEMTIME late = st;
    late.wHour = 24;
    time_("hour 24", 0, &late, NULL);
    time_("unknown flag", 0x100, &st, NULL);

    WCHAR w[80];
    int n = GetDateFormatW(LOCALE_USER_DEFAULT, DATE_LONGDATE, &st, NULL, w, 80);
    printf("W long: %d chars, [%ls]\n", n, w);
    n = GetTimeFormatEx(L"en-US", 0, &st, L"H:mm", w, 80);
    printf("Ex time: %d chars, [%ls]\n", n, w);
    SetLastError(0);
    n = GetDateFormatEx(L"de-DE", 0, &st, NULL, w, 80, NULL);
    printf("Ex de-DE: %d (error %lu)\n", n, GetLastError());

    /* today's date has the locale's shape (M/d/yyyy): two slashes */
    char today[40];
    int slashes = 0;
    GetDateFormatA(LOCALE_USER_DEFAULT, 0, NULL, NULL, today, sizeof today);
    for (char *p = today; *p; p++)
        slashes += *p == '/';
    printf("today has %d slashes\n", slashes);
    return 0;
}
