/* debug_api.c - the debugger side of the debug API with no debugger
 * anywhere: each call fails the way Windows' does, so loops that poll
 * WaitForDebugEvent stop, and CheckRemoteDebuggerPresent says no
 * (DebugSetProcessKillOnExit fails as Windows' does without a debug
 * object; Wine 8 lets it succeed); OutputDebugString's text goes nowhere. */
#define __USE_MINGW_ANSI_STDIO 0 /* msvcrt.dll's printf */
#include <stdio.h>
#include <windows.h>

int main(void)
{
    BOOL present = TRUE, ok;
    DEBUG_EVENT de;
    ok = CheckRemoteDebuggerPresent(GetCurrentProcess(), &present);
    printf("CheckRemoteDebuggerPresent: %d present %d; IsDebuggerPresent %d\n", ok, present, IsDebuggerPresent());
    SetLastError(0);
    ok = CheckRemoteDebuggerPresent(GetCurrentProcess(), NULL);
    printf("CheckRemoteDebuggerPresent(NULL): %d error %lu\n", ok, GetLastError());
    SetLastError(0);
    ok = WaitForDebugEvent(&de, 0);
    printf("WaitForDebugEvent: %d error %lu\n", ok, GetLastError());
    SetLastError(0);
    ok = ContinueDebugEvent(GetCurrentProcessId(), GetCurrentThreadId(), DBG_CONTINUE);
    printf("ContinueDebugEvent: %d error %lu\n", ok, GetLastError());
    SetLastError(0);
    ok = DebugActiveProcess(GetCurrentProcessId());
    printf("DebugActiveProcess(self): %d error %lu\n", ok, GetLastError());
    SetLastError(0);
    ok = DebugActiveProcess(0xFFFFFFF0);
    printf("DebugActiveProcess(no such process): %d error %lu\n", ok, GetLastError());
    SetLastError(0);
    ok = DebugSetProcessKillOnExit(TRUE);
    printf("DebugSetProcessKillOnExit: %d error %lu\n", ok, GetLastError());
    OutputDebugStringA("to no debugger\n");
    OutputDebugStringW(L"to no debugger either\n");
    printf("OutputDebugString returned\n");
    return 0;
}
