/* winmm's timer services: timeGetTime and timeGetSystemTime (milliseconds
 * since boot, from core/clock.c like GetTickCount), and the timer
 * resolution calls, which wowbox accepts within Windows' range without
 * changing anything: its waits already have the host's resolution. */
#include "core/clock.h"
#include "syscalls/api.h"
#include "syscalls/winmm/api_args.h"
#include "syscalls/winmm/struct32.h"

#define TIMERR_NOERROR      0u
#define TIMERR_NOCANDO      97u /* TIMERR_BASE + 1 */
#define MMSYSERR_INVALPARAM 11u
#define TIME_MS             0x0001u

/* What timeGetDevCaps reports on Windows 10: 1 ms to 1000 s. */
#define PERIOD_MIN 1u
#define PERIOD_MAX 1000000u

/* Milliseconds since boot, wrapping at 2^32 (every 49.7 days). */
static uint32_t ms_since_boot(void) { return (uint32_t)(clock_uptime() / 10000); }

uint64_t winmm_timeGetTime(struct thunk_call *c)
{
    (void)c;
    return ms_since_boot();
}

uint64_t winmm_timeGetSystemTime(struct thunk_call *c)
{
    API_ARGS(winmm, timeGetSystemTime, a);
    if (a.cbmmt < sizeof(MMTIME32)) /* too small: left alone, still no error */
        return TIMERR_NOERROR;
    MMTIME32 t = { .wType = TIME_MS, .u.ms = ms_since_boot() };
    return gm_write(a.pmmt, &t, sizeof t) ? TIMERR_NOERROR : MMSYSERR_INVALPARAM;
}

uint64_t winmm_timeGetDevCaps(struct thunk_call *c)
{
    API_ARGS(winmm, timeGetDevCaps, a);
    TIMECAPS32 caps = { .wPeriodMin = PERIOD_MIN, .wPeriodMax = PERIOD_MAX };
    if (!a.ptc || a.cbtc < sizeof caps)
        return TIMERR_NOCANDO;
    return gm_write(a.ptc, &caps, sizeof caps) ? TIMERR_NOERROR : TIMERR_NOCANDO;
}

static uint64_t period_check(uint32_t period)
{
    return period < PERIOD_MIN || period > PERIOD_MAX ? TIMERR_NOCANDO : TIMERR_NOERROR;
}

uint64_t winmm_timeBeginPeriod(struct thunk_call *c)
{
    API_ARGS(winmm, timeBeginPeriod, a);
    return period_check(a.uPeriod);
}

uint64_t winmm_timeEndPeriod(struct thunk_call *c)
{
    API_ARGS(winmm, timeEndPeriod, a);
    return period_check(a.uPeriod);
}
