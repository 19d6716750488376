/* The guest's clocks (core/clock.h): the host's, optionally running
 * --time-scale times faster, or a fake clock (--deterministic) that starts
 * at a fixed date and moves only by a fixed step per reading and by the
 * program's own waits that time out. The only place the layer reads the
 * host's clocks for the guest. */
#include "core/clock.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>

static struct clock_settings settings = { .scale = 1.0 };
static _Atomic uint64_t fake_elapsed; /* deterministic: ticks since the start */
static uint64_t start_uptime;         /* the process's start on the uptime clock */
static int64_t host_boot0, host_real0; /* real clocks at the start, ns */
static void (*advance_hook)(void);

static int64_t host_ns(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* ------------------------------------------------------------ parsing */

static bool leap(unsigned y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static uint64_t days_since_1601(unsigned y, unsigned m, unsigned d)
{
    static const unsigned short before[12] = { 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334 };
    uint64_t yy = y - 1601;
    uint64_t days = yy * 365 + yy / 4 - yy / 100 + yy / 400 + before[m - 1] + (d - 1);
    return days + (m > 2 && leap(y));
}

bool clock_parse_iso8601(const char *s, uint64_t *filetime)
{
    unsigned y, mo, d, h = 0, mi = 0, sec = 0;
    int n = 0;
    if (!s || sscanf(s, "%4u-%2u-%2u%n", &y, &mo, &d, &n) != 3 || n != 10)
        return false;
    const char *p = s + n;
    if (*p == 'T' || *p == ' ') {
        int m = 0;
        if (sscanf(p + 1, "%2u:%2u%n", &h, &mi, &m) != 2 || m != 5)
            return false;
        p += 1 + m;
        if (*p == ':') {
            if (sscanf(p + 1, "%2u%n", &sec, &m) != 1 || m != 2)
                return false;
            p += 1 + m;
        }
    }
    if (*p == 'Z')
        p++;
    static const unsigned char mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    if (*p || y < 1601 || mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] + (unsigned)(mo == 2 && leap(y)) || h > 23 ||
        mi > 59 || sec > 59)
        return false;
    uint64_t secs = days_since_1601(y, mo, d) * 86400 + h * 3600u + mi * 60u + sec;
    *filetime = secs * CLOCK_TICKS_PER_SEC;
    return true;
}

/* ------------------------------------------------------------ set-up */

void clock_setup(const struct clock_settings *s)
{
    settings = *s;
    if (!(settings.scale > 0))
        settings.scale = 1.0;
    atomic_store(&fake_elapsed, 0);
    host_boot0 = host_ns(CLOCK_BOOTTIME);
    host_real0 = host_ns(CLOCK_REALTIME);
    start_uptime = clock_peek_uptime();
}

const struct clock_settings *clock_settings(void) { return &settings; }

void clock_on_advance(void (*fn)(void)) { advance_hook = fn; }

/* ------------------------------------------------------------ reading */

/* Host ns since the start, scaled to guest ns. */
static int64_t scaled_elapsed_ns(void)
{
    return (int64_t)((double)(host_ns(CLOCK_BOOTTIME) - host_boot0) * settings.scale);
}

uint64_t clock_peek_uptime(void)
{
    if (settings.deterministic)
        return CLOCK_FAKE_UPTIME + atomic_load(&fake_elapsed);
    if (settings.scale == 1.0)
        return (uint64_t)host_ns(CLOCK_BOOTTIME) / 100;
    return (uint64_t)(host_boot0 + scaled_elapsed_ns()) / 100;
}

uint64_t clock_peek_filetime(void)
{
    if (settings.deterministic)
        return settings.fake_filetime + atomic_load(&fake_elapsed);
    int64_t real = settings.scale == 1.0 ? host_ns(CLOCK_REALTIME) : host_real0 + scaled_elapsed_ns();
    return (uint64_t)real / 100 + CLOCK_UNIX_EPOCH_FILETIME;
}

static void step(void)
{
    if (!settings.deterministic)
        return;
    atomic_fetch_add(&fake_elapsed, CLOCK_FAKE_STEP);
    if (advance_hook)
        advance_hook();
}

uint64_t clock_filetime(void)
{
    step();
    return clock_peek_filetime();
}

uint64_t clock_uptime(void)
{
    step();
    return clock_peek_uptime();
}

int64_t clock_unix_ns(void)
{
    return ((int64_t)clock_filetime() - (int64_t)CLOCK_UNIX_EPOCH_FILETIME) * 100;
}

uint64_t clock_process_ticks(void)
{
    return clock_uptime() - start_uptime;
}

/* Deterministic: host file times move by the distance between the fake
 * clock's start and the real one's, both ways, so times the program sets
 * read back unchanged and a file made at the start shows the fake date. */
static int64_t file_time_offset(void)
{
    if (!settings.deterministic)
        return 0;
    return (int64_t)settings.fake_filetime - (host_real0 / 100 + (int64_t)CLOCK_UNIX_EPOCH_FILETIME);
}

int64_t clock_filetime_of_host(const struct timespec *ts)
{
    int64_t ft = (int64_t)ts->tv_sec * (int64_t)CLOCK_TICKS_PER_SEC + ts->tv_nsec / 100 +
                 (int64_t)CLOCK_UNIX_EPOCH_FILETIME + file_time_offset();
    return ft < 0 ? 0 : ft;
}

struct timespec clock_host_of_filetime(int64_t ft)
{
    int64_t t = ft - file_time_offset() - (int64_t)CLOCK_UNIX_EPOCH_FILETIME;
    int64_t sec = t / (int64_t)CLOCK_TICKS_PER_SEC, rest = t % (int64_t)CLOCK_TICKS_PER_SEC;
    if (rest < 0) {
        sec--;
        rest += (int64_t)CLOCK_TICKS_PER_SEC;
    }
    return (struct timespec){ .tv_sec = (time_t)sec, .tv_nsec = (long)rest * 100 };
}

int64_t clock_host_ns(void) { return host_ns(CLOCK_MONOTONIC); }

/* ------------------------------------------------------------ waiting */

void clock_deadline(uint64_t guest_ticks, struct timespec *ts)
{
    double host_ns_left = (double)guest_ticks * 100.0 / settings.scale;
    int64_t ns = host_ns_left > 4e18 ? (int64_t)4e18 : (int64_t)host_ns_left;
    int64_t at = host_ns(CLOCK_MONOTONIC) + ns;
    ts->tv_sec = at / 1000000000LL;
    ts->tv_nsec = at % 1000000000LL;
}

void clock_waited(uint64_t guest_ticks)
{
    if (!settings.deterministic || !guest_ticks)
        return;
    atomic_fetch_add(&fake_elapsed, guest_ticks);
    if (advance_hook)
        advance_hook();
}

void clock_sleep(uint64_t guest_ticks)
{
    struct timespec until;
    clock_deadline(guest_ticks, &until);
    while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until, NULL) == EINTR)
        ;
    clock_waited(guest_ticks);
}
