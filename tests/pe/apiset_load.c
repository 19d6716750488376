/* apiset_load.c - proves API set names resolve as the Windows 10 loader
 * resolves them: LoadLibrary and GetModuleHandle of a contract name give the
 * host DLL's handle (any case, with or without ".dll", any minor version),
 * with no file of that name anywhere; an unknown contract is not found. */
#include <stdio.h>
#include <windows.h>

int main(void)
{
    HMODULE synch = GetModuleHandleA("api-ms-win-core-synch-l1-2-0.dll");
    printf("synch set loaded: %s\n", synch ? "yes" : "no");
    printf("LoadLibrary gives the same host: %s\n",
           LoadLibraryA("API-MS-WIN-CORE-SYNCH-L1-2-0") == synch ? "yes" : "no");
    printf("a later minor version too: %s\n",
           GetModuleHandleA("api-ms-win-core-synch-l1-2-1.dll") == synch ? "yes" : "no");
    printf("host exports Sleep: %s\n", GetProcAddress(synch, "Sleep") ? "yes" : "no");
    printf("rtlsupport is ntdll: %s\n",
           GetModuleHandleA("api-ms-win-core-rtlsupport-l1-2-0.dll") == GetModuleHandleA("ntdll.dll") ? "yes"
                                                                                                      : "no");
    printf("crt runtime set is ucrtbase: %s\n",
           GetModuleHandleA("api-ms-win-crt-runtime-l1-1-0.dll") == GetModuleHandleA("ucrtbase.dll") ? "yes" : "no");
    WCHAR wname[] = L"api-ms-win-core-processthreads-l1-1-0.dll";
    HMODULE pt = GetModuleHandleW(wname);
    printf("processthreads exports ExitProcess: %s\n", pt && GetProcAddress(pt, "ExitProcess") ? "yes" : "no");
    SetLastError(0);
    HMODULE none = LoadLibraryA("api-ms-win-core-nosuchcontract-l1-1-0.dll");
    printf("unknown contract: %p, error %lu\n", (void *)none, GetLastError());
    return 0;
}
