/* console_tty.c - the console functions. On redirected handles (as the
 * sample runner gives: pipes) every console call fails with
 * ERROR_INVALID_HANDLE (WriteConsole included) while the code pages and the
 * title still work, and bytes written go out as they are (no code page). On a
 * terminal (the ctest console_pty runs it on a pty sized 100x30 and types
 * a line) the modes, the screen buffer size, the colour sequences and
 * line input are checked. */
#include <stdio.h>
#include <string.h>
#include <windows.h>

static void redirected(HANDLE in, HANDLE out)
{
    DWORD mode, n;
    CONSOLE_SCREEN_BUFFER_INFO info;
    char buf[16];
    printf("stdout type: %s\n", GetFileType(out) == FILE_TYPE_PIPE ? "pipe" : "other");
    SetLastError(0);
    BOOL ok = GetConsoleMode(out, &mode);
    printf("GetConsoleMode(stdout): %d, error %lu\n", ok, GetLastError());
    ok = SetConsoleMode(in, 0);
    printf("SetConsoleMode(stdin): %d, error %lu\n", ok, GetLastError());
    SetLastError(0);
    ok = GetConsoleScreenBufferInfo(out, &info);
    printf("GetConsoleScreenBufferInfo: %d, error %lu\n", ok, GetLastError());
    SetLastError(0);
    ok = SetConsoleTextAttribute(out, FOREGROUND_RED);
    printf("SetConsoleTextAttribute: %d, error %lu\n", ok, GetLastError());
    SetLastError(0);
    ok = ReadConsoleA(in, buf, sizeof buf, &n, NULL);
    printf("ReadConsoleA: %d, error %lu\n", ok, GetLastError());
    SetLastError(0);
    fflush(stdout);
    ok = WriteConsoleA(out, "lost\n", 5, &n, NULL);
    printf("WriteConsoleA: %d, error %lu\n", ok, GetLastError());
    fflush(stdout);
    WriteFile(out, "raw \xc9\xcd\xbb\r\n", 9, &n, NULL); /* a pipe gets the bytes */
}

static void code_pages_and_title(void)
{
    char title[64];
    printf("GetConsoleCP %u, GetConsoleOutputCP %u\n", GetConsoleCP(), GetConsoleOutputCP());
    BOOL ok = SetConsoleOutputCP(65001);
    printf("SetConsoleOutputCP(65001): %d, now %u\n", ok, GetConsoleOutputCP());
    SetLastError(0);
    ok = SetConsoleOutputCP(12345);
    printf("SetConsoleOutputCP(12345): %d, error %lu\n", ok, GetLastError());
    SetConsoleOutputCP(437);
    printf("SetConsoleTitleA: %d\n", SetConsoleTitleA("wowbox title"));
    DWORD n = GetConsoleTitleA(title, sizeof title);
    printf("GetConsoleTitleA: %lu [%s]\n", n, title);
}

/* Bytes written to a console are in its output code page: the terminal
 * shows their characters (cp437's box drawing, cp1252's e acute, a cp932
 * pair split over two writes); a UTF-8 output page passes them as they are. */
static void console_code_page_text(HANDLE out)
{
    DWORD n = 0;
    BOOL ok = WriteConsoleA(out, "A \xc9\xcd\xbb\n", 6, &n, NULL);
    printf("WriteConsoleA: %d, %lu chars\n", ok, n);
    ok = WriteFile(out, "F \xb0\xb1\xb2\n", 6, &n, NULL);
    printf("WriteFile: %d, %lu bytes\n", ok, n);
    printf("P \xda\xc4\xbf\n");
    fflush(stdout);
    SetConsoleOutputCP(1252);
    WriteFile(out, "caf\xe9\n", 5, &n, NULL);
    SetConsoleOutputCP(65001);
    WriteFile(out, "U \xe2\x94\x80\n", 6, &n, NULL);
    SetConsoleOutputCP(932);
    WriteFile(out, "J \x93", 3, &n, NULL);
    ok = WriteFile(out, "\xfa\x96\x7b\n", 4, &n, NULL);
    printf("split pair: %d, %lu bytes\n", ok, n);
    fflush(stdout);
    SetConsoleOutputCP(437);
}

static void terminal(HANDLE in, HANDLE out)
{
    DWORD mode = 0, n = 0;
    CONSOLE_SCREEN_BUFFER_INFO info;
    char buf[64];
    GetConsoleMode(in, &mode);
    printf("input mode %#lx\n", mode);
    GetConsoleMode(out, &mode);
    printf("output mode %#lx\n", mode);
    SetLastError(0);
    BOOL ok = SetConsoleMode(in, ENABLE_ECHO_INPUT);
    printf("echo without line input: %d, error %lu\n", ok, GetLastError());
    ok = GetConsoleScreenBufferInfo(out, &info);
    printf("screen buffer: %d, %dx%d, window %d..%d, attributes %#x\n", ok, info.dwSize.X, info.dwSize.Y,
           info.srWindow.Left, info.srWindow.Right, info.wAttributes);
    fflush(stdout);
    SetConsoleTextAttribute(out, FOREGROUND_RED | FOREGROUND_INTENSITY | BACKGROUND_BLUE);
    printf("red on blue");
    fflush(stdout);
    SetConsoleTextAttribute(out, FOREGROUND_RED | FOREGROUND_GREEN | FOREGROUND_BLUE);
    printf("\n");
    GetConsoleScreenBufferInfo(out, &info);
    printf("attributes now %#x\n", info.wAttributes);
    fflush(stdout);
    ok = WriteConsoleW(out, L"console \u00e9crit\n", 15, &n, NULL);
    printf("WriteConsoleW: %d, %lu chars\n", ok, n);
    console_code_page_text(out);
    printf("type a line\n");
    fflush(stdout);
    ok = ReadConsoleA(in, buf, sizeof buf - 1, &n, NULL);
    buf[n] = 0;
    printf("ReadConsoleA: %d, %lu chars, ends with CR LF: %s\n", ok, n, n >= 2 && !strcmp(buf + n - 2, "\r\n") ? "yes" : "no");
    buf[n >= 2 ? n - 2 : 0] = 0;
    printf("line [%s]\n", buf);
}

int main(void)
{
    HANDLE in = GetStdHandle(STD_INPUT_HANDLE), out = GetStdHandle(STD_OUTPUT_HANDLE);
    DWORD mode;
    if (GetConsoleMode(out, &mode))
        terminal(in, out);
    else
        redirected(in, out);
    code_pages_and_title();
    return 0;
}
