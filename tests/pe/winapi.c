/* winapi.c - proves kernel32 called directly: WriteFile to the stdout handle,
 * last-error round trips, module/proc lookup (and their error codes), TLS
 * slots, critical sections, VirtualAlloc/Protect/Query/Free, heap, system
 * info; ends with ExitProcess(3), so the exit code is 3. */
#include <stdio.h>
#include <string.h>
#include <windows.h>

#ifdef _UCRT
#define SELF "\\winapi_ucrt.exe" /* the UCRT build's file name */
#else
#define SELF "\\winapi.exe"
#endif

static void show_region(const char *label, void *addr, void *base)
{
    MEMORY_BASIC_INFORMATION mbi;
    SIZE_T n = VirtualQuery(addr, &mbi, sizeof mbi);

    printf("%s: ret=%lu base=+0x%lx allocbase=%s State=0x%lx Protect=0x%lx "
           "RegionSize=0x%lx Type=0x%lx\n",
           label, (unsigned long)n,
           (unsigned long)((char *)mbi.BaseAddress - (char *)base),
           mbi.AllocationBase == base ? "ok" : "WRONG",
           mbi.State, mbi.Protect, (unsigned long)mbi.RegionSize, mbi.Type);
}

typedef DWORD (WINAPI *pid_fn)(void);

int main(void)
{
    static const char msg[] = "WriteFile to STD_OUTPUT_HANDLE\r\n";
    HANDLE out = GetStdHandle(STD_OUTPUT_HANDLE);
    HMODULE exe, k32, user32;
    DWORD written = 0, old = 0, idx;
    CRITICAL_SECTION cs;
    MEMORY_BASIC_INFORMATION mbi;
    SYSTEM_INFO si;
    LARGE_INTEGER freq;
    char path[MAX_PATH], cmdline[4096], *p;
    char *mem, *res, *com;
    pid_fn pid;
    void *h;
    LONG volatile counter = 5;
    LONG prev;

    /* stdout handle + WriteFile (flush the CRT buffer first to keep order) */
    printf("GetStdHandle valid: %d\n", out != NULL && out != INVALID_HANDLE_VALUE);
    fflush(stdout);
    printf("WriteFile: %d", WriteFile(out, msg, sizeof msg - 1, &written, NULL) != 0);
    printf(" written=%lu\n", written);

    /* last error */
    SetLastError(1234);
    printf("GetLastError after SetLastError(1234): %lu\n", GetLastError());
    SetLastError(0);

    /* modules */
    exe = GetModuleHandleA(NULL);
    printf("GetModuleHandleA(NULL) non-null: %d, starts with MZ: %d\n", exe != NULL,
           exe != NULL && memcmp(exe, "MZ", 2) == 0);
    GetModuleFileNameA(NULL, path, sizeof path);
    p = strrchr(path, '\\');
    printf("GetModuleFileNameA ends with the program's name: %d\n", p != NULL && _stricmp(p, SELF) == 0);
    lstrcpynA(cmdline, GetCommandLineA(), sizeof cmdline);
    printf("GetCommandLineA mentions winapi: %d\n", strstr(_strlwr(cmdline), "winapi") != NULL);

    k32 = GetModuleHandleA("kernel32.dll");
    printf("GetModuleHandleA(kernel32.dll) non-null: %d\n", k32 != NULL);
    printf("GetModuleHandleA(KERNEL32) same module: %d\n", GetModuleHandleA("KERNEL32") == k32);
    pid = (pid_fn)GetProcAddress(k32, "GetCurrentProcessId");
    printf("GetProcAddress(GetCurrentProcessId) non-null: %d, same result: %d\n", pid != NULL,
           pid != NULL && pid() == GetCurrentProcessId());
    SetLastError(0);
    h = (void *)GetProcAddress(k32, "NoSuchFunctionInKernel32");
    printf("GetProcAddress(bogus): %s, GetLastError=%lu\n", h ? "non-null" : "NULL", GetLastError());
    SetLastError(0);
    h = GetModuleHandleA("no_such_module_wowbox.dll");
    printf("GetModuleHandleA(missing): %s, GetLastError=%lu\n", h ? "non-null" : "NULL", GetLastError());
    SetLastError(0);
    h = LoadLibraryA("no_such_module_wowbox.dll");
    printf("LoadLibraryA(missing): %s, GetLastError=%lu\n", h ? "non-null" : "NULL", GetLastError());

    user32 = LoadLibraryA("user32.dll");
    printf("LoadLibraryA(user32.dll) non-null: %d\n", user32 != NULL);
    printf("GetProcAddress(MessageBoxA) non-null: %d\n",
           user32 != NULL && GetProcAddress(user32, "MessageBoxA") != NULL);
    printf("FreeLibrary: %d\n", user32 != NULL && FreeLibrary(user32));

    /* TLS slots */
    idx = TlsAlloc();
    printf("TlsAlloc ok: %d\n", idx != TLS_OUT_OF_INDEXES);
    printf("TlsGetValue initially: 0x%lx\n", (unsigned long)TlsGetValue(idx));
    printf("TlsSetValue: %d\n", TlsSetValue(idx, (void *)0x1234) != 0);
    SetLastError(5);
    h = TlsGetValue(idx);
    printf("TlsGetValue: 0x%lx, GetLastError=%lu\n", (unsigned long)h, GetLastError());
    printf("TlsFree: %d\n", TlsFree(idx) != 0);

    /* critical sections (recursive) and interlocked operations */
    InitializeCriticalSection(&cs);
    EnterCriticalSection(&cs);
    EnterCriticalSection(&cs);
    printf("TryEnterCriticalSection while owned: %d\n", TryEnterCriticalSection(&cs) != 0);
    LeaveCriticalSection(&cs);
    LeaveCriticalSection(&cs);
    LeaveCriticalSection(&cs);
    DeleteCriticalSection(&cs);
    printf("critical section ok\n");
    printf("InterlockedIncrement: %ld\n", InterlockedIncrement(&counter));
    prev = InterlockedCompareExchange(&counter, 100, 6);
    printf("InterlockedCompareExchange: old %ld, now %ld\n", prev, counter);
    prev = InterlockedCompareExchange(&counter, 7, 6);   /* comparand differs: no change */
    printf("InterlockedCompareExchange mismatch: old %ld, now %ld\n", prev, counter);
    prev = InterlockedExchangeAdd(&counter, 11);
    printf("InterlockedExchangeAdd: old %ld, now %ld\n", prev, counter);

    /* virtual memory */
    mem = VirtualAlloc(NULL, 0x3000, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE);
    printf("VirtualAlloc: non-null %d, 64K aligned %d\n", mem != NULL, ((ULONG_PTR)mem & 0xFFFF) == 0);
    mem[0] = 1;
    mem[0x2FFF] = 2;
    BOOL protected_ok = VirtualProtect(mem, 0x1000, PAGE_READONLY, &old); /* before old is read */
    printf("VirtualProtect: %d old=0x%lx\n", protected_ok != 0, old);
    show_region("query +0x0000", mem, mem);
    show_region("query +0x1800", mem + 0x1800, mem);
    printf("contents kept: %d %d\n", mem[0], mem[0x2FFF]);
    printf("VirtualFree release: %d\n", VirtualFree(mem, 0, MEM_RELEASE) != 0);
    VirtualQuery(mem, &mbi, sizeof mbi);
    printf("after release: State=0x%lx\n", mbi.State);

    res = VirtualAlloc(NULL, 0x10000, MEM_RESERVE, PAGE_NOACCESS);
    VirtualQuery(res, &mbi, sizeof mbi);
    printf("reserved: State=0x%lx RegionSize=0x%lx Type=0x%lx\n", mbi.State,
           (unsigned long)mbi.RegionSize, mbi.Type);
    com = VirtualAlloc(res + 0x2000, 0x1000, MEM_COMMIT, PAGE_READWRITE);
    printf("commit inside reservation at +0x%lx\n", (unsigned long)(com - res));
    com[100] = 42;
    VirtualQuery(res, &mbi, sizeof mbi);
    printf("  +0x0000: State=0x%lx RegionSize=0x%lx\n", mbi.State, (unsigned long)mbi.RegionSize);
    show_region("  +0x2000", com, res);
    VirtualQuery(res + 0x3000, &mbi, sizeof mbi);
    printf("  +0x3000: State=0x%lx RegionSize=0x%lx\n", mbi.State, (unsigned long)mbi.RegionSize);
    printf("decommit: %d\n", VirtualFree(com, 0x1000, MEM_DECOMMIT) != 0);
    VirtualQuery(com, &mbi, sizeof mbi);
    printf("  +0x2000 after decommit: State=0x%lx\n", mbi.State);
    printf("release: %d\n", VirtualFree(res, 0, MEM_RELEASE) != 0);

    /* process heap */
    h = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, 100);
    printf("HeapAlloc: non-null %d, zeroed %d, HeapSize %lu\n", h != NULL,
           h != NULL && ((unsigned char *)h)[99] == 0, (unsigned long)HeapSize(GetProcessHeap(), 0, h));
    printf("HeapFree: %d\n", HeapFree(GetProcessHeap(), 0, h) != 0);

    /* system info */
    GetSystemInfo(&si);
    printf("page size 0x%lx, allocation granularity 0x%lx\n", si.dwPageSize, si.dwAllocationGranularity);
    BOOL qpf_ok = QueryPerformanceFrequency(&freq); /* before freq is read */
    printf("QueryPerformanceFrequency: %d, positive %d\n", qpf_ok != 0, freq.QuadPart > 0);

    printf("calling ExitProcess(3)\n");
    fflush(stdout);                     /* ExitProcess does not flush CRT buffers for us */
    ExitProcess(3);
}
