/* long_sleep.c - --time-scale: a program that sleeps a minute of guest time
 * (Sleep, a timed wait, a waitable timer) ends in well under a second at
 * --time-scale=1000 (long_sleep.opts, long_sleep.timeout), and its clocks
 * say the minute passed. */
#include <stdio.h>
#include <windows.h>

int main(void)
{
    ULONGLONG t0 = GetTickCount64();
    Sleep(30000);
    HANDLE ev = CreateEventA(NULL, TRUE, FALSE, NULL);
    DWORD w = WaitForSingleObject(ev, 20000);
    HANDLE timer = CreateWaitableTimerA(NULL, TRUE, NULL);
    LARGE_INTEGER due;
    due.QuadPart = -10 * 1000 * 1000 * 10LL; /* 10 s, relative */
    SetWaitableTimer(timer, &due, 0, NULL, NULL, FALSE);
    DWORD tw = WaitForSingleObject(timer, INFINITE);
    ULONGLONG elapsed = GetTickCount64() - t0;
    printf("wait %s, timer %s\n", w == WAIT_TIMEOUT ? "timed out" : "did not time out",
           tw == WAIT_OBJECT_0 ? "signaled" : "not signaled");
    printf("a minute of guest time passed: %s\n", elapsed >= 60000 ? "yes" : "no");
    return 0;
}
