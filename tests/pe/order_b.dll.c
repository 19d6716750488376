// build-flags: -luser32
/* order_b.dll - innermost DLL of the dll_order sample: logs its TLS
 * callback and DllMain; exports by name, by ordinal only (#7, NONAME in
 * order_b.def) and a forwarder to kernel32.GetTickCount. */
#include "order_log.h"

static void NTAPI tls_callback(PVOID h, DWORD reason, PVOID reserved)
{
    (void)h, (void)reserved;
    if (reason == DLL_PROCESS_ATTACH || reason == DLL_PROCESS_DETACH)
        order_say("order_b", "TLS callback", reason);
}
PIMAGE_TLS_CALLBACK order_b_tls __attribute__((section(".CRT$XLB"), used)) = tls_callback;

BOOL WINAPI DllMain(HINSTANCE h, DWORD reason, LPVOID reserved)
{
    (void)h;
    if (reason == DLL_PROCESS_ATTACH || reason == DLL_PROCESS_DETACH)
        order_say("order_b", reserved ? "DllMain (static)" : "DllMain (dynamic)", reason);
    return TRUE;
}

int b_value(void) { return 7; }
int b_secret(void) { return 1234; }
