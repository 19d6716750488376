// build-flags: -luser32
/* order_c.dll - loaded at run time by the dll_order sample: DllMain sees a
 * NULL lpReserved for LoadLibrary/FreeLibrary, and detaches only when the
 * last reference goes. */
#include "order_log.h"

BOOL WINAPI DllMain(HINSTANCE h, DWORD reason, LPVOID reserved)
{
    (void)h;
    if (reason == DLL_PROCESS_ATTACH || reason == DLL_PROCESS_DETACH)
        order_say("order_c", reserved ? "DllMain (static)" : "DllMain (dynamic)", reason);
    return TRUE;
}

__declspec(dllexport) int c_value(void) { return 3; }
