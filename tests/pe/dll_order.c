// build-flags: order_a.dll order_b.dll -luser32
/* dll_order.c - the Windows loader's order of events across three mingw
 * DLLs: TLS callbacks before DllMain, dependencies first at start and last
 * at exit, the program's own TLS callbacks around main; LoadLibrary and
 * FreeLibrary reference counts; exports by ordinal only and forwarded. */
#include <stdio.h>
#include <string.h>
#include "order_log.h"

int a_value(void);

static void NTAPI tls_callback(PVOID h, DWORD reason, PVOID reserved)
{
    (void)h, (void)reserved;
    if (reason == DLL_PROCESS_ATTACH || reason == DLL_PROCESS_DETACH)
        order_say("exe", "TLS callback", reason);
}
PIMAGE_TLS_CALLBACK exe_tls __attribute__((section(".CRT$XLB"), used)) = tls_callback;

static void line(const char *s)
{
    DWORD n;
    WriteFile(GetStdHandle(STD_OUTPUT_HANDLE), s, lstrlenA(s), &n, NULL);
}

int main(void)
{
    char buf[300];
    line("exe: main\r\n");
    wsprintfA(buf, "exe: a_value() = %d\r\n", a_value());
    line(buf);
    HMODULE b = GetModuleHandleA("order_b.dll");
    int (*secret)(void) = (int (*)(void))GetProcAddress(b, (LPCSTR)7);
    wsprintfA(buf, "exe: order_b ordinal #7 = %d\r\n", secret ? secret() : -1);
    line(buf);
    FARPROC fwd = GetProcAddress(b, "b_ticks");
    wsprintfA(buf, "exe: forwarded b_ticks is kernel32!GetTickCount: %s\r\n",
              fwd && fwd == GetProcAddress(GetModuleHandleA("kernel32.dll"), "GetTickCount") ? "yes" : "no");
    line(buf);
    GetModuleFileNameA(GetModuleHandleA("order_a.dll"), buf, sizeof buf);
    line(strstr(buf, "\\order_a.dll") ? "exe: order_a.dll found next to the program\r\n" : "exe: order_a.dll path wrong\r\n");
    HMODULE c = LoadLibraryA("order_c.dll");
    HMODULE c2 = LoadLibraryA("ORDER_C");
    wsprintfA(buf, "exe: second LoadLibrary gives the same module: %s\r\n", c && c == c2 ? "yes" : "no");
    line(buf);
    int (*cv)(void) = (int (*)(void))GetProcAddress(c, "c_value");
    wsprintfA(buf, "exe: c_value() = %d\r\n", cv ? cv() : -1);
    line(buf);
    line("exe: FreeLibrary 1\r\n");
    FreeLibrary(c);
    line("exe: FreeLibrary 2\r\n");
    FreeLibrary(c2);
    wsprintfA(buf, "exe: order_c unloaded: %s\r\n", GetModuleHandleA("order_c.dll") == NULL ? "yes" : "no");
    line(buf);
    SetLastError(0);
    HMODULE none = LoadLibraryA("order_missing.dll");
    wsprintfA(buf, "exe: missing DLL: %s, error %lu\r\n", none ? "loaded?!" : "NULL", GetLastError());
    line(buf);
    line("exe: return from main\r\n");
    return 0;
}
