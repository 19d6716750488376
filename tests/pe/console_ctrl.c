/* console_ctrl.c - console control events. Alone: handlers registered with
 * SetConsoleCtrlHandler run on a thread of their own, newest first, until
 * one returns TRUE (GenerateConsoleCtrlEvent raises the event); removed
 * handlers are not called; SetConsoleCtrlHandler(NULL, TRUE) ignores
 * Ctrl-C but not Ctrl-Break; when no handler returns TRUE the process ends
 * with STATUS_CONTROL_C_EXIT, output flushed. With the argument "wait" (or
 * "wait-default") it prints "ready" and waits for a real Ctrl-C (the ctest
 * console_ctrl_c sends SIGINT), handled (exit 0) or not (exit 0xC000013A). */
#include <stdio.h>
#include <string.h>
#include <windows.h>

static DWORD main_tid;
static HANDLE done;
static volatile LONG calls;

static BOOL WINAPI first(DWORD type)
{
    printf("first handler: type %lu, on the main thread: %s\n", type, GetCurrentThreadId() == main_tid ? "yes" : "no");
    InterlockedIncrement(&calls);
    SetEvent(done);
    return TRUE;
}

static BOOL WINAPI second(DWORD type)
{
    printf("second handler: type %lu, passes it on\n", type);
    InterlockedIncrement(&calls);
    return FALSE;
}

static BOOL WINAPI declines(DWORD type)
{
    printf("declining handler: type %lu\n", type);
    return FALSE;
}

static void raise_and_wait(DWORD type, const char *label)
{
    ResetEvent(done);
    calls = 0;
    BOOL ok = GenerateConsoleCtrlEvent(type, 0);
    DWORD w = WaitForSingleObject(done, 2000);
    printf("%s: raised %d, handled %s, handlers called %ld\n", label, ok, w == WAIT_OBJECT_0 ? "yes" : "no", calls);
}

static int wait_for_ctrl_c(BOOL handle)
{
    SetConsoleCtrlHandler(handle ? first : declines, TRUE);
    printf("ready\n");
    fflush(stdout);
    DWORD w = WaitForSingleObject(done, 30000);
    printf("main: the handler %s\n", w == WAIT_OBJECT_0 ? "ran" : "did not run");
    return w == WAIT_OBJECT_0 ? 0 : 1;
}

int main(int argc, char **argv)
{
    main_tid = GetCurrentThreadId();
    done = CreateEventA(NULL, TRUE, FALSE, NULL);
    if (argc > 1)
        return wait_for_ctrl_c(strcmp(argv[1], "wait") == 0);
    SetLastError(0);
    BOOL bad = GenerateConsoleCtrlEvent(7, 0);
    printf("GenerateConsoleCtrlEvent(7): %d, error %lu\n", bad, GetLastError());
    SetConsoleCtrlHandler(first, TRUE);
    SetConsoleCtrlHandler(second, TRUE);
    raise_and_wait(CTRL_C_EVENT, "Ctrl-C");
    SetConsoleCtrlHandler(second, FALSE);
    raise_and_wait(CTRL_BREAK_EVENT, "Ctrl-Break, second removed");
    SetLastError(0);
    BOOL again = SetConsoleCtrlHandler(second, FALSE);
    printf("removing it again: %d, error %lu\n", again, GetLastError());
    SetConsoleCtrlHandler(NULL, TRUE);
    raise_and_wait(CTRL_C_EVENT, "Ctrl-C ignored");
    raise_and_wait(CTRL_BREAK_EVENT, "Ctrl-Break not ignored");
    SetConsoleCtrlHandler(NULL, FALSE);
    SetConsoleCtrlHandler(first, FALSE);
    SetConsoleCtrlHandler(declines, TRUE);
    printf("now nobody handles it: the process ends\n");
    GenerateConsoleCtrlEvent(CTRL_C_EVENT, 0);
    Sleep(20000);
    printf("still running: wrong\n");
    return 1;
}
