/* syscalls/kernel32/timezone.c: a host zone (POSIX TZ strings, so no zone
 * database is needed) described as Windows rules, and UTC <-> local time
 * under rules around both transitions and in both hemispheres. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <unistd.h>
#include <time.h>

#include "syscalls/kernel32/calendar.h"
#include "syscalls/kernel32/timezone.h"

static uint64_t ft_of(unsigned y, unsigned mo, unsigned d, unsigned h, unsigned mi)
{
    SYSTEMTIME32 st = { .wYear = (uint16_t)y, .wMonth = (uint16_t)mo, .wDay = (uint16_t)d, .wHour = (uint16_t)h,
                        .wMinute = (uint16_t)mi };
    uint64_t ft;
    assert_true(calendar_st_to_filetime(&st, &ft));
    return ft;
}

static DYNAMIC_TIME_ZONE_INFORMATION32 derive(const char *tz, time_t now)
{
    setenv("TZ", tz, 1);
    tzset();
    DYNAMIC_TIME_ZONE_INFORMATION32 z;
    tz_derive(NULL, now, &z);
    return z;
}

static void assert_rule(const SYSTEMTIME32 *r, unsigned month, unsigned dow, unsigned week, unsigned hour)
{
    assert_int_equal(r->wYear, 0);
    assert_int_equal(r->wMonth, month);
    assert_int_equal(r->wDayOfWeek, dow);
    assert_int_equal(r->wDay, week);
    assert_int_equal(r->wHour, hour);
    assert_int_equal(r->wMinute, 0);
}

static void name_is(const uint16_t *w, const char *s)
{
    size_t i = 0;
    for (; s[i]; i++)
        assert_int_equal(w[i], (uint8_t)s[i]);
    assert_int_equal(w[i], 0);
}

static void test_derive_us(void **state)
{
    (void)state;
    /* 2024-07-01 and 2024-12-01: the same rules from either side */
    time_t starts[] = { 1719792000, 1733011200 };
    for (int i = 0; i < 2; i++) {
        DYNAMIC_TIME_ZONE_INFORMATION32 z = derive("EST5EDT,M3.2.0,M11.1.0", starts[i]);
        assert_int_equal(z.tzi.Bias, 300);
        assert_int_equal(z.tzi.StandardBias, 0);
        assert_int_equal(z.tzi.DaylightBias, -60);
        assert_rule(&z.tzi.DaylightDate, 3, 0, 2, 2);
        assert_rule(&z.tzi.StandardDate, 11, 0, 1, 2);
        name_is(z.tzi.StandardName, "UTC-05:00");
        name_is(z.tzi.DaylightName, "UTC-04:00");
        name_is(z.TimeZoneKeyName, "UTC-05:00");
    }
}

static void test_derive_eu_last_sunday(void **state)
{
    (void)state;
    DYNAMIC_TIME_ZONE_INFORMATION32 z = derive("CET-1CEST,M3.5.0,M10.5.0/3", 1719792000);
    assert_int_equal(z.tzi.Bias, -60);
    assert_rule(&z.tzi.DaylightDate, 3, 0, 5, 2);
    assert_rule(&z.tzi.StandardDate, 10, 0, 5, 3);
    tz_derive("Europe/Berlin", 1719792000, &z); /* the table's names */
    name_is(z.tzi.StandardName, "W. Europe Standard Time");
    name_is(z.tzi.DaylightName, "W. Europe Daylight Time");
    name_is(z.TimeZoneKeyName, "W. Europe Standard Time");
}

static void test_derive_fixed(void **state)
{
    (void)state;
    DYNAMIC_TIME_ZONE_INFORMATION32 z = derive("IST-5:30", 1719792000);
    assert_int_equal(z.tzi.Bias, -330);
    assert_int_equal(z.tzi.DaylightBias, 0);
    assert_false(tz_has_daylight(&z.tzi));
    name_is(z.tzi.StandardName, "UTC+05:30");
    z = derive("UTC0", 1719792000);
    tz_derive("UTC", 1719792000, &z);
    DYNAMIC_TIME_ZONE_INFORMATION32 utc;
    tz_utc(&utc);
    assert_memory_equal(&z, &utc, sizeof z);
}

static void test_convert(void **state)
{
    (void)state;
    DYNAMIC_TIME_ZONE_INFORMATION32 us = derive("EST5EDT,M3.2.0,M11.1.0", 1719792000);
    uint64_t local, utc;
    bool dst;
    assert_true(tz_utc_to_local(&us.tzi, ft_of(2025, 3, 9, 6, 59), &local, &dst));
    assert_false(dst);
    assert_int_equal(local, ft_of(2025, 3, 9, 1, 59));
    assert_true(tz_utc_to_local(&us.tzi, ft_of(2025, 3, 9, 7, 0), &local, &dst));
    assert_true(dst);
    assert_int_equal(local, ft_of(2025, 3, 9, 3, 0));
    assert_true(tz_local_to_utc(&us.tzi, ft_of(2025, 3, 9, 3, 0), &utc));
    assert_int_equal(utc, ft_of(2025, 3, 9, 7, 0));
    assert_true(tz_utc_to_local(&us.tzi, ft_of(2025, 11, 2, 6, 0), &local, &dst));
    assert_false(dst);
    assert_int_equal(local, ft_of(2025, 11, 2, 1, 0));

    /* southern hemisphere: daylight over the new year */
    DYNAMIC_TIME_ZONE_INFORMATION32 aus = derive("AEST-10AEDT,M10.1.0,M4.1.0/3", 1719792000);
    assert_int_equal(aus.tzi.Bias, -600);
    assert_rule(&aus.tzi.DaylightDate, 10, 0, 1, 2);
    assert_rule(&aus.tzi.StandardDate, 4, 0, 1, 3);
    assert_true(tz_utc_to_local(&aus.tzi, ft_of(2025, 1, 10, 0, 0), &local, &dst));
    assert_true(dst);
    assert_int_equal(local, ft_of(2025, 1, 10, 11, 0));
    assert_true(tz_utc_to_local(&aus.tzi, ft_of(2025, 6, 10, 0, 0), &local, &dst));
    assert_false(dst);
    assert_true(tz_local_to_utc(&aus.tzi, ft_of(2025, 1, 10, 11, 0), &utc));
    assert_int_equal(utc, ft_of(2025, 1, 10, 0, 0));

    /* malformed rules are refused, not guessed */
    TIME_ZONE_INFORMATION32 bad = us.tzi;
    bad.DaylightDate.wDay = 6;
    assert_false(tz_utc_to_local(&bad, ft_of(2025, 1, 10, 0, 0), &local, &dst));
    bad = us.tzi;
    bad.StandardDate.wMonth = 13;
    assert_false(tz_local_to_utc(&bad, ft_of(2025, 1, 10, 0, 0), &utc));
}

/* A POSIX string read by tz_from_posix describes the zone exactly as the
 * C library's view of it does (tz_derive), without touching TZ. */
static void test_posix_matches_derive(void **state)
{
    (void)state;
    static const char *const zones[] = { "EST5EDT,M3.2.0,M11.1.0", "CET-1CEST,M3.5.0,M10.5.0/3",
                                         "AEST-10AEDT,M10.1.0,M4.1.0/3", "IST-5:30", "UTC0",
                                         "<+0330>-3:30", "PST8PDT" };
    for (size_t i = 0; i < sizeof zones / sizeof zones[0]; i++) {
        DYNAMIC_TIME_ZONE_INFORMATION32 a = derive(zones[i], 1719792000), b;
        assert_true(tz_from_posix(zones[i], NULL, 1719792000, &b));
        assert_memory_equal(&a, &b, sizeof a);
    }
}

static void test_posix_refused(void **state)
{
    (void)state;
    static const char *const bad[] = { "", "ABC", "E5", "EST5EDT,M13.1.0,M11.1.0", "EST5EDT,M3.2.0",
                                       "Nowhere/Atlantis", "EST5EDT,M3.2.0,M11.1.0junk" };
    DYNAMIC_TIME_ZONE_INFORMATION32 z;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_false(tz_from_tz(bad[i], 1719792000, &z));
}

/* Day-of-year rules have no recurring Windows form: that date of the year. */
static void test_posix_julian(void **state)
{
    (void)state;
    DYNAMIC_TIME_ZONE_INFORMATION32 z;
    assert_true(tz_from_posix("XST3XDT,J60/1,300", NULL, 1719792000, &z)); /* 2024: a leap year */
    assert_int_equal(z.tzi.DaylightDate.wYear, 2024);
    assert_int_equal(z.tzi.DaylightDate.wMonth, 3); /* J60 is March 1 even in a leap year */
    assert_int_equal(z.tzi.DaylightDate.wDay, 1);
    assert_int_equal(z.tzi.DaylightDate.wHour, 1);
    assert_int_equal(z.tzi.StandardDate.wMonth, 10); /* day 300 counting from 0: October 27 */
    assert_int_equal(z.tzi.StandardDate.wDay, 27);
}

/* A zone file's footer, when the machine has the zone database. */
static void test_zone_file(void **state)
{
    (void)state;
    DYNAMIC_TIME_ZONE_INFORMATION32 z;
    if (access("/usr/share/zoneinfo/Europe/Berlin", R_OK) != 0)
        skip();
    assert_true(tz_from_tz("Europe/Berlin", 1719792000, &z));
    assert_int_equal(z.tzi.Bias, -60);
    assert_int_equal(z.tzi.DaylightBias, -60);
    assert_rule(&z.tzi.DaylightDate, 3, 0, 5, 2);
    assert_rule(&z.tzi.StandardDate, 10, 0, 5, 3);
    name_is(z.tzi.StandardName, "W. Europe Standard Time");
    assert_true(tz_from_tz(":America/New_York", 1719792000, &z));
    name_is(z.tzi.DaylightName, "Eastern Daylight Time");
    assert_int_equal(z.tzi.Bias, 300);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_derive_us),
        cmocka_unit_test(test_derive_eu_last_sunday),
        cmocka_unit_test(test_derive_fixed),
        cmocka_unit_test(test_convert),
        cmocka_unit_test(test_posix_matches_derive),
        cmocka_unit_test(test_posix_refused),
        cmocka_unit_test(test_posix_julian),
        cmocka_unit_test(test_zone_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
