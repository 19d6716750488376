/* codepage_acp.c - run with --codepage=932,932 (codepage_acp.opts): GetACP,
 * GetOEMCP and the console's code page follow it, CP_ACP converts
 * Shift-JIS, IsDBCSLeadByte knows its lead bytes, an A function's string is
 * read in the ANSI page (a file made with CreateFileA under a Shift-JIS name
 * is found by FindFirstFileW under its Unicode name), and a child process
 * started with CreateProcess gets the same pages. */
#include <stdio.h>
#include <string.h>
#include <windows.h>

int main(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "child")) {
        printf("child: GetACP %u, GetOEMCP %u\n", GetACP(), GetOEMCP());
        return 0;
    }
    printf("GetACP %u, GetOEMCP %u, GetConsoleCP %u\n", GetACP(), GetOEMCP(), GetConsoleCP());
    printf("IsDBCSLeadByte 0x81 %d, 0x41 %d\n", IsDBCSLeadByte(0x81), IsDBCSLeadByte(0x41));
    const char sjis[] = "\x93\xfa\x96\x7b.txt"; /* "日本.txt" in Shift-JIS */
    WCHAR w[16];
    int n = MultiByteToWideChar(CP_ACP, 0, sjis, -1, w, 16);
    printf("CP_ACP: %d units, U+%04X U+%04X\n", n, w[0], w[1]);
    HANDLE h = CreateFileA(sjis, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    printf("CreateFileA: %s\n", h != INVALID_HANDLE_VALUE ? "created" : "failed");
    CloseHandle(h);
    WIN32_FIND_DATAW fd;
    HANDLE f = FindFirstFileW(L"\u65e5\u672c.txt", &fd);
    printf("FindFirstFileW(Unicode name): %s\n", f != INVALID_HANDLE_VALUE ? "found" : "not found");
    if (f != INVALID_HANDLE_VALUE)
        FindClose(f);
    WIN32_FIND_DATAA fa;
    f = FindFirstFileA("*.txt", &fa);
    printf("FindFirstFileA gives the Shift-JIS bytes back: %s\n",
           f != INVALID_HANDLE_VALUE && !strcmp(fa.cFileName, sjis) ? "yes" : "no");
    if (f != INVALID_HANDLE_VALUE)
        FindClose(f);
    DeleteFileA(sjis);
    char self[MAX_PATH], cmd[MAX_PATH + 16];
    GetModuleFileNameA(NULL, self, sizeof self);
    snprintf(cmd, sizeof cmd, "\"%s\" child", self);
    STARTUPINFOA si = { sizeof si };
    PROCESS_INFORMATION pi;
    fflush(stdout);
    if (CreateProcessA(NULL, cmd, NULL, NULL, TRUE, 0, NULL, NULL, &si, &pi)) {
        WaitForSingleObject(pi.hProcess, INFINITE);
        CloseHandle(pi.hProcess);
        CloseHandle(pi.hThread);
    }
    return 0;
}
