/* kernel32 virtual memory and heap functions over core/vm and core/heap:
 * NTSTATUS from the map becomes the Win32 error Windows reports. */
#include <stdlib.h>

#include "core/handles.h"
#include "core/heap.h"
#include "core/log.h"
#include "core/process.h"
#include "syscalls/api.h"
#include "syscalls/kernel32/api_args.h"
#include "syscalls/kernel32/struct32.h"
#include "syscalls/ntdll/heap.h"
#include "syscalls/ntdll/nt_memory.h"
#include "syscalls/win32_errors.h"

static uint64_t fail_status(NTSTATUS st)
{
    teb_set_last_error(ntstatus_to_win32(st));
    return 0;
}

static uint64_t fail(uint32_t err)
{
    teb_set_last_error(err);
    return 0;
}

/* The Virtual* functions are thin layers over the NT services, as in
 * kernel32: argument checks of their own, then the NTSTATUS mapped to a
 * Win32 error. */
/* The *Ex forms take a process handle: only the current process exists. */
static uint64_t virtual_alloc(uint32_t process, gaddr base, uint32_t size, uint32_t type, uint32_t prot)
{
    NTSTATUS st = nt_allocate(process, &base, 0, &size, type, prot);
    return st == STATUS_SUCCESS ? base : fail_status(st);
}

static uint64_t virtual_free(uint32_t process, gaddr base, uint32_t size, uint32_t type)
{
    if ((type == MEM_RELEASE && size != 0) || (type != MEM_RELEASE && type != MEM_DECOMMIT))
        return fail(ERROR_INVALID_PARAMETER);
    NTSTATUS st = nt_free(process, &base, &size, type);
    return st == STATUS_SUCCESS ? 1 : fail_status(st);
}

static uint64_t virtual_protect(uint32_t process, gaddr base, uint32_t size, uint32_t prot, gaddr oldp)
{
    uint32_t old = 0;
    if (!gm_writable(oldp, 4)) /* Windows requires a valid lpflOldProtect */
        return fail(ERROR_NOACCESS);
    NTSTATUS st = nt_protect(process, &base, &size, prot, &old);
    if (st != STATUS_SUCCESS)
        return fail_status(st);
    gm_write_u32(oldp, old);
    return 1;
}

static uint64_t virtual_query(uint32_t process, gaddr addr, gaddr buf, uint32_t len)
{
    uint32_t n = 0;
    NTSTATUS st = nt_query(process, addr, 0, buf, len, &n);
    if (st == STATUS_ACCESS_VIOLATION)
        return fail(ERROR_NOACCESS);
    return st == STATUS_SUCCESS ? n : fail_status(st);
}

uint64_t kernel32_VirtualAlloc(struct thunk_call *c)
{
    API_ARGS(kernel32, VirtualAlloc, a);
    return virtual_alloc(CURRENT_PROCESS_HANDLE, a.lpAddress, a.dwSize, a.flAllocationType, a.flProtect);
}
uint64_t kernel32_VirtualAllocEx(struct thunk_call *c)
{
    API_ARGS(kernel32, VirtualAllocEx, a);
    return virtual_alloc(a.hProcess, a.lpAddress, a.dwSize, a.flAllocationType, a.flProtect);
}
uint64_t kernel32_VirtualFree(struct thunk_call *c)
{
    API_ARGS(kernel32, VirtualFree, a);
    return virtual_free(CURRENT_PROCESS_HANDLE, a.lpAddress, a.dwSize, a.dwFreeType);
}
uint64_t kernel32_VirtualFreeEx(struct thunk_call *c)
{
    API_ARGS(kernel32, VirtualFreeEx, a);
    return virtual_free(a.hProcess, a.lpAddress, a.dwSize, a.dwFreeType);
}
uint64_t kernel32_VirtualProtect(struct thunk_call *c)
{
    API_ARGS(kernel32, VirtualProtect, a);
    return virtual_protect(CURRENT_PROCESS_HANDLE, a.lpAddress, a.dwSize, a.flNewProtect, a.lpflOldProtect);
}
uint64_t kernel32_VirtualProtectEx(struct thunk_call *c)
{
    API_ARGS(kernel32, VirtualProtectEx, a);
    return virtual_protect(a.hProcess, a.lpAddress, a.dwSize, a.flNewProtect, a.lpflOldProtect);
}
uint64_t kernel32_VirtualQuery(struct thunk_call *c)
{
    API_ARGS(kernel32, VirtualQuery, a);
    return virtual_query(CURRENT_PROCESS_HANDLE, a.lpAddress, a.lpBuffer, a.dwLength);
}
uint64_t kernel32_VirtualQueryEx(struct thunk_call *c)
{
    API_ARGS(kernel32, VirtualQueryEx, a);
    return virtual_query(a.hProcess, a.lpAddress, a.lpBuffer, a.dwLength);
}

/* Locking pages in the working set has no meaning here (nothing is paged
 * out behind the guest's back), but the bookkeeping is real: only
 * committed pages lock, and unlocking pages that are not locked fails with
 * ERROR_NOT_LOCKED as on Windows. */
static uint8_t *locked; /* one bit per guest page */

static bool range_committed(gaddr start, uint32_t bytes)
{
    for (uint64_t a = start; a < (uint64_t)start + bytes; a += VM_PAGE_SIZE) {
        struct vm_region_info r;
        if (vm_query(g_vm, (gaddr)a, &r) != STATUS_SUCCESS || r.state != MEM_COMMIT)
            return false;
    }
    return true;
}

static uint64_t lock_pages(gaddr addr, uint32_t size, bool lock)
{
    gaddr start;
    uint32_t bytes;
    if (size == 0 || !vm_page_span(addr, size, &start, &bytes) || !range_committed(start, bytes))
        return fail(ERROR_NOACCESS);
    if (!locked && !(locked = calloc(VM_PAGES / 8, 1)))
        return fail(ERROR_NOT_ENOUGH_MEMORY);
    uint32_t first = start / VM_PAGE_SIZE, end = first + bytes / VM_PAGE_SIZE;
    for (uint32_t p = first; !lock && p < end; p++)
        if (!(locked[p / 8] & (1u << (p % 8))))
            return fail(ERROR_NOT_LOCKED);
    for (uint32_t p = first; p < end; p++)
        locked[p / 8] = lock ? (uint8_t)(locked[p / 8] | 1u << (p % 8)) : (uint8_t)(locked[p / 8] & ~(1u << (p % 8)));
    return 1;
}

uint64_t kernel32_VirtualLock(struct thunk_call *c)
{
    API_ARGS(kernel32, VirtualLock, a);
    return lock_pages(a.lpAddress, a.dwSize, true);
}
uint64_t kernel32_VirtualUnlock(struct thunk_call *c)
{
    API_ARGS(kernel32, VirtualUnlock, a);
    return lock_pages(a.lpAddress, a.dwSize, false);
}

uint64_t kernel32_GetProcessHeap(struct thunk_call *c) { (void)c; return proc->process_heap; }

/* HeapAlloc, HeapReAlloc, HeapFree, HeapSize: the host handlers behind
 * guest/heap.c's fast path (GUEST_HOST: on a backend with slow guest
 * stores, these are the exports). */
uint64_t kernel32_HeapAlloc(struct thunk_call *c)
{
    API_ARGS(kernel32, HeapAlloc, a);
    gaddr b = heap_alloc(a.hHeap, a.dwBytes, a.dwFlags);
    return b ? b : fail(ERROR_NOT_ENOUGH_MEMORY);
}

uint64_t kernel32_HeapReAlloc(struct thunk_call *c)
{
    API_ARGS(kernel32, HeapReAlloc, a);
    gaddr b = heap_realloc(a.hHeap, a.lpMem, a.dwBytes, a.dwFlags);
    return b ? b : fail(ERROR_NOT_ENOUGH_MEMORY);
}

uint64_t kernel32_HeapFree(struct thunk_call *c)
{
    API_ARGS(kernel32, HeapFree, a);
    return nt_heap_free(c, a.hHeap, a.lpMem);
}

uint64_t kernel32_HeapSize(struct thunk_call *c)
{
    API_ARGS(kernel32, HeapSize, a);
    uint32_t s = heap_size(a.hHeap, a.lpMem);
    if (s == 0xFFFFFFFFu)
        teb_set_last_error(ERROR_INVALID_PARAMETER);
    return s;
}

uint64_t kernel32_HeapCreate(struct thunk_call *c)
{
    API_ARGS(kernel32, HeapCreate, a);
    gaddr h = heap_create(a.flOptions, a.dwInitialSize, a.dwMaximumSize);
    return h ? h : fail(ERROR_NOT_ENOUGH_MEMORY);
}

uint64_t kernel32_HeapDestroy(struct thunk_call *c)
{
    API_ARGS(kernel32, HeapDestroy, a);
    if (a.hHeap == proc->process_heap) /* the process heap cannot be destroyed */
        return fail(ERROR_INVALID_HANDLE);
    return heap_destroy(a.hHeap) ? 1 : fail(ERROR_INVALID_HANDLE);
}

uint64_t kernel32_HeapValidate(struct thunk_call *c)
{
    API_ARGS(kernel32, HeapValidate, a);
    return heap_validate(a.hHeap, a.lpMem);
}

/* PROCESS_HEAP_ENTRY wFlags */
#define PROCESS_HEAP_REGION            0x1u
#define PROCESS_HEAP_UNCOMMITTED_RANGE 0x2u
#define PROCESS_HEAP_ENTRY_BUSY        0x4u

static enum heap_walk_kind kind_of(uint16_t flags)
{
    if (flags & PROCESS_HEAP_REGION)
        return HEAP_WALK_REGION;
    if (flags & PROCESS_HEAP_UNCOMMITTED_RANGE)
        return HEAP_WALK_UNCOMMITTED;
    return flags & PROCESS_HEAP_ENTRY_BUSY ? HEAP_WALK_BUSY : HEAP_WALK_FREE;
}

/* The walk position lives in the guest's PROCESS_HEAP_ENTRY (lpData and
 * wFlags of the previous entry), as on Windows: no hidden state. */
uint64_t kernel32_HeapWalk(struct thunk_call *c)
{
    API_ARGS(kernel32, HeapWalk, a);
    PROCESS_HEAP_ENTRY32 e;
    if (!gm_read(a.lpEntry, &e, sizeof e))
        return fail(ERROR_NOACCESS);
    struct heap_walk w = { 0 };
    bool more = e.lpData == 0 ? heap_walk(a.hHeap, &w)
                              : heap_walk_resume(a.hHeap, kind_of(e.wFlags), e.lpData, &w);
    if (!more)
        return fail(ERROR_NO_MORE_ITEMS);
    static const uint16_t wflags[] = { PROCESS_HEAP_REGION, PROCESS_HEAP_ENTRY_BUSY, 0,
                                       PROCESS_HEAP_UNCOMMITTED_RANGE };
    e = (PROCESS_HEAP_ENTRY32){
        .lpData = w.data, .cbData = w.size, .cbOverhead = (uint8_t)(w.overhead > 255 ? 255 : w.overhead),
        .iRegionIndex = (uint8_t)w.segment, .wFlags = wflags[w.kind],
    };
    if (w.kind == HEAP_WALK_REGION) {
        e.u.Region.dwCommittedSize = w.size;
        e.u.Region.dwUnCommittedSize = w.uncommitted;
        e.u.Region.lpFirstBlock = w.first;
        e.u.Region.lpLastBlock = w.last;
    }
    return gm_write(a.lpEntry, &e, sizeof e) ? 1 : fail(ERROR_NOACCESS);
}

uint64_t kernel32_HeapCompact(struct thunk_call *c)
{
    API_ARGS(kernel32, HeapCompact, a);
    if (!heap_validate(a.hHeap, 0))
        return fail(ERROR_INVALID_HANDLE);
    uint32_t largest = heap_largest_free(a.hHeap);
    if (largest == 0)
        teb_set_last_error(ERROR_SUCCESS); /* 0 is a real answer: no free block */
    return largest;
}

/* The heap lock every serialized call takes (core/heap.c); HeapLock may
 * nest, and other threads' calls on the heap wait until HeapUnlock. */
uint64_t kernel32_HeapLock(struct thunk_call *c)
{
    API_ARGS(kernel32, HeapLock, a);
    return heap_lock(a.hHeap) ? 1 : fail(ERROR_INVALID_HANDLE);
}
uint64_t kernel32_HeapUnlock(struct thunk_call *c)
{
    API_ARGS(kernel32, HeapUnlock, a);
    return heap_unlock(a.hHeap) ? 1 : fail(ERROR_INVALID_HANDLE);
}

/* The process heap first, then the others in creation order. */
uint64_t kernel32_GetProcessHeaps(struct thunk_call *c)
{
    API_ARGS(kernel32, GetProcessHeaps, a);
    gaddr all[256];
    unsigned n = heap_list(all, 256), want = a.NumberOfHeaps;
    unsigned shown = n < 256 ? n : 256;
    for (unsigned i = 0; i < shown / 2; i++) { /* heap_list is newest first */
        gaddr t = all[i];
        all[i] = all[shown - 1 - i];
        all[shown - 1 - i] = t;
    }
    if (want >= n && !gm_write(a.ProcessHeaps, all, shown * 4))
        return fail(ERROR_NOACCESS);
    return n;
}

/* HEAP_INFORMATION_CLASS */
#define HEAP_COMPATIBILITY_INFORMATION 0
#define HEAP_ENABLE_TERMINATION_ON_CORRUPTION 1
#define HEAP_OPTIMIZE_RESOURCES 3

static uint64_t set_compatibility(gaddr heap, gaddr info, uint32_t len)
{
    uint32_t mode;
    if (len < 4)
        return fail(ERROR_INSUFFICIENT_BUFFER);
    if (!gm_read_u32(info, &mode))
        return fail(ERROR_NOACCESS);
    int now = heap_compatibility(heap);
    if (now < 0)
        return fail(ERROR_INVALID_HANDLE);
    /* only the LFH can be asked for, and it cannot be turned off again */
    if (mode != HEAP_COMPAT_LFH && !(mode == HEAP_COMPAT_STANDARD && now == HEAP_COMPAT_STANDARD))
        return fail(ERROR_INVALID_PARAMETER);
    if (mode == HEAP_COMPAT_LFH && !heap_enable_lfh(heap))
        return fail(ERROR_INVALID_PARAMETER);
    return 1;
}

/* Trimming caches: this allocator keeps none apart from its free lists, so
 * there is nothing to give back; the request is still checked. */
static uint64_t optimize_resources(gaddr heap, gaddr info, uint32_t len)
{
    HEAP_OPTIMIZE_RESOURCES_INFORMATION32 o;
    if (len < sizeof o)
        return fail(ERROR_INSUFFICIENT_BUFFER);
    if (!gm_read(info, &o, sizeof o))
        return fail(ERROR_NOACCESS);
    if (o.Version != 1)
        return fail(ERROR_INVALID_PARAMETER);
    if (heap && heap_compatibility(heap) < 0)
        return fail(ERROR_INVALID_HANDLE);
    return 1;
}

uint64_t kernel32_HeapSetInformation(struct thunk_call *c)
{
    API_ARGS(kernel32, HeapSetInformation, a);
    switch (a.HeapInformationClass) {
    case HEAP_COMPATIBILITY_INFORMATION:
        return set_compatibility(a.HeapHandle, a.HeapInformation, a.HeapInformationLength);
    case HEAP_ENABLE_TERMINATION_ON_CORRUPTION: /* for the whole process; the handle is ignored */
        heap_corruption_ends_process = true;
        return 1;
    case HEAP_OPTIMIZE_RESOURCES:
        return optimize_resources(a.HeapHandle, a.HeapInformation, a.HeapInformationLength);
    default:
        return fail(ERROR_INVALID_PARAMETER);
    }
}

uint64_t kernel32_HeapQueryInformation(struct thunk_call *c)
{
    API_ARGS(kernel32, HeapQueryInformation, a);
    if (a.HeapInformationClass != HEAP_COMPATIBILITY_INFORMATION)
        return fail(ERROR_INVALID_PARAMETER);
    int mode = heap_compatibility(a.HeapHandle);
    if (mode < 0)
        return fail(ERROR_INVALID_HANDLE);
    if (a.ReturnLength && !gm_write_u32(a.ReturnLength, 4))
        return fail(ERROR_NOACCESS);
    if (a.HeapInformationLength < 4)
        return fail(ERROR_INSUFFICIENT_BUFFER);
    return gm_write_u32(a.HeapInformation, (uint32_t)mode) ? 1 : fail(ERROR_NOACCESS);
}
