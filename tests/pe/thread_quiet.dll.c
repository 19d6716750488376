// build-flags: -nostartfiles -Wl,-e,_DllMain@12 -luser32
/* thread_quiet.dll - a DLL without the C runtime (so without static TLS)
 * that calls DisableThreadLibraryCalls: it never hears of threads. */
#include "thread_log.h"

BOOL WINAPI DllMain(HINSTANCE h, DWORD reason, LPVOID reserved)
{
    (void)reserved;
    tlog("thread_quiet", "DllMain", reason);
    if (reason == DLL_PROCESS_ATTACH)
        tlog_line(DisableThreadLibraryCalls(h) ? "thread_quiet: DisableThreadLibraryCalls succeeded\r\n"
                                               : "thread_quiet: DisableThreadLibraryCalls failed\r\n");
    return TRUE;
}

__declspec(dllexport) int quiet_ping(void) { return 3; }
