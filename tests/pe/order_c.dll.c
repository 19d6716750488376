// build-flags: -luser32
/* order_c.dll - loaded at run time by the dll_order sample: DllMain sees a
 * NULL lpReserved for LoadLibrary/FreeLibrary, and detaches only when the
 * last reference goes. */
#include "order_log.h"

BOOL WINAPI DllMain(HINSTANCE h, DWORD reason, LPVOID reserved)
{
    (void)h;
    /* lpReserved: non-NULL for a static load at attach, and for process
     * termination (rather than FreeLibrary) at detach */
    if (reason == DLL_PROCESS_ATTACH)
        order_say("order_c", reserved ? "DllMain (static)" : "DllMain (dynamic)", reason);
    else if (reason == DLL_PROCESS_DETACH)
        order_say("order_c", reserved ? "DllMain (process exit)" : "DllMain (FreeLibrary)", reason);
    return TRUE;
}

__declspec(dllexport) int c_value(void) { return 3; }
