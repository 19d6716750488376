/* kernel32 synchronisation primitives that live in guest memory: critical
 * sections keep Windows' RTL_CRITICAL_SECTION fields (code peeks at
 * OwningThread and RecursionCount) and block while another thread owns
 * them; TLS slots live in the TEBs, the allocation bitmap in the PEB.
 * Interlocked* are guest code (guest/interlocked.c). */
#include "core/process.h"
#include "core/thread.h"
#include "loader/peb.h"
#include "syscalls/api.h"
#include "syscalls/kernel32/api_args.h"
#include "syscalls/kernel32/sync.h"
#include "syscalls/win32_errors.h"

/* RTL_CRITICAL_SECTION32: DebugInfo, LockCount, RecursionCount,
 * OwningThread, LockSemaphore, SpinCount. LockCount counts as Windows XP
 * does: -1 when free, plus one for each Enter the owner has not left yet
 * and one for each thread waiting; OwningThread is the owner's thread id. */
#define CS_LOCK_COUNT 4
#define CS_RECURSION  8
#define CS_OWNER      12
#define CS_SPIN       20

struct cs_fields { uint32_t lock, rec, owner; };

static bool cs_read(gaddr cs, struct cs_fields *f)
{
    return gm_read_u32(cs + CS_LOCK_COUNT, &f->lock) && gm_read_u32(cs + CS_RECURSION, &f->rec) &&
           gm_read_u32(cs + CS_OWNER, &f->owner);
}

static void cs_write(gaddr cs, const struct cs_fields *f)
{
    gm_write_u32(cs + CS_LOCK_COUNT, f->lock);
    gm_write_u32(cs + CS_RECURSION, f->rec);
    gm_write_u32(cs + CS_OWNER, f->owner);
}

/* Waiters on a section wait on an odd key (host object keys are even). */
static uintptr_t cs_key(gaddr cs)
{
    return (uintptr_t)cs << 1 | 1u;
}

static uint64_t init_cs(gaddr cs, uint32_t spin)
{
    uint32_t f[6] = { 0 /* DebugInfo */, 0xFFFFFFFFu /* LockCount */, 0, 0, 0, spin };
    return gm_write(cs, f, sizeof f);
}

uint64_t kernel32_InitializeCriticalSection(struct thunk_call *c)
{
    API_ARGS(kernel32, InitializeCriticalSection, a);
    init_cs(a.lpCriticalSection, 0);
    return 0;
}

uint64_t kernel32_InitializeCriticalSectionAndSpinCount(struct thunk_call *c)
{
    API_ARGS(kernel32, InitializeCriticalSectionAndSpinCount, a);
    return init_cs(a.lpCriticalSection, a.dwSpinCount);
}

uint64_t kernel32_InitializeCriticalSectionEx(struct thunk_call *c)
{
    API_ARGS(kernel32, InitializeCriticalSectionEx, a);
    return init_cs(a.lpCriticalSection, a.dwSpinCount);
}

uint64_t kernel32_DeleteCriticalSection(struct thunk_call *c) { (void)c; return 0; }

/* Takes the section if it is free or ours; false when another thread owns it. */
static bool try_take(gaddr cs, struct cs_fields *f, uint32_t me, bool counted)
{
    if (f->owner != 0 && f->owner != me)
        return false;
    if (f->owner == me)
        f->rec++;
    else
        f->rec = 1;
    f->owner = me;
    if (!counted)
        f->lock++;
    cs_write(cs, f);
    return true;
}

bool kernel32_cs_enter(gaddr cs)
{
    uint32_t me = current_thread->tid;
    struct cs_fields f;
    if (!cs_read(cs, &f) || try_take(cs, &f, me, false))
        return true;
    /* count ourselves as a waiter (LockCount) until we own it */
    f.lock++;
    cs_write(cs, &f);
    uintptr_t key = cs_key(cs);
    for (;;) {
        if (thread_wait(&key, 1, NULL) == THREAD_TERMINATED) {
            if (cs_read(cs, &f)) {
                f.lock--;
                cs_write(cs, &f);
            }
            return false;
        }
        if (!cs_read(cs, &f) || try_take(cs, &f, me, true))
            return true;
    }
}

uint64_t kernel32_EnterCriticalSection(struct thunk_call *c)
{
    API_ARGS(kernel32, EnterCriticalSection, a);
    if (!kernel32_cs_enter(a.lpCriticalSection))
        c->no_return = true;
    return 0;
}

uint64_t kernel32_TryEnterCriticalSection(struct thunk_call *c)
{
    API_ARGS(kernel32, TryEnterCriticalSection, a);
    gaddr cs = a.lpCriticalSection;
    struct cs_fields f;
    return cs_read(cs, &f) && try_take(cs, &f, current_thread->tid, false);
}

static void leave_cs(gaddr cs, struct cs_fields *f)
{
    f->rec--;
    f->lock--;
    if (f->rec == 0)
        f->owner = 0;
    cs_write(cs, f);
    /* LockCount still >= 0: someone waits; whoever of them runs first
     * takes it (a thread entering meanwhile may too, as on Vista+) */
    if (f->rec == 0 && (int32_t)f->lock >= 0)
        thread_wake(cs_key(cs));
}

uint64_t kernel32_LeaveCriticalSection(struct thunk_call *c)
{
    API_ARGS(kernel32, LeaveCriticalSection, a);
    struct cs_fields f;
    if (cs_read(a.lpCriticalSection, &f) && f.rec != 0)
        leave_cs(a.lpCriticalSection, &f);
    return 0;
}

uint32_t kernel32_cs_leave_all(gaddr cs)
{
    struct cs_fields f;
    if (!cs_read(cs, &f) || f.owner != current_thread->tid || f.rec == 0)
        return 0;
    uint32_t depth = f.rec;
    f.lock -= depth - 1;
    f.rec = 1;
    leave_cs(cs, &f);
    return depth;
}

bool kernel32_cs_reenter(gaddr cs, uint32_t depth)
{
    if (!kernel32_cs_enter(cs))
        return false;
    struct cs_fields f;
    if (depth > 1 && cs_read(cs, &f)) {
        f.rec += depth - 1;
        f.lock += depth - 1;
        cs_write(cs, &f);
    }
    return true;
}

#define TLS_OUT_OF_INDEXES 0xFFFFFFFFu

/* Index i's bit: the PEB's 64-bit TlsBitmap for the TEB's own slots, its
 * 1024-bit TlsExpansionBitmap for the rest, as Windows keeps them. */
static gaddr tls_bit_word(uint32_t i)
{
    if (i < TLS_MINIMUM_AVAILABLE)
        return proc->peb + PEB_TLS_BITMAP_BITS + 4 * (i / 32);
    i -= TLS_MINIMUM_AVAILABLE;
    return proc->peb + PEB_TLS_EXPANSION_BITMAP_BITS + 4 * (i / 32);
}

static bool tls_bit(uint32_t i)
{
    uint32_t w = 0;
    gm_read_u32(tls_bit_word(i), &w);
    return w >> (i % 32) & 1u;
}

static void tls_set_bit(uint32_t i, bool on)
{
    gaddr a = tls_bit_word(i);
    uint32_t w = 0;
    gm_read_u32(a, &w);
    w = on ? w | 1u << (i % 32) : w & ~(1u << (i % 32));
    gm_write_u32(a, w);
}

/* A slot starts out NULL in every thread; an expansion slot only where the
 * thread has its expansion array (TlsSetValue makes it, zeroed). */
static void tls_clear_slot(uint32_t i)
{
    for (struct guest_thread *t = thread_list; t; t = t->next) {
        if (t->ended)
            continue;
        if (i < TLS_MINIMUM_AVAILABLE) {
            gm_write_u32(t->teb + TEB_TLS_SLOTS + 4 * i, 0);
            continue;
        }
        uint32_t slots = 0;
        if (gm_read_u32(t->teb + TEB_TLS_EXPANSION, &slots) && slots)
            gm_write_u32(slots + 4 * (i - TLS_MINIMUM_AVAILABLE), 0);
    }
}

uint64_t kernel32_TlsAlloc(struct thunk_call *c)
{
    (void)c;
    for (uint32_t i = 0; i < TLS_MINIMUM_AVAILABLE + TLS_EXPANSION_SLOTS; i++) {
        if (!tls_bit(i)) {
            tls_set_bit(i, true);
            tls_clear_slot(i);
            return i;
        }
    }
    teb_set_last_error(ERROR_NO_MORE_ITEMS);
    return TLS_OUT_OF_INDEXES;
}

uint64_t kernel32_TlsFree(struct thunk_call *c)
{
    API_ARGS(kernel32, TlsFree, a);
    uint32_t i = a.dwTlsIndex;
    if (i >= TLS_MINIMUM_AVAILABLE + TLS_EXPANSION_SLOTS || !tls_bit(i)) {
        teb_set_last_error(ERROR_INVALID_PARAMETER);
        return 0;
    }
    tls_set_bit(i, false);
    tls_clear_slot(i);
    return 1;
}

