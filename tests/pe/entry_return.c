// build-flags: -nostartfiles -Wl,-e,_entry_point@4
/* entry_return.c - proves where start routines return to: the program's
 * entry point (no CRT start-up here: it is the PE's entry) and a
 * CreateThread routine both find a return address inside kernel32.dll's
 * image (kernel32!BaseThreadInitThunk, as on Windows), from which packers
 * scan down in 64 KB steps to kernel32's MZ header; the entry point gets
 * the PEB as its parameter, and what it returns is the exit code. */
#include <stdarg.h>
#include <windows.h>
#include <winternl.h>

/* no CRT start-up: msvcrt's stdio buffers are not set up for us */
static void say(const char *fmt, ...)
{
    char buf[256];
    DWORD n;
    va_list ap;
    va_start(ap, fmt);
    int len = wvsprintfA(buf, fmt, ap);
    va_end(ap);
    WriteFile(GetStdHandle(STD_OUTPUT_HANDLE), buf, (DWORD)len, &n, NULL);
}

static int in_kernel32(void *addr)
{
    MEMORY_BASIC_INFORMATION mbi;
    return VirtualQuery(addr, &mbi, sizeof mbi) && mbi.AllocationBase == (void *)GetModuleHandleA("kernel32.dll");
}

/* only called once in_kernel32 holds: every 64 KB boundary down to the
 * image base is inside the image */
static void *scan_down_for_mz(void *addr)
{
    ULONG_PTR p = (ULONG_PTR)addr & ~(ULONG_PTR)0xFFFF;
    while (*(WORD *)p != IMAGE_DOS_SIGNATURE)
        p -= 0x10000;
    return (void *)p;
}

static void report(const char *who, void *ret)
{
    int inside = in_kernel32(ret);
    say("%s returns into kernel32: %d\r\n", who, inside);
    if (inside)
        say("%s: scanning down finds kernel32's header: %d\r\n", who,
               scan_down_for_mz(ret) == (void *)GetModuleHandleA("kernel32.dll"));
}

static DWORD WINAPI thread_routine(void *param)
{
    report("thread routine", __builtin_return_address(0));
    say("thread parameter arrives: %d\r\n", param == (void *)0x1234);
    return 55;
}

int WINAPI entry_point(void *peb)
{
    DWORD code = 0;
    report("entry point", __builtin_return_address(0));
    say("entry point's parameter is the PEB: %d\r\n", peb == NtCurrentTeb()->ProcessEnvironmentBlock);
    HANDLE t = CreateThread(NULL, 0, thread_routine, (void *)0x1234, 0, NULL);
    WaitForSingleObject(t, INFINITE);
    GetExitCodeThread(t, &code);
    say("thread exit code: %lu\r\n", code);
    CloseHandle(t);
    return 7;
}
