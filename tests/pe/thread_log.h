/* thread_log.h - shared by the thread_dll sample and its DLLs: one line per
 * loader event, naming the thread (the main one, or the one main created),
 * written with WriteFile so it cannot sit in a CRT buffer. */
#include <windows.h>

static DWORD log_main_thread;

static void tlog_line(const char *s)
{
    DWORD n;
    WriteFile(GetStdHandle(STD_OUTPUT_HANDLE), s, lstrlenA(s), &n, NULL);
}

static void tlog(const char *who, const char *what, DWORD reason)
{
    static const char *const names[] = { "PROCESS_DETACH", "PROCESS_ATTACH", "THREAD_ATTACH", "THREAD_DETACH" };
    char line[160];
    if (reason == DLL_PROCESS_ATTACH && !log_main_thread)
        log_main_thread = GetCurrentThreadId();
    wsprintfA(line, "%s: %s %s (%s thread)\r\n", who, what, reason < 4 ? names[reason] : "?",
              GetCurrentThreadId() == log_main_thread ? "main" : "new");
    tlog_line(line);
}
