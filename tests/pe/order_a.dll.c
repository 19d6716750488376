// build-flags: order_b.dll -luser32
/* order_a.dll - middle DLL of the dll_order sample: imports order_b, so
 * order_b must be initialized before it, and detached after it. */
#include "order_log.h"

int b_value(void);

static void NTAPI tls_callback(PVOID h, DWORD reason, PVOID reserved)
{
    (void)h, (void)reserved;
    if (reason == DLL_PROCESS_ATTACH || reason == DLL_PROCESS_DETACH)
        order_say("order_a", "TLS callback", reason);
}
PIMAGE_TLS_CALLBACK order_a_tls __attribute__((section(".CRT$XLB"), used)) = tls_callback;

BOOL WINAPI DllMain(HINSTANCE h, DWORD reason, LPVOID reserved)
{
    (void)h;
    if (reason == DLL_PROCESS_ATTACH)
        order_say("order_a", b_value() == 7 ? "DllMain (static, order_b ready)" : "DllMain (order_b not ready)", reason);
    else if (reason == DLL_PROCESS_DETACH)
        order_say("order_a", reserved ? "DllMain (static)" : "DllMain (dynamic)", reason);
    return TRUE;
}

__declspec(dllexport) int a_value(void) { return b_value() * 6; }
