// build-flags: -lcomctl32 -lgdi32
/* common_controls.c - comctl32 and gdi32 load with every export:
 * InitCommonControls(Ex) succeed (a bad structure size fails), and a GDI
 * call without a display fails cleanly instead of crashing. */
#define __USE_MINGW_ANSI_STDIO 0 /* msvcrt.dll's printf */
#include <stdio.h>
#include <windows.h>
#include <commctrl.h>

int main(void)
{
    InitCommonControls();
    INITCOMMONCONTROLSEX icc = { sizeof icc, ICC_WIN95_CLASSES | ICC_STANDARD_CLASSES };
    printf("InitCommonControlsEx: %d\n", InitCommonControlsEx(&icc));
    icc.dwSize = 4;
    printf("InitCommonControlsEx with a bad size: %d\n", InitCommonControlsEx(&icc));
    printf("comctl32 ordinal 17 is InitCommonControls: %d\n",
           GetProcAddress(GetModuleHandleA("comctl32.dll"), (LPCSTR)17) ==
               GetProcAddress(GetModuleHandleA("comctl32.dll"), "InitCommonControls"));
    HMODULE gdi = GetModuleHandleA("gdi32.dll");
    printf("gdi32 loaded with its exports: %d %d\n", gdi != NULL, GetProcAddress(gdi, "BitBlt") != NULL);
    return 0;
}
