// build-flags: -lcomdlg32 -lmpr
/* common_dialogs.c - comdlg32 and mpr load with every export. GetFileTitle
 * is real string work (sizes, separators, invalid names, A and W). The
 * dialogs cannot be shown without a display: each fails as a dialog that
 * cannot be created (CDERR_DIALOGFAILURE) after Windows' own checks
 * (structure size, empty Find buffer), the default printer is not there,
 * and CommDlgExtendedError belongs to each thread. */
#define __USE_MINGW_ANSI_STDIO 0 /* msvcrt.dll's printf */
#include <stdio.h>
#include <string.h>
#include <windows.h>
#include <commdlg.h>
#include <cderr.h>

static void title_a(const char *path, WORD size)
{
    char buf[64];
    memset(buf, '#', sizeof buf);
    buf[sizeof buf - 1] = 0;
    short r = GetFileTitleA(path, buf, size);
    printf("GetFileTitleA(\"%s\", %u) = %d \"%s\"\n", path, size, r, r == 0 ? buf : "");
}

static void title_w(const wchar_t *path, WORD size)
{
    wchar_t buf[64];
    short r = GetFileTitleW(path, buf, size);
    printf("GetFileTitleW(\"%ls\", %u) = %d \"%ls\"\n", path, size, r, r == 0 ? buf : L"");
}

/* The call first, then its extended error (printf's arguments have no order). */
#define SHOW(label, call)                                                      \
    do {                                                                       \
        long r_ = (long)(call);                                                \
        printf("%s: %ld, error 0x%lx\n", label, r_, CommDlgExtendedError());   \
    } while (0)

static DWORD WINAPI other_thread(void *arg)
{
    (void)arg;
    return CommDlgExtendedError();
}

int main(void)
{
    title_a("C:\\dir\\file.txt", 64);
    title_a("C:\\dir\\file.txt", 8);   /* exactly the size: "file.txt" + NUL is 9 */
    title_a("C:\\dir\\file.txt", 9);
    title_a("relative/name", 64);
    title_a("D:name.ext", 64);
    title_a("plain", 64);
    title_a("C:\\dir\\", 64);
    title_a("C:\\dir\\a*b", 64);
    title_a("", 64);
    printf("GetFileTitleA with no buffer: %d\n", GetFileTitleA("C:\\x\\abc.exe", NULL, 0));
    title_w(L"C:\\Program Files\\App\\app.exe", 64);
    title_w(L"C:\\dir\\file?.txt", 64);

    char file[MAX_PATH] = "";
    OPENFILENAMEA ofn;
    memset(&ofn, 0, sizeof ofn);
    ofn.lStructSize = 12;
    ofn.lpstrFile = file;
    ofn.nMaxFile = sizeof file;
    BOOL ok = GetOpenFileNameA(&ofn);
    SHOW("GetOpenFileNameA with a bad size", ok);
    ofn.lStructSize = sizeof ofn;
    ok = GetOpenFileNameA(&ofn);
    SHOW("GetOpenFileNameA", ok);
    DWORD other = 0;
    HANDLE t = CreateThread(NULL, 0, other_thread, NULL, 0, NULL);
    WaitForSingleObject(t, INFINITE);
    GetExitCodeThread(t, &other);
    CloseHandle(t);
    printf("CommDlgExtendedError on another thread: 0x%lx, on this one: 0x%lx\n", other,
           CommDlgExtendedError());
    ofn.lStructSize = OPENFILENAME_SIZE_VERSION_400A;
    ok = GetSaveFileNameA(&ofn);
    SHOW("GetSaveFileNameA (4.0 size)", ok);
    OPENFILENAMEW ofnw;
    memset(&ofnw, 0, sizeof ofnw);
    ofnw.lStructSize = sizeof ofnw;
    SHOW("GetSaveFileNameW", GetSaveFileNameW(&ofnw));

    COLORREF custom[16] = { 0 };
    CHOOSECOLORA cc = { sizeof cc };
    cc.lpCustColors = custom;
    SHOW("ChooseColorA", ChooseColorA(&cc));
    LOGFONTA lf = { 0 };
    CHOOSEFONTA cf = { sizeof cf };
    cf.lpLogFont = &lf;
    SHOW("ChooseFontA", ChooseFontA(&cf));

    PRINTDLGA pd;
    memset(&pd, 0, sizeof pd);
    pd.lStructSize = sizeof pd;
    pd.Flags = PD_RETURNDEFAULT;
    SHOW("PrintDlgA(PD_RETURNDEFAULT)", PrintDlgA(&pd));
    pd.hDevNames = GlobalAlloc(GMEM_MOVEABLE, 16);
    SHOW("PrintDlgA(PD_RETURNDEFAULT, hDevNames)", PrintDlgA(&pd));
    GlobalFree(pd.hDevNames);
    pd.hDevNames = NULL;
    pd.Flags = 0;
    SHOW("PrintDlgA", PrintDlgA(&pd));
    PAGESETUPDLGA psd;
    memset(&psd, 0, sizeof psd);
    psd.lStructSize = sizeof psd;
    psd.Flags = PSD_RETURNDEFAULT;
    SHOW("PageSetupDlgA(PSD_RETURNDEFAULT)", PageSetupDlgA(&psd));
    PRINTDLGEXA pdx;
    memset(&pdx, 0, sizeof pdx);
    pdx.lStructSize = 10;
    printf("PrintDlgExA with a bad size: 0x%lx\n", PrintDlgExA(&pdx));
    pdx.lStructSize = sizeof pdx;
    printf("PrintDlgExA: 0x%lx\n", PrintDlgExA(&pdx));

    char what[32] = "needle";
    FINDREPLACEA fr;
    memset(&fr, 0, sizeof fr);
    fr.lStructSize = sizeof fr;
    fr.lpstrFindWhat = what;
    SHOW("FindTextA with an empty buffer", FindTextA(&fr));
    fr.wFindWhatLen = sizeof what;
    SHOW("FindTextA", FindTextA(&fr));

    HMODULE mpr = GetModuleHandleA("mpr.dll");
    printf("mpr loaded with its exports: %d %d\n", mpr != NULL,
           GetProcAddress(mpr, "WNetUseConnectionW") != NULL);
    char remote[64];
    DWORD n = sizeof remote;
    printf("WNetGetConnectionA: %lu\n", WNetGetConnectionA("Z:", remote, &n));
    return 0;
}
