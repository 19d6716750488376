/* deterministic.c - what --deterministic (wowbox test's default) fixes:
 * the clock starts at the fake date and moves only as the program reads it
 * and waits (a 1.5 s Sleep moves GetTickCount by 1.5 s), the ids, the
 * computer and user names, and RtlGenRandom's bytes. With "raw" it prints
 * every raw value instead, for the ctest that runs it twice and compares
 * (tests/determinism.py). */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <windows.h>

typedef BOOLEAN(WINAPI *gen_random_fn)(PVOID, ULONG);

static void random_hex(char *out, int n)
{
    unsigned char buf[16] = { 0 };
    gen_random_fn gen = (gen_random_fn)GetProcAddress(LoadLibraryA("advapi32.dll"), "SystemFunction036");
    if (!gen || !gen(buf, n))
        strcpy(out, "RtlGenRandom failed");
    else
        for (int i = 0; i < n; i++)
            sprintf(out + 2 * i, "%02x", buf[i]);
}

int main(int argc, char **argv)
{
    int raw = argc > 1 && !strcmp(argv[1], "raw");
    SYSTEMTIME st;
    GetSystemTime(&st);
    FILETIME ft;
    GetSystemTimeAsFileTime(&ft);
    LARGE_INTEGER qpc, freq;
    QueryPerformanceCounter(&qpc);
    QueryPerformanceFrequency(&freq);
    DWORD tick0 = GetTickCount();
    Sleep(1500);
    DWORD tick1 = GetTickCount();
    char computer[64], user[64], rnd[40], tmp[MAX_PATH], dir[MAX_PATH];
    DWORD n = sizeof computer;
    GetComputerNameA(computer, &n);
    n = sizeof user;
    GetUserNameA(user, &n);
    random_hex(rnd, 16);
    GetTempPathA(sizeof dir, dir);
    GetTempFileNameA(dir, "wbx", 0, tmp);
    DeleteFileA(tmp);
    printf("date %04u-%02u-%02u %02u:%02u\n", st.wYear, st.wMonth, st.wDay, st.wHour, st.wMinute);
    printf("slept %lu ms\n", (unsigned long)(tick1 - tick0));
    printf("pid %lu tid %lu\n", GetCurrentProcessId(), GetCurrentThreadId());
    printf("computer %s user %s\n", computer, user);
    printf("random %s\n", rnd);
    if (!raw)
        return 0;
    printf("filetime %08lx%08lx\n", ft.dwHighDateTime, ft.dwLowDateTime);
    printf("qpc %lld freq %lld\n", qpc.QuadPart, freq.QuadPart);
    printf("ticks %lu %lu\n", tick0, tick1);
    printf("time %ld clock %ld\n", (long)time(NULL), (long)clock());
    printf("temp file %s\n", strrchr(tmp, '\\') ? strrchr(tmp, '\\') + 1 : tmp);
    printf("rand %d %d\n", rand(), rand());
    return 0;
}
