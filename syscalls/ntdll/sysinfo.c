/* NtQuerySystemInformation for the classes programs ask first: basic,
 * processor, performance, time of day, processor times, the process list
 * (the guest's own processes, syscalls/ntdll/process_list.h) and the
 * kernel's module list; NtQuerySystemTime. Each answer is built on the
 * host and copied out whole, after the length check its class makes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/cpu_features.h"
#include "core/kuser_shared.h"
#include "core/ntstatus.h"
#include "core/process.h"
#include "core/unicode.h"
#include "loader/peb.h"
#include "syscalls/api.h"
#include "syscalls/ntdll/api_args.h"
#include "syscalls/ntdll/process_list.h"
#include "syscalls/ntdll/struct32_sysinfo.h"

#define TIMER_RESOLUTION_100NS 156250u /* the 64 Hz clock tick */
#define KU_TIME_ZONE_BIAS      0x020u
#define PROCESSOR_ARCHITECTURE_INTEL 0u

/* How a class checks the caller's length. */
enum fit {
    FIT_EXACT,   /* exactly the structure's */
    FIT_UP_TO,   /* any length up to it: that many first bytes */
    FIT_WHOLE,   /* at least the whole answer (lists) */
    FIT_PREFIX,  /* at least `min` (an older, shorter layout): that much */
    FIT_RECORDS, /* at least one record of `min` bytes: the records that fit */
};

struct answer {
    uint8_t *buf;
    uint32_t size;
    uint32_t min;
    enum fit fit;
};

static uint32_t processors(void)
{
    uint32_t n = 0;
    gm_read_u32(proc->peb + PEB_NUMBER_OF_PROCESSORS, &n);
    return n ? (n > 32 ? 32 : n) : 1;
}

static uint64_t physical_bytes(const char *field)
{
    unsigned long long kb = 0;
    char line[128];
    FILE *f = fopen("/proc/meminfo", "re");
    size_t n = strlen(field);
    while (f && fgets(line, sizeof line, f))
        if (!strncmp(line, field, n) && line[n] == ':' && sscanf(line + n + 1, "%llu", &kb) == 1)
            break;
    if (f)
        fclose(f);
    return (uint64_t)kb * 1024u;
}

static bool alloc_answer(struct answer *a, uint32_t size, enum fit fit)
{
    a->buf = calloc(1, size ? size : 1);
    a->size = a->min = size;
    a->fit = fit;
    return a->buf != NULL;
}

static bool basic(struct answer *a)
{
    if (!alloc_answer(a, sizeof(SYSTEM_BASIC_INFORMATION32), FIT_EXACT))
        return false;
    uint32_t n = processors();
    uint64_t pages = physical_bytes("MemTotal") / VM_PAGE_SIZE;
    SYSTEM_BASIC_INFORMATION32 *b = (void *)a->buf;
    b->TimerResolution = TIMER_RESOLUTION_100NS;
    b->PageSize = VM_PAGE_SIZE;
    b->NumberOfPhysicalPages = pages > UINT32_MAX ? UINT32_MAX : (uint32_t)pages;
    b->LowestPhysicalPageNumber = 1;
    b->HighestPhysicalPageNumber = b->NumberOfPhysicalPages;
    b->AllocationGranularity = VM_GRANULARITY;
    b->MinimumUserModeAddress = VM_GRANULARITY;
    b->MaximumUserModeAddress = g_vm->user_limit - 1; /* as GetSystemInfo reports it */
    b->ActiveProcessorsAffinityMask = n >= 32 ? 0xFFFFFFFFu : (1u << n) - 1;
    b->NumberOfProcessors = (uint8_t)n;
    return true;
}

/* The processor GetSystemInfo reports: family 6, model 85, stepping 7. */
static bool processor(struct answer *a)
{
    if (!alloc_answer(a, sizeof(SYSTEM_PROCESSOR_INFORMATION32), FIT_EXACT))
        return false;
    SYSTEM_PROCESSOR_INFORMATION32 *p = (void *)a->buf;
    p->ProcessorArchitecture = PROCESSOR_ARCHITECTURE_INTEL;
    p->ProcessorLevel = 6;
    p->ProcessorRevision = 0x5507;
    p->MaximumProcessors = (uint16_t)processors();
    return true;
}

/* The machine's idle, kernel (with idle) and user time of processor cpu
 * (-1: all) from /proc/stat; a --deterministic machine idled all along. */
static void cpu_times(int cpu, uint64_t t[3])
{
    t[0] = t[1] = t[2] = 0;
    if (clock_settings()->deterministic) {
        t[0] = t[1] = clock_peek_uptime();
        return;
    }
    char want[16], line[256];
    if (cpu < 0)
        snprintf(want, sizeof want, "cpu ");
    else
        snprintf(want, sizeof want, "cpu%d ", cpu);
    unsigned long long user = 0, nice = 0, sys = 0, idle = 0, iowait = 0, irq = 0, softirq = 0;
    FILE *f = fopen("/proc/stat", "re");
    while (f && fgets(line, sizeof line, f))
        if (!strncmp(line, want, strlen(want))) {
            sscanf(line + strlen(want), "%llu %llu %llu %llu %llu %llu %llu", &user, &nice, &sys, &idle, &iowait,
                   &irq, &softirq);
            break;
        }
    if (f)
        fclose(f);
    long hz = sysconf(_SC_CLK_TCK);
    uint64_t per_tick = hz > 0 ? CLOCK_TICKS_PER_SEC / (uint64_t)hz : 100000u;
    t[0] = (idle + iowait) * per_tick;
    t[1] = (sys + irq + softirq) * per_tick + t[0];
    t[2] = (user + nice) * per_tick;
}

static bool performance(struct answer *a)
{
    if (!alloc_answer(a, sizeof(SYSTEM_PERFORMANCE_INFORMATION32), FIT_PREFIX))
        return false;
    a->min = SYSTEM_PERFORMANCE_INFORMATION32_MIN;
    SYSTEM_PERFORMANCE_INFORMATION32 *p = (void *)a->buf;
    uint64_t t[3];
    cpu_times(-1, t);
    p->IdleProcessTime = (int64_t)t[0];
    uint64_t total = physical_bytes("MemTotal"), avail = physical_bytes("MemAvailable");
    uint64_t limit = total + physical_bytes("SwapTotal");
    p->AvailablePages = (uint32_t)(avail / VM_PAGE_SIZE);
    p->CommittedPages = (uint32_t)((total - avail) / VM_PAGE_SIZE);
    p->CommitLimit = (uint32_t)(limit / VM_PAGE_SIZE);
    p->PeakCommitment = p->CommittedPages;
    p->ResidentAvailablePages = p->AvailablePages;
    return true;
}

/* Any length up to the structure's: the first bytes of it. */
static bool time_of_day(struct answer *a)
{
    if (!alloc_answer(a, sizeof(SYSTEM_TIMEOFDAY_INFORMATION32), FIT_UP_TO))
        return false;
    SYSTEM_TIMEOFDAY_INFORMATION32 *t = (void *)a->buf;
    uint64_t now = clock_filetime();
    t->CurrentTime = (int64_t)now;
    t->BootTime = (int64_t)(now - clock_uptime());
    gm_read(KUSER_SHARED_DATA + KU_TIME_ZONE_BIAS, &t->TimeZoneBias, 8);
    t->TimeZoneId = t->TimeZoneBias ? 1u /* TIME_ZONE_ID_STANDARD */ : 0u;
    return true;
}

static bool processor_times(struct answer *a)
{
    uint32_t n = processors();
    if (!alloc_answer(a, n * (uint32_t)sizeof(SYSTEM_PROCESSOR_PERFORMANCE_INFORMATION32), FIT_RECORDS))
        return false;
    a->min = sizeof(SYSTEM_PROCESSOR_PERFORMANCE_INFORMATION32); /* fewer processors' worth is fine */
    SYSTEM_PROCESSOR_PERFORMANCE_INFORMATION32 *p = (void *)a->buf;
    for (uint32_t i = 0; i < n; i++) {
        uint64_t t[3];
        cpu_times((int)i, t);
        p[i].IdleTime = (int64_t)t[0];
        p[i].KernelTime = (int64_t)t[1];
        p[i].UserTime = (int64_t)t[2];
    }
    return true;
}

static uint32_t align8(uint32_t v) { return (v + 7u) & ~7u; }

static uint32_t entry_size(const struct nt_process_entry *e, size_t name_units)
{
    uint32_t name = e->image[0] ? (uint32_t)(name_units + 1) * 2u : 0u;
    return align8((uint32_t)sizeof(SYSTEM_PROCESS_INFORMATION32) + e->nthreads * (uint32_t)sizeof(SYSTEM_THREAD_INFORMATION32) + name);
}

/* One entry at buf + off; Buffer pointers are guest addresses (out + off). */
static void put_process(uint8_t *buf, uint32_t off, gaddr out, const struct nt_process_entry *e,
                        const uint16_t *name, size_t units, uint32_t size)
{
    SYSTEM_PROCESS_INFORMATION32 *p = (void *)(buf + off);
    p->NextEntryOffset = size;
    p->NumberOfThreads = e->nthreads;
    p->CreateTime = (int64_t)e->created;
    p->UserTime = (int64_t)e->user;
    p->KernelTime = (int64_t)e->kernel;
    p->BasePriority = 8; /* NORMAL_PRIORITY_CLASS */
    p->UniqueProcessId = e->pid;
    p->InheritedFromUniqueProcessId = e->parent_pid;
    p->SessionId = e->pid ? 1u : 0u;
    SYSTEM_THREAD_INFORMATION32 *t = (void *)(p + 1);
    for (uint32_t i = 0; i < e->nthreads; i++) {
        t[i].CreateTime = (int64_t)e->created;
        t[i].StartAddress = e->threads[i].start;
        t[i].UniqueProcess = e->pid;
        t[i].UniqueThread = e->threads[i].tid;
        t[i].BasePriority = 8 + e->threads[i].priority;
        t[i].Priority = t[i].BasePriority;
        t[i].ThreadState = 5; /* Waiting: none of them runs while the caller asks */
    }
    if (!units)
        return;
    uint32_t name_off = off + (uint32_t)((uint8_t *)(t + e->nthreads) - (buf + off));
    memcpy(buf + name_off, name, units * 2);
    p->ImageName.Length = (uint16_t)(units * 2);
    p->ImageName.MaximumLength = (uint16_t)(units * 2 + 2);
    p->ImageName.Buffer = out + name_off;
}

/* The idle process (id 0, no name, one thread per processor), then the
 * guest's processes. */
static bool process_list(struct answer *a, gaddr out)
{
    struct nt_process_list l;
    if (!nt_process_list(&l))
        return false;
    struct nt_process_entry *idle = nt_process_list_add(&l, processors());
    bool ok = idle != NULL;
    if (ok) { /* it goes first */
        struct nt_process_entry e = *idle;
        memmove(l.p + 1, l.p, (l.n - 1) * sizeof *l.p);
        l.p[0] = e;
    }
    uint16_t **names = ok ? calloc(l.n, sizeof *names) : NULL;
    size_t *units = ok ? calloc(l.n, sizeof *units) : NULL;
    uint32_t total = 0;
    for (size_t i = 0; names && units && i < l.n; i++) {
        names[i] = l.p[i].image[0] ? utf8_to_utf16(l.p[i].image, &units[i]) : NULL;
        total += entry_size(&l.p[i], units[i]);
    }
    ok = names && units && alloc_answer(a, total, FIT_WHOLE);
    for (uint32_t i = 0, off = 0; ok && i < l.n; i++) {
        uint32_t size = entry_size(&l.p[i], units[i]);
        put_process(a->buf, off, out, &l.p[i], names[i], units[i], i + 1 < l.n ? size : 0);
        off += size;
    }
    for (size_t i = 0; names && i < l.n; i++)
        free(names[i]);
    free(names);
    free(units);
    nt_process_list_free(&l);
    return ok;
}

/* The kernel's modules a user process is shown: their names, with the
 * addresses hidden as Windows hides them from a caller without the debug
 * privilege. */
static bool kernel_modules(struct answer *a)
{
    static const char *const names[] = { "\\SystemRoot\\system32\\ntoskrnl.exe", "\\SystemRoot\\system32\\hal.dll" };
    const uint32_t n = sizeof names / sizeof *names;
    if (!alloc_answer(a, 4 + n * (uint32_t)sizeof(RTL_PROCESS_MODULE_INFORMATION32), FIT_WHOLE))
        return false;
    memcpy(a->buf, &n, 4);
    RTL_PROCESS_MODULE_INFORMATION32 *m = (void *)(a->buf + 4);
    for (uint32_t i = 0; i < n; i++) {
        m[i].LoadOrderIndex = (uint16_t)i;
        m[i].InitOrderIndex = (uint16_t)i;
        m[i].LoadCount = 1;
        snprintf(m[i].FullPathName, sizeof m[i].FullPathName, "%s", names[i]);
        m[i].OffsetToFileName = (uint16_t)(strrchr(names[i], '\\') + 1 - names[i]);
    }
    return true;
}

/* Builds the answer of cls; STATUS_INVALID_INFO_CLASS for classes wowbox
 * does not answer (as Windows does for ones it does not know). */
static NTSTATUS build(uint32_t cls, gaddr out, struct answer *a)
{
    bool ok;
    switch (cls) {
    case SystemBasicInformation: ok = basic(a); break;
    case SystemProcessorInformation: ok = processor(a); break;
    case SystemPerformanceInformation: ok = performance(a); break;
    case SystemTimeOfDayInformation: ok = time_of_day(a); break;
    case SystemProcessInformation: ok = process_list(a, out); break;
    case SystemProcessorPerformanceInformation: ok = processor_times(a); break;
    case SystemModuleInformation: ok = kernel_modules(a); break;
    default: return STATUS_INVALID_INFO_CLASS;
    }
    return ok ? STATUS_SUCCESS : STATUS_NO_MEMORY;
}

/* STATUS_SUCCESS with *n bytes to copy, or STATUS_INFO_LENGTH_MISMATCH
 * with *n the length to ask for. */
static NTSTATUS fit_length(const struct answer *a, uint32_t len, uint32_t *n)
{
    *n = a->size;
    switch (a->fit) {
    case FIT_EXACT:
        return len == a->size ? STATUS_SUCCESS : STATUS_INFO_LENGTH_MISMATCH;
    case FIT_UP_TO:
        if (len > a->size)
            return STATUS_INFO_LENGTH_MISMATCH;
        *n = len;
        return STATUS_SUCCESS;
    case FIT_WHOLE:
        return len >= a->size ? STATUS_SUCCESS : STATUS_INFO_LENGTH_MISMATCH;
    case FIT_PREFIX:
        if (len < a->min)
            return STATUS_INFO_LENGTH_MISMATCH;
        *n = len < a->size ? len : a->size;
        return STATUS_SUCCESS;
    case FIT_RECORDS:
        if (len < a->min)
            return STATUS_INFO_LENGTH_MISMATCH;
        *n = len / a->min * a->min;
        *n = *n < a->size ? *n : a->size;
        return STATUS_SUCCESS;
    }
    return STATUS_INFO_LENGTH_MISMATCH;
}

static NTSTATUS query_system(uint32_t cls, gaddr out, uint32_t len, gaddr retlen)
{
    struct answer a = { 0 };
    uint32_t n = 0;
    NTSTATUS st = build(cls, out, &a);
    if (st == STATUS_SUCCESS)
        st = fit_length(&a, len, &n);
    if (st == STATUS_SUCCESS && !gm_write(out, a.buf, n))
        st = STATUS_ACCESS_VIOLATION;
    free(a.buf);
    if ((st == STATUS_SUCCESS || st == STATUS_INFO_LENGTH_MISMATCH) && retlen && !gm_write_u32(retlen, n))
        return STATUS_ACCESS_VIOLATION;
    return st;
}

uint64_t ntdll_NtQuerySystemInformation(struct thunk_call *c)
{
    API_ARGS(ntdll, NtQuerySystemInformation, a);
    return query_system((uint32_t)a.SystemInformationClass, a.SystemInformation, a.SystemInformationLength, a.ReturnLength);
}
uint64_t ntdll_ZwQuerySystemInformation(struct thunk_call *c)
{
    API_ARGS(ntdll, ZwQuerySystemInformation, a);
    return query_system((uint32_t)a.SystemInformationClass, a.SystemInformation, a.SystemInformationLength, a.ReturnLength);
}
/* The native system's view: the same answers, a 32-bit process on a
 * 64-bit system sees its own address limits through this too. */
uint64_t ntdll_RtlGetNativeSystemInformation(struct thunk_call *c)
{
    API_ARGS(ntdll, RtlGetNativeSystemInformation, a);
    return query_system(a.SystemInformationClass, a.SystemInformation, a.SystemInformationLength, a.ReturnLength);
}

static NTSTATUS system_time(gaddr out)
{
    uint64_t now = clock_filetime();
    return gm_write(out, &now, 8) ? STATUS_SUCCESS : STATUS_ACCESS_VIOLATION;
}
uint64_t ntdll_NtQuerySystemTime(struct thunk_call *c)
{
    API_ARGS(ntdll, NtQuerySystemTime, a);
    return system_time(a.SystemTime);
}
uint64_t ntdll_ZwQuerySystemTime(struct thunk_call *c)
{
    API_ARGS(ntdll, ZwQuerySystemTime, a);
    return system_time(a.SystemTime);
}
