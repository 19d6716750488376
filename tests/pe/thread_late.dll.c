// build-flags: -luser32
/* thread_late.dll - loaded with LoadLibrary while the sample's thread
 * runs: it gets no THREAD_ATTACH for that thread, but a THREAD_DETACH. */
#include "thread_log.h"

BOOL WINAPI DllMain(HINSTANCE h, DWORD reason, LPVOID reserved)
{
    (void)h, (void)reserved;
    tlog("thread_late", "DllMain", reason);
    return TRUE;
}
