// build-flags: thread_dll_a.dll thread_dll_b.dll thread_quiet.dll -luser32
/* thread_dll.c - the loader's thread notifications across mingw DLLs: a
 * new thread gets TLS callbacks and DllMain(THREAD_ATTACH) in
 * initialization order before its start routine, then the program's TLS
 * callbacks; at its end THREAD_DETACH in reverse order, the program's TLS
 * callbacks last. A DLL that called DisableThreadLibraryCalls hears
 * nothing; one loaded while the thread ran hears only its detach. */
#include "thread_log.h"

int a_ping(void);
int b_ping(void);
__declspec(dllimport) int quiet_ping(void);

static HANDLE loaded, finish;

static void NTAPI tls_callback(PVOID h, DWORD reason, PVOID reserved)
{
    (void)h, (void)reserved;
    tlog("exe", "TLS callback", reason);
}
PIMAGE_TLS_CALLBACK exe_tls __attribute__((section(".CRT$XLB"), used)) = tls_callback;

static DWORD WINAPI worker(LPVOID arg)
{
    (void)arg;
    tlog_line("exe: the thread's start routine\r\n");
    SetEvent(loaded);
    WaitForSingleObject(finish, INFINITE);
    tlog_line("exe: the thread returns\r\n");
    return 0;
}

int main(void)
{
    char line[80];
    wsprintfA(line, "exe: main (pings %d)\r\n", a_ping() + b_ping() + quiet_ping());
    tlog_line(line);
    loaded = CreateEventA(NULL, FALSE, FALSE, NULL);
    finish = CreateEventA(NULL, FALSE, FALSE, NULL);
    HANDLE t = CreateThread(NULL, 0, worker, NULL, 0, NULL);
    WaitForSingleObject(loaded, INFINITE);
    tlog_line("exe: LoadLibrary while the thread runs\r\n");
    HMODULE late = LoadLibraryA("thread_late.dll");
    SetEvent(finish);
    WaitForSingleObject(t, INFINITE);
    tlog_line("exe: the thread is gone\r\n");
    CloseHandle(t);
    FreeLibrary(late);
    tlog_line("exe: return from main\r\n");
    return 0;
}
