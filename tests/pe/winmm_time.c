/* winmm_time.c - winmm's timer services: timeGetTime beside GetTickCount
 * and across a Sleep, timeGetSystemTime's MMTIME, timeGetDevCaps and the
 * timeBeginPeriod/timeEndPeriod range checks. */
// build-flags: -lwinmm
#define __USE_MINGW_ANSI_STDIO 0 /* msvcrt.dll's printf */
#include <stdio.h>
#include <windows.h>
#include <mmsystem.h>

int main(void)
{
    TIMECAPS tc = { 0, 0 };
    MMTIME mmt;
    DWORD t1, t2, tick;

    printf("timeGetDevCaps: %u", timeGetDevCaps(&tc, sizeof tc));
    printf(" min %u max %u\n", tc.wPeriodMin, tc.wPeriodMax);
    printf("timeGetDevCaps(NULL): %u, short size: %u\n", timeGetDevCaps(NULL, sizeof tc), timeGetDevCaps(&tc, 4));
    printf("timeBeginPeriod 1: %u, 0: %u, 1000000: %u, 1000001: %u\n", timeBeginPeriod(1), timeBeginPeriod(0),
           timeBeginPeriod(1000000), timeBeginPeriod(1000001));
    printf("timeEndPeriod 1: %u, 0: %u, 1000000: %u, 1000001: %u\n", timeEndPeriod(1), timeEndPeriod(0),
           timeEndPeriod(1000000), timeEndPeriod(1000001));

    t1 = timeGetTime();
    tick = GetTickCount();
    printf("timeGetTime within 20 ms of GetTickCount: %d\n", tick - t1 < 20);
    Sleep(50);
    t2 = timeGetTime();
    printf("Sleep(50) moved timeGetTime by 50 ms to 1 s: %d\n", t2 - t1 >= 50 && t2 - t1 < 1000);

    mmt.wType = TIME_SAMPLES;
    mmt.u.ms = 0;
    printf("timeGetSystemTime: %u", timeGetSystemTime(&mmt, sizeof mmt));
    printf(" wType %u (TIME_MS %u), within 20 ms of timeGetTime: %d\n", mmt.wType, TIME_MS,
           mmt.u.ms - t2 < 20);
    mmt.wType = TIME_SAMPLES;
    printf("timeGetSystemTime with a short size: %u", timeGetSystemTime(&mmt, 4));
    printf(", left alone: %d\n", mmt.wType == TIME_SAMPLES);
    printf("timeGetSystemTime(bad pointer): %u\n", timeGetSystemTime((MMTIME *)16, sizeof mmt));
    return 0;
}
