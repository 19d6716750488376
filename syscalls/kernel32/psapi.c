/* The process-status functions (kernel32's K32* exports, psapi.dll's
 * names forward to them): the guest process ids, this process's modules,
 * names and memory counters. Another process's modules and memory are out
 * of reach (each runs in its own wowbox): ERROR_ACCESS_DENIED. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "core/handles.h"
#include "core/process.h"
#include "core/thread.h"
#include "core/unicode.h"
#include "loader/module.h"
#include "syscalls/api.h"
#include "syscalls/kernel32/api_args.h"
#include "syscalls/kernel32/child.h"
#include "syscalls/kernel32/objects.h"
#include "syscalls/kernel32/struct32_toolhelp.h"
#include "syscalls/ntdll/process_list.h"
#include "syscalls/win32_errors.h"

#define ERROR_UNEXP_NET_ERR 59u /* what Windows maps STATUS_INVALID_ADDRESS to */
#define LIST_MODULES_ALL   0x3u

/* PERFORMANCE_INFORMATION */
typedef struct {
    uint32_t cb;
    uint32_t CommitTotal, CommitLimit, CommitPeak;
    uint32_t PhysicalTotal, PhysicalAvailable, SystemCache;
    uint32_t KernelTotal, KernelPaged, KernelNonpaged;
    uint32_t PageSize;
    uint32_t HandleCount, ProcessCount, ThreadCount;
} PERFORMANCE_INFORMATION32;
PIN(PERFORMANCE_INFORMATION32, PhysicalTotal, 16);
PIN(PERFORMANCE_INFORMATION32, PageSize, 40);
PIN(PERFORMANCE_INFORMATION32, ThreadCount, 52);
PIN_SIZE(PERFORMANCE_INFORMATION32, 56);

static uint64_t fail(uint32_t err)
{
    teb_set_last_error(err);
    return 0;
}

/* 0 when h is this process, else the error to fail with. */
static uint32_t own_process(uint32_t h)
{
    struct kobj *o = kobj_from_handle(h, KOBJ_PROCESS);
    if (!o)
        return ERROR_INVALID_HANDLE;
    return child_of(o) ? ERROR_ACCESS_DENIED : 0;
}

uint64_t kernel32_K32EnumProcesses(struct thunk_call *c)
{
    API_ARGS(kernel32, K32EnumProcesses, a);
    struct nt_process_list l;
    if (!nt_process_list(&l))
        return fail(ERROR_NOT_ENOUGH_MEMORY);
    uint32_t n = 0;
    bool ok = true;
    for (size_t i = 0; ok && i < l.n && (n + 1) * 4u <= a.cb; i++, n++)
        ok = gm_write_u32(a.lpidProcess + n * 4u, l.p[i].pid);
    nt_process_list_free(&l);
    if (!ok || !gm_write_u32(a.cbNeeded, n * 4u))
        return fail(ERROR_NOACCESS);
    return 1;
}

/* Every module's handle, as many as cb holds; *needed: all of them. */
static uint64_t enum_modules(uint32_t process, gaddr out, uint32_t cb, gaddr needed)
{
    uint32_t err = own_process(process);
    if (err)
        return fail(err);
    uint32_t n = 0;
    for (struct module *m = module_list; m; m = m->next, n++)
        if ((n + 1) * 4u <= cb && !gm_write_u32(out + n * 4u, m->base))
            return fail(ERROR_NOACCESS);
    return gm_write_u32(needed, n * 4u) ? 1 : fail(ERROR_NOACCESS);
}

uint64_t kernel32_K32EnumProcessModules(struct thunk_call *c)
{
    API_ARGS(kernel32, K32EnumProcessModules, a);
    return enum_modules(a.hProcess, a.lphModule, a.cb, a.lpcbNeeded);
}
/* Every module is a 32-bit one: each filter lists them all. */
uint64_t kernel32_K32EnumProcessModulesEx(struct thunk_call *c)
{
    API_ARGS(kernel32, K32EnumProcessModulesEx, a);
    if (a.dwFilterFlag > LIST_MODULES_ALL)
        return fail(ERROR_INVALID_PARAMETER);
    return enum_modules(a.hProcess, a.lphModule, a.cb, a.lpcbNeeded);
}

/* s into buf (size characters): truncated to size without a terminator
 * when it does not fit, as Windows does; returns the characters copied. */
static uint64_t put_name(const char *s, gaddr buf, uint32_t size, bool wide)
{
    if (!size)
        return fail(ERROR_INSUFFICIENT_BUFFER);
    size_t len = 0;
    void *text = wide ? (void *)utf8_to_utf16(s, &len) : (void *)utf8_to_ansi(s);
    if (!text)
        return fail(ERROR_NOT_ENOUGH_MEMORY);
    if (!wide)
        len = strlen(text);
    size_t n = len < size ? len : size, unit = wide ? 2 : 1;
    bool ok = gm_write(buf, text, n * unit) && (n == size || gm_fill(buf + (gaddr)(n * unit), 0, unit));
    free(text);
    return ok ? n : fail(ERROR_NOACCESS);
}

/* hModule NULL: the program. */
static struct module *module_of(uint32_t process, uint32_t h, uint32_t *err)
{
    *err = own_process(process);
    if (*err)
        return NULL;
    struct module *m = h ? module_by_handle(h) : module_exe();
    if (!m)
        *err = ERROR_INVALID_HANDLE;
    return m;
}

static uint64_t module_name(uint32_t process, uint32_t h, gaddr buf, uint32_t size, bool wide, bool full)
{
    uint32_t err;
    struct module *m = module_of(process, h, &err);
    if (!m)
        return fail(err);
    return put_name(full && m->path_win ? m->path_win : m->name, buf, size, wide);
}

uint64_t kernel32_K32GetModuleFileNameExA(struct thunk_call *c)
{
    API_ARGS(kernel32, K32GetModuleFileNameExA, a);
    return module_name(a.hProcess, a.hModule, a.lpFilename, a.nSize, false, true);
}
uint64_t kernel32_K32GetModuleFileNameExW(struct thunk_call *c)
{
    API_ARGS(kernel32, K32GetModuleFileNameExW, a);
    return module_name(a.hProcess, a.hModule, a.lpFilename, a.nSize, true, true);
}
uint64_t kernel32_K32GetModuleBaseNameA(struct thunk_call *c)
{
    API_ARGS(kernel32, K32GetModuleBaseNameA, a);
    return module_name(a.hProcess, a.hModule, a.lpBaseName, a.nSize, false, false);
}
uint64_t kernel32_K32GetModuleBaseNameW(struct thunk_call *c)
{
    API_ARGS(kernel32, K32GetModuleBaseNameW, a);
    return module_name(a.hProcess, a.hModule, a.lpBaseName, a.nSize, true, false);
}

uint64_t kernel32_K32GetModuleInformation(struct thunk_call *c)
{
    API_ARGS(kernel32, K32GetModuleInformation, a);
    uint32_t err;
    struct module *m = module_of(a.hProcess, a.hModule, &err);
    if (!m)
        return fail(err);
    if (a.cb < sizeof(MODULEINFO32))
        return fail(ERROR_INSUFFICIENT_BUFFER);
    MODULEINFO32 mi = { .lpBaseOfDll = m->base, .SizeOfImage = m->size, .EntryPoint = m->entry };
    return gm_write(a.lpmodinfo, &mi, sizeof mi) ? 1 : fail(ERROR_NOACCESS);
}

/* Committed private memory of the guest address space: what Windows
 * charges to the page file. */
static uint32_t committed_private(void)
{
    uint64_t total = 0;
    for (uint64_t p = VM_GRANULARITY; p < g_vm->user_limit;) {
        struct vm_region_info r;
        if (vm_query(g_vm, (gaddr)p, &r) != STATUS_SUCCESS || r.size == 0)
            break;
        if (r.state == MEM_COMMIT && r.type == MEM_PRIVATE)
            total += r.size;
        p = (uint64_t)r.base + r.size;
    }
    return total > UINT32_MAX ? UINT32_MAX : (uint32_t)total;
}

/* The working set is the host process's resident memory (/proc/self/status). */
static void resident(uint32_t *now, uint32_t *peak)
{
    char line[128];
    unsigned long kb;
    FILE *f = fopen("/proc/self/status", "re");
    while (f && fgets(line, sizeof line, f)) {
        if (sscanf(line, "VmRSS: %lu", &kb) == 1)
            *now = kb > UINT32_MAX / 1024 ? UINT32_MAX : (uint32_t)(kb * 1024);
        else if (sscanf(line, "VmHWM: %lu", &kb) == 1)
            *peak = kb > UINT32_MAX / 1024 ? UINT32_MAX : (uint32_t)(kb * 1024);
    }
    if (f)
        fclose(f);
}

uint64_t kernel32_K32GetProcessMemoryInfo(struct thunk_call *c)
{
    API_ARGS(kernel32, K32GetProcessMemoryInfo, a);
    uint32_t err = own_process(a.Process);
    if (err)
        return fail(err);
    if (a.cb < PROCESS_MEMORY_COUNTERS32_SIZE)
        return fail(ERROR_INSUFFICIENT_BUFFER);
    PROCESS_MEMORY_COUNTERS_EX32 pm = { 0 };
    pm.cb = a.cb >= sizeof pm ? (uint32_t)sizeof pm : PROCESS_MEMORY_COUNTERS32_SIZE;
    struct rusage ru;
    if (getrusage(RUSAGE_SELF, &ru) == 0)
        pm.PageFaultCount = (uint32_t)(ru.ru_minflt + ru.ru_majflt);
    resident(&pm.WorkingSetSize, &pm.PeakWorkingSetSize);
    pm.PagefileUsage = pm.PeakPagefileUsage = pm.PrivateUsage = committed_private();
    return gm_write(a.ppsmemCounters, &pm, pm.cb) ? 1 : fail(ERROR_NOACCESS);
}

/* "C:\dir\x.dll" as the kernel names the file: "\Device\HarddiskVolumeN\dir\x.dll"
 * (C: the first volume; the same numbering as NtQueryObject's). */
static bool device_path(const char *win, char *out, size_t size)
{
    if (!win || !win[0] || win[1] != ':')
        return false;
    char drive = (char)(win[0] & ~0x20);
    snprintf(out, size, "\\Device\\HarddiskVolume%d%s", drive >= 'C' ? drive - 'C' + 1 : drive - 'A' + 30, win + 2);
    return true;
}

static uint64_t mapped_file_name(uint32_t process, gaddr addr, gaddr buf, uint32_t size, bool wide)
{
    uint32_t err = own_process(process);
    if (err)
        return fail(err);
    struct module *m = module_at(addr);
    char path[1100];
    if (!m || !device_path(m->path_win, path, sizeof path))
        return fail(ERROR_UNEXP_NET_ERR); /* not inside a mapped file */
    return put_name(path, buf, size, wide);
}

uint64_t kernel32_K32GetMappedFileNameA(struct thunk_call *c)
{
    API_ARGS(kernel32, K32GetMappedFileNameA, a);
    return mapped_file_name(a.hProcess, a.lpv, a.lpFilename, a.nSize, false);
}
uint64_t kernel32_K32GetMappedFileNameW(struct thunk_call *c)
{
    API_ARGS(kernel32, K32GetMappedFileNameW, a);
    return mapped_file_name(a.hProcess, a.lpv, a.lpFilename, a.nSize, true);
}

static uint64_t image_file_name(uint32_t process, gaddr buf, uint32_t size, bool wide)
{
    uint32_t err = own_process(process);
    if (err)
        return fail(err);
    char path[1100];
    struct module *exe = module_exe();
    if (!exe || !device_path(exe->path_win, path, sizeof path))
        return fail(ERROR_INVALID_HANDLE);
    return put_name(path, buf, size, wide);
}

uint64_t kernel32_K32GetProcessImageFileNameA(struct thunk_call *c)
{
    API_ARGS(kernel32, K32GetProcessImageFileNameA, a);
    return image_file_name(a.hProcess, a.lpImageFileName, a.nSize, false);
}
uint64_t kernel32_K32GetProcessImageFileNameW(struct thunk_call *c)
{
    API_ARGS(kernel32, K32GetProcessImageFileNameW, a);
    return image_file_name(a.hProcess, a.lpImageFileName, a.nSize, true);
}

static uint32_t meminfo_pages(const char *field)
{
    char line[128];
    unsigned long long kb = 0;
    size_t n = strlen(field);
    FILE *f = fopen("/proc/meminfo", "re");
    while (f && fgets(line, sizeof line, f))
        if (!strncmp(line, field, n) && line[n] == ':' && sscanf(line + n + 1, "%llu", &kb) == 1)
            break;
    if (f)
        fclose(f);
    return (uint32_t)(kb / (VM_PAGE_SIZE / 1024));
}

uint64_t kernel32_K32GetPerformanceInfo(struct thunk_call *c)
{
    API_ARGS(kernel32, K32GetPerformanceInfo, a);
    if (a.cb < sizeof(PERFORMANCE_INFORMATION32))
        return fail(ERROR_BAD_LENGTH);
    struct nt_process_list l;
    if (!nt_process_list(&l))
        return fail(ERROR_NOT_ENOUGH_MEMORY);
    PERFORMANCE_INFORMATION32 pi = { .cb = sizeof pi, .PageSize = VM_PAGE_SIZE };
    pi.PhysicalTotal = meminfo_pages("MemTotal");
    pi.PhysicalAvailable = meminfo_pages("MemAvailable");
    pi.SystemCache = meminfo_pages("Cached");
    pi.CommitLimit = pi.PhysicalTotal + meminfo_pages("SwapTotal");
    pi.CommitTotal = pi.CommitPeak = pi.PhysicalTotal - pi.PhysicalAvailable;
    pi.ProcessCount = (uint32_t)l.n;
    for (size_t i = 0; i < l.n; i++)
        pi.ThreadCount += l.p[i].nthreads;
    for (uint32_t h = handle_next(0); h; h = handle_next(h))
        pi.HandleCount++;
    nt_process_list_free(&l);
    return gm_write(a.pPerformanceInformation, &pi, sizeof pi) ? 1 : fail(ERROR_NOACCESS);
}

/* The host decides what stays resident: trimming the working set has
 * nothing to do, and succeeds as on Windows. */
uint64_t kernel32_K32EmptyWorkingSet(struct thunk_call *c)
{
    API_ARGS(kernel32, K32EmptyWorkingSet, a);
    uint32_t err = own_process(a.hProcess);
    return err ? fail(err) : 1;
}
