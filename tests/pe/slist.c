/* slist.c - interlocked singly linked lists (kernel32 InitializeSListHead,
 * InterlockedPush/Pop/FlushSList, QueryDepthSList; ntdll RtlFirstEntrySList
 * and the Rtl forms): last in, first out, the depth counted, the header's
 * sequence bumped by each push, the flush handing back the whole chain.
 * They are guest code: a trace of this program shows none of them. */
#include <stdio.h>
#include <windows.h>

struct item {
    SLIST_ENTRY entry; /* first: the entry address is the item's */
    int value;
};

typedef PSLIST_ENTRY(WINAPI *first_fn)(const SLIST_HEADER *);
typedef PSLIST_ENTRY(WINAPI *push_fn)(PSLIST_HEADER, PSLIST_ENTRY);
typedef PSLIST_ENTRY(WINAPI *pop_fn)(PSLIST_HEADER);

int main(void)
{
    static SLIST_HEADER head __attribute__((aligned(8)));
    static struct item items[3] = { { .value = 10 }, { .value = 20 }, { .value = 30 } };
    InitializeSListHead(&head);
    printf("empty: depth %u, pop %p\n", QueryDepthSList(&head), (void *)InterlockedPopEntrySList(&head));
    for (int i = 0; i < 3; i++) {
        PSLIST_ENTRY prev = InterlockedPushEntrySList(&head, &items[i].entry);
        printf("push %d: previous first %d, depth %u, sequence %u\n", items[i].value,
               prev ? ((struct item *)prev)->value : -1, QueryDepthSList(&head), head.Sequence);
    }
    HMODULE nt = GetModuleHandleA("ntdll.dll");
    first_fn first = (first_fn)GetProcAddress(nt, "RtlFirstEntrySList");
    push_fn rtl_push = (push_fn)GetProcAddress(nt, "RtlInterlockedPushEntrySList");
    pop_fn rtl_pop = (pop_fn)GetProcAddress(nt, "RtlInterlockedPopEntrySList");
    printf("first: %d\n", ((struct item *)first(&head))->value);
    struct item *popped = (struct item *)InterlockedPopEntrySList(&head);
    printf("pop: %d, depth %u, sequence %u\n", popped->value, QueryDepthSList(&head), head.Sequence);
    rtl_push(&head, &popped->entry);
    popped = (struct item *)rtl_pop(&head);
    printf("Rtl push then pop: %d, depth %u\n", popped->value, QueryDepthSList(&head));
    PSLIST_ENTRY chain = InterlockedFlushSList(&head);
    printf("flush:");
    for (PSLIST_ENTRY e = chain; e; e = e->Next)
        printf(" %d", ((struct item *)e)->value);
    printf("; depth %u, first %p, flush again %p\n", QueryDepthSList(&head), (void *)first(&head),
           (void *)InterlockedFlushSList(&head));
    return 0;
}
