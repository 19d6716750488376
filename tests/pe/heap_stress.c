/* heap_stress.c - private heaps under load: thousands of allocations,
 * frees and reallocations with contents checked, HeapSize/HeapValidate,
 * HeapWalk over the busy blocks, and Global/Local moveable memory with
 * lock counts, as Windows keeps them. */
#include <stdio.h>
#include <string.h>
#include <windows.h>

static unsigned rng = 12345;
static unsigned next(void) { rng = rng * 1103515245u + 12345u; return rng >> 8; }

int main(void)
{
    HANDLE h = HeapCreate(0, 0x10000, 0);
    static char *blocks[2000];
    static unsigned sizes[2000];
    unsigned bad = 0;
    for (int round = 0; round < 20000; round++) {
        int i = next() % 2000;
        if (blocks[i]) {
            for (unsigned k = 0; k < sizes[i]; k++)
                bad += blocks[i][k] != (char)(i + k);
            if (next() % 3 == 0) {
                unsigned ns = next() % 3000 + 1;
                char *nb = HeapReAlloc(h, 0, blocks[i], ns);
                if (!nb) { bad++; continue; }
                for (unsigned k = sizes[i]; k < ns; k++)
                    nb[k] = (char)(i + k);
                blocks[i] = nb;
                sizes[i] = ns;
            } else {
                bad += !HeapFree(h, 0, blocks[i]);
                blocks[i] = NULL;
            }
        } else {
            sizes[i] = next() % (next() % 10 == 0 ? 70000 : 600) + 1;
            blocks[i] = HeapAlloc(h, 0, sizes[i]);
            if (!blocks[i]) { bad++; continue; }
            for (unsigned k = 0; k < sizes[i]; k++)
                blocks[i][k] = (char)(i + k);
        }
    }
    unsigned live = 0, size_ok = 0;
    for (int i = 0; i < 2000; i++)
        if (blocks[i]) {
            live++;
            size_ok += HeapSize(h, 0, blocks[i]) == sizes[i];
        }
    printf("corrupted bytes or failures: %u\n", bad);
    printf("HeapSize right for every live block: %s\n", size_ok == live ? "yes" : "no");
    printf("HeapValidate(heap): %d\n", HeapValidate(h, 0, NULL));

    PROCESS_HEAP_ENTRY e = { 0 };
    unsigned busy = 0, regions = 0, busy_known = 0;
    while (HeapWalk(h, &e)) {
        if (e.wFlags & PROCESS_HEAP_REGION)
            regions++;
        else if (e.wFlags & PROCESS_HEAP_ENTRY_BUSY) {
            busy++;
            for (int i = 0; i < 2000; i++)
                if (blocks[i] == e.lpData && sizes[i] == e.cbData)
                    busy_known++;
        }
    }
    printf("HeapWalk ended with ERROR_NO_MORE_ITEMS: %s\n", GetLastError() == ERROR_NO_MORE_ITEMS ? "yes" : "no");
    printf("HeapWalk found every live block: %s, nothing else busy: %s, regions: %s\n",
           busy_known == live ? "yes" : "no", busy == live ? "yes" : "no", regions > 0 ? "yes" : "no");
    char *x = HeapAlloc(h, 0, 64);
    printf("HeapFree inside a block: %d\n", HeapFree(h, 0, x + 16));
    printf("HeapFree of the block: %d\n", HeapFree(h, 0, x));
    printf("HeapDestroy: %d\n", HeapDestroy(h));

    HGLOBAL g = GlobalAlloc(GMEM_MOVEABLE | GMEM_ZEROINIT, 100);
    printf("moveable handle is not the data: %s\n", (void *)g != GlobalLock(g) ? "yes" : "no");
    char *p = GlobalLock(g);
    printf("lock count after two locks: %u, zeroed: %s\n", GlobalFlags(g) & GMEM_LOCKCOUNT, p[99] == 0 ? "yes" : "no");
    printf("*(void **)handle is the data: %s\n", *(void **)g == p ? "yes" : "no");
    printf("GlobalHandle(data) is the handle: %s\n", GlobalHandle(p) == g ? "yes" : "no");
    printf("GlobalSize: %lu\n", (unsigned long)GlobalSize(g));
    BOOL still = GlobalUnlock(g);
    printf("unlock 1: %d\n", still);
    SetLastError(1234);
    BOOL last = GlobalUnlock(g);
    printf("unlock 2: %d err %lu\n", last, GetLastError());
    last = GlobalUnlock(g);
    printf("unlock 3: %d err %lu\n", last, GetLastError());
    g = GlobalReAlloc(g, 5000, GMEM_MOVEABLE);
    printf("realloc keeps the handle kind: %s, size %lu\n", ((size_t)g & 7) == 4 ? "yes" : "no",
           (unsigned long)GlobalSize(g));
    printf("GlobalFree: %s\n", GlobalFree(g) == NULL ? "NULL" : "failed");
    HLOCAL f = LocalAlloc(LMEM_FIXED, 10);
    printf("fixed LocalLock is the pointer: %s\n", LocalLock(f) == f ? "yes" : "no");
    printf("LocalFree: %s\n", LocalFree(f) == NULL ? "NULL" : "failed");
    return 0;
}
