/* heap_torture.c - the heap under load from guest code: random HeapAlloc/
 * HeapReAlloc/HeapFree sizes on a private heap with every byte checked,
 * HEAP_ZERO_MEMORY on allocation and growth, in-place-only reallocation,
 * HeapValidate and HeapWalk's busy count, bad blocks (HeapFree, HeapSize),
 * malloc/calloc/realloc/free rules (errno, the last error untouched), two
 * threads allocating concurrently from one heap and from malloc, and
 * HeapLock keeping another thread's HeapAlloc waiting until HeapUnlock. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>

#define SLOTS 1500

static unsigned next(unsigned *r) { *r = *r * 1103515245u + 12345u; return *r >> 8; }

static unsigned fill_of(unsigned seed, unsigned k) { return (seed * 31u + k) & 0xFF; }

/* The bytes written and checked, k = 0, next(k)... below n: both ends and
 * every 61st (emulated stores are slow; a misplaced block shows at its ends). */
static unsigned probe_next(unsigned k, unsigned n)
{
    k++;
    if (k < 24 || k + 24 >= n)
        return k;
    unsigned m = (k + 60) / 61 * 61;
    return m + 24 < n ? m : n - 24;
}

/* One run of random operations; returns the number of failures seen. */
static unsigned churn(HANDLE h, DWORD flags, unsigned seed, unsigned rounds, char **blocks, unsigned *sizes,
                      unsigned *tags, int use_crt)
{
    unsigned rng = seed, bad = 0;
    for (unsigned round = 0; round < rounds; round++) {
        unsigned i = next(&rng) % SLOTS;
        if (blocks[i]) {
            for (unsigned k = 0; k < sizes[i]; k = probe_next(k, sizes[i]))
                bad += (unsigned char)blocks[i][k] != fill_of(tags[i], k);
            unsigned what = next(&rng) % 4;
            if (what == 0) {
                unsigned ns = next(&rng) % (next(&rng) % 8 == 0 ? 40000 : 700) + 1;
                char *nb = use_crt ? realloc(blocks[i], ns) : HeapReAlloc(h, flags, blocks[i], ns);
                if (!nb) { bad++; continue; }
                for (unsigned k = 0; k < sizes[i] && k < ns; k = probe_next(k, sizes[i]))
                    bad += (unsigned char)nb[k] != fill_of(tags[i], k); /* kept by the move */
                for (unsigned k = 0; k < ns; k = probe_next(k, ns))
                    nb[k] = (char)fill_of(tags[i], k);
                blocks[i] = nb;
                sizes[i] = ns;
            } else {
                if (use_crt)
                    free(blocks[i]);
                else
                    bad += !HeapFree(h, flags, blocks[i]);
                blocks[i] = NULL;
            }
        } else {
            unsigned n = next(&rng) % (next(&rng) % 10 == 0 ? 70000 : 1100) + 1;
            int zero = next(&rng) % 4 == 0;
            char *p = use_crt ? (zero ? calloc(n, 1) : malloc(n))
                              : HeapAlloc(h, flags | (zero ? HEAP_ZERO_MEMORY : 0), n);
            if (!p) { bad++; continue; }
            tags[i] = next(&rng);
            for (unsigned k = 0; k < n; k = probe_next(k, n)) {
                bad += zero && p[k] != 0;
                p[k] = (char)fill_of(tags[i], k);
            }
            blocks[i] = p;
            sizes[i] = n;
        }
    }
    return bad;
}

static unsigned release_all(HANDLE h, char **blocks, unsigned *sizes, int use_crt)
{
    unsigned bad = 0;
    for (int i = 0; i < SLOTS; i++)
        if (blocks[i]) {
            bad += !use_crt && HeapSize(h, 0, blocks[i]) != sizes[i];
            if (use_crt)
                free(blocks[i]);
            else
                bad += !HeapFree(h, 0, blocks[i]);
            blocks[i] = NULL;
        }
    return bad;
}

static char *main_blocks[SLOTS], *thread_blocks[SLOTS], *crt_main[SLOTS], *crt_thread[SLOTS];
static unsigned main_sizes[SLOTS], thread_sizes[SLOTS], crt_main_sizes[SLOTS], crt_thread_sizes[SLOTS];
static unsigned main_tags[SLOTS], thread_tags[SLOTS], crt_main_tags[SLOTS], crt_thread_tags[SLOTS];
static HANDLE shared_heap;
static volatile LONG locked_alloc_done;

static DWORD WINAPI worker(void *arg)
{
    (void)arg;
    unsigned bad = churn(shared_heap, 0, 777, 8000, thread_blocks, thread_sizes, thread_tags, 0);
    bad += churn(NULL, 0, 999, 8000, crt_thread, crt_thread_sizes, crt_thread_tags, 1);
    bad += release_all(shared_heap, thread_blocks, thread_sizes, 0);
    bad += release_all(NULL, crt_thread, crt_thread_sizes, 1);
    return bad;
}

static DWORD WINAPI locked_out(void *arg)
{
    void *p = HeapAlloc((HANDLE)arg, 0, 100);
    InterlockedExchange(&locked_alloc_done, 1);
    return p != NULL && HeapFree((HANDLE)arg, 0, p);
}

static unsigned walk_busy(HANDLE h, unsigned *regions)
{
    PROCESS_HEAP_ENTRY e = { 0 };
    unsigned busy = 0;
    *regions = 0;
    while (HeapWalk(h, &e)) {
        if (e.wFlags & PROCESS_HEAP_REGION)
            ++*regions;
        else if (e.wFlags & PROCESS_HEAP_ENTRY_BUSY)
            busy++;
    }
    return busy;
}

int main(void)
{
    /* one thread: a private heap, then the same on a HEAP_NO_SERIALIZE heap */
    HANDLE h = HeapCreate(0, 0, 0);
    unsigned bad = churn(h, 0, 12345, 12000, main_blocks, main_sizes, main_tags, 0);
    printf("private heap, 12000 operations: failures or corrupted bytes %u\n", bad);
    unsigned live = 0, regions;
    for (int i = 0; i < SLOTS; i++)
        live += main_blocks[i] != NULL;
    printf("HeapValidate: %d, HeapWalk busy blocks = live blocks: %s, regions: %s\n", HeapValidate(h, 0, NULL),
           walk_busy(h, &regions) == live ? "yes" : "no", regions > 0 ? "yes" : "no");
    printf("HeapSize and HeapFree of every live block: failures %u\n", release_all(h, main_blocks, main_sizes, 0));
    printf("after freeing all: busy blocks %u, HeapValidate %d\n", walk_busy(h, &regions), HeapValidate(h, 0, NULL));

    HANDLE ns = HeapCreate(HEAP_NO_SERIALIZE, 0, 0);
    bad = churn(ns, HEAP_NO_SERIALIZE, 54321, 6000, main_blocks, main_sizes, main_tags, 0);
    bad += release_all(ns, main_blocks, main_sizes, 0);
    printf("HEAP_NO_SERIALIZE heap: failures %u, HeapDestroy %d\n", bad, HeapDestroy(ns));

    /* reallocation flags */
    char *p = HeapAlloc(h, 0, 20);
    memset(p, 'x', 20);
    char *q = HeapReAlloc(h, HEAP_REALLOC_IN_PLACE_ONLY, p, 10);
    printf("in-place shrink keeps the block: %s, size %lu\n", q == p ? "yes" : "no", (unsigned long)HeapSize(h, 0, p));
    SetLastError(0);
    q = HeapReAlloc(h, HEAP_REALLOC_IN_PLACE_ONLY, p, 5000);
    printf("in-place growth past the block fails: %s, size still %lu\n", q == NULL ? "yes" : "no",
           (unsigned long)HeapSize(h, 0, p));
    q = HeapReAlloc(h, HEAP_ZERO_MEMORY, p, 3000);
    int zero_tail = 1;
    for (int k = 10; k < 3000; k++)
        zero_tail &= q[k] == 0;
    printf("HEAP_ZERO_MEMORY growth: kept %s, new bytes zero %s\n", memcmp(q, "xxxxxxxxxx", 10) == 0 ? "yes" : "no",
           zero_tail ? "yes" : "no");

    /* blocks the heap does not own */
    SetLastError(0);
    BOOL freed = HeapFree(h, 0, q + 16);
    printf("HeapFree inside a block: %d, error %lu\n", freed, GetLastError());
    printf("HeapSize inside a block: %ld\n", (long)HeapSize(h, 0, q + 32));
    printf("HeapFree of the block: %d\n", HeapFree(h, 0, q));
    printf("HeapFree(NULL): %d\n", HeapFree(h, 0, NULL));

    /* msvcrt's rules */
    SetLastError(1234);
    errno = 0;
    volatile size_t too_big = 0xFFFFFFF0u;
    void *huge = malloc(too_big);
    printf("malloc(0xFFFFFFF0): %s, errno ENOMEM %s, last error %lu\n", huge ? "block" : "NULL",
           errno == ENOMEM ? "yes" : "no", GetLastError());
    unsigned char *c = calloc(100, 7);
    int zeroed = 1;
    for (int k = 0; k < 700; k++)
        zeroed &= c[k] == 0;
    printf("calloc zeroed: %s, _msize %lu\n", zeroed ? "yes" : "no", (unsigned long)_msize(c));
    c = realloc(c, 5);
    printf("realloc smaller: _msize %lu\n", (unsigned long)_msize(c));
    printf("realloc(p, 0): %s\n", realloc(c, 0) == NULL ? "NULL" : "block");
    char *r = realloc(NULL, 33);
    printf("realloc(NULL, 33): %s, _msize %lu\n", r ? "block" : "NULL", (unsigned long)_msize(r));
    free(r);
    free(NULL);

    /* two threads at once: a shared private heap and malloc */
    shared_heap = h;
    HANDLE t = CreateThread(NULL, 0, worker, NULL, 0, NULL);
    bad = churn(shared_heap, 0, 4242, 8000, main_blocks, main_sizes, main_tags, 0);
    bad += churn(NULL, 0, 8484, 8000, crt_main, crt_main_sizes, crt_main_tags, 1);
    bad += release_all(shared_heap, main_blocks, main_sizes, 0);
    bad += release_all(NULL, crt_main, crt_main_sizes, 1);
    WaitForSingleObject(t, INFINITE);
    DWORD thread_bad = 1;
    GetExitCodeThread(t, &thread_bad);
    CloseHandle(t);
    printf("two threads: failures %u + %lu, HeapValidate %d, busy blocks left %u\n", bad, thread_bad,
           HeapValidate(h, 0, NULL), walk_busy(h, &regions));

    /* HeapLock keeps another thread's calls waiting */
    HeapLock(h);
    t = CreateThread(NULL, 0, locked_out, h, 0, NULL);
    Sleep(200);
    LONG while_locked = locked_alloc_done;
    void *mine = HeapAlloc(h, 0, 50); /* the owner itself is not held up */
    HeapUnlock(h);
    WaitForSingleObject(t, INFINITE);
    DWORD ok = 0;
    GetExitCodeThread(t, &ok);
    CloseHandle(t);
    printf("HeapLock: other thread waited %s, owner allocates %s, after HeapUnlock it allocated %s\n",
           while_locked == 0 ? "yes" : "no", mine ? "yes" : "no", ok && locked_alloc_done ? "yes" : "no");
    HeapFree(h, 0, mine);
    printf("HeapDestroy: %d\n", HeapDestroy(h));
    return 0;
}
