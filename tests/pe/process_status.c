// build-flags: -lpsapi
/* process_status.c - what a program learns about itself and the system:
 * NtQuerySystemInformation (basic, processor, performance, time of day,
 * processor times, the process list, the kernel's modules), NtQueryObject
 * (basic, name, type), toolhelp snapshots and psapi.dll (imported as
 * PSAPI_VERSION 1: its forwarders to kernel32's K32 functions). Each
 * function keeps its frame under 4 KB: under the unicorn backend a
 * stack-probed frame crashes once a second thread exists (a known bug,
 * not this sample's subject). */
#define __USE_MINGW_ANSI_STDIO 0 /* msvcrt.dll's printf */
#define PSAPI_VERSION 1
#include <stdio.h>
#include <string.h>
#include <windows.h>
#include <winternl.h>
#include <psapi.h>
#include <tlhelp32.h>

typedef LONG(WINAPI *query_system_fn)(ULONG, void *, ULONG, ULONG *);
typedef LONG(WINAPI *query_object_fn)(HANDLE, ULONG, void *, ULONG, ULONG *);

static query_system_fn query_system;
static query_object_fn query_object;
static HANDLE go;

struct basic_info { /* SYSTEM_BASIC_INFORMATION */
    ULONG Reserved, TimerResolution, PageSize, NumberOfPhysicalPages, LowestPhysicalPageNumber,
        HighestPhysicalPageNumber, AllocationGranularity;
    ULONG_PTR MinimumUserModeAddress, MaximumUserModeAddress, ActiveProcessorsAffinityMask;
    CCHAR NumberOfProcessors;
};

struct process_entry { /* SYSTEM_PROCESS_INFORMATION, then the threads */
    ULONG NextEntryOffset, NumberOfThreads;
    LARGE_INTEGER Reserved[3], CreateTime, UserTime, KernelTime;
    UNICODE_STRING ImageName;
    LONG BasePriority;
    HANDLE UniqueProcessId, InheritedFromUniqueProcessId;
    ULONG HandleCount, SessionId;
    ULONG_PTR UniqueProcessKey;
    SIZE_T counters[11];
    LARGE_INTEGER io[6];
};

struct thread_entry { /* SYSTEM_THREAD_INFORMATION */
    LARGE_INTEGER KernelTime, UserTime, CreateTime;
    ULONG WaitTime;
    PVOID StartAddress;
    HANDLE UniqueProcess, UniqueThread;
    LONG Priority, BasePriority;
    ULONG ContextSwitches, ThreadState, WaitReason;
};

static DWORD WINAPI waiter(void *arg)
{
    (void)arg;
    WaitForSingleObject(go, INFINITE);
    return 0;
}

static const char *exe_name(void)
{
    static char path[MAX_PATH];
    GetModuleFileNameA(NULL, path, sizeof path);
    char *slash = strrchr(path, '\\');
    return slash ? slash + 1 : path;
}

__attribute__((noinline)) static void system_information(void)
{
    struct basic_info bi;
    SYSTEM_INFO si;
    ULONG len = 0;
    GetSystemInfo(&si);
    LONG st = query_system(0, &bi, sizeof bi, &len);
    printf("basic: %08lx len %lu page %lu granularity %lx processors as GetSystemInfo %d, top as it %d\n", st, len,
           bi.PageSize, bi.AllocationGranularity, (DWORD)bi.NumberOfProcessors == si.dwNumberOfProcessors,
           (void *)bi.MaximumUserModeAddress == si.lpMaximumApplicationAddress);
    st = query_system(0, &bi, sizeof bi + 4, &len);
    printf("basic with a longer buffer: %08lx len %lu\n", st, len);

    BYTE cpu[12];
    st = query_system(1, cpu, sizeof cpu, &len);
    printf("processor: %08lx architecture %u\n", st, *(USHORT *)cpu);

    static BYTE perf[0x158];
    st = query_system(2, perf, 0x138, &len);
    printf("performance (XP size): %08lx len %lx;", st, len);
    printf(" short: %08lx\n", query_system(2, perf, 0x100, &len));

    LARGE_INTEGER tod[6];
    FILETIME now;
    GetSystemTimeAsFileTime(&now);
    st = query_system(3, tod, 48, &len);
    LONGLONG diff = tod[1].QuadPart - (LONGLONG)((ULONGLONG)now.dwHighDateTime << 32 | now.dwLowDateTime);
    printf("time of day: %08lx len %lu, current time within 1 s %d, booted before %d\n", st, len,
           diff > -10000000 && diff < 10000000, tod[0].QuadPart < tod[1].QuadPart);
    st = query_system(3, tod, 8, &len);
    printf("time of day, 8 bytes: %08lx len %lu;", st, len);
    printf(" 49 bytes: %08lx\n", query_system(3, tod, 49, &len));

    static BYTE times[48 * 64];
    st = query_system(8, times, sizeof times, &len);
    printf("processor times: %08lx, one record per processor %d\n", st, len == 48 * si.dwNumberOfProcessors);

    static BYTE modules[4 + 284 * 8];
    st = query_system(11, modules, sizeof modules, &len);
    const char *first = (const char *)modules + 4 + 28;
    printf("kernel modules: %08lx, first %s\n", st, first + ((USHORT *)(modules + 4 + 26))[0]);
    printf("unknown class: %08lx\n", query_system(0x7FFF, modules, sizeof modules, &len));
}

__attribute__((noinline)) static void process_list(DWORD tid)
{
    static BYTE buf[1 << 16];
    ULONG len = 0, need = 0;
    LONG st = query_system(5, buf, 16, &need);
    printf("process list, 16 bytes: %08lx, asks for more %d\n", st, need > 16);
    st = query_system(5, buf, sizeof buf, &len);
    printf("process list: %08lx, length as asked %d\n", st, len == need);
    struct process_entry *p = (void *)buf;
    printf("first: the idle process %d\n", p->UniqueProcessId == 0 && p->ImageName.Length == 0);
    for (;;) {
        if ((DWORD)(ULONG_PTR)p->UniqueProcessId == GetCurrentProcessId()) {
            char name[MAX_PATH] = "";
            WideCharToMultiByte(CP_ACP, 0, p->ImageName.Buffer, p->ImageName.Length / 2, name, sizeof name, NULL, NULL);
            struct thread_entry *t = (void *)(p + 1);
            int main_seen = 0, waiter_seen = 0;
            for (ULONG i = 0; i < p->NumberOfThreads; i++) {
                main_seen |= (DWORD)(ULONG_PTR)t[i].UniqueThread == GetCurrentThreadId();
                waiter_seen |= (DWORD)(ULONG_PTR)t[i].UniqueThread == tid;
            }
            printf("this process: named as the program %d, threads %lu, this one %d, the waiter %d\n",
                   !strcmp(name, exe_name()), p->NumberOfThreads, main_seen, waiter_seen);
        }
        if (!p->NextEntryOffset)
            break;
        p = (void *)((BYTE *)p + p->NextEntryOffset);
    }
}

__attribute__((noinline)) static void show_object(const char *what, HANDLE h)
{
    BYTE buf[512];
    ULONG len = 0;
    UNICODE_STRING *s = (void *)buf;
    char type[64] = "", name[256] = "";
    LONG st = query_object(h, 2, buf, sizeof buf, &len);
    if (st == 0)
        WideCharToMultiByte(CP_ACP, 0, s->Buffer, s->Length / 2, type, sizeof type, NULL, NULL);
    LONG st2 = query_object(h, 1, buf, sizeof buf, &len);
    if (st2 == 0 && s->Length)
        WideCharToMultiByte(CP_ACP, 0, s->Buffer, s->Length / 2, name, sizeof name, NULL, NULL);
    char *tail = strrchr(name, '\\');
    printf("%s: type %08lx %s; name %08lx, length %s, tail %s\n", what, st, type, st2,
           len == sizeof *s + (s->Length ? s->MaximumLength : 0) ? "as the string's" : "wrong", tail ? tail : "(none)");
}

__attribute__((noinline)) static void objects(void)
{
    HANDLE named = CreateEventA(NULL, TRUE, FALSE, "wowbox_status_event");
    HANDLE anon = CreateMutexA(NULL, FALSE, NULL);
    char path[MAX_PATH];
    GetTempPathA(sizeof path, path);
    strcat(path, "wowbox_status.tmp");
    HANDLE file = CreateFileA(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_FLAG_DELETE_ON_CLOSE, NULL);
    show_object("named event", named);
    show_object("anonymous mutex", anon);
    show_object("file", file);
    show_object("current process", GetCurrentProcess());
    show_object("current thread", GetCurrentThread());

    BYTE buf[512];
    ULONG len = 0;
    LONG st = query_object(named, 1, buf, 8, &len);
    printf("name into 8 bytes: %08lx, asks for more %d\n", st, len > 8);
    SetHandleInformation(named, HANDLE_FLAG_INHERIT, HANDLE_FLAG_INHERIT);
    st = query_object(named, 0, buf, sizeof buf, &len);
    printf("basic: %08lx len %lu inherit attribute %lx\n", st, len, *(ULONG *)buf & 2);
    printf("basic into 16 bytes: %08lx;", query_object(named, 0, buf, 16, &len));
    printf(" bad handle: %08lx;", query_object((HANDLE)0x1234, 0, buf, sizeof buf, &len));
    printf(" bad class: %08lx\n", query_object(named, 77, buf, sizeof buf, &len));
    CloseHandle(file);
    CloseHandle(anon);
    CloseHandle(named);
}

__attribute__((noinline)) static void toolhelp(DWORD tid)
{
    HANDLE snap = CreateToolhelp32Snapshot(TH32CS_SNAPPROCESS | TH32CS_SNAPTHREAD, 0);
    PROCESSENTRY32 pe = { 0 };
    printf("snapshot: %d\n", snap != INVALID_HANDLE_VALUE);
    SetLastError(0);
    BOOL got = Process32First(snap, &pe);
    printf("Process32First with dwSize 0: %d error %lu\n", got, GetLastError());
    pe.dwSize = sizeof pe;
    int found = 0, count = 0;
    for (BOOL ok = Process32First(snap, &pe); ok; ok = Process32Next(snap, &pe), count++)
        if (pe.th32ProcessID == GetCurrentProcessId())
            found = !strcmp(pe.szExeFile, exe_name()) && pe.cntThreads == 2;
    printf("processes: this one by name with 2 threads %d, end error %lu\n", found, GetLastError());
    THREADENTRY32 te = { sizeof te };
    int mine = 0;
    for (BOOL ok = Thread32First(snap, &te); ok; ok = Thread32Next(snap, &te))
        mine += te.th32OwnerProcessID == GetCurrentProcessId() &&
                (te.th32ThreadID == GetCurrentThreadId() || te.th32ThreadID == tid);
    printf("threads of this process seen: %d\n", mine);
    MODULEENTRY32 me = { sizeof me };
    SetLastError(0);
    got = Module32First(snap, &me);
    printf("Module32First without SNAPMODULE: %d error %lu\n", got, GetLastError());
    CloseHandle(snap);

    snap = CreateToolhelp32Snapshot(TH32CS_SNAPMODULE, 0);
    BOOL ok = Module32First(snap, &me);
    printf("first module is the program: %d %d\n", ok, me.hModule == GetModuleHandleA(NULL) && !strcmp(me.szModule, exe_name()));
    int k32 = 0;
    for (; ok; ok = Module32Next(snap, &me))
        k32 |= !_stricmp(me.szModule, "kernel32.dll") && me.hModule == GetModuleHandleA("kernel32.dll") &&
               me.modBaseAddr == (BYTE *)me.hModule && me.modBaseSize > 0;
    printf("kernel32 listed at its handle: %d\n", k32);
    MODULEENTRY32W mw = { sizeof mw };
    got = Module32FirstW(snap, &mw);
    printf("Module32FirstW: %d the program %d\n", got, mw.hModule == GetModuleHandleA(NULL) && mw.szModule[0] != 0);
    CloseHandle(snap);
}

__attribute__((noinline)) static void psapi(void)
{
    DWORD pids[256], needed = 0;
    BOOL ok = EnumProcesses(pids, sizeof pids, &needed);
    int mine = 0;
    for (DWORD i = 0; i < needed / 4; i++)
        mine |= pids[i] == GetCurrentProcessId();
    printf("EnumProcesses: %d, this one listed %d\n", ok, mine);
    HMODULE mods[128];
    ok = EnumProcessModules(GetCurrentProcess(), mods, sizeof mods, &needed);
    printf("EnumProcessModules: %d, first the program %d, more than 2 %d\n", ok, mods[0] == GetModuleHandleA(NULL),
           needed > 8);
    ok = EnumProcessModules(GetCurrentProcess(), mods, 4, &needed);
    printf("EnumProcessModules into one slot: %d, needs them all %d\n", ok, needed > 8);
    char name[MAX_PATH];
    DWORD n = GetModuleBaseNameA(GetCurrentProcess(), GetModuleHandleA("kernel32.dll"), name, sizeof name);
    printf("GetModuleBaseName(kernel32): %lu %d\n", n, !_stricmp(name, "kernel32.dll"));
    memset(name, '#', 8);
    n = GetModuleBaseNameA(GetCurrentProcess(), NULL, name, 4);
    printf("GetModuleBaseName into 4 chars: %lu '%.4s', untouched after %d\n", n, name, name[4] == '#');
    char full[MAX_PATH], own[MAX_PATH];
    n = GetModuleFileNameExA(GetCurrentProcess(), NULL, full, sizeof full);
    GetModuleFileNameA(NULL, own, sizeof own);
    printf("GetModuleFileNameEx: as GetModuleFileName %d\n", n == strlen(own) && !strcmp(full, own));
    MODULEINFO mi;
    ok = GetModuleInformation(GetCurrentProcess(), GetModuleHandleA(NULL), &mi, sizeof mi);
    printf("GetModuleInformation: %d base %d size %d;", ok, mi.lpBaseOfDll == GetModuleHandleA(NULL), mi.SizeOfImage > 0);
    ok = GetModuleInformation(GetCurrentProcess(), NULL, &mi, 4);
    printf(" short: %d error %lu\n", ok, GetLastError());
    PROCESS_MEMORY_COUNTERS pmc;
    ok = GetProcessMemoryInfo(GetCurrentProcess(), &pmc, sizeof pmc);
    printf("GetProcessMemoryInfo: %d cb %lu working set %d page file %d\n", ok, pmc.cb, pmc.WorkingSetSize > 0,
           pmc.PagefileUsage > 0);
    n = GetMappedFileNameA(GetCurrentProcess(), (char *)GetModuleHandleA("kernel32.dll") + 0x1000, full, sizeof full);
    char *base = strrchr(full, '\\');
    printf("GetMappedFileName(kernel32): device path %d, file %d\n", !strncmp(full, "\\Device\\HarddiskVolume", 22),
           n && base && !_stricmp(base, "\\kernel32.dll"));
    SetLastError(0);
    n = GetMappedFileNameA(GetCurrentProcess(), pids, full, sizeof full);
    printf("GetMappedFileName(stack): %lu error %lu\n", n, GetLastError());
    void *freed = VirtualAlloc(NULL, 4096, MEM_COMMIT, PAGE_READWRITE);
    VirtualFree(freed, 0, MEM_RELEASE);
    n = GetMappedFileNameA(GetCurrentProcess(), freed, full, sizeof full);
    printf("GetMappedFileName(free memory): %lu error %lu\n", n, GetLastError());
    n = GetProcessImageFileNameA(GetCurrentProcess(), full, sizeof full);
    base = strrchr(full, '\\');
    printf("GetProcessImageFileName: device path %d, the program %d\n", !strncmp(full, "\\Device\\", 8),
           base && !strcmp(base + 1, exe_name()));
    FARPROC via_psapi = GetProcAddress(GetModuleHandleA("psapi.dll"), "EnumProcesses");
    FARPROC k32 = GetProcAddress(GetModuleHandleA("kernel32.dll"), "K32EnumProcesses");
    printf("psapi!EnumProcesses is kernel32!K32EnumProcesses: %d\n", via_psapi && via_psapi == k32);
}

int main(void)
{
    HMODULE ntdll = GetModuleHandleA("ntdll.dll");
    query_system = (query_system_fn)GetProcAddress(ntdll, "NtQuerySystemInformation");
    query_object = (query_object_fn)GetProcAddress(ntdll, "NtQueryObject");
    go = CreateEventA(NULL, TRUE, FALSE, NULL);
    DWORD tid;
    HANDLE th = CreateThread(NULL, 0, waiter, NULL, 0, &tid);
    system_information();
    process_list(tid);
    objects();
    toolhelp(tid);
    psapi();
    SetEvent(go);
    WaitForSingleObject(th, INFINITE);
    return 0;
}
