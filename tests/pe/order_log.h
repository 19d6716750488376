/* order_log.h - shared by the dll_order sample and its DLLs: one line per
 * loader event, written with WriteFile so it cannot sit in a CRT buffer. */
#include <windows.h>

static void order_say(const char *who, const char *what, DWORD reason)
{
    static const char *const names[] = { "PROCESS_DETACH", "PROCESS_ATTACH", "THREAD_ATTACH", "THREAD_DETACH" };
    char line[128];
    wsprintfA(line, "%s: %s %s\r\n", who, what, reason < 4 ? names[reason] : "?");
    DWORD n;
    WriteFile(GetStdHandle(STD_OUTPUT_HANDLE), line, lstrlenA(line), &n, NULL);
}
