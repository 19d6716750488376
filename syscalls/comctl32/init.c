/* InitCommonControls(Ex): on Windows they register the common controls'
 * window classes. wowbox has no windows (user32 shows message boxes as
 * text), so there is nothing to register; the call succeeds so programs
 * that only show message boxes (packer stubs, compiled scripts) go on,
 * and a window they create later fails where it is created. */
#include "syscalls/api.h"
#include "syscalls/comctl32/api_args.h"
#include "syscalls/struct32_pin.h"

/* INITCOMMONCONTROLSEX */
typedef struct {
    uint32_t dwSize;
    uint32_t dwICC;
} INITCOMMONCONTROLSEX32;
PIN(INITCOMMONCONTROLSEX32, dwICC, 4);
PIN_SIZE(INITCOMMONCONTROLSEX32, 8);

uint64_t comctl32_InitCommonControls(struct thunk_call *c)
{
    (void)c;
    return 0;
}

/* FALSE for a missing structure or one of another size, as Windows. */
uint64_t comctl32_InitCommonControlsEx(struct thunk_call *c)
{
    API_ARGS(comctl32, InitCommonControlsEx, a);
    INITCOMMONCONTROLSEX32 icc;
    if (!a.picce || !gm_read(a.picce, &icc, sizeof icc))
        return 0;
    return icc.dwSize == sizeof icc;
}
