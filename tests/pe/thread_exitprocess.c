/* thread_exitprocess.c - ExitProcess called by a thread other than main
 * ends every thread, main included (blocked in a wait that is never
 * satisfied), with the code that thread gave. */
#include <stdio.h>
#include <windows.h>

static HANDLE never, running;

static DWORD WINAPI ender(LPVOID arg)
{
    (void)arg;
    WaitForSingleObject(running, INFINITE);
    printf("worker: ExitProcess(7)\n");
    fflush(stdout);
    ExitProcess(7);
}

int main(void)
{
    never = CreateEventA(NULL, TRUE, FALSE, NULL);
    running = CreateEventA(NULL, TRUE, FALSE, NULL);
    CreateThread(NULL, 0, ender, NULL, 0, NULL);
    printf("main: waiting forever\n");
    fflush(stdout);
    SetEvent(running);
    WaitForSingleObject(never, INFINITE);
    printf("main: woke up?!\n");
    return 1;
}
