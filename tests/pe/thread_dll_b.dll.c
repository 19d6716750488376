// build-flags: thread_dll_a.dll -luser32
/* thread_dll_b.dll - depends on thread_dll_a.dll, so it is initialized
 * after it: THREAD_ATTACH comes after a's, THREAD_DETACH before a's. */
#include "thread_log.h"

int a_ping(void);

BOOL WINAPI DllMain(HINSTANCE h, DWORD reason, LPVOID reserved)
{
    (void)h, (void)reserved;
    tlog("thread_dll_b", "DllMain", reason);
    return TRUE;
}

int b_ping(void) { return a_ping() + 1; }
