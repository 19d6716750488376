/* thread_end.c - the process ends when main returns, even with threads
 * still running: one spinning without ever calling the system, one blocked
 * in a wait, one sleeping. exit() runs the atexit handlers first, then the
 * other threads end before DLL detach, and the exit code is main's. */
#include <stdio.h>
#include <stdlib.h>
#include <windows.h>

static volatile LONG spins, started;
static HANDLE never;

static DWORD WINAPI spinner(LPVOID arg)
{
    (void)arg;
    InterlockedIncrement(&started);
    for (;;)
        spins++;
    return 0;
}

static DWORD WINAPI waiter(LPVOID arg)
{
    (void)arg;
    InterlockedIncrement(&started);
    WaitForSingleObject(never, INFINITE);
    printf("the waiter woke up?!\n");
    return 1;
}

static DWORD WINAPI sleeper(LPVOID arg)
{
    (void)arg;
    InterlockedIncrement(&started);
    Sleep(INFINITE);
    printf("the sleeper woke up?!\n");
    return 1;
}

static void at_exit(void)
{
    printf("atexit handler, the spinner still counting: %s\n", spins > 0 ? "yes" : "no");
    fflush(stdout);
}

int main(void)
{
    never = CreateEventA(NULL, TRUE, FALSE, NULL);
    atexit(at_exit);
    CreateThread(NULL, 0, spinner, NULL, 0, NULL);
    CreateThread(NULL, 0, waiter, NULL, 0, NULL);
    CreateThread(NULL, 0, sleeper, NULL, 0, NULL);
    while (started < 3 || spins == 0)
        Sleep(1);
    printf("three threads running; main returns 3\n");
    return 3;
}
