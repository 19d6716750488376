// build-flags: -mwindows
/* window_classes.c - a GUI-subsystem program under wowbox, which has no
 * display. Window classes are real records: atoms in the string-atom
 * range (one per name), ERROR_CLASS_ALREADY_EXISTS per module, a local
 * class invisible to GetClassInfo(NULL), global ones visible, lookups by
 * name (any case) and by atom, UnregisterClass. Creating a window or a
 * dialog fails as Windows fails it: the class and parent checks first
 * (1407, 1406, 1400; DialogBox's 0 for a bad parent, -1 otherwise), a
 * missing dialog template (1814), then ERROR_ACCESS_DENIED with one
 * "needs a window" line on stderr. Calls on a window handle fail with
 * ERROR_INVALID_WINDOW_HANDLE. Message boxes still work. */
#define __USE_MINGW_ANSI_STDIO 0 /* msvcrt.dll's printf */
#include <stdio.h>
#include <string.h>
#include <windows.h>

static LRESULT CALLBACK wnd_proc(HWND w, UINT m, WPARAM wp, LPARAM lp)
{
    return DefWindowProcA(w, m, wp, lp);
}

static INT_PTR CALLBACK dlg_proc(HWND w, UINT m, WPARAM wp, LPARAM lp)
{
    (void)w, (void)m, (void)wp, (void)lp;
    return FALSE;
}

#define SHOW(label, call)                                               \
    do {                                                                \
        SetLastError(0xdead);                                           \
        long r_ = (long)(call);                                         \
        printf("%s: %ld, error %lu\n", label, r_, GetLastError());      \
    } while (0)

int main(void)
{
    HINSTANCE self = GetModuleHandleA(NULL);
    WNDCLASSA wc;
    memset(&wc, 0, sizeof wc);
    wc.style = CS_HREDRAW | CS_VREDRAW;
    wc.lpfnWndProc = wnd_proc;
    wc.cbWndExtra = 8;
    wc.hInstance = self;
    wc.lpszMenuName = "MainMenu";
    wc.lpszClassName = "WowboxSample";
    ATOM atom = RegisterClassA(&wc);
    printf("RegisterClassA: a string atom: %d\n", atom >= 0xC000);
    SHOW("RegisterClassA again", RegisterClassA(&wc));
    WNDCLASSEXW wcx;
    memset(&wcx, 0, sizeof wcx);
    wcx.cbSize = sizeof wcx - 4;
    wcx.lpfnWndProc = DefWindowProcW;
    wcx.lpszClassName = L"WowboxSample";
    SHOW("RegisterClassExW with a bad cbSize", RegisterClassExW(&wcx));
    wcx.cbSize = sizeof wcx;
    wcx.hInstance = GetModuleHandleA("kernel32.dll");
    ATOM other = RegisterClassExW(&wcx);
    printf("the same name in another module: registered %d, the same atom %d\n", other != 0, other == atom);

    WNDCLASSA got;
    memset(&got, 0, sizeof got);
    ATOM found = GetClassInfoA(self, "WOWBOXsample", &got);
    printf("GetClassInfoA: the atom %d, proc %d, extra %d, style 0x%x, menu \"%s\" (a copy %d), name is ours %d\n",
           found == atom, got.lpfnWndProc == wnd_proc, got.cbWndExtra, got.style, got.lpszMenuName,
           got.lpszMenuName != wc.lpszMenuName, strcmp(got.lpszClassName, "WOWBOXsample") == 0);
    SHOW("GetClassInfoA(NULL) of a local class", GetClassInfoA(NULL, "WowboxSample", &got));
    SHOW("GetClassInfoA of a class never registered", GetClassInfoA(self, "Nobody", &got));
    WNDCLASSEXW gotx;
    memset(&gotx, 0, sizeof gotx);
    found = GetClassInfoExW(self, (LPCWSTR)MAKEINTATOM(atom), &gotx);
    printf("GetClassInfoExW by atom: the atom %d, menu \"%ls\"\n", found == atom, gotx.lpszMenuName);

    wc.style = CS_GLOBALCLASS;
    wc.lpszMenuName = MAKEINTRESOURCEA(7);
    wc.lpszClassName = "WowboxGlobal";
    ATOM global = RegisterClassA(&wc);
    printf("a global class: registered %d, a new atom %d\n", global != 0, global != atom);
    found = GetClassInfoA(NULL, "wowboxglobal", &got);
    printf("GetClassInfoA(NULL) of a global class: %d, menu id %d\n", found == global,
           (int)(INT_PTR)got.lpszMenuName);
    wc.hInstance = GetModuleHandleA("kernel32.dll");
    SHOW("a second global class of that name", RegisterClassA(&wc));

    SHOW("CreateWindowExA of an unknown class",
         CreateWindowExA(0, "NoSuchClass", "x", WS_OVERLAPPEDWINDOW, 0, 0, 100, 100, NULL, NULL, self, NULL));
    SHOW("CreateWindowExA WS_CHILD without a parent",
         CreateWindowExA(0, "WowboxSample", "x", WS_CHILD, 0, 0, 100, 100, NULL, NULL, self, NULL));
    SHOW("CreateWindowExA with a parent that is no window",
         CreateWindowExA(0, "WowboxSample", "x", WS_CHILD, 0, 0, 100, 100, (HWND)0x1234, NULL, self, NULL));
    SHOW("CreateWindowExA",
         CreateWindowExA(0, "WowboxSample", "x", WS_OVERLAPPEDWINDOW, 0, 0, 100, 100, NULL, NULL, self, NULL));
    SHOW("CreateWindowExW of a system class",
         CreateWindowExW(0, L"BUTTON", L"x", WS_POPUP, 0, 0, 10, 10, NULL, NULL, self, NULL));
    SHOW("DialogBoxParamA with a parent that is no window",
         DialogBoxParamA(self, MAKEINTRESOURCEA(100), (HWND)0x1234, dlg_proc, 0));
    SHOW("DialogBoxParamA of a missing template", DialogBoxParamA(self, MAKEINTRESOURCEA(999), NULL, dlg_proc, 0));
    SHOW("DialogBoxParamA", DialogBoxParamA(self, MAKEINTRESOURCEA(100), NULL, dlg_proc, 0));
    SHOW("CreateDialogParamW", CreateDialogParamW(self, MAKEINTRESOURCEW(100), NULL, dlg_proc, 0));

    SHOW("ShowWindow(NULL)", ShowWindow(NULL, SW_SHOW));
    SHOW("SetWindowTextA", SetWindowTextA((HWND)0x1234, "title"));
    SHOW("GetDlgItem", GetDlgItem((HWND)0x1234, 1));
    SHOW("IsWindow", IsWindow((HWND)0x1234));

    SHOW("UnregisterClassA", UnregisterClassA("WowboxSample", NULL));
    SHOW("UnregisterClassA again", UnregisterClassA("WowboxSample", NULL));
    wc.style = 0;
    wc.hInstance = self;
    wc.lpszClassName = "WowboxSample";
    printf("registered again: the same atom %d\n", RegisterClassA(&wc) == atom);

    MessageBoxA(NULL, "A GUI program's message box", "window_classes", MB_OK);
    return 0;
}
