/* core/clock.c and core/identity.c: --fake-time parsing, the fake clock's
 * steps and waits, the time scale's host deadlines, and the fixed ids and
 * random bytes of a deterministic run. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/identity.h"

#define SEC CLOCK_TICKS_PER_SEC

static void deterministic_from(const char *iso)
{
    struct clock_settings s = { .deterministic = true, .scale = 1.0 };
    assert_true(clock_parse_iso8601(iso, &s.fake_filetime));
    clock_setup(&s);
    identity_setup(0);
}

static void test_iso8601(void **state)
{
    (void)state;
    uint64_t ft;
    assert_true(clock_parse_iso8601("1970-01-01", &ft));
    assert_int_equal(ft, CLOCK_UNIX_EPOCH_FILETIME);
    assert_true(clock_parse_iso8601("2000-01-01T00:00:00Z", &ft));
    assert_int_equal((ft - CLOCK_UNIX_EPOCH_FILETIME) / SEC, 946684800); /* date +%s -d 2000-01-01Z */
    assert_true(clock_parse_iso8601("2024-02-29T23:59:59", &ft));
    assert_int_equal((ft - CLOCK_UNIX_EPOCH_FILETIME) / SEC, 1709251199);
    assert_true(clock_parse_iso8601("2024-05-01T12:30", &ft));
    assert_int_equal((ft - CLOCK_UNIX_EPOCH_FILETIME) / SEC, 1714566600);
    const char *bad[] = { "", "2024", "2023-02-29", "2024-13-01", "2024-01-32", "2024-01-01T24:00",
                          "2024-01-01T12:60", "2024-01-01T12:00:61", "2024-01-01Zjunk", "1600-12-31",
                          "24-01-01", "2024-1-01" };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        assert_false(clock_parse_iso8601(bad[i], &ft));
}

static void test_fake_clock_moves_by_reads_and_waits(void **state)
{
    (void)state;
    deterministic_from("2000-01-01");
    uint64_t start;
    clock_parse_iso8601("2000-01-01", &start);
    assert_int_equal(clock_peek_filetime(), start);
    assert_int_equal(clock_peek_uptime(), CLOCK_FAKE_UPTIME);
    assert_int_equal(clock_filetime(), start + CLOCK_FAKE_STEP); /* a read moves it one step */
    assert_int_equal(clock_uptime(), CLOCK_FAKE_UPTIME + 2 * CLOCK_FAKE_STEP);
    usleep(20000); /* host time passing does not move it */
    assert_int_equal(clock_peek_uptime(), CLOCK_FAKE_UPTIME + 2 * CLOCK_FAKE_STEP);
    clock_waited(15 * SEC);
    assert_int_equal(clock_peek_filetime(), start + 2 * CLOCK_FAKE_STEP + 15 * SEC);
    assert_int_equal(clock_unix_ns(), (int64_t)(946684800ll * 1000000000ll) + (3 * CLOCK_FAKE_STEP + 15 * SEC) * 100);
}

static void test_time_scale_shortens_host_deadlines(void **state)
{
    (void)state;
    struct clock_settings s = { .scale = 1000.0 };
    clock_setup(&s);
    struct timespec d;
    int64_t before = clock_host_ns();
    clock_deadline(60 * SEC, &d); /* a minute of guest time */
    int64_t left = (int64_t)d.tv_sec * 1000000000LL + d.tv_nsec - before;
    assert_true(left >= 60000000LL && left < 70000000LL); /* 60 ms of host time */
    uint64_t up0 = clock_peek_uptime();
    usleep(10000);
    uint64_t up1 = clock_peek_uptime();
    assert_true(up1 - up0 >= 10 * SEC); /* 10 ms of host time are 10 s of guest time */
    s.scale = 1.0;
    clock_setup(&s);
}

static void test_file_times_round_trip(void **state)
{
    (void)state;
    deterministic_from("2010-06-01");
    struct timespec host = { .tv_sec = 1700000000, .tv_nsec = 123456700 };
    int64_t ft = clock_filetime_of_host(&host);
    struct timespec back = clock_host_of_filetime(ft);
    assert_int_equal(back.tv_sec, host.tv_sec);
    assert_int_equal(back.tv_nsec, host.tv_nsec);
}

static void test_fixed_ids_and_random_bytes(void **state)
{
    (void)state;
    deterministic_from("2000-01-01");
    assert_int_equal(identity_pid(), IDENTITY_FAKE_PID);
    assert_string_equal(identity_user_name(), IDENTITY_FAKE_USER);
    assert_string_equal(identity_host_name(), IDENTITY_FAKE_HOST);
    uint8_t a[40], b[40];
    identity_random(a, sizeof a);
    uint32_t child1 = identity_next_child_pid(), child2 = identity_next_child_pid();
    assert_true(child1 % 4 == 0 && child1 && child1 != child2 && child1 != IDENTITY_FAKE_PID);
    identity_setup(0); /* a new run: the same stream and child ids again */
    identity_random(b, sizeof b);
    assert_memory_equal(a, b, sizeof a);
    assert_int_equal(identity_next_child_pid(), child1);
    identity_setup(0x2468);
    assert_int_equal(identity_pid(), 0x2468);
    struct clock_settings host = { .scale = 1.0 };
    clock_setup(&host);
    identity_setup(0);
    assert_int_equal(identity_next_child_pid(), 0); /* from the host pid instead */
    identity_random(a, sizeof a);
    identity_random(b, sizeof b);
    assert_memory_not_equal(a, b, sizeof a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_iso8601),
        cmocka_unit_test(test_fake_clock_moves_by_reads_and_waits),
        cmocka_unit_test(test_time_scale_shortens_host_deadlines),
        cmocka_unit_test(test_file_times_round_trip),
        cmocka_unit_test(test_fixed_ids_and_random_bytes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
