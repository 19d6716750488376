// build-flags: -luser32
/* thread_dll_a.dll - first DLL of the thread_dll sample: logs its TLS
 * callback and DllMain for every reason, thread notifications included. */
#include "thread_log.h"

static void NTAPI tls_callback(PVOID h, DWORD reason, PVOID reserved)
{
    (void)h, (void)reserved;
    tlog("thread_dll_a", "TLS callback", reason);
}
PIMAGE_TLS_CALLBACK thread_dll_a_tls __attribute__((section(".CRT$XLB"), used)) = tls_callback;

BOOL WINAPI DllMain(HINSTANCE h, DWORD reason, LPVOID reserved)
{
    (void)h, (void)reserved;
    tlog("thread_dll_a", "DllMain", reason);
    return TRUE;
}

int a_ping(void) { return 1; }
