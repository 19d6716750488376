/* ntdll's interlocked singly linked lists (SLIST_HEADER): the 8-byte header
 * {Next, Depth, Sequence} changes with one cmpxchg8b, as on 32-bit Windows;
 * every push bumps Sequence, so a pop that raced with a pop and a push of
 * the same entry (ABA) fails its exchange and retries. */
#include "syscalls/guest/wg.h"

struct slist_entry {
    struct slist_entry *next;
};

union slist_header {
    uint64_t whole;
    struct {
        struct slist_entry *next;
        uint16_t depth;
        uint16_t sequence;
    } s;
};
_Static_assert(sizeof(union slist_header) == 8, "SLIST_HEADER is 8 bytes on i386");
_Static_assert(offsetof(union slist_header, s.depth) == 4, "Depth at 4");
_Static_assert(offsetof(union slist_header, s.sequence) == 6, "Sequence at 6");

/* Replaces *h with `want` if it still holds `*seen`; else *seen = its value. */
static int exchange(union slist_header *h, union slist_header *seen, union slist_header want)
{
    return __atomic_compare_exchange_n(&h->whole, &seen->whole, want.whole, 0, __ATOMIC_SEQ_CST,
                                       __ATOMIC_SEQ_CST);
}

static union slist_header snapshot(const union slist_header *h)
{
    union slist_header v;
    v.whole = __atomic_load_n(&h->whole, __ATOMIC_SEQ_CST);
    return v;
}

void WINAPI ntdll_RtlInitializeSListHead(union slist_header *h) { h->whole = 0; }

struct slist_entry *WINAPI ntdll_RtlFirstEntrySList(const union slist_header *h) { return h->s.next; }

uint16_t WINAPI ntdll_RtlQueryDepthSList(const union slist_header *h) { return h->s.depth; }

struct slist_entry *WINAPI ntdll_RtlInterlockedPushEntrySList(union slist_header *h, struct slist_entry *e)
{
    union slist_header old = snapshot(h), want;
    do {
        e->next = old.s.next;
        want.s.next = e;
        want.s.depth = (uint16_t)(old.s.depth + 1);
        want.s.sequence = (uint16_t)(old.s.sequence + 1);
    } while (!exchange(h, &old, want));
    return old.s.next;
}

struct slist_entry *WINAPI ntdll_RtlInterlockedPopEntrySList(union slist_header *h)
{
    union slist_header old = snapshot(h), want;
    do {
        if (!old.s.next)
            return 0;
        want.s.next = old.s.next->next;
        want.s.depth = (uint16_t)(old.s.depth - 1);
        want.s.sequence = old.s.sequence;
    } while (!exchange(h, &old, want));
    return old.s.next;
}

struct slist_entry *WINAPI ntdll_RtlInterlockedFlushSList(union slist_header *h)
{
    union slist_header old = snapshot(h), want;
    do {
        if (!old.s.next)
            return 0;
        want.s.next = 0;
        want.s.depth = 0;
        want.s.sequence = old.s.sequence;
    } while (!exchange(h, &old, want));
    return old.s.next;
}
