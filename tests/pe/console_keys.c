/* console_keys.c - the console's input records. On redirected handles (the
 * sample runner's pipes) ReadConsoleInput, PeekConsoleInput,
 * GetNumberOfConsoleInputEvents, FlushConsoleInputBuffer and
 * WriteConsoleInput fail with ERROR_INVALID_HANDLE. On a terminal (the
 * ctest console_keys_pty drives it through a pty, tests/console_keys_pty.py)
 * it prints "ready <stage>" and reports what it read: key records for
 * letters, arrows, function keys with modifiers and a non-ASCII character
 * (not echoed), a flushed buffer, a line read with echo after records mode
 * (its UTF-8 e acute as cp437's 0x82),
 * Ctrl-C delivered to a handler on its own thread while processed input is
 * on and as a key record when it is off, and records a program wrote in.
 * With the argument "hold" it waits in ReadConsoleInputW until killed. */
#include <stdio.h>
#include <string.h>
#include <windows.h>

static DWORD main_tid;
static HANDLE handled;

static void redirected(HANDLE in)
{
    INPUT_RECORD r;
    DWORD n = 0;
    SetLastError(0);
    BOOL ok = ReadConsoleInputW(in, &r, 1, &n);
    printf("ReadConsoleInputW: %d, error %lu\n", ok, GetLastError());
    SetLastError(0);
    ok = PeekConsoleInputA(in, &r, 1, &n);
    printf("PeekConsoleInputA: %d, error %lu\n", ok, GetLastError());
    SetLastError(0);
    ok = GetNumberOfConsoleInputEvents(in, &n);
    printf("GetNumberOfConsoleInputEvents: %d, error %lu\n", ok, GetLastError());
    SetLastError(0);
    ok = FlushConsoleInputBuffer(in);
    printf("FlushConsoleInputBuffer: %d, error %lu\n", ok, GetLastError());
    SetLastError(0);
    memset(&r, 0, sizeof r);
    r.EventType = KEY_EVENT;
    ok = WriteConsoleInputW(in, &r, 1, &n);
    printf("WriteConsoleInputW: %d, error %lu\n", ok, GetLastError());
}

static void ready(const char *stage)
{
    printf("ready %s\n", stage);
    fflush(stdout);
}

/* Key-down records until Enter, one line each. */
static void read_keys(HANDLE in)
{
    for (int i = 0; i < 64; i++) {
        INPUT_RECORD r;
        DWORD n = 0;
        if (!ReadConsoleInputW(in, &r, 1, &n) || n != 1) {
            printf("ReadConsoleInputW failed: %lu\n", GetLastError());
            return;
        }
        if (r.EventType != KEY_EVENT || !r.Event.KeyEvent.bKeyDown)
            continue;
        KEY_EVENT_RECORD *k = &r.Event.KeyEvent;
        printf("key vk=%#x scan=%#x ch=%#x state=%#lx\n", k->wVirtualKeyCode, k->wVirtualScanCode,
               k->uChar.UnicodeChar, k->dwControlKeyState);
        if (k->wVirtualKeyCode == VK_RETURN)
            return;
    }
}

static BOOL WINAPI on_ctrl(DWORD type)
{
    printf("handler: type %lu, own thread: %s\n", type, GetCurrentThreadId() != main_tid ? "yes" : "no");
    fflush(stdout);
    SetEvent(handled);
    return TRUE;
}

static void terminal(HANDLE in)
{
    DWORD n = 0, mode = 0;
    INPUT_RECORD r[4];
    GetNumberOfConsoleInputEvents(in, &n); /* records mode: raw, nothing echoed */
    ready("keys");
    WaitForSingleObject(in, 20000); /* the keys are typed at once */
    Sleep(300);
    GetNumberOfConsoleInputEvents(in, &n);
    printf("events waiting: %s\n", n >= 2 ? "yes" : "no");
    BOOL ok = PeekConsoleInputW(in, r, 1, &n);
    DWORD after = 0;
    GetNumberOfConsoleInputEvents(in, &after);
    printf("peek: %d, %lu record, first vk=%#x down=%d, still there: %s\n", ok, n, r[0].Event.KeyEvent.wVirtualKeyCode,
           r[0].Event.KeyEvent.bKeyDown, after >= 2 ? "yes" : "no");
    ok = ReadConsoleInputA(in, r, 2, &n);
    printf("ReadConsoleInputA: %d, %lu records, ch=%#x up=%d\n", ok, n, (unsigned char)r[0].Event.KeyEvent.uChar.AsciiChar,
           !r[1].Event.KeyEvent.bKeyDown);
    read_keys(in);

    ready("flush");
    Sleep(800); /* the driver types while we sleep */
    GetNumberOfConsoleInputEvents(in, &n);
    printf("events before flush: %s\n", n ? "yes" : "no");
    ok = FlushConsoleInputBuffer(in);
    GetNumberOfConsoleInputEvents(in, &n);
    printf("flush: %d, events after: %lu\n", ok, n);

    GetConsoleMode(in, &mode);
    SetConsoleMode(in, mode); /* line mode with echo again before the driver types */
    ready("line");
    char buf[64];
    ok = ReadConsoleA(in, buf, sizeof buf - 1, &n, NULL);
    buf[n] = 0;
    buf[n >= 2 ? n - 2 : 0] = 0;
    printf("line: %d [", ok); /* in the input code page (437): non-ASCII as hex */
    for (char *p = buf; *p; p++)
        printf((unsigned char)*p < 0x80 ? "%c" : "\\x%02x", (unsigned char)*p);
    printf("]\n");

    handled = CreateEventA(NULL, TRUE, FALSE, NULL);
    SetConsoleCtrlHandler(on_ctrl, TRUE);
    GetNumberOfConsoleInputEvents(in, &n); /* records mode: raw, Ctrl-C still a signal */
    ready("ctrl-c");
    printf("handler ran: %s\n", WaitForSingleObject(handled, 20000) == WAIT_OBJECT_0 ? "yes" : "no");

    GetConsoleMode(in, &mode);
    SetConsoleMode(in, mode & ~ENABLE_PROCESSED_INPUT);
    ready("ctrl-c-key");
    read_keys(in);
    SetConsoleMode(in, mode);

    memset(r, 0, sizeof r);
    r[0].EventType = KEY_EVENT;
    r[0].Event.KeyEvent.bKeyDown = TRUE;
    r[0].Event.KeyEvent.wRepeatCount = 1;
    r[0].Event.KeyEvent.wVirtualKeyCode = VK_RETURN;
    r[0].Event.KeyEvent.uChar.UnicodeChar = '\r';
    ok = WriteConsoleInputW(in, r, 1, &n);
    printf("WriteConsoleInputW: %d, %lu written\n", ok, n);
    read_keys(in);
    printf("done\n");
}

int main(int argc, char **argv)
{
    HANDLE in = GetStdHandle(STD_INPUT_HANDLE);
    DWORD mode;
    main_tid = GetCurrentThreadId();
    if (!GetConsoleMode(in, &mode)) {
        redirected(in);
        return 0;
    }
    if (argc > 1 && !strcmp(argv[1], "hold")) {
        INPUT_RECORD r;
        DWORD n;
        GetNumberOfConsoleInputEvents(in, &n);
        ready("hold");
        ReadConsoleInputW(in, &r, 1, &n);
        return 3;
    }
    terminal(in);
    return 0;
}
