/* The guest's clocks: every time the layer shows the program (system time,
 * tick count, performance counter, KUSER_SHARED_DATA, timers, file and
 * registry times) and every host deadline of a guest wait comes from here,
 * so --deterministic (a fake clock) and --time-scale act on all of them. */
#ifndef WOWBOX_CORE_CLOCK_H
#define WOWBOX_CORE_CLOCK_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#define CLOCK_TICKS_PER_SEC 10000000ull /* FILETIME and tick unit: 100 ns */
#define CLOCK_UNIX_EPOCH_FILETIME 116444736000000000ull /* 1970-01-01 */
/* --deterministic without --fake-time: 2000-01-01T00:00:00Z */
#define CLOCK_DEFAULT_FAKE_TIME "2000-01-01T00:00:00Z"
/* The fake clock's time since boot when the process starts: 1 hour. */
#define CLOCK_FAKE_UPTIME (3600ull * CLOCK_TICKS_PER_SEC)
/* Each reading of the fake clock moves it 100 us on, so a program that
 * polls the clock until it changes ends. */
#define CLOCK_FAKE_STEP 1000ull

struct clock_settings {
    bool deterministic;      /* fake clock: moves only with reads and waits */
    uint64_t fake_filetime;  /* its start (UTC FILETIME) */
    double scale;            /* guest seconds per host second (1: real time) */
};

/* Parses "YYYY-MM-DD", "YYYY-MM-DDThh:mm[:ss]" with an optional "Z" (UTC
 * always) into a FILETIME; false when malformed or before 1601. */
bool clock_parse_iso8601(const char *s, uint64_t *filetime);

/* Called once before the process starts (and in a forked test run, which
 * resets what the runner had): the program's start is now. */
void clock_setup(const struct clock_settings *s);
const struct clock_settings *clock_settings(void);

/* What the program reads (each read moves the fake clock one step). */
uint64_t clock_filetime(void);      /* UTC now, FILETIME */
uint64_t clock_uptime(void);        /* 100 ns since boot: tick count, QPC */
uint64_t clock_process_ticks(void); /* 100 ns since the process started: clock() */
int64_t clock_unix_ns(void);        /* UTC now, ns since 1970 (the CRT's time()) */

/* The same values without moving the fake clock: for what the layer
 * itself records (KUSER_SHARED_DATA's refresh, trace time stamps, timer
 * bookkeeping), which must not change what the program later reads. */
uint64_t clock_peek_filetime(void);
uint64_t clock_peek_uptime(void);

/* File times: the FILETIME the program sees for a host time, and back
 * (deterministic runs shift them to the fake clock; not scaled). */
int64_t clock_filetime_of_host(const struct timespec *host_realtime);
struct timespec clock_host_of_filetime(int64_t filetime);

/* Host CLOCK_MONOTONIC, ns: for the runner-independent bookkeeping of
 * deadlines that are not guest time (socket polls, the scheduler). */
int64_t clock_host_ns(void);

/* The host CLOCK_MONOTONIC deadline of a guest wait of guest_ticks
 * (100 ns): guest_ticks / scale of host time from now. */
void clock_deadline(uint64_t guest_ticks, struct timespec *deadline);

/* A guest wait of guest_ticks ended by its timeout: the fake clock moves
 * on by that much (the real clock has moved by itself). */
void clock_waited(uint64_t guest_ticks);

/* Sleeps the calling host thread for a guest duration (scaled), then
 * counts it as waited. */
void clock_sleep(uint64_t guest_ticks);

/* Called after the fake clock moved (KUSER_SHARED_DATA's refresh). */
void clock_on_advance(void (*fn)(void));

#endif
