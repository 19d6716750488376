/* kernel32 synchronisation for one guest thread: critical sections keep
 * Windows' RTL_CRITICAL_SECTION fields (code peeks at OwningThread and
 * RecursionCount); TLS slots live in the TEB, the allocation bitmap in the
 * PEB, as on Windows. */
#include "core/process.h"
#include "loader/peb.h"
#include "syscalls/api.h"
#include "syscalls/win32_errors.h"

/* RTL_CRITICAL_SECTION32: DebugInfo, LockCount, RecursionCount,
 * OwningThread, LockSemaphore, SpinCount */
#define CS_LOCK_COUNT 4
#define CS_RECURSION  8
#define CS_OWNER      12
#define CS_SPIN       20

static uint64_t init_cs(gaddr cs, uint32_t spin)
{
    uint32_t f[6] = { 0 /* DebugInfo */, 0xFFFFFFFFu /* LockCount */, 0, 0, 0, spin };
    return gm_write(cs, f, sizeof f);
}

uint64_t kernel32_InitializeCriticalSection(struct thunk_call *c) { init_cs(arg(c, 0), 0); return 0; }
uint64_t kernel32_InitializeCriticalSectionAndSpinCount(struct thunk_call *c) { return init_cs(arg(c, 0), arg(c, 1)); }
uint64_t kernel32_InitializeCriticalSectionEx(struct thunk_call *c) { return init_cs(arg(c, 0), arg(c, 1)); }
uint64_t kernel32_DeleteCriticalSection(struct thunk_call *c) { (void)c; return 0; }

/* With a single guest thread the section is always free or ours. */
static bool enter_cs(gaddr cs)
{
    uint32_t owner = 0, rec = 0, lock = 0;
    if (!gm_read_u32(cs + CS_OWNER, &owner) || !gm_read_u32(cs + CS_RECURSION, &rec) ||
        !gm_read_u32(cs + CS_LOCK_COUNT, &lock))
        return false;
    uint32_t me = proc->current->tid;
    if (owner != 0 && owner != me)
        return false;
    gm_write_u32(cs + CS_OWNER, me);
    gm_write_u32(cs + CS_RECURSION, rec + 1);
    gm_write_u32(cs + CS_LOCK_COUNT, lock + 1);
    return true;
}

uint64_t kernel32_EnterCriticalSection(struct thunk_call *c) { enter_cs(arg(c, 0)); return 0; }
uint64_t kernel32_TryEnterCriticalSection(struct thunk_call *c) { return enter_cs(arg(c, 0)); }

uint64_t kernel32_LeaveCriticalSection(struct thunk_call *c)
{
    gaddr cs = arg(c, 0);
    uint32_t rec = 0, lock = 0;
    if (!gm_read_u32(cs + CS_RECURSION, &rec) || !gm_read_u32(cs + CS_LOCK_COUNT, &lock) || rec == 0)
        return 0;
    gm_write_u32(cs + CS_RECURSION, rec - 1);
    gm_write_u32(cs + CS_LOCK_COUNT, lock - 1);
    if (rec == 1)
        gm_write_u32(cs + CS_OWNER, 0);
    return 0;
}

#define TLS_SLOTS 64u
#define TLS_OUT_OF_INDEXES 0xFFFFFFFFu

static bool tls_bit(uint32_t i)
{
    uint32_t w = 0;
    gm_read_u32(proc->peb + PEB_TLS_BITMAP_BITS + 4 * (i / 32), &w);
    return w >> (i % 32) & 1u;
}

static void tls_set_bit(uint32_t i, bool on)
{
    gaddr a = proc->peb + PEB_TLS_BITMAP_BITS + 4 * (i / 32);
    uint32_t w = 0;
    gm_read_u32(a, &w);
    w = on ? w | 1u << (i % 32) : w & ~(1u << (i % 32));
    gm_write_u32(a, w);
}

uint64_t kernel32_TlsAlloc(struct thunk_call *c)
{
    (void)c;
    for (uint32_t i = 0; i < TLS_SLOTS; i++) {
        if (!tls_bit(i)) {
            tls_set_bit(i, true);
            gm_write_u32(proc->current->teb + TEB_TLS_SLOTS + 4 * i, 0);
            return i;
        }
    }
    teb_set_last_error(ERROR_NO_MORE_ITEMS);
    return TLS_OUT_OF_INDEXES;
}

uint64_t kernel32_TlsFree(struct thunk_call *c)
{
    uint32_t i = arg(c, 0);
    if (i >= TLS_SLOTS || !tls_bit(i)) {
        teb_set_last_error(ERROR_INVALID_PARAMETER);
        return 0;
    }
    tls_set_bit(i, false);
    return 1;
}

/* One guest thread: plain read-modify-write is atomic with respect to it. */
static uint64_t interlocked(struct thunk_call *c, int op)
{
    gaddr p = arg(c, 0);
    uint32_t v = 0, a = arg(c, 1), old;
    gm_read_u32(p, &v);
    old = v;
    switch (op) {
    case 0: v++; gm_write_u32(p, v); return v;
    case 1: v--; gm_write_u32(p, v); return v;
    case 2: gm_write_u32(p, a); return old;
    case 3: if (old == arg(c, 2)) gm_write_u32(p, a); return old;
    default: gm_write_u32(p, v + a); return old;
    }
}

uint64_t kernel32_InterlockedIncrement(struct thunk_call *c) { return interlocked(c, 0); }
uint64_t kernel32_InterlockedDecrement(struct thunk_call *c) { return interlocked(c, 1); }
uint64_t kernel32_InterlockedExchange(struct thunk_call *c) { return interlocked(c, 2); }
uint64_t kernel32_InterlockedCompareExchange(struct thunk_call *c) { return interlocked(c, 3); }
uint64_t kernel32_InterlockedExchangeAdd(struct thunk_call *c) { return interlocked(c, 4); }
